"""Reads made cheaper for first visits give what the slower reads gave, on SQLite and on
PostgreSQL: a backlog read in pages, the Definition-of-Done counts of the Team screen."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select, update

from facilitator.domain.ids import TeamId
from facilitator.ops import demo
from facilitator.ops.backlog import BACKLOG_STATUSES, BacklogListing, backlog_page, load_backlog
from facilitator.store.db import Store
from facilitator.store.review_models import DodMarkRow
from facilitator.store.review_repository import dod_skips, done_with_every_dod_item
from tests.helpers.backends import any_store

__all__ = ["any_store"]  # the fixture, for pytest


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


def test_the_dod_counts_are_the_flags_counted(any_store: Store) -> None:
    demo.generate(any_store, sprints=10, stories=300, seed=5, today=dt.date(2026, 11, 25))
    with any_store.session() as session:
        first, second = session.execute(
            select(DodMarkRow.run_id, DodMarkRow.story_id).distinct().limit(2)
        ).all()
        # A story skipped an item; another lost its DoD marks (counted as not checked).
        session.execute(
            update(DodMarkRow)
            .where(DodMarkRow.run_id == first[0], DodMarkRow.story_id == first[1])
            .values(holds=False)
        )
        session.execute(
            delete(DodMarkRow).where(
                DodMarkRow.run_id == second[0], DodMarkRow.story_id == second[1]
            )
        )
    with any_store.session() as session:
        flags = done_with_every_dod_item(session, 1)
        assert dod_skips(session, 1) == (len(flags), flags.count(False))
        assert flags.count(False) >= 1  # a skip (two, when both stories were Done ones)
