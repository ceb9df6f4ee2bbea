"""Benchmark the story index on (team_id, status) (migration 0013), with it and without it.

Run: ``python benchmarks/bench_status_index.py [--db PATH] [--stories N] [--runs N]``.
Every statement runs on a fresh connection (SQLite's page cache empty, as on a first visit),
on the demo database and on a copy with the index dropped, side by side in one run; the query
plans are printed too, to show the rank-ordered pages still walk ``uq_story_team_rank``.
This is a measurement, not a test: it prints a table and never fails on time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

# Runnable as a plain script from a source checkout (the package need not be installed).
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from facilitator.ops import demo
from facilitator.store.db import target_from
from facilitator.store.migrate import open_store

INDEX = "ix_story_team_status"
STORIES = (
    "SELECT id, rank, key, title, estimate, status, type, "
    "estimate IS NOT NULL AND estimate_committed_at IS NOT NULL FROM story WHERE team_id = 1"
)
# The statements of the app that filter the team's stories by status.
STATEMENTS = {
    "backlog count (Home)": (
        "SELECT count(*) FROM story WHERE team_id = 1 AND status IN ('new', 'refined')"
    ),
    "first page facts (Backlog)": (
        "SELECT (SELECT count(*) FROM team_dor_item WHERE team_id = 1), blocker_sla_hours, "
        "(SELECT count(*) FROM story WHERE team_id = 1), "
        "(SELECT count(*) FROM story WHERE team_id = 1 AND status IN ('new', 'refined')) "
        "FROM team WHERE id = 1"
    ),
    "first page, 200 rows": f"{STORIES} AND status IN ('new', 'refined') ORDER BY rank LIMIT 200",
    "later page, 500 rows": (
        f"{STORIES} AND status NOT IN ('new', 'refined') AND rank > 0 ORDER BY rank LIMIT 500"
    ),
    "top 10 (readiness badge)": (
        "SELECT id, key, title, estimate FROM story WHERE team_id = 1 "
        "AND status IN ('new', 'refined') ORDER BY rank LIMIT 10"
    ),
}


def cold_ms(path: Path, sql: str, runs: int) -> tuple[float, float]:
    """p50 and p95 in ms of ``sql``, each run on a new connection (after two warm-ups)."""
    times = []
    for run in range(runs + 2):
        conn = sqlite3.connect(path)
        start = time.perf_counter()
        conn.execute(sql).fetchall()
        if run >= 2:
            times.append((time.perf_counter() - start) * 1000)
        conn.close()
    times.sort()
    return statistics.median(times), times[max(0, round(0.95 * len(times)) - 1)]


def plan(path: Path, sql: str) -> str:
    """The query plan's steps, joined."""
    with sqlite3.connect(path) as conn:
        return "; ".join(row[-1] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}"))


def main() -> None:
    """Build (or reuse) the database, drop the index on a copy, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="a demo database at the current schema")
    parser.add_argument("--stories", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=25)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-status-index-"))
    indexed = folder / "indexed.sqlite3"
    if args.db is not None:
        shutil.copy(args.db, indexed)
    else:
        store = open_store(target_from(indexed))
        demo.generate(store, sprints=200, stories=args.stories, seed=7, today=dt.date.today())
        store.close()
    bare = folder / "without.sqlite3"
    shutil.copy(indexed, bare)
    with sqlite3.connect(bare) as conn:
        conn.execute(f"DROP INDEX IF EXISTS {INDEX}")
    with sqlite3.connect(indexed) as conn:
        count = conn.execute("SELECT count(*) FROM story WHERE team_id = 1").fetchone()[0]
        assert conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE name = ?", (INDEX,)
        ).fetchone() == (1,), f"{INDEX} is missing: migrate the database first"
    print(f"{count} stories of team 1; cold p50 / p95 in ms over {args.runs} runs")
    print(f"{'statement':28} {'without':>15} {'with':>15}")
    for name, sql in STATEMENTS.items():
        before, after = cold_ms(bare, sql, args.runs), cold_ms(indexed, sql, args.runs)
        print(f"{name:28} {before[0]:7.2f} {before[1]:7.2f} {after[0]:7.2f} {after[1]:7.2f}")
        print(f"    without: {plan(bare, sql)}\n    with:    {plan(indexed, sql)}")
    shutil.rmtree(folder)


if __name__ == "__main__":
    main()
