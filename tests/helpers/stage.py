"""Scenario helpers for the ceremonies' stage in presenter mode: go to a screen by its Ctrl
digit, answer the stage prompt by keyboard (pick a choice, type a line), write a retro note,
record a review's deployment and defect, and open the room window and read every text it
shows."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QListWidget, QWidget
from pytestqt.qtbot import QtBot

from facilitator.ui.main_window import SCREENS, MainWindow, nav_digit
from facilitator.ui.room_window import RoomWindow
from tests.helpers.scenario import (
    arrow_to,
    find,
    focused,
    key,
    tab_to,
    text,
    type_here,
    window_key,
)

CTRL = Qt.KeyboardModifier.ControlModifier


def go_to(qtbot: QtBot, window: MainWindow, screen_key: str) -> QWidget:
    """Ctrl + the navigation digit of ``screen_key``; the screen now shown."""
    digit = nav_digit([f.key for f in SCREENS].index(screen_key))
    window_key(qtbot, window, getattr(Qt.Key, f"Key_{digit}"), CTRL)
    screen = window.current_screen()
    assert screen is not None
    return screen


def present_at_1280(qtbot: QtBot, window: MainWindow, screen_key: str) -> QWidget:
    """Go to ``screen_key``, F11 into presenter mode and give the window a 1280×720
    projector's size (the offscreen screen is 800×800); the screen, laid out at that size."""
    screen = go_to(qtbot, window, screen_key)
    window_key(qtbot, window, Qt.Key.Key_F11)
    window.setGeometry(0, 0, 1280, 720)
    qtbot.waitUntil(lambda: screen.width() > 1200)
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


class Pick(str):
    """An answer of :func:`on_stage` picked from the prompt's list (a plain text is typed)."""

    __slots__ = ()


def on_stage(qtbot: QtBot, window: MainWindow, pressed: Qt.Key, *answers: str) -> None:
    """Press a stage key, then answer its questions in turn: a :class:`Pick` is chosen from
    the list, any other text typed and confirmed with Return."""
    window_key(qtbot, window, pressed)
    for given in answers:
        if isinstance(given, Pick):
            choose(qtbot, given)
        else:
            answer(qtbot, given)


def write_note(
    qtbot: QtBot, window: MainWindow, column: str, writer: str, how: str, said: str
) -> None:
    """A on the retro stage: the column, the writer, named or anonymous, then the text."""
    on_stage(qtbot, window, Qt.Key.Key_A, Pick(column), Pick(writer), Pick(how), said)


def record_delivery(qtbot: QtBot, window: MainWindow, deployed: str, defect: str) -> None:
    """Out of presenter mode, on the review's form by Tab and typing: a deployment, then a
    defect that escaped to production."""
    key(qtbot, Qt.Key.Key_Escape)
    assert not window.presenter.active
    find(window, QComboBox, "review_note_kind").setFocus()
    tab_to(qtbot, "review_deployed_what")
    type_here(qtbot, deployed)
    tab_to(qtbot, "review_record_deployment")
    key(qtbot, Qt.Key.Key_Space)
    assert text(window, "review_error") == "✓ Deployment recorded"
    tab_to(qtbot, "review_defect_kind")
    arrow_to(qtbot, find(window, QComboBox, "review_defect_kind"), "escaped")
    tab_to(qtbot, "review_defect_text")
    type_here(qtbot, defect)
    tab_to(qtbot, "review_record_defect")
    key(qtbot, Qt.Key.Key_Space)
    assert text(window, "review_error") == "✓ Defect recorded"


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


def record_and_close_review(qtbot: QtBot, window: MainWindow) -> None:
    """The review of :func:`~tests.helpers.review_sprint.make_review_sprint`'s sprint, every
    story walked (PAYM-2 failed): record a deployment and an escaped defect by keyboard, then
    back in presenter mode C closes it with the figures of the Done decisions."""
    record_delivery(qtbot, window, "Payments 2.4", "Receipt shows the wrong rate")
    assert text(window, "review_delivery") == (
        "1 deployment · defects: 0 found in the sprint, 1 escaped to production"
    )
    window_key(qtbot, window, Qt.Key.Key_F11)
    window_key(qtbot, window, Qt.Key.Key_C)
    assert text(window, "review_title") == "Review of Sprint 1 closed: 3 of 4 stories Done"
    # Completed forecast: PAYM-1 (2 pts) and PAYM-3 (4 pts) of 2 + 3 + 4 → 6 of 9 pts.
    assert text(window, "review_verdict") == (
        "Completed 2 of 3 stories, 6 of 9 pts (67 %); added mid-sprint: 1 of 1 Done"
    )
