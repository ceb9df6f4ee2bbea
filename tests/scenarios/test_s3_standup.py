"""S3 — the sprint runs: written updates, a blocker over 24 h resolved in the blocker slot, and a
question for the PO decided and acted on the next day (steps 1–3).

Driven through the real main window by keyboard alone with an injected clock (ages exact), the
blocker slot in presenter mode. Step 4 (a story added mid-sprint) belongs to planning.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QListWidget, QTableView, QWidget
from pytestqt.qtbot import QtBot

from facilitator.domain.ids import MemberId
from facilitator.ops import decisions, standup
from facilitator.ops.changes import ActionContext
from facilitator.store.db import Store
from facilitator.ui.main_window import MainWindow
from facilitator.ui.screens.refinement import RefinementScreen
from facilitator.ui.screens.standup import StandupScreen
from tests.helpers.backlog_team import BacklogTeam, make_team
from tests.helpers.scenario import (
    BERLIN,
    Clock,
    arrow_to,
    find,
    focused,
    key,
    open_window,
    rows,
    tab_to,
    text,
    type_here,
    window_key,
)
from tests.helpers.stage import answer, choose

# Thursday 26 Nov 2026, 10:00 in Berlin; the blocker was raised yesterday morning at 08:30.
START = dt.datetime(2026, 11, 26, 10, 0, tzinfo=BERLIN)
RAISED = dt.datetime(2026, 11, 25, 8, 30, tzinfo=BERLIN)
CTRL = Qt.KeyboardModifier.ControlModifier


def _cell(window: QWidget, table: str, row: int, column: int) -> str:
    """The text the table shows in a cell, read through its model ("" for none)."""
    shown = find(window, QTableView, table).model().index(row, column).data()
    return "" if shown is None else str(shown)


def _setup(store: Store) -> BacklogTeam:
    team = make_team(store, stories=2)
    standup.raise_blocker(
        store,
        ActionContext(RAISED, team.team),
        team.engineer,
        "Payment sandbox keys missing",
        team.stories[0],
        team.po,
    )
    day = START.date()
    for member, done in ((team.engineer, "Card flow"), (team.qa, "Checkout regression")):
        standup.write_update(
            store,
            ActionContext(START - dt.timedelta(hours=1), team.team),
            member,
            day,
            done,
            "",
            "",
        )
    return team


def _standup(qtbot: QtBot, window: MainWindow) -> StandupScreen:
    window_key(qtbot, window, Qt.Key.Key_6, CTRL)
    screen = window.current_screen()
    assert isinstance(screen, StandupScreen)
    assert window.timer.isVisible()  # a ceremony screen: the shared timer shows
    return screen


def test_s3_updates_blocker_slot_and_a_decision_by_keyboard(qtbot: QtBot, store: Store) -> None:
    team = _setup(store)
    clock = Clock(START)
    window = open_window(qtbot, store, clock)
    # 2 (flags). The blocker raised yesterday morning is over 24 h on Home and in the badge.
    nav = find(window, QListWidget, "nav")
    qtbot.waitUntil(lambda: nav.item(5).text() == "Standup   ! 1")
    assert nav.item(5).data(Qt.ItemDataRole.AccessibleTextRole) == "Standup: 1 blocker over 24 h"
    assert text(window, "home_blockers") == (
        "! 1 blocker open over the 24 h SLA, the oldest 1 d 1 h"
    )
    screen = _standup(qtbot, window)

    # 1. The updates for the day are visible; the PO and the Scrum master have not written.
    assert text(window, "standup_missing") == "Not written yet for today: Anna PO, Joao SM"
    assert "Card flow" in {_cell(window, "standup_updates", r, 3) for r in range(4)}
    # The Scrum master writes theirs, by keyboard.
    find(window, QWidget, "standup_start").setFocus()
    tab_to(qtbot, "update_member")
    arrow_to(qtbot, find(window, QComboBox, "update_member"), int(team.scrum_master))
    tab_to(qtbot, "update_done")
    type_here(qtbot, "Facilitated refinement")
    tab_to(qtbot, "update_write")
    key(qtbot, Qt.Key.Key_Space)
    assert text(window, "standup_error") == "✓ Update written for Joao SM"
    assert text(window, "standup_missing") == "Not written yet for today: Anna PO"

    # 2. The blocker raised yesterday at 08:30 is 25 h 30 min old: flagged over the 24 h SLA.
    assert _cell(window, "standup_blockers", 0, 0) == "! 25 h"
    assert _cell(window, "standup_blockers", 0, 3) == "open 1 d 1 h · over the 24 h SLA"
    # The blocker slot in presenter mode: S starts, R asks for the resolution, F finishes.
    window_key(qtbot, window, Qt.Key.Key_F11)
    assert window.presenter.active
    # Before the slot the room sees what it will walk.
    assert text(window, "standup_details") == (
        "1 open blocker, 1 over the 24 h SLA (the oldest open 1 d 1 h)"
    )
    window_key(qtbot, window, Qt.Key.Key_S)
    assert text(window, "standup_title") == "Payment sandbox keys missing"
    assert text(window, "standup_progress") == "STANDUP · blocker 1 of 1"
    details = text(window, "standup_details").splitlines()
    assert details[0].startswith("! Raised by ")  # the mark, and the age said once:
    assert details[0].endswith(" · open 1 d 1 h · over the 24 h SLA")
    clock.advance(minutes=4)
    window_key(qtbot, window, Qt.Key.Key_R)
    type_here(qtbot, "Keys issued by the provider")
    key(qtbot, Qt.Key.Key_Return)
    assert "✓ Resolved: Keys issued by the provider" in text(window, "standup_details")
    # 3. A question for the PO, raised from the slot with Ctrl+D, linked to the run and story.
    run = screen.run
    assert run is not None
    window_key(qtbot, window, Qt.Key.Key_D, CTRL)
    qtbot.waitUntil(lambda: focused().objectName() == "raise_decision_question")
    type_here(qtbot, "Do we keep the old provider as a fallback?")
    tab_to(qtbot, "raise_decision_kind")
    arrow_to(qtbot, find(window, QComboBox, "raise_decision_kind"), "priority")
    key(qtbot, Qt.Key.Key_Return)
    window_key(qtbot, window, Qt.Key.Key_F)
    assert screen.run is None
    key(qtbot, Qt.Key.Key_Escape)
    assert not window.presenter.active
    qtbot.waitUntil(lambda: nav.item(5).text() == "Standup")  # the badge follows the slot
    resolved = rows(store, "SELECT resolution, resolved_at FROM blocker")
    assert resolved[0][0] == "Keys issued by the provider"
    log = decisions.decision_log(store, team.team)
    (question,) = log.decisions
    assert (question.run_id, question.story_id) == (run.run_id, team.stories[0])
    assert question.decision_maker == MemberId(team.po)  # priorities: the PO decides

    # The next day the PO decides it and the team acts on it: the cycle time shows.
    clock.advance(hours=22)
    window_key(qtbot, window, Qt.Key.Key_7, CTRL)
    find(window, QWidget, "decision_question").setFocus()
    tab_to(qtbot, "decisions_log")
    key(qtbot, Qt.Key.Key_Down)
    tab_to(qtbot, "decision_text")
    type_here(qtbot, "Yes, for one more sprint")
    tab_to(qtbot, "decision_decide")
    key(qtbot, Qt.Key.Key_Space)
    clock.advance(hours=3)
    tab_to(qtbot, "decision_act")
    key(qtbot, Qt.Key.Key_Space)
    assert _cell(window, "decisions_log", 0, 4) == "acted on · PAYM-1"
    assert _cell(window, "decisions_log", 0, 5) == "1 d 1 h · over 24 h"
    assert _cell(window, "decisions_log", 0, 0) == "! over 24 h"


def test_ctrl_d_in_refinement_links_the_story_on_screen(qtbot: QtBot, store: Store) -> None:
    team = _setup(store)
    window = open_window(qtbot, store, Clock(START))
    window_key(qtbot, window, Qt.Key.Key_4, CTRL)
    screen = window.current_screen()
    assert isinstance(screen, RefinementScreen)
    screen.start()
    assert screen.run is not None
    window_key(qtbot, window, Qt.Key.Key_D, CTRL)
    qtbot.waitUntil(lambda: focused().objectName() == "raise_decision_question")
    assert text(window, "raise_decision_links").startswith("Linked to this ceremony run and story")
    key(qtbot, Qt.Key.Key_Return)  # an empty question is refused, the dialog stays
    assert text(window, "raise_decision_error") == "✗ Question: must not be empty"
    type_here(qtbot, "Split the story?")
    key(qtbot, Qt.Key.Key_Return)
    (decision,) = decisions.decision_log(store, team.team).decisions
    assert (decision.run_id, decision.story_id) == (screen.run.run_id, team.stories[0])


def test_s3_a_question_raised_decided_and_acted_on_the_next_day_in_presenter_mode(
    qtbot: QtBot, store: Store
) -> None:
    # Step 3 by keyboard alone on the room's screen: R raises it, D decides it, A acts on it.
    team = _setup(store)
    clock = Clock(START)
    window = open_window(qtbot, store, clock)
    window_key(qtbot, window, Qt.Key.Key_7, CTRL)
    window_key(qtbot, window, Qt.Key.Key_F11)
    assert window.presenter.active
    assert not find(window, QWidget, "decision_question").isVisible()  # the forms fold away
    window_key(qtbot, window, Qt.Key.Key_R)
    assert text(window, "decisions_prompt_question") == "What needs deciding?"
    answer(qtbot, "Do we keep the old provider as a fallback?")
    assert text(window, "decisions_prompt_question") == "What is it about?"
    choose(qtbot, "Priorities")
    assert text(window, "decisions_prompt_question") == "Who decides?"
    first = find(window, QListWidget, "decisions_prompt_choices").item(0).text()
    assert first.startswith("Anna PO")  # priorities: the PO's authority, offered first
    choose(qtbot, "Anna PO")
    choose(qtbot, "Lucas Engineer")  # who raised it
    assert text(window, "decisions_error") == "✓ Question raised"
    assert _cell(window, "decisions_log", 0, 1) == "Do we keep the old provider as a fallback?"

    # The next day the PO decides it; three hours later the team has acted on it.
    clock.advance(hours=22)
    window_key(qtbot, window, Qt.Key.Key_D)  # the question just raised is the one chosen
    assert text(window, "decisions_prompt_question") == (
        "What was decided: Do we keep the old provider as a fallback?"
    )
    answer(qtbot, "Yes, for one more sprint")
    assert text(window, "decisions_error") == "✓ Decision recorded"
    clock.advance(hours=3)
    window_key(qtbot, window, Qt.Key.Key_A)
    assert text(window, "decisions_error") == "✓ Marked acted on"
    assert _cell(window, "decisions_log", 0, 5) == "1 d 1 h · over 24 h"  # its cycle time
    key(qtbot, Qt.Key.Key_Escape)
    assert not window.presenter.active
    (decision,) = decisions.decision_log(store, team.team).decisions
    assert decision.decision == "Yes, for one more sprint"
    assert decision.decision_maker == MemberId(team.po)
    assert decision.raised_by == MemberId(team.engineer)
    assert decision.acted_on_at is not None
