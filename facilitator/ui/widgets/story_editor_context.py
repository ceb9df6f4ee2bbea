"""The story editor's shared action plumbing and its context sections: dependencies, risks, DoR.

Every action is one committed transaction. Field edits and adding or removing a criterion,
assumption or risk go on the undo stack (when the editor has one) and so do not ask; removals
that cannot be undone ask first through ``ctx.dialogs.confirm`` (which tests replace).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from facilitator.domain.ids import StoryId
from facilitator.ops import story_context as context
from facilitator.ops.changes import ActionContext, Changes, Kind
from facilitator.ops.story_context import ItemKind, RemovedItem
from facilitator.ops.story_reading import DependencyView, StoryDetail
from facilitator.store.db import Store
from facilitator.ui.actions import label_sink
from facilitator.ui.undo import CommittedCommand, ItemCommand, UndoStack
from facilitator.ui.widgets.story_editor_layout import (
    CALL_OUT,
    RESOLVE,
    UNRESOLVE,
    WITHDRAW_CALL_OUT,
    StoryEditorLayout,
)
from facilitator.ui.widgets.story_form import ElidedCheckBox, button

ID_ROLE = Qt.ItemDataRole.UserRole + 1
T = TypeVar("T")


class StoryContextEditor(StoryEditorLayout):
    """Runs the editor's actions, and implements the dependency, risk and team DoR sections.

    Signals:
        changed(int): the story with this id was changed and saved.
        reloaded(int): the user read the story with this id again (Reload after a stale edit).
    """

    changed = Signal(int)
    reloaded = Signal(int)
    loads = 0  # how many times a story was shown: an action reloads only when nobody did

    # --- plumbing ------------------------------------------------------------------------------
    def _id(self) -> StoryId:
        assert self.story is not None
        return self.story.id

    def _run(self, error: QLabel, action: Callable[[], object]) -> bool:
        """Do one committed action; show a refusal inline and keep the typed text."""
        return self._act(error, lambda _store, _ctx: action()) is not None

    def _act(
        self,
        error: QLabel,
        action: Callable[[Store, ActionContext], object],
        *,
        undoable: bool = False,
    ) -> Changes | None:
        """Run one action through the window's runner (refusal inline under ``error``, storage
        failure in a dialog); then show the story again unless the screen already did while
        passing the record on (see :meth:`apply_changes`).

        ``action`` returns the op's :class:`Changes`, or anything else for an op that does not
        return one yet (the record then names the story shown).
        """
        story_id = self._id()

        def run(store: Store, ctx: ActionContext) -> Changes:
            result = action(store, ctx)
            if isinstance(result, Changes):
                return result
            return Changes.of(Kind.STORY, story_id)

        loads = self.loads
        changes = self.ctx.actions.run(
            run,
            self.ctx.action(self.team_id, self.run_id),
            errors=label_sink(error),
            undo_on=self.undo_stack if undoable else None,
            parent=self,
        )
        if changes is None:
            return None
        if self.loads == loads:
            self.show_story(story_id)
        self.changed.emit(int(story_id))
        return changes

    def apply_changes(self, changes: Changes) -> None:
        """Show the story again when an action (an undo, say) changed it."""
        if self.story is not None and (
            int(self.story.id) in changes.ids_of(Kind.STORY) or changes.names_all(Kind.STORY)
        ):
            self.show_story(self.story.id)

    def _now_ctx(self) -> ActionContext:
        """The context of an action of this editor happening now (team, ceremony run)."""
        return self.ctx.action(self.team_id, self.run_id)

    def _confirm(self, title: str, text: str) -> bool:
        """Ask before an action that cannot be undone."""
        return self.ctx.dialogs.confirm(self, title, text)

    def _run_undoable(
        self,
        error: QLabel,
        action: Callable[[], T],
        command: Callable[[UndoStack, T], CommittedCommand | None],
    ) -> bool:
        """Do one committed action like :meth:`_run`, then push the command that undoes it.

        Args:
            error: where a refusal is shown.
            action: the action; its result goes to ``command``.
            command: makes the undo command from the stack and the result (None: nothing to undo).
        """
        results: list[T] = []
        if not self._run(error, lambda: results.append(action())):
            return False
        if self.undo_stack is not None:
            made = command(self.undo_stack, results[0])
            if made is not None:
                self.undo_stack.push(made)
        return True

    def _removal_allowed(self, title: str, text: str) -> bool:
        """An undoable removal goes ahead; without an undo stack it cannot be undone: ask."""
        return self.undo_stack is not None or self._confirm(title, text)

    def _shown_again(self, story_id: StoryId) -> None:
        """After an undo or redo: show the story it changed and tell the screens."""
        loads = self.loads
        self.ctx.actions.announce(Changes.of(Kind.STORY, story_id))
        if self.loads == loads:
            self.show_story(story_id)
        self.changed.emit(int(story_id))

    def _item_command(
        self,
        stack: UndoStack,
        text: str,
        kind: ItemKind,
        *,
        present: int | None = None,
        removed: RemovedItem | None = None,
    ) -> ItemCommand[RemovedItem]:
        """The undo command of adding (``present``) or removing (``removed``) an item."""
        story_id = self._id()
        return ItemCommand(
            stack,
            text,
            present=present,
            removed=removed,
            take=lambda item: context.take_item(self.ctx.store, self._now_ctx(), kind, item),
            restore=lambda copy: context.restore_item(self.ctx.store, self._now_ctx(), copy),
            done=lambda: self._shown_again(story_id),
        )

    def _add_item(self, error: QLabel, kind: ItemKind, action: Callable[[], int]) -> bool:
        """Add a criterion, assumption or risk (``action`` returns its id), undoably."""
        text = f"add {kind} to {self.story.key if self.story else ''}"
        return self._run_undoable(
            error, action, lambda stack, item: self._item_command(stack, text, kind, present=item)
        )

    def _remove_item(self, error: QLabel, kind: ItemKind, item_id: int) -> bool:
        """Remove a criterion, assumption or risk, undoably."""
        text = f"remove {kind} from {self.story.key if self.story else ''}"
        return self._run_undoable(
            error,
            lambda: context.take_item(self.ctx.store, self._now_ctx(), kind, item_id),
            lambda stack, copy: self._item_command(stack, text, kind, removed=copy),
        )

    def _selected(self, widget: Any) -> int | None:
        item = widget.currentItem()
        return None if item is None else int(item.data(ID_ROLE))

    def _pick_first(self, error: QLabel, widget: Any, what: str) -> int | None:
        """The selected item's id, or None after saying inline what to select."""
        picked = self._selected(widget)
        if picked is None:
            error.setText(f"✗ Select the {what} first")
            error.setVisible(True)
        return picked

    # --- dependencies --------------------------------------------------------------------------
    def add_dependency(self) -> None:
        """Add a dependency on the typed story key or external party."""
        target = self.dependency_target.text()
        external = self.dependency_external.isChecked()
        story, description = self._id(), self.dependency_description.text()
        if self._act(
            self.dependency_error,
            lambda store, ctx: context.add_dependency(
                store,
                ctx,
                story,
                on_key="" if external else target,
                external_party=target if external else "",
                description=description,
            ),
        ):
            self.dependency_target.clear()
            self.dependency_description.clear()

    def _picked_dependency(self) -> DependencyView | None:
        picked = self._pick_first(self.dependency_error, self.dependencies_list, "dependency")
        if picked is None or self.story is None:
            return None
        return next((d for d in self.story.dependencies if d.id == picked), None)

    def _dependency_picked(self, index: int) -> None:
        """Name the state buttons after what they would do to the selected dependency."""
        dependencies = self.story.dependencies if self.story is not None else []
        dependency = dependencies[index] if 0 <= index < len(dependencies) else None
        called_out = dependency is not None and dependency.called_out
        resolved = dependency is not None and dependency.resolved_at is not None
        for widget, text in (
            (self.dependency_call_out, WITHDRAW_CALL_OUT if called_out else CALL_OUT),
            (self.dependency_resolve, UNRESOLVE if resolved else RESOLVE),
        ):
            widget.setText(text)
            widget.setAccessibleName(f"{text} (selected dependency)")
        for widget in (self.dependency_call_out, self.dependency_resolve, self.dependency_remove):
            widget.setEnabled(dependency is not None)

    def toggle_call_out(self) -> None:
        """Call out the selected dependency, or withdraw its call-out."""
        dependency = self._picked_dependency()
        if dependency is not None:
            self._act(
                self.dependency_error,
                lambda store, ctx: context.set_dependency_state(
                    store, ctx, dependency.id, called_out=not dependency.called_out
                ),
            )

    def toggle_resolved(self) -> None:
        """Mark the selected dependency resolved, or unresolved again."""
        dependency = self._picked_dependency()
        if dependency is not None:
            self._act(
                self.dependency_error,
                lambda store, ctx: context.set_dependency_state(
                    store, ctx, dependency.id, resolved=dependency.resolved_at is None
                ),
            )

    def remove_dependency(self) -> None:
        """Remove the selected dependency, after asking."""
        dependency = self._picked_dependency()
        if dependency is not None and self._confirm(
            "Remove dependency",
            f"Remove the dependency on {dependency.target}? This cannot be undone.",
        ):
            self._act(
                self.dependency_error,
                lambda store, ctx: context.remove_dependency(store, ctx, dependency.id),
            )

    # --- risks ---------------------------------------------------------------------------------
    def add_risk(self) -> None:
        """Record the typed risk."""
        if self._add_item(
            self.risk_error,
            "risk",
            lambda: created_id(
                context.add_risk(
                    self.ctx.store,
                    self.ctx.action(self.team_id, self.run_id),
                    self._id(),
                    text=self.risk_text.text(),
                    severity=str(self.risk_severity.currentData()),
                    mitigation=self.risk_mitigation.text(),
                    owner=self.risk_owner.text(),
                )
            ),
        ):
            for widget in (self.risk_text, self.risk_mitigation, self.risk_owner):
                widget.clear()

    def remove_risk(self) -> None:
        """Remove the selected risk (undoably; asks first only when it cannot be undone)."""
        picked = self._pick_first(self.risk_error, self.risks_list, "risk")
        if picked is None or self.story is None:
            return
        risk = next(r for r in self.story.risks if r.id == picked)
        if self._removal_allowed(
            "Remove risk", f"Remove the risk “{risk.text}”? This cannot be undone."
        ):
            self._remove_item(self.risk_error, "risk", picked)

    # --- the team's own Definition of Ready ----------------------------------------------------
    def _show_checks(self, story: StoryDetail) -> None:
        for holder in self.dor_rows:
            self.dor_layout.removeWidget(holder)
            holder.setParent(None)  # gone from the editor now; deleted once the click returns
            holder.deleteLater()
        self.dor_rows, self.dor_checks = [], []
        for index, check in enumerate(story.checks):
            box = ElidedCheckBox(check.text)
            box.setObjectName(f"dor_check_{index}")
            box.setChecked(check.checked)
            box.toggled.connect(
                lambda on, item=check.item_id: self._run(
                    self.dor_error,
                    lambda: context.set_dor_check(
                        self.ctx.store, self.ctx.action(self.team_id), self._id(), item, on
                    ),
                )
            )
            remove = button(f"dor_remove_{index}", "Remove item", "Remove from the team's DoR")
            remove.setAccessibleName(f"Remove “{check.text}” from the team's Definition of Ready")
            remove.clicked.connect(
                lambda _=False, item=check.item_id, text=check.text: self.remove_dor_item(
                    item, text
                )
            )
            holder = QWidget()
            line = QHBoxLayout(holder)
            line.setContentsMargins(0, 0, 0, 0)
            line.addWidget(box, 1)
            line.addWidget(remove)
            self.dor_layout.insertWidget(index, holder)
            self.dor_rows.append(holder)
            self.dor_checks.append(box)

    def add_dor_item(self) -> None:
        """Add the typed item to the team's own Definition of Ready."""
        team, text = self.team_id, self.dor_item_text.text()
        if team is None:
            return

        # The record names the team: every story of the team has one more item to check.
        if self._act(
            self.dor_error, lambda store, ctx: context.add_team_dor_item(store, ctx, text)
        ):
            self.dor_item_text.clear()

    def remove_dor_item(self, item_id: int, text: str) -> None:
        """Remove an item from the team's Definition of Ready (for every story), after asking.

        Args:
            item_id: the team DoR item.
            text: its text, quoted in the question.
        """
        if self._confirm(
            "Remove team Definition of Ready item",
            f"Remove “{text}” from the team's Definition of Ready? It goes for every story of "
            "the team, with its checks. This cannot be undone.",
        ):
            # The record names the team: every story of the team has one item less.
            self._act(
                self.dor_error,
                lambda store, ctx: context.remove_team_dor_item(store, ctx, item_id),
            )


def created_id(changes: Changes) -> int:
    """The id of what an adding op created."""
    assert changes.created is not None
    return changes.created
