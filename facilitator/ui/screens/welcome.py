"""First run: an empty database never opens on a blank window; create a team or explore the demo.

Creating a team is a guided wizard: the team (name, sprint length) → its members (role, side,
time zone, hours) → its Definition of Done. "Create team" works from any step; members can also
be added later on the Team screen.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain.ids import TeamId
from facilitator.domain.model import DEFAULT_DEFINITION_OF_DONE, Member
from facilitator.errors import FacilitatorError
from facilitator.ops import demo
from facilitator.ops.changes import ActionContext, Changes, Kind
from facilitator.ops.team_model import (
    FieldError,
    MemberInput,
    create_team_with_members,
    validate_member,
)
from facilitator.store.db import Store
from facilitator.ui.actions import ShowsError
from facilitator.ui.context import UiContext
from facilitator.ui.screens.base import Screen
from facilitator.ui.widgets.member_form import MemberForm
from facilitator.ui.widgets.text import plain_label

STEPS = ("Your team", "Members", "Definition of Done")


def _button(text: str, name: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.setAccessibleName(text.replace("&", ""))
    return button


class WelcomeScreen(Screen):
    """Shown while the database holds no team: the guided "create your team" or the demo."""

    key = "welcome"
    title = "Welcome"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        """Build the three wizard steps and the buttons."""
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("welcome_screen")
        self.setAccessibleName("Welcome")
        self.pending: list[MemberInput] = []

        heading = plain_label("Welcome to Sprint Facilitator", point_scale=2.0, bold=True)
        intro = plain_label(
            "Create your team step by step, or explore a demo team with a year of sprint history.",
            wrap=True,
        )
        self.step_label = plain_label(name="welcome_step", bold=True)
        self.steps = QStackedWidget()
        self.steps.setObjectName("welcome_steps")
        self.steps.addWidget(self._team_step())
        self.steps.addWidget(self._members_step())
        self.steps.addWidget(self._dod_step())

        self.error_label = plain_label(name="welcome_error", wrap=True)
        self.error_label.setProperty("level", "problem")

        self.back_button = _button("&Back", "welcome_back")
        self.back_button.clicked.connect(lambda: self.go_to(self.steps.currentIndex() - 1))
        self.next_button = _button("&Next", "welcome_next")
        self.next_button.clicked.connect(lambda: self.go_to(self.steps.currentIndex() + 1))
        self.create_button = _button("Create team", "welcome_create")
        self.create_button.setDefault(True)
        self.create_button.clicked.connect(self.create_from_form)
        self.demo_button = _button("Explore the demo team", "welcome_demo")
        self.demo_button.clicked.connect(self.load_demo)
        self.name_edit.returnPressed.connect(lambda: self.go_to(1))

        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)
        buttons.addWidget(self.create_button)
        buttons.addStretch(1)
        buttons.addWidget(self.demo_button)

        column = QVBoxLayout()
        column.addWidget(heading)
        column.addWidget(intro)
        column.addSpacing(12)
        column.addWidget(self.step_label)
        column.addWidget(self.steps)
        column.addWidget(self.error_label)
        column.addLayout(buttons)
        column.addStretch(1)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(column, 4)
        outer.addStretch(1)
        self.go_to(0)

    # --- steps ---------------------------------------------------------------------------
    def _team_step(self) -> QWidget:
        page = QWidget()
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("welcome_team_name")
        self.name_edit.setAccessibleName("Team name")
        self.name_edit.setPlaceholderText("e.g. Payments")
        self.weeks_spin = QSpinBox()
        self.weeks_spin.setObjectName("welcome_sprint_weeks")
        self.weeks_spin.setAccessibleName("Sprint length in weeks")
        self.weeks_spin.setRange(1, 4)
        self.weeks_spin.setValue(2)
        self.weeks_spin.setSuffix(" week(s)")
        form = QFormLayout(page)
        form.addRow("Team &name", self.name_edit)
        form.addRow("&Sprint length", self.weeks_spin)
        return page

    def _members_step(self) -> QWidget:
        page = QWidget()
        self.member_form = MemberForm("welcome_member")
        self.member_form.submitted.connect(self.add_pending_member)
        self.add_member_button = _button("&Add member", "welcome_add_member")
        self.add_member_button.clicked.connect(self.add_pending_member)
        self.members_list = QListWidget()
        self.members_list.setObjectName("welcome_members")
        self.members_list.setAccessibleName("Members to create")
        self.remove_member_button = _button("&Remove member", "welcome_remove_member")
        self.remove_member_button.clicked.connect(self.remove_pending_member)
        self.members_empty = plain_label(
            "No members yet: add the PO, the Scrum master and the delivery team.",
            name="welcome_members_empty",
            wrap=True,
        )
        left = QVBoxLayout()
        left.addWidget(self.member_form)
        left.addWidget(self.add_member_button)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.members_empty)
        right.addWidget(self.members_list, 1)
        right.addWidget(self.remove_member_button)
        row = QHBoxLayout(page)
        row.addLayout(left, 3)
        row.addLayout(right, 2)
        return page

    def _dod_step(self) -> QWidget:
        page = QWidget()
        self.dod_edit = QPlainTextEdit("\n".join(DEFAULT_DEFINITION_OF_DONE))
        self.dod_edit.setObjectName("welcome_dod")
        self.dod_edit.setAccessibleName("Definition of Done, one item per line")
        self.dod_edit.setTabChangesFocus(True)
        self.dod_edit.setMaximumHeight(140)
        column = QVBoxLayout(page)
        column.addWidget(
            plain_label(
                "One item per line. A story is Done only when every item passes at review.",
                wrap=True,
            )
        )
        column.addWidget(self.dod_edit)
        column.addStretch(1)
        return page

    def go_to(self, step: int) -> None:
        """Show wizard step ``step`` (0–2); going back never loses what was typed."""
        step = max(0, min(len(STEPS) - 1, step))
        self.steps.setCurrentIndex(step)
        self.step_label.setText(f"Step {step + 1} of {len(STEPS)} · {STEPS[step]}")
        self.back_button.setEnabled(step > 0)
        self.next_button.setEnabled(step < len(STEPS) - 1)
        focus = (self.name_edit, self.member_form.name_edit, self.dod_edit)[step]
        focus.setFocus()

    # --- members -------------------------------------------------------------------------
    def add_pending_member(self) -> None:
        """Check the member form and add it to the list; problems appear next to the field."""
        data = self.member_form.data()
        try:
            member = validate_member(TeamId(0), data)
        except FieldError as err:
            self.member_form.show_error(err)
            return
        self.pending.append(data)
        self.members_list.addItem(self._describe(member))
        self.member_form.set_member(None)
        self.member_form.name_edit.setFocus()
        self._update_members()

    def remove_pending_member(self) -> None:
        """Drop the selected member from the list (nothing is saved yet)."""
        row = self.members_list.currentRow()
        if 0 <= row < len(self.pending):
            del self.pending[row]
            self.members_list.takeItem(row)
        self._update_members()

    def _update_members(self) -> None:
        self.members_empty.setVisible(not self.pending)
        self.remove_member_button.setEnabled(bool(self.pending))

    @staticmethod
    def _describe(member: Member) -> str:
        return (
            f"{member.name} · {member.role.label} · {member.side.label} · "
            f"{member.timezone} {member.hours_label}"
        )

    # --- finishing -----------------------------------------------------------------------
    def show_team(self, team_id: TeamId) -> None:
        """The welcome screen has nothing per team."""

    def create_from_form(self) -> None:
        """Create the team with its members; a problem sends the user to its step, inline.

        The record names the team list: the window reads it and switches to the new team.
        """
        dod = [line for line in self.dod_edit.toPlainText().splitlines() if line.strip()]
        name, days, pending = self.name_edit.text(), self.weeks_spin.value() * 5, self.pending
        caught: list[FacilitatorError] = []

        def create(store: Store, _ctx: ActionContext) -> Changes:
            try:
                made = create_team_with_members(store, name, days, dod, pending)
            except FacilitatorError as err:
                caught.append(err)
                raise
            return Changes.of(Kind.TEAMS, made, created=made).also(Kind.TEAM, made)

        def show(message: str) -> None:
            err = caught[-1] if caught else None
            if isinstance(err, FieldError):
                self.go_to({"team_name": 0, "sprint_length": 0, "dod": 2}.get(err.field, 1))
            self.error_label.setText(f"✗ {message}" if message else "")

        if self.ctx.actions.run(create, self.ctx.action(), errors=show, parent=self) is None:
            return
        self.pending.clear()
        self.members_list.clear()
        self._update_members()

    def load_demo(self) -> None:
        """Write the demo teams into this (empty) database (the record names the team list)."""

        def generate(store: Store, ctx: ActionContext) -> Changes:
            demo.generate(store, today=ctx.now.date())
            return Changes(frozenset(Kind))  # everything is new

        self.ctx.actions.run(
            generate, self.ctx.action(), errors=_inline(self.error_label), parent=self
        )


def _inline(label: QLabel) -> ShowsError:
    """Show a refusal as "✗ message" in a label that stays in place (empty when none)."""

    def show(message: str) -> None:
        label.setText(f"✗ {message}" if message else "")

    return show
