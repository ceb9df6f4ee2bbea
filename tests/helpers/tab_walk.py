"""Walk a window's Tab order the way a keyboard user does, and fail on a focus trap.

A trap is a press of Tab after which the same widget still has focus (a table with Tab key
navigation moves between its cells forever), or a Tab cycle that never comes back to where it
started. Widgets that cannot be reached by Tab at all show up as missing from the returned order.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot


def describe(widget: QWidget | None) -> str:
    """A widget's objectName, or its class when it has none (for failure messages)."""
    if widget is None:
        return "<nothing>"
    return widget.objectName() or f"<unnamed {type(widget).__name__}>"


def walk_tab_order(qtbot: QtBot, start: QWidget, limit: int = 200) -> list[QWidget]:
    """Focus ``start``, press Tab until focus comes back to it, and return the widgets visited.

    Args:
        qtbot: the pytest-qt bot.
        start: the first widget of the walk (it gets focus first).
        limit: the most presses the walk may take before it counts as a trap.

    Returns:
        The widgets that had focus, in Tab order, ``start`` first.

    Raises:
        AssertionError: a press of Tab left focus where it was, focus went nowhere, or the cycle
            never returned to ``start`` within ``limit`` presses.
    """
    start.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is start, timeout=2000)
    visited: list[QWidget] = [start]
    current: QWidget = start
    for _ in range(limit):
        qtbot.keyClick(current, Qt.Key.Key_Tab)
        now = QApplication.focusWidget()
        assert now is not None, f"Tab from {describe(current)} left no widget with focus"
        assert now is not current, f"focus trap: Tab leaves {describe(current)} where it was"
        if now is start:
            return visited
        assert now not in visited, (
            f"Tab cycle re-enters {describe(now)} without coming back to {describe(start)}: "
            + " → ".join(describe(w) for w in visited)
        )
        visited.append(now)
        current = now
    raise AssertionError(f"{limit} presses of Tab never came back to {describe(start)}")


def names(widgets: list[QWidget]) -> list[str]:
    """The objectNames of ``widgets`` (for asserting what a walk reached)."""
    return [describe(w) for w in widgets]
