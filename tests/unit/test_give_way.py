"""Background work gives way to the user: a worker's checkpoints and imports wait while input
keeps coming, and go on once the user pauses, when hurried, or when its time to wait is up."""

from __future__ import annotations

import importlib
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from facilitator import give_way

QUIET = 0.15
SETTLED = 5.0  # far more than a worker needs once it may go on


@pytest.fixture(autouse=True)
def _quick(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A short pause counts as quiet; no input and nobody hurrying before or after a test."""
    monkeypatch.setattr(give_way, "QUIET_S", QUIET)
    monkeypatch.setattr(give_way, "_last_input", -float("inf"))
    give_way._hurried.clear()  # a History screen a test left on view
    yield
    give_way._hurried.clear()


def worker(
    work: Callable[[], None], in_job: bool = True
) -> tuple[threading.Thread, threading.Event]:
    """Start ``work`` in a background thread (inside a job unless ``in_job`` is false); the
    event is set once it has passed."""
    passed = threading.Event()

    def run() -> None:
        if in_job:
            with give_way.job():
                work()
        else:
            work()
        passed.set()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, passed


def keep_typing(seconds: float) -> None:
    """The user's input, every 20 ms for ``seconds`` (in this, the window's, thread)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        give_way.note_input()
        time.sleep(0.02)


def test_a_worker_waits_while_the_user_types_and_goes_on_once_they_pause() -> None:
    give_way.note_input()
    thread, passed = worker(give_way.checkpoint)
    keep_typing(0.5)
    assert not passed.is_set()  # half a second of typing: still waiting
    assert passed.wait(SETTLED)  # the pause
    thread.join(SETTLED)


def test_without_input_a_checkpoint_does_not_wait() -> None:
    thread, passed = worker(give_way.checkpoint)
    assert passed.wait(SETTLED)
    thread.join(SETTLED)


def test_the_windows_own_thread_never_waits_for_itself() -> None:
    give_way.note_input()
    with give_way.job():
        give_way.checkpoint()
    assert time.monotonic() - give_way._last_input < QUIET  # returned before the pause


def test_outside_a_job_the_input_does_not_hold_a_thread_back() -> None:
    give_way.note_input()
    thread, passed = worker(give_way.checkpoint, in_job=False)
    keep_typing(0.4)
    assert passed.is_set()
    thread.join(SETTLED)


def test_a_hurried_worker_does_not_wait_for_the_user() -> None:
    with give_way.hurried():
        give_way.note_input()
        thread, passed = worker(give_way.checkpoint)
        keep_typing(0.4)
        assert passed.is_set()  # went on while the user was still typing
    thread.join(SETTLED)


def test_a_hurry_ended_gives_way_again() -> None:
    key = object()
    give_way.hurry(key)
    give_way.hurry(key, on=False)
    give_way.note_input()
    _thread, passed = worker(give_way.checkpoint)
    keep_typing(0.4)
    assert not passed.is_set()
    assert passed.wait(SETTLED)


