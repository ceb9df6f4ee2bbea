"""Storage failures told apart by the database's own error code, each with a message that helps.

SQLite reports ``SQLITE_BUSY``, ``SQLITE_CORRUPT``, ``SQLITE_READONLY``... in
``sqlite3.Error.sqlite_errorcode``; SQLAlchemy wraps the driver's exception in ``exc.orig``.
PostgreSQL reports an SQLSTATE (``psycopg`` errors carry ``sqlstate``). The words of a message are
never used to classify: they change between versions and languages.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlalchemy import exc

from facilitator.errors import StoreUnavailable
from facilitator.store.backups import BackupInfo, backup_folder, newest_good_backup


class DatabaseLocked(StoreUnavailable):
    """Another program holds the database's write lock past the busy timeout."""


class DatabaseDamaged(StoreUnavailable):
    """The file is corrupt or not a database; ``backup`` is the newest good backup, if any."""

    def __init__(self, message: str, backup: BackupInfo | None = None, detail: str = "") -> None:
        """Keep the message, the backup to offer and SQLite's own words."""
        super().__init__(message)
        self.backup = backup
        self.detail = detail or message


class DatabaseReadOnly(StoreUnavailable):
    """The file or its folder cannot be written."""


class DiskFull(StoreUnavailable):
    """The disk (or the database's size limit) is full."""


LOCKED_CODES = frozenset({sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED})
DAMAGED_CODES = frozenset({sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB})
READ_ONLY_CODES = frozenset({sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM})
FULL_CODES = frozenset({sqlite3.SQLITE_FULL})
IO_CODES = frozenset({sqlite3.SQLITE_IOERR, sqlite3.SQLITE_NOMEM, sqlite3.SQLITE_NOLFS})
STORAGE_CODES = LOCKED_CODES | DAMAGED_CODES | READ_ONLY_CODES | FULL_CODES | IO_CODES

# PostgreSQL SQLSTATEs with the same meaning.
PG_LOCKED = frozenset({"55P03", "40P01"})  # lock_not_available, deadlock_detected
PG_DAMAGED = frozenset({"XX001", "XX002"})  # data_corrupted, index_corrupted
PG_READ_ONLY = frozenset({"25006"})  # read_only_sql_transaction
PG_FULL = frozenset({"53100"})  # disk_full


def primary_code(error: sqlite3.Error) -> int | None:
    """SQLite's primary result code (extended codes such as SQLITE_BUSY_SNAPSHOT reduced)."""
    code = getattr(error, "sqlite_errorcode", None)
    return None if code is None else int(code) & 0xFF


def translate(display: str, path: Path | None, error: BaseException) -> StoreUnavailable | None:
    """The user-facing error for a storage failure, or None when ``error`` is something else.

    Constraint violations, data errors and programming errors are not storage failures: the
    caller lets them propagate to whoever handles them (an IntegrityError means "name taken").

    Args:
        display: how the database is named in messages.
        path: the SQLite file, or None for a server database.
        error: a SQLAlchemy ``DBAPIError`` or a driver exception.
    """
    orig = error.orig if isinstance(error, exc.DBAPIError) else error
    if isinstance(orig, sqlite3.Error):
        return _from_sqlite(display, path, orig, error)
    state = getattr(orig, "sqlstate", None)
    detail = _detail(orig)
    if state in PG_LOCKED:
        return DatabaseLocked(f"The database {display} is locked by another session; try again")
    if state in PG_DAMAGED:
        return DatabaseDamaged(
            f"The database {display} reports damaged data ({detail}); ask its administrator "
            "to restore it from the server's backups"
        )
    if state in PG_READ_ONLY:
        return DatabaseReadOnly(f"The database {display} is read-only: {detail}")
    if state in PG_FULL:
        return DiskFull(f"The database server of {display} has a full disk: {detail}")
    if isinstance(error, exc.OperationalError):
        return StoreUnavailable(f"Cannot use the database {display}: {detail}")
    return None


def _from_sqlite(
    display: str, path: Path | None, orig: sqlite3.Error, error: BaseException
) -> StoreUnavailable | None:
    code = primary_code(orig)
    detail = _detail(orig)
    if code in LOCKED_CODES:
        return DatabaseLocked(
            f"The database {display} is locked by another program (waited "
            f"{_busy_seconds()} s); close that program or try again"
        )
    if code in DAMAGED_CODES:
        return damaged(display, path, detail)
    if code in READ_ONLY_CODES:
        read_only = read_only_reason(path)
        if read_only or code == sqlite3.SQLITE_READONLY:
            return DatabaseReadOnly(
                f"The database {display} is read-only ({read_only or detail}); make it writable "
                "or copy it to a writable folder and open the copy with --db"
            )
        return StoreUnavailable(f"Cannot open the database {display}: {detail}")
    if code in FULL_CODES:
        return DiskFull(
            f"The disk holding {display} is full ({detail}); free some space and try again "
            "(the action was not saved)"
        )
    if code in IO_CODES:
        return StoreUnavailable(
            f"Cannot read or write the database {display} ({detail}); check the disk"
        )
    if isinstance(error, exc.OperationalError):
        return StoreUnavailable(f"Cannot use the database {display}: {detail}")
    return None


def damaged(display: str, path: Path | None, detail: str) -> DatabaseDamaged:
    """The message for a corrupt file: what happened, what to do, and the newest good backup."""
    if path is None:
        return DatabaseDamaged(f"The database {display} is damaged ({detail})", None, detail)
    backup = newest_good_backup(path)
    if backup is None:
        return DatabaseDamaged(
            f"The database {display} is damaged ({detail}) and no good backup was found in "
            f"{backup_folder(path)}; keep the file for recovery and start on a new one with --db",
            None,
            detail,
        )
    return DatabaseDamaged(
        f"The database {display} is damaged ({detail}); restore the newest good backup, "
        f"{backup.describe()}, with Restore… (Ctrl+Shift+B) in the app or: "
        f"facilitator restore {backup.path} --db {path}",
        backup,
        detail,
    )


def read_only_reason(path: Path | None) -> str:
    """Why ``path`` cannot be written ("the folder … cannot be written"), or "" when it can."""
    if path is None:
        return ""
    folder = path.parent
    if path.exists() and not os.access(path, os.W_OK):
        return f"the file {path} cannot be written"
    if folder.is_dir() and not os.access(folder, os.W_OK | os.X_OK):
        return f"the folder {folder} cannot be written"
    return ""


def _busy_seconds() -> str:
    from facilitator.store import db  # the timeout tests shorten it at run time

    return f"{db.BUSY_TIMEOUT_MS / 1000:g}"


def _detail(orig: BaseException | None) -> str:
    text = str(orig).strip().splitlines()
    return text[0] if text else type(orig).__name__
