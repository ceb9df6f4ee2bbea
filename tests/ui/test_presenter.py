"""Main window integration: the top-bar timer on ceremony screens, restore, presenter mode."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QListWidget, QWidget
from pytestqt.qtbot import QtBot

from facilitator.domain.ids import TeamId
from facilitator.domain.timebox import Ceremony
from facilitator.ops import timebox as ops
from facilitator.store.db import Store
from facilitator.ui import main_window
from facilitator.ui.context import UiContext
from facilitator.ui.main_window import MainWindow
from facilitator.ui.screens.base import Screen
from facilitator.ui.screens.home import HomeScreen
from facilitator.ui.theme import TypeScale
from tests.conftest import DEMO_TODAY

NOW = dt.datetime.combine(DEMO_TODAY, dt.time(10, tzinfo=dt.UTC))


class RefinementStub(Screen):
    """A test-only ceremony screen that records presenter calls."""

    key = "refinement_stub"
    title = "Refine"
    ceremony = "refinement"
    agenda = (("Refine", 1.0),)

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.setObjectName("refinement_stub")
        self.calls: list[bool] = []

    def show_team(self, team_id: TeamId) -> None:
        pass

    def set_presenter(self, on: bool) -> None:
        self.calls.append(on)


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture(autouse=True)
def _ceremony_screen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(main_window, "SCREENS", (HomeScreen, RefinementStub))


def _window(qtbot: QtBot, store: Store, clock: Clock) -> MainWindow:
    window = MainWindow(UiContext(store=store, now=clock))
    window.timer._beep = lambda: None
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    return window


def _refine(window: MainWindow) -> RefinementStub:
    window.findChild(QListWidget, "nav").setCurrentRow(1)
    screen = window.findChild(QWidget, "refinement_stub")
    assert isinstance(screen, RefinementStub)
    return screen


def test_timer_shows_only_on_ceremony_screens(qtbot: QtBot, demo_store: Store) -> None:
    window = _window(qtbot, demo_store, Clock())
    assert not window.timer.isVisible()
    _refine(window)
    assert window.timer.isVisible()
    assert window.findChild(QLabel, "timer_clock").text() == "2:00:00"
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert not window.timer.isVisible()


def test_space_in_the_window_starts_the_timer(qtbot: QtBot, demo_store: Store) -> None:
    clock = Clock()
    window = _window(qtbot, demo_store, clock)
    _refine(window)
    qtbot.keyClick(window, Qt.Key.Key_Space)
    assert window.timer.view is not None
    assert window.timer.view.state.is_running
    assert "saved" in window.findChild(QLabel, "status_saved").text()


def test_restarted_window_restores_the_running_timer(qtbot: QtBot, demo_store: Store) -> None:
    clock = Clock()
    team = ops_team(demo_store)
    view = ops.load_timer(demo_store, team, Ceremony.REFINEMENT, [("Refine", 1.0)])
    ops.start_timer(demo_store, view, NOW.astimezone(dt.UTC))
    clock.now = NOW + dt.timedelta(minutes=25, seconds=30)
    window = _window(qtbot, demo_store, clock)
    _refine(window)
    assert window.findChild(QLabel, "timer_clock").text() == "1:34:30"


def ops_team(store: Store) -> TeamId:
    from facilitator.ops.teams import list_teams

    return next(t.id for t in list_teams(store) if t.name == "Payments")


def test_presenter_mode_hides_chrome_scales_and_leaves_on_escape(
    qtbot: QtBot, demo_store: Store
) -> None:
    window = _window(qtbot, demo_store, Clock())
    screen = _refine(window)
    nav = window.findChild(QListWidget, "nav")
    assert window.menuBar().isVisible()
    qtbot.keyClick(window, Qt.Key.Key_F11)
    assert window.presenter.active
    assert window.isFullScreen()
    assert not nav.isVisible()
    assert not window.statusBar().isVisible()
    assert not window.menuBar().isVisible()  # the File menu is editing chrome
    assert window.timer.isVisible()
    assert window.findChild(QLabel, "presenter_hints").isVisible()
    assert screen.calls == [True]
    # The presenter look is on what the room sees: the screen on display and the timer.
    assert f"font-size: {TypeScale(1.0).timer}px" in window.timer.styleSheet()
    assert window.findChild(QLabel, "timer_clock").font().pixelSize() == TypeScale(1.0).timer
    assert f"font-size: {TypeScale(1.0).body}px" in screen.styleSheet()
    assert screen.font().pixelSize() == TypeScale(1.0).body

    qtbot.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert ops.presenter_settings(demo_store, ops_team(demo_store)).scale == 1.2
    assert f"font-size: {TypeScale(1.2).body}px" in screen.styleSheet()
    assert screen.font().pixelSize() == TypeScale(1.2).body

    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not window.presenter.active
    assert nav.isVisible()
    assert window.statusBar().isVisible()
    assert window.menuBar().isVisible()
    assert not [w.objectName() for w in window.findChildren(QWidget) if presenter_look(w)]
    assert screen.font().pixelSize() == -1  # the OS font again
    assert screen.calls == [True, False]


def presenter_look(widget: QWidget) -> bool:
    """Whether ``widget`` carries the presenter style sheet."""
    return "font-size" in widget.styleSheet()


def test_a_screen_switched_to_in_presenter_mode_presents_and_stops_after(
    qtbot: QtBot, demo_store: Store
) -> None:
    window = _window(qtbot, demo_store, Clock())
    stub = _refine(window)
    qtbot.keyClick(window, Qt.Key.Key_F11)
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    home = window.current_screen()
    assert isinstance(home, HomeScreen)
    assert home.font().pixelSize() == TypeScale(1.0).body
    heading = window.findChild(QLabel, "home_team_name")
    assert heading.isVisible()
    assert heading.font().pixelSize() == TypeScale(1.0).body
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert home.font().pixelSize() == -1
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.current_screen() is stub
    assert not presenter_look(stub)  # styled while presenting, put right when shown again
    assert not [w.objectName() for w in window.findChildren(QWidget) if presenter_look(w)]


def test_escape_in_the_extension_row_keeps_presenter_mode(qtbot: QtBot, demo_store: Store) -> None:
    window = _window(qtbot, demo_store, Clock())
    _refine(window)
    window.presenter.enter()
    qtbot.keyClick(window, Qt.Key.Key_Plus)
    reason = window.timer.extend_panel.reason
    assert reason.isVisible()
    qtbot.keyClick(reason, Qt.Key.Key_Escape)
    assert not reason.isVisible()
    assert window.presenter.active


def test_high_contrast_is_remembered(qtbot: QtBot, demo_store: Store) -> None:
    window = _window(qtbot, demo_store, Clock())
    window.presenter.toggle_contrast()
    assert ops.presenter_settings(demo_store, ops_team(demo_store)).high_contrast
    window.presenter.enter()
    assert "background-color: #000000" in window.current_screen().styleSheet()
    assert window.centralWidget().colour == QColor("#000000")  # behind the screen too
