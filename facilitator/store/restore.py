"""Bring a backup back: check it, keep the current file, then copy through SQLite's own locking.

Copying a backup file over a database is unsafe: a ``-wal`` left by a crash would be replayed on
top of it and yield a malformed database. Here the backup is copied with the online backup API
onto a connection to the target, so SQLite first recovers any ``-wal`` and then replaces every
page inside one transaction. Only a target so damaged that SQLite cannot open it is replaced as a
file (after the damaged file and its ``-wal`` were copied aside).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import socket
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from facilitator.errors import StoreUnavailable
from facilitator.store.backups import (
    BEFORE_RESTORE,
    DAMAGED_COPY,
    BackupFailed,
    automatic_backup,
    backup_name,
    copy_database,
    inspect_backup,
    rotate,
    write_atomically,
)
from facilitator.store.db import BUSY_TIMEOUT_MS
from facilitator.store.failures import DAMAGED_CODES, primary_code, translate

SIDECARS = ("-wal", "-shm")


@dataclass(frozen=True)
class RestoreResult:
    """What a restore did."""

    backup: Path
    revision: str
    kept_current: Path | None  # where the database as it was went; None when there was none


def restore_backup(db: Path, backup: Path, now: dt.datetime, keep: int) -> RestoreResult:
    """Replace the contents of ``db`` with ``backup``, keeping a copy of ``db`` first.

    Nothing is changed when the backup is refused or the current file cannot be kept.
    Close every connection of this process to ``db`` first (``Store.close()``).

    Raises:
        StoreUnavailable: the backup is not a whole Sprint Facilitator backup of a schema this
            version knows, the current file cannot be copied aside, or the target is in use.
    """
    if backup.resolve() == db.resolve():
        raise StoreUnavailable(f"{backup} is the database itself; choose a backup file")
    revision = inspect_backup(backup)
    kept = keep_current(db, now, keep) if _has_content(db) else None
    try:
        _copy_onto(backup, db)
    except sqlite3.Error as err:
        if primary_code(err) not in DAMAGED_CODES:
            problem = translate(str(db), db, err)
            raise problem or StoreUnavailable(f"Cannot restore into {db}: {err}") from None
        _replace_damaged(backup, db)
    return RestoreResult(backup, revision, kept)


def _has_content(db: Path) -> bool:
    try:
        return db.stat().st_size > 0 or Path(f"{db}-wal").stat().st_size > 0
    except FileNotFoundError:
        return Path(f"{db}-wal").exists()


def keep_current(db: Path, now: dt.datetime, keep: int) -> Path:
    """Back up ``db`` before a restore; a damaged file is copied as it is, ``-wal`` included.

    Raises:
        StoreUnavailable: no copy could be made (the restore must not go on).
    """
    if is_whole(db):
        try:
            return automatic_backup(db, BEFORE_RESTORE, now, keep)
        except BackupFailed as err:
            if err.code not in DAMAGED_CODES:
                raise StoreUnavailable(f"{err}; nothing was restored") from None
    dest = backup_name(db, DAMAGED_COPY, now)
    wal = Path(f"{db}-wal")
    try:
        if wal.exists():  # "<copy>-wal" next to "<copy>": SQLite opens them as one database
            write_atomically(
                Path(f"{dest}-wal"), lambda part: shutil.copyfile(wal, part), what="copy -wal"
            )
        write_atomically(dest, lambda part: shutil.copyfile(db, part), what=f"copy {db}")
    except BackupFailed as err:
        with contextlib.suppress(FileNotFoundError):
            Path(f"{dest}-wal").unlink()
        raise StoreUnavailable(f"{err}; nothing was restored") from None
    rotate(db, DAMAGED_COPY, keep)
    return dest


def is_whole(db: Path) -> bool:
    """Whether SQLite's quick check passes on ``db`` (read-only); False when it is damaged.

    Raises:
        StoreUnavailable: it cannot be read for another reason (locked, read-only folder...).
    """
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            return [row[0] for row in conn.execute("PRAGMA quick_check")] == ["ok"]
        finally:
            conn.close()
    except sqlite3.Error as err:
        if primary_code(err) in DAMAGED_CODES:
            return False
        problem = translate(str(db), db, err)
        raise problem or StoreUnavailable(f"Cannot read {db}: {err}") from None


def _copy_onto(backup: Path, db: Path) -> None:
    src = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    try:
        if not db.exists():
            db.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            os.close(os.open(db, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        dst = sqlite3.connect(db, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        try:
            src.backup(dst)  # one write transaction on the target, through its WAL
            dst.execute("PRAGMA journal_mode = WAL")
        finally:
            dst.close()
    finally:
        src.close()


def _replace_damaged(backup: Path, db: Path) -> None:
    """Put a copy of ``backup`` in place of a file SQLite can no longer open as a database."""
    partial = db.with_name(f".{db.name}.restoring")
    with contextlib.suppress(FileNotFoundError):
        partial.unlink()
    os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    try:
        copy_database(backup, partial)
        for suffix in SIDECARS:  # they belong to the damaged file, which was copied aside
            with contextlib.suppress(FileNotFoundError):
                Path(f"{db}{suffix}").unlink()
        os.replace(partial, db)
    finally:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()


def running_window(db: Path) -> int | None:
    """The process id of a live Sprint Facilitator window that has ``db`` open, if any.

    Reads the lock file Qt's ``QLockFile`` keeps next to the database (first line: process id,
    third: host name); a lock left by a process that died is not a live window.
    """
    try:
        lines = Path(f"{db}.lock").read_text(encoding="utf-8", errors="replace").splitlines()
        pid = int(lines[0])
    except (OSError, ValueError, IndexError):
        return None
    host = lines[2] if len(lines) > 2 else ""
    if host and host != socket.gethostname():
        return pid  # another computer's window: assume it is alive
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        return pid
    return pid
