"""Ctrl+D: raise a question for the decision log from any screen, linked to the ceremony run and
the story on screen (a refinement's story, the standup blocker's story).

The window installs it with :func:`install`; the dialog is one action (one transaction) when
confirmed, refused inline with the domain's message otherwise.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QWidget

from facilitator.domain.ceremony_run import RunState
from facilitator.domain.decisions import DecisionKind
from facilitator.domain.ids import MemberId, RunId, StoryId, TeamId
from facilitator.ops import decisions as ops
from facilitator.ops.story_reading import StoryDetail
from facilitator.ui.actions import label_sink
from facilitator.ui.context import UiContext
from facilitator.ui.widgets.story_form import combo, error_label, fill_members, line
from facilitator.ui.widgets.text import plain_label

SHORTCUT = "Ctrl+D"


def link_of(screen: QWidget | None) -> tuple[RunId | None, StoryId | None]:
    """The ceremony run under way on ``screen`` and the story it shows, where there are any."""
    run = getattr(screen, "run", None)
    run_id = run.run_id if isinstance(run, RunState) and run.is_open else None
    finder = getattr(screen, "current_story", None)
    story = finder() if callable(finder) else None
    detail = getattr(screen, "story", None)
    if story is None and isinstance(detail, StoryDetail):
        story = detail.id
    return run_id, StoryId(story) if isinstance(story, int) else None


class RaiseDecisionDialog(QDialog):
    """The question, what it is about, who raises it and who decides."""

    def __init__(
        self,
        ctx: UiContext,
        team_id: TeamId,
        run_id: RunId | None,
        story_id: StoryId | None,
        parent: QWidget | None = None,
    ) -> None:
        """A dialog for ``team_id``'s log, linked to ``run_id`` and ``story_id``."""
        super().__init__(parent)
        self.ctx, self.team_id, self.run_id, self.story_id = ctx, team_id, run_id, story_id
        self.setObjectName("raise_decision_dialog")
        self.setWindowTitle("Raise a decision")
        self.log = ops.decision_log(ctx.store, team_id)
        links = []
        if run_id is not None:
            links.append("this ceremony run")
        if story_id is not None:
            links.append(f"story {self.log.story_keys.get(story_id) or story_id}")
        self.linked = plain_label(
            f"Linked to {' and '.join(links)}" if links else "Not linked to a run or story",
            name="raise_decision_links",
            wrap=True,
        )
        self.question = line("raise_decision_question", "Question", "What needs deciding?")
        self.kind = combo(
            "raise_decision_kind", "What it is about", [(k.label, k.value) for k in DecisionKind]
        )
        self.raised_by = combo("raise_decision_raised_by", "Raised by")
        self.maker = combo("raise_decision_maker", "Decision-maker")
        members = list(self.log.members)
        fill_members(self.raised_by, members)
        fill_members(self.maker, members)
        self.error = error_label("raise_decision_error")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.setObjectName("raise_decision_buttons")
        buttons.accepted.connect(self.confirm)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.linked)
        form.addRow("Question", self.question)
        form.addRow("About", self.kind)
        form.addRow("Raised by", self.raised_by)
        form.addRow("Decision-maker", self.maker)
        form.addRow(self.error)
        form.addRow(buttons)
        self.kind.currentIndexChanged.connect(self._default_maker)
        self._default_maker()
        self.question.setFocus()

    def _default_maker(self) -> None:
        who = self.log.authority.decider(DecisionKind(self.kind.currentData()))
        index = -1 if who is None else self.maker.findData(int(who))
        if index >= 0:
            self.maker.setCurrentIndex(index)

    def confirm(self) -> None:
        """Raise the question (one action); stay open with the reason when refused."""
        raised_by = MemberId(int(self.raised_by.currentData() or 0))
        maker = self.maker.currentData()
        kind = DecisionKind(self.kind.currentData())
        done = self.ctx.actions.run(
            lambda store, ctx: ops.raise_decision(
                store,
                ctx,
                self.question.text(),
                raised_by,
                None if maker is None else MemberId(int(maker)),
                kind,
                self.story_id,
            ),
            self.ctx.action(self.team_id, self.run_id),
            errors=label_sink(self.error),
            parent=self,
        )
        if done is not None:
            self.accept()


def install(
    window: QWidget,
    ctx: UiContext,
    team: Callable[[], TeamId | None],
    screen: Callable[[], QWidget | None],
) -> QShortcut:
    """Ctrl+D on ``window`` opens the dialog for the current team, linked to the screen's run."""

    def open_dialog() -> None:
        team_id = team()
        if team_id is None:
            return
        run_id, story_id = link_of(screen())
        dialog = RaiseDecisionDialog(ctx, team_id, run_id, story_id, window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    shortcut = QShortcut(QKeySequence(SHORTCUT), window)
    shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
    shortcut.activated.connect(open_dialog)
    return shortcut
