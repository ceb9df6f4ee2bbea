"""Planning in presenter mode at 1280×720: the whole stage (the bar, the story, the forecast,
its chances and a question asked on the stage) fits under the clock without scrolling."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from facilitator.store.db import Store
from facilitator.ui.main_window import MainWindow
from facilitator.ui.screens.planning import PlanningScreen
from tests.conftest import DEMO_TODAY
from tests.helpers.scenario import BERLIN, Clock, open_window, window_key
from tests.helpers.stage import present_at_1280

START = dt.datetime.combine(DEMO_TODAY, dt.time(10), tzinfo=BERLIN)
CTRL = Qt.KeyboardModifier.ControlModifier


def _in_view(screen: PlanningScreen, widget: QWidget) -> bool:
    viewport = screen.page_scroll.viewport()
    top_left = widget.mapTo(viewport, widget.rect().topLeft())
    bottom_right = widget.mapTo(viewport, widget.rect().bottomRight())
    return viewport.rect().contains(top_left) and viewport.rect().contains(bottom_right)


def _fits(qtbot: QtBot, screen: PlanningScreen) -> None:
    """No scroll bar, and every part of the stage on display wholly in view."""
    qtbot.wait(50)  # the prompt's queued reveal
    bar = screen.page_scroll.verticalScrollBar()
    assert not bar.isVisible(), bar.maximum()
    parts = (screen.progress, screen.bar, screen.current, screen.forecast_lines, screen.chances)
    for part in (*parts, screen.error, screen.prompt):
        if part.isVisible():
            assert _in_view(screen, part), part.objectName()


def _planning_at_1280(qtbot: QtBot, store: Store) -> tuple[MainWindow, PlanningScreen]:
    window = open_window(qtbot, store, Clock(START))
    screen = present_at_1280(qtbot, window, "planning")
    assert isinstance(screen, PlanningScreen)
    window_key(qtbot, window, Qt.Key.Key_O)
    window_key(qtbot, window, Qt.Key.Key_A)
    field = QApplication.focusWidget()
    assert field is not None
    qtbot.keyClick(field, Qt.Key.Key_Return)  # the proposed capacity
    for _ in range(30):  # until a pull is refused: its reason stays on the stage
        window_key(qtbot, window, Qt.Key.Key_P)
        if screen.error.text().startswith("✗"):
            break
    assert screen.chances.text().count("\n") == 2  # the Monte Carlo sentence, all of it
    assert screen.error.text().startswith("✗"), screen.error.text()
    return window, screen


def test_the_stage_fits_at_1280x720_with_the_forecast_and_a_question_open(
    qtbot: QtBot, demo_store: Store
) -> None:
    window, screen = _planning_at_1280(qtbot, demo_store)
    _fits(qtbot, screen)
    window_key(qtbot, window, Qt.Key.Key_V)  # a choice of members, asked on the stage
    assert screen.prompt.choices.isVisible()
    _fits(qtbot, screen)
    qtbot.keyClick(screen.prompt.choices, Qt.Key.Key_Escape)
    window_key(qtbot, window, Qt.Key.Key_Y)
    qtbot.keyClick(screen.prompt.choices, Qt.Key.Key_Return)  # nothing chosen: refused
    assert screen.prompt.message.isVisible()
    _fits(qtbot, screen)
