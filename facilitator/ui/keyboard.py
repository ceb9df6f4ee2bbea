"""Keyboard habits the whole window shares."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QPushButton, QWidget

ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
PLAIN = (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)


class EnterClicksButtons(QObject):
    """Return or Enter on a focused push button clicks it, as Space does.

    Qt only gives buttons inside dialogs that behaviour; here forms live in screens, and a keyboard
    user who tabs to "Add member" expects Enter to add the member.
    """

    def __init__(self, window: QWidget) -> None:
        """Act for buttons of ``window`` only (each window installs its own filter)."""
        super().__init__(window)
        self.window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Click the focused button on Return/Enter without modifiers."""
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(watched, QPushButton)
            and isinstance(event, QKeyEvent)
            and event.key() in ENTER_KEYS
            and event.modifiers() in PLAIN
            and not event.isAutoRepeat()
            and watched.isEnabled()
            and watched.window() is self.window
        ):
            watched.click()
            return True
        return False
