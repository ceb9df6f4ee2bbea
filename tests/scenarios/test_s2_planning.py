"""S2 steps 2–4 — planning the next sprint in the real main window, and its timer surviving a
restart. Step 2: days off change the proposal, unready and overflowing stories are refused, the
forecast is declared full. Step 3: an external dependency blocks closing until acknowledged;
both sides confirm and the forecast freezes. Step 4: quit and start again, the timer resumes."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QComboBox, QListWidget
from pytestqt.qtbot import QtBot

from facilitator.ops import story_context
from facilitator.ops.changes import ActionContext
from facilitator.store.db import Store
from facilitator.ui.main_window import SCREENS, MainWindow
from tests.helpers.backlog_team import NOW, BacklogTeam, make_ready, make_team
from tests.helpers.scenario import Clock, click, find, open_window, pick, text, type_into

START = NOW  # Wednesday 2026-11-25, 10:00 UTC


def _team(store: Store) -> BacklogTeam:
    team = make_team(store, stories=4)
    for story in team.stories[:3]:
        make_ready(store, team, story, "3")
    ctx = ActionContext(NOW, team.team)
    made = story_context.add_dependency(store, ctx, team.stories[1], external_party="Bank API")
    assert made.created is not None
    story_context.set_dependency_state(store, ctx, made.created, called_out=True)
    return team


def _open_planning(qtbot: QtBot, window: MainWindow) -> None:
    row = next(i for i, factory in enumerate(SCREENS) if factory.title == "Planning")
    find(window, QListWidget, "nav").setCurrentRow(row)
    qtbot.waitUntil(lambda: find(window, QListWidget, "plan_backlog").isVisible())


def _select(window: MainWindow, key: str) -> None:
    backlog = find(window, QListWidget, "plan_backlog")
    row = next(i for i in range(backlog.count()) if f" {key} " in backlog.item(i).text())
    backlog.setCurrentRow(row)


def test_s2_planning_fills_the_forecast_and_freezes_it(qtbot: QtBot, store: Store) -> None:
    _team(store)
    clock = Clock(START)
    window = open_window(qtbot, store, clock)
    window.resize(1280, 720)
    _open_planning(qtbot, window)
    click(qtbot, window, "plan_open")
    assert text(window, "plan_progress") == "PLANNING · Sprint 1 · open"
    assert window.timer.view is not None
    assert window.timer.view.state.is_running

    # Step 2: one engineer's three days off; the proposal says how it was computed.
    pick(find(window, QComboBox, "plan_avail_member"), "Lucas Engineer")
    type_into(qtbot, window, "plan_days_off", "2026-11-26, 2026-11-27, 2026-11-30")
    click(qtbot, window, "plan_set_availability")
    assert (
        "Lucas Engineer (Europe/Berlin): 10 working days − 3 days off = 7 × 100 % = 7.0 "
        "person-days" in text(window, "plan_availability")
    )
    assert "Total: 37.0 person-days" in text(window, "plan_availability")
    assert "37 person-days" in text(window, "plan_proposal")
    pick(find(window, QComboBox, "plan_confirm_member"), "Joao SM")
    type_into(qtbot, window, "plan_capacity", "7")
    click(qtbot, window, "plan_set_capacity")
    assert "Capacity 7 points, set by Joao SM" in text(window, "plan_proposal")

    _select(window, "PAYM-4")
    click(qtbot, window, "plan_pull")
    assert "PAYM-4 is not Ready: " in text(window, "plan_error")
    for _ in range(2):
        find(window, QListWidget, "plan_backlog").setCurrentRow(-1)
        click(qtbot, window, "plan_pull")
    assert find(window, QListWidget, "plan_forecast").count() == 2
    assert text(window, "plan_bar_words") == "6 / 7 pts"
    find(window, QListWidget, "plan_backlog").setCurrentRow(-1)
    click(qtbot, window, "plan_pull")
    assert "PAYM-3 (3 pts) would make 9 / 7 pts" in text(window, "plan_error")
    click(qtbot, window, "plan_full")
    assert "declared full by Joao SM" in text(window, "plan_forecast_lines")

    # Step 3: the external dependency must be acknowledged before planning can close.
    type_into(qtbot, window, "plan_goal", "Card payments work end to end")
    click(qtbot, window, "plan_set_goal")
    click(qtbot, window, "plan_close")
    assert "acknowledge PAYM-2 (depends on Bank API (open))" in text(window, "plan_error")
    assert "PAYM-2: depends on Bank API (open) — not acknowledged" in text(
        window, "plan_open_items"
    )
    pick(find(window, QComboBox, "plan_ack_story"), "PAYM-2")
    pick(find(window, QComboBox, "plan_ack_owner"), "Lucas Engineer")
    click(qtbot, window, "plan_acknowledge")
    assert "Mitigation for PAYM-2" in text(window, "plan_ack_error")  # refused next to it
    type_into(qtbot, window, "plan_ack_mitigation", "Ask the bank for a sandbox this week")
    click(qtbot, window, "plan_acknowledge")
    assert "owner Lucas Engineer: Ask the bank" in text(window, "plan_open_items")
    click(qtbot, window, "plan_confirm_lead")
    pick(find(window, QComboBox, "plan_confirm_member"), "Anna PO")
    click(qtbot, window, "plan_confirm_po")
    confirmed = text(window, "plan_confirmations")
    assert "Confirmed by Joao SM (delivery lead) on Wed 25 Nov 2026 at 10:00 UTC" in confirmed
    assert "Confirmed by Anna PO (Product Owner) on Wed 25 Nov 2026 at 10:00 UTC" in confirmed
    click(qtbot, window, "plan_close")
    assert text(window, "plan_current").startswith("Sprint 1 forecast: 2 stories, 6 / 7 pts")
    assert not window.timer.view.state.is_running
    # Home shows the active sprint's frozen forecast.
    find(window, QListWidget, "nav").setCurrentRow(0)
    window.screen_at(0).show_team(window.screen_at(0).summary.team.id)  # type: ignore[attr-defined]
    assert text(window, "home_frozen_forecast").startswith(
        "Sprint 1 forecast: 2 stories, 6 / 7 pts"
    )
    assert text(window, "home_frozen_forecast").endswith("PAYM-1, PAYM-2")


def test_s2_planning_timer_resumes_after_quitting(qtbot: QtBot, store: Store) -> None:
    _team(store)
    clock = Clock(START)
    window = open_window(qtbot, store, clock)
    _open_planning(qtbot, window)
    click(qtbot, window, "plan_open")
    first = text(window, "timer_clock")
    clock.advance(minutes=3)
    qtbot.waitUntil(lambda: text(window, "timer_clock") != first)
    window.close()
    clock.advance(minutes=10)
    again = open_window(qtbot, store, clock)
    _open_planning(qtbot, again)
    minutes, seconds = (int(n) for n in first.split(":"))
    left = dt.timedelta(minutes=minutes, seconds=seconds) - dt.timedelta(minutes=13)
    assert text(again, "timer_clock") == f"{left.seconds // 60}:{left.seconds % 60:02d}"
    assert again.timer.view is not None
    assert again.timer.view.state.is_running
    assert text(again, "plan_progress") == "PLANNING · Sprint 1 · open"
    assert not find(again, QListWidget, "plan_backlog").isHidden()
