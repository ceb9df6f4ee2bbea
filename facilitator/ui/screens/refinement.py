"""Refinement ceremony: walk the top stories one at a time, refine them, then list what changed."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain.ids import StoryId, TeamId
from facilitator.domain.model import Member
from facilitator.domain.readiness import Criterion
from facilitator.errors import FacilitatorError
from facilitator.ops.refinement import (
    end_session,
    open_session,
    refinement_queue,
    session_changes,
    start_session,
)
from facilitator.ops.story_reading import StoryDetail, load_story, team_members
from facilitator.ui.context import UiContext
from facilitator.ui.screens.timebox_screen import CeremonyScreen, RoomView
from facilitator.ui.theme import PRESENTER_BODY_PX, PRESENTER_HEADING_PX
from facilitator.ui.widgets.story_editor import StoryEditor
from facilitator.ui.widgets.story_form import button, error_label
from facilitator.ui.widgets.story_poker import PokerPanel
from facilitator.ui.widgets.text import plain_label, plain_tip

# Esc (leave) is on the presenter controller's hint line just below, with the timer keys.
KEYS_LINE = "← previous   → next   ↑ ↓ scroll   E edit   R reviewed   P poker"


def readiness_lines(story: StoryDetail) -> list[str]:
    """One line per Definition-of-Ready criterion: ✓ and what passed, or ! and what is missing."""
    failing = {f.criterion: f.reason for f in story.readiness.failures}
    passed = {
        Criterion.ACCEPTANCE: f"{len(story.criteria)} "
        + ("criterion" if len(story.criteria) == 1 else "criteria")
        + " written",
        Criterion.ASSUMPTIONS: "assumptions reviewed",
        Criterion.ESTIMATE: f"estimate {story.estimate or 0:g} committed",
        Criterion.DEPENDENCIES: "dependencies resolved or called out",
        Criterion.TEAM_ITEMS: "team checklist done",
    }
    lines = []
    for criterion, text in passed.items():
        if criterion is Criterion.TEAM_ITEMS and not story.checks:
            continue
        lines.append(f"! {failing[criterion]}" if criterion in failing else f"✓ {text}")
    return lines


class RefinementScreen(CeremonyScreen):
    """The timeboxed refinement ceremony.

    Starting refinement starts the shared timer and finishing it finishes the timer session
    (the main window connects :class:`CeremonyScreen`'s signals). In presenter mode the keys
    ← → E R P work; Esc belongs to the presenter controller, which tells the screen.
    """

    key = "refinement"
    title = "Refinement"
    ceremony = "refinement"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        """Build the layout; :meth:`show_team` prepares the queue."""
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("refinement_screen")
        self.setAccessibleName("Refinement")
        self.team_id: TeamId | None = None
        self.session_id: int | None = None
        self.queue: list[StoryId] = []
        self.position = 0
        self.members: list[Member] = []
        self.story: StoryDetail | None = None
        self.presenter = False
        self.summary: list[str] = []

        self.progress = plain_label(name="refine_progress", bold=True)
        self.story_title = plain_label(name="refine_title", point_scale=1.6, bold=True, wrap=True)
        self.criteria_heading = plain_label(
            "Acceptance criteria", name="refine_criteria_heading", bold=True
        )
        self.criteria = plain_label(name="refine_criteria", wrap=True)
        self.readiness_heading = plain_label(
            "Readiness", name="refine_readiness_heading", bold=True
        )
        self.readiness = plain_label(name="refine_readiness", wrap=True)
        self.keys = plain_label(KEYS_LINE, name="refine_keys")
        self.poker_line = plain_label(name="refine_poker", wrap=True)
        self.summary_label = plain_label(name="refine_summary", wrap=True)
        self.error = error_label("refine_error")
        self.start_button = button("refine_start", "Start refinement")
        self.prev_button = button("refine_prev", "← Previous")
        self.next_button = button("refine_next", "Next →")
        self.review_button = button("refine_reviewed", "Mark assumptions reviewed (R)")
        self.finish_button = button("refine_finish", "Finish and show summary")
        self.start_button.clicked.connect(self.start)
        self.prev_button.clicked.connect(lambda: self.go(-1))
        self.next_button.clicked.connect(lambda: self.go(1))
        self.review_button.clicked.connect(self.mark_reviewed)
        self.finish_button.clicked.connect(self.finish)

        columns = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(self.criteria_heading)
        left.addWidget(self.criteria)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.readiness_heading)
        right.addWidget(self.readiness)
        right.addStretch(1)
        columns.addLayout(left, 3)
        columns.addLayout(right, 2)
        self.stage = QWidget()
        self.stage.setObjectName("refine_stage")
        stage_layout = QVBoxLayout(self.stage)
        stage_layout.addWidget(self.progress)
        stage_layout.addWidget(self.story_title)
        stage_layout.addWidget(self.summary_label)
        stage_layout.addLayout(columns, 1)
        stage_layout.addWidget(self.poker_line)
        # The story scrolls inside its own area, so large presenter type never pushes the
        # window past the screen (1280×720 at 200 %); the keys stay in view below it.
        self.stage_scroll = QScrollArea()
        self.stage_scroll.setObjectName("refine_stage_scroll")
        self.stage_scroll.setAccessibleName("Current story")
        self.stage_scroll.setWidgetResizable(True)
        self.stage_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.stage_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.stage_scroll.setWidget(self.stage)
        self.story_title.setProperty("role", "heading")
        self.keys.setProperty("role", "keys")
        self.keys.setWordWrap(True)

        self.editor = StoryEditor(ctx)
        self.editor.changed.connect(self._changed)
        self.poker = PokerPanel(ctx)
        self.poker.committed.connect(self._changed)
        self.poker.revealed.connect(lambda _id: self._set_poker_line(self.poker.spread.text()))
        self.controls = QWidget()
        self.controls.setObjectName("refine_controls")
        bar = QHBoxLayout()
        for widget in (
            self.start_button,
            self.prev_button,
            self.next_button,
            self.review_button,
            self.finish_button,
        ):
            bar.addWidget(widget)
        tools = QSplitter(Qt.Orientation.Horizontal)
        tools.addWidget(self.editor)
        tools.addWidget(self.poker)
        tools.setSizes([640, 420])
        controls_layout = QVBoxLayout(self.controls)
        controls_layout.setContentsMargins(0, 0, 0, 0)
        controls_layout.addLayout(bar)
        controls_layout.addWidget(self.error)
        controls_layout.addWidget(tools, 1)

        self.main_layout = layout = QVBoxLayout(self)
        layout.addWidget(self.stage_scroll, 1)
        layout.addWidget(self.keys)
        layout.addWidget(self.controls, 2)
        self._fonts = {label: QFont(label.font()) for label in self._stage_labels()}
        self.shortcuts: list[QShortcut] = []

        for keys, slot in (
            ("Right", lambda: self.go(1)),
            ("Left", lambda: self.go(-1)),
            ("R", self.mark_reviewed),
            ("P", self.open_poker),
            ("E", self.edit_current),
            ("Down", lambda: self._scroll(1)),
            ("Up", lambda: self._scroll(-1)),
        ):
            shortcut = QShortcut(QKeySequence(keys), self.stage)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)
            # Single keys only in presenter mode: while editing they must reach the text fields.
            shortcut.setEnabled(False)
            self.shortcuts.append(shortcut)
        self._show_idle()

    def _stage_labels(self) -> list[QLabel]:
        return [
            self.progress,
            self.story_title,
            self.criteria_heading,
            self.criteria,
            self.readiness_heading,
            self.readiness,
            self.keys,
            self.summary_label,
            self.poker_line,
        ]

    # --- screen contract -----------------------------------------------------------------------
    def show_team(self, team_id: TeamId) -> None:
        """Prepare to refine ``team_id``'s backlog (keeps a running session of the same team)."""
        if team_id != self.team_id:
            self.team_id = team_id
            self.session_id = None
            self.members = team_members(self.ctx.store, team_id)
            self._show_idle()
            # A session left open by a quit or crash carries on where the room left it.
            left_open = open_session(self.ctx.store, team_id)
            if left_open is not None:
                self._enter(left_open[0])
                started = left_open[1].replace(tzinfo=dt.UTC).astimezone()
                self.error.setText(
                    f"Resumed the refinement started at {started:%H:%M}; "
                    f"{len(self.summary)} change(s) so far"
                )
                self.error.setVisible(True)

    def set_presenter(self, on: bool) -> None:
        """Large type, the current story only, no editing chrome (UI.md presenter sketch)."""
        self.presenter = on
        self.controls.setVisible(not on)
        self.keys.setVisible(on)
        for shortcut in self.shortcuts:
            shortcut.setEnabled(on)
        for label, font in self._fonts.items():
            big = QFont(font)
            if on:
                heading = label is self.story_title
                big.setPixelSize(PRESENTER_HEADING_PX if heading else PRESENTER_BODY_PX)
            label.setFont(big)

    def _scroll(self, direction: int) -> None:
        bar = self.stage_scroll.verticalScrollBar()
        bar.setValue(bar.value() + direction * bar.pageStep() // 2)

    def edit_current(self) -> None:
        """E: back to the editing controls with the cursor in the new-criterion field."""
        if self.presenter:
            self.leave_presenter.emit()
        self.editor.criterion_text.setFocus()

    def open_poker(self) -> None:
        """P: back to the editing controls with the cursor in the first poker vote."""
        if self.presenter:
            self.leave_presenter.emit()
        if self.poker.votes:
            next(iter(self.poker.votes.values())).setFocus()

    def _set_poker_line(self, text: str) -> None:
        self.poker_line.setText(text)
        self.room_changed.emit()

    def room_view(self) -> RoomView:
        """The stage for the room window; poker votes appear only once revealed (the spread)."""
        pairs = (
            (self.criteria_heading.text(), self.criteria),
            (self.readiness_heading.text(), self.readiness),
            ("", self.summary_label),
        )
        sections = tuple((h, tuple(b.text().splitlines())) for h, b in pairs if b.text())
        title = self.story_title.text()
        return RoomView(self.progress.text(), title, sections, self.poker_line.text())

    def _set_headings(self, on: bool) -> None:
        self.criteria_heading.setVisible(on)
        self.readiness_heading.setVisible(on)

    # --- walking the stories -------------------------------------------------------------------
    def _show_idle(self) -> None:
        self.progress.setText("REFINEMENT")
        self.story_title.setText("Press Start to walk the top of the backlog, one story at a time.")
        for label in (self.criteria, self.readiness, self.summary_label, self.poker_line):
            label.setText("")
        self.poker.spread.setText("")
        self._set_headings(False)
        self.keys.setVisible(self.presenter)
        for widget in (
            self.prev_button,
            self.next_button,
            self.review_button,
            self.finish_button,
            self.editor,
            self.poker,
        ):
            widget.setEnabled(False)
        self.start_button.setEnabled(self.team_id is not None)
        self.room_changed.emit()

    def start(self) -> None:
        """Open a session and show the top story."""
        if self.team_id is None:
            return
        self.queue = refinement_queue(self.ctx.store, self.team_id)
        if not self.queue:
            self.story_title.setText("No stories in the backlog to refine — add some first.")
            self.room_changed.emit()
            return
        self._enter(start_session(self.ctx.store, self.team_id, self.ctx.now()))
        self.saved.emit()
        self.ceremony_started.emit()

    def _enter(self, session_id: int) -> None:
        """Walk the queue inside ``session_id`` (new, or resumed after a restart)."""
        assert self.team_id is not None
        self.queue = refinement_queue(self.ctx.store, self.team_id)
        if not self.queue:
            return
        self.session_id = session_id
        self.editor.log = self.session_id
        self.poker.log = self.session_id
        self.summary = session_changes(self.ctx.store, session_id)
        self.summary_label.setText("")
        self.position = 0
        for widget in (
            self.prev_button,
            self.next_button,
            self.review_button,
            self.finish_button,
            self.editor,
            self.poker,
        ):
            widget.setEnabled(True)
        self.start_button.setEnabled(False)
        self._show_current(new_round=True)

    def go(self, step: int) -> None:
        """Move to the previous (-1) or next (+1) story."""
        if self.session_id is None or not self.queue:
            return
        target = max(0, min(len(self.queue) - 1, self.position + step))
        if target != self.position:
            self.position = target
            self._show_current(new_round=True)

    def _show_current(self, new_round: bool = False) -> None:
        story = load_story(self.ctx.store, self.queue[self.position])
        self.story = story
        self._set_headings(True)
        self.progress.setText(f"REFINEMENT · story {self.position + 1} of {len(self.queue)}")
        self.story_title.setText(f"{story.key}  {story.title}")
        self.story_title.setToolTip(plain_tip(story.title))
        self.criteria.setText(
            "\n".join(f"{n}. {c.text}" for n, c in enumerate(story.criteria, 1))
            or "No acceptance criteria yet."
        )
        self.readiness.setText("\n".join(readiness_lines(story)))
        self.editor.show_story(story.id)
        if new_round:
            self.poker.start(story.id, self.members)
            self.poker_line.setText("")
            self.stage_scroll.verticalScrollBar().setValue(0)
        self.room_changed.emit()

    def _changed(self, _story_id: int) -> None:
        self.saved.emit()
        self.poker_line.setText(self.poker.spread.text() if self.poker.result else "")
        if self.session_id is not None and self.queue:
            self._show_current()

    def mark_reviewed(self) -> None:
        """Mark every unreviewed assumption of the current story reviewed by the picked engineer."""
        story = self.story
        if story is None or self.session_id is None:
            return
        pending = [a for a in story.assumptions if not a.reviewed_by]
        if not pending:
            self.error.setText("✓ Every assumption of this story is already reviewed")
            self.error.setVisible(True)
            return
        for assumption in pending:
            self.editor.assumptions_list.setCurrentRow(story.assumptions.index(assumption))
            self.editor.review_assumption()
        if self.editor.assumption_error.isVisible():
            self.error.setText(self.editor.assumption_error.text())
            self.error.setVisible(True)

    def finish(self) -> None:
        """Close the session and list what changed in it."""
        if self.session_id is None:
            return
        try:
            self.summary = end_session(self.ctx.store, self.session_id, self.ctx.now())
        except FacilitatorError as err:
            self.error.setText(f"✗ {err}")
            self.error.setVisible(True)
            return
        self.session_id = None
        self.saved.emit()
        self.ceremony_finished.emit()
        self._show_idle()
        self.progress.setText("REFINEMENT · summary")
        count = len(self.summary)
        self.story_title.setText(f"{count} change{'' if count == 1 else 's'} in this session")
        self.summary_label.setText(
            "\n".join(f"• {line}" for line in self.summary) or "Nothing changed in this session."
        )
        self.room_changed.emit()
