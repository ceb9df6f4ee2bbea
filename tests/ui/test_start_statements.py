"""Opening the window to Home reads each fact it shows once: no more statements than facts."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QLabel, QTableView
from pytestqt.qtbot import QtBot

from facilitator.ops.changes import Changes, Kind
from facilitator.ops.teams import home_summary, list_teams
from facilitator.store.db import Store
from facilitator.ui.context import UiContext
from facilitator.ui.main_window import MainWindow
from facilitator.ui.screens.home import HomeScreen
from tests.conftest import DEMO_TODAY
from tests.helpers.transactions import counting

NOW = dt.datetime.combine(DEMO_TODAY, dt.time(10, tzinfo=dt.UTC))


def _facts_on_home(window: MainWindow) -> int:
    """Lines of text Home shows (labels with text) plus the rows of its members table."""
    home = window.current_screen()
    assert home is not None
    labels = [
        label
        for label in home.findChildren(QLabel)
        if label.isVisible() and label.text().strip() and label.objectName()
    ]
    members = home.findChild(QTableView, "home_members")
    rows = members.model().rowCount() if members is not None else 0
    return len(labels) + rows


def test_opening_the_window_runs_no_more_statements_than_home_shows_facts(
    qtbot: QtBot, demo_store: Store
) -> None:
    ctx = UiContext(store=demo_store, now=lambda: NOW)
    with counting(demo_store) as tally:
        window = MainWindow(ctx)
        qtbot.addWidget(window)
        window.show()
    facts = _facts_on_home(window)
    assert facts >= 10
    statements = [s for s in tally.statements if not s.startswith("BEGIN")]
    assert len(statements) <= facts, "\n".join(statements)
    team_reads = [s for s in statements if s.startswith("SELECT team.id")]
    dod_reads = [s for s in statements if "FROM dod_item" in s]
    assert (len(team_reads), len(dod_reads)) <= (2, 2)  # the team list, and Home's summary


def test_home_summary_is_one_transaction(demo_store: Store) -> None:
    team = list_teams(demo_store)[0]
    with counting(demo_store) as tally:
        summary = home_summary(demo_store, team.id, DEMO_TODAY)
    assert tally.begins == 1
    assert summary.team == team
    assert summary.checks  # the health panel's checks come with it


def test_a_revisit_of_home_reads_nothing_unless_a_record_names_what_it_shows(
    qtbot: QtBot, demo_store: Store
) -> None:
    window = MainWindow(UiContext(store=demo_store, now=lambda: NOW))
    qtbot.addWidget(window)
    window.show()
    home = window.current_screen()
    assert isinstance(home, HomeScreen)
    team = window.team_id
    assert team is not None
    with counting(demo_store) as tally:
        home.show_team(team)
        home.apply_changes(Changes.of(Kind.RUN, 1))  # a timer tick: nothing Home shows
    assert tally.statements == []
    with counting(demo_store) as tally:
        home.apply_changes(Changes.of(Kind.MEMBER, 1))  # on screen: read again at once
    assert tally.begins == 1


def test_a_timer_press_writes_its_run_and_reads_nothing_else(
    qtbot: QtBot, demo_store: Store
) -> None:
    """With every screen built, starting a ceremony's clock is the clock's own transaction:
    no screen of another ceremony reloads and no badge is recounted (neither can change)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QListWidget

    ctx = UiContext(store=demo_store, now=lambda: NOW)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    nav = window.findChild(QListWidget, "nav")
    for row in range(nav.count()):
        nav.setCurrentRow(row)
    nav.setCurrentRow(next(r for r in range(nav.count()) if nav.item(r).text() == "Refinement"))
    qtbot.wait(50)  # the badges counted after the visits
    with counting(demo_store) as tally:
        qtbot.keyClick(window.timer, Qt.Key.Key_Space)
        qtbot.wait(50)
    statements = [s for s in tally.statements if not s.startswith("BEGIN")]
    assert window.timer.view is not None
    assert window.timer.view.state.is_running
    assert len(statements) <= 6, "\n".join(statements)
