"""The interface every screen of the navigation implements."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from facilitator.domain.ids import TeamId


class Screen(QWidget):
    """A page in the main window's stack.

    Signals:
        saved: an action was committed to the database.
        teams_changed: teams were created or renamed; the window reloads its team list.
    """

    saved = Signal()
    teams_changed = Signal()

    key = "screen"
    title = "Screen"

    def show_team(self, team_id: TeamId) -> None:
        """Load (or reload) what the screen shows for ``team_id``."""
        raise NotImplementedError
