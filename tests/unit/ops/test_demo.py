"""The demo generator: deterministic, realistic, consistent."""

from __future__ import annotations

import datetime as dt
import sqlite3
import zoneinfo
from pathlib import Path

import pytest

from facilitator.errors import InputError
from facilitator.ops import demo
from facilitator.ops.maintenance import check
from facilitator.store.db import Store, target_from
from facilitator.store.migrate import open_store

TODAY = dt.date(2026, 11, 25)


def _dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(path) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in tables}


def _build(path: Path, seed: int) -> None:
    store = open_store(target_from(path))
    demo.generate(store, sprints=8, stories=150, seed=seed, today=TODAY)
    store.close()


def test_same_seed_gives_identical_databases(tmp_path: Path) -> None:
    _build(tmp_path / "a.sqlite3", 11)
    _build(tmp_path / "b.sqlite3", 11)
    _build(tmp_path / "c.sqlite3", 12)
    first = _dump(tmp_path / "a.sqlite3")
    assert first == _dump(tmp_path / "b.sqlite3")
    assert first["story"] != _dump(tmp_path / "c.sqlite3")["story"]


def test_demo_team_is_a_distributed_squad(demo_store: Store) -> None:
    with demo_store.engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT m.role, m.side, m.timezone FROM member m JOIN team t ON t.id = m.team_id "
            "WHERE t.name = 'Payments'"
        ).fetchall()
    assert 6 <= len(rows) <= 9
    zones = {zone for _, _, zone in rows}
    assert len({zoneinfo.ZoneInfo(z).utcoffset(dt.datetime(2026, 1, 15)) for z in zones}) >= 3
    assert ("product_owner", "in_house") in {(role, side) for role, side, _ in rows}
    assert {side for role, side, _ in rows if role == "engineer"} == {"outsourced"}


def test_demo_has_closed_sprints_an_active_one_and_a_mixed_backlog(demo_store: Store) -> None:
    with demo_store.engine.connect() as conn:
        states = dict(
            conn.exec_driver_sql(
                "SELECT state, count(*) FROM sprint WHERE team_id = 1 GROUP BY state"
            ).fetchall()
        )
        active = conn.exec_driver_sql(
            "SELECT start_date, end_date FROM sprint WHERE team_id = 1 AND state = 'active'"
        ).one()
        backlog = conn.exec_driver_sql(
            "SELECT s.estimate IS NOT NULL, count(DISTINCT c.story_id) > 0 "
            "FROM story s LEFT JOIN acceptance_criterion c ON c.story_id = s.id "
            "WHERE s.team_id = 1 AND s.status IN ('new', 'refined') GROUP BY s.id"
        ).fetchall()
    assert states == {"closed": 6, "active": 1, "planned": 1}
    assert dt.date.fromisoformat(active[0]) <= TODAY <= dt.date.fromisoformat(active[1])
    assert (1, 1) in backlog  # some stories have criteria and an estimate
    assert any(row != (1, 1) for row in backlog)  # and some do not


def test_demo_passes_the_consistency_check(demo_store: Store) -> None:
    assert check(demo_store).problems == []


def test_demo_refuses_a_database_that_already_has_teams(demo_store: Store) -> None:
    with pytest.raises(InputError, match="already holds teams"):
        demo.generate(demo_store, today=TODAY)


@pytest.mark.parametrize(("sprints", "stories"), [(-1, 100), (10, 5), (10, 10**7)])
def test_demo_rejects_counts_out_of_range(store: Store, sprints: int, stories: int) -> None:
    with pytest.raises(InputError, match="outside"):
        demo.generate(store, sprints=sprints, stories=stories, today=TODAY)


def test_a_demo_written_at_dawn_holds_nothing_in_its_future(tmp_path: Path) -> None:
    """Opened at 05:15 UTC, the demo's blockers and updates were raised and written before then:
    resolving one in the blocker slot is not refused as "resolved before it was raised"."""
    dawn = dt.datetime.combine(TODAY, dt.time(5, 15, tzinfo=dt.UTC))
    store = open_store(target_from(tmp_path / "dawn.sqlite3"))
    demo.generate(store, sprints=3, stories=40, seed=2, today=TODAY, clock=dawn)
    store.close()
    with sqlite3.connect(tmp_path / "dawn.sqlite3") as conn:
        latest = {
            "blocker": conn.execute("SELECT max(raised_at) FROM blocker").fetchone()[0],
            "update": conn.execute("SELECT max(written_at) FROM daily_update").fetchone()[0],
            "decision": conn.execute("SELECT max(raised_at) FROM decision").fetchone()[0],
        }
    for what, moment in latest.items():
        assert dt.datetime.fromisoformat(moment) <= dawn.replace(tzinfo=None), what
