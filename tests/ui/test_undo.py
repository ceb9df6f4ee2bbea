"""Undo on the Backlog screen: each undo or redo is a new committed action, shown and saved."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QListWidget, QPlainTextEdit, QPushButton
from pytestqt.qtbot import QtBot
from sqlalchemy import delete, select

from facilitator.domain.ids import StoryId
from facilitator.errors import InputError
from facilitator.ops import story_editing as edit
from facilitator.ops.backlog import Slot, load_backlog, move_to_top, place_in_slot, slot_of
from facilitator.ops.changes import ActionContext
from facilitator.ops.story_context import restore_item, take_item
from facilitator.ops.story_reading import load_story
from facilitator.ops.teams import create_team
from facilitator.store.db import Store
from facilitator.store.models import AssumptionRow, CriterionRow, RiskRow, StoryRow
from facilitator.ui.context import UiContext
from facilitator.ui.screens.backlog import BacklogScreen
from tests.conftest import DEMO_TODAY
from tests.helpers.backlog_team import (
    AnsweringDialogs,
    BacklogTeam,
    make_team,
    new_assumption,
    new_criterion,
    ranks,
    rows_moved,
)

NOW = dt.datetime.combine(DEMO_TODAY, dt.time(10, tzinfo=dt.UTC))


def _screen(qtbot: QtBot, store: Store, team: BacklogTeam) -> BacklogScreen:
    ctx = UiContext(store=store, dialogs=AnsweringDialogs(), now=lambda: NOW)
    screen = BacklogScreen(ctx)
    ctx.actions.changed.connect(screen.apply_changes)  # as the main window passes records on
    qtbot.addWidget(screen)
    screen.resize(1280, 720)
    screen.show()
    screen.show_team(team.team)
    return screen


def _keys(screen: BacklogScreen) -> list[str]:
    model = screen.model
    return [model.data(model.index(row, 1)) for row in range(model.rowCount())]


def _button(screen: BacklogScreen, name: str) -> QPushButton:
    widget = screen.findChild(QPushButton, name)
    assert widget is not None
    return widget


def _texts(screen: BacklogScreen, name: str) -> list[str]:
    widget = screen.findChild(QListWidget, name)
    return [widget.item(i).text() for i in range(widget.count())]


def _undo(screen: BacklogScreen) -> None:
    _button(screen, "backlog_undo").click()


def _redo(screen: BacklogScreen) -> None:
    _button(screen, "backlog_redo").click()


def test_move_to_top_undo_puts_it_back_and_redo_moves_it_again(qtbot: QtBot, store: Store) -> None:
    team = make_team(store)
    screen = _screen(qtbot, store, team)
    original = _keys(screen)
    undo, redo = _button(screen, "backlog_undo"), _button(screen, "backlog_redo")
    assert (undo.text(), undo.isEnabled(), redo.isEnabled()) == ("Undo", False, False)
    screen.select_story(team.stories[4])
    _button(screen, "backlog_move_top").click()
    assert _keys(screen)[:2] == ["PAYM-5", "PAYM-1"]
    assert (undo.text(), undo.accessibleName()) == ("Undo move PAYM-5 to top",) * 2
    before = ranks(store, team.team)
    with qtbot.waitSignal(screen.ctx.actions.changed):
        _undo(screen)
    assert _keys(screen) == original == load_backlog(store, team.team).keys
    assert rows_moved(before, ranks(store, team.team)) == 1  # back between PAYM-4 and PAYM-6
    assert screen.editor.story is not None
    assert screen.editor.story.key == "PAYM-5"
    assert (undo.isEnabled(), redo.text()) == (False, "Redo move PAYM-5 to top")
    before = ranks(store, team.team)
    _redo(screen)
    assert _keys(screen)[:2] == ["PAYM-5", "PAYM-1"]
    assert load_backlog(store, team.team).keys == _keys(screen)
    assert rows_moved(before, ranks(store, team.team)) == 1
    assert undo.text() == "Undo move PAYM-5 to top"


def test_keyboard_moves_undo_with_ctrl_z_and_redo_with_ctrl_shift_z_and_ctrl_y(
    qtbot: QtBot, store: Store
) -> None:
    team = make_team(store)
    screen = _screen(qtbot, store, team)
    original = _keys(screen)
    screen.activateWindow()
    qtbot.waitActive(screen)
    screen.select_story(team.stories[2])
    screen.table.setFocus()
    qtbot.waitUntil(screen.table.hasFocus)
    ctrl = Qt.KeyboardModifier.ControlModifier
    qtbot.keyClick(screen.table, Qt.Key.Key_Up, ctrl)
    qtbot.keyClick(screen.table, Qt.Key.Key_Up, ctrl)
    assert _keys(screen)[:3] == ["PAYM-3", "PAYM-1", "PAYM-2"]
    assert _button(screen, "backlog_undo").text() == "Undo move PAYM-3 up"
    handle = screen.windowHandle()
    qtbot.keyClick(handle, Qt.Key.Key_Z, ctrl)
    assert _keys(screen)[:3] == ["PAYM-1", "PAYM-3", "PAYM-2"]
    qtbot.keyClick(handle, Qt.Key.Key_Z, ctrl)
    assert _keys(screen) == original == load_backlog(store, team.team).keys
    qtbot.keyClick(handle, Qt.Key.Key_Z, ctrl | Qt.KeyboardModifier.ShiftModifier)
    assert load_backlog(store, team.team).keys[:3] == ["PAYM-1", "PAYM-3", "PAYM-2"]
    qtbot.keyClick(handle, Qt.Key.Key_Y, ctrl)
    assert _keys(screen)[:3] == ["PAYM-3", "PAYM-1", "PAYM-2"]
    assert load_backlog(store, team.team).keys == _keys(screen)
    assert not _button(screen, "backlog_redo").isEnabled()


def test_drop_is_undone_between_its_old_neighbours(qtbot: QtBot, store: Store) -> None:
    team = make_team(store)
    screen = _screen(qtbot, store, team)
    original = _keys(screen)
    model = screen.model
    model.dropMimeData(
        model.mimeData([model.index(7, 0)]), Qt.DropAction.MoveAction, 1, 0, QModelIndex()
    )
    assert _keys(screen)[:3] == ["PAYM-1", "PAYM-8", "PAYM-2"]
    assert _button(screen, "backlog_undo").text() == "Undo move PAYM-8 above PAYM-2"
    _undo(screen)
    assert _keys(screen) == original == load_backlog(store, team.team).keys
    _redo(screen)
    assert load_backlog(store, team.team).keys[:3] == ["PAYM-1", "PAYM-8", "PAYM-2"]


def test_story_field_edits_undo_and_redo(qtbot: QtBot, store: Store) -> None:
    team = make_team(store, stories=3)
    screen = _screen(qtbot, store, team)
    story = team.stories[0]
    screen.findChild(QLineEdit, "story_title").setText("Show the rate")
    screen.findChild(QPlainTextEdit, "story_description").setPlainText("As a merchant…")
    kind = screen.findChild(QComboBox, "story_type")
    kind.setCurrentIndex(kind.findData("bug"))
    _button(screen, "story_save").click()
    assert _button(screen, "backlog_undo").text() == "Undo edit PAYM-1 title, description, type"
    _undo(screen)
    saved = load_story(store, story)
    assert (saved.title, saved.description, saved.type) == ("Story number 1", "", "story")
    assert screen.findChild(QLineEdit, "story_title").text() == "Story number 1"
    assert screen.editor.heading.text() == "PAYM-1 · Story number 1"
    assert _keys(screen)[0] == "PAYM-1"
    assert screen.model.data(screen.model.index(0, 2)) == "Story number 1"
    _redo(screen)
    saved = load_story(store, story)
    assert (saved.title, saved.description, saved.type) == (
        "Show the rate",
        "As a merchant…",
        "bug",
    )
    assert screen.findChild(QPlainTextEdit, "story_description").toPlainText() == "As a merchant…"
    assert screen.model.data(screen.model.index(0, 2)) == "Show the rate"


def test_estimate_commit_undo_restores_no_estimate_and_redo_the_committer(
    qtbot: QtBot, store: Store
) -> None:
    team = make_team(store, stories=2)
    story = team.stories[0]
    edit.commit_estimate(store, ActionContext(NOW - dt.timedelta(days=1)), story, "3", team.qa)
    screen = _screen(qtbot, store, team)
    screen.findChild(QLineEdit, "estimate_value").setText("5")
    by = screen.findChild(QComboBox, "estimate_by")
    by.setCurrentIndex(by.findData(int(team.engineer)))
    _button(screen, "estimate_commit").click()
    assert _button(screen, "backlog_undo").text() == "Undo commit estimate 5 for PAYM-1"
    _undo(screen)
    with store.session() as session:
        row = session.get(StoryRow, story)
        assert row is not None
        assert (row.estimate, row.estimate_committed_by_id) == (3, team.qa)
        assert row.estimate_committed_at == NOW - dt.timedelta(days=1)
    state = screen.findChild(QLabel, "estimate_state").text()
    assert state.startswith("✓ 3 points, committed by Tomas QA, 24 Nov 2026")
    _redo(screen)
    detail = load_story(store, story)
    assert (detail.estimate, detail.committed_by, detail.committed_at) == (5, "Lucas Engineer", NOW)
    assert screen.model.data(screen.model.index(0, 3)) == "5"


def test_criterion_add_and_remove_undo_and_redo_without_asking(qtbot: QtBot, store: Store) -> None:
    team = make_team(store, stories=2)
    screen = _screen(qtbot, store, team)
    story = team.stories[0]
    text = screen.findChild(QLineEdit, "criterion_text")
    for criterion in ("Rate is shown", "Amount is shown", "Fee is shown"):
        text.setText(criterion)
        _button(screen, "criterion_add").click()
    assert _button(screen, "backlog_undo").text() == "Undo add criterion to PAYM-1"
    _undo(screen)  # the last one added goes
    assert [c.text for c in load_story(store, story).criteria] == [
        "Rate is shown",
        "Amount is shown",
    ]
    _redo(screen)
    assert len(load_story(store, story).criteria) == 3
    screen.findChild(QListWidget, "story_criteria").setCurrentRow(1)
    _button(screen, "criterion_remove").click()
    dialogs = screen.ctx.dialogs
    assert isinstance(dialogs, AnsweringDialogs)
    assert dialogs.confirms == []  # undoable, so no question
    assert _texts(screen, "story_criteria") == [
        "1. Rate is shown  — Anna PO",
        "2. Fee is shown  — Anna PO",
    ]
    assert _button(screen, "backlog_undo").text() == "Undo remove criterion from PAYM-1"
    _undo(screen)
    assert _texts(screen, "story_criteria") == [
        "1. Rate is shown  — Anna PO",
        "2. Amount is shown  — Anna PO",
        "3. Fee is shown  — Anna PO",
    ]
    with store.session() as session:
        rows = session.scalars(
            select(CriterionRow)
            .where(CriterionRow.story_id == story)
            .order_by(CriterionRow.position)
        ).all()
        assert [(r.position, r.text, r.author) for r in rows] == [
            (0, "Rate is shown", "Anna PO"),
            (1, "Amount is shown", "Anna PO"),
            (2, "Fee is shown", "Anna PO"),
        ]
    _redo(screen)
    assert [c.text for c in load_story(store, story).criteria] == ["Rate is shown", "Fee is shown"]
    assert "Amount is shown" not in " ".join(_texts(screen, "story_criteria"))


def test_removed_assumption_comes_back_with_its_reviewer_and_time(
    qtbot: QtBot, store: Store
) -> None:
    team = make_team(store, stories=2)
    story = team.stories[0]
    first = new_assumption(store, story, "Rates service exists")
    edit.review_assumption(store, ActionContext(NOW - dt.timedelta(hours=2)), first, team.engineer)
    new_assumption(store, story, "Ledger keeps cents")
    screen = _screen(qtbot, store, team)
    screen.findChild(QListWidget, "story_assumptions").setCurrentRow(0)
    _button(screen, "assumption_remove").click()
    assert _texts(screen, "story_assumptions") == ["! Ledger keeps cents — not reviewed yet"]
    assert "technical assumptions" not in screen.editor.readiness_label.text()
    _undo(screen)
    assert _texts(screen, "story_assumptions") == [
        "✓ Rates service exists — reviewed by Lucas Engineer, 25 Nov 2026 08:00",
        "! Ledger keeps cents — not reviewed yet",
    ]
    with store.session() as session:
        row = session.scalars(select(AssumptionRow).where(AssumptionRow.text.like("Rates%"))).one()
        assert (row.id, row.reviewed_by_id) == (first, team.engineer)
        assert row.reviewed_at == NOW - dt.timedelta(hours=2)
    _redo(screen)
    assert [a.text for a in load_story(store, story).assumptions] == ["Ledger keeps cents"]
    screen.findChild(QLineEdit, "assumption_text").setText("Fees are flat")
    _button(screen, "assumption_add").click()
    _undo(screen)
    assert [a.text for a in load_story(store, story).assumptions] == ["Ledger keeps cents"]
    assert _texts(screen, "story_assumptions") == ["! Ledger keeps cents — not reviewed yet"]


def test_risk_add_and_remove_undo(qtbot: QtBot, store: Store) -> None:
    team = make_team(store, stories=2)
    screen = _screen(qtbot, store, team)
    story = team.stories[0]
    screen.findChild(QLineEdit, "risk_text").setText("Sandbox is down")
    screen.findChild(QLineEdit, "risk_mitigation").setText("Mock it")
    screen.findChild(QLineEdit, "risk_owner").setText("Lucas")
    _button(screen, "risk_add").click()
    screen.findChild(QListWidget, "story_risks").setCurrentRow(0)
    _button(screen, "risk_remove").click()
    assert load_story(store, story).risks == []
    screen.select_story(team.stories[1])  # looking at another story meanwhile
    _undo(screen)
    assert screen.editor.story is not None
    assert screen.editor.story.key == "PAYM-1"  # the undo shows the story it changed
    assert screen.table.currentIndex().row() == 0
    line = "MEDIUM · Sandbox is down — mitigation: Mock it — owner: Lucas"
    assert _texts(screen, "story_risks") == [line]
    with store.session() as session:
        row = session.scalars(select(RiskRow)).one()
        assert (row.story_id, row.severity, row.mitigation, row.owner) == (
            story,
            "medium",
            "Mock it",
            "Lucas",
        )
    _undo(screen)  # undo the add: gone
    assert load_story(store, story).risks == []
    assert _texts(screen, "story_risks") == []
    _redo(screen)
    _redo(screen)
    assert load_story(store, story).risks == []


def test_undo_of_a_deleted_story_says_so_inline_and_drops_the_step(
    qtbot: QtBot, store: Store
) -> None:
    team = make_team(store)
    screen = _screen(qtbot, store, team)
    screen.select_story(team.stories[1])
    screen.findChild(QLineEdit, "criterion_text").setText("Rate is shown")
    _button(screen, "criterion_add").click()
    _button(screen, "backlog_move_top").click()
    message = screen.findChild(QLabel, "backlog_undo_message")
    assert not message.isVisible()
    with store.session() as session:  # deleted meanwhile (another window, an import)
        session.execute(delete(StoryRow).where(StoryRow.id == team.stories[1]))
    _undo(screen)
    assert message.isVisible()
    assert message.text() == "✗ Cannot undo “move PAYM-2 to top”: the story no longer exists"
    undo = _button(screen, "backlog_undo")
    assert undo.text() == "Undo add criterion to PAYM-2"  # the failed step is gone
    assert not _button(screen, "backlog_redo").isEnabled()
    _undo(screen)
    assert message.text() == (
        "✗ Cannot undo “add criterion to PAYM-2”: the acceptance criterion no longer exists"
    )
    assert (undo.text(), undo.isEnabled()) == ("Undo", False)
    assert load_backlog(store, team.team).keys == [f"PAYM-{n}" for n in range(1, 11) if n != 2]
    screen.show_team(team.team)
    screen.select_story(team.stories[2])
    _button(screen, "backlog_move_top").click()  # the next action clears the message
    assert not message.isVisible()
    _undo(screen)
    assert load_backlog(store, team.team).keys[:2] == ["PAYM-1", "PAYM-3"]


def test_undo_stack_is_per_team(qtbot: QtBot, store: Store) -> None:
    team = make_team(store, stories=3)
    other = create_team(store, "Checkout", 10, ["Tested"])
    screen = _screen(qtbot, store, team)
    screen.select_story(team.stories[2])
    _button(screen, "backlog_move_top").click()
    assert _button(screen, "backlog_undo").isEnabled()
    screen.show_team(team.team)  # a reload of the same team keeps it
    assert _button(screen, "backlog_undo").isEnabled()
    screen.show_team(other)
    undo = _button(screen, "backlog_undo")
    assert (undo.text(), undo.isEnabled()) == ("Undo", False)
    screen.show_team(team.team)
    assert not undo.isEnabled()
    assert load_backlog(store, team.team).keys[0] == "PAYM-3"
    assert load_story(store, StoryId(team.stories[2])).key == "PAYM-3"


def test_a_move_undone_after_its_upper_neighbour_went_lands_before_the_lower_one(
    store: Store,
) -> None:
    team = make_team(store, stories=5)
    story = team.stories[2]
    slot = slot_of(store, team.team, story)
    assert slot == Slot(team.stories[1], team.stories[3])
    move_to_top(store, ActionContext(NOW, team.team), story)
    with store.session() as session:
        session.execute(delete(StoryRow).where(StoryRow.id == team.stories[1]))
    before = ranks(store, team.team)
    place_in_slot(store, ActionContext(NOW, team.team), story, slot)
    assert rows_moved(before, ranks(store, team.team)) == 1
    assert load_backlog(store, team.team).keys == ["PAYM-1", "PAYM-3", "PAYM-4", "PAYM-5"]
    with store.session() as session:
        session.execute(delete(StoryRow).where(StoryRow.id == team.stories[3]))
    with pytest.raises(InputError, match="the stories it was between no longer exist"):
        place_in_slot(store, ActionContext(NOW, team.team), story, slot)


def test_a_criterion_put_back_makes_room_when_its_position_was_taken(store: Store) -> None:
    team = make_team(store, stories=1)
    story = team.stories[0]
    ids = [new_criterion(store, story, text, team.po) for text in "ABC"]
    removed = take_item(store, ActionContext(NOW), "criterion", ids[1])
    edit.move_criterion(store, ActionContext(NOW), ids[2], -1)  # renumbers: C 0, A 1
    assert restore_item(store, ActionContext(NOW), removed) == ids[1]  # its id was free again
    assert [c.text for c in load_story(store, story).criteria] == ["C", "B", "A"]  # second again
