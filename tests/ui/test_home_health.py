"""Home's health panel shows the checks the Team screen computes, read with the rest of Home
in one transaction (the panel reads nothing of its own)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from facilitator.domain.health import Status
from facilitator.ops.team_health import team_view
from facilitator.store.db import Store
from facilitator.ui.screens.home import HomeScreen
from facilitator.ui.widgets.team_health_panel import MAX_LINES
from tests.conftest import DEMO_TODAY
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
