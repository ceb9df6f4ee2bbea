"""Start-up attaches the window's parts, builds Home, fills it and shows it on turns of their
own: the window takes keys between them.

All four ran in one event-loop turn, then Home's layout and paint in the same one: the window
blocked 74-90 ms after its first paint (``benchmarks/bench_startup.py``, 20,000 stories; the
budget is 50 ms).
"""

from __future__ import annotations

from pathlib import Path

from facilitator.switching import WORKER_SWITCH_S
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


# The switch interval while the worker opens the database, and once Home is on screen.
SWITCH = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
app = QApplication(sys.argv[:1])
from facilitator.ui import opening
real = opening.open_for_gui
def noted(*args, **kwargs):
    print("opening", sys.getswitchinterval(), flush=True)
    return real(*args, **kwargs)
opening.open_for_gui = noted
def turn():
    shown = [w for w in app.topLevelWidgets() if isinstance(w, QMainWindow) and w.isVisible()]
    home = shown[0].findChild(QLabel, "home_team_name") if shown else None
    if home is not None and home.isVisible():
        print("home", sys.getswitchinterval(), flush=True)
        app.quit()
        return
    QTimer.singleShot(0, turn)
QTimer.singleShot(0, turn)
print("start", sys.getswitchinterval(), flush=True)
from facilitator.app import main
sys.exit(main(["--no-error-dialogs", "--db", sys.argv[1]]))
"""


def test_the_worker_opening_the_database_hands_the_interpreter_back_at_once(
    tmp_path: Path,
) -> None:
    # At Python's 5 ms, each turn of the window's event loop could wait that long for the
    # worker importing SQLAlchemy and the models: the window's stalls while it opened.
    db = _demo_database(tmp_path)
    run = _start(tmp_path, SWITCH, db)
    assert run.returncode == 0, run.stderr
    noted = dict(line.split() for line in run.stdout.splitlines() if line.count(" ") == 1)
    assert float(noted["opening"]) == WORKER_SWITCH_S
    assert float(noted["home"]) == float(noted["start"])  # the usual interval once it is done
