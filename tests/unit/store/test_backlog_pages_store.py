"""Reads made cheaper for first visits give what the slower reads gave, on SQLite and on
PostgreSQL: a backlog read in pages (the Definition-of-Done counts: test_dod_skips)."""

from __future__ import annotations

import datetime as dt

from facilitator.domain.ids import TeamId
from facilitator.ops import demo
from facilitator.ops.backlog import BACKLOG_STATUSES, BacklogListing, backlog_page, load_backlog
from facilitator.store.db import Store
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


def test_a_page_bounded_by_a_rank_stops_there(any_store: Store) -> None:
    demo.generate(any_store, sprints=10, stories=300, seed=5, today=dt.date(2026, 11, 25))
    team = TeamId(1)
    whole = load_backlog(any_store, team)
    others = [
        r for r, s in zip(whole.ranks, whole.statuses, strict=True) if s not in BACKLOG_STATUSES
    ]
    assert len(others) > 4
    upto = others[3]
    page = backlog_page(any_store, team, None, 1000, False, upto)
    assert page.ranks == others[:4]  # the fourth other story's rank is the last looked at
    rest = backlog_page(any_store, team, upto, 1000, False)
    assert page.ranks + rest.ranks == others
