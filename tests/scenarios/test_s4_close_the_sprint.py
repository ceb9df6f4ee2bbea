"""S4 end to end — the sprint ends today: Home says its review is due; the review walks every
story, records a deployment and a defect and closes the sprint; Home and the Retro badge then
say the retro is due; the retro evaluates the previous experiment, gathers notes (one anonymous,
never in the room window before the reveal), groups, votes, goes back a phase and forward
again, discusses and decides the one experiment; History lists the sprint with its experiment
and delivery figures.

The real main window, presenter mode (F11) for both ceremonies, keyboard alone.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QTableView
from pytestqt.qtbot import QtBot

from facilitator.domain.model import SprintState
from facilitator.store.db import Store
from facilitator.ui.main_window import MainWindow
from facilitator.ui.screens.history import HistoryScreen
from facilitator.ui.screens.home import HomeScreen
from facilitator.ui.screens.retro import RetroScreen
from facilitator.ui.screens.review import ReviewScreen
from tests.helpers.retro_team import add_sprint, run_to_close
from tests.helpers.review_sprint import make_review_sprint
from tests.helpers.scenario import (
    BERLIN,
    Clock,
    find,
    key,
    open_window,
    rows,
    text,
    window_key,
)
from tests.helpers.stage import (
    Pick,
    go_to,
    nav_text,
    on_stage,
    open_room,
    record_and_close_review,
    room_texts,
    write_note,
)

TODAY = dt.datetime(2026, 11, 27, 14, 0, tzinfo=BERLIN)  # Friday, the last day of Sprint 1
LAST_RETRO = dt.datetime(2026, 11, 13, 14, 0, tzinfo=BERLIN)  # Sprint 0's, two weeks before
HIDDEN_TEXT = "Nobody reviews on Fridays"
CTRL = Qt.KeyboardModifier.ControlModifier
REVIEW_DUE = "! Sprint 1 ends today, 27 Nov: its review has not closed — open Review"
RETRO_DUE = "! Sprint 1's review has closed: its retrospective is due — open Retro"


def _home(qtbot: QtBot, window: MainWindow) -> None:
    assert isinstance(go_to(qtbot, window, "home"), HomeScreen)


def _walk_the_review(qtbot: QtBot, window: MainWindow) -> None:
    """Every story: PAYM-1 passes (with a feedback made a story), PAYM-2 fails its criterion,
    PAYM-3 and PAYM-4 pass."""
    window_key(qtbot, window, Qt.Key.Key_O)
    assert text(window, "review_progress") == "REVIEW · Sprint 1 · story 1 of 4"
    for _ in range(4):  # two criteria, two DoD items: each P moves on to the next line
        window_key(qtbot, window, Qt.Key.Key_P)
    assert text(window, "review_verdict") == "Verdict: Done"
    on_stage(qtbot, window, Qt.Key.Key_K, "Show the fee before paying", Pick("A stakeholder"))
    on_stage(qtbot, window, Qt.Key.Key_Q, "Which markets first?", Pick("Anna PO"))
    assert text(window, "review_notes_line") == "1 question · 1 feedback"
    window_key(qtbot, window, Qt.Key.Key_M)
    assert text(window, "review_error") == "✓ PAYM-7 added to the backlog"

    window_key(qtbot, window, Qt.Key.Key_Right)
    assert text(window, "review_title") == "PAYM-2  Story number 2"
    for mark in (Qt.Key.Key_F, Qt.Key.Key_P, Qt.Key.Key_P):
        window_key(qtbot, window, mark)
    assert text(window, "review_verdict") == "Verdict: Not done: failed “Criterion 1 of PAYM-2”"
    for title in ("PAYM-3  Story number 3", "PAYM-4  Story number 4 (added mid-sprint)"):
        window_key(qtbot, window, Qt.Key.Key_Right)
        assert text(window, "review_title") == title
        for _ in range(3):
            window_key(qtbot, window, Qt.Key.Key_P)
        assert text(window, "review_verdict") == "Verdict: Done"


def _gather_reveal_group_vote(qtbot: QtBot, window: MainWindow, screen: RetroScreen) -> None:
    room = open_room(qtbot, window)
    assert window.presenter.active
    write_note(qtbot, window, "Went well", "Anna PO", "Named", "Demos were crisp")
    write_note(qtbot, window, "To improve", "Tomas QA", "Anonymous", HIDDEN_TEXT)
    write_note(qtbot, window, "To improve", "Lucas Engineer", "Named", "Reviews wait for days")
    # A note in the wrong column: Ctrl+Z takes it back, on the stage, by keyboard.
    write_note(qtbot, window, "Went well", "Anna PO", "Named", "Wrong column")
    assert "Wrong column" in text(window, "retro_details")
    window_key(qtbot, window, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: "Wrong column" not in text(window, "retro_details"))
    assert screen.view is not None
    assert [n.text for n in screen.view.retro.notes][-1] == "Reviews wait for days"
    details = text(window, "retro_details")
    assert HIDDEN_TEXT not in details
    assert "Anonymous note, hidden until revealed (anonymous)" in details
    shown = room_texts(room)  # every label and list entry of the room window
    assert any("Demos were crisp" in t for t in shown)
    assert not any(HIDDEN_TEXT in t or "hidden until revealed" in t for t in shown)
    window_key(qtbot, window, Qt.Key.Key_V)
    assert HIDDEN_TEXT in text(window, "retro_details")
    assert any(HIDDEN_TEXT in t for t in room_texts(room))

    window_key(qtbot, window, Qt.Key.Key_Right)
    assert "phase 3 of 6 · Group" in text(window, "retro_progress")
    on_stage(qtbot, window, Qt.Key.Key_G, "2 3", "Slow reviews")
    on_stage(qtbot, window, Qt.Key.Key_G, "1", "Demos")

    window_key(qtbot, window, Qt.Key.Key_Right)
    for voter in ("Tomas QA", "Tomas QA", "Tomas QA", "Anna PO"):
        on_stage(qtbot, window, Qt.Key.Key_D, Pick(voter), Pick("Slow reviews"))
    # A fourth dot of Tomas: over the allowance.
    on_stage(qtbot, window, Qt.Key.Key_D, Pick("Tomas QA"), Pick("Demos"))
    assert text(window, "retro_prompt_message") == (
        "✗ Tomas QA has used all 3 votes: take one back to vote for “Demos”"
    )
    key(qtbot, Qt.Key.Key_Escape)
    assert window.presenter.active  # Esc closed the question only
    voted = text(window, "retro_details")
    assert "4 dots · Slow reviews" in voted

    # An accidental step back to Group, and forward again: nothing lost.
    window_key(qtbot, window, Qt.Key.Key_Left)
    assert "phase 3 of 6 · Group" in text(window, "retro_progress")
    assert "Slow reviews" in text(window, "retro_details")
    window_key(qtbot, window, Qt.Key.Key_Right)
    assert "phase 4 of 6 · Vote" in text(window, "retro_progress")
    assert text(window, "retro_details") == voted
    assert screen.view is not None
    assert len(screen.view.retro.notes) == 3


def _discuss_and_decide(qtbot: QtBot, window: MainWindow) -> None:
    window_key(qtbot, window, Qt.Key.Key_Right)
    on_stage(qtbot, window, Qt.Key.Key_P, Pick("Slow reviews"))
    assert text(window, "retro_title") == "Discussing: Slow reviews"
    window_key(qtbot, window, Qt.Key.Key_Right)
    window_key(qtbot, window, Qt.Key.Key_C)  # no experiment yet: refused on the stage
    assert "decide the one experiment" in text(window, "retro_error")
    change = "Review pull requests the same day"
    on_stage(qtbot, window, Qt.Key.Key_X, change, Pick("Lucas Engineer"), "")  # no measure
    # Refused on its own question, at once: the date is not asked before the measure is right.
    assert text(window, "retro_prompt_question") == "How will we know it worked?"
    assert text(window, "retro_prompt_message").startswith("✗ write a signal you can measure")
    key(qtbot, Qt.Key.Key_Escape)
    measure = "no pull request waits over 8 hours"
    on_stage(qtbot, window, Qt.Key.Key_X, change, Pick("Lucas Engineer"), measure, "2026-12-11")
    assert text(window, "retro_title") == "Experiment: Review pull requests the same day"
    window_key(qtbot, window, Qt.Key.Key_C)
    assert text(window, "retro_title") == "✓ Retrospective closed"


def test_s4_the_sprint_closes_by_review_and_retro_by_keyboard(qtbot: QtBot, store: Store) -> None:
    rs = make_review_sprint(store)
    add_sprint(store, rs.team, "Sprint 0", LAST_RETRO.date(), SprintState.CLOSED)
    run_to_close(store, rs.team, LAST_RETRO, "Pair on every review")  # Sprint 0's experiment
    window = open_window(qtbot, store, Clock(TODAY))

    # Home: the review is due; the Review and Retro entries carry a badge.
    assert text(window, "home_review_due") == REVIEW_DUE
    qtbot.waitUntil(lambda: nav_text(window, "review") == "Review   ! 1")
    assert nav_text(window, "retro") == "Retro   ! 1"  # the experiment waiting for evaluation

    # The review, in presenter mode by keyboard.
    screen = go_to(qtbot, window, "review")
    assert isinstance(screen, ReviewScreen)
    window_key(qtbot, window, Qt.Key.Key_F11)
    assert window.presenter.active
    _walk_the_review(qtbot, window)
    record_and_close_review(qtbot, window)
    key(qtbot, Qt.Key.Key_Escape)

    # The story not Done leads the Backlog; the review is no longer due, the retro is.
    go_to(qtbot, window, "backlog")
    model = find(window, QTableView, "backlog_table").model()
    assert "PAYM-2" in [str(model.index(0, c).data()) for c in range(model.columnCount())]
    qtbot.waitUntil(lambda: nav_text(window, "review") == "Review")
    assert nav_text(window, "retro") == "Retro   ! 2"
    _home(qtbot, window)
    assert text(window, "home_retro_due") == RETRO_DUE
    assert window.findChild(QLabel, "home_review_due") is None

    # The retro: the previous experiment first, in presenter mode by keyboard.
    retro = go_to(qtbot, window, "retro")
    assert isinstance(retro, RetroScreen)
    window_key(qtbot, window, Qt.Key.Key_F11)
    window_key(qtbot, window, Qt.Key.Key_O)
    assert text(window, "retro_title") == "Did “Pair on every review” work?"
    on_stage(qtbot, window, Qt.Key.Key_E, Pick("did not work"), "Reviews still waited 2 days")
    window_key(qtbot, window, Qt.Key.Key_Right)
    assert "phase 2 of 6 · Gather" in text(window, "retro_progress")
    _gather_reveal_group_vote(qtbot, window, retro)
    _discuss_and_decide(qtbot, window)
    key(qtbot, Qt.Key.Key_Escape)
    assert nav_text(window, "retro") == "Retro   ! 1"  # the new experiment waits for the next

    # History: the sprint with its experiment and its delivery figures.
    history = go_to(qtbot, window, "history")
    assert isinstance(history, HistoryScreen)
    sprints = find(window, QTableView, "history_sprints")
    names = [sprints.model().index(r, 0).data() for r in range(sprints.model().rowCount())]
    assert names == ["Sprint 1", "Sprint 0"]
    assert text(window, "history_sprint_title") == "Sprint 1 · closed"
    page_view = find(window, QPlainTextEdit, "history_page")
    page = page_view.toPlainText()
    for line in (
        "Completed of the forecast: 2 stories, 6 points",  # from the Done decisions
        "Predictability: 67 %",
        "Deployments: 1",
        "Defects: 0 found in the sprint, 1 escaped",
        "PAYM-2 Story number 2 (3 pts): Not Done: failed “Criterion 1 of PAYM-2”",
        "Review pull requests the same day, owned by Lucas Engineer; it worked if: no pull "
        "request waits over 8 hours; check on Fri 11 Dec 2026",
    ):
        assert line in page, page
    sprints.setFocus()
    key(qtbot, Qt.Key.Key_Down)  # Sprint 0: its experiment, now evaluated
    assert text(window, "history_sprint_title") == "Sprint 0 · closed"
    assert "Outcome: did not work" in page_view.toPlainText()
    assert rows(
        store, f"SELECT not_done_reason FROM sprint_story WHERE story_id={rs.stories[1]}"
    ) == [("failed “Criterion 1 of PAYM-2”",)]
    assert rows(store, "SELECT outcome, evidence FROM experiment ORDER BY run_id") == [
        ("did_not_work", "Reviews still waited 2 days"),
        ("pending", None),
    ]
    anonymous = rows(
        store, "SELECT author_id, author_name FROM retro_note WHERE text = :t", t=HIDDEN_TEXT
    )
    assert anonymous == [(None, None)]
    assert rows(store, "SELECT count(*) FROM retro_note WHERE text = 'Wrong column'") == [(0,)]
