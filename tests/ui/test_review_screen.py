"""The review screen in the real main window: refusals shown inline where the user acted,
marks with undo, notes and the feedback-to-story action, the room window following, and a
keyboard path through every control."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QListWidget, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from facilitator.ops import story_editing as edit
from facilitator.store.db import Store
from facilitator.ui.keys_line import CHOOSE_KEYS
from facilitator.ui.main_window import MainWindow
from facilitator.ui.screens.review import ReviewScreen
from facilitator.ui.screens.review_layout import KEYS_IDLE, KEYS_PROMPT, KEYS_WALK
from tests.conftest import DEMO_TODAY
from tests.helpers.backlog_team import make_team
from tests.helpers.review_sprint import make_review_sprint
from tests.helpers.scenario import (
    BERLIN,
    Clock,
    FakeDialogs,
    click,
    find,
    key,
    open_window,
    rows,
    text,
    type_here,
    type_into,
    window_key,
)
from tests.helpers.stage import answer, choose
from tests.helpers.tab_walk import walk_tab_order

START = dt.datetime(2026, 11, 27, 14, 0, tzinfo=BERLIN)
CTRL = Qt.KeyboardModifier.ControlModifier


def _review(qtbot: QtBot, store: Store) -> tuple[MainWindow, ReviewScreen, FakeDialogs]:
    dialogs = FakeDialogs()
    window = open_window(qtbot, store, Clock(START), dialogs)
    window_key(qtbot, window, Qt.Key.Key_8, CTRL)
    screen = window.current_screen()
    assert isinstance(screen, ReviewScreen)
    return window, screen, dialogs


def _walking(qtbot: QtBot, store: Store) -> tuple[MainWindow, ReviewScreen]:
    """The review sprint's review opened in presenter mode (F11, O), on its first story."""
    make_review_sprint(store)
    window, screen, _ = _review(qtbot, store)
    window_key(qtbot, window, Qt.Key.Key_F11)
    window_key(qtbot, window, Qt.Key.Key_O)
    return window, screen


def _lines(window: MainWindow) -> list[str]:
    marks = find(window, QListWidget, "review_marks")
    return [marks.item(i).text() for i in range(marks.count())]


def test_without_an_active_sprint_opening_says_why_inline(qtbot: QtBot, store: Store) -> None:
    make_team(store, stories=1)
    window, _screen, dialogs = _review(qtbot, store)
    assert text(window, "review_title") == "Press Open to open the review of the sprint"
    click(qtbot, window, "review_open")
    assert text(window, "review_error") == (
        "✗ No sprint to review: a sprint starts when its planning closes"
    )
    assert dialogs.errors == []
    assert rows(store, "SELECT count(*) FROM ceremony_run") == [(0,)]


def test_before_it_opens_the_room_sees_what_the_review_will_walk(
    qtbot: QtBot, store: Store
) -> None:
    make_review_sprint(store)
    window, screen, _ = _review(qtbot, store)
    walk = "Sprint 1: 4 stories to walk, 3 forecast and 1 added mid-sprint"
    assert text(window, "review_notes_line") == walk
    assert find(window, QLabel, "review_notes_line").isVisible()
    window_key(qtbot, window, Qt.Key.Key_F11)
    assert text(window, "review_title") == "Press O to open the review of the sprint"
    assert text(window, "review_notes_line") == walk  # the room reads it too
    assert screen.room_view().footer == walk  # and so does the room window
    window_key(qtbot, window, Qt.Key.Key_O)
    assert text(window, "review_progress").startswith("REVIEW · Sprint 1 · story 1 of 4")
    assert text(window, "review_notes_line") != walk  # the walk itself is on the stage now


