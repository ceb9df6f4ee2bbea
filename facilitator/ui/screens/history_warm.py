"""Warm History after start-up, while the user reads Home, so that its first visit is quick.

History's first visit imported matplotlib (0.5–1 s), read every sprint's metrics, the selected
sprint's page and drew a 200-sprint chart (another 200 ms). Once the main window is idle:

1. at the first pause in the input (no key or mouse input for :data:`QUIET_MS`), a background
   thread imports matplotlib and the charts (the GUI thread never waits for it: it imports none
   of those modules unless History is opened, which then waits for the import as it would have
   imported them itself; while it runs, it shares the interpreter with the GUI thread);
2. then, one step per pause, the History screen is built hidden and reads the current team's
   history in steps of some 10–40 ms; its chart is built and rendered in a worker thread
   (:meth:`HistoryScreen.warm` steps on until it has arrived).

The first visit is then a revisit: History reads again only when an action's record names what
it shows (as on every revisit). ``FACILITATOR_NO_WARM=1`` turns warming off (the benchmark's
"cold" first visit).
"""

from __future__ import annotations

import importlib
import os
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QWindow
from PySide6.QtWidgets import QWidget

from facilitator.domain.ids import TeamId
from facilitator.errors import FacilitatorError
from facilitator.ui.screens.base import Screen

if TYPE_CHECKING:
    from facilitator.ui.main_window import MainWindow

NO_WARM = "FACILITATOR_NO_WARM"
START_MS = 300  # after the first screen is shown
QUIET_MS = 300  # no input for this long: the user is reading, a step may run
STEP_MS = 60  # between steps, so that input is seen between them
MODULES = (
    "matplotlib.figure",
    "matplotlib.backends.backend_agg",
    "matplotlib.backends.backend_qtagg",
    "facilitator.charts.history",
)
INPUT = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.ShortcutOverride,
    }
)


def import_charts() -> None:
    """Import matplotlib and the chart modules (run in a background thread)."""
    for name in MODULES:
        importlib.import_module(name)


class HistoryWarmer(QObject):
    """Imports the charts in a thread, then warms the History screen a step at a time."""

    def __init__(
        self,
        parent: QObject,
        screen: Callable[[], Screen],
        team: Callable[[], TeamId | None],
    ) -> None:
        """Warm the screen ``screen()`` builds for the team ``team()`` names (kept alive by
        ``parent``); :meth:`start` begins."""
        super().__init__(parent)
        self.setObjectName("history_warmer")
        self._screen = screen
        self._team = team
        self._thread: threading.Thread | None = None
        self._watched: QWindow | None = None  # the native window whose input is watched
        self._last_input = time.monotonic()
        self.done = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._step)

    def start(self) -> None:
        """Begin after :data:`START_MS` (nothing when ``FACILITATOR_NO_WARM`` is set)."""
        if os.environ.get(NO_WARM):
            self.done = True
            return
        self._timer.start(START_MS)

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Note the time of the user's last input (never consumes an event)."""
        if event.type() in INPUT:
            self._last_input = time.monotonic()
        return False

    def _step(self) -> None:
        window = self.parent()
        if isinstance(window, QWidget) and not window.isVisible():
            self._timer.start(START_MS)  # not on screen (yet): nobody is reading it
            return
        if isinstance(window, QWidget) and self._watched is None:
            # The input reaches the window's native window first. Not the application's every
            # event: a Python filter there makes each event of each object a Python call (and
            # its first call on start-up's turn initialised every Qt type the binding has).
            self._watched = window.windowHandle()
            if self._watched is not None:
                self._watched.installEventFilter(self)
                # Input before now went unseen: wait for a pause seen from here on.
                self._last_input = time.monotonic()
                self._timer.start(STEP_MS)
                return
        quiet = (time.monotonic() - self._last_input) * 1000 >= QUIET_MS
        if self._thread is None and quiet:  # the import, too, waits for a pause in the input
            self._thread = threading.Thread(target=import_charts, name="warm-charts", daemon=True)
            self._thread.start()
        if self._thread is None or self._thread.is_alive() or not quiet:
            self._timer.start(STEP_MS)
            return
        team = self._team()
        try:
            screen = self._screen() if team is not None else None
            warm = getattr(screen, "warm", None)
            more = team is not None and warm is not None and bool(warm(team))
        except FacilitatorError:
            more = False  # the visit reads again and says what is wrong
        if not more:
            self.stop()
            return
        self._timer.start(STEP_MS)

    def rewarm(self) -> None:
        """Warm again, for the team now shown (after a team switch), once the user pauses."""
        if os.environ.get(NO_WARM):
            return
        self.done = False
        self._last_input = time.monotonic()  # the switch itself was input
        self._timer.start(START_MS)

    def stop(self) -> None:
        """Stop warming (done, or nothing left to warm)."""
        self.done = True
        self._timer.stop()
        if self._watched is not None:
            self._watched.removeEventFilter(self)
            self._watched = None


def warm_history(window: MainWindow) -> HistoryWarmer | None:
    """Start warming the History screen of ``window`` for its current team (None: the window
    has no History screen)."""
    row = next((i for i, f in enumerate(window.factories) if f.key == "history"), None)
    if row is None:
        return None
    warmer = HistoryWarmer(window, lambda: window.screen_at(row), lambda: window.team_id)
    warmer.start()
    return warmer
