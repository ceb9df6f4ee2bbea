"""The timebox timer every ceremony screen shares: countdown, warning, overtime, keyboard driven.

The QTimer here only repaints: what is shown is always computed from the stored timer state and
the injected clock ``ctx.now()``, so a suspended or busy app shows the right time when it wakes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QWidget,
)

from facilitator.domain.ids import TeamId
from facilitator.domain.timebox import (
    Ceremony,
    Phase,
    Reading,
    TimerState,
    cue_for,
    format_clock,
    format_reading,
)
from facilitator.errors import FacilitatorError
from facilitator.ops import ceremony
from facilitator.ops import timebox as ops
from facilitator.ops.ceremony import run_of
from facilitator.ops.changes import Changes
from facilitator.ui.actions import Action, ShowsError
from facilitator.ui.context import UiContext
from facilitator.ui.theme import Colours, TypeScale, phase_colour
from facilitator.ui.widgets.timer_layout import SOUND_OFF, SOUND_ON, TimerLayout
from facilitator.ui.widgets.timer_text import (
    status_text,
    suggestion_text,
)

TICK_MS = 250


class TimerWidget(TimerLayout):
    """The shared timer: shows the current agenda item's time left, or overtime counting up.

    Keys: Space start/pause, ``+`` extend, ``N`` next agenda item.

    Signals:
        saved: an action was committed to the database.
        changed: the timer state changed (another item, paused, extended, finished).
    """

    saved = Signal()
    changed = Signal()

    def __init__(
        self,
        ctx: UiContext,
        parent: QWidget | None = None,
        *,
        shortcut_context: Qt.ShortcutContext = Qt.ShortcutContext.WidgetWithChildrenShortcut,
        beep: Callable[[], None] = QApplication.beep,
    ) -> None:
        """Build an empty timer; :meth:`show_timer` loads one.

        Args:
            ctx: store, clock and dialogs.
            parent: owning widget.
            shortcut_context: where Space, + and N work (the main window uses the whole window).
            beep: the audible cue (tests pass a fake).
        """
        super().__init__(parent)
        self.ctx = ctx
        self.view: ops.TimerView | None = None
        self._beep = beep
        self._last_phase: Phase | None = None
        self._agenda: tuple[tuple[str, float], ...] | None = None

        self.start_pause.clicked.connect(self.toggle)
        self.extend_button.clicked.connect(self.open_extend)
        self.next_button.clicked.connect(self.next_item)
        self.finish_button.clicked.connect(self.finish)
        self.sound_button.toggled.connect(self.set_sound)
        self.use_suggestion.clicked.connect(self.apply_suggestion)
        self.extend_panel.confirmed.connect(self.extend)
        self.extend_panel.cancelled.connect(self.close_extend)

        for keys, slot in (
            (("Space",), self.toggle),
            (("+", "Shift++", "="), self.open_extend),
            (("N",), self.next_item),
        ):
            for key in keys:
                shortcut = QShortcut(QKeySequence(key), self)
                shortcut.setContext(shortcut_context)
                shortcut.activated.connect(slot)

        # Every committed action reaches the timer: a run started or finished on a screen.
        ctx.actions.changed.connect(self.apply_changes)
        self._ticker = QTimer(self)
        self._ticker.setInterval(TICK_MS)
        self._ticker.timeout.connect(self.refresh)
        self._ticker.start()
        self.refresh()

    # --- loading ---------------------------------------------------------------------------
    def show_timer(
        self,
        team_id: TeamId,
        ceremony: Ceremony,
        agenda: Sequence[tuple[str, float]] | None = None,
    ) -> None:
        """Load the team's timer for ``ceremony`` (restoring one under way) and show it.

        Raises:
            FacilitatorError: the database cannot be read.
        """
        self.view = ops.load_timer(self.ctx.store, team_id, ceremony, agenda)
        self._agenda = None if agenda is None else tuple(agenda)
        self.sound_button.blockSignals(True)
        self.sound_button.setChecked(self.view.settings.sound)
        self.sound_button.blockSignals(False)
        self._last_phase = None  # a restored timer never replays its cues
        self.close_extend()
        self.say("")
        self.refresh()

    def clear(self) -> None:
        """Show no timer."""
        self.view = None
        self.refresh()

    def show_view(self, view: ops.TimerView | None) -> None:
        """Show ``view`` as given (the room window follows the main window's timer this way)."""
        if view is None:
            self.clear()
            return
        if self.view is None or view.run_id != self.view.run_id:
            self._last_phase = None  # another run: its cues are not replayed
        self.view = view
        self.sound_button.blockSignals(True)
        self.sound_button.setChecked(view.settings.sound)
        self.sound_button.blockSignals(False)
        self.refresh()

    def planned(self, team_id: TeamId, ceremony: Ceremony) -> TimerState | None:
        """The clock prepared for a new run of ``team_id``'s ``ceremony`` (timeboxes picked),
        or None when this timer shows another one or a run already under way."""
        view = self.view
        if view is None or view.run_id is not None:
            return None
        if view.team_id != team_id or view.ceremony is not ceremony:
            return None
        return view.state

    def apply_changes(self, changes: Changes) -> None:
        """Follow a committed action on this team's run of this ceremony (from any widget)."""
        view = self.view
        if view is None:
            return
        moved = ops.with_run(view, run_of(changes))
        if moved is not view:
            self.view = moved
            self.changed.emit()
            self.refresh()

    # --- actions ---------------------------------------------------------------------------
    def _run(self, action: Action, errors: ShowsError | None = None) -> bool:
        view = self.view
        if view is None:
            return False
        done = self.ctx.actions.run(
            action,
            self.ctx.action(view.team_id, view.run_id),
            errors=errors or self._refuse,
            parent=self,
        )
        if done is None:
            return False
        if self.view is not None:
            self.view = ops.with_run(self.view, run_of(done))
        self.saved.emit()
        self.changed.emit()
        self.refresh()
        return True

    def _refuse(self, message: str) -> None:
        self.say(f"! {message}" if message else "")

    def toggle(self) -> None:
        """Start, pause or resume (Space)."""
        view = self.view
        if view is None or view.state.is_finished:
            return
        if view.state.is_running:
            self._run(ceremony.pause_timer)
        else:
            self._run(ops.start_action(view))

    def say(self, text: str) -> None:
        """Show ``text`` below the timer (an error, in words); an empty text hides the line."""
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def begin(self) -> None:
        """The ceremony started on its screen: run the clock (a finished timer starts anew).

        A clock already running keeps running; a paused one resumes. Errors show inline.
        """
        view = self.view
        if view is None:
            return
        if view.state.is_finished:
            try:
                self.show_timer(view.team_id, view.ceremony, self._agenda)
            except FacilitatorError as err:
                self.say(f"! {err}")
                return
        if self.view is not None and not self.view.state.is_running:
            self.toggle()

    def open_extend(self) -> None:
        """Ask inline how many minutes to add and why (+)."""
        if self.view is not None and not self.view.state.is_finished:
            self.extend_panel.open()

    def close_extend(self) -> None:
        """Hide the extension row."""
        self.extend_panel.hide()

    def extend(self, minutes: int, reason: str) -> None:
        """Add ``minutes`` to the current item, recording ``reason``."""
        view = self.view
        if view is None:
            return
        if self._run(ops.extend_action(view, minutes, reason), self._refuse_extension):
            self.close_extend()

    def _refuse_extension(self, message: str) -> None:
        if message:
            self.extend_panel.show_error(message)

    def next_item(self) -> None:
        """Move on to the next agenda item (N)."""
        view = self.view
        if view is None or not view.state.has_next or view.state.is_finished:
            return
        if view.run_id is None:  # before the start: only the planned clock moves
            try:
                self.view = ops.next_item(self.ctx.store, view, self.ctx.now())
            except FacilitatorError as err:
                self.say(f"! {err}")
                return
            self.changed.emit()
            self.refresh()
            return
        self._run(ceremony.next_item)

    def finish(self) -> None:
        """End the ceremony (its run and its clock)."""
        view = self.view
        if view is None or not view.state.is_started or view.state.is_finished:
            return
        self._run(ceremony.finish_run)

    def apply_suggestion(self) -> None:
        """Take the timeboxes suggested by the team's recent sessions."""
        view = self.view
        if view is None:
            return
        chosen = [s or d for s, d in zip(view.suggestions, view.defaults, strict=True)]
        try:
            self.view = ops.choose_timeboxes(view, chosen)
        except FacilitatorError as err:
            self.say(f"! {err}")
        self.refresh()

    def set_sound(self, on: bool) -> None:
        """Mute or unmute the cues (remembered for the team)."""
        self.sound_button.setText(SOUND_ON if on else SOUND_OFF)
        view = self.view
        if view is None or view.settings.sound == on:
            return
        try:
            settings = ops.update_presenter_settings(
                self.ctx.store, view.team_id, lambda s: replace(s, sound=on)
            )
        except FacilitatorError as err:
            self.say(f"! {err}")
            return
        self.view = replace(view, settings=settings)
        self.saved.emit()

    # --- display ---------------------------------------------------------------------------
    def reading(self) -> Reading | None:
        """What the timer shows now, from the state and the injected clock."""
        return None if self.view is None else self.view.state.read(self.ctx.now())

    def refresh(self) -> None:
        """Recompute the display from the model and ``ctx.now()``; play a cue on a transition."""
        reading = self.reading()
        view = self.view
        if reading is None or view is None:
            for button in self.buttons:
                button.setEnabled(False)
            self.clock.setText("–:––")
            self.item.setText("")
            self.status.setText("No ceremony on this screen")
            self.suggestion.hide()
            self.use_suggestion.hide()
            return
        cue = cue_for(self._last_phase, reading.phase)
        self._last_phase = reading.phase
        if cue is not None and view.settings.sound:
            self._beep()
        clock = format_reading(reading)
        if self.presenter and reading.phase is Phase.OVERTIME:
            clock = f"+{format_clock(int(reading.overtime))}"
        self.clock.setText(clock)
        self.clock.setProperty("phase", reading.phase.value)
        sheet = f"color: {phase_colour(self.colours, reading.phase)};"
        if self.clock.styleSheet() != sheet:  # set again, it re-polishes and re-lays the clock
            self.clock.setStyleSheet(sheet)
        self.clock.setAccessibleDescription(status_text(reading, view.state, self.ctx.now()))
        of = (
            f" ({reading.item_index + 1} of {reading.item_count})" if reading.item_count > 1 else ""
        )
        # The item first: squeezed into the top bar, what the room is on survives the elision.
        self.item.set_full_text(f"{reading.item_title}{of} · {view.ceremony.label}")
        self.status.set_full_text(status_text(reading, view.state, self.ctx.now()))
        state = view.state
        self.start_pause.setText("❚❚ Pause" if state.is_running else "▶ Start")
        if state.is_started and not state.is_running:
            self.start_pause.setText("▶ Resume")
        # Each button set once a tick: enabled and then disabled again, a button repaints
        # (every 250 ms, the timer's part of the window painted once more each time).
        self.start_pause.setEnabled(not state.is_finished)
        self.extend_button.setEnabled(not state.is_finished)
        self.next_button.setEnabled(state.has_next and not state.is_finished)
        self.finish_button.setEnabled(state.is_started and not state.is_finished)
        self.sound_button.setEnabled(True)
        self._show_suggestion(view)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        """Arrange the texts beside or below the clock for the new width."""
        super().resizeEvent(event)
        self._arrange()
        self.refresh()

    def _show_suggestion(self, view: ops.TimerView) -> None:
        visible = view.run_id is None and view.has_suggestion and not self.presenter
        self.suggestion.setVisible(visible)
        self.use_suggestion.setVisible(visible)
        if visible:
            self.suggestion.setText(suggestion_text(view))

    def set_presenter(self, on: bool, colours: Colours, scale: TypeScale) -> None:
        """Large, high-contrast timer without buttons (keys still work) for the room."""
        self.presenter = on
        self.colours = colours
        for button in self.buttons:
            button.setVisible(not on)
        minimum = scale.timer if on else 0
        self.clock.setMinimumHeight(round(minimum * 1.2))
        self._arrange()
        self.refresh()

    def stop(self) -> None:
        """Stop repainting (the window is closing)."""
        self._ticker.stop()
