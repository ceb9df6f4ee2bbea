"""The planning screen's layout: the ranked backlog, the forecast filling with its capacity bar,
capacity and availability, acknowledgements, goal, confirmations, close and reopen.

In presenter mode only the stage shows (the forecast filling, the capacity bar and the current
story in large type); the window's hint line lists the keys (:meth:`presenter_keys`).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from facilitator.ui.context import UiContext
from facilitator.ui.keys_line import CHOOSE_KEYS, CONFIRM_KEYS, keys_line
from facilitator.ui.screens.timebox_screen import CeremonyScreen, stage_keys, stage_type
from facilitator.ui.widgets.stage_prompt import StagePrompt
from facilitator.ui.widgets.story_form import button, error_label
from facilitator.ui.widgets.text import plain_label

# The screen's own single keys in presenter mode (Esc and the timer's keys are the window's).
KEYS = {
    "A": "capacity",
    "V": "availability",
    "P": "pull",
    "K": "skip",
    "X": "remove last",
    "H": "holiday",
    "R": "risks",
    "F": "full",
    "G": "goal",
    "Y": "confirm",
    "C": "close",
}
KEYS_LINE = keys_line(*KEYS.items())
KEYS_IDLE = keys_line(("O", "open planning"))
KEYS_CLOSED = keys_line(
    ("M", "add a story mid-sprint"), "(the forecast is frozen: Reopen planning to change it)"
)
KEYS_PROMPT = CONFIRM_KEYS
KEYS_CHOOSE = CHOOSE_KEYS


def _line(name: str, placeholder: str, label: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setPlaceholderText(placeholder)
    edit.setAccessibleName(label)
    return edit


def _combo(name: str, label: str) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    combo.setAccessibleName(label)
    return combo


def _list(name: str, label: str) -> QListWidget:
    widget = QListWidget()
    widget.setObjectName(name)
    widget.setAccessibleName(label)
    widget.setTabKeyNavigation(False)  # Tab leaves the list: no focus trap
    widget.setWordWrap(True)  # long "not Ready" reasons wrap instead of scrolling sideways
    widget.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return widget


def fill_combo(combo: QComboBox, items: list[tuple[str, int]]) -> None:
    """Refill ``combo`` with (text, data) entries, keeping the chosen one while it is there."""
    keep = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    for text, data in items:
        combo.addItem(text, data)
    index = combo.findData(keep)
    combo.setCurrentIndex(max(0, index))
    combo.blockSignals(False)


class PlanningLayout(CeremonyScreen):
    """The planning screen's widgets, named and laid out; ``PlanningScreen`` adds behaviour."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        """Build every part of the screen."""
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("planning_screen")
        self.setAccessibleName("Planning")
        self.presenter = False

        # --- the stage: what the room sees ---
        self.progress = plain_label("PLANNING", name="plan_progress", bold=True)
        self.current = plain_label(name="plan_current", point_scale=1.4, bold=True, wrap=True)
        self.current.setProperty("role", "heading")
        self.bar = QProgressBar()
        self.bar.setObjectName("plan_bar")
        self.bar.setAccessibleName("Capacity used")
        # The words beside it say the figures (UI.md: `██████░░ 34 / 40 pts`); its own text,
        # the same words, is what a screen reader reads of it, not painted a second time.
        self.bar.setTextVisible(False)
        self.bar.setMinimumHeight(28)
        self.bar_words = plain_label("0 / 0 pts", name="plan_bar_words", bold=True)
        self.forecast_lines = plain_label(name="plan_forecast_lines", wrap=True)
        self.chances = plain_label(name="plan_monte_carlo", wrap=True)
        self.error = error_label("plan_error")
        self.prompt = StagePrompt("plan_prompt")
        self.prompt.asked.connect(self._sync_keys)  # each question names its own keys

        # --- left: the ranked backlog ---
        self.backlog = _list("plan_backlog", "Ranked backlog with readiness")
        self.pull_button = button("plan_pull", "Pull into forecast (P)")
        self.skip_reason = _line("plan_skip_reason", "Why this story is skipped", "Skip reason")
        self.skip_button = button("plan_skip", "Skip with reason (K)")

        # --- right: the forecast ---
        self.forecast = _list("plan_forecast", "Forecast")
        self.remove_button = button("plan_remove", "Remove from forecast (X)")
        self.full_button = button("plan_full", "Declare forecast full (F)")

        # --- capacity and availability ---
        self.proposal = plain_label(name="plan_proposal", wrap=True)
        self.capacity = QDoubleSpinBox()
        self.capacity.setObjectName("plan_capacity")
        self.capacity.setAccessibleName("Capacity in points")
        self.capacity.setRange(0, 999)
        self.capacity.setDecimals(1)
        self.capacity.setSingleStep(1)
        self.capacity_reason = _line(
            "plan_capacity_reason", "Why it changes (when raising)", "Capacity reason"
        )
        self.capacity_button = button("plan_set_capacity", "Set capacity")
        self.capacity_error = error_label("plan_capacity_error")
        self.availability = plain_label(name="plan_availability", wrap=True)
        self.avail_member = _combo("plan_avail_member", "Member")
        self.allocation = QDoubleSpinBox()
        self.allocation.setObjectName("plan_allocation")
        self.allocation.setAccessibleName("Allocation %")
        self.allocation.setRange(-1000, 1000)  # out-of-range values are refused in words
        self.allocation.setValue(100)
        self.days_off = _line(
            "plan_days_off",
            "Days off: 2026-12-03, 2026-12-04 0.5",
            "Days off (member's local dates)",
        )
        self.avail_button = button("plan_set_availability", "Save availability")
        self.holiday_button = button("plan_add_holiday", "Add a public holiday… (H)")
        self.avail_error = error_label("plan_avail_error")

        # --- acknowledgements, goal, confirmations, close ---
        self.open_items = plain_label(name="plan_open_items", wrap=True)
        self.ack_story = _combo("plan_ack_story", "Story to acknowledge")
        self.ack_owner = _combo("plan_ack_owner", "Owner")
        self.ack_mitigation = _line("plan_ack_mitigation", "Mitigation", "Mitigation")
        self.ack_button = button("plan_acknowledge", "Acknowledge")
        self.ack_error = error_label("plan_ack_error")
        self.goal = _line("plan_goal", "The sprint goal, in one sentence", "Sprint goal")
        self.goal_button = button("plan_set_goal", "Set goal")
        self.confirm_member = _combo("plan_confirm_member", "Who confirms")
        self.confirm_po = button("plan_confirm_po", "Confirm as Product Owner")
        self.confirm_lead = button("plan_confirm_lead", "Confirm as delivery lead")
        self.confirmations = plain_label(name="plan_confirmations", wrap=True)
        self.confirm_error = error_label("plan_confirm_error")
        self.open_button = button("plan_open", "Open planning (O)")
        self.close_button = button("plan_close", "Close planning and freeze (C)")
        self.reopen_reason = _line("plan_reopen_reason", "Why planning reopens", "Reopen reason")
        self.reopen_button = button("plan_reopen", "Reopen planning")
        self.mid_sprint_button = button("plan_mid_sprint", "Add a story mid-sprint (M)")
        self.missing = plain_label(name="plan_missing", wrap=True)

        self._lay_out()
        self.shortcuts: dict[str, QShortcut] = {}
        self._fonts = {label: QFont(label.font()) for label in self._stage_labels()}

    def _lay_out(self) -> None:
        stage = QWidget()
        stage.setObjectName("plan_stage")
        stage_layout = QVBoxLayout(stage)
        stage_layout.setContentsMargins(0, 0, 0, 0)  # the page's margin is the stage's margin
        # The capacity bar shares the progress line (a line less: at 1280×720 the stage did
        # not fit under the presenter clock once a question was asked on it).
        bar_row = QHBoxLayout()
        bar_row.addWidget(self.progress)
        bar_row.addWidget(self.bar, 1)
        bar_row.addWidget(self.bar_words)
        stage_layout.addLayout(bar_row)
        stage_layout.addWidget(self.current)
        # What the last key did (or why not) right under the story, never scrolled out of view.
        stage_layout.addWidget(self.error)
        # A question asked on the stage sits beside the forecast and its chances, not under
        # them: stacked, a choice of members took the stage past 720 px and scrolled the story
        # and the bar out of the room's view. Closed, it leaves the forecast the whole width.
        lower = QHBoxLayout()
        lower.setSpacing(3 * lower.spacing())  # the two columns read apart
        info = QVBoxLayout()
        info.addWidget(self.forecast_lines)
        info.addWidget(self.chances)
        info.addStretch(1)
        lower.addLayout(info, 1)
        lower.addWidget(self.prompt, 1, Qt.AlignmentFlag.AlignTop)
        stage_layout.addLayout(lower)
        self.stage = stage

        left = QGroupBox("Ranked backlog (✓ Ready, ✗ not Ready)")
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.backlog, 1)
        left_layout.addWidget(self.pull_button)
        left_layout.addWidget(self.skip_reason)
        left_layout.addWidget(self.skip_button)

        right = QGroupBox("Forecast")
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.forecast, 1)
        row = QHBoxLayout()
        row.addWidget(self.remove_button)
        row.addWidget(self.full_button)
        right_layout.addLayout(row)

        capacity = QGroupBox("Capacity and availability")
        form = QFormLayout(capacity)
        form.addRow(self.proposal)
        form.addRow("Capacity (pts)", self.capacity)
        form.addRow("Reason", self.capacity_reason)
        form.addRow(self.capacity_button)
        form.addRow(self.capacity_error)
        form.addRow(self.availability)
        form.addRow("Member", self.avail_member)
        form.addRow("Allocation %", self.allocation)
        form.addRow("Days off", self.days_off)
        form.addRow(self.avail_button)
        form.addRow(self.holiday_button)
        form.addRow(self.avail_error)

        closing = QGroupBox("Risks, goal and confirmations")
        grid = QFormLayout(closing)
        grid.addRow(self.open_items)
        grid.addRow("Story", self.ack_story)
        grid.addRow("Owner", self.ack_owner)
        grid.addRow("Mitigation", self.ack_mitigation)
        grid.addRow(self.ack_button)
        grid.addRow(self.ack_error)
        grid.addRow("Goal", self.goal)
        grid.addRow(self.goal_button)
        grid.addRow("Who", self.confirm_member)
        confirm_row = QHBoxLayout()
        confirm_row.addWidget(self.confirm_po)
        confirm_row.addWidget(self.confirm_lead)
        grid.addRow(confirm_row)
        grid.addRow(self.confirmations)
        grid.addRow(self.confirm_error)
        grid.addRow(self.missing)
        grid.addRow(self.close_button)
        grid.addRow("Reopen reason", self.reopen_reason)
        grid.addRow(self.reopen_button)
        grid.addRow(self.mid_sprint_button)

        body = QWidget()
        columns = QGridLayout(body)
        columns.addWidget(left, 0, 0)
        columns.addWidget(right, 0, 1)
        columns.addWidget(capacity, 1, 0)
        columns.addWidget(closing, 1, 1)
        self.body = body
        scroll = QScrollArea()
        scroll.setObjectName("plan_scroll")
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        inner = QWidget()
        inner_layout = QVBoxLayout(inner)
        inner_layout.setContentsMargins(0, 0, 0, 0)  # the screen's margin is the page's margin
        inner_layout.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignLeft)
        inner_layout.addWidget(stage)
        inner_layout.addWidget(body, 1)
        scroll.setWidget(inner)
        self.page_scroll = scroll
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)

    def _stage_labels(self) -> list[QLabel]:
        return [
            self.progress,
            self.current,
            self.bar_words,
            self.forecast_lines,
            self.chances,
            self.error,
        ]

    def _add_keys(self, keys: dict[str, Callable[[], None]]) -> None:
        """Single-key shortcuts of presenter mode, window-wide, on only in presenter mode."""
        stage_keys(self, keys, self.shortcuts)

    def set_presenter(self, on: bool) -> None:
        """Large type; the stage only (forecast filling, capacity bar, current story)."""
        self.presenter = on
        stage_type(self._fonts, self.current, on)
        self.bar.setMinimumHeight(56 if on else 28)
        self.body.setVisible(not on)
        self.open_button.setVisible(not on)
        self._sync_keys()

    def _asking(self) -> bool:
        return self.prompt.isVisibleTo(self)

    def _sync_keys(self) -> None:
        """Single keys work in presenter mode while no question is open on the stage."""
        for shortcut in self.shortcuts.values():
            shortcut.setEnabled(self.presenter and not self._asking())
        self.keys_changed.emit()

    def presenter_keys(self) -> str:
        """The planning keys that work now in presenter mode."""
        if self._asking():  # ↑ ↓ only where there is a list to choose from
            return self.prompt.keys()
        view = getattr(self, "view", None)
        if view is None:
            return KEYS_IDLE
        return KEYS_CLOSED if view.planning.closed else KEYS_LINE

    def presenter_escape(self) -> bool:
        """Esc drops a question open on the stage first, else presenter mode ends."""
        if not self._asking():
            return False
        self.prompt.close_prompt()
        self.prompt.cancelled.emit()
        self.setFocus()
        return True

    def window_keys_work(self) -> bool:
        """The timer's keys type into a question open on the stage."""
        return not self._asking()

    def _say(self, message: str) -> None:
        """What the last action did or why it was refused, on the stage."""
        self.error.setText(message)
        self.error.setVisible(bool(message))