def test_marks_show_live_the_verdict_follows_and_undo_takes_a_mark_back(
    qtbot: QtBot, store: Store
) -> None:
    make_review_sprint(store)
    window, _screen, _ = _review(qtbot, store)
    assert not find(window, QListWidget, "review_marks").isVisible()  # no empty box before
    click(qtbot, window, "review_open")
    assert find(window, QListWidget, "review_marks").isVisible()
    assert _lines(window) == [
        "· 1. Criterion 1 of PAYM-1",
        "· 2. Criterion 2 of PAYM-1",
        "· DoD: Tested",
        "· DoD: Code reviewed",
    ]
    assert text(window, "review_verdict") == (
        "Verdict: not walked yet: mark 2 criteria and 2 DoD items"
    )
    find(window, QListWidget, "review_marks").setCurrentRow(1)
    click(qtbot, window, "review_fail")
    assert _lines(window)[1] == "✗ 2. Criterion 2 of PAYM-1"
    # The choice moved on to the next line: marking the lines in turn needs no arrow key.
    assert find(window, QListWidget, "review_marks").currentRow() == 2
    assert text(window, "review_verdict") == (
        "Verdict: not walked yet: mark 1 criterion and 2 DoD items"
    )
    window_key(qtbot, window, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: _lines(window)[1] == "· 2. Criterion 2 of PAYM-1")
    assert rows(store, "SELECT count(*) FROM review_criterion_mark") == [(0,)]


def test_closing_early_and_a_question_made_a_story_are_refused_inline(
    qtbot: QtBot, store: Store
) -> None:
    make_review_sprint(store)
    window, _screen, dialogs = _review(qtbot, store)
    click(qtbot, window, "review_open")
    click(qtbot, window, "review_close")
    assert text(window, "review_error").startswith("✗ The review cannot close yet: walk PAYM-1 (")
    type_into(qtbot, window, "review_note_text", "Does it work offline?")
    type_into(qtbot, window, "review_note_by", "Maria")
    click(qtbot, window, "review_capture")
    notes = find(window, QListWidget, "review_notes")
    assert notes.item(0).text() == "Question about PAYM-1: Does it work offline? (Maria)"
    notes.setCurrentRow(0)
    click(qtbot, window, "review_make_story")
    assert text(window, "review_error") == (
        "✗ Only a feedback becomes a backlog story; answer the question instead"
    )
    click(qtbot, window, "review_capture")  # the field is empty now
    assert text(window, "review_error").startswith("✗ What was said")
    click(qtbot, window, "review_record_deployment")
    assert text(window, "review_error").startswith("✗ What was deployed")
    find(window, QLineEdit, "review_deployed_at").setText("last Tuesday")
    type_into(qtbot, window, "review_deployed_what", "Payments 2.4")
    click(qtbot, window, "review_record_deployment")
    assert text(window, "review_error") == (
        "✗ Deployed at: write the date and time as 2026-11-27 14:00"
    )
    find(window, QLineEdit, "review_deployed_at").setText("2026-11-28 09:00")
    click(qtbot, window, "review_record_deployment")
    assert text(window, "review_error") == (
        "✗ Deployed at: a deployment being recorded cannot be in the future"
    )
    assert rows(store, "SELECT count(*) FROM sprint_deployment") == [(0,)]
    assert dialogs.errors == []
    assert rows(store, "SELECT count(*) FROM story") == [(6,)]


def test_presenter_keys_the_stage_prompt_and_the_room_window(qtbot: QtBot, store: Store) -> None:
    make_review_sprint(store)
    window, screen, _ = _review(qtbot, store)
    room = window.room.open()
    qtbot.addWidget(room)
    window_key(qtbot, window, Qt.Key.Key_F11)
    assert screen.presenter_keys() == KEYS_IDLE
    assert not find(window, QPushButton, "review_open").isVisible()  # no editing chrome
    window_key(qtbot, window, Qt.Key.Key_O)
    assert screen.presenter_keys() == KEYS_WALK
    qtbot.waitUntil(lambda: room.findChild(QLabel, "room_title").text() == "PAYM-1  Story number 1")
    window_key(qtbot, window, Qt.Key.Key_F)
    qtbot.waitUntil(lambda: "✗ 1. Criterion 1 of PAYM-1" in "\n".join(room.section_texts()))
    window_key(qtbot, window, Qt.Key.Key_Q)
    assert screen.presenter_keys() == KEYS_PROMPT
    key(qtbot, Qt.Key.Key_Return)  # nothing typed: refused in the prompt, which stays open
    assert text(window, "review_prompt_message") == "✗ What was said: must not be empty"
    type_here(qtbot, "Which markets first?")
    key(qtbot, Qt.Key.Key_Return)
    assert text(window, "review_prompt_question") == "Who said it?"
    assert screen.presenter_keys() == CHOOSE_KEYS  # a list: Return alone picks nothing yet
    choose(qtbot, "Anna PO")
    assert screen.presenter_keys() == KEYS_WALK
    assert text(window, "review_notes_line") == "1 question · 0 feedback"
    assert rows(store, "SELECT text, by_name FROM review_note") == [
        ("Which markets first?", "Anna PO")
    ]
    window_key(qtbot, window, Qt.Key.Key_M)
    assert text(window, "review_error") == (
        "✗ No feedback to make a story of: capture one first (K)"
    )
    window_key(qtbot, window, Qt.Key.Key_Left)
    assert text(window, "review_error") == "This is the first story of the 4 to review"


