"""Ceremony screens: screens whose ceremony drives the shared timebox timer in the top bar.

A ceremony is a run (:mod:`facilitator.ops.ceremony`): starting it starts the run's clock in
the same action, with the clock the facilitator prepared on the shared
:class:`~facilitator.ui.widgets.timer.TimerWidget` (:attr:`CeremonyScreen.timer_plan`). The
timer follows every committed run change, so the screen never drives it by hand; the
``ceremony_started``/``ceremony_finished`` signals remain for a ceremony whose clock is
separate, and ``leave_presenter`` gives presenter mode one owner.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

from facilitator.domain.ids import TeamId
from facilitator.domain.timebox import Ceremony, TimerState
from facilitator.ui.screens.base import Screen
from facilitator.ui.theme import PRESENTER_BODY_PX, PRESENTER_HEADING_PX


def _no_plan(_team_id: TeamId, _ceremony: Ceremony) -> TimerState | None:
    return None


@dataclass(frozen=True)
class RoomView:
    """What the room window shows of a screen: plain text only, nothing not yet revealed.

    Attributes:
        progress: the heading line, e.g. ``"REFINEMENT · story 3 of 12"``.
        title: the current item's title (or what to do next).
        sections: columns of (heading, lines), e.g. acceptance criteria and readiness.
        footer: one more line below them (the poker spread once revealed), or empty.
    """

    progress: str
    title: str
    sections: tuple[tuple[str, tuple[str, ...]], ...] = ()
    footer: str = ""


class CeremonyScreen(Screen):
    """A :class:`Screen` that facilitates a timeboxed ceremony.

    Signals:
        ceremony_started: the ceremony began; the window runs the timer if it is not running.
        ceremony_finished: the ceremony ended; the window finishes the timer if it is not.
        leave_presenter: a key needs the editing controls; the window leaves presenter mode.
        room_changed: what :meth:`room_view` returns changed; the room window re-reads it.
    """

    ceremony_started = Signal()
    ceremony_finished = Signal()
    leave_presenter = Signal()
    room_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        """A ceremony screen whose runs start with the team's default clock until the window
        sets :attr:`timer_plan`."""
        super().__init__(parent)
        # The clock the facilitator prepared on the shared timer (timeboxes picked), for a new
        # run of (team, ceremony); None: the team's default.
        self.timer_plan: Callable[[TeamId, Ceremony], TimerState | None] = _no_plan

    def room_view(self) -> RoomView | None:
        """The current item for the room window; None shows the screen title and team line."""
        return None


W = TypeVar("W", bound=QWidget)


def stage_keys(
    owner: QWidget, keys: dict[str, Callable[[], None]], into: dict[str, QShortcut]
) -> None:
    """Presenter mode's single-key shortcuts of a ceremony screen: window-wide, made by
    ``owner`` (so they fire only while it is shown), off until the screen enables them."""
    for sequence, slot in keys.items():
        shortcut = QShortcut(QKeySequence(sequence), owner)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(slot)
        shortcut.setEnabled(False)
        into[sequence] = shortcut


def stage_type(fonts: Mapping[W, QFont], heading: QWidget, on: bool) -> None:
    """The stage's type: presenter sizes (``heading`` the large one) when ``on``, else each
    widget's own font as it was built."""
    for widget, font in fonts.items():
        big = QFont(font)
        if on:
            big.setPixelSize(PRESENTER_HEADING_PX if widget is heading else PRESENTER_BODY_PX)
        widget.setFont(big)
