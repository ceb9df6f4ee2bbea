"""The story editor: title, criteria, assumptions, estimate, dependencies, risks, team DoR."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QListWidgetItem, QWidget

from facilitator.domain.ids import MemberId, StoryId
from facilitator.domain.model import Role, StoryType
from facilitator.errors import StaleEdit
from facilitator.ops import story_editing as edit
from facilitator.ops.changes import ActionContext, Changes
from facilitator.ops.story_reading import open_story
from facilitator.store.db import Store
from facilitator.ui.context import UiContext
from facilitator.ui.widgets.story_editor_context import ID_ROLE, StoryContextEditor, created_id
from facilitator.ui.widgets.story_form import fill_members
from facilitator.ui.widgets.text import plain_tip


def _when(moment: dt.datetime | None) -> str:
    return "" if moment is None else f"{moment:%d %b %Y %H:%M}"


BLOCKED_TICK_MS = 30_000  # ages are shown to the minute


class StoryEditor(StoryContextEditor):
    """Edits one story; every button is one committed action, refused inline when invalid.

    Signals:
        changed(int): the story with this id was changed and saved.
    """

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        """Build the empty editor; :meth:`show_story` fills it."""
        super().__init__(ctx, parent)
        self.ticker = QTimer(self)  # the blocked line's age follows the clock (no read)
        self.ticker.setInterval(BLOCKED_TICK_MS)
        self.ticker.timeout.connect(self.show_blocked)
        self.ticker.start()

    def show_story(self, story_id: StoryId) -> None:
        """Read the story and show it (errors clear)."""
        # One read-only transaction: the story, and its team's members when the team is new.
        story, members = open_story(self.ctx.store, story_id, self.team_id)
        self.loads += 1
        if members is not None:
            self.team_id = story.team_id
            po = next((m.id for m in members if m.role is Role.PRODUCT_OWNER), None)
            fill_members(self.criterion_author, members, po)
            delivery = [m for m in members if m.role.delivers] + [
                m for m in members if not m.role.delivers
            ]
            fill_members(self.assumption_reviewer, delivery)
            self.assumption_reviewer.setCurrentIndex(-1)  # nobody reviewed it until picked
            fill_members(self.estimate_by, delivery)
        self.story = story
        self.reload_button.setVisible(False)
        self._show_sections()
        for label in self.problems:
            label.setVisible(False)
        self.heading.setText(f"{story.key} · {story.title}")
        self.heading.setToolTip(plain_tip(story.title))
        self.readiness_label.setText(story.readiness.summary())
        self.show_blocked()
        self.title_edit.setText(story.title)
        self.type_combo.setCurrentIndex(max(0, self.type_combo.findData(story.type)))
        self.description_edit.setPlainText(story.description)
        self._fill(
            self.criteria_list,
            [
                (c.id, f"{n}. {c.text}  — {c.author or 'unknown author'}")
                for n, c in enumerate(story.criteria, 1)
            ],
        )
        self._fill(
            self.assumptions_list,
            [
                (
                    a.id,
                    f"✓ {a.text} — reviewed by {a.reviewed_by}, {_when(a.reviewed_at)}"
                    if a.reviewed_by
                    else f"! {a.text} — not reviewed yet",
                )
                for a in story.assumptions
            ],
        )
        if story.estimate is None:
            self.estimate_state.setText("! No estimate yet")
        elif story.committed_by:
            self.estimate_state.setText(
                f"✓ {story.estimate:g} points, committed by {story.committed_by}, "
                f"{_when(story.committed_at)}"
            )
        else:
            self.estimate_state.setText(f"! {story.estimate:g} points, not committed")
        self.estimate_edit.setText("" if story.estimate is None else f"{story.estimate:g}")
        self._fill(
            self.dependencies_list,
            [
                (
                    d.id,
                    f"{d.state} · {'external: ' if d.external else ''}{d.target}"
                    + (f" — {d.description}" if d.description else ""),
                )
                for d in story.dependencies
            ],
        )
        self._fill(
            self.risks_list,
            [
                (
                    r.id,
                    f"{r.severity.upper()} · {r.text} — mitigation: {r.mitigation or 'none'}"
                    f" — owner: {r.owner or 'nobody'}",
                )
                for r in story.risks
            ],
        )
        self._dependency_picked(self.dependencies_list.currentRow())
        self._show_checks(story)
        self._fit_height()

    def show_blocked(self) -> None:
        """``! Blocked: 1 open blocker, raised 5 h ago, within the team's 24 h SLA`` at the
        clock's now, or nothing when the story has no open blocker."""
        story = self.story
        block = None if story is None else story.block
        if story is None or block is None:
            self.blocked_label.setVisible(False)
            return
        now = self.ctx.now()
        self.blocked_label.setText(f"! {block.sentence(now, story.blocker_sla_hours)}")
        self.blocked_label.setVisible(True)

    def _fit_height(self) -> None:
        # WORKAROUND: QScrollArea ignores height-for-width (wrapped labels), so sections would
        # overlap when a long title wraps; give the body the height its width really needs.
        # https://doc.qt.io/qt-6/qscrollarea.html#size-hints-and-layouts
        body = self.widget()
        layout = body.layout() if body is not None else None
        if body is not None and layout is not None and layout.hasHeightForWidth():
            # At the body's width (the viewport's, or its minimum when wider): not asking for
            # the viewport keeps the binding's 4–5 ms type lookup off the first visit.
            body.setMinimumHeight(layout.totalHeightForWidth(body.width()))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        """Keep the body tall enough for its width."""
        super().resizeEvent(event)
        self._fit_height()

    def _fill(self, widget: Any, lines: list[tuple[int, str]]) -> None:
        """Refill a list, keeping the selected item selected when it is still there."""
        kept = self._selected(widget)
        widget.blockSignals(True)
        widget.clear()
        for item_id, text in lines:
            item = QListWidgetItem(text)
            item.setData(ID_ROLE, item_id)
            item.setToolTip(plain_tip(text))
            widget.addItem(item)
            if item_id == kept:
                widget.setCurrentItem(item)
        widget.blockSignals(False)

    def typed_changes(self) -> dict[str, Any]:
        """The story fields whose widgets differ from the story as read (only these are saved)."""
        read = self.story
        if read is None:
            return {}
        typed: dict[str, Any] = {}
        if self.title_edit.text() != read.title:
            typed["title"] = self.title_edit.text()
        if self.description_edit.toPlainText() != read.description:
            typed["description"] = self.description_edit.toPlainText()
        kind = StoryType(self.type_combo.currentData())
        if kind.value != read.type:
            typed["kind"] = kind
        return typed

    def save_story(self) -> None:
        """Save the fields the user changed, checked against the version read (undoably).

        When someone saved the story meanwhile the save is refused inline, what was typed
        stays, and Reload reads the story again keeping it, so Save then applies it in one step.
        """
        story, read = self._id(), self.story
        assert read is not None
        typed = self.typed_changes()

        def save(store: Store, ctx: ActionContext) -> Changes:
            try:
                return edit.update_story(store, ctx, story, **typed, read_version=read.version)
            except StaleEdit:
                self.reload_button.setVisible(True)
                raise

        self._act(self.story_error, save, undoable=True)

    def reload_story(self) -> None:
        """Read the story as saved elsewhere and put back what the user had typed over it."""
        typed = self.typed_changes()
        estimate, by = self.estimate_edit.text(), self.estimate_by.currentIndex()
        self.show_story(self._id())
        self.estimate_edit.setText(estimate)  # a refused estimate commit is kept too
        self.estimate_by.setCurrentIndex(by)
        if "title" in typed:
            self.title_edit.setText(typed["title"])
        if "description" in typed:
            self.description_edit.setPlainText(typed["description"])
        if "kind" in typed:
            self.type_combo.setCurrentIndex(max(0, self.type_combo.findData(typed["kind"].value)))
        self.title_edit.setFocus()
        self.reloaded.emit(int(self._id()))

    def _key(self) -> str:
        return self.story.key if self.story is not None else ""

    def add_criterion(self) -> None:
        """Append the typed criterion, written by the picked member."""
        author = MemberId(int(self.criterion_author.currentData() or 0))
        if self._add_item(
            self.criterion_error,
            "criterion",
            lambda: created_id(
                edit.add_criterion(
                    self.ctx.store,
                    self.ctx.action(self.team_id, self.run_id),
                    self._id(),
                    self.criterion_text.text(),
                    author,
                )
            ),
        ):
            self.criterion_text.clear()

    def _criterion_picked(self, index: int) -> None:
        # Only a criterion the user selected fills the field (to replace it): Tab into the list
        # gives it a cursor row without selecting it, and typing then must start a new one.
        item = self.criteria_list.item(index)
        if (
            self.story is not None
            and item is not None
            and item.isSelected()
            and 0 <= index < len(self.story.criteria)
        ):
            self.criterion_text.setText(self.story.criteria[index].text)

    def edit_criterion(self) -> None:
        """Replace the selected criterion's text with the typed one."""
        picked = self._selected(self.criteria_list)
        text = self.criterion_text.text()
        if picked is not None and self._act(
            self.criterion_error,
            lambda store, ctx: edit.edit_criterion(store, ctx, picked, text),
        ):
            self.criterion_text.clear()

    def _move_criterion(self, delta: int) -> None:
        picked = self._selected(self.criteria_list)
        row_now = self.criteria_list.currentRow()
        if picked is not None and self._act(
            self.criterion_error,
            lambda store, ctx: edit.move_criterion(store, ctx, picked, delta),
        ):
            self.criteria_list.setCurrentRow(
                max(0, min(self.criteria_list.count() - 1, row_now + delta))
            )

    def remove_criterion(self) -> None:
        """Remove the selected criterion (undoably; asks first only when it cannot be undone)."""
        picked = self._pick_first(self.criterion_error, self.criteria_list, "criterion")
        if picked is None or self.story is None:
            return
        text = next(c.text for c in self.story.criteria if c.id == picked)
        if self._removal_allowed(
            "Remove acceptance criterion",
            f"Remove the acceptance criterion “{text}”? This cannot be undone.",
        ):
            self._remove_item(self.criterion_error, "criterion", picked)

    def add_assumption(self) -> None:
        """Record the typed assumption."""
        if self._add_item(
            self.assumption_error,
            "assumption",
            lambda: created_id(
                edit.add_assumption(
                    self.ctx.store,
                    self.ctx.action(self.team_id, self.run_id),
                    self._id(),
                    self.assumption_text.text(),
                )
            ),
        ):
            self.assumption_text.clear()

    def review_assumption(self) -> None:
        """Mark the selected (or the first unreviewed) assumption reviewed by the picked member."""
        picked = self._selected(self.assumptions_list)
        if picked is None and self.story is not None:
            picked = next((a.id for a in self.story.assumptions if not a.reviewed_by), None)
        if picked is None:
            self.assumption_error.setText("✗ Pick the assumption that was reviewed")
            self.assumption_error.setVisible(True)
            return
        if self.assumption_reviewer.currentIndex() < 0:
            self.assumption_error.setText("✗ Pick who reviewed it in “Reviewed by” first")
            self.assumption_error.setVisible(True)
            return
        reviewer = MemberId(int(self.assumption_reviewer.currentData() or 0))
        self._act(
            self.assumption_error,
            lambda store, ctx: edit.review_assumption(store, ctx, picked, reviewer),
        )

    def remove_assumption(self) -> None:
        """Remove the selected assumption (undoably; asks first only when it cannot be undone)."""
        picked = self._pick_first(self.assumption_error, self.assumptions_list, "assumption")
        if picked is None or self.story is None:
            return
        text = next(a.text for a in self.story.assumptions if a.id == picked)
        if self._removal_allowed(
            "Remove assumption", f"Remove the assumption “{text}”? This cannot be undone."
        ):
            self._remove_item(self.assumption_error, "assumption", picked)

    def commit_estimate(self) -> None:
        """Commit the typed estimate in the picked member's name (undoably), against the
        version read: a stale commit is refused with a Reload like a stale save."""
        member = MemberId(int(self.estimate_by.currentData() or 0))
        story, read = self._id(), self.story
        assert read is not None
        typed = self.estimate_edit.text()

        def commit(store: Store, ctx: ActionContext) -> Changes:
            try:
                return edit.commit_estimate(
                    store, ctx, story, typed, member, read_version=read.version
                )
            except StaleEdit:
                self.reload_button.setVisible(True)
                raise

        self._act(self.estimate_error, commit, undoable=True)
