"""Set a splitter's pane aside while presenter mode hides it, and put it back as it was.

Presenter mode's look is a style sheet on the screen on display, and a style sheet restyles
every widget under it, hidden ones included (a polish, a palette and a font for each). A pane the
mode hides can wait outside the screen, a hidden child of the window, where the sheet never
reaches it; it comes back in its place, as wide, when the mode ends.
"""

from __future__ import annotations

from PySide6.QtWidgets import QSplitter, QSplitterHandle, QWidget


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
        self._above: QWidget | None = None  # the sibling stacked above the pane

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
        panes = self._stacked()
        above = panes[panes.index(self.pane) + 1 :]
        self._above = above[0] if above else None
        self.pane.hide()
        self.pane.setParent(window)

    def put_back(self) -> None:
        """Put the pane back in its place in the splitter, at the sizes it had, and in its
        place among the splitter's children (the order screen readers and a search of the
        window's widgets walk them in; a widget put back comes last). Still hidden: the screen
        shows it."""
        if self.aside:
            self.splitter.insertWidget(self._index, self.pane)
            self.splitter.setSizes(self._sizes)
            handles = [w for w in self.splitter.children() if isinstance(w, QSplitterHandle)]
            above = self._above if self._above in self._stacked() else None
            under = above or (handles[0] if handles else None)
            if under is not None:
                self.pane.stackUnder(under)

    def _stacked(self) -> list[QWidget]:
        """The splitter's panes in the order of its children (its handles left out: the
        splitter makes a pane's handle anew when the pane comes back)."""
        return [
            w
            for w in self.splitter.children()
            if isinstance(w, QWidget) and not isinstance(w, QSplitterHandle)
        ]
