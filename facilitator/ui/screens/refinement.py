"""Refinement ceremony: walk the top stories one at a time, refine them, then list what changed.

In presenter mode the whole ceremony runs by keyboard: S starts, ← → walk, E types a new
acceptance criterion on the stage, R asks who reviewed the assumptions, P opens the poker votes,
F finishes and shows the summary. Esc closes a prompt or the poker, else leaves presenter mode.
"""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QWidget

from facilitator.domain.ids import MemberId, StoryId, TeamId
from facilitator.domain.model import Member
from facilitator.errors import FacilitatorError
from facilitator.ops import story_editing
from facilitator.ops.refinement import (
    end_session,
    open_session,
    refinement_queue,
    review_open_assumptions,
    session_changes,
    start_session,
)
from facilitator.ops.story_reading import StoryDetail, load_story, team_members
from facilitator.ui.context import UiContext
from facilitator.ui.screens.refinement_layout import (
    KEYS_LINE,
    KEYS_LINES,
    MODE_KEYS,
    Mode,
    RefinementLayout,
    readiness_lines,
)
from facilitator.ui.screens.timebox_screen import RoomView
from facilitator.ui.theme import PRESENTER_BODY_PX, PRESENTER_HEADING_PX
from facilitator.ui.widgets.text import plain_tip

__all__ = ["KEYS_LINE", "KEYS_LINES", "RefinementScreen", "readiness_lines"]

IDLE_TEXT = "Press {key} to walk the top of the backlog, one story at a time."
WALK_BUTTONS = ("prev_button", "next_button", "review_button", "finish_button")


