"""Import 50,000 Jira rows: seconds and peak memory, beside a raw sqlite3 executemany baseline;
then a team dump of the 20,000-story demo (``import json``): seconds and peak memory.

Run: PYTHONPATH=. python benchmarks/bench_import.py [ROWS] [DUMP_STORIES]
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import resource
import sqlite3
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from facilitator.ops import demo
from facilitator.ops.exporting import export_json
from facilitator.ops.import_files import import_file
from facilitator.store.db import target_from
from facilitator.store.migrate import open_store
from tests.helpers.exchange_files import jira_csv, jira_row


def main(rows: int) -> None:
    """Write a full-width Jira export of ``rows`` issues, then time the baseline and the import."""
    folder = Path(tempfile.mkdtemp(prefix="bench-import-"))
    source = folder / "jira.csv"
    source.write_bytes(jira_csv([jira_row(n) for n in range(1, rows + 1)]))
    print(f"{rows} rows, {source.stat().st_size / 1024**2:.1f} MiB, 60 columns")

    # Baseline: the stdlib csv reader and a raw sqlite3 executemany of the same columns.
    start = time.perf_counter()
    with source.open(encoding="utf-8-sig", newline="") as stream:
        reader = csv.reader(stream)
        next(reader)
        values = [(r[1], r[0], r[30], r[4], r[5], r[45] or None) for r in reader]
    with contextlib.closing(sqlite3.connect(folder / "raw.sqlite3")) as conn:
        conn.execute(
            "CREATE TABLE story (id INTEGER PRIMARY KEY, key TEXT UNIQUE, title TEXT, "
            "description TEXT, type TEXT, status TEXT, estimate REAL)"
        )
        with conn:
            conn.executemany(
                "INSERT INTO story (key, title, description, type, status, estimate) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                values,
            )
    baseline = time.perf_counter() - start
    del values
    print(f"baseline (stdlib csv reader + raw sqlite3 executemany): {baseline:.2f} s")

    store = open_store(target_from(folder / "app.sqlite3"))
    shown: list[int] = []

    def progress(read: int) -> bool:
        shown.append(read)
        if read % 10_000 == 0:
            print(f"  … {read} rows", flush=True)
        return True

    start = time.perf_counter()
    result = import_file(store, "jira", source, "Bench", dt.datetime.now(dt.UTC), progress=progress)
    seconds = time.perf_counter() - start
    print(f"import: {seconds:.2f} s ({result.summary}); progress shown {len(shown)} times")

    start = time.perf_counter()
    again = import_file(store, "jira", source, "Bench", dt.datetime.now(dt.UTC))
    print(f"re-import of the same file: {time.perf_counter() - start:.2f} s ({again.summary})")
    store.close()

    # Peak memory in a separate run: tracemalloc slows every allocation several times over.
    fresh = open_store(target_from(folder / "traced.sqlite3"))
    tracemalloc.start()
    import_file(fresh, "jira", source, "Bench", dt.datetime.now(dt.UTC))
    _now, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    fresh.close()
    print(f"peak Python memory during an import (tracemalloc): {peak / 1024**2:.1f} MiB")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"process peak RSS {rss:.0f} MiB (includes generating the file in memory); "
        f"import/baseline {seconds / baseline:.1f}x"
    )


def dump_import(stories: int) -> None:
    """Export the demo of ``stories`` stories as a dump, import it: seconds, then peak memory."""
    folder = Path(tempfile.mkdtemp(prefix="bench-dump-"))
    store = open_store(target_from(folder / "demo.sqlite3"))
    demo.generate(store, sprints=200, stories=stories, today=dt.date(2026, 11, 25))
    source = folder / "teams.json"
    export_json(store, source)
    store.close()
    size = source.stat().st_size
    print(f"team dump of the {stories}-story demo: {size / 1024**2:.1f} MiB")
    start = time.perf_counter()
    fresh = open_store(target_from(folder / "imported.sqlite3"))
    result = import_file(fresh, "json", source, None, dt.datetime.now(dt.UTC))
    fresh.close()
    print(f"dump import: {time.perf_counter() - start:.2f} s ({result.summary})")
    traced = open_store(target_from(folder / "traced.sqlite3"))
    tracemalloc.start()
    import_file(traced, "json", source, None, dt.datetime.now(dt.UTC))
    _now, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    traced.close()
    print(
        f"peak Python memory during the dump import (tracemalloc): {peak / 1024**2:.1f} MiB "
        f"({peak / size:.2f}x the file; it is streamed)"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50_000)
    dump_import(int(sys.argv[2]) if len(sys.argv) > 2 else 20_000)
