"""The Team screen's standup settings: the blocker SLA, who decides what, and each side's tools.

Each Save is one action (one transaction); a refusal shows inline with the domain's message.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLineEdit, QSpinBox, QWidget

from facilitator.domain.blockers import MAX_SLA_HOURS
from facilitator.domain.ids import MemberId, TeamId
from facilitator.domain.model import Side
from facilitator.domain.tooling import ToolArea, tools_by_area
from facilitator.ops import decisions, standup
from facilitator.ui.actions import refusals
from facilitator.ui.context import UiContext
from facilitator.ui.screens.standup_layout import space_clicks
from facilitator.ui.widgets.story_form import button, combo, error_label, fill_members, line
from facilitator.ui.widgets.text import plain_label

ROLES = (
    ("technical", "Technical decisions"),
    ("priorities", "Priorities"),
    ("escalation", "Escalation person"),
)


class StandupSettingsPanel(QGroupBox):
    """Blocker SLA, decision authority with the escalation person and path, tools per side.

    Signals:
        changed: a setting was saved.
    """

    changed = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        """Build the fields; :meth:`show_team` fills them."""
        super().__init__("Standup, decisions and tools", parent)
        self.setObjectName("team_standup_box")
        self.ctx = ctx
        self.team_id: TeamId | None = None
        self.sla = QSpinBox()
        self.sla.setObjectName("team_blocker_sla")
        self.sla.setAccessibleName("Blocker SLA in hours")
        self.sla.setRange(1, MAX_SLA_HOURS)
        self.sla.setSuffix(" h")
        self.sla_button = button("team_blocker_sla_save", "Save SLA")
        self.people = {key: combo(f"team_decider_{key}", label) for key, label in ROLES}
        self.path = line(
            "team_escalation_path", "Escalation path", "e.g. tech lead and PO, then the CTO"
        )
        self.authority_button = button("team_authority_save", "Save decision authority")
        self.tools: dict[tuple[ToolArea, Side], QLineEdit] = {
            (area, side): line(
                f"team_tool_{area.value}_{side.value}", f"{side.label} tool for {area.label}"
            )
            for area in ToolArea
            for side in (Side.IN_HOUSE, Side.OUTSOURCED)
        }
        self.tools_button = button("team_tools_save", "Save tools")
        self.error = error_label("team_standup_error")
        grid = QGridLayout(self)
        grid.addWidget(plain_label("Blocker SLA"), 0, 0)
        grid.addWidget(self.sla, 0, 1)
        grid.addWidget(self.sla_button, 0, 2)
        row = 1
        for key, label in ROLES:
            grid.addWidget(plain_label(label), row, 0)
            grid.addWidget(self.people[key], row, 1, 1, 2)
            row += 1
        grid.addWidget(plain_label("Escalation path"), row, 0)
        grid.addWidget(self.path, row, 1, 1, 2)
        grid.addWidget(self.authority_button, row + 1, 1, 1, 2)
        row += 2
        grid.addWidget(plain_label("Tools"), row, 0)
        grid.addWidget(plain_label("In-house", bold=True), row, 1)
        grid.addWidget(plain_label("Outsourced", bold=True), row, 2)
        for area in ToolArea:
            row += 1
            grid.addWidget(plain_label(area.label.capitalize()), row, 0)
            grid.addWidget(self.tools[(area, Side.IN_HOUSE)], row, 1)
            grid.addWidget(self.tools[(area, Side.OUTSOURCED)], row, 2)
        grid.addWidget(self.tools_button, row + 1, 1, 1, 2)
        grid.addWidget(self.error, row + 2, 0, 1, 3)
        space_clicks(self, (self.sla_button, self.authority_button, self.tools_button))
        self.sla_button.clicked.connect(self.save_sla)
        self.authority_button.clicked.connect(self.save_authority)
        self.tools_button.clicked.connect(self.save_tools)

    def show_team(self, team_id: TeamId) -> None:
        """Show the team's SLA, decision authority and tools."""
        self.team_id = team_id
        settings = decisions.standup_settings(self.ctx.store, team_id)  # one transaction
        self.sla.setValue(settings.sla_hours)
        authority = settings.authority
        chosen = {
            "technical": authority.technical,
            "priorities": authority.priorities,
            "escalation": authority.escalation,
        }
        for key, box in self.people.items():
            fill_members(box, list(settings.members), -1)
            box.insertItem(0, "nobody named", 0)
            who = chosen[key]
            box.setCurrentIndex(max(0, box.findData(0 if who is None else int(who))))
        self.path.setText(authority.path)
        tools = tools_by_area(list(settings.tools))
        for pair, field in self.tools.items():
            field.setText(tools.get(pair, ""))

    def _say(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))

    def _done(self, ok: object, message: str) -> None:
        if ok is not None:
            self._say(f"✓ {message}")
            self.changed.emit()

    def save_sla(self) -> None:
        """Save the blocker SLA (one action)."""
        hours = self.sla.value()
        done = self.ctx.actions.run(
            lambda store, ctx: standup.set_sla(store, ctx, hours),
            self.ctx.action(self.team_id),
            errors=refusals(self._say),
            parent=self,
        )
        self._done(done, f"Blockers are flagged after {hours} h")

    def _person(self, key: str) -> MemberId | None:
        value = int(self.people[key].currentData() or 0)
        return MemberId(value) if value else None

    def save_authority(self) -> None:
        """Save who decides technical questions and priorities, and the escalation (one action)."""
        technical, priorities = self._person("technical"), self._person("priorities")
        escalation, path = self._person("escalation"), self.path.text()
        done = self.ctx.actions.run(
            lambda store, ctx: decisions.set_authority(
                store, ctx, technical, priorities, escalation, path
            ),
            self.ctx.action(self.team_id),
            errors=refusals(self._say),
            parent=self,
        )
        self._done(done, "Decision authority saved")

    def save_tools(self) -> None:
        """Save every side's tool for every area (one action)."""
        tools = {pair: field.text() for pair, field in self.tools.items()}
        done = self.ctx.actions.run(
            lambda store, ctx: decisions.set_tools(store, ctx, tools),
            self.ctx.action(self.team_id),
            errors=refusals(self._say),
            parent=self,
        )
        self._done(done, "Tools saved")
