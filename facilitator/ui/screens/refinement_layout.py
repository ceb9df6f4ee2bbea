"""The refinement screen's layout: the stage the room sees, the prompts, the editing controls.

Also the keys of each presenter state: the key line at the bottom shows exactly the keys that
are enabled in that state (UI.md: "the keys listed at the bottom are exactly the keys that work").
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain.ceremony_run import RunState
from facilitator.ui.context import UiContext
from facilitator.ui.keys_line import CONFIRM_KEYS, keys_line
from facilitator.ui.screens.refinement_view import CRITERIA_HEADING, IDLE_TEXT, READINESS_HEADING
from facilitator.ui.screens.timebox_screen import CeremonyScreen, stage_keys, stage_type
from facilitator.ui.widgets.aside import SplitterAside
from facilitator.ui.widgets.stage_prompt import StagePrompt
from facilitator.ui.widgets.story_editor import StoryEditor
from facilitator.ui.widgets.story_form import button, error_label
from facilitator.ui.widgets.story_poker import PokerPanel
from facilitator.ui.widgets.text import plain_label


class Mode(Enum):
    """What the refinement screen is doing, which decides the keys that work in presenter mode."""

    IDLE = "idle"  # no session: S starts one (after a finish the summary shows)
    WALK = "walk"  # walking the stories
    PROMPT = "prompt"  # a criterion being typed or a reviewer being chosen on the stage
    POKER = "poker"  # the poker votes are open


# The screen's own keys, per mode; Esc and the timer keys are on the window's hint line below.
KEYS_LINES = {
    Mode.IDLE: keys_line(("S", "start refinement")),
    Mode.WALK: keys_line(
        ("←", "previous"),
        ("→", "next"),
        ("↑ ↓", "scroll"),
        ("E", "add criterion"),
        ("T", "add assumption"),
        ("R", "reviewed"),
        ("P", "poker"),
        ("F", "finish"),
    ),
    Mode.PROMPT: CONFIRM_KEYS,
    Mode.POKER: keys_line(
        ("Return", "next vote"),
        ("Return", "on Reveal shows all"),
        ("Return", "commits"),
        ("Esc", "close poker"),
    ),
}
KEYS_LINE = KEYS_LINES[Mode.WALK]
# Which single keys work in each mode (presenter mode only: while editing they are typing).
MODE_KEYS = {
    Mode.IDLE: ("S",),
    Mode.WALK: ("Left", "Right", "Up", "Down", "E", "T", "R", "P", "F"),
    Mode.PROMPT: (),
    Mode.POKER: (),
}


class RefinementLayout(CeremonyScreen):
    """The refinement screen's widgets, named and laid out; ``RefinementScreen`` adds behaviour."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        """Build every part of the screen."""
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("refinement_screen")
        self.setAccessibleName("Refinement")

        self.progress = plain_label(name="refine_progress", bold=True)
        self.story_title = plain_label(name="refine_title", point_scale=1.6, bold=True, wrap=True)
        self.story_title.setProperty("role", "heading")
        self.criteria_heading = plain_label(
            CRITERIA_HEADING, name="refine_criteria_heading", bold=True
        )
        self.criteria = plain_label(name="refine_criteria", wrap=True)
        self.readiness_heading = plain_label(
            READINESS_HEADING, name="refine_readiness_heading", bold=True
        )
        self.readiness = plain_label(name="refine_readiness", wrap=True)
        self.keys = plain_label(KEYS_LINES[Mode.IDLE], name="refine_keys", wrap=True)
        self.keys.setProperty("role", "keys")
        self.poker_line = plain_label(name="refine_poker", wrap=True)
        self.summary_label = plain_label(name="refine_summary", wrap=True)
        # What the last key or button did (or refused), in words, on the stage in both modes.
        self.error = error_label("refine_error")
        self.prompt = StagePrompt("refine_prompt")
        self.prompt.asked.connect(self._sync)  # each question names its own keys

        self.start_button = button("refine_start", "Start refinement (S)")
        self.prev_button = button("refine_prev", "← Previous")
        self.next_button = button("refine_next", "Next →")
        self.review_button = button("refine_reviewed", "Mark assumptions reviewed (R)")
        self.finish_button = button("refine_finish", "Finish and show summary (F)")

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
        stage_layout.setContentsMargins(0, 0, 0, 0)  # the screen's margin is the stage's margin
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
        self.stage_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # ↑ ↓ scroll it; Tab skips it
        self.stage_scroll.setWidget(self.stage)

        self.editor = StoryEditor(ctx)
        self.poker = PokerPanel(ctx)
        self.controls = QWidget()
        self.controls.setObjectName("refine_controls")
        self.bar = QWidget()
        self.bar.setObjectName("refine_bar")
        bar = QHBoxLayout(self.bar)
        bar.setContentsMargins(0, 0, 0, 0)
        for widget in (
            self.start_button,
            self.prev_button,
            self.next_button,
            self.review_button,
            self.finish_button,
        ):
            bar.addWidget(widget)
        self.tools = QSplitter(Qt.Orientation.Horizontal)
        self.tools.setObjectName("refine_tools")
        self.tools.addWidget(self.editor)
        # The votes scroll rather than squeeze when large type leaves them little room.
        self.poker_scroll = QScrollArea()
        self.poker_scroll.setObjectName("poker_scroll")
        self.poker_scroll.setAccessibleName("Planning poker")
        self.poker_scroll.setWidgetResizable(True)
        self.poker_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.poker_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.poker_scroll.setWidget(self.poker)
        self.tools.addWidget(self.poker_scroll)
        self.tools.setSizes([640, 420])
        self._editor_aside = SplitterAside(self.tools, self.editor)
        controls_layout = QVBoxLayout(self.controls)
        controls_layout.setContentsMargins(0, 0, 0, 0)
        controls_layout.addWidget(self.tools, 1)

        self.main_layout = layout = QVBoxLayout(self)
        layout.addWidget(self.bar)  # reading order: the ceremony's buttons, then the stage
        layout.addWidget(self.stage_scroll, 1)
        layout.addWidget(self.prompt)
        layout.addWidget(self.error)
        layout.addWidget(self.controls, 2)
        layout.addWidget(self.keys)  # the bottom line, under the poker too
        self.shortcuts: dict[str, QShortcut] = {}
        # The state the stage shows: the run walked, presenter mode, the poker on the stage.
        self.run: RunState | None = None
        self.finished: RunState | None = None  # the run whose summary is on display
        self.presenter = False
        self.poker_open = False
        self._asking = ""  # what the open prompt asks for: "criterion" or "reviewer"
        self._fonts = {label: QFont(label.font()) for label in self._stage_labels()}

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

    def _add_keys(self, keys: dict[str, Callable[[], None]]) -> None:
        """Single-key shortcuts of presenter mode, window-wide, off until a mode enables them."""
        stage_keys(self.stage, keys, self.shortcuts)

    # --- presenter mode: type, chrome and the keys that work ----------------------------------
    def before_presenter(self) -> None:
        """The editor, hidden while presenting (the poker too shows without it), waits outside
        the screen: the mode's style sheet restyled its 120-odd widgets on each F11 on and off,
        two thirds of the screen's, for nobody to see."""
        self._editor_aside.set_aside()

    def set_presenter(self, on: bool) -> None:
        """Large type, the current story only, no editing chrome (UI.md presenter sketch)."""
        self.presenter = on
        if not on:
            self._editor_aside.put_back()
        stage_type(self._fonts, self.story_title, on)
        if self.run is None and self.finished is None:
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
        return Mode.WALK if self.run is not None else Mode.IDLE

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
        self.keys.setText(self.prompt.keys() if mode is Mode.PROMPT else KEYS_LINES[mode])
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

    def _say(self, message: str) -> None:
        """Say what the last action did or why it was refused, on the stage in both modes."""
        self.error.setText(message)
        self.error.setVisible(bool(message))

    def _scroll(self, direction: int) -> None:
        bar = self.stage_scroll.verticalScrollBar()
        bar.setValue(bar.value() + direction * bar.pageStep() // 2)

    def _set_headings(self, on: bool) -> None:
        self.criteria_heading.setVisible(on)
        self.readiness_heading.setVisible(on)

    def close_poker(self) -> None:
        """Back to the story (the typed votes stay until the round is committed)."""
        self.poker_open = False
        self._sync()
        self.setFocus()

    def _prompt_closed(self) -> None:
        self._asking = ""
        self._sync()
        self.setFocus()  # focus leaves the hidden field; the window's keys work again
