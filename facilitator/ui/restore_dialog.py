"""Restore a backup from inside the app, and look after the database when the window opens."""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMainWindow,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from facilitator.errors import FacilitatorError
from facilitator.ops import maintenance
from facilitator.ops.changes import Changes, Kind
from facilitator.ops.maintenance import DEFAULT_KEEP, BackupInfo, backup_folder, human_size
from facilitator.ui.context import UiContext
from facilitator.ui.widgets.text import plain_label

SHORTCUT = "Ctrl+Shift+B"


class RestoreDialog(QDialog):
    """The backups of the open database, newest first, with their date, size and kind."""

    def __init__(self, backups: list[BackupInfo], parent: QWidget | None = None) -> None:
        """List ``backups`` (newest first) with the newest selected."""
        super().__init__(parent)
        self.backups = backups
        self.setObjectName("restore_dialog")
        self.setAccessibleName("Restore a backup")
        self.setWindowTitle("Restore a backup")
        intro = plain_label(
            "Choose the backup to bring back. The database as it is now is backed up first, "
            "so a restore can itself be undone.",
            name="restore_intro",
            wrap=True,
        )
        self.table = QTableWidget(len(backups), 4)
        self.table.setObjectName("backup_table")
        self.table.setAccessibleName("Backups, newest first")
        self.table.setHorizontalHeaderLabels(["Taken", "Size", "Kind", "File"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table
        self.table.verticalHeader().hide()
        for row, info in enumerate(backups):
            cells = (
                f"{info.taken_at:%a %d %b %Y %H:%M}",
                human_size(info.size),
                info.label,
                str(info.path),
            )
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        if backups:
            self.table.selectRow(0)
        self.table.doubleClicked.connect(self.accept)
        buttons = QDialogButtonBox()
        self.restore_button = buttons.addButton("Restore", QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setObjectName("restore_confirm_button")
        self.restore_button.setAccessibleName("Restore the selected backup")
        self.restore_button.setDefault(True)
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setObjectName("restore_cancel_button")
        cancel.setAccessibleName("Cancel")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(760, 320)
        self.table.setFocus()

    def chosen(self) -> BackupInfo | None:
        """The selected backup."""
        rows = self.table.selectionModel().selectedRows()
        return self.backups[rows[0].row()] if rows else None


@dataclass(frozen=True)
class StartCheck:
    """What the start-up check found: SQLite's quick check, then the daily backup."""

    problems: tuple[str, ...] = ()  # the quick check's findings; () when the file is healthy
    backup: Path | None = None  # the daily backup made (None: none was due)
    failure: str = ""  # why the daily backup could not be made


def start_check(ctx: UiContext, now: dt.datetime, keep: int) -> StartCheck:
    """The quick check and, when the file is healthy, the daily backup (any thread: the check
    reads in its own session, the backup copies over its own connection)."""
    problems = maintenance.quick_check(ctx.store)
    if problems:
        return StartCheck(tuple(problems))
    try:
        return StartCheck(backup=maintenance.daily_backup(ctx.store, now, keep))
    except FacilitatorError as err:
        return StartCheck(failure=str(err))


class RestoreController(QObject):
    """The window's Restore action (status bar button, Ctrl+Shift+B) and its start-up check."""

    # The start-up check's outcome, from its thread to the GUI thread (a queued connection).
    _found = Signal(object)
    checked = Signal()
    """The start-up check is done and what it found is shown."""

    def __init__(self, window: QMainWindow, ctx: UiContext, reload: Callable[[], None]) -> None:
        """Add the action to ``window``; ``reload`` re-reads everything after a restore."""
        super().__init__(window)
        self.window = window
        self.ctx = ctx
        self.reload = reload
        self.keep_backups = DEFAULT_KEEP
        self.dialog: RestoreDialog | None = None
        self.action = QAction("Restore a backup…", window)
        self.action.setObjectName("restore_action")
        self.action.setShortcut(QKeySequence(SHORTCUT))
        self.action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.action.setToolTip(f"Restore a backup of this database ({SHORTCUT})")
        self.action.triggered.connect(self.open_dialog)
        window.addAction(self.action)
        self.button = QToolButton()
        self.button.setObjectName("restore_button")
        self.button.setAccessibleName("Restore a backup")
        self.button.setDefaultAction(self.action)
        self.button.setAutoRaise(True)
        window.statusBar().addPermanentWidget(self.button)
        sqlite = ctx.store.is_sqlite
        self.action.setEnabled(sqlite)
        self.button.setVisible(sqlite)
        self.checking: threading.Thread | None = None
        self._found.connect(self._show_check)

    def open_dialog(self) -> None:
        """Show the backups of the open database (or say there are none)."""
        backups = maintenance.backups_of(self.ctx.store)
        path = self.ctx.store.target.sqlite_path
        if not backups or path is None:
            where = backup_folder(path) if path is not None else self.ctx.store.target.display
            self.ctx.dialogs.error(
                self.window,
                "No backups yet",
                f"No backups of this database were found in {where}. The app makes one each "
                "day it is used and before every upgrade; `facilitator backup` makes one now.",
            )
            return
        dialog = RestoreDialog(backups, self.window)
        dialog.accepted.connect(lambda: self._restore_chosen(dialog))
        dialog.finished.connect(lambda _result: self._forget(dialog))
        self.dialog = dialog
        dialog.open()

    def _forget(self, dialog: RestoreDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def _restore_chosen(self, dialog: RestoreDialog) -> None:
        info = dialog.chosen()
        if info is None:
            return
        question = (
            f"Replace everything in {self.ctx.store.target.display} with the backup "
            f"{info.describe()}?\n\nThe database as it is now is backed up first, so this "
            "restore can itself be undone."
        )
        if self.ctx.dialogs.confirm(self.window, "Restore a backup", question):
            self.restore(info)

    def restore(self, info: BackupInfo) -> bool:
        """Restore ``info`` now (no question asked), then reload every screen."""
        try:
            result = maintenance.restore(self.ctx.store, info.path, self._now(), self.keep_backups)
        except FacilitatorError as err:
            self.ctx.dialogs.error(self.window, "Cannot restore the backup", str(err))
            return False
        # Everything changed: every screen reads its data again (the team list is reloaded next).
        self.ctx.actions.announce(Changes(frozenset(set(Kind) - {Kind.TEAMS})))
        self.reload()
        kept = result.kept_current
        note = f"; the database as it was is kept as {kept.name}" if kept is not None else ""
        self.window.statusBar().showMessage(f"Restored {info.path.name}{note}", 20_000)
        return True

    def check_at_start(self) -> threading.Thread:
        """Run SQLite's quick check on a worker thread, then offer the newest good backup if the
        file is damaged, else back it up daily (the window takes input meanwhile: the check
        reads the whole file, the backup copies it). :attr:`checked` follows; the thread is
        returned so that whoever closes the store first waits for it."""
        now, keep = self._now(), self.keep_backups
        self.checking = threading.Thread(target=self._check, args=(now, keep), name="start-check")
        self.checking.start()
        return self.checking

    def _check(self, now: dt.datetime, keep: int) -> None:
        try:
            found: StartCheck | BaseException = start_check(self.ctx, now, keep)
        except BaseException as err:  # a bug: raised again on the GUI thread, which reports it
            found = err
        with contextlib.suppress(RuntimeError):  # the window closed meanwhile: nobody to tell
            self._found.emit(found)

    def _show_check(self, found: StartCheck | BaseException) -> None:
        if isinstance(found, BaseException):
            raise found
        if found.problems:
            self._offer_backup(found.problems[0])
        elif found.failure:
            self.ctx.dialogs.error(self.window, "The daily backup failed", found.failure)
        elif found.backup is not None:
            self.window.statusBar().showMessage(f"Daily backup saved as {found.backup.name}", 8000)
        self.checked.emit()

    def _offer_backup(self, detail: str) -> None:
        damage = maintenance.damage_report(self.ctx.store, detail)
        if damage.backup is None:
            self.ctx.dialogs.error(self.window, "The database is damaged", str(damage))
            return
        path = self.ctx.store.target.sqlite_path
        folder = backup_folder(path) if path is not None else ""
        question = (
            f"The database {self.ctx.store.target.display} is damaged ({detail}).\n\n"
            f"Restore the newest good backup, {damage.backup.describe()}? The damaged file "
            f"is kept in {folder}."
        )
        if self.ctx.dialogs.confirm(self.window, "The database is damaged", question):
            self.restore(damage.backup)

    def _now(self) -> dt.datetime:
        return self.ctx.now().replace(tzinfo=None)  # backup names use local wall-clock time
