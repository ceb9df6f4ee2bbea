"""The refinement screen, the timer and the room window render the committed run."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from facilitator.store.db import Store
from facilitator.ui.context import UiContext
from facilitator.ui.main_window import SCREENS, MainWindow
from facilitator.ui.room_window import RoomWindow
from facilitator.ui.screens.refinement import RefinementScreen
from tests.helpers.backlog_team import NOW, BacklogTeam, make_team
from tests.helpers.transactions import counting


def _window(qtbot: QtBot, store: Store) -> tuple[MainWindow, RefinementScreen, BacklogTeam]:
    team = make_team(store, stories=3)
    window = MainWindow(UiContext(store=store, now=lambda: NOW))
    window.timer._beep = lambda: None
    qtbot.addWidget(window)
    window.resize(1280, 720)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    row = next(i for i, factory in enumerate(SCREENS) if factory.title == "Refinement")
    window.findChild(QListWidget, "nav").setCurrentRow(row)
    screen = window.findChild(QWidget, "refinement_screen")
    assert isinstance(screen, RefinementScreen)
    return window, screen, team


def _room(qtbot: QtBot, window: MainWindow) -> RoomWindow:
    room = window.room.open()
    qtbot.addWidget(room)
    return room


def test_start_is_one_run_whose_clock_and_walk_the_timer_and_screen_share(
    qtbot: QtBot, store: Store
) -> None:
    window, screen, team = _window(qtbot, store)
    with counting(store) as tally:
        screen.findChild(QPushButton, "refine_start").click()
    writes = [
        s for s in tally.statements if s.lstrip().upper().startswith("INSERT INTO CEREMONY_RUN")
    ]
    assert len(writes) == 1  # one run: the clock's and the walk's
    assert screen.run is not None
    assert window.timer.view is not None
    assert window.timer.view.run_id == screen.run.run_id
    assert window.timer.view.state.is_running
    assert screen.run.queue == tuple(team.stories)


def test_finishing_on_the_timer_finishes_the_refinement_and_shows_its_summary(
    qtbot: QtBot, store: Store
) -> None:
    window, screen, _team = _window(qtbot, store)
    screen.findChild(QPushButton, "refine_start").click()
    window.timer.finish_button.click()
    assert window.timer.view is not None
    assert window.timer.view.state.is_finished
    assert screen.run is None  # the run ended, so the walk did too
    assert screen.findChild(QLabel, "refine_progress").text() == "REFINEMENT · summary"
    assert screen.findChild(QLabel, "refine_title").text() == "0 changes in this session"


def test_the_room_renders_the_run_not_the_screen_labels(qtbot: QtBot, store: Store) -> None:
    window, screen, _team = _window(qtbot, store)
    screen.findChild(QPushButton, "refine_start").click()
    room = _room(qtbot, window)
    screen.findChild(QLabel, "refine_title").setText("scribbled on the label")
    screen.findChild(QLabel, "refine_progress").setText("scribbled too")
    room.show_view(screen.room_view())
    assert room.findChild(QLabel, "room_title").text() == "PAYM-1  Story number 1"
    assert room.findChild(QLabel, "room_progress").text() == "REFINEMENT · story 1 of 3"


def test_the_room_clock_follows_the_main_timer_without_reading_the_database(
    qtbot: QtBot, store: Store
) -> None:
    window, screen, _team = _window(qtbot, store)
    room = _room(qtbot, window)
    screen.findChild(QPushButton, "refine_start").click()
    with counting(store) as tally:
        window.room.follow_timer()
    assert tally.statements == []
    assert room.timer.view == window.timer.view
    qtbot.keyClick(window.windowHandle(), Qt.Key.Key_Space)  # pause in the main window
    assert room.timer.view is not None
    assert not room.timer.view.state.is_running


def test_the_run_starts_with_the_clock_prepared_on_the_timer(qtbot: QtBot, store: Store) -> None:
    window, screen, _team = _window(qtbot, store)
    view = window.timer.view
    assert view is not None
    window.timer.view = replace(view, state=view.state.with_timeboxes([45 * 60]))
    screen.findChild(QPushButton, "refine_start").click()
    assert screen.run is not None
    assert screen.run.timer.total_timebox == 45 * 60
    assert window.findChild(QLabel, "timer_clock").text() == "45:00"
