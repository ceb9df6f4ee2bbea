"""Keyboard habits the whole window shares."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPointF, Qt
from PySide6.QtGui import QKeyEvent, QWheelEvent, QWindow
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDateTimeEdit,
    QPushButton,
    QWidget,
)

ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
PLAIN = (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
SHOW, WIN_ID_CHANGE, WHEEL = QEvent.Type.Show, QEvent.Type.WinIdChange, QEvent.Type.Wheel


class WindowKeys(QObject):
    """Two habits of a main window, without a filter on every event of the application.

    - Return or Enter on a focused push button clicks it, as Space does. Qt only gives buttons
      inside dialogs that behaviour; here forms live in screens, and a keyboard user who tabs to
      "Add member" expects Enter to add the member. A button of the window is made "auto
      default" when it gets the focus, so it takes Return itself; a Return another widget
      handled (a line edit that moved the focus on to a button) never reaches the button.
    - The mouse wheel never changes a spin box, date edit or combo box that lacks focus: the
      turn scrolls the page that holds it instead (and so never gives it focus); a widget the
      user clicked or tabbed into keeps the wheel. This is watched on the window's native
      window, which sees only the input that reaches it, not the hundreds of polish, layout and
      paint events a presenter-mode toggle or a new screen sends (an application-wide filter
      cost a Python call for each: about a quarter of an F11 toggle).
    """

    WATCHED = (QAbstractSpinBox, QComboBox)

    def __init__(self, window: QWidget) -> None:
        """Give ``window`` the habits (install with :func:`window_keys`)."""
        super().__init__(window)
        self.window = window
        self.handle: QWindow | None = None
        window.installEventFilter(self)  # its own events only: to learn of its native window
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if isinstance(new, QPushButton) and not new.autoDefault() and new.window() is self.window:
            new.setAutoDefault(True)  # Return and Enter click it while it has the focus

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Watch the native window once it exists; redirect a wheel turn over an unfocused field."""
        kind = event.type()
        if watched is self.window:
            if kind in (SHOW, WIN_ID_CHANGE):
                self._watch(self.window.windowHandle())
            return False
        if kind == WHEEL and isinstance(event, QWheelEvent):
            return self._wheel(event)
        return False

    def _watch(self, handle: QWindow | None) -> None:
        if handle is not None and handle is not self.handle:
            if self.handle is not None:
                self.handle.removeEventFilter(self)
            self.handle = handle
            handle.installEventFilter(self)

    def _wheel(self, event: QWheelEvent) -> bool:
        point = event.position().toPoint()
        widget = self.window.childAt(point)
        while widget is not None and widget is not self.window:
            if isinstance(widget, self.WATCHED):
                break
            widget = widget.parentWidget()
        if not isinstance(widget, self.WATCHED) or widget.hasFocus():
            return False  # not over a field, or the user's field: Qt delivers it as usual
        page = widget.parentWidget()
        while page is not None and not isinstance(page, QAbstractScrollArea):
            page = page.parentWidget()
        if page is not None:  # the page that holds the field scrolls instead
            viewport = page.viewport()
            turn = QWheelEvent(
                QPointF(viewport.mapFrom(self.window, point)),
                event.globalPosition(),
                event.pixelDelta(),
                event.angleDelta(),
                event.buttons(),
                event.modifiers(),
                event.phase(),
                event.inverted(),
                event.source(),
            )
            QApplication.sendEvent(viewport, turn)
        return True


def window_keys(window: QWidget) -> WindowKeys:
    """Give ``window`` the :class:`WindowKeys` habits."""
    return WindowKeys(window)


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
