"""Storage failures are one-line messages, told apart by SQLite's error code (never a traceback)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import event

from facilitator.app import main
from facilitator.errors import StoreUnavailable
from facilitator.ops.backlog import load_backlog
from facilitator.ops.teams import create_team, list_teams
from facilitator.store.db import target_from
from facilitator.store.failures import (
    DatabaseDamaged,
    DatabaseLocked,
    DatabaseReadOnly,
    DiskFull,
    translate,
)
from facilitator.store.migrate import open_store
from tests.helpers.storage import corrupt_pages, one_line, read_only


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def _database(tmp_path: Path, *teams: str) -> Path:
    path = tmp_path / "team.sqlite3"
    store = open_store(target_from(path))
    for name in teams:
        create_team(store, name, 10, ["Tested"])
    store.close()
    return path


def test_corrupt_pages_during_use_are_a_damaged_message_with_the_newest_backup(
    tmp_path: Path,
) -> None:
    from facilitator.ops.maintenance import backup

    path = _database(tmp_path, "Payments")
    store = open_store(target_from(path))
    good = backup(store, None, dt.datetime(2026, 11, 30, 9, 0))
    store.close()
    corrupt_pages(path, "team")
    store = open_store(target_from(path))  # the schema page is intact: opening still works
    try:
        with pytest.raises(DatabaseDamaged) as caught:
            list_teams(store)
    finally:
        store.close()
    message = str(caught.value)
    assert "is damaged (database disk image is malformed)" in message
    assert f"facilitator restore {good} --db {path}" in message
    assert "30 Nov 2026 09:00" in message
    assert "\n" not in message
    assert caught.value.backup is not None
    assert caught.value.backup.path == good


def test_check_of_corrupt_pages_reports_them_in_lines_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _database(tmp_path, "Payments")
    corrupt_pages(path, "team")
    code, out, err = _run(capsys, "check", "--db", str(path))
    assert code == 1
    assert "PROBLEM: integrity: the file cannot be read (database disk image is malformed)" in out
    advice = one_line(err)
    assert "is damaged" in advice
    assert "no good backup was found" in advice


def test_damaged_schema_page_is_refused_at_open(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _database(tmp_path)
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)
    path.write_bytes(bytes(data))
    for command in ("check", "backup", "demo"):
        code, _out, err = _run(capsys, command, "--db", str(path))
        assert code == 1
        assert "is damaged" in one_line(err)


def test_classification_uses_the_error_code_not_the_words(tmp_path: Path) -> None:
    path = tmp_path / "x.sqlite3"
    misleading = sqlite3.DatabaseError("database is locked")  # words say locked...
    misleading.sqlite_errorcode = sqlite3.SQLITE_CORRUPT  # type: ignore[attr-defined]
    assert isinstance(translate(str(path), path, misleading), DatabaseDamaged)
    busy = sqlite3.OperationalError("something went wrong")
    busy.sqlite_errorcode = sqlite3.SQLITE_BUSY_SNAPSHOT  # type: ignore[attr-defined]
    assert isinstance(translate(str(path), path, busy), DatabaseLocked)
    constraint = sqlite3.IntegrityError("UNIQUE constraint failed: disk is full")
    constraint.sqlite_errorcode = sqlite3.SQLITE_CONSTRAINT_UNIQUE  # type: ignore[attr-defined]
    assert translate(str(path), path, constraint) is None  # not a storage failure


def test_read_only_folder_is_called_read_only_not_damaged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], qapp: object
) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    path = _database(folder, "Payments")
    with read_only(folder):
        # SQLite cannot create the -shm a WAL database needs: SQLITE_CANTOPEN from SQLite.
        check = _run(capsys, "check", "--db", str(path))
        launch = _run(capsys, "--no-error-dialogs", "--db", str(path))
    assert check[0] == 1
    line = one_line(check[2])
    assert "is read-only" in line
    assert f"the folder {folder} cannot be written" in line
    assert "damaged" not in line
    assert launch[0] == 1
    assert "is read-only" in one_line(launch[2])


def test_read_only_file_can_be_checked_but_a_write_says_read_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _database(tmp_path, "Payments")
    with read_only(path):
        code, out, err = _run(capsys, "check", "--db", str(path))
        store = open_store(target_from(path), upgrade=False)  # a reader accepts it
        try:
            assert [team.name for team in list_teams(store)] == ["Payments"]
            with pytest.raises(DatabaseReadOnly, match="is read-only"):
                create_team(store, "Risk", 10, ["Tested"])  # SQLITE_READONLY from SQLite itself
        finally:
            store.close()
        with pytest.raises(DatabaseReadOnly, match=rf"the file {path} cannot be written"):
            open_store(target_from(path))
    assert code == 0, err
    assert out.strip().endswith(": ok")


def test_read_only_folder_for_a_new_database(tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    with read_only(folder), pytest.raises(DatabaseReadOnly, match="is read-only"):
        open_store(target_from(folder / "new.sqlite3"))
    assert list(folder.iterdir()) == []


def test_full_disk_is_called_full_and_the_action_is_not_saved(tmp_path: Path) -> None:
    path = _database(tmp_path, "Payments")
    store = open_store(target_from(path))

    # SQLite's page limit makes it return SQLITE_FULL exactly as a full disk does.
    @event.listens_for(store.engine, "connect")
    def _limit(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    store.engine.dispose()
    try:
        with pytest.raises(DiskFull, match=r"is full .*free some space") as caught:
            create_team(store, "Risk " + "x" * 80, 10, [f"Item {n} " * 20 for n in range(200)])
        assert "\n" not in str(caught.value)
    finally:
        store.close()
    store = open_store(target_from(path))
    assert [team.name for team in list_teams(store)] == ["Payments"]
    store.close()


def test_locked_database_via_the_command_line_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from facilitator.store import db

    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 300)
    path = _database(tmp_path)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # another program holds the write lock
    try:
        code, _out, err = _run(capsys, "demo", "--db", str(path), "--stories", "60")
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert code == 1
    assert "is locked by another program (waited 0.3 s)" in one_line(err)


def test_reading_a_backlog_of_a_damaged_database_is_a_message(tmp_path: Path) -> None:
    from facilitator.ops.demo import generate
    from tests.conftest import DEMO_TODAY

    path = tmp_path / "demo.sqlite3"
    store = open_store(target_from(path))
    generate(store, sprints=2, stories=200, seed=1, today=DEMO_TODAY)
    team = list_teams(store)[0].id
    store.close()
    corrupt_pages(path, "story", 6)
    store = open_store(target_from(path))
    try:
        with pytest.raises(StoreUnavailable, match="is damaged"):
            load_backlog(store, team)
    finally:
        store.close()
