"""Warm History, Team and the Backlog after start-up, while the user reads Home, so that their
first visits are quick.

A cold first visit of the Team screen builds its top and reads the operating model (35–55 ms
at 20,000 stories, the first in a process importing its modules), of the Backlog its first page
and the story editor (45–60 ms); History's reads its list and draws its chart in a worker
thread, which first imports matplotlib (0.5–1 s). Once the main window is idle:

1. one step per pause in the input (no key or mouse input for :data:`QUIET_MS`), the Team
   screen and then the Backlog are built hidden, read the current team's data and are laid
   out as showing them would, in three steps each (build, read and fill, lay out): ready
   within about half a second of start-up;
2. then a background thread imports matplotlib and the charts (the GUI thread never waits for
   it: it imports none of those modules unless History is opened, which then waits for the
   import as it would have imported them itself). While it runs it shares the interpreter with
   the GUI thread, slowing what the user does meanwhile, so it runs while the user reads the
   first screen, not at a later pause;
3. once it is done, History is warmed the same way, in steps of some 10–40 ms of its own (its
   chart is built and rendered in a worker thread: :meth:`HistoryScreen.warm` steps on until it
   has arrived).

A first visit is then a revisit: a screen reads again only when an action's record names what it
shows (as on every revisit). A team switch warms again for the new team. Input stops warming
until the next pause, and a screen the user opens is no longer warmed. ``FACILITATOR_NO_WARM=1``
turns warming off (the benchmark's "cold" first visits).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QRect, QTimer
from PySide6.QtGui import QWindow
from PySide6.QtWidgets import QWidget

from facilitator import chart_modules, give_way
from facilitator.domain.ids import TeamId
from facilitator.errors import FacilitatorError
from facilitator.ui.screens.base import Screen

if TYPE_CHECKING:
    from facilitator.ui.main_window import MainWindow

NO_WARM = "FACILITATOR_NO_WARM"
START_MS = 300  # after the first screen is shown
QUIET_MS = 300  # no input for this long: the user is reading, a step may run
STEP_MS = 60  # between steps, so that input is seen between them
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
    """Import matplotlib and the chart modules (run in a background thread, giving way to the
    user's input: see :mod:`facilitator.give_way` and :func:`facilitator.chart_modules.load`)."""
    with give_way.job():
        chart_modules.load(qt=True)


def lay_out_hidden(screen: QWidget) -> None:
    """Lay a hidden screen out at the size it will be shown at, as showing it would (its
    children's pending resizes, polish and layout; rendering a pixel delivers them)."""
    parent = screen.parentWidget()
    if parent is not None:
        screen.resize(parent.size())
    screen.grab(QRect(0, 0, 1, 1))


def warm_steps(screen: Screen, team: TeamId) -> Iterator[None]:
    """The steps that ready ``screen`` for ``team`` while hidden: its own :meth:`warm` when it
    has one (History), else read and fill, then lay out."""
    warm = getattr(screen, "warm", None)
    if warm is not None:
        while warm(team):
            yield
        return
    if screen.isVisible():
        return  # opened meanwhile: its visit has read it
    screen.show_team(team)
    yield
    if not screen.isVisible():
        lay_out_hidden(screen)


class ScreenWarmer(QObject):
    """Imports the charts in a thread, then warms the screens a step at a time."""

    def __init__(
        self,
        parent: QObject,
        screens: Sequence[Callable[[], Screen]],
        team: Callable[[], TeamId | None],
        charted: int | None = None,
    ) -> None:
        """Warm, in order, the screens ``screens`` build for the team ``team()`` names (kept
        alive by ``parent``); from the one at index ``charted`` on (History) once the charts
        are imported (the import starts when it is reached). :meth:`start` begins."""
        super().__init__(parent)
        self.setObjectName("screen_warmer")
        self._screens = tuple(screens)
        self._charted = len(self._screens) if charted is None else charted
        self._team = team
        self._next = 0  # the screen warmed now, or next
        self._steps: Iterator[None] | None = None  # the steps left of that screen
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
        charts = self._next >= self._charted  # the screens from here on need the charts
        if charts and self._thread is None:  # it shares the interpreter: best while Home is read
            self._thread = threading.Thread(target=import_charts, name="warm-charts", daemon=True)
            self._thread.start()
        if (charts and self._thread is not None and self._thread.is_alive()) or not quiet:
            self._timer.start(STEP_MS)
            return
        team = self._team()
        if team is None or self._next >= len(self._screens):
            self.stop()
            return
        try:
            if self._steps is None:  # one step builds the screen, the next begin its warming
                self._steps = warm_steps(self._screens[self._next](), team)
            elif next(self._steps, StopIteration) is StopIteration:
                self._next, self._steps = self._next + 1, None
        except FacilitatorError:
            self._next, self._steps = self._next + 1, None  # its visit reads and says why
        self._timer.start(STEP_MS)

    def rewarm(self) -> None:
        """Warm again, for the team now shown (after a team switch), once the user pauses."""
        if os.environ.get(NO_WARM):
            return
        self.done = False
        self._next, self._steps = 0, None
        self._last_input = time.monotonic()  # the switch itself was input
        self._timer.start(START_MS)

    def stop(self) -> None:
        """Stop warming (done, or nothing left to warm)."""
        self.done = True
        self._timer.stop()
        if self._watched is not None:
            self._watched.removeEventFilter(self)
            self._watched = None


# The screens warmed, in order: those whose cold first visit is the longest first; History,
# whose chart is drawn in a worker thread, once the charts are imported.
WARMED = ("team", "backlog", "history")
CHARTED = "history"


def warm_screens(window: MainWindow) -> ScreenWarmer:
    """Start warming the screens of :data:`WARMED` that ``window`` has, for its current team."""
    rows = [i for key in WARMED for i, f in enumerate(window.factories) if f.key == key]
    builders = [lambda row=row: window.screen_at(row) for row in rows]
    keys = [window.factories[row].key for row in rows]
    charted = keys.index(CHARTED) if CHARTED in keys else len(keys)
    warmer = ScreenWarmer(window, builders, lambda: window.team_id, charted)
    warmer.start()
    return warmer
