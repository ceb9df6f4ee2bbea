"""Read-only tables of the Team screen whose rows follow the font (presenter mode included)."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from facilitator.ui.widgets.text import plain_tip


def button(text: str, name: str) -> QPushButton:
    """A push button with an object name and an accessible name."""
    widget = QPushButton(text)
    widget.setObjectName(name)
    widget.setAccessibleName(text.replace("&", ""))
    return widget


class FontTable(QTableWidget):
    """A read-only, row-selecting table that Tab leaves and whose rows fit their text.

    Row heights come from the cells' contents, so the large presenter font never makes rows
    overlap; with ``fit_height`` the table is as tall as all its rows (the page scrolls, not it).
    """

    def __init__(
        self, columns: int, fit_height: bool = False, parent: QWidget | None = None
    ) -> None:
        """Create an empty table of ``columns`` columns."""
        super().__init__(0, columns, parent)
        self.fit_height = fit_height
        self.min_rows = 0
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # Tab moves to the next control; the arrow keys move between cells.
        self.setTabKeyNavigation(False)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.setWordWrap(False)
        if fit_height:
            self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            self.setVerticalScrollBarPolicy(self.verticalScrollBarPolicy().ScrollBarAlwaysOff)
            self.model().rowsInserted.connect(self.updateGeometry)
            self.model().rowsRemoved.connect(self.updateGeometry)
            self.horizontalHeader().sectionResized.connect(lambda *_: self.updateGeometry())

    def _content_height(self) -> int:
        header = self.horizontalHeader()
        rows = sum(self.rowHeight(r) for r in range(self.rowCount()))
        if not rows and self.rowCount():
            rows = self.rowCount() * (self.fontMetrics().height() + 8)
        # Room for the horizontal scroll bar whenever the columns are wider than the table.
        wide = header.length() > self.width() - 2 * self.frameWidth()
        bar = self.horizontalScrollBar().sizeHint().height() if wide else 0
        rows = max(rows, self.min_rows * (self.fontMetrics().height() + 8))
        return header.sizeHint().height() + rows + 2 * self.frameWidth() + bar + 2

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        """A new width may need (or free) the scroll bar's room: ask for the height again."""
        super().resizeEvent(event)
        if self.fit_height:
            self.updateGeometry()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        """All rows tall when fitting its height."""
        hint = super().sizeHint()
        if self.fit_height:
            hint.setHeight(self._content_height())
        return hint

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        """All rows tall when fitting its height."""
        hint = super().minimumSizeHint()
        if self.fit_height:
            hint.setHeight(self._content_height())
        return hint


def table(name: str, accessible: str, headers: list[str], fit_height: bool = False) -> FontTable:
    """A read-only, row-selecting table named ``name`` that Tab leaves."""
    widget = FontTable(len(headers), fit_height)
    widget.setObjectName(name)
    widget.setAccessibleName(accessible)
    widget.setHorizontalHeaderLabels(headers)
    return widget


def cell(text: str) -> QTableWidgetItem:
    """A plain, read-only table cell with the full text as tooltip."""
    item = QTableWidgetItem(text)
    item.setToolTip(plain_tip(text))
    return item
