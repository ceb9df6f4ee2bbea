"""Fit a table's column to its widest text, measuring a few texts instead of every cell.

ResizeToContents measures every cell of a column on every layout pass (through the model's
``data`` for each role: some 20,000 calls for History's 200-sprint list, 2,000 cells for a
400-decision log). The widest text of a column is found by the font among its distinct longest
texts, and the view's own size hint of one cell gives the margins around a text.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QTableView

# A text shorter than this share of its column's longest text is never its widest one.
WIDEST_SHARE = 0.6


def fitted_width(view: QTableView, column: int, texts: Sequence[str]) -> int:
    """The width ResizeToContents gives ``column`` of ``view`` when its cells hold ``texts``
    (plain text; the texts of every row, shown or filtered out, so that a search does not
    make the column jump)."""
    header = view.horizontalHeader()
    width = header.sectionSizeHint(column)
    model = view.model()
    if not texts or model.rowCount() == 0:
        return width
    metrics = view.fontMetrics()
    longest = max(len(text) for text in texts)
    candidates = {text for text in texts if len(text) >= longest * WIDEST_SHARE}
    widest = max(candidates, key=metrics.horizontalAdvance)
    sample: QModelIndex = model.index(0, column)  # any cell: its margins are every cell's
    text = str(sample.data() or "")
    margins = view.sizeHintForIndex(sample).width() - metrics.horizontalAdvance(text)
    grid = 1 if view.showGrid() else 0
    return max(width, metrics.horizontalAdvance(widest) + margins + grid)


def fit_column(view: QTableView, column: int, texts: Sequence[str]) -> None:
    """Resize ``column`` of ``view`` to :func:`fitted_width` (when it differs)."""
    width = fitted_width(view, column, texts)
    if view.horizontalHeader().sectionSize(column) != width:
        view.horizontalHeader().resizeSection(column, width)
