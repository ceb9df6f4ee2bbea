"""Blockers (DESIGN.md rule 4): their age, the team's SLA, and the blocker slot's walk order.

Ages are real elapsed time in UTC (see :mod:`facilitator.domain.time_words`), so a blocker raised
the day before a DST change is 23 h or 25 h old a wall-clock day later, not 24 h. A blocker is over
the SLA when its age is *more* than the SLA; exactly 24 h is still within a 24 h SLA.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from facilitator.domain.ids import MemberId, StoryId, TeamId
from facilitator.domain.model import Member
from facilitator.domain.overlap import plural
from facilitator.domain.text_rules import BLOCKER_DESCRIPTION, RESOLUTION, check_text
from facilitator.domain.time_words import (
    as_utc,
    elapsed,
    format_age,
    format_whole_hours,
    hours_of,
    utc_words,
)
from facilitator.errors import InputError, RuleViolation

DEFAULT_SLA_HOURS = 24
MAX_SLA_HOURS = 14 * 24
BLOCKER_SLOT_MINUTES = 15
"""The standup's synchronous blocker slot is timeboxed to 15 minutes."""


@dataclass(frozen=True, slots=True)
class StoryRef:
    """Enough of a story to link to it and to name it in a message."""

    id: StoryId
    team_id: TeamId
    key: str


@dataclass(frozen=True, slots=True)
class Blocker:
    """Something in the way of the team, from raised to resolved.

    Attributes:
        id: the stored id (0 before it is saved).
        team_id: the team whose standup it belongs to.
        raised_by: the member who raised it.
        raised_at: when (aware, UTC).
        description: what is in the way.
        story_id: the team's story it blocks, if any.
        owner: the member who chases it, if named.
        resolved_at: when it was resolved (aware, UTC), None while open.
        resolution: how it was resolved ("" while open).
    """

    id: int
    team_id: TeamId
    raised_by: MemberId
    raised_at: dt.datetime
    description: str
    story_id: StoryId | None = None
    owner: MemberId | None = None
    resolved_at: dt.datetime | None = None
    resolution: str = ""

    @property
    def is_open(self) -> bool:
        """Whether it is still unresolved."""
        return self.resolved_at is None

    def age(self, now: dt.datetime) -> dt.timedelta:
        """Raised to resolved, or raised to ``now`` while open; never negative.

        Raises:
            InputError: ``now`` has no time zone.
        """
        end = now if self.resolved_at is None else self.resolved_at
        return max(dt.timedelta(), elapsed(self.raised_at, end))

    def age_hours(self, now: dt.datetime) -> float:
        """:meth:`age` in hours."""
        return hours_of(self.age(now))

    def over_sla(self, now: dt.datetime, sla_hours: float) -> bool:
        """Whether it was (or, while open, has been) unresolved for more than ``sla_hours``."""
        return self.age(now) > dt.timedelta(hours=sla_hours)

    def flagged(self, now: dt.datetime, sla_hours: float) -> bool:
        """Whether it is open and past the SLA (flagged on standup, Home, badge and story)."""
        return self.is_open and self.over_sla(now, sla_hours)

    def flag_label(self, now: dt.datetime) -> str:
        """``! 26 h``: the mark and number a flag shows next to its colour (UI.md; the UI font
        has no stopwatch glyph, so the flag is the "needs attention" mark other screens use)."""
        return f"! {format_whole_hours(self.age(now))}"

    def age_label(self, now: dt.datetime, sla_hours: float) -> str:
        """``open 3 h 20 min``, ``open 1 d 2 h · over the 24 h SLA`` or ``resolved in 45 min``."""
        age = format_age(self.age(now))
        if not self.is_open:
            return f"resolved in {age}"
        if self.over_sla(now, sla_hours):
            return f"open {age} · over the {sla_hours:g} h SLA"
        return f"open {age}"


def check_sla_hours(hours: int) -> int:
    """Validate the team's blocker SLA.

    Raises:
        InputError: not between 1 h and two weeks.
    """
    if not 1 <= hours <= MAX_SLA_HOURS:
        raise InputError(f"Blocker SLA: {hours} h is outside 1–{MAX_SLA_HOURS} h")
    return hours


