"""Home's health panel shows the checks the Team screen computes, read with the rest of Home
in one transaction (the panel reads nothing of its own)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTableView
from pytestqt.qtbot import QtBot

from facilitator.domain.health import Status
from facilitator.ops.team_health import team_view
from facilitator.store.db import Store
from facilitator.ui.screens.home import HomeScreen
from facilitator.ui.widgets.team_health_panel import MAX_LINES
from tests.conftest import DEMO_TODAY
from tests.helpers.retro_team import NOW, retro_team
from tests.helpers.scenario import BERLIN, Clock, find, open_window
from tests.helpers.transactions import counting

START = dt.datetime.combine(DEMO_TODAY, dt.time(10), tzinfo=BERLIN)


def test_home_reads_its_health_checks_in_its_one_transaction(
    qtbot: QtBot, demo_store: Store
) -> None:
    window = open_window(qtbot, demo_store, Clock(START))
    home = window.current_screen()
    assert isinstance(home, HomeScreen)
    assert home.team_id is not None
    with counting(demo_store) as tally:
        home.reload(home.team_id)
    assert tally.begins == 1

    checks = team_view(demo_store, home.team_id, DEMO_TODAY).checks  # as the Team screen has them
    order = {Status.FAIL: 0, Status.WARN: 1}
    not_passing = sorted((c for c in checks if c.status in order), key=lambda c: order[c.status])
    assert not_passing  # the demo team has something to show
    shown = [
        find(window, QLabel, f"home_health_{i}").text()
        for i in range(min(MAX_LINES, len(not_passing)))
    ]
    assert shown == [c.line for c in not_passing[:MAX_LINES]]
    passing = sum(c.status is Status.PASS for c in checks)
    assert find(window, QLabel, "home_health_summary").text().startswith(f"{passing} pass · ")


def test_the_team_table_reaches_the_edge_of_its_box_after_a_reload(
    qtbot: QtBot, store: Store
) -> None:
    # Home is filled after the window is shown at start-up: the table kept its columns at their
    # contents' width and left a blank band to the right of "Hours".
    team = retro_team(store).team.team
    window = open_window(qtbot, store, Clock(NOW))
    window.resize(1280, 720)
    home = window.current_screen()
    assert isinstance(home, HomeScreen)
    table = find(window, QTableView, "home_members")
    header = table.horizontalHeader()
    qtbot.waitUntil(lambda: header.length() == table.viewport().width())  # laid out at 1280
    qtbot.wait(200)  # and nothing left to lay out: the reload is all that happens next
    home.reload(team)
    qtbot.wait(100)  # whatever the reload left to the event loop
    assert header.length() == table.viewport().width()
    hours = header.count() - 1
    assert table.columnWidth(hours) > table.sizeHintForColumn(hours)  # the last one stretched


def test_a_hidden_home_gives_the_stack_no_height_to_measure(qtbot: QtBot, store: Store) -> None:
    # The window's stack asks every page its height for a width on each layout pass, hidden
    # pages included: a hidden Home laid out its wrapped labels' text on every screen switch.
    retro_team(store)
    window = open_window(qtbot, store, Clock(NOW))
    home = window.current_screen()
    assert isinstance(home, HomeScreen)
    assert home.heightForWidth(900) > 0  # on view: its wrapped labels need the height
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not home.isVisible())
    assert home.heightForWidth(900) == -1
