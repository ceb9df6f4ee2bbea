"""S2 — refinement (step 1) and the timer surviving a restart (step 4), on the demo database.

Driven through the real main window with an injected clock. The top of the demo backlog on
:data:`DEMO_TODAY` is PAY-56 (Ready), PAY-57, then PAY-58: no criteria, one assumption not
reviewed, an estimate of 5 not committed. The room walks to PAY-58 and makes it Ready.

Product gaps met on the way are collected (:class:`Gaps`) and the test is marked xfail at the
end, after every later step has still been checked through the nearest working path.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from facilitator.store.db import Store
from facilitator.ui.main_window import MainWindow
from facilitator.ui.screens.refinement import KEYS_LINE, RefinementScreen
from tests.conftest import DEMO_TODAY
from tests.helpers.scenario import (
    BERLIN,
    Clock,
    FakeDialogs,
    Gaps,
    click,
    click_row,
    find,
    focused_name,
    open_window,
    rows,
    text,
    type_into,
    window_key,
)

START = dt.datetime.combine(DEMO_TODAY, dt.time(10), tzinfo=BERLIN)
REFINEMENT_ROW = 3  # Home, Team, Backlog, Refinement
CRITERION = "Given a failed retry, when the rate changed, then the new rate is shown"
ASSUMPTION = "The card processor's sandbox supports this flow"  # PAY-58's, in the demo
NOT_WIRED = (
    "Refinement: 'Start refinement' (refine_start) does not start the top-bar timer "
    "(timer_clock stays at the full timebox, timer_start_pause still reads '▶ Start')"
)


def _open_refinement(qtbot: QtBot, window: MainWindow) -> RefinementScreen:
    click_row(qtbot, find(window, QListWidget, "nav"), REFINEMENT_ROW)
    screen = window.current_screen()
    assert isinstance(screen, RefinementScreen)
    assert window.timer.isVisible()
    return screen


def _timer_running(window: MainWindow) -> bool:
    view = window.timer.view
    return view is not None and view.state.is_running


def _start_refinement(qtbot: QtBot, window: MainWindow, gaps: Gaps) -> None:
    """Press Start; the timer should start at the timebox (else start it by its own button)."""
    assert text(window, "timer_clock") == "2:00:00"  # two-week sprints: a 2 h refinement
    assert text(window, "timer_status").startswith("Ready · timebox 2:00:00")
    click(qtbot, window, "refine_start")
    wired = gaps.check(
        _timer_running(window) and window.timer.start_pause.text() == "❚❚ Pause", NOT_WIRED
    )
    if not wired:
        click(qtbot, window, "timer_start_pause")  # the facilitator starts it by hand
    assert _timer_running(window)
    assert text(window, "timer_clock") == "2:00:00"
    assert window.timer.start_pause.text() == "❚❚ Pause"


def _leave_presenter(qtbot: QtBot, window: MainWindow, gaps: Gaps) -> None:
    """Esc leaves presenter mode (the key line says so); F11 when Esc does not."""
    window_key(qtbot, window, Qt.Key.Key_Escape)
    if not gaps.check(
        not window.presenter.active,
        "Refinement in presenter mode: Esc does not leave presenter mode — the window's "
        "'presenter_leave' action and RefinementScreen's own Escape QShortcut are both "
        "WindowShortcut, so the key is ambiguous and neither fires",
    ):
        window_key(qtbot, window, Qt.Key.Key_F11)
    assert not window.presenter.active


def test_s2_refinement_in_presenter_mode(qtbot: QtBot, demo_store: Store) -> None:
    gaps = Gaps()
    clock = Clock(START)
    dialogs = FakeDialogs()
    window = open_window(qtbot, demo_store, clock, dialogs)
    screen = _open_refinement(qtbot, window)
    assert text(window, "refine_title").startswith("Press Start")
    _start_refinement(qtbot, window, gaps)
    assert text(window, "refine_progress") == "REFINEMENT · story 1 of 12"
    assert text(window, "refine_title") == "PAY-56  Show the receipt for EU merchants"
    ((session_id, ended),) = rows(demo_store, "SELECT id, ended_at FROM refinement_session")
    assert ended is None

    # Presenter mode (F11): one story at a time, large type, the keys at the bottom.
    window_key(qtbot, window, Qt.Key.Key_F11)
    assert window.presenter.active
    assert not find(window, QWidget, "refine_controls").isVisible()
    assert not find(window, QListWidget, "nav").isVisible()
    keys = find(window, QLabel, "refine_keys")
    assert keys.isVisible()
    assert keys.text() == KEYS_LINE
    assert find(window, QLabel, "refine_criteria").font().pixelSize() >= 28
    gaps.check(
        find(window, QLabel, "refine_title").font().pixelSize() >= 40,
        "Presenter mode in the real window: refine_title and refine_progress show at the 28 px "
        "body size, not 40–56 px — the window's presenter_stylesheet (QWidget font-size) "
        "overrides RefinementScreen.set_presenter's QFont pixel sizes; the labels lack the "
        "role='heading' property the style sheet uses for headings",
    )
    assert window.timer.isVisible()

    # Walk the top stories with →, back with ←.
    window_key(qtbot, window, Qt.Key.Key_Right)
    assert text(window, "refine_progress") == "REFINEMENT · story 2 of 12"
    window_key(qtbot, window, Qt.Key.Key_Right)
    window_key(qtbot, window, Qt.Key.Key_Right)
    assert text(window, "refine_progress") == "REFINEMENT · story 4 of 12"
    window_key(qtbot, window, Qt.Key.Key_Left)
    assert text(window, "refine_progress") == "REFINEMENT · story 3 of 12"
    assert text(window, "refine_title") == "PAY-58  Retry customer IBANs with the exchange rate"
    readiness = text(window, "refine_readiness").splitlines()
    assert readiness == [
        "! no acceptance criteria yet",
        "! 1 of 1 assumptions not reviewed by an engineer",
        "! estimate 5 not committed by the team",
        "✓ dependencies resolved or called out",
    ]
    assert text(window, "refine_criteria") == "No acceptance criteria yet."
    clock.advance(minutes=7)

    # E edit: back to the editing controls with the cursor in the new-criterion field.
    window_key(qtbot, window, Qt.Key.Key_E)
    gaps.check(
        find(window, QLineEdit, "criterion_text").isVisible()
        and focused_name() == "criterion_text",
        "Refinement in presenter mode: E ('E edit' on the key line) focuses criterion_text "
        "inside refine_controls, which presenter mode hides, so nothing can be typed",
    )
    if window.presenter.active:
        _leave_presenter(qtbot, window, gaps)
    type_into(qtbot, window, "criterion_text", CRITERION)
    click(qtbot, window, "criterion_add")
    assert not find(window, QLabel, "criterion_error").isVisible()
    window_key(qtbot, window, Qt.Key.Key_F11)  # back to what the room sees
    assert window.presenter.active
    assert text(window, "refine_criteria") == f"1. {CRITERION}"

    # R: the assumptions are marked reviewed (by the engineer picked in the editor).
    reviewer = screen.editor.assumption_reviewer.currentText().split(" (")[0]
    window_key(qtbot, window, Qt.Key.Key_R)
    assert "✓ assumptions reviewed" in text(window, "refine_readiness")

    # P poker: 3, 5, 5, 8 → the spread on the stage → 5 committed.
    window_key(qtbot, window, Qt.Key.Key_P)
    gaps.check(
        find(window, QLineEdit, "poker_vote_0").isVisible() and focused_name() == "poker_vote_0",
        "Refinement in presenter mode: P ('P poker') focuses poker_vote_0 inside "
        "refine_controls, which presenter mode hides, so nobody can vote",
    )
    if window.presenter.active:
        _leave_presenter(qtbot, window, gaps)
    voters = list(screen.poker.votes)  # the delivery team, each with a hidden field
    assert len(voters) == 6
    assert "Anna Becker" not in voters  # the PO does not estimate
    for index, vote in enumerate(("3", "5", "5", "8")):
        field = find(window, QLineEdit, f"poker_vote_{index}")
        assert field.echoMode() == QLineEdit.EchoMode.Password  # hidden until revealed
        type_into(qtbot, window, f"poker_vote_{index}", vote)
    click(qtbot, window, "poker_reveal")
    votes = dict(zip(voters, (3, 5, 5, 8), strict=False))
    spread = "Spread 3–8 (suggested 5) · " + ", ".join(f"{n} {v}" for n, v in votes.items())
    assert text(window, "poker_spread") == spread
    assert text(window, "refine_poker") == spread  # the room sees it on the stage
    assert find(window, QLineEdit, "poker_agreed").text() == "5"
    with qtbot.waitSignal(screen.poker.committed):
        click(qtbot, window, "poker_commit")
    window_key(qtbot, window, Qt.Key.Key_F11)
    assert window.presenter.active
    assert find(window, QLabel, "refine_poker").isVisible()
    assert text(window, "refine_readiness").splitlines() == [
        "✓ 1 criterion written",
        "✓ assumptions reviewed",
        "✓ estimate 5 committed",
        "✓ dependencies resolved or called out",
    ]

    # The timer kept running through the walk (7 minutes so far).
    qtbot.waitUntil(lambda: text(window, "timer_clock") == "1:53:00")

    # Finish (a button of the editing view): the summary lists what changed.
    window_key(qtbot, window, Qt.Key.Key_Right)
    assert text(window, "refine_progress") == "REFINEMENT · story 4 of 12"
    _leave_presenter(qtbot, window, gaps)
    click(qtbot, window, "refine_finish")
    assert text(window, "refine_title") == "3 changes in this session"
    gaps.check(
        text(window, "timer_status").startswith("✓ Finished"),
        "Refinement: 'Finish and show summary' (refine_finish) leaves the top-bar timer running",
    )
    assert text(window, "refine_summary").splitlines() == [
        f"• PAY-58: criterion added: “{CRITERION}”",
        f"• PAY-58: assumption reviewed by {reviewer}: “{ASSUMPTION}”",
        "• PAY-58: estimate 5 committed after planning poker (spread 3–8 (suggested 5))",
    ]

    # What the database holds.
    ((story_id, estimate, committer, committed_at),) = rows(
        demo_store,
        "SELECT s.id, s.estimate, m.name, s.estimate_committed_at FROM story s "
        "JOIN member m ON m.id = s.estimate_committed_by_id WHERE s.key = 'PAY-58'",
    )
    assert (estimate, committer) == (5.0, screen.poker.by.currentText().split(" (")[0])
    assert committed_at is not None
    assert rows(
        demo_store,
        "SELECT text, author FROM acceptance_criterion WHERE story_id = :s",
        s=story_id,
    ) == [(CRITERION, "Anna Becker")]
    assert rows(
        demo_store,
        "SELECT m.name FROM assumption a LEFT JOIN member m ON m.id = a.reviewed_by_id "
        "WHERE a.story_id = :s",
        s=story_id,
    ) == [(reviewer,)]
    ((round_id, agreed, round_session),) = rows(
        demo_store, "SELECT id, agreed, session_id FROM poker_round WHERE story_id = :s", s=story_id
    )
    assert (agreed, round_session) == (5.0, session_id)
    assert sorted(
        rows(demo_store, "SELECT voter, value FROM poker_vote WHERE round_id = :r", r=round_id)
    ) == sorted((name, float(value)) for name, value in votes.items())
    assert rows(
        demo_store,
        "SELECT ended_at IS NOT NULL FROM refinement_session WHERE id = :s",
        s=session_id,
    ) == [(1,)]
    assert [
        kind
        for (kind,) in rows(
            demo_store,
            "SELECT kind FROM refinement_change WHERE session_id = :s ORDER BY id",
            s=session_id,
        )
    ] == ["criterion", "assumption", "estimate"]
    assert dialogs.errors == []
    gaps.finish()


def test_s2_timer_resumes_after_quitting(qtbot: QtBot, demo_store: Store) -> None:
    gaps = Gaps()
    clock = Clock(START)
    window = open_window(qtbot, demo_store, clock)
    _open_refinement(qtbot, window)
    _start_refinement(qtbot, window, gaps)
    clock.advance(minutes=3)
    qtbot.waitUntil(lambda: text(window, "timer_clock") == "1:57:00")

    # Quit during the timer; start the app again ten minutes later on the same database.
    window.close()
    assert not window.isVisible()
    clock.advance(minutes=10)
    again = open_window(qtbot, demo_store, clock)
    _open_refinement(qtbot, again)
    assert text(again, "timer_clock") == "1:47:00"
    assert _timer_running(again)
    assert again.timer.start_pause.text() == "❚❚ Pause"
    assert text(again, "timer_status").startswith("1:47:00 left")
    clock.advance(seconds=30)
    qtbot.waitUntil(lambda: text(again, "timer_clock") == "1:46:30")  # and it keeps running
    # The refinement itself carries on in the same session instead of starting over.
    assert text(again, "refine_progress").startswith("REFINEMENT · story 1 of")
    assert "Resumed the refinement started at" in text(again, "refine_error")
    assert not again.findChild(QPushButton, "refine_start").isEnabled()
    open_sessions = rows(demo_store, "SELECT id FROM refinement_session WHERE ended_at IS NULL")
    assert len(open_sessions) == 1
    gaps.finish()
