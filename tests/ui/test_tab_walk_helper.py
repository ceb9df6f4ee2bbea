"""The Tab-walk helper finds a trapping table and walks a clean form to its end."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLineEdit, QPushButton, QTableWidget, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from tests.helpers.tab_walk import names, walk_tab_order


def _form(qtbot: QtBot, *, table_traps: bool) -> tuple[QWidget, QLineEdit]:
    form = QWidget()
    layout = QVBoxLayout(form)
    entry = QLineEdit(objectName="entry")
    table = QTableWidget(3, 3, objectName="table")
    table.setTabKeyNavigation(table_traps)
    table.setCurrentCell(0, 0)
    layout.addWidget(entry)
    layout.addWidget(table)
    layout.addWidget(QPushButton("Save", objectName="save"))
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    form.activateWindow()
    return form, entry


def test_a_table_that_keeps_tab_is_reported_as_a_trap(qtbot: QtBot) -> None:
    _form_widget, entry = _form(qtbot, table_traps=True)
    with pytest.raises(AssertionError, match="focus trap: Tab leaves table"):
        walk_tab_order(qtbot, entry)


def test_a_clean_form_is_walked_in_order_and_back_to_the_start(qtbot: QtBot) -> None:
    _form_widget, entry = _form(qtbot, table_traps=False)
    assert names(walk_tab_order(qtbot, entry)) == ["entry", "table", "save"]
