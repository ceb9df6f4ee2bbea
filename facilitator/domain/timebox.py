"""Timeboxes (DESIGN.md rule 9): defaults, the wall-clock timer model and suggestions from history.

Everything here is pure: no Qt, no SQL, and the clock is always passed in as ``now``. The timer
never counts ticks; it banks running seconds per agenda item and measures the current run as
``now - running_since``, so a paused, suspended or restarted app always shows the right time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from facilitator.domain.text_rules import EXTENSION_REASON, check_text
from facilitator.errors import RuleViolation

DEFAULT_WARN_SECONDS = 120
MAX_EXTENSION_MINUTES = 120
# How many of a team's recent sessions feed a suggestion.
SUGGESTION_SAMPLES = 8


class Ceremony(StrEnum):
    """The timeboxed ceremonies."""

    PLANNING = "planning"
    REFINEMENT = "refinement"
    STANDUP = "standup"
    REVIEW = "review"
    RETRO = "retro"

    @property
    def label(self) -> str:
        """Human name of the ceremony."""
        return _LABELS[self]


_LABELS = {
    Ceremony.PLANNING: "Planning",
    Ceremony.REFINEMENT: "Refinement",
    Ceremony.STANDUP: "Standup",
    Ceremony.REVIEW: "Review",
    Ceremony.RETRO: "Retrospective",
}

# (minutes per sprint-week, cap in minutes). Refinement is not in the guide; we use 1 h per
# sprint-week up to 2 h, the common "no more than 10 % of the sprint" advice kept short.
_SCALING: dict[Ceremony, tuple[int, int]] = {
    Ceremony.PLANNING: (120, 480),
    Ceremony.REFINEMENT: (60, 120),
    Ceremony.REVIEW: (60, 240),
    Ceremony.RETRO: (45, 180),
}
STANDUP_MINUTES = 15

# Default agenda per ceremony: (title, share of the ceremony's timebox).
DEFAULT_AGENDAS: dict[Ceremony, tuple[tuple[str, float], ...]] = {
    Ceremony.PLANNING: (
        ("Sprint goal", 0.15),
        ("Pull stories into the forecast", 0.6),
        ("Dependencies and risks", 0.15),
        ("Confirm the forecast", 0.1),
    ),
    Ceremony.REFINEMENT: (("Refine the top stories", 1.0),),
    # The written updates are read before the slot; the slot itself is the walk of the blockers.
    Ceremony.STANDUP: (("Blockers", 1.0),),
    Ceremony.REVIEW: (("Demo the stories", 0.7), ("Feedback", 0.2), ("Backlog changes", 0.1)),
    Ceremony.RETRO: (
        ("Evaluate last experiment", 0.1),
        ("Gather", 0.2),
        ("Group", 0.1),
        ("Vote", 0.1),
        ("Discuss", 0.35),
        ("Decide one experiment", 0.15),
    ),
}


def default_timebox_minutes(ceremony: Ceremony, sprint_length_days: int) -> int:
    """The rule-9 timebox for a sprint of ``sprint_length_days`` working days (5 per week).

    Args:
        ceremony: which ceremony.
        sprint_length_days: working days in the sprint (at least 1).

    Returns:
        Whole minutes, at least 15 (a timebox shorter than that is not a ceremony).
    """
    if ceremony is Ceremony.STANDUP:
        return STANDUP_MINUTES
    per_week, cap = _SCALING[ceremony]
    weeks = max(1, sprint_length_days) / 5
    return max(15, min(cap, round(per_week * weeks)))


def split_agenda(ceremony: Ceremony, total_minutes: int) -> tuple[AgendaItem, ...]:
    """The default agenda of ``ceremony`` sharing ``total_minutes`` (whole minutes per item)."""
    shares = DEFAULT_AGENDAS[ceremony]
    items: list[AgendaItem] = []
    used = 0
    for index, (title, share) in enumerate(shares):
        last = index == len(shares) - 1
        minutes = total_minutes - used if last else max(1, round(total_minutes * share))
        used += minutes
        items.append(AgendaItem(title, max(1, minutes) * 60))
    return tuple(items)


class Phase(StrEnum):
    """Where the current agenda item is in its timebox."""

    READY = "ready"
    COUNTDOWN = "countdown"
    WARNING = "warning"
    OVERTIME = "overtime"
    FINISHED = "finished"


@dataclass(frozen=True, slots=True)
class AgendaItem:
    """One step of a ceremony with its own timebox."""

    title: str
    timebox_seconds: int


@dataclass(frozen=True, slots=True)
class Extension:
    """Extra minutes the room agreed to give an agenda item, and why."""

    item_index: int
    minutes: int
    reason: str
    at: dt.datetime


@dataclass(frozen=True, slots=True)
class Reading:
    """What the timer shows at one instant (all seconds may be fractional)."""

    phase: Phase
    running: bool
    item_index: int
    item_count: int
    item_title: str
    remaining: float  # negative once in overtime
    elapsed: float
    timebox: float  # the item's timebox including extensions
    ceremony_remaining: float

    @property
    def overtime(self) -> float:
        """Seconds past the end of the item's timebox (0 while inside it)."""
        return max(0.0, -self.remaining)


