"""Filling a standup or decision table measures its columns and rows once, not once per cell
(per cell, a 400-decision log took 17 s to show on a revisit), and only the rows in view; a
view over plain rows measures and paints exactly as the table of items does."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtWidgets import (
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTableWidget,
)
from pytestqt.qtbot import QtBot

from facilitator.ui.models.plain_rows import PlainRowsModel
from facilitator.ui.widgets.plain_table import (
    PlainRowsDelegate,
    RowFitter,
    capped,
    fill,
    fit_columns,
    table,
    table_view,
)
from facilitator.ui.widgets.text import plain_tip

KINDS = ("items", "plain rows")


def _table(kind: str, headers: Sequence[str], stretch: Sequence[int]) -> QTableView:
    """A table of items (QTableWidget) or a view over plain rows, named "log"."""
    if kind == "items":
        return table("log", "Decision log", headers, stretch)
    return table_view("log", "Decision log", PlainRowsModel(headers), stretch)


def _set_text(widget: QTableView, row: int, column: int, text: str) -> None:
    if isinstance(widget, QTableWidget):
        widget.item(row, column).setText(text)
        return
    model = widget.model()
    assert isinstance(model, PlainRowsModel)
    cells = list(model.cells(row))
    cells[column] = text
    model.update_rows({row: cells})


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


class CountingRowsDelegate(PlainRowsDelegate):
    """Counts how often a plain row's cell is measured."""

    def __init__(self, model: PlainRowsModel) -> None:
        super().__init__(model)
        self.measured = 0

    def sizeHint(  # noqa: N802 - Qt override
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        self.measured += 1
        return super().sizeHint(option, index)


@pytest.mark.parametrize("kind", KINDS)
def test_a_long_fill_measures_each_cell_a_few_times_not_once_per_cell_added(
    qtbot: QtBot, kind: str
) -> None:
    widget = _table(kind, ["When", "Question", "Who", "Cycle"], stretch=[1])
    model = widget.model()
    counter = (
        CountingRowsDelegate(model) if isinstance(model, PlainRowsModel) else CountingDelegate()
    )
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
    cells = 300 * model.columnCount()
    # The rows in view and the widest texts are measured, not every cell on every layout pass.
    assert counter.measured < cells
    assert model.rowCount() == 300
    assert model.index(299, 1).data().startswith("Question number 299")
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


def assert_rows_in_view_fit(widget: QTableView) -> None:
    """Every row in view is as tall as its text needs at the columns' widths (as
    resizeRowToContents fits it: never below the header's one-line height)."""
    header = widget.verticalHeader()
    top = header.visualIndexAt(0)
    bottom = header.visualIndexAt(widget.viewport().height() - 1)
    bottom = widget.model().rowCount() - 1 if bottom < 0 else bottom
    assert 0 <= top <= bottom
    for row in range(top, bottom + 1):
        needs = max(widget.sizeHintForRow(row), header.sectionSizeHint(row))
        assert widget.rowHeight(row) == needs, row


@pytest.mark.parametrize("kind", KINDS)
def test_a_longer_wait_widens_its_column_and_a_wider_window_gives_rows_back_their_height(
    qtbot: QtBot, kind: str
) -> None:
    widget = _table(kind, ["Flag", "Question", "Cycle"], stretch=[1])
    qtbot.addWidget(widget)
    widget.resize(500, 400)
    widget.show()
    fill(widget, [["", "Which retry policy for failed captures? " * 4, "3 h"]] * 5)
    qtbot.wait(10)
    narrow = widget.rowHeight(0)
    _set_text(widget, 0, 2, "2 days 3 h · over 24 h")
    fit_columns(widget)
    assert widget.columnWidth(2) == widget.sizeHintForColumn(2)
    widget.resize(1400, 400)
    qtbot.wait(10)
    assert widget.rowHeight(0) < narrow
    assert_rows_in_view_fit(widget)


def test_a_view_over_plain_rows_measures_and_paints_as_the_table_of_items(qtbot: QtBot) -> None:
    rows = [
        [
            "" if n % 2 else "! over 24 h",
            f"Question {n} <b>as typed</b> " * (1 + n % 5) + ("\nline two" if n % 7 == 0 else ""),
            f"{n} h",
        ]
        for n in range(60)
    ]
    shown = []
    for kind in KINDS:
        widget = _table(kind, ["Flag", "Question", "Cycle"], stretch=[1])
        qtbot.addWidget(widget)
        widget.resize(500, 400)
        widget.show()
        fill(widget, rows, list(range(60)))
        widget.activateWindow()  # each painted as the window the user works in
        qtbot.waitUntil(widget.isActiveWindow)
        widget.setFocus()
        widget.selectRow(3)
        qtbot.wait(10)
        model = widget.model()
        sizes = [[widget.sizeHintForIndex(model.index(r, c)) for c in range(3)] for r in range(60)]
        widths = [widget.columnWidth(c) for c in range(3)]
        heights = [widget.rowHeight(r) for r in range(60)]
        shown.append((sizes, widths, heights, widget.grab().toImage()))
    (items, plain) = shown
    assert plain[:3] == items[:3]  # every cell's size, the columns, the rows
    assert plain[3] == items[3]  # pixel for pixel, the selected row too


@pytest.mark.parametrize("kind", KINDS)
def test_a_fill_measures_the_rows_at_the_widths_left_by_the_scroll_bar_it_needs(
    qtbot: QtBot, kind: str
) -> None:
    widget = _table(kind, ["Flag", "Question", "Cycle"], stretch=[1])
    qtbot.addWidget(widget)
    widget.resize(520, 300)
    widget.show()
    qtbot.wait(10)
    assert not widget.verticalScrollBar().isVisible()
    fitter = widget.findChild(RowFitter, "row_fitter")
    fill(
        widget,
        [["", f"{n} " + "retry policy for failed captures " * (n % 6), "3 h"] for n in range(80)],
    )
    # At once, not after a refit the bar's 14 px would have started (and a second paint).
    assert widget.verticalScrollBar().isVisible()
    assert not fitter.resized.isActive()
    assert_rows_in_view_fit(widget)


@pytest.mark.parametrize("kind", KINDS)
def test_a_cells_tooltip_is_its_text_shown_literally(qtbot: QtBot, kind: str) -> None:
    widget = _table(kind, ["Who", "Update"], stretch=[1])
    qtbot.addWidget(widget)
    fill(widget, [["Marta", "PAY-1 <h1>BIG</h1><img src=x>"], ["Ana", ""]])
    model = widget.model()
    tip = model.index(0, 1).data(Qt.ItemDataRole.ToolTipRole)
    assert tip == plain_tip("PAY-1 <h1>BIG</h1><img src=x>") != "PAY-1 <h1>BIG</h1><img src=x>"
    assert model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole) == "Marta"
    assert not model.index(1, 1).data(Qt.ItemDataRole.ToolTipRole)  # no tip for no text


