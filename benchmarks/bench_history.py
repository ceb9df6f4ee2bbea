"""History on the 200-sprint demo database: all-sprint metrics and the forecast-vs-actual chart.

Budgets (DESIGN.md): all-sprint metrics < 100 ms, a history chart < 300 ms. Baselines in the same
run: raw sqlite3 reading the same per-sprint figures, and a bare matplotlib bar chart of as many
bars. The latest closed sprint's report is then written in every format into ``--out``.

    python benchmarks/bench_history.py [--sprints 200] [--stories 20000] [--runs 20] [--out DIR]

This is a measurement, not a test: it prints a table and never fails on time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

# Runnable as a plain script from a source checkout (the package need not be installed).
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from facilitator.charts.history import forecast_vs_actual
from facilitator.ops import demo
from facilitator.ops.history import sprint_page, sprint_report, team_history
from facilitator.ops.teams import list_teams
from facilitator.report_files import REPORT_FORMATS, write_report
from facilitator.store.db import target_from
from facilitator.store.migrate import open_store
from tests.helpers.history_sql import raw_figures

TODAY = dt.date(2026, 11, 25)
NOW = dt.datetime.combine(TODAY, dt.time(15, tzinfo=dt.UTC))


def timed(action: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median and worst milliseconds of ``runs`` calls (after one warm-up call)."""
    action()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times)


def bare_chart(n: int) -> None:
    """A plain matplotlib bar chart of ``n`` bars drawn with Agg: the chart baseline."""
    figure = Figure(figsize=(9, 5.8))
    ax = figure.subplots()
    ax.bar(range(n), [float(i % 9) for i in range(n)])
    FigureCanvasAgg(figure).draw()


def main() -> int:
    """Build the demo, measure, write the reports, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sprints", type=int, default=200)
    parser.add_argument("--stories", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--out", type=Path, default=None, help="folder for the reports")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-history-"))
    out = args.out or folder
    out.mkdir(parents=True, exist_ok=True)
    db = folder / "demo.sqlite3"
    store = open_store(target_from(db))
    start = time.perf_counter()
    demo.generate(store, sprints=args.sprints, stories=args.stories, today=TODAY)
    built = time.perf_counter() - start
    team = list_teams(store)[0]
    history = team_history(store, team.id, NOW)
    sprints = len(history.rows)
    print(f"demo: {args.sprints} closed sprints, {args.stories} stories, built in {built:.1f} s")

    rows: list[tuple[str, float, float, str]] = []
    med, worst = timed(lambda: raw_figures(db, team.name), args.runs)
    rows.append(("raw sqlite3: per-sprint figures (baseline)", med, worst, ""))
    med, worst = timed(lambda: team_history(store, team.id, NOW), args.runs)
    rows.append((f"all-sprint metrics ({sprints} sprints)", med, worst, "< 100 ms"))
    med, worst = timed(lambda: team_history(store, team.id, NOW, with_search=True), args.runs)
    rows.append(("all-sprint metrics + search text (History opens)", med, worst, ""))
    metrics = history.metrics
    oldest = history.rows[0].sprint_id
    med, worst = timed(lambda: sprint_page(store, team.id, oldest, NOW), args.runs)
    rows.append(("one sprint's read-only page (History selection)", med, worst, "<= 50 ms p95"))

    def chart() -> None:
        FigureCanvasAgg(forecast_vs_actual(metrics).figure).draw()

    med, worst = timed(lambda: bare_chart(sprints), args.runs)
    rows.append((f"bare matplotlib bars, {sprints} bars (baseline)", med, worst, ""))
    med, worst = timed(chart, args.runs)
    rows.append(("forecast-vs-actual chart, built and drawn", med, worst, "< 300 ms"))

    print(f"{'measure':<52} {'median ms':>10} {'worst ms':>10}  budget")
    for name, m, w, budget in rows:
        print(f"{name:<52} {m:>10.1f} {w:>10.1f}  {budget}")

    report = sprint_report(store, "latest", None, NOW)
    for kind in REPORT_FORMATS:
        path = out / f"latest.{kind}"
        start = time.perf_counter()
        write_report(path, kind, team.name, report.page, report.history.metrics)
        took = (time.perf_counter() - start) * 1000
        print(f"report {kind:<4} {path} ({path.stat().st_size} bytes, {took:.0f} ms)")
    store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
