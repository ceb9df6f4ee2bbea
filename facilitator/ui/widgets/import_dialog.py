"""The import dialog: a preview of the first rows and the column mapping, then the import with a
progress bar and Cancel; a cancelled or failed import changes nothing.

The import is one action through the window's action runner (one transaction). It runs on the
event loop: the op reports its progress every few hundred rows, and each report lets Qt paint the
bar and deliver a click on Cancel, which makes the op roll everything back.
"""

from __future__ import annotations

import itertools
from pathlib import Path

from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain.ids import TeamId
from facilitator.errors import FacilitatorError
from facilitator.exchange.backlog_csv import FIELDS
from facilitator.exchange.jira import POINTS_COLUMNS
from facilitator.exchange.reading import CsvFile, open_checked, text_lines
from facilitator.exchange.records import ImportedStory
from facilitator.ops.changes import ActionContext, Changes
from facilitator.ops.import_files import ImportOptions, import_file, records_of
from facilitator.ops.importing import ImportResult, import_stories
from facilitator.store.db import Store
from facilitator.ui.actions import label_sink
from facilitator.ui.context import UiContext
from facilitator.ui.widgets.text import plain_label

PREVIEW_ROWS = 10
KIND_TITLES = {
    "jira": "Import from Jira (CSV export)",
    "github": "Import GitHub issues (JSON)",
    "csv": "Import a CSV file",
    "json": "Import a team dump (JSON)",
}
_JIRA_MAPPING = (
    ("key", "Issue key"),
    ("title", "Summary"),
    ("type", "Issue Type"),
    ("status", "Status"),
    ("estimate", " or ".join(POINTS_COLUMNS[:2])),
    ("description", "Description"),
    ("criteria", "an Acceptance Criteria field, else a checklist in the Description"),
)
_GITHUB_MAPPING = (
    ("key", "number, as GH-<number>"),
    ("title", "title"),
    ("type", "a bug / chore / spike label"),
    ("status", "state (closed is done)"),
    ("estimate", "a label such as 'points: 3' or 'sp-5'"),
    ("description", "body"),
    ("criteria", "a checklist in the body"),
)
_NONE = "(none)"


