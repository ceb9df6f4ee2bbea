"""Count how often a screen is painted by a visit to it (the paint passes a user sees).

A pass is one update request of the window and the paints it sets off. Only the passes that
paint the screen count: the timer in the top bar repaints itself on its own tick, whatever the
screen did.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from facilitator.ui.main_window import MainWindow


class ScreenPaints(QObject):
    """Counts the window's paint passes that paint the screen named ``screen``."""

    def __init__(self, window: QWidget, screen: str) -> None:
        """Count for the screen object-named ``screen`` in ``window`` (install on the app)."""
        super().__init__()
        self.window = window
        self.screen = screen
        self.passes = 0
        self._open = False  # an update request of the window came, the screen not painted yet
        self.painted: set[str] = set()  # what the passes after the first painted, for a message

    def _in_screen(self, widget: QWidget) -> bool:
        at: QWidget | None = widget
        while at is not None:
            if at.objectName() == self.screen:
                return True
            at = at.parentWidget()
        return False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Note an update request of the window, then the first paint of the screen after it."""
        if event.type() == QEvent.Type.UpdateRequest and watched is self.window:
            self._open = True
        elif (
            event.type() == QEvent.Type.Paint
            and isinstance(watched, QWidget)
            and watched.window() is self.window
            and self._in_screen(watched)
        ):
            if self._open:
                self._open = False
                self.passes += 1
            if self.passes > 1:
                self.painted.add(watched.objectName() or type(watched).__name__)
        return False


def visit(qtbot: QtBot, window: MainWindow, title: str, screen: str) -> ScreenPaints:
    """Ctrl+<digit> to the screen titled ``title`` (object name ``screen``) in the navigation,
    counting its paint passes until what the visit left to the event loop has run."""
    titles = [window.nav.item(i).text().split("   ")[0] for i in range(window.nav.count())]
    passes = ScreenPaints(window, screen)
    app = QApplication.instance()
    assert app is not None
    app.installEventFilter(passes)
    try:
        digit = Qt.Key(Qt.Key.Key_0.value + titles.index(title) + 1)
        qtbot.keyClick(window.windowHandle(), digit, Qt.KeyboardModifier.ControlModifier)
        qtbot.wait(100)  # zero timers, the combo boxes' 20 ms re-fit and what they set off
    finally:
        app.removeEventFilter(passes)
    return passes
