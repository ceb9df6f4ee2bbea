"""Team & operating model: members, overlap, engagement shape, health, authority, partners."""

from __future__ import annotations

import contextlib
import datetime as dt
from itertools import pairwise

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain.ids import TeamId
from facilitator.domain.model import DEFAULT_DEFINITION_OF_DONE
from facilitator.errors import FacilitatorError
from facilitator.ops import team_model as ops
from facilitator.ops.changes import Changes, Kind
from facilitator.ops.teams import create_team
from facilitator.ui.context import UiContext
from facilitator.ui.screens.base import Screen
from facilitator.ui.widgets.standup_settings import StandupSettingsPanel
from facilitator.ui.widgets.team_members_panel import MembersPanel
from facilitator.ui.widgets.team_model_panels import (
    AuthorityPanel,
    LinksPanel,
    PartnerPanel,
    button,
)
from facilitator.ui.widgets.team_overlap_panel import OverlapPanel
from facilitator.ui.widgets.team_settings_panel import TeamSettingsPanel
from facilitator.ui.widgets.text import plain_label
from facilitator.ui.widgets.timebox_settings import TimeboxSettings


class TeamScreen(Screen):
    """Everything about how the team works, editable, with the health checks."""

    key = "team"
    title = "Team"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        """Build the sections; :meth:`show_team` fills them."""
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("team_screen")
        self.setAccessibleName("Team and operating model")
        self.team_id: TeamId | None = None
        self.view: ops.TeamView | None = None
        # Marked by a record naming this team's data; a revisit of a fresh screen reads nothing.
        self.stale = True
        self.shown_on: dt.date | None = None

        self.presenting = False
        self.heading = plain_label(name="team_heading", point_scale=1.6, bold=True)
        self.heading.setProperty("role", "heading")  # heading size in presenter mode
        self.new_team_name = QLineEdit()
        self.new_team_name.setObjectName("team_new_name")
        self.new_team_name.setAccessibleName("New team name")
        self.new_team_name.setPlaceholderText("New team name")
        self.new_team_button = button("New team", "team_new")
        self.new_team_button.clicked.connect(self.create_new_team)
        self.new_team_name.returnPressed.connect(self.create_new_team)
        self.new_team_error = plain_label(name="team_new_error")
        header = QHBoxLayout()
        header.addWidget(self.heading, 1)
        header.addWidget(self.new_team_error)
        header.addWidget(self.new_team_name)
        header.addWidget(self.new_team_button)

        top = QHBoxLayout()
        self.settings_box = TeamSettingsPanel(ctx)
        self.settings_box.reload_requested.connect(self.reload_settings)
        top.addWidget(self.settings_box, 1)
        top.addWidget(self._build_health(), 1)

        self.authority = AuthorityPanel(ctx)
        self.links = LinksPanel(ctx)
        self.partners = PartnerPanel(ctx)
        self.timeboxes = TimeboxSettings(ctx)
        self.standup_settings = StandupSettingsPanel(ctx)  # blocker SLA, deciders, tools
        for panel in (
            self.authority,
            self.links,
            self.partners,
            self.timeboxes,
            self.standup_settings,
        ):
            panel.changed.connect(self._changed)
        model_row = QHBoxLayout()
        model_row.addWidget(self.authority, 1)
        model_row.addWidget(self.links, 1)

        body = QWidget()
        column = QVBoxLayout(body)
        column.addLayout(header)
        self.overlap = OverlapPanel()
        self.overlap.range_changed.connect(self._dates_changed)
        column.addWidget(self.overlap)
        column.addLayout(top)
        self.members = MembersPanel(ctx)
        self.members.reload_requested.connect(self.reload)
        column.addWidget(self.members)
        column.addLayout(model_row)
        column.addWidget(self.timeboxes)
        column.addWidget(self.standup_settings)
        column.addWidget(self.partners)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setObjectName("team_scroll")
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.scroll_area = scroll
        self._set_tab_order()
        # What the room does not need to see: every editing control (UI.md, presenter mode).
        self.editing: tuple[QWidget, ...] = (
            self.new_team_name,
            self.new_team_button,
            self.new_team_error,
            self.settings_box,
            self.authority,
            self.links,
            self.timeboxes,
            self.partners,
        )

    # --- building ------------------------------------------------------------------------
    def _build_health(self) -> QGroupBox:
        box = QGroupBox("Operating-model health")
        box.setObjectName("team_health_box")
        self.health_layout = QVBoxLayout(box)
        self.health_layout.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.health_labels: list[QLabel] = []
        return box

    def _set_tab_order(self) -> None:
        """Tab follows reading order: header, overlap, settings, members and their form, panels."""
        chain: list[QWidget] = [
            self.new_team_name,
            self.new_team_button,
            self.overlap.first_date,
            self.overlap.last_date,
            self.overlap.day_combo,
            self.overlap.slots,
            *self.settings_box.focus_chain(),
            *self.members.focus_chain(),
            *self.authority.lists.values(),
            *self.links.focus_chain(),
            *self.timeboxes.focus_chain(),
            *self.partners.focus_chain(),
        ]
        for before, after in pairwise(chain):
            QWidget.setTabOrder(before, after)

    # --- presenter mode ------------------------------------------------------------------
    def set_presenter(self, on: bool) -> None:
        """For the room: overlap, health and members, full width; no editing controls."""
        self.presenting = on
        for widget in self.editing:
            widget.setVisible(not on)
        self.members.set_presenter(on)
        self.overlap.set_presenter(on)

    def presenter_keys(self) -> str:
        """The page scrolls by keyboard; Tab reaches the dates whose overlap is shown."""
        return "↑ ↓ PgUp PgDn scroll · Tab dates"

    # --- loading -------------------------------------------------------------------------
    def show_team(self, team_id: TeamId) -> None:
        """Load the team (a new team resets the date range to its current sprint); a revisit
        reads nothing unless a record named the team's data (or the day turned)."""
        new_team = team_id != self.team_id
        if new_team:
            self.team_id = team_id
            self.members.new_team()
        elif not self.stale and self.shown_on == self.ctx.today():
            return
        self.standup_settings.show_team(team_id)
        self.reload(new_team)

    def apply_changes(self, changes: Changes) -> None:
        """Read the view again (now when on screen, else on the next visit) when a record
        names this team, its members or its timebox settings."""
        team = self.team_id
        if team is None or not changes.touches(Kind.TEAM, Kind.MEMBER, Kind.SETTINGS, Kind.SPRINT):
            return
        mine = int(team) in changes.ids_of(Kind.TEAM) | changes.ids_of(Kind.SETTINGS)
        if (
            mine
            or changes.touches(Kind.SPRINT)  # the default overlap range follows the sprint
            or changes.names_all(Kind.TEAM)
            or changes.names_all(Kind.MEMBER)
            or changes.names_all(Kind.SETTINGS)
        ):
            self.stale = True
            if self.isVisible():
                with contextlib.suppress(FacilitatorError):  # gone: the next visit says why
                    self.reload()

    def reload(self, new_range: bool = False) -> None:
        """Read the view again and refresh every section; over the team's current sprint
        (read in the same transaction) when ``new_range``, else over the dates shown."""
        if self.team_id is None:
            return
        self.stale, self.shown_on = False, self.ctx.today()
        first, last = (None, None) if new_range else self.overlap.date_range()
        view = ops.team_view(self.ctx.store, self.team_id, self.ctx.today(), first, last)
        if new_range:
            self.overlap.set_range(view.first, view.last)
        self.view = view
        self.timeboxes.show_view(view)  # first: the overlap's slots show the minutes it read
        chosen = self.timeboxes.minutes  # none when unreadable (the panel says why)
        timeboxes = {ceremony.label: minutes for ceremony, (minutes, _rule) in chosen.items()}
        self.heading.setText(f"{view.team.name} · team and operating model")
        self.settings_box.show_view(self.team_id, view)
        self.members.show_view(view)
        self.overlap.show_view(view, timeboxes)
        self._show_health(view)
        self.authority.show_view(view)
        self.links.show_view(view)
        self.partners.show_view(view)

    def _show_health(self, view: ops.TeamView) -> None:
        for label in self.health_labels:
            self.health_layout.removeWidget(label)
            label.hide()
            label.setObjectName("")  # deleted later: never found by name again
            label.deleteLater()
        self.health_labels = []
        for check in view.checks:
            label = plain_label(check.line, name=f"team_health_{check.key}", wrap=True)
            label.setProperty("level", check.status.value)
            self.health_layout.addWidget(label)
            label.show()  # now, not when the layout gets round to it
            self.health_labels.append(label)

    # --- actions -------------------------------------------------------------------------
    def _changed(self) -> None:
        """A panel's action was committed: tell every screen (this one reads the view again)."""
        if self.team_id is not None:
            self.ctx.actions.announce(Changes.of(Kind.TEAM, self.team_id))

    def _dates_changed(self) -> None:
        if self.team_id is not None:
            self.reload()

    def reload_settings(self) -> None:
        """Read the team as saved elsewhere and put back what the user had typed over it."""
        typed = self.settings_box.typed()
        self.reload()
        self.settings_box.put_back(typed)

    def create_new_team(self) -> None:
        """Create a team with the default Definition of Done; the window's team list reloads."""
        try:
            team_id = create_team(
                self.ctx.store, self.new_team_name.text(), 10, DEFAULT_DEFINITION_OF_DONE
            )
        except FacilitatorError as err:
            self.new_team_error.setText(f"✗ {err}")
            self.new_team_name.setFocus()
            return
        self.new_team_error.setText("")
        self.new_team_name.clear()
        self.ctx.actions.announce(Changes.of(Kind.TEAM, team_id))  # the window switches to it
        self.team_created.emit(int(team_id))
