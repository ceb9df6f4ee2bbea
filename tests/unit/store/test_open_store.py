"""Opening databases: durability settings; unusable databases refused with the file intact."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from facilitator.errors import StoreUnavailable
from facilitator.store.db import target_from
from facilitator.store.migrate import HEAD, open_store


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_database_is_private_and_durable(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "team.sqlite3"
    store = open_store(target_from(path))
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10_000
    store.close()
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.parent.stat().st_mode & 0o777 == 0o700


def test_committed_action_is_visible_to_a_second_connection(tmp_path: Path) -> None:
    from facilitator.ops.teams import create_team, list_teams

    path = tmp_path / "team.sqlite3"
    store = open_store(target_from(path))
    create_team(store, "Payments", 10, ["Tested"])
    # No "save": another process (here: raw sqlite3) sees the committed row at once.
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT name FROM team").fetchall() == [("Payments",)]
    assert [team.name for team in list_teams(store)] == ["Payments"]
    store.close()


def test_failed_action_rolls_back_completely(store) -> None:  # type: ignore[no-untyped-def]
    from facilitator.store.models import TeamRow

    def crash_mid_action() -> None:
        with store.session() as session:
            session.add(
                TeamRow(
                    name="Half",
                    sprint_length_days=10,
                    points_per_person_day=1,
                    blocker_sla_hours=24,
                    min_overlap_hours=3,
                    created_at=_now(),
                )
            )
            session.flush()
            raise RuntimeError("crash in the middle of an action")

    with pytest.raises(RuntimeError):
        crash_mid_action()
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM team").scalar() == 0


def _now():  # type: ignore[no-untyped-def]
    import datetime as dt

    return dt.datetime(2026, 1, 1, 9, tzinfo=dt.UTC)


def test_folder_that_cannot_be_created(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(StoreUnavailable, match="Cannot create the folder"):
        open_store(target_from(blocker / "sub" / "db.sqlite3"))
    assert blocker.read_text() == "not a folder"


def test_file_that_is_not_sqlite_is_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_text("Sprint notes, definitely not a database\n")
    before = _digest(path)
    with pytest.raises(StoreUnavailable, match="is not a SQLite database"):
        open_store(target_from(path))
    assert _digest(path) == before
    assert not path.with_name("notes.sqlite3-wal").exists()


def test_unknown_driver_in_url() -> None:
    with pytest.raises(StoreUnavailable, match="Unknown database driver 'nosuchdb'"):
        open_store(target_from("nosuchdb://host/db"))


def test_malformed_url() -> None:
    with pytest.raises(StoreUnavailable, match="Not a database URL"):
        open_store(target_from("://nothing"))


def test_database_from_a_newer_version_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "newer.sqlite3"
    open_store(target_from(path)).close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.close()
    before = _digest(path)
    with pytest.raises(StoreUnavailable, match=rf"newer Sprint Facilitator.*9999.*{HEAD}"):
        open_store(target_from(path))
    assert _digest(path) == before


def test_sqlite_file_of_another_program_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY)")
    conn.close()
    before = _digest(path)
    with pytest.raises(StoreUnavailable, match="not a Sprint Facilitator database"):
        open_store(target_from(path))
    assert _digest(path) == before


def test_damaged_database_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "broken.sqlite3"
    open_store(target_from(path)).close()
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # trash the schema page after the header
    path.write_bytes(bytes(data))
    with pytest.raises(StoreUnavailable, match=r"damaged|not a database|malformed"):
        open_store(target_from(path))


def test_out_of_date_schema_is_refused_when_upgrade_not_allowed(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    open_store(target_from(path)).close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0001'")
    conn.close()
    with pytest.raises(StoreUnavailable, match="at schema 0001"):
        open_store(target_from(path), upgrade=False)


def test_sqlite_url_form_opens_the_same_file(tmp_path: Path) -> None:
    path = tmp_path / "url.sqlite3"
    store = open_store(target_from(f"sqlite:///{path}"))
    assert store.target.sqlite_path == path
    assert store.target.display == str(path)
    store.close()
    assert path.exists()


def test_locked_database_gives_a_clear_message_and_keeps_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from facilitator.errors import InputError
    from facilitator.ops.teams import create_team, list_teams
    from facilitator.store import db

    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 150)
    path = tmp_path / "locked.sqlite3"
    store = open_store(target_from(path))
    create_team(store, "Payments", 10, ["Tested"])
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # another program holds the write lock
    try:
        with pytest.raises(StoreUnavailable, match="is locked by another program"):
            create_team(store, "Risk", 10, ["Tested"])
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert [team.name for team in list_teams(store)] == ["Payments"]
    create_team(store, "Risk", 10, ["Tested"])  # works again once the lock is gone
    with pytest.raises(InputError, match="already exists"):
        create_team(store, "Risk", 10, ["Tested"])
    store.close()
