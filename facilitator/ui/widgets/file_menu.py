"""The File menu: Import Jira/GitHub/CSV/JSON… and Export…, plus the export dialog.

The calendar export writes its times in a zone the dialog offers (the team's members' zones
first), by default the team's reference zone, as ``facilitator export ics`` does without ``--tz``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain.ids import TeamId
from facilitator.domain.overlap import check_timezone, plural
from facilitator.errors import FacilitatorError
from facilitator.ops import exporting
from facilitator.ui.actions import label_sink
from facilitator.ui.context import UiContext
from facilitator.ui.widgets.import_dialog import KIND_TITLES, ImportDialog
from facilitator.ui.widgets.text import plain_label
from facilitator.ui.widgets.timezone_picker import TimezonePicker

_FILTERS = {
    "jira": "Jira CSV export (*.csv);;All files (*)",
    "github": "GitHub issues JSON (*.json);;All files (*)",
    "csv": "CSV files (*.csv *.txt);;All files (*)",
    "json": "Team dump (*.json);;All files (*)",
}
EXPORTS = (
    ("csv", "Backlog as CSV", "backlog.csv"),
    ("json", "Teams as a JSON dump", "teams.json"),
    ("ics", "Ceremony schedule (iCalendar)", "ceremonies.ics"),
)


class FileMenu:
    """The File menu of a main window; opens the import and export dialogs."""

    def __init__(
        self, window: QMainWindow, ctx: UiContext, team_of: Callable[[], TeamId | None]
    ) -> None:
        """Add the menu to ``window``'s menu bar; ``team_of`` gives the team shown."""
        self.window, self.ctx, self.team_of = window, ctx, team_of
        self.dialog: QDialog | None = None
        menu = window.menuBar().addMenu("&File")
        menu.setObjectName("file_menu")
        self.actions: dict[str, QAction] = {}
        for kind in ("jira", "github", "csv", "json"):
            action = menu.addAction(KIND_TITLES[kind] + "…")
            action.setObjectName(f"import_{kind}_action")
            action.triggered.connect(lambda _checked=False, k=kind: self.choose_import(k))
            self.actions[f"import_{kind}"] = action
        menu.addSeparator()
        export = menu.addAction("Export…")
        export.setObjectName("export_action")
        export.triggered.connect(self.open_export)
        self.actions["export"] = export

    def choose_import(self, kind: str) -> None:
        """Ask for the file, then open the import dialog on it."""
        name, _filter = QFileDialog.getOpenFileName(
            self.window, KIND_TITLES[kind], "", _FILTERS[kind]
        )
        if name:
            self.open_import(kind, Path(name))

    def open_import(self, kind: str, path: Path) -> ImportDialog:
        """Open the import dialog on ``path`` for the team shown."""
        dialog = ImportDialog(self.ctx, kind, path, self.team_of(), self.window)
        self.dialog = dialog
        dialog.open()
        return dialog

    @property
    def importing(self) -> bool:
        """Whether an import is running on its worker thread."""
        return isinstance(self.dialog, ImportDialog) and self.dialog.running

    def stop_import(self) -> None:
        """Cancel a running import and wait for its thread (the window is closing)."""
        if isinstance(self.dialog, ImportDialog):
            self.dialog.stop()

    def open_export(self) -> ExportDialog:
        """Open the export dialog."""
        dialog = ExportDialog(self.ctx, self.team_of(), self.window)
        self.dialog = dialog
        dialog.open()
        return dialog


