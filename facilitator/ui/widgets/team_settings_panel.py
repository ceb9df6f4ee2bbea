"""The Team screen's settings form: name, sprint length, Definition of Done, engagement shape."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from facilitator.domain.engagement import Shape
from facilitator.domain.ids import TeamId
from facilitator.errors import StaleEdit
from facilitator.ops import team_model as ops
from facilitator.ops.changes import ActionContext, Changes
from facilitator.store.db import Store
from facilitator.ui.context import UiContext
from facilitator.ui.widgets.team_tables import button
from facilitator.ui.widgets.text import plain_label

# What the user typed, in form order: kept over a Reload after a stale save.
Typed = tuple[str, int, str, float, float, int, bool, str]


class TeamSettingsPanel(QGroupBox):
    """The team's own fields and the engagement shape; Save writes them in one action.

    Signals:
        reload_requested: Reload was pressed after a stale save (what was typed is put back).
    """

    reload_requested = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        """Build the form; :meth:`show_view` fills it."""
        super().__init__("Team and engagement shape", parent)
        self.setObjectName("team_settings_box")
        self.ctx = ctx
        self.team_id: TeamId | None = None
        self.read_version: int | None = None
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
        self.name_edit.returnPressed.connect(self.save)
        self.plan_edit.returnPressed.connect(self.save)
        self.error = plain_label(name="team_settings_error", wrap=True)
        self.save_button = button("Save team", "team_save")
        self.save_button.clicked.connect(self.save)
        self.reload_button = button("Reload", "team_settings_reload")
        self.reload_button.setToolTip("Read the team as saved elsewhere, keeping what you typed")
        self.reload_button.clicked.connect(self.reload_requested)
        self.reload_button.hide()
        form = QFormLayout(self)
        form.addRow("&Name", self.name_edit)
        form.addRow("Sprint &length", self.length_spin)
        form.addRow("Definition of &Done", self.dod_edit)
        form.addRow("Minimum &overlap", self.overlap_spin)
        form.addRow("Minimum &PO time", self.po_spin)
        form.addRow("&Engagement shape", self.shape_combo)
        form.addRow("", self.shape_text)
        form.addRow("", self.regulated_check)
        form.addRow("&Transition plan", self.plan_edit)
        form.addRow("", self.error)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.reload_button)
        buttons.addStretch(1)
        form.addRow("", buttons)

    def focus_chain(self) -> list[QWidget]:
        """The fields in reading order, then Save (for the screen's Tab order)."""
        return [
            self.name_edit,
            self.length_spin,
            self.dod_edit,
            self.overlap_spin,
            self.po_spin,
            self.shape_combo,
            self.regulated_check,
            self.plan_edit,
            self.save_button,
        ]

    def show_view(self, view: ops.TeamView) -> None:
        """Show the team's fields as read (and remember the version they were read at)."""
        self.team_id, self.read_version = view.team.id, view.versions.get("team")
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

    def save(self) -> None:
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
        read = self.read_version

        def save(store: Store, ctx: ActionContext) -> Changes:
            try:
                return ops.update_team(store, ctx, settings, read)
            except StaleEdit:
                self.reload_button.show()  # what was typed stays in the form
                raise

        ctx = self.ctx.action(self.team_id)
        if self.ctx.actions.run(save, ctx, errors=self._problem, parent=self):
            self.reload_button.hide()

    def _problem(self, message: str) -> None:
        self.error.setText(f"✗ {message}" if message else "")

    def typed(self) -> Typed:
        """What the form holds now."""
        return (
            self.name_edit.text(),
            self.length_spin.value(),
            self.dod_edit.toPlainText(),
            self.overlap_spin.value(),
            self.po_spin.value(),
            self.shape_combo.currentIndex(),
            self.regulated_check.isChecked(),
            self.plan_edit.text(),
        )

    def put_back(self, typed: Typed) -> None:
        """Put back what the user had typed over a fresh read, and clear the stale state."""
        name, length, dod, overlap, po, shape, regulated, plan = typed
        self.name_edit.setText(name)
        self.length_spin.setValue(length)
        self.dod_edit.setPlainText(dod)
        self.overlap_spin.setValue(overlap)
        self.po_spin.setValue(po)
        self.shape_combo.setCurrentIndex(shape)
        self.regulated_check.setChecked(regulated)
        self.plan_edit.setText(plan)
        self.error.setText("")
        self.reload_button.hide()
        self.name_edit.setFocus()
