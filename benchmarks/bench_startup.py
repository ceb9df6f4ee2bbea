"""Start-up time and memory: the app on a large demo database against a bare PySide6 window.

Each sample is a fresh process, timed from spawn until the first event-loop turn after the
window is shown (the window is interactive then). Run:

    python benchmarks/bench_startup.py [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

BARE = """
import resource, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
w = QMainWindow(); w.resize(1280, 800); w.show()
def ready():
    print("ready", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, flush=True)
    app.quit()
QTimer.singleShot(0, ready)
app.exec()
"""

APP = """
import resource, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
def ready():
    # Wait for the first event-loop turn with the main window on screen.
    shown = [w for w in app.topLevelWidgets() if isinstance(w, QMainWindow) and w.isVisible()]
    if not shown:
        QTimer.singleShot(0, ready)
        return
    print("ready", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, flush=True)
    QTimer.singleShot(0, app.quit)
QTimer.singleShot(0, ready)
from facilitator.app import main
main(["--no-error-dialogs", "--db", sys.argv[1]])
"""


def sample(code: str, *args: str) -> tuple[float, int]:
    """Seconds from spawn to 'ready', and peak resident memory in MB."""
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    env["PYTHONPATH"] = str(ROOT)
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", code, *args], stdout=subprocess.PIPE, text=True, env=env
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    elapsed = time.perf_counter() - start
    proc.wait(timeout=60)
    if not line.startswith("ready"):
        raise SystemExit(f"benchmark process failed: {line!r}")
    return elapsed, int(line.split()[1]) // 1024


def main() -> None:
    """Build the large demo database, then alternate bare and app samples."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from facilitator.ops import demo
    from facilitator.store.db import target_from
    from facilitator.store.migrate import open_store

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "large.sqlite3"
        store = open_store(target_from(db))
        t0 = time.perf_counter()
        demo.generate(store, sprints=200, stories=20000)
        built = time.perf_counter() - t0
        store.close()
        print(f"demo database: 200 sprints, 20,000 stories written in {built:.2f} s")
        bare: list[tuple[float, int]] = []
        app: list[tuple[float, int]] = []
        sample(BARE)  # warm the OS file cache for both
        sample(APP, str(db))
        for _ in range(args.runs):
            bare.append(sample(BARE))
            app.append(sample(APP, str(db)))
    bare_s = statistics.median(s for s, _ in bare)
    app_s = statistics.median(s for s, _ in app)
    print(f"{'what':<44}{'median s':>10}{'peak RSS MB':>13}")
    print(f"{'bare PySide6 QMainWindow':<44}{bare_s:>10.3f}{max(m for _, m in bare):>13}")
    print(
        f"{'Sprint Facilitator on the large demo DB':<44}{app_s:>10.3f}{max(m for _, m in app):>13}"
    )
    print(f"ratio app/bare: {app_s / bare_s:.2f} (budget: 5.0); memory budget: 300 MB")


if __name__ == "__main__":
    main()
