"""Undo for actions that are committed at once, through Qt's undo framework.

There is no Save: an action is in the database as soon as it is done. So a command is pushed
*after* its action succeeded, and the first ``redo()`` (the one ``QUndoStack.push`` makes) does
nothing. ``undo()`` commits the inverse action as a new transaction; a later ``redo()`` commits
the action again. When that is no longer possible (the story was deleted meanwhile, say), the
command drops out of the stack and the stack says why, in words, through
:attr:`UndoStack.problem`; nothing is raised into Qt.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from facilitator.errors import FacilitatorError
from facilitator.ui.widgets.story_form import button, error_label

S = TypeVar("S")
UNDO_LIMIT = 200


class UndoStack(QUndoStack):
    """A ``QUndoStack`` that reports, inline, an undo or redo that could not be done.

    Signals:
        problem(str): what went wrong ("✗ Cannot undo …: the story no longer exists"), or an
            empty string after an undo or redo that worked.
    """

    problem = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        """An empty stack keeping the last :data:`UNDO_LIMIT` actions."""
        super().__init__(parent)
        self.setUndoLimit(UNDO_LIMIT)
        self.pushing = False  # True while a new action is recorded (not an undo or redo)

    def push(self, cmd: QUndoCommand) -> None:
        """Record an action that was just done (a new action clears any message)."""
        self.pushing = True
        try:
            super().push(cmd)
        finally:
            self.pushing = False
        self.problem.emit("")

    def clear(self) -> None:
        """Forget every action (another team, say) and any message about them."""
        super().clear()
        self.problem.emit("")


class UndoBar(QWidget):
    """Undo and Redo buttons named after the action ("Undo move PAY-12 to top"), the keys, and
    the inline message when an undo or redo is no longer possible.

    Ctrl+Z undoes; Ctrl+Shift+Z and Ctrl+Y redo, anywhere inside ``keys_on`` (a focused text
    field keeps Ctrl+Z for its own text).

    Args:
        stack: the stack it drives.
        prefix: objectName prefix: ``{prefix}_undo``, ``{prefix}_redo``, ``{prefix}_undo_message``.
        keys_on: the widget (a screen) whose children the shortcuts work in.
    """

    def __init__(self, stack: UndoStack, prefix: str, keys_on: QWidget) -> None:
        super().__init__(keys_on)
        self.stack = stack
        self.undo_button = button(f"{prefix}_undo", "Undo", "Ctrl+Z")
        self.redo_button = button(f"{prefix}_redo", "Redo", "Ctrl+Shift+Z or Ctrl+Y")
        self.undo_button.clicked.connect(self.undo)
        self.redo_button.clicked.connect(self.redo)
        self.message = error_label(f"{prefix}_undo_message")
        stack.problem.connect(self._show_problem)
        stack.indexChanged.connect(self._show_state)
        self.shortcuts: list[QShortcut] = []
        for keys, slot in (
            ("Ctrl+Z", self.undo),
            ("Ctrl+Shift+Z", self.redo),
            ("Ctrl+Y", self.redo),
        ):
            shortcut = QShortcut(QKeySequence(keys), keys_on)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
            self.shortcuts.append(shortcut)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.undo_button)
        buttons.addWidget(self.redo_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self._show_state()

    def undo(self) -> None:
        """Undo the last action (nothing when there is none)."""
        self.stack.undo()
        self._show_state()  # a failed redo/undo drops its command without indexChanged

    def redo(self) -> None:
        """Redo the last undone action (nothing when there is none)."""
        self.stack.redo()
        self._show_state()

    def _show_state(self) -> None:
        stack = self.stack
        # WORKAROUND: QUndoStack's destructor clears the stack and emits indexChanged into a
        # screen that is being destroyed; skip the refresh once either C++ object is gone.
        if not shiboken6.isValid(stack) or not shiboken6.isValid(self):
            return
        for widget, verb, can, what in (
            (self.undo_button, "Undo", stack.canUndo(), stack.undoText()),
            (self.redo_button, "Redo", stack.canRedo(), stack.redoText()),
        ):
            text = f"{verb} {what}" if can and what else verb
            widget.setText(text)
            widget.setAccessibleName(text)
            widget.setEnabled(can)

    def _show_problem(self, message: str) -> None:
        self.message.setText(message)
        self.message.setVisible(bool(message))


class CommittedCommand(QUndoCommand):
    """An action already committed; subclasses commit its inverse and commit it again.

    Args:
        stack: where problems are reported.
        text: the action in a few words ("move PAY-12 to top"), shown as "Undo move PAY-12 …".
    """

    def __init__(self, stack: UndoStack, text: str) -> None:
        super().__init__(text)
        self._stack = stack
        self._pushed = False

    def redo(self) -> None:
        """Commit the action again (nothing when pushed: it was done already)."""
        if not self._pushed:
            self._pushed = True
            return
        self._attempt("redo", self.commit_again)

    def undo(self) -> None:
        """Commit the inverse action."""
        self._attempt("undo", self.commit_inverse)

    def _attempt(self, verb: str, step: Callable[[], None]) -> None:
        try:
            step()
        except FacilitatorError as err:
            self.setObsolete(True)  # QUndoStack deletes an obsolete command after undo/redo
            self._stack.problem.emit(f"✗ Cannot {verb} “{self.text()}”: {err}")
            return
        self._stack.problem.emit("")

    def commit_inverse(self) -> None:
        """Undo as a new committed action (subclasses implement it)."""
        raise NotImplementedError

    def commit_again(self) -> None:
        """Redo as a new committed action (subclasses implement it)."""
        raise NotImplementedError


class ItemCommand(CommittedCommand, Generic[S]):
    """Adding or removing one item (a criterion, say): undo and redo each flip its presence.

    The item is either present (its id) or taken away (a copy ``S`` that puts it back as it
    was). Putting it back may give it a new id, so the command follows it.

    Args:
        stack: where problems are reported.
        text: the action in a few words.
        present: the id of an item just added, or None.
        removed: the copy of an item just removed, or None.
        take: removes the item with this id and returns its copy.
        restore: puts a copy back and returns its id.
        done: shows the result.
    """

    def __init__(
        self,
        stack: UndoStack,
        text: str,
        *,
        present: int | None = None,
        removed: S | None = None,
        take: Callable[[int], S],
        restore: Callable[[S], int],
        done: Callable[[], None],
    ) -> None:
        super().__init__(stack, text)
        if (present is None) == (removed is None):
            raise ValueError("ItemCommand: give either the present id or the removed copy")
        self._id, self._removed = present, removed
        self._take, self._restore, self._done = take, restore, done

    def _flip(self) -> None:
        if self._id is not None:
            self._removed, self._id = self._take(self._id), None
        elif self._removed is not None:
            self._id, self._removed = self._restore(self._removed), None
        self._done()

    def commit_inverse(self) -> None:
        """Remove the added item, or put the removed one back."""
        self._flip()

    def commit_again(self) -> None:
        """Add the item again, or remove it again."""
        self._flip()
