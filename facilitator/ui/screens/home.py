"""Home: the team, the current sprint and what needs attention."""

from __future__ import annotations

import contextlib
import datetime as dt

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain.alerts import Level
from facilitator.domain.dates import day_month
from facilitator.domain.ids import TeamId
from facilitator.errors import FacilitatorError
from facilitator.ops.changes import Changes, Kind
from facilitator.ops.teams import HomeSummary, home_summary
from facilitator.ui.context import UiContext
from facilitator.ui.screens.base import Screen
from facilitator.ui.widgets.team_health_panel import HealthPanel
from facilitator.ui.widgets.text import plain_label

SYMBOLS = {Level.PROBLEM: "✗", Level.WARNING: "!", Level.INFO: "i"}
AGE_TICK_MS = 30_000  # the over-SLA line's age is shown to the minute
MEMBER_COLUMNS = ("Name", "Role", "Side", "Seniority", "Time zone", "Hours")
# What Home shows comes from these kinds: a record naming any of them reads the summary again.
HOME_KINDS = (
    Kind.TEAM,
    Kind.MEMBER,
    Kind.SPRINT,
    Kind.STORY,
    Kind.BACKLOG,
    Kind.SETTINGS,
    Kind.BLOCKER,
    Kind.RETRO,  # an experiment evaluated, a retrospective closed
)


