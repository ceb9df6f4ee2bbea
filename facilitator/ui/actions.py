"""The one helper every widget runs its actions through (``shared/STYLE.md`` §2b).

``ActionRunner.run`` calls an op with the store and a typed :class:`ActionContext`, then:

- on success clears the inline message, pushes the op's undo onto the screen's stack and emits
  :attr:`ActionRunner.changed` with the op's :class:`Changes`, which the main window passes to
  the screens, the badges and the room window;
- on a refused action (any :class:`FacilitatorError` but a storage failure) shows the message
  inline, next to what the user touched, and changes nothing;
- on :class:`StoreUnavailable` (locked, full, damaged, gone) opens a dialog, because the whole
  screen is affected.

An op that ran elsewhere (the import, on a worker thread) is finished the same way on the GUI
thread with :meth:`ActionRunner.deliver` or :meth:`ActionRunner.refuse`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from typing import Protocol

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel, QWidget

from facilitator.errors import FacilitatorError, StoreUnavailable
from facilitator.ops.changes import ActionContext, Changes, Undo
from facilitator.store.db import Store
from facilitator.ui.dialogs import Dialogs
from facilitator.ui.undo import CommittedCommand, UndoStack

# One op call over the store: ``lambda store, ctx: ops.x(store, ctx, ...)``.
Action = Callable[[Store, ActionContext], Changes]


class ShowsError(Protocol):
    """Somewhere a refused action's message is shown inline (an error label, a form)."""

    def __call__(self, message: str, /) -> None:
        """Show ``message`` (an empty string clears it)."""


def label_sink(label: QLabel) -> ShowsError:
    """Show messages in an error label: "✗ message", hidden when empty."""

    def show(message: str) -> None:
        label.setText(f"✗ {message}" if message else "")
        label.setVisible(bool(message))

    return show


def refusals(say: ShowsError) -> ShowsError:
    """Show a refusal on a screen's message line as "✗ message" (an empty text clears the line).

    A ceremony screen's line also says what went well ("✓ Decision recorded"); UI.md's signals
    never rely on colour alone, so a refusal carries its ✗ whichever screen shows it.
    """

    def show(message: str) -> None:
        say(f"✗ {message}" if message else "")

    return show


class ActionRunner(QObject):
    """Runs every user action; see the module docstring.

    Signals:
        changed(Changes): an action was committed; the record says what it changed.
    """

    changed = Signal(object)

    def __init__(
        self,
        store: Store,
        dialogs: Dialogs,
        clock: Callable[[], dt.datetime],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.dialogs = dialogs
        self.clock = clock

    def run(
        self,
        action: Action,
        ctx: ActionContext,
        *,
        errors: ShowsError | None = None,
        undo_on: UndoStack | None = None,
        parent: QWidget | None = None,
    ) -> Changes | None:
        """Run ``action(store, ctx)``; return its Changes, or None when it was refused.

        Args:
            action: one op call, e.g. ``lambda store, ctx: move_to_top(store, ctx, story)``.
            ctx: the moment, team and ceremony run the action is for.
            errors: where a refusal is shown inline; a warning dialog when None.
            undo_on: the stack the op's undo goes onto (none: the action is not undoable here).
            parent: the widget a storage-failure dialog belongs to.
        """
        try:
            changes = action(self.store, ctx)
        except FacilitatorError as err:
            self.refuse(err, errors=errors, parent=parent)
            return None
        self.deliver(changes, ctx, errors=errors, undo_on=undo_on)
        return changes

    def deliver(
        self,
        changes: Changes,
        ctx: ActionContext,
        *,
        errors: ShowsError | None = None,
        undo_on: UndoStack | None = None,
    ) -> None:
        """Finish an action whose op already committed (elsewhere, e.g. on a worker thread) as
        :meth:`run` does: clear the inline message, push its undo, emit :attr:`changed`."""
        if errors is not None:
            errors("")
        if undo_on is not None and changes.undo is not None:
            undo_on.push(ReplayCommand(undo_on, self, changes.undo, ctx))
        if not changes.empty:
            self.changed.emit(changes)

    def refuse(
        self,
        err: FacilitatorError,
        *,
        errors: ShowsError | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """Report an action whose op raised ``err`` as :meth:`run` does: a storage failure in a
        dialog, any other refusal inline (a warning dialog when ``errors`` is None)."""
        if isinstance(err, StoreUnavailable):
            self.dialogs.error(parent, "The database cannot be used", str(err))
        elif errors is None:
            self.dialogs.warning(parent, "Not done", str(err))
        else:
            errors(str(err))

    def announce(self, changes: Changes) -> None:
        """Tell every screen about an action committed outside :meth:`run` (an undo step of a
        command that predates :class:`Undo`)."""
        if not changes.empty:
            self.changed.emit(changes)

    def replay(self, step: Action, ctx: ActionContext) -> None:
        """Run an undo or redo step at the current moment; a refusal propagates to the undo
        stack, which reports it inline."""
        changes = step(self.store, replace(ctx, now=self.clock()))
        if not changes.empty:
            self.changed.emit(changes)


class ReplayCommand(CommittedCommand):
    """An undo-stack entry for an op's :class:`Undo`; each undo and redo is one action."""

    def __init__(
        self, stack: UndoStack, runner: ActionRunner, undo: Undo, ctx: ActionContext
    ) -> None:
        super().__init__(stack, undo.text)
        self._runner, self._undo, self._ctx = runner, undo, ctx

    def commit_inverse(self) -> None:
        """Commit the op's inverse."""
        self._runner.replay(self._undo.undo, self._ctx)

    def commit_again(self) -> None:
        """Commit the op again."""
        self._runner.replay(self._undo.redo, self._ctx)