def utc(moment: dt.datetime) -> dt.datetime:
    """``moment`` as an aware UTC datetime; a naive value is taken as local time."""
    return moment.astimezone(dt.UTC)


@dataclass(frozen=True, slots=True)
class TimerState:
    """A ceremony's timer: per-item timeboxes, banked seconds, and the running segment.

    Invariant: ``len(elapsed) == len(items)``; only ``items[current]`` accumulates time.
    """

    ceremony: Ceremony
    items: tuple[AgendaItem, ...]
    elapsed: tuple[float, ...] = ()
    current: int = 0
    running_since: dt.datetime | None = None
    started_at: dt.datetime | None = None
    ended_at: dt.datetime | None = None
    extensions: tuple[Extension, ...] = ()
    warn_seconds: int = DEFAULT_WARN_SECONDS

    def __post_init__(self) -> None:
        """Validate the shape and fill ``elapsed`` with zeros when it is omitted."""
        if not self.items:
            raise RuleViolation("A timebox needs at least one agenda item")
        if any(item.timebox_seconds <= 0 for item in self.items):
            raise RuleViolation("Every agenda item needs a timebox longer than zero")
        if not self.elapsed:
            object.__setattr__(self, "elapsed", (0.0,) * len(self.items))
        if len(self.elapsed) != len(self.items):
            raise RuleViolation("Elapsed time must be recorded for every agenda item")
        if not 0 <= self.current < len(self.items):
            raise RuleViolation(f"Agenda item {self.current + 1} does not exist")

    # --- queries ---------------------------------------------------------------------------
    @property
    def is_running(self) -> bool:
        """Whether the clock is running now."""
        return self.running_since is not None

    @property
    def is_started(self) -> bool:
        """Whether the ceremony has begun."""
        return self.started_at is not None

    @property
    def is_finished(self) -> bool:
        """Whether the ceremony has ended."""
        return self.ended_at is not None

    @property
    def total_timebox(self) -> int:
        """The ceremony's timebox in seconds, extensions included."""
        return sum(self.item_timebox(i) for i in range(len(self.items)))

    def item_timebox(self, index: int) -> int:
        """Seconds allowed for item ``index``: its timebox plus its extensions."""
        extra = sum(e.minutes for e in self.extensions if e.item_index == index) * 60
        return self.items[index].timebox_seconds + extra

    def _running_seconds(self, now: dt.datetime) -> float:
        if self.running_since is None:
            return 0.0
        # A clock set backwards never makes time run backwards: the segment counts from zero.
        return max(0.0, (utc(now) - utc(self.running_since)).total_seconds())

    def item_elapsed(self, index: int, now: dt.datetime) -> float:
        """Seconds item ``index`` has run, including the current running segment."""
        extra = self._running_seconds(now) if index == self.current else 0.0
        return self.elapsed[index] + extra

    def total_elapsed(self, now: dt.datetime) -> float:
        """Seconds the ceremony has run (pauses excluded)."""
        return sum(self.elapsed) + self._running_seconds(now)

    def overtime_seconds(self, now: dt.datetime) -> int:
        """Seconds spent past the timebox, summed over items (what History reports)."""
        return round(
            sum(
                max(0.0, self.item_elapsed(i, now) - self.item_timebox(i))
                for i in range(len(self.items))
            )
        )

    def read(self, now: dt.datetime) -> Reading:
        """What the timer shows at ``now``."""
        index = self.current
        elapsed = self.item_elapsed(index, now)
        timebox = float(self.item_timebox(index))
        remaining = timebox - elapsed
        if self.is_finished:
            phase = Phase.FINISHED
        elif not self.is_started:
            phase = Phase.READY
        elif remaining <= 0:
            phase = Phase.OVERTIME
        elif remaining <= self.warn_seconds:
            phase = Phase.WARNING
        else:
            phase = Phase.COUNTDOWN
        return Reading(
            phase=phase,
            running=self.is_running,
            item_index=index,
            item_count=len(self.items),
            item_title=self.items[index].title,
            remaining=remaining,
            elapsed=elapsed,
            timebox=timebox,
            ceremony_remaining=self.total_timebox - self.total_elapsed(now),
        )

    def with_timeboxes(self, seconds: Sequence[int]) -> TimerState:
        """The same agenda with new item timeboxes, chosen before the ceremony starts.

        Raises:
            RuleViolation: the ceremony already started, or the count does not match.
        """
        if self.is_started:
            raise RuleViolation("Timeboxes are chosen before the ceremony starts; extend instead")
        if len(seconds) != len(self.items):
            raise RuleViolation("Give one timebox per agenda item")
        items = tuple(AgendaItem(i.title, s) for i, s in zip(self.items, seconds, strict=True))
        return replace(self, items=items)

    # --- transitions (each returns a new state) --------------------------------------------
    def _bank(self, now: dt.datetime) -> TimerState:
        if self.running_since is None:
            return self
        elapsed = list(self.elapsed)
        elapsed[self.current] += self._running_seconds(now)
        return replace(self, elapsed=tuple(elapsed), running_since=None)

    def _check_open(self) -> None:
        if self.is_finished:
            raise RuleViolation("This ceremony has finished; start a new one")

    def start(self, now: dt.datetime) -> TimerState:
        """Start the ceremony, or resume it when paused; a running timer is unchanged."""
        self._check_open()
        if self.is_running:
            return self
        return replace(self, running_since=now, started_at=self.started_at or now)

    def resume(self, now: dt.datetime) -> TimerState:
        """Same as :meth:`start`: carry on counting from where the pause left it."""
        return self.start(now)

    def pause(self, now: dt.datetime) -> TimerState:
        """Stop the clock, keeping the seconds run so far; a paused timer is unchanged."""
        self._check_open()
        return self._bank(now)

    def toggle(self, now: dt.datetime) -> TimerState:
        """Pause when running, otherwise start or resume."""
        return self.pause(now) if self.is_running else self.start(now)

    def extend(self, minutes: int, reason: str, now: dt.datetime) -> TimerState:
        """Give the current item ``minutes`` more, recording why.

        Raises:
            RuleViolation: minutes out of 1–120, an empty reason, or a finished ceremony.
            InputError: the reason is too long or holds a character that is not text.
        """
        self._check_open()
        if not 1 <= minutes <= MAX_EXTENSION_MINUTES:
            raise RuleViolation(f"Extension: {minutes} min is outside 1–{MAX_EXTENSION_MINUTES}")
        if not reason.strip():
            raise RuleViolation("Extension: say why the room needs more time")
        reason = check_text(reason, EXTENSION_REASON)
        extension = Extension(self.current, minutes, reason, now)
        return replace(self, extensions=(*self.extensions, extension))

    @property
    def has_next(self) -> bool:
        """Whether another agenda item follows the current one."""
        return self.current + 1 < len(self.items)

    def next_item(self, now: dt.datetime) -> TimerState:
        """Move to the next agenda item; the clock keeps its running or paused state.

        Raises:
            RuleViolation: the current item is the last one, or the ceremony has finished.
        """
        self._check_open()
        if not self.has_next:
            raise RuleViolation("This is the last agenda item; finish the ceremony instead")
        return self.go_to_item(self.current + 1, now)

    def go_to_item(self, index: int, now: dt.datetime) -> TimerState:
        """Move to agenda item ``index`` (back or on), keeping what each item ran; raises
        RuleViolation outside the agenda or once finished."""
        self._check_open()
        if not 0 <= index < len(self.items):
            raise RuleViolation(f"There is no agenda item {index + 1} of {len(self.items)}")
        banked = self._bank(now)
        return replace(banked, current=index, running_since=now if self.is_running else None)

    def finish(self, now: dt.datetime) -> TimerState:
        """End the ceremony; what happened stays recorded."""
        self._check_open()
        return replace(self._bank(now), ended_at=now, started_at=self.started_at or now)


class Cue(StrEnum):
    """A short sound the room hears."""

    WARNING = "warning"
    ZERO = "zero"


def cue_for(previous: Phase | None, current: Phase) -> Cue | None:
    """The cue to play when the phase moves from ``previous`` to ``current``.

    ``previous`` is None right after loading a timer: a restored timer never replays cues.
    """
    if previous is None or previous == current:
        return None
    if current is Phase.WARNING and previous is Phase.COUNTDOWN:
        return Cue.WARNING
    if current is Phase.OVERTIME and previous in (Phase.COUNTDOWN, Phase.WARNING):
        return Cue.ZERO
    return None


def format_clock(seconds: float) -> str:
    """``m:ss`` or ``h:mm:ss`` for a non-negative duration (rounded up while counting down)."""
    whole = max(0, int(-(-seconds // 1)))  # ceil: 0.2 s left still shows 0:01
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def format_reading(reading: Reading) -> str:
    """The big clock text: the time left, or ``+4:10 over`` in overtime (never colour alone)."""
    if reading.phase is Phase.OVERTIME:
        return f"+{format_clock(int(reading.overtime))} over"
    return format_clock(reading.remaining)