def test_on_the_stage_who_said_it_is_a_stakeholder_or_a_name_typed(
    qtbot: QtBot, store: Store
) -> None:
    window, screen = _walking(qtbot, store)
    window_key(qtbot, window, Qt.Key.Key_K)
    answer(qtbot, "Show the fee before paying")
    choices = find(window, QListWidget, "review_prompt_choices")
    shown = [choices.item(row).text() for row in range(choices.count())]
    assert shown == [
        "Anna PO",
        "Joao SM",
        "Lucas Engineer",
        "Tomas QA",
        "A stakeholder",
        "Someone else: type the name",
    ]
    choose(qtbot, "A stakeholder")
    window_key(qtbot, window, Qt.Key.Key_Q)
    answer(qtbot, "When does it ship?")
    choose(qtbot, "Someone else")
    assert text(window, "review_prompt_question") == "Who said it? Type the name"
    answer(qtbot, "  ")  # no name: refused under the question, which stays open
    assert text(window, "review_prompt_message") == (
        "✗ Said by: type the name (or Esc, then choose “A stakeholder”)"
    )
    answer(qtbot, "Maria from Sales")
    assert screen.presenter_keys() == KEYS_WALK
    assert rows(store, "SELECT kind, by_name FROM review_note ORDER BY id") == [
        ("feedback", "a stakeholder"),
        ("question", "Maria from Sales"),
    ]
    notes = find(window, QListWidget, "review_notes")
    assert notes.item(1).text() == "Question about PAYM-1: When does it ship? (Maria from Sales)"
    # Esc on the way drops the question: nothing is captured.
    window_key(qtbot, window, Qt.Key.Key_Q)
    answer(qtbot, "Dropped question")
    key(qtbot, Qt.Key.Key_Escape)
    assert screen.presenter_keys() == KEYS_WALK
    assert window.presenter.active
    assert len(rows(store, "SELECT id FROM review_note")) == 2


def test_tab_never_traps_in_the_review_screen(qtbot: QtBot, store: Store) -> None:
    make_review_sprint(store)
    window, _screen, _ = _review(qtbot, store)
    click(qtbot, window, "review_open")
    visited = walk_tab_order(qtbot, find(window, QPushButton, "review_prev"))
    names = {w.objectName() for w in visited}
    for name in ("review_marks", "review_note_text", "review_notes", "review_record_defect"):
        assert name in names


def test_a_criterion_reworded_elsewhere_shows_on_the_stage(qtbot: QtBot, store: Store) -> None:
    rs = make_review_sprint(store)
    window, _screen, _ = _review(qtbot, store)
    click(qtbot, window, "review_open")
    criterion = rs.criteria[rs.stories[0]][0]
    window.ctx.actions.run(
        lambda s, c: edit.edit_criterion(s, c, criterion, "Given a EUR card, the rate shows"),
        window.ctx.action(rs.team.team),
        errors=lambda _message: None,
    )
    assert _lines(window)[0] == "· 1. Given a EUR card, the rate shows"


