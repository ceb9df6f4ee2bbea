"""The planning screen in the real main window: open, fill the forecast, close; presenter keys;
the shared timer follows the planning run; screenshots at two sizes."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QPushButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from facilitator.store.db import Store
from facilitator.ui.context import UiContext
from facilitator.ui.keys_line import key_group
from facilitator.ui.main_window import SCREENS, MainWindow
from facilitator.ui.screens.planning import PlanningScreen
from tests.helpers.backlog_team import NOW, BacklogTeam, make_ready, make_team

SHOTS = os.environ.get("FACILITATOR_SHOTS", "")


def _window(qtbot: QtBot, store: Store) -> tuple[MainWindow, PlanningScreen, BacklogTeam]:
    team = make_team(store, stories=4)
    for story in team.stories[:3]:
        make_ready(store, team, story, "3")
    window = MainWindow(UiContext(store=store, now=lambda: NOW))
    window.timer._beep = lambda: None
    qtbot.addWidget(window)
    window.resize(1280, 720)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    row = next(i for i, factory in enumerate(SCREENS) if factory.title == "Planning")
    window.findChild(QListWidget, "nav").setCurrentRow(row)
    screen = window.findChild(QWidget, "planning_screen")
    assert isinstance(screen, PlanningScreen)
    return window, screen, team


def _click(screen: QWidget, name: str) -> None:
    widget = screen.findChild(QPushButton, name)
    assert widget is not None, name
    assert widget.isEnabled(), name
    widget.click()


def _text(screen: QWidget, name: str) -> str:
    label = screen.findChild(QLabel, name)
    assert label is not None, name
    return label.text()


def _pick(screen: QWidget, name: str, starts: str) -> None:
    combo = screen.findChild(QComboBox, name)
    assert combo is not None
    combo.setCurrentIndex(
        next(i for i in range(combo.count()) if combo.itemText(i).startswith(starts))
    )


def _shoot(window: MainWindow, name: str) -> None:
    if SHOTS:
        for size in ((1280, 720), (1920, 1080)):
            window.resize(*size)
            window.grab().save(str(Path(SHOTS) / f"planning-{name}-{size[0]}.png"))
        window.resize(1280, 720)


def test_planning_by_mouse_fills_the_forecast_and_freezes_it(qtbot: QtBot, store: Store) -> None:
    window, screen, _team = _window(qtbot, store)
    bar = screen.findChild(QProgressBar, "plan_bar")
    assert bar is not None
    assert not bar.isVisible()  # no empty frame before there is a forecast to fill
    _click(screen, "plan_open")
    assert bar.isVisible()
    assert window.timer.view is not None
    assert window.timer.view.state.is_running
    assert "Sprint 1" in _text(screen, "plan_progress")
    _pick(screen, "plan_confirm_member", "Joao SM")
    capacity = screen.findChild(QDoubleSpinBox, "plan_capacity")
    assert capacity is not None
    capacity.setValue(7)
    _click(screen, "plan_set_capacity")
    assert "set by Joao SM" in _text(screen, "plan_proposal")
    _click(screen, "plan_pull")
    _click(screen, "plan_pull")
    assert bar.text() == "6 / 7 pts"  # what a screen reader reads
    assert not bar.isTextVisible()  # painted once, beside the bar
    assert _text(screen, "plan_bar_words") == "6 / 7 pts"
    _click(screen, "plan_pull")  # PAYM-3 would overflow: refused with the numbers
    assert "would make 9 / 7 pts" in _text(screen, "plan_error")
    goal = screen.findChild(QLineEdit, "plan_goal")
    assert goal is not None
    goal.setText("Card payments work end to end")
    _click(screen, "plan_set_goal")
    _click(screen, "plan_confirm_lead")
    _pick(screen, "plan_confirm_member", "Anna PO")
    _click(screen, "plan_confirm_po")
    assert "Confirmed by Anna PO (Product Owner)" in _text(screen, "plan_confirmations")
    _shoot(window, "normal")
    _click(screen, "plan_close")
    assert _text(screen, "plan_current").startswith("Sprint 1 forecast: 2 stories, 6 / 7 pts")
    assert not window.timer.view.state.is_running


def test_presenter_keys_pull_and_the_room_sees_the_forecast(qtbot: QtBot, store: Store) -> None:
    window, screen, _team = _window(qtbot, store)
    qtbot.keyClick(window, Qt.Key.Key_F11)
    assert screen.presenter
    assert not screen.findChild(QProgressBar, "plan_bar").isVisible()  # no empty box on view
    assert screen.presenter_keys() == key_group(
        "O", "open planning"
    )  # only what works before planning opens
    qtbot.keyClick(window, Qt.Key.Key_O)
    assert screen.view is not None
    assert key_group("P", "pull") in screen.presenter_keys()
    qtbot.keyClick(window, Qt.Key.Key_P)  # capacity 0: refused with the numbers, nothing saved
    assert "would make 3 / 0 pts" in _text(screen, "plan_error")
    assert screen.view.planning.forecast.entries == ()
    # The room is told what comes first (the bar had said "0 / 0 pts").
    assert _text(screen, "plan_forecast_lines").startswith(
        "Choose the capacity first: A, then Return, takes the proposal of "
    )
    room = screen.room_view()
    assert room.progress == "PLANNING · Sprint 1 · no capacity chosen yet"
    assert room.title.startswith("Next: PAYM-1")
    _shoot(window, "presenter")


def test_a_capacity_below_zero_is_refused_as_typed_and_the_hint_names_working_keys(
    qtbot: QtBot, store: Store
) -> None:
    from facilitator.ui.screens.planning_layout import KEYS_PROMPT

    window, screen, _team = _window(qtbot, store)
    qtbot.keyClick(window, Qt.Key.Key_F11)
    qtbot.keyClick(window, Qt.Key.Key_O)
    entry = screen.findChild(QLineEdit, "plan_prompt_text")
    assert entry is not None
    qtbot.keyClick(window, Qt.Key.Key_A)
    assert entry.hasFocus()
    qtbot.keyClick(entry, Qt.Key.Key_Return)  # the proposal: the first choice
    assert screen.view is not None
    chosen = screen.view.choice
    assert chosen is not None
    qtbot.keyClick(window, Qt.Key.Key_A)  # a change asks its reason after the points
    assert screen.presenter_keys() == KEYS_PROMPT  # a line to type: no "↑ ↓ choose"
    qtbot.keyClicks(entry, "-5")
    qtbot.keyClick(entry, Qt.Key.Key_Return)
    # Refused at once, under the question it answers (before, a later reason was asked first).
    assert _text(screen, "plan_prompt_question").startswith("Capacity of Sprint 1 in points")
    assert "-5 points is below zero" in _text(screen, "plan_prompt_message")
    qtbot.keyClick(entry, Qt.Key.Key_Escape)
    assert screen.view.choice == chosen  # nothing saved


def test_the_stage_names_the_way_to_act_in_the_mode_on_view_and_the_capacity_comes_first(
    qtbot: QtBot, store: Store
) -> None:
    window, screen, _team = _window(qtbot, store)
    assert _text(screen, "plan_current") == "Open planning: plan the next sprint"
    qtbot.keyClick(window, Qt.Key.Key_F11)  # the key, not the button the mode hides
    assert _text(screen, "plan_current") == "Press O to plan the next sprint"
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert _text(screen, "plan_current") == "Open planning: plan the next sprint"
    _click(screen, "plan_open")
    assert _text(screen, "plan_bar_words") == "no capacity chosen yet"
    assert _text(screen, "plan_forecast_lines").startswith(
        "Choose the capacity first: Capacity, below, takes the proposal of "
    )
    qtbot.keyClick(window, Qt.Key.Key_F11)
    assert _text(screen, "plan_forecast_lines").startswith(
        "Choose the capacity first: A, then Return, takes the proposal of "
    )
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    _pick(screen, "plan_confirm_member", "Joao SM")
    capacity = screen.findChild(QDoubleSpinBox, "plan_capacity")
    assert capacity is not None
    capacity.setValue(7)
    _click(screen, "plan_set_capacity")
    assert _text(screen, "plan_bar_words") == "0 / 7 pts"
    assert _text(screen, "plan_forecast_lines") == "The forecast is empty: pull from the top"
