"""S4 (review half) — the review closes the sprint: every story walked in presenter mode by
keyboard alone, one failing a criterion goes back to the top of the backlog with the reason,
the others are Done; a feedback becomes a backlog story; a deployment and a defect are
recorded; the delivery figures come from the Done decisions."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot

from facilitator.ops.backlog import load_backlog
from facilitator.store.db import Store
from facilitator.ui.keys_line import key_group
from facilitator.ui.screens.review import ReviewScreen
from tests.helpers.review_sprint import make_review_sprint
from tests.helpers.scenario import (
    BERLIN,
    Clock,
    find,
    key,
    open_window,
    rows,
    text,
    type_here,
    window_key,
)
from tests.helpers.stage import choose, record_and_close_review

START = dt.datetime(2026, 11, 27, 14, 0, tzinfo=BERLIN)  # the Friday the sprint ends
CTRL = Qt.KeyboardModifier.ControlModifier


def _pass_all(qtbot: QtBot, window: ReviewScreen | object, lines: int) -> None:
    """P on every line: each mark moves the choice on to the next line by itself."""
    for _ in range(lines):
        window_key(qtbot, window, Qt.Key.Key_P)  # type: ignore[arg-type]


def test_s4_review_walks_every_story_by_keyboard_and_closes_the_sprint(
    qtbot: QtBot, store: Store
) -> None:
    rs = make_review_sprint(store)
    clock = Clock(START)
    window = open_window(qtbot, store, clock)
    window_key(qtbot, window, Qt.Key.Key_8, CTRL)
    screen = window.current_screen()
    assert isinstance(screen, ReviewScreen)
    assert window.timer.isVisible()  # a ceremony screen: the shared timer shows

    window_key(qtbot, window, Qt.Key.Key_F11)
    assert window.presenter.active
    assert key_group("O", "open the review") in screen.presenter_keys()
    window_key(qtbot, window, Qt.Key.Key_O)
    assert text(window, "review_progress") == "REVIEW · Sprint 1 · story 1 of 4"
    assert text(window, "review_title") == "PAYM-1  Story number 1"
    assert window.timer.view is not None  # the run's clock runs in the top bar

    # Closing before every story is walked is refused, with what is missing, on the stage.
    window_key(qtbot, window, Qt.Key.Key_C)
    assert text(window, "review_error").startswith("✗ The review cannot close yet: walk PAYM-1")

    # PAYM-1: both criteria pass and both DoD items hold → Done.
    _pass_all(qtbot, window, 4)
    assert text(window, "review_verdict") == "Verdict: Done"
    # A stakeholder's feedback, captured on the stage, becomes a backlog story with M.
    window_key(qtbot, window, Qt.Key.Key_K)
    type_here(qtbot, "Show the fee before paying")
    key(qtbot, Qt.Key.Key_Return)
    choose(qtbot, "A stakeholder")  # then who said it
    assert text(window, "review_notes_line") == "0 questions · 1 feedback"
    window_key(qtbot, window, Qt.Key.Key_M)
    assert text(window, "review_error") == "✓ PAYM-7 added to the backlog"

    # PAYM-2: its criterion fails in the demo → not Done, whatever the DoD says.
    window_key(qtbot, window, Qt.Key.Key_Right)
    assert text(window, "review_title") == "PAYM-2  Story number 2"
    window_key(qtbot, window, Qt.Key.Key_F)
    window_key(qtbot, window, Qt.Key.Key_P)
    window_key(qtbot, window, Qt.Key.Key_P)
    assert text(window, "review_verdict") == "Verdict: Not done: failed “Criterion 1 of PAYM-2”"
    room = screen.room_view()
    assert room.title == "PAYM-2  Story number 2"
    assert room.footer == "Verdict: Not done: failed “Criterion 1 of PAYM-2”"
    assert room.sections[0] == ("Acceptance criteria", ("✗ 1. Criterion 1 of PAYM-2",))

    # PAYM-3 and PAYM-4 (added mid-sprint) pass.
    for title in ("PAYM-3  Story number 3", "PAYM-4  Story number 4 (added mid-sprint)"):
        window_key(qtbot, window, Qt.Key.Key_Right)
        assert text(window, "review_title") == title
        _pass_all(qtbot, window, 3)
        assert text(window, "review_verdict") == "Verdict: Done"

    # Out of presenter mode, the deployment and the defect of the sprint, by keyboard; back in
    # presenter mode, C closes the review and the sprint.
    record_and_close_review(qtbot, window)
    assert screen.presenter_keys() == "The review is closed"
    key(qtbot, Qt.Key.Key_Escape)
    window_key(qtbot, window, Qt.Key.Key_3, CTRL)  # the Backlog: the failed story leads it
    table = find(window, QTableView, "backlog_table")
    model = table.model()
    top = [str(model.index(0, c).data()) for c in range(model.columnCount())]
    assert "PAYM-2" in top
    listing = load_backlog(store, rs.team.team)
    assert listing.keys[0] == "PAYM-2"
    assert "PAYM-7" in listing.keys
    assert rows(
        store, f"SELECT not_done_reason FROM sprint_story WHERE story_id={rs.stories[1]}"
    ) == [("failed “Criterion 1 of PAYM-2”",)]
    assert rows(store, "SELECT state FROM sprint") == [("closed",)]
    assert rows(store, "SELECT what FROM sprint_deployment") == [("Payments 2.4",)]
    assert rows(store, "SELECT kind, description FROM sprint_defect") == [
        ("escaped", "Receipt shows the wrong rate")
    ]
