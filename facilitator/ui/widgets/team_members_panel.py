"""The Team screen's members: a table of everyone, and the form to add, edit or deactivate."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QVBoxLayout, QWidget

from facilitator.domain.ids import MemberId, TeamId
from facilitator.errors import FacilitatorError, StaleEdit
from facilitator.ops import team_model as ops
from facilitator.ops.changes import ActionContext, Changes
from facilitator.store.db import Store
from facilitator.ui.context import UiContext
from facilitator.ui.widgets.member_form import MemberForm
from facilitator.ui.widgets.team_tables import button, cell, table

MEMBER_COLUMNS = ["Name", "Role", "Side", "Seniority", "Time zone", "Hours", "PO h/week", "Status"]
# Side, seniority and PO hours are for the facilitator; the room reads who works when.
PRESENTER_HIDDEN_COLUMNS = (2, 3, 6)


class MembersPanel(QGroupBox):
    """Everyone in the team (inactive members kept for history) and the member form beside them.

    Every action goes through ``ctx.actions``: its record reaches the Team screen, which reads
    the view again.

    Signals:
        changed: kept for callers that listen; actions now announce a record instead.
        reload_requested: Reload was pressed after a stale save (the form keeps what is typed).
    """

    changed = Signal()
    reload_requested = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        """Build the table, the form and its buttons."""
        super().__init__("Members", parent)
        self.setObjectName("team_members_box")
        self.ctx = ctx
        self.team_id: TeamId | None = None
        self.view: ops.TeamView | None = None
        self.member_ids: list[MemberId] = []
        self.members_table = table("team_members", "Team members", MEMBER_COLUMNS, fit_height=True)
        self.members_table.currentCellChanged.connect(lambda *_: self._load_selected_member())
        self.member_form = MemberForm("member")
        self.member_form.submitted.connect(self.save_member)
        self.new_member_button = button("New member", "member_new")
        self.new_member_button.clicked.connect(self.start_new_member)
        self.save_member_button = button("Add member", "member_save")
        self.save_member_button.clicked.connect(self.save_member)
        self.active_button = button("Deactivate", "member_toggle_active")
        self.active_button.setToolTip("Deactivated members keep their name in history")
        self.active_button.clicked.connect(self.toggle_active)
        self.reload_button = button("Reload", "member_reload")
        self.reload_button.setToolTip("Read the member as saved elsewhere, keeping what you typed")
        self.reload_button.clicked.connect(self.reload_member)
        self.reload_button.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_member_button)
        buttons.addWidget(self.save_member_button)
        buttons.addWidget(self.active_button)
        buttons.addWidget(self.reload_button)
        buttons.addStretch(1)
        self.member_editor = QWidget()
        self.member_editor.setObjectName("member_editor")
        right = QVBoxLayout(self.member_editor)
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.member_form)
        right.addLayout(buttons)
        right.addStretch(1)
        row = QHBoxLayout(self)
        row.addWidget(self.members_table, 3, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.member_editor, 2)

    def focus_chain(self) -> list[QWidget]:
        """The table, the form's fields, then its buttons (for the screen's Tab order)."""
        return [
            self.members_table,
            *self.member_form.fields(),
            self.new_member_button,
            self.save_member_button,
            self.active_button,
        ]

    def set_presenter(self, on: bool) -> None:
        """For the room: the table alone, without the facilitator's columns."""
        self.member_editor.setVisible(not on)
        for column in PRESENTER_HIDDEN_COLUMNS:
            self.members_table.setColumnHidden(column, on)

    def new_team(self) -> None:
        """Another team is shown: clear the form."""
        self.member_form.set_member(None)

    def show_view(self, view: ops.TeamView) -> None:
        """List the view's members, keeping the selected one selected."""
        self.view = view
        self.team_id = view.team.id
        self.member_form.set_regulated(view.model.regulated)
        self._show_members(view)

    def _show_members(self, view: ops.TeamView) -> None:
        selected = self._selected_member()
        self.members_table.blockSignals(True)
        self.members_table.setRowCount(0)
        self.member_ids = []
        for member in view.members:
            extras = view.extras.get(int(member.id))
            po = f"{extras.po_hours_per_week:g}" if extras and extras.po_hours_per_week else ""
            cells = (
                member.name,
                member.role_label,
                member.side_label,
                member.seniority_label,
                member.timezone,
                member.hours_label,
                po,
                "active" if member.active else "inactive (kept for history)",
            )
            row = self.members_table.rowCount()
            self.members_table.insertRow(row)
            for column, text in enumerate(cells):
                self.members_table.setItem(row, column, cell(text))
            self.member_ids.append(member.id)
        if selected in self.member_ids:
            self.members_table.selectRow(self.member_ids.index(selected))
        self.members_table.blockSignals(False)
        self._update_member_buttons()

    def _selected_member(self) -> MemberId | None:
        row = self.members_table.currentRow()
        return self.member_ids[row] if 0 <= row < len(self.member_ids) else None

    def _load_selected_member(self) -> None:
        member_id = self._selected_member()
        if self.view is None or member_id is None:
            return
        member = next(m for m in self.view.members if m.id == member_id)
        self.member_form.set_member(member, self.view.extras.get(int(member_id)))
        self._update_member_buttons()

    def _update_member_buttons(self) -> None:
        member_id = self._selected_member()
        self.save_member_button.setText("Add member" if member_id is None else "Save member")
        self.save_member_button.setAccessibleName(self.save_member_button.text())
        member = next(
            (m for m in (self.view.members if self.view else []) if m.id == member_id), None
        )
        self.active_button.setEnabled(member is not None)
        self.active_button.setText("Reactivate" if member and not member.active else "Deactivate")

    def start_new_member(self) -> None:
        """Clear the selection and the form to add a new member."""
        self.members_table.blockSignals(True)
        self.members_table.setCurrentCell(-1, -1)
        self.members_table.clearSelection()
        self.members_table.blockSignals(False)
        self.member_form.set_member(None)
        self._update_member_buttons()
        self.member_form.name_edit.setFocus()

    def save_member(self) -> None:
        """Add the form's member, or save the selected one; errors appear next to the field."""
        if self.team_id is None:
            return
        member_id = self._selected_member()
        data = self.member_form.data()
        if member_id is not None and self.view is not None:
            current = next(m for m in self.view.members if m.id == member_id)
            data = ops.MemberInput(**{**data.__dict__, "active": current.active})
        team = self.team_id
        caught: list[FacilitatorError] = []

        def save(store: Store, ctx: ActionContext) -> Changes:
            try:
                if member_id is None:
                    return ops.add_member(store, ctx, data)
                read = self.view.versions.get(f"member:{member_id}") if self.view else None
                return ops.update_member(store, ctx, member_id, data, read)
            except FacilitatorError as err:
                caught.append(err)
                raise

        def show(message: str) -> None:
            if not message:
                self.member_form.clear_errors()
                return
            err = caught[-1] if caught else None
            # A stale save keeps what was typed in the form; Reload reads the versions again.
            self.reload_button.setVisible(isinstance(err, StaleEdit))
            field = err if isinstance(err, ops.FieldError) else ops.FieldError("name", message)
            self.member_form.show_error(field)

        if self.ctx.actions.run(save, self.ctx.action(team), errors=show, parent=self) is None:
            return
        self.reload_button.hide()
        if member_id is None:
            self.member_form.set_member(None)
            # Added: the form is empty and ready for the next member.
            self.member_form.name_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            # Saved: back to the member's row, the next thing to read or change.
            self.members_table.setFocus(Qt.FocusReason.OtherFocusReason)

    def reload_member(self) -> None:
        """Read the team again (the member as saved elsewhere), keeping what is typed."""
        self.reload_button.hide()
        self.member_form.clear_errors()
        self.reload_requested.emit()

    def toggle_active(self) -> None:
        """Deactivate the selected member (or bring them back); nothing is deleted."""
        member_id = self._selected_member()
        if member_id is None or self.view is None:
            return
        member = next(m for m in self.view.members if m.id == member_id)
        active = not member.active
        self.ctx.actions.run(
            lambda store, ctx: ops.set_member_active(store, ctx, member_id, active),
            self.ctx.action(self.team_id),
            parent=self,
        )
        self.members_table.setFocus(Qt.FocusReason.OtherFocusReason)
