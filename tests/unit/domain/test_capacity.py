"""The proposed capacity (rule 2) and the PO's "ready for planning?" verdict."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitator.domain.capacity import (
    CapacityInputs,
    PastSprint,
    propose_capacity,
    ready_for_planning,
    ready_totals,
)

S = PastSprint


@pytest.mark.parametrize(
    ("history", "days", "pace", "points", "used", "words"),
    [
        # No history: person-days × points per person-day.
        (
            (),
            40,
            0.8,
            32.0,
            0,
            "No closed sprint yet, so the proposal is this sprint's 40 "
            "person-days × 0.8 points per person-day = 32.0 points.",
        ),
        # Partial history: says so, and uses what there is.
        (
            (S("S2", 20, 40),),
            40,
            1,
            20.0,
            1,
            "Only 1 closed sprint so far (fewer than 3), "
            "so using what there is: mean completed points of the last 1 closed sprint (S2: (20) "
            "/ 1 = 20.0)",
        ),
        ((S("S3", 30, 50), S("S2", 20, 30)), 20, 1, 12.5, 2, "Only 2 closed sprints so far"),
        # Full history: only the last three count, scaled by person-days over theirs.
        (
            (S("S4", 30, 40), S("S3", 20, 40), S("S2", 25, 40), S("S1", 999, 1)),
            20,
            1,
            12.5,
            3,
            "Mean completed points of the last 3 closed sprints (S4, S3, S2: (30 + 20 + 25) / 3 = "
            "25.0), scaled by this sprint's 20 person-days over their mean of 40.0: "
            "25.0 × 20 / 40.0 = 12.5 points.",
        ),
        # Zero person-days this sprint: nothing can be done.
        ((S("S2", 20, 40),), 0, 1, 0.0, 1, "= 0.0 points."),
        ((), 0, 0.8, 0.0, 0, "0 person-days × 0.8 points per person-day = 0.0 points."),
        # Their person-days are zero (division by zero): fall back to availability × pace.
        (
            (S("S2", 20, 0), S("S1", 10, 0)),
            30,
            0.5,
            15.0,
            0,
            "The last closed sprints record "
            "no available person-days, so the proposal is this sprint's 30 person-days",
        ),
    ],
)
def test_proposal_and_how_it_was_computed(
    history: tuple[PastSprint, ...],
    days: float,
    pace: float,
    points: float,
    used: int,
    words: str,
) -> None:
    proposal = propose_capacity(CapacityInputs(history, days, pace))
    assert proposal.points == pytest.approx(points)
    assert proposal.sprints_used == used
    assert words in proposal.explanation


@pytest.mark.parametrize(
    "make",
    [
        lambda: PastSprint("S1", -1, 10),
        lambda: PastSprint("S1", 1, -10),
        lambda: CapacityInputs((), -1, 1),
        lambda: CapacityInputs((), 1, -1),
    ],
)
def test_negative_inputs_are_refused(make: object) -> None:
    with pytest.raises(ValueError, match="negative"):
        make()  # type: ignore[operator]


sprints = st.lists(
    st.builds(
        PastSprint,
        st.sampled_from(["S1", "S2", "S3", "S4"]),
        st.floats(0, 200),
        st.floats(0.5, 300),
    ),
    max_size=5,
)


@given(sprints, st.floats(0, 300), st.floats(0, 5), st.floats(0.1, 10))
def test_scaling_every_person_day_alike_leaves_the_proposal_unchanged(
    history: list[PastSprint], days: float, pace: float, factor: float
) -> None:
    before = propose_capacity(CapacityInputs(tuple(history), days, pace))
    scaled = tuple(PastSprint(s.name, s.completed_points, s.person_days * factor) for s in history)
    after = propose_capacity(CapacityInputs(scaled, days * factor, pace))
    if history:
        assert after.points == pytest.approx(before.points, rel=1e-9, abs=1e-9)
    assert before.points >= 0
    assert after.points >= 0


@given(sprints, st.floats(0, 300), st.floats(0, 5))
def test_the_proposal_is_never_negative_and_always_explained(
    history: list[PastSprint], days: float, pace: float
) -> None:
    proposal = propose_capacity(CapacityInputs(tuple(history), days, pace))
    assert proposal.points >= 0
    assert f"{proposal.points:.1f} points." in proposal.explanation
    assert proposal.sprints_used == min(len(history), 3)


@pytest.mark.parametrize(
    ("ready", "capacity", "enough", "text"),
    [
        (30, 25, True, "✓ Enough ready work for the next sprint (30 of 25 points)"),
        (25, 25, True, "✓ Enough ready work for the next sprint (25 of 25 points)"),
        (10, 25.4, False, "! 15 points short: refine these stories next"),
        (5, 0, False, "5 ready points; the proposed capacity is 0 (no available person-days)"),
    ],
)
def test_ready_for_planning_verdict(ready: float, capacity: float, enough: bool, text: str) -> None:
    verdict = ready_for_planning(ready, capacity)
    assert (verdict.enough, verdict.text) == (enough, text)


def test_ready_totals_line() -> None:
    assert ready_totals(3, 10, 9, 20) == (
        "3 of the top 10 stories are Ready: 9 ready points against a proposed capacity of 20.0."
    )


@pytest.mark.parametrize(
    ("members", "words"),
    [
        (2, " Person-days are working days × the team's 2 active delivery-team members (absences"),
        (1, "the team's 1 active delivery-team member (absences are not recorded yet)."),
    ],
)
def test_the_explanation_says_how_person_days_were_counted(members: int, words: str) -> None:
    proposal = propose_capacity(CapacityInputs((), 20, 1, members))
    assert proposal.explanation.startswith("No closed sprint yet")
    assert words in proposal.explanation
