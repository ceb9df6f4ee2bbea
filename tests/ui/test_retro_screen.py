"""The Retro screen with pytest-qt: every refusal shown inline where the user acted, the
presenter keys listed are exactly the keys that work, and the room's view of every phase holds
no anonymous note before the reveal."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QPushButton
from pytestqt.qtbot import QtBot

from facilitator.domain.experiment import Outcome
from facilitator.domain.retro_notes import Column, GroupId, NoteId
from facilitator.domain.retro_phases import RetroPhase
from facilitator.ops import retro
from facilitator.ops.changes import ActionContext
from facilitator.ops.retro_reads import load_retro
from facilitator.store.db import Store, target_from
from facilitator.store.migrate import open_store
from facilitator.ui.context import UiContext
from facilitator.ui.keys_line import CHOOSE_KEYS, CONFIRM_KEYS, NO_BREAK_SPACE, key_group
from facilitator.ui.screens.retro import RetroScreen
from facilitator.ui.screens.retro_view import PHASE_KEYS, room_view_of, stage_texts
from tests.helpers.retro_team import NOW, RetroTeam, opened_run, retro_team, run_to_close
from tests.helpers.scenario import Clock, FakeDialogs, open_window, pick_data, window_key
from tests.helpers.stage import go_to

SECRET = "The PO skips refinement"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(target_from(tmp_path / "retro_ui.sqlite3"))
    yield opened
    opened.close()


@pytest.fixture
def rt(store: Store) -> RetroTeam:
    return retro_team(store)


def _screen(qtbot: QtBot, store: Store, rt: RetroTeam, now: dt.datetime = NOW) -> RetroScreen:
    screen = RetroScreen(UiContext(store=store, dialogs=FakeDialogs(), now=lambda: now))
    qtbot.addWidget(screen)
    screen.show_team(rt.team.team)
    screen.show()
    return screen


def _click(qtbot: QtBot, screen: RetroScreen, name: str) -> None:
    button = screen.findChild(QPushButton, name)
    assert button is not None
    assert button.isEnabled(), name
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _type(screen: RetroScreen, name: str, typed: str) -> None:
    field = screen.findChild(QLineEdit, name)
    assert field is not None
    field.setText(typed)


def _error(screen: RetroScreen) -> str:
    return screen.error.text()


def _phase(screen: RetroScreen) -> RetroPhase:
    assert screen.view is not None
    return screen.view.retro.phase


def test_the_forms_run_a_retro_and_refuse_bad_input_inline(
    qtbot: QtBot, store: Store, rt: RetroTeam
) -> None:
    t = rt.team
    screen = _screen(qtbot, store, rt)
    assert screen.close_button.isEnabled() is False
    _click(qtbot, screen, "retro_open")
    assert _phase(screen) is RetroPhase.EVALUATE
    _click(qtbot, screen, "retro_next")
    pick_data(screen.findChild(QComboBox, "retro_writer"), int(t.qa))
    screen.anonymous.setChecked(True)
    _type(screen, "retro_note_text", SECRET)
    _click(qtbot, screen, "retro_add_note")
    assert SECRET not in screen.details.text()
    assert "hidden until revealed" in screen.details.text()
    _click(qtbot, screen, "retro_add_note")  # an empty note
    assert _error(screen) == "✗ Note in “Went well”: write what it says"
    _click(qtbot, screen, "retro_reveal")
    assert SECRET in screen.details.text()
    _click(qtbot, screen, "retro_next")
    _type(screen, "retro_group_notes", "one")
    _click(qtbot, screen, "retro_group")
    assert _error(screen) == "✗ Notes to group: “one” is not note numbers, e.g. 1 3"
    _type(screen, "retro_group_notes", "1")
    _type(screen, "retro_group_title", "Refinement")
    _click(qtbot, screen, "retro_group")
    assert "Group 1: Refinement" in screen.details.text()
    _click(qtbot, screen, "retro_next")
    screen.allowance.setValue(1)
    _click(qtbot, screen, "retro_set_allowance")
    pick_data(screen.findChild(QComboBox, "retro_voter"), int(t.qa))
    _click(qtbot, screen, "retro_vote")
    _click(qtbot, screen, "retro_vote")
    assert _error(screen) == (
        "✗ Tomas QA has used all 1 votes: take one back to vote for “Refinement”"
    )
    _click(qtbot, screen, "retro_next")
    _click(qtbot, screen, "retro_next")
    assert not screen.close_button.isEnabled()
    assert "Still missing: decide the one experiment" in screen.details.text()
    assert screen.close_button.toolTip().startswith("Cannot close yet: decide the one experiment")
    _type(screen, "retro_change", "PO joins every refinement")
    _type(screen, "retro_measure", "PO at 100% of refinements")
    _click(qtbot, screen, "retro_decide")  # owner: nobody yet
    assert "choose the team member who owns the experiment" in _error(screen)
    pick_data(screen.findChild(QComboBox, "retro_owner"), int(t.po))
    _type(screen, "retro_measure", "")
    _click(qtbot, screen, "retro_decide")
    assert "write a signal you can measure" in _error(screen)
    _type(screen, "retro_measure", "PO at 100% of refinements")
    _type(screen, "retro_check_on", "next friday")
    _click(qtbot, screen, "retro_decide")
    assert _error(screen) == "✗ Check on: “next friday” is not a date like 2026-12-11"
    _type(screen, "retro_check_on", "")
    _click(qtbot, screen, "retro_decide")
    assert _error(screen) == ""
    _click(qtbot, screen, "retro_decide")
    assert "a second cannot be created" in _error(screen)
    _click(qtbot, screen, "retro_close")
    assert screen.title_label.text() == "✓ Retrospective closed"
    assert load_retro(store, t.team) is None


def test_phase_one_cannot_be_skipped_while_the_previous_experiment_is_unevaluated(
    qtbot: QtBot, store: Store, rt: RetroTeam
) -> None:
    run_to_close(store, rt.team, NOW)
    later = NOW + dt.timedelta(days=14)
    from facilitator.domain.model import SprintState
    from tests.helpers.retro_team import add_sprint

    add_sprint(store, rt.team, "Sprint 2", later.date(), SprintState.ACTIVE)
    screen = _screen(qtbot, store, rt, later)
    _click(qtbot, screen, "retro_open")
    _click(qtbot, screen, "retro_next")
    assert _error(screen).startswith("✗ Evaluate last sprint's experiment “Pair on every review”")
    assert _phase(screen) is RetroPhase.EVALUATE
    _click(qtbot, screen, "retro_evaluate")  # no evidence
    assert _error(screen).startswith("✗ Evidence for “Pair on every review”")
    pick_data(screen.findChild(QComboBox, "retro_outcome"), Outcome.INCONCLUSIVE.value)
    _type(screen, "retro_evidence", "Too few reviews to tell")
    _click(qtbot, screen, "retro_evaluate")
    assert "Outcome: inconclusive" in screen.details.text()
    _click(qtbot, screen, "retro_next")
    assert _phase(screen) is RetroPhase.GATHER


def test_each_phase_lists_exactly_the_keys_that_work(
    qtbot: QtBot, store: Store, rt: RetroTeam
) -> None:
    screen = _screen(qtbot, store, rt)
    screen.set_presenter(True)
    assert screen.presenter_keys() == key_group("O", "open the retrospective")
    assert {k for k, s in screen.shortcuts.items() if s.isEnabled()} == {"O"}
    screen.open()
    for phase in RetroPhase:
        assert _phase(screen) is phase
        enabled = {k for k, s in screen.shortcuts.items() if s.isEnabled()}
        listed = screen.presenter_keys()
        assert enabled == {k for k, _ in PHASE_KEYS[phase]} | (
            set() if phase is RetroPhase.EVALUATE else {"Left"}
        ) | (set() if phase is RetroPhase.DECIDE else {"Right"})
        for sequence in enabled:
            word = {"Left": "←", "Right": "→"}.get(sequence, sequence)
            assert f"{word}{NO_BREAK_SPACE}" in listed
        assert not screen.bar.isVisible()
        assert not screen.controls.isVisible()
        if phase is not RetroPhase.DECIDE:
            screen.shortcuts["Right"].activated.emit()


def test_change_it_without_an_experiment_is_refused_before_any_question(
    qtbot: QtBot, store: Store, rt: RetroTeam
) -> None:
    screen = _screen(qtbot, store, rt)
    screen.open()
    while _phase(screen) is not RetroPhase.DECIDE:
        screen._do(retro.advance_phase)
    screen.ask_experiment(retro.revise_experiment)
    assert not screen.prompt.isVisible()
    assert _error(screen) == "✗ No experiment was decided yet: decide it first"


def test_the_room_view_of_every_phase_holds_no_anonymous_note_before_the_reveal(
    store: Store, rt: RetroTeam
) -> None:
    t = rt.team
    ctx = ActionContext(NOW, t.team, opened_run(store, ActionContext(NOW, t.team)))
    retro.advance_phase(store, ctx)
    retro.write_note(store, ctx, t.engineer, Column.WENT_WELL, "Demo went well")
    retro.write_note(store, ctx, t.qa, Column.TO_IMPROVE, SECRET, anonymous=True)
    retro.advance_phase(store, ctx)
    retro.make_group(store, ctx, "Everything", [NoteId(1), NoteId(2)])
    retro.advance_phase(store, ctx)
    retro.vote(store, ctx, t.qa, GroupId(1))
    retro.advance_phase(store, ctx)
    retro.discuss(store, ctx, GroupId(1))
    view = load_retro(store, t.team)
    assert view is not None
    for phase in RetroPhase:
        at_phase = dataclasses.replace(view, retro=dataclasses.replace(view.retro, phase=phase))
        shown = room_view_of(at_phase)
        texts = [shown.progress, shown.title, shown.footer]
        texts += [h for h, _ in shown.sections] + [
            line for _, lines in shown.sections for line in lines
        ]
        assert not any(SECRET in text or "hidden until revealed" in text for text in texts), phase
        revealed = dataclasses.replace(at_phase, retro=at_phase.retro.reveal())
        if phase in (RetroPhase.GATHER, RetroPhase.GROUP, RetroPhase.DISCUSS):
            lines = [line for _, ls in room_view_of(revealed).sections for line in ls]
            assert any(SECRET in line for line in lines), phase


def test_undo_takes_a_note_back_and_once_moved_on_says_why_on_the_stage(
    qtbot: QtBot, store: Store, rt: RetroTeam
) -> None:
    window = open_window(qtbot, store, Clock(NOW))
    screen = go_to(qtbot, window, "retro")
    assert isinstance(screen, RetroScreen)
    _click(qtbot, screen, "retro_open")
    _click(qtbot, screen, "retro_next")
    pick_data(screen.findChild(QComboBox, "retro_writer"), int(rt.team.qa))
    _type(screen, "retro_note_text", "Demos were crisp")
    _click(qtbot, screen, "retro_add_note")
    _type(screen, "retro_note_text", "Wrong column")
    _click(qtbot, screen, "retro_add_note")
    assert "Wrong column" in screen.details.text()
    _click(qtbot, screen, "retro_undo")
    assert "Wrong column" not in screen.details.text()
    assert "Demos were crisp" in screen.details.text()
    _click(qtbot, screen, "retro_redo")
    assert "Wrong column" in screen.details.text()
    # Moved on to grouping: the note stays, and the stage (presenter mode) says why.
    _click(qtbot, screen, "retro_next")
    window_key(qtbot, window, Qt.Key.Key_F11)
    assert window.presenter.active
    window_key(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _phase(screen) is RetroPhase.GROUP
    assert "Wrong column" in screen.details.text()
    assert _error(screen) == (
        "✗ Cannot undo “note”: the retrospective has moved on from "
        f"{RetroPhase.GATHER.label} to {RetroPhase.GROUP.label}; go back to "
        f"{RetroPhase.GATHER.label} first"
    )
    assert screen.error.isVisible()


def test_the_stage_counts_notes_groups_and_hidden_notes_in_words(
    store: Store, rt: RetroTeam
) -> None:
    t = rt.team
    ctx = ActionContext(NOW, t.team, opened_run(store, ActionContext(NOW, t.team)))
    retro.advance_phase(store, ctx)

    def stage(room: bool = False) -> tuple[str, tuple[str, ...]]:
        view = load_retro(store, t.team)
        _, title, lines = stage_texts(view, room=room)
        return title, lines

    assert stage()[0] == "0 notes so far"
    retro.write_note(store, ctx, t.qa, Column.TO_IMPROVE, SECRET, anonymous=True)
    title, lines = stage()
    assert title == "1 note so far"
    assert "1 anonymous note hidden until the reveal (V)" in lines
    assert stage(room=True)[1] == ("1 anonymous note shows after the reveal",)
    retro.write_note(store, ctx, t.engineer, Column.TO_IMPROVE, "Second", anonymous=True)
    assert "2 anonymous notes hidden until the reveal (V)" in stage()[1]
    assert "2 anonymous notes show after the reveal" in stage(room=True)[1]
    retro.advance_phase(store, ctx)
    assert stage()[0] == "0 groups"
    retro.make_group(store, ctx, "Everything", [NoteId(1)])
    assert stage()[0] == "1 group"


def test_the_key_line_names_up_and_down_while_a_question_is_a_list_to_pick_from(
    qtbot: QtBot, store: Store, rt: RetroTeam
) -> None:
    screen = _screen(qtbot, store, rt)
    screen.set_presenter(True)
    screen.open()
    screen.shortcuts["Right"].activated.emit()  # Gather
    assert _phase(screen) is RetroPhase.GATHER
    screen.ask_note()
    assert screen.prompt.question.text() == "Which column?"
    assert screen.presenter_keys() == CHOOSE_KEYS  # Return alone would pick nothing yet
    for _ in range(3):  # column, writer, named: each a list, ↓ then Return
        qtbot.keyClick(screen.prompt.choices, Qt.Key.Key_Down)
        qtbot.keyClick(screen.prompt.choices, Qt.Key.Key_Return)
    assert screen.prompt.question.text() == "What does the note say?"
    assert screen.presenter_keys() == CONFIRM_KEYS  # a line to type: no ↑ ↓
