"""The GUI import runs on a worker thread: the bar moves by queued signals, the window stays
responsive (its timers fire, its badges are read) while the worker holds the write lock, Cancel
and closing the window roll everything back, and the thread has ended after each import; on
SQLite and on PostgreSQL (the worker's session takes its own pooled connection)."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QTimer
from pytestqt.qtbot import QtBot

from facilitator.ops.changes import Changes, Kind
from facilitator.ops.teams import create_team
from facilitator.store.db import Store, target_from
from facilitator.store.failures import DatabaseLocked
from facilitator.store.migrate import open_store
from facilitator.ui.main_window import MainWindow
from facilitator.ui.widgets import import_dialog
from facilitator.ui.widgets.import_dialog import ImportDialog, ImportWorker
from tests.helpers.backends import BACKENDS, backend_store
from tests.helpers.big_dump import write_big_dump
from tests.helpers.exchange_files import jira_csv, jira_row, write_jira
from tests.helpers.scenario import Clock, FakeDialogs, open_window
from tests.unit.ops.test_importing import checksum

NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    with backend_store(request.param, tmp_path) as opened:
        yield opened


@pytest.fixture
def dialogs() -> FakeDialogs:
    return FakeDialogs()


@pytest.fixture
def window(qtbot: QtBot, store: Store, dialogs: FakeDialogs) -> MainWindow:
    create_team(store, "Payments", 10, ["Tested"])
    return open_window(qtbot, store, Clock(NOW), dialogs)


@pytest.fixture
def held(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Hold the worker at its first progress report past a tenth of the file until Cancel is
    asked for; the event returned is set once it is held (the op holding the write lock)."""
    reached = threading.Event()
    report = ImportWorker.report

    def holding(worker: ImportWorker, share: float) -> bool:
        keep = report(worker, share)
        if share > 0.1 and not reached.is_set():
            reached.set()
            assert worker.cancelled.wait(60), "the test never cancelled the held import"
            return False
        return keep

    monkeypatch.setattr(ImportWorker, "report", holding)
    return reached


def _open(qtbot: QtBot, window: MainWindow, source: Path) -> ImportDialog:
    dialog = window.file_menu.open_import("jira", source)
    qtbot.addWidget(dialog)
    return dialog


def _emitted(window: MainWindow) -> list[Changes]:
    seen: list[Changes] = []
    window.ctx.actions.changed.connect(seen.append)
    return seen


def test_the_bar_moves_while_a_large_file_is_read(
    qtbot: QtBot, window: MainWindow, store: Store, tmp_path: Path
) -> None:
    dialog = _open(qtbot, window, write_jira(tmp_path / "jira.csv", 3000))
    values: list[int] = []
    dialog.progress.valueChanged.connect(values.append)
    emitted = _emitted(window)
    dialog.import_button.click()
    assert dialog.running
    assert dialog.progress.isVisible()
    qtbot.waitUntil(lambda: not dialog.running, timeout=60_000)
    assert dialog.worker_thread.isFinished()
    assert len(set(values)) >= 5  # 3000 rows, a report every 250
    assert values == sorted(values)
    assert values[-1] == 1000
    assert not dialog.progress.isVisible()
    assert dialog.outcome.text().startswith("Imported into Payments: 3000 created")
    assert len(emitted) == 1
    assert emitted[0].touches(Kind.BACKLOG)
    assert not dialog.import_button.isEnabled()  # done: the same file again is a new dialog


def test_cancel_mid_way_changes_nothing(
    qtbot: QtBot, window: MainWindow, store: Store, tmp_path: Path, held: threading.Event
) -> None:
    dialog = _open(qtbot, window, write_jira(tmp_path / "jira.csv", 3000))
    before = checksum(store)
    emitted = _emitted(window)
    dialog.import_button.click()
    qtbot.waitUntil(held.is_set)
    qtbot.waitUntil(lambda: dialog.progress.value() > 0)
    assert not dialog.import_button.isEnabled()
    dialog.cancel_button.click()
    qtbot.waitUntil(lambda: not dialog.running, timeout=30_000)
    assert dialog.worker_thread.isFinished()
    assert dialog.error.text() == "✗ Import cancelled; nothing was saved"
    assert emitted == []
    assert checksum(store) == before
    assert dialog.isVisible()  # Cancel while running stops the import, not the dialog
    assert dialog.import_button.isEnabled()  # can be started again


