"""Decisions in presenter mode at 1280×720: the room sees the log, not the forms, with at least
six whole rows and every header readable; R, D and A raise, decide and act on decisions by
questions asked on the stage; leaving the mode brings the forms and columns back."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QApplication, QTableView
from pytestqt.qtbot import QtBot

from facilitator.domain.decisions import Decision
from facilitator.store.db import Store
from facilitator.ui.keys_line import key_group
from facilitator.ui.main_window import MainWindow
from facilitator.ui.screens.decisions import HEADERS, DecisionsScreen
from tests.conftest import DEMO_TODAY
from tests.helpers.scenario import BERLIN, Clock, open_window, text, window_key
from tests.helpers.stage import present_at_1280

START = dt.datetime.combine(DEMO_TODAY, dt.time(10), tzinfo=BERLIN)
CTRL = Qt.KeyboardModifier.ControlModifier


def _present_at_1280(qtbot: QtBot, store: Store) -> tuple[MainWindow, DecisionsScreen]:
    window = open_window(qtbot, store, Clock(START))
    screen = present_at_1280(qtbot, window, "decisions")
    assert isinstance(screen, DecisionsScreen)
    qtbot.waitUntil(lambda: screen.table.viewport().width() > 1100)
    qtbot.wait(50)  # the fitter's queued refit
    return window, screen


def _whole_rows(table: QTableView) -> int:
    """How many rows the view shows from top to bottom, none cut off."""
    bottom = table.viewport().height()
    rows = table.model().rowCount()
    return sum(
        1 for r in range(rows) if table.rowViewportPosition(r) + table.rowHeight(r) <= bottom
    )


def _headers_cut(table: QTableView) -> list[str]:
    """The headers whose text is wider than their section (in bold, as a header shows the
    section of the chosen row while the log has the keyboard)."""
    header = table.horizontalHeader()
    bold = QFont(header.font())
    bold.setBold(True)
    metrics = QFontMetrics(bold)
    return [
        HEADERS[c]
        for c in range(header.count())
        if not header.isSectionHidden(c)
        and metrics.horizontalAdvance(HEADERS[c]) > header.sectionSize(c)
    ]


def test_the_room_sees_six_rows_of_the_log_and_every_header_whole(
    qtbot: QtBot, demo_store: Store
) -> None:
    window, screen = _present_at_1280(qtbot, demo_store)
    table = screen.table
    assert table.model().rowCount() >= 6
    assert not screen.question.isVisible()  # the forms fold away: the log takes the room
    assert _whole_rows(table) >= 6
    assert _headers_cut(table) == []
    shown = [HEADERS[c] for c in range(len(HEADERS)) if not table.isColumnHidden(c)]
    assert shown == ["Question", "Decision-maker", "Cycle time", "Decision"]
    header = table.horizontalHeader()
    assert header.length() <= table.viewport().width()  # no sideways scrolling
    for row in range(_whole_rows(table)):  # each row as tall as its wrapped text
        assert table.rowHeight(row) >= table.sizeHintForRow(row), row
    window_key(qtbot, window, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not window.presenter.active)
    assert screen.question.isVisible()
    assert all(not table.isColumnHidden(c) for c in range(len(HEADERS)))


def _answer(qtbot: QtBot, typed: str = "", *, down: int = 0) -> None:
    """Answer the question open on the stage: type a line, or pick the ``down``-th entry."""
    field = QApplication.focusWidget()
    assert field is not None
    assert field.objectName().startswith("decisions_prompt"), field.objectName()
    if field.objectName() == "decisions_prompt_choices":
        for _ in range(down + 1):
            qtbot.keyClick(field, Qt.Key.Key_Down)
    else:
        qtbot.keyClicks(field, typed)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def test_the_room_raises_decides_and_acts_on_a_decision_by_keys_on_the_stage(
    qtbot: QtBot, demo_store: Store
) -> None:
    window, screen = _present_at_1280(qtbot, demo_store)
    hints = window.presenter.hints.text()
    for words in ("R", "raise a question"), ("D", "decide"), ("A", "mark acted on"):
        assert key_group(*words) in hints
    assert screen.table.hasFocus()  # ↑ ↓ choose, and the room sees the one chosen
    assert len(screen.table.selectionModel().selectedRows()) == 1
    assert screen.log is not None
    before = len(screen.log.decisions)

    window_key(qtbot, window, Qt.Key.Key_R)
    assert text(window, "decisions_prompt_question") == "What needs deciding?"
    assert window.presenter.hints.text().startswith(key_group("Return", "confirm"))
    _answer(qtbot, "Do we drop the legacy provider?")  # D and A typed here are letters
    _answer(qtbot, down=0)  # about: the first kind
    _answer(qtbot, down=0)  # who decides: the decision authority's first
    _answer(qtbot, down=1)  # raised by
    assert not screen.stage.prompt.isVisible()
    assert text(window, "decisions_error") == "✓ Question raised"
    assert len(screen.log.decisions) == before + 1
    qtbot.wait(50)  # the log laid out again without the prompt
    assert _whole_rows(screen.table) >= 6  # the prompt closed: the log has the room again

    table = screen.table
    assert table.hasFocus()  # ↑ ↓ choose in the log
    raised = next(d for d in screen.log.decisions if d.question.startswith("Do we drop"))
    row = screen.rows.row_of(raised.id)
    assert row is not None
    assert table.currentIndex().row() == row  # the question just raised is chosen
    window_key(qtbot, window, Qt.Key.Key_Down)  # to the log, which has the keyboard
    assert table.currentIndex().row() == row + 1
    window_key(qtbot, window, Qt.Key.Key_D)  # about the one chosen with ↓
    assert (
        text(window, "decisions_prompt_question")
        == f"What was decided: {screen.rows.shown(row + 1, 1)}"
    )
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    assert window.presenter.active  # Esc drops the question, not presenter mode
    assert not screen.stage.prompt.isVisible()
    assert table.hasFocus()
    window_key(qtbot, window, Qt.Key.Key_Up)
    window_key(qtbot, window, Qt.Key.Key_D)
    assert (
        text(window, "decisions_prompt_question")
        == "What was decided: Do we drop the legacy provider?"
    )
    _answer(qtbot, "Yes, after the sandbox test")
    assert text(window, "decisions_error") == "✓ Decision recorded"

    def ours() -> Decision:
        assert screen.log is not None
        return next(d for d in screen.log.decisions if d.id == raised.id)

    assert ours().decision == "Yes, after the sandbox test"
    window_key(qtbot, window, Qt.Key.Key_A)
    assert text(window, "decisions_error") == "✓ Marked acted on"
    assert ours().acted_on_at is not None
