"""The import dialog: a preview of the first rows and the column mapping, then the import with a
progress bar and Cancel; a cancelled or failed import changes nothing.

The import is one action (one transaction) run on a worker thread (:class:`ImportWorker` moved
to a :class:`QThread`), so the window stays responsive however large the file. The op reports the
share of the file read every few hundred rows by a queued signal; Cancel, Escape or closing the
dialog or the window sets a flag the op reads at its next report, and the op raises and rolls
everything back. When the worker ends, the GUI thread finishes the action as the window's action
runner does (:meth:`ActionRunner.deliver` / :meth:`ActionRunner.refuse`): screens and badges hear
of the stories, a refusal is shown in the dialog, a storage failure in a dialog of its own.

The worker's session takes its own connection from the engine's pool: a SQLite file engine
(``QueuePool``, ``check_same_thread`` off) and a PostgreSQL one both give each thread its own;
an in-memory SQLite database (one connection per thread, :attr:`Store.per_thread`) is imported
into on the GUI thread, where its only connection is.
While the worker holds the write lock the GUI thread only reads (``Store.read_session``), which
never waits for a writer.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMetaObject, QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import (
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
from facilitator.ops.changes import ActionContext
from facilitator.ops.import_files import ImportOptions, import_file, records_of
from facilitator.ops.importing import ImportResult, import_stories
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

Report = Callable[[float], bool]
"""Told the share of the file read (0 to 1); returns False once the import is cancelled."""
Job = Callable[[Report], ImportResult]


class ImportWorker(QObject):
    """Runs one import job on the thread it is moved to.

    Signals:
        progressed(int): per mille of the file read (queued to the dialog).
        ended(object, object): the ImportResult, or None and the exception the job raised.
    """

    progressed = Signal(int)
    ended = Signal(object, object)

    def __init__(self, job: Job) -> None:
        """Wrap ``job``; :meth:`run` calls it with :meth:`report`."""
        super().__init__()
        self.job = job
        self.cancelled = threading.Event()

    def report(self, share: float) -> bool:
        """Pass the share read on to the bar; False once Cancel was asked for."""
        self.progressed.emit(int(1000 * min(1.0, share)))
        return not self.cancelled.is_set()

    @Slot()
    def run(self) -> None:
        """Run the job, say how it ended, and end the thread's event loop."""
        try:
            result = self.job(self.report)
        except Exception as err:
            self.ended.emit(None, err)
        else:
            self.ended.emit(result, None)
        finally:
            app, current = QCoreApplication.instance(), QThread.currentThread()
            if app is not None and current is not app.thread():
                self.moveToThread(app.thread())  # back to the GUI thread, which drops it
                current.quit()


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
        # One thread per dialog, started for each import; it ends with the import.
        self.worker_thread = QThread(self)
        self.worker_thread.setObjectName("import_thread")
        app = QCoreApplication.instance()
        if app is not None:  # quitting however (not only by the window) waits for the worker
            app.aboutToQuit.connect(self.stop)
        self._worker: ImportWorker | None = None
        self._action_ctx: ActionContext | None = None
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
    @property
    def running(self) -> bool:
        """Whether an import is under way on the worker thread."""
        return self._worker is not None

    def start(self) -> None:
        """Start the import on a worker thread; the bar moves and Cancel works while it runs."""
        if self.running:
            return
        self.import_button.setEnabled(False)
        self.progress.setRange(0, 1000)
        self.progress.setValue(0)
        self.progress.show()
        self.outcome.setText("")
        self._action_ctx = self.ctx.action(self.team_id)
        worker = ImportWorker(self._job(self._action_ctx))
        worker.progressed.connect(self.progress.setValue)
        worker.ended.connect(self._ended)
        self._worker = worker
        if self.ctx.store.per_thread:
            # An in-memory SQLite database is one connection per thread: another thread would
            # see an empty database, so the import runs here (the window waits for it).
            worker.run()
            return
        worker.moveToThread(self.worker_thread)
        self.worker_thread.start()
        # Queued to the worker's thread: its event loop runs the import once it has started.
        QMetaObject.invokeMethod(worker, "run", Qt.ConnectionType.QueuedConnection)

    def _job(self, action_ctx: ActionContext) -> Job:
        """The import as a function of its progress report, reading nothing from the widgets."""
        store, kind, path, options = self.ctx.store, self.kind, self.path, self.options()

        def job(report: Report) -> ImportResult:
            size = max(1, path.stat().st_size)
            if kind == "json":  # told bytes: the index pass is the first half, the rows the rest
                return import_file(
                    store, "json", path, None, action_ctx.now, progress=lambda b: report(b / size)
                )
            with open_checked(path) as stream:
                records = records_of(kind, stream, str(path), options)
                return import_stories(
                    store,
                    action_ctx,
                    records,
                    str(path),
                    lambda _read: report(stream.tell() / size),
                    every=250,
                )

        return job

    @Slot(object, object)
    def _ended(self, result: ImportResult | None, error: Exception | None) -> None:
        """On the GUI thread: finish the action as the action runner does."""
        action_ctx = self._action_ctx
        if self._worker is None or action_ctx is None:
            return  # already waited for by stop()
        self.worker_thread.wait()  # its loop was told to quit: returns at once
        self._worker = None
        self.progress.hide()
        if result is None:
            self.outcome.setText("")
            self.import_button.setEnabled(True)
            if not isinstance(error, FacilitatorError):
                raise RuntimeError(f"the import of {self.path} failed") from error  # a bug
            self.ctx.actions.refuse(error, errors=self.show_error, parent=self)
            return
        self.imported = result
        self.ctx.actions.deliver(result.changes, action_ctx, errors=self.show_error)
        self.outcome.setText(f"Imported into {result.team}: {result.summary}.")
        self.cancel_button.setText("Close")

    def cancel(self) -> None:
        """While importing: roll the import back. Otherwise: close."""
        if self.running:
            self._ask_cancel()
            return
        self.reject()

    def reject(self) -> None:
        """Escape or the window's close button: cancel a running import first."""
        if self.running:
            self._ask_cancel()
            return
        super().reject()

    def _ask_cancel(self) -> None:
        if self._worker is not None and not self._worker.cancelled.is_set():
            self._worker.cancelled.set()
            self.outcome.setText("Cancelling…")

    def stop(self) -> None:
        """Cancel a running import and wait until its thread has ended (the window closes)."""
        if self._worker is None:
            return
        self._ask_cancel()
        self.worker_thread.wait()
        self._worker = None
        self.progress.hide()


def _mapping_words(pairs: tuple[tuple[str, str], ...]) -> str:
    return "Fields are read from: " + "; ".join(f"{field} ← {source}" for field, source in pairs)
