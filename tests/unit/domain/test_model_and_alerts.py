"""Sprint calendar arithmetic and Home alerts."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitator.domain.alerts import Level, home_alerts
from facilitator.domain.ids import MemberId, SprintId, TeamId
from facilitator.domain.model import (
    Member,
    Role,
    Seniority,
    Side,
    Sprint,
    SprintState,
    working_days,
)
from facilitator.domain.readiness import Readiness, ReadinessFacts, check_readiness

MON = dt.date(2026, 11, 23)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (MON, MON, 1),
        (MON, MON + dt.timedelta(days=4), 5),
        (MON, MON + dt.timedelta(days=6), 5),  # weekend adds nothing
        (MON, MON + dt.timedelta(days=11), 10),  # a two-week sprint
        (MON + dt.timedelta(days=5), MON + dt.timedelta(days=6), 0),  # Sat–Sun
        (MON, MON - dt.timedelta(days=1), 0),
    ],
)
def test_working_days(start: dt.date, end: dt.date, expected: int) -> None:
    assert working_days(start, end) == expected


@given(st.dates(dt.date(2000, 1, 1), dt.date(2100, 1, 1)), st.integers(0, 400))
def test_working_days_matches_counting_one_by_one(start: dt.date, span: int) -> None:
    end = start + dt.timedelta(days=span)
    brute = sum(1 for i in range(span + 1) if (start + dt.timedelta(days=i)).weekday() < 5)
    assert working_days(start, end) == brute


def _sprint(state: SprintState, start: dt.date = MON) -> Sprint:
    return Sprint(
        SprintId(1), TeamId(1), "Sprint 4", "", start, start + dt.timedelta(days=11), state
    )


def _story(n: int, criteria: int = 1, estimate: float | None = 3.0) -> tuple[str, Readiness]:
    facts = ReadinessFacts(
        criteria=criteria,
        criteria_by_po=criteria,
        assumptions=1,
        assumptions_reviewed=1,
        estimate=estimate,
        estimate_committed=estimate is not None,
    )
    return f"PAY-{n}", check_readiness(facts)


def test_sprint_day_counter() -> None:
    sprint = _sprint(SprintState.ACTIVE)
    assert sprint.working_day(MON - dt.timedelta(days=1)) == (0, 10)
    assert sprint.working_day(MON + dt.timedelta(days=2)) == (3, 10)
    assert sprint.working_day(MON + dt.timedelta(days=30)) == (10, 10)


@pytest.mark.parametrize(
    ("days_after_start", "past"),
    [(-1, 0), (0, 0), (11, 0), (12, 1), (14, 3), (30, 19)],  # the sprint's last day is day 11
)
def test_days_past_the_end_of_a_sprint(days_after_start: int, past: int) -> None:
    sprint = _sprint(SprintState.ACTIVE)
    assert sprint.days_past_end(MON + dt.timedelta(days=days_after_start)) == past


def test_healthy_team_has_no_alerts() -> None:
    alerts = home_alerts(_sprint(SprintState.ACTIVE), [_story(1), _story(2)], 2, 7, MON)
    assert alerts == []


def test_alerts_name_what_is_missing_most_urgent_first() -> None:
    stories = [_story(1, criteria=0), _story(2, estimate=None), _story(3)]
    alerts = home_alerts(_sprint(SprintState.ACTIVE), stories, 3, 0, MON + dt.timedelta(days=20))
    assert [a.level for a in alerts] == [Level.PROBLEM, Level.WARNING]
    texts = [a.text for a in alerts]
    assert "no members" in texts[0]
    # The sprint past its end is Home's "review is due" line, not an alert of its own.
    assert not any("Sprint" in t for t in texts)
    assert texts[1] == (
        "2 of the top 3 stories are not Ready — PAY-1: no acceptance criteria yet; "
        "PAY-2: no estimate."
    )


def test_not_ready_alert_names_three_stories_then_counts_the_rest() -> None:
    stories = [_story(n, criteria=0) for n in range(1, 6)] + [_story(6)]
    alerts = home_alerts(_sprint(SprintState.ACTIVE), stories, 6, 5, MON)
    assert alerts[0].text == (
        "5 of the top 6 stories are not Ready — PAY-1: no acceptance criteria yet; "
        "PAY-2: no acceptance criteria yet; PAY-3: no acceptance criteria yet; and 2 more."
    )


def test_no_sprint_and_empty_backlog() -> None:
    texts = [a.text for a in home_alerts(None, [], 0, 5, MON)]
    assert texts == [
        "No sprint is active or planned.",
        "The backlog is empty: add or import stories.",
    ]


def test_planned_sprint_that_should_have_started() -> None:
    alerts = home_alerts(
        _sprint(SprintState.PLANNED), [_story(1)], 1, 5, MON + dt.timedelta(days=1)
    )
    assert alerts[0].text == "Sprint 4 should have started on 23 Nov."


def test_member_hours_label() -> None:
    member = Member(
        MemberId(1), TeamId(1), "Ana", Role.ENGINEER, Side.IN_HOUSE, Seniority.MID, "UTC", 540, 1050
    )
    assert member.hours_label == "09:00–17:30"
