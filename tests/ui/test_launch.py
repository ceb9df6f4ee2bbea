"""Launching the GUI: application identity, and a clear dialog for a database it cannot open."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from facilitator import APP_ID
from facilitator.app import configure_application, main
from facilitator.ui.dialogs import Dialogs


def test_application_identity_and_icon(qapp: QApplication) -> None:
    configure_application(qapp)
    assert QGuiApplication.desktopFileName() == APP_ID
    assert not qapp.windowIcon().isNull()
    assert qapp.windowIcon().availableSizes() or qapp.windowIcon().pixmap(64).width() == 64


def _bad_db(kind: str, tmp_path: Path) -> str:
    if kind == "text file":
        path = tmp_path / "notes.sqlite3"
        path.write_text("plain text")
        return str(path)
    if kind == "unknown driver":
        return "nosuchdb://server/team"
    blocker = tmp_path / "a-file"
    blocker.write_text("a file, not a folder")
    return str(blocker / "sub" / "team.sqlite3")


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("text file", "is not a SQLite database"),
        ("unknown driver", "Unknown database driver"),
        ("folder under a file", "Cannot create the folder"),
    ],
)
def test_unusable_database_shows_one_dialog_and_exits_nonzero(
    qapp: QApplication,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    kind: str,
    message: str,
) -> None:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        Dialogs, "error", lambda self, parent, title, text: shown.append((title, text))
    )
    assert main(["--db", _bad_db(kind, tmp_path)]) == 1
    assert len(shown) == 1
    assert shown[0][0] == "Cannot open the database"
    assert message in shown[0][1]
    assert message in capsys.readouterr().err


def test_no_error_dialogs_only_prints(
    qapp: QApplication,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(Dialogs, "error", lambda self, parent, title, text: shown.append(text))
    bad = tmp_path / "bad.sqlite3"
    bad.write_text("nope")
    assert main(["--no-error-dialogs", "--db", str(bad)]) == 1
    assert shown == []
    assert "is not a SQLite database" in capsys.readouterr().err


def test_a_database_open_in_another_window_is_refused(
    qapp: QApplication,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from PySide6.QtCore import QLockFile

    from facilitator.ui.opening import lock_database

    shown: list[str] = []
    monkeypatch.setattr(Dialogs, "error", lambda self, parent, title, text: shown.append(text))
    db = tmp_path / "team.sqlite3"
    first = lock_database(db)  # the first window holds the file
    try:
        assert main(["--db", str(db)]) == 1
    finally:
        first.unlock()
    assert "is already open in another Sprint Facilitator window" in shown[0]
    assert "already open" in capsys.readouterr().err
    assert not db.exists()  # refused before anything was created or migrated
    again = QLockFile(str(db) + ".lock")
    assert again.tryLock(0)  # released: the next window may open it
    again.unlock()
