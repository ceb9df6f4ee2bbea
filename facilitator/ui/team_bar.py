"""The top bar's left side: the team (a switcher when there are several) and its sprint's day."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QVBoxLayout

from facilitator.domain.dates import day_month
from facilitator.domain.ids import TeamId
from facilitator.domain.model import Sprint, Team
from facilitator.errors import FacilitatorError
from facilitator.ui.widgets.text import plain_label

if TYPE_CHECKING:
    from facilitator.store.db import Store


class TeamBar:
    """The team switcher, the team's name and the sprint line, laid out in ``row``."""

    def __init__(self, row: QHBoxLayout) -> None:
        """Add the widgets to ``row`` (the switcher stays hidden until there are teams)."""
        self.switcher = QComboBox()
        self.switcher.setObjectName("team_switcher")
        self.switcher.setAccessibleName("Team")
        self.switcher.setMinimumContentsLength(16)
        self.switcher.hide()  # until the teams are read
        self.team_label = plain_label(name="team_label", point_scale=1.2, bold=True)
        self.sprint_label = plain_label(name="top_sprint_label")
        # The sprint line under the team, not beside it: the timer's agenda line beside them
        # gets its width (at 1280 px it elided "Sprint goal (1 of 4) · P…" while a ceremony
        # ran). Two short lines, as tall as the timer's item and status lines next to them.
        # On the top line, with the clock and the buttons, when the timer's hint makes the
        # bar taller.
        top = Qt.AlignmentFlag.AlignTop
        column = QVBoxLayout()
        column.setSpacing(2)
        column.addWidget(self.switcher, 0, Qt.AlignmentFlag.AlignLeft)
        column.addWidget(self.team_label)
        column.addWidget(self.sprint_label)
        row.addLayout(column)
        row.setAlignment(column, top)
        # Room to spare pushes the window's buttons right, but none of it is kept from the
        # timer (stretch 0 against its 6): a share of it had left the presenter clock 200 px
        # in from the left at 1280 px, eliding its agenda line beside it.
        row.addStretch(0)

    def show_teams(self, teams: list[Team]) -> None:
        """List ``teams``: a switcher for several, the name alone for one (no signal sent)."""
        self.switcher.blockSignals(True)
        self.switcher.clear()
        for team in teams:
            self.switcher.addItem(team.name, int(team.id))
        self.switcher.blockSignals(False)
        self.switcher.setVisible(len(teams) > 1)
        self.team_label.setVisible(len(teams) == 1)
        if not teams:
            self.team_label.setText("")
            self.sprint_label.setText("")

    def read_sprint(self, store: Store, team_id: TeamId, today: dt.date) -> None:
        """Read the team's current sprint and show its day (or say why it cannot be read)."""
        from facilitator.ops.teams import current_sprint  # the storage code: off the shell

        try:
            sprint = current_sprint(store, team_id)
        except FacilitatorError as err:
            self.sprint_label.setText(f"✗ {err}")
            return
        self.show_sprint(sprint, today)

    def show_sprint(self, sprint: Sprint | None, today: dt.date) -> None:
        """E.g. "Sprint 13 · day 8 of 10", "Sprint 14 · starts 7 Dec", "Sprint 12 · ended
        4 Dec" (its review not closed yet), "No active sprint"."""
        if sprint is None:
            self.sprint_label.setText("No active sprint")
            return
        day, total = sprint.working_day(today)
        when = f"day {day} of {total}" if day else f"starts {day_month(sprint.start)}"
        if sprint.days_past_end(today):
            when = f"ended {day_month(sprint.end)}"
        self.sprint_label.setText(f"{sprint.name} · {when}")

    def context_line(self) -> str:
        """The team and sprint in one line (the room window's heading)."""
        return " · ".join(t for t in (self.team_label.text(), self.sprint_label.text()) if t)
