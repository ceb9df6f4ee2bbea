"""The room window: presenter mode in a window of its own, for a projector, a second screen or
a video call that shares just that window.

It follows the facilitator's main window (screen, story, team, timer) and shows only what the
room may see: the screen's :class:`~facilitator.ui.screens.timebox_screen.RoomView` (poker votes
appear once revealed) and a read-only clock. The main window keeps its editing controls.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol, TypeVar

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QGuiApplication,
    QKeySequence,
    QResizeEvent,
    QShortcut,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QMainWindow,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from facilitator.ui.context import UiContext
from facilitator.ui.keys_line import join_parts, key_group
from facilitator.ui.presenter import PresenterController
from facilitator.ui.screens.base import Screen
from facilitator.ui.screens.timebox_screen import CeremonyScreen, RoomView
from facilitator.ui.theme import Colours, TypeScale, presenter_stylesheet
from facilitator.ui.widgets.text import plain_label, plain_tip
from facilitator.ui.widgets.timer import TimerWidget

ROOM_HINTS = join_parts(
    key_group("↑ ↓", "scroll"),
    key_group("F11", "full screen"),
    key_group("Esc", "leave full screen"),
)
# Section headings are bold at body size; added to the presenter style sheet.
ROOM_STYLE = 'QLabel[role="section"] { font-weight: bold; }'


class HasScreen(Protocol):
    """What :func:`room_screen` needs of a screen (QScreen, or a fake in tests)."""

    def name(self) -> str:
        """The screen's name."""
        ...


S = TypeVar("S", bound=HasScreen)


def room_screen(main: S | None, screens: Sequence[S]) -> S | None:
    """The screen the room window goes to: one the main window is not on, when there is one.

    Args:
        main: the screen the main window is on.
        screens: every screen (``QGuiApplication.screens()``).

    Returns:
        Another screen than ``main`` when there are several, else ``main``.
    """
    others = [s for s in screens if s is not main]
    if len(screens) > 1 and others:
        return others[0]
    return main


def view_for(screen: QWidget | None, context: str) -> RoomView:
    """The room view of ``screen``: its own, or its title with the team and sprint line."""
    if isinstance(screen, CeremonyScreen):
        view = screen.room_view()
        if view is not None:
            return view
    title = screen.title if isinstance(screen, Screen) else "Sprint Facilitator"
    return RoomView(title.upper(), title, (("", (context,)),) if context else ())


class RoomWindow(QWidget):
    """A read-only presenter view: progress, the current item, its sections, a large clock."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        """Build an empty room window; :meth:`show_view` and :meth:`apply` fill and style it."""
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("room_window")
        self.setAccessibleName("Room window")
        self.setWindowTitle("Room — Sprint Facilitator")
        self.resize(1280, 720)
        self.colours: Colours | None = None
        self.factor = 1.0
        self._timer_px = 0
        self.view: RoomView | None = None

        # A second timer on the same stored state: wall-clock driven, so it shows the same time.
        self.timer = TimerWidget(ctx, beep=lambda: None)
        self.timer.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        for shortcut in self.timer.findChildren(QShortcut):
            shortcut.setEnabled(False)  # read-only: Space, + and N belong to the main window
        self.progress = plain_label(name="room_progress", wrap=True)
        self.progress.setProperty("role", "section")
        self.title = plain_label(name="room_title", wrap=True)
        self.title.setProperty("role", "heading")
        self.footer = plain_label(name="room_footer", wrap=True)
        self.hints = plain_label(ROOM_HINTS, name="room_hints", wrap=True)
        self.hints.setProperty("role", "keys")

        self.columns = QHBoxLayout()
        self.columns.setSpacing(32)
        self.stage = QWidget()
        self.stage.setObjectName("room_stage")
        stage = QVBoxLayout(self.stage)
        stage.addWidget(self.title)
        stage.addLayout(self.columns)
        stage.addWidget(self.footer)
        stage.addStretch(1)
        self.scroll_area = QScrollArea()
        self.scroll_area.setObjectName("room_scroll")
        self.scroll_area.setAccessibleName("Current item")
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.setWidget(self.stage)
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # ↑ ↓ scroll a long item
        self.setFocusProxy(self.scroll_area)

        top = QHBoxLayout()
        top.addWidget(self.progress, 2, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.timer, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 16, 32, 16)
        layout.addLayout(top)
        layout.addWidget(self.scroll_area, 1)
        layout.addWidget(self.hints)

        for key, slot in (("Esc", self.leave_full_screen), ("F11", self.toggle_full_screen)):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)

    # --- what it shows -----------------------------------------------------------------------
    def show_view(self, view: RoomView) -> None:
        """Show ``view`` (plain text only)."""
        self.view = view
        self.progress.setText(view.progress)
        self.title.setText(view.title)
        self.title.setToolTip(plain_tip(view.title))
        self.footer.setText(view.footer)
        self.footer.setVisible(bool(view.footer))
        while self.columns.count():
            item = self.columns.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for index, (heading, lines) in enumerate(view.sections):
            self.columns.addWidget(
                self._section(index, heading, lines), 1, Qt.AlignmentFlag.AlignTop
            )

    def _section(self, index: int, heading: str, lines: tuple[str, ...]) -> QWidget:
        column = QWidget()
        column.setObjectName(f"room_section_{index}")
        layout = QVBoxLayout(column)
        layout.setContentsMargins(0, 0, 0, 0)
        if heading:
            label = plain_label(heading, name=f"room_section_{index}_heading")
            label.setProperty("role", "section")
            layout.addWidget(label)
        layout.addWidget(
            plain_label("\n".join(lines), name=f"room_section_{index}_lines", wrap=True)
        )
        return column

    def section_texts(self) -> list[str]:
        """Every line the sections show, for tests and screen readers."""
        return [
            text for _heading, lines in (self.view.sections if self.view else ()) for text in lines
        ]

    def apply(self, colours: Colours, factor: float) -> None:
        """Style the window like presenter mode: ``colours`` and the team's type ``factor``."""
        self.colours, self.factor = colours, factor
        scale = TypeScale(factor, room_height=self.height())
        self.setStyleSheet(presenter_stylesheet(colours, scale) + ROOM_STYLE)
        self.timer.set_presenter(True, colours, scale)
        self._timer_px = scale.timer

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        """Re-size the clock when the window's height changes it."""
        super().resizeEvent(event)
        if (
            self.colours is not None
            and TypeScale(self.factor, self.height()).timer != self._timer_px
        ):
            self.apply(self.colours, self.factor)

    # --- full screen ---------------------------------------------------------------------------
    def toggle_full_screen(self) -> None:
        """Enter or leave full screen (F11)."""
        if self.isFullScreen():
            self.leave_full_screen()
        else:
            self.showFullScreen()

    def leave_full_screen(self) -> None:
        """Back to a normal window (Esc); a window to share in a video call."""
        if self.isFullScreen():
            self.showNormal()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        """Closing only hides it: the main window is untouched and can open it again."""
        self.timer.clear()
        super().closeEvent(event)


