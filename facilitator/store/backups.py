"""Backups of a SQLite file: consistent copies, where they live, how they are named and rotated.

Every copy goes through SQLite's online backup API into a temporary file in the destination
folder, which is renamed into place only when complete: a failed backup (a full disk, say) leaves
nothing behind, and a backup is never a half-written file. Automatic backups live in
``backups/`` next to the database and are named ``<db>.<kind>.<YYYYmmdd-HHMMSS>.bak<suffix>``;
manual ones made without a file name ``<db>-<YYYYmmdd-HHMMSS><suffix>``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import re
import sqlite3
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from facilitator.errors import StoreUnavailable
from facilitator.paths import ensure_private_dir

SQLITE_HEADER = b"SQLite format 3\x00"
DEFAULT_KEEP = 7
DAILY = "daily"
BEFORE_RESTORE = "before-restore"
DAMAGED_COPY = "damaged"
MANUAL = "manual"
STAMP = "%Y%m%d-%H%M%S"
KIND_LABELS = {
    DAILY: "daily",
    BEFORE_RESTORE: "before a restore",
    DAMAGED_COPY: "damaged file kept at a restore",
    MANUAL: "manual",
}


class BackupFailed(StoreUnavailable):
    """A backup could not be written; ``code`` is SQLite's primary result code, if any."""

    def __init__(self, message: str, code: int | None = None) -> None:
        """Keep the message and the SQLite result code."""
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class BackupInfo:
    """One backup file found next to a database."""

    path: Path
    kind: str
    taken_at: dt.datetime
    size: int

    @property
    def label(self) -> str:
        """What kind of backup this is, in words ("daily", "before migrating schema 0004")."""
        if self.kind.startswith("schema-"):
            return f"before migrating schema {self.kind.removeprefix('schema-')}"
        return KIND_LABELS.get(self.kind, self.kind)

    def describe(self) -> str:
        """``name (30 Nov 2026 09:12, 1.2 MB)``."""
        return f"{self.path.name} ({self.taken_at:%d %b %Y %H:%M}, {human_size(self.size)})"


def human_size(size: int) -> str:
    """``532 bytes``, ``14 KB``, ``1.2 MB``."""
    if size < 1000:
        return f"{size} bytes"
    if size < 1_000_000:
        return f"{size / 1000:.0f} KB"
    return f"{size / 1_000_000:.1f} MB"


def backup_folder(db: Path) -> Path:
    """Where the automatic and default backups of ``db`` go: ``backups/`` next to it."""
    return db.parent / "backups"


def _suffix(db: Path) -> str:
    return db.suffix or ".sqlite3"


def _pattern(db: Path) -> re.Pattern[str]:
    stem, suffix = re.escape(db.stem), re.escape(_suffix(db))
    stamp = r"\d{8}-\d{6}"
    return re.compile(
        rf"^{stem}(?:\.(?P<kind>[a-z]+(?:-[0-9A-Za-z_]+)?)\.(?P<auto>{stamp})(?:-\d+)?\.bak"
        rf"|-(?P<manual>{stamp})(?:-\d+)?){suffix}$"
    )


def list_backups(
    db: Path, folders: Iterable[Path] = (), *, include_damaged: bool = False
) -> list[BackupInfo]:
    """The backups of ``db``, newest first.

    Looks in ``backups/`` next to the database, next to the database itself (where older
    versions put the backup taken before a migration) and in ``folders``.
    """
    pattern = _pattern(db)
    seen: set[Path] = set()
    found: list[BackupInfo] = []
    for folder in (backup_folder(db), db.parent, *folders):
        try:
            entries = list(folder.iterdir())
        except OSError:
            continue
        for entry in entries:
            match = pattern.match(entry.name)
            if match is None or entry.resolve() in seen:
                continue
            kind = match["kind"] or MANUAL
            if kind == DAMAGED_COPY and not include_damaged:
                continue
            try:
                size = entry.stat().st_size
            except OSError:
                continue
            seen.add(entry.resolve())
            taken = dt.datetime.strptime(match["auto"] or match["manual"], STAMP)
            found.append(BackupInfo(entry, kind, taken, size))
    found.sort(key=lambda info: (info.taken_at, info.path.name), reverse=True)
    return found


