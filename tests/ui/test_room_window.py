"""The room window: presenter look in its own window, following the facilitator's main window."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QPushButton, QToolButton, QWidget
from pytestqt.qtbot import QtBot

from facilitator.store.db import Store
from facilitator.ui.context import UiContext
from facilitator.ui.main_window import SCREENS, MainWindow
from facilitator.ui.room_window import RoomWindow, room_screen
from facilitator.ui.screens.refinement import RefinementScreen
from tests.conftest import DEMO_TODAY
from tests.helpers.backlog_team import make_team

NOW = dt.datetime.combine(DEMO_TODAY, dt.time(10, tzinfo=dt.UTC))


class Clock:
    """A settable clock shared by both timers."""

    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> dt.datetime:
        return self.now


def _window(qtbot: QtBot, store: Store, clock: Clock) -> tuple[MainWindow, RefinementScreen]:
    make_team(store, stories=4)
    window = MainWindow(UiContext(store=store, now=clock))
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
    return window, screen


def _open_by_key(qtbot: QtBot, window: MainWindow) -> RoomWindow:
    window.activateWindow()
    qtbot.waitActive(window)
    qtbot.keyClick(
        window.windowHandle(),
        Qt.Key.Key_F11,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    room = window.findChild(QWidget, "room_window")
    assert isinstance(room, RoomWindow)
    qtbot.addWidget(room)
    assert room.isVisible()
    return room


def _label(room: QWidget, name: str) -> str:
    return room.findChild(QLabel, name).text()


def test_opening_by_key_shows_the_same_story_and_time(qtbot: QtBot, store: Store) -> None:
    clock = Clock()
    window, screen = _window(qtbot, store, clock)
    screen.findChild(QPushButton, "refine_start").click()
    room = _open_by_key(qtbot, window)
    assert room.isWindow()
    assert room is not window
    assert not window.presenter.active  # the main window keeps its editing controls
    assert not window.isFullScreen()
    assert screen.findChild(QWidget, "refine_controls").isVisible()
    assert _label(room, "room_progress") == "REFINEMENT · story 1 of 4"
    assert _label(room, "room_title") == screen.findChild(QLabel, "refine_title").text()
    assert room.view is not None
    assert [heading for heading, _lines in room.view.sections] == [
        "Acceptance criteria",
        "Readiness",
    ]
    assert any(line.startswith("! ") for line in room.section_texts())  # readiness, in words
    assert room.timer.clock.text() == window.timer.clock.text() == "2:00:00"
    clock.now = NOW + dt.timedelta(minutes=3, seconds=20)
    room.timer.refresh()
    window.timer.refresh()
    assert room.timer.clock.text() == window.timer.clock.text() == "1:56:40"
    # The room's clock is read-only: no buttons, no keys.
    assert not any(button.isVisible() for button in room.timer.buttons)
    assert room.styleSheet()  # the presenter look


def test_it_follows_the_next_story_and_the_timer(qtbot: QtBot, store: Store) -> None:
    window, screen = _window(qtbot, store, Clock())
    room = _open_by_key(qtbot, window)
    assert "Press Start" in _label(room, "room_title")
    assert room.timer.view is not None
    assert not room.timer.view.state.is_started
    screen.findChild(QPushButton, "refine_start").click()
    assert window.timer.view is not None
    assert window.timer.view.state.is_running
    assert room.timer.view is not None
    assert room.timer.view.state.is_running
    screen.findChild(QPushButton, "refine_next").click()
    assert _label(room, "room_progress") == "REFINEMENT · story 2 of 4"
    assert _label(room, "room_title") == "PAYM-2  Story number 2"
    window.timer.start_pause.click()  # pause in the main window: paused in the room too
    assert not room.timer.view.state.is_running
    assert "paused" in room.timer.status.full_text()
    # Another screen: its title and the team line; no ceremony, no clock.
    window.findChild(QListWidget, "nav").setCurrentRow(0)
    assert _label(room, "room_title") == SCREENS[0].title
    assert "Payments" in room.section_texts()[0]
    assert not room.timer.isVisible()


def test_votes_are_not_shown_before_reveal(qtbot: QtBot, store: Store) -> None:
    window, screen = _window(qtbot, store, Clock())
    screen.findChild(QPushButton, "refine_start").click()
    room = _open_by_key(qtbot, window)
    votes = [screen.poker.findChild(QLineEdit, f"poker_vote_{i}") for i in range(2)]
    for vote, value in zip(votes, ("13", "21"), strict=True):
        vote.setText(value)
    shown = [label.text() for label in room.findChildren(QLabel)]
    assert not any("13" in text or "21" in text for text in shown)
    assert not room.findChild(QLabel, "room_footer").isVisibleTo(room)
    screen.poker.findChild(QPushButton, "poker_reveal").click()
    footer = _label(room, "room_footer")
    assert footer.startswith("Spread 13–21")
    assert room.findChild(QLabel, "room_footer").isVisibleTo(room)
    screen.findChild(QPushButton, "refine_next").click()  # a new round hides them again
    assert _label(room, "room_footer") == ""


def test_close_is_harmless_and_reopening_works(qtbot: QtBot, store: Store) -> None:
    window, screen = _window(qtbot, store, Clock())
    button = window.findChild(QToolButton, "room_button")
    assert button.accessibleName() == "Open room window"
    button.click()
    room = window.findChild(QWidget, "room_window")
    assert isinstance(room, RoomWindow)
    qtbot.addWidget(room)
    room.close()
    assert not room.isVisible()
    assert window.isVisible()
    screen.findChild(QPushButton, "refine_start").click()  # the main window carries on
    button.click()
    assert room.isVisible()
    assert window.findChildren(RoomWindow) == [room]
    assert _label(room, "room_progress") == "REFINEMENT · story 1 of 4"
    assert room.timer.view is not None
    assert room.timer.view.state.is_running


def test_esc_leaves_full_screen_in_the_room_window(qtbot: QtBot, store: Store) -> None:
    window, _screen = _window(qtbot, store, Clock())
    room = _open_by_key(qtbot, window)
    room.showFullScreen()
    room.activateWindow()
    qtbot.waitActive(room)
    qtbot.keyClick(room.windowHandle(), Qt.Key.Key_Escape)
    assert not room.isFullScreen()
    assert window.isVisible()
    assert not window.presenter.active


@dataclass(frozen=True)
class FakeScreen:
    label: str

    def name(self) -> str:
        return self.label


def test_room_goes_to_the_screen_the_main_window_is_not_on() -> None:
    laptop, projector = FakeScreen("laptop"), FakeScreen("projector")
    assert room_screen(laptop, [laptop, projector]) is projector
    assert room_screen(projector, [laptop, projector]) is laptop
    assert room_screen(laptop, [laptop]) is laptop