class RoomController(QObject):
    """Opens the room window from the main window and keeps it following the main window.

    Args:
        window: the main window (the action is added to it).
        ctx: store and clock.
        presenter: the main window's presenter controller (team, type scale, theme).
        timer: the main window's timer; its changes reload the room's clock.
        current_screen: the widget on display in the main window.
        context: the team and sprint line ("Payments · Sprint 12 · day 3 of 10").
    """

    def __init__(
        self,
        window: QMainWindow,
        ctx: UiContext,
        presenter: PresenterController,
        timer: TimerWidget,
        current_screen: Callable[[], QWidget | None],
        context: Callable[[], str],
    ) -> None:
        """Create the action (Ctrl+Shift+F11) and its tool button; the window opens on demand."""
        super().__init__(window)
        self.window, self.ctx, self.presenter, self.main_timer = window, ctx, presenter, timer
        self.current_screen, self.context = current_screen, context
        self.room: RoomWindow | None = None
        self._screen: CeremonyScreen | None = None
        self.open_action = QAction("Open room window", window)
        self.open_action.setObjectName("room_open")
        self.open_action.setIconText("Room window")  # the top bar's button: short, 1280 px fit
        self.open_action.setShortcut(QKeySequence("Ctrl+Shift+F11"))
        self.open_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.open_action.setToolTip("Open room window (Ctrl+Shift+F11): what the room sees")
        self.open_action.triggered.connect(self.open)
        window.addAction(self.open_action)
        self.button = QToolButton()
        self.button.setObjectName("room_button")
        self.button.setAccessibleName("Open room window")
        self.button.setDefaultAction(self.open_action)
        timer.changed.connect(self.follow_timer)
        presenter.applied.connect(self.apply)
        window.installEventFilter(self)

    def open(self) -> RoomWindow:
        """Show the room window (full screen on another screen when there is one) and fill it."""
        if self.room is None:
            self.room = RoomWindow(self.ctx, self.window)
        room = self.room
        if room.isVisible():
            room.raise_()  # already open: bring it forward
            self.follow()
            return room
        target = room_screen(self.window.screen(), QGuiApplication.screens())
        self.apply()
        if target is not None and target is not self.window.screen():
            room.move(target.availableGeometry().topLeft())
            room.showFullScreen()
        else:
            room.show()
        self.follow()
        return room

    def is_open(self) -> bool:
        """Whether the room window is on display."""
        return self.room is not None and self.room.isVisible()

    def apply(self) -> None:
        """Take the team's type scale and theme (after a zoom, contrast or team change)."""
        if self.room is not None:
            self.room.apply(self.presenter.colours(), self.presenter.settings.scale)

    def follow(self) -> None:
        """Show what the main window shows now: its screen's room view and its timer."""
        screen = self.current_screen()
        watched = screen if isinstance(screen, CeremonyScreen) else None
        if watched is not self._screen:
            if self._screen is not None:
                self._screen.room_changed.disconnect(self.follow_view)
            if watched is not None:
                watched.room_changed.connect(self.follow_view)
            self._screen = watched
        if not self.is_open():
            return
        self.follow_view()
        self.follow_timer()

    def follow_view(self) -> None:
        """Re-read the current screen's room view."""
        if self.is_open() and self.room is not None:
            self.room.show_view(view_for(self.current_screen(), self.context()))

    def follow_timer(self) -> None:
        """Show the main window's clock as it is (the same frozen view, nothing re-read)."""
        if not self.is_open() or self.room is None:
            return
        view = self.main_timer.view
        self.room.timer.show_view(view)
        self.room.timer.setVisible(view is not None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """The room window closes with the main window."""
        if watched is self.window and event.type() == QEvent.Type.Close and self.room is not None:
            self.room.close()
        return False


__all__ = ["RoomController", "RoomWindow", "room_screen", "view_for"]
