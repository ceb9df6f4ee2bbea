"""Migration 0013: the index on story (team_id, status) that the counts by status read, on
SQLite and PostgreSQL; downgrading drops it and keeps every story."""

from __future__ import annotations

from sqlalchemy import inspect, text

from facilitator.ops.backlog import backlog_page
from facilitator.store.db import Store
from tests.helpers.backends import any_store, migrate_to
from tests.helpers.backlog_team import make_team

__all__ = ["any_store"]  # the fixture, for pytest

INDEX = "ix_story_team_status"
BACKLOG_COUNT = "SELECT count(*) FROM story WHERE team_id = :team AND status IN ('new', 'refined')"


def _indexes(store: Store) -> dict[str, list[str | None]]:
    return {
        str(ix["name"]): list(ix["column_names"])
        for ix in inspect(store.engine).get_indexes("story")
    }


def _stories(store: Store) -> list[tuple[str, str]]:
    with store.engine.connect() as conn:
        return [(k, s) for k, s in conn.execute(text("SELECT key, status FROM story ORDER BY id"))]


def test_0013_indexes_the_status_downgrades_without_it_and_upgrades_again(
    any_store: Store,
) -> None:
    team = make_team(any_store, stories=5)
    assert _indexes(any_store)[INDEX] == ["team_id", "status"]
    stories = _stories(any_store)
    assert len(stories) == 5

    migrate_to(any_store, "0012", down=True)
    assert INDEX not in _indexes(any_store)
    assert "uq_story_team_rank" in _indexes(any_store)
    assert _stories(any_store) == stories

    migrate_to(any_store, "0013")
    assert _indexes(any_store)[INDEX] == ["team_id", "status"]
    assert _stories(any_store) == stories
    assert backlog_page(any_store, team.team, None, 20).counts == (5, 5)


def test_sqlite_counts_by_status_from_the_index_alone(store: Store) -> None:
    make_team(store, stories=5)
    with store.engine.connect() as conn:
        plan = " ".join(
            str(row[-1])
            for row in conn.execute(text(f"EXPLAIN QUERY PLAN {BACKLOG_COUNT}"), {"team": 1})
        )
        # The pages of the listing, ordered by rank, keep walking the rank index.
        page = " ".join(
            str(row[-1])
            for row in conn.execute(
                text(
                    "EXPLAIN QUERY PLAN SELECT id FROM story WHERE team_id = :team "
                    "AND status IN ('new', 'refined') ORDER BY rank LIMIT 20"
                ),
                {"team": 1},
            )
        )
    assert f"COVERING INDEX {INDEX}" in plan
    assert "uq_story_team_rank" in page
    assert "TEMP B-TREE" not in page  # no sort of the whole backlog for one page