class HomeScreen(Screen):
    """Team, current sprint and alerts for the selected team."""

    key = "home"
    title = "Home"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        """Build the empty layout; :meth:`show_team` fills it."""
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("home_screen")
        self.setAccessibleName("Home")
        self.summary: HomeSummary | None = None
        self.team_id: TeamId | None = None
        self.stale = True
        self.shown_on: dt.date | None = None  # the day the summary was read (day N of M)

        self.heading = plain_label(name="home_team_name", point_scale=1.8, bold=True)
        self.sprint_name = plain_label(name="home_sprint_name", point_scale=1.3, bold=True)
        self.sprint_goal = plain_label(name="home_sprint_goal", wrap=True)
        self.sprint_progress = plain_label(name="home_sprint_progress")
        self.sprint_forecast = plain_label(name="home_sprint_forecast")
        self.backlog_line = plain_label(name="home_backlog")
        # The active sprint's forecast as planning froze it (ops.planning_reads).
        self.frozen_forecast = plain_label(name="home_frozen_forecast", wrap=True)
        # The last closed sprints, one line each: predictability, then throughput (never velocity).
        self.predictability_line = plain_label(name="home_predictability", wrap=True)
        self.throughput_line = plain_label(name="home_throughput", wrap=True)

        sprint_box = QGroupBox("Current sprint")
        sprint_box.setObjectName("home_sprint_box")
        sprint_layout = QVBoxLayout(sprint_box)
        for widget in (
            self.sprint_name,
            self.sprint_goal,
            self.sprint_progress,
            self.sprint_forecast,
            self.frozen_forecast,
            self.backlog_line,
            self.predictability_line,
            self.throughput_line,
        ):
            sprint_layout.addWidget(widget)
        sprint_layout.addStretch(1)

        self.alerts_box = QGroupBox("Needs attention")
        self.alerts_box.setObjectName("home_alerts_box")
        self.alerts_layout = QVBoxLayout(self.alerts_box)
        self.alert_labels: list[QLabel] = []
        self.blockers_label: QLabel | None = None  # the over-SLA line, while there is one
        # Blocker ages follow the clock from the summary read (no read per tick).
        self.ticker = QTimer(self)
        self.ticker.setInterval(AGE_TICK_MS)
        self.ticker.timeout.connect(self.tick)
        self.ticker.start()

        self.members_model = QStandardItemModel(0, len(MEMBER_COLUMNS), self)
        self.members_model.setHorizontalHeaderLabels(list(MEMBER_COLUMNS))
        self.members_view = QTableView()
        self.members_view.setObjectName("home_members")
        self.members_view.setAccessibleName("Team members")
        self.members_view.setModel(self.members_model)
        self.members_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.members_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.members_view.verticalHeader().setVisible(False)
        self.members_view.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.members_view.horizontalHeader().setStretchLastSection(True)
        self.members_view.setFrameShape(QFrame.Shape.StyledPanel)
        self.members_view.setWordWrap(False)

        members_box = QGroupBox("Team")
        members_box.setObjectName("home_members_box")
        members_layout = QVBoxLayout(members_box)
        members_layout.addWidget(self.members_view)

        top = QHBoxLayout()
        top.addWidget(sprint_box, 1)
        top.addWidget(self.alerts_box, 1)
        self.health_panel = HealthPanel()
        top.addWidget(self.health_panel, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(top)
        layout.addWidget(members_box, 1)

    def show_team(self, team_id: TeamId) -> None:
        """Show the team's summary; a revisit reads nothing unless an action changed
        something Home shows (see :meth:`apply_changes`) or the day turned."""
        if team_id == self.team_id and not self.stale and self.shown_on == self.ctx.today():
            return
        self.reload(team_id)

    def apply_changes(self, changes: Changes) -> None:
        """Read the summary again (now when on screen, else on the next visit) when an action
        changed the team, its members, a sprint or the backlog."""
        if self.team_id is not None and changes.touches(*HOME_KINDS):
            self.stale = True
            if self.isVisible():
                # Gone or unreadable (a restore replaced it): stay stale; the next visit says why.
                with contextlib.suppress(FacilitatorError):
                    self.reload(self.team_id)

    def reload(self, team_id: TeamId) -> None:
        """Read the team's summary (one transaction) and show it."""
        self.show_summary(home_summary(self.ctx.store, team_id, self.ctx.today(), self.ctx.now()))

    def show_summary(self, summary: HomeSummary) -> None:
        """Show a summary already read (start-up reads the first one off the GUI thread)."""
        self.team_id, self.stale, self.shown_on = summary.team.id, False, self.ctx.today()
        self.summary = summary
        self.heading.setText(summary.team.name)
        sprint = summary.sprint
        if sprint is None:
            self.sprint_name.setText("No sprint yet")
            self.sprint_goal.setText("Plan the first sprint when the top stories are Ready.")
            self.sprint_progress.setText("")
            self.sprint_forecast.setText("")
        else:
            self.sprint_goal.setText(f"Goal: {sprint.goal}" if sprint.goal else "No goal set")
            today = self.ctx.today()
            day, total = sprint.working_day(today)
            dates = f"{day_month(sprint.start)} – {day_month(sprint.end)} {sprint.end.year}"
            when = f"Day {day} of {total} · {dates}" if day else f"Starts {dates}"
            past = sprint.days_past_end(today)
            state = sprint.state.value
            if past:
                when = f"Ended {'yesterday' if past == 1 else f'{past} days ago'} · {dates}"
                state = "ended"  # as the top bar says; "active" read as still running
            self.sprint_name.setText(f"{sprint.name} · {state}")
            self.sprint_progress.setText(when)
            # None once planning froze a forecast: the line below says it, with more.
            totals = summary.forecast_totals
            self.sprint_forecast.setText(
                "" if totals is None else f"Forecast: {totals[0]} stories, {totals[1]:g} points"
            )
        self.sprint_forecast.setVisible(bool(self.sprint_forecast.text()))
        self.frozen_forecast.setText(summary.frozen_forecast)
        self.frozen_forecast.setVisible(bool(summary.frozen_forecast))
        self.backlog_line.setText(f"Backlog: {summary.backlog_size} stories waiting")
        history = (*summary.history_lines, "", "")
        self.predictability_line.setText(history[0])
        self.throughput_line.setText(history[1])
        self._show_alerts(summary)
        self._show_members(summary)
        self.health_panel.show_checks(summary.checks)

    def tick(self) -> None:
        """The clock moved: age the over-SLA line, and show or drop it when a blocker passed
        the SLA (or the last late one left it) since the summary was read."""
        summary = self.summary
        if summary is None:
            return
        late = summary.late_blockers_at(self.ctx.now())
        label = self.blockers_label
        if label is not None and late is not None:
            label.setText(f"! {late}")
        elif (label is None) != (late is None):
            self._show_alerts(summary)

    def _show_alerts(self, summary: HomeSummary) -> None:
        for label in self.alert_labels:
            # Hide and unname at once: deleteLater only runs on the next event-loop turn.
            label.hide()
            label.setObjectName("")
            self.alerts_layout.removeWidget(label)
            label.deleteLater()
        self.alert_labels = []
        self.blockers_label = None
        alerts = summary.alerts
        late = summary.late_blockers_at(self.ctx.now())
        # Each line Home adds to the alerts: (text, object name, level); empty text: not shown.
        lines = (
            (summary.review_due, "home_review_due", "problem"),  # the sprint's review is due
            (summary.retro_due, "home_retro_due", "warning"),  # then its retrospective
            (late or "", "home_blockers", "problem"),  # open blockers past the SLA (issue 14)
            # last retro's experiment waits for its evaluation (issue 11)
            (summary.unevaluated_experiment, "home_experiment", "warning"),
        )
        for said, name, level in lines:
            if said:
                label = plain_label(f"! {said}", name=name, wrap=True)
                label.setProperty("level", level)
                self.alert_labels.append(label)
                if name == "home_blockers":
                    self.blockers_label = label  # its age follows the clock
        if not alerts and not self.alert_labels:
            label = plain_label("✓ Nothing needs attention.", name="home_alert_0", wrap=True)
            self.alert_labels.append(label)
        for index, alert in enumerate(alerts):
            label = plain_label(
                f"{SYMBOLS[alert.level]} {alert.text}", name=f"home_alert_{index}", wrap=True
            )
            label.setProperty("level", alert.level.value)
            self.alert_labels.append(label)
        for label in self.alert_labels:
            self.alerts_layout.insertWidget(self.alerts_layout.count(), label)
        self.alerts_layout.setAlignment(Qt.AlignmentFlag.AlignTop)

    def _show_members(self, summary: HomeSummary) -> None:
        self.members_model.removeRows(0, self.members_model.rowCount())
        for member in summary.members:
            cells = (
                member.name,
                member.role_label,
                member.side_label,
                member.seniority_label,
                member.timezone,
                member.hours_label,
            )
            items = []
            for cell in cells:
                item = QStandardItem(cell)
                item.setEditable(False)
                items.append(item)
            self.members_model.appendRow(items)
        # Size columns now: a screen built while hidden (first run → demo) kept squashed widths.
        self.members_view.resizeColumnsToContents()
        # ... which sizes the last column to its contents too: stretch it to the edge again.
        header = self.members_view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setStretchLastSection(True)
