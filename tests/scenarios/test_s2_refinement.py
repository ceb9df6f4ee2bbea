"""S2 — refinement (step 1) and the timer surviving a restart (step 4), on the demo database.

Driven through the real main window with an injected clock, by keyboard alone, inside presenter
mode from start to finish. The top of the demo backlog on :data:`DEMO_TODAY` is PAY-56 (Ready),
PAY-57, then PAY-58: no criteria, one assumption not reviewed, an estimate of 5 not committed.
The room walks to PAY-58 and makes it Ready. Every step is a plain assert: a broken step fails.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from facilitator.store.db import Store
from facilitator.ui.keys_line import join_parts, key_group
from facilitator.ui.main_window import MainWindow
from facilitator.ui.presenter import CLOCK_HINTS, WINDOW_HINTS, ZOOM_HINTS
from facilitator.ui.screens.refinement import KEYS_LINES, RefinementScreen
from facilitator.ui.screens.refinement_layout import Mode
from tests.conftest import DEMO_TODAY
from tests.helpers.scenario import (
    BERLIN,
    Clock,
    FakeDialogs,
    find,
    focused,
    focused_name,
    key,
    open_window,
    rows,
    text,
    type_here,
    window_key,
)

START = dt.datetime.combine(DEMO_TODAY, dt.time(10), tzinfo=BERLIN)
CRITERION = "Given a failed retry, when the rate changed, then the new rate is shown"
ASSUMPTION = "The card processor's sandbox supports this flow"  # PAY-58's, in the demo
CTRL = Qt.KeyboardModifier.ControlModifier


def _open_refinement(qtbot: QtBot, window: MainWindow) -> RefinementScreen:
    window_key(qtbot, window, Qt.Key.Key_4, CTRL)  # Home, Team, Backlog, Refinement
    screen = window.current_screen()
    assert isinstance(screen, RefinementScreen)
    assert window.timer.isVisible()
    return screen


def _timer_running(window: MainWindow) -> bool:
    view = window.timer.view
    return view is not None and view.state.is_running


def _keys(window: MainWindow) -> str:
    return text(window, "refine_keys")


def _start_in_presenter_mode(qtbot: QtBot, window: MainWindow) -> None:
    """F11, then S: the walk and the top-bar timer start together, from the full timebox."""
    assert text(window, "timer_clock") == "2:00:00"  # two-week sprints: a 2 h refinement
    assert text(window, "timer_status").startswith("Ready · timebox 2:00:00")
    window_key(qtbot, window, Qt.Key.Key_F11)
    assert window.presenter.active
    assert text(window, "refine_title").startswith("Press S to walk the top of the backlog")
    assert _keys(window) == KEYS_LINES[Mode.IDLE] == key_group("S", "start refinement")
    window_key(qtbot, window, Qt.Key.Key_S)
    assert _timer_running(window)
    assert text(window, "timer_clock") == "2:00:00"
    assert window.timer.start_pause.text() == "❚❚ Pause"


def test_s2_refinement_in_presenter_mode_by_keyboard_alone(qtbot: QtBot, demo_store: Store) -> None:
    clock = Clock(START)
    dialogs = FakeDialogs()
    window = open_window(qtbot, demo_store, clock, dialogs)
    screen = _open_refinement(qtbot, window)
    _start_in_presenter_mode(qtbot, window)

    # One story at a time, large type, the keys at the bottom, no editing chrome.
    assert text(window, "refine_progress") == "REFINEMENT · story 1 of 12"
    assert text(window, "refine_title") == "PAY-56  Show the receipt for EU merchants"
    ((session_id, ended),) = rows(
        demo_store,
        "SELECT id, ended_at FROM ceremony_run WHERE ceremony = 'refinement' "
        "ORDER BY id DESC LIMIT 1",  # the newest: the demo holds past sprints' runs
    )
    assert ended is None
    assert not find(window, QWidget, "refine_controls").isVisible()
    assert not find(window, QListWidget, "nav").isVisible()
    assert find(window, QLabel, "refine_keys").isVisible()
    assert _keys(window) == KEYS_LINES[Mode.WALK]
    # One agenda item: N is not offered.
    assert text(window, "presenter_hints") == join_parts(CLOCK_HINTS, WINDOW_HINTS)
    assert find(window, QLabel, "refine_criteria").font().pixelSize() >= 28
    assert find(window, QLabel, "refine_title").font().pixelSize() >= 40

    # Walk the top stories with →, back with ←; at the first story ← says so.
    window_key(qtbot, window, Qt.Key.Key_Left)
    assert text(window, "refine_error") == "This is the first story of the 12 to refine"
    window_key(qtbot, window, Qt.Key.Key_Right)
    assert text(window, "refine_progress") == "REFINEMENT · story 2 of 12"
    window_key(qtbot, window, Qt.Key.Key_Right)
    window_key(qtbot, window, Qt.Key.Key_Right)
    assert text(window, "refine_progress") == "REFINEMENT · story 4 of 12"
    window_key(qtbot, window, Qt.Key.Key_Left)
    assert text(window, "refine_progress") == "REFINEMENT · story 3 of 12"
    assert text(window, "refine_title") == "PAY-58  Retry customer IBANs with the exchange rate"
    assert text(window, "refine_readiness").splitlines() == [
        "! no acceptance criteria yet",
        "! 1 of 1 assumptions not reviewed by an engineer",
        "! estimate 5 not committed by the team",
        "✓ dependencies resolved or called out",
    ]
    assert text(window, "refine_criteria") == "No acceptance criteria yet."
    clock.advance(minutes=7)

    # E: a new, empty criterion field on the stage, with the cursor in it; Return adds it.
    window_key(qtbot, window, Qt.Key.Key_E)
    assert window.presenter.active
    entry = find(window, QLineEdit, "refine_prompt_text")
    assert entry.isVisible()
    assert focused() is entry
    assert entry.text() == ""
    assert text(window, "refine_prompt_question") == (
        "New acceptance criterion 1 for PAY-58, written by Anna Becker (Product Owner):"
    )
    assert _keys(window) == KEYS_LINES[Mode.PROMPT]
    assert text(window, "presenter_hints") == ZOOM_HINTS  # letters are typing now
    type_here(qtbot, CRITERION)
    key(qtbot, Qt.Key.Key_Return)
    assert not entry.isVisible()
    assert text(window, "refine_criteria") == f"1. {CRITERION}"
    assert text(window, "refine_error") == "✓ Criterion 1 added to PAY-58 (E adds another)"
    assert _keys(window) == KEYS_LINES[Mode.WALK]

    # R: who reviewed the assumption? Nobody is chosen until the facilitator picks with ↓.
    window_key(qtbot, window, Qt.Key.Key_R)
    choices = find(window, QListWidget, "refine_prompt_choices")
    assert choices.isVisible()
    assert focused() is choices
    assert text(window, "refine_prompt_question").startswith(f"Who reviewed “{ASSUMPTION}”")
    entries = [choices.item(i).text() for i in range(choices.count())]
    assert len(entries) == 6  # the delivery team: engineers, tech lead, QA
    assert not any("Product Owner" in e or "Scrum master" in e for e in entries)
    key(qtbot, Qt.Key.Key_Return)  # nothing chosen yet: refused, nothing recorded
    assert text(window, "refine_prompt_message") == "✗ Choose with ↑ ↓ first, then press Return"
    key(qtbot, Qt.Key.Key_Down)
    key(qtbot, Qt.Key.Key_Down)
    reviewer = entries[1].split(" (")[0]
    key(qtbot, Qt.Key.Key_Return)
    assert not choices.isVisible()
    assert "✓ assumptions reviewed" in text(window, "refine_readiness")
    assert text(window, "refine_error") == f"✓ 1 assumption of PAY-58 reviewed by {reviewer}"

    # P: the votes, hidden; Return moves on, after the last vote to Reveal; Return reveals,
    # the agreed estimate gets the cursor with the suggestion, Return commits it.
    window_key(qtbot, window, Qt.Key.Key_P)
    assert window.presenter.active
    assert focused_name() == "poker_vote_0"
    assert find(window, QLineEdit, "poker_vote_0").isVisible()
    assert _keys(window) == KEYS_LINES[Mode.POKER]
    voters = list(screen.poker.votes)
    assert len(voters) == 6
    assert "Anna Becker" not in voters  # the PO does not estimate
    for index, vote in enumerate(("3", "5", "5", "8", "", "")):
        assert focused_name() == f"poker_vote_{index}"
        assert focused().echoMode() == QLineEdit.EchoMode.Password  # hidden until revealed
        type_here(qtbot, vote)
        key(qtbot, Qt.Key.Key_Return)
    assert focused_name() == "poker_reveal"
    key(qtbot, Qt.Key.Key_Return)
    votes = dict(zip(voters, (3, 5, 5, 8), strict=False))
    spread = "Spread 3–8 (suggested 5) · " + ", ".join(f"{n} {v}" for n, v in votes.items())
    assert text(window, "poker_spread") == spread
    assert text(window, "refine_poker") == spread  # the room sees it on the stage
    assert focused_name() == "poker_agreed"
    assert focused().text() == "5"
    committer = screen.poker.by.currentText().split(" (")[0]
    with qtbot.waitSignal(screen.poker.committed):
        key(qtbot, Qt.Key.Key_Return)
    assert window.presenter.active
    assert not find(window, QWidget, "refine_controls").isVisible()  # back to the story
    assert find(window, QLabel, "refine_poker").isVisible()
    assert text(window, "refine_error") == "✓ Estimate 5 committed for PAY-58"
    assert text(window, "refine_readiness").splitlines() == [
        "✓ 1 criterion written",
        "✓ assumptions reviewed",
        "✓ estimate 5 committed",
        "✓ dependencies resolved or called out",
    ]

    # The timer kept running through the walk (7 minutes so far).
    qtbot.waitUntil(lambda: text(window, "timer_clock") == "1:53:00")

    # F: finish, still in presenter mode: the summary lists what changed, the timer stops.
    window_key(qtbot, window, Qt.Key.Key_Right)
    assert text(window, "refine_progress") == "REFINEMENT · story 4 of 12"
    window_key(qtbot, window, Qt.Key.Key_F)
    assert window.presenter.active
    assert text(window, "refine_progress") == "REFINEMENT · summary"
    assert text(window, "refine_title") == "3 changes in this session"
    assert text(window, "timer_status").startswith("✓ Finished")
    assert find(window, QLabel, "refine_summary").isVisible()
    assert text(window, "refine_summary").splitlines() == [
        f"• PAY-58: criterion added: “{CRITERION}”",
        f"• PAY-58: assumption reviewed by {reviewer}: “{ASSUMPTION}”",
        "• PAY-58: estimate 5 committed after planning poker (spread 3–8 (suggested 5))",
    ]
    assert _keys(window) == KEYS_LINES[Mode.IDLE]

    # What the database holds.
    ((story_id, estimate, by, committed_at),) = rows(
        demo_store,
        "SELECT s.id, s.estimate, m.name, s.estimate_committed_at FROM story s "
        "JOIN member m ON m.id = s.estimate_committed_by_id WHERE s.key = 'PAY-58'",
    )
    assert (estimate, by) == (5.0, committer)
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
        demo_store, "SELECT id, agreed, run_id FROM poker_round WHERE story_id = :s", s=story_id
    )
    assert (agreed, round_session) == (5.0, session_id)
    assert sorted(
        rows(demo_store, "SELECT voter, value FROM poker_vote WHERE round_id = :r", r=round_id)
    ) == sorted((name, float(value)) for name, value in votes.items())
    assert rows(
        demo_store,
        "SELECT ended_at IS NOT NULL FROM ceremony_run WHERE id = :s",
        s=session_id,
    ) == [(1,)]
    assert [
        kind
        for (kind,) in rows(
            demo_store,
            "SELECT kind FROM run_change WHERE run_id = :s ORDER BY id",
            s=session_id,
        )
    ] == ["criterion", "assumption", "estimate"]
    assert dialogs.errors == []

    # Esc leaves presenter mode at the end.
    window_key(qtbot, window, Qt.Key.Key_Escape)
    assert not window.presenter.active
    assert find(window, QListWidget, "nav").isVisible()


def test_s2_timer_resumes_after_quitting(qtbot: QtBot, demo_store: Store) -> None:
    clock = Clock(START)
    window = open_window(qtbot, demo_store, clock)
    _open_refinement(qtbot, window)
    _start_in_presenter_mode(qtbot, window)
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
    open_sessions = rows(
        demo_store,
        "SELECT id FROM ceremony_run WHERE ceremony = 'refinement' AND ended_at IS NULL",
    )
    assert len(open_sessions) == 1
