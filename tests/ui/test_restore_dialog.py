"""Restore from the app, the daily backup at start, a damaged database offered a backup."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QComboBox, QLabel, QPushButton, QTableWidget, QToolButton
from pytestqt.qtbot import QtBot

from facilitator import cli
from facilitator.app import main
from facilitator.ops import maintenance
from facilitator.ops.teams import create_team, list_teams
from facilitator.paths import resolve
from facilitator.store.backups import BackupFailed, list_backups
from facilitator.store.db import Store, target_from
from facilitator.store.migrate import open_store
from facilitator.ui.context import UiContext
from facilitator.ui.dialogs import Dialogs
from facilitator.ui.main_window import MainWindow
from facilitator.ui.opening import open_or_recover
from facilitator.ui.restore_dialog import RestoreDialog
from tests.helpers.backlog_team import AnsweringDialogs
from tests.helpers.storage import corrupt_pages

NOW = dt.datetime(2026, 12, 1, 10, 0)


def _store(tmp_path: Path, *teams: str) -> Store:
    store = open_store(target_from(tmp_path / "team.sqlite3"))
    for name in teams:
        create_team(store, name, 10, ["Tested"])
    return store


def _path(store: Store) -> Path:
    path = store.target.sqlite_path
    assert path is not None
    return path


def _window(qtbot: QtBot, store: Store, dialogs: Dialogs) -> MainWindow:
    window = MainWindow(UiContext(store=store, dialogs=dialogs, now=lambda: NOW.astimezone()))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitActive(window)
    return window


def _teams(window: MainWindow) -> list[str]:
    switcher = window.findChild(QComboBox, "team_switcher")
    if switcher.isVisible():
        return [switcher.itemText(i) for i in range(switcher.count())]
    return [window.findChild(QLabel, "team_label").text()]


def test_restore_from_the_window_lists_backups_and_brings_one_back(
    qtbot: QtBot, tmp_path: Path
) -> None:
    store = _store(tmp_path, "Payments")
    older = maintenance.backup(store, None, NOW - dt.timedelta(days=2))
    create_team(store, "Risk", 10, ["Tested"])
    newer = maintenance.daily_backup(store, NOW - dt.timedelta(days=1), keep=7)
    assert newer is not None
    create_team(store, "Added after the last backup", 10, ["Tested"])
    dialogs = AnsweringDialogs(answer=True)
    window = _window(qtbot, store, dialogs)
    assert "Added after the last backup" in _teams(window)

    button = window.findChild(QToolButton, "restore_button")
    assert button.isVisible()
    assert button.accessibleName() == "Restore a backup"
    qtbot.keyClick(
        window.windowHandle(),
        Qt.Key.Key_B,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    dialog = window.findChild(RestoreDialog, "restore_dialog")
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    table = dialog.findChild(QTableWidget, "backup_table")
    rows = [[table.item(r, c).text() for c in range(4)] for r in range(table.rowCount())]
    assert rows[0][0] == "Mon 30 Nov 2026 10:00"  # newest first, selected
    assert rows[0][2] == "daily"
    assert rows[0][3] == str(newer)
    assert rows[0][1].endswith("KB")
    assert rows[1][0] == "Sun 29 Nov 2026 10:00"
    assert rows[1][3] == str(older)
    chosen = dialog.chosen()
    assert chosen is not None
    assert chosen.path == newer

    qtbot.mouseClick(
        dialog.findChild(QPushButton, "restore_confirm_button"), Qt.MouseButton.LeftButton
    )
    assert len(dialogs.confirms) == 1
    assert newer.name in dialogs.confirms[0][1]
    assert "backed up first" in dialogs.confirms[0][1]
    qtbot.waitUntil(lambda: _teams(window) == ["Payments", "Risk"])
    assert dialogs.errors == []
    assert window.statusBar().currentMessage().startswith(f"Restored {newer.name}; the database")
    kept = [info for info in list_backups(_path(store)) if info.kind == "before-restore"]
    assert len(kept) == 1
    # The app goes on working on the restored file.
    create_team(store, "After the restore", 10, ["Tested"])
    assert sorted(t.name for t in list_teams(store)) == ["After the restore", "Payments", "Risk"]


def test_a_backup_that_cannot_be_restored_is_a_message_and_changes_nothing(
    qtbot: QtBot, tmp_path: Path
) -> None:
    store = _store(tmp_path, "Payments")
    fake = tmp_path / "backups" / "team.daily.20261130-100000.bak.sqlite3"
    fake.parent.mkdir()
    fake.write_text("not a database at all")
    dialogs = AnsweringDialogs(answer=True)
    window = _window(qtbot, store, dialogs)
    window.restore.action.trigger()
    dialog = window.findChild(RestoreDialog, "restore_dialog")
    dialog.accept()
    assert dialogs.errors[0][0] == "Cannot restore the backup"
    assert "is not a Sprint Facilitator backup" in dialogs.errors[0][1]
    assert _teams(window) == ["Payments"]
    assert [info.kind for info in list_backups(_path(store))] == ["daily"]


def test_without_backups_the_action_says_so(qtbot: QtBot, tmp_path: Path) -> None:
    dialogs = AnsweringDialogs()
    window = _window(qtbot, _store(tmp_path, "Payments"), dialogs)
    window.restore.action.trigger()
    assert dialogs.errors[0][0] == "No backups yet"
    assert window.findChild(RestoreDialog, "restore_dialog") is None


def test_start_check_takes_the_daily_backup_once(qtbot: QtBot, tmp_path: Path) -> None:
    store = _store(tmp_path, "Payments")
    dialogs = AnsweringDialogs()
    window = _window(qtbot, store, dialogs)
    with qtbot.waitSignal(window.restore.checked):
        window.restore.check_at_start()
    daily = [info for info in list_backups(_path(store)) if info.kind == "daily"]
    assert [info.taken_at for info in daily] == [NOW]
    assert window.statusBar().currentMessage() == f"Daily backup saved as {daily[0].path.name}"
    with qtbot.waitSignal(window.restore.checked):
        window.restore.check_at_start()  # same day: no second one
    assert len(list_backups(_path(store))) == 1
    assert dialogs.errors == []
    assert dialogs.confirms == []


def test_the_start_check_runs_off_the_gui_thread_which_takes_input_meanwhile(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = _store(tmp_path, "Payments")
    window = _window(qtbot, store, AnsweringDialogs())
    release, on = threading.Event(), []
    check = maintenance.quick_check

    def slow_check(target: Store) -> list[str]:
        on.append(threading.current_thread().name)
        release.wait(10)
        return check(target)

    monkeypatch.setattr(maintenance, "quick_check", slow_check)
    thread = window.restore.check_at_start()
    qtbot.waitUntil(lambda: on == ["start-check"])
    # The check is reading: a key still reaches the window, and the screen it opens shows.
    QTest.keyClick(window.nav, Qt.Key.Key_Down)
    assert window.nav.currentRow() == 1
    assert window.current_screen() is window.screens[1]
    assert window.statusBar().currentMessage() == ""
    with qtbot.waitSignal(window.restore.checked):
        release.set()
    thread.join()
    assert window.statusBar().currentMessage().startswith("Daily backup saved as ")


def test_a_daily_backup_that_fails_at_start_says_why(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialogs = AnsweringDialogs()
    window = _window(qtbot, _store(tmp_path, "Payments"), dialogs)

    def full_disk(*_args: object) -> None:
        raise BackupFailed("Cannot write the backup: no space left on the device")

    monkeypatch.setattr(maintenance, "daily_backup", full_disk)
    with qtbot.waitSignal(window.restore.checked):
        window.restore.check_at_start()
    assert dialogs.errors == [
        ("The daily backup failed", "Cannot write the backup: no space left on the device")
    ]


def test_a_bug_in_the_start_check_is_raised_on_the_gui_thread(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = _window(qtbot, _store(tmp_path, "Payments"), AnsweringDialogs())

    def broken(_store: Store) -> list[str]:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(maintenance, "quick_check", broken)
    with qtbot.captureExceptions() as raised:
        window.restore.check_at_start().join()
        qtbot.waitUntil(lambda: bool(raised))
    kind, error, _trace = raised[0]
    assert kind is ZeroDivisionError
    assert str(error) == "a bug"


def test_damaged_pages_found_at_start_offer_the_newest_good_backup(
    qtbot: QtBot, tmp_path: Path
) -> None:
    store = _store(tmp_path, "Payments", "Risk")
    good = maintenance.daily_backup(store, NOW - dt.timedelta(days=1), keep=7)
    assert good is not None
    store.close()
    corrupt_pages(_path(store), "team")
    dialogs = AnsweringDialogs(answer=True)
    window = _window(qtbot, store, dialogs)
    # Reading the teams already failed, with a message, not a traceback.
    assert dialogs.errors[0][0] == "Cannot read the database"
    assert "is damaged" in dialogs.errors[0][1]
    with qtbot.waitSignal(window.restore.checked):
        window.restore.check_at_start()
    assert dialogs.confirms[0][0] == "The database is damaged"
    assert good.name in dialogs.confirms[0][1]
    assert _teams(window) == ["Payments", "Risk"]
    assert maintenance.quick_check(store) == []
    # The damaged file was kept aside, as it was; it is not offered as a backup.
    path = _path(store)
    assert [info.kind for info in list_backups(path)] == ["daily"]
    assert [info.kind for info in list_backups(path, include_damaged=True)] == ["damaged", "daily"]


def _trash_schema(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)
    path.write_bytes(bytes(data))


def test_a_database_damaged_at_launch_offers_the_newest_good_backup(
    qapp: object,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    store = _store(tmp_path, "Payments")
    good = maintenance.daily_backup(store, NOW - dt.timedelta(days=1), keep=7)
    assert good is not None
    store.close()
    path = _path(store)
    assert path is not None
    _trash_schema(path)
    asked: list[str] = []
    shown: list[str] = []

    def decline(self: Dialogs, parent: object, title: str, text: str) -> bool:
        asked.append(text)
        return False

    monkeypatch.setattr(Dialogs, "confirm", decline)
    monkeypatch.setattr(Dialogs, "error", lambda self, parent, title, text: shown.append(text))
    damaged = path.read_bytes()
    assert main(["--db", str(path)]) == 1
    assert len(asked) == 1
    assert f"Restore the newest good backup, {good.name}" in asked[0]
    assert shown == []  # declined: no second box
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0
    assert "is damaged" in err
    assert path.read_bytes() == damaged  # declined: nothing changed

    # Accepted: the backup is restored and the app opens on it.
    dialogs = AnsweringDialogs(answer=True)
    args = cli.parse(["--db", str(path)])
    opened, lock = open_or_recover(args, resolve(tmp_path / "data"), None, dialogs)
    try:
        assert [team.name for team in list_teams(opened)] == ["Payments"]
    finally:
        opened.close()
        if lock is not None:
            lock.unlock()
    kept = [info for info in list_backups(path, include_damaged=True) if info.kind == "damaged"]
    assert len(kept) == 1
    assert kept[0].path.read_bytes() == damaged
