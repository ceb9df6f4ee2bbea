"""The stage's checklist is as tall as its entries, wrapped at its width, and keeps that height
when a message shows under it."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from facilitator.ui.widgets.fitted_list import FittedList

LONG = "Given a customer paying in USD, when they schedule it, then nothing is charged twice"


def _stage(qtbot: QtBot, width: int, height: int) -> tuple[QWidget, FittedList, QLabel]:
    stage = QWidget()
    qtbot.addWidget(stage)
    layout = QVBoxLayout(stage)
    fitted = FittedList("marks", "Checklist")
    for text in ("DoD: Tested", LONG, "DoD: Documented"):
        fitted.addItem(text)
    message = QLabel("✓ Passed: criterion 1")
    message.hide()
    layout.addWidget(fitted)
    layout.addStretch(1)
    layout.addWidget(message)
    stage.resize(width, height)
    stage.show()
    qtbot.waitExposed(stage)
    QApplication.processEvents()
    return stage, fitted, message


def _all_in_view(fitted: FittedList) -> bool:
    view = fitted.viewport().rect()
    return all(
        view.contains(fitted.visualRect(fitted.model().index(row, 0)))
        for row in range(fitted.count())
    )


def test_the_list_is_as_tall_as_its_wrapped_entries_and_a_message_does_not_shrink_it(
    qtbot: QtBot,
) -> None:
    _stage_widget, fitted, message = _stage(qtbot, 300, 400)
    wrapped = fitted.visualRect(fitted.model().index(1, 0)).height()
    assert wrapped >= 2 * fitted.sizeHintForRow(0)  # the long entry wraps at 300 px
    assert _all_in_view(fitted)
    # No blank band under the last entry (settled once the new width has wrapped them).
    qtbot.waitUntil(lambda: fitted.height() == fitted.content_height(), timeout=1000)
    before = fitted.height()
    message.show()
    QApplication.processEvents()
    assert fitted.height() == before
    assert _all_in_view(fitted)


def test_a_wider_stage_unwraps_the_entries_and_the_list_gets_shorter(qtbot: QtBot) -> None:
    stage, fitted, _message = _stage(qtbot, 300, 400)
    narrow = fitted.height()
    stage.resize(1200, 400)
    qtbot.waitUntil(lambda: fitted.height() < narrow, timeout=1000)
    assert _all_in_view(fitted)


def test_on_a_short_stage_it_scrolls_by_the_pixel_with_no_blank_band(qtbot: QtBot) -> None:
    _stage_widget, fitted, _message = _stage(qtbot, 300, 70)
    assert not _all_in_view(fitted)  # too short: it scrolls
    fitted.setCurrentRow(fitted.count() - 1)
    fitted.scrollToItem(fitted.currentItem())
    QApplication.processEvents()
    last = fitted.visualRect(fitted.model().index(fitted.count() - 1, 0))
    assert last.bottom() == fitted.viewport().rect().bottom()  # the last line at the bottom


def test_the_chosen_entry_stays_in_view_when_a_message_shrinks_the_list(qtbot: QtBot) -> None:
    _stage_widget, fitted, message = _stage(qtbot, 420, 200)
    for n in range(6):
        fitted.addItem(f"{n + 1}. {LONG}")
    fitted.setCurrentRow(fitted.count() - 1)  # the last entry, which P marks next
    QApplication.processEvents()
    last = fitted.model().index(fitted.count() - 1, 0)
    assert fitted.viewport().rect().contains(fitted.visualRect(last))
    message.setText("✗ The review cannot close yet: walk PAY-1728\n(DoD Documented not marked)")
    message.setWordWrap(True)
    message.show()  # the stage gives it room: the list shrinks
    QApplication.processEvents()
    assert fitted.height() < 200
    assert fitted.viewport().rect().contains(fitted.visualRect(last))
