"""A list as tall as its entries: the stage's checklist, which the room reads whole.

A plain list takes whatever height its layout leaves it. On the stage that height moved with
the lines under it: a message appearing below shrank the list, which then scrolled away its
first entry, and scrolling a whole entry at a time left a blank band under the last one. This
list asks for its entries' height (wrapped at its width) and no more, scrolls by the pixel when
the stage is too short for it, and the stage puts its spare room below it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QSizePolicy, QWidget


class FittedList(QListWidget):
    """A list whose size hint is the height of all its entries; it never grows past it."""

    def __init__(self, name: str, accessible: str, parent: QWidget | None = None) -> None:
        """A wrapping list named ``name``; Tab leaves it (no focus trap)."""
        super().__init__(parent)
        self.setObjectName(name)
        self.setAccessibleName(accessible)
        self.setTabKeyNavigation(False)
        self.setWordWrap(True)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Maximum)
        model = self.model()
        for signal in (model.rowsInserted, model.rowsRemoved, model.modelReset):
            signal.connect(self.updateGeometry)
        self._width = -1

    def content_height(self) -> int:
        """The height that shows every entry as laid out at the list's width (a long one wraps),
        frame included; one empty line when there is no entry."""
        self.executeDelayedItemsLayout()  # the entries laid out at the current width
        rows = self.contentsSize().height() if self.count() else 0
        if not rows:
            rows = self.fontMetrics().lineSpacing()
        return rows + 2 * self.frameWidth()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        """As wide as a plain list asks, as tall as the entries."""
        return QSize(super().sizeHint().width(), self.content_height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        """Room for one line: on a short stage the rest scrolls."""
        line = self.fontMetrics().lineSpacing() + 2 * self.frameWidth()
        return QSize(super().minimumSizeHint().width(), min(line, self.content_height()))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        """A new width wraps the entries anew, and so changes the height they need; the
        chosen entry stays in view (a refusal shown under a short stage shrank the list, and
        the entry P or F would mark scrolled out of the room's sight)."""
        super().resizeEvent(event)
        if event.size().width() != self._width:
            self._width = event.size().width()
            self.updateGeometry()
        current = self.currentItem()
        if current is not None and event.size().height() < event.oldSize().height():
            self.scrollToItem(current)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        """A new font or style (presenter mode) changes every entry's height."""
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.updateGeometry()
