"""The window tells background work of the user's input, and a History chart drawn while the
user acts on another screen waits for a pause (History on view: it does not wait)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from facilitator import give_way
from facilitator.store.db import Store
from facilitator.ui.context import UiContext
from facilitator.ui.main_window import MainWindow
from facilitator.ui.screens.history import HistoryScreen
from facilitator.ui.screens.warming import NO_WARM
from tests.conftest import DEMO_TODAY

NOW = dt.datetime.combine(DEMO_TODAY, dt.time(10, tzinfo=dt.UTC))


@pytest.fixture
def window(
    qtbot: QtBot, demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> Iterator[MainWindow]:
    monkeypatch.setenv(NO_WARM, "1")  # nothing else in the background meanwhile
    shown = MainWindow(UiContext(store=demo_store, now=lambda: NOW))
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    yield shown
    give_way._hurried.clear()


def _row(window: MainWindow, key: str) -> int:
    return next(i for i, f in enumerate(window.factories) if f.key == key)


def test_keys_and_clicks_on_the_window_are_the_users_input_a_mouse_passing_over_is_not(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    handle = window.windowHandle()
    monkeypatch.setattr(give_way, "_last_input", -float("inf"))
    QTest.mouseMove(handle, QPoint(30, 30))
    assert give_way._last_input == -float("inf")
    QTest.keyClick(handle, Qt.Key.Key_Down)
    after_key = give_way._last_input
    assert after_key > -float("inf")
    QTest.mouseClick(handle, Qt.MouseButton.LeftButton, pos=QPoint(40, 40))
    assert give_way._last_input > after_key


def test_history_on_view_hurries_the_chart_off_view_it_gives_way(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.nav.setCurrentRow(_row(window, "history"))
    assert not give_way._hurried  # not before the screen is painted (it would slow the paint)
    qtbot.waitUntil(lambda: bool(give_way._hurried), timeout=2_000)  # the user waits for it
    window.nav.setCurrentRow(_row(window, "home"))
    qtbot.wait(20)
    assert not give_way._hurried


def test_a_chart_drawn_while_the_user_acts_elsewhere_waits_for_a_pause(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(give_way, "HOLD_BACK_S", 60.0)
    window.nav.setCurrentRow(_row(window, "history"))  # its chart is asked for
    screen = window.current_screen()
    assert isinstance(screen, HistoryScreen)
    handle = window.windowHandle()
    QTest.keyClick(handle, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)  # to Home
    assert not isinstance(window.current_screen(), HistoryScreen)
    home = window.current_screen()
    for _ in range(40):  # 1.2 s of keys on Home (Shift: nothing moves): the chart's worker waits
        QTest.keyClick(handle, Qt.Key.Key_Shift)
        qtbot.wait(30)
    assert window.current_screen() is home
    assert screen.charts.drawing
    assert screen.charts.wait_drawn()  # the pause: drawn
    assert screen.charts.chart is not None
