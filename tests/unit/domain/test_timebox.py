"""The timebox timer model: defaults, wall-clock counting, extensions, overtime, suggestions."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitator.domain.timebox import (
    AgendaItem,
    Ceremony,
    Cue,
    Phase,
    TimerState,
    cue_for,
    default_timebox_minutes,
    format_clock,
    format_reading,
    split_agenda,
)
from facilitator.domain.timebox_records import suggest_seconds
from facilitator.errors import RuleViolation

T0 = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)


def at(seconds: float) -> dt.datetime:
    return T0 + dt.timedelta(seconds=seconds)


def timer(*minutes: int) -> TimerState:
    items = tuple(AgendaItem(f"Item {i + 1}", m * 60) for i, m in enumerate(minutes or (10,)))
    return TimerState(Ceremony.REFINEMENT, items)


@pytest.mark.parametrize(
    ("ceremony", "days", "minutes"),
    [
        (Ceremony.PLANNING, 5, 120),
        (Ceremony.PLANNING, 10, 240),
        (Ceremony.PLANNING, 30, 480),
        (Ceremony.REVIEW, 10, 120),
        (Ceremony.REVIEW, 25, 240),
        (Ceremony.RETRO, 10, 90),
        (Ceremony.RETRO, 40, 180),
        (Ceremony.STANDUP, 20, 15),
        (Ceremony.REFINEMENT, 5, 60),
        (Ceremony.REFINEMENT, 15, 120),
        (Ceremony.RETRO, 1, 15),
    ],
)
def test_defaults_scale_with_sprint_length(ceremony: Ceremony, days: int, minutes: int) -> None:
    assert default_timebox_minutes(ceremony, days) == minutes


@pytest.mark.parametrize("ceremony", list(Ceremony))
def test_default_agenda_shares_the_whole_timebox(ceremony: Ceremony) -> None:
    items = split_agenda(ceremony, 90)
    assert sum(item.timebox_seconds for item in items) == 90 * 60
    assert all(item.timebox_seconds >= 60 for item in items)


def test_ready_until_started() -> None:
    reading = timer(10).read(at(100))
    assert reading.phase is Phase.READY
    assert reading.remaining == 600
    assert format_reading(reading) == "10:00"


def test_counts_down_by_the_wall_clock() -> None:
    state = timer(10).start(at(0))
    assert state.read(at(61)).remaining == 539
    assert format_reading(state.read(at(61))) == "8:59"
    assert state.read(at(61)).phase is Phase.COUNTDOWN


def test_pause_and_resume_keep_the_time() -> None:
    state = timer(10).start(at(0)).pause(at(120))
    assert not state.is_running
    # Time passing while paused changes nothing.
    assert state.read(at(5000)).remaining == 480
    state = state.resume(at(5000))
    assert state.read(at(5060)).remaining == 420
    # Pausing twice or starting a running timer is harmless.
    assert state.start(at(5070)) is state
    assert state.pause(at(5080)).pause(at(9000)).read(at(9999)).remaining == 400


def test_warning_then_overtime_counts_up() -> None:
    state = timer(10).start(at(0))
    assert state.read(at(479)).phase is Phase.COUNTDOWN
    assert state.read(at(480)).phase is Phase.WARNING
    over = state.read(at(600 + 250))
    assert over.phase is Phase.OVERTIME
    assert over.overtime == 250
    assert format_reading(over) == "+4:10 over"
    assert state.overtime_seconds(at(850)) == 250


def test_warning_point_is_configurable() -> None:
    items = (AgendaItem("Only", 600),)
    state = TimerState(Ceremony.RETRO, items, warn_seconds=300).start(at(0))
    assert state.read(at(300)).phase is Phase.WARNING


def test_extension_adds_time_and_is_recorded() -> None:
    state = timer(10).start(at(0))
    state = state.extend(5, "  Two stories left to size ", at(590))
    assert state.read(at(600)).remaining == 300
    assert state.read(at(600)).phase is Phase.COUNTDOWN
    assert state.extensions[0].reason == "Two stories left to size"
    assert state.extensions[0].minutes == 5
    assert state.total_timebox == 15 * 60


@pytest.mark.parametrize(("minutes", "reason"), [(0, "why"), (121, "why"), (5, "  ")])
def test_extension_needs_a_sane_length_and_a_reason(minutes: int, reason: str) -> None:
    with pytest.raises(RuleViolation):
        timer(10).extend(minutes, reason, at(0))


def test_next_item_banks_time_and_keeps_running() -> None:
    state = timer(10, 5).start(at(0)).next_item(at(700))
    assert state.current == 1
    assert state.elapsed[0] == 700
    assert state.is_running
    reading = state.read(at(760))
    assert (reading.item_index, reading.item_count, reading.remaining) == (1, 2, 240)
    assert reading.ceremony_remaining == 15 * 60 - 760
    assert state.overtime_seconds(at(760)) == 100
    with pytest.raises(RuleViolation):
        state.next_item(at(800))


def test_next_item_while_paused_stays_paused() -> None:
    state = timer(10, 5).start(at(0)).pause(at(60)).next_item(at(100))
    assert not state.is_running
    assert state.read(at(500)).remaining == 300


def test_finish_records_and_freezes() -> None:
    state = timer(10).start(at(0)).finish(at(900))
    assert state.read(at(2000)).phase is Phase.FINISHED
    assert state.total_elapsed(at(2000)) == 900
    assert state.overtime_seconds(at(2000)) == 300
    for action in (state.start, state.pause, state.finish):
        with pytest.raises(RuleViolation):
            action(at(1000))


def test_restore_after_restart_uses_the_stored_fields() -> None:
    running = timer(10, 5).start(at(0)).extend(2, "late start", at(10))
    # What the store keeps: rebuild from plain fields as a fresh process would.
    restored = TimerState(
        ceremony=running.ceremony,
        items=running.items,
        elapsed=running.elapsed,
        current=running.current,
        running_since=running.running_since,
        started_at=running.started_at,
        extensions=running.extensions,
    )
    assert restored.read(at(3600)) == running.read(at(3600))
    assert restored.read(at(300)).remaining == 420


def test_clock_jumping_forward_counts_the_gap() -> None:
    # A laptop suspended for an hour mid-ceremony: the time away is time spent.
    state = timer(10).start(at(0))
    assert state.read(at(3600)).overtime == 3000


def test_clock_jumping_backwards_never_adds_time() -> None:
    state = timer(10).start(at(100))
    reading = state.read(at(40))
    assert reading.remaining == 600
    paused = state.pause(at(40))
    assert paused.elapsed[0] == 0


def test_naive_local_and_aware_times_mix() -> None:
    local = dt.datetime(2026, 11, 25, 10, 0)
    state = timer(10).start(local.astimezone(dt.UTC))
    assert state.read(local + dt.timedelta(minutes=1)).remaining == 540


def test_invalid_states_are_refused() -> None:
    with pytest.raises(RuleViolation):
        TimerState(Ceremony.RETRO, ())
    with pytest.raises(RuleViolation):
        TimerState(Ceremony.RETRO, (AgendaItem("x", 0),))
    with pytest.raises(RuleViolation):
        TimerState(Ceremony.RETRO, (AgendaItem("x", 60),), elapsed=(1.0, 2.0))
    with pytest.raises(RuleViolation):
        TimerState(Ceremony.RETRO, (AgendaItem("x", 60),), current=1)


def test_cues_fire_only_on_transitions() -> None:
    assert cue_for(Phase.COUNTDOWN, Phase.WARNING) is Cue.WARNING
    assert cue_for(Phase.WARNING, Phase.OVERTIME) is Cue.ZERO
    assert cue_for(Phase.COUNTDOWN, Phase.OVERTIME) is Cue.ZERO
    assert cue_for(None, Phase.OVERTIME) is None
    assert cue_for(Phase.OVERTIME, Phase.OVERTIME) is None
    assert cue_for(Phase.OVERTIME, Phase.COUNTDOWN) is None
    assert cue_for(Phase.READY, Phase.COUNTDOWN) is None


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "0:00"), (0.2, "0:01"), (59, "0:59"), (600, "10:00"), (3661, "1:01:01")],
)
def test_format_clock(seconds: float, text: str) -> None:
    assert format_clock(seconds) == text


def test_suggestion_is_the_median_without_outliers() -> None:
    assert suggest_seconds([]) is None
    assert suggest_seconds([600]) == 600
    assert suggest_seconds([610, 590, 600, 605, 6000]) == 660  # 6000 dropped, median 602.5
    assert suggest_seconds([100]) == 120


times = st.floats(min_value=0, max_value=86_400, allow_nan=False)
ops = st.lists(
    st.tuples(st.sampled_from(["toggle", "extend", "next"]), times), min_size=0, max_size=12
)


@given(ops, times)
def test_running_invariant_remaining_plus_elapsed_is_timebox_plus_extensions(
    steps: list[tuple[str, float]], later: float
) -> None:
    state = timer(10, 5, 20).start(at(0))
    clock = 0.0
    for op, delta in steps:
        clock += delta
        if op == "toggle":
            state = state.toggle(at(clock))
        elif op == "extend":
            state = state.extend(3, "more", at(clock))
        elif state.has_next:
            state = state.next_item(at(clock))
    now = at(clock + later)
    reading = state.read(now)
    assert reading.remaining + reading.elapsed == pytest.approx(reading.timebox)
    assert reading.timebox == state.items[state.current].timebox_seconds + 180 * sum(
        1 for e in state.extensions if e.item_index == state.current
    )
    # Total time run never exceeds the wall-clock time since the start.
    assert state.total_elapsed(now) <= clock + later + 1e-6
    assert reading.ceremony_remaining == pytest.approx(
        state.total_timebox - state.total_elapsed(now)
    )


@given(st.lists(st.floats(min_value=1, max_value=20_000, allow_nan=False), min_size=1))
def test_suggestion_lies_within_the_samples_rounded_up(actuals: list[float]) -> None:
    suggestion = suggest_seconds(actuals)
    assert suggestion is not None
    assert suggestion % 60 == 0
    recent = actuals[:8]
    assert min(recent) - 60 <= suggestion <= max(max(recent), 60) + 60


def test_timeboxes_are_chosen_before_the_start_one_per_item() -> None:
    assert Ceremony.REFINEMENT.label
    state = timer(10, 20)
    assert [i.timebox_seconds for i in state.with_timeboxes([60, 120]).items] == [60, 120]
    with pytest.raises(RuleViolation, match="one timebox per agenda item"):
        state.with_timeboxes([60])
    with pytest.raises(RuleViolation, match="chosen before the ceremony starts"):
        state.start(at(0)).with_timeboxes([60, 120])


@pytest.mark.parametrize(
    ("moves", "current", "elapsed"),
    [
        ((2,), 2, (100, 0, 0)),  # on two items: the first keeps its 100 s
        ((2, 0), 0, (100, 0, 100)),  # back to the first: the third keeps its 100 s
        ((1, 1), 1, (100, 100, 0)),  # the same item again banks its time and carries on
    ],
)
def test_go_to_item_moves_back_or_on_keeping_what_each_item_ran(
    moves: tuple[int, ...], current: int, elapsed: tuple[int, ...]
) -> None:
    state = timer(10, 5, 5).start(at(0))
    for n, index in enumerate(moves, start=1):
        state = state.go_to_item(index, at(100 * n))
    assert state.current == current
    assert state.is_running
    assert state.read(at(100 * len(moves))).item_index == current
    assert state.pause(at(100 * len(moves))).elapsed == elapsed


@pytest.mark.parametrize("index", [-1, 3])
def test_go_to_item_outside_the_agenda_or_after_the_finish_is_refused(index: int) -> None:
    with pytest.raises(RuleViolation, match="no agenda item"):
        timer(10, 5, 5).go_to_item(index, at(0))
    with pytest.raises(RuleViolation, match="finished"):
        timer(10, 5, 5).start(at(0)).finish(at(10)).go_to_item(1, at(20))
