"""Python's cyclic garbage collector, kept out of the user's way.

A full collection walks every container object the process holds that it has not been told is
permanent. The window's widgets, models and imported modules live as long as the window, so
walking them finds nothing, yet one walk took 35–77 ms on a 20,000-story team: a stall in
whatever the user did at that moment. Two tools:

- :func:`paused` suspends collection while a burst of long-lived or acyclic objects is made (rows
  read from the database, a module import); nested and concurrent pauses (the chart import runs
  on a thread) resume collection only when the last one ends;
- :func:`keep` tells the collector that everything alive now is permanent (:func:`gc.freeze`):
  called once start-up has built the window, and after each screen is first built. What is made
  afterwards is collected as before.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator

_lock = threading.Lock()
_pauses = 0  # pauses in progress that found the collector enabled


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """Suspend cyclic collection inside the block (collection resumes when the last concurrent
    pause ends; a collector disabled by someone else stays disabled)."""
    global _pauses  # one process-wide count, as the collector is process-wide
    with _lock:
        owned = _pauses > 0 or gc.isenabled()
        if owned:
            _pauses += 1
            gc.disable()
    try:
        yield
    finally:
        if owned:
            with _lock:
                _pauses -= 1
                if _pauses == 0:
                    gc.enable()


def keep() -> None:
    """Treat every object alive now as permanent: later full collections skip it."""
    gc.freeze()
