"""The interface every screen of the navigation implements."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from facilitator.domain.ids import TeamId
from facilitator.ops.changes import Changes


class Screen(QWidget):
    """A page in the main window's stack.

    ``ceremony`` names the timeboxed ceremony the screen facilitates (``"refinement"``,
    ``"planning"``, ``"standup"``, ``"review"``, ``"retro"``) or is None for screens without a
    timer; the main window shows the shared timebox timer in the top bar for ceremony screens.

    Signals:
        saved: an action was committed to the database.
        teams_changed: teams were created or renamed; the window reloads its team list.
        team_created: a team was created (its id); the window switches to it.
        keys_changed: :meth:`window_keys_work` may have changed; the hint line follows.
    """

    saved = Signal()
    teams_changed = Signal()
    team_created = Signal(int)
    keys_changed = Signal()

    key = "screen"
    title = "Screen"
    ceremony: str | None = None
    # The agenda of the ceremony as (title, share of the timebox); None: the default agenda.
    agenda: tuple[tuple[str, float], ...] | None = None

    def show_team(self, team_id: TeamId) -> None:
        """Load (or reload) what the screen shows for ``team_id``."""
        raise NotImplementedError

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        """No height for a width while hidden: the window's stack asks every page, hidden ones
        included, and a hidden Home laid out its wrapped labels' text on every screen switch
        (some 300 text layouts, 10-15 ms a visit) for a height nobody sees."""
        return super().heightForWidth(width) if self.isVisible() else -1

    def apply_changes(self, changes: Changes) -> None:
        """Update what the screen shows from an action's record (any screen's action, this
        one's included); patch only what ``changes`` names. The default does nothing: a
        screen that shows stored data overrides it."""

    def set_presenter(self, on: bool) -> None:
        """Enter or leave presenter mode; screens that walk a list show one item at a time."""

    def before_presenter(self) -> None:
        """Presenter mode is about to give this screen its look: set aside what the mode hides.

        The look is a style sheet, and a style sheet restyles every widget under the screen,
        hidden ones included; what the room never sees can wait outside the screen until
        :meth:`set_presenter` (False) puts it back. The default sets nothing aside.
        """

    def presenter_escape(self) -> bool:
        """Esc in presenter mode: close what the screen has open and return True, or return
        False to let presenter mode end (the default)."""
        return False

    def presenter_keys(self) -> str:
        """Keys of this screen that work in presenter mode and are shown nowhere else on it
        (the hint line puts them first); empty by default."""
        return ""

    def window_keys_work(self) -> bool:
        """Whether the window's single keys (the timer's Space, + and N) work right now; False
        while the screen's keyboard is typing into a field of the stage (the hint line drops
        them)."""
        return True
