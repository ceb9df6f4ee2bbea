"""Migration 0007: ceremony and refinement sessions become runs, keeping every record; an open
refinement resumes through the run ops after the upgrade; downgrading gives the old tables back.

Runs on SQLite, and on PostgreSQL too when ``FACILITATOR_TEST_PG_URL`` names a scratch server
(``.ci/run`` starts one).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, text

from facilitator.domain.ceremony_run import RunPhase
from facilitator.domain.ids import RunId, TeamId
from facilitator.domain.timebox import Ceremony
from facilitator.ops import ceremony, refinement
from facilitator.ops import timebox as timebox_ops
from facilitator.ops.changes import ActionContext
from facilitator.store.db import create_sqlite_engine, target_from
from facilitator.store.migrate import MIGRATIONS_DIR, open_store

TODAY = "2026-11-25"
NOW = dt.datetime(2026, 11, 25, 9, 30, tzinfo=dt.UTC)
PG_URL = os.environ.get("FACILITATOR_TEST_PG_URL", "")


class Db:
    """A database of either backend, driven by plain SQL with ``?`` placeholders."""

    def __init__(self, engine: Engine, target: str) -> None:
        self.engine, self.target = engine, target

    def run(self, sql: str, params: Sequence[Any] = ()) -> None:
        numbers = iter(range(len(params)))
        statement = re.sub(r"\?", lambda _match: f":p{next(numbers)}", sql)
        with self.engine.begin() as conn:
            conn.execute(text(statement), {f"p{i}": value for i, value in enumerate(params)})

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        with self.engine.connect() as conn:
            return [tuple(row) for row in conn.execute(text(sql))]

    def tables(self) -> set[str]:
        if self.engine.dialect.name == "sqlite":
            return {name for (name,) in self.rows("SELECT name FROM sqlite_master")}
        query = (
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
        )
        return {name for (name,) in self.rows(query)}

    def migrate(self, revision: str, *, down: bool = False) -> None:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        with self.engine.connect() as conn, conn.begin():
            config.attributes["connection"] = conn
            (command.downgrade if down else command.upgrade)(config, revision)


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Db]:
    """An empty database of each backend (PostgreSQL: a fresh schema of the scratch server)."""
    if request.param == "sqlite":
        path = tmp_path / "old.sqlite3"
        engine = create_sqlite_engine(path)
        yield Db(engine, str(path))
        engine.dispose()
        return
    if not PG_URL:
        pytest.skip("FACILITATOR_TEST_PG_URL is not set")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    separator = "&" if "?" in PG_URL else "?"
    url = f"{PG_URL}{separator}options=-csearch_path%3D{schema}"
    engine = create_engine(url)
    yield Db(engine, url)
    engine.dispose()
    with admin.begin() as conn:
        conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()


def _old_database(db: Db) -> None:
    """A database at 0006 holding both kinds of sessions, as the app wrote them."""
    db.migrate("0006")
    for team, name, days in ((1, "Payments", 10), (2, "Search", 5)):
        db.run(
            "INSERT INTO team (id, name, sprint_length_days, points_per_person_day, "
            "blocker_sla_hours, min_overlap_hours, created_at) "
            "VALUES (?, ?, ?, 1.0, 24, 3.0, '2025-01-01 09:00:00')",
            (team, name, days),
        )
    db.run(  # Search chose a 45-minute refinement
        "INSERT INTO team_timebox_default (team_id, ceremony, minutes) VALUES (2, 'refinement', 45)"
    )
    stories = [(1, 1, "new", 3072), (2, 1, "refined", 1024), (3, 1, "done", 2048)]
    stories += [(4, 1, "new", 4096), (5, 2, "new", 1024)]
    for sid, team, status, rank in stories:
        db.run(
            "INSERT INTO story (id, team_id, key, title, description, type, status, rank, "
            "created_at) VALUES (?, ?, ?, 'T', '', 'story', ?, ?, '2025-01-01')",
            (sid, team, f"S-{sid}", status, rank),
        )
    sessions = [  # id, team, ceremony, running since, started, ended, timebox
        (1, 1, "refinement", f"{TODAY} 09:00:00", f"{TODAY} 09:00:00", None, 7200),
        (2, 1, "standup", None, f"{TODAY} 08:00:00", f"{TODAY} 08:16:00", 900),
        (3, 1, "refinement", None, None, None, 7200),  # saved, never started
    ]
    for sid, team, kind, running, started, ended, seconds in sessions:
        db.run(
            "INSERT INTO ceremony_session (id, team_id, sprint_id, ceremony, warn_seconds, "
            "current_item, running_since, started_at, ended_at, timebox_seconds, "
            "overtime_seconds) VALUES (?, ?, NULL, ?, 120, 0, ?, ?, ?, ?, NULL)",
            (sid, team, kind, running, started, ended, seconds),
        )
        db.run(
            "INSERT INTO agenda_item (session_id, position, title, timebox_seconds, "
            "elapsed_seconds) VALUES (?, 0, 'Item', ?, 60)",
            (sid, seconds),
        )
    db.run(
        "INSERT INTO timer_extension (session_id, position, minutes, reason, at) "
        f"VALUES (2, 0, 5, 'Blocker talk', '{TODAY} 08:14:00')"
    )
    refinements = [  # id, team, started, ended
        (1, 1, f"{TODAY} 09:01:00", None),  # open, inside timer session 1
        (2, 1, "2026-11-24 09:00:00", "2026-11-24 10:00:00"),  # no timer session
        (3, 2, "2026-11-24 09:00:00", "2026-11-24 09:40:00"),  # no timer session
        (4, 2, f"{TODAY} 09:05:00", None),  # open, no timer session
    ]
    for rid, team, started, ended in refinements:
        db.run(
            "INSERT INTO refinement_session (id, team_id, started_at, ended_at) "
            "VALUES (?, ?, ?, ?)",
            (rid, team, started, ended),
        )
    changes = [(1, 1, 1, "criterion"), (2, 1, 1, "estimate"), (3, 2, 2, "assumption")]
    changes += [(4, 4, 5, "estimate")]
    for cid, session, story, kind in changes:
        db.run(
            "INSERT INTO refinement_change (id, session_id, story_id, at, kind, text) "
            f"VALUES (?, ?, ?, '{TODAY} 09:10:00', ?, ?)",
            (cid, session, story, kind, f"S-{story}: {kind} {cid}"),
        )
    for pid, story, session in ((1, 1, 1), (2, 2, 2), (3, 5, 4), (4, 4, None)):
        db.run(
            "INSERT INTO poker_round (id, story_id, session_id, agreed, revealed_at) "
            f"VALUES (?, ?, ?, 5, '{TODAY} 09:12:00')",
            (pid, story, session),
        )
        db.run("INSERT INTO poker_vote (round_id, voter, value) VALUES (?, 'A', 5)", (pid,))


def test_sessions_become_runs_and_the_open_refinement_resumes(db: Db) -> None:
    _old_database(db)
    store = open_store(target_from(db.target))  # upgrades to the head, as the app does
    try:
        runs = db.rows(
            "SELECT id, team_id, ceremony, phase, ended_at IS NULL, timebox_seconds, queue "
            "FROM ceremony_run ORDER BY id",
        )
        assert runs == [
            (1, 1, "refinement", "walk", 1, 7200, "[2, 1, 4]"),  # merged with refinement 1
            (2, 1, "standup", "done", 0, 900, "[]"),
            (3, 1, "refinement", "timer", 1, 7200, "[]"),
            (4, 1, "refinement", "done", 0, 7200, "[]"),  # refinement 2: the rule-9 2 h
            (5, 2, "refinement", "done", 0, 2700, "[]"),  # refinement 3: Search's 45 min
            (6, 2, "refinement", "walk", 1, 2700, "[5]"),  # refinement 4, still open
        ]
        assert db.rows(
            "SELECT run_id, count(*) FROM agenda_item GROUP BY run_id ORDER BY run_id"
        ) == [(i, 1) for i in range(1, 7)]
        assert db.rows("SELECT run_id, minutes, reason FROM timer_extension") == [
            (2, 5, "Blocker talk")
        ]
        assert db.rows("SELECT id, run_id, story_id, kind FROM run_change ORDER BY id") == [
            (1, 1, 1, "criterion"),
            (2, 1, 1, "estimate"),
            (3, 4, 2, "assumption"),
            (4, 6, 5, "estimate"),
        ]
        # Refinement 2 became run 4 while refinement 4 became run 6: no round moves twice.
        assert db.rows("SELECT id, run_id FROM poker_round ORDER BY id") == [
            (1, 1),
            (2, 4),
            (3, 6),
            (4, None),
        ]
        assert db.rows("SELECT count(*) FROM poker_vote") == [(4,)]
        assert not db.tables() & {"ceremony_session", "refinement_session", "refinement_change"}

        # The open refinement carries on through the run ops: its walk, log and clock.
        resumed = refinement.resume_refinement(store, TeamId(1))
        assert resumed is not None
        assert resumed.run_id == 1
        assert resumed.changes == ("S-1: criterion 1", "S-1: estimate 2")
        assert resumed.timer.is_running
        assert resumed.timer.running_since == dt.datetime(2026, 11, 25, 9, tzinfo=dt.UTC)
        view = timebox_ops.load_timer(store, TeamId(1), Ceremony.REFINEMENT)
        assert view.run_id == 1
        ctx = ActionContext(NOW, TeamId(1), RunId(1))
        moved = ceremony.advance(store, ctx, 1).run
        assert moved is not None
        assert moved.current == 1
        done = ceremony.finish_run(store, ctx).run
        assert done is not None
        assert done.phase is RunPhase.DONE
        assert done.timer.ended_at == NOW
        assert refinement.resume_refinement(store, TeamId(1)) is None
        assert refinement.resume_refinement(store, TeamId(2)) is not None
    finally:
        store.close()


def test_downgrade_gives_back_both_session_tables_with_their_records(db: Db) -> None:
    _old_database(db)
    db.migrate("head")
    db.migrate("0006", down=True)
    assert db.rows("SELECT id, ceremony, ended_at IS NULL FROM ceremony_session ORDER BY id") == [
        (1, "refinement", 1),
        (2, "standup", 0),
        (3, "refinement", 1),
        (4, "refinement", 0),
        (5, "refinement", 0),
        (6, "refinement", 1),
    ]
    # Every refinement run is a refinement session again (a clock never started gets the
    # team's creation as its start); the change log and the rounds follow.
    assert [
        (i, team, str(started), open_)
        for i, team, started, open_ in db.rows(
            "SELECT id, team_id, started_at, ended_at IS NULL FROM refinement_session ORDER BY id"
        )
    ] == [
        (1, 1, f"{TODAY} 09:00:00", 1),
        (3, 1, "2025-01-01 09:00:00", 1),
        (4, 1, "2026-11-24 09:00:00", 0),
        (5, 2, "2026-11-24 09:00:00", 0),
        (6, 2, f"{TODAY} 09:05:00", 1),
    ]
    assert db.rows("SELECT id, session_id FROM refinement_change ORDER BY id") == [
        (1, 1),
        (2, 1),
        (3, 4),
        (4, 6),
    ]
    assert db.rows("SELECT id, session_id FROM poker_round ORDER BY id") == [
        (1, 1),
        (2, 4),
        (3, 6),
        (4, None),
    ]
    assert db.rows("SELECT session_id, reason FROM timer_extension") == [(2, "Blocker talk")]
    assert db.rows("SELECT count(*) FROM agenda_item") == [(6,)]
    # And up again: the same runs.
    db.migrate("head")
    assert db.rows("SELECT count(*) FROM ceremony_run") == [(6,)]
    assert db.rows("SELECT count(*) FROM run_change") == [(4,)]