class ExportDialog(QDialog):
    """What to export, where to, and the outcome in words."""

    def __init__(self, ctx: UiContext, team_id: TeamId | None, parent: QWidget | None) -> None:
        """Offer the exports of the team ``team_id`` (or every team)."""
        super().__init__(parent)
        self.setObjectName("export_dialog")
        self.setWindowTitle("Export")
        self.ctx, self.team_id = ctx, team_id
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.kind = QComboBox()
        self.kind.setObjectName("export_kind")
        self.kind.setAccessibleName("What to export")
        for kind, label, _default in EXPORTS:
            self.kind.addItem(label, kind)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        form.addRow("Export", self.kind)
        self.path = QLineEdit(str(Path.home() / EXPORTS[0][2]))
        self.path.setObjectName("export_path")
        self.path.setAccessibleName("File to write")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        form.addRow("File", row)
        self.only_team = QCheckBox("Only the team shown")
        self.only_team.setObjectName("export_only_team")
        self.only_team.setChecked(team_id is not None)
        self.only_team.setEnabled(team_id is not None)
        form.addRow("", self.only_team)
        self.excel = QCheckBox("Excel compatible (UTF-8 with a byte-order mark)")
        self.excel.setObjectName("export_excel")
        form.addRow("", self.excel)
        # The calendar's zone: the picker is built the first time the calendar is chosen.
        self.zone_row = QWidget()
        self.zone_row.setObjectName("export_zone_row")
        QHBoxLayout(self.zone_row).setContentsMargins(0, 0, 0, 0)
        self.zone: TimezonePicker | None = None
        self.default_zone: str | None = None
        form.addRow("Time zone", self.zone_row)
        form.setRowVisible(self.zone_row, False)
        self.form = form
        layout.addLayout(form)
        self.error = plain_label(name="export_error", wrap=True)
        self.error.hide()
        self.outcome = plain_label(name="export_result", wrap=True)
        layout.addWidget(self.error)
        layout.addWidget(self.outcome)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.export_button = QPushButton("&Export")
        self.export_button.setObjectName("export_button")
        self.export_button.clicked.connect(self.export)
        close = QPushButton("Close")
        close.clicked.connect(self.reject)
        buttons.addWidget(self.export_button)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.show_error = label_sink(self.error)

    def _kind_changed(self) -> None:
        kind = str(self.kind.currentData())
        self.excel.setEnabled(kind == "csv")
        default = next(name for k, _label, name in EXPORTS if k == kind)
        self.path.setText(str(Path(self.path.text()).parent / default))
        if kind == "ics":  # a calendar is always one team's
            self.only_team.setChecked(self.team_id is not None)
            self._offer_zones()
        self.form.setRowVisible(self.zone_row, kind == "ics")

    def _offer_zones(self) -> None:
        """Build the zone picker once: the team's members' zones first, its reference zone
        chosen (a team that cannot be told is said when exporting)."""
        if self.zone is not None:
            return
        try:
            default, zones = exporting.calendar_zones(self.ctx.store, self._team_name())
        except FacilitatorError:
            default, zones = "UTC", []
        picker = TimezonePicker("export_zone", self.zone_row)
        picker.setAccessibleDescription("The team's time zones come first")
        if zones:
            picker.insertItems(0, zones)
            picker.insertSeparator(len(zones))
        picker.set_zone(default)
        row = self.zone_row.layout()
        assert row is not None
        row.addWidget(picker)
        self.zone, self.default_zone = picker, default

    def _browse(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(self, "Export to", self.path.text())
        if name:
            self.path.setText(name)

    def export(self) -> None:
        """Write the chosen export; the outcome or the refusal is shown in the dialog."""
        kind = str(self.kind.currentData())
        path = Path(self.path.text().strip())
        team = self._team_name() if self.only_team.isChecked() or kind == "ics" else None
        where = ""
        try:
            if kind == "csv":
                count = exporting.export_csv(self.ctx.store, path, team, self.excel.isChecked())
                what = f"{count} stories"
            elif kind == "json":
                what = plural(exporting.export_json(self.ctx.store, path, team), "team")
            else:
                zone = self.zone.zone() if self.zone is not None else ""
                check_timezone(zone)  # refused here by its name, before anything is written
                chosen = None if zone == self.default_zone else zone  # the default says why
                events, missing = exporting.export_ics(
                    self.ctx.store, path, team, dt.datetime.now(dt.UTC), chosen
                )
                gone = f"; no overlap for {', '.join(missing)}" if missing else ""
                what = f"{events} recurring events{gone}"
                where = f", times in {zone}" + (
                    " (the team's reference zone)" if chosen is None else ""
                )
        except FacilitatorError as err:
            self.show_error(str(err))
            self.outcome.setText("")
            return
        self.show_error("")
        self.outcome.setText(f"Exported {what} to {path}{where}.")

    def _team_name(self) -> str | None:
        if self.team_id is None:
            return None
        from facilitator.ops.teams import list_teams

        return next((t.name for t in list_teams(self.ctx.store) if t.id == self.team_id), None)
