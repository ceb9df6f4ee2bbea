"""Benchmark the Monte Carlo forecast: 10,000 seeded trials over past throughput.

Run: ``python benchmarks/bench_monte_carlo.py [--runs N]``.
Budget (issue 10): < 50 ms per forecast. This is a measurement, not a test: it prints a table
and never fails on time.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

# Runnable as a plain script from a source checkout (the package need not be installed).
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from facilitator.domain.monte_carlo import forecast_lines, simulate


def median_ms(action: Callable[[], Any], runs: int) -> tuple[float, float]:
    """Median wall and CPU time of ``action`` in ms over ``runs`` runs (after one warm-up)."""
    action()
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        action()
        cpu.append((time.process_time() - start_cpu) * 1000)
        wall.append((time.perf_counter() - start) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def main() -> None:
    """Time the simulation for a few history lengths and horizons and print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    rng = random.Random(1)
    print(f"{'history':>8} {'sprints':>8} {'wall ms':>9} {'cpu ms':>8}  budget 50 ms")
    for length in (3, 10, 200):
        history = [rng.randint(0, 15) for _ in range(length)]
        for sprints in (1, 3, 6):
            wall, cpu = median_ms(lambda h=history, s=sprints: simulate(h, s, seed=7), args.runs)
            print(f"{length:>8} {sprints:>8} {wall:>9.1f} {cpu:>8.1f}")
    history = [rng.randint(0, 15) for _ in range(10)]
    wall, cpu = median_ms(lambda: forecast_lines(history, 20, 3, seed=7), args.runs)
    print(
        f"forecast_lines (10 sprints of history, top 20 by 3 sprints): {wall:.1f} ms wall, "
        f"{cpu:.1f} ms cpu"
    )


if __name__ == "__main__":
    main()
