"""The interface every screen of the navigation implements."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from facilitator.domain.ids import TeamId


class Screen(QWidget):
    """A page in the main window's stack.

    ``ceremony`` names the timeboxed ceremony the screen facilitates (``"refinement"``,
    ``"planning"``, ``"standup"``, ``"review"``, ``"retro"``) or is None for screens without a
    timer; the main window shows the shared timebox timer in the top bar for ceremony screens.

    Signals:
        saved: an action was committed to the database.
        teams_changed: teams were created or renamed; the window reloads its team list.
        team_created: a team was created (its id); the window switches to it.
    """

    saved = Signal()
    teams_changed = Signal()
    team_created = Signal(int)

    key = "screen"
    title = "Screen"
    ceremony: str | None = None
    # The agenda of the ceremony as (title, share of the timebox); None: the default agenda.
    agenda: tuple[tuple[str, float], ...] | None = None

    def show_team(self, team_id: TeamId) -> None:
        """Load (or reload) what the screen shows for ``team_id``."""
        raise NotImplementedError

    def set_presenter(self, on: bool) -> None:
        """Enter or leave presenter mode; screens that walk a list show one item at a time."""
