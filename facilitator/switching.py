"""How soon a worker thread hands the interpreter back to the window's thread.

Python runs one thread at a time and makes a thread that wants the interpreter wait for the
switch interval (5 ms by default) each time another holds it. While a worker draws a chart or
opens the database, the window's thread needs it for every event it handles: at the default
interval each of them waited, and the waits added up to stalls of the window.
"""

from __future__ import annotations

import contextlib
import sys
import threading
from collections.abc import Iterator

# While a worker runs, the GUI thread waits at most this long for the interpreter each time it
# needs it (Python's default, 5 ms, made every event the window handled meanwhile 5 ms slower:
# the event loop's turns after a first visit waited 5–9 ms for a chart being drawn).
WORKER_SWITCH_S = 0.0005
_switch_lock = threading.Lock()
_switch_holders: list[float] = []  # the interval before the first worker began, while any runs


@contextlib.contextmanager
def gui_first() -> Iterator[None]:
    """Inside the block (a worker thread's), hand the interpreter back to a waiting thread
    within :data:`WORKER_SWITCH_S`; the usual interval returns when the last such block ends."""
    with _switch_lock:
        _switch_holders.append(sys.getswitchinterval())
        sys.setswitchinterval(min(WORKER_SWITCH_S, _switch_holders[0]))
    try:
        yield
    finally:
        with _switch_lock:
            before = _switch_holders.pop()
            if not _switch_holders:
                sys.setswitchinterval(before)