def test_escape_cancels_a_running_import(
    qtbot: QtBot, window: MainWindow, store: Store, tmp_path: Path, held: threading.Event
) -> None:
    dialog = _open(qtbot, window, write_jira(tmp_path / "jira.csv", 3000))
    before = checksum(store)
    dialog.import_button.click()
    qtbot.waitUntil(held.is_set)
    dialog.reject()  # what Escape and the dialog's close button call
    qtbot.waitUntil(lambda: not dialog.running, timeout=30_000)
    assert "Import cancelled" in dialog.error.text()
    assert checksum(store) == before


def test_the_window_stays_responsive_and_reads_badges_during_an_import(
    qtbot: QtBot, window: MainWindow, store: Store, tmp_path: Path, held: threading.Event
) -> None:
    window.badges.refresh()
    badges = [window.nav.item(row).text() for row in range(window.nav.count())]
    assert any("!" in text for text in badges)  # something is counted (a new team's checks)
    dialog = _open(qtbot, window, write_jira(tmp_path / "jira.csv", 3000))
    dialog.import_button.click()
    qtbot.waitUntil(held.is_set)  # the worker is inside BEGIN IMMEDIATE, holding the lock
    ticks: list[int] = []
    timer = QTimer(window)
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    qtbot.waitUntil(lambda: len(ticks) >= 3)  # the event loop runs
    timer.stop()
    for row in range(window.nav.count()):
        window.nav.item(row).setText("")
    window.badges.refresh()  # a full recount on the GUI thread, during the import
    assert [window.nav.item(row).text() for row in range(window.nav.count())] == badges
    window.badges.ageing.timeout.emit()  # the minute's recount of the standup badge
    qtbot.waitUntil(lambda: not window.badges.timer.isActive())
    assert [window.nav.item(row).text() for row in range(window.nav.count())] == badges
    dialog.cancel_button.click()
    qtbot.waitUntil(lambda: not dialog.running, timeout=30_000)
    assert dialog.worker_thread.isFinished()


def test_closing_the_window_cancels_and_waits_for_the_import(
    qtbot: QtBot, window: MainWindow, store: Store, tmp_path: Path, held: threading.Event
) -> None:
    dialog = _open(qtbot, window, write_jira(tmp_path / "jira.csv", 3000))
    before = checksum(store)
    dialog.import_button.click()
    qtbot.waitUntil(held.is_set)
    assert window.file_menu.importing
    window.close()  # cancels, waits: no "QThread destroyed while running"
    assert dialog.worker_thread.isFinished()
    assert not window.file_menu.importing
    assert checksum(store) == before


def test_a_bad_row_past_the_preview_is_refused_in_one_line(
    qtbot: QtBot, window: MainWindow, store: Store, tmp_path: Path
) -> None:
    rows = [jira_row(n) for n in range(1, 600)]
    rows[450] = jira_row(451, **{"Custom field (Story Points)": "lots"})
    source = tmp_path / "bad.csv"
    source.write_bytes(jira_csv(rows))
    dialog = _open(qtbot, window, source)
    assert dialog.import_button.isEnabled()  # the first rows are fine
    before = checksum(store)
    emitted = _emitted(window)
    dialog.import_button.click()
    qtbot.waitUntil(lambda: not dialog.running, timeout=30_000)
    assert dialog.worker_thread.isFinished()
    message = dialog.error.text()
    assert message.startswith("✗ ")
    assert "\n" not in message
    assert "'lots' is not a number" in message
    assert str(source) in message
    assert emitted == []
    assert checksum(store) == before
    assert dialog.import_button.isEnabled()