def inspect_backup(path: Path) -> str:
    """The schema revision of a Sprint Facilitator backup, after checking it is whole.

    Raises:
        StoreUnavailable: not a SQLite file, another program's database, a schema newer than
            this version knows, or a damaged file.
    """
    from facilitator.store.migrate import HEAD, REVISIONS  # migrate imports this module

    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as err:
        raise StoreUnavailable(f"Cannot read the backup {path}: {err.strerror or err}") from None
    if header != SQLITE_HEADER:
        raise StoreUnavailable(f"{path} is not a Sprint Facilitator backup (not a SQLite file)")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = {
                row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            if "alembic_version" not in tables:
                raise StoreUnavailable(f"{path} is not a Sprint Facilitator backup")
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            health = [r[0] for r in conn.execute("PRAGMA quick_check")]
        finally:
            conn.close()
    except sqlite3.Error as err:
        raise StoreUnavailable(f"The backup {path} is damaged or unreadable ({err})") from None
    if row is None:
        raise StoreUnavailable(f"{path} is not a Sprint Facilitator backup (no schema revision)")
    revision = str(row[0])
    if revision not in REVISIONS:
        raise StoreUnavailable(
            f"The backup {path} was written by a newer Sprint Facilitator (schema {revision}; "
            f"this version knows up to {HEAD}); upgrade the app to restore it"
        )
    if health != ["ok"]:
        raise StoreUnavailable(f"The backup {path} is damaged ({health[0]})")
    return revision


def newest_good_backup(db: Path) -> BackupInfo | None:
    """The newest backup of ``db`` that is whole and restorable by this version."""
    for info in list_backups(db):
        try:
            inspect_backup(info.path)
        except StoreUnavailable:
            continue
        return info
    return None


def backup_sqlite(source: Path, dest: Path) -> None:
    """Copy a live SQLite database with the online backup API (never a plain file copy).

    The copy is a self-contained file (rollback journal, no ``-wal``) readable by the owner only.

    Raises:
        BackupFailed: the source cannot be read, the destination exists or cannot be written.
    """
    from facilitator.store.db import BUSY_TIMEOUT_MS

    write_atomically(
        dest,
        lambda partial: copy_database(source, partial, BUSY_TIMEOUT_MS / 1000),
        what=f"back up {source} to {dest}",
    )


def copy_database(source: Path, target: Path, timeout: float = 5.0) -> None:
    """Copy ``source`` (opened read-only) onto the file ``target`` with SQLite's backup API.

    The copy ends in rollback-journal mode, so it is one self-contained file with no ``-wal``.
    """
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=timeout)
    try:
        dst = sqlite3.connect(target, isolation_level=None)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode = DELETE")
        finally:
            dst.close()
    finally:
        src.close()


def write_atomically(dest: Path, write: Callable[[Path], object], *, what: str) -> None:
    """Run ``write`` on a private temporary file next to ``dest``, then move it into place.

    Raises:
        BackupFailed: ``dest`` exists, or writing failed (the temporary file is removed).
    """
    try:
        ensure_private_dir(dest.parent)
    except OSError as err:
        raise BackupFailed(f"Cannot {what}: {err.strerror or err}") from None
    if dest.exists():
        raise BackupFailed(f"The backup destination {dest} already exists")
    try:
        handle, name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".partial", dir=dest.parent)
    except OSError as err:
        raise _failure(what, err) from None
    os.close(handle)  # mkstemp made it 0600; SQLite reuses an empty file
    partial = Path(name)
    try:
        write(partial)
        _link_into_place(partial, dest)
        _sync_folder(dest.parent)
    except (sqlite3.Error, OSError) as err:
        raise _failure(what, err) from None
    finally:
        for leftover in (partial, partial.with_name(partial.name + "-journal")):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()


def _link_into_place(partial: Path, dest: Path) -> None:
    try:
        os.link(partial, dest)  # fails if dest appeared meanwhile: never overwrites
    except FileExistsError:
        raise BackupFailed(f"The backup destination {dest} already exists") from None
    except OSError:
        if dest.exists():  # a file system without hard links
            raise BackupFailed(f"The backup destination {dest} already exists") from None
        os.replace(partial, dest)


def _sync_folder(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _failure(what: str, err: BaseException) -> BackupFailed:
    code = getattr(err, "sqlite_errorcode", None)
    primary = None if code is None else int(code) & 0xFF
    if primary == sqlite3.SQLITE_FULL or getattr(err, "errno", None) in (errno.ENOSPC, errno.EFBIG):
        return BackupFailed(f"Cannot {what}: the disk is full; free some space", primary)
    detail = err.strerror if isinstance(err, OSError) and err.strerror else str(err)
    return BackupFailed(f"Cannot {what}: {detail}", primary)


def backup_name(db: Path, kind: str, now: dt.datetime) -> Path:
    """A free name for an automatic backup of ``db`` in its backup folder."""
    folder = backup_folder(db)
    base = f"{db.stem}.{kind}.{now:{STAMP}}"
    candidate = folder / f"{base}.bak{_suffix(db)}"
    number = 2
    while candidate.exists():
        candidate = folder / f"{base}-{number}.bak{_suffix(db)}"
        number += 1
    return candidate


def automatic_backup(db: Path, kind: str, now: dt.datetime, keep: int) -> Path:
    """Back ``db`` up into its backup folder, then keep only the newest ``keep`` of that kind.

    Raises:
        BackupFailed: the copy could not be made (nothing is left behind, nothing rotated).
    """
    dest = backup_name(db, kind, now)
    backup_sqlite(db, dest)
    rotate(db, kind, keep)
    return dest


def rotate(db: Path, kind: str, keep: int) -> list[Path]:
    """Delete the automatic backups of ``kind`` beyond the newest ``keep``; return them.

    Backups taken before a migration count as one kind whatever the schema they came from.
    """
    family = "schema-" if kind.startswith("schema-") else kind
    same = [
        info
        for info in list_backups(db)
        if info.path.parent == backup_folder(db)
        and (info.kind.startswith(family) if family == "schema-" else info.kind == family)
    ]
    removed = []
    for info in same[max(keep, 1) :]:
        with contextlib.suppress(FileNotFoundError):
            info.path.unlink()
            removed.append(info.path)
    return removed


def daily_backup_due(db: Path, now: dt.datetime) -> bool:
    """Whether the newest daily backup of ``db`` is a day old or more (or there is none)."""
    daily = [info for info in list_backups(db) if info.kind == DAILY]
    return not daily or now - daily[0].taken_at >= dt.timedelta(days=1)
