"""A backlog read in pages adds up to the whole listing, on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from facilitator.domain.ids import TeamId
from facilitator.ops import demo
from facilitator.ops.backlog import BACKLOG_STATUSES, BacklogListing, backlog_page, load_backlog
from facilitator.store.db import Store, target_from
from facilitator.store.migrate import open_store

PG_URL = os.environ.get("FACILITATOR_TEST_PG_URL", "")


@pytest.fixture(params=["sqlite", "postgresql"])
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """A migrated store on SQLite, or on a fresh schema of the scratch PostgreSQL server."""
    if request.param == "sqlite":
        store = open_store(target_from(tmp_path / "t.sqlite3"))
        yield store
        store.close()
        return
    if not PG_URL:
        pytest.skip("FACILITATOR_TEST_PG_URL is not set")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    separator = "&" if "?" in PG_URL else "?"
    store = open_store(target_from(f"{PG_URL}{separator}options=-csearch_path%3D{schema}"))
    yield store
    store.close()
    with admin.begin() as conn:
        conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()


def test_pages_add_up_to_the_whole_listing(any_store: Store) -> None:
    demo.generate(any_store, sprints=10, stories=300, seed=5, today=dt.date(2026, 11, 25))
    team = TeamId(1)
    whole = load_backlog(any_store, team)
    head = backlog_page(any_store, team, None, 20)
    backlog = sum(status in BACKLOG_STATUSES for status in whole.statuses)
    assert head.counts == (len(whole), backlog)
    assert len(head) == 20
    assert all(status in BACKLOG_STATUSES for status in head.statuses)
    pages = [head]
    for kind in (True, False):
        after = head.ranks[-1] if kind else None
        while True:
            page = backlog_page(any_store, team, after, 37, kind)
            assert all((status in BACKLOG_STATUSES) == kind for status in page.statuses)
            assert page.counts is None
            pages.append(page)
            if len(page) < 37:
                break
            after = page.ranks[-1]
    assert sum(map(len, pages)) == len(whole) > 2 * 37
    names = ("ids", "ranks", "keys", "titles", "estimates", "statuses", "types", "missing")
    columns = (*names, "blocked")
    rows = sorted(
        (row for p in pages for row in zip(*(getattr(p, n) for n in columns), strict=True)),
        key=lambda row: row[1],
    )
    joined = BacklogListing(*map(list, zip(*rows, strict=True)), sla_hours=whole.sla_hours)
    assert all(page.sla_hours == whole.sla_hours for page in pages)
    assert joined == whole
    assert any(whole.missing)  # readiness facts were compared too
    assert not all(whole.missing)
