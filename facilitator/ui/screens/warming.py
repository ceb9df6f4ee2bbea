"""Warm Team, the Backlog, the ceremony screens and History after start-up, while the user
reads Home, so that their first visits are quick.

A cold first visit of the Team screen builds its top and reads the operating model (35–55 ms
at 20,000 stories, the first in a process importing its modules), of the Backlog its first page
and the story editor (45–60 ms), of a ceremony screen (Standup, Decisions, Planning,
Refinement, Retro, Review) imports its modules, builds it, reads its view and the timer's clock
(the first in a process compiling those reads' SQL) and fits its tables (40–65 ms); History's
reads its list and draws its chart in a worker thread, which first imports matplotlib
(0.5–1 s). Once the main window is idle:

1. one step per pause in the input (no key or mouse input for :data:`QUIET_MS`), the Team
   screen and then the Backlog are built hidden, read the current team's data and are laid
   out as showing them would, in a few steps each (import, build, read and fill, lay out and
   fit the tables; a ceremony screen's timer clock read once): ready within about half a
   second of start-up;
2. then a background thread imports matplotlib and the charts (the GUI thread never waits for
   it: it imports none of those modules unless History is opened, which then waits for the
   import as it would have imported them itself). While it runs it shares the interpreter with
   the GUI thread, slowing what the user does meanwhile, so it runs while the user reads the
   first screen, not at a later pause; the ceremony screens are warmed meanwhile, one step per
   pause as before (the window's thread would otherwise sit idle until the import is done,
   and all of it is then ready within the first 3 seconds or so);
3. once it is done, History is warmed the same way (before the ceremony screens left), in
   steps of some 10–40 ms of its own (its chart is built and rendered in a worker thread:
   :meth:`HistoryScreen.warm` steps on until it has arrived).

A first visit is then a revisit: a screen reads again only when an action's record names what it
shows (as on every revisit). A team switch warms again for the new team. Input stops warming
until the next pause, and a screen the user opens is no longer warmed. ``FACILITATOR_NO_WARM=1``
turns warming off (the benchmark's "cold" first visits).
"""

from __future__ import annotations

import importlib
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
from facilitator.domain.timebox import Ceremony
from facilitator.errors import FacilitatorError
from facilitator.ui.screens.base import Screen
from facilitator.ui.screens.registry import LazyScreen

if TYPE_CHECKING:
    from facilitator.ui.main_window import MainWindow