class RefinementScreen(RefinementLayout):
    """The timeboxed refinement ceremony.

    Starting refinement starts the shared timer and finishing it finishes the timer session
    (the main window connects :class:`CeremonyScreen`'s signals).
    """

    key = "refinement"
    title = "Refinement"
    ceremony = "refinement"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        """Build the layout and wire it; :meth:`show_team` prepares the queue."""
        super().__init__(ctx, parent)
        self.team_id: TeamId | None = None
        self.session_id: int | None = None
        self.queue: list[StoryId] = []
        self.position = 0
        self.members: list[Member] = []
        self.story: StoryDetail | None = None
        self.presenter = False
        self.poker_open = False
        self.summary: list[str] = []
        self._asking = ""  # what the open prompt asks for: "criterion" or "reviewer"

        self.start_button.clicked.connect(self.start)
        self.prev_button.clicked.connect(lambda: self.go(-1))
        self.next_button.clicked.connect(lambda: self.go(1))
        self.review_button.clicked.connect(self.mark_reviewed)
        self.finish_button.clicked.connect(self.finish)
        self.editor.changed.connect(self._changed)
        self.poker.committed.connect(self._poker_committed)
        self.poker.revealed.connect(self._poker_revealed)
        self.prompt.answered.connect(self._add_criterion)
        self.prompt.picked.connect(self._reviewed_by)
        self.prompt.cancelled.connect(self._prompt_closed)
        self._fonts = {label: QFont(label.font()) for label in self._stage_labels()}
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
            self.session_id = None
            self.members = team_members(self.ctx.store, team_id)
            self._show_idle()
            # A session left open by a quit or crash carries on where the room left it.
            left_open = open_session(self.ctx.store, team_id)
            if left_open is not None:
                self._enter(left_open[0])
                started = left_open[1].astimezone()
                self._say(
                    f"Resumed the refinement started at {started:%H:%M}; "
                    f"{len(self.summary)} change(s) so far"
                )

    def set_presenter(self, on: bool) -> None:
        """Large type, the current story only, no editing chrome (UI.md presenter sketch)."""
        self.presenter = on
        for label, font in self._fonts.items():
            big = QFont(font)
            if on:
                heading = label is self.story_title
                big.setPixelSize(PRESENTER_HEADING_PX if heading else PRESENTER_BODY_PX)
            label.setFont(big)
        if self.session_id is None and not self.summary:
            self.story_title.setText(IDLE_TEXT.format(key="S" if on else "Start"))
        self._sync()

    def presenter_escape(self) -> bool:
        """Esc in presenter mode: close the prompt or the poker first, else let the mode end."""
        if self.prompt.isVisibleTo(self):
            self.prompt.close_prompt()
            self._prompt_closed()
            return True
        if self.poker_open:
            self.close_poker()
            return True
        return False

    def mode(self) -> Mode:
        """What the screen is doing now."""
        if self.prompt.isVisibleTo(self):
            return Mode.PROMPT
        if self.poker_open:
            return Mode.POKER
        return Mode.WALK if self.session_id is not None else Mode.IDLE

    def _sync(self) -> None:
        """Show the controls, the key line and enable the keys that fit the mode."""
        mode, on = self.mode(), self.presenter
        self.bar.setVisible(not on)
        self.controls.setVisible(not on or mode is Mode.POKER)
        # Poker in presenter mode: the votes get the whole stage (their title names the story).
        self.stage_scroll.setVisible(not (on and mode is Mode.POKER))
        self.editor.setVisible(not on)
        if on:
            self.poker.fit_columns(self.width())  # two columns fit 1280 px at 100 %
        else:
            self.poker.set_columns(1)
        self.keys.setVisible(on)
        self.keys.setText(KEYS_LINES[mode])
        for sequence, shortcut in self.shortcuts.items():
            shortcut.setEnabled(on and sequence in MODE_KEYS[mode])
        self.keys_changed.emit()

    def window_keys_work(self) -> bool:
        """The timer's keys type into the criterion, reviewer and poker fields instead."""
        return self.mode() in (Mode.IDLE, Mode.WALK)

    def _keep_focus_in_view(self, _old: QWidget | None, new: QWidget | None) -> None:
        """A vote, Reveal or the agreed value got the cursor (Return moves it): scroll to it."""
        if new is not None and self.poker.isAncestorOf(new):
            self.poker_scroll.ensureWidgetVisible(new)

    def _say(self, text: str) -> None:
        """Say what the last action did or why it was refused, on the stage in both modes."""
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def _scroll(self, direction: int) -> None:
        bar = self.stage_scroll.verticalScrollBar()
        bar.setValue(bar.value() + direction * bar.pageStep() // 2)

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
        self.summary = []
        self.poker.spread.setText("")
        self.poker_open = False
        self.prompt.close_prompt()
        self._set_headings(False)
        self._walking(False)
        self._sync()
        self.room_changed.emit()

    def start(self) -> None:
        """Open a session and show the top story (S in presenter mode)."""
        if self.team_id is None or self.session_id is not None:
            return
        self.queue = refinement_queue(self.ctx.store, self.team_id)
        if not self.queue:
            self.story_title.setText("No stories in the backlog to refine — add some first.")
            self.room_changed.emit()
            return
        try:
            session_id = start_session(self.ctx.store, self.team_id, self.ctx.now())
        except FacilitatorError as err:
            self._say(f"✗ {err}")
            return
        self._say("")
        self._enter(session_id)
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
        self._walking(True)
        self._show_current(new_round=True)
        self._sync()

    def go(self, step: int) -> None:
        """Move to the previous (-1) or next (+1) story; at either end, say so."""
        if self.session_id is None or not self.queue:
            return
        target = max(0, min(len(self.queue) - 1, self.position + step))
        if target == self.position:
            where = "first" if step < 0 else "last"
            self._say(f"This is the {where} story of the {len(self.queue)} to refine")
            return
        self._say("")
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
        self.poker.setTitle(f"Planning poker · {story.key}")
        if new_round:
            self.poker.start(story.id, self.members)
            self.poker_line.setText("")
            self.stage_scroll.verticalScrollBar().setValue(0)
            if self.poker_open:
                self.close_poker()
        self.room_changed.emit()

    def _changed(self, _story_id: int) -> None:
        self.saved.emit()
        self.poker_line.setText(self.poker.spread.text() if self.poker.result else "")
        if self.session_id is not None and self.queue:
            self._show_current()

    # --- E: a new acceptance criterion, typed on the stage ---------------------------------------
    def edit_current(self) -> None:
        """E: an empty field for a new acceptance criterion on the stage, with the cursor in it."""
        story = self.story
        if story is None or self.session_id is None:
            return
        author = self.editor.criterion_author.currentText() or "nobody (add the PO on Team)"
        self._asking = "criterion"
        self.prompt.ask_text(
            f"New acceptance criterion {len(story.criteria) + 1} for {story.key}, "
            f"written by {author}:",
            f"New acceptance criterion for {story.key}",
            "Given … when … then …",
        )
        self._sync()

    def _add_criterion(self, text: str) -> None:
        story = self.story
        if story is None or self._asking != "criterion":
            return
        author = MemberId(int(self.editor.criterion_author.currentData() or 0))
        try:
            story_editing.add_criterion(
                self.ctx.store, story.id, text, author, self.ctx.now(), self.session_id
            )
        except FacilitatorError as err:
            self.prompt.refuse(str(err))
            return
        self.prompt.close_prompt()
        self._prompt_closed()
        self._changed(int(story.id))
        self._say(f"✓ Criterion {len(story.criteria) + 1} added to {story.key} (E adds another)")

    def _prompt_closed(self) -> None:
        self._asking = ""
        self._sync()
        self.setFocus()  # focus leaves the hidden field; the window's keys work again

    # --- R: who reviewed the assumptions ---------------------------------------------------------
    def mark_reviewed(self) -> None:
        """R: ask which delivery engineer reviewed the story's open assumptions."""
        story = self.story
        if story is None or self.session_id is None:
            return
        pending = [a for a in story.assumptions if not a.reviewed_by]
        if not story.assumptions:
            self._say(f"{story.key} has no technical assumptions to review")
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
        try:
            count = review_open_assumptions(
                self.ctx.store, story.id, MemberId(member_id), self.ctx.now(), self.session_id
            )
        except FacilitatorError as err:
            self.prompt.refuse(str(err))
            return
        name = next((m.name for m in self.members if int(m.id) == member_id), "")
        self.prompt.close_prompt()
        self._prompt_closed()
        self._changed(int(story.id))
        plural = "assumption" if count == 1 else "assumptions"
        self._say(f"✓ {count} {plural} of {story.key} reviewed by {name}")

    # --- P: planning poker -----------------------------------------------------------------------
    def open_poker(self) -> None:
        """P: the poker votes with the cursor in the first one (hidden until revealed)."""
        if self.story is None or self.session_id is None:
            return
        if not self.poker.votes:
            self._say("✗ Nobody can vote: add the delivery team's members on the Team screen")
            return
        self.poker_open = self.presenter
        self._sync()
        self.poker.first_vote()

    def close_poker(self) -> None:
        """Back to the story (the typed votes stay until the round is committed)."""
        self.poker_open = False
        self._sync()
        self.setFocus()

    def _poker_revealed(self, _story_id: int) -> None:
        self.poker_line.setText(self.poker.spread.text())
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
        """Close the session and list what changed in it (F in presenter mode)."""
        if self.session_id is None:
            return
        try:
            summary = end_session(self.ctx.store, self.session_id, self.ctx.now())
        except FacilitatorError as err:
            self._say(f"✗ {err}")
            return
        self.session_id = None
        self.saved.emit()
        self.ceremony_finished.emit()
        self._show_idle()
        self.summary = summary
        self._say("")
        self.progress.setText("REFINEMENT · summary")
        count = len(summary)
        self.story_title.setText(f"{count} change{'' if count == 1 else 's'} in this session")
        self.summary_label.setText(
            "\n".join(f"• {line}" for line in summary) or "Nothing changed in this session."
        )
        self.room_changed.emit()
