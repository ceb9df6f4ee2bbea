"""Decisions in presenter mode at 1280×720: the room sees the log, not the forms, with at least
six whole rows and every header readable; leaving the mode brings the forms and columns back."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot

from facilitator.store.db import Store
from facilitator.ui.main_window import MainWindow
from facilitator.ui.screens.decisions import HEADERS, DecisionsScreen
from tests.conftest import DEMO_TODAY
from tests.helpers.scenario import BERLIN, Clock, open_window, window_key

START = dt.datetime.combine(DEMO_TODAY, dt.time(10), tzinfo=BERLIN)
CTRL = Qt.KeyboardModifier.ControlModifier


def _present_at_1280(qtbot: QtBot, store: Store) -> tuple[MainWindow, DecisionsScreen]:
    window = open_window(qtbot, store, Clock(START))
    window_key(qtbot, window, Qt.Key.Key_7, CTRL)
    screen = window.current_screen()
    assert isinstance(screen, DecisionsScreen)
    window_key(qtbot, window, Qt.Key.Key_F11)
    # The offscreen screen is 800×800: the full-screen window is given the projector's size.
    window.setGeometry(0, 0, 1280, 720)
    qtbot.waitUntil(lambda: screen.table.viewport().width() > 1100)
    qtbot.wait(50)  # the fitter's queued refit
    return window, screen


def _whole_rows(table: QTableView) -> int:
    """How many rows the view shows from top to bottom, none cut off."""
    bottom = table.viewport().height()
    rows = table.model().rowCount()
    return sum(
        1 for r in range(rows) if table.rowViewportPosition(r) + table.rowHeight(r) <= bottom
    )


def _headers_cut(table: QTableView) -> list[str]:
    header = table.horizontalHeader()
    metrics = header.fontMetrics()
    return [
        HEADERS[c]
        for c in range(header.count())
        if not header.isSectionHidden(c)
        and metrics.horizontalAdvance(HEADERS[c]) > header.sectionSize(c)
    ]


def test_the_room_sees_six_rows_of_the_log_and_every_header_whole(
    qtbot: QtBot, demo_store: Store
) -> None:
    window, screen = _present_at_1280(qtbot, demo_store)
    table = screen.table
    assert table.model().rowCount() >= 6
    assert not screen.question.isVisible()  # the forms fold away: the log takes the room
    assert _whole_rows(table) >= 6
    assert _headers_cut(table) == []
    shown = [HEADERS[c] for c in range(len(HEADERS)) if not table.isColumnHidden(c)]
    assert shown == ["Question", "Decision-maker", "Cycle time", "Decision"]
    header = table.horizontalHeader()
    assert header.length() <= table.viewport().width()  # no sideways scrolling
    for row in range(_whole_rows(table)):  # each row as tall as its wrapped text
        assert table.rowHeight(row) >= table.sizeHintForRow(row), row
    window_key(qtbot, window, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not window.presenter.active)
    assert screen.question.isVisible()
    assert all(not table.isColumnHidden(c) for c in range(len(HEADERS)))
