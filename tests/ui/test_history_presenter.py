"""History in presenter mode at 1280×720 (the real window, in the room's type): the sprint list
shows its columns whole, the summary is one line across the screen, and the chart is drawn in
the room's type, not again in smaller type to fit a short pane."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from facilitator.store.db import Store
from facilitator.ui.chart_canvas import PRESENTER_SCALE
from facilitator.ui.keys_line import keys_line
from facilitator.ui.screens.history import HistoryScreen
from tests.conftest import DEMO_TODAY
from tests.helpers.scenario import BERLIN, Clock, open_window, window_key

START = dt.datetime.combine(DEMO_TODAY, dt.time(10), tzinfo=BERLIN)
CTRL = Qt.KeyboardModifier.ControlModifier


def test_the_room_reads_the_list_the_summary_and_the_chart_at_1280x720(
    qtbot: QtBot, demo_store: Store
) -> None:
    window = open_window(qtbot, demo_store, Clock(START))
    window_key(qtbot, window, Qt.Key.Key_0, CTRL)
    screen = window.current_screen()
    assert isinstance(screen, HistoryScreen)
    assert screen.charts.wait_drawn()
    normal = screen.charts.chart.figure.axes[0].yaxis.label.get_fontsize()
    window_key(qtbot, window, Qt.Key.Key_F11)
    # The offscreen screen is 800×800: the full-screen window is given the projector's size.
    window.setGeometry(0, 0, 1280, 720)
    qtbot.waitUntil(lambda: screen.width() > 1200)
    qtbot.wait(50)
    screen.charts.redraw()  # at the size it has now (a real F11 draws it at that size once)
    assert screen.charts.wait_drawn()

    table = screen.list
    header = table.horizontalHeader()
    metrics = table.fontMetrics()
    model = table.model()
    shown = [c for c in range(header.count()) if not header.isSectionHidden(c)]
    for column in shown:
        title = str(model.headerData(column, Qt.Orientation.Horizontal))
        assert header.fontMetrics().horizontalAdvance(title) <= header.sectionSize(column), title
        for row in range(model.rowCount()):
            cell = str(model.index(row, column).data())
            assert metrics.horizontalAdvance(cell) <= header.sectionSize(column), cell
    assert header.length() <= table.viewport().width()  # no sideways scrolling
    assert (
        not screen.search.isVisible()
        or screen.search.fontMetrics().horizontalAdvance(screen.search.placeholderText())
        <= screen.search.width()
    )
    lines = screen.summary.height() / screen.summary.fontMetrics().lineSpacing()
    assert lines < 2.5, screen.summary.height()  # one line, not six

    chart = screen.charts.chart
    assert chart is not None
    presented = chart.figure.axes[0].yaxis.label.get_fontsize()
    # The room's type (ticks of 16-18 pt, where the page beside it left the chart 11-13 pt).
    assert presented >= 0.9 * PRESENTER_SCALE * normal
    rows = {tuple(ax.get_position().bounds) for ax in chart.figure.axes}
    assert sum(height for _x, _y, _w, height in rows) >= 0.35  # and the rows keep their data

    window_key(qtbot, window, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not window.presenter.active)
    assert screen.search.isVisible()
    assert screen.page_view.isVisible()
    assert all(not header.isSectionHidden(c) for c in range(header.count()))


def test_by_keys_alone_the_room_walks_the_sprints_and_the_charts(
    qtbot: QtBot, demo_store: Store
) -> None:
    window = open_window(qtbot, demo_store, Clock(START))
    window_key(qtbot, window, Qt.Key.Key_0, CTRL)
    screen = window.current_screen()
    assert isinstance(screen, HistoryScreen)
    picker = screen.charts.picker
    window_key(qtbot, window, Qt.Key.Key_Right)  # not presenting: the arrows are the list's
    assert picker.currentIndex() == 0
    window_key(qtbot, window, Qt.Key.Key_F11)
    assert screen.presenter_keys() == keys_line(("↑ ↓", "sprint"), ("← →", "chart"))
    assert screen.list.hasFocus()
    window_key(qtbot, window, Qt.Key.Key_Right)
    assert picker.currentIndex() == 1
    assert screen.list.hasFocus()  # ↑ ↓ still pick the sprint
    sprint = screen.list.currentIndex().row()
    qtbot.keyClick(screen.list, Qt.Key.Key_Down)
    assert screen.list.currentIndex().row() == sprint + 1
    window_key(qtbot, window, Qt.Key.Key_Left)
    window_key(qtbot, window, Qt.Key.Key_Left)  # round to the last
    assert picker.currentIndex() == picker.count() - 1
    assert screen.charts.wait_drawn()
