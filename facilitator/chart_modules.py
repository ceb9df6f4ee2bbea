"""matplotlib and the chart modules, imported once, by one thread at a time.

Several threads want them: start-up's warming thread imports them while Home is read, a History
chart's worker thread draws with them, and the report export renders with them. Python imports
a module once, but two threads importing matplotlib's interlinked modules at the same moment
each meet the other's half-made modules ("partially initialized module 'matplotlib.artist' has
no attribute 'Artist'"): a chart asked for while the warming thread was still importing failed
to draw. Whoever needs them calls :func:`load` first; a second caller waits for the import
under way instead of starting its own.
"""

from __future__ import annotations

import contextlib
import importlib
import threading

from facilitator import collector, give_way

MODULES = (
    "matplotlib.figure",
    "matplotlib.backends.backend_agg",
    "facilitator.charts.history",
)
QT_MODULES = ("matplotlib.backends.backend_qtagg",)  # the on-screen canvas (a Qt app only)

_lock = threading.Lock()
_loaded: set[str] = set()


def load(*, qt: bool = False) -> None:
    """Import the chart modules (with ``qt``, matplotlib's Qt canvas too), unless done already;
    another thread's import under way is waited for.

    In a background thread's :func:`facilitator.give_way.job`, each module waits while the user
    is acting. The collector is paused meanwhile and told the modules are permanent afterwards:
    the import makes some 100,000 objects, and the full collections it set off, holding the
    interpreter, stalled the window 16–58 ms at a time.
    """
    wanted = MODULES + QT_MODULES if qt else MODULES
    if _loaded.issuperset(wanted):
        return
    # The window's thread waiting for it: a background import under way no longer gives way.
    main = threading.current_thread() is threading.main_thread()
    with give_way.hurried() if main else contextlib.nullcontext(), _lock:
        missing = [name for name in wanted if name not in _loaded]
        if not missing:
            return
        with collector.paused():
            for name in missing:
                importlib.import_module(name)
                _loaded.add(name)
            collector.keep()  # before collection resumes: else its first walk takes them all in
