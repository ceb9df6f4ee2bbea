"""The File menu's import dialog: preview and mapping, progress, Cancel changes nothing, the
result reaches the Backlog; and the export dialog."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import QLabel, QTableWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from facilitator.ops.changes import Changes, Kind
from facilitator.ops.teams import create_team
from facilitator.store.db import Store
from facilitator.ui.main_window import MainWindow
from facilitator.ui.screens.backlog import BacklogScreen
from facilitator.ui.widgets.file_menu import ExportDialog
from facilitator.ui.widgets.import_dialog import ImportDialog
from tests.helpers.exchange_files import jira_csv, jira_row, write_jira
from tests.helpers.scenario import Clock, FakeDialogs, open_window, pick_data
from tests.helpers.storage import dump

NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)


def _window(qtbot: QtBot, store: Store) -> MainWindow:
    create_team(store, "Payments", 10, ["Tested"])
    return open_window(qtbot, store, Clock(NOW), FakeDialogs())


def _run(qtbot: QtBot, dialog: ImportDialog) -> None:
    """Start the import and wait until it ended and its thread with it."""
    dialog.import_button.click()
    assert dialog.running
    assert not dialog.import_button.isEnabled()
    qtbot.waitUntil(lambda: not dialog.running, timeout=60_000)
    assert dialog.worker_thread.isFinished()


def _cells(table: QTableWidget, column: int) -> list[str]:
    return [table.item(row, column).text() for row in range(table.rowCount())]


def test_preview_shows_the_first_rows_and_the_mapping(
    qtbot: QtBot, store: Store, tmp_path: Path
) -> None:
    window = _window(qtbot, store)
    source = write_jira(tmp_path / "jira.csv", 3000)
    dialog = window.file_menu.open_import("jira", source)
    qtbot.addWidget(dialog)
    preview = dialog.findChild(QTableWidget, "import_preview")
    assert _cells(preview, 1) == [f"PAY-{n}" for n in range(1, 11)]
    assert _cells(preview, 0)[:2] == ["2", "7"]  # multi-line descriptions: the line each starts
    assert _cells(preview, 2)[0] == "Story number 1: pay by card"
    assert _cells(preview, 6)[0] == "2"  # two checklist criteria
    mapping = dialog.findChild(QLabel, "import_mapping").text()
    assert "estimate ← Custom field (Story Points)" in mapping
    assert not preview.tabKeyNavigation()
    assert dialog.import_button.isEnabled()


def test_import_shows_counts_and_the_backlog_lists_the_stories(
    qtbot: QtBot, store: Store, tmp_path: Path
) -> None:
    window = _window(qtbot, store)
    titles = [window.nav.item(i).text() for i in range(window.nav.count())]
    window.nav.setCurrentRow(titles.index("Backlog"))
    screen = window.findChild(BacklogScreen, "backlog_screen")
    assert screen is not None
    source = write_jira(tmp_path / "jira.csv", 40)
    dialog = window.file_menu.open_import("jira", source)
    qtbot.addWidget(dialog)
    emitted: list[Changes] = []
    window.ctx.actions.changed.connect(emitted.append)
    _run(qtbot, dialog)
    assert dialog.findChild(QLabel, "import_result").text() == (
        "Imported into Payments: 40 created, 0 updated, 0 unchanged, 0 skipped."
    )
    assert emitted
    assert emitted[0].touches(Kind.BACKLOG, Kind.STORY)
    model = screen.model
    with store.session() as session:
        waiting = session.execute(
            text("SELECT count(*) FROM story WHERE status IN ('new', 'refined')")
        ).scalar()
    assert 0 < waiting < 40  # stories in a sprint or done are not in the backlog list
    assert model.rowCount() == waiting
    first_row = [str(model.index(0, column).data()) for column in range(model.columnCount())]
    assert "PAY-3" in first_row  # PAY-1 and PAY-2 are in progress and done
    assert "Story number 3: pay by card" in first_row
    # the same file again: nothing new
    again = window.file_menu.open_import("jira", source)
    qtbot.addWidget(again)
    _run(qtbot, again)
    assert "0 created, 0 updated, 40 unchanged" in again.findChild(QLabel, "import_result").text()


def test_a_bad_file_is_refused_in_the_preview(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    window = _window(qtbot, store)
    source = tmp_path / "latin.csv"
    source.write_bytes("Summary,Issue key\r\nCafé,PAY-1\r\n".encode("latin-1"))
    before = dump(Path(str(store.target.sqlite_path)))
    dialog = window.file_menu.open_import("jira", source)
    qtbot.addWidget(dialog)
    assert "line 2: is not UTF-8" in dialog.error.text()
    assert not dialog.import_button.isEnabled()
    bad_row = tmp_path / "bad.csv"
    bad_row.write_bytes(jira_csv([jira_row(1, **{"Custom field (Story Points)": "lots"})]))
    second = window.file_menu.open_import("jira", bad_row)
    qtbot.addWidget(second)
    assert "line 2: Custom field (Story Points): 'lots' is not a number" in second.error.text()
    assert dump(Path(str(store.target.sqlite_path))) == before


def test_csv_mapping_is_chosen_per_field(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    window = _window(qtbot, store)
    source = tmp_path / "items.csv"
    source.write_text("ID,Name,Size\nX-1,First,3\nX-2,Second,5\n", encoding="utf-8")
    dialog = window.file_menu.open_import("csv", source)
    qtbot.addWidget(dialog)
    assert "no key ('key') column" in dialog.error.text()
    pick_data(dialog.mapping["key"], "ID")
    pick_data(dialog.mapping["title"], "Name")
    pick_data(dialog.mapping["estimate"], "Size")
    preview = dialog.findChild(QTableWidget, "import_preview")
    assert _cells(preview, 1) == ["X-1", "X-2"]
    assert _cells(preview, 5) == ["3", "5"]
    _run(qtbot, dialog)
    assert "2 created" in dialog.findChild(QLabel, "import_result").text()


def test_export_dialog_writes_the_backlog(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    window = _window(qtbot, store)
    source = write_jira(tmp_path / "jira.csv", 5)
    importer = window.file_menu.open_import("jira", source)
    qtbot.addWidget(importer)
    _run(qtbot, importer)
    dialog = window.file_menu.open_export()
    qtbot.addWidget(dialog)
    assert isinstance(dialog, ExportDialog)
    target = tmp_path / "out.csv"
    dialog.path.setText(str(target))
    dialog.excel.setChecked(True)
    dialog.export_button.click()
    assert dialog.outcome.text() == f"Exported 5 stories to {target}."
    assert target.read_bytes().startswith(b"\xef\xbb\xbfteam,key,title")
    dialog.path.setText(str(tmp_path / "missing" / "out.csv"))
    dialog.export_button.click()
    assert "cannot be written" in dialog.error.text()
    assert isinstance(importer, ImportDialog)


def test_the_empty_backlog_hint_names_what_exists(qtbot: QtBot, store: Store) -> None:
    window = _window(qtbot, store)
    titles = [window.nav.item(i).text() for i in range(window.nav.count())]
    window.nav.setCurrentRow(titles.index("Backlog"))
    hint = window.findChild(QLabel, "backlog_empty").text()
    assert "File ▸ Import…" in hint
    assert "facilitator import jira FILE" in hint
    menu_texts = [a.text() for a in window.file_menu.actions.values()]
    assert "Import from Jira (CSV export)…" in menu_texts
    assert "Export…" in menu_texts
    # the command the hint names exists
    from facilitator.cli import parse

    assert parse(["import", "jira", "x.csv"]).kind == "jira"
