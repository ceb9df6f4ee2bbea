"""Team & operating model: members, overlap, engagement shape, health, authority, partners."""

from __future__ import annotations

import contextlib
import datetime as dt
from itertools import pairwise
from typing import TYPE_CHECKING, Any, Protocol, cast

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
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
from facilitator.ui.keys_line import keys_line
from facilitator.ui.screens.base import Screen
from facilitator.ui.widgets.team_health_box import HealthBox
from facilitator.ui.widgets.team_lazy import LazySection
from facilitator.ui.widgets.team_overlap_panel import OverlapPanel
from facilitator.ui.widgets.team_tables import button
from facilitator.ui.widgets.text import plain_label

if TYPE_CHECKING:  # imported when first built (the stand-up settings bring the stand-up's view)
    from facilitator.ui.widgets.standup_settings import StandupSettingsPanel
    from facilitator.ui.widgets.team_members_panel import MembersPanel
    from facilitator.ui.widgets.team_model_panels import AuthorityPanel, LinksPanel, PartnerPanel
    from facilitator.ui.widgets.team_settings_panel import TeamSettingsPanel
    from facilitator.ui.widgets.timebox_settings import TimeboxSettings


class _Shows(Protocol):
    def show_view(self, view: ops.TeamView) -> None: ...


# The panels below the overlap, built (and their modules imported) on first need.
def _settings(ctx: UiContext) -> TeamSettingsPanel:
    from facilitator.ui.widgets.team_settings_panel import TeamSettingsPanel

    return TeamSettingsPanel(ctx)


def _members(ctx: UiContext) -> MembersPanel:
    from facilitator.ui.widgets.team_members_panel import MembersPanel

    return MembersPanel(ctx)


def _authority(ctx: UiContext) -> AuthorityPanel:
    from facilitator.ui.widgets.team_model_panels import AuthorityPanel

    return AuthorityPanel(ctx)


def _links(ctx: UiContext) -> LinksPanel:
    from facilitator.ui.widgets.team_model_panels import LinksPanel

    return LinksPanel(ctx)


def _partners(ctx: UiContext) -> PartnerPanel:
    from facilitator.ui.widgets.team_model_panels import PartnerPanel

    return PartnerPanel(ctx)


def _timeboxes(ctx: UiContext) -> TimeboxSettings:
    from facilitator.ui.widgets.timebox_settings import TimeboxSettings

    return TimeboxSettings(ctx)


def _standup(ctx: UiContext) -> StandupSettingsPanel:
    from facilitator.ui.widgets.standup_settings import StandupSettingsPanel

    return StandupSettingsPanel(ctx)


def _authority_chain(panel: AuthorityPanel) -> list[QWidget]:
    return list(panel.lists.values())


