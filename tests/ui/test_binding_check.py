"""The Qt binding keeps its references to None, True and False; the start-up guard warns if not.

PySide6 6.12.0 on CPython 3.11 loses one reference to None per void Qt call and one to True per
``Signal.emit()``, and the app aborts with ``Fatal Python error: none_dealloc`` within minutes.
On Python 3.12+ the three objects are immortal: the counts never move and the test passes.
"""

from __future__ import annotations

import ctypes
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QLabel

from facilitator.app import main
from facilitator.ui import binding_check
from facilitator.ui.binding_check import SLACK, Drift, measure, warn_if_leaking
from facilitator.ui.dialogs import Dialogs

CALLS = 10_000


@pytest.fixture(autouse=True)
def _alone() -> None:
    """Nothing else runs Python meanwhile: a chart worker an earlier test left (waiting for
    that test's typing to pause) moves the same counts."""
    for thread in threading.enumerate():
        if thread is not threading.current_thread() and thread.daemon:
            thread.join(10)


def test_the_installed_binding_keeps_references_to_none_true_and_false(
    qapp: QApplication,
) -> None:
    drift = measure(CALLS, CALLS)
    assert not drift.leaks(), f"PySide6 loses references: {drift.describe()}"
    assert (drift.void_calls, drift.emits) == (CALLS, CALLS)
    # Gaining references would be a (harmless) leak of its own, still a broken binding.
    assert max(abs(drift.none), abs(drift.true), abs(drift.false)) <= SLACK, drift.describe()


def _drop_reference(value: object) -> None:
    """Do what the broken binding does: release a reference nobody owned."""
    ctypes.pythonapi.Py_DecRef(ctypes.py_object(value))


class _LeakingLabel(QLabel):
    """A label whose void calls lose a reference to None, like PySide6 6.12.0 on 3.11."""

    def setText(self, text: str) -> None:  # noqa: N802 - Qt override
        super().setText(text)
        _drop_reference(None)


class _LeakingSignal:
    def connect(self, _slot: Any) -> None:
        pass

    def emit(self, *_args: object) -> bool:
        _drop_reference(True)
        return True


class _LeakingEmitter:
    toggled = _LeakingSignal()
    pinged = _LeakingSignal()

    def deleteLater(self) -> None:  # noqa: N802 - Qt's name
        pass


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None and True are immortal on 3.12+")
def test_measure_sees_a_leaking_binding_and_gives_the_references_back(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(binding_check, "QLabel", _LeakingLabel)
    monkeypatch.setattr(binding_check, "_Emitter", _LeakingEmitter)
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)

    drift = measure(CALLS, CALLS)

    assert drift.leaks()
    assert drift.none >= 30  # one lost per setText, a third of the void calls
    assert drift.true >= 30
    # It stopped after the first batch instead of driving True's count to zero ...
    assert drift.void_calls + drift.emits <= 2 * binding_check.BATCH
    # ... and handed back what was lost: the process is as healthy as before.
    assert abs(sys.getrefcount(None) - none_before) <= SLACK
    assert abs(sys.getrefcount(True) - true_before) <= SLACK
    assert "None lost" in drift.describe()
    assert "True lost" in drift.describe()


def test_the_start_up_probe_stays_a_few_hundred_calls() -> None:
    # Its cost is its call count (timed in benchmarks/bench_startup.py, never in the suite):
    # enough calls to see a leak of one reference per call, few enough to stay off start-up.
    assert 100 <= binding_check.PROBE_VOID_CALLS <= 1_000
    assert 10 <= binding_check.PROBE_EMITS <= 200


LEAKING = Drift(void_calls=300, emits=60, none=300, true=60, false=0)


def test_a_leaking_build_is_logged_and_the_user_told_how_to_fix_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log_file = tmp_path / "logs" / "facilitator.log"
    warnings: list[str] = []

    drift = warn_if_leaking(log_file, warnings.append, lambda: LEAKING, version="6.12.0")

    assert drift is LEAKING
    assert len(warnings) == 1
    message = warnings[0]
    assert "\n" not in message
    assert "PySide6 6.12.0" in message
    assert "None lost 300, True lost 60 (300 void Qt calls, 60 signal emits)" in message
    command = f'"{sys.executable}" -m pip install "PySide6-Essentials>=6.6,!=6.12.0"'
    assert message.endswith(command)
    assert message in log_file.read_text(encoding="utf-8")
    assert message in capsys.readouterr().err


def test_another_leaking_version_is_excluded_by_the_command_too() -> None:
    command = binding_check.install_command("6.13.1", python="python3")
    assert command == '"python3" -m pip install "PySide6-Essentials>=6.6,!=6.12.0,!=6.13.1"'


def test_a_sound_build_says_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    log_file = tmp_path / "facilitator.log"
    warnings: list[str] = []
    sound = Drift(void_calls=300, emits=60, none=2, true=-1, false=0)
    warn_if_leaking(log_file, warnings.append, lambda: sound, version="6.11.3")
    assert warnings == []
    assert not log_file.exists()
    assert capsys.readouterr().err == ""


def test_without_dialogs_the_leak_is_still_logged(tmp_path: Path) -> None:
    log_file = tmp_path / "facilitator.log"
    warn_if_leaking(log_file, None, lambda: LEAKING, version="6.12.0")
    assert "pip install" in log_file.read_text(encoding="utf-8")


def test_the_app_warns_at_start_up_then_carries_on(
    qapp: QApplication,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    shown: list[tuple[str, str, str]] = []
    monkeypatch.setattr(binding_check, "probe", lambda: LEAKING)
    monkeypatch.setattr(
        Dialogs, "warning", lambda self, parent, title, text: shown.append(("warning", title, text))
    )
    monkeypatch.setattr(
        Dialogs, "error", lambda self, parent, title, text: shown.append(("error", title, text))
    )
    bad = tmp_path / "notes.sqlite3"
    bad.write_text("plain text")

    assert main(["--db", str(bad)]) == 1

    # The warning first, then the app went on to open the database (which is refused here).
    assert [(kind, title) for kind, title, _ in shown] == [
        ("warning", "This Qt build will crash the app"),
        ("error", "Cannot open the database"),
    ]
    assert "pip install" in shown[0][2]
    log = (tmp_path / "data").glob("**/*.log")
    assert any("binding check: " in path.read_text(encoding="utf-8") for path in log)
    assert "pip install" in capsys.readouterr().err
