"""Team & operating model: members, overlap, engagement shape, health, authority, partners."""

from __future__ import annotations

import contextlib
import datetime as dt
from itertools import pairwise

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain.engagement import Shape
from facilitator.domain.ids import TeamId
from facilitator.domain.model import DEFAULT_DEFINITION_OF_DONE
from facilitator.errors import FacilitatorError, StaleEdit
from facilitator.ops import team_model as ops
from facilitator.ops.changes import ActionContext, Changes, Kind
from facilitator.ops.teams import create_team
from facilitator.store.db import Store
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
        self.settings_box = self._build_settings()
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
    def _build_settings(self) -> QGroupBox:
        box = QGroupBox("Team and engagement shape")
        box.setObjectName("team_settings_box")
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("team_name")
        self.name_edit.setAccessibleName("Team name")
        self.length_spin = QSpinBox()
        self.length_spin.setObjectName("team_sprint_length")
        self.length_spin.setAccessibleName("Sprint length in working days")
        self.length_spin.setRange(1, 60)
        self.length_spin.setSuffix(" working days")
        self.dod_edit = QPlainTextEdit()
        self.dod_edit.setObjectName("team_dod")
        self.dod_edit.setAccessibleName("Definition of Done, one item per line")
        self.dod_edit.setTabChangesFocus(True)
        self.dod_edit.setMaximumHeight(90)
        self.overlap_spin = QDoubleSpinBox()
        self.overlap_spin.setObjectName("team_min_overlap")
        self.overlap_spin.setAccessibleName("Minimum daily overlap in hours")
        self.overlap_spin.setRange(0, 12)
        self.overlap_spin.setSingleStep(0.5)
        self.overlap_spin.setSuffix(" h a day")
        self.po_spin = QDoubleSpinBox()
        self.po_spin.setObjectName("team_min_po_hours")
        self.po_spin.setAccessibleName("Minimum PO hours a week")
        self.po_spin.setRange(0, 40)
        self.po_spin.setSuffix(" h a week")
        self.shape_combo = QComboBox()
        self.shape_combo.setObjectName("team_shape")
        self.shape_combo.setAccessibleName("Engagement shape")
        self.shape_combo.addItem("Not chosen yet", "")
        for shape in Shape:
            self.shape_combo.addItem(shape.label, shape.value)
        self.shape_combo.currentIndexChanged.connect(self._show_shape_text)
        self.shape_text = plain_label(name="team_shape_description", wrap=True)
        self.regulated_check = QCheckBox("Regulated (week-one compliance checklist)")
        self.regulated_check.setObjectName("team_regulated")
        self.regulated_check.setAccessibleName("Regulated team")
        self.plan_edit = QLineEdit()
        self.plan_edit.setObjectName("team_transition_plan")
        self.plan_edit.setAccessibleName("Transition plan (shape 4)")
        self.plan_edit.setPlaceholderText("Shape 4: how code ownership moves in-house, and when")
        # Return in a single-line field saves the team, as the button does.
        self.name_edit.returnPressed.connect(self.save_settings)
        self.plan_edit.returnPressed.connect(self.save_settings)
        self.settings_error = plain_label(name="team_settings_error", wrap=True)
        self.save_button = button("Save team", "team_save")
        self.save_button.clicked.connect(self.save_settings)
        self.settings_reload = button("Reload", "team_settings_reload")
        self.settings_reload.setToolTip("Read the team as saved elsewhere, keeping what you typed")
        self.settings_reload.clicked.connect(self.reload_settings)
        self.settings_reload.hide()
        form = QFormLayout(box)
        form.addRow("&Name", self.name_edit)
        form.addRow("Sprint &length", self.length_spin)
        form.addRow("Definition of &Done", self.dod_edit)
        form.addRow("Minimum &overlap", self.overlap_spin)
        form.addRow("Minimum &PO time", self.po_spin)
        form.addRow("&Engagement shape", self.shape_combo)
        form.addRow("", self.shape_text)
        form.addRow("", self.regulated_check)
        form.addRow("&Transition plan", self.plan_edit)
        form.addRow("", self.settings_error)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.settings_reload)
        buttons.addStretch(1)
        form.addRow("", buttons)
        return box

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
            self.name_edit,
            self.length_spin,
            self.dod_edit,
            self.overlap_spin,
            self.po_spin,
            self.shape_combo,
            self.regulated_check,
            self.plan_edit,
            self.save_button,
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
        if team_id != self.team_id:
            self.team_id = team_id
            self.overlap.set_range(*ops.default_range(self.ctx.store, team_id, self.ctx.today()))
            self.members.new_team()
        elif not self.stale and self.shown_on == self.ctx.today():
            return
        self.standup_settings.show_team(team_id)
        self.reload()

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

    def reload(self) -> None:
        """Read the view again and refresh every section."""
        if self.team_id is None:
            return
        self.stale, self.shown_on = False, self.ctx.today()
        first, last = self.overlap.date_range()
        view = ops.team_view(self.ctx.store, self.team_id, self.ctx.today(), first, last)
        self.view = view
        self.timeboxes.show_view(view)  # first: the overlap's slots show the minutes it read
        chosen = self.timeboxes.minutes  # none when unreadable (the panel says why)
        timeboxes = {ceremony.label: minutes for ceremony, (minutes, _rule) in chosen.items()}
        self.heading.setText(f"{view.team.name} · team and operating model")
        self._show_settings(view)
        self.members.show_view(view)
        self.overlap.show_view(view, timeboxes)
        self._show_health(view)
        self.authority.show_view(view)
        self.links.show_view(view)
        self.partners.show_view(view)

    def _show_settings(self, view: ops.TeamView) -> None:
        team, model = view.team, view.model
        self.name_edit.setText(team.name)
        self.length_spin.setValue(team.sprint_length_days)
        self.dod_edit.setPlainText("\n".join(team.definition_of_done))
        self.overlap_spin.setValue(team.min_overlap_hours)
        self.po_spin.setValue(model.min_po_hours_per_week)
        self.shape_combo.setCurrentIndex(
            self.shape_combo.findData(model.shape.value if model.shape else "")
        )
        self.regulated_check.setChecked(model.regulated)
        self.plan_edit.setText(model.transition_plan)
        self._show_shape_text()

    def _show_shape_text(self) -> None:
        value = self.shape_combo.currentData()
        self.shape_text.setText(
            Shape(value).description
            if value
            else "Pick the guide's engagement shape that fits the product's stage."
        )

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

    def save_settings(self) -> None:
        """Save the team's fields; a problem appears under the form."""
        if self.team_id is None:
            return
        shape = self.shape_combo.currentData()
        settings = ops.TeamSettings(
            name=self.name_edit.text(),
            sprint_length_days=self.length_spin.value(),
            definition_of_done=tuple(self.dod_edit.toPlainText().splitlines()),
            min_overlap_hours=self.overlap_spin.value(),
            min_po_hours_per_week=self.po_spin.value(),
            shape=Shape(shape) if shape else None,
            regulated=self.regulated_check.isChecked(),
            transition_plan=self.plan_edit.text(),
        )
        read = self.view.versions.get("team") if self.view is not None else None

        def save(store: Store, ctx: ActionContext) -> Changes:
            try:
                return ops.update_team(store, ctx, settings, read)
            except StaleEdit:
                self.settings_reload.show()  # what was typed stays in the form
                raise

        ctx = self.ctx.action(self.team_id)
        if self.ctx.actions.run(save, ctx, errors=self._settings_problem, parent=self):
            self.settings_reload.hide()

    def _settings_problem(self, message: str) -> None:
        self.settings_error.setText(f"✗ {message}" if message else "")

    def reload_settings(self) -> None:
        """Read the team as saved elsewhere and put back what the user had typed over it."""
        typed = (
            self.name_edit.text(),
            self.length_spin.value(),
            self.dod_edit.toPlainText(),
            self.overlap_spin.value(),
            self.po_spin.value(),
            self.shape_combo.currentIndex(),
            self.regulated_check.isChecked(),
            self.plan_edit.text(),
        )
        self.reload()
        name, length, dod, overlap, po, shape, regulated, plan = typed
        self.name_edit.setText(name)
        self.length_spin.setValue(length)
        self.dod_edit.setPlainText(dod)
        self.overlap_spin.setValue(overlap)
        self.po_spin.setValue(po)
        self.shape_combo.setCurrentIndex(shape)
        self.regulated_check.setChecked(regulated)
        self.plan_edit.setText(plan)
        self.settings_error.setText("")
        self.settings_reload.hide()
        self.name_edit.setFocus()

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
