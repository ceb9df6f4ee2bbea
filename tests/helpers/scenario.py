"""Helpers for the scenario tests (SCENARIOS.md): a clock, fake dialogs, user-like actions.

The scenario tests drive the real main window the way a user does: they find widgets by
objectName, type with the keyboard, click with the mouse, and send window-wide shortcuts to the
window handle. What the database then holds is read with plain SQL through ``store.engine``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QLabel,
    QTabWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from facilitator.store.db import Store
from facilitator.ui.context import UiContext
from facilitator.ui.main_window import MainWindow
from facilitator.ui.widgets.text import ElidedLabel

BERLIN = ZoneInfo("Europe/Berlin")
W = TypeVar("W", bound=QObject)


class Clock:
    """A wall clock the test moves by hand (aware datetimes only)."""

    def __init__(self, start: dt.datetime) -> None:
        """Start at ``start``, which must carry a time zone."""
        assert start.tzinfo is not None, "scenario clocks are time-zone aware"
        self.now = start

    def __call__(self) -> dt.datetime:
        """The current time."""
        return self.now

    def advance(self, **delta: float) -> None:
        """Move time forward, e.g. ``advance(minutes=10)``."""
        self.now += dt.timedelta(**delta)


@dataclass
class FakeDialogs:
    """Stands in for :class:`facilitator.ui.dialogs.Dialogs`; records every call."""

    answer: bool = True
    errors: list[tuple[str, str]] = field(default_factory=list)
    confirms: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    save_to: Path | None = None  # the file a save question answers with (None: cancel)
    saves: list[str] = field(default_factory=list)

    def warning(self, parent: QWidget | None, title: str, text: str) -> None:
        """Record a warning instead of showing a modal box."""
        self.warnings.append((title, text))

    def error(self, parent: QWidget | None, title: str, text: str) -> None:
        """Record an error instead of showing a modal box."""
        self.errors.append((title, text))

    def confirm(self, parent: QWidget | None, title: str, text: str) -> bool:
        """Record a question and give the canned answer."""
        self.confirms.append((title, text))
        return self.answer

    def save_path(
        self, parent: QWidget | None, title: str, suggested: Path, kinds: str
    ) -> Path | None:
        """Record a save question and answer with :attr:`save_to`."""
        self.saves.append(title)
        return self.save_to


def open_window(
    qtbot: QtBot, store: Store, clock: Clock, dialogs: FakeDialogs | None = None
) -> MainWindow:
    """Open the main window on ``store`` as the app does, shown, active and owned by qtbot."""
    ctx = UiContext(store=store, dialogs=dialogs or FakeDialogs(), now=clock)
    window = MainWindow(ctx)
    window.timer._beep = lambda: None  # no audible cue in tests
    qtbot.addWidget(window)
    window.show()
    activate(qtbot, window)
    return window


def activate(qtbot: QtBot, window: QWidget) -> None:
    """Make ``window`` the active window so window-wide shortcuts reach it."""
    with qtbot.waitActive(window):  # a context manager: it waits when the block ends
        window.activateWindow()


def find(window: QWidget, kind: type[W], name: str) -> W:
    """The child named ``name`` of type ``kind``; fails with the name when it is missing."""
    widget = window.findChild(kind, name)
    assert widget is not None, f"no {kind.__name__} named {name!r}"
    return widget


def click(qtbot: QtBot, window: QWidget, name: str) -> None:
    """Click the button named ``name`` with the left mouse button (it must be enabled)."""
    button = find(window, QAbstractButton, name)
    assert button.isEnabled(), f"button {name!r} is disabled"
    assert button.isVisible(), f"button {name!r} is not visible"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def text(window: QWidget, name: str) -> str:
    """The text of the label named ``name`` (before eliding, for labels that elide)."""
    label = find(window, QLabel, name)
    return label.full_text() if isinstance(label, ElidedLabel) else label.text()


def type_into(qtbot: QtBot, window: QWidget, name: str, typed: str) -> None:
    """Clear the field named ``name`` and type ``typed`` into it, key by key."""
    field_ = find(window, QWidget, name)
    field_.setFocus()
    qtbot.keyClick(field_, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(field_, Qt.Key.Key_Delete)
    type_text(qtbot, field_, typed)


def type_text(qtbot: QtBot, widget: QWidget, typed: str) -> None:
    """Type ``typed`` into ``widget`` key by key, accented letters included.

    QTest maps only ASCII characters to keys; others ("ã" in João) are sent as the key event a
    keyboard layout produces for them: an unknown key code carrying the character as its text.
    """
    for char in typed:
        if char.isascii():
            qtbot.keyClicks(widget, char)
        else:
            QTest.sendKeyEvent(
                QTest.KeyAction.Click,
                widget,
                Qt.Key.Key_unknown,
                char,
                Qt.KeyboardModifier.NoModifier,
            )


def pick(box: QComboBox, starts_with: str) -> None:
    """Choose the combo-box entry whose text starts with ``starts_with``."""
    index = next((i for i in range(box.count()) if box.itemText(i).startswith(starts_with)), -1)
    assert index >= 0, f"{box.objectName()} has no entry starting with {starts_with!r}"
    box.setCurrentIndex(index)


def pick_data(box: QComboBox, data: object) -> None:
    """Choose the combo-box entry holding ``data``."""
    index = box.findData(data)
    assert index >= 0, f"{box.objectName()} has no entry for {data!r}"
    box.setCurrentIndex(index)


def click_row(qtbot: QtBot, view: QAbstractItemView, row: int, column: int = 0) -> None:
    """Click a row of an item view, like a user picking it with the mouse."""
    index = view.model().index(row, column)
    view.scrollTo(index)
    rect = view.visualRect(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def click_tab(qtbot: QtBot, tabs: QTabWidget, title: str) -> None:
    """Click the tab titled ``title``."""
    bar = tabs.tabBar()
    index = next(i for i in range(bar.count()) if bar.tabText(i) == title)
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert tabs.currentIndex() == index


def window_key(
    qtbot: QtBot,
    window: QWidget,
    key: Qt.Key,
    modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    """Press a key meant for a window-wide shortcut (sent to the window handle)."""
    activate(qtbot, window)
    handle = window.windowHandle()
    assert handle is not None
    qtbot.keyClick(handle, key, modifier)


def focused_name() -> str:
    """The objectName of the widget with keyboard focus ("" when none)."""
    from PySide6.QtWidgets import QApplication

    widget = QApplication.focusWidget()
    return widget.objectName() if widget is not None else ""


def focused() -> QWidget:
    """The widget with keyboard focus (fails when none has it)."""
    from PySide6.QtWidgets import QApplication

    widget = QApplication.focusWidget()
    assert widget is not None, "no widget has keyboard focus"
    return widget


def key(qtbot: QtBot, pressed: Qt.Key, modifier: Qt.KeyboardModifier | None = None) -> None:
    """Press a key in the widget that has keyboard focus."""
    qtbot.keyClick(focused(), pressed, modifier or Qt.KeyboardModifier.NoModifier)


def type_here(qtbot: QtBot, typed: str) -> None:
    """Type into the widget that has keyboard focus."""
    type_text(qtbot, focused(), typed)


def tab_to(qtbot: QtBot, name: str, limit: int = 40) -> int:
    """Press Tab until the widget named ``name`` has focus; returns how many presses it took."""
    for presses in range(1, limit + 1):
        key(qtbot, Qt.Key.Key_Tab)
        if focused_name() == name:
            return presses
    raise AssertionError(f"{limit} presses of Tab never reached {name!r}")


def arrow_to(qtbot: QtBot, box: QComboBox, data: object, limit: int = 20) -> None:
    """With the focused closed combo box, press Up to the top, then Down until ``data`` shows.

    (Typing an entry's first letters also works for a person, but Qt joins keystrokes less than
    ``keyboardInputInterval`` apart into one search, which a fast test cannot avoid.)
    """
    assert focused() is box, f"{box.objectName()} does not have focus"
    for _ in range(limit):
        if box.currentIndex() <= 0:
            break
        key(qtbot, Qt.Key.Key_Up)
    for _ in range(limit):
        if box.currentData() == data:
            return
        key(qtbot, Qt.Key.Key_Down)
    raise AssertionError(f"{box.objectName()}: Down never reached {data!r}")


def rows(store: Store, sql: str, **params: Any) -> list[tuple[Any, ...]]:
    """Run one SELECT on the store's database and return plain tuples."""
    from sqlalchemy import text as sql_text

    with store.engine.connect() as connection:
        return [tuple(r) for r in connection.execute(sql_text(sql), params)]
