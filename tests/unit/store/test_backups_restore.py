"""Backups a user can use: daily and rotated, listed, restored safely (a crash's -wal included)."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from facilitator.app import main
from facilitator.errors import StoreUnavailable
from facilitator.ops import maintenance
from facilitator.ops.teams import create_team, list_teams
from facilitator.store.backups import (
    DAILY,
    automatic_backup,
    backup_folder,
    daily_backup_due,
    list_backups,
)
from facilitator.store.db import create_sqlite_engine, target_from
from facilitator.store.migrate import HEAD, MIGRATIONS_DIR, REVISIONS, open_store
from facilitator.store.restore import restore_backup
from tests.helpers.storage import REPO, corrupt_pages, dump, one_line

MORNING = dt.datetime(2026, 11, 30, 9, 0)

# A facilitator adding stories until it is killed; prints each acknowledged (committed) story.
WRITER = """
import datetime as dt, sys
from facilitator.domain.model import StoryType
from facilitator.ops.backlog import create_story
from facilitator.ops.changes import ActionContext
from facilitator.ops.teams import list_teams
from facilitator.store.db import target_from
from facilitator.store.migrate import open_store
store = open_store(target_from(sys.argv[1]))
team = list_teams(store)[0].id
for n in range(100000):
    now = dt.datetime.now(dt.UTC)
    create_story(store, ActionContext(now, team), f"Written after the backup {n}", StoryType.STORY)
    print(n, flush=True)
