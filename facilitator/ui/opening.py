"""Opening the database for the window: off the GUI thread, while the shell is on screen.

The window's shell is painted before the storage code is imported. A worker thread then imports
SQLAlchemy and the models, opens (and if need be migrates) the database, and reads what the first
screen shows (the team list and Home's summary, one read-only transaction); the event loop keeps
running meanwhile, so the window moves, resizes and takes keys. Back on the GUI thread the
screens are built on the store. What needs the user (restoring a damaged database's backup, the
error dialog) happens on the GUI thread.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import importlib
import os
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from facilitator import cli, collector
from facilitator.errors import FacilitatorError, StoreUnavailable
from facilitator.paths import Paths

if TYPE_CHECKING:
    from PySide6.QtCore import QLockFile

    from facilitator.ops.teams import OpeningView
    from facilitator.store.db import Store
    from facilitator.store.failures import DatabaseDamaged
    from facilitator.ui.dialogs import Dialogs
    from facilitator.ui.main_window import MainWindow


def open_for_gui(
    args: argparse.Namespace, paths: Paths, temp_dir: Path | None, keep: int | None = None
) -> tuple[Store, QLockFile | None]:
    """Open the database the GUI works on: ``--demo`` builds a fresh one in ``temp_dir``.

    A SQLite file is opened by one window at a time: two windows on one file would each show
    stale data and overwrite each other's edits, so the second is refused while the first runs.

    Returns:
        The store, and the lock that keeps other windows off the file (hold it until exit).

    Raises:
        FacilitatorError: the database cannot be used (the message says why).
    """
    from facilitator.store.db import prepare_sqlite_file, target_from
    from facilitator.store.migrate import open_store

    if args.demo:
        assert temp_dir is not None
        from facilitator.ops import demo

        store = open_store(target_from(temp_dir / "demo.sqlite3"))
        demo.generate(store)
        return store, None
    target = cli.database_target(args, paths)
    lock = None
    if target.sqlite_path is not None:
        prepare_sqlite_file(target.sqlite_path)
        lock = lock_database(target.sqlite_path)
    try:
        return open_store(target, keep_backups=keep or cli.keep_backups(args)), lock
    except BaseException:
        if lock is not None:
            lock.unlock()
        raise


def open_or_recover(
    args: argparse.Namespace, paths: Paths, temp_dir: Path | None, dialogs: Dialogs
) -> tuple[Store, QLockFile | None]:
    """:func:`open_for_gui`, offering the newest good backup when the database is damaged.

    Raises:
        FacilitatorError: the database cannot be used and nothing was restored.
    """
    from facilitator.store.failures import DatabaseDamaged

    try:
        return open_for_gui(args, paths, temp_dir, cli.keep_backups(args))
    except DatabaseDamaged as err:
        return recover(err, args, paths, temp_dir, dialogs)


def recover(
    err: DatabaseDamaged,
    args: argparse.Namespace,
    paths: Paths,
    temp_dir: Path | None,
    dialogs: Dialogs,
) -> tuple[Store, QLockFile | None]:
    """Offer the newest good backup of a damaged database; open it once restored.

    Raises:
        DatabaseDamaged: ``err``, when there is no backup to offer or the user declines.
        FacilitatorError: the restored database cannot be used either.
    """
    from facilitator.store.backups import backup_folder

    keep = cli.keep_backups(args)
    db = cli.database_target(args, paths).sqlite_path
    if err.backup is None or db is None or args.no_error_dialogs:
        raise err
    question = (
        f"The database {db} is damaged ({err.detail}).\n\n"
        f"Restore the newest good backup, {err.backup.describe()}? The damaged file is "
        f"kept in {backup_folder(db)}."
    )
    if not dialogs.confirm(None, "The database is damaged", question):
        raise err
    from facilitator.store.restore import restore_backup

    lock = lock_database(db)
    try:
        restore_backup(db, err.backup.path, dt.datetime.now(), keep)
    finally:
        lock.unlock()
    return open_for_gui(args, paths, temp_dir, keep)


def lock_database(path: Path) -> QLockFile:
    """Take the per-file lock ``<database>.lock`` (stale locks of dead processes are taken over).

    Raises:
        StoreUnavailable: another running Sprint Facilitator window has the file open.
    """
    from PySide6.QtCore import QLockFile

    lock = QLockFile(str(path) + ".lock")
    if lock.tryLock(100):
        # Qt writes the process id, host and app name (its stale-lock test needs them); the
        # file follows the umask, so make sure it is the owner's only.
        with contextlib.suppress(OSError):
            os.chmod(lock.fileName(), 0o600)
        return lock
    pid, host, _app = lock.getLockInfo()
    if lock.error() == QLockFile.LockError.LockFailedError:
        raise StoreUnavailable(
            f"{path} is already open in another Sprint Facilitator window "
            f"(process {pid} on {host or 'this computer'}); use that window or close it first"
        )
    raise StoreUnavailable(f"Cannot create the lock file {path}.lock next to the database")


_ATTACHED = object()  # the window's attach steps are all done


class _Relay(QObject):
    """Tells the GUI thread the worker is done (a queued signal: emitted on another thread)."""

    done = Signal()


@dataclass(frozen=True)
class Opened:
    """What the worker thread opened: the store, its lock, and the first screen's facts."""

    store: Store
    lock: QLockFile | None
    view: OpeningView | None  # None: reading it failed; the window reads (and reports) again


