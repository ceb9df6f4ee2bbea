"""The Backlog screen's presenter layout: the ranked list in room-size type and the story picked.

The table's rows, header and fixed columns are measured from the font the table has now (the
presenter style sheet's, or the OS font), so nothing overlaps or is cut at any type scale.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QHeaderView, QTableView, QVBoxLayout, QWidget

from facilitator.ui.widgets.text import plain_label

# The keys that work on the Backlog screen in presenter mode (the table has focus).
PRESENTER_KEYS = "↑ ↓ select   Ctrl+↑ ↓ move   Ctrl+Home to top   Ctrl+Z undo   Ctrl+Y redo"
# Samples of the widest content of each fixed column (the title column stretches); the
# readiness cell elides (the card under the list and the tooltip have it all).
SAMPLES = {0: "000", 1: "PAY-00", 3: "00", 4: "! acceptance crit…"}
MEASURED_ROWS = 200  # the rank, key and estimate columns fit the widest of the first rows


def size_table(table: QTableView) -> None:
    """Size the rows, the header and every fixed column from the table's current font."""
    table.ensurePolished()
    header = table.horizontalHeader()
    header.ensurePolished()
    cells, titles = table.fontMetrics(), header.fontMetrics()
    pad = max(8, cells.height() // 3)
    table.verticalHeader().setDefaultSectionSize(cells.height() + pad)
    table.verticalHeader().setMinimumSectionSize(cells.height() + pad)
    model = table.model()
    for column, sample in SAMPLES.items():
        name = str(model.headerData(column, Qt.Orientation.Horizontal)) if model else ""
        texts = [sample]
        if model is not None and column != 4:
            for row in range(min(model.rowCount(), MEASURED_ROWS)):
                texts.append(str(model.data(model.index(row, column, QModelIndex())) or ""))
        widest = max(cells.horizontalAdvance(t) for t in texts)
        # Header text is bold in most styles: measure it bold-wide.
        wanted = max(widest, round(titles.horizontalAdvance(name) * 1.15))
        header.resizeSection(column, wanted + 2 * pad)
    header.setMinimumHeight(titles.height() + pad)
    header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)


class StoryCard(QWidget):
    """The picked story, read-only, under the list in presenter mode: key, title, readiness."""

    def __init__(self, parent: QWidget | None = None) -> None:
        """Build the hidden card."""
        super().__init__(parent)
        self.setObjectName("backlog_card")
        self.title = plain_label(name="backlog_card_title", wrap=True, bold=True)
        self.readiness = plain_label(name="backlog_card_readiness", wrap=True)
        self.keys = plain_label(PRESENTER_KEYS, name="backlog_keys", wrap=True)
        self.keys.setProperty("role", "keys")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.readiness)
        layout.addWidget(self.keys)
        self.hide()

    def show_row(self, table: QTableView, row: int) -> None:
        """Show the story in ``row`` of the table (nothing when there is none)."""
        model = table.model()
        if model is None or not 0 <= row < model.rowCount():
            self.title.setText("")
            self.readiness.setText("")
            return

        def cell(column: int, role: Qt.ItemDataRole = Qt.ItemDataRole.DisplayRole) -> str:
            value = model.data(model.index(row, column, QModelIndex()), role)
            return "" if value is None else str(value)

        estimate = cell(3)
        self.title.setText(
            f"#{cell(0)}  {cell(1)}  {cell(2)}"
            + (f" · {estimate} point{'' if estimate == '1' else 's'}" if estimate else "")
        )
        self.readiness.setText(cell(4, Qt.ItemDataRole.ToolTipRole) or cell(4))
