"""The member form shared by the welcome wizard and the Team screen, with inline errors."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTime, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain.engagement import MemberExtras
from facilitator.domain.model import Member, Role, Seniority, Side
from facilitator.domain.overlap import is_overnight
from facilitator.ops.team_model import FieldError, MemberInput
from facilitator.ui.keyboard import tab_leaves_sections
from facilitator.ui.widgets.text import plain_label
from facilitator.ui.widgets.timezone_picker import TimezonePicker

ERROR_FIELDS = ("name", "role", "timezone", "hours", "po_hours")


def _combo(name: str, accessible: str, items: list[tuple[str, str]]) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    combo.setAccessibleName(accessible)
    for label, value in items:
        combo.addItem(label, value)
    return combo


def _minutes(time: QTime) -> int:
    return time.hour() * 60 + time.minute()


class MemberForm(QWidget):
    """Name, role, side, seniority, time zone, hours, PO hours and week-one compliance.

    Signals:
        submitted: Return was pressed in a field of the form (a closed list, an entry field).
    """

    submitted = Signal()

    def __init__(self, prefix: str, parent: QWidget | None = None) -> None:
        """Build the fields; every object name starts with ``prefix``."""
        super().__init__(parent)
        self.setObjectName(f"{prefix}_form")
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName(f"{prefix}_name")
        self.name_edit.setAccessibleName("Member name")
        self.name_edit.returnPressed.connect(self.submitted.emit)
        self.role_combo = _combo(
            f"{prefix}_role", "Role", [(role.label, role.value) for role in Role]
        )
        self.role_combo.setPlaceholderText("Choose a role…")
        self.role_combo.setCurrentIndex(-1)
        self.side_combo = _combo(f"{prefix}_side", "Side", [(s.label, s.value) for s in Side])
        self.seniority_combo = _combo(
            f"{prefix}_seniority", "Seniority", [(s.value, s.value) for s in Seniority]
        )
        self.seniority_combo.setCurrentIndex(1)
        self.zone = TimezonePicker(f"{prefix}_timezone", deferred=True)  # filled on first focus
        self.start_edit = QTimeEdit(QTime(9, 0))
        self.end_edit = QTimeEdit(QTime(17, 0))
        for edit, what in ((self.start_edit, "start"), (self.end_edit, "end")):
            edit.setObjectName(f"{prefix}_work_{what}")
            edit.setAccessibleName(f"Working hours {what} (local time)")
            edit.setDisplayFormat("HH:mm")
            edit.timeChanged.connect(self._update_overnight)
        tab_leaves_sections(self.start_edit, self.end_edit)
        self.po_hours = QDoubleSpinBox()
        self.po_hours.setObjectName(f"{prefix}_po_hours")
        self.po_hours.setAccessibleName("Hours a week available as Product Owner")
        self.po_hours.setRange(0, 80)
        self.po_hours.setSuffix(" h / week")
        self.access_check = QCheckBox("Access controls aligned to the in-house posture")
        self.access_check.setObjectName(f"{prefix}_access_controls")
        self.access_check.setAccessibleName("Access controls done")
        self.training_check = QCheckBox("Compliance training done")
        self.training_check.setObjectName(f"{prefix}_compliance_training")
        self.training_check.setAccessibleName("Compliance training done")
        self.overnight_label = plain_label(name=f"{prefix}_overnight_note")

        self.errors: dict[str, QLabel] = {}
        for key in ERROR_FIELDS:
            label = plain_label(name=f"{prefix}_{key}_error", wrap=True)
            label.setProperty("level", "problem")
            label.hide()
            self.errors[key] = label

        hours = QHBoxLayout()
        hours.addWidget(self.start_edit)
        hours.addWidget(plain_label("to"))
        hours.addWidget(self.end_edit)
        hours.addWidget(self.overnight_label, 1)
        form = QFormLayout()
        form.addRow("&Name", self._with_error(self.name_edit, "name"))
        form.addRow("&Role", self._with_error(self.role_combo, "role"))
        form.addRow("Si&de", self.side_combo)
        form.addRow("Seniorit&y", self.seniority_combo)
        form.addRow("&Time zone", self._with_error(self.zone, "timezone"))
        hours_box = QWidget()
        hours_box.setLayout(hours)
        form.addRow("Working &hours", self._with_error(hours_box, "hours"))
        form.addRow("&PO hours", self._with_error(self.po_hours, "po_hours"))
        form.addRow("", self.access_check)
        form.addRow("", self.training_check)
        form.setContentsMargins(0, 0, 0, 0)
        self.setLayout(form)
        self.set_regulated(False)
        for field in self.fields():
            field.installEventFilter(self)
        line = self.zone.lineEdit()
        if line is not None:
            line.installEventFilter(self)

    def fields(self) -> list[QWidget]:
        """The form's controls in reading order (for the Tab order of the screen it sits in)."""
        return [
            self.name_edit,
            self.role_combo,
            self.side_combo,
            self.seniority_combo,
            self.zone,
            self.start_edit,
            self.end_edit,
            self.po_hours,
            self.access_check,
            self.training_check,
        ]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Return or Enter in any field submits the form (an open list or completer keeps it)."""
        del watched  # only the form's own fields are watched
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers()
            in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
            and not event.isAutoRepeat()
        ):
            completer = self.zone.completer()
            popup = completer.popup() if completer is not None else None
            if popup is not None and popup.isVisible():
                return False
            self.submitted.emit()
            return True
        return False

    def _with_error(self, field: QWidget, key: str) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(field)
        column.addWidget(self.errors[key])
        return box

    def _update_overnight(self) -> None:
        start, end = _minutes(self.start_edit.time()), _minutes(self.end_edit.time())
        if start == end:
            self.overnight_label.setText("")
        elif is_overnight(start, end):
            self.overnight_label.setText("overnight shift: ends the next day")
        else:
            self.overnight_label.setText("")

    def set_regulated(self, regulated: bool) -> None:
        """Show the week-one compliance boxes only for regulated teams."""
        self.access_check.setVisible(regulated)
        self.training_check.setVisible(regulated)

    def data(self) -> MemberInput:
        """What the form holds now."""
        role = self.role_combo.currentData()
        return MemberInput(
            name=self.name_edit.text(),
            role=Role(role) if role else None,
            side=Side(self.side_combo.currentData() or Side.IN_HOUSE),
            seniority=Seniority(self.seniority_combo.currentData() or Seniority.MID),
            timezone=self.zone.zone(),
            work_start_min=_minutes(self.start_edit.time()),
            work_end_min=_minutes(self.end_edit.time()),
            po_hours_per_week=self.po_hours.value(),
            access_controls_done=self.access_check.isChecked(),
            compliance_training_done=self.training_check.isChecked(),
        )

    def set_member(self, member: Member | None, extras: MemberExtras | None = None) -> None:
        """Fill the form from ``member`` (None clears it for a new member)."""
        self.clear_errors()
        if member is None:
            self.name_edit.clear()
            self.role_combo.setCurrentIndex(-1)
            self.po_hours.setValue(0)
            self.access_check.setChecked(False)
            self.training_check.setChecked(False)
            return
        self.name_edit.setText(member.name)
        unknown = dict(member.unknown)
        # A value the app does not know leaves its box empty: saving asks for a real choice.
        for box, key, value in (
            (self.role_combo, "role", member.role.value),
            (self.side_combo, "side", member.side.value),
            (self.seniority_combo, "seniority", member.seniority.value),
        ):
            box.setCurrentIndex(-1 if key in unknown else box.findData(value))
        self.zone.set_zone(member.timezone)
        self.start_edit.setTime(QTime(member.work_start_min // 60, member.work_start_min % 60))
        end = member.work_end_min % 1440
        self.end_edit.setTime(QTime(end // 60, end % 60))
        extras = extras or MemberExtras(member.id)
        self.po_hours.setValue(extras.po_hours_per_week)
        self.access_check.setChecked(extras.access_controls_done)
        self.training_check.setChecked(extras.compliance_training_done)

    def show_error(self, err: FieldError) -> None:
        """Show ``err`` next to its field (unknown fields go next to the name)."""
        self.clear_errors()
        label = self.errors.get(err.field, self.errors["name"])
        label.setText(f"✗ {err}")
        label.show()
        targets: dict[str, QWidget] = {
            "name": self.name_edit,
            "role": self.role_combo,
            "timezone": self.zone,
            "hours": self.end_edit,
            "po_hours": self.po_hours,
        }
        targets.get(err.field, self.name_edit).setFocus()

    def clear_errors(self) -> None:
        """Hide every inline error."""
        for label in self.errors.values():
            label.setText("")
            label.hide()