"""


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _database(tmp_path: Path, *teams: str) -> Path:
    path = tmp_path / "team.sqlite3"
    store = open_store(target_from(path))
    for name in teams:
        create_team(store, name, 10, ["Tested"])
    store.close()
    return path


def test_restore_after_a_writer_was_killed_with_a_wal_left_behind(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _database(tmp_path, "Payments", "Risk")
    assert main(["backup", "--db", str(path)]) == 0
    backup = next((tmp_path / "backups").iterdir())
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path)],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.PIPE,
        text=True,
    )
    assert writer.stdout is not None
    try:
        for _ in range(20):  # twenty acknowledged stories, then a kill mid-way
            writer.stdout.readline()
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=30)
        writer.stdout.close()
    wal = Path(f"{path}-wal")
    assert wal.stat().st_size > 0  # the crash left committed work in the -wal
    capsys.readouterr()

    assert main(["restore", str(backup), "--db", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"Restored {backup} (schema {HEAD}) into {path}" in out
    assert main(["check", "--db", str(path)]) == 0
    assert dump(path) == dump(backup)
    # The state before the restore, the killed writer's stories included, was kept.
    kept = [info for info in list_backups(path) if info.kind == "before-restore"]
    assert len(kept) == 1
    with sqlite3.connect(kept[0].path) as conn:
        assert conn.execute("SELECT count(*) FROM story").fetchone()[0] >= 20
    conn.close()


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("text file", "is not a Sprint Facilitator backup (not a SQLite file)"),
        ("another program", "is not a Sprint Facilitator backup"),
        ("newer schema", "was written by a newer Sprint Facilitator (schema 9999"),
        ("damaged", "is damaged"),
        ("empty", "is not a Sprint Facilitator backup (not a SQLite file)"),
    ],
)
def test_a_backup_that_is_not_usable_is_refused_and_nothing_changes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str, message: str
) -> None:
    path = _database(tmp_path, "Payments")
    bad = tmp_path / "offered.sqlite3"
    if kind == "text file":
        bad.write_text("sprint notes\n")
    elif kind == "empty":
        bad.write_bytes(b"")
    elif kind == "another program":
        with sqlite3.connect(bad) as conn:
            conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY)")
        conn.close()
    else:
        other = _database(tmp_path / "other", "Other")
        if kind == "newer schema":
            with sqlite3.connect(other) as conn:
                conn.execute("UPDATE alembic_version SET version_num = '9999'")
            conn.close()
        else:
            corrupt_pages(other, "team")
        other.rename(bad)
    before = _digest(path)
    capsys.readouterr()
    assert main(["restore", str(bad), "--db", str(path)]) == 1
    err = one_line(capsys.readouterr().err)
    assert message in err
    assert err.startswith("facilitator restore: ")
    assert _digest(path) == before
    assert not backup_folder(path).exists()  # not even a backup of the current file


def test_restore_of_the_database_itself_or_a_missing_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _database(tmp_path, "Payments")
    assert main(["restore", str(path), "--db", str(path)]) == 1
    assert "is the database itself" in one_line(capsys.readouterr().err)
    assert main(["restore", str(tmp_path / "nope.sqlite3"), "--db", str(path)]) == 1
    assert "No backup file at" in one_line(capsys.readouterr().err)


def test_restore_is_refused_while_a_window_has_the_file_open(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from PySide6.QtCore import QLockFile

    path = _database(tmp_path, "Payments")
    assert main(["backup", "--db", str(path)]) == 0
    backup = next((tmp_path / "backups").iterdir())
    lock = QLockFile(f"{path}.lock")  # what a running window holds
    assert lock.tryLock(0)
    try:
        before = _digest(path)
        capsys.readouterr()
        assert main(["restore", str(backup), "--db", str(path)]) == 1
        err = one_line(capsys.readouterr().err)
    finally:
        lock.unlock()
    assert f"is open in a Sprint Facilitator window (process {os.getpid()})" in err
    assert _digest(path) == before


def test_restore_of_an_older_schema_is_migrated(tmp_path: Path) -> None:
    from alembic import command
    from alembic.config import Config

    old = tmp_path / "old.sqlite3"
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    engine = create_sqlite_engine(old)
    with engine.connect() as conn, conn.begin():
        config.attributes["connection"] = conn
        command.upgrade(config, REVISIONS[0])
        conn.exec_driver_sql(
            "INSERT INTO team (name, sprint_length_days, points_per_person_day, "
            "blocker_sla_hours, min_overlap_hours, created_at) "
            "VALUES ('From the old days', 10, 1.0, 24, 3.0, '2025-01-01 09:00:00')"
        )
    engine.dispose()
    path = _database(tmp_path, "Payments")
    assert main(["restore", str(old), "--db", str(path)]) == 0
    store = open_store(target_from(path), upgrade=False)  # already at HEAD
    assert [team.name for team in list_teams(store)] == ["From the old days"]
    store.close()
    kinds = {info.kind for info in list_backups(path)}
    assert kinds == {"before-restore", f"schema-{REVISIONS[0]}"}


def test_restore_into_a_file_sqlite_cannot_open_keeps_the_damaged_copy(tmp_path: Path) -> None:
    path = _database(tmp_path, "Payments")
    store = open_store(target_from(path))
    good = maintenance.backup(store, None, MORNING)
    store.close()
    data = bytearray(path.read_bytes())
    data[:100] = b"\x00" * 100  # the header is gone: SQLITE_NOTADB
    path.write_bytes(bytes(data))
    damaged = path.read_bytes()
    result = restore_backup(path, good, MORNING + dt.timedelta(hours=1), keep=7)
    assert result.kept_current is not None
    assert result.kept_current.read_bytes() == damaged
    assert dump(path) == dump(good)
    assert main(["check", "--db", str(path)]) == 0


def test_restore_into_a_new_file(tmp_path: Path) -> None:
    path = _database(tmp_path, "Payments")
    store = open_store(target_from(path))
    good = maintenance.backup(store, None, MORNING)
    store.close()
    fresh = tmp_path / "elsewhere" / "restored.sqlite3"
    assert main(["restore", str(good), "--db", str(fresh)]) == 0
    assert dump(fresh) == dump(good)
    assert fresh.stat().st_mode & 0o777 == 0o600


def test_listing_backups_newest_first_with_date_and_size(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _database(tmp_path, "Payments")
    capsys.readouterr()
    assert main(["restore", "--db", str(path)]) == 1
    assert f"no backups of {path}" in one_line(capsys.readouterr().err)
    for hours, kind in ((0, DAILY), (30, DAILY), (2, "before-restore")):
        automatic_backup(path, kind, MORNING + dt.timedelta(hours=hours), keep=7)
    assert main(["restore", "--db", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"Backups of {path}, newest first:"
    assert "2026-12-01 15:00:00" in lines[1]
    assert "daily" in lines[1]
    assert "2026-11-30 11:00:00" in lines[2]
    assert "before a restore" in lines[2]
    assert "2026-11-30 09:00:00" in lines[3]
    assert "KB" in lines[1]
    assert lines[-1].startswith("Restore one with: facilitator restore FILE")


def test_daily_backup_is_taken_once_a_day_and_rotated(tmp_path: Path) -> None:
    path = _database(tmp_path, "Payments")
    store = open_store(target_from(path))
    try:
        made = [
            maintenance.daily_backup(store, MORNING + dt.timedelta(hours=hours), keep=3)
            for hours in (0, 5, 23, 24, 49, 80, 104)
        ]
    finally:
        store.close()
    # Due when the newest daily backup is a day old: at 0, 24, 49, 80 and 104 hours.
    assert [m is not None for m in made] == [True, False, False, True, True, True, True]
    daily = [info.taken_at for info in list_backups(path) if info.kind == DAILY]
    assert daily == [MORNING + dt.timedelta(hours=h) for h in (104, 80, 49)]
    assert not daily_backup_due(path, MORNING + dt.timedelta(hours=105))
    for info in list_backups(path):
        assert info.path.stat().st_mode & 0o777 == 0o600
        with sqlite3.connect(info.path) as conn:
            assert conn.execute("SELECT name FROM team").fetchall() == [("Payments",)]
        conn.close()


def test_backups_before_migrations_are_rotated_too(tmp_path: Path) -> None:
    path = _database(tmp_path, "Payments")
    for hour in range(5):
        automatic_backup(path, f"schema-000{hour}", MORNING + dt.timedelta(hours=hour), keep=2)
    assert [info.kind for info in list_backups(path)] == ["schema-0004", "schema-0003"]


def test_keep_backups_option_and_environment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from facilitator import cli

    assert cli.keep_backups(cli.parse(["check"])) == 7
    monkeypatch.setenv(cli.KEEP_BACKUPS_ENV, "3")
    assert cli.keep_backups(cli.parse(["check"])) == 3
    assert cli.keep_backups(cli.parse(["check", "--keep-backups", "12"])) == 12
    with pytest.raises(SystemExit) as exited:
        cli.parse(["check", "--keep-backups", "0"])
    assert exited.value.code == 2
    assert "--keep-backups: expected a whole number of at least 1, got '0'" in one_line(
        capsys.readouterr().err
    )
    monkeypatch.setenv(cli.KEEP_BACKUPS_ENV, "lots")
    path = _database(tmp_path, "Payments")
    assert main(["restore", str(path) + ".nope", "--db", str(path)]) == 1
    capsys.readouterr()
    backup = tmp_path / "b.sqlite3"
    assert main(["backup", str(backup), "--db", str(path)]) == 0
    assert main(["restore", str(backup), "--db", str(path)]) == 1
    assert f"${cli.KEEP_BACKUPS_ENV}: expected a whole number" in one_line(capsys.readouterr().err)


def test_server_databases_are_not_backed_up_or_restored_here(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["restore", "x.sqlite3", "--db", "postgresql+psycopg://u@localhost:1/db"]) == 1
    assert "restore it with the server's own tools" in one_line(capsys.readouterr().err)


def test_restore_needs_no_window_lock_left_by_a_dead_process(tmp_path: Path) -> None:
    path = _database(tmp_path, "Payments")
    store = open_store(target_from(path))
    good = maintenance.backup(store, None, MORNING)
    store.close()
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    Path(f"{path}.lock").write_text(f"{dead.stdout.strip()}\nfacilitator\n{os.uname().nodename}\n")
    assert main(["restore", str(good), "--db", str(path)]) == 0


def test_inspect_rejects_what_restore_would_refuse(tmp_path: Path) -> None:
    from facilitator.store.backups import inspect_backup

    with pytest.raises(StoreUnavailable, match="Cannot read the backup"):
        inspect_backup(tmp_path / "missing.sqlite3")
