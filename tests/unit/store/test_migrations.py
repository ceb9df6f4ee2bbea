"""Migrations: one head, models match the migrated schema, fresh and upgraded databases agree."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text

from facilitator.store.db import create_sqlite_engine, target_from
from facilitator.store.migrate import HEAD, MIGRATIONS_DIR, REVISIONS, open_store
from facilitator.store.models import Base


def _script() -> ScriptDirectory:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return ScriptDirectory.from_config(config)


def _upgrade(path: Path, revision: str) -> None:
    from alembic import command

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    engine = create_sqlite_engine(path)
    with engine.connect() as conn, conn.begin():
        config.attributes["connection"] = conn
        command.upgrade(config, revision)
    engine.dispose()


def _schema(path: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' "
            "ORDER BY type, name"
        ).fetchall()
    # Batch migrations may quote or wrap differently; compare normalised statements.
    return [
        (f"{kind}:{name}", " ".join((sql or "").replace('"', "").split()))
        for kind, name, sql in rows
    ]


def test_revision_list_matches_the_script_directory() -> None:
    script = _script()
    assert script.get_heads() == [HEAD]
    chain = [rev.revision for rev in script.walk_revisions("base", "heads")]
    assert tuple(reversed(chain)) == REVISIONS


def test_models_match_the_migrated_schema(store) -> None:  # type: ignore[no-untyped-def]
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_fresh_and_step_by_step_upgraded_databases_have_the_same_schema(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.sqlite3"
    open_store(target_from(fresh)).close()
    stepped = tmp_path / "stepped.sqlite3"
    for revision in REVISIONS:
        _upgrade(stepped, revision)
    assert _schema(stepped) == _schema(fresh)


def test_upgrade_from_first_revision_keeps_data_and_backs_up(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    _upgrade(path, REVISIONS[0])
    with sqlite3.connect(path) as conn:
        conn.execute(
            "INSERT INTO team (name, sprint_length_days, points_per_person_day, "
            "blocker_sla_hours, min_overlap_hours, created_at) "
            "VALUES ('Old team', 10, 1.0, 24, 3.0, '2025-01-01 09:00:00')"
        )
    store = open_store(target_from(path))
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT name FROM team")).scalar() == "Old team"
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD
    store.close()
    backups = list((tmp_path / "backups").glob(f"old.schema-{REVISIONS[0]}.*.bak.sqlite3"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (REVISIONS[0],)


@pytest.mark.parametrize("revision", REVISIONS)
def test_every_revision_downgrades_and_upgrades_back(tmp_path: Path, revision: str) -> None:
    from alembic import command

    fresh = tmp_path / "fresh.sqlite3"
    open_store(target_from(fresh)).close()
    path = tmp_path / "down.sqlite3"
    open_store(target_from(path)).close()
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    engine = create_sqlite_engine(path)
    previous = _script().get_revision(revision).down_revision or "base"
    with engine.connect() as conn, conn.begin():
        config.attributes["connection"] = conn
        command.downgrade(config, str(previous))
        assert conn.execute(text("SELECT count(*) FROM alembic_version")).scalar() == (
            0 if previous == "base" else 1
        )
    engine.dispose()
    _upgrade(path, "head")
    assert _schema(path) == _schema(fresh)


def test_0006_gives_existing_rows_version_1_spreads_shared_ranks_and_downgrades(
    tmp_path: Path,
) -> None:
    from alembic import command

    path = tmp_path / "old.sqlite3"
    _upgrade(path, "0005")
    with sqlite3.connect(path) as conn:
        conn.execute(
            "INSERT INTO team (id, name, sprint_length_days, points_per_person_day, "
            "blocker_sla_hours, min_overlap_hours, created_at) "
            "VALUES (1, 'Old team', 10, 1.0, 24, 3.0, '2025-01-01 09:00:00')"
        )
        for sid, rank in ((1, 2048), (2, 1024), (3, 1024)):  # two stories shared a rank
            conn.execute(
                "INSERT INTO story (id, team_id, key, title, description, type, status, rank, "
                "created_at) VALUES (?, 1, ?, 'T', '', 'story', 'new', ?, '2025-01-01')",
                (sid, f"OLD-{sid}", rank),
            )
    conn.close()
    open_store(target_from(path)).close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT version FROM team").fetchall() == [(1,)]
        stories = conn.execute("SELECT id, version FROM story ORDER BY rank").fetchall()
        assert stories == [(2, 1), (3, 1), (1, 1)]  # same order, ranks now distinct
        with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
            conn.execute("UPDATE story SET rank = (SELECT rank FROM story WHERE id = 1)")
    conn.close()
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    engine = create_sqlite_engine(path)
    with engine.connect() as conn, conn.begin():
        config.attributes["connection"] = conn
        command.downgrade(config, "0005")
    engine.dispose()
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM story").fetchone() == (3,)
        columns = [row[1] for row in conn.execute("PRAGMA table_info(story)")]
        assert "version" not in columns
    conn.close()
