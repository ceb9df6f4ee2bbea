"""The sprint review: one story at a time, each acceptance criterion demoed pass or fail and
each Definition-of-Done item checked, the verdict in words, stakeholders' questions and
feedback (a feedback becomes a backlog story in one action), deployments and defects, and the
close that fixes the Done decisions.

In presenter mode it runs by keyboard: O opens, ← → walk the stories, ↑ ↓ choose a line, P
passes and F fails it, Q and K capture a question or a feedback on the stage and then who said
it, M makes a story of the latest feedback, C closes; Esc closes the prompt, else leaves
presenter mode.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QListWidgetItem, QWidget

from facilitator.domain.delivery import DefectKind
from facilitator.domain.ids import CriterionId, MemberId, RunId, TeamId
from facilitator.domain.review import walk_words
from facilitator.domain.review_rules import NoteKind
from facilitator.ops import review as ops
from facilitator.ops.ceremony import run_of
from facilitator.ops.changes import ActionContext, Changes, Kind
from facilitator.store.db import Store
from facilitator.ui.actions import ShowsError, refusals
from facilitator.ui.context import UiContext
from facilitator.ui.screens.review_asks import note_asks, said_by
from facilitator.ui.screens.review_layout import IDLE_TEXT, ReviewLayout
from facilitator.ui.screens.review_view import (
    MarkLine,
    Stage,
    facts_words,
    note_line,
    room_view_of,
    stage_of,
)
from facilitator.ui.screens.timebox_screen import RoomView
from facilitator.ui.widgets.stage_questions import Answer, StageQuestions
from facilitator.ui.widgets.story_form import fill_members

__all__ = ["ReviewScreen"]

Act = Callable[[Store, ActionContext], Changes]


class ReviewScreen(ReviewLayout):
    """The timeboxed review; renders the committed review run."""

    key = "review"
    title = "Review"
    ceremony = "review"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        """Build and wire the screen; :meth:`show_team` loads it."""
        super().__init__(ctx, parent)
        self.team_id: TeamId | None = None
        self.run_id: RunId | None = None
        self.view: ops.ReviewView | None = None
        self.stage_now = Stage("REVIEW", IDLE_TEXT.format(key="Open"), (), "", "")
        self.preview = ""  # what the next review will walk, while none is open
        self.open_button.clicked.connect(self.open_review)
        self.prev_button.clicked.connect(lambda: self.go(-1))
        self.next_button.clicked.connect(lambda: self.go(1))
        self.pass_button.clicked.connect(lambda: self.mark(True))
        self.fail_button.clicked.connect(lambda: self.mark(False))
        self.close_button.clicked.connect(self.close_review)
        self.capture_button.clicked.connect(self.capture_typed)
        self.story_button.clicked.connect(self.make_story_of_selected)
        self.deploy_button.clicked.connect(self.record_deployment)
        self.defect_button.clicked.connect(self.record_defect)
        self.questions = StageQuestions(self.prompt, self._questions_changed)
        self._add_keys(
            {
                "O": self.open_review,
                "Left": lambda: self.go(-1),
                "Right": lambda: self.go(1),
                "Up": lambda: self.choose(-1),
                "Down": lambda: self.choose(1),
                "P": lambda: self.mark(True),
                "F": lambda: self.mark(False),
                "Q": lambda: self.ask_note(NoteKind.QUESTION),
                "K": lambda: self.ask_note(NoteKind.FEEDBACK),
                "M": self.make_story_of_latest,
                "C": self.close_review,
            }
        )
        self._sync()

    # --- screen contract -----------------------------------------------------------------------
    def show_team(self, team_id: TeamId) -> None:
        """Load ``team_id``'s review left open (by a quit or a crash), else the idle stage."""
        if team_id != self.team_id:
            self.team_id = team_id
            self.run_id = ops.open_review_run(self.ctx.store, team_id)
            self.closed = False
            self.undo_stack.clear()
        self.reload()
        self.refresh_view()

    def reload(self) -> None:
        """Read the review of the run again (nothing when none is open)."""
        self.view = None if self.run_id is None else ops.load_review(self.ctx.store, self.run_id)
        if self.view is None and self.team_id is not None:
            self.preview = ops.review_preview(self.ctx.store, self.team_id)
        self.run = None if self.view is None or not self.view.run.is_open else self.view.run
        self.closed = self.view is not None and self.view.review.closed

    def apply_changes(self, changes: Changes) -> None:
        """Follow this review's run, its stories and the team's Definition of Done from any
        window's action."""
        if self.team_id is None:
            return
        run = run_of(changes)
        mine = run is not None and run.team_id == self.team_id and run.ceremony == self.ceremony
        if mine and run is not None and self.run_id is None:
            self.run_id = ops.open_review_run(self.ctx.store, self.team_id)
        named = self.run_id is not None and int(self.run_id) in changes.ids_of(Kind.RUN)
        walked = {int(s.story_id) for s in self.view.review.stories} if self.view else set()
        edited = bool(walked & changes.ids_of(Kind.STORY))  # e.g. a criterion reworded
        waiting = self.view is None and changes.touches(Kind.SPRINT)  # the preview's sprint
        if named or mine or edited or waiting or changes.touches(Kind.TEAM):
            self.reload()
            self.refresh_view()

    def room_view(self) -> RoomView:
        """The story on the stage for the room window."""
        return room_view_of(self.stage_now)

    # --- rendering -----------------------------------------------------------------------------
    def refresh_view(self) -> None:
        """Show the committed review: the stage, the notes and the sprint's facts."""
        view = self.view
        if view is None or (self.run is None and not self.closed):  # none, or its clock ended
            key = "O" if self.presenter else "Open"
            if view is not None:  # its clock ended before it closed: O carries it on
                stories = view.review.stories
                added = sum(1 for s in stories if s.added)
                self.preview = walk_words(view.review.sprint, len(stories), added)
            self.stage_now = Stage(
                "REVIEW", IDLE_TEXT.format(key=key), (), "", self.preview, idle=True
            )
        else:
            self.stage_now = stage_of(view)
            fill_members(self.closer, list(view.members), keep=self._closer_choice(view))
            self.notes.clear()
            for record in view.notes:
                item = QListWidgetItem(note_line(record))
                item.setData(Qt.ItemDataRole.UserRole, record.note_id)
                self.notes.addItem(item)
            self.delivery_line.setText(facts_words(view.review))
            chosen_story = self.defect_story.currentData()
            self.defect_story.clear()
            self.defect_story.addItem("no story", "")
            for story in view.review.stories:
                self.defect_story.addItem(story.key, story.key)
            self.defect_story.setCurrentIndex(max(0, self.defect_story.findData(chosen_story)))
        stage = self.stage_now
        self.progress.setText(stage.progress)
        self.title_label.setText(stage.title)
        self.title_label.setToolTip(stage.title)
        self.verdict.setText(stage.verdict)
        self.notes_line.setText(stage.notes)
        self.notes_line.setVisible(bool(stage.notes))  # an empty line would push the rest down
        chosen = max(0, self.marks.currentRow())
        self.marks.clear()
        for mark in stage.lines:
            item = QListWidgetItem(mark.text)
            item.setToolTip(mark.text)
            self.marks.addItem(item)
        if stage.lines:
            self.marks.setCurrentRow(min(chosen, len(stage.lines) - 1))
        self.marks.setVisible(bool(stage.lines))  # no empty box before the review opens
        self._sync()
        self.room_changed.emit()

    def _closer_choice(self, view: ops.ReviewView) -> object:
        current = self.closer.currentData()
        return current if current else view.facilitator()

    def _ctx(self) -> ActionContext:
        return self.ctx.action(self.team_id, self.run_id)

    def _run(
        self, act: Act, done: str = "", errors: ShowsError | None = None, *, undo: bool = False
    ) -> Changes | None:
        changes = self.ctx.actions.run(
            act,
            self._ctx(),
            errors=errors or refusals(self._say),
            undo_on=self.undo_stack if undo else None,
            parent=self,
        )
        if changes is not None:
            if done:
                self._say(f"✓ {done}")
            self.saved.emit()
        return changes

    # --- the walk ------------------------------------------------------------------------------
    def open_review(self) -> None:
        """Open the review of the sprint with its clock running (O)."""
        if self.team_id is None or self.run is not None:
            return
        self.run_id = None
        changes = self._run(ops.open_review)
        run = run_of(changes)
        if run is not None:
            self.run_id = run.run_id
            self.closed = False
            self.reload()
            self.refresh_view()
            self.ceremony_started.emit()

    def go(self, step: int) -> None:
        """The previous (-1) or next (+1) story; at either end, say so."""
        if self.run is None:
            return
        # At either end the line says where the walk is, plainly: nothing went wrong.
        if self._run(lambda s, c: ops.step_story(s, c, step), errors=self._say) is not None:
            self.reload()
            self.refresh_view()
            # On the first line still to mark: back on a story half walked, P goes on there.
            lines = self.stage_now.lines
            first = next((n for n, line in enumerate(lines) if not line.marked), 0)
            if lines:
                self.marks.setCurrentRow(first)
                self.marks.scrollToItem(self.marks.currentItem())

    def choose(self, step: int) -> None:
        """Move the chosen line of the stage up (-1) or down (+1)."""
        count = self.marks.count()
        if count:
            self.marks.setCurrentRow(max(0, min(count - 1, self.marks.currentRow() + step)))
            self.marks.scrollToItem(self.marks.currentItem())  # a long criterion wraps

    def _chosen(self) -> MarkLine | None:
        row = self.marks.currentRow()
        lines = self.stage_now.lines
        return lines[row] if 0 <= row < len(lines) else None

    def mark(self, passed: bool) -> None:
        """Pass (hold) or fail the chosen criterion or DoD item of the story on the stage."""
        key = None if self.view is None else self.view.story_key
        line = self._chosen()
        if self.run is None or key is None or line is None:
            return
        cid = line.criterion_id
        act: Act
        if cid is not None:
            act = lambda s, c: ops.mark_criterion(s, c, key, CriterionId(cid), passed)  # noqa: E731
        else:
            item = line.item
            act = lambda s, c: ops.mark_dod(s, c, key, item, passed)  # noqa: E731
        row = self.marks.currentRow()
        if self._run(act, undo=True) is not None:
            self.reload()
            self.refresh_view()
            self.choose(+1 if row == self.marks.currentRow() else 0)  # on to the next line
            # The verdict has its own line above: the message names the line just marked.
            self._say(("✓ Passed" if passed else "✗ Failed") + f": {line.name}")

    # --- what stakeholders say -------------------------------------------------------------------
    def ask_note(self, kind: NoteKind) -> None:
        """Q / K: ask on the stage what the stakeholder asked or said, then who said it (one
        of the team, a stakeholder, or a name typed)."""
        if self.run is None or self.view is None:
            return
        key, members = self.view.story_key, self.view.members

        def finish(answers: Sequence[Answer], errors: ShowsError) -> bool:
            return self._capture(kind, str(answers[0]), said_by(members, answers), key, errors)

        self._say("")
        self.questions.ask(note_asks(kind, members), finish)

    def _questions_changed(self) -> None:
        self._sync()
        if not self.questions.asking:
            self.setFocus()  # off the hidden prompt field, so the arrows reach the walk keys

    def capture_typed(self) -> None:
        """Capture the question or feedback typed in the form (about the story on the stage)."""
        kind = NoteKind(str(self.note_kind.currentData()))
        key = None if self.view is None else self.view.story_key
        typed = (self.note_text.text(), self.note_by.text())
        if self._capture(kind, *typed, key, refusals(self._say)):
            self.note_text.clear()
            self.note_by.clear()

    def _capture(
        self, kind: NoteKind, text: str, by: str, key: str | None, errors: ShowsError
    ) -> bool:
        act: Act = lambda s, c: ops.capture_note(s, c, kind, text, by, key)  # noqa: E731
        if self._run(act, f"{kind.value.capitalize()} captured", errors) is None:
            return False
        self.reload()
        self.refresh_view()
        return True

    def make_story_of_latest(self) -> None:
        """M: make a backlog story of the latest feedback not yet made one."""
        notes = () if self.view is None else self.view.notes
        latest = next(
            (n for n in reversed(notes) if n.note.kind is NoteKind.FEEDBACK and not n.story_key),
            None,
        )
        if latest is None:
            self._say("✗ No feedback to make a story of: capture one first (K)")
            return
        self._make_story(latest.note_id)

    def make_story_of_selected(self) -> None:
        """Make a backlog story of the feedback selected in the list."""
        if self.notes.currentRow() < 0:
            self._say("✗ Select the feedback in the list first")
            return
        self._make_story(int(self.notes.currentItem().data(Qt.ItemDataRole.UserRole)))

    def _make_story(self, note_id: int) -> None:
        changes = self._run(lambda s, c: ops.feedback_to_story(s, c, note_id))
        if changes is None:
            return
        self.reload()
        self.refresh_view()
        notes = () if self.view is None else self.view.notes
        made = next((n.story_key for n in notes if n.note_id == note_id), None)
        if made:
            self._say(f"✓ {made} added to the backlog")

    # --- deployments, defects, closing -----------------------------------------------------------
    def record_deployment(self) -> None:
        """Record the deployment typed in the form (its time in the clock's time zone)."""
        typed, what = self.deployed_at.text(), self.deployed_what.text()
        act: Act = lambda s, c: ops.record_deployment(  # noqa: E731
            s, c, ops.deployment_time(typed, c.now), what
        )
        if self._run(act, "Deployment recorded"):
            self.deployed_what.clear()
            self.reload()
            self.refresh_view()

    def record_defect(self) -> None:
        """Record the defect typed in the form."""
        kind = DefectKind(str(self.defect_kind.currentData()))
        text = self.defect_text.text()
        story = str(self.defect_story.currentData() or "") or None
        act: Act = lambda s, c: ops.record_defect(s, c, kind, text, story)  # noqa: E731
        if self._run(act, "Defect recorded"):
            self.defect_text.clear()
            self.reload()
            self.refresh_view()

    def close_review(self) -> None:
        """Close the review (C): refused, with what is missing, while a story is not walked."""
        if self.run is None:
            return
        by = MemberId(int(self.closer.currentData() or 0))
        if self._run(lambda s, c: ops.close_review(s, c, by)) is not None:
            self.reload()
            self.refresh_view()
            self._say(f"✓ Review closed · {self.stage_now.verdict}")
            self.ceremony_finished.emit()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        """Offer the clock's now as the deployment time each time the screen shows."""
        self.deployed_at.setText(self.ctx.now().strftime(ops.DEPLOYED_AT_FORMAT))
        super().showEvent(event)
