"""The Backlog's presenter columns: on a wide screen the readiness cell says what the first
rows lack in full; on a narrow one it gives way to the title (and elides)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot

from facilitator.ui.screens import backlog_presenter

HEADERS = ("Rank", "Key", "Title", "Estimate", "Readiness", "Blocked")
READINESS = ("✓ Ready", "! assumptions reviewed", "! acceptance criteria", "✓ Ready")


def _table(qtbot: QtBot, width: int) -> QTableView:
    model = QStandardItemModel(len(READINESS), len(HEADERS))
    model.setHorizontalHeaderLabels(list(HEADERS))
    for row, readiness in enumerate(READINESS):
        cells = (str(row + 1), f"PAY-{1732 + row}", "Notify about invoice PDFs", "8", readiness, "")
        for column, text in enumerate(cells):
            model.setItem(row, column, QStandardItem(text))
    table = QTableView()
    qtbot.addWidget(table)
    font = QFont(table.font())
    font.setPixelSize(28)  # presenter body type
    table.setFont(font)
    table.setModel(model)
    table.resize(width, 600)
    table.show()
    qtbot.waitExposed(table)
    backlog_presenter.size_table(table)
    return table


@pytest.mark.parametrize("width", [1900, 2500])
def test_on_a_wide_screen_the_readiness_of_the_first_rows_is_not_cut(
    qtbot: QtBot, width: int
) -> None:
    table = _table(qtbot, width)
    header = table.horizontalHeader()
    widest = max(table.fontMetrics().horizontalAdvance(text) for text in READINESS)
    assert header.sectionSize(4) > widest  # "! assumptions reviewed", not "! assumptions rev…"
    title = table.fontMetrics().horizontalAdvance("Notify about invoice PDFs")
    assert header.sectionSize(2) > title  # the titles first: none is cut for the readiness
    assert header.sectionSize(5) < header.sectionSize(4)  # none blocked: its title only


def test_the_readiness_never_takes_what_the_titles_need(qtbot: QtBot) -> None:
    table = _table(qtbot, 1300)
    header = table.horizontalHeader()
    title = table.fontMetrics().horizontalAdvance("Notify about invoice PDFs")
    assert header.sectionSize(2) > title


def test_on_a_narrow_screen_the_readiness_gives_way_to_the_title(qtbot: QtBot) -> None:
    table = _table(qtbot, 900)
    header = table.horizontalHeader()
    widest = max(table.fontMetrics().horizontalAdvance(text) for text in READINESS)
    assert header.sectionSize(4) < widest  # it elides here; the card says it in full
    ready = table.fontMetrics().horizontalAdvance("✓ Ready")
    assert header.sectionSize(4) > ready  # never under "✓ Ready"
