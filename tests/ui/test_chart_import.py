"""A chart asked for while start-up's warming thread still imports matplotlib draws: the two
threads' imports never meet half-made modules (each run in a fresh interpreter, where
matplotlib is not imported yet)."""

from __future__ import annotations

import subprocess
import sys

import pytest

# The warming thread and a History chart's worker start importing at the same moment, as when
# History is opened in the first second; then the report export, in the GUI thread.
RACE = """
import sys, threading
from facilitator import chart_modules
from facilitator.ui.chart_canvas import chart_drawer
from facilitator.ui.screens.warming import import_charts

failures = []
go = threading.Barrier(2)

def run(target):
    go.wait()
    try:
        target()
        from matplotlib.artist import Artist
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
    except Exception as err:
        failures.append(repr(err))

threads = [
    threading.Thread(target=run, args=(import_charts,)),
    threading.Thread(target=run, args=(chart_drawer,)),  # a History chart's worker
]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
chart_modules.load()  # already imported: returns at once
print(failures or "drawn")
"""


@pytest.mark.parametrize("run", range(6))  # a race: without the lock some runs still pass
def test_two_threads_import_the_charts_at_once_and_both_can_draw(run: int) -> None:
    done = subprocess.run(
        [sys.executable, "-c", RACE],
        capture_output=True,
        text=True,
        timeout=120,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "", "PYTHONPATH": ":".join(sys.path)},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "drawn", done.stdout
