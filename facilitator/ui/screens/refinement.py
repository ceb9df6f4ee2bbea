"""Refinement ceremony: walk the top stories one at a time, refine them, then list what changed.

In presenter mode the whole ceremony runs by keyboard: S starts, ← → walk, E types a new
acceptance criterion on the stage, R asks who reviewed the assumptions, P opens the poker votes,
F finishes and shows the summary. Esc closes a prompt or the poker, else leaves presenter mode.
"""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QWidget

from facilitator.domain.ceremony_run import RunState
from facilitator.domain.ids import TeamId
from facilitator.domain.overlap import plural
from facilitator.domain.timebox import Ceremony
from facilitator.ops import ceremony
from facilitator.ops.ceremony import run_of
from facilitator.ops.changes import Changes, Kind
from facilitator.ops.refinement import resume_refinement, start_refinement
from facilitator.ops.story_reading import load_story, team_members
from facilitator.ui.context import UiContext
from facilitator.ui.screens.refinement_asks import RefinementAsks
from facilitator.ui.screens.refinement_layout import KEYS_LINE, KEYS_LINES
from facilitator.ui.screens.refinement_view import (
    IDLE_TEXT,
    criteria_text,
    readiness_lines,
    room_view_of,
    summary_text,
    summary_title,
)
from facilitator.ui.screens.timebox_screen import RoomView
from facilitator.ui.widgets.text import plain_tip

__all__ = ["KEYS_LINE", "KEYS_LINES", "RefinementScreen", "readiness_lines"]

WALK_BUTTONS = ("prev_button", "next_button", "review_button", "finish_button")