@pytest.mark.parametrize(
    ("natural", "budget", "expected"),
    [
        ({0: 60, 1: 300, 2: 90}, 450, {0: 60, 1: 300, 2: 90}),  # all fit
        ({0: 60, 1: 300, 2: 90}, 300, {0: 60, 1: 150, 2: 90}),  # the widest narrowed first
        ({0: 60, 1: 300, 2: 90}, 240, {0: 60, 1: 90, 2: 90}),
        ({0: 60, 1: 300, 2: 90}, 120, {0: 40, 1: 40, 2: 40}),  # one width, as narrow as that
        ({0: 60, 1: 300, 2: 90}, 60, {0: 30, 1: 30, 2: 30}),  # never below the least
    ],
)
def test_narrowed_columns_give_up_width_from_the_widest_first(
    natural: dict[int, int], budget: int, expected: dict[int, int]
) -> None:
    assert capped(natural, budget, least=30) == expected


def test_a_blockers_flag_keeps_its_hours_on_one_line_beside_a_long_age(qtbot: QtBot) -> None:
    # At 1280×720 the Standup's blockers narrowed each fitted column in proportion: "! 328 h"
    # wrapped onto three lines and the story key was elided while the Age kept most of its text.
    headers = ["Flag", "Blocker", "Raised by", "Age", "Owner", "Story"]
    widget = _table("plain rows", headers, stretch=[1])
    qtbot.addWidget(widget)
    widget.resize(620, 300)
    widget.show()
    row = ["! 328 h", "No test devices for the Android flow", "João Ferreira"]
    fill(widget, [[*row, "open 13 d 16 h · over the 24 h SLA", "Tomás Ribeiro", "PAY-1726"]])
    qtbot.wait(10)
    assert widget.columnWidth(0) >= widget.sizeHintForColumn(0)  # the flag whole
    assert widget.columnWidth(5) >= widget.sizeHintForColumn(5)  # the story key whole
    assert widget.columnWidth(1) >= 0.4 * widget.viewport().width() - 1  # the blocker's share


def test_a_narrowed_column_keeps_its_header_and_the_others_share_what_is_left() -> None:
    # Seven columns in presenter type: "Decision-maker" was narrowed to "cision-mak".
    natural = {0: 170, 2: 210, 3: 260, 4: 300, 5: 300}
    floors = {0: 70, 2: 160, 3: 250, 4: 100, 5: 170}
    widths = capped(natural, 800, least=30, floors=floors)
    assert widths == {0: 110, 2: 160, 3: 250, 4: 110, 5: 170}
    assert all(widths[c] >= floors[c] for c in natural)  # every header whole
    assert sum(widths.values()) <= 800
