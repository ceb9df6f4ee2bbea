"""Start-up attaches the window's parts, builds Home, fills it and shows it on turns of their
own: the window takes keys between them.

All four ran in one event-loop turn, then Home's layout and paint in the same one: the window
blocked 74-90 ms after its first paint (``benchmarks/bench_startup.py``, 20,000 stories; the
budget is 50 ms).
"""

from __future__ import annotations

from pathlib import Path

from tests.ui.test_start_path import _demo_database, _start

# Every event-loop turn, note which of start-up's steps are done; quit once Home is on screen.
STEPS = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
app = QApplication(sys.argv[:1])
def turn():
    shown = [w for w in app.topLevelWidgets() if isinstance(w, QMainWindow) and w.isVisible()]
    if shown:
        window = shown[0]
        home = window.findChild(QLabel, "home_team_name")
        done = [
            bool(getattr(window, "attached", False)),  # the timer, presenter mode, restore...
            home is not None,  # Home built
            home is not None and bool(home.text()),  # Home filled
            home is not None and home.isVisible(),  # Home on screen
        ]
        print("turn", *(int(d) for d in done), sep="\\t", flush=True)
        if done[-1]:
            app.quit()
            return
    QTimer.singleShot(0, turn)
QTimer.singleShot(0, turn)
from facilitator.app import main
sys.exit(main(["--no-error-dialogs", "--db", sys.argv[1]]))
"""


def test_no_turn_before_home_shows_does_two_of_start_ups_steps(tmp_path: Path) -> None:
    db = _demo_database(tmp_path)
    run = _start(tmp_path, STEPS, db)
    assert run.returncode == 0, run.stderr
    turns = [
        tuple(int(d) for d in line.split("\t")[1:])
        for line in run.stdout.splitlines()
        if line.startswith("turn")
    ]
    assert turns[0] == (0, 0, 0, 0)
    assert turns[-1] == (1, 1, 1, 1)
    seen = sorted(set(turns))
    # Each step on a turn of its own: every state between nothing done and Home shown is seen.
    assert seen == [(0, 0, 0, 0), (1, 0, 0, 0), (1, 1, 0, 0), (1, 1, 1, 0), (1, 1, 1, 1)]