NO_WARM = "FACILITATOR_NO_WARM"
START_MS = 100  # after the first screen is shown
QUIET_MS = 300  # no input for this long: the user is reading, a step may run
STEP_MS = 15  # between steps, so that input is seen between them
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
    has one (History), else read and fill, then lay out and fit its tables."""
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
        fit_tables(screen)


def fit_tables(screen: QWidget) -> None:
    """Fit the tables the read filled while hidden, as their showing would (after the layout:
    at the widths they are shown at); a font change after this fits them again when shown."""
    from facilitator.ui.widgets.plain_table import RowFitter  # with the screens that use it

    for fitter in screen.findChildren(RowFitter):
        fitter.fit_stale()


Warm = Callable[[TeamId], Iterator[None]]  # one screen's warming: its steps for a team


def screen_warm(
    build: Callable[[], Screen],
    module: str | None = None,
    prepare: Callable[[Screen, TeamId], None] | None = None,
) -> Warm:
    """The warming of the screen ``build`` builds: import its ``module`` (a step of its own),
    build it, read and lay it out (:func:`warm_steps`), then ``prepare`` what its visit reads
    besides (the timer's clock of a ceremony screen)."""

    def steps(team: TeamId) -> Iterator[None]:
        if module is not None:
            importlib.import_module(module)
            yield
        screen = build()
        yield
        yield from warm_steps(screen, team)
        if prepare is not None and not screen.isVisible():
            yield
            prepare(screen, team)

    return steps


class ScreenWarmer(QObject):
    """Imports the charts in a thread and warms the screens a step at a time meanwhile."""

    def __init__(
        self,
        parent: QObject,
        screens: Sequence[Warm],
        team: Callable[[], TeamId | None],
        charted: int | None = None,
        importing: int | None = None,
    ) -> None:
        """Warm, in order, the screens ``screens`` warm a step at a time (see
        :func:`screen_warm`) for the team ``team()`` names (kept alive by ``parent``); those
        from index ``charted`` on (History) once the charts are imported, before the others
        left. The import starts once the screens before index ``importing`` (``charted``
        unless given) are warmed: those from there to ``charted`` are warmed while it runs.
        :meth:`start` begins."""
        super().__init__(parent)
        self.setObjectName("screen_warmer")
        self._warms = tuple(screens)
        self._charted = len(self._warms) if charted is None else charted
        self._importing = self._charted if importing is None else min(importing, self._charted)
        self._team = team
        self._left = list(range(len(self._warms)))  # the screens not warmed yet, in order
        self._current: int | None = None  # the screen warmed now
        self._steps: Iterator[None] | None = None  # the steps left of it
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
        if self._watch():
            # Seen from the window's first screen on: no input yet, so the first step need
            # not wait for a pause seen from its own turn (which left a screen opened in the
            # first second cold: warming began some 0.6 s after Home was shown).
            self._last_input = -float("inf")
        self._timer.start(START_MS)

    def _watch(self) -> bool:
        """Watch the window's input from now on, once it is on screen; whether this began it.
        The input reaches the window's native window first. Not the application's every
        event: a Python filter there makes each event of each object a Python call (and its
        first call on start-up's turn initialised every Qt type the binding has)."""
        window = self.parent()
        if self._watched is not None or not isinstance(window, QWidget):
            return False
        if not window.isVisible() or window.windowHandle() is None:
            return False
        self._watched = window.windowHandle()
        self._watched.installEventFilter(self)
        return True

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
        if self._watch():  # shown after start(): input before now went unseen
            self._last_input = time.monotonic()  # wait for a pause seen from here on
            self._timer.start(STEP_MS)
            return
        quiet = (time.monotonic() - self._last_input) * 1000 >= QUIET_MS
        before = [*self._left, *([] if self._current is None else [self._current])]
        if self._thread is None and not any(i < self._importing for i in before):
            # It shares the interpreter: best while Home is read (and the screens that need no
            # charts are warmed meanwhile).
            self._thread = threading.Thread(target=import_charts, name="warm-charts", daemon=True)
            self._thread.start()
        team = self._team()
        if team is None or (not self._left and self._steps is None):
            self.stop()
            return
        if not quiet:
            self._timer.start(STEP_MS)
            return
        try:
            if self._steps is None:  # one step begins the next screen's warming
                upcoming = self._upcoming()
                if upcoming is not None:
                    self._steps = self._warms[upcoming](team)
                    self._left.remove(upcoming)
                    self._current = upcoming
            if self._steps is not None and next(self._steps, StopIteration) is StopIteration:
                self._current, self._steps = None, None
        except FacilitatorError:
            self._current, self._steps = None, None  # its visit reads and says why
        if self._steps is None and not self._left:
            self.stop()
            return
        self._timer.start(STEP_MS)

    def _upcoming(self) -> int | None:
        """The screen to warm next: a charted one (History) as soon as the charts are
        imported, else the first that needs none; None while only charted ones are left and
        the import runs."""
        imported = self._thread is not None and not self._thread.is_alive()
        charted = [i for i in self._left if i >= self._charted]
        if imported and charted:
            return charted[0]
        return next((i for i in self._left if i < self._charted), None)

    def rewarm(self) -> None:
        """Warm again, for the team now shown (after a team switch), once the user pauses."""
        if os.environ.get(NO_WARM):
            return
        self.done = False
        self._left, self._current, self._steps = list(range(len(self._warms))), None, None
        self._last_input = time.monotonic()  # the switch itself was input
        self._timer.start(START_MS)

    def stop(self) -> None:
        """Stop warming (done, or nothing left to warm)."""
        self.done = True
        self._timer.stop()
        if self._watched is not None:
            self._watched.removeEventFilter(self)
            self._watched = None


# The screens warmed, in order: those whose cold first visit is the longest first; the
# ceremony screens (their first visits import their modules, build the screen, compile their
# reads' SQL and lay out: 40-65 ms) while the charts are imported in the background; History,
# whose chart is drawn in a worker thread, once the charts are imported.
WARMED = (
    "team",
    "backlog",
    "standup",
    "decisions",
    "planning",
    "refinement",
    "retro",
    "review",
    "history",
)
IMPORTING = "standup"  # the charts' import starts when this screen's warming is reached
CHARTED = "history"


def warm_screens(window: MainWindow) -> ScreenWarmer:
    """Start warming the screens of :data:`WARMED` that ``window`` has, for its current team."""
    rows = [i for key in WARMED for i, f in enumerate(window.factories) if f.key == key]
    warmed: set[int] = set()  # the rows warming built (the others' screens the user opened)
    warms = [_warm_row(window, row, warmed) for row in rows]
    keys = [window.factories[row].key for row in rows]
    charted = keys.index(CHARTED) if CHARTED in keys else len(keys)
    importing = keys.index(IMPORTING) if IMPORTING in keys else charted
    warmer = ScreenWarmer(window, warms, lambda: window.team_id, charted, importing)
    warmer.start()
    return warmer


def _warm_row(window: MainWindow, row: int, warmed: set[int]) -> Warm:
    """The warming of the screen in ``window``'s navigation row ``row``: its module imported
    first when it is a lazy one, the timer's clock read after it when it is a ceremony's;
    none once the user has opened it (``warmed``: the rows warming built). Its visit read it
    then, and reads again when an action names what it shows: warming it again while hidden
    is a revisit's read nobody sees (and the user's clicks on a widget that reach no window,
    such as QTest's, went on to meet those steps and the charts' import)."""
    factory = window.factories[row]
    module = factory.target.split(":")[0] if isinstance(factory, LazyScreen) else None

    def build() -> Screen:
        warmed.add(row)
        return window.screen_at(row)

    warm = screen_warm(build, module, lambda s, t: _prepare_timer(window, s, t))

    def steps(team: TeamId) -> Iterator[None]:
        if window.screens[row] is not None and row not in warmed:
            return iter(())  # opened by the user: nothing to warm
        return warm(team)

    return steps


def _prepare_timer(window: MainWindow, screen: Screen, team: TeamId) -> None:
    """Read the clock the timer shows on ``screen``'s visit, once, so that its statements
    are compiled and its pages cached before the visit reads it again (what is read is not
    kept: the visit reads the clock as it is then)."""
    if screen.ceremony is None:
        return
    from facilitator.ops.timebox import load_timer

    load_timer(window.ctx.store, team, Ceremony(screen.ceremony), screen.agenda)