def test_a_job_waits_at_most_its_hold_back_in_all(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(give_way, "HOLD_BACK_S", 0.3)
    give_way.note_input()

    def three_steps() -> None:
        for _ in range(3):
            give_way.checkpoint()

    thread, passed = worker(three_steps)
    keep_typing(1.5)  # a user who never pauses still gets the work done
    assert passed.is_set()
    thread.join(SETTLED)


def test_a_module_imported_in_a_job_waits_while_the_user_types(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "give_way_probe.py").write_text("LOADED = True\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "give_way_probe", raising=False)
    give_way.note_input()
    thread, passed = worker(lambda: importlib.import_module("give_way_probe"))
    keep_typing(0.5)
    assert "give_way_probe" not in sys.modules  # not looked for while the user typed
    assert passed.wait(SETTLED)
    assert sys.modules["give_way_probe"].LOADED
    thread.join(SETTLED)


def test_the_import_checkpoint_is_on_the_import_path_once() -> None:
    give_way._install()  # again: still one
    finders = [f for f in sys.meta_path if isinstance(f, give_way._ImportCheckpoint)]
    assert len(finders) == 1


def test_the_windows_thread_needing_the_charts_hurries_an_import_that_gives_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from facilitator import chart_modules

    (tmp_path / "give_way_charts.py").write_text("import give_way_charts_part\n", encoding="utf-8")
    (tmp_path / "give_way_charts_part.py").write_text("PART = 1\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in ("give_way_charts", "give_way_charts_part"):
        monkeypatch.delitem(sys.modules, name, raising=False)
    monkeypatch.setattr(chart_modules, "MODULES", ("give_way_charts",))
    monkeypatch.setattr(chart_modules, "QT_MODULES", ())
    monkeypatch.setattr(chart_modules, "_loaded", set())
    give_way.note_input()
    thread, passed = worker(chart_modules.load)  # the warming's import, giving way
    keep_typing(0.3)
    assert not passed.is_set()
    give_way.note_input()
    chart_modules.load()  # the window's thread needs them now: it waits for the import...
    assert time.monotonic() - give_way._last_input < QUIET  # ...which no longer gave way
    assert sys.modules["give_way_charts_part"].PART == 1
    thread.join(SETTLED)


def test_work_inside_one_long_call_gives_way_between_its_calls() -> None:
    steps: list[int] = []

    def long_call() -> None:  # a library's one call doing much (its own calls traced)
        outer = sys.gettrace()  # coverage's, in CI: stepwise leaves a traced thread alone
        sys.settrace(None)
        with give_way.stepwise():
            for step in range(give_way.STEP_CALLS * 50):
                steps.append(step)
                int(str(step))  # a C call: not counted
                _step()
        untraced.append(sys.gettrace() is None)
        sys.settrace(outer)

    untraced: list[bool] = []
    give_way.note_input()
    thread, passed = worker(long_call)
    keep_typing(0.4)
    assert not passed.is_set()
    assert len(steps) < give_way.STEP_CALLS * 50  # stopped part way
    assert passed.wait(SETTLED)
    assert len(steps) == give_way.STEP_CALLS * 50
    assert untraced == [True]  # its trace ends with the block
    thread.join(SETTLED)


def _step() -> None:
    """A Python call, as a library makes many."""


def test_stepwise_leaves_a_thread_already_traced_alone() -> None:
    traced: list[str] = []

    def tracer(_frame: object, event: str, _arg: object) -> None:
        traced.append(event)

    def run() -> None:
        sys.settrace(tracer)
        with give_way.job(), give_way.stepwise():
            assert sys.gettrace() is tracer  # a debugger's or coverage's: kept
            _step()
        assert sys.gettrace() is tracer
        sys.settrace(None)

    thread, passed = worker(run, in_job=False)
    assert passed.wait(SETTLED)
    assert "call" in traced
    thread.join(SETTLED)


def test_work_begun_while_someone_waits_for_it_runs_untraced() -> None:
    # Hurried, it never gives way: the trace would only slow the chart the user waits for.
    seen: list[object] = []

    def long_call() -> None:
        outer = sys.gettrace()
        sys.settrace(None)
        with give_way.stepwise():
            seen.append(sys.gettrace())
        sys.settrace(outer)

    with give_way.hurried():
        thread, passed = worker(long_call)
        assert passed.wait(SETTLED)
    thread.join(SETTLED)
    assert seen == [None]
    thread, passed = worker(long_call)  # nobody waits: traced, so it can give way
    assert passed.wait(SETTLED)
    thread.join(SETTLED)
    assert seen[1] is give_way._trace


class _Renderer:
    """A library's object whose calls hold the interpreter long (a renderer's)."""

    def __init__(self) -> None:
        self.drawn: list[int] = []
        self.blit = self.drawn.append  # set on the instance, as matplotlib's renderer does

    def draw(self, n: int) -> None:
        self.drawn.append(n)


def test_the_calls_named_wait_while_the_user_types_and_are_as_before_after_the_block() -> None:
    target = _Renderer()
    own_blit = target.blit

    def work() -> None:
        with give_way.between_calls(target, ("draw", "blit")):
            target.draw(1)
            target.blit(2)

    give_way.note_input()
    thread, passed = worker(work)
    keep_typing(0.4)
    assert target.drawn == []  # the first call waited for the pause
    assert passed.wait(SETTLED)
    assert target.drawn == [1, 2]
    assert "draw" not in vars(target)  # the class's method again
    assert target.blit == own_blit
    thread.join(SETTLED)


def test_the_calls_named_are_restored_when_the_work_fails() -> None:
    target = _Renderer()

    def failing() -> None:
        with give_way.between_calls(target, ("draw",)):
            target.draw(1)
            raise ZeroDivisionError

    with pytest.raises(ZeroDivisionError):
        failing()
    assert "draw" not in vars(target)
    assert target.drawn == [1]
