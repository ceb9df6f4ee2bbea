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
    qtbot.waitUntil(lambda: not window._badge_timer.isActive())
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
        qtbot.waitUntil(lambda: not window._badge_timer.isActive())
    assert tally.begins == 1
    # The health checks (the Team badge) are not read again.
    assert not any("team_assignment" in s or "knowledge_link" in s for s in tally.statements)
    assert nav.item(1).text() == team_text


def test_a_timer_tick_recounts_nothing(qtbot: QtBot, demo_store: Store) -> None:
    window = _window(qtbot, demo_store)
    with counting(demo_store) as tally:
        window.apply_changes(Changes.of(Kind.RUN, 1))
    assert not window._badge_timer.isActive()  # no recount is on its way
    assert tally.begins == 0


def _team(store: Store) -> int:
    from facilitator.ops.teams import list_teams

    return int(list_teams(store)[0].id)
