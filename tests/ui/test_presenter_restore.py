"""Leaving presenter mode gives the facilitator back the window as it was: every widget where
it was and as large (UI.md: leaving presenter mode restores the exact geometry)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from facilitator.store.db import Store
from facilitator.ui.main_window import MainWindow
from facilitator.ui.screens.warming import NO_WARM
from tests.ui.test_backlog_first_paint import _visit, _window

Place = tuple[int, int, int, int]


def _f11(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClick(window.windowHandle(), Qt.Key.Key_F11)
    qtbot.wait(100)  # zero timers, the window system's resize and what they set off


def _places(window: MainWindow) -> dict[str, Place]:
    """Where each shown, named widget is in the window, and its size.

    The status bar is left out: the offscreen platform shows its size grip only once the
    window has been out of full screen (the status bar's texts narrow by the grip's width),
    whatever presenter mode does.
    """
    status = window.statusBar()
    places: dict[str, Place] = {}
    for widget in window.findChildren(QWidget):
        if widget.objectName() and widget.isVisible() and not status.isAncestorOf(widget):
            x, y = widget.mapTo(window, widget.rect().topLeft()).toTuple()
            name = widget.objectName()
            twins = sum(1 for seen in places if seen.split(" #")[0] == name)
            places[f"{name} #{twins}"] = (x, y, widget.width(), widget.height())
    return places


def test_leaving_presenter_mode_puts_every_widget_back_where_it_was(
    qtbot: QtBot, demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Refinement: the timer came back with its texts stacked under the clock and the stage
    squeezed under a taller top bar, and an empty line of the stage kept the presenter's
    height."""
    monkeypatch.setenv(NO_WARM, "1")
    window = _window(qtbot, demo_store)
    screen = window.screen().availableGeometry()
    window.setGeometry(screen.adjusted(20, 40, -20, -20))  # on the screen, as a user has it
    qtbot.wait(100)
    _visit(qtbot, window, "Refinement")
    before = _places(window)
    _f11(qtbot, window)
    assert window.presenter.active
    _f11(qtbot, window)
    assert not window.presenter.active
    after = _places(window)
    moved = {n: (place, after.get(n)) for n, place in before.items() if after.get(n) != place}
    assert not moved, f"moved, resized or hidden (before, after): {moved}"
    assert set(after) == set(before), f"shown only after: {set(after) - set(before)}"


class Resizes(QObject):
    """Counts the resizes of the screen on display and of the timer."""

    def __init__(self, watched: list[QWidget]) -> None:
        """Count for ``watched`` (install on each)."""
        super().__init__()
        self.counts = {w.objectName(): 0 for w in watched}
        for widget in watched:
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Note a resize."""
        if event.type() == QEvent.Type.Resize:
            self.counts[watched.objectName()] += 1
        return False


@pytest.mark.parametrize(
    ("title", "checked", "most"),
    [
        ("Home", (True, False), 1),
        ("Backlog", (True, False), 1),
        # The timer in the top bar: entering, it stacks its texts under the large clock once
        # it knows its width (this window is narrow), and leaving, its wrapped suggestion is
        # measured at its new width; the top bar is laid out once more then (7-9 times before).
        ("Refinement", (False,), 2),
    ],
)
def test_f11_gives_the_screen_its_new_size_at_once_not_sizes_on_the_way(
    qtbot: QtBot,
    demo_store: Store,
    monkeypatch: pytest.MonkeyPatch,
    title: str,
    checked: tuple[bool, ...],
    most: int,
) -> None:
    """Each widget shown used to lay the window out at once: the screen and the timer were
    resized to one size after another, the window laid out each time."""
    monkeypatch.setenv(NO_WARM, "1")
    window = _window(qtbot, demo_store)
    screen = window.screen().availableGeometry()
    window.setGeometry(screen.adjusted(20, 40, -20, -20))
    qtbot.wait(100)
    if title != "Home":
        _visit(qtbot, window, title)
    shown = window.current_screen()
    assert shown is not None
    watched = [shown, window.timer] if window.timer.isVisible() else [shown]
    for on in (True, False):
        resizes = Resizes(watched)
        _f11(qtbot, window)
        for widget in watched:
            widget.removeEventFilter(resizes)
        assert window.presenter.active is on
        if on in checked:
            assert min(resizes.counts.values()) >= 1, f"F11 {on}: not resized {resizes.counts}"
            assert max(resizes.counts.values()) <= most, f"F11 {on}: {resizes.counts}"
