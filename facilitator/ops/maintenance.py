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
from facilitator.store.db import Store
from facilitator.store.migrate import backup_sqlite
from facilitator.store.models import (
    CriterionRow,
    MemberRow,
    SprintRow,
    SprintStoryRow,
    StoryRow,
)


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
    """Run SQLite's integrity check, then the app's own consistency rules (read-only)."""
    problems: list[str] = []
    checked: list[str] = []
    with store.session() as session:
        if store.is_sqlite:
            result = [row[0] for row in session.execute(text("PRAGMA integrity_check"))]
            checked.append("SQLite integrity_check")
            if result != ["ok"]:
                problems.extend(f"integrity: {line}" for line in result[:20])
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


def default_backup_path(folder: Path, source: Path, now: dt.datetime) -> Path:
    """``<folder>/<db name>-YYYYmmdd-HHMMSS.sqlite3``."""
    return folder / f"{source.stem}-{now:%Y%m%d-%H%M%S}{source.suffix or '.sqlite3'}"


def backup(store: Store, dest: Path | None, default_folder: Path, now: dt.datetime) -> Path:
    """Copy the open database with SQLite's online backup API and return where it went.

    Args:
        store: the open database (SQLite only).
        dest: a file path, an existing folder, or None for ``default_folder``.
        default_folder: where backups go when ``dest`` is None.
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
        dest = default_backup_path(default_folder, source, now)
    elif dest.is_dir():
        dest = default_backup_path(dest, source, now)
    if dest.resolve() == source.resolve():
        raise StoreUnavailable("The backup destination is the database itself")
    backup_sqlite(source, dest)
    return dest
