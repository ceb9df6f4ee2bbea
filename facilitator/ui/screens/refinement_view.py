"""What the refinement stage shows, as plain text built from the run and its story.

The screen's labels and the room window both render these, so the room never reads a label.
"""

from __future__ import annotations

from facilitator.domain.ceremony_run import RunState
from facilitator.domain.readiness import Criterion
from facilitator.ops.story_reading import StoryDetail
from facilitator.ui.screens.timebox_screen import RoomView


def readiness_lines(story: StoryDetail) -> list[str]:
    """One line per Definition-of-Ready criterion: ✓ and what passed, or ! and what is missing."""
    failing = {f.criterion: f.reason for f in story.readiness.failures}
    passed = {
        Criterion.ACCEPTANCE: f"{len(story.criteria)} "
        + ("criterion" if len(story.criteria) == 1 else "criteria")
        + " written",
        Criterion.ASSUMPTIONS: "assumptions reviewed",
        Criterion.ESTIMATE: f"estimate {story.estimate or 0:g} committed",
        Criterion.DEPENDENCIES: "dependencies resolved or called out",
        Criterion.TEAM_ITEMS: "team checklist done",
    }
    lines = []
    for criterion, text in passed.items():
        if criterion is Criterion.TEAM_ITEMS and not story.checks:
            continue
        lines.append(f"! {failing[criterion]}" if criterion in failing else f"✓ {text}")
    return lines


CRITERIA_HEADING = "Acceptance criteria"
READINESS_HEADING = "Readiness"
IDLE_TEXT = "Press {key} to walk the top of the backlog, one story at a time"
NO_CRITERIA = "No acceptance criteria yet."


def criteria_text(story: StoryDetail) -> str:
    """The story's acceptance criteria, numbered, one per line."""
    return "\n".join(f"{n}. {c.text}" for n, c in enumerate(story.criteria, 1)) or NO_CRITERIA


def summary_title(changes: tuple[str, ...]) -> str:
    """The summary's heading: how many changes the run made."""
    count = len(changes)
    return f"{count} change{'' if count == 1 else 's'} in this session"


def summary_text(changes: tuple[str, ...]) -> str:
    """The run's change log as a bulleted list."""
    return "\n".join(f"• {line}" for line in changes) or "Nothing changed in this session."


def room_view_of(
    run: RunState | None,
    story: StoryDetail | None,
    finished: RunState | None,
    spread: str,
    presenter: bool,
) -> RoomView:
    """What the room sees of refinement, from the run's state and the story it is on.

    Args:
        run: the run being walked, or None.
        story: the story at the run's position (as loaded for it).
        finished: the run whose summary is on display when none is walked.
        spread: the revealed poker round's line (empty until revealed).
        presenter: whether the keys (S) or the buttons (Start) are named.
    """
    if run is not None and story is not None and run.walking:
        sections = (
            (CRITERIA_HEADING, tuple(criteria_text(story).splitlines())),
            (READINESS_HEADING, tuple(readiness_lines(story))),
        )
        return RoomView(
            f"REFINEMENT · {run.progress()}", f"{story.key}  {story.title}", sections, spread
        )
    if finished is not None:
        lines = tuple(summary_text(finished.changes).splitlines())
        return RoomView("REFINEMENT · summary", summary_title(finished.changes), (("", lines),))
    return RoomView("REFINEMENT", IDLE_TEXT.format(key="S" if presenter else "Start"))
