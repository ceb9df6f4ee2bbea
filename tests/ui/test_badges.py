"""The navigation badges: counted in one transaction, and after an action only those whose
kinds the action's record names."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QListWidget
from pytestqt.qtbot import QtBot

from facilitator.domain.ids import TeamId
from facilitator.ops.attention import nav_badges
from facilitator.ops.backlog import top_readiness
from facilitator.ops.changes import Changes, Kind
from facilitator.store.db import Store
from facilitator.ui.context import UiContext
from facilitator.ui.main_window import MainWindow
from tests.conftest import DEMO_TODAY
from tests.helpers.transactions import counting

NOW = dt.datetime.combine(DEMO_TODAY, dt.time(10, tzinfo=dt.UTC))


def _window(qtbot: QtBot, store: Store) -> MainWindow:
    window = MainWindow(UiContext(store=store, now=lambda: NOW))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: not window.badges.timer.isActive())
    return window


def test_every_badge_is_counted_in_one_transaction(demo_store: Store) -> None:
    team = _team(demo_store)
    with counting(demo_store) as tally:
        badges = nav_badges(demo_store, TeamId(team), DEMO_TODAY)
    assert tally.begins == 1
    assert set(badges) == {"team", "backlog", "review", "retro"}


def test_a_story_edit_recounts_the_backlog_badge_only(qtbot: QtBot, demo_store: Store) -> None:
    window = _window(qtbot, demo_store)
    nav = window.findChild(QListWidget, "nav")
    team = window.team_id
    assert team is not None
    first = top_readiness(demo_store, team, 10)
    unready = [line for line in first if not line.readiness.ready]
    assert nav.item(2).text() == f"Backlog   ! {len(unready)}"
    team_text = nav.item(1).text()
    window.apply_changes(Changes.of(Kind.STORY, unready[0].id))
    with counting(demo_store) as tally:
        qtbot.waitUntil(lambda: not window.badges.timer.isActive())
    assert tally.begins == 1
    # The health checks (the Team badge) are not read again.
    assert not any("team_assignment" in s or "knowledge_link" in s for s in tally.statements)
    assert nav.item(1).text() == team_text


def test_a_timer_tick_recounts_nothing(qtbot: QtBot, demo_store: Store) -> None:
    window = _window(qtbot, demo_store)
    with counting(demo_store) as tally:
        window.apply_changes(Changes.of(Kind.RUN, 1))
    assert not window.badges.timer.isActive()  # no recount is on its way
    assert tally.begins == 0


def _team(store: Store) -> int:
    from facilitator.ops.teams import list_teams

    return int(list_teams(store)[0].id)


def test_the_standup_badge_flags_a_blocker_passing_the_sla_with_nobody_acting(
    qtbot: QtBot, demo_store: Store
) -> None:
    """Every minute the standup badge alone is recounted: a blocker that ages past the SLA
    while the window sits open is flagged without any action."""
    from tests.helpers.scenario import Clock

    clock = Clock(dt.datetime.combine(DEMO_TODAY, dt.time(9, tzinfo=dt.UTC)))
    window = MainWindow(UiContext(store=demo_store, now=clock))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: not window.badges.timer.isActive())
    nav = window.findChild(QListWidget, "nav")
    row = next(r for r in range(nav.count()) if nav.item(r).text().startswith("Standup"))
    before = nav.item(row).text()
    assert window.badges.ageing.isActive()
    clock.advance(hours=22)  # the demo's fresh blocker (3 h old at 09:00) passes the 24 h SLA
    with counting(demo_store) as tally:
        window.badges.recount_ageing()  # the minute's tick
        qtbot.waitUntil(lambda: not window.badges.timer.isActive())

    def count(text: str) -> int:
        return int(text.split("!")[1]) if "!" in text else 0

    assert count(nav.item(row).text()) > count(before)
    assert not any("team_assignment" in s for s in tally.statements)  # the health not re-read
