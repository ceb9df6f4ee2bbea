"""Start-up check that the Qt binding keeps its references to None, True and False.

PySide6 6.12.0 on CPython 3.11 drops one reference to ``None`` on every Qt call that returns
nothing and one to ``True`` on every ``Signal.emit()``; after a few hundred user actions the count
reaches zero and the interpreter aborts with ``Fatal Python error: none_dealloc``. The probe here
makes a few hundred such calls, compares the counts, puts back what it lost (so probing never
shortens the session), and the GUI warns the user with the command that installs a good build.
On Python 3.12 and later these objects are immortal and their counts never move.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import PySide6
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel

from facilitator import crash

REQUIREMENT = "PySide6-Essentials>=6.6,!=6.12.0"
"""What pyproject.toml asks for; the known leaking builds are excluded."""

PROBE_VOID_CALLS = 300
PROBE_EMITS = 60
BATCH = 100  # True has only a few hundred references at start-up: stop long before zero
SLACK = 8  # refcounts wobble by a few when the interpreter caches or frees something

# References handed back for those a leaking binding dropped, held for the life of the process.
_restored: list[object] = []


class _Emitter(QObject):
    """A bool signal and a no-argument signal, each with a connected slot that returns None."""

    toggled = Signal(bool)
    pinged = Signal()


@dataclass(frozen=True)
class Drift:
    """References to None, True and False lost (positive) or gained over a number of calls."""

    void_calls: int
    emits: int
    none: int
    true: int
    false: int

    def leaks(self, slack: int = SLACK) -> bool:
        """Whether more references were lost than ``slack`` allows (what aborts the app)."""
        return max(self.none, self.true, self.false) > slack

    def describe(self) -> str:
        """E.g. ``None lost 300 references, True lost 60 (300 void calls, 60 emits)``."""
        parts = [
            f"{name} {'lost' if lost > 0 else 'gained'} {abs(lost)}"
            for name, lost in (("None", self.none), ("True", self.true), ("False", self.false))
            if lost
        ]
        counts = f"{self.void_calls} void Qt calls, {self.emits} signal emits"
        return f"{', '.join(parts) or 'no reference lost'} ({counts})"


def _counts() -> tuple[int, int, int]:
    return sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)


def _restore(lost: tuple[int, int, int]) -> None:
    for value, count in zip((None, True, False), lost, strict=True):
        if count > 0:
            _restored.extend([value] * count)


def measure(void_calls: int, emits: int, slack: int = SLACK) -> Drift:
    """Make ``void_calls`` Qt calls that return nothing and ``emits`` signal emits; count.

    The calls run in batches; after each, any reference lost is put back, and the measurement
    stops early once a leak is plain (a leaking build must not be driven to an abort). Needs a
    QApplication.

    Returns:
        The references lost (put back already) and how many calls and emits were made.
    """
    label = QLabel()
    emitter = _Emitter()
    emitter.toggled.connect(_ignore_flag)
    emitter.pinged.connect(_ignore)
    lost = [0, 0, 0]
    made_calls = made_emits = 0
    try:
        while made_calls < void_calls or made_emits < emits:
            calls = min(BATCH, void_calls - made_calls)
            flips = min(BATCH, emits - made_emits)
            before = _counts()
            for i in range(calls):
                kind = i % 3
                if kind == 0:
                    label.setText("probe")
                elif kind == 1:
                    label.setEnabled(bool(i & 1))
                else:
                    label.setToolTip("")
            for i in range(flips):
                if i & 1:
                    emitter.pinged.emit()
                else:
                    emitter.toggled.emit(True)
            after = _counts()
            batch_lost = tuple(b - a for b, a in zip(before, after, strict=True))
            _restore(batch_lost)  # type: ignore[arg-type]
            lost = [t + b for t, b in zip(lost, batch_lost, strict=True)]
            made_calls += calls
            made_emits += flips
            if max(lost) > slack:
                break
    finally:
        emitter.deleteLater()
        label.deleteLater()
    return Drift(made_calls, made_emits, *lost)


def _ignore(*_args: object) -> None:
    return None


def _ignore_flag(_flag: bool) -> None:
    return None


def probe() -> Drift:
    """The start-up probe: a few hundred void calls and emits (well under a millisecond)."""
    return measure(PROBE_VOID_CALLS, PROBE_EMITS)


def install_command(version: str, python: str = sys.executable) -> str:
    """The pip command that replaces the running ``version`` with a good build."""
    excluded = "" if f"!={version}" in REQUIREMENT else f",!={version}"
    return f'"{python}" -m pip install "{REQUIREMENT}{excluded}"'


def leak_warning(drift: Drift, version: str, python: str = sys.executable) -> str:
    """What the user reads: what is wrong, why it matters, and the command that fixes it."""
    return (
        f"This PySide6 {version} on Python {sys.version.split()[0]} loses references on every "
        f"Qt call ({drift.describe()}), so the app will abort after a few minutes of use. "
        f"Everything is saved as you go, but install a good build before your next ceremony: "
        f"{install_command(version, python)}"
    )


def warn_if_leaking(
    log_file: Path,
    warn: Callable[[str], None] | None,
    run_probe: Callable[[], Drift] | None = None,
    version: str = PySide6.__version__,
) -> Drift:
    """Probe the binding once; on a leak, log it, write it to stderr and warn, then go on.

    Args:
        log_file: the app's log (the crash handler's file).
        warn: shows the warning to the user; None when error dialogs are off.
        run_probe: the probe; :func:`probe` when None (tests give a fake leaking one).
        version: the PySide6 version named in the message.

    Returns:
        What the probe measured.
    """
    drift = (run_probe or probe)()
    if drift.leaks():
        message = leak_warning(drift, version)
        crash.append_to_log(log_file, f"binding check: {message}\n")
        sys.stderr.write(f"facilitator: {message}\n")
        if warn is not None:
            warn(message)
    return drift
