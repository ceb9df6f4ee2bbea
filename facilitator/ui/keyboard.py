"""Keyboard habits the whole window shares."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QDateTimeEdit, QPushButton, QWidget

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


class WheelNeedsFocus(QObject):
    """The mouse wheel never changes a spin box, date edit or combo box that lacks focus.

    Installed once on the application. A wheel over such a widget without focus is ignored by it,
    so Qt passes it on to the parent and the page scrolls; a widget the user clicked or tabbed
    into keeps the wheel. The widgets get ``Qt.StrongFocus`` when polished, so the wheel never
    gives them focus on its own (their default, ``Qt.WheelFocus``, would).
    """

    WATCHED = (QAbstractSpinBox, QComboBox)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Ignore the wheel on an unfocused spin box or combo box; give them StrongFocus."""
        kind = event.type()
        if kind == QEvent.Type.Polish and isinstance(watched, self.WATCHED):
            if watched.focusPolicy() == Qt.FocusPolicy.WheelFocus:
                watched.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            return False
        if (
            kind == QEvent.Type.Wheel
            and isinstance(watched, self.WATCHED)
            and not watched.hasFocus()
        ):
            # Filtered and not accepted: QApplication offers it to the parent widgets.
            event.ignore()
            return True
        return False


class TabLeavesSections(QObject):
    """Tab and Shift+Tab leave a date or time edit at once instead of walking its sections.

    The arrow keys still move between day, month and year; without this a keyboard user needs
    one Tab per section to get past a date. Install with :func:`tab_leaves_sections`.
    """

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Move focus on to the next (or previous) control on Tab (or Shift+Tab)."""
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and isinstance(watched, QDateTimeEdit)
            and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
        ):
            forward = event.key() == Qt.Key.Key_Tab and not (
                event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            )
            # QWidget's own version: QDateTimeEdit's would move to the next section.
            QWidget.focusNextPrevChild(watched, forward)
            return True
        return False


def tab_leaves_sections(*edits: QDateTimeEdit) -> None:
    """Make Tab leave each of ``edits`` in one press (see :class:`TabLeavesSections`)."""
    for edit in edits:
        edit.installEventFilter(TabLeavesSections(edit))
