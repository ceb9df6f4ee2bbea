"""The import op: progress, cancel and failure leave the tables as they were; PostgreSQL too."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import MetaData, select, text

from facilitator.errors import ImportCancelled, ImportFileError
from facilitator.exchange.jira import read_jira
from facilitator.ops.changes import ActionContext, Kind
from facilitator.ops.import_files import ImportOptions, import_file
from facilitator.ops.importing import import_stories
from facilitator.ops.teams import create_team
from facilitator.store.db import Store, target_from
from facilitator.store.migrate import open_store
from tests.helpers.exchange_files import jira_csv, jira_row, write_jira

NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)


def checksum(store: Store) -> str:
    """A digest of every row of every table, in a fixed order."""
    digest = hashlib.sha256()
    meta = MetaData()
    with store.session() as session:
        meta.reflect(bind=session.connection())
        for table in sorted(meta.tables.values(), key=lambda t: t.name):
            rows = session.execute(select(table)).all()
            for row in sorted(repr(tuple(r)) for r in rows):
                digest.update(row.encode())
    return digest.hexdigest()


@pytest.fixture
def seeded(store: Store, tmp_path: Path) -> Store:
    """Team Payments with 50 imported stories."""
    create_team(store, "Payments", 10, ["Tested"])
    import_file(store, "jira", write_jira(tmp_path / "seed.csv", 50), "Payments", NOW)
    return store


def test_progress_is_reported_and_cancel_changes_nothing(seeded: Store, tmp_path: Path) -> None:
    rows = [jira_row(n, Summary=f"Changed {n}") for n in range(1, 2001)]
    source = tmp_path / "big.csv"
    source.write_bytes(jira_csv(rows))
    before = checksum(seeded)
    seen: list[int] = []

    def cancel_at_1500(read: int) -> bool:
        seen.append(read)
        return read < 1500

    with pytest.raises(ImportCancelled, match="nothing was saved"):
        import_file(seeded, "jira", source, "Payments", NOW, progress=cancel_at_1500)
    assert seen == [500, 1000, 1500]  # batches of 1000 were already written, then rolled back
    assert checksum(seeded) == before


def test_failure_after_written_batches_changes_nothing(seeded: Store, tmp_path: Path) -> None:
    rows = [jira_row(n) for n in range(1, 2501)]
    rows[2400] = jira_row(2401, **{"Custom field (Story Points)": "-1"})
    source = tmp_path / "bad.csv"
    source.write_bytes(jira_csv(rows))
    before = checksum(seeded)
    with pytest.raises(ImportFileError, match="not an estimate ≥ 0"):
        import_file(seeded, "jira", source, "Payments", NOW)
    assert checksum(seeded) == before


def test_changes_name_the_backlog_and_the_stories(seeded: Store, tmp_path: Path) -> None:
    source = tmp_path / "two.csv"
    source.write_bytes(jira_csv([jira_row(1, Summary="Renamed"), jira_row(500)]))
    result = import_file(seeded, "jira", source, "Payments", NOW)
    assert (result.created, result.updated, result.unchanged) == (1, 1, 0)
    assert result.changes.touches(Kind.BACKLOG, Kind.STORY)
    assert len(result.changes.ids_of(Kind.STORY)) == 2
    with seeded.session() as session:
        version = session.execute(text("SELECT version FROM story WHERE key = 'PAY-1'")).scalar()
    assert version == 2  # an update bumps the optimistic-lock version like an edit


def test_import_into_a_team_by_context(store: Store, tmp_path: Path) -> None:
    team = create_team(store, "Web", 10, ["Tested"])
    source = write_jira(tmp_path / "j.csv", 3)
    with source.open("rb") as stream:
        result = import_stories(
            store, ActionContext(NOW, team), read_jira(stream, str(source)), str(source)
        )
    assert result.summary == "3 created, 0 updated, 0 unchanged, 0 skipped"


@pytest.fixture
def pg_store() -> Iterator[Store]:
    """The scratch PostgreSQL database, emptied after the test."""
    url = os.environ.get("FACILITATOR_TEST_PG_URL")
    if not url:
        pytest.skip("FACILITATOR_TEST_PG_URL is not set")
    opened = open_store(target_from(url))
    yield opened
    with opened.session() as session:
        session.execute(text("DROP SCHEMA public CASCADE"))
        session.execute(text("CREATE SCHEMA public"))
    opened.close()


def test_import_and_cancel_on_postgresql(pg_store: Store, tmp_path: Path) -> None:
    source = write_jira(tmp_path / "j.csv", 1200)
    result = import_file(pg_store, "jira", source, "Payments", NOW, ImportOptions())
    assert result.created == 1200
    before = checksum(pg_store)
    with pytest.raises(ImportCancelled):
        import_file(pg_store, "jira", source, "Payments", NOW, progress=lambda _n: False)
    assert checksum(pg_store) == before
