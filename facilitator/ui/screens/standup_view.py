"""The standup screen's words, built from the committed state (pure: no widgets read back)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from facilitator.domain.blockers import Blocker
from facilitator.domain.ceremony_run import RunState
from facilitator.domain.ids import MemberId, StoryId
from facilitator.domain.overlap import day_name
from facilitator.domain.standup import UpdateRow, UpdateStatus
from facilitator.ui.screens.timebox_screen import RoomView

IDLE_TEXT = "Press {key} to start the 15-minute blocker slot"
UPDATE_HEADERS = ("Member", "Local time", "Today", "Done", "Next", "Blockers")
BLOCKER_HEADERS = ("Flag", "Blocker", "Raised by", "Age", "Owner", "Story")


def update_cells(row: UpdateRow) -> tuple[str, ...]:
    """One member's row: name, their local time, today's status and the latest update."""
    status = row.status.label
    shown = row.update if row.update is not None else row.latest
    if shown is None:
        texts = ("", "", "")
    else:
        texts = (shown.done, shown.next, shown.blockers)
        if row.status is not UpdateStatus.WRITTEN:
            status += f" (last: {day_name(shown.day)})"
    return (row.member.name, row.local_time, status, *texts)


def missing_line(rows: tuple[UpdateRow, ...]) -> str:
    """``Not written yet for today: Anna, Lucas`` or ``Everyone due has written today``."""
    missing = [r.member.name for r in rows if r.status is UpdateStatus.MISSING]
    if not missing:
        return "Everyone due has written today's update"
    return "Not written yet for today: " + ", ".join(missing)


def blocker_cells(
    blocker: Blocker,
    now: dt.datetime,
    sla_hours: float,
    names: Mapping[MemberId, str],
    keys: Mapping[StoryId, str],
) -> tuple[str, ...]:
    """Flag (``! 26 h`` when over the SLA), description, who raised it, age, owner, story."""
    flag = blocker.flag_label(now) if blocker.flagged(now, sla_hours) else ""
    owner = names.get(blocker.owner, "") if blocker.owner is not None else "nobody yet"
    story = keys.get(blocker.story_id, "") if blocker.story_id is not None else ""
    return (
        flag,
        blocker.description,
        names.get(blocker.raised_by, "?"),
        blocker.age_label(now, sla_hours),
        owner,
        story,
    )


def slot_texts(
    run: RunState | None,
    blockers: Mapping[int, Blocker],
    now: dt.datetime,
    sla_hours: float,
    names: Mapping[MemberId, str],
    keys: Mapping[StoryId, str],
) -> tuple[str, str, tuple[str, ...]]:
    """(progress, title, detail lines) of the blocker slot's stage."""
    if run is None:
        return "STANDUP · blocker slot", "", ()
    if not run.walking:
        return "STANDUP · blocker slot", "No open blockers: the slot can end early", ()
    current = blockers.get(int(run.current or 0))
    progress = f"STANDUP · blocker {run.position + 1} of {len(run.queue)}"
    if current is None:
        return progress, "This blocker was removed", ()
    _flag, text, raised_by, age, owner, story = blocker_cells(current, now, sla_hours, names, keys)
    # The mark alone: the age beside it already says how long and that it is over the SLA
    # ("! 335 h · … · open 13 d 23 h · over the 24 h SLA" said the age twice).
    flag = "! " if current.flagged(now, sla_hours) else ""
    lines = [f"{flag}Raised by {raised_by} · {age}", f"Owner: {owner}"]
    if story:
        lines.append(f"Story: {story}")
    if not current.is_open:
        lines.append(f"✓ Resolved: {current.resolution}")
    return progress, text, tuple(lines)


def room_view_of(progress: str, title: str, lines: tuple[str, ...]) -> RoomView:
    """The room window's stage: the blocker on screen and its details."""
    return RoomView(progress, title, (("Blocker", lines),) if lines else ())