def _standup_chain(panel: StandupSettingsPanel) -> list[QWidget]:
    return [
        panel.sla,
        panel.sla_button,
        *panel.people.values(),
        panel.path,
        panel.authority_button,
        *panel.tools.values(),
        panel.tools_button,
    ]


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

        # Below the overlap (the top of the page at 1280×800; the rest is some 2,500 pixels
        # down): built when scrolled into view or reached by Tab (or asked for), filled from
        # the view already read.
        self.settings_place = LazySection(
            "team_settings_place", lambda: _settings(ctx), lambda p: p.focus_chain(), 29
        )
        self.health_place = LazySection("team_health_place", HealthBox, lambda _box: [], 29)
        self.health_place.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # nothing in it takes focus
        self.members_place = LazySection(
            "team_members_place", lambda: _members(ctx), lambda p: p.focus_chain(), 16
        )
        top = QHBoxLayout()
        top.addWidget(self.settings_place, 1)
        top.addWidget(self.health_place, 1)
        self.authority_place = LazySection(
            "team_authority_place", lambda: _authority(ctx), _authority_chain, 27
        )
        self.links_place = LazySection(
            "team_links_place", lambda: _links(ctx), lambda panel: panel.focus_chain(), 27
        )
        self.timeboxes_place = LazySection(
            "timebox_settings_place", lambda: _timeboxes(ctx), lambda p: p.focus_chain(), 15
        )
        self.standup_place = LazySection(
            "team_standup_place", lambda: _standup(ctx), _standup_chain, 23
        )
        self.partners_place = LazySection(
            "team_partner_place", lambda: _partners(ctx), lambda p: p.focus_chain(), 14
        )
        self.places: tuple[LazySection[Any], ...] = (
            self.settings_place,
            self.health_place,
            self.members_place,
            self.authority_place,
            self.links_place,
            self.timeboxes_place,
            self.standup_place,
            self.partners_place,
        )
        for place in self.places:
            place.signals.built.connect(self._panel_built)
        model_row = QHBoxLayout()
        model_row.addWidget(self.authority_place, 1)
        model_row.addWidget(self.links_place, 1)

        body = QWidget()
        column = QVBoxLayout(body)
        column.addLayout(header)
        self.overlap = OverlapPanel()
        self.overlap.range_changed.connect(self._dates_changed)
        column.addWidget(self.overlap)
        column.addLayout(top)
        column.addWidget(self.members_place)
        column.addLayout(model_row)
        column.addWidget(self.timeboxes_place)
        column.addWidget(self.standup_place)
        column.addWidget(self.partners_place)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setObjectName("team_scroll")
        scroll.setWidgetResizable(True)
        # Put in the scroll area once filled (:meth:`reload`): filled while on screen, every
        # label shown and every table filled would lay the whole page out again, there and then.
        self.body = body
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        scroll.verticalScrollBar().valueChanged.connect(self._build_in_view)
        scroll.viewport().installEventFilter(self)
        self.scroll_area = scroll
        self._set_tab_order()
        # What the room does not need to see: every editing control (UI.md, presenter mode).
        self.editing: tuple[QWidget, ...] = (
            self.new_team_name,
            self.new_team_button,
            self.new_team_error,
            self.settings_place,
            self.authority_place,
            self.links_place,
            self.timeboxes_place,
            self.standup_place,
            self.partners_place,
        )

    # --- building ------------------------------------------------------------------------
    def _set_tab_order(self) -> None:
        """Tab follows reading order: header, overlap, settings, members and their form, panels."""
        chain: list[QWidget] = [
            self.new_team_name,
            self.new_team_button,
            self.overlap.first_date,
            self.overlap.last_date,
            self.overlap.day_combo,
            self.overlap.slots,
            *(widget for place in self.places for widget in place.focus_chain()),
        ]
        for before, after in pairwise(chain):
            QWidget.setTabOrder(before, after)

    # --- the panels further down, built on first need ------------------------------------
    @property
    def settings_box(self) -> TeamSettingsPanel:
        """The team's own settings (built now if it was not yet)."""
        return self.settings_place.panel()

    @property
    def health_box(self) -> HealthBox:
        """The health checks (built now if it was not yet)."""
        return self.health_place.panel()

    @property
    def members(self) -> MembersPanel:
        """The members and the member form (built now if it was not yet)."""
        return self.members_place.panel()

    @property
    def authority(self) -> AuthorityPanel:
        """Decision authority (built now if it was not yet)."""
        return self.authority_place.panel()

    @property
    def links(self) -> LinksPanel:
        """Knowledge links (built now if it was not yet)."""
        return self.links_place.panel()

    @property
    def timeboxes(self) -> TimeboxSettings:
        """The team's timeboxes (built now if it was not yet)."""
        return self.timeboxes_place.panel()

    @property
    def standup_settings(self) -> StandupSettingsPanel:
        """Blocker SLA, deciders and tools (built now if it was not yet)."""
        return self.standup_place.panel()

    @property
    def partners(self) -> PartnerPanel:
        """The partner scorecard (built now if it was not yet)."""
        return self.partners_place.panel()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        """On screen (a first visit, or one warmed hidden): build what a tall window sees."""
        super().showEvent(event)
        QTimer.singleShot(0, self._build_in_view)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """The page's viewport was resized: build what now comes into view (once laid out)."""
        if event.type() == QEvent.Type.Resize:
            QTimer.singleShot(0, self._build_in_view)
        return super().eventFilter(watched, event)

    def _build_in_view(self) -> None:
        """Build every place that is (partly) inside the page's visible part."""
        if self.scroll_area.widget() is not self.body or not self.isVisible():
            return
        viewport = self.scroll_area.viewport()
        seen = QRect(self.body.mapFrom(viewport, QPoint(0, 0)), viewport.size())
        for place in self.places:
            if place.is_built or not place.isVisibleTo(self.body):
                continue
            where = QRect(place.mapTo(self.body, QPoint(0, 0)), place.size())
            if where.intersects(seen):
                place.panel()

    def _panel_built(self, panel: QWidget) -> None:
        """A place's panel was just built: fill it from the view read, join it to the Tab
        order; its actions tell every screen."""
        if panel is self.settings_place.built_panel():
            self.settings_box.reload_requested.connect(self.reload_settings)
        elif panel is self.members_place.built_panel():
            self.members.reload_requested.connect(self.reload)
            self.members.set_presenter(self.presenting)
        elif panel is not self.health_place.built_panel():
            getattr(panel, "changed").connect(self._changed)  # noqa: B009 - these have one
        self._fill(panel)
        self._set_tab_order()

    def _fill(self, panel: QWidget) -> None:
        if panel is self.standup_place.built_panel():
            if self.team_id is not None:
                panel.show_team(self.team_id)  # its own read of the SLA, deciders and tools
        elif self.view is not None:
            cast(_Shows, panel).show_view(self.view)

    # --- presenter mode ------------------------------------------------------------------
    def set_presenter(self, on: bool) -> None:
        """For the room: overlap, health and members, full width; no editing controls."""
        self.presenting = on
        for widget in self.editing:
            widget.setVisible(not on)
        members = self.members_place.built_panel()
        if members is not None:
            members.set_presenter(on)
        self.overlap.set_presenter(on)

    def presenter_keys(self) -> str:
        """The page scrolls by keyboard; Tab reaches the dates whose overlap is shown."""
        return keys_line(("↑ ↓ PgUp PgDn", "scroll"), ("Tab", "dates"))

    # --- loading -------------------------------------------------------------------------
    def show_team(self, team_id: TeamId) -> None:
        """Load the team (a new team resets the date range to its current sprint); a revisit
        reads nothing unless a record named the team's data (or the day turned)."""
        new_team = team_id != self.team_id
        if new_team:
            self.team_id = team_id
            members = self.members_place.built_panel()
            if members is not None:
                members.new_team()
        elif not self.stale and self.shown_on == self.ctx.today():
            return
        standup = self.standup_place.built_panel()
        if standup is not None:
            standup.show_team(team_id)
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
        try:
            self._reload(self.team_id, new_range)
        finally:
            if self.scroll_area.widget() is not self.body:
                self.scroll_area.setWidget(self.body)  # shown and laid out once, filled
                QTimer.singleShot(0, self._build_in_view)  # a tall window may see further down

    def _reload(self, team_id: TeamId, new_range: bool) -> None:
        self.stale, self.shown_on = False, self.ctx.today()
        first, last = (None, None) if new_range else self.overlap.date_range()
        view = ops.team_view(self.ctx.store, team_id, self.ctx.today(), first, last)
        if new_range:
            self.overlap.set_range(view.first, view.last)
        self.view = view
        timeboxes = {ceremony.label: chosen for ceremony, (chosen, _rule) in view.timeboxes.items()}
        self.heading.setText(f"{view.team.name} · team and operating model")
        self.overlap.show_view(view, timeboxes)
        for place in self.places:
            panel = place.built_panel()
            if panel is not None and place is not self.standup_place:
                self._fill(panel)

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
