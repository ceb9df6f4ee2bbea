"""Planning records round-trip as domain values, and a frozen snapshot cannot be changed or
deleted by any SQL, on SQLite and (when ``FACILITATOR_TEST_PG_URL`` is set) PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import DatabaseError

from facilitator.domain.availability import DayOff, Holiday
from facilitator.domain.capacity import CapacityProposal, choose_capacity
from facilitator.domain.forecast import Candidate, Forecast
from facilitator.domain.ids import MemberId, RunId, StoryId
from facilitator.domain.model import Member
from facilitator.domain.planning import Confirmer, Planning
from facilitator.domain.readiness import Readiness
from facilitator.domain.signed import Signed
from facilitator.domain.timebox import Ceremony
from facilitator.ops import ceremony
from facilitator.ops.changes import ActionContext
from facilitator.store.db import Store
from facilitator.store.planning_repository import PlanningRepository
from facilitator.store.snapshot_repository import SnapshotRepository
from tests.helpers.backends import any_store, migrate_to
from tests.helpers.backlog_team import BacklogTeam, make_team

__all__ = ["any_store"]  # the fixture, for pytest

NOW = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)


def _member(store: Store, member_id: MemberId) -> Member:
    with store.session() as session:
        member = PlanningRepository(session).member(member_id)
    assert member is not None
    return member


def _closed_planning(store: Store, t: BacklogTeam) -> tuple[RunId, Planning]:
    """A planning run of a new sprint with PAY-1 pulled, confirmed and frozen."""
    run = ceremony.start_run(store, ActionContext(NOW, t.team), Ceremony.PLANNING).run
    assert run is not None
    po, sm = _member(store, t.po), _member(store, t.scrum_master)
    story = Candidate(t.stories[0], "PAY-1", "Story number 1", 3.0, Readiness(()), ("risk: rates",))
    planning = Planning("Sprint 1", t.team, Forecast(capacity=10))
    planning = planning.change(lambda f: f.pull("PAY-1", [story], Signed.of(po, NOW)))
    planning = planning.change(lambda f: f.with_goal("Card payments"))
    planning = planning.change(
        lambda f: f.acknowledge("PAY-1", sm, "Ask the vendor early", Signed.of(sm, NOW))
    )
    planning = planning.confirm(po, Confirmer.PRODUCT_OWNER, Signed.of(po, NOW))
    planning = planning.confirm(sm, Confirmer.DELIVERY_LEAD, Signed.of(sm, NOW))
    planning = planning.close(Signed.of(sm, NOW))
    with store.session() as session:
        repo = PlanningRepository(session)
        sprint = repo.create_sprint(
            t.team, "Sprint 1", "", NOW.date(), NOW.date() + dt.timedelta(days=13)
        )
        repo.create(run.run_id, sprint.id, 10)
        repo.save(run.run_id, planning)
    return run.run_id, planning


def test_planning_state_and_snapshot_read_back_as_they_were_saved(any_store: Store) -> None:
    t = make_team(any_store, stories=2)
    run_id, planning = _closed_planning(any_store, t)
    with any_store.session() as session:
        assert PlanningRepository(session).get(run_id) == planning
    snapshot = planning.snapshot
    assert snapshot is not None
    assert snapshot.words().startswith("Sprint 1 forecast: 1 story, 3 / 10 pts")


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE planning_snapshot SET capacity = 99",
        "UPDATE planning_snapshot SET goal = 'Something else'",
        "DELETE FROM planning_snapshot",
        "UPDATE snapshot_story SET points = 1",
        "DELETE FROM snapshot_story",
        "UPDATE snapshot_confirmation SET by_name = 'Someone'",
        "DELETE FROM snapshot_confirmation",
    ],
)
def test_direct_sql_cannot_change_a_frozen_snapshot(any_store: Store, statement: str) -> None:
    t = make_team(any_store, stories=1)
    run_id, planning = _closed_planning(any_store, t)
    with (
        pytest.raises(DatabaseError, match="a frozen planning snapshot cannot change"),
        any_store.engine.begin() as conn,
    ):
        conn.execute(text(statement))
    with any_store.session() as session:
        assert SnapshotRepository(session).snapshots(run_id) == planning.snapshots


def test_availability_holidays_and_capacity_choice_read_back(any_store: Store) -> None:
    t = make_team(any_store, stories=0)
    sm = _member(any_store, t.scrum_master)
    day = dt.date(2026, 12, 3)
    with any_store.session() as session:
        repo = PlanningRepository(session)
        sprint = repo.create_sprint(t.team, "Sprint 1", "", day, day + dt.timedelta(days=13))
        repo.set_availability(
            sprint.id, t.engineer, 50, (DayOff(day), DayOff(day + dt.timedelta(days=1), 0.5))
        )
        repo.set_availability(sprint.id, t.engineer, 60, (DayOff(day),))
        repo.add_holiday(t.team, Holiday("Germany", day, "Feast"))
        repo.add_holiday(t.team, Holiday("Germany", day, "Feast day"))
        choice = choose_capacity(CapacityProposal(31.5, "because", 2), 30, Signed.of(sm, NOW))
        repo.save_capacity_choice(sprint.id, choice)
    with any_store.session() as session:
        repo = PlanningRepository(session)
        stored = repo.availability(sprint.id)[t.engineer]
        assert (stored.allocation_pct, stored.days_off) == (60, (DayOff(day),))
        assert repo.holidays(t.team) == (Holiday("Germany", day, "Feast day"),)
        assert repo.capacity_choice(sprint.id) == choice
        assert StoryId(0) not in repo.availability(sprint.id)


def test_0010_downgrades_without_its_tables_and_guard_and_upgrades_again(any_store: Store) -> None:
    migrate_to(any_store, "0009", down=True)
    tables = set(inspect(any_store.engine).get_table_names())
    assert {"planning", "planning_snapshot", "snapshot_story", "team_holiday"}.isdisjoint(tables)
    migrate_to(any_store, "0010")
    t = make_team(any_store, stories=1)
    _closed_planning(any_store, t)
    with (
        pytest.raises(DatabaseError, match="a frozen planning snapshot cannot change"),
        any_store.engine.begin() as conn,
    ):
        conn.execute(text("DELETE FROM snapshot_story"))


def test_throughput_is_each_closed_sprints_done_stories_earliest_first_in_one_statement(
    any_store: Store,
) -> None:
    from facilitator.store.models import SprintRow, SprintStoryRow
    from tests.helpers.transactions import counting

    t = make_team(any_store, stories=6)
    with any_store.session() as session:
        # Added out of date order; the planned sprint and the not-done lines do not count.
        spec = [
            ("Sprint 3", dt.date(2026, 10, 19), "closed", [True]),
            ("Sprint 1", dt.date(2026, 9, 21), "closed", [True, True, False]),
            ("Sprint 2", dt.date(2026, 10, 5), "closed", [False]),
            ("Sprint 4", dt.date(2026, 11, 2), "planned", [True]),
        ]
        stories = iter(t.stories)
        for name, start, state, done in spec:
            row = SprintRow(
                team_id=t.team,
                name=name,
                start_date=start,
                end_date=start + dt.timedelta(days=11),
                state=state,
            )
            session.add(row)
            session.flush()
            session.add_all(
                SprintStoryRow(sprint_id=row.id, story_id=next(stories), points=1, done=d)
                for d in done
            )
    with counting(any_store) as tally, any_store.read_session() as session:
        assert PlanningRepository(session).throughput(t.team) == (2, 0, 1)
    assert [s for s in tally.statements if s != "BEGIN"] == tally.statements[-1:]  # one SELECT
