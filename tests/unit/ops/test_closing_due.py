"""The review, then the retrospective, falls due as a sprint ends: Home's "Needs attention" and
the Review and Retro badges say so, read in one statement, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from facilitator.domain.ids import SprintId
from facilitator.domain.model import SprintState
from facilitator.ops.attention import nav_badges
from facilitator.ops.closing_reads import closing_due_in
from facilitator.ops.teams import home_summary
from facilitator.store.db import Store
from facilitator.store.planning_repository import PlanningRepository
from tests.helpers.backends import BACKENDS, backend_store
from tests.helpers.retro_team import NOW, add_sprint, retro_team, run_to_close
from tests.helpers.transactions import counting

END = NOW.date()  # sprint 1 ends on Friday 27 Nov 2026
DAY = dt.timedelta(days=1)
REVIEW_TODAY = "Sprint 1 ends today, 27 Nov: its review has not closed — open Review"
REVIEW_LATE = "Sprint 1 ended on 27 Nov: its review has not closed — open Review"
RETRO_DUE = "Sprint 1's review has closed: its retrospective is due — open Retro"


@pytest.fixture(params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    with backend_store(request.param, tmp_path) as store:
        yield store


def _close_sprint(store: Store, sprint: SprintId) -> None:
    with store.session() as session:
        PlanningRepository(session).set_sprint_state(sprint, SprintState.CLOSED, "")


@pytest.mark.parametrize(
    ("today", "closed", "review", "retro"),
    [
        (END - DAY, False, "", ""),  # the sprint runs on
        (END, False, REVIEW_TODAY, ""),  # its last day: the review is due
        (END + 3 * DAY, False, REVIEW_LATE, ""),  # past its end, still not reviewed
        (END, True, "", RETRO_DUE),  # reviewed: the retro is due
        (END + 3 * DAY, True, "", RETRO_DUE),
    ],
)
def test_what_is_due_as_the_sprint_ends(
    db: Store, today: dt.date, closed: bool, review: str, retro: str
) -> None:
    rt = retro_team(db)
    if closed:
        _close_sprint(db, rt.sprints[0])
    team = rt.team.team
    summary = home_summary(db, team, today)
    assert (summary.review_due, summary.retro_due) == (review, retro)
    badges = nav_badges(db, team, today, only=("review", "retro"))
    assert (badges["review"] and badges["review"].words) == (review or None)
    assert (badges["retro"] and badges["retro"].words) == (retro or None)


def test_a_held_retro_is_no_longer_due(db: Store) -> None:
    rt = retro_team(db)
    _close_sprint(db, rt.sprints[0])
    run_to_close(db, rt.team, NOW)
    summary = home_summary(db, rt.team.team, END)
    assert (summary.review_due, summary.retro_due) == ("", "")
    # What stays is the experiment waiting for the next retro: one on the Retro badge.
    retro = nav_badges(db, rt.team.team, END, only=("retro",))["retro"]
    assert retro is not None
    assert retro.count == 1
    assert "is not evaluated yet" in retro.words


def test_the_retro_due_and_the_experiment_waiting_are_two_on_the_badge(db: Store) -> None:
    rt = retro_team(db)
    run_to_close(db, rt.team, NOW)  # sprint 1's retro, its experiment not evaluated yet
    _close_sprint(db, rt.sprints[0])
    later = END + 14 * DAY
    sprint_2 = add_sprint(db, rt.team, "Sprint 2", later, SprintState.ACTIVE)
    _close_sprint(db, sprint_2)
    retro = nav_badges(db, rt.team.team, later, only=("retro",))["retro"]
    assert retro is not None
    assert retro.count == 2
    assert retro.words.startswith("Sprint 2's review has closed: its retrospective is due")
    assert "“Pair on every review” (Lucas Engineer) is not evaluated yet" in retro.words


def test_a_planned_next_sprint_keeps_the_retro_due_a_started_one_ends_it(db: Store) -> None:
    rt = retro_team(db)
    _close_sprint(db, rt.sprints[0])
    sprint_2 = add_sprint(db, rt.team, "Sprint 2", END + 14 * DAY, SprintState.PLANNED)
    assert home_summary(db, rt.team.team, END).retro_due == RETRO_DUE
    # Once sprint 2 has started, a retro looks back on it: sprint 1's is past.
    with db.session() as session:
        PlanningRepository(session).set_sprint_state(sprint_2, SprintState.ACTIVE, "")
    with db.session() as session:
        due = closing_due_in(session, rt.team.team, END + 5 * DAY)
    assert due.retro is None
    assert due.current is not None
    assert due.current.name == "Sprint 2"


def test_the_review_due_is_of_the_active_sprint_that_started_first(db: Store) -> None:
    rt = retro_team(db)
    add_sprint(db, rt.team, "Sprint 2", END + 14 * DAY, SprintState.ACTIVE)
    with counting(db) as tally, db.session() as session:
        due = closing_due_in(session, rt.team.team, END + 5 * DAY)
    assert len([s for s in tally.statements if not s.startswith("BEGIN")]) == 1
    assert due.review is not None
    assert due.review.name == "Sprint 1"
    assert due.current is not None
    assert due.current.name == "Sprint 2"
