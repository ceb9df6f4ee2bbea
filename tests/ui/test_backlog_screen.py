"""Backlog screen: the model, filters, drag and keyboard reranking, the PO readiness tab."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QModelIndex, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QWidget,
)
from pytestqt.qtbot import QtBot

from facilitator.domain.readiness import Missing
from facilitator.ops.backlog import load_backlog
from facilitator.store.db import Store
from facilitator.ui.context import UiContext
from facilitator.ui.main_window import MainWindow
from facilitator.ui.models.backlog_filter import NOT_READY, READY, BacklogFilter
from facilitator.ui.models.backlog_model import COLUMNS, STORY_ID_ROLE, BacklogModel
from facilitator.ui.screens.backlog import BacklogScreen
from tests.conftest import DEMO_TODAY
from tests.helpers.backlog_team import BacklogTeam, make_ready, make_team, ranks, rows_moved


def _ctx(store: Store) -> UiContext:
    return UiContext(
        store=store, now=lambda: dt.datetime.combine(DEMO_TODAY, dt.time(10, tzinfo=dt.UTC))
    )


def _screen(qtbot: QtBot, store: Store, team: BacklogTeam) -> BacklogScreen:
    screen = BacklogScreen(_ctx(store))
    screen.ctx.actions.changed.connect(screen.apply_changes)  # as the main window does
    qtbot.addWidget(screen)
    screen.resize(1280, 720)
    screen.show()
    screen.show_team(team.team)
    return screen


def _keys(screen: BacklogScreen) -> list[str]:
    model = screen.model
    return [model.data(model.index(row, 1)) for row in range(model.rowCount())]


def test_model_passes_the_model_tester_and_shows_every_cell(
    qtbot: QtBot,
    qtmodeltester,
    store: Store,  # type: ignore[no-untyped-def]
) -> None:
    team = make_team(store)
    make_ready(store, team, team.stories[1], "5")
    model = BacklogModel()
    model.set_listing(load_backlog(store, team.team))
    qtmodeltester.check(model)
    assert model.columnCount() == len(COLUMNS) == 6
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(6)] == list(COLUMNS)
    cells = [[model.data(model.index(r, c)) for c in range(6)] for r in range(2)]
    assert cells[0][:4] == ["1", "PAYM-1", "Story number 1", ""]
    assert cells[0][4].startswith("! acceptance criteria")
    assert cells[1] == ["2", "PAYM-2", "Story number 2", "5", "✓ Ready", ""]  # not blocked
    assert model.data(model.index(0, 0), STORY_ID_ROLE) == team.stories[0]
    assert "Missing" in model.data(model.index(0, 4), Qt.ItemDataRole.ToolTipRole)
    model.set_filter(BacklogFilter(readiness=READY))
    qtmodeltester.check(model)
    assert model.rowCount() == 1


def test_filters_by_text_status_readiness_and_type(qtbot: QtBot, store: Store) -> None:
    team = make_team(store)
    make_ready(store, team, team.stories[0])
    screen = _screen(qtbot, store, team)
    count = screen.findChild(QLabel, "backlog_count")
    assert count.text() == "10 shown of 10 stories"
    readiness = screen.findChild(QComboBox, "backlog_readiness_filter")
    readiness.setCurrentIndex(readiness.findData(READY))
    assert _keys(screen) == ["PAYM-1"]
    readiness.setCurrentIndex(readiness.findData(NOT_READY))
    assert len(_keys(screen)) == 9
    readiness.setCurrentIndex(readiness.findData(str(int(Missing.ESTIMATE))))
    assert len(_keys(screen)) == 9
    screen.findChild(QLineEdit, "backlog_search").setText("number 1")
    assert _keys(screen) == ["PAYM-10"]
    readiness.setCurrentIndex(0)
    assert _keys(screen) == ["PAYM-1", "PAYM-10"]
    kind = screen.findChild(QComboBox, "backlog_type_filter")
    kind.setCurrentIndex(kind.findData("bug"))
    assert _keys(screen) == []
    assert screen.findChild(QLabel, "backlog_count").text() == "0 shown of 10 stories"
    status = screen.findChild(QComboBox, "backlog_status_filter")
    status.setCurrentIndex(status.findData("done"))
    kind.setCurrentIndex(0)
    assert _keys(screen) == []


def test_keyboard_reranking_ctrl_up_down_and_top(qtbot: QtBot, store: Store) -> None:
    team = make_team(store)
    screen = _screen(qtbot, store, team)
    table = screen.findChild(QTableView, "backlog_table")
    screen.select_story(team.stories[2])
    table.setFocus()
    before = ranks(store, team.team)
    qtbot.keyClick(table, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert _keys(screen)[:3] == ["PAYM-1", "PAYM-3", "PAYM-2"]
    assert rows_moved(before, ranks(store, team.team)) == 1
    qtbot.keyClick(table, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(table, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert _keys(screen)[:4] == ["PAYM-1", "PAYM-2", "PAYM-4", "PAYM-3"]
    qtbot.keyClick(table, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    assert _keys(screen)[:2] == ["PAYM-3", "PAYM-1"]
    assert table.currentIndex().row() == 0
    screen.select_story(team.stories[9])
    screen.findChild(QPushButton, "backlog_move_up").click()
    assert _keys(screen)[-2:] == ["PAYM-10", "PAYM-9"]
    # What the screen shows is what the database holds.
    assert load_backlog(store, team.team).keys == _keys(screen)


def test_drag_and_drop_reranks_through_the_model(qtbot: QtBot, store: Store) -> None:
    team = make_team(store)
    screen = _screen(qtbot, store, team)
    model = screen.model
    data = model.mimeData([model.index(7, 0)])  # PAYM-8
    with qtbot.waitSignal(model.move_requested):
        accepted = model.dropMimeData(data, Qt.DropAction.MoveAction, 1, 0, QModelIndex())
    assert accepted is False  # the screen moved it; the view must not remove rows itself
    assert _keys(screen)[:3] == ["PAYM-1", "PAYM-8", "PAYM-2"]
    data = model.mimeData([model.index(0, 0)])
    model.dropMimeData(data, Qt.DropAction.MoveAction, -1, 0, QModelIndex())  # onto empty space
    assert _keys(screen)[-1] == "PAYM-1"
    assert load_backlog(store, team.team).keys == _keys(screen)


def test_drag_and_drop_through_the_view_reranks_the_database(qtbot: QtBot, store: Store) -> None:
    team = make_team(store)
    screen = _screen(qtbot, store, team)
    table = screen.findChild(QTableView, "backlog_table")
    model = screen.model
    viewport = table.viewport()

    def drag(source_row: int, target: QPoint) -> None:
        """What a drag from ``source_row`` does on the way to ``target``, up to the drop."""
        mime = model.mimeData([model.index(source_row, c) for c in range(model.columnCount())])
        move, buttons = Qt.DropAction.MoveAction, Qt.MouseButton.LeftButton
        no_keys = Qt.KeyboardModifier.NoModifier
        enter = QDragEnterEvent(target, move, mime, buttons, no_keys)
        QApplication.sendEvent(viewport, enter)
        assert enter.isAccepted()
        over = QDragMoveEvent(target, move, mime, buttons, no_keys)
        QApplication.sendEvent(viewport, over)
        assert over.isAccepted()  # the view asked the model's canDropMimeData
        drop = QDropEvent(QPointF(target), move, mime, buttons, no_keys)
        QApplication.sendEvent(viewport, drop)

    # PAYM-8 dropped on the middle of PAYM-2's row: it lands in front of PAYM-2.
    middle = table.visualRect(model.index(1, 2)).center()
    before = ranks(store, team.team)
    with qtbot.waitSignal(model.move_requested):
        drag(7, middle)
    assert load_backlog(store, team.team).keys[:3] == ["PAYM-1", "PAYM-8", "PAYM-2"]
    assert rows_moved(before, ranks(store, team.team)) == 1
    # PAYM-1 dropped on the top edge of PAYM-4's row (between PAYM-3 and PAYM-4).
    edge = table.visualRect(model.index(4, 2)).topLeft() + QPoint(5, 1)
    drag(0, edge)
    expected = ["PAYM-8", "PAYM-2", "PAYM-3", "PAYM-1", "PAYM-4"]
    assert load_backlog(store, team.team).keys[:5] == expected
    # PAYM-2 dropped below the last row (empty viewport): it goes to the bottom.
    below = QPoint(10, table.visualRect(model.index(9, 0)).bottom() + 20)
    drag(1, below)
    assert load_backlog(store, team.team).keys[-1] == "PAYM-2"
    assert _keys(screen) == load_backlog(store, team.team).keys
    assert screen.editor.story is not None
    assert screen.editor.story.key == "PAYM-2"


def test_first_story_is_selected_and_kept_across_reloads_and_filters(
    qtbot: QtBot, store: Store
) -> None:
    team = make_team(store)
    make_ready(store, team, team.stories[3])
    screen = _screen(qtbot, store, team)
    assert screen.editor.story is not None
    assert screen.editor.story.key == "PAYM-1"
    assert not screen.findChild(QLabel, "story_editor_empty").isVisible()
    screen.select_story(team.stories[5])
    screen.show_team(team.team)  # a reload (revisiting the screen) keeps the selection
    assert screen.editor.story.key == "PAYM-6"
    assert screen.table.currentIndex().row() == 5
    readiness = screen.findChild(QComboBox, "backlog_readiness_filter")
    readiness.setCurrentIndex(readiness.findData(READY))  # PAYM-6 filtered out: PAYM-4 shown
    assert screen.editor.story.key == "PAYM-4"
    screen.findChild(QLineEdit, "backlog_search").setText("no such story")
    empty = screen.findChild(QLabel, "story_editor_empty")
    assert empty.isVisible()
    assert empty.text().startswith("No story matches these filters")
    screen.findChild(QLineEdit, "backlog_search").clear()
    assert screen.editor.story.key == "PAYM-4"  # the only match again
    readiness.setCurrentIndex(0)
    assert screen.editor.story.key == "PAYM-4"  # still listed, so still selected
    assert screen.table.currentIndex().row() == 3


def test_no_stories_says_what_to_do_and_n_starts_one(qtbot: QtBot, store: Store) -> None:
    team = make_team(store, stories=0)
    screen = _screen(qtbot, store, team)
    empty = screen.findChild(QLabel, "story_editor_empty")
    assert empty.isVisible()
    assert empty.text().startswith("No stories yet — add one (N) or import")
    assert screen.findChild(QLabel, "backlog_empty").text() == empty.text()
    screen.activateWindow()
    qtbot.waitActive(screen)
    screen.table.setFocus()
    qtbot.waitUntil(screen.table.hasFocus)
    qtbot.keyClick(screen.windowHandle(), Qt.Key.Key_N)
    title = screen.findChild(QLineEdit, "backlog_new_title")
    assert title.hasFocus()
    qtbot.keyClicks(title, "Name the story")  # in the field, N is just a letter
    assert title.text() == "Name the story"


def test_filter_combos_are_wide_enough_for_their_choices(qtbot: QtBot, store: Store) -> None:
    screen = _screen(qtbot, store, make_team(store, stories=1))
    for name in ("backlog_status_filter", "backlog_readiness_filter", "backlog_type_filter"):
        box = screen.findChild(QComboBox, name)
        widest = max(
            box.fontMetrics().horizontalAdvance(box.itemText(i)) for i in range(box.count())
        )
        assert box.width() > widest, name


def test_add_story_refuses_an_empty_title_inline(qtbot: QtBot, store: Store) -> None:
    team = make_team(store, stories=0)
    screen = _screen(qtbot, store, team)
    assert screen.findChild(QLabel, "backlog_empty").isVisible()
    screen.findChild(QPushButton, "backlog_add").click()
    error = screen.findChild(QLabel, "backlog_error")
    assert error.isVisible()
    assert error.text() == "✗ Title: must not be empty"
    title = screen.findChild(QLineEdit, "backlog_new_title")
    title.setText("Show the rate on the receipt")
    with qtbot.waitSignal(screen.ctx.actions.changed):
        qtbot.keyClick(title, Qt.Key.Key_Return)
    assert _keys(screen) == ["PAYM-1"]
    assert not error.isVisible()
    assert screen.editor.heading.text() == "PAYM-1 · Show the rate on the receipt"


def test_readiness_tab_lists_what_each_story_misses(qtbot: QtBot, store: Store) -> None:
    team = make_team(store)
    for story in team.stories[:3]:
        make_ready(store, team, story)
    screen = _screen(qtbot, store, team)
    screen.tabs.setCurrentIndex(1)
    view = screen.findChild(QWidget, "readiness_view")
    table = view.findChild(QTableView, "readiness_table")
    model = table.model()
    assert model.rowCount() == 10
    assert [model.index(r, 4).data() for r in range(4)] == ["✓ Ready"] * 3 + ["! Not ready"]
    assert model.index(3, 5).data() == (
        "no acceptance criteria yet; no technical assumptions recorded; no estimate"
    )
    assert view.findChild(QLabel, "readiness_verdict").text() == (
        "! 11 points short: refine these stories next"
    )
    assert view.findChild(QLabel, "readiness_basis").text().startswith("No closed sprint yet")
    assert "9 ready points" in view.findChild(QLabel, "readiness_totals").text()
    table.setCurrentIndex(model.index(4, 0))
    view.findChild(QPushButton, "readiness_edit").click()
    assert screen.tabs.currentIndex() == 0
    assert screen.editor.story is not None
    assert screen.editor.story.key == "PAYM-5"


def test_demo_readiness_verdict_and_main_window_navigation(qtbot: QtBot, demo_store: Store) -> None:
    window = MainWindow(_ctx(demo_store))
    qtbot.addWidget(window)
    window.show()
    titles = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert titles[2:5] == ["Backlog", "Refinement", "Planning"]
    window.nav.setCurrentRow(titles.index("Backlog"))
    screen = window.findChild(BacklogScreen, "backlog_screen")
    assert window.current_screen() is screen
    screen.tabs.setCurrentIndex(1)
    verdict = screen.findChild(QLabel, "readiness_verdict").text()
    assert verdict.startswith("✓ Enough ready work") or "points short: refine these" in verdict
    assert "last 3 closed sprints" in screen.findChild(QLabel, "readiness_basis").text()
