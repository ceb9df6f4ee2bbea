"""No lost update between two real programs, on a SQLite file and on PostgreSQL.

Two long-lived worker processes (``tests/helpers/race_worker.py``) are driven over pipes; each
race is sent to both at once, 200 trials each. PostgreSQL runs when ``FACILITATOR_TEST_PG_URL``
names a scratch server (each test gets its own schema there).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, func, select, text

from facilitator.domain.ids import StoryId, TeamId
from facilitator.domain.model import StoryType
from facilitator.ops.teams import create_team
from facilitator.store.backlog_repository import BacklogRepository
from facilitator.store.db import Store, target_from
from facilitator.store.migrate import open_store
from facilitator.store.models import StoryRow
from tests.helpers.backlog_team import new_story

ROOT = Path(__file__).resolve().parents[3]
WORKER = ROOT / "tests" / "helpers" / "race_worker.py"
PG_URL = os.environ.get("FACILITATOR_TEST_PG_URL", "")
TRIALS = 200
NOW = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


class Worker:
    """Another program using the same database, one command at a time."""

    def __init__(self, url: str, name: str) -> None:
        self.name = name
        env = {**os.environ, "PYTHONPATH": str(ROOT), "FACILITATOR_USER": name}
        self.process = subprocess.Popen(
            [sys.executable, str(WORKER), url],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.answer() == {"ok": "ready"}

    def send(self, **command: Any) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()

    def answer(self) -> dict[str, Any]:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        assert line, "the worker died"
        return dict(json.loads(line))

    def close(self) -> None:
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        self.process.stdin.close()
        self.process.wait(timeout=30)
        self.process.stdout.close()


def both(a: Worker, b: Worker, first: dict[str, Any], second: dict[str, Any]) -> tuple[Any, Any]:
    """Send one command to each worker before reading either answer: they run at once."""
    a.send(**first)
    b.send(**second)
    return a.answer(), b.answer()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A migrated database both workers and the test open: a real file, or a fresh PG schema."""
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("races") / "shared.sqlite3"
        open_store(target_from(path)).close()
        yield str(path)
        return
    if not PG_URL:
        pytest.skip("FACILITATOR_TEST_PG_URL is not set")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    separator = "&" if "?" in PG_URL else "?"
    scoped = f"{PG_URL}{separator}options=-csearch_path%3D{schema}"
    open_store(target_from(scoped)).close()
    yield scoped
    with admin.begin() as conn:
        conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()


@pytest.fixture(scope="module")
def programs(url: str) -> Iterator[tuple[Store, Worker, Worker]]:
    """The test's own store and two worker programs, started once per backend."""
    store = open_store(target_from(url), upgrade=False)
    a, b = Worker(url, "Ana (worker A)"), Worker(url, "Ben (worker B)")
    yield store, a, b
    a.close()
    b.close()
    store.close()


@pytest.fixture
def setup(
    programs: tuple[Store, Worker, Worker],
) -> tuple[Store, TeamId, list[StoryId], Worker, Worker]:
    """A new team with eight stories for each race."""
    store, a, b = programs
    team = create_team(store, f"Team {uuid.uuid4().hex[:8]}", 10, ["Tested"])
    stories = [new_story(store, team, f"Story {n}", StoryType.STORY, NOW) for n in range(8)]
    return store, team, stories, a, b


def _order(store: Store, team: TeamId) -> list[int]:
    with store.session() as session:
        return BacklogRepository(session).ids_in_rank_order(team)


def _duplicate_ranks(store: Store, team: TeamId) -> int:
    with store.session() as session:
        rows = session.scalar(select(func.count()).where(StoryRow.team_id == team))
        ranks = session.scalar(
            select(func.count(StoryRow.rank.distinct())).where(StoryRow.team_id == team)
        )
    return int(rows or 0) - int(ranks or 0)


def _text_of(store: Store, story: StoryId) -> tuple[str, str, str]:
    with store.session() as session:
        row = session.get(StoryRow, story)
        assert row is not None
        return row.key, row.title, row.description


