"""When the user last gave a window input: idle work waits for a pause in it (and background
threads too: each input is told to :func:`facilitator.give_way.note_input`)."""

from __future__ import annotations

import contextlib
import time

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QWindow
from PySide6.QtWidgets import QWidget

from facilitator import give_way

# What a user waits on: keys (and the shortcut check before each), clicks, wheel turns. Not
# the mouse merely moving over the window: that goes on while the user reads.
INPUT = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.ShortcutOverride,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.Wheel,
    }
)


class InputWatch(QObject):
    """The time of the last key, click or wheel turn that reached a widget's window.

    Watched on the window's native window, which sees only the input that reaches it, not the
    events of every widget (an application-wide Python filter costs a call for each: see
    ``ui/keyboard.py``). Watching begins, or moves to a new window, on the first question
    asked: input before it went unseen, so it counts as if it had just come.
    """

    def __init__(self, widget: QWidget) -> None:
        """Watch the window ``widget`` is in (kept alive by ``widget``)."""
        super().__init__(widget)
        self.widget = widget
        self._handle: QWindow | None = None
        self._last = time.monotonic()

    def quiet(self, ms: float) -> bool:
        """Whether no input has reached the widget's window for ``ms`` milliseconds."""
        self.watch()
        return (time.monotonic() - self._last) * 1000 >= ms

    def watch(self) -> None:
        """Watch the widget's window now (its native window, once it has one; a move to
        another window is followed on the next call)."""
        handle = self.widget.window().windowHandle()
        if handle is not self._handle:
            if self._handle is not None:
                with contextlib.suppress(RuntimeError):  # its window is gone
                    self._handle.removeEventFilter(self)
            self._handle = handle
            if handle is not None:
                handle.installEventFilter(self)
            self._last = time.monotonic()

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Note the time of the input (never consumes an event)."""
        if event.type() in INPUT:
            self._last = time.monotonic()
            give_way.note_input()
        return False
