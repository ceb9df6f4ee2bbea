"""A ceremony run: the state of one run of a ceremony, and the rules for moving through it.

A run is what the screen and the room window render: which ceremony, whose, its timer, where
the walk is (``position`` in ``queue``), its ``phase`` and the change log so far. Everything here
is pure; ``ops.ceremony`` loads, applies and stores it in one transaction per action.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from enum import StrEnum

from facilitator.domain.ids import RunId, SprintId, StoryId, TeamId
from facilitator.domain.timebox import Ceremony, TimerState
from facilitator.errors import RuleViolation


class RunPhase(StrEnum):
    """Where a run is.

    TIMER: the clock was started on its own; nothing is walked yet.
    WALK: the ceremony walks its queue.
    DONE: finished; the run is a record for History.
    """

    TIMER = "timer"
    WALK = "walk"
    DONE = "done"


@dataclass(frozen=True, slots=True)
class RunState:
    """One run of a ceremony as stored, frozen: what every screen of it renders.

    Attributes:
        run_id: the run.
        ceremony: which ceremony.
        team_id: whose.
        timer: the run's timebox timer.
        position: index of the current item in ``queue``.
        phase: timer only, walking, or done.
        queue: the ordered story ids being walked.
        changes: the change log so far, oldest first, in words.
        sprint_id: the sprint it ran in, if any.
        version: the stored row's version (bumped by every write).
    """

    run_id: RunId
    ceremony: Ceremony
    team_id: TeamId
    timer: TimerState
    position: int = 0
    phase: RunPhase = RunPhase.TIMER
    queue: tuple[StoryId, ...] = ()
    changes: tuple[str, ...] = ()
    sprint_id: SprintId | None = None
    version: int = 1

    @property
    def is_open(self) -> bool:
        """Whether the run is still under way (not finished)."""
        return self.phase is not RunPhase.DONE

    @property
    def walking(self) -> bool:
        """Whether the ceremony walks its queue now."""
        return self.phase is RunPhase.WALK and bool(self.queue)

    @property
    def current(self) -> StoryId | None:
        """The story at ``position`` while walking, else None."""
        return self.queue[self.position] if self.walking else None

    @property
    def started_at(self) -> dt.datetime | None:
        """When the run started (its clock's first start)."""
        return self.timer.started_at

    def progress(self) -> str:
        """ "story 3 of 12" while walking, else an empty text."""
        return f"story {self.position + 1} of {len(self.queue)}" if self.walking else ""


def walk(state: RunState, queue: tuple[StoryId, ...]) -> RunState:
    """Begin walking ``queue`` from its first item (a run started by its clock alone adopts it).

    Raises:
        RuleViolation: the run is finished, or already walking, or the queue is empty.
    """
    if not state.is_open:
        raise RuleViolation(f"This {state.ceremony.label.lower()} has finished; start a new one")
    if state.phase is RunPhase.WALK:
        raise RuleViolation(f"This {state.ceremony.label.lower()} is already under way")
    if not queue:
        raise RuleViolation("Nothing to walk: the queue is empty")
    return replace(state, phase=RunPhase.WALK, queue=queue, position=0)


def advance(state: RunState, step: int) -> RunState:
    """Move ``step`` items along the queue (-1 back, +1 on).

    Raises:
        RuleViolation: not walking, or already at the first / last item (the message says so).
    """
    if not state.walking:
        raise RuleViolation("Start first: nothing is being walked")
    target = max(0, min(len(state.queue) - 1, state.position + step))
    if target == state.position:
        where = "first" if step < 0 else "last"
        raise RuleViolation(f"This is the {where} story of the {len(state.queue)} to refine")
    return replace(state, position=target)


def go_to(state: RunState, position: int) -> RunState:
    """Move to the item at ``position``.

    Raises:
        RuleViolation: not walking, or ``position`` is outside the queue.
    """
    if not state.walking:
        raise RuleViolation("Start first: nothing is being walked")
    if not 0 <= position < len(state.queue):
        raise RuleViolation(f"There is no item {position + 1} of {len(state.queue)}")
    return replace(state, position=position)


def finish(state: RunState, now: dt.datetime) -> RunState:
    """End the run and its clock (a clock never started ends with nothing run).

    Raises:
        RuleViolation: the run has already finished.
    """
    if not state.is_open:
        raise RuleViolation(f"This {state.ceremony.label.lower()} has already finished")
    timer = state.timer if state.timer.is_finished else state.timer.finish(now)
    return replace(state, phase=RunPhase.DONE, timer=timer)


def with_timer(state: RunState, timer: TimerState) -> RunState:
    """The run with its clock moved on (started, paused, extended, next item).

    Raises:
        RuleViolation: the run has finished.
    """
    if not state.is_open:
        raise RuleViolation(f"This {state.ceremony.label.lower()} has finished; start a new one")
    return replace(state, timer=timer)