def test_two_users_saving_one_story_lose_nothing(setup: Any) -> None:
    """Both open a story; one saves a title, the other a description at the same moment.

    Exactly one save is acknowledged and kept; the other is refused with the message and wrote
    nothing; after a reload the refused user's save goes through in one step.
    """
    store, _team, stories, a, b = setup
    story = stories[0]
    key, *before = _text_of(store, story)
    # The refusal names the other program's user, and when they saved.
    stale = {
        who.name: re.compile(
            rf"{key} was changed elsewhere by {re.escape(other.name)} at \d\d:\d\d "
            "since you opened it — reload"
        )
        for who, other in ((a, b), (b, a))
    }
    lost = refused = 0
    for trial in range(TRIALS):
        read_a, read_b = both(a, b, {"op": "read", "story": story}, {"op": "read", "story": story})
        assert read_a == read_b
        version = read_a["ok"]
        title, description = f"Title {trial}", f"Description {trial}"
        got_a, got_b = both(
            a,
            b,
            {"op": "save", "story": story, "version": version, "title": title},
            {"op": "save", "story": story, "version": version, "description": description},
        )
        _key, *after = _text_of(store, story)
        acked = ("ok" in got_a, "ok" in got_b)
        expected = [title if acked[0] else before[0], description if acked[1] else before[1]]
        # Lost: an acknowledged save missing, a refused one written, or neither refused.
        if after != expected or acked.count(True) != 1:
            lost += 1
        for worker, got, field, value in (
            (a, got_a, "title", title),
            (b, got_b, "description", description),
        ):
            if "refused" in got:
                refused += 1
                assert stale[worker.name].fullmatch(got["refused"]), got["refused"]
                # Reload (read the new version) and save again: one step, it goes through.
                worker.send(op="read", story=story)
                worker.send(op="save", story=story, version=worker.answer()["ok"], **{field: value})
        for worker, got in ((a, got_a), (b, got_b)):
            if "refused" in got:
                assert "ok" in worker.answer()
        _key, *before = _text_of(store, story)
        assert before == [title, description]
    assert (TRIALS, lost, refused) == (TRIALS, 0, TRIALS)


def test_two_drops_into_one_gap_keep_both_and_share_no_rank(setup: Any) -> None:
    store, team, stories, a, b = setup
    lost = 0
    for trial in range(TRIALS):
        anchor, x, y = stories[trial % 3], stories[3 + trial % 2], stories[6 + trial % 2]
        got_a, got_b = both(
            a,
            b,
            {"op": "move_after", "team": team, "story": x, "anchor": anchor},
            {"op": "move_after", "team": team, "story": y, "anchor": anchor},
        )
        order = _order(store, team)
        at = order.index(anchor)
        if (
            "ok" not in got_a
            or "ok" not in got_b
            or set(order[at + 1 : at + 3]) != {x, y}
            or _duplicate_ranks(store, team)
        ):
            lost += 1
    assert (TRIALS, lost) == (TRIALS, 0)


def test_a_move_racing_a_rebalance_is_never_undone(setup: Any) -> None:
    store, team, stories, a, b = setup
    lost = 0
    for trial in range(TRIALS):
        with store.session() as session:  # no gap left anywhere: the next squeeze rebalances
            BacklogRepository(session).write_ranks([(s, n) for n, s in enumerate(stories)])
        anchor, x, y = stories[1], stories[4 + trial % 2], stories[7 - trial % 2]
        got_a, got_b = both(
            a,
            b,
            {"op": "move_after", "team": team, "story": x, "anchor": anchor},
            {"op": "move_top", "team": team, "story": y},
        )
        order = _order(store, team)
        if (
            "ok" not in got_a
            or "ok" not in got_b
            or order[0] != y
            or order[order.index(anchor) + 1] != x
            or _duplicate_ranks(store, team)
        ):
            lost += 1
    assert (TRIALS, lost) == (TRIALS, 0)
