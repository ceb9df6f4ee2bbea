"""Story editor against a story someone else saved meanwhile: refused inline, nothing lost."""

from __future__ import annotations

import datetime as dt
import re

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPlainTextEdit, QPushButton
from pytestqt.qtbot import QtBot

from facilitator.ops import story_editing as edit
from facilitator.ops.changes import ActionContext
from facilitator.ops.story_reading import load_story
from facilitator.store.db import Store
from facilitator.ui.context import UiContext
from facilitator.ui.undo import UndoStack
from facilitator.ui.widgets.story_editor import StoryEditor
from tests.conftest import DEMO_TODAY
from tests.helpers.backlog_team import AnsweringDialogs, BacklogTeam, make_team

NOW = dt.datetime.combine(DEMO_TODAY, dt.time(10, tzinfo=dt.UTC))


def _editor(qtbot: QtBot, store: Store) -> tuple[StoryEditor, BacklogTeam]:
    team = make_team(store, stories=2)
    editor = StoryEditor(UiContext(store=store, dialogs=AnsweringDialogs(), now=lambda: NOW))
    qtbot.addWidget(editor)
    editor.ctx.actions.changed.connect(editor.apply_changes)  # as its screen passes records on
    editor.undo_stack = UndoStack(editor)
    editor.resize(560, 900)
    editor.show()
    editor.show_story(team.stories[0])
    return editor, team


def _someone_else_saves_the_title(store: Store, team: BacklogTeam) -> None:
    story = team.stories[0]
    version = edit.story_fields(store, story).version
    edit.update_story(store, ActionContext(NOW), story, title="Their title", read_version=version)


def test_a_stale_save_is_refused_inline_and_keeps_the_typed_text(
    qtbot: QtBot, store: Store
) -> None:
    editor, team = _editor(qtbot, store)
    key = load_story(store, team.stories[0]).key
    editor.findChild(QPlainTextEdit, "story_description").setPlainText("My description")
    _someone_else_saves_the_title(store, team)
    editor.findChild(QPushButton, "story_save").click()
    error = editor.findChild(QLabel, "story_error")
    assert error.isVisible()
    assert re.fullmatch(
        rf"✗ {key} was changed elsewhere by {re.escape(store.editor)} at \d\d:\d\d "
        "since you opened it — reload",
        error.text(),
    ), error.text()
    assert editor.findChild(QPlainTextEdit, "story_description").toPlainText() == "My description"
    story = load_story(store, team.stories[0])
    assert (story.title, story.description) == ("Their title", "")  # nothing overwritten
    reload = editor.findChild(QPushButton, "story_reload")
    assert reload.isVisible()
    assert reload.accessibleName()
    # Reload shows their title and keeps my description; one Save applies it.
    reload.click()
    assert editor.findChild(QLineEdit, "story_title").text() == "Their title"
    assert editor.findChild(QPlainTextEdit, "story_description").toPlainText() == "My description"
    assert not reload.isVisible()
    editor.findChild(QPushButton, "story_save").click()
    assert not error.isVisible()
    story = load_story(store, team.stories[0])
    assert (story.title, story.description) == ("Their title", "My description")


def test_a_description_save_does_not_write_an_old_title(qtbot: QtBot, store: Store) -> None:
    editor, team = _editor(qtbot, store)
    old_title = load_story(store, team.stories[0]).title
    editor.findChild(QPlainTextEdit, "story_description").setPlainText("Only this")
    editor.findChild(QPushButton, "story_save").click()
    story = load_story(store, team.stories[0])
    assert (story.title, story.description) == (old_title, "Only this")


def test_undo_of_an_edit_is_refused_when_someone_saved_since(qtbot: QtBot, store: Store) -> None:
    editor, team = _editor(qtbot, store)
    key = load_story(store, team.stories[0]).key
    editor.findChild(QPlainTextEdit, "story_description").setPlainText("Mine")
    editor.findChild(QPushButton, "story_save").click()
    _someone_else_saves_the_title(store, team)
    messages: list[str] = []
    assert editor.undo_stack is not None
    editor.undo_stack.problem.connect(messages.append)
    editor.undo_stack.undo()
    assert re.fullmatch(
        rf"✗ Cannot undo “edit {key} description”: {key} was changed elsewhere by "
        rf"{re.escape(store.editor)} at \d\d:\d\d "
        "since you opened it — reload",
        messages[-1],
    ), messages[-1]
    story = load_story(store, team.stories[0])
    assert (story.title, story.description) == ("Their title", "Mine")


def test_undo_and_redo_of_my_own_edit_still_work(qtbot: QtBot, store: Store) -> None:
    editor, team = _editor(qtbot, store)
    editor.findChild(QPlainTextEdit, "story_description").setPlainText("Mine")
    editor.findChild(QPushButton, "story_save").click()
    assert editor.undo_stack is not None
    editor.undo_stack.undo()
    assert load_story(store, team.stories[0]).description == ""
    editor.undo_stack.redo()
    assert load_story(store, team.stories[0]).description == "Mine"


def test_a_stale_estimate_commit_is_refused_and_reload_keeps_it(qtbot: QtBot, store: Store) -> None:
    editor, team = _editor(qtbot, store)
    key = load_story(store, team.stories[0]).key
    editor.findChild(QLineEdit, "estimate_value").setText("5")
    by = editor.findChild(QComboBox, "estimate_by")
    by.setCurrentIndex(by.findData(int(team.engineer)))
    _someone_else_saves_the_title(store, team)
    editor.findChild(QPushButton, "estimate_commit").click()
    error = editor.findChild(QLabel, "estimate_error")
    assert re.fullmatch(
        rf"✗ {key} was changed elsewhere by {re.escape(store.editor)} at \d\d:\d\d "
        "since you opened it — reload",
        error.text(),
    ), error.text()
    assert load_story(store, team.stories[0]).estimate is None  # nothing written
    reload = editor.findChild(QPushButton, "story_reload")
    assert reload.isVisible()
    reload.click()
    assert editor.findChild(QLineEdit, "estimate_value").text() == "5"
    editor.findChild(QPushButton, "estimate_commit").click()
    assert not error.isVisible()
    story = load_story(store, team.stories[0])
    assert (story.title, story.estimate) == ("Their title", 5)
