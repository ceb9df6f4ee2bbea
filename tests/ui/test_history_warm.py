"""History is warmed while the user reads Home: its first visit then shows, without reading,
exactly what a cold first visit reads and draws; FACILITATOR_NO_WARM turns warming off."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, QPoint
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QLabel, QPlainTextEdit, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import event

from facilitator.store.db import Store
from facilitator.ui.context import UiContext
from facilitator.ui.main_window import MainWindow
from facilitator.ui.screens import warming
from facilitator.ui.screens.history import HistoryScreen
from facilitator.ui.screens.warming import NO_WARM
from tests.conftest import DEMO_TODAY

NOW = dt.datetime.combine(DEMO_TODAY, dt.time(10, tzinfo=dt.UTC))


def _window(qtbot: QtBot, store: Store) -> MainWindow:
    window = MainWindow(UiContext(store=store, now=lambda: NOW))
    qtbot.addWidget(window)
    window.show()
    return window


def _history_row(window: MainWindow) -> int:
    return next(i for i, f in enumerate(window.factories) if f.key == "history")


def _shown(screen: HistoryScreen) -> tuple[object, ...]:
    """What a user reads on History: the list, the summary, the chart's numbers, the page."""
    chart = screen.charts.chart
    assert chart is not None
    return (
        [screen.model.index(r, 0).data() for r in range(screen.model.rowCount())],
        screen.findChild(QLabel, "history_summary").text(),
        chart.key,
        chart.labels,
        chart.series,
        screen.findChild(QLabel, "history_chart_values").text(),
        screen.findChild(QPlainTextEdit, "history_page").toPlainText(),
        screen.charts.canvas.size(),
    )


def _visit(qtbot: QtBot, window: MainWindow, store: Store) -> tuple[HistoryScreen, int]:
    screen, reads = _open(qtbot, window, store, "history")
    assert isinstance(screen, HistoryScreen)
    assert screen.charts.wait_drawn()  # drawn in a worker thread
    return screen, reads


