"""The main window: navigation rail, top bar with the team switcher, screens, status bar."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QMainWindow,
    QStackedWidget,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from facilitator import APP_NAME, collector
from facilitator.domain.ids import TeamId
from facilitator.domain.model import Team
from facilitator.domain.timebox import Ceremony
from facilitator.errors import FacilitatorError
from facilitator.ops.changes import Changes, Kind
from facilitator.ui.input_watch import InputWatch
from facilitator.ui.keyboard import window_keys
from facilitator.ui.nav_badges import NavBadges
from facilitator.ui.presenter import PresenterController
from facilitator.ui.presenter_window import (
    Backdrop,
    FitOnFirstShow,
    fit_on_screen,
    never_past_screen,
    size_to_current_page,
)
from facilitator.ui.screens.base import Screen
from facilitator.ui.screens.registry import SCREENS, ScreenFactory, nav_digit, navigation
from facilitator.ui.screens.timebox_screen import CeremonyScreen
from facilitator.ui.status_line import StatusLine
from facilitator.ui.team_bar import TeamBar
from facilitator.ui.widgets.text import plain_label

if TYPE_CHECKING:  # the storage code loads after the window's first paint (see attach)
    from facilitator.ops.teams import HomeSummary, OpeningView
    from facilitator.ui.context import UiContext
    from facilitator.ui.restore_dialog import RestoreController
    from facilitator.ui.room_window import RoomController
    from facilitator.ui.screens.warming import ScreenWarmer
    from facilitator.ui.screens.welcome import WelcomeScreen
    from facilitator.ui.widgets.timer import TimerWidget


# What attach() and Home's first showing import: start-up imports them on its worker thread
# while the shell is on screen (see facilitator.ui.opening), so the GUI thread only builds widgets.
ATTACH_MODULES = (
    "facilitator.ops.attention",
    "facilitator.ui.context",
    "facilitator.ui.restore_dialog",
    "facilitator.ui.room_window",
    "facilitator.ui.widgets.raise_decision",
    "facilitator.ui.widgets.file_menu",
    "facilitator.ui.widgets.timer",
    "facilitator.ui.screens.home",
    "facilitator.ui.screens.warming",
    "facilitator.ui.binding_check",
)


# Room for a window manager's frame around the window (title bar and borders), in pixels.
TITLE_BAR_ROOM = 48


class MainWindow(QMainWindow):
    """The facilitator's window; screens are created once and reloaded per team.

    Built in two steps so that start-up paints at once: the shell (navigation, top bar, an
    "Opening …" page and status line) needs neither the database nor the storage code;
    :meth:`attach` then opens onto the store, builds the timer, presenter mode and the screens,
    and shows the first team. ``MainWindow(ctx)`` does both.
    """

    def __init__(
        self, ctx: UiContext | None = None, parent: QWidget | None = None, *, opening: str = ""
    ) -> None:
        """Build the window; with ``ctx``, attach it (else the shell says it is ``opening``)."""
        super().__init__(parent)
        self.setObjectName("main_window")
        self.setAccessibleName(APP_NAME)
        self.setWindowTitle(APP_NAME)
        # 1280×800 where it fits; never more than the available screen (1280×720 included).
        never_past_screen(self)
        fit_on_screen(self, QSize(1280, 800))
        FitOnFirstShow(self)
        # Before the window manager has framed the window its title bar is unknown, so a window
        # as large as a small screen would put its status bar off screen: let the window manager
        # size it (maximized) wherever 1280×800 and a title bar do not fit.
        area = self.screen().availableGeometry()
        if area.width() < 1280 + TITLE_BAR_ROOM or area.height() < 800 + TITLE_BAR_ROOM:
            self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)
        self.team_id: TeamId | None = None
        self._sprint_line_due = False
        self.teams: list[Team] = []
        self.attached = False  # True once the store is attached
        self._first_home: HomeSummary | None = None  # start-up's summary, until Home shows it
        self.ctx: UiContext
        self.timer: TimerWidget
        self.presenter: PresenterController
        self.room: RoomController
        self.restore: RestoreController

        # Return on a focused button clicks it, everywhere in the window; the wheel scrolls the
        # page unless a spin box or combo box has focus (one filter for the application).
        self.keys = window_keys(self)

        self.nav = navigation(SCREENS)
        self.stack = QStackedWidget()
        self.stack.setObjectName("screen_stack")
        size_to_current_page(self.stack)  # hidden screens never widen or heighten the window
        # Until the store is attached: what the window is doing, in words.
        self.opening = plain_label(
            f"Opening {opening}…" if opening else "Opening the database…",
            name="opening",
            wrap=True,
        )
        self.opening.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.opening)

        # The welcome screen exists only while the database has no team.
        self.welcome: WelcomeScreen | None = None
        self.warmer: ScreenWarmer | None = None  # readies the screens' first visits (attach)
        # The user's input, which background work gives way to (see facilitator.give_way).
        self.input_watch = InputWatch(self)

        # Screens are built the first time they are shown.
        self.factories: tuple[ScreenFactory, ...] = SCREENS
        self.screens: list[Screen | None] = [None] * len(SCREENS)
        self.badges = NavBadges(self, self.nav, SCREENS, lambda: self.team_id)
        self.nav.currentRowChanged.connect(self._on_nav)
        for index in range(min(10, len(self.screens))):  # Ctrl+1 … Ctrl+9, then Ctrl+0
            shortcut = QShortcut(QKeySequence(f"Ctrl+{nav_digit(index)}"), self)
            shortcut.activated.connect(lambda row=index: self.nav.setCurrentRow(row))

        self.top_bar = QHBoxLayout()
        self.team_bar = TeamBar(self.top_bar)
        self.team_bar.switcher.currentIndexChanged.connect(self._on_team_picked)
        self.right = QVBoxLayout()
        self.right.addLayout(self.top_bar)
        self.right.addWidget(self.stack, 1)
        body = QHBoxLayout()
        body.addWidget(self.nav)
        body.addLayout(self.right, 1)
        central = Backdrop()  # presenter mode paints its background
        central.setLayout(body)
        self.setCentralWidget(central)

        self.status = StatusLine(self, opening)
        if ctx is not None:
            self.attach(ctx)

    def attach(self, ctx: UiContext, opening: OpeningView | None = None) -> None:
        """Work on ``ctx.store``: the timer, presenter mode, the room window, restore, and the
        first team's screen (or the welcome screen); ``opening`` is the team list and Home's
        summary when start-up has read them already. All at once (see :meth:`attach_steps`)."""
        for _step in self.attach_steps(ctx, opening):
            pass

    def attach_steps(self, ctx: UiContext, opening: OpeningView | None = None) -> Iterator[None]:
        """:meth:`attach` in steps, each one event-loop turn of start-up's (the shell is on
        screen and takes keys meanwhile): the window's parts over the store (timer, presenter
        mode, room window, restore, file menu), then Home built hidden, then the first team
        shown on it (Home filled, then laid out and painted in the same turn). In one turn they
        blocked the window 74-90 ms after its first paint."""
        from facilitator.ui.restore_dialog import RestoreController
        from facilitator.ui.room_window import RoomController
        from facilitator.ui.widgets import raise_decision
        from facilitator.ui.widgets.file_menu import FileMenu
        from facilitator.ui.widgets.timer import TimerWidget

        self.ctx = ctx
        self.badges.ctx = ctx
        self.attached = True
        # Ctrl+D raises a decision from any screen, linked to the ceremony run and story on it.
        raise_decision.install(self, ctx, lambda: self.team_id, self.current_screen)

        top_bar = self.top_bar
        # The shared timebox timer: shown for ceremony screens, keys work window-wide.
        self.timer = TimerWidget(ctx, shortcut_context=Qt.ShortcutContext.WindowShortcut)
        self.timer.saved.connect(self.mark_saved)
        # Every action's record of what changed reaches the screens, badges and room window.
        ctx.actions.changed.connect(self.apply_changes)
        self.timer.hide()
        top_bar.addWidget(self.timer, 6)  # its texts elide (full text in the tooltip)
        self.presenter_button = QToolButton()
        self.presenter_button.setObjectName("presenter_button")
        self.presenter_button.setAccessibleName("Presenter mode")
        top_bar.addWidget(self.presenter_button, 0, Qt.AlignmentFlag.AlignTop)

        self.presenter = PresenterController(
            self,
            ctx,
            self.timer,
            [
                self.nav,
                self.team_bar.switcher,
                self.team_bar.team_label,
                self.team_bar.sprint_label,
                self.presenter_button,
            ],
            self.current_screen,
        )
        self.presenter_button.setDefaultAction(self.presenter.toggle_action)
        # The room window (projector, second screen, shared window) follows this window.
        self.room = RoomController(
            self, ctx, self.presenter, self.timer, self.current_screen, self.team_bar.context_line
        )
        top_bar.addWidget(self.room.button, 0, Qt.AlignmentFlag.AlignTop)
        self.presenter.chrome += (self.room.button,)  # presenter mode hides it too
        self.right.addWidget(self.presenter.hints)
        # The hint line starts where the screens' text does (inside their layouts' margin).
        margin = self.style().pixelMetric(QStyle.PixelMetric.PM_LayoutLeftMargin)
        self.presenter.hints.setContentsMargins(margin, 0, margin, 0)

        self.status.attach(ctx.store.target.display)
        # Restore a backup: a status-bar button and Ctrl+Shift+B.
        self.restore = RestoreController(self, ctx, self.reload_teams)
        # File menu: imports (a preview, progress, Cancel) and exports.
        self.file_menu = FileMenu(self, ctx, lambda: self.team_id)
        yield

        first = None if opening is None else opening.home
        self._first_home = first
        if opening is not None and opening.teams and first is not None:
            yield from self._home_hidden(first)
            self._first_home = None  # Home shows it: its visit reads nothing
        if first is not None:
            self.badges.first_from(first, ctx)
        self.reload_teams(None if opening is None else opening.teams)
        self._first_home = None
        self.stack.removeWidget(self.opening)
        self.opening.deleteLater()
        # Team, the Backlog, the ceremony screens and History (its charts, matplotlib) are
        # readied while the user reads Home.
        from facilitator.ui.screens.warming import warm_screens

        self.warmer = warm_screens(self)

    def _home_hidden(self, first: HomeSummary) -> Iterator[None]:
        """Build Home hidden, then show start-up's summary on it and lay it out at the size it
        is shown at, a step each: showing it then only paints it (in the turn that showed it,
        filling and laying it out had taken 20-40 ms, painting it 35-50 more)."""
        from facilitator.ui.screens.home import HomeScreen
        from facilitator.ui.screens.warming import lay_out_hidden

        row = next(i for i, f in enumerate(self.factories) if f.key == "home")
        home = self.screen_at(row)
        yield
        if isinstance(home, HomeScreen):
            home.show_summary(first)
            lay_out_hidden(home)
        yield

    # --- teams -------------------------------------------------------------------------------
    def reload_teams(self, teams: list[Team] | None = None) -> None:
        """Read the team list (unless given); show the welcome screen when there is none."""
        from facilitator.ops.teams import list_teams

        try:
            self.teams = list_teams(self.ctx.store) if teams is None else teams
        except FacilitatorError as err:
            self.ctx.dialogs.error(self, "Cannot read the database", str(err))
            self.teams = []
        has_teams = bool(self.teams)
        self.nav.setVisible(has_teams)
        self.presenter_button.setVisible(has_teams)  # nothing to present before a team exists
        self.room.button.setVisible(has_teams)
        self.team_bar.show_teams(self.teams)
        if not has_teams:
            self.team_id = None
            self._show_welcome()
            return
        if self.welcome is not None:
            self.stack.removeWidget(self.welcome)
            self.welcome.setObjectName("")  # deleteLater runs on the next event-loop turn
            self.welcome.deleteLater()
            self.welcome = None
        keep = next((i for i, t in enumerate(self.teams) if t.id == self.team_id), 0)
        self.team_bar.switcher.setCurrentIndex(keep)
        self.select_team(self.teams[keep].id)
        if self.nav.currentRow() < 0:
            self.nav.setCurrentRow(0)
        else:
            self._on_nav(self.nav.currentRow())

    def _show_welcome(self) -> None:
        from facilitator.ui.screens.welcome import WelcomeScreen  # first run only

        if self.welcome is None:
            welcome = WelcomeScreen(self.ctx)
            welcome.teams_changed.connect(self.reload_teams)
            welcome.saved.connect(self.mark_saved)
            self.stack.addWidget(welcome)
            self.welcome = welcome
        self.stack.setCurrentWidget(self.welcome)
        self.welcome.name_edit.setFocus()

    def open_new_team(self, team_id: int) -> None:
        """Reload the team list and switch to the team just created."""
        self.team_id = TeamId(team_id)
        self.reload_teams()

    def _on_team_picked(self, index: int) -> None:
        if 0 <= index < len(self.teams):
            self.select_team(self.teams[index].id)

    def select_team(self, team_id: TeamId) -> None:
        """Make ``team_id`` the team every screen shows."""
        self.team_id = team_id
        team = next(t for t in self.teams if t.id == team_id)
        self.team_bar.team_label.setText(team.name)
        self.setWindowTitle(f"{team.name} — {APP_NAME}")
        self.presenter.load_team(team_id)
        if self.warmer is not None:
            self.warmer.rewarm()  # the new team's screens are readied while Home is read
        self.badges.recount_all()
        self._sprint_line_due = True  # shown with the next screen loaded (Home reads it anyway)
        current = self.stack.currentWidget()
        if isinstance(current, Screen) and current is not self.welcome:
            self._load(current)

    # --- navigation --------------------------------------------------------------------------
    def screen_at(self, row: int) -> Screen:
        """The screen in navigation row ``row``, built on first use."""
        screen = self.screens[row]
        if screen is None:
            screen = self.factories[row](self.ctx)
            screen.saved.connect(self.mark_saved)
            screen.teams_changed.connect(self.reload_teams)
            screen.team_created.connect(self.open_new_team)
            if isinstance(screen, CeremonyScreen):  # one flow: the ceremony drives the timer
                screen.timer_plan = self.timer.planned  # its run starts with the prepared clock
                screen.ceremony_started.connect(self.timer.begin)
                screen.ceremony_finished.connect(self.timer.finish)
                screen.leave_presenter.connect(self.presenter.leave)
            self.stack.addWidget(screen)
            self.screens[row] = screen
            collector.keep()  # it lives as long as the window: full collections skip it
        return screen

    def _on_nav(self, row: int) -> None:
        if not 0 <= row < len(self.screens) or self.team_id is None:
            return
        screen = self.screen_at(row)
        self.stack.setCurrentWidget(screen)
        self._load(screen)

    def _load(self, screen: Screen) -> None:
        if self.team_id is None:
            return
        if screen.ceremony is None:  # the top bar shrinks before the screen lays itself out
            self.timer.hide()  # (History's chart is drawn at the size it is shown at)
        from facilitator.ui.screens.home import HomeScreen  # loaded with the summary

        home = screen if isinstance(screen, HomeScreen) else None
        first = self._first_home
        if home is not None and first is not None and first.team.id == self.team_id:
            home.show_summary(first)  # start-up read it: show it, read nothing
        try:
            screen.show_team(self.team_id)
        except FacilitatorError as err:
            self.ctx.dialogs.error(self, f"Cannot show {screen.title}", str(err))
            return
        if self._sprint_line_due:
            self._sprint_line_due = False
            # Home has just read the current sprint with its summary: the top bar reuses it.
            summary = None if home is None else home.summary
            if summary is not None and summary.team.id == self.team_id:
                self.team_bar.show_sprint(summary.sprint, self.ctx.today())
            else:
                self.team_bar.read_sprint(self.ctx.store, self.team_id, self.ctx.today())
        self._show_timer(screen)
        self.presenter.screen_changed()
        self.room.follow()

    def _show_timer(self, screen: Screen) -> None:
        """Show the shared timer in the top bar when ``screen`` facilitates a ceremony."""
        if screen.ceremony is None or self.team_id is None:
            self.timer.hide()
            self.timer.clear()
            return
        try:
            self.timer.show_timer(self.team_id, Ceremony(screen.ceremony), screen.agenda)
        except FacilitatorError as err:
            self.ctx.dialogs.error(self, "Cannot read the timer", str(err))
            return
        self.timer.show()

    def current_screen(self) -> QWidget | None:
        """The widget on display (a screen or the welcome page)."""
        return self.stack.currentWidget()

    # --- status bar --------------------------------------------------------------------------
    def mark_saved(self) -> None:
        """Note that an action was just committed (a screen's or the timer's payload-less
        ``saved`` says only that; the badges are recounted from the action's record, for the
        kinds it names: recounting every badge after each timer press ran some 30 statements)."""
        self.status.mark_saved()

    def apply_changes(self, changes: Changes) -> None:
        """Pass an action's record to every screen built so far and recount the badges whose
        kinds it names (nothing else is counted again)."""
        self.badges.recount(changes.kinds)
        self.mark_saved()
        for screen in self.screens:
            if screen is not None:
                screen.apply_changes(changes)
        if changes.touches(Kind.TEAMS):
            self.reload_teams()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        """Watch the user's input from the first showing on (the native window exists now)."""
        super().showEvent(event)
        self.input_watch.watch()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        """Stop timers; every action is already committed, so nothing waits for Save. A running
        import is cancelled (rolled back) and its thread waited for."""
        if self.attached:
            self.file_menu.stop_import()
            self.status.stop()
            self.timer.stop()
        super().closeEvent(event)
