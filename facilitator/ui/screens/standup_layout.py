"""The standup screen's widgets: the blocker slot's stage, today's updates, open blockers, forms.

In presenter mode only the stage shows (one blocker at a time, large type) with its key line;
the keys listed there are exactly the keys that work.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QFont, QKeyEvent, QShortcut
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain.ceremony_run import RunPhase, RunState
from facilitator.ui.context import UiContext
from facilitator.ui.keys_line import CONFIRM_KEYS, keys_line
from facilitator.ui.models.plain_rows import PlainRowsModel
from facilitator.ui.screens.standup_view import BLOCKER_HEADERS, IDLE_TEXT, UPDATE_HEADERS
from facilitator.ui.screens.timebox_screen import CeremonyScreen, stage_keys, stage_type
from facilitator.ui.widgets.plain_table import table_view
from facilitator.ui.widgets.stage_prompt import StagePrompt
from facilitator.ui.widgets.story_form import button, combo, error_label, line, row
from facilitator.ui.widgets.text import plain_label

KEYS_IDLE = keys_line(("S", "start the blocker slot"))
KEYS_WALK = keys_line(("←", "previous"), ("→", "next"), ("R", "resolve"), ("F", "finish"))
KEYS_FINISH = keys_line(("F", "finish"))
KEYS_PROMPT = CONFIRM_KEYS
WALK_KEYS = ("Left", "Right", "R", "F")


class SpaceClicks(QObject):
    """Space on a focused button of the screen presses it (not the window-wide timer key):
    keyboard users press every button of the forms with Space, as anywhere else."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Claim Space from the window's shortcuts while a button has focus."""
        claimed = (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Space
            and isinstance(watched, QPushButton)
        )
        if claimed:
            event.accept()
        return claimed


def space_clicks(owner: QWidget, buttons: Sequence[QPushButton]) -> None:
    """Install :class:`SpaceClicks` on ``buttons`` (kept alive by ``owner``)."""
    claim = SpaceClicks(owner)
    for widget in buttons:
        widget.installEventFilter(claim)


