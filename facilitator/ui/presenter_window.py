"""The main window's geometry and backdrop: it fits its screen, in presenter mode and out of it.

The window never grows past its screen (large presenter type, a wide page or a hidden screen
built earlier would push it), is kept on screen once its frame is known, and paints the
presenter background behind the screens without styling a widget.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, QSize, QTimer
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QLayout, QSizePolicy, QStackedWidget, QWidget

Policy = QSizePolicy.Policy

# The smallest the window may be made; its content never sets a minimum larger than the screen.
MIN_WINDOW = QSize(640, 480)


def never_past_screen(window: QWidget) -> None:
    """Stop the window's content from forcing it larger than its screen.

    By default a window's minimum size is its layout's; large presenter type (or a wide page)
    would then push it past a 1280×720 screen, even in full screen. The content squeezes
    instead, and stays within the window.
    """
    layout = window.layout()
    if layout is not None:
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
    window.setMinimumSize(MIN_WINDOW)


def fit_on_screen(window: QWidget, wanted: QSize | None = None) -> None:
    """Resize and move the window (frame included) to lie inside its screen's available area.

    Args:
        window: a top-level widget.
        wanted: the size to ask for; None keeps the current size (shrunk if it does not fit).
    """
    area = window.screen().availableGeometry()
    frame, inner = window.frameGeometry(), window.geometry()
    extra = QSize(frame.width() - inner.width(), frame.height() - inner.height())
    size = wanted if wanted is not None else inner.size()
    size = size.boundedTo(area.size() - extra).expandedTo(MIN_WINDOW.boundedTo(area.size()))
    if size != inner.size():
        window.resize(size)
    whole = QRect(frame.topLeft(), size + extra)
    x = max(area.left(), min(whole.left(), area.right() + 1 - whole.width()))
    y = max(area.top(), min(whole.top(), area.bottom() + 1 - whole.height()))
    if (x, y) != (frame.x(), frame.y()):
        window.move(x, y)  # move() places the frame


def size_to_current_page(stack: QStackedWidget) -> None:
    """Make ``stack`` ask for the room of the page on display only, not of its largest page.

    A QStackedWidget's minimum size covers every page; a screen built earlier and hidden (at
    presenter type sizes, say) would otherwise push the window past a 1280×720 screen.
    """

    def fit(_index: int) -> None:
        current = stack.currentWidget()
        for index in range(stack.count()):
            page = stack.widget(index)
            if page is not None:
                policy = Policy.Preferred if page is current else Policy.Ignored
                page.setSizePolicy(policy, policy)

    stack.currentChanged.connect(fit)
    fit(stack.currentIndex())


class FitOnFirstShow(QObject):
    """Once the window is first shown and its frame is known, keep the whole frame on screen.

    Only the size the window was given before it was shown is adjusted: a size someone chose
    in between (a test, say) stays as it is.
    """

    def __init__(self, window: QWidget) -> None:
        """Watch ``window`` until its first show."""
        super().__init__(window)
        self.window = window
        self.size = window.size()
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """On the first Show, fit on the next event-loop turn (when the frame exists)."""
        if watched is self.window and event.type() == QEvent.Type.Show:
            self.window.removeEventFilter(self)
            QTimer.singleShot(0, self, self._fit)  # not after the window is gone
        return False

    def _fit(self) -> None:
        if self.window.size() == self.size:
            fit_on_screen(self.window)


class Backdrop(QWidget):
    """The main window's central widget: paints the presenter background behind the screens.

    A palette or style sheet here would reach every widget below it; painting reaches none.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        """A plain container until :meth:`set_colour` gives it a colour."""
        super().__init__(parent)
        self.colour: QColor | None = None

    def set_colour(self, colour: str | None) -> None:
        """Paint ``colour`` (``#rrggbb``) behind the children, or nothing (None)."""
        wanted = None if colour is None else QColor(colour)
        if wanted != self.colour:
            self.colour = wanted
            self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        """Fill the exposed area with the colour."""
        if self.colour is not None:
            QPainter(self).fillRect(event.rect(), self.colour)