def test_in_presenter_mode_at_1280_by_720_the_line_being_marked_is_in_view_whole(
    qtbot: QtBot, demo_store: Store
) -> None:
    # The demo's criteria are long and wrap in presenter type. The list scrolled a whole entry
    # at a time: marking down the list left a blank band under the last line, and the first
    # criterion out of view, with room to spare on the stage below the verdict.
    now = dt.datetime.combine(DEMO_TODAY, dt.time(10, tzinfo=dt.UTC))
    window = open_window(qtbot, demo_store, Clock(now))
    window_key(qtbot, window, Qt.Key.Key_8, CTRL)
    window.presenter.enter()
    window.showNormal()
    window.resize(1280, 720)
    window_key(qtbot, window, Qt.Key.Key_O)
    marks = find(window, QListWidget, "review_marks")
    qtbot.waitUntil(lambda: marks.count() > 0)
    rects = lambda: [marks.visualRect(marks.model().index(r, 0)) for r in range(marks.count())]  # noqa: E731
    assert any(rect.height() > marks.sizeHintForRow(0) for rect in rects())  # a criterion wraps
    for row in range(marks.count()):
        window_key(qtbot, window, Qt.Key.Key_P)
        QApplication.processEvents()
        view, shown = marks.viewport().rect(), rects()
        assert view.contains(shown[min(row + 1, marks.count() - 1)])  # the next line to mark
        if not all(view.contains(rect) for rect in shown):  # too tall for the stage: it scrolls
            assert shown[-1].bottom() >= view.bottom(), "a blank band under the last line"
            stage = find(window, QWidget, "review_stage")
            verdict = find(window, QLabel, "review_verdict")
            assert verdict.geometry().bottom() >= stage.height() - 12, "room left unused"
        assert text(window, "review_error").startswith("✓ Passed: ")
    assert text(window, "review_verdict") == "Verdict: Done"
    assert text(window, "review_error") == "✓ Passed: DoD: " + _lines(window)[-1].split("DoD: ")[1]


def test_space_and_n_typed_in_a_choice_list_leave_the_timer_alone(
    qtbot: QtBot, store: Store
) -> None:
    # The hint line names no timer key while a question is open; Space typed in "Who said
    # it?" used to pause the clock behind it, and N to move the agenda on.
    window, _screen = _walking(qtbot, store)
    status, item = text(window, "timer_status"), text(window, "timer_item")
    assert "paused" not in status  # opening the review started the clock
    assert "left" in status
    window_key(qtbot, window, Qt.Key.Key_Q)
    answer(qtbot, "Which markets first?")
    assert text(window, "review_prompt_question") == "Who said it?"
    for typed in (Qt.Key.Key_Space, Qt.Key.Key_N, Qt.Key.Key_Plus):
        key(qtbot, typed)
    assert "paused" not in text(window, "timer_status")
    assert text(window, "timer_item") == item
    assert text(window, "review_prompt_question") == "Who said it?"  # still asking
    key(qtbot, Qt.Key.Key_Escape)  # the question dropped: Space is the timer's again
    assert not find(window, QWidget, "review_prompt").isVisible()
    window_key(qtbot, window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: "paused" in text(window, "timer_status"))


def test_back_on_a_story_half_walked_the_cursor_is_on_its_first_line_to_mark(
    qtbot: QtBot, store: Store
) -> None:
    window, _screen = _walking(qtbot, store)
    marks = find(window, QListWidget, "review_marks")
    for _ in range(2):
        window_key(qtbot, window, Qt.Key.Key_P)
    assert marks.currentRow() == 2
    window_key(qtbot, window, Qt.Key.Key_Right)
    assert marks.currentRow() == 0  # a story not walked yet starts at its first line
    window_key(qtbot, window, Qt.Key.Key_Left)
    assert _lines(window)[:3] == [
        "✓ 1. Criterion 1 of PAYM-1",
        "✓ 2. Criterion 2 of PAYM-1",
        "· DoD: Tested",
    ]
    assert marks.currentRow() == 2  # P goes on where the walk stopped, not at line 1 again
    window_key(qtbot, window, Qt.Key.Key_P)
    assert _lines(window)[2] == "✓ DoD: Tested"
