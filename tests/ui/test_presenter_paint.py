"""F11 lays the window out in presenter mode's look (and back) before painting it, and paints
it once or twice, not four to six times.

The new type and size set off layout passes, the tables' column fitting (a table repaints its
rows on a timer after a column resize) and the labels' text layout; left to the event loop they
came after the first paint, each painting the screen again.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from facilitator.store.db import Store
from facilitator.ui.main_window import MainWindow
from facilitator.ui.screens.warming import NO_WARM
from tests.ui.test_backlog_first_paint import PaintPasses, _visit, _window


def _f11(qtbot: QtBot, window: MainWindow) -> PaintPasses:
    """F11 on the window, counting the paint passes until it settles."""
    passes = PaintPasses(window)
    app = QApplication.instance()
    assert app is not None
    app.installEventFilter(passes)
    try:
        qtbot.keyClick(window.windowHandle(), Qt.Key.Key_F11)
        qtbot.wait(100)  # zero timers, the window system's resize and what they set off
    finally:
        app.removeEventFilter(passes)
    return passes


@pytest.mark.parametrize("title", ["Home", "Backlog", "Refinement"])
def test_f11_on_and_off_paint_the_window_once(
    qtbot: QtBot, demo_store: Store, monkeypatch: pytest.MonkeyPatch, title: str
) -> None:
    monkeypatch.setenv(NO_WARM, "1")
    window = _window(qtbot, demo_store)
    screen = window.screen().availableGeometry()
    window.setGeometry(screen.adjusted(20, 40, -20, -20))  # on the screen, as a user has it
    qtbot.wait(100)
    if title != "Home":
        _visit(qtbot, window, title)
    on = _f11(qtbot, window)
    assert window.presenter.active
    off = _f11(qtbot, window)
    assert not window.presenter.active
    assert on.passes == 1, f"painted again after the first paint: {sorted(on.painted)}"
    assert off.passes == 1, f"painted again after the first paint: {sorted(off.painted)}"
