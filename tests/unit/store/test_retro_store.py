"""Retrospectives round-trip as domain values, and the database itself refuses a second
experiment for one retrospective (a direct SQL INSERT), on SQLite and (when
``FACILITATOR_TEST_PG_URL`` is set) PostgreSQL; migration 0012 upgrades and downgrades."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from facilitator.domain.experiment import Outcome
from facilitator.domain.ids import RunId
from facilitator.domain.model import SprintState
from facilitator.domain.retro_notes import Column, Friction, GroupId, NoteId
from facilitator.domain.retro_phases import RetroPhase
from facilitator.ops import retro
from facilitator.ops.changes import ActionContext
from facilitator.store.db import Store
from facilitator.store.retro_repository import RetroRepository, experiments_by_sprint
from tests.helpers.backends import BACKENDS, backend_store, migrate_to
from tests.helpers.retro_team import NOW, add_sprint, opened_run, retro_team, run_to_close

RETRO_TABLES = {"retro", "retro_note", "retro_group", "retro_vote", "experiment"}


@pytest.fixture(params=BACKENDS)
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    with backend_store(request.param, tmp_path) as store:
        yield store


def _second_experiment(run_id: int, team_id: int, sprint_id: int) -> str:
    return (
        "INSERT INTO experiment (run_id, team_id, sprint_id, change, owner_id, owner_name, "
        f"success_measure, outcome) VALUES ({run_id}, {team_id}, {sprint_id}, 'A second one', 2, "
        "'Lucas Engineer', 'under 4 h', 'pending')"
    )


def test_a_direct_sql_insert_of_a_second_experiment_is_refused(any_store: Store) -> None:
    rt = retro_team(any_store)
    run_id = run_to_close(any_store, rt.team, NOW)
    with pytest.raises(IntegrityError), any_store.engine.begin() as conn:
        conn.execute(text(_second_experiment(run_id, rt.team.team, rt.sprints[0])))
    with any_store.engine.connect() as conn:
        assert conn.execute(text("SELECT change FROM experiment")).scalars().all() == [
            "Pair on every review"
        ]


def test_a_retro_reads_back_as_it_was_saved(any_store: Store) -> None:
    rt = retro_team(any_store)
    t = rt.team
    ctx = ActionContext(NOW, t.team, opened_run(any_store, ActionContext(NOW, t.team)))
    retro.advance_phase(any_store, ctx)
    retro.write_note(any_store, ctx, t.engineer, Column.WENT_WELL, "Demo went well")
    retro.write_note(
        any_store,
        ctx,
        t.qa,
        Column.FRICTION,
        "7 am calls",
        anonymous=True,
        friction=Friction.TIME_ZONE,
    )
    retro.reveal(any_store, ctx)
    retro.advance_phase(any_store, ctx)
    retro.make_group(any_store, ctx, "Calls", [NoteId(2)])
    retro.make_group(any_store, ctx, "Demo", [NoteId(1)])
    retro.advance_phase(any_store, ctx)
    retro.vote(any_store, ctx, t.qa, GroupId(1))
    retro.vote(any_store, ctx, t.qa, GroupId(1))
    retro.advance_phase(any_store, ctx)
    retro.discuss(any_store, ctx, GroupId(2))
    retro.advance_phase(any_store, ctx)
    done = retro.decide_experiment(
        any_store,
        ctx,
        "Move calls to 10 am",
        t.qa,
        "no call before 9 am local",
        dt.date(2026, 12, 11),
    )
    assert done.view is not None
    with any_store.session() as s:
        stored = RetroRepository(s).get(RunId(int(done.view.run_id)))
    assert stored == done.view.retro
    assert stored is not None
    assert stored.phase is RetroPhase.DECIDE
    assert stored.notes[1].author is None
    assert stored.notes[1].friction is Friction.TIME_ZONE
    assert stored.tally()[0][1] == 2
    assert stored.discussing == GroupId(2)


def test_the_evaluation_is_written_onto_the_previous_experiment(any_store: Store) -> None:
    rt = retro_team(any_store)
    run_to_close(any_store, rt.team, NOW)
    later = NOW + dt.timedelta(days=14)
    second = add_sprint(any_store, rt.team, "Sprint 2", later.date(), SprintState.ACTIVE)
    run_to_close(any_store, rt.team, later, "Demo on Thursdays", Outcome.DID_NOT_WORK)
    with any_store.session() as s:
        found = experiments_by_sprint(s, rt.team.team)
    first = found[rt.sprints[0]]
    assert first.outcome is Outcome.DID_NOT_WORK
    assert first.evaluation is not None
    assert first.evaluation.signed.name == "Joao SM"
    assert found[second].outcome is Outcome.PENDING


def test_0012_downgrades_without_its_tables_keeping_the_rest_and_upgrades_again(
    any_store: Store,
) -> None:
    rt = retro_team(any_store)
    run_to_close(any_store, rt.team, NOW)
    migrate_to(any_store, "0011", down=True)
    tables = set(inspect(any_store.engine).get_table_names())
    assert RETRO_TABLES.isdisjoint(tables)
    with any_store.engine.connect() as conn:
        assert conn.execute(text("SELECT name FROM team")).scalars().all() == ["Payments"]
        assert conn.execute(text("SELECT count(*) FROM ceremony_run")).scalar_one() == 1
    migrate_to(any_store, "0012")
    assert set(inspect(any_store.engine).get_table_names()) >= RETRO_TABLES
    with any_store.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM sprint")).scalar_one() == 1
