"""A past sprint's lines in words: a story's verdict, a blocker's hours, a decision's cycle."""

from __future__ import annotations

import datetime as dt

import pytest

from facilitator.domain.history import BlockerLine, DecisionLine, StoryLine, owning_index

T0 = dt.datetime(2026, 11, 23, 9, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("done", "reason", "words"),
    [
        (None, "", "not reviewed"),
        (True, "", "Done"),
        (False, "criterion 2 failed", "Not Done: criterion 2 failed"),
        (False, "", "Not Done"),
    ],
)
def test_a_storys_verdict(done: bool | None, reason: str, words: str) -> None:
    assert StoryLine("PAY-1", "Refunds", 3, False, done, reason).verdict() == words


@pytest.mark.parametrize(
    ("resolved", "now", "hours"),
    [
        (T0 + dt.timedelta(hours=5), T0 + dt.timedelta(days=3), 5.0),  # resolved: its hours
        (None, T0 + dt.timedelta(hours=30), 30.0),  # open: its age now
    ],
)
def test_a_blockers_hours(resolved: dt.datetime | None, now: dt.datetime, hours: float) -> None:
    assert BlockerLine("Sandbox down", T0, resolved, "").hours(now) == hours


@pytest.mark.parametrize(("acted", "cycle"), [(None, None), (T0 + dt.timedelta(hours=26), 26.0)])
def test_a_decisions_cycle(acted: dt.datetime | None, cycle: float | None) -> None:
    assert DecisionLine("Which queue?", "SQS", T0, acted).cycle_hours() == cycle


@pytest.mark.parametrize(
    ("day", "index"),
    [(dt.date(2026, 11, 1), None), (dt.date(2026, 11, 9), 0), (dt.date(2026, 11, 23), 1)],
)
def test_the_sprint_that_owns_a_day(day: dt.date, index: int | None) -> None:
    starts = [dt.date(2026, 11, 9), dt.date(2026, 11, 23)]
    assert owning_index(starts, day) == index
