"""Story editor: every section saves in one action; bad input is refused inline, nothing saved."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
)
from pytestqt.qtbot import QtBot

from facilitator.ops.story_reading import load_story
from facilitator.store.db import Store
from facilitator.ui.context import UiContext
from facilitator.ui.undo import UndoStack
from facilitator.ui.widgets.story_editor import StoryEditor
from tests.conftest import DEMO_TODAY
from tests.helpers.backlog_team import AnsweringDialogs, BacklogTeam, make_ready, make_team


def _editor(qtbot: QtBot, store: Store) -> tuple[StoryEditor, BacklogTeam]:
    team = make_team(store, stories=3)
    editor = StoryEditor(
        UiContext(
            store=store,
            dialogs=AnsweringDialogs(),
            now=lambda: dt.datetime.combine(DEMO_TODAY, dt.time(10, tzinfo=dt.UTC)),
        )
    )
    qtbot.addWidget(editor)
    editor.ctx.actions.changed.connect(editor.apply_changes)  # as its screen passes records on
    editor.undo_stack = UndoStack(editor)  # as on the Backlog screen: removals are undoable
    editor.resize(560, 900)
    editor.show()
    editor.show_story(team.stories[0])
    return editor, team


def _pick(box: QComboBox, text: str) -> None:
    index = next(i for i in range(box.count()) if box.itemText(i).startswith(text))
    box.setCurrentIndex(index)


def _click(editor: StoryEditor, name: str) -> None:
    editor.findChild(QPushButton, name).click()


def _dialogs(editor: StoryEditor) -> AnsweringDialogs:
    dialogs = editor.ctx.dialogs
    assert isinstance(dialogs, AnsweringDialogs)
    return dialogs


def _texts(editor: StoryEditor, name: str) -> list[str]:
    widget = editor.findChild(QListWidget, name)
    return [widget.item(i).text() for i in range(widget.count())]


def test_title_and_description_save_and_empty_title_is_refused(qtbot: QtBot, store: Store) -> None:
    editor, team = _editor(qtbot, store)
    title = editor.findChild(QLineEdit, "story_title")
    title.setText("   ")
    _click(editor, "story_save")
    error = editor.findChild(QLabel, "story_error")
    assert error.isVisible()
    assert error.text() == "✗ Title: must not be empty"
    assert title.text() == "   "  # what was typed is kept for correction
    assert load_story(store, team.stories[0]).title == "Story number 1"
    title.setText("Show the rate")
    editor.findChild(QPlainTextEdit, "story_description").setPlainText("As a merchant…")
    with qtbot.waitSignal(editor.changed):
        _click(editor, "story_save")
    saved = load_story(store, team.stories[0])
    assert (saved.title, saved.description) == ("Show the rate", "As a merchant…")
    assert not error.isVisible()


def test_criteria_add_edit_reorder_remove_with_author(qtbot: QtBot, store: Store) -> None:
    editor, team = _editor(qtbot, store)
    text = editor.findChild(QLineEdit, "criterion_text")
    for criterion in ("Rate is shown", "Amount is shown"):
        text.setText(criterion)
        _click(editor, "criterion_add")
    criteria = editor.findChild(QListWidget, "story_criteria")
    assert [criteria.item(i).text() for i in range(2)] == [
        "1. Rate is shown  — Anna PO",
        "2. Amount is shown  — Anna PO",
    ]
    criteria.setCurrentRow(1)
    _click(editor, "criterion_up")
    assert [c.text for c in load_story(store, team.stories[0]).criteria] == [
        "Amount is shown",
        "Rate is shown",
    ]
    criteria.setCurrentRow(0)
    text.setText("Amount and currency are shown")
    _click(editor, "criterion_edit")
    criteria.setCurrentRow(1)
    _click(editor, "criterion_remove")
    assert _dialogs(editor).confirms == []  # undoable, so it does not ask
    assert [c.text for c in load_story(store, team.stories[0]).criteria] == [
        "Amount and currency are shown"
    ]
    text.clear()
    _click(editor, "criterion_add")
    assert editor.findChild(QLabel, "criterion_error").text() == (
        "✗ Acceptance criterion: must not be empty"
    )


def test_assumption_review_refuses_a_non_engineer_then_records_the_engineer(
    qtbot: QtBot, store: Store
) -> None:
    editor, team = _editor(qtbot, store)
    editor.findChild(QLineEdit, "assumption_text").setText("Rates service has the rate")
    _click(editor, "assumption_add")
    reviewer = editor.findChild(QComboBox, "assumption_reviewer")
    assert reviewer.currentIndex() == -1  # nobody is recorded until someone is picked
    _click(editor, "assumption_review")
    error = editor.findChild(QLabel, "assumption_error")
    assert error.text() == "✗ Pick who reviewed it in “Reviewed by” first"
    assert load_story(store, team.stories[0]).assumptions[0].reviewed_by is None
    _pick(reviewer, "Joao SM")
    _click(editor, "assumption_review")
    error = editor.findChild(QLabel, "assumption_error")
    assert error.isVisible()
    assert "Joao SM is Scrum master, not an engineer of the delivery team" in error.text()
    assert load_story(store, team.stories[0]).assumptions[0].reviewed_by is None
    _pick(reviewer, "Lucas Engineer")
    _click(editor, "assumption_review")
    assumptions = editor.findChild(QListWidget, "story_assumptions")
    assert (
        assumptions.item(0)
        .text()
        .startswith("✓ Rates service has the rate — reviewed by Lucas Engineer, 25 Nov 2026")
    )


def test_estimate_commit_refuses_bad_numbers_inline(qtbot: QtBot, store: Store) -> None:
    editor, team = _editor(qtbot, store)
    value = editor.findChild(QLineEdit, "estimate_value")
    error = editor.findChild(QLabel, "estimate_error")
    for bad, message in (("-1", "negative"), ("abc", "'abc' is not a number")):
        value.setText(bad)
        _click(editor, "estimate_commit")
        assert error.isVisible()
        assert message in error.text()
    assert load_story(store, team.stories[0]).estimate is None
    value.setText("5")
    _pick(editor.findChild(QComboBox, "estimate_by"), "Tomas QA")
    _click(editor, "estimate_commit")
    assert (
        editor.findChild(QLabel, "estimate_state")
        .text()
        .startswith("✓ 5 points, committed by Tomas QA")
    )


def test_dependencies_risks_and_team_dor(qtbot: QtBot, store: Store) -> None:
    editor, team = _editor(qtbot, store)
    target = editor.findChild(QLineEdit, "dependency_target")
    target.setText("PAYM-1")
    _click(editor, "dependency_add")
    assert "cannot depend on itself" in editor.findChild(QLabel, "dependency_error").text()
    target.setText("Banking partner")
    editor.findChild(QCheckBox, "dependency_external").setChecked(True)
    editor.findChild(QLineEdit, "dependency_description").setText("Sandbox access")
    _click(editor, "dependency_add")
    deps = editor.findChild(QListWidget, "story_dependencies")
    assert deps.item(0).text() == "✗ open · external: Banking partner — Sandbox access"
    deps.setCurrentRow(0)
    _click(editor, "dependency_call_out")
    assert deps.item(0).text().startswith("! called out")
    editor.findChild(QLineEdit, "risk_text").setText("Sandbox is down")
    editor.findChild(QLineEdit, "risk_owner").setText("Lucas")
    _click(editor, "risk_add")
    risks = editor.findChild(QListWidget, "story_risks")
    assert risks.item(0).text() == "MEDIUM · Sandbox is down — mitigation: none — owner: Lucas"
    editor.findChild(QLineEdit, "dor_item_text").setText("UX mock attached")
    _click(editor, "dor_item_add")
    check = editor.findChild(QCheckBox, "dor_check_0")
    assert check.text() == "UX mock attached"
    assert not check.isChecked()
    assert "team checklist not checked" in editor.readiness_label.text()
    check.setChecked(True)
    assert load_story(store, team.stories[0]).checks[0].checked


def test_empty_editor_says_what_to_do_instead_of_a_disabled_form(
    qtbot: QtBot, store: Store
) -> None:
    team = make_team(store, stories=1)
    editor = StoryEditor(UiContext(store=store, dialogs=AnsweringDialogs()))
    qtbot.addWidget(editor)
    editor.show()
    empty = editor.findChild(QLabel, "story_editor_empty")
    assert empty.isVisible()
    assert empty.text() == "Select a story to edit it"
    assert not editor.findChild(QGroupBox, "story_box").isVisible()
    editor.show_story(team.stories[0])
    assert not empty.isVisible()
    assert editor.findChild(QGroupBox, "story_box").isVisible()
    assert editor.findChild(QLineEdit, "story_title").isEnabled()
    editor.show_empty("Nothing here")
    assert (empty.isVisible(), empty.text(), editor.story) == (True, "Nothing here", None)


def test_remove_an_assumption_without_asking(qtbot: QtBot, store: Store) -> None:
    editor, team = _editor(qtbot, store)
    make_ready(store, team, team.stories[0])
    editor.show_story(team.stories[0])
    _click(editor, "assumption_remove")
    assert editor.findChild(QLabel, "assumption_error").text() == ("✗ Select the assumption first")
    editor.findChild(QListWidget, "story_assumptions").setCurrentRow(0)
    with qtbot.waitSignal(editor.changed):
        _click(editor, "assumption_remove")
    assert _dialogs(editor).confirms == []  # undoable (see test_undo.py), so it does not ask
    assert load_story(store, team.stories[0]).assumptions == []
    assert _texts(editor, "story_assumptions") == []
    assert "no technical assumptions recorded" in editor.readiness_label.text()


def test_without_an_undo_stack_removals_still_ask(qtbot: QtBot, store: Store) -> None:
    editor, team = _editor(qtbot, store)
    editor.undo_stack = None  # e.g. the Refinement screen: nothing there is undoable
    make_ready(store, team, team.stories[0])
    editor.show_story(team.stories[0])
    editor.findChild(QListWidget, "story_assumptions").setCurrentRow(0)
    _dialogs(editor).answer = False
    _click(editor, "assumption_remove")
    assert len(load_story(store, team.stories[0]).assumptions) == 1
    _dialogs(editor).answer = True
    _click(editor, "assumption_remove")
    assert _dialogs(editor).confirms[-1] == (
        "Remove assumption",
        "Remove the assumption “The rates service exists”? This cannot be undone.",
    )
    assert load_story(store, team.stories[0]).assumptions == []
    editor.findChild(QListWidget, "story_criteria").setCurrentRow(0)
    _click(editor, "criterion_remove")
    assert _dialogs(editor).confirms[-1][0] == "Remove acceptance criterion"
    assert load_story(store, team.stories[0]).criteria == []


def test_dependency_call_out_resolve_unresolve_and_remove(qtbot: QtBot, store: Store) -> None:
    editor, team = _editor(qtbot, store)
    editor.findChild(QLineEdit, "dependency_target").setText("PAYM-2")
    _click(editor, "dependency_add")
    deps = editor.findChild(QListWidget, "story_dependencies")
    call_out = editor.findChild(QPushButton, "dependency_call_out")
    resolve = editor.findChild(QPushButton, "dependency_resolve")
    assert not resolve.isEnabled()  # nothing selected yet
    deps.setCurrentRow(0)
    assert (call_out.text(), resolve.text()) == ("Call out", "Mark resolved")
    call_out.click()
    assert _texts(editor, "story_dependencies") == ["! called out · PAYM-2"]
    assert deps.currentRow() == 0  # the selection survives the refresh
    assert call_out.text() == "Withdraw call-out"
    call_out.click()
    assert _texts(editor, "story_dependencies") == ["✗ open · PAYM-2"]
    resolve.click()
    assert _texts(editor, "story_dependencies") == ["✓ resolved · PAYM-2"]
    assert resolve.text() == "Mark unresolved"
    resolve.click()
    assert load_story(store, team.stories[0]).dependencies[0].resolved_at is None
    assert "1 open dependency" in editor.readiness_label.text()
    _dialogs(editor).answer = False
    _click(editor, "dependency_remove")
    assert len(load_story(store, team.stories[0]).dependencies) == 1
    _dialogs(editor).answer = True
    _click(editor, "dependency_remove")
    assert _dialogs(editor).confirms[-1] == (
        "Remove dependency",
        "Remove the dependency on PAYM-2? This cannot be undone.",
    )
    assert load_story(store, team.stories[0]).dependencies == []
    assert not resolve.isEnabled()


def test_remove_a_risk_at_once_and_a_team_dor_item_after_asking(qtbot: QtBot, store: Store) -> None:
    editor, team = _editor(qtbot, store)
    make_ready(store, team, team.stories[0])
    editor.findChild(QLineEdit, "risk_text").setText("Sandbox is down")
    _click(editor, "risk_add")
    editor.findChild(QListWidget, "story_risks").setCurrentRow(0)
    _click(editor, "risk_remove")
    assert _dialogs(editor).confirms == []  # undoable, so it does not ask
    assert load_story(store, team.stories[0]).risks == []
    editor.findChild(QLineEdit, "dor_item_text").setText("UX mock attached")
    _click(editor, "dor_item_add")
    assert "team checklist not checked" in editor.readiness_label.text()
    _dialogs(editor).answer = False
    _click(editor, "dor_remove_0")
    assert editor.findChild(QCheckBox, "dor_check_0").text() == "UX mock attached"
    _dialogs(editor).answer = True
    _click(editor, "dor_remove_0")
    title, text = _dialogs(editor).confirms[-1]
    assert title == "Remove team Definition of Ready item"
    assert text.startswith("Remove “UX mock attached” from the team's Definition of Ready?")
    assert load_story(store, team.stories[0]).checks == []
    assert editor.findChild(QCheckBox, "dor_check_0") is None
    assert editor.readiness_label.text() == "✓ Ready"
