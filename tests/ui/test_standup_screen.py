"""The standup screen in the real main window: updates, live blocker ages, the blocker slot by
keyboard in presenter mode with the room window following, and the decision log."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QTableView, QWidget
from pytestqt.qtbot import QtBot

from facilitator.domain.ids import MemberId
from facilitator.ops import decisions, standup
from facilitator.ops.changes import ActionContext, Changes, Kind
from facilitator.store.db import Store
from facilitator.ui.main_window import MainWindow
from facilitator.ui.screens.decisions import DecisionsScreen
from facilitator.ui.screens.standup import StandupScreen
from facilitator.ui.screens.standup_layout import KEYS_FINISH, KEYS_IDLE, KEYS_PROMPT, KEYS_WALK
from tests.helpers.backlog_team import BacklogTeam, make_team
from tests.helpers.scenario import (
    Clock,
    click,
    click_row,
    find,
    key,
    open_window,
    text,
    type_here,
    type_into,
    window_key,
)
from tests.helpers.tab_walk import walk_tab_order
from tests.helpers.team_page import scroll_to
from tests.helpers.transactions import counting

START = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)  # Wednesday, 11:00 in Berlin
CTRL = Qt.KeyboardModifier.ControlModifier


def _standup(qtbot: QtBot, store: Store) -> tuple[MainWindow, StandupScreen, BacklogTeam, Clock]:
    team = make_team(store, stories=2)
    old = ActionContext(START - dt.timedelta(hours=30), team.team)
    standup.raise_blocker(store, old, team.engineer, "Sandbox keys missing", team.stories[0])
    new = ActionContext(START - dt.timedelta(hours=2), team.team)
    standup.raise_blocker(store, new, team.qa, "Test data expired", None, team.po)
    clock = Clock(START)
    window = open_window(qtbot, store, clock)
    window_key(qtbot, window, Qt.Key.Key_6, CTRL)
    screen = window.current_screen()
    assert isinstance(screen, StandupScreen)
    return window, screen, team, clock


def _cell(window: QWidget, table: str, row: int, column: int) -> str:
    """The text the table shows in a cell, read through its model ("" for none)."""
    shown = find(window, QTableView, table).model().index(row, column).data()
    return "" if shown is None else str(shown)


def test_open_blockers_show_live_ages_and_the_over_sla_flag(qtbot: QtBot, store: Store) -> None:
    window, screen, _team, clock = _standup(qtbot, store)
    assert _cell(window, "standup_blockers", 0, 0) == "! 30 h"
    assert _cell(window, "standup_blockers", 0, 3) == "open 1 d 6 h · over the 24 h SLA"
    assert _cell(window, "standup_blockers", 1, 0) == ""
    assert _cell(window, "standup_blockers", 1, 3) == "open 2 h"
    assert text(window, "standup_flags") == "! 1 over the 24 h SLA"
    clock.advance(minutes=25)
    screen.ticker.timeout.emit()  # the twice-a-minute refresh
    assert _cell(window, "standup_blockers", 1, 3) == "open 2 h 25 min"


def test_who_has_not_written_shows_in_their_time_and_writing_clears_it(
    qtbot: QtBot, store: Store
) -> None:
    window, screen, team, _clock = _standup(qtbot, store)
    assert "Lucas Engineer" in text(window, "standup_missing")
    assert _cell(window, "standup_updates", 0, 1).startswith("11:00")
    index = screen.writer.findData(int(team.engineer))
    screen.writer.setCurrentIndex(index)
    type_into(qtbot, window, "update_done", "Card flow")
    type_into(qtbot, window, "update_next", "Refunds")
    click(qtbot, window, "update_write")
    assert "Lucas Engineer" not in text(window, "standup_missing")
    row = next(r for r in range(4) if _cell(window, "standup_updates", r, 0) == "Lucas Engineer")
    assert _cell(window, "standup_updates", row, 2) == "written"
    assert _cell(window, "standup_updates", row, 3) == "Card flow"


def test_the_blocker_slot_by_keyboard_in_presenter_mode_with_the_room_following(
    qtbot: QtBot, store: Store
) -> None:
    window, screen, _team, _clock = _standup(qtbot, store)
    room = window.room.open()
    qtbot.addWidget(room)
    window_key(qtbot, window, Qt.Key.Key_F11)
    assert text(window, "standup_keys") == KEYS_IDLE
    window_key(qtbot, window, Qt.Key.Key_S)
    assert screen.run is not None
    assert window.timer.view is not None
    assert window.timer.view.run_id == screen.run.run_id
    assert text(window, "standup_keys") == KEYS_WALK
    assert text(window, "standup_progress") == "STANDUP · blocker 1 of 2"
    # The slot is the standup's one agenda item: the clock names it without "1 of 1" and says
    # the time left once.
    assert text(window, "timer_item") == "Blockers · Standup"
    assert text(window, "timer_status") == "15:00 left"
    assert text(window, "standup_title") == "Sandbox keys missing"  # the oldest first
    assert find(window, QLabel, "standup_title").font().pixelSize() == 48
    qtbot.waitUntil(lambda: room.findChild(QLabel, "room_title").text() == "Sandbox keys missing")
    window_key(qtbot, window, Qt.Key.Key_Right)
    assert text(window, "standup_title") == "Test data expired"
    assert room.findChild(QLabel, "room_progress").text() == "STANDUP · blocker 2 of 2"
    window_key(qtbot, window, Qt.Key.Key_Right)
    assert "last of the 2 open blockers" in text(window, "standup_error")
    window_key(qtbot, window, Qt.Key.Key_R)
    assert text(window, "standup_keys") == KEYS_PROMPT
    type_here(qtbot, "New data loaded")
    key(qtbot, Qt.Key.Key_Return)
    assert "✓ Resolved: New data loaded" in text(window, "standup_details")
    window_key(qtbot, window, Qt.Key.Key_F)
    assert screen.run is None
    assert standup.resume_blocker_slot(store, screen.team_id or 0) is None  # type: ignore[arg-type]


def test_the_clock_started_first_with_space_still_lets_s_walk_the_blockers(
    qtbot: QtBot, store: Store
) -> None:
    # The room often starts the clock first. That made a run with the clock alone: S was
    # disabled, the stage said "No open blockers: the slot can end early" over two open
    # blockers, and the hint line offered ← → R, which did nothing.
    window, screen, _team, _clock = _standup(qtbot, store)
    window_key(qtbot, window, Qt.Key.Key_F11)
    window_key(qtbot, window, Qt.Key.Key_Space)
    assert screen.run is not None
    assert window.timer.view is not None
    assert window.timer.view.state.is_running
    assert text(window, "standup_title") == "Press S to start the 15-minute blocker slot"
    assert text(window, "standup_keys") == KEYS_IDLE
    window_key(qtbot, window, Qt.Key.Key_Escape)  # out of presenter mode the button says it
    assert text(window, "standup_title") == "Press Start to start the 15-minute blocker slot"
    assert find(window, QPushButton, "standup_start").isEnabled()
    window_key(qtbot, window, Qt.Key.Key_F11)
    window_key(qtbot, window, Qt.Key.Key_S)
    assert text(window, "standup_progress") == "STANDUP · blocker 1 of 2"
    assert text(window, "standup_title") == "Sandbox keys missing"
    assert text(window, "standup_keys") == KEYS_WALK
    assert window.timer.view.run_id == screen.run.run_id  # the same run, its clock still on
    assert window.timer.view.state.is_running


def test_with_no_open_blocker_the_slot_says_it_can_end_early_and_offers_finish_only(
    qtbot: QtBot, store: Store
) -> None:
    team = make_team(store, stories=1)
    window = open_window(qtbot, store, Clock(START))
    window_key(qtbot, window, Qt.Key.Key_6, CTRL)
    screen = window.current_screen()
    assert isinstance(screen, StandupScreen)
    window_key(qtbot, window, Qt.Key.Key_F11)
    window_key(qtbot, window, Qt.Key.Key_S)
    assert screen.run is not None
    assert screen.team_id == team.team
    assert text(window, "standup_title") == "No open blockers: the slot can end early"
    assert text(window, "standup_keys") == KEYS_FINISH
    window_key(qtbot, window, Qt.Key.Key_F)
    assert screen.run is None


def test_the_tables_look_as_before_after_presenter_mode_refreshed_them(
    qtbot: QtBot, store: Store
) -> None:
    # Starting the clock in presenter mode refreshed the hidden tables under its larger type:
    # back out of it, their columns stayed wide and their rows tall (a blocker's text wrapped
    # in a 50 px column behind a horizontal scroll bar).
    window, _screen, _team, _clock = _standup(qtbot, store)
    window.resize(1280, 720)
    blockers = find(window, QTableView, "standup_blockers")
    qtbot.wait(100)

    def looks() -> tuple[list[int], list[int]]:
        model = blockers.model()
        widths = [blockers.columnWidth(c) for c in range(model.columnCount())]
        return widths, [blockers.rowHeight(r) for r in range(model.rowCount())]

    before = looks()
    window_key(qtbot, window, Qt.Key.Key_F11)
    window_key(qtbot, window, Qt.Key.Key_Space)  # the clock starts: the screen refreshes
    window_key(qtbot, window, Qt.Key.Key_Escape)
    assert not window.presenter.active
    qtbot.waitUntil(lambda: blockers.isVisible())
    qtbot.wait(100)
    assert looks() == before


def test_tab_walks_every_control_without_a_trap(qtbot: QtBot, store: Store) -> None:
    window, _screen, _team, _clock = _standup(qtbot, store)
    order = [w.objectName() for w in walk_tab_order(qtbot, find(window, QWidget, "update_member"))]
    for name in ("standup_start", "standup_updates", "standup_blockers", "update_write"):
        assert name in order
    for name in ("blocker_raise", "blocker_resolution", "blocker_resolve"):
        assert name in order


def test_the_decision_log_flags_slow_decisions_and_still_open_ones(
    qtbot: QtBot, store: Store
) -> None:
    window, _screen, team, _clock = _standup(qtbot, store)
    ctx = ActionContext(START - dt.timedelta(hours=30), team.team)
    made = decisions.raise_decision(store, ctx, "Which PSP?", team.engineer, team.po)
    decisions.decide(store, ctx, made.created or 0, "Adyen", START - dt.timedelta(hours=4))
    window_key(qtbot, window, Qt.Key.Key_7, CTRL)
    screen = window.current_screen()
    assert isinstance(screen, DecisionsScreen)
    assert _cell(window, "decisions_log", 0, 0) == "! over 24 h"
    assert _cell(window, "decisions_log", 0, 5) == "1 d 2 h (still open) · over 24 h"
    assert text(window, "decisions_summary") == "1 decision · 1 still open · 1 over 24 h"
    type_into(qtbot, window, "decision_question", "Retry policy?")
    screen.kind.setCurrentIndex(screen.kind.findData("priority"))
    click(qtbot, window, "decision_raise")
    assert _cell(window, "decisions_log", 0, 1) == "Retry policy?"
    assert _cell(window, "decisions_log", 0, 3) == "Anna PO"  # priorities: the PO decides
    click_row(qtbot, find(window, QTableView, "decisions_log"), 0)
    type_into(qtbot, window, "decision_text", "Three retries")
    click(qtbot, window, "decision_decide")
    click(qtbot, window, "decision_act")
    assert _cell(window, "decisions_log", 0, 4) == "acted on"
    assert _cell(window, "decisions_log", 0, 5) == "under 1 min"
    stored = decisions.decision_log(store, team.team).decisions
    assert [d.decision_maker for d in stored] == [MemberId(team.po), MemberId(team.po)]


def test_a_decision_log_revisit_keeps_its_rows_and_ages_what_is_still_open(
    qtbot: QtBot, store: Store
) -> None:
    window, _screen, team, clock = _standup(qtbot, store)
    ctx = ActionContext(START - dt.timedelta(hours=20), team.team)
    decisions.raise_decision(store, ctx, "Which PSP?", team.engineer, team.po)
    window_key(qtbot, window, Qt.Key.Key_7, CTRL)
    assert _cell(window, "decisions_log", 0, 0) == ""  # 20 h: under the 24 h target
    window_key(qtbot, window, Qt.Key.Key_6, CTRL)
    clock.advance(hours=5)
    model = find(window, QTableView, "decisions_log").model()
    with counting(store) as tally, qtbot.assertNotEmitted(model.modelReset):
        window_key(qtbot, window, Qt.Key.Key_7, CTRL)
    assert tally.begins == 1  # the log is read again (others may have raised one) …
    # … but unchanged, so the table is not refilled (the open decision's row is aged)
    assert _cell(window, "decisions_log", 0, 0) == "! over 24 h"
    assert _cell(window, "decisions_log", 0, 5).startswith("1 d 1 h (still open)")
    assert text(window, "decisions_summary") == "1 decision · 1 still open · 1 over 24 h"
    # A decision raised elsewhere (another window, another machine) shows on the next visit.
    window_key(qtbot, window, Qt.Key.Key_6, CTRL)
    elsewhere = ActionContext(clock.now, team.team)
    decisions.raise_decision(store, elsewhere, "Retry policy?", team.qa, team.po)
    window_key(qtbot, window, Qt.Key.Key_7, CTRL)
    assert _cell(window, "decisions_log", 0, 1) == "Retry policy?"


def test_a_standup_revisit_reads_the_forms_choices_only_after_a_story_or_member_changed(
    qtbot: QtBot, store: Store
) -> None:
    window, screen, team, _clock = _standup(qtbot, store)

    def revisit() -> list[str]:
        window_key(qtbot, window, Qt.Key.Key_1, CTRL)
        with counting(store) as tally:
            window_key(qtbot, window, Qt.Key.Key_6, CTRL)
        return [s for s in tally.statements if "ORDER BY story.rank" in s]

    assert revisit() == []  # updates and blockers are read again; the story choices are not
    window.apply_changes(Changes.of(Kind.STORY, team.stories[1]))
    assert len(revisit()) == 1
    assert screen.story_box.count() == 1 + len(team.stories)


def test_the_sla_and_tools_are_set_on_team_and_drive_the_flags_and_checks(
    qtbot: QtBot, store: Store
) -> None:
    from PySide6.QtWidgets import QLineEdit, QSpinBox

    window, _screen, _team, _clock = _standup(qtbot, store)
    window_key(qtbot, window, Qt.Key.Key_2, CTRL)
    scroll_to(qtbot, window, "team_standup_place")
    find(window, QSpinBox, "team_blocker_sla").setValue(48)
    click(qtbot, window, "team_blocker_sla_save")
    assert text(window, "team_standup_error") == "✓ Blockers are flagged after 48 h"
    find(window, QLineEdit, "team_tool_issue_tracking_in_house").setText("Jira")
    find(window, QLineEdit, "team_tool_issue_tracking_outsourced").setText("GitHub Issues")
    click(qtbot, window, "team_tools_save")
    assert "in-house Jira, outsourced GitHub Issues" in text(window, "team_health_tooling")
    window_key(qtbot, window, Qt.Key.Key_6, CTRL)
    assert _cell(window, "standup_blockers", 0, 0) == ""  # 30 h is within a 48 h SLA
    assert _cell(window, "standup_blockers", 0, 3) == "open 1 d 6 h"
