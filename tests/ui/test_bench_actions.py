"""The per-action benchmark's quick path runs on the 2,000-story database, so it cannot rot."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_actions.py"
ACTIONS = (
    "switch to Home (first)",
    "switch to Backlog (first)",
    "switch to Backlog (later)",
    "F11 on (Home)",
    "F11 off (Backlog)",
    "story save (click Save)",
    "move to top (click)",
    "undo (Ctrl+Z)",
    "filter keystroke (one character)",
    "timer start (Space)",
    "timer pause (Space)",
    "baseline: bare PySide6 window show + processEvents",
    "baseline: raw sqlite3, one story row",
)


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_actions", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_quick_run_times_every_action_and_counts_its_statements(
    qapp: QApplication, tmp_path: Path
) -> None:
    report = _bench().main(["--quick", "--runs", "1", "--cache", str(tmp_path)])
    lines = report.splitlines()
    assert "2,000 stories" in lines[0]
    for action in ACTIONS:
        row = next((line for line in lines if line.startswith(action)), None)
        assert row is not None, action
        p50, p95, cpu, statements = row[len(action) :].split()
        assert 0 <= float(p50) <= float(p95.rstrip("*"))
        assert float(cpu) >= 0
        assert statements.split("–")[0].isdigit()
    save = next(line for line in lines if line.startswith("story save"))
    assert int(save.split()[-1].split("–")[0]) > 0  # a save writes: its statements are counted


def test_a_missing_widget_names_itself(qapp: QApplication) -> None:
    bench = _bench()
    parent = QWidget()
    parent.setObjectName("backlog_screen")
    with pytest.raises(SystemExit, match="no QLineEdit named 'story_title' under 'backlog_screen'"):
        bench.need(parent, QLineEdit, "story_title")


def test_only_runs_the_parts_named(qapp: QApplication, tmp_path: Path) -> None:
    report = _bench().main(["--quick", "--runs", "1", "--cache", str(tmp_path), "--only", "f11"])
    names = [line.split("  ")[0] for line in report.splitlines()[2:]]
    assert "F11 on (Backlog)" in names
    assert not [name for name in names if name.startswith(("switch to", "story save", "timer"))]


def test_only_refuses_a_part_it_does_not_have(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        _bench().parse(["--only", "f11,firts"])
    assert "no part firts" in capsys.readouterr().err
