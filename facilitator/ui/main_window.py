"""The main window: navigation rail, top bar with the team switcher, screens, status bar."""

from __future__ import annotations

import importlib
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from facilitator import APP_NAME
from facilitator.domain.ids import TeamId
from facilitator.domain.model import Sprint, Team
from facilitator.domain.timebox import Ceremony
from facilitator.errors import FacilitatorError
from facilitator.ops.changes import Changes, Kind
from facilitator.ui.keyboard import window_keys
from facilitator.ui.presenter import PresenterController
from facilitator.ui.presenter_window import (
    Backdrop,
    FitOnFirstShow,
    fit_on_screen,
    never_past_screen,
    size_to_current_page,
)
from facilitator.ui.screens.base import Screen
from facilitator.ui.screens.timebox_screen import CeremonyScreen
from facilitator.ui.widgets.text import plain_label, plain_tip

if TYPE_CHECKING:  # the storage code loads after the window's first paint (see attach)
    from facilitator.ops.attention import Badge
    from facilitator.ops.teams import HomeSummary, OpeningView
    from facilitator.ui.context import UiContext
    from facilitator.ui.restore_dialog import RestoreController
    from facilitator.ui.room_window import RoomController
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
    "facilitator.ui.screens.history_warm",
)


class ScreenFactory(Protocol):
    """A screen class, or a :class:`LazyScreen`: has a title and builds the screen."""

    @property
    def key(self) -> str:
        """Stable identifier of the screen (badges and tests use it)."""
        ...

    @property
    def title(self) -> str:
        """The screen's name in the navigation."""
        ...

    def __call__(self, ctx: UiContext) -> Screen:
        """Build the screen."""
        ...


@dataclass(frozen=True)
class LazyScreen:
    """A screen whose module is imported the first time it is opened, keeping start-up fast."""

    key: str
    title: str
    target: str  # "package.module:ClassName"

    def __call__(self, ctx: UiContext) -> Screen:
        """Import the screen's module and build the screen."""
        module_name, class_name = self.target.split(":")
        screen_class = getattr(importlib.import_module(module_name), class_name)
        screen = screen_class(ctx)
        assert isinstance(screen, Screen)
        return screen


# The screens of DESIGN.md that exist so far, in navigation order.
SCREENS: tuple[ScreenFactory, ...] = (
    LazyScreen("home", "Home", "facilitator.ui.screens.home:HomeScreen"),
    LazyScreen("team", "Team", "facilitator.ui.screens.team:TeamScreen"),
    LazyScreen("backlog", "Backlog", "facilitator.ui.screens.backlog:BacklogScreen"),
    LazyScreen("refinement", "Refinement", "facilitator.ui.screens.refinement:RefinementScreen"),
    LazyScreen("planning", "Planning", "facilitator.ui.screens.planning:PlanningScreen"),
    LazyScreen("standup", "Standup", "facilitator.ui.screens.standup:StandupScreen"),
    LazyScreen("decisions", "Decisions", "facilitator.ui.screens.decisions:DecisionsScreen"),
    LazyScreen("review", "Review", "facilitator.ui.screens.review:ReviewScreen"),
    LazyScreen("retro", "Retro", "facilitator.ui.screens.retro:RetroScreen"),
    LazyScreen("history", "History", "facilitator.ui.screens.history:HistoryScreen"),
)


def nav_digit(row: int) -> int:
    """The digit of the navigation row's Ctrl shortcut: 1 … 9 for the first nine, 0 for the
    tenth (the keyboard's order)."""
    return (row + 1) % 10


