"""The timer's widgets and their arrangement; :class:`~facilitator.ui.widgets.timer.TimerWidget`
adds what they do."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QSizePolicy, QVBoxLayout, QWidget

from facilitator.ui.theme import COLOURS, Colours, os_scheme
from facilitator.ui.widgets.text import ElidedLabel, plain_label
from facilitator.ui.widgets.timer_extend import ExtendPanel
from facilitator.ui.widgets.timer_extend import button as _button
from facilitator.ui.widgets.timer_text import compact_button, steady_width

MIN_TEXT_WIDTH = 120
# In presenter mode the texts sit beside the clock only when this many characters fit there.
SIDE_TEXT_CHARS = 24
WIDEST_CLOCK = "+0:00:00"
# Text and glyphs the default font (DejaVu Sans) draws: no emoji, which render as empty boxes.
SOUND_ON = "♪ On"
SOUND_OFF = "♪ Off"


class TimerLayout(QWidget):
    """The clock, its two lines of text, the compact buttons, the extension row, a message."""

    def __init__(self, parent: QWidget | None = None) -> None:
        """Build every part of the timer, showing nothing yet."""
        super().__init__(parent)
        self.setObjectName("timer")
        self.setAccessibleName("Timebox timer")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.colours: Colours = COLOURS[os_scheme()]
        self.presenter = False

        self.clock = plain_label(name="timer_clock", point_scale=1.6, bold=True)
        self.clock.setAccessibleName("Time left")
        # One line each, elided to fit with the full text in the tooltip (never clipped).
        self.item = ElidedLabel("timer_item")
        self.status = ElidedLabel("timer_status")
        for label in (self.item, self.status):
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            label.setMinimumWidth(MIN_TEXT_WIDTH)
        self.message = plain_label(name="timer_message", wrap=True)
        self.message.hide()  # takes a line only when there is something to say
        self.suggestion = plain_label(name="timer_suggestion", wrap=True)

        # Compact tool buttons: the top bar fits 1280 px beside the navigation rail.
        self.start_pause = compact_button("▶ Start", "timer_start_pause", "Start or pause (Space)")
        self.extend_button = compact_button("+", "timer_extend", "Extend the timebox (+)")
        self.next_button = compact_button("Next ›", "timer_next", "Next agenda item (N)")
        self.finish_button = compact_button("■ Finish", "timer_finish", "Finish the ceremony")
        self.sound_button = compact_button(SOUND_ON, "timer_sound", "Sound cues on or off")
        self.sound_button.setCheckable(True)
        self.sound_button.setChecked(True)
        self.use_suggestion = _button(
            "Use suggested", "timer_use_suggestion", "Use the timeboxes from recent sessions"
        )
        # Buttons whose text changes keep one width, so the bar never jiggles.
        steady_width(self.start_pause, ("❚❚ Pause", "▶ Resume", "▶ Start"))
        steady_width(self.sound_button, (SOUND_OFF, SOUND_ON))
        self.buttons = (
            self.start_pause,
            self.extend_button,
            self.next_button,
            self.finish_button,
            self.sound_button,
        )

        self.extend_panel = ExtendPanel()
        self.extend_panel.hide()

        self.top = top = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        top.addWidget(self.clock)
        texts = QVBoxLayout()
        texts.addWidget(self.item)
        texts.addWidget(self.status)
        top.addLayout(texts, 1)
        for button in self.buttons:
            top.addWidget(button)
        hint = QHBoxLayout()
        hint.addWidget(self.suggestion, 1)
        hint.addWidget(self.use_suggestion)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addLayout(hint)
        layout.addWidget(self.extend_panel)
        layout.addWidget(self.message)

    def _arrange(self) -> None:
        """Texts beside the clock; below it when a large presenter clock leaves too little room."""
        vertical = False
        if self.presenter:
            clock = self.clock.fontMetrics().horizontalAdvance(WIDEST_CLOCK)
            room = self.width() - clock - self.top.spacing()
            vertical = room < self.item.fontMetrics().averageCharWidth() * SIDE_TEXT_CHARS
        direction = (
            QBoxLayout.Direction.TopToBottom if vertical else QBoxLayout.Direction.LeftToRight
        )
        if self.top.direction() != direction:
            self.top.setDirection(direction)
