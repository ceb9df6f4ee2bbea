"""Rule 2 from counted availability (several zones, holidays, days off), and the team's choice."""

from __future__ import annotations

import datetime as dt

import pytest

from facilitator.domain.availability import (
    DayOff,
    Holiday,
    MemberCalendar,
    SprintSpan,
    sprint_availability,
)
from facilitator.domain.capacity import (
    CapacityProposal,
    PastSprint,
    check_capacity,
    choose_capacity,
    propose_from_availability,
)
from facilitator.domain.ids import MemberId
from facilitator.domain.signed import Signed
from facilitator.errors import InputError

D = dt.date
SPRINT = SprintSpan.of_dates("Sprint 14", D(2026, 3, 2), D(2026, 3, 13), "Europe/Berlin")
TEAM = (
    # 10 days − a Polish holiday − 1.5 days off = 7.5 × 80 % = 6 person-days.
    MemberCalendar(
        MemberId(1),
        "Ola",
        "Europe/Warsaw",
        "Poland",
        80,
        days_off=(DayOff(D(2026, 3, 5)), DayOff(D(2026, 3, 10), 0.5)),
    ),
    # Sunday–Thursday in Jerusalem: 9 days in the Berlin sprint, one off = 8 person-days.
    MemberCalendar(
        MemberId(2),
        "Noa",
        "Asia/Jerusalem",
        "Israel",
        weekdays=frozenset({6, 0, 1, 2, 3}),
        days_off=(DayOff(D(2026, 3, 8)),),
    ),
    # Auckland: 10 days, the Saturday off is not a working day = 10 person-days × 60 % = 6.
    MemberCalendar(
        MemberId(3),
        "Ana",
        "Pacific/Auckland",
        "New Zealand",
        60,
        days_off=(DayOff(D(2026, 3, 14)),),
    ),
)
HOLIDAYS = (Holiday("Poland", D(2026, 3, 4), "Test Day"), Holiday("Israel", D(2026, 3, 9), "X"))
AVAILABLE = sprint_availability(SPRINT, TEAM, HOLIDAYS)  # 6 + 7 + 6 = 19 person-days
S = PastSprint


def test_the_counted_availability() -> None:
    assert [m.person_days for m in AVAILABLE.members] == pytest.approx([6.0, 7.0, 6.0])
    assert AVAILABLE.person_days == pytest.approx(19.0)


@pytest.mark.parametrize(
    ("history", "points", "used", "words"),
    [
        # No history: 19 person-days × 1.5 points per person-day.
        (
            (),
            28.5,
            0,
            "No closed sprint yet, so the proposal is this sprint's 19 person-days × 1.5",
        ),
        # Partial: one sprint of 38 person-days that completed 20 points.
        ((S("S13", 20, 38),), 10.0, 1, "Only 1 closed sprint so far (fewer than 3)"),
        ((S("S13", 20, 38), S("S12", 40, 38)), 15.0, 2, "Only 2 closed sprints so far"),
        # Full: the last three, scaled by 19 over their mean of 19.
        (
            (S("S13", 30, 19), S("S12", 24, 19), S("S11", 27, 19), S("S10", 90, 19)),
            27.0,
            3,
            "Mean completed points of the last 3 closed sprints (S13, S12, S11: (30 + 24 + 27) / 3"
            " = 27.0), scaled by this sprint's 19 person-days over their mean of 19.0",
        ),
    ],
)
def test_proposal_from_availability(
    history: tuple[PastSprint, ...], points: float, used: int, words: str
) -> None:
    proposal = propose_from_availability(history, AVAILABLE, 1.5)
    assert proposal.points == pytest.approx(points)
    assert proposal.sprints_used == used
    assert words in proposal.explanation
    assert (
        " Person-days: Ola (Europe/Warsaw): 10 working days − 1 public holiday (Test Day) − 1.5 "
        "days off = 7.5 × 80 % = 6.0 person-days; Noa (Asia/Jerusalem): 9 working days − 1 "
        "public holiday (X) − 1 day off = 7 × 100 % = 7.0 person-days; Ana (Pacific/Auckland)"
    ) in proposal.explanation


def test_proposal_without_members() -> None:
    proposal = propose_from_availability((), sprint_availability(SPRINT, []), 1.0)
    assert proposal.points == 0
    assert proposal.explanation.endswith(
        "= 0.0 points. Person-days: no members are available in this sprint."
    )


AT = dt.datetime(2026, 3, 2, 10, 4, tzinfo=dt.UTC)


def test_the_choice_keeps_proposal_value_who_and_when() -> None:
    proposal = CapacityProposal(31.46, "why", 3)
    choice = choose_capacity(proposal, 30, Signed(MemberId(7), "Ana", AT))
    assert (choice.proposal, choice.points, choice.chosen.member_id, choice.chosen.at) == (
        proposal,
        30,
        MemberId(7),
        AT,
    )
    assert (
        choice.words()
        == "Capacity 30 points, set by Ana on Mon 2 Mar 2026 at 10:04 UTC (proposed 31.5)"
    )
    assert choose_capacity(proposal, 0, choice.chosen).points == 0


@pytest.mark.parametrize(
    ("points", "message"),
    [
        (-1, "Capacity: -1 points is below zero; enter 0 or more"),
        (-0.5, "Capacity: -0.5 points is below zero"),
        (float("nan"), "Capacity: enter a number of points, 0 or more"),
        (float("inf"), "Capacity: enter a number of points, 0 or more"),  # "inf" typed
    ],
)
def test_a_capacity_below_zero_is_refused(points: float, message: str) -> None:
    with pytest.raises(InputError, match=message):
        choose_capacity(CapacityProposal(10, "", 0), points, Signed(MemberId(1), "A", AT))
    with pytest.raises(InputError, match=message):
        check_capacity(points)


def test_a_signature_needs_an_aware_time() -> None:
    with pytest.raises(ValueError, match="the time Ana acted must be timezone-aware"):
        Signed(MemberId(1), "Ana", dt.datetime(2026, 3, 2))
