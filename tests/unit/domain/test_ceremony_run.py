"""The rules of a ceremony run: walking a queue, moving along it, finishing, the clock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace

import pytest

from facilitator.domain import ceremony_run as rules
from facilitator.domain.ceremony_run import RunPhase, RunState
from facilitator.domain.ids import RunId, StoryId, TeamId
from facilitator.domain.timebox import AgendaItem, Ceremony, TimerState
from facilitator.errors import RuleViolation

NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)
QUEUE = (StoryId(11), StoryId(12), StoryId(13))


def _run(
    phase: RunPhase = RunPhase.WALK, position: int = 0, queue: tuple[StoryId, ...] = QUEUE
) -> RunState:
    timer = TimerState(Ceremony.REFINEMENT, (AgendaItem("Refine", 3600),)).start(NOW)
    return RunState(RunId(1), Ceremony.REFINEMENT, TeamId(1), timer, position, phase, queue)


@pytest.mark.parametrize(
    ("position", "step", "expected"),
    [(0, 1, 1), (1, 1, 2), (2, -1, 1), (1, -1, 0), (0, 2, 2), (2, -5, 0)],
)
def test_advance_moves_along_the_queue_within_its_ends(
    position: int, step: int, expected: int
) -> None:
    moved = rules.advance(_run(position=position), step)
    assert moved.position == expected
    assert moved.current == QUEUE[expected]
    assert moved.progress() == f"story {expected + 1} of 3"


@pytest.mark.parametrize(
    ("state", "step", "message"),
    [
        (_run(position=0), -1, "This is the first story of the 3 to refine"),
        (_run(position=2), 1, "This is the last story of the 3 to refine"),
        (_run(phase=RunPhase.TIMER, queue=()), 1, "Start first"),
        (_run(phase=RunPhase.DONE), 1, "Start first"),
    ],
)
def test_advance_refuses_past_the_ends_or_when_not_walking(
    state: RunState, step: int, message: str
) -> None:
    with pytest.raises(RuleViolation, match=message):
        rules.advance(state, step)


@pytest.mark.parametrize(
    ("state", "queue", "message"),
    [
        (_run(phase=RunPhase.DONE), QUEUE, "has finished; start a new one"),
        (_run(phase=RunPhase.WALK), QUEUE, "is already under way"),
        (_run(phase=RunPhase.TIMER, queue=()), (), "the queue is empty"),
    ],
)
def test_walk_refuses(state: RunState, queue: tuple[StoryId, ...], message: str) -> None:
    with pytest.raises(RuleViolation, match=message):
        rules.walk(state, queue)


def test_a_run_started_by_its_clock_alone_walks_a_queue_from_the_top() -> None:
    clock_only = _run(phase=RunPhase.TIMER, queue=())
    assert not clock_only.walking
    assert clock_only.current is None
    assert clock_only.progress() == ""
    walking = rules.walk(clock_only, QUEUE)
    assert (walking.phase, walking.position, walking.current) == (RunPhase.WALK, 0, QUEUE[0])
    assert walking.timer == clock_only.timer  # the clock is untouched


@pytest.mark.parametrize(("position", "ok"), [(0, True), (2, True), (3, False), (-1, False)])
def test_go_to_a_position(position: int, ok: bool) -> None:
    if ok:
        assert rules.go_to(_run(), position).position == position
    else:
        with pytest.raises(RuleViolation, match="There is no item"):
            rules.go_to(_run(), position)


def test_go_to_needs_a_walk() -> None:
    with pytest.raises(RuleViolation, match="Start first"):
        rules.go_to(_run(phase=RunPhase.TIMER, queue=()), 0)


@pytest.mark.parametrize(
    "timer_of",
    [
        lambda t: t,  # running
        lambda t: t.pause(NOW + dt.timedelta(minutes=5)),  # paused
        lambda t: t.finish(NOW + dt.timedelta(minutes=5)),  # the clock finished on its own
    ],
)
def test_finish_ends_the_run_and_its_clock(timer_of: Callable[[TimerState], TimerState]) -> None:
    run = _run()
    run = replace(run, timer=timer_of(run.timer))
    done = rules.finish(run, NOW + dt.timedelta(minutes=10))
    assert done.phase is RunPhase.DONE
    assert not done.is_open
    assert done.timer.is_finished
    assert done.started_at == NOW
    with pytest.raises(RuleViolation, match="has already finished"):
        rules.finish(done, NOW)


def test_the_clock_moves_only_while_the_run_is_open() -> None:
    run = _run()
    paused = rules.with_timer(run, run.timer.pause(NOW + dt.timedelta(minutes=1)))
    assert not paused.timer.is_running
    assert paused.position == run.position
    with pytest.raises(RuleViolation, match="has finished"):
        rules.with_timer(rules.finish(run, NOW), run.timer)
