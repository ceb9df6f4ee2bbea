"""The stage prompt's list of choices, as the room sees it when one question follows another."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QScrollArea, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from facilitator.ui.keys_line import CHOOSE_KEYS, CONFIRM_KEYS
from facilitator.ui.widgets.stage_prompt import StagePrompt

NAMES = ["Ana", "Ben", "Cy", "Dee", "Eve", "Fay", "Gus", "Hal"]
MEMBERS = [(name, i) for i, name in enumerate(NAMES)]


@pytest.fixture
def prompt(qtbot: QtBot) -> Iterator[StagePrompt]:
    """A prompt in a shown, active window (kept alive until the test ends)."""
    host = QWidget()
    qtbot.addWidget(host)
    prompt = StagePrompt("p", host)
    QVBoxLayout(host).addWidget(prompt)
    host.resize(600, 500)
    host.show()
    qtbot.waitExposed(host)
    host.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is host)
    yield prompt
    host.close()


def test_each_list_question_shows_the_cursor_on_its_first_entry(
    qtbot: QtBot, prompt: StagePrompt
) -> None:
    prompt.ask_choice("Which column?", "Column", [("Went well", 0), ("To improve", 1)])
    qtbot.keyClick(prompt.choices, Qt.Key.Key_Down)
    qtbot.keyClick(prompt.choices, Qt.Key.Key_Return)
    # The next question reuses the list, which kept the focus.
    prompt.ask_choice("Who writes it?", "Writer", MEMBERS)
    assert prompt.choices.hasFocus()
    assert prompt.choices.currentRow() == 0  # the frame the room sees is on "Ana"
    assert prompt.choices.selectedItems() == []  # ... and nothing is chosen yet
    qtbot.keyClick(prompt.choices, Qt.Key.Key_Down)
    assert [i.text() for i in prompt.choices.selectedItems()] == ["Ana"]


def test_the_list_is_as_tall_as_its_entries_up_to_six(qtbot: QtBot, prompt: StagePrompt) -> None:
    prompt.ask_choice("Outcome?", "Outcome", [("worked", 0), ("did not work", 1), ("unclear", 2)])
    row = prompt.choices.sizeHintForRow(0)
    assert prompt.choices.viewport().height() == 3 * row  # no empty space under the last
    prompt.ask_choice("Who writes it?", "Writer", MEMBERS)
    qtbot.waitUntil(lambda: prompt.choices.viewport().height() == 6 * row)
    seventh = prompt.choices.visualItemRect(prompt.choices.item(6))
    assert seventh.top() >= prompt.choices.viewport().height()  # no half-shown seventh entry


def test_a_refusal_scrolls_into_view_under_its_question(qtbot: QtBot) -> None:
    host = QScrollArea()
    qtbot.addWidget(host)
    stage = QWidget()
    column = QVBoxLayout(stage)
    column.addSpacing(400)  # the stage's lines above the question
    prompt = StagePrompt("p", stage)
    column.addWidget(prompt)
    host.setWidget(stage)
    host.setWidgetResizable(True)
    host.resize(400, 300)
    host.show()
    qtbot.waitExposed(host)
    prompt.ask_text("Capacity?", "Capacity")
    qtbot.waitUntil(lambda: host.verticalScrollBar().value() > 0)
    host.verticalScrollBar().setValue(0)  # the room scrolled back up to read the stage
    prompt.refuse("Capacity: -5 points is below zero")

    def seen() -> bool:
        top = prompt.message.mapTo(host.viewport(), prompt.message.rect().topLeft()).y()
        return top >= 0 and top + prompt.message.height() <= host.viewport().height()

    qtbot.waitUntil(seen)


def test_a_list_of_one_entry_is_taken_by_return_alone(qtbot: QtBot, prompt: StagePrompt) -> None:
    picked: list[int] = []
    prompt.picked.connect(picked.append)
    prompt.ask_choice("Which group?", "Group", [("Review handoffs (1)", 7)])
    assert prompt.keys() == CONFIRM_KEYS  # nothing to choose between: no "↑ ↓ choose"
    qtbot.keyClick(prompt.choices, Qt.Key.Key_Return)
    assert picked == [7]
    assert not prompt.message.isVisible()  # not "Choose with ↑ ↓ first"
    prompt.ask_choice("Who writes it?", "Writer", MEMBERS)
    assert prompt.keys() == CHOOSE_KEYS
    qtbot.keyClick(prompt.choices, Qt.Key.Key_Return)  # several: Return alone picks nothing
    assert picked == [7]
    assert prompt.message.text() == "✗ Choose with ↑ ↓ first, then press Return"
