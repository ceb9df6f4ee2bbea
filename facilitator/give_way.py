"""Background work gives way to the user: a thread importing or drawing the charts waits at its
checkpoints while the user is acting on the window.

Python runs one thread at a time. A worker importing matplotlib (0.5–1 s) or drawing a chart
shares the interpreter with the window's thread, and every call the window made meanwhile
waited for it: screen switches in the seconds after a first History visit took 2–3 times as
long (a Decisions revisit 48–114 ms instead of 25–27). So a worker, between one module and
the next and between the calls of a drawing (:func:`stepwise`), waits while the user's last
input is recent (:data:`QUIET_S`), and goes on once the user pauses, as the screen warming
does.

It never waits for ever: not at all while someone waits for its result (:func:`hurry`: the
chart's screen is on view, or the window's thread needs the modules now), and for at most
:data:`HOLD_BACK_S` in all per job. Should the window's thread wait for something the worker
holds while it waits (a module being imported), no input is seen meanwhile: the worker goes on
after :data:`QUIET_S`. Pure Python; the window tells it of input (:func:`note_input`).
"""

from __future__ import annotations

import contextlib
import importlib.abc
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from importlib.machinery import ModuleSpec
from types import FrameType, ModuleType

QUIET_S = 0.3  # no input for this long: the user is reading, work may go on
HOLD_BACK_S = 30.0  # the most a job waits in all (a user who never pauses for long)
POLL_S = 0.01
STEP_CALLS = 64  # stepwise: the input is looked at every this many calls

_last_input = -float("inf")  # time.monotonic() of the user's last input (the window's thread)
_hurried: set[object] = set()  # who waits for background work now
_hurried_lock = threading.Lock()
_job = threading.local()  # per thread: the seconds a job running there may still wait


def note_input() -> None:
    """The user gave input (a key, a click, a wheel turn) just now."""
    global _last_input  # one value, written by the window's thread only
    _last_input = time.monotonic()


def hurry(key: object, on: bool = True) -> None:
    """Let background work run without giving way while ``key`` waits for it (``on``), or no
    longer (``on=False``); several keys may wait at once."""
    with _hurried_lock:
        if on:
            _hurried.add(key)
        else:
            _hurried.discard(key)


@contextlib.contextmanager
def hurried() -> Iterator[None]:
    """Background work does not give way inside the block (its caller waits for it)."""
    key = object()
    hurry(key)
    try:
        yield
    finally:
        hurry(key, on=False)


@contextlib.contextmanager
def job() -> Iterator[None]:
    """In a background thread: inside the block, :func:`checkpoint` and every module imported
    give way to the user (for at most :data:`HOLD_BACK_S` in all)."""
    outer = getattr(_job, "left", None)
    _job.left = HOLD_BACK_S if outer is None else outer
    try:
        yield
    finally:
        _job.left = outer


def checkpoint() -> None:
    """Wait while the user is acting (input within :data:`QUIET_S`), inside a :func:`job` of a
    background thread; return at once elsewhere, when hurried, or once the job's time to wait
    is used up."""
    left = getattr(_job, "left", None)
    if left is None or left <= 0 or threading.current_thread() is threading.main_thread():
        return
    start = time.monotonic()
    while not _hurried and time.monotonic() - _last_input < QUIET_S:
        if time.monotonic() - start >= left:
            break
        time.sleep(POLL_S)
    _job.left = left - (time.monotonic() - start)


def _trace(_frame: FrameType, _event: str, _arg: object) -> None:
    """:func:`stepwise`'s trace: a checkpoint every :data:`STEP_CALLS` calls."""
    _job.calls += 1
    if _job.calls % STEP_CALLS == 0:
        checkpoint()


@contextlib.contextmanager
def stepwise() -> Iterator[None]:
    """Inside the block (a :func:`job`'s), the thread gives way between any two of its
    Python calls, not only at :func:`checkpoint`: for work in one long call of a library
    (matplotlib rendering a chart: some 150,000 calls in 90 ms). The trace that does it makes
    that work some 60 % slower, hurried or not (it cannot be turned back on from the window's
    thread once off: a chart begun on view and left was drawn untraced, and the switches
    meanwhile took twice as long). Not while a debugger or coverage traces the thread, and not
    when someone already waits for the work as it begins (:func:`hurry`: a chart picked on
    History): it would not give way then, and the trace's cost was the user's wait (a chart
    drawn in 400 ms of CPU instead of 250); the window's turns stay short meanwhile (the
    switch interval of ``gui_first`` in :mod:`facilitator.ui.chart_canvas`)."""
    with _hurried_lock:
        waited_for = bool(_hurried)
    if (
        waited_for
        or sys.gettrace() is not None
        or threading.current_thread() is threading.main_thread()
    ):
        yield
        return
    _job.calls = 0
    sys.settrace(_trace)
    try:
        yield
    finally:
        sys.settrace(None)


_MISSING = object()


@contextlib.contextmanager
def between_calls(target: object, names: Sequence[str]) -> Iterator[None]:
    """Inside the block, each call of ``target``'s methods ``names`` waits at
    :func:`checkpoint` first; outside it they are as they were.

    For work whose Python is cheap to interrupt but which spends its time in long calls that
    hold the interpreter (a renderer's: matplotlib's Agg draws a path or a text in C++, up to
    2.5 ms a call, about 150 calls a chart, and a thread switch cannot happen inside one). A
    chart begun while the user waited for it runs untraced (:func:`stepwise`); left meanwhile,
    it stops at its next drawing call instead of drawing on beside the window's thread (a
    Backlog switch took 40–71 ms instead of 10–22). A few hundred wrapped calls cost
    microseconds; a trace would cost the chart some 60 %."""
    kept = {name: vars(target).get(name, _MISSING) for name in names}

    def giving_way(call: Callable[..., object]) -> Callable[..., object]:
        def call_after_checkpoint(*args: object, **kwargs: object) -> object:
            checkpoint()
            return call(*args, **kwargs)

        return call_after_checkpoint

    for name in names:
        setattr(target, name, giving_way(getattr(target, name)))
    try:
        yield
    finally:
        for name, before in kept.items():
            if before is _MISSING:
                delattr(target, name)  # the class's method again
            else:
                setattr(target, name, before)


class _ImportCheckpoint(importlib.abc.MetaPathFinder):
    """First on the import path: a module imported inside a job waits at :func:`checkpoint`
    before it is looked for (and then found by the finders after this one)."""

    def find_spec(
        self,
        fullname: str,  # noqa: ARG002 - the finder protocol's
        path: Sequence[str] | None,  # noqa: ARG002
        target: ModuleType | None = None,  # noqa: ARG002
    ) -> ModuleSpec | None:
        """Give way, then let the other finders find it."""
        checkpoint()
        return None


def _install() -> None:
    # Put first once and never removed: a removal while another thread walks sys.meta_path
    # could make it skip a finder (an insertion only makes it see one twice).
    if not any(isinstance(finder, _ImportCheckpoint) for finder in sys.meta_path):
        sys.meta_path.insert(0, _ImportCheckpoint())


_install()
