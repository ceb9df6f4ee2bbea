"""A refused or failed command leaves nothing behind and says why in one line."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from facilitator.app import main
from tests.helpers.storage import REPO, one_line

FULL_DISK_KB = 160  # a tmpfs this small cannot hold the demo database's backup


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("today", ["9999-12-31", "0001-01-01", "1899-12-31"])
def test_demo_today_out_of_range_is_one_line_and_creates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], today: str
) -> None:
    db = tmp_path / "new" / "demo.sqlite3"
    with pytest.raises(SystemExit) as exited:
        main(["demo", "--db", str(db), "--today", today])
    assert exited.value.code == 2
    line = one_line(capsys.readouterr().err)
    assert line.startswith("facilitator demo: argument --today: ")
    assert f"{today} is out of range: expected a date YYYY-MM-DD from 1900-01-01 to 9000-12-31" in (
        line
    )
    assert not db.parent.exists()


def test_demo_today_that_is_not_a_date(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["demo", "--db", str(tmp_path / "d.sqlite3"), "--today", "2026-13-01"])
    assert exited.value.code == 2
    assert "--today: expected a date YYYY-MM-DD" in one_line(capsys.readouterr().err)


def test_demo_at_the_ends_of_the_range(tmp_path: Path) -> None:
    for today in ("1900-01-01", "9000-12-31"):
        db = tmp_path / f"{today}.sqlite3"
        assert main(["demo", "--db", str(db), "--today", today, "--stories", "20"]) == 0
        assert main(["check", "--db", str(db)]) == 0


def test_a_refused_demo_leaves_no_database_file_behind(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "fresh" / "demo.sqlite3"
    assert main(["demo", "--db", str(db), "--sprints", "99999"]) == 1
    assert "--sprints: 99999 is outside 0–5000" in one_line(capsys.readouterr().err)
    assert not db.parent.exists()  # neither the file, its -wal/-shm, nor the folder made for it
    existing = tmp_path / "mine"
    existing.mkdir()
    db = existing / "demo.sqlite3"
    assert main(["demo", "--db", str(db), "--stories", "9"]) == 1
    assert "--stories: 9 is outside" in one_line(capsys.readouterr().err)
    assert list(existing.iterdir()) == []  # the folder was there before: it stays, empty


def test_a_demo_onto_a_database_with_teams_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "demo.sqlite3"
    assert main(["demo", "--db", str(db), "--stories", "60", "--today", "2026-11-25"]) == 0
    before = _digest(db)
    files = sorted(p.name for p in tmp_path.iterdir())
    capsys.readouterr()
    assert main(["demo", "--db", str(db), "--stories", "60"]) == 1
    assert "already holds teams" in one_line(capsys.readouterr().err)
    assert _digest(db) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == files


def _in_a_full_disk(folder: Path, *args: str) -> tuple[int, str, list[str], bool]:
    """Run the CLI with ``folder`` on a tiny tmpfs.

    Returns:
        The exit code, stderr, the files left in ``folder``, and whether the disk was really
        full (False: the fallback below was used).


    A private mount namespace (``unshare -m``) makes a real full disk: the kernel answers
    ENOSPC and SQLite reports SQLITE_FULL. Where namespaces are not allowed, a file size limit
    (RLIMIT_FSIZE) makes the writes fail instead.
    """
    folder.mkdir(exist_ok=True)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    run = f"{sys.executable} -m facilitator " + " ".join(f"'{arg}'" for arg in args)
    script = (
        f"mount -t tmpfs -o size={FULL_DISK_KB}k tmpfs '{folder}' || exit 99; "
        f"echo '--mounted' >&2; {run}; rc=$?; "
        f"echo '--left:' >&2; ls -A '{folder}' >&2; exit $rc"
    )
    flags = ["-m"] if os.geteuid() == 0 else ["-rm"]
    if shutil.which("unshare"):
        done = subprocess.run(
            ["unshare", *flags, "sh", "-c", script],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        _, mounted, rest = done.stderr.partition("--mounted\n")
        if mounted:
            err, _, left = rest.partition("--left:\n")
            return done.returncode, err, left.split(), True
    limit = (
        "import resource, signal, sys; signal.signal(signal.SIGXFSZ, signal.SIG_IGN); "
        f"resource.setrlimit(resource.RLIMIT_FSIZE, ({FULL_DISK_KB * 1024},) * 2); "
        "from facilitator.app import main; sys.exit(main(sys.argv[1:]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", limit, *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return done.returncode, done.stderr, sorted(p.name for p in folder.iterdir()), False


def test_a_backup_onto_a_full_disk_leaves_no_file(tmp_path: Path) -> None:
    db = tmp_path / "demo.sqlite3"
    assert main(["demo", "--db", str(db), "--stories", "300", "--today", "2026-11-25"]) == 0
    assert db.stat().st_size > FULL_DISK_KB * 1024
    dest = tmp_path / "usb-stick"
    code, err, left, full = _in_a_full_disk(
        dest, "backup", str(dest / "copy.sqlite3"), "--db", str(db)
    )
    assert code == 1
    line = one_line(err)
    assert line.startswith(f"facilitator backup: Cannot back up {db} to {dest / 'copy.sqlite3'}")
    if full:  # SQLITE_FULL from a really full file system
        assert line.endswith(": the disk is full; free some space")
    assert left == []  # no 0-byte or partial file
