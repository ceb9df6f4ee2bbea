"""A History revisit costs what a revisit of any other screen costs: the screen is painted
before a chart still being drawn takes its turns, and a reload that reads what is shown already
resets no list and draws no chart; a change to a closed sprint draws the chart once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from facilitator import give_way
from facilitator.ops.changes import Changes, Kind
from facilitator.ops.teams import list_teams
from facilitator.store.db import Store
from facilitator.ui.context import UiContext
from facilitator.ui.main_window import MainWindow
from facilitator.ui.screens.history import HistoryScreen
from facilitator.ui.screens.warming import NO_WARM
from tests.conftest import DEMO_TODAY
from tests.helpers.scenario import FakeDialogs

NOW = dt.datetime.combine(DEMO_TODAY, dt.time(10, tzinfo=dt.UTC))


class _HurriedAtPaint(QObject):
    """Notes, at each paint of the watched widget, whether background work was hurried."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[bool] = []

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Paint:
            self.seen.append(bool(give_way._hurried))
        return False


@pytest.fixture
def window(
    qtbot: QtBot, demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> Iterator[MainWindow]:
    monkeypatch.setenv(NO_WARM, "1")  # nothing else in the background meanwhile
    monkeypatch.setattr(give_way, "HOLD_BACK_S", 60.0)  # the chart waits for a pause
    shown = MainWindow(UiContext(store=demo_store, now=lambda: NOW))
    qtbot.addWidget(shown)
    shown.resize(1280, 800)
    shown.show()
    qtbot.waitExposed(shown)
    yield shown
    give_way._hurried.clear()


def _to(window: MainWindow, key: str) -> None:
    row = next(i for i, f in enumerate(window.factories) if f.key == key)
    digit = (row + 1) % 10  # Ctrl+1 … Ctrl+9, then Ctrl+0, as the user switches
    QTest.keyClick(
        window.windowHandle(),
        Qt.Key(Qt.Key.Key_0.value + digit),
        Qt.KeyboardModifier.ControlModifier,
    )


def test_a_revisit_while_the_chart_is_drawn_paints_the_screen_before_the_chart_is_hurried(
    window: MainWindow, qtbot: QtBot
) -> None:
    _to(window, "history")  # its chart is asked for, and waits while the user goes on
    screen = window.current_screen()
    assert isinstance(screen, HistoryScreen)
    _to(window, "home")
    qtbot.wait(20)
    assert screen.charts.drawing
    watch = _HurriedAtPaint()
    screen.installEventFilter(watch)
    _to(window, "history")  # the revisit: nothing to read, the chart still being drawn
    qtbot.waitUntil(lambda: bool(watch.seen))
    assert watch.seen[0] is False  # painted while the worker still gave way
    qtbot.waitUntil(lambda: bool(give_way._hurried))  # then the user waits for its chart
    for _ in range(20):  # keys on History (Shift: nothing moves): the chart does not wait
        QTest.keyClick(window.windowHandle(), Qt.Key.Key_Shift)
        qtbot.wait(30)
        if not screen.charts.drawing:
            break
    assert screen.charts.wait_drawn(timeout_ms=5_000)
    assert screen.charts.canvas is not None


def _screen(qtbot: QtBot, store: Store) -> HistoryScreen:
    ctx = UiContext(store=store, dialogs=FakeDialogs(), now=lambda: NOW)  # type: ignore[arg-type]
    screen = HistoryScreen(ctx)
    qtbot.addWidget(screen)
    screen.resize(1200, 800)
    screen.show()
    screen.show_team(list_teams(store)[0].id)
    assert screen.charts.wait_drawn()
    return screen


class _Counts:
    """The list's resets, the page's layouts and the charts asked for on one screen."""

    def __init__(self, screen: HistoryScreen) -> None:
        self.screen = screen
        self.resets = 0
        self.pages = 0
        self.asked = screen.charts._asked
        screen.model.modelReset.connect(self._reset)
        screen.page_view.textChanged.connect(self._page)

    def _reset(self) -> None:
        self.resets += 1

    def _page(self) -> None:
        self.pages += 1

    @property
    def charts(self) -> int:
        return self.screen.charts._asked - self.asked


def test_a_record_that_changes_no_closed_sprint_resets_no_list_and_draws_no_chart(
    qtbot: QtBot, demo_store: Store
) -> None:
    screen = _screen(qtbot, demo_store)
    canvas = screen.charts.canvas
    heading = screen.heading.text()
    counts = _Counts(screen)
    screen.apply_changes(Changes.of(Kind.BLOCKER, 1))  # read again: the same closed sprints
    screen.apply_changes(Changes.of(Kind.TEAM, 1))
    assert (counts.resets, counts.pages, counts.charts) == (0, 0, 0)
    assert not screen.charts.drawing
    assert screen.charts.canvas is canvas  # no "Drawing the chart…" flash
    assert screen.heading.text() == heading  # the selection stays


def test_a_change_to_a_closed_sprint_redraws_the_chart_once(
    qtbot: QtBot, demo_store: Store
) -> None:
    screen = _screen(qtbot, demo_store)
    assert screen.history is not None
    first = screen.history.rows[0]
    counts = _Counts(screen)
    with demo_store.engine.begin() as connection:  # as another machine renames it
        connection.execute(
            text("UPDATE sprint SET name = 'Sprint One' WHERE id = :id"),
            {"id": int(first.sprint_id)},
        )
    screen.apply_changes(Changes.of(Kind.SPRINT, int(first.sprint_id)))
    assert (counts.resets, counts.charts) == (1, 1)
    assert screen.charts.wait_drawn()
    assert screen.charts.chart is not None
    assert screen.charts.chart.labels[0] == "Sprint One"
    names = [screen.model.index(r, 0).data() for r in range(screen.model.rowCount())]
    assert names[-1] == "Sprint One"  # newest first: the oldest is last
    assert screen.heading.text() == "Sprint 6 · closed"  # the selection stays


def test_a_chart_worker_begins_with_the_window_threads_short_turns(
    qtbot: QtBot, demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Thread.start waits for the worker to begin, then for the interpreter: at Python's usual
    # 5 ms interval the worker, already drawing, kept the window waiting that long each chart.
    import sys

    from facilitator.ui import chart_canvas

    at_start: list[float] = []
    draw = chart_canvas.ChartPanel._draw

    def noted(panel: chart_canvas.ChartPanel, *args: object) -> None:
        at_start.append(sys.getswitchinterval())
        draw(panel, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(chart_canvas.ChartPanel, "_draw", noted)
    before = sys.getswitchinterval()
    screen = _screen(qtbot, demo_store)
    assert at_start == [chart_canvas.WORKER_SWITCH_S]
    assert screen.charts.chart is not None
    assert sys.getswitchinterval() == before  # the usual interval once it is done
