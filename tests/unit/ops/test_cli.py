"""The command line: demo, check, backup, and one-line errors with non-zero exits."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from facilitator.app import main


def _demo(path: Path, *extra: str) -> int:
    return main(["demo", "--db", str(path), "--today", "2026-11-25", *extra])


def test_demo_then_check_exit_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "demo.sqlite3"
    assert _demo(db, "--sprints", "20", "--stories", "400") == 0
    assert "Wrote 2 teams" in capsys.readouterr().out
    assert main(["check", "--db", str(db)]) == 0
    assert capsys.readouterr().out.strip().endswith(": ok")


def test_check_reports_inconsistencies(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "demo.sqlite3"
    _demo(db, "--sprints", "3", "--stories", "80")
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE sprint SET state = 'active' WHERE team_id = 1")
        conn.execute("DROP INDEX uq_story_team_rank")  # edited by hand: ranks no longer unique
        conn.execute("UPDATE story SET rank = 1024 WHERE id IN (1, 2)")
    conn.close()
    capsys.readouterr()
    assert main(["check", "--db", str(db)]) == 1
    out = capsys.readouterr().out
    assert "sprints are active at once" in out
    assert "share rank 1024" in out


def test_check_of_missing_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--db", str(tmp_path / "nope.sqlite3")]) == 1
    assert "no database at" in capsys.readouterr().err
    assert not (tmp_path / "nope.sqlite3").exists()


def test_check_of_a_non_sqlite_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "x.sqlite3"
    path.write_text("hello")
    assert main(["check", "--db", str(path)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0
    assert "is not a SQLite database" in err
    assert path.read_text() == "hello"


def test_backup_is_a_consistent_copy(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "demo.sqlite3"
    _demo(db, "--sprints", "3", "--stories", "80")
    dest = tmp_path / "copy.sqlite3"
    assert main(["backup", str(dest), "--db", str(db)]) == 0
    assert dest.stat().st_mode & 0o777 == 0o600
    with sqlite3.connect(dest) as conn:
        assert conn.execute("SELECT count(*) FROM story").fetchone() == (120,)
    conn.close()
    assert main(["check", "--db", str(dest)]) == 0
    capsys.readouterr()
    assert main(["backup", str(dest), "--db", str(db)]) == 1
    assert "already exists" in capsys.readouterr().err


def test_backup_into_a_folder_and_default_folder(tmp_path: Path) -> None:
    db = tmp_path / "demo.sqlite3"
    _demo(db, "--sprints", "2", "--stories", "70")
    folder = tmp_path / "bk"
    folder.mkdir()
    assert main(["backup", str(folder), "--db", str(db)]) == 0
    assert len(list(folder.glob("demo-*.sqlite3"))) == 1
    # Without a destination, backups go next to the database, where restore looks for them.
    assert main(["backup", "--db", str(db)]) == 0
    assert len(list((tmp_path / "backups").glob("demo-*.sqlite3"))) == 1
    data_dir = tmp_path / "data"  # the default database's backups/ is the data folder's
    assert (
        main(
            [
                "--data-dir",
                str(data_dir),
                "demo",
                "--stories",
                "60",
                "--db",
                str(data_dir / "facilitator.sqlite3"),
            ]
        )
        == 0
    )
    assert main(["--data-dir", str(data_dir), "backup"]) == 0
    assert len(list((data_dir / "backups").glob("facilitator-*.sqlite3"))) == 1


def test_default_database_lives_in_the_data_dir(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"  # conftest points FACILITATOR_DATA_DIR here
    assert main(["demo", "--db", str(data_dir / "facilitator.sqlite3"), "--stories", "60"]) == 0
    assert main(["check"]) == 0


def test_demo_requires_db(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo"]) == 2
    assert "--db PATH is required" in capsys.readouterr().err


def test_unknown_driver_url(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--db", "oracle+nothing://x/y"]) == 1
    assert "Unknown database driver" in capsys.readouterr().err


def test_demo_into_a_database_with_teams_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "demo.sqlite3"
    _demo(db, "--sprints", "2", "--stories", "70")
    before = db.read_bytes()
    capsys.readouterr()
    assert _demo(db) == 1
    assert "already holds teams" in capsys.readouterr().err
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM team").fetchone() == (2,)
    conn.close()
    assert len(before) > 0