def test_a_storage_failure_is_shown_as_the_runner_shows_it(
    qtbot: QtBot,
    window: MainWindow,
    tmp_path: Path,
    dialogs: FakeDialogs,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def locked(*_args: object, **_kwargs: object) -> None:
        raise DatabaseLocked("The database x.sqlite3 is locked by another program")

    monkeypatch.setattr(import_dialog, "import_stories", locked)
    dialog = _open(qtbot, window, write_jira(tmp_path / "jira.csv", 20))
    dialog.import_button.click()
    qtbot.waitUntil(lambda: not dialog.running, timeout=30_000)
    assert dialogs.errors == [
        ("The database cannot be used", "The database x.sqlite3 is locked by another program")
    ]
    assert not dialog.error.isVisible()
    assert dialog.import_button.isEnabled()


def test_an_in_memory_database_is_imported_into_on_its_own_thread(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """``--db sqlite://`` is one connection per thread: a worker would see an empty database."""
    memory = open_store(target_from("sqlite://"))
    assert memory.per_thread
    try:
        create_team(memory, "Payments", 10, ["Tested"])
        window = open_window(qtbot, memory, Clock(NOW), FakeDialogs())
        dialog = _open(qtbot, window, write_jira(tmp_path / "jira.csv", 600))
        dialog.import_button.click()
        assert not dialog.running
        assert not dialog.worker_thread.isRunning()
        assert dialog.outcome.text().startswith("Imported into Payments: 600 created")
        window.close()
    finally:
        memory.close()


def test_quitting_the_application_cancels_and_waits_for_the_import(
    qtbot: QtBot, window: MainWindow, store: Store, tmp_path: Path, held: threading.Event
) -> None:
    dialog = _open(qtbot, window, write_jira(tmp_path / "jira.csv", 3000))
    before = checksum(store)
    dialog.import_button.click()
    qtbot.waitUntil(held.is_set)
    app = QCoreApplication.instance()
    assert app is not None
    app.aboutToQuit.emit()  # what quit() says before the event loop ends
    assert dialog.worker_thread.isFinished()
    assert checksum(store) == before


def test_a_team_dump_moves_the_bar_and_cancelling_it_mid_way_changes_nothing(
    qtbot: QtBot, window: MainWindow, store: Store, tmp_path: Path, held: threading.Event
) -> None:
    source = write_big_dump(tmp_path / "dump.json", 3000)
    dialog = window.file_menu.open_import("json", source)
    qtbot.addWidget(dialog)
    values: list[int] = []
    dialog.progress.valueChanged.connect(values.append)
    before = checksum(store)
    dialog.import_button.click()
    qtbot.waitUntil(held.is_set)  # past a tenth of the file, inside the transaction
    assert dialog.progress.maximum() == 1000  # a bar that moves, not a busy indicator
    dialog.cancel_button.click()
    qtbot.waitUntil(lambda: not dialog.running, timeout=30_000)
    assert dialog.worker_thread.isFinished()
    assert dialog.error.text() == "✗ Import cancelled; nothing was saved"
    assert checksum(store) == before
    assert len(set(values)) >= 2
    assert values == sorted(values)


def test_a_team_dump_imports_with_the_bar_to_its_end(
    qtbot: QtBot, window: MainWindow, store: Store, tmp_path: Path
) -> None:
    dialog = window.file_menu.open_import("json", write_big_dump(tmp_path / "dump.json", 1500))
    qtbot.addWidget(dialog)
    values: list[int] = []
    dialog.progress.valueChanged.connect(values.append)
    dialog.import_button.click()
    qtbot.waitUntil(lambda: not dialog.running, timeout=60_000)
    assert dialog.outcome.text().startswith("Imported into")
    assert values == sorted(values)
    assert values[-1] == 1000
    assert len(set(values)) >= 5
