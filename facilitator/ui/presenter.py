"""Presenter mode: what the room sees. Full screen, large type, high contrast, no editing chrome.

The controller owns the mode for the main window: F11 or the toolbar button toggles it, Esc
leaves it (after the screen closed what it had open), Ctrl+= / Ctrl+- scale the type (remembered
per team), and it follows the OS light/dark scheme unless the team picked the high-contrast theme.
Leaving restores the exact geometry the window had (its fitting on screen: presenter_window).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QRect, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QAbstractScrollArea, QLabel, QMainWindow, QTableView, QWidget

from facilitator.domain.ids import TeamId
from facilitator.domain.timebox import TimerState
from facilitator.domain.timebox_records import PresenterSettings
from facilitator.errors import FacilitatorError
from facilitator.ui.keys_line import join_parts, key_group
from facilitator.ui.presenter_window import Backdrop
from facilitator.ui.screens.base import Screen
from facilitator.ui.theme import (
    COLOURS,
    Colours,
    Scheme,
    TypeScale,
    os_scheme,
    presenter_stylesheet,
)
from facilitator.ui.widgets.settle import columns_settled, lay_out_now, layouts_held
from facilitator.ui.widgets.text import plain_label

if TYPE_CHECKING:  # the storage code loads after the window's first paint
    from facilitator.ui.context import UiContext
    from facilitator.ui.widgets.timer import TimerWidget

DIRECT = Qt.FindChildOption.FindDirectChildrenOnly
CLOCK_HINTS = join_parts(key_group("Space", "start/pause"), key_group("+", "extend"))
NEXT_HINT = key_group("N", "next agenda item")
TIMER_HINTS = join_parts(CLOCK_HINTS, NEXT_HINT)
ZOOM_HINTS = key_group("Ctrl+=/-", "size")
WINDOW_HINTS = join_parts(ZOOM_HINTS, key_group("Esc", "leave"))
HINTS = join_parts(TIMER_HINTS, WINDOW_HINTS)


def timer_hints(state: TimerState | None) -> str:
    """The timer's keys that do something now: none without a timer or once its run is
    finished (Space, + and N are then ignored), N only while another agenda item follows."""
    if state is None or state.is_finished:
        return ""
    return TIMER_HINTS if state.has_next else CLOCK_HINTS


def window_hints(timer_keys: str, typing: bool = False) -> str:
    """The window-wide keys of presenter mode: ``timer_keys`` (see :func:`timer_hints`; empty
    where the timer is not shown), then the window's own.

    While the screen types into a field of the stage, its own line names Esc (which closes the
    field) and single keys are letters: only the size keys are left here.
    """
    if typing:
        return ZOOM_HINTS
    return join_parts(timer_keys, WINDOW_HINTS)


def _lays_out_text(label: QLabel) -> bool:
    """Whether ``label`` lays its text out at its first paint after a change (and then asks
    to be painted again): a wrapped label, or one whose text can be selected."""
    editing = (
        Qt.TextInteractionFlag.TextSelectableByMouse
        | Qt.TextInteractionFlag.TextSelectableByKeyboard
        | Qt.TextInteractionFlag.TextEditable
    )
    return label.wordWrap() or bool(label.textInteractionFlags() & editing)


def _shown(window: QWidget) -> list[QWidget]:
    """The widgets shown in ``window``, each before those inside it.

    Walked through shown widgets only: the hidden screens hold most of the window's widgets
    (some 1,200 with every screen built, about 120 shown).
    """
    shown: list[QWidget] = []
    todo = [window]
    while todo:
        for child in todo.pop().findChildren(QWidget, options=DIRECT):
            if child.isVisible():
                shown.append(child)
                todo.append(child)
    return shown


def _restyle(widget: QWidget, sheet: str) -> None:
    """Set ``sheet`` on ``widget`` unless it has it already (setting it again re-polishes).

    A label never given a text keeps the size it measured in the other type (QLabel forgets
    its size only on a font change once it has had a text): an empty line of the presenter's
    type stayed 33 px high in the editing window, pushing what is under it down.
    """
    if widget.styleSheet() != sheet:
        widget.setStyleSheet(sheet)
        for label in widget.findChildren(QLabel):
            if not label.text():
                label.setIndent(label.indent())  # measured again in its new font


class PresenterController(QObject):
    """Enters and leaves presenter mode on a main window.

    Args:
        window: the main window.
        ctx: store and clock.
        timer: the shared timer widget in the top bar.
        chrome: widgets hidden in presenter mode (nav rail, team switcher, toolbars).
        current_screen: returns the screen on display, told via ``set_presenter``.

    Signals:
        applied: the type scale or theme was (re)applied; the room window follows it.
    """

    applied = Signal()

    def __init__(
        self,
        window: QMainWindow,
        ctx: UiContext,
        timer: TimerWidget,
        chrome: Sequence[QWidget],
        current_screen: Callable[[], QWidget | None],
    ) -> None:
        """Create the actions (added to ``window``) and the hint line."""
        super().__init__(window)
        self.window = window
        self.ctx = ctx
        self.timer = timer
        timer.changed.connect(self._timer_changed)  # its keys may stop (finished) or change
        self.chrome = tuple(chrome)
        self.current_screen = current_screen
        self.active = False
        self.team_id: TeamId | None = None
        self.settings = PresenterSettings()
        self._hidden: list[QWidget] = []
        self._was_maximized = False
        self._normal_geometry: QRect | None = None
        self._geometry: QRect | None = None  # the window's as presenter mode began
        self._screen: Screen | None = None
        self._told: set[Screen] = set()
        self._applied_timer_px = 0
        self.sheet = ""  # the presenter style sheet of the screens ("" in the editing window)
        self._timer_sheet = ""
        self._timer_look = (COLOURS[os_scheme()], TypeScale())
        window.installEventFilter(self)  # the clock's size follows the window's height

        self.hints: QLabel = plain_label(HINTS, name="presenter_hints", wrap=True)
        self.hints.setProperty("role", "keys")
        self.hints.hide()

        self.toggle_action = self._action(
            "Present (F11)",
            "presenter_toggle",
            (QKeySequence(Qt.Key.Key_F11), QKeySequence(QKeySequence.StandardKey.FullScreen)),
            self.toggle,
        )
        self.toggle_action.setCheckable(True)
        self.leave_action = self._action(
            "Leave presenter mode", "presenter_leave", (QKeySequence("Esc"),), self.escape
        )
        self.zoom_in_action = self._action(
            "Larger text",
            "presenter_zoom_in",
            (QKeySequence("Ctrl+="), QKeySequence(QKeySequence.StandardKey.ZoomIn)),
            lambda: self.zoom(+1),
        )
        self.zoom_out_action = self._action(
            "Smaller text",
            "presenter_zoom_out",
            (QKeySequence("Ctrl+-"), QKeySequence(QKeySequence.StandardKey.ZoomOut)),
            lambda: self.zoom(-1),
        )
        self.contrast_action = self._action(
            "High contrast",
            "presenter_contrast",
            (QKeySequence("Ctrl+Shift+H"),),
            self.toggle_contrast,
        )
        self.contrast_action.setCheckable(True)
        for action in (self.leave_action, self.zoom_in_action, self.zoom_out_action):
            action.setEnabled(False)
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._on_scheme_changed)

    def _action(
        self,
        text: str,
        name: str,
        keys: Sequence[QKeySequence],
        slot: Callable[[], None],
    ) -> QAction:
        action = QAction(text, self.window)
        action.setObjectName(name)
        unique = list(dict.fromkeys(k for k in keys if not k.isEmpty()))
        action.setShortcuts(unique)
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        self.window.addAction(action)
        return action

    # --- team settings ---------------------------------------------------------------------
    def load_team(self, team_id: TeamId) -> None:
        """Read the team's scale and theme; re-apply when presenting."""
        from facilitator.ops import timebox as ops

        self.team_id = team_id
        try:
            self.settings = ops.presenter_settings(self.ctx.store, team_id)
        except FacilitatorError:
            self.settings = PresenterSettings()
        self.contrast_action.setChecked(self.settings.high_contrast)
        self.apply()

    def _save(self, change: Callable[[PresenterSettings], PresenterSettings]) -> None:
        """Apply ``change`` to the stored settings (never a stale copy) and show the result."""
        from facilitator.ops import timebox as ops

        self.settings = change(self.settings)
        if self.team_id is not None:
            try:
                self.settings = ops.update_presenter_settings(self.ctx.store, self.team_id, change)
            except FacilitatorError as err:
                self.timer.say(f"! {err}")
        self.apply()

    def zoom(self, steps: int) -> None:
        """Scale the presenter type by ``steps`` tenths (remembered for the team)."""
        if self.active:
            self._save(lambda s: s.zoomed(steps))

    def toggle_contrast(self) -> None:
        """Switch the high-contrast theme on or off (remembered for the team)."""
        on = not self.settings.high_contrast
        self.contrast_action.setChecked(on)
        self._save(lambda s: replace(s, high_contrast=on))

    def colours(self) -> Colours:
        """The colours in use: high contrast when chosen, else the OS scheme."""
        return COLOURS[Scheme.HIGH_CONTRAST if self.settings.high_contrast else os_scheme()]

    def scale(self, height: int | None = None) -> TypeScale:
        """The presenter type scale of the current team, for the window's current height (or
        ``height``, the one it is being given)."""
        return TypeScale(self.settings.scale, room_height=height or self.window.height())

    def _on_scheme_changed(self, _scheme: Qt.ColorScheme) -> None:
        self.apply()

    # --- the mode --------------------------------------------------------------------------
    def toggle(self) -> None:
        """Enter or leave presenter mode (F11, the toolbar button)."""
        if self.active:
            self.leave()
        else:
            self.enter()

    def enter(self) -> None:
        """Full screen, large type, chrome hidden, the timer large, the screen told."""
        if self.active:
            return
        with self._laid_out_once():
            self._enter()

    def _enter(self) -> None:
        self.active = True
        self._was_maximized = self.window.isMaximized()
        self._normal_geometry = QRect(self.window.normalGeometry())
        self._geometry = QRect(self.window.geometry())
        chrome = (*self.chrome, self.window.menuBar())  # the File menu is editing chrome too
        self._hidden = [w for w in chrome if w.isVisibleTo(self.window)]
        for widget in self._hidden:
            widget.hide()
        self.window.statusBar().hide()
        self.hints.show()
        for action in (self.leave_action, self.zoom_in_action, self.zoom_out_action):
            action.setEnabled(True)
        self.toggle_action.setChecked(True)
        self._set_aside()
        full = self.window.screen().geometry()
        # The clock sized for the full screen now, not again when the window is resized to it.
        self.apply(full.height())
        self._tell_screen(True)
        # The window system reports the full-screen size later: given that size now, the
        # window is laid out once in the new look, not at the old size and then again.
        if self.window.geometry() != full:
            self.window.setGeometry(full)
        self.window.showFullScreen()

    def escape(self) -> None:
        """Esc: the screen closes what it has open (a prompt, the poker), else the mode ends."""
        screen = self.current_screen()
        if isinstance(screen, Screen) and screen.presenter_escape():
            return
        self.leave()

    def leave(self) -> None:
        """Back to the facilitator's editing window, at the geometry it had before."""
        if not self.active:
            return
        with self._laid_out_once():
            self._leave()

    def _leave(self) -> None:
        self.active = False
        # Normal type and the editing controls first, so the window is restored to the size it
        # had rather than to what the presenter type would need.
        self.apply()
        self._tell_screen(False)
        for widget in self._hidden:
            widget.show()
        self._hidden = []
        self.window.statusBar().show()
        self.hints.hide()
        for action in (self.leave_action, self.zoom_in_action, self.zoom_out_action):
            action.setEnabled(False)
        self.toggle_action.setChecked(False)
        if self._was_maximized:
            self._back_to_maximized()
        else:
            self.window.showNormal()
            if self._normal_geometry is not None:
                self.window.setGeometry(self._normal_geometry)

    def _back_to_maximized(self) -> None:
        """Maximize the window again, laid out at once at the size it had maximized.

        The window system reports a maximized size later: the window was laid out and
        painted at the full-screen size first, and then again at the maximized one (a layout
        of the whole window and a second paint for each F11 off on a small screen, where the
        window starts maximized). Given the size it had maximized before presenter mode, it is
        laid out once; should the window system maximize it to another size, that size
        follows as before.
        """
        if self._geometry is not None and self.window.geometry() != self._geometry:
            self.window.setGeometry(self._geometry)
        self.window.showMaximized()

    @contextmanager
    def _laid_out_once(self) -> Iterator[None]:
        """Lay the window out in its new look before it is painted (see :func:`lay_out_now`).

        The new type and the new size set off layout passes, the tables' column fitting (a
        table repaints its rows on a timer after a column resize: :func:`columns_settled`)
        and the labels' text layout; left to the event loop they came after the first paint,
        each painting the screen again (four to six paints of the window for one F11).
        """
        shown = _shown(self.window)
        tables = [w for w in shown if isinstance(w, QTableView)]
        with ExitStack() as stack:
            for table in tables:
                stack.enter_context(columns_settled(table))
            with layouts_held([self.window, *shown], now=True):
                yield
            shown = _shown(self.window)
            areas = [w for w in shown if isinstance(w, QAbstractScrollArea)]
            labels = [w for w in shown if isinstance(w, QLabel) and _lays_out_text(w)]
            lay_out_now(areas, labels)

    def screen_changed(self) -> None:
        """The window switched screens: the new one presents, the old one stops."""
        self._dress()
        if self.active:
            self._tell_screen(True)
        self._show_hints()

    def _set_aside(self) -> None:
        """Let the screen on display set aside what presenter mode hides, before it is dressed
        (see :meth:`Screen.before_presenter`)."""
        screen = self.current_screen()
        if isinstance(screen, Screen):
            screen.before_presenter()

    def _dress(self) -> bool:
        """Give the screen on display, and the timer when shown, the look of the mode.

        A screen or timer styled while on display keeps its sheet while hidden (nobody sees
        it); it is put right when it is shown again. Returns whether the timer was restyled
        (and so already told the mode).
        """
        screen = self.current_screen()
        if screen is not None:
            _restyle(screen, self.sheet)
        if self.timer.isVisibleTo(self.window) and self.timer.styleSheet() != self._timer_sheet:
            self.timer.setStyleSheet(self._timer_sheet)
            self.timer.set_presenter(self.active, *self._timer_look)  # laid out in its new type
            return True
        return False

    def _timer_changed(self) -> None:
        if self.active:
            self._show_hints()

    def _show_hints(self) -> None:
        screen = self.current_screen()
        typing = isinstance(screen, Screen) and not screen.window_keys_work()
        view = self.timer.view if self.timer.isVisibleTo(self.window) else None
        hints = window_hints(timer_hints(None if view is None else view.state), typing)
        # While typing, the screen's own line names what works (Return, Esc) and the window's
        # single keys are letters.
        own = screen.presenter_keys() if isinstance(screen, Screen) else ""
        line = join_parts(own, hints)
        if self.hints.text() != line:
            self.hints.setText(line)

    def _tell_screen(self, on: bool) -> None:
        screen = self.current_screen()
        if self._screen is not None and self._screen is not screen:
            self._screen.set_presenter(False)
            self._screen = None
        if isinstance(screen, Screen):
            if screen not in self._told:
                self._told.add(screen)
                screen.keys_changed.connect(self._show_hints)
            screen.set_presenter(on)
            self._screen = screen if on else None

    def apply(self, height: int | None = None) -> None:
        """Apply (or remove) the presenter look and the large timer (for a window ``height``
        high, by default the one it has).

        A style sheet costs its polish on every widget under it, hidden ones included (about
        0.3 ms each; a window with every screen built has ~900). So it goes only on what the
        room sees: the screen on display, the timer and the hint line. Another screen gets it
        when it is shown (:meth:`screen_changed`); the backdrop behind them paints the
        background colour without touching a widget.
        """
        colours, scale = self.colours(), self.scale(height)
        # The screens' sheet leaves the clock's size out (only the timer has a clock), so a
        # window height that changes the clock restyles the timer alone.
        self.sheet = presenter_stylesheet(colours, replace(scale, room_height=None))
        if not self.active:
            self.sheet = ""
        self._timer_sheet = presenter_stylesheet(colours, scale) if self.active else ""
        self._timer_look = (colours if self.active else COLOURS[os_scheme()], scale)
        backdrop = self.window.centralWidget()
        if isinstance(backdrop, Backdrop):
            backdrop.set_colour(colours.background if self.active else None)
        _restyle(self.hints, self.sheet)
        if not self._dress():  # the timer is laid out once per change, not twice
            self.timer.set_presenter(self.active, *self._timer_look)
        self._applied_timer_px = scale.timer if self.active else 0
        self._show_hints()
        self.applied.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Re-size the presenter clock when the window's height changes it."""
        if (
            watched is self.window
            and event.type() == QEvent.Type.Resize
            and self.active
            and self.scale().timer != self._applied_timer_px
        ):
            self.apply()
        return False