class ImportDialog(QDialog):
    """Preview, mapping and progress of importing one file into one team."""

    def __init__(
        self,
        ctx: UiContext,
        kind: str,
        path: Path,
        team_id: TeamId | None,
        parent: QWidget | None = None,
    ) -> None:
        """Read the preview of ``path`` (a ``kind`` file) for ``team_id``."""
        super().__init__(parent)
        self.setObjectName("import_dialog")
        self.setWindowTitle(KIND_TITLES[kind])
        self.setAccessibleName(KIND_TITLES[kind])
        self.ctx, self.kind, self.path, self.team_id = ctx, kind, path, team_id
        self.imported: ImportResult | None = None
        self.cancelled = False
        self.running = False
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label(f"File: {path}", name="import_file", wrap=True))
        self.mapping_form = QFormLayout()
        self.mapping: dict[str, QComboBox] = {}
        self.mapping_text = plain_label(name="import_mapping", wrap=True)
        layout.addWidget(self.mapping_text)
        layout.addLayout(self.mapping_form)
        self.preview = QTableWidget(0, 7)
        self.preview.setObjectName("import_preview")
        self.preview.setAccessibleName("Preview of the first rows")
        self.preview.setHorizontalHeaderLabels(
            ["Line", "Key", "Title", "Type", "Status", "Estimate", "Criteria"]
        )
        self.preview.setTabKeyNavigation(False)  # Tab leaves the table
        self.preview.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        layout.addWidget(self.preview, 1)
        self.error = plain_label(name="import_error", wrap=True)
        self.error.hide()
        layout.addWidget(self.error)
        self.progress = QProgressBar()
        self.progress.setObjectName("import_progress")
        self.progress.setAccessibleName("Import progress")
        self.progress.setRange(0, 1000)
        self.progress.hide()
        layout.addWidget(self.progress)
        self.outcome = plain_label(name="import_result", wrap=True)
        layout.addWidget(self.outcome)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.import_button = QPushButton("&Import")
        self.import_button.setObjectName("import_button")
        self.import_button.clicked.connect(self.start)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName("import_cancel")
        self.cancel_button.clicked.connect(self.cancel)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.cancel_button)
        layout.addLayout(buttons)
        self.show_error = label_sink(self.error)
        self.resize(820, 520)
        self._build_mapping()
        self.refresh_preview()

    # --- mapping and preview -----------------------------------------------------------------
    def _build_mapping(self) -> None:
        if self.kind == "jira":
            self.mapping_text.setText(_mapping_words(_JIRA_MAPPING))
        elif self.kind == "github":
            self.mapping_text.setText(_mapping_words(_GITHUB_MAPPING))
        elif self.kind == "json":
            self.mapping_text.setText(
                "A team dump creates its teams with their members, stories and sprints."
            )
        else:
            self.mapping_text.setText("Column of the file for each field:")
            header = self._csv_header()
            for field in FIELDS:
                combo = QComboBox()
                combo.setObjectName(f"map_{field}")
                combo.setAccessibleName(f"Column for {field}")
                combo.addItem(_NONE, "")
                for column in header:
                    combo.addItem(column, column)
                match = next((c for c in header if c.casefold() == field), None)
                if match is not None:
                    combo.setCurrentIndex(combo.findData(match))
                combo.currentIndexChanged.connect(self.refresh_preview)
                self.mapping[field] = combo
                self.mapping_form.addRow(field, combo)

    def _csv_header(self) -> list[str]:
        try:
            with open_checked(self.path) as stream:
                return CsvFile(text_lines(stream, str(self.path)), str(self.path)).header
        except FacilitatorError as err:
            self.show_error(str(err))
            return []

    def options(self) -> ImportOptions:
        """How to read the file: the chosen column mapping (csv)."""
        chosen = {f: str(combo.currentData()) for f, combo in self.mapping.items()}
        return ImportOptions(mapping={f: c for f, c in chosen.items() if c})

    def refresh_preview(self) -> None:
        """Show the first rows as they would be imported, or what is wrong with the file."""
        self.preview.setRowCount(0)
        self.show_error("")
        if self.kind == "json":
            self.import_button.setEnabled(True)
            return
        try:
            with open_checked(self.path) as stream:
                records = records_of(self.kind, stream, str(self.path), self.options())
                first = list(itertools.islice(records, PREVIEW_ROWS))
        except FacilitatorError as err:
            self.show_error(str(err))
            self.import_button.setEnabled(False)
            return
        for record in first:
            row = self.preview.rowCount()
            self.preview.insertRow(row)
            if isinstance(record, ImportedStory):
                values = [
                    str(record.line),
                    record.key,
                    record.title,
                    record.type,
                    record.status,
                    "" if record.estimate is None else f"{record.estimate:g}",
                    str(len(record.criteria)),
                ]
            else:
                values = [str(record.line), record.key, f"skipped: {record.reason}", "", "", "", ""]
            for column, value in enumerate(values):
                self.preview.setItem(row, column, QTableWidgetItem(value))
        self.preview.resizeColumnsToContents()
        self.import_button.setEnabled(bool(first))

    # --- the import ----------------------------------------------------------------------------
    def start(self) -> None:
        """Run the import as one action; the bar moves and Cancel works while it runs."""
        self.cancelled, self.running = False, True
        self.import_button.setEnabled(False)
        self.progress.setValue(0)
        self.progress.show()
        self.outcome.setText("")
        action_ctx = self.ctx.action(self.team_id)
        changes = self.ctx.actions.run(
            self._import, action_ctx, errors=self.show_error, parent=self
        )
        self.running = False
        self.progress.hide()
        if changes is None or self.imported is None:
            self.import_button.setEnabled(True)
            return
        self.outcome.setText(f"Imported into {self.imported.team}: {self.imported.summary}.")
        self.cancel_button.setText("Close")

    def _import(self, store: Store, ctx: ActionContext) -> Changes:
        if self.kind == "json":
            self.imported = import_file(store, "json", self.path, None, ctx.now)
            return self.imported.changes
        size = max(1, self.path.stat().st_size)
        with open_checked(self.path) as stream:

            def progress(_read: int) -> bool:
                self.progress.setValue(int(1000 * min(1.0, stream.tell() / size)))
                QApplication.processEvents()  # paint the bar, deliver a click on Cancel
                return not self.cancelled

            records = records_of(self.kind, stream, str(self.path), self.options())
            self.imported = import_stories(store, ctx, records, str(self.path), progress, every=250)
        return self.imported.changes

    def cancel(self) -> None:
        """While importing: roll the import back. Otherwise: close."""
        if self.running:
            self.cancelled = True
            return
        self.reject()

    def reject(self) -> None:
        """Escape or the window's close button: cancel a running import first."""
        if self.running:
            self.cancelled = True
            return
        super().reject()


def _mapping_words(pairs: tuple[tuple[str, str], ...]) -> str:
    return "Fields are read from: " + "; ".join(f"{field} ← {source}" for field, source in pairs)
