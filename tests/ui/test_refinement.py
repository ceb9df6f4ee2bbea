"""Refinement ceremony (S2 step 1): walk stories, refine, poker 3 5 5 8 → 5 committed, summary."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from facilitator.ops.story_reading import load_story
from facilitator.store.db import Store
from facilitator.store.models import MemberRow
from facilitator.ui.context import UiContext
from facilitator.ui.main_window import SCREENS, MainWindow
from facilitator.ui.screens.refinement import KEYS_LINE, RefinementScreen
from tests.conftest import DEMO_TODAY
from tests.helpers.backlog_team import BacklogTeam, make_team, new_assumption
from tests.helpers.records import session_records

NOW = dt.datetime.combine(DEMO_TODAY, dt.time(10, tzinfo=dt.UTC))


def _add_voters(store: Store, team: BacklogTeam) -> None:
    with store.session() as session:  # two more delivery members: four voters in all
        for name, role in (("Marta Lead", "tech_lead"), ("Piotr Dev", "engineer")):
            session.add(
                MemberRow(
                    team_id=team.team,
                    name=name,
                    role=role,
                    side="outsourced",
                    seniority="mid",
                    timezone="Europe/Warsaw",
                    work_start_min=600,
                    work_end_min=1080,
                    active=True,
                )
            )


def _screen(qtbot: QtBot, store: Store) -> tuple[RefinementScreen, BacklogTeam]:
    team = make_team(store, stories=4)
    _add_voters(store, team)
    screen = RefinementScreen(UiContext(store=store, now=lambda: NOW))
    qtbot.addWidget(screen)
    screen.resize(1280, 900)
    screen.show()
    screen.show_team(team.team)
    return screen, team


def _text(screen: QWidget, name: str) -> str:
    return screen.findChild(QLabel, name).text()


def test_refinement_is_a_ceremony_screen(qtbot: QtBot, store: Store) -> None:
    screen, _team = _screen(qtbot, store)
    assert screen.ceremony == "refinement"
    assert not screen.findChild(QPushButton, "refine_next").isEnabled()
    assert "Press Start" in _text(screen, "refine_title")


def test_s2_walk_refine_poker_and_summary(qtbot: QtBot, store: Store) -> None:
    screen, team = _screen(qtbot, store)
    screen.findChild(QPushButton, "refine_start").click()
    assert _text(screen, "refine_progress") == "REFINEMENT · story 1 of 4"
    assert _text(screen, "refine_title") == "PAYM-1  Story number 1"
    assert "! no acceptance criteria yet" in _text(screen, "refine_readiness")

    # Add a criterion and an assumption, then mark it reviewed.
    editor = screen.editor
    editor.findChild(QLineEdit, "criterion_text").setText("The rate shown is the one charged")
    editor.findChild(QPushButton, "criterion_add").click()
    assert _text(screen, "refine_criteria") == "1. The rate shown is the one charged"
    editor.findChild(QLineEdit, "assumption_text").setText("Rates come from the rates service")
    editor.findChild(QPushButton, "assumption_add").click()
    # The button asks who reviewed it (nobody is chosen for the room): ↓ then Return.
    screen.findChild(QPushButton, "refine_reviewed").click()
    choices = screen.findChild(QListWidget, "refine_prompt_choices")
    assert choices.isVisible()
    assert screen.focusWidget() is choices
    qtbot.keyClick(choices, Qt.Key.Key_Down)
    qtbot.keyClick(choices, Qt.Key.Key_Return)
    assert not choices.isVisible()
    readiness = _text(screen, "refine_readiness")
    assert "✓ 1 criterion written" in readiness
    assert "✓ assumptions reviewed" in readiness

    # Planning poker: each estimate hidden until all are revealed at once; 3, 5, 5, 8.
    assert list(screen.poker.votes) == ["Lucas Engineer", "Marta Lead", "Piotr Dev", "Tomas QA"]
    votes = [screen.poker.findChild(QLineEdit, f"poker_vote_{i}") for i in range(4)]
    for vote, value in zip(votes, ("3", "5", "5", "8"), strict=True):
        assert vote.echoMode() == QLineEdit.EchoMode.Password
        vote.setText(value)
    screen.poker.findChild(QPushButton, "poker_reveal").click()
    assert all(v.echoMode() == QLineEdit.EchoMode.Normal for v in votes)
    spread = _text(screen.poker, "poker_spread")
    assert spread.startswith("Spread 3–8 (suggested 5) · Lucas Engineer 3, Marta Lead 5")
    assert _text(screen, "refine_poker") == spread  # the room sees the spread too
    assert screen.poker.findChild(QLineEdit, "poker_agreed").text() == "5"
    with qtbot.waitSignal(screen.poker.committed):
        screen.poker.findChild(QPushButton, "poker_commit").click()
    assert load_story(store, team.stories[0]).estimate == 5
    assert "✓ estimate 5 committed" in _text(screen, "refine_readiness")

    # Next story, then finish: the summary lists what changed.
    screen.findChild(QPushButton, "refine_next").click()
    assert _text(screen, "refine_progress") == "REFINEMENT · story 2 of 4"
    screen.findChild(QPushButton, "refine_finish").click()
    summary = _text(screen, "refine_summary")
    assert summary.splitlines() == [
        "• PAYM-1: criterion added: “The rate shown is the one charged”",
        "• PAYM-1: assumption added: “Rates come from the rates service”",
        "• PAYM-1: assumption reviewed by Lucas Engineer: “Rates come from the rates service”",
        "• PAYM-1: estimate 5 committed after planning poker (spread 3–8 (suggested 5))",
    ]
    assert _text(screen, "refine_title") == "4 changes in this session"
    assert not screen.findChild(QLabel, "refine_criteria_heading").isVisible()


def test_poker_refuses_bad_votes_inline(qtbot: QtBot, store: Store) -> None:
    screen, team = _screen(qtbot, store)
    screen.findChild(QPushButton, "refine_start").click()
    screen.poker.findChild(QPushButton, "poker_commit").click()
    error = screen.poker.findChild(QLabel, "poker_error")
    assert "Reveal the estimates" in error.text()
    screen.poker.findChild(QLineEdit, "poker_vote_0").setText("-3")
    screen.poker.findChild(QPushButton, "poker_reveal").click()
    assert error.isVisible()
    assert "is negative" in error.text()
    assert load_story(store, team.stories[0]).estimate is None


def test_presenter_mode_shows_one_story_in_large_type_with_keys(qtbot: QtBot, store: Store) -> None:
    screen, _team = _screen(qtbot, store)
    screen.findChild(QPushButton, "refine_start").click()
    body = screen.findChild(QLabel, "refine_criteria").font()
    screen.set_presenter(True)
    assert not screen.findChild(QWidget, "refine_controls").isVisible()
    assert screen.findChild(QLabel, "refine_keys").text() == KEYS_LINE
    assert screen.findChild(QLabel, "refine_criteria").font().pixelSize() >= 28
    assert screen.findChild(QLabel, "refine_title").font().pixelSize() >= 40
    enabled = {s.key().toString() for s in screen.shortcuts.values() if s.isEnabled()}
    assert enabled == {"Right", "Left", "Up", "Down", "R", "P", "E", "T", "F"}  # not S: started
    assert "Esc" not in enabled  # Esc belongs to the presenter controller alone
    screen.go(1)
    assert _text(screen, "refine_progress") == "REFINEMENT · story 2 of 4"
    screen.set_presenter(False)
    assert screen.findChild(QWidget, "refine_controls").isVisible()
    assert screen.findChild(QLabel, "refine_criteria").font() == body
    assert not any(s.isEnabled() for s in screen.shortcuts.values())  # typing stays typing


def _window(qtbot: QtBot, store: Store) -> tuple[MainWindow, RefinementScreen, BacklogTeam]:
    """The real main window on the refinement screen, active so shortcuts reach it."""
    team = make_team(store, stories=4)
    _add_voters(store, team)
    window = MainWindow(UiContext(store=store, now=lambda: NOW))
    window.timer._beep = lambda: None
    qtbot.addWidget(window)
    window.resize(1280, 720)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    row = next(i for i, factory in enumerate(SCREENS) if factory.title == "Refinement")
    window.findChild(QListWidget, "nav").setCurrentRow(row)
    screen = window.findChild(QWidget, "refinement_screen")
    assert isinstance(screen, RefinementScreen)
    assert window.timer.isVisible()
    return window, screen, team


def test_starting_refinement_starts_the_timer_and_finishing_finishes_it(
    qtbot: QtBot, store: Store
) -> None:
    window, screen, team = _window(qtbot, store)
    assert window.timer.view is not None
    assert not window.timer.view.state.is_started
    screen.findChild(QPushButton, "refine_start").click()
    assert window.timer.view.state.is_running  # S2: the timer starts at the timebox
    assert window.findChild(QLabel, "timer_clock").text() == "2:00:00"
    screen.findChild(QPushButton, "refine_finish").click()
    assert window.timer.view.state.is_finished
    (record,) = session_records(store, team.team)
    assert record.ended_at is not None
    # A second refinement starts a fresh timer session.
    screen.findChild(QPushButton, "refine_start").click()
    assert window.timer.view.state.is_running
    assert len(session_records(store, team.team)) == 2


def test_timer_start_alone_does_not_start_refinement(qtbot: QtBot, store: Store) -> None:
    window, screen, _team = _window(qtbot, store)
    window.timer.start_pause.click()
    assert window.timer.view is not None
    assert window.timer.view.state.is_running
    assert screen.run is None
    screen.findChild(QPushButton, "refine_start").click()  # the running clock keeps running
    assert window.timer.view.state.is_running


def test_presenter_keys_by_real_key_presses(qtbot: QtBot, store: Store) -> None:
    window, screen, team = _window(qtbot, store)
    new_assumption(store, team.stories[0], "Rates come from the rates service", NOW)
    screen.findChild(QPushButton, "refine_start").click()
    handle = window.windowHandle()
    qtbot.keyClick(handle, Qt.Key.Key_F11)
    assert window.presenter.active
    assert screen.presenter
    progress = screen.findChild(QLabel, "refine_progress")

    qtbot.keyClick(handle, Qt.Key.Key_Right)
    assert progress.text() == "REFINEMENT · story 2 of 4"
    qtbot.keyClick(handle, Qt.Key.Key_Left)
    assert progress.text() == "REFINEMENT · story 1 of 4"
    qtbot.keyClick(handle, Qt.Key.Key_R)  # who reviewed it? ↓ ↓ Return picks the second
    choices = screen.findChild(QListWidget, "refine_prompt_choices")
    qtbot.waitUntil(choices.hasFocus)
    qtbot.keyClick(choices, Qt.Key.Key_Down)
    qtbot.keyClick(choices, Qt.Key.Key_Down)
    qtbot.keyClick(choices, Qt.Key.Key_Return)
    assert "✓ assumptions reviewed" in screen.findChild(QLabel, "refine_readiness").text()
    assert load_story(store, team.stories[0]).assumptions[0].reviewed_by == "Marta Lead"
    assert window.presenter.active

    # Esc leaves through the presenter controller: window, chrome and screen all agree.
    qtbot.keyClick(handle, Qt.Key.Key_Escape)
    assert not window.presenter.active
    assert not screen.presenter
    assert not window.isFullScreen()
    assert window.findChild(QListWidget, "nav").isVisible()
    assert screen.findChild(QWidget, "refine_controls").isVisible()
    qtbot.keyClick(handle, Qt.Key.Key_Right)  # single keys are typing again, not navigation
    assert progress.text() == "REFINEMENT · story 1 of 4"

    # E stays in presenter mode: an empty field for a new criterion, on the stage, focused.
    qtbot.keyClick(handle, Qt.Key.Key_F11)
    assert window.presenter.active
    qtbot.keyClick(handle, Qt.Key.Key_E)
    assert window.presenter.active
    entry = screen.findChild(QLineEdit, "refine_prompt_text")
    qtbot.waitUntil(entry.hasFocus)
    assert entry.isVisible()
    assert entry.text() == ""
    qtbot.keyClick(entry, Qt.Key.Key_Escape)  # Esc closes the field, not presenter mode
    assert not entry.isVisible()
    assert window.presenter.active

    # P opens the poker votes, still in presenter mode, the cursor in the first vote.
    qtbot.keyClick(handle, Qt.Key.Key_P)
    assert window.presenter.active
    first_vote = screen.poker.findChild(QLineEdit, "poker_vote_0")
    qtbot.waitUntil(first_vote.hasFocus)
    assert first_vote.isVisible()
    assert not screen.editor.isVisible()  # the poker only, not the editing chrome


def test_in_presenter_mode_t_records_an_assumption_that_r_then_reviews(
    qtbot: QtBot, store: Store
) -> None:
    window, screen, team = _window(qtbot, store)
    assert not load_story(store, team.stories[0]).assumptions
    screen.findChild(QPushButton, "refine_start").click()
    handle = window.windowHandle()
    qtbot.keyClick(handle, Qt.Key.Key_F11)
    status = screen.findChild(QLabel, "refine_error")
    qtbot.keyClick(handle, Qt.Key.Key_R)  # nothing to review yet: the key that helps is named
    assert "has no technical assumptions to review (T adds one)" in status.text()

    qtbot.keyClick(handle, Qt.Key.Key_T)
    entry = screen.findChild(QLineEdit, "refine_prompt_text")
    qtbot.waitUntil(entry.hasFocus)
    assert window.presenter.active
    qtbot.keyClick(entry, Qt.Key.Key_Return)  # empty: refused inline, nothing saved
    assert entry.isVisible()
    assert not load_story(store, team.stories[0]).assumptions
    qtbot.keyClicks(entry, "Rates come from the rates service")
    qtbot.keyClick(entry, Qt.Key.Key_Return)
    assert not entry.isVisible()
    assert [a.text for a in load_story(store, team.stories[0]).assumptions] == [
        "Rates come from the rates service"
    ]
    assert "✓ Assumption 1 added" in status.text()
    assert "no technical assumptions recorded" not in _text(screen, "refine_readiness")

    qtbot.keyClick(handle, Qt.Key.Key_R)
    choices = screen.findChild(QListWidget, "refine_prompt_choices")
    qtbot.waitUntil(choices.hasFocus)
    qtbot.keyClick(choices, Qt.Key.Key_Down)
    qtbot.keyClick(choices, Qt.Key.Key_Return)
    assert load_story(store, team.stories[0]).assumptions[0].reviewed_by
    qtbot.keyClick(handle, Qt.Key.Key_F)
    assert "assumption added: “Rates come from the rates service”" in _text(
        screen, "refine_summary"
    )
