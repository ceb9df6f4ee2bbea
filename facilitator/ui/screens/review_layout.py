"""The review screen's widgets: the stage (one story, its criteria and Definition of Done, the
verdict), the prompt for what stakeholders say, and the editing controls.

In presenter mode only the stage shows, in large type; the window's hint line lists exactly the
keys that work (:meth:`ReviewLayout.presenter_keys`).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QShortcut
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain.ceremony_run import RunState
from facilitator.ui.context import UiContext
from facilitator.ui.keys_line import CONFIRM_KEYS, keys_line
from facilitator.ui.screens.standup_layout import space_clicks
from facilitator.ui.screens.timebox_screen import CeremonyScreen, stage_keys, stage_type
from facilitator.ui.undo import UndoBar, UndoStack
from facilitator.ui.widgets.fitted_list import FittedList
from facilitator.ui.widgets.stage_prompt import StagePrompt
from facilitator.ui.widgets.story_form import button, combo, error_label, line, row
from facilitator.ui.widgets.text import plain_label

IDLE_TEXT = "Press {key} to open the review of the sprint"
KEYS_IDLE = keys_line(("O", "open the review"))
KEYS_WALK = keys_line(
    ("←", "previous"),
    ("→", "next"),
    ("↑ ↓", "choose"),
    ("P", "pass"),
    ("F", "fail"),
    ("Q", "question"),
    ("K", "feedback"),
    ("M", "make a story of the feedback"),
    ("C", "close"),
)
KEYS_CLOSED = "The review is closed"
KEYS_PROMPT = CONFIRM_KEYS
WALK_KEYS = ("Left", "Right", "Up", "Down", "P", "F", "Q", "K", "M", "C")


def _list(name: str, accessible: str) -> QListWidget:
    widget = QListWidget()
    widget.setObjectName(name)
    widget.setAccessibleName(accessible)
    widget.setTabKeyNavigation(False)  # Tab leaves the list: no focus trap
    widget.setWordWrap(True)
    return widget


class ReviewLayout(CeremonyScreen):
    """The review screen's widgets, named and laid out; ``ReviewScreen`` adds behaviour."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        """Build every part of the screen."""
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("review_screen")
        self.setAccessibleName("Review")
        self.run: RunState | None = None
        self.presenter = False
        self.closed = False

        self.open_button = button("review_open", "Open review")
        self.prev_button = button("review_prev", "← Previous")
        self.next_button = button("review_next", "Next →")
        self.pass_button = button("review_pass", "&Pass")
        self.fail_button = button("review_fail", "F&ail")
        self.close_button = button("review_close", "&Close review")
        self.closer = combo("review_by", "Review closed by")
        self.bar = row(
            self.open_button,
            self.prev_button,
            self.next_button,
            self.pass_button,
            self.fail_button,
            self.closer,
            self.close_button,
            stretch_first=False,
        )
        self.bar.setObjectName("review_bar")

        self.progress = plain_label("REVIEW", name="review_progress", bold=True)
        self.title_label = plain_label(
            IDLE_TEXT.format(key="Open"), name="review_title", point_scale=1.6, wrap=True
        )
        self.title_label.setProperty("role", "heading")
        self.marks = FittedList("review_marks", "Acceptance criteria and Definition of Done")
        self.verdict = plain_label(name="review_verdict", wrap=True, bold=True)
        self.notes_line = plain_label(name="review_notes_line", wrap=True)
        self.error = error_label("review_error")
        self.prompt = StagePrompt("review_prompt")
        self.prompt.asked.connect(self._sync)  # each question names its own keys
        self.keys = plain_label(KEYS_IDLE, name="review_keys", wrap=True)
        self.keys.setProperty("role", "keys")
        self.stage = QWidget()
        self.stage.setObjectName("review_stage")
        stage = QVBoxLayout(self.stage)
        stage.setContentsMargins(0, 0, 0, 0)
        stage.addWidget(self.progress)
        stage.addWidget(self.title_label)
        stage.addWidget(self.marks)
        stage.addWidget(self.verdict)
        stage.addWidget(self.notes_line)
        stage.addStretch(1)  # the spare room is below the story, so the lines never move

        self.note_kind = combo("review_note_kind", "Question or feedback")
        self.note_kind.addItem("Question", "question")
        self.note_kind.addItem("Feedback", "feedback")
        self.note_text = line("review_note_text", "What was said", "What the stakeholder said")
        self.note_by = line("review_note_by", "Said by", "Who said it (optional)")
        self.capture_button = button("review_capture", "Capture")
        self.notes = _list("review_notes", "Questions and feedback")
        self.story_button = button("review_make_story", "Make a backlog story of the feedback")
        notes_box = QGroupBox("Questions and feedback")
        notes_form = QFormLayout(notes_box)
        notes_form.addRow("Kind", self.note_kind)
        notes_form.addRow("What was said", self.note_text)
        notes_form.addRow("Said by", self.note_by)
        notes_form.addRow(self.capture_button)
        notes_form.addRow(self.notes)
        notes_form.addRow(self.story_button)

        self.deployed_at = line("review_deployed_at", "Deployed at", "e.g. 2026-11-26 16:30")
        self.deployed_what = line("review_deployed_what", "What was deployed", "e.g. Payments 2.4")
        self.deploy_button = button("review_record_deployment", "Record deployment")
        self.defect_kind = combo("review_defect_kind", "Where the defect was caught")
        self.defect_kind.addItem("Found in the sprint", "found_in_sprint")
        self.defect_kind.addItem("Escaped to production", "escaped")
        self.defect_text = line("review_defect_text", "Defect", "What went wrong")
        self.defect_story = combo("review_defect_story", "Story of the defect")
        self.defect_button = button("review_record_defect", "Record defect")
        self.delivery_line = plain_label(name="review_delivery", wrap=True)
        facts_box = QGroupBox("Deployments and defects")
        facts_form = QFormLayout(facts_box)
        facts_form.addRow("Deployed at", self.deployed_at)
        facts_form.addRow("What", self.deployed_what)
        facts_form.addRow(self.deploy_button)
        facts_form.addRow("Defect", self.defect_kind)
        facts_form.addRow("Description", self.defect_text)
        facts_form.addRow("Story", self.defect_story)
        facts_form.addRow(self.defect_button)
        facts_form.addRow(self.delivery_line)

        self.controls = QWidget()
        self.controls.setObjectName("review_controls")
        controls = QHBoxLayout(self.controls)
        controls.setContentsMargins(0, 0, 0, 0)
        controls.addWidget(notes_box, 1)
        controls.addWidget(facts_box, 1)

        self.undo_stack = UndoStack(self)
        self.undo_bar = UndoBar(self.undo_stack, "review", self)
        self.main_layout = layout = QVBoxLayout(self)
        layout.addWidget(self.bar)
        layout.addWidget(self.undo_bar)
        layout.addWidget(self.stage, 1)
        layout.addWidget(self.prompt)
        layout.addWidget(self.error)
        layout.addWidget(self.controls)
        layout.addWidget(self.keys)  # hidden: its text is presenter_keys(), on the hint line
        space_clicks(self, self.findChildren(QPushButton))
        self.shortcuts: dict[str, QShortcut] = {}
        self._fonts = {
            label: QFont(label.font())
            for label in (
                self.progress,
                self.title_label,
                self.marks,
                self.verdict,
                self.notes_line,
            )
        }

    def _add_keys(self, keys: dict[str, Callable[[], None]]) -> None:
        """Presenter mode's single keys, window-wide, off until presenter mode enables them."""
        stage_keys(self.stage, keys, self.shortcuts)

    def set_presenter(self, on: bool) -> None:
        """Large type, the story on the stage only, no editing chrome."""
        self.presenter = on
        stage_type(self._fonts, self.title_label, on)
        if self.run is None and not self.closed:
            self.title_label.setText(IDLE_TEXT.format(key="O" if on else "Open"))
        self._sync()

    def presenter_escape(self) -> bool:
        """Esc closes the prompt first, else presenter mode ends."""
        if self.prompt.isVisibleTo(self):
            self.prompt.close_prompt()
            self.prompt.cancelled.emit()  # a chain of questions is dropped, not left half-open
            self._sync()
            self.setFocus()
            return True
        return False

    def presenter_keys(self) -> str:
        """The keys that work now in presenter mode."""
        return self.keys.text()

    def window_keys_work(self) -> bool:
        """The timer's keys type into the prompt while it is open."""
        return not self.prompt.isVisibleTo(self)

    def _sync(self) -> None:
        """Show the chrome and enable the keys that fit the state."""
        on, prompting = self.presenter, self.prompt.isVisibleTo(self)
        walking = self.run is not None and self.run.walking
        self.bar.setVisible(not on)
        self.undo_bar.setVisible(not on)
        self.controls.setVisible(not on)
        self.keys.setVisible(False)
        # In presenter mode the arrows choose the line; the list takes no focus of its own.
        self.marks.setFocusPolicy(Qt.FocusPolicy.NoFocus if on else Qt.FocusPolicy.StrongFocus)
        if prompting:
            self.keys.setText(self.prompt.keys())
        elif walking:
            self.keys.setText(KEYS_WALK)
        else:
            self.keys.setText(KEYS_CLOSED if self.closed else KEYS_IDLE)
        enabled: tuple[str, ...] = ()
        if on and not prompting:
            enabled = WALK_KEYS if walking else (() if self.closed else ("O",))
        for sequence, shortcut in self.shortcuts.items():
            shortcut.setEnabled(sequence in enabled)
        self.open_button.setEnabled(self.run is None)
        for widget in (
            self.prev_button,
            self.next_button,
            self.pass_button,
            self.fail_button,
            self.close_button,
            self.capture_button,
            self.story_button,
            self.deploy_button,
            self.defect_button,
        ):
            widget.setEnabled(walking)
        self.keys_changed.emit()

    def _say(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))