def check_member(
    who: MemberId, team_id: TeamId, members: Sequence[Member], subject: str, role: str
) -> Member:
    """The active member ``who`` of team ``team_id``.

    Args:
        who: the member's id.
        team_id: the team they must belong to.
        members: the members to look in.
        subject: what is being recorded, for the message ("Blocker").
        role: what the person is to it ("owner").

    Raises:
        RuleViolation: not a member of the team, or no longer active.
    """
    member = next((m for m in members if m.id == who), None)
    if member is None or member.team_id != team_id:
        raise RuleViolation(f"{subject}: the {role} must be a member of this team")
    if not member.active:
        raise RuleViolation(f"{subject}: {member.name} is no longer active in the team")
    return member


def check_story(story: StoryRef | None, team_id: TeamId, what: str) -> StoryId | None:
    """The id of ``story`` when it is one of the team's stories.

    Raises:
        RuleViolation: the story belongs to another team.
    """
    if story is None:
        return None
    if story.team_id != team_id:
        raise RuleViolation(
            f"{what}: story {story.key} belongs to another team; link one of this team's "
            "stories or none"
        )
    return story.id


def raise_blocker(
    team_id: TeamId,
    raised_by: MemberId,
    raised_at: dt.datetime,
    description: str,
    members: Sequence[Member],
    story: StoryRef | None = None,
    owner: MemberId | None = None,
) -> Blocker:
    """A checked new blocker (id 0 until saved).

    Args:
        team_id: the team.
        raised_by: who raises it.
        raised_at: when (aware).
        description: what is in the way.
        members: the team's members (to check who raises and who owns it).
        story: the story it blocks, if any.
        owner: who chases it, if named.

    Raises:
        RuleViolation: a person is not an active member of the team, or the story is another
            team's.
        InputError: the description is empty or invalid, or ``raised_at`` has no time zone.
    """
    text = check_text(description, BLOCKER_DESCRIPTION)
    at = as_utc(raised_at, "Raised at")
    check_member(raised_by, team_id, members, "Blocker", "person raising it")
    if owner is not None:
        check_member(owner, team_id, members, "Blocker", "owner")
    story_id = check_story(story, team_id, "Blocker")
    return Blocker(0, team_id, raised_by, at, text, story_id, owner)


def resolve(blocker: Blocker, resolved_at: dt.datetime, resolution: str) -> Blocker:
    """``blocker`` resolved at ``resolved_at`` with ``resolution``.

    Raises:
        RuleViolation: it is already resolved, or the resolution is before the raise.
        InputError: the resolution is empty or invalid, or ``resolved_at`` has no time zone.
    """
    if blocker.resolved_at is not None:
        raise RuleViolation("Blocker: it is already resolved")
    at = as_utc(resolved_at, "Resolved at")
    if at < as_utc(blocker.raised_at):
        raise RuleViolation(
            f"Blocker: the resolution ({utc_words(at)}) is before the blocker was "
            f"raised ({utc_words(as_utc(blocker.raised_at))}); check the time"
        )
    text = check_text(resolution, RESOLUTION)
    return replace(blocker, resolved_at=at, resolution=text)


def reopen(blocker: Blocker) -> Blocker:
    """``blocker`` open again (the undo of :func:`resolve`)."""
    return replace(blocker, resolved_at=None, resolution="")


def walk_order(blockers: Iterable[Blocker]) -> list[Blocker]:
    """Open blockers oldest first (ties by id): the order the blocker slot walks them."""
    return sorted((b for b in blockers if b.is_open), key=lambda b: (as_utc(b.raised_at), b.id))


def flagged(blockers: Iterable[Blocker], now: dt.datetime, sla_hours: float) -> list[Blocker]:
    """Open blockers past the SLA, oldest first."""
    return [b for b in walk_order(blockers) if b.over_sla(now, sla_hours)]


