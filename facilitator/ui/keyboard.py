"""Keyboard habits the whole window shares."""

from __future__ import annotations

import weakref

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDateTimeEdit,
    QPushButton,
    QWidget,
)

ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
PLAIN = (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
KEY_PRESS, POLISH, WHEEL = QEvent.Type.KeyPress, QEvent.Type.Polish, QEvent.Type.Wheel


class WindowKeys(QObject):
    """Two habits of every main window, in one application-wide filter (it sees every event).

    - Return or Enter on a focused push button clicks it, as Space does. Qt only gives buttons
      inside dialogs that behaviour; here forms live in screens, and a keyboard user who tabs to
      "Add member" expects Enter to add the member. Only buttons of the windows named with
      :meth:`add_window` act (a dialog keeps its own default button).
    - The mouse wheel never changes a spin box, date edit or combo box that lacks focus. A wheel
      over such a widget without focus is ignored by it, so Qt passes it on to the parent and the
      page scrolls; a widget the user clicked or tabbed into keeps the wheel. The widgets get
      ``Qt.StrongFocus`` when polished, so the wheel never gives them focus on its own (their
      default, ``Qt.WheelFocus``, would).

    One filter, not two, and a test of the watched object's class before anything else: the
    filter runs for every event of the application (a presenter-mode toggle sends hundreds).
    """

    WATCHED = (QAbstractSpinBox, QComboBox)

    def __init__(self, app: QObject) -> None:
        """Filter ``app``'s events (install with :func:`window_keys`)."""
        super().__init__(app)
        self.windows: weakref.WeakSet[QWidget] = weakref.WeakSet()

    def add_window(self, window: QWidget) -> None:
        """Let Return/Enter click the buttons of ``window``."""
        self.windows.add(window)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Click a focused button on Return/Enter; keep the wheel off unfocused fields."""
        if isinstance(watched, QPushButton):
            if (
                isinstance(event, QKeyEvent)
                and event.type() == KEY_PRESS
                and event.key() in ENTER_KEYS
                and event.modifiers() in PLAIN
                and not event.isAutoRepeat()
                and watched.isEnabled()
                and watched.window() in self.windows
            ):
                watched.click()
                return True
            return False
        if not isinstance(watched, self.WATCHED):
            return False
        kind = event.type()
        if kind == POLISH:
            if watched.focusPolicy() == Qt.FocusPolicy.WheelFocus:
                watched.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            return False
        if kind == WHEEL and not watched.hasFocus():
            # Filtered and not accepted: QApplication offers it to the parent widgets.
            event.ignore()
            return True
        return False


def window_keys(window: QWidget) -> WindowKeys | None:
    """Give ``window`` the :class:`WindowKeys` habits (one filter for the whole application)."""
    app = QApplication.instance()
    if app is None:
        return None
    keys = app.findChild(WindowKeys)
    if keys is None:
        keys = WindowKeys(app)
        app.installEventFilter(keys)
    keys.add_window(window)
    return keys


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
