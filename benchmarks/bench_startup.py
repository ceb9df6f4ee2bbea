"""Start-up time and memory: the app on a large demo database against a bare PySide6 window.

Each sample is a fresh process, timed from spawn to two moments:

- first paint: the first event-loop turn with the main window shown (its shell: navigation,
  top bar, "Opening <database>…");
- Home filled: the first event-loop turn after the window is shown AND Home is on screen showing
  the team's facts (the team's name in ``home_team_name``, the sprint filled in);

and the longest stall between the two: the largest gap between turns of a 5 ms timer, i.e. the
longest the window could not take a key or a click while the database was being opened.

The bare baseline is a QMainWindow shown, to its first event-loop turn. Python's bytecode
cache is used as an installed app has it (in a temporary ``PYTHONPYCACHEPREFIX``, warmed by
one run of each), so the figures do not include compiling the sources. Run:

    python benchmarks/bench_startup.py [--runs 7] [--stories 20000] [--db DEMO] [--before DIR]

``--db`` starts on a copy of an existing demo database (e.g. one bench_actions.py cached) instead
of building one; ``--before`` also starts another checkout of the app (e.g. a worktree of the
previous commit) in the same run, alternating with this one, for a before/after on equal load.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

BARE = """
import resource, sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
w = QMainWindow(); w.resize(1280, 800); w.show()
def ready():
    now = time.time()
    print("ready", now, now, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, flush=True)
    app.quit()
QTimer.singleShot(0, ready)
app.exec()
"""

APP = """
import resource, sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
app = QApplication(sys.argv[:1])
painted, last, stall = [], [0.0], [0.0]
def ready():
    # Every 5 ms the event loop is free: first paint once the main window is on screen; the
    # longest gap between two of these turns after it is the longest the window was
    # unresponsive; Home filled once Home shows the team's facts.
    now = time.time()
    shown = [w for w in app.topLevelWidgets() if isinstance(w, QMainWindow) and w.isVisible()]
    if painted:
        stall[0] = max(stall[0], now - last[0])
    elif shown:
        painted.append(now)
    last[0] = now
    heading = shown[0].findChild(QLabel, "home_team_name") if shown else None
    sprint = shown[0].findChild(QLabel, "home_sprint_name") if shown else None
    if heading is None or not heading.text() or sprint is None or not sprint.text():
        return
    if not heading.isVisible():  # filled while hidden: Home is not on screen yet
        return
    ticker.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print("ready", painted[0], time.time(), rss, stall[0], flush=True)
    QTimer.singleShot(0, app.quit)
ticker = QTimer()
ticker.setInterval(5)  # not 0: a busy probe would take the interpreter from the app's threads
ticker.timeout.connect(ready)
ticker.start()
if len(sys.argv) > 2:  # the untimed run that counts statements (SQLAlchemy imported early)
    from sqlalchemy import Engine, event
    statements = [0]
    def count(*_args):
        statements[0] += 1
    event.listen(Engine, "before_cursor_execute", count)
    print_ready = print
    def print(*args, **kwargs):
        print_ready(*args, statements[0], **kwargs)