class Opening:
    """Opens the database off the GUI thread once the shell is painted, then attaches it.

    When it cannot be opened, the message goes to stderr and a dialog (unless turned off), the
    window goes and the event loop ends; :attr:`failed` makes the exit code 1.

    The Qt binding is checked (:func:`check_binding`) once Home shows its facts, or, when the
    database cannot be opened, before that message: its warning never delays the first screen.
    """

    def __init__(
        self,
        args: argparse.Namespace,
        paths: Paths,
        temp_dir: Path,
        dialogs: Dialogs,
        window: MainWindow,
    ) -> None:
        """Start opening ``args``' database on the event loop's first turn."""
        from PySide6.QtCore import QTimer

        self.args, self.paths, self.temp_dir = args, paths, temp_dir
        self.dialogs, self.window = dialogs, window
        self.store: Store | None = None
        self.lock: QLockFile | None = None
        self.failed = False
        self.binding_checked = False
        self.later: list[Callable[[], object]] = []  # what waits until Home is painted
        self.checking: threading.Thread | None = None  # the start-up check's thread
        self.outcome: Opened | BaseException | None = None
        self.relay = _Relay()
        self.relay.done.connect(self.open)
        self.worker = threading.Thread(target=self._prepare, name="open-database", daemon=True)
        QTimer.singleShot(0, window, self.worker.start)

    def _prepare(self) -> None:
        """The worker thread: import the storage code and the window's parts over it, open the
        store and read the first screen's facts."""
        try:
            store, lock = open_for_gui(
                self.args, self.paths, self.temp_dir, cli.keep_backups(self.args)
            )
            from facilitator.ui.main_window import ATTACH_MODULES

            for name in ATTACH_MODULES:  # the GUI thread then only builds widgets
                importlib.import_module(name)
            view = None
            with contextlib.suppress(FacilitatorError):
                from facilitator.ops.teams import opening_view
                from facilitator.ui.context import local_now

                now = local_now()
                view = opening_view(store, now.date(), now)
            self.outcome = Opened(store, lock, view)
        except BaseException as err:  # handed to the GUI thread, raised there
            self.outcome = err
        self.relay.done.emit()

    def open(self) -> None:
        """On the GUI thread: build the screens on the opened store, or say why it failed."""
        from PySide6.QtCore import QTimer

        from facilitator.store.failures import DatabaseDamaged
        from facilitator.ui.context import UiContext

        outcome, view = self.outcome, None
        try:
            if isinstance(outcome, DatabaseDamaged):
                self.store, self.lock = recover(
                    outcome, self.args, self.paths, self.temp_dir, self.dialogs
                )
            elif isinstance(outcome, BaseException):
                raise outcome
            elif outcome is not None:
                self.store, self.lock, view = outcome.store, outcome.lock, outcome.view
        except FacilitatorError as err:
            self._fail(err)
            return
        assert self.store is not None
        attaching = self.window.attach_steps(
            UiContext(store=self.store, dialogs=self.dialogs), view
        )

        def attach_step() -> None:
            if next(attaching, _ATTACHED) is not _ATTACHED:
                self.later.insert(0, attach_step)  # its next step on the next turn

        # The window's parts, then Home, each step a turn of its own (a step queues the next,
        # so input and paint are seen between them: see MainWindow.attach_steps); what can
        # wait comes after Home is painted: the binding check; freezing what start-up built out
        # of the collector's sight (it lives as long as the window, and a full collection then
        # walks only what actions make: one took 77 ms on a 20,000-story team); then (not for
        # a demo) the quick check and the daily backup, on a worker thread.
        self.later = [self._keep_backups, self.check_binding, collector.keep]
        if not self.args.demo:
            self.later.append(self._start_check)
        attach_step()  # the window's parts now, the rest on the turns after
        QTimer.singleShot(0, self.window, self._next)

    def _keep_backups(self) -> None:
        """The daily backup keeps as many as the arguments say (restore exists once the
        window's parts are attached)."""
        self.window.restore.keep_backups = cli.keep_backups(self.args)

    def _next(self) -> None:
        from PySide6.QtCore import QTimer

        if self.later:
            self.later.pop(0)()
        if self.later:
            QTimer.singleShot(0, self.window, self._next)

    def _start_check(self) -> None:
        self.checking = self.window.restore.check_at_start()

    def _fail(self, err: FacilitatorError) -> None:
        from PySide6.QtWidgets import QApplication

        from facilitator.store.failures import DatabaseDamaged

        self.check_binding()
        print(f"facilitator: {err}", file=sys.stderr)
        asked = isinstance(err, DatabaseDamaged) and err.backup is not None
        if not self.args.no_error_dialogs and not asked:  # a declined restore needs no second box
            self.dialogs.error(None, "Cannot open the database", str(err))
        self.failed = True
        # Hidden, not closed: closing the last window would post a quit that outlives this
        # event loop (a caller's next loop would end at once).
        self.window.hide()
        self.window.deleteLater()
        QApplication.exit(1)

    def check_binding(self) -> None:
        """Warn once when the installed Qt binding loses references (see :func:`check_binding`)."""
        if not self.binding_checked:
            self.binding_checked = True
            dialogs = None if self.args.no_error_dialogs else self.dialogs
            check_binding(self.paths.log_file, dialogs)

    def close(self) -> None:
        """After the event loop: wait for the worker, close the store and release the lock."""
        if self.worker.is_alive():
            self.worker.join()  # closed while opening (a migration or a demo being written)
        if self.checking is not None:
            self.checking.join()  # closed during the start-up check: its backup is finished
        outcome = self.outcome
        if self.store is None and isinstance(outcome, Opened):  # opened, never attached
            self.store, self.lock = outcome.store, outcome.lock
        if self.store is not None:
            self.store.close()
        if self.lock is not None:
            self.lock.unlock()


def check_binding(log_file: Path, dialogs: Dialogs | None) -> None:
    """Warn once, at start-up, when the installed Qt binding loses references (then go on)."""
    from facilitator.ui import binding_check

    def warn(text: str) -> None:
        assert dialogs is not None
        dialogs.warning(None, "This Qt build will crash the app", text)

    binding_check.warn_if_leaking(log_file, None if dialogs is None else warn)