# How often the badges that age by themselves (blockers past the SLA) are recounted, in ms.
AGEING_MS = 60_000


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
        self._saved_at: float | None = None
        self.attached = False  # True once the store is attached
        self._first_home: HomeSummary | None = None  # start-up's summary, until Home shows it
        self._first_badges: tuple[TeamId, dict[str, Badge | None]] | None = None  # and badges
        self.ctx: UiContext
        self.timer: TimerWidget
        self.presenter: PresenterController
        self.room: RoomController
        self.restore: RestoreController

        # Return on a focused button clicks it, everywhere in the window; the wheel scrolls the
        # page unless a spin box or combo box has focus (one filter for the application).
        self.keys = window_keys(self)

        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setAccessibleName("Screens")
        self.nav.setFixedWidth(190)
        nav_font = QFont(self.nav.font())
        nav_font.setPointSizeF(nav_font.pointSizeF() * 1.15)
        self.nav.setFont(nav_font)
        self.nav.setSpacing(3)
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

        # Screens are built the first time they are shown.
        self.factories: tuple[ScreenFactory, ...] = SCREENS
        self.screens: list[Screen | None] = [None] * len(SCREENS)
        for index, factory in enumerate(SCREENS):
            item = QListWidgetItem(factory.title)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, factory.title)
            item.setToolTip(self._nav_hint(index))
            self.nav.addItem(item)
        # Badges are counted after the window is on screen and after every saved action.
        self._badge_timer = QTimer(self)
        self._badge_timer.setSingleShot(True)
        self._badge_timer.setInterval(0)
        self._badge_timer.timeout.connect(self.refresh_badges)
        # Blockers age with nobody acting: the standup badge is recounted every minute (two
        # statements), so it flags a blocker the moment it passes the SLA.
        self._ageing = QTimer(self)
        self._ageing.setInterval(AGEING_MS)
        self._ageing.timeout.connect(self._recount_ageing)
        self._ageing.start()
        self.nav.currentRowChanged.connect(self._on_nav)
        for index in range(min(10, len(self.screens))):  # Ctrl+1 … Ctrl+9, then Ctrl+0
            shortcut = QShortcut(QKeySequence(f"Ctrl+{nav_digit(index)}"), self)
            shortcut.activated.connect(lambda row=index: self.nav.setCurrentRow(row))

        self.team_switcher = QComboBox()
        self.team_switcher.setObjectName("team_switcher")
        self.team_switcher.setAccessibleName("Team")
        self.team_switcher.setMinimumContentsLength(16)
        self.team_switcher.currentIndexChanged.connect(self._on_team_picked)
        self.team_switcher.hide()  # until the teams are read
        self.team_label = plain_label(name="team_label", point_scale=1.2, bold=True)
        self.sprint_label = plain_label(name="top_sprint_label")

        self.top_bar = QHBoxLayout()
        self.top_bar.addWidget(self.team_switcher)
        self.top_bar.addWidget(self.team_label)
        self.top_bar.addSpacing(16)
        self.top_bar.addWidget(self.sprint_label)
        self.top_bar.addStretch(1)
        self.right = QVBoxLayout()
        self.right.addLayout(self.top_bar)
        self.right.addWidget(self.stack, 1)
        body = QHBoxLayout()
        body.addWidget(self.nav)
        body.addLayout(self.right, 1)
        central = Backdrop()  # presenter mode paints its background
        central.setLayout(body)
        self.setCentralWidget(central)

        self.db_label = plain_label(opening, name="status_db")
        self.saved_label = plain_label(name="status_saved")
        self.statusBar().addWidget(self.db_label, 1)
        self.statusBar().addPermanentWidget(self.saved_label)
        if ctx is not None:
            self.attach(ctx)

    def attach(self, ctx: UiContext, opening: OpeningView | None = None) -> None:
        """Work on ``ctx.store``: the timer, presenter mode, the room window, restore, and the
        first team's screen (or the welcome screen); ``opening`` is the team list and Home's
        summary when start-up has read them already."""
        # Imported here, not at the top: the shell paints before the storage code is loaded.
        from facilitator.ui.restore_dialog import RestoreController
        from facilitator.ui.room_window import RoomController
        from facilitator.ui.widgets import raise_decision
        from facilitator.ui.widgets.file_menu import FileMenu
        from facilitator.ui.widgets.timer import TimerWidget

        self.ctx = ctx
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
                self.team_switcher,
                self.team_label,
                self.sprint_label,
                self.presenter_button,
            ],
            self.current_screen,
        )
        self.presenter_button.setDefaultAction(self.presenter.toggle_action)
        # The room window (projector, second screen, shared window) follows this window.
        self.room = RoomController(
            self, ctx, self.presenter, self.timer, self.current_screen, self._context_line
        )
        top_bar.addWidget(self.room.button, 0, Qt.AlignmentFlag.AlignTop)
        self.presenter.chrome += (self.room.button,)  # presenter mode hides it too
        self.right.addWidget(self.presenter.hints)

        self.db_label.setText(ctx.store.target.display)
        self.db_label.setToolTip(plain_tip(ctx.store.target.display))
        self._saved_timer = QTimer(self)
        self._saved_timer.setInterval(5000)
        self._saved_timer.timeout.connect(self._update_saved_label)
        self._saved_timer.start()
        self._update_saved_label()
        # Restore a backup: a status-bar button and Ctrl+Shift+B.
        self.restore = RestoreController(self, ctx, self.reload_teams)
        # File menu: imports (a preview, progress, Cancel) and exports.
        self.file_menu = FileMenu(self, ctx, lambda: self.team_id)

        self._first_home = None if opening is None else opening.home
        if self._first_home is not None:
            from facilitator.ops.attention import badges_of_home

            home = self._first_home
            self._first_badges = (home.team.id, badges_of_home(home, ctx.now()))
        self.reload_teams(None if opening is None else opening.teams)
        self._first_home = None
        self.stack.removeWidget(self.opening)
        self.opening.deleteLater()
        # History's charts (matplotlib) and data are readied while the user reads Home.
        from facilitator.ui.screens.history_warm import warm_history

        self.warmer = warm_history(self)

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
        self.team_switcher.blockSignals(True)
        self.team_switcher.clear()
        for team in self.teams:
            self.team_switcher.addItem(team.name, int(team.id))
        self.team_switcher.blockSignals(False)
        self.team_switcher.setVisible(len(self.teams) > 1)
        self.team_label.setVisible(len(self.teams) == 1)
        if not has_teams:
            self.team_id = None
            self.team_label.setText("")
            self.sprint_label.setText("")
            self._show_welcome()
            return
        if self.welcome is not None:
            self.stack.removeWidget(self.welcome)
            self.welcome.setObjectName("")  # deleteLater runs on the next event-loop turn
            self.welcome.deleteLater()
            self.welcome = None
        keep = next((i for i, t in enumerate(self.teams) if t.id == self.team_id), 0)
        self.team_switcher.setCurrentIndex(keep)
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
        self.team_label.setText(team.name)
        self.setWindowTitle(f"{team.name} — {APP_NAME}")
        self.presenter.load_team(team_id)
        self._badge_timer.start()
        self._sprint_line_due = True  # shown with the next screen loaded (Home reads it anyway)
        current = self.stack.currentWidget()
        if isinstance(current, Screen) and current is not self.welcome:
            self._load(current)

    def _show_sprint_line(self, team_id: TeamId) -> None:
        from facilitator.ops.teams import current_sprint

        try:
            sprint = current_sprint(self.ctx.store, team_id)
        except FacilitatorError as err:
            self.sprint_label.setText(f"✗ {err}")
            return
        self._show_sprint(sprint)

    def _show_sprint(self, sprint: Sprint | None) -> None:
        if sprint is None:
            self.sprint_label.setText("No active sprint")
            return
        day, total = sprint.working_day(self.ctx.today())
        when = f"day {day} of {total}" if day else f"starts {sprint.start:%d %b}"
        self.sprint_label.setText(f"{sprint.name} · {when}")

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
        first = self._first_home
        if first is not None and first.team.id == self.team_id:
            from facilitator.ui.screens.home import HomeScreen  # loaded with the summary

            if isinstance(screen, HomeScreen):  # start-up read it: show it, read nothing
                screen.show_summary(first)
        try:
            screen.show_team(self.team_id)
        except FacilitatorError as err:
            self.ctx.dialogs.error(self, f"Cannot show {screen.title}", str(err))
            return
        if self._sprint_line_due:
            self._sprint_line_due = False
            # Home has just read the current sprint with its summary: the top bar reuses it.
            summary = getattr(screen, "summary", None)
            if summary is not None and summary.team.id == self.team_id:
                self._show_sprint(summary.sprint)
            else:
                self._show_sprint_line(self.team_id)
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

    def _context_line(self) -> str:
        return " · ".join(t for t in (self.team_label.text(), self.sprint_label.text()) if t)

    def current_screen(self) -> QWidget | None:
        """The widget on display (a screen or the welcome page)."""
        return self.stack.currentWidget()

    # --- status bar --------------------------------------------------------------------------
    def mark_saved(self, recount: bool = False) -> None:
        """Note that an action was just committed.

        A screen's or the timer's payload-less ``saved`` says only that; the badges are
        recounted from the action's record (:meth:`apply_changes`), for the kinds it names:
        recounting every badge after each timer press ran some 30 statements.
        """
        self._saved_at = time.monotonic()
        self._update_saved_label()
        if recount:
            self._badge_timer.start()

    # The badges the next recount counts (None: every badge), and the team last counted for.
    _badges_due: frozenset[str] | None = None
    _badges_team: TeamId | None = None

    def apply_changes(self, changes: Changes) -> None:
        """Pass an action's record to every screen built so far and recount the badges whose
        kinds it names (nothing else is counted again)."""
        from facilitator.ops.attention import badges_for  # the badges' module: off start-up

        due = badges_for(changes.kinds)
        if due and self._badges_due is not None and self._badge_timer.isActive():
            due |= self._badges_due  # two records before one recount: count both
        elif due and self._badge_timer.isActive():
            due = frozenset()  # a full recount is already on its way
        if due:
            self._badges_due = due
        self.mark_saved(recount=bool(due))
        for screen in self.screens:
            if screen is not None:
                screen.apply_changes(changes)
        if changes.touches(Kind.TEAMS):
            self.reload_teams()

    def _recount_ageing(self) -> None:
        if self.team_id is None or self._badge_timer.isActive():
            return  # no team yet, or a recount is already on its way
        self._badges_due = frozenset({"standup"})
        self._badge_timer.start()

    def refresh_badges(self) -> None:
        """Show on each navigation item how many things need attention, in a number and words.

        After an action only the badges its record can alter are counted; after a team
        switch (or at start) every badge.
        """
        if self.team_id is None:
            return
        from facilitator.ops.attention import nav_badges  # reads several tables: off start-up

        only = self._badges_due if self._badges_team == self.team_id else None
        self._badges_due, self._badges_team = None, self.team_id
        first, self._first_badges = self._first_badges, None
        try:
            if only is None and first is not None and first[0] == self.team_id:
                badges = first[1]  # counted from the summary start-up read: nothing to read
            else:
                badges = nav_badges(
                    self.ctx.store, self.team_id, self.ctx.today(), only, self.ctx.now()
                )
        except FacilitatorError:
            # The screens themselves report the error when opened.
            badges = dict.fromkeys(only or (f.key for f in self.factories))
        for row, factory in enumerate(self.factories):
            if only is not None and factory.key not in only:
                continue  # not counted again: what it counts from did not change
            item = self.nav.item(row)
            badge = badges.get(factory.key)
            if badge is None:
                item.setText(factory.title)
                item.setData(Qt.ItemDataRole.AccessibleTextRole, factory.title)
                item.setToolTip(self._nav_hint(row))
            else:
                item.setText(f"{factory.title}   ! {badge.count}")
                item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{factory.title}: {badge.words}")
                item.setToolTip(f"{badge.words} · {self._nav_hint(row)}")

    def _nav_hint(self, row: int) -> str:
        title = self.factories[row].title
        return f"{title} (Ctrl+{nav_digit(row)})" if row < 10 else title

    def _update_saved_label(self) -> None:
        if self._saved_at is None:
            self.saved_label.setText("✓ all changes saved")
            return
        ago = int(time.monotonic() - self._saved_at)
        self.saved_label.setText(f"✓ saved {ago} s ago" if ago < 120 else "✓ all changes saved")

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        """Stop timers; every action is already committed, so nothing waits for Save. A running
        import is cancelled (rolled back) and its thread waited for."""
        if self.attached:
            self.file_menu.stop_import()
            self._saved_timer.stop()
            self.timer.stop()
        super().closeEvent(event)