class RefinementScreen(RefinementAsks):
    """The timeboxed refinement ceremony.

    Starting refinement is one action: the run's clock and its walk start together. The screen
    renders the committed :class:`RunState` (its own actions' and, through
    :meth:`apply_changes`, every other window's); nothing is read back from its widgets.
    """

    key = "refinement"
    title = "Refinement"
    ceremony = "refinement"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        """Build the layout and wire it; :meth:`show_team` prepares the queue."""
        super().__init__(ctx, parent)
        self.start_button.clicked.connect(self.start)
        self.prev_button.clicked.connect(lambda: self.go(-1))
        self.next_button.clicked.connect(lambda: self.go(1))
        self.review_button.clicked.connect(self.mark_reviewed)
        self.finish_button.clicked.connect(self.finish)
        self.editor.changed.connect(self._changed)
        self.poker.committed.connect(self._poker_committed)
        self.poker.revealed.connect(self._poker_revealed)
        self.prompt.answered.connect(self._answered)
        self.prompt.picked.connect(self._reviewed_by)
        self.prompt.cancelled.connect(self._prompt_closed)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._keep_focus_in_view)
        self._add_keys(
            {
                "S": self.start,
                "Right": lambda: self.go(1),
                "Left": lambda: self.go(-1),
                "Up": lambda: self._scroll(-1),
                "Down": lambda: self._scroll(1),
                "E": self.edit_current,
                "T": self.ask_assumption,
                "R": self.mark_reviewed,
                "P": self.open_poker,
                "F": self.finish,
            }
        )
        self._show_idle()

    # --- screen contract -----------------------------------------------------------------------
    def show_team(self, team_id: TeamId) -> None:
        """Prepare to refine ``team_id``'s backlog (keeps a running session of the same team)."""
        if team_id != self.team_id:
            self.team_id = team_id
            self.run = None
            self.members = team_members(self.ctx.store, team_id)
            self._show_idle()
            # A run left open by a quit or crash carries on where the room left it.
            left_open = resume_refinement(self.ctx.store, team_id)
            if left_open is not None:
                self._enter(left_open)
                started = left_open.started_at
                at = f" at {started.astimezone():%H:%M}" if started is not None else ""
                changes = plural(len(left_open.changes), "change")
                self._say(f"Resumed the refinement started{at}; {changes} so far")

    def apply_changes(self, changes: Changes) -> None:
        """Follow the team's refinement run as another window or the timer committed it."""
        run = run_of(changes)
        if run is None or run.team_id != self.team_id or run.ceremony != self.ceremony:
            if self.run is not None and int(self.run.run_id) in changes.ids_of(Kind.RUN):
                self._follow(ceremony.load_run(self.ctx.store, self.run.run_id))
            return
        self._follow(run)

    def _follow(self, run: RunState) -> None:
        if self.run is not None and run.run_id == self.run.run_id:
            if not run.is_open:
                self._finished(run)
            elif run.version != self.run.version:
                moved = run.position != self.run.position
                self.run = run
                self._show_current(new_round=moved)
        elif self.run is None and run.walking:
            self._enter(run)

    def room_view(self) -> RoomView:
        """The stage for the room window, from the run and the story it is on (never from the
        labels); poker votes appear only once revealed (the spread)."""
        spread = self.poker.spread_line() if self.run is not None else ""
        return room_view_of(self.run, self.story, self.finished, spread, self.presenter)

    # --- walking the stories -------------------------------------------------------------------
    def _walking(self, on: bool) -> None:
        for name in WALK_BUTTONS:
            getattr(self, name).setEnabled(on)
        self.editor.setEnabled(on)
        self.poker.setEnabled(on)
        self.start_button.setEnabled(not on and self.team_id is not None)

    def _show_idle(self) -> None:
        self.progress.setText("REFINEMENT")
        self.story_title.setText(IDLE_TEXT.format(key="S" if self.presenter else "Start"))
        for label in (self.criteria, self.readiness, self.summary_label, self.poker_line):
            label.setText("")
        self.finished = None
        self.story = None
        self.poker.spread.setText("")
        self.poker_open = False
        self.prompt.close_prompt()
        self._set_headings(False)
        self._walking(False)
        self._sync()
        self.room_changed.emit()

    def start(self) -> None:
        """Start the run, its clock and its walk in one action; show the top story (S)."""
        if self.team_id is None or self.run is not None:
            return
        plan = self.timer_plan(self.team_id, Ceremony.REFINEMENT)
        done = self.ctx.actions.run(
            lambda store, ctx: start_refinement(store, ctx, plan),
            self.ctx.action(self.team_id),
            errors=self._refuse,
            parent=self,
        )
        run = run_of(done)
        if run is None:
            self.room_changed.emit()
            return
        if self.run is None:  # the window may already have passed the run on
            self._enter(run)
        self.saved.emit()
        self.ceremony_started.emit()

    def _refuse(self, message: str) -> None:
        self._say(f"✗ {message}" if message else "")

    def _enter(self, run: RunState) -> None:
        """Walk ``run``'s queue (new, or resumed after a restart)."""
        self.run = run
        self.editor.run_id = run.run_id
        self.poker.run_id = run.run_id
        self.finished = None
        self.summary_label.setText("")
        self._walking(True)
        self._show_current(new_round=True)
        self._sync()

    def go(self, step: int) -> None:
        """Move to the previous (-1) or next (+1) story; at either end, say so."""
        if self.run is None:
            return
        done = self.ctx.actions.run(
            lambda store, ctx: ceremony.advance(store, ctx, step),
            self.ctx.action(self.team_id, self.run.run_id),
            errors=self._say,
            parent=self,
        )
        run = run_of(done)
        if run is not None:
            self.run = run
            self._show_current(new_round=True)

    def _show_current(self, new_round: bool = False) -> None:
        run = self.run
        if run is None or run.current is None:
            return
        story = load_story(self.ctx.store, run.current)
        self.story = story
        self._set_headings(True)
        self.progress.setText(f"REFINEMENT · {run.progress()}")
        self.story_title.setText(f"{story.key}  {story.title}")
        self.story_title.setToolTip(plain_tip(story.title))
        self.criteria.setText(criteria_text(story))
        self.readiness.setText("\n".join(readiness_lines(story)))
        self.editor.show_story(story.id)
        self.poker.setTitle(f"Planning poker · {story.key}")
        if new_round:
            self.poker.start(story.id, self.members)
            self.poker_line.setText("")
            self.stage_scroll.verticalScrollBar().setValue(0)
            if self.poker_open:
                self.close_poker()
        self.room_changed.emit()

    def _changed(self, _story_id: int) -> None:
        """A story changed by one of the screen's actions: show it as stored now."""
        self.saved.emit()
        self.poker_line.setText(self.poker.spread_line())
        if self.run is not None:
            self._show_current()

    # --- P: planning poker -----------------------------------------------------------------------
    def open_poker(self) -> None:
        """P: the poker votes with the cursor in the first one (hidden until revealed)."""
        if self.story is None or self.run is None:
            return
        if not self.poker.votes:
            self._say("✗ Nobody can vote: add the delivery team's members on the Team screen")
            return
        self.poker_open = self.presenter
        self._sync()
        self.poker.first_vote()

    def _poker_revealed(self, _story_id: int) -> None:
        self.poker_line.setText(self.poker.spread_line())
        self.room_changed.emit()

    def _poker_committed(self, story_id: int) -> None:
        self._changed(story_id)
        if self.poker_open:
            self.close_poker()
        self._say(f"✓ Estimate {self.poker.agreed.text().strip()} committed for {self._key()}")

    def _key(self) -> str:
        return self.story.key if self.story is not None else ""

    # --- F: finish --------------------------------------------------------------------------------
    def finish(self) -> None:
        """End the run and its clock, then list what changed in it (F in presenter mode)."""
        if self.run is None:
            return
        done = self.ctx.actions.run(
            ceremony.finish_run, self._ctx(), errors=self._refuse, parent=self
        )
        run = run_of(done)
        if run is not None and self.run is not None:
            self._finished(run)

    def _finished(self, run: RunState) -> None:
        """Show the summary of ``run``, which has ended (here, by its clock, or elsewhere)."""
        self.run = None
        self.editor.run_id = None
        self.poker.run_id = None
        self.saved.emit()
        self.ceremony_finished.emit()
        self._show_idle()
        self.finished = run
        self._say("")
        self.progress.setText("REFINEMENT · summary")
        self.story_title.setText(summary_title(run.changes))
        self.summary_label.setText(summary_text(run.changes))
        self.room_changed.emit()
