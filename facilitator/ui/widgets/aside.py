"""Set a splitter's pane aside while presenter mode hides it, and put it back as it was.

Presenter mode's look is a style sheet on the screen on display, and a style sheet restyles
every widget under it, hidden ones included (a polish, a palette and a font for each). A pane the
mode hides can wait outside the screen, a hidden child of the window, where the sheet never
reaches it; it comes back in its place, as wide, when the mode ends.
"""

from __future__ import annotations

from PySide6.QtWidgets import QSplitter, QWidget


class SplitterAside:
    """One pane of a splitter, set aside (hidden, outside the screen) and put back.

    Args:
        splitter: the splitter the pane lives in.
        pane: the widget set aside.
    """

    def __init__(self, splitter: QSplitter, pane: QWidget) -> None:
        """Remember the pane; nothing is set aside yet."""
        self.splitter = splitter
        self.pane = pane
        self._index = 0
        self._sizes: list[int] = []

    @property
    def aside(self) -> bool:
        """Whether the pane is outside its splitter."""
        return self.pane.parentWidget() is not self.splitter

    def set_aside(self) -> None:
        """Hide the pane and make it a child of the window (not of the screen); the sizes are
        taken first, so that it comes back as wide as it was. Nothing happens when the splitter
        is not in a window of its own, or the pane is aside already."""
        window = self.splitter.window()
        if self.aside or window is self.splitter:
            return
        self._index = self.splitter.indexOf(self.pane)
        self._sizes = self.splitter.sizes()
        self.pane.hide()
        self.pane.setParent(window)

    def put_back(self) -> None:
        """Put the pane back in its place in the splitter, at the sizes it had (still hidden:
        the screen shows it)."""
        if self.aside:
            self.splitter.insertWidget(self._index, self.pane)
            self.splitter.setSizes(self._sizes)