from facilitator.app import main
main(["--no-error-dialogs", "--db", sys.argv[1]])
"""


@dataclass(frozen=True)
class Sample:
    """One start: seconds to first paint and to Home filled, peak resident memory in MB, and
    the longest the event loop was busy between the two (seconds)."""

    paint: float
    ready: float
    rss_mb: int
    stall: float = 0.0


def sample(code: str, env: dict[str, str], *args: str) -> Sample:
    """Start ``code`` in a fresh process and read when it painted and was ready."""
    start = time.time()
    proc = subprocess.Popen(
        [sys.executable, "-c", code, *args], stdout=subprocess.PIPE, text=True, env=env
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    proc.wait(timeout=60)
    if not line.startswith("ready"):
        raise SystemExit(f"benchmark process failed: {line!r}")
    _, painted, ready, rss, *stall = line.split()
    return Sample(
        float(painted) - start,
        float(ready) - start,
        int(rss) // 1024,
        float(stall[0]) if stall else 0.0,
    )


def count_statements(env: dict[str, str], db: str) -> int:
    """The SQL statements the app sends from start to Home filled (an untimed run)."""
    proc = subprocess.run(
        [sys.executable, "-c", APP, db, "count"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=True,
    )
    line = next(line for line in proc.stdout.splitlines() if line.startswith("ready"))
    return int(line.split()[-1])


def main() -> None:
    """Build the large demo database, then alternate bare and app samples."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--stories", type=int, default=20000)
    parser.add_argument("--db", type=Path, help="start on a copy of this demo database")
    parser.add_argument("--before", type=Path, help="another checkout to start alternately")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from facilitator.store.db import target_from
    from facilitator.store.migrate import open_store

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "large.sqlite3"
        if args.db is not None:
            copy = sqlite3.connect(db)
            with contextlib.closing(sqlite3.connect(args.db)) as source:
                source.backup(copy)
            copy.close()
            open_store(target_from(db)).close()  # at this version's schema before timing
            print(f"demo database: a copy of {args.db}")
        else:
            from facilitator.ops import demo

            store = open_store(target_from(db))
            t0 = time.perf_counter()
            demo.generate(store, sprints=200, stories=args.stories)
            built = time.perf_counter() - t0
            store.close()
            print(f"demo database: 200 sprints, {args.stories:,} stories written in {built:.2f} s")
        env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
        env["PYTHONPATH"] = str(ROOT)
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed app has its bytecode
        env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
        before_env = None if args.before is None else dict(env, PYTHONPATH=str(args.before))
        bare: list[Sample] = []
        app: list[Sample] = []
        before: list[Sample] = []
        sample(BARE, env)  # warm the OS file cache and the bytecode cache for both
        sample(APP, env, str(db))
        if before_env is not None:
            sample(APP, before_env, str(db))
        for _ in range(args.runs):
            bare.append(sample(BARE, env))
            app.append(sample(APP, env, str(db)))
            if before_env is not None:
                before.append(sample(APP, before_env, str(db)))
        statements = count_statements(env, str(db))
    bare_s = statistics.median(s.ready for s in bare)
    paint_s = statistics.median(s.paint for s in app)
    ready_s = statistics.median(s.ready for s in app)
    title = f"what (median of {args.runs} starts)"
    print(f"{title:<52}{'s':>8}{'× bare':>8}{'RSS MB':>8}")
    rows = [
        ("bare PySide6 QMainWindow shown", bare_s, max(s.rss_mb for s in bare)),
        ("Sprint Facilitator: first paint (the shell)", paint_s, None),
        ("Sprint Facilitator: Home filled", ready_s, max(s.rss_mb for s in app)),
    ]
    if before:
        rows[1:1] = [
            ("before: first paint", statistics.median(s.paint for s in before), None),
            (
                "before: Home filled",
                statistics.median(s.ready for s in before),
                max(s.rss_mb for s in before),
            ),
        ]
    for name, seconds, rss in rows:
        print(f"{name:<52}{seconds:>8.3f}{seconds / bare_s:>8.2f}{'' if rss is None else rss:>8}")
    for who, samples in (("", app), ("before: ", before)):
        if samples:
            stalls = sorted(s.stall * 1000 for s in samples)
            print(
                f"{who}longest event-loop stall between first paint and Home filled, ms: "
                f"median {statistics.median(stalls):.0f}, worst {stalls[-1]:.0f}"
            )
    print(f"SQL statements from start to Home filled: {statements}")
    print(
        "budget: a visible window that takes input (first paint, with no stall over 50 ms "
        "after it) ≤ 3.0 × bare; memory ≤ 300 MB"
    )


if __name__ == "__main__":
    main()
