"""Every file the app writes is the user's only, from the very first connection."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from facilitator import cli, crash
from facilitator.app import main
from facilitator.ops import maintenance
from facilitator.ops.teams import create_team
from facilitator.paths import resolve
from facilitator.ui.opening import open_for_gui


@contextlib.contextmanager
def _umask(mask: int) -> Iterator[None]:
    previous = os.umask(mask)
    try:
        yield
    finally:
        os.umask(previous)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_every_file_of_a_first_session_is_private(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    paths = resolve(data_dir)
    args = cli.parse(["--data-dir", str(data_dir)])
    # A typical user umask: files would be 0644 and folders 0755 unless the app sees to it.
    with _umask(0o022):
        store, lock = open_for_gui(args, paths, None)
        assert lock is not None
        try:
            create_team(store, "Secret merger", 10, ["Tested"])  # the -wal now holds the title
            db = paths.default_db
            wal, shm = Path(f"{db}-wal"), Path(f"{db}-shm")
            assert b"Secret merger" in wal.read_bytes()
            made = maintenance.daily_backup(store, dt.datetime(2026, 11, 30, 9), keep=7)
            assert made is not None
            crash.install(paths.log_file, None)
            try:
                sys.excepthook(RuntimeError, RuntimeError("Secret merger"), None)
            finally:
                sys.excepthook = sys.__excepthook__
            files = {
                "database": db,
                "-wal": wal,
                "-shm": shm,
                "lock": Path(lock.fileName()),
                "backup": made,
                "log": paths.log_file,
            }
            modes = {name: oct(_mode(path)) for name, path in files.items()}
        finally:
            store.close()
            lock.unlock()
    assert modes == dict.fromkeys(files, "0o600")
    assert oct(_mode(data_dir)) == "0o700"
    assert oct(_mode(made.parent)) == "0o700"


def test_the_lock_file_is_private_and_holds_what_locking_needs(tmp_path: Path) -> None:
    import socket

    from facilitator.ui.opening import lock_database

    db = tmp_path / "team.sqlite3"
    with _umask(0o022):
        lock = lock_database(db)
    try:
        lock_file = Path(lock.fileName())
        assert oct(_mode(lock_file)) == "0o600"
        lines = lock_file.read_text().splitlines()
        assert lines[0] == str(os.getpid())  # Qt's stale-lock test: the process id...
        assert lines[2] == socket.gethostname()  # ...and the host it runs on
    finally:
        lock.unlock()


def test_the_command_line_runs_with_a_private_umask(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from facilitator.ops import demo

    seen: list[int] = []
    real = demo.generate

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        current = os.umask(0)
        os.umask(current)
        seen.append(current)
        return real(*args, **kwargs)

    monkeypatch.setattr(demo, "generate", spy)
    with _umask(0o022):
        assert main(["demo", "--db", str(tmp_path / "d.sqlite3"), "--stories", "60"]) == 0
        after = os.umask(0o022)
    assert seen == [0o077]
    assert after == 0o022  # restored for whoever called main() in this process


def test_an_old_log_is_made_private(tmp_path: Path) -> None:
    log = tmp_path / "facilitator.log"
    log.write_text("--- an old entry\n")
    log.chmod(0o644)
    crash.install(log, None)
    try:
        sys.excepthook(ValueError, ValueError("boom"), None)
    finally:
        sys.excepthook = sys.__excepthook__
    assert oct(_mode(log)) == "0o600"
    assert log.read_text().startswith("--- an old entry\n")
