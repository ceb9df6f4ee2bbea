"""Scenario helpers for the ceremonies' stage in presenter mode: go to a screen by its Ctrl
digit, answer the stage prompt by keyboard (pick a choice, type a line), write a retro note,
and open the room window and read every text it shows."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QListWidget, QWidget
from pytestqt.qtbot import QtBot

from facilitator.ui.main_window import SCREENS, MainWindow, nav_digit
from facilitator.ui.room_window import RoomWindow
from tests.helpers.scenario import focused, key, type_here, window_key

CTRL = Qt.KeyboardModifier.ControlModifier


def go_to(qtbot: QtBot, window: MainWindow, screen_key: str) -> QWidget:
    """Ctrl + the navigation digit of ``screen_key``; the screen now shown."""
    digit = nav_digit([f.key for f in SCREENS].index(screen_key))
    window_key(qtbot, window, getattr(Qt.Key, f"Key_{digit}"), CTRL)
    screen = window.current_screen()
    assert screen is not None
    return screen


def nav_text(window: MainWindow, screen_key: str) -> str:
    """The navigation entry of ``screen_key`` as shown (with its badge, if any)."""
    nav = window.findChild(QListWidget, "nav")
    assert nav is not None
    item = nav.item([f.key for f in SCREENS].index(screen_key))
    return item.text()


def choose(qtbot: QtBot, starts_with: str) -> None:
    """In the stage prompt's list (focused), press ↓ until the entry shows, then Return."""
    choices = focused()
    assert isinstance(choices, QListWidget)
    for _ in range(choices.count() + 1):
        key(qtbot, Qt.Key.Key_Down)
        item = choices.currentItem()
        if item is not None and item.text().startswith(starts_with):
            key(qtbot, Qt.Key.Key_Return)
            return
    raise AssertionError(f"no choice starting with {starts_with!r}")


def answer(qtbot: QtBot, typed: str) -> None:
    """Type ``typed`` into the focused prompt field and press Return."""
    type_here(qtbot, typed)
    key(qtbot, Qt.Key.Key_Return)


def write_note(
    qtbot: QtBot, window: MainWindow, column: str, writer: str, how: str, said: str
) -> None:
    """A on the retro stage: the column, the writer, named or anonymous, then the text."""
    window_key(qtbot, window, Qt.Key.Key_A)
    choose(qtbot, column)
    choose(qtbot, writer)
    choose(qtbot, how)
    answer(qtbot, said)


def room_texts(room: QWidget) -> list[str]:
    """Every text the room window shows: each label's and each list entry's."""
    texts = [label.text() for label in room.findChildren(QLabel)]
    for listing in room.findChildren(QListWidget):
        texts += [listing.item(row).text() for row in range(listing.count())]
    return texts


def open_room(qtbot: QtBot, window: MainWindow) -> RoomWindow:
    """Ctrl+Shift+F11 opens the room window; the facilitator carries on in the main one."""
    window_key(qtbot, window, Qt.Key.Key_F11, CTRL | Qt.KeyboardModifier.ShiftModifier)
    room = window.findChild(QWidget, "room_window")
    assert isinstance(room, RoomWindow)
    qtbot.addWidget(room)
    assert room.isVisible()
    # The room window takes the focus when it shows; the facilitator carries on in the main one.
    qtbot.waitUntil(lambda: QApplication.activeWindow() is room)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return room
