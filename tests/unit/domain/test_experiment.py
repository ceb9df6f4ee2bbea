"""The experiment: an owner on the team, a success measure, evidence; the rows History charts."""

from __future__ import annotations

import datetime as dt

import pytest

from facilitator.domain.delivery import Delivery, SprintOutcome, outcome_counts, predictability
from facilitator.domain.experiment import (
    Experiment,
    Outcome,
    change_problem,
    measurable,
    propose,
)
from facilitator.domain.ids import MemberId, TeamId
from facilitator.domain.model import Member, Role, Seniority, Side
from facilitator.domain.signed import Signed
from facilitator.errors import InputError, RuleViolation

AT = dt.datetime(2026, 3, 27, 15, 0, tzinfo=dt.UTC)
T = TeamId(1)


def member(n: int, name: str, team: int = 1, active: bool = True) -> Member:
    return Member(
        MemberId(n),
        TeamId(team),
        name,
        Role.ENGINEER,
        Side.OUTSOURCED,
        Seniority.MID,
        "Europe/Warsaw",
        540,
        1020,
        active,
    )


ANA = member(1, "Ana")
EVE = member(2, "Eve", team=2)
OLD = member(3, "Old", active=False)
SIGNED = Signed(ANA.id, ANA.name, AT)
CHECK = dt.date(2026, 4, 10)


def pairing() -> Experiment:
    return propose(" Pair on reviews ", ANA, " reviews wait under 4 h ", T, CHECK)


def test_a_proposed_experiment_is_trimmed_and_pending() -> None:
    experiment = pairing()
    assert (experiment.change, experiment.owner, experiment.success_measure) == (
        "Pair on reviews",
        "Ana",
        "reviews wait under 4 h",
    )
    assert experiment.owner_id == ANA.id
    assert experiment.outcome is Outcome.PENDING
    assert not experiment.evaluated
    assert experiment.words() == (
        "Pair on reviews, owned by Ana; it worked if: reviews wait under 4 h; "
        "check on Fri 10 Apr 2026"
    )
    assert propose("Demo on Fridays", ANA, "3 demos", T).words() == (
        "Demo on Fridays, owned by Ana; it worked if: 3 demos"
    )


@pytest.mark.parametrize(
    ("change", "owner", "measure", "error", "message"),
    [
        ("  ", ANA, "x", InputError, "What we change: write the one change"),
        ("Pair", None, "x", InputError, "Owner of “Pair”: choose the team member"),
        ("Pair", EVE, "x", RuleViolation, "Eve cannot own the experiment: not on this team"),
        ("Pair", OLD, "x", RuleViolation, "Old cannot own .* not an active member of this team"),
        ("Pair", ANA, " ", InputError, "How we will know “Pair” worked: write a signal"),
    ],
)
def test_an_incomplete_experiment_is_refused_naming_what_is_missing(
    change: str, owner: Member | None, measure: str, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        propose(change, owner, measure, T)


@pytest.mark.parametrize(
    ("change", "ok"), [("Pair", True), ("  Pair ", True), ("", False), (" ", False)]
)
def test_the_change_is_checked_on_its_own_as_propose_checks_it(change: str, ok: bool) -> None:
    if ok:
        assert change_problem(change) == ""
        return
    assert change_problem(change) == "What we change: write the one change the team will try"
    with pytest.raises(InputError, match=change_problem(change)):
        propose(change, ANA, "reviews wait under 4 h", T)


@pytest.mark.parametrize(
    ("measure", "ok"),
    [
        ("reviews wait under 4 h", True),
        ("escaped defects below 2", True),
        ("90% of stories demoed", True),
        ("fewer blockers open overnight", True),
        ("no standup runs late", True),
        ("every story has a reviewer", True),
        ("better communication", False),
        ("team feels happier", False),
        ("x", False),
    ],
)
def test_a_success_measure_must_name_something_to_count_or_compare(measure: str, ok: bool) -> None:
    assert measurable(measure) is ok
    if ok:
        assert propose("Pair", ANA, measure, T).success_measure == measure
    else:
        with pytest.raises(InputError, match=f"“{measure}” has nothing to count or compare"):
            propose("Pair", ANA, measure, T)


@pytest.mark.parametrize("outcome", [Outcome.WORKED, Outcome.DID_NOT_WORK, Outcome.INCONCLUSIVE])
def test_evaluation_records_the_outcome_with_evidence(outcome: Outcome) -> None:
    evaluated = pairing().evaluate(outcome, " median wait 3 h ", SIGNED)
    assert evaluated.outcome is outcome
    assert evaluated.evaluated
    assert evaluated.evaluation is not None
    assert evaluated.evaluation.evidence == "median wait 3 h"
    again = evaluated.evaluate(Outcome.INCONCLUSIVE, "only two reviews", SIGNED)
    assert again.outcome is Outcome.INCONCLUSIVE


def test_an_evaluation_needs_a_verdict_and_evidence() -> None:
    with pytest.raises(InputError, match="choose worked, did not work or inconclusive"):
        pairing().evaluate(Outcome.PENDING, "x", SIGNED)
    with pytest.raises(InputError, match=r"Evidence for “Pair on reviews”.*reviews wait under 4"):
        pairing().evaluate(Outcome.WORKED, "  ", SIGNED)


def test_outcomes_read_as_words_and_as_the_command_line_names_them() -> None:
    assert [(o.value, o.label) for o in Outcome] == [
        ("worked", "worked"),
        ("did_not_work", "did not work"),
        ("inconclusive", "inconclusive"),
        ("pending", "not evaluated yet"),
    ]


def test_history_rows_give_experiment_outcome_and_predictability() -> None:
    delivery = Delivery(3, 16, 2, 12)
    worked = pairing().evaluate(Outcome.WORKED, "3 h", SIGNED)
    rows = [
        SprintOutcome("Sprint 12", delivery, worked),
        SprintOutcome("Sprint 13", Delivery(0, 0, 0, 0), pairing()),
        SprintOutcome("Sprint 14", None, None),
    ]
    assert rows[0].predictability == pytest.approx(0.75)
    assert rows[0].outcome is Outcome.WORKED
    assert rows[0].experiment_record() == {
        "title": "Pair on reviews",
        "owner": "Ana",
        "outcome": "worked",
    }
    assert rows[1].predictability is None
    assert rows[1].outcome is Outcome.PENDING
    assert rows[2].predictability is None
    assert rows[2].outcome is None
    assert rows[2].experiment_record() is None
    assert outcome_counts(rows) == {
        Outcome.WORKED: 1,
        Outcome.DID_NOT_WORK: 0,
        Outcome.INCONCLUSIVE: 0,
        Outcome.PENDING: 1,
    }


@pytest.mark.parametrize(
    ("completed", "forecast", "expected"),
    [(12, 16, 0.75), (0, 16, 0.0), (16, 16, 1.0), (0, 0, None)],
)
def test_predictability_is_completed_of_forecast_over_forecast(
    completed: float, forecast: float, expected: float | None
) -> None:
    assert predictability(completed, forecast) == expected


def test_negative_points_make_no_predictability() -> None:
    with pytest.raises(InputError, match="points cannot be negative"):
        predictability(-1, 10)
    with pytest.raises(InputError, match="points cannot be negative"):
        predictability(1, -10)


def test_a_delivery_line_without_added_stories_or_forecast() -> None:
    assert Delivery(2, 8, 2, 8).line() == "Completed 2 of 2 stories, 8 of 8 pts (100 %)"
    assert Delivery(0, 0, 0, 0).line() == "Completed 0 of 0 stories, 0 of 0 pts"
