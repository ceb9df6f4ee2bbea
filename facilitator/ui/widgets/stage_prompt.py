"""An inline question on the stage the room sees: type a line, or pick one entry of a list.

It replaces a dialog in presenter mode: the room keeps the story in view, the keyboard does it
all (Return answers, Esc cancels, ↑ ↓ choose) and a refusal shows right under the question.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from facilitator.ui.keyboard import ENTER_KEYS
from facilitator.ui.keys_line import CHOOSE_KEYS, CONFIRM_KEYS
from facilitator.ui.widgets.story_form import error_label
from facilitator.ui.widgets.text import plain_label

CHOICE_ROLE = Qt.ItemDataRole.UserRole + 1
COMMAND_MODIFIERS = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier


def _typed(event: QKeyEvent) -> bool:
    """Whether ``event`` types a character (a letter, a digit, Space, "+"), not a command."""
    return bool(event.text().isprintable() and event.text()) and not (
        event.modifiers() & COMMAND_MODIFIERS
    )


class StagePrompt(QWidget):
    """A hidden inline prompt; :meth:`ask_text` or :meth:`ask_choice` opens it with focus.

    Signals:
        answered(str): Return in the text field, with what was typed.
        picked(int): Return on a chosen entry, with its data.
        cancelled: Esc; the prompt has closed.
        asked: a question was put (its keys may differ from the last one's: :meth:`keys`).
    """

    answered = Signal(str)
    picked = Signal(int)
    cancelled = Signal()
    asked = Signal()

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        """Build the prompt named ``name`` (its parts are ``{name}_question`` and so on)."""
        super().__init__(parent)
        self.setObjectName(name)
        self.question = plain_label(name=f"{name}_question", wrap=True, bold=True)
        self.entry = QLineEdit()
        self.entry.setObjectName(f"{name}_text")
        self.entry.setAccessibleName("Answer")  # each question names it more precisely
        self.choices = QListWidget()
        self.choices.setObjectName(f"{name}_choices")
        self.choices.setAccessibleName("Choices")
        self.choices.setTabKeyNavigation(False)
        self.message = error_label(f"{name}_message")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.question, self.entry, self.choices, self.message):
            layout.addWidget(widget)
        for widget in (self.entry, self.choices):
            widget.installEventFilter(self)
        self.hide()

    def ask_text(self, question: str, accessible: str, placeholder: str = "") -> None:
        """Open on an empty text field with the cursor in it."""
        self.question.setText(question)
        self.entry.clear()
        self.entry.setAccessibleName(accessible)
        self.entry.setPlaceholderText(placeholder)
        self.choices.hide()
        self.entry.show()
        self._open(self.entry)

    def ask_choice(
        self, question: str, accessible: str, choices: Sequence[tuple[str, int]]
    ) -> None:
        """Open on a list with nothing chosen yet: ↑ ↓ choose, Return confirms."""
        self.question.setText(question)
        self.choices.clear()
        self.choices.setAccessibleName(accessible)
        for text, data in choices:
            item = QListWidgetItem(text)
            item.setData(CHOICE_ROLE, data)
            self.choices.addItem(item)
        # The cursor on the first entry, unselected, every time: the frame shows where the
        # first ↑ or ↓ lands even when the list kept the focus from the question before. A
        # list of one entry has it chosen already: there is nothing to pick between, so
        # Return takes it (no answer is put in the room's mouth where there is a choice).
        flag = QItemSelectionModel.SelectionFlag
        self.choices.selectionModel().setCurrentIndex(
            self.choices.model().index(0, 0),
            flag.ClearAndSelect if len(choices) == 1 else flag.NoUpdate,
        )
        rows = max(1, min(len(choices), 6))
        frame = 2 * self.choices.frameWidth()
        self.choices.setFixedHeight(rows * self.choices.sizeHintForRow(0) + frame)
        self.entry.hide()
        self.choices.show()
        self._open(self.choices)

    def _open(self, field: QWidget) -> None:
        self.message.setVisible(False)
        self.show()
        field.setFocus(Qt.FocusReason.OtherFocusReason)
        QTimer.singleShot(0, self.reveal)  # once laid out at its new height
        self.asked.emit()

    def keys(self) -> str:
        """The keys of the question open now: ↑ ↓ too while it asks to pick from a list of
        more than one entry."""
        choosing = self.choices.isVisibleTo(self) and self.choices.count() > 1
        return CHOOSE_KEYS if choosing else CONFIRM_KEYS

    def reveal(self) -> None:
        """Scroll the stage so the whole question and its answer are in view."""
        parent = self.parentWidget()
        while parent is not None and not isinstance(parent, QScrollArea):
            parent = parent.parentWidget()
        if parent is not None and self.isVisible():
            # Lay out now (the stage grew by the question) so the scroll sees its real place.
            QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
            parent.ensureWidgetVisible(self, 0, 0)

    def refuse(self, text: str) -> None:
        """Say under the question why the answer was refused (the prompt stays open); an empty
        ``text`` clears the message."""
        self.message.setText(f"✗ {text}" if text else "")
        self.message.setVisible(bool(text))
        if text:  # the reason under the question, in view even when the stage scrolls
            QTimer.singleShot(0, self.reveal)

    def close_prompt(self) -> None:
        """Hide the prompt (its answer was taken, or it was cancelled)."""
        self.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Esc cancels before any window shortcut (leaving presenter mode); Return answers."""
        if (
            watched is self.choices
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up)
            and not self.choices.selectedItems()
        ):
            # The first ↑ or ↓ chooses the entry under the cursor (the first one) rather
            # than skipping past it: the view gives the cursor a row on focus, unselected.
            self.choices.setCurrentRow(max(0, self.choices.currentRow()))
            return True
        if (
            watched is self.choices
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.ShortcutOverride
            and _typed(event)
        ):
            # A key typed in the list finds an entry by its first letters; the window's single
            # keys (Space pauses the timer, N moves the agenda on) are not on the hint line
            # while a question is open, so they must not fire behind it either.
            event.accept()
            return True
        if not isinstance(event, QKeyEvent) or event.key() not in (Qt.Key.Key_Escape, *ENTER_KEYS):
            return super().eventFilter(watched, event)
        if event.type() == QEvent.Type.ShortcutOverride:
            event.accept()
            return True
        if event.type() != QEvent.Type.KeyPress:
            return super().eventFilter(watched, event)
        if event.key() == Qt.Key.Key_Escape:
            self.close_prompt()
            self.cancelled.emit()
        elif watched is self.entry:
            self.answered.emit(self.entry.text())
        else:
            item = self.choices.currentItem()
            if item is None or not item.isSelected():
                self.refuse("Choose with ↑ ↓ first, then press Return")
            else:
                self.picked.emit(int(item.data(CHOICE_ROLE)))
        return True
