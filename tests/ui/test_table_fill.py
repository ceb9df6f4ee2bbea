"""Filling a standup or decision table measures its columns and rows once, not once per cell
(per cell, a 400-decision log took 17 s to show on a revisit), and only the rows in view."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize
from PySide6.QtWidgets import (
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
)
from pytestqt.qtbot import QtBot

from facilitator.ui.widgets.plain_table import fill, fit_columns, table


class CountingDelegate(QStyledItemDelegate):
    """Counts how often a cell is measured."""

    def __init__(self) -> None:
        super().__init__()
        self.measured = 0

    def sizeHint(  # noqa: N802 - Qt override
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        self.measured += 1
        return super().sizeHint(option, index)


def test_a_long_fill_measures_each_cell_a_few_times_not_once_per_cell_added(
    qtbot: QtBot,
) -> None:
    widget = table("log", "Decision log", ["When", "Question", "Who", "Cycle"], stretch=[1])
    counter = CountingDelegate()
    widget.setItemDelegate(counter)
    qtbot.addWidget(widget)
    widget.resize(900, 500)
    widget.show()
    rows = [
        [f"{n:02d} Nov", f"Question number {n} " * (1 + 30 * (n % 2)), "Marta", f"{n} h"]
        for n in range(300)
    ]
    fill(widget, rows)
    qtbot.wait(10)
    counter.measured = 0
    fill(widget, rows)  # a revisit: every cell replaced
    qtbot.wait(10)
    cells = 300 * widget.columnCount()
    # The rows in view and the widest texts are measured, not every cell on every layout pass.
    assert counter.measured < cells
    assert widget.rowCount() == 300
    assert widget.item(299, 1).text().startswith("Question number 299")
    header = widget.horizontalHeader()
    assert header.sectionResizeMode(1) == QHeaderView.ResizeMode.Stretch
    for column in (0, 2, 3):  # each fits its widest text, as ResizeToContents fits it
        assert widget.columnWidth(column) == max(
            widget.sizeHintForColumn(column), header.sectionSizeHint(column)
        )
    assert_rows_in_view_fit(widget)
    assert widget.rowHeight(1) > widget.rowHeight(0)  # the long question wrapped, row fitted
    widget.scrollToBottom()  # the rows scrolled to are fitted when they come into view
    qtbot.wait(10)
    assert_rows_in_view_fit(widget)
    assert widget.rowHeight(299) > widget.rowHeight(298)


def assert_rows_in_view_fit(widget: QTableWidget) -> None:
    """Every row in view is as tall as its text needs at the columns' widths (as
    resizeRowToContents fits it: never below the header's one-line height)."""
    header = widget.verticalHeader()
    top = header.visualIndexAt(0)
    bottom = header.visualIndexAt(widget.viewport().height() - 1)
    bottom = widget.rowCount() - 1 if bottom < 0 else bottom
    assert 0 <= top <= bottom
    for row in range(top, bottom + 1):
        needs = max(widget.sizeHintForRow(row), header.sectionSizeHint(row))
        assert widget.rowHeight(row) == needs, row


def test_a_longer_wait_widens_its_column_and_a_wider_window_gives_rows_back_their_height(
    qtbot: QtBot,
) -> None:
    widget = table("log", "Decision log", ["Flag", "Question", "Cycle"], stretch=[1])
    qtbot.addWidget(widget)
    widget.resize(500, 400)
    widget.show()
    fill(widget, [["", "Which retry policy for failed captures? " * 4, "3 h"]] * 5)
    qtbot.wait(10)
    narrow = widget.rowHeight(0)
    widget.item(0, 2).setText("2 days 3 h · over 24 h")
    fit_columns(widget)
    assert widget.columnWidth(2) == widget.sizeHintForColumn(2)
    widget.resize(1400, 400)
    qtbot.wait(10)
    assert widget.rowHeight(0) < narrow
    assert_rows_in_view_fit(widget)
