"""First run: an empty database never opens on a blank window; create a team or explore the demo."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain.ids import TeamId
from facilitator.domain.model import DEFAULT_DEFINITION_OF_DONE
from facilitator.errors import FacilitatorError
from facilitator.ops import demo
from facilitator.ops.teams import create_team
from facilitator.ui.context import UiContext
from facilitator.ui.screens.base import Screen
from facilitator.ui.widgets.text import plain_label


class WelcomeScreen(Screen):
    """Shown while the database holds no team."""

    key = "welcome"
    title = "Welcome"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        """Build the form."""
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("welcome_screen")
        self.setAccessibleName("Welcome")

        heading = plain_label("Welcome to Sprint Facilitator", point_scale=2.0, bold=True)
        intro = plain_label(
            "Create your team to start facilitating, or explore a demo team with a year of "
            "sprint history.",
            wrap=True,
        )
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("welcome_team_name")
        self.name_edit.setAccessibleName("Team name")
        self.name_edit.setPlaceholderText("e.g. Payments")
        self.name_edit.setMaxLength(120)

        self.weeks_spin = QSpinBox()
        self.weeks_spin.setObjectName("welcome_sprint_weeks")
        self.weeks_spin.setAccessibleName("Sprint length in weeks")
        self.weeks_spin.setRange(1, 4)
        self.weeks_spin.setValue(2)
        self.weeks_spin.setSuffix(" week(s)")

        self.dod_edit = QPlainTextEdit("\n".join(DEFAULT_DEFINITION_OF_DONE))
        self.dod_edit.setObjectName("welcome_dod")
        self.dod_edit.setAccessibleName("Definition of Done, one item per line")
        self.dod_edit.setTabChangesFocus(True)
        self.dod_edit.setMaximumHeight(120)

        self.error_label = plain_label(name="welcome_error", wrap=True)
        self.error_label.setProperty("level", "problem")

        form = QFormLayout()
        form.addRow("Team &name", self.name_edit)
        form.addRow("&Sprint length", self.weeks_spin)
        form.addRow("&Definition of Done", self.dod_edit)

        self.create_button = QPushButton("Create team")
        self.create_button.setObjectName("welcome_create")
        self.create_button.setAccessibleName("Create team")
        self.create_button.setDefault(True)
        self.create_button.clicked.connect(self.create_from_form)
        self.demo_button = QPushButton("Explore the demo team")
        self.demo_button.setObjectName("welcome_demo")
        self.demo_button.setAccessibleName("Explore the demo team")
        self.demo_button.clicked.connect(self.load_demo)
        self.name_edit.returnPressed.connect(self.create_from_form)

        buttons = QHBoxLayout()
        buttons.addWidget(self.create_button)
        buttons.addWidget(self.demo_button)
        buttons.addStretch(1)

        column = QVBoxLayout()
        column.addWidget(heading)
        column.addWidget(intro)
        column.addSpacing(12)
        column.addLayout(form)
        column.addWidget(self.error_label)
        column.addLayout(buttons)
        column.addStretch(1)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(column, 3)
        outer.addStretch(1)

    def show_team(self, team_id: TeamId) -> None:
        """The welcome screen has nothing per team."""

    def create_from_form(self) -> None:
        """Create the team from the form; problems appear inline next to the form."""
        dod = [line for line in self.dod_edit.toPlainText().splitlines() if line.strip()]
        try:
            create_team(self.ctx.store, self.name_edit.text(), self.weeks_spin.value() * 5, dod)
        except FacilitatorError as err:
            self.error_label.setText(f"✗ {err}")
            self.name_edit.setFocus()
            return
        self.error_label.setText("")
        self.saved.emit()
        self.teams_changed.emit()

    def load_demo(self) -> None:
        """Write the demo teams into this (empty) database."""
        try:
            demo.generate(self.ctx.store, today=self.ctx.today())
        except FacilitatorError as err:
            self.error_label.setText(f"✗ {err}")
            return
        self.saved.emit()
        self.teams_changed.emit()