def test_a_warmed_first_visit_shows_what_a_cold_one_reads_and_draws_without_reading(
    qtbot: QtBot, demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(NO_WARM, "1")
    cold_window = _window(qtbot, demo_store)
    qtbot.wait(1500)  # long enough for warming, were it on
    assert cold_window.screens[_history_row(cold_window)] is None  # never built
    cold, cold_reads = _visit(qtbot, cold_window, demo_store)
    assert cold_reads > 0
    cold_window.close()

    monkeypatch.delenv(NO_WARM)
    window = _window(qtbot, demo_store)
    assert window.warmer is not None
    qtbot.waitUntil(lambda: window.warmer is not None and window.warmer.done, timeout=20_000)
    warmed, reads = _visit(qtbot, window, demo_store)
    assert reads == 0
    assert _shown(warmed) == _shown(cold)
    assert warmed.charts.canvas.get_renderer_size() == (
        warmed.charts.canvas.width(),
        warmed.charts.canvas.height(),
    )  # drawn at the size it is shown at


def test_warming_waits_while_the_user_types_or_clicks(qtbot: QtBot, demo_store: Store) -> None:
    window = _window(qtbot, demo_store)
    for _ in range(20):  # 1.2 s of steady input: warming never takes a step
        QTest.mouseMove(window.nav.viewport(), QPoint(10, 10))
        qtbot.wait(60)
        QTest.mouseMove(window.nav.viewport(), QPoint(20, 20))
        assert window.screens[_history_row(window)] is None
    qtbot.waitUntil(lambda: window.warmer is not None and window.warmer.done, timeout=20_000)
    assert window.screens[_history_row(window)] is not None


def test_after_a_team_switch_history_is_warmed_again_for_the_new_team(
    qtbot: QtBot, demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(NO_WARM, "1")
    cold_window = _window(qtbot, demo_store)
    cold_window.team_bar.switcher.setCurrentIndex(1)
    cold, cold_reads = _visit(qtbot, cold_window, demo_store)
    assert cold_reads > 0
    assert cold.team_id == cold_window.teams[1].id
    cold_window.close()

    monkeypatch.delenv(NO_WARM)
    window = _window(qtbot, demo_store)
    assert window.warmer is not None
    qtbot.waitUntil(lambda: window.warmer is not None and window.warmer.done, timeout=20_000)
    window.team_bar.switcher.setCurrentIndex(1)  # the other team, History hidden
    assert not window.warmer.done
    qtbot.waitUntil(lambda: window.warmer is not None and window.warmer.done, timeout=20_000)
    warmed, reads = _visit(qtbot, window, demo_store)
    assert reads == 0
    assert warmed.team_id == window.teams[1].id
    assert _shown(warmed) == _shown(cold)


def _seen(screen: QWidget) -> list[str]:
    """Every label's text and every table's cells on ``screen``: what a user reads there."""
    texts = [label.text() for label in screen.findChildren(QLabel) if label.isVisibleTo(screen)]
    for view in screen.findChildren(QAbstractItemView):
        model = view.model()
        if model is None or not view.isVisibleTo(screen):
            continue
        root = QModelIndex()
        for row in range(min(model.rowCount(root), 30)):
            cells = (model.index(row, column) for column in range(40))
            texts += [str(cell.data()) for cell in cells if cell.isValid()]
    return texts


def _open(qtbot: QtBot, window: MainWindow, store: Store, key: str) -> tuple[QWidget, int]:
    """Open the screen ``key``; what it reads counted as SQLite runs it (some reads go through
    the driver's own cursor, which SQLAlchemy's events never see)."""
    statements: list[str] = []

    def trace(dbapi_connection: Any, *_args: object) -> None:
        dbapi_connection.set_trace_callback(statements.append)

    event.listen(store.engine, "checkout", trace)
    try:
        window.nav.setCurrentRow(next(i for i, f in enumerate(window.factories) if f.key == key))
        qtbot.wait(50)
    finally:
        event.remove(store.engine, "checkout", trace)
    screen = window.current_screen()
    assert screen is not None
    for table in screen.findChildren(QAbstractItemView):  # a long backlog's later pages
        qtbot.waitUntil(lambda t=table: bool(getattr(t.model(), "complete", True)))
    return screen, len(statements)


def test_team_and_backlog_are_warmed_too_and_show_what_a_cold_visit_reads(
    qtbot: QtBot, demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(NO_WARM, "1")
    cold_window = _window(qtbot, demo_store)
    cold = {}
    for key in ("team", "backlog"):
        screen, reads = _open(qtbot, cold_window, demo_store, key)
        assert reads > 0
        cold[key] = _seen(screen)
    cold_window.close()

    monkeypatch.delenv(NO_WARM)
    window = _window(qtbot, demo_store)
    qtbot.waitUntil(lambda: window.warmer is not None and window.warmer.done, timeout=20_000)
    for key in ("team", "backlog"):
        screen, reads = _open(qtbot, window, demo_store, key)
        assert reads == 0, key  # built, read and laid out while the user read Home
        assert _seen(screen) == cold[key], key


def test_team_and_backlog_are_ready_before_the_charts_are_imported(
    qtbot: QtBot, demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Their cold first visits are the longest: they are warmed first, the charts' import
    (which slows the window while it runs) only after them."""
    window = _window(qtbot, demo_store)
    built_then: list[list[str]] = []

    def import_charts() -> None:
        built_then.append(
            [f.key for f, s in zip(window.factories, window.screens, strict=True) if s]
        )

    monkeypatch.setattr(warming, "import_charts", import_charts)
    qtbot.waitUntil(lambda: window.warmer is not None and window.warmer.done, timeout=20_000)
    assert len(built_then) == 1
    assert {"team", "backlog"} <= set(built_then[0])
    assert "history" not in built_then[0]
    for key in ("team", "backlog", "history"):
        _screen, reads = _open(qtbot, window, demo_store, key)
        assert reads == 0, key


def test_history_opened_from_a_ceremony_draws_its_chart_once_at_the_size_it_shows(
    qtbot: QtBot, demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The ceremony screen's timer fills the top bar; leaving it for History, the bar shrinks
    # before History lays out, so the chart drawn in the worker fits and is not drawn again on
    # the GUI thread (that redraw stalled the window 40–90 ms).
    from facilitator.ui import chart_canvas

    canvas_class = chart_canvas._canvas_class()
    gui_draws: list[tuple[int, int]] = []
    worker_pixels = canvas_class.draw

    def counted(canvas: Any) -> None:
        before = canvas.get_renderer_size()
        worker_pixels(canvas)
        if canvas.get_renderer_size() != before:  # drawn here, not shown from the worker's
            gui_draws.append((canvas.width(), canvas.height()))

    monkeypatch.setattr(canvas_class, "draw", counted)
    monkeypatch.setenv(NO_WARM, "1")
    window = _window(qtbot, demo_store)
    window.resize(1280, 800)
    _open(qtbot, window, demo_store, "retro")
    assert window.timer.isVisible()
    screen, _reads = _visit(qtbot, window, demo_store)
    assert not window.timer.isVisible()
    qtbot.wait(200)  # the layout settles and the canvas paints
    canvas = screen.charts.canvas
    assert canvas is not None
    assert canvas.get_renderer_size() == (canvas.width(), canvas.height())
    assert gui_draws == []
