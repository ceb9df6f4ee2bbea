"""The "Definition of Done enforced" check counts each story marked Done at a closed review
once, as skipped when one of its DoD items failed or it has no DoD mark at all, on SQLite and
on PostgreSQL; the Team screen and Home's health panel say so."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select, update

from facilitator.domain.ids import TeamId
from facilitator.ops import demo
from facilitator.ops.team_health import team_view
from facilitator.store.db import Store
from facilitator.store.models import SprintRow, SprintStoryRow
from facilitator.store.review_models import DodMarkRow, ReviewRow
from facilitator.store.review_repository import dod_skips
from tests.helpers.backends import any_store

__all__ = ["any_store"]  # the fixture, for pytest

TODAY = dt.date(2026, 11, 25)
TEAM = TeamId(1)


def _counts(store: Store) -> tuple[int, int]:
    with store.read_session() as session:
        return dod_skips(session, TEAM)


def _dod_check(store: Store) -> str:
    """The check's line as the Team screen and Home's health panel show it."""
    return next(c for c in team_view(store, TEAM, TODAY).checks if c.key == "dod").line


def _marked(store: Store, done: bool) -> list[tuple[int, int]]:
    """(run, story) of the team's stories with DoD marks at a closed review, Done or not."""
    with store.read_session() as session:
        rows = session.execute(
            select(DodMarkRow.run_id, DodMarkRow.story_id)
            .join(ReviewRow, ReviewRow.run_id == DodMarkRow.run_id)
            .join(SprintRow, SprintRow.id == ReviewRow.sprint_id)
            .join(
                SprintStoryRow,
                (SprintStoryRow.sprint_id == ReviewRow.sprint_id)
                & (SprintStoryRow.story_id == DodMarkRow.story_id),
            )
            .where(
                SprintRow.team_id == TEAM,
                ReviewRow.closed_at.is_not(None),
                SprintStoryRow.done.is_(done),
            )
            .distinct()
            .order_by(DodMarkRow.run_id, DodMarkRow.story_id)
        )
        return [(int(run), int(story)) for run, story in rows]


def _fail(store: Store, run: int, story: int, every_item: bool) -> None:
    with store.session() as session:
        items = select(DodMarkRow.item).where(
            DodMarkRow.run_id == run, DodMarkRow.story_id == story
        )
        if not every_item:
            items = items.order_by(DodMarkRow.item).limit(1)
        failing = list(session.scalars(items))
        session.execute(
            update(DodMarkRow)
            .where(
                DodMarkRow.run_id == run,
                DodMarkRow.story_id == story,
                DodMarkRow.item.in_(failing),
            )
            .values(holds=False)
        )


def test_each_done_story_that_skipped_an_item_counts_once(any_store: Store) -> None:
    demo.generate(any_store, sprints=10, stories=300, seed=5, today=TODAY)
    with any_store.session() as session:
        session.execute(update(DodMarkRow).values(holds=True))  # every item held, everywhere
    done = _marked(any_store, done=True)
    total = len(done)
    assert total > 10
    assert _counts(any_store) == (total, 0)
    assert _dod_check(any_store) == (
        "✓ Pass · Definition of Done enforced: every Done story passed every DoD item"
    )

    first, second = done[0], done[-1]
    _fail(any_store, *first, every_item=False)  # one item did not hold
    assert _counts(any_store) == (total, 1)
    _fail(any_store, *first, every_item=True)  # nor did the others: still one story
    assert _counts(any_store) == (total, 1)
    with any_store.session() as session:  # its DoD was never checked at all
        session.execute(
            delete(DodMarkRow).where(
                DodMarkRow.run_id == second[0], DodMarkRow.story_id == second[1]
            )
        )
    assert _counts(any_store) == (total, 2)
    assert _dod_check(any_store) == (
        f"✗ Fail · Definition of Done enforced: 2 of {total} Done stories skipped a DoD item"
    )

    # A story the review did not accept is not counted, whatever its marks.
    not_done = _marked(any_store, done=False)
    assert not_done
    _fail(any_store, *not_done[0], every_item=True)
    assert _counts(any_store) == (total, 2)


def test_a_team_without_closed_reviews_has_no_dod_data(any_store: Store) -> None:
    demo.generate(any_store, sprints=10, stories=300, seed=5, today=TODAY)
    with any_store.session() as session:
        session.execute(update(ReviewRow).values(closed_at=None))
    assert _counts(any_store) == (0, 0)
    assert _dod_check(any_store) == (
        "– No data yet · Definition of Done enforced: no sprint reviews recorded yet"
    )
