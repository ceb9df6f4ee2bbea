"""Filling a standup or decision table measures its columns and rows once, not once per cell
(per cell, a 400-decision log took 17 s to show on a revisit)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize
from PySide6.QtWidgets import QHeaderView, QStyledItemDelegate, QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from facilitator.ui.screens.standup_layout import fill, table


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
    assert counter.measured <= 10 * cells  # measured per cell replaced: about 900 × cells
    assert widget.rowCount() == 300
    assert widget.item(299, 1).text().startswith("Question number 299")
    header = widget.horizontalHeader()
    modes = [header.sectionResizeMode(c) for c in range(widget.columnCount())]
    assert modes == [
        QHeaderView.ResizeMode.ResizeToContents,
        QHeaderView.ResizeMode.Stretch,
        QHeaderView.ResizeMode.ResizeToContents,
        QHeaderView.ResizeMode.ResizeToContents,
    ]
    assert widget.rowHeight(1) > widget.rowHeight(0)  # the long question wrapped, row fitted
