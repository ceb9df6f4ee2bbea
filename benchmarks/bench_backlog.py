"""Benchmark the backlog on 200 sprints and 20,000 stories, side by side with raw sqlite3.

Run: ``QT_QPA_PLATFORM=offscreen python benchmarks/bench_backlog.py [--db PATH] [--runs N]``.
Budgets (DESIGN.md): backlog populated < 150 ms, readiness filter < 30 ms, a move writes O(1) rows.
This is a measurement, not a test: it prints a table and never fails on time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Runnable as a plain script from a source checkout (the package need not be installed).
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtWidgets import QApplication, QTableView
from sqlalchemy import event

from facilitator.domain.ids import StoryId, TeamId
from facilitator.ops import demo
from facilitator.ops.backlog import load_backlog, move_to_top
from facilitator.ops.changes import ActionContext
from facilitator.store.db import target_from
from facilitator.store.migrate import open_store
from facilitator.ui.models.backlog_filter import READY, BacklogFilter
from facilitator.ui.models.backlog_model import BacklogModel

TEAM = TeamId(1)
RAW_LISTING = (
    "SELECT id, rank, key, title, estimate, status, type FROM story WHERE team_id = 1 ORDER BY rank"
)


def median_ms(action: Callable[[], Any], runs: int) -> tuple[float, float]:
    """Median wall and CPU time of ``action`` in ms over ``runs`` runs (after one warm-up).

    The CPU time (this process only) is what to compare when other programs share the machine:
    the wall time then includes waiting for a core.
    """
    action()
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        action()
        cpu.append((time.process_time() - start_cpu) * 1000)
        wall.append((time.perf_counter() - start) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def halved(times: tuple[float, float]) -> tuple[float, float]:
    """Per-step times of an action that runs two steps (a filter and its reset)."""
    return times[0] / 2, times[1] / 2


def main() -> None:
    """Build (or reuse) the demo database, time each step and print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, help="reuse a demo database (created if missing)")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    path = args.db or Path(tempfile.mkdtemp()) / "bench.sqlite3"
    created = not path.exists()
    start = time.perf_counter()
    store = open_store(target_from(path))
    if created:
        demo.generate(store, sprints=200, stories=20000, today=dt.date(2026, 11, 25))
    built = time.perf_counter() - start

    app = QApplication.instance() or QApplication([])
    raw = sqlite3.connect(path)
    runs = args.runs

    def raw_listing() -> None:
        raw.execute(RAW_LISTING).fetchall()

    def populate() -> None:
        model = BacklogModel()
        view = QTableView()
        view.setModel(model)
        model.set_listing(load_backlog(store, TEAM))
        view.resize(1000, 700)
        view.show()
        app.processEvents()
        view.close()
        view.deleteLater()

    model = BacklogModel()
    model.set_listing(load_backlog(store, TEAM))
    shown = model.rowCount()

    def readiness_filter() -> None:
        model.set_filter(BacklogFilter(readiness=READY))
        model.set_filter(BacklogFilter())  # reset, so each run filters from the full list

    def text_filter() -> None:
        model.set_filter(BacklogFilter(text="refund"))
        model.set_filter(BacklogFilter())

    def raw_filter() -> None:
        raw.execute(
            "SELECT id FROM story WHERE team_id = 1 AND status IN ('new', 'refined') "
            "AND estimate_committed_at IS NOT NULL ORDER BY rank"
        ).fetchall()

    written: list[int] = []

    def _count(
        _conn: Any, _cursor: Any, statement: str, params: Any, _ctx: Any, many: bool
    ) -> None:
        if statement.lstrip().upper().startswith("UPDATE"):
            written.append(len(params) if many else 1)

    event.listen(store.engine, "before_cursor_execute", _count)
    bottom = model.listing.ids[-1]
    ids = list(model.listing.ids)

    def move() -> None:
        move_to_top(store, ActionContext(dt.datetime.now(dt.UTC), TEAM), StoryId(ids[-1]))
        ids.insert(0, ids.pop())

    def raw_move() -> None:
        raw.execute("UPDATE story SET rank = rank WHERE id = ?", (bottom,))
        raw.commit()

    rows = [
        ("backlog populated (load + model + QTableView shown)", median_ms(populate, runs),
         "raw sqlite3 fetchall, 7 columns", median_ms(raw_listing, runs), "< 150 ms"),
        ("readiness filter (+ reset), 20k rows", halved(median_ms(readiness_filter, runs)),
         "raw sqlite3 ready-ish query", median_ms(raw_filter, runs), "< 30 ms"),
        ("text filter (+ reset), 20k rows", halved(median_ms(text_filter, runs)),
         "", None, ""),
        ("move to top (one transaction)", median_ms(move, runs),
         "raw sqlite3 UPDATE 1 row + commit", median_ms(raw_move, runs), "O(1) rows"),
    ]  # fmt: skip
    event.remove(store.engine, "before_cursor_execute", _count)
    moves = runs + 1
    per_move = sum(written) / moves
    print(f"database: {path} ({'built' if created else 'reused'} in {built:.1f} s)")
    print(f"stories listed: {len(model.listing)}, shown by default: {shown}, runs: {runs}")
    print(f"{'step':52} {'ms':>6} {'cpu':>6}   {'baseline':34} {'ms':>6} {'cpu':>6}   budget")
    for name, (ms, cpu), base_name, base, budget in rows:
        base_ms = "" if base is None else f"{base[0]:6.1f} {base[1]:6.1f}"
        print(f"{name:52} {ms:6.1f} {cpu:6.1f}   {base_name:34} {base_ms:>13}   {budget}")
    print(f"rows written per move: {per_move:g} ({sum(written)} over {moves} moves)")
    raw.close()
    store.close()


if __name__ == "__main__":
    main()
