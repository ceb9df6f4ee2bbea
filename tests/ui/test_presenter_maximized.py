"""A window maximized before presenter mode (as on a small screen, where the window starts
maximized) comes back maximized, laid out once at its old size and painted once.

The window system reports the maximized size later: the window was laid out and painted at the
full-screen size first, then again at the maximized one.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from facilitator.store.db import Store
from facilitator.ui.main_window import MainWindow
from facilitator.ui.screens.warming import NO_WARM
from tests.ui.test_backlog_first_paint import _visit, _window
from tests.ui.test_presenter_paint import _f11
from tests.ui.test_presenter_restore import Resizes


def _maximized(qtbot: QtBot, store: Store) -> MainWindow:
    window = _window(qtbot, store)
    window.showMaximized()
    qtbot.waitUntil(window.isMaximized)
    qtbot.wait(100)  # the window system's resize and what it set off
    return window


@pytest.mark.parametrize("title", ["Home", "Backlog"])
def test_leaving_presenter_mode_maximized_lays_out_and_paints_once(
    qtbot: QtBot, demo_store: Store, monkeypatch: pytest.MonkeyPatch, title: str
) -> None:
    monkeypatch.setenv(NO_WARM, "1")
    window = _maximized(qtbot, demo_store)
    if title != "Home":
        _visit(qtbot, window, title)
    before = window.geometry()
    shown = window.current_screen()
    assert shown is not None
    on = _f11(qtbot, window)
    assert window.presenter.active
    assert on.passes == 1, f"painted again after the first paint: {sorted(on.painted)}"
    resizes = Resizes([shown])
    off = _f11(qtbot, window)
    shown.removeEventFilter(resizes)
    assert not window.presenter.active
    assert window.isMaximized()
    assert window.windowState() & Qt.WindowState.WindowFullScreen == Qt.WindowState(0)
    assert window.geometry() == before
    assert resizes.counts[shown.objectName()] == 1, f"resized on the way: {resizes.counts}"
    assert off.passes == 1, f"painted again after the first paint: {sorted(off.painted)}"
