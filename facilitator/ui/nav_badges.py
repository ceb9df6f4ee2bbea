"""The navigation's badges: how many things on each screen need attention, in a number and words.

Counted after the window is on screen (from the summary start-up read, when it has one), after a
team switch (every badge), after an action (only the badges its record can alter) and once a
minute for what ages with nobody acting (a blocker passing its SLA).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QListWidget

from facilitator.domain.ids import TeamId
from facilitator.errors import FacilitatorError
from facilitator.ops.changes import Kind
from facilitator.ui.screens.registry import ScreenFactory, nav_hint

if TYPE_CHECKING:
    from facilitator.ops.attention import Badge
    from facilitator.ops.teams import HomeSummary
    from facilitator.ui.context import UiContext

# How often the badges that age by themselves (blockers past the SLA) are recounted, in ms.
AGEING_MS = 60_000


class NavBadges(QObject):
    """Counts and shows the badges of ``nav``'s rows, one per screen of ``factories``."""

    def __init__(
        self,
        parent: QObject,
        nav: QListWidget,
        factories: Sequence[ScreenFactory],
        team: Callable[[], TeamId | None],
    ) -> None:
        """Badge ``nav`` for the team ``team()`` names; counting starts once :attr:`ctx` is set."""
        super().__init__(parent)
        self.nav = nav
        self.factories = factories
        self._team = team
        self.ctx: UiContext | None = None
        # The badges the next recount counts (None: every badge), and the team last counted for.
        self._due: frozenset[str] | None = None
        self._counted_for: TeamId | None = None
        self._first: tuple[TeamId, dict[str, Badge | None]] | None = None  # from start-up's read
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(0)
        self.timer.timeout.connect(self.refresh)
        # Blockers age with nobody acting: the standup badge is recounted every minute (two
        # statements), so it flags a blocker the moment it passes the SLA.
        self.ageing = QTimer(self)
        self.ageing.setInterval(AGEING_MS)
        self.ageing.timeout.connect(self.recount_ageing)
        self.ageing.start()

    def first_from(self, home: HomeSummary, ctx: UiContext) -> None:
        """Count the first badges from the summary start-up read (nothing more is read)."""
        from facilitator.ops.attention import badges_of_home

        self._first = (home.team.id, badges_of_home(home, ctx.now()))

    def recount_all(self) -> None:
        """Count every badge on the next event-loop turn (a team switch, start-up)."""
        self.timer.start()

    def recount(self, kinds: frozenset[Kind]) -> bool:
        """Count, on the next turn, the badges an action's record of ``kinds`` can alter;
        whether any is due (nothing else is counted again)."""
        from facilitator.ops.attention import badges_for  # the badges' module: off start-up

        due = badges_for(kinds)
        if due and self._due is not None and self.timer.isActive():
            due |= self._due  # two records before one recount: count both
        elif due and self.timer.isActive():
            due = frozenset()  # a full recount is already on its way
        if due:
            self._due = due
            self.timer.start()
        return bool(due)

    def recount_ageing(self) -> None:
        """The minute's tick: recount what ages by itself."""
        if self._team() is None or self.timer.isActive():
            return  # no team yet, or a recount is already on its way
        self._due = frozenset({"standup"})
        self.timer.start()

    def refresh(self) -> None:
        """Count the badges that are due and show them on the navigation rows.

        After an action only the badges its record can alter are counted; after a team
        switch (or at start) every badge.
        """
        team_id, ctx = self._team(), self.ctx
        if team_id is None or ctx is None:
            return
        from facilitator.ops.attention import nav_badges  # reads several tables: off start-up

        only = self._due if self._counted_for == team_id else None
        self._due, self._counted_for = None, team_id
        first, self._first = self._first, None
        try:
            if only is None and first is not None and first[0] == team_id:
                badges = first[1]  # counted from the summary start-up read: nothing to read
            else:
                badges = nav_badges(ctx.store, team_id, ctx.today(), only, ctx.now())
        except FacilitatorError:
            # The screens themselves report the error when opened.
            badges = dict.fromkeys(only or (f.key for f in self.factories))
        for row, factory in enumerate(self.factories):
            if only is not None and factory.key not in only:
                continue  # not counted again: what it counts from did not change
            item = self.nav.item(row)
            badge = badges.get(factory.key)
            hint = nav_hint(factory, row)
            if badge is None:
                item.setText(factory.title)
                item.setData(Qt.ItemDataRole.AccessibleTextRole, factory.title)
                item.setToolTip(hint)
            else:
                item.setText(f"{factory.title}   ! {badge.count}")
                item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{factory.title}: {badge.words}")
                item.setToolTip(f"{badge.words} · {hint}")
