"""Planning by keyboard alone: Tab reaches every control in reading order with no trap, and in
presenter mode the planning keys open, pull, refuse, declare full and close."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QListWidget, QWidget
from pytestqt.qtbot import QtBot

from facilitator.store.db import Store
from facilitator.ui.main_window import SCREENS, MainWindow
from facilitator.ui.screens.planning import PlanningScreen
from tests.helpers.backlog_team import NOW, make_ready, make_team
from tests.helpers.scenario import Clock, find, open_window, text
from tests.helpers.tab_walk import names, walk_tab_order

ORDER = [
    "plan_backlog",
    "plan_pull",
    "plan_skip_reason",
    "plan_skip",
    "plan_forecast",
    "plan_remove",
    "plan_full",
    "plan_capacity",
    "plan_capacity_reason",
    "plan_set_capacity",
    "plan_avail_member",
    "plan_allocation",
    "plan_days_off",
    "plan_set_availability",
    "plan_ack_story",
    "plan_ack_owner",
    "plan_ack_mitigation",
    "plan_acknowledge",
    "plan_goal",
    "plan_set_goal",
    "plan_confirm_member",
    "plan_confirm_po",
    "plan_confirm_lead",
    "plan_close",
    "plan_reopen_reason",
]


def _window(qtbot: QtBot, store: Store) -> tuple[MainWindow, PlanningScreen]:
    team = make_team(store, stories=4)
    for story in team.stories[:3]:
        make_ready(store, team, story, "3")
    window = open_window(qtbot, store, Clock(NOW))
    window.resize(1280, 720)
    row = next(i for i, factory in enumerate(SCREENS) if factory.title == "Planning")
    find(window, QListWidget, "nav").setCurrentRow(row)
    screen = window.findChild(QWidget, "planning_screen")
    assert isinstance(screen, PlanningScreen)
    return window, screen


def _focused() -> str:
    widget = QApplication.focusWidget()
    return "" if widget is None else widget.objectName()


def _tab_to(qtbot: QtBot, name: str) -> None:
    for _ in range(80):
        if _focused() == name:
            return
        widget = QApplication.focusWidget()
        assert widget is not None
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {name}")


def _in_order(walked: list[str], expected: list[str]) -> None:
    positions = [walked.index(name) for name in expected]
    assert positions == sorted(positions), walked


def test_tab_reaches_every_planning_control_in_order(qtbot: QtBot, store: Store) -> None:
    window, screen = _window(qtbot, store)
    walked = names(walk_tab_order(qtbot, find(window, QWidget, "nav")))
    assert "plan_open" in walked
    screen.open_planning()
    walked = names(walk_tab_order(qtbot, find(window, QWidget, "nav")))
    _in_order(walked, ORDER)


def test_planning_by_keyboard_alone(qtbot: QtBot, store: Store) -> None:
    window, screen = _window(qtbot, store)
    find(window, QWidget, "nav").setFocus()
    _tab_to(qtbot, "plan_open")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert screen.view is not None
    _tab_to(qtbot, "plan_capacity")
    spin = QApplication.focusWidget()
    assert spin is not None
    qtbot.keyClick(spin, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(spin, "7")
    _tab_to(qtbot, "plan_set_capacity")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert screen.view is not None
    assert screen.view.planning.forecast.capacity == 7

    qtbot.keyClick(window, Qt.Key.Key_F11)
    assert screen.presenter
    for key in (Qt.Key.Key_P, Qt.Key.Key_P):
        qtbot.keyClick(window, key)
    assert text(window, "plan_bar_words") == "6 / 7 pts"
    assert screen.room_view().progress.endswith("6 / 7 pts")
    qtbot.keyClick(window, Qt.Key.Key_P)
    assert "would make 9 / 7 pts" in text(window, "plan_error")
    qtbot.keyClick(window, Qt.Key.Key_X)
    assert text(window, "plan_bar_words") == "3 / 7 pts"
    qtbot.keyClick(window, Qt.Key.Key_P)
    qtbot.keyClick(window, Qt.Key.Key_F)
    assert "declared full by" in text(window, "plan_forecast_lines")
    qtbot.keyClick(window, Qt.Key.Key_C)
    assert "Planning cannot close yet: write the sprint goal" in text(window, "plan_error")