def by_story(
    blockers: Iterable[Blocker], now: dt.datetime, sla_hours: float
) -> dict[StoryId, list[Blocker]]:
    """Story id → its flagged blockers (open past the SLA), oldest first: the Backlog's flag."""
    out: dict[StoryId, list[Blocker]] = {}
    for b in flagged(blockers, now, sla_hours):
        if b.story_id is not None:
            out.setdefault(b.story_id, []).append(b)
    return out


def sla_summary(blockers: Iterable[Blocker], now: dt.datetime, sla_hours: float) -> str | None:
    """``2 blockers open over the 24 h SLA, the oldest 2 d 4 h`` for Home, or None when none is."""
    late = flagged(blockers, now, sla_hours)
    if not late:
        return None
    count = "1 blocker" if len(late) == 1 else f"{len(late)} blockers"
    oldest = format_age(late[0].age(now))
    return f"{count} open over the {sla_hours:g} h SLA, the oldest {oldest}"


def queue_words(blockers: Iterable[Blocker], now: dt.datetime, sla_hours: float) -> str:
    """What the blocker slot will walk, for the room before it starts: ``2 open blockers, 1
    over the 24 h SLA (the oldest open 13 d 23 h)``, ``1 open blocker`` or ``No open
    blockers``."""
    waiting = [b for b in blockers if b.is_open]
    if not waiting:
        return "No open blockers"
    words = plural(len(waiting), "open blocker")
    late = [b for b in waiting if b.flagged(now, sla_hours)]
    if late:
        oldest = max(b.age(now) for b in late)
        words += (
            f", {len(late)} over the {sla_hours:g} h SLA (the oldest open {format_age(oldest)})"
        )
    return words


def sla_badge(blockers: Iterable[Blocker], now: dt.datetime, sla_hours: float) -> str | None:
    """``2 blockers over 24 h`` for the status bar and navigation badge, or None when none is."""
    count = len(flagged(blockers, now, sla_hours))
    if not count:
        return None
    return f"{plural(count, 'blocker')} over {sla_hours:g} h"


@dataclass(frozen=True, slots=True)
class BlockerWalk:
    """Where the blocker slot is: the blockers in walk order and the one on screen.

    The order is fixed when the slot starts, so resolving the current blocker does not move the
    others; blockers raised during the slot join at the end (see :meth:`refresh`).

    Attributes:
        ids: blocker ids in walk order.
        index: position of the one on screen; ``len(ids)`` once all were walked.
    """

    ids: tuple[int, ...]
    index: int = 0

    @classmethod
    def start(cls, blockers: Iterable[Blocker]) -> BlockerWalk:
        """A walk over the open blockers, oldest first, at the first one."""
        return cls(tuple(b.id for b in walk_order(blockers)))

    @property
    def current(self) -> int | None:
        """Id of the blocker on screen, None when there is none left."""
        return self.ids[self.index] if self.index < len(self.ids) else None

    @property
    def finished(self) -> bool:
        """Whether every blocker was walked."""
        return self.index >= len(self.ids)

    def next(self) -> BlockerWalk:
        """On to the next blocker (stays at the end once finished)."""
        return replace(self, index=min(self.index + 1, len(self.ids)))

    def previous(self) -> BlockerWalk:
        """Back to the previous blocker (stays at the first)."""
        return replace(self, index=max(self.index - 1, 0))

    def refresh(self, blockers: Iterable[Blocker]) -> BlockerWalk:
        """The walk with blockers opened since it started added at the end, oldest first."""
        known = set(self.ids)
        new = tuple(b.id for b in walk_order(blockers) if b.id not in known)
        return replace(self, ids=self.ids + new) if new else self

    @property
    def progress(self) -> str:
        """``2 of 5`` for presenter mode; ``5 of 5`` once finished, ``0 of 0`` without any."""
        return f"{min(self.index + 1, len(self.ids))} of {len(self.ids)}"

    @property
    def label(self) -> str:
        """``Blocker 2 of 5``, ``All 5 blockers walked`` (or the one) or ``No open blockers``."""
        total = len(self.ids)
        if not total:
            return "No open blockers"
        if self.finished:
            return "The one blocker was walked" if total == 1 else f"All {total} blockers walked"
        return f"Blocker {self.index + 1} of {total}"
