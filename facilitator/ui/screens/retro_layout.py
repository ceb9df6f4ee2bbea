"""The retro screen's widgets: the phase stepper, the stage, and each phase's editing form.

In presenter mode only the stepper, the stage and the inline prompt show (large type, one phase
at a time); the window's hint line lists exactly the keys that work in the phase.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain.experiment import Outcome
from facilitator.domain.retro_notes import Column, Friction
from facilitator.domain.retro_phases import PHASES, RetroPhase
from facilitator.ops.retro_reads import RetroView
from facilitator.ui.context import UiContext
from facilitator.ui.screens.retro_view import (
    IDLE_TEXT,
    KEYS_IDLE,
    PHASE_KEYS,
    phase_keys,
    stepper,
)
from facilitator.ui.screens.standup_layout import space_clicks
from facilitator.ui.screens.timebox_screen import CeremonyScreen, stage_keys, stage_type
from facilitator.ui.undo import UndoBar, UndoStack
from facilitator.ui.widgets.stage_prompt import StagePrompt
from facilitator.ui.widgets.story_form import button, combo, error_label, fill_members, line, row
from facilitator.ui.widgets.text import plain_label

# Where a note goes: its column, and for friction its kind (named as such).
NOTE_KINDS: tuple[tuple[str, Column, Friction | None], ...] = (
    ("Went well", Column.WENT_WELL, None),
    ("To improve", Column.TO_IMPROVE, None),
    ("Time-zone friction", Column.FRICTION, Friction.TIME_ZONE),
    ("Cultural friction", Column.FRICTION, Friction.CULTURAL),
    ("Other friction", Column.FRICTION, Friction.OTHER),
)
OUTCOMES = (Outcome.WORKED, Outcome.DID_NOT_WORK, Outcome.INCONCLUSIVE)


def _form(title: str, *rows: tuple[str, QWidget] | QWidget) -> QGroupBox:
    box = QGroupBox(title)
    form = QFormLayout(box)
    for entry in rows:
        if isinstance(entry, tuple):
            form.addRow(*entry)
        else:
            form.addRow(entry)
    return box


class RetroLayout(CeremonyScreen):
    """The retro screen's widgets, named and laid out; ``RetroScreen`` adds behaviour."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        """Build every part of the screen."""
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("retro_screen")
        self.setAccessibleName("Retrospective")
        self.view: RetroView | None = None
        self.presenter = False

        self.open_button = button("retro_open", "Open the retrospective (O)")
        self.back_button = button("retro_back", "← Previous phase")
        self.next_button = button("retro_next", "Next phase →")
        self.skip_button = button("retro_skip", "Skip voting (K)")
        self.close_button = button("retro_close", "Close the retro (C)")
        self.by = combo("retro_by", "Recorded by")
        self.bar = row(
            self.open_button,
            self.back_button,
            self.next_button,
            self.skip_button,
            self.close_button,
            plain_label("Recorded by"),
            self.by,
            stretch_first=False,
        )

        self.steps_label = plain_label(stepper(None), name="retro_stepper", bold=True, wrap=True)
        self.progress = plain_label("RETRO", name="retro_progress", bold=True, wrap=True)
        self.title_label = plain_label(
            IDLE_TEXT.format(key="Open"), name="retro_title", point_scale=1.6, wrap=True
        )
        self.title_label.setProperty("role", "heading")
        self.details = plain_label(name="retro_details", wrap=True)
        self.error = error_label("retro_error")
        self.prompt = StagePrompt("retro_prompt")
        self.prompt.asked.connect(self._sync)  # each question names its own keys
        self.keys = plain_label(name="retro_keys", wrap=True)
        self.keys.setProperty("role", "keys")
        self.stage = QWidget()
        self.stage.setObjectName("retro_stage")
        stage = QVBoxLayout(self.stage)
        stage.setContentsMargins(0, 0, 0, 0)  # the screen's margin is the stage's margin
        for widget in (self.steps_label, self.progress, self.title_label, self.details):
            stage.addWidget(widget)
        stage.addStretch(1)
        self.stage_scroll = QScrollArea()
        self.stage_scroll.setObjectName("retro_stage_scroll")
        self.stage_scroll.setAccessibleName("Current phase")
        self.stage_scroll.setWidgetResizable(True)
        self.stage_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.stage_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.stage_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.stage_scroll.setWidget(self.stage)

        self.outcome = combo("retro_outcome", "Outcome", [(o.label, o.value) for o in OUTCOMES])
        self.evidence = line("retro_evidence", "Evidence", "What was observed against the signal")
        self.evaluate_button = button("retro_evaluate", "Record the evaluation")
        self.writer = combo("retro_writer", "Note written by")
        self.kind = combo("retro_kind", "Column", [(k[0], i) for i, k in enumerate(NOTE_KINDS)])
        self.anonymous = QCheckBox("Anonymous (no name is kept)")
        self.anonymous.setObjectName("retro_anonymous")
        self.note_text = line("retro_note_text", "Note", "What the note says")
        self.note_button = button("retro_add_note", "Add the note")
        self.reveal_button = button("retro_reveal", "Reveal anonymous notes (V)")
        self.group_notes = line("retro_group_notes", "Notes to group", "Note numbers, e.g. 1 3")
        self.group_title = line("retro_group_title", "Group title", "What they have in common")
        self.group_button = button("retro_group", "Make the group")
        self.voter = combo("retro_voter", "Who votes")
        self.vote_group = combo("retro_vote_group", "Group to vote for")
        self.vote_button = button("retro_vote", "Put a dot")
        self.unvote_button = button("retro_unvote", "Take a dot back")
        self.allowance = QSpinBox()
        self.allowance.setObjectName("retro_allowance")
        self.allowance.setAccessibleName("Votes per person")
        self.allowance.setRange(1, 20)
        self.allowance_button = button("retro_set_allowance", "Set votes per person")
        self.discuss_group = combo("retro_discuss_group", "Group to discuss")
        self.discuss_button = button("retro_discuss", "Discuss this group")
        self.change = line("retro_change", "What we change", "The one change we try")
        self.owner = combo("retro_owner", "Owner")
        self.measure = line("retro_measure", "How we will know", "e.g. reviews wait under 4 h")
        self.check_on = line("retro_check_on", "Check on (optional)", "YYYY-MM-DD")
        self.decide_button = button("retro_decide", "Decide the experiment")
        self.revise_button = button("retro_revise", "Change the experiment")

        self.forms = QStackedWidget()
        self.forms.setObjectName("retro_forms")
        self.forms.addWidget(
            _form(
                "Evaluate last sprint's experiment",
                ("Outcome", self.outcome),
                ("Evidence", self.evidence),
                self.evaluate_button,
            )
        )
        self.forms.addWidget(
            _form(
                "Gather notes",
                ("Written by", self.writer),
                ("Column", self.kind),
                self.anonymous,
                ("Note", self.note_text),
                self.note_button,
                self.reveal_button,
            )
        )
        self.forms.addWidget(
            _form(
                "Group notes",
                ("Notes", self.group_notes),
                ("Title", self.group_title),
                self.group_button,
            )
        )
        self.forms.addWidget(
            _form(
                "Dot-vote",
                ("Who", self.voter),
                ("Group", self.vote_group),
                row(self.vote_button, self.unvote_button, stretch_first=False),
                ("Votes per person", row(self.allowance, self.allowance_button)),
            )
        )
        self.forms.addWidget(_form("Discuss", ("Group", self.discuss_group), self.discuss_button))
        self.forms.addWidget(
            _form(
                "Decide the one experiment",
                ("What we change", self.change),
                ("Owner", self.owner),
                ("How we will know", self.measure),
                ("Check on", self.check_on),
                row(self.decide_button, self.revise_button, stretch_first=False),
            )
        )
        self.controls = QWidget()
        self.controls.setObjectName("retro_controls")
        controls = QVBoxLayout(self.controls)
        controls.setContentsMargins(0, 0, 0, 0)
        controls.addWidget(self.forms)
        controls.addStretch(1)

        # Ctrl+Z takes back a note, a group, a dot or the experiment (Ctrl+Shift+Z, Ctrl+Y redo).
        self.undo_stack = UndoStack(self)
        self.undo_bar = UndoBar(self.undo_stack, "retro", self)
        # The bar hides in presenter mode: a step refused then is said on the stage instead.
        self.undo_stack.problem.connect(lambda said: self._say(said) if self.presenter else None)
        self.main_layout = layout = QVBoxLayout(self)
        layout.addWidget(self.bar)
        layout.addWidget(self.undo_bar)
        layout.addWidget(self.stage_scroll, 1)
        layout.addWidget(self.prompt)
        layout.addWidget(self.error)
        layout.addWidget(self.controls)
        layout.addWidget(self.keys)  # hidden: its text is presenter_keys(), on the hint line
        space_clicks(self, self.findChildren(QPushButton))
        self.shortcuts: dict[str, QShortcut] = {}
        self._fonts = {
            label: QFont(label.font())
            for label in (self.steps_label, self.progress, self.title_label, self.details)
        }

    def _fill_forms(self) -> None:
        """Fill the pickers and show the form of the current phase."""
        assert self.view is not None
        members = list(self.view.members)
        for box in (self.by, self.writer, self.voter):
            fill_members(box, members)
        owner = self.owner.currentData()  # "nobody yet" until the facilitator picks one
        fill_members(self.owner, members)
        self.owner.insertItem(0, "nobody yet", 0)
        self.owner.setCurrentIndex(max(0, self.owner.findData(owner)) if owner else 0)
        groups = [(f"{g.title} ({dots})", int(g.group_id)) for g, dots in self.view.retro.tally()]
        for box in (self.vote_group, self.discuss_group):
            keep = box.currentData()
            box.clear()
            for text, data in groups:
                box.addItem(text, data)
            box.setCurrentIndex(max(0, box.findData(keep)))
        self.allowance.setValue(self.view.retro.votes_per_person)
        self.forms.setCurrentIndex(PHASES.index(self.view.retro.phase))

    def _add_keys(self, keys: dict[str, Callable[[], None]]) -> None:
        """Presenter mode's single keys, window-wide, off until a phase enables them."""
        stage_keys(self.stage, keys, self.shortcuts)

    def set_presenter(self, on: bool) -> None:
        """Large type, the phase on the stage only, no editing chrome."""
        self.presenter = on
        stage_type(self._fonts, self.title_label, on)
        self.refresh_view()
        if on and not self.prompt.isVisibleTo(self):
            # The focused control may have just hidden with the chrome: the screen takes the
            # focus so that its own keys (Ctrl+Z) work on the stage.
            self.setFocus()

    def refresh_view(self) -> None:
        """Render the committed state (the screen implements it)."""

    def presenter_escape(self) -> bool:
        """Esc closes the prompt first, else presenter mode ends."""
        if self.prompt.isVisibleTo(self):
            self.prompt.close_prompt()
            self.prompt.cancelled.emit()
            return True
        return False

    def _phase(self) -> RetroPhase | None:
        view = self.view
        if view is None or view.retro.closed is not None:
            return None
        return view.retro.phase

    def _sync(self) -> None:
        """Show the chrome and enable the keys that fit the phase."""
        on, prompting = self.presenter, self.prompt.isVisibleTo(self)
        phase = self._phase()
        self.bar.setVisible(not on)
        self.undo_bar.setVisible(not on)
        self.controls.setVisible(not on and phase is not None)
        if prompting:
            self.keys.setText(self.prompt.keys())
        else:
            self.keys.setText(KEYS_IDLE if phase is None else phase_keys(phase))
        enabled: set[str] = set()
        if on and not prompting:
            if phase is None:
                enabled = {"O"}
            else:
                enabled = {k for k, _ in PHASE_KEYS[phase]}
                if phase is not RetroPhase.EVALUATE:
                    enabled.add("Left")
                if phase is not RetroPhase.DECIDE:
                    enabled.add("Right")
        for sequence, shortcut in self.shortcuts.items():
            shortcut.setEnabled(sequence in enabled)
        self.open_button.setEnabled(phase is None)
        self.back_button.setEnabled(phase not in (None, RetroPhase.EVALUATE))
        self.next_button.setEnabled(phase not in (None, RetroPhase.DECIDE))
        self.skip_button.setEnabled(phase in (RetroPhase.GROUP, RetroPhase.VOTE))
        missing = () if self.view is None else self.view.retro.missing_to_close()
        # Disabled until the retro can close; the stage's "Still missing" line says why.
        self.close_button.setEnabled(phase is RetroPhase.DECIDE and not missing)
        self.close_button.setToolTip("Cannot close yet: " + "; ".join(missing) if missing else "")
        self.keys.setVisible(False)
        self.keys_changed.emit()

    def presenter_keys(self) -> str:
        """The keys that work now in presenter mode."""
        return self.keys.text()

    def window_keys_work(self) -> bool:
        """The timer's keys type into the prompt while it is open."""
        return not self.prompt.isVisibleTo(self)

    def _say(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))
