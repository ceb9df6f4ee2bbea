"""Start-up paints the window before the storage code loads, then opens the database in it."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from facilitator.app import opening_text
from facilitator.ops import demo
from facilitator.paths import resolve
from facilitator.store.db import target_from
from facilitator.store.migrate import open_store
from tests.conftest import DEMO_TODAY

ROOT = Path(__file__).resolve().parents[2]


def _demo_database(tmp_path: Path) -> Path:
    """A small demo database file to start the app on."""
    db = tmp_path / "team.sqlite3"
    store = open_store(target_from(db))
    demo.generate(store, sprints=3, stories=30, today=DEMO_TODAY)
    store.close()
    return db


def _start(
    tmp_path: Path, code: str, db: Path, data_dir: bool = True
) -> subprocess.CompletedProcess[str]:
    """Run ``code`` (a probe that starts the app) on ``db`` in a fresh offscreen process."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    if data_dir:
        env["FACILITATOR_DATA_DIR"] = str(tmp_path / "data")
    return subprocess.run(
        [sys.executable, "-c", code, str(db)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


# Every event-loop turn, note what the user sees; quit once Home shows the team.
PROBE = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
app = QApplication(sys.argv[:1])
def turn():
    shown = [w for w in app.topLevelWidgets() if isinstance(w, QMainWindow) and w.isVisible()]
    if shown:
        opening = shown[0].findChild(QLabel, "opening")
        home = shown[0].findChild(QLabel, "home_team_name")
        print(
            "turn",
            "storage-loaded" if "sqlalchemy" in sys.modules else "storage-not-loaded",
            repr(opening.text() if opening is not None and opening.isVisible() else ""),
            repr(home.text() if home is not None and home.isVisible() else ""),
            sep="\t",
            flush=True,
        )
        if home is not None and home.text() and home.isVisible():  # filled hidden, then shown
            app.quit()
            return
    QTimer.singleShot(0, turn)
QTimer.singleShot(0, turn)
from facilitator.app import main
sys.exit(main(["--no-error-dialogs", "--db", sys.argv[1]]))
"""


def test_the_window_says_what_it_opens_before_storage_loads_then_shows_home(
    tmp_path: Path,
) -> None:
    db = _demo_database(tmp_path)
    run = _start(tmp_path, PROBE, db, data_dir=False)
    assert run.returncode == 0, run.stderr
    turns = [line.split("\t")[1:] for line in run.stdout.splitlines() if line.startswith("turn")]
    first_state, first_opening, _ = turns[0]
    assert first_state == "storage-not-loaded"  # the first paint did not wait for SQLAlchemy
    assert first_opening == repr(f"Opening {db}…")
    # The event loop kept turning (the window took input) while the storage code loaded and
    # the database was opened on another thread: turns with SQLAlchemy loaded, Home not yet.
    opening = repr(f"Opening {db}…")
    assert ["storage-loaded", opening, "''"] in turns
    assert turns[-1][1:] == ["''", "'Payments'"]  # then Home shows the team, the note is gone


# Close the window while the worker thread is opening the database (storage code loading,
# Home not built yet).
CLOSE_EARLY = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
app = QApplication(sys.argv[:1])
def close():
    shown = [w for w in app.topLevelWidgets() if isinstance(w, QMainWindow) and w.isVisible()]
    if not shown or "sqlalchemy" not in sys.modules:
        QTimer.singleShot(0, close)
        return
    print("closing", shown[0].findChild(QLabel, "home_team_name") is None, flush=True)
    shown[0].close()
QTimer.singleShot(0, close)
from facilitator.app import main
code = main(["--no-error-dialogs", "--db", sys.argv[1]])
print("exit", code, flush=True)
sys.exit(code)
"""


def test_closing_the_window_while_the_database_opens_ends_cleanly(tmp_path: Path) -> None:
    db = _demo_database(tmp_path)
    run = _start(tmp_path, CLOSE_EARLY, db)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == ["closing True", "exit 0"]
    assert "Traceback" not in run.stderr
    assert not Path(f"{db}.lock").exists()  # the worker's lock was released after it finished
    again = open_store(target_from(db))  # and the file is whole
    again.close()


def test_the_opening_note_never_shows_a_password(tmp_path: Path) -> None:
    paths = resolve(str(tmp_path / "data"))

    def text(db: str | None, demo: bool = False) -> str:
        return opening_text(argparse.Namespace(db=db, demo=demo), paths)

    assert text("postgresql://ana:secret@db.example:5432/team") == (
        "postgresql://db.example:5432/team"
    )
    assert text(str(tmp_path / "t.sqlite3")) == str(tmp_path / "t.sqlite3")
    assert text(None) == str(paths.default_db)
    assert text(None, demo=True) == "a new demo database"


# Note, when the binding probe and the quick check run, whether Home already shows the team.
LATER = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
app = QApplication(sys.argv[:1])
def home() -> str:
    shown = [w for w in app.topLevelWidgets() if isinstance(w, QMainWindow) and w.isVisible()]
    label = shown[0].findChild(QLabel, "home_team_name") if shown else None
    return label.text() if label is not None and label.isVisible() else ""
from facilitator.ui import binding_check
probe = binding_check.probe
def noted_probe():
    print("probe", repr(home()), sep="\t", flush=True)
    return probe()
binding_check.probe = noted_probe
from facilitator.ui import restore_dialog
check = restore_dialog.RestoreController.check_at_start
def noted_check(self):
    print("check", repr(home()), sep="\t", flush=True)
    check(self)
    QTimer.singleShot(0, app.quit)
restore_dialog.RestoreController.check_at_start = noted_check
from facilitator.app import main
sys.exit(main(["--no-error-dialogs", "--db", sys.argv[1]]))
"""


def test_the_binding_probe_and_the_quick_check_wait_until_home_shows_the_team(
    tmp_path: Path,
) -> None:
    db = _demo_database(tmp_path)
    run = _start(tmp_path, LATER, db)
    assert run.returncode == 0, run.stderr
    noted = [line.split("\t") for line in run.stdout.splitlines() if "\t" in line]
    assert noted == [["probe", "'Payments'"], ["check", "'Payments'"]]


# What the GUI thread still imports once the worker imported ATTACH_MODULES and opened the store.
ATTACH_IMPORTS = """
import importlib, sys
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
from facilitator.ui.main_window import ATTACH_MODULES, MainWindow
from facilitator.store.db import target_from
from facilitator.store.migrate import open_store
from facilitator.ops.teams import opening_view
store = open_store(target_from(sys.argv[1]))
for name in ATTACH_MODULES:
    importlib.import_module(name)
from facilitator.ui.context import UiContext, local_now
now = local_now()
view = opening_view(store, now.date(), now)
before = set(sys.modules)
window = MainWindow(opening="x")
window.attach(UiContext(store=store), view)
window.show()
app.processEvents()
print(*sorted(m for m in set(sys.modules) - before if m.startswith("facilitator")))
"""


def test_the_gui_thread_imports_nothing_of_the_app_once_the_worker_has_opened_it(
    tmp_path: Path,
) -> None:
    db = _demo_database(tmp_path)
    run = _start(tmp_path, ATTACH_IMPORTS, db)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == []  # ATTACH_MODULES lists what attach() and Home import
