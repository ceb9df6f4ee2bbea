"""Maintenance use cases: the integrity and consistency check, and online backups."""

from __future__ import annotations

import datetime as dt
import itertools
import zoneinfo
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select, text

from facilitator.errors import StoreUnavailable
from facilitator.ops.consistency import check_consistency
from facilitator.store.backups import (
    DAILY,
    automatic_backup,
    backup_sqlite,
    daily_backup_due,
    list_backups,
    newest_good_backup,
)
from facilitator.store.backups import DEFAULT_KEEP as DEFAULT_KEEP  # re-exported for the UI
from facilitator.store.backups import BackupInfo as BackupInfo
from facilitator.store.backups import backup_folder as backup_folder
from facilitator.store.backups import human_size as human_size
from facilitator.store.db import Store
from facilitator.store.failures import DatabaseDamaged, damaged
from facilitator.store.migrate import upgrade_open_store
from facilitator.store.models import (
    CriterionRow,
    MemberRow,
    SprintRow,
    SprintStoryRow,
    StoryRow,
)
from facilitator.store.restore import RestoreResult, restore_backup

# integrity_check lines that name a bad row rather than a damaged page.
ROW_LEVEL_INTEGRITY = ("CHECK constraint failed", "NULL value in")


@dataclass(frozen=True)
class CheckReport:
    """Problems found; empty means the database is healthy."""

    problems: list[str]
    checked: list[str]

    @property
    def ok(self) -> bool:
        """True when nothing is wrong."""
        return not self.problems


def check(store: Store) -> CheckReport:
    """Run SQLite's integrity check, then the app's own consistency rules (read-only).

    A damaged file is reported as integrity problems; the app's rules are skipped then, since
    the rows they would read cannot be trusted.
    """
    problems: list[str] = []
    checked: list[str] = []
    if store.is_sqlite:
        checked.append("SQLite integrity_check")
        try:
            with store.read_session() as session:
                result = [row[0] for row in session.execute(text("PRAGMA integrity_check"))]
        except DatabaseDamaged as err:
            result = [f"the file cannot be read ({err.detail})"]
        if result != ["ok"]:
            problems.extend(f"integrity: {line}" for line in result[:20])
            # A value written past a CHECK or NOT NULL constraint is a bad row in a sound file:
            # the app's rules still run. Anything else means pages cannot be trusted.
            if not all(line.startswith(ROW_LEVEL_INTEGRITY) for line in result):
                checked.append("the app's consistency rules: skipped, the file is damaged")
                return CheckReport(problems, checked)
    with store.read_session() as session:
        if store.is_sqlite:
            broken = session.execute(text("PRAGMA foreign_key_check")).fetchall()
            checked.append("SQLite foreign_key_check")
            for table, rowid, parent, _ in broken[:20]:
                problems.append(f"foreign key: {table} row {rowid} points to a missing {parent}")

        checked.append("one active sprint per team")
        active = session.execute(
            select(SprintRow.team_id, func.count())
            .where(SprintRow.state == "active")
            .group_by(SprintRow.team_id)
            .having(func.count() > 1)
        ).all()
        problems.extend(
            f"team {team}: {count} sprints are active at once" for team, count in active
        )

        checked.append("sprints of a team do not overlap")
        sprints = session.execute(
            select(
                SprintRow.team_id, SprintRow.name, SprintRow.start_date, SprintRow.end_date
            ).order_by(SprintRow.team_id, SprintRow.start_date)
        ).all()
        for before, after in itertools.pairwise(sprints):
            if before.team_id == after.team_id and after.start_date <= before.end_date:
                problems.append(
                    f"team {before.team_id}: {before.name} and {after.name} overlap "
                    f"({after.start_date} ≤ {before.end_date})"
                )

        checked.append("backlog ranks are a total order")
        dupes = session.execute(
            select(StoryRow.team_id, StoryRow.rank, func.count())
            .group_by(StoryRow.team_id, StoryRow.rank)
            .having(func.count() > 1)
            .limit(20)
        ).all()
        problems.extend(
            f"team {team}: {count} stories share rank {rank}" for team, rank, count in dupes
        )

        checked.append("acceptance criteria positions are unique per story")
        crit = session.execute(
            select(CriterionRow.story_id, CriterionRow.position)
            .group_by(CriterionRow.story_id, CriterionRow.position)
            .having(func.count() > 1)
            .limit(20)
        ).all()
        problems.extend(f"story {story}: two criteria at position {pos}" for story, pos in crit)

        checked.append("forecast points are not negative")
        negative = session.scalar(
            select(func.count()).select_from(SprintStoryRow).where(SprintStoryRow.points < 0)
        )
        if negative:
            problems.append(f"{negative} sprint lines have negative points")

        checked.append("members have a known time zone")
        known = zoneinfo.available_timezones()
        for name, zone in session.execute(select(MemberRow.name, MemberRow.timezone)):
            if zone not in known:
                problems.append(f"member {name}: unknown time zone {zone!r}")
        check_consistency(session, checked, problems)
    return CheckReport(problems, checked)


