"""Refinement's questions on the stage: E and T type a new acceptance criterion or technical
assumption, R asks which delivery engineer reviewed the story's open assumptions.

Each answer is one action (the same ops as the story editor's); a refusal shows in the prompt,
which stays open. :class:`~facilitator.ui.screens.refinement.RefinementScreen` adds the walk.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from facilitator.domain.ids import MemberId, TeamId
from facilitator.domain.model import Member
from facilitator.ops import story_editing
from facilitator.ops.changes import ActionContext, Changes
from facilitator.ops.refinement import review_open_assumptions
from facilitator.ops.story_reading import StoryDetail
from facilitator.ui.context import UiContext
from facilitator.ui.screens.refinement_layout import RefinementLayout

if TYPE_CHECKING:
    from facilitator.store.db import Store


class RefinementAsks(RefinementLayout):
    """The refinement screen's stage questions, over the story it is on."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        """The layout, with no team, members or story yet."""
        super().__init__(ctx, parent)
        self.team_id: TeamId | None = None
        self.members: list[Member] = []
        self.story: StoryDetail | None = None

    def _changed(self, story_id: int) -> None:
        """A story changed by one of the screen's actions (the screen shows it again)."""
        raise NotImplementedError

    def _ctx(self) -> ActionContext:
        return self.ctx.action(self.team_id, None if self.run is None else self.run.run_id)

    def _refuse_in_prompt(self, message: str) -> None:
        if message:
            self.prompt.refuse(message)

    # --- E / T: a new acceptance criterion or technical assumption, typed on the stage -------
    def edit_current(self) -> None:
        """E: an empty field for a new acceptance criterion on the stage, with the cursor in it."""
        story = self.story
        if story is None or self.run is None:
            return
        author = self.editor.criterion_author.currentText() or "nobody (add the PO on Team)"
        number = len(story.criteria) + 1
        self._ask(
            "criterion",
            f"New acceptance criterion {number} for {story.key}, written by {author}:",
            f"New acceptance criterion for {story.key}",
            "Given … when … then …",
        )

    def ask_assumption(self) -> None:
        """T: an empty field for a new technical assumption (R then marks it reviewed)."""
        story = self.story
        if story is None or self.run is None:
            return
        number = len(story.assumptions) + 1
        self._ask(
            "assumption",
            f"New technical assumption {number} for {story.key}:",
            f"New technical assumption for {story.key}",
            "We assume …",
        )

    def _ask(self, asking: str, question: str, name: str, placeholder: str) -> None:
        self._asking = asking
        self.prompt.ask_text(question, name, placeholder)
        self._sync()

    def _answered(self, text: str) -> None:
        story, asking = self.story, self._asking
        if story is None or asking not in ("criterion", "assumption"):
            return
        author = MemberId(int(self.editor.criterion_author.currentData() or 0))

        def add(store: Store, ctx: ActionContext) -> Changes:
            if asking == "criterion":
                return story_editing.add_criterion(store, ctx, story.id, text, author)
            return story_editing.add_assumption(store, ctx, story.id, text)

        if asking == "criterion":
            said = f"✓ Criterion {len(story.criteria) + 1} added to {story.key} (E adds another)"
        else:
            number = len(story.assumptions) + 1
            said = f"✓ Assumption {number} added to {story.key} (R: who reviewed it)"
        done = self.ctx.actions.run(add, self._ctx(), errors=self.prompt.refuse, parent=self)
        if done is None:
            return
        self.prompt.close_prompt()
        self._prompt_closed()
        self._changed(int(story.id))
        self._say(said)

    # --- R: who reviewed the assumptions ---------------------------------------------------------
    def mark_reviewed(self) -> None:
        """R: ask which delivery engineer reviewed the story's open assumptions."""
        story = self.story
        if story is None or self.run is None:
            return
        pending = [a for a in story.assumptions if not a.reviewed_by]
        if not story.assumptions:
            self._say(f"{story.key} has no technical assumptions to review (T adds one)")
            return
        if not pending:
            self._say(f"✓ Every assumption of {story.key} is already reviewed")
            return
        reviewers = [m for m in self.members if m.role.delivers]
        if not reviewers:
            self._say(
                "✗ Nobody can review: assumptions are reviewed by an engineer of the delivery "
                "team (tech lead, engineer, QA or DevOps); add one on the Team screen"
            )
            return
        what = f"“{pending[0].text}”" if len(pending) == 1 else f"{len(pending)} assumptions"
        self._asking = "reviewer"
        self.prompt.ask_choice(
            f"Who reviewed {what} of {story.key}? (↑ ↓ choose, Return confirm)",
            "Reviewed by (an engineer of the delivery team)",
            [(f"{m.name} ({m.role.label})", int(m.id)) for m in reviewers],
        )
        self._sync()

    def _reviewed_by(self, member_id: int) -> None:
        story = self.story
        if story is None or self._asking != "reviewer":
            return
        count = sum(1 for a in story.assumptions if not a.reviewed_by)
        done = self.ctx.actions.run(
            lambda store, ctx: review_open_assumptions(store, ctx, story.id, MemberId(member_id)),
            self._ctx(),
            errors=self._refuse_in_prompt,
            parent=self,
        )
        if done is None:
            return
        name = next((m.name for m in self.members if int(m.id) == member_id), "")
        self.prompt.close_prompt()
        self._prompt_closed()
        self._changed(int(story.id))
        plural = "assumption" if count == 1 else "assumptions"
        self._say(f"✓ {count} {plural} of {story.key} reviewed by {name}")