class StandupLayout(CeremonyScreen):
    """The standup screen's widgets, named and laid out; ``StandupScreen`` adds behaviour."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        """Build every part of the screen."""
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("standup_screen")
        self.setAccessibleName("Standup")
        self.run: RunState | None = None
        self.open_blockers = 0  # as last read: S walks them once the clock was started alone
        self.presenter = False

        self.start_button = button("standup_start", "Start blocker slot (S)")
        self.prev_button = button("standup_prev", "← Previous blocker")
        self.next_button = button("standup_next", "Next blocker →")
        self.resolve_button = button("standup_resolve", "Resolve this blocker (R)")
        self.finish_button = button("standup_finish", "Finish the slot (F)")
        self.bar = row(
            self.start_button,
            self.prev_button,
            self.next_button,
            self.resolve_button,
            self.finish_button,
            stretch_first=False,
        )
        self.bar.setObjectName("standup_bar")

        self.progress = plain_label("STANDUP · blocker slot", name="standup_progress", bold=True)
        self.title_label = plain_label(
            IDLE_TEXT.format(key="Start"), name="standup_title", point_scale=1.6, wrap=True
        )
        self.title_label.setProperty("role", "heading")
        self.details = plain_label(name="standup_details", wrap=True)
        self.error = error_label("standup_error")
        self.prompt = StagePrompt("standup_prompt")
        self.prompt.asked.connect(self._sync)  # each question names its own keys
        self.keys = plain_label(KEYS_IDLE, name="standup_keys", wrap=True)
        self.keys.setProperty("role", "keys")
        self.stage = QWidget()
        self.stage.setObjectName("standup_stage")
        stage = QVBoxLayout(self.stage)
        stage.setContentsMargins(0, 0, 0, 0)  # the screen's margin is the stage's margin
        for widget in (self.progress, self.title_label, self.details):
            stage.addWidget(widget)
        stage.addStretch(1)
        # The blocker scrolls inside its own area, so a long one in presenter type never pushes
        # the window past the screen; the keys stay in view below it.
        self.stage_scroll = QScrollArea()
        self.stage_scroll.setObjectName("standup_stage_scroll")
        self.stage_scroll.setAccessibleName("Current blocker")
        self.stage_scroll.setWidgetResizable(True)
        self.stage_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.stage_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.stage_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.stage_scroll.setWidget(self.stage)

        self.missing = plain_label(name="standup_missing", wrap=True)
        # Views over plain rows: a fill is one model reset, not an item (and a tooltip) per cell.
        self.update_rows = PlainRowsModel(UPDATE_HEADERS, self)
        self.updates = table_view("standup_updates", "Today's updates", self.update_rows, (3, 4, 5))
        self.blocker_rows = PlainRowsModel(BLOCKER_HEADERS, self)
        self.blockers = table_view("standup_blockers", "Open blockers", self.blocker_rows, (1,))
        self.flags = plain_label(name="standup_flags", wrap=True)
        self.flags.setProperty("level", "problem")

        self.writer = combo("update_member", "Update written by", fit_on_show=True)
        self.done_field = line("update_done", "Done since last update", "Done since last update")
        self.next_field = line("update_next", "Next", "What comes next")
        self.blockers_field = line("update_blockers", "Blockers", "What is in the way")
        self.write_button = button("update_write", "Write today's update")
        update_box = QGroupBox("Write an update")
        update_form = QFormLayout(update_box)
        update_form.addRow("Member", self.writer)
        update_form.addRow("Done", self.done_field)
        update_form.addRow("Next", self.next_field)
        update_form.addRow("Blockers", self.blockers_field)
        update_form.addRow(self.write_button)

        self.raiser = combo("blocker_raised_by", "Blocker raised by", fit_on_show=True)
        self.owner = combo("blocker_owner", "Blocker owner", fit_on_show=True)
        self.story_box = combo("blocker_story", "Story it blocks", fit_on_show=True)
        self.description = line("blocker_description", "Blocker", "What is in the way")
        self.raise_button = button("blocker_raise", "Raise blocker")
        self.resolution = line("blocker_resolution", "Resolution", "How it was resolved")
        self.resolve_selected = button("blocker_resolve", "Resolve selected blocker")
        blocker_box = QGroupBox("Blockers")
        blocker_form = QFormLayout(blocker_box)
        blocker_form.addRow("Raised by", self.raiser)
        blocker_form.addRow("Blocker", self.description)
        blocker_form.addRow("Owner", self.owner)
        blocker_form.addRow("Story", self.story_box)
        blocker_form.addRow(self.raise_button)
        blocker_form.addRow("Resolution", self.resolution)
        blocker_form.addRow(self.resolve_selected)

        self.controls = QWidget()
        self.controls.setObjectName("standup_controls")
        controls = QHBoxLayout(self.controls)
        controls.setContentsMargins(0, 0, 0, 0)
        lists = QVBoxLayout()
        lists.addWidget(plain_label("Today's updates", bold=True))
        lists.addWidget(self.missing)
        lists.addWidget(self.updates, 1)
        lists.addWidget(plain_label("Open blockers, oldest first", bold=True))
        lists.addWidget(self.flags)
        lists.addWidget(self.blockers, 1)
        forms = QVBoxLayout()
        forms.addWidget(update_box)
        forms.addWidget(blocker_box)
        forms.addStretch(1)
        controls.addLayout(lists, 3)
        controls.addLayout(forms, 2)

        self.main_layout = layout = QVBoxLayout(self)
        layout.addWidget(self.bar)
        layout.addWidget(self.stage_scroll)
        layout.addWidget(self.prompt)
        layout.addWidget(self.error)
        layout.addWidget(self.controls, 1)
        layout.addWidget(self.keys)  # hidden: its text is presenter_keys(), on the hint line
        space_clicks(self, self.findChildren(QPushButton))
        self.shortcuts: dict[str, QShortcut] = {}
        self._fonts = {
            label: QFont(label.font())
            for label in (self.progress, self.title_label, self.details, self.keys)
        }

    def _add_keys(self, keys: dict[str, Callable[[], None]]) -> None:
        """Presenter mode's single keys, window-wide, off until a mode enables them."""
        stage_keys(self.stage, keys, self.shortcuts)

    def set_presenter(self, on: bool) -> None:
        """Large type, the blocker on the stage only, no editing chrome."""
        self.presenter = on
        stage_type(self._fonts, self.title_label, on)
        if self.may_start():
            self.title_label.setText(IDLE_TEXT.format(key="S" if on else "Start"))
        self._sync()

    def presenter_escape(self) -> bool:
        """Esc closes the resolution prompt first, else presenter mode ends."""
        if self.prompt.isVisibleTo(self):
            self.prompt.close_prompt()
            self._sync()
            self.setFocus()
            return True
        return False

    def presenter_keys(self) -> str:
        """The keys that work now in presenter mode."""
        return self.keys.text()

    def window_keys_work(self) -> bool:
        """The timer's keys type into the resolution prompt while it is open."""
        return not self.prompt.isVisibleTo(self)

    def _sync(self) -> None:
        """Show the chrome and enable the keys that fit the state."""
        on, prompting = self.presenter, self.prompt.isVisibleTo(self)
        self.bar.setVisible(not on)
        self.controls.setVisible(not on)
        # Presenter mode: the stage takes the room; the window's hint line lists the keys.
        self.main_layout.setStretchFactor(self.stage_scroll, 1 if on else 0)
        if on:
            self.stage_scroll.setMinimumHeight(0)
            self.stage_scroll.setMaximumHeight(16_777_215)
        else:  # just the slot's lines above the lists
            self.stage_scroll.setFixedHeight(self.stage.sizeHint().height())
        self.keys.setVisible(False)
        walking = self.run is not None and self.run.walking
        startable = self.may_start()
        if prompting:
            self.keys.setText(self.prompt.keys())
        elif walking:
            self.keys.setText(KEYS_WALK)
        else:
            self.keys.setText(KEYS_IDLE if self.run is None or startable else KEYS_FINISH)
        enabled: tuple[str, ...] = ()
        if on and not prompting:
            if walking:
                enabled = WALK_KEYS
            else:
                enabled = (("S",) if startable else ()) + (("F",) if self.run is not None else ())
        for sequence, shortcut in self.shortcuts.items():
            shortcut.setEnabled(sequence in enabled)
        self.start_button.setEnabled(startable)
        for widget in (self.prev_button, self.next_button, self.resolve_button):
            widget.setEnabled(walking)
        self.finish_button.setEnabled(self.run is not None)
        self.keys_changed.emit()

    def may_start(self) -> bool:
        """Whether S starts the slot: none is open, or its clock was started alone (Space)
        while there are open blockers to walk."""
        if self.run is None:
            return True
        return self.run.phase is RunPhase.TIMER and self.open_blockers > 0

    def _say(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))


def set_heading(label: QLabel, text: str) -> None:
    """Set a stage label's text and its tooltip."""
    label.setText(text)
    label.setToolTip(text)