def quick_check(store: Store) -> list[str]:
    """SQLite's fast structural check (a second or less on a large file); [] when healthy."""
    if not store.is_sqlite:
        return []
    try:
        with store.read_session() as session:
            result = [row[0] for row in session.execute(text("PRAGMA quick_check"))]
    except DatabaseDamaged as err:
        return [err.detail]
    return [] if result == ["ok"] else result[:20]


def daily_backup(store: Store, now: dt.datetime, keep: int) -> Path | None:
    """Back the database up if its newest daily backup is a day old, keeping the last ``keep``.

    Returns:
        The new backup, or None when none was due (or the database is on a server).

    Raises:
        StoreUnavailable: the backup could not be written (nothing is left behind).
    """
    source = store.target.sqlite_path
    if source is None or not daily_backup_due(source, now):
        return None
    return automatic_backup(source, DAILY, now, keep)


def default_backup_path(folder: Path, source: Path, now: dt.datetime) -> Path:
    """``<folder>/<db name>-YYYYmmdd-HHMMSS.sqlite3``."""
    return folder / f"{source.stem}-{now:%Y%m%d-%H%M%S}{source.suffix or '.sqlite3'}"


def backup(store: Store, dest: Path | None, now: dt.datetime) -> Path:
    """Copy the open database with SQLite's online backup API and return where it went.

    The copy is written under a temporary name and renamed when complete: a failed backup (a
    full disk) leaves no file behind.

    Args:
        store: the open database (SQLite only).
        dest: a file path, an existing folder, or None for ``backups/`` next to the database.
        now: the time used in the backup's name.

    Raises:
        StoreUnavailable: not SQLite, destination exists or cannot be written.
    """
    source = store.target.sqlite_path
    if source is None:
        raise StoreUnavailable(
            f"{store.target.display} is a server database; back it up with the server's own "
            "tools (for PostgreSQL: pg_dump)"
        )
    if dest is None:
        dest = default_backup_path(backup_folder(source), source, now)
    elif dest.is_dir():
        dest = default_backup_path(dest, source, now)
    if dest.resolve() == source.resolve():
        raise StoreUnavailable("The backup destination is the database itself")
    backup_sqlite(source, dest)
    return dest


def backups_of(store: Store) -> list[BackupInfo]:
    """The backups of the open SQLite database, newest first ([] for a server database)."""
    path = store.target.sqlite_path
    return [] if path is None else list_backups(path)


def newest_good(store: Store) -> BackupInfo | None:
    """The newest backup of the open database that is whole and restorable."""
    path = store.target.sqlite_path
    return None if path is None else newest_good_backup(path)


def damage_report(store: Store, detail: str) -> DatabaseDamaged:
    """The "damaged" error of the open database: what happened, what to do, which backup."""
    return damaged(store.target.display, store.target.sqlite_path, detail)


def restore(store: Store, backup_file: Path, now: dt.datetime, keep: int) -> RestoreResult:
    """Restore ``backup_file`` into the open database, keeping its current state as a backup.

    The store's connections are closed first (it reconnects on the next action); a backup of an
    older schema is migrated afterwards.

    Raises:
        StoreUnavailable: the backup was refused (nothing changed) or the restore failed.
    """
    path = store.target.sqlite_path
    if path is None:
        raise StoreUnavailable(f"{store.target.display} is a server database")
    store.close()
    result = restore_backup(path, backup_file, now, keep)
    upgrade_open_store(store, keep)
    return result
