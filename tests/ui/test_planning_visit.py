"""A Planning visit is laid out before it is painted, and painted once.

Warmed while the user read Home, the screen had been laid out hidden at the stack's size before
the timer took its room in the top bar; a visit then painted it at that size, laid it out at the
new one (its scroll area's scroll bar placed a turn later) and painted it twice more: 145 paints
for the screen's 49 widgets, and 50-85 ms of a first visit at 20,000 stories (a revisit, with its
layout done, 25-40).
"""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from facilitator.store.db import Store
from facilitator.ui.main_window import MainWindow
from facilitator.ui.screens.warming import NO_WARM, warm_steps
from tests.helpers.paints import visit
from tests.ui.test_backlog_first_paint import _visit, _window


def _warmed(window: MainWindow) -> None:
    """Planning readied hidden, as start-up's warming does while the user reads Home."""
    row = next(i for i, f in enumerate(window.factories) if f.key == "planning")
    assert window.team_id is not None
    for _step in warm_steps(window.screen_at(row), window.team_id):
        pass


def test_a_first_visit_of_the_warmed_screen_paints_it_once(
    qtbot: QtBot, demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(NO_WARM, "1")  # warmed here, step by step
    window = _window(qtbot, demo_store)
    _warmed(window)
    first = visit(qtbot, window, "Planning", "planning_screen")
    assert window.current_screen().objectName() == "planning_screen"
    assert first.passes == 1, f"painted again after the first paint: {sorted(first.painted)}"


def test_a_first_visit_paints_the_screen_once(
    qtbot: QtBot, demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(NO_WARM, "1")  # the screen is built by the visit
    window = _window(qtbot, demo_store)
    _visit(qtbot, window, "Standup")  # the timer is in the top bar already, as between screens
    first = visit(qtbot, window, "Planning", "planning_screen")
    assert window.current_screen().objectName() == "planning_screen"
    assert first.passes == 1, f"painted again after the first paint: {sorted(first.painted)}"


def test_a_revisit_paints_the_screen_once(
    qtbot: QtBot, demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(NO_WARM, "1")
    window = _window(qtbot, demo_store)
    _visit(qtbot, window, "Planning")
    _visit(qtbot, window, "Home")
    again = visit(qtbot, window, "Planning", "planning_screen")
    assert again.passes == 1, f"painted again after the first paint: {sorted(again.painted)}"
