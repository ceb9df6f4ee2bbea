"""S4 (retro half) — the previous experiment evaluated first, notes gathered (some anonymous,
hidden until revealed), grouped, voted, discussed, and one experiment decided with an owner and
a success measure; a second experiment and closing without one are refused with the reason.

Driven through the real main window in presenter mode (F11) by keyboard alone, with the room
window open beside it and every text it shows read for unrevealed notes.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QWidget
from pytestqt.qtbot import QtBot

from facilitator.domain.model import SprintState
from facilitator.store.db import Store
from facilitator.ui.main_window import SCREENS, MainWindow
from facilitator.ui.screens.retro import RetroScreen
from tests.helpers.retro_team import NOW, add_sprint, retro_team, run_to_close
from tests.helpers.scenario import Clock, find, key, open_window, rows, text, window_key
from tests.helpers.stage import (
    Pick,
    answer,
    choose,
    go_to,
    on_stage,
    open_room,
    room_texts,
    write_note,
)

CTRL = Qt.KeyboardModifier.ControlModifier
LATER = NOW + dt.timedelta(days=14)  # the last day of sprint 2
ANONYMOUS_TEXT = "Nobody reviews on Fridays"


def _retro(qtbot: QtBot, window: MainWindow) -> RetroScreen:
    screen = go_to(qtbot, window, "retro")
    assert isinstance(screen, RetroScreen)
    assert window.timer.isVisible()
    return screen


def test_s4_retro_by_keyboard_in_presenter_mode(qtbot: QtBot, store: Store) -> None:
    rt = retro_team(store)
    run_to_close(store, rt.team, NOW, "Pair on every review")  # sprint 1's retro
    add_sprint(store, rt.team, "Sprint 2", LATER.date(), SprintState.ACTIVE)
    clock = Clock(LATER)
    window = open_window(qtbot, store, clock)
    nav = find(window, QListWidget, "nav")
    row = [f.key for f in SCREENS].index("retro")
    qtbot.waitUntil(lambda: nav.item(row).text() == "Retro   ! 1")  # unevaluated experiment
    assert "“Pair on every review” (Lucas Engineer) is not evaluated yet" in text(
        window, "home_experiment"
    )
    screen = _retro(qtbot, window)
    room = open_room(qtbot, window)
    window_key(qtbot, window, Qt.Key.Key_F11)
    assert window.presenter.active

    # Phase 1: the previous experiment first; it cannot be skipped while unevaluated.
    window_key(qtbot, window, Qt.Key.Key_O)
    assert text(window, "retro_title") == "Did “Pair on every review” work?"
    assert "phase 1 of 6" in text(window, "retro_progress")
    window_key(qtbot, window, Qt.Key.Key_Right)
    assert "Evaluate last sprint's experiment “Pair on every review” first" in text(
        window, "retro_error"
    )
    assert "phase 1 of 6" in text(window, "retro_progress")
    on_stage(qtbot, window, Qt.Key.Key_E, Pick("worked"), "Reviews waited 3 h on average")
    assert "Outcome: worked" in text(window, "retro_details")
    window_key(qtbot, window, Qt.Key.Key_Right)
    assert "phase 2 of 6 · Gather" in text(window, "retro_progress")
    assert screen.view is not None
    assert screen.view.run.timer.current == 1

    # Phase 2: notes, one anonymous: a placeholder here, absent from the room until the reveal.
    write_note(qtbot, window, "Went well", "Anna PO", "Named", "Demos were crisp")
    write_note(qtbot, window, "To improve", "Tomas QA", "Anonymous", ANONYMOUS_TEXT)
    write_note(
        qtbot, window, "Time-zone friction", "Lucas Engineer", "Named", "Standup at 19:00 for me"
    )
    details = text(window, "retro_details")
    assert "Anonymous note, hidden until revealed (anonymous)" in details
    assert ANONYMOUS_TEXT not in details
    assert "3. Time-zone friction: Standup at 19:00 for me (Lucas Engineer)" in details
    shown = room_texts(room)
    assert not any(ANONYMOUS_TEXT in t or "hidden until revealed" in t for t in shown)
    assert any("Demos were crisp" in t for t in shown)
    window_key(qtbot, window, Qt.Key.Key_V)
    assert ANONYMOUS_TEXT in text(window, "retro_details")
    assert any(ANONYMOUS_TEXT in t for t in room_texts(room))

    # Phase 3: group by note numbers; then an accidental advance is taken back.
    window_key(qtbot, window, Qt.Key.Key_Right)
    on_stage(qtbot, window, Qt.Key.Key_G, "2 7")  # a note that is not there: said at once
    assert text(window, "retro_prompt_question") == "Which notes go together?"
    assert text(window, "retro_prompt_message") == "✗ There is no note 7 to group"
    key(qtbot, Qt.Key.Key_Escape)
    assert window.presenter.active
    on_stage(qtbot, window, Qt.Key.Key_G, "2 3", "Waiting and late hours")
    on_stage(qtbot, window, Qt.Key.Key_G, "1", "Demos")
    grouped = text(window, "retro_details")
    window_key(qtbot, window, Qt.Key.Key_Right)
    window_key(qtbot, window, Qt.Key.Key_Left)
    assert "phase 3 of 6 · Group" in text(window, "retro_progress")
    assert text(window, "retro_details") == grouped  # nothing lost
    window_key(qtbot, window, Qt.Key.Key_Right)

    # Phase 4: three dots each; a fourth is refused with the reason, on the stage.
    for _ in range(3):
        on_stage(qtbot, window, Qt.Key.Key_D, Pick("Tomas QA"), Pick("Waiting and late hours"))
    on_stage(qtbot, window, Qt.Key.Key_D, Pick("Tomas QA"), Pick("Demos"))
    assert text(window, "retro_prompt_message") == (
        "✗ Tomas QA has used all 3 votes: take one back to vote for “Demos”"
    )
    key(qtbot, Qt.Key.Key_Escape)
    assert window.presenter.active  # Esc closed the prompt only
    assert "3 dots · Waiting and late hours" in text(window, "retro_details")

    # Phase 5: the group with no votes stays available.
    window_key(qtbot, window, Qt.Key.Key_Right)
    window_key(qtbot, window, Qt.Key.Key_P)
    choose(qtbot, "Demos (0)")
    assert text(window, "retro_title") == "Discussing: Demos"

    # Phase 6: close without an experiment is refused; a bad measure is refused; then one.
    window_key(qtbot, window, Qt.Key.Key_Right)
    window_key(qtbot, window, Qt.Key.Key_C)
    assert "cannot close yet" in text(window, "retro_error")
    assert "decide the one experiment" in text(window, "retro_error")
    window_key(qtbot, window, Qt.Key.Key_X)
    answer(qtbot, "")  # nothing to change: refused at once, not after the last question
    assert text(window, "retro_prompt_question") == "What do we change?"
    assert "write the one change the team will try" in text(window, "retro_prompt_message")
    answer(qtbot, "Review pull requests the same day")
    choose(qtbot, "Lucas Engineer")
    answer(qtbot, "better reviews")
    answer(qtbot, "")
    assert "has nothing to count or compare" in text(window, "retro_prompt_message")
    key(qtbot, Qt.Key.Key_Escape)
    window_key(qtbot, window, Qt.Key.Key_X)
    answer(qtbot, "Review pull requests the same day")
    choose(qtbot, "Lucas Engineer")
    answer(qtbot, "no pull request waits over 8 hours")
    answer(qtbot, "2026-12-18")
    assert text(window, "retro_title") == "Experiment: Review pull requests the same day"
    window_key(qtbot, window, Qt.Key.Key_X)  # a second one: refused before any question
    assert "a second cannot be created" in text(window, "retro_error")
    assert not find(window, QWidget, "retro_prompt").isVisible()
    window_key(qtbot, window, Qt.Key.Key_C)
    assert text(window, "retro_title") == "✓ Retrospective closed"
    key(qtbot, Qt.Key.Key_Escape)
    assert not window.presenter.active

    run_id = rows(store, "SELECT run_id FROM retro WHERE closed_at IS NOT NULL ORDER BY run_id")[
        -1
    ][0]
    assert rows(
        store, "SELECT change, owner_name, check_on FROM experiment WHERE run_id = :r", r=run_id
    ) == [("Review pull requests the same day", "Lucas Engineer", "2026-12-18")]
    assert rows(store, "SELECT outcome, evidence FROM experiment WHERE run_id <> :r", r=run_id) == [
        ("worked", "Reviews waited 3 h on average")
    ]
    anonymous = rows(
        store, "SELECT author_id, author_name FROM retro_note WHERE text = :t", t=ANONYMOUS_TEXT
    )
    assert anonymous == [(None, None)]
