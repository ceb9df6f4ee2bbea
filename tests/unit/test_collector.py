"""The collector pause: collection resumes when the last pause ends, whoever began it."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator

import pytest

from facilitator import collector


@pytest.fixture(autouse=True)
def _enabled() -> Iterator[None]:
    gc.enable()
    yield
    gc.enable()


def test_a_pause_suspends_collection_and_resumes_it_after() -> None:
    with collector.paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_pause_ended_by_an_error_still_resumes_collection() -> None:
    with pytest.raises(ZeroDivisionError), collector.paused():
        _ = 1 / 0
    assert gc.isenabled()


def test_nested_pauses_resume_only_when_the_outer_one_ends() -> None:
    with collector.paused():
        with collector.paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_pause_on_another_thread_does_not_resume_collection_under_this_one() -> None:
    entered, leave, left = threading.Event(), threading.Event(), threading.Event()

    def other() -> None:
        with collector.paused():
            entered.set()
            leave.wait(5)
        left.set()

    thread = threading.Thread(target=other)
    thread.start()
    assert entered.wait(5)
    with collector.paused():
        leave.set()
        assert left.wait(5)
        assert not gc.isenabled()  # the other thread ended its pause first
    thread.join()
    assert gc.isenabled()


def test_a_collector_disabled_elsewhere_stays_disabled() -> None:
    gc.disable()
    with collector.paused():
        pass
    assert not gc.isenabled()


def test_kept_objects_are_left_out_of_every_generation() -> None:
    held = {"a": [1, 2]}
    try:
        collector.keep()
        assert not any(o is held for o in gc.get_objects())
    finally:
        gc.unfreeze()
