"""Over-long typed text is refused next to its field (never cut by the widget), and a member
whose stored role the app does not know is shown on Home and Team instead of crashing them."""

from __future__ import annotations

import datetime as dt
import sqlite3

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QPushButton, QTableView, QTableWidget
from pytestqt.qtbot import QtBot

from facilitator.ops.story_reading import load_story
from facilitator.store.db import Store
from facilitator.ui.context import UiContext
from facilitator.ui.main_window import MainWindow
from facilitator.ui.undo import UndoStack
from facilitator.ui.widgets.story_editor import StoryEditor
from tests.conftest import DEMO_TODAY
from tests.helpers.backlog_team import AnsweringDialogs, make_team
from tests.helpers.team_page import scroll_to

NOW = dt.datetime.combine(DEMO_TODAY, dt.time(10, tzinfo=dt.UTC))


def test_a_301_character_title_is_refused_next_to_the_field(qtbot: QtBot, store: Store) -> None:
    team = make_team(store, stories=1)
    editor = StoryEditor(UiContext(store=store, dialogs=AnsweringDialogs(), now=lambda: NOW))
    qtbot.addWidget(editor)
    editor.ctx.actions.changed.connect(editor.apply_changes)  # as its screen passes records on
    editor.undo_stack = UndoStack(editor)
    editor.resize(560, 900)
    editor.show()
    editor.show_story(team.stories[0])
    title = editor.findChild(QLineEdit, "story_title")
    title.clear()
    qtbot.keyClicks(title, "t" * 301)
    assert len(title.text()) == 301  # the field does not cut what was typed
    qtbot.mouseClick(editor.findChild(QPushButton, "story_save"), Qt.MouseButton.LeftButton)
    error = editor.findChild(QLabel, "story_error")
    assert error.isVisible()
    assert error.text() == "✗ Title is 301 characters; the limit is 300"
    assert error.parentWidget() is title.parentWidget()  # in the story box with the title
    assert load_story(store, team.stories[0]).title == "Story number 1"
    assert len(title.text()) == 301  # kept, so the user can shorten it


def _window(qtbot: QtBot, store: Store) -> MainWindow:
    window = MainWindow(UiContext(store=store, now=lambda: NOW))
    qtbot.addWidget(window)
    window.show()
    return window


def test_a_121_character_member_name_is_refused_next_to_the_name(
    qtbot: QtBot, store: Store
) -> None:
    make_team(store, stories=1)
    window = _window(qtbot, store)
    window.findChild(QListWidget, "nav").setCurrentRow(1)  # Team
    scroll_to(qtbot, window, "team_members_place")
    members = window.findChild(QTableWidget, "team_members")
    before = members.rowCount()
    qtbot.mouseClick(window.findChild(QPushButton, "member_new"), Qt.MouseButton.LeftButton)
    name = window.findChild(QLineEdit, "member_name")
    name.setText("N" * 121)
    qtbot.mouseClick(window.findChild(QPushButton, "member_save"), Qt.MouseButton.LeftButton)
    error = window.findChild(QLabel, "member_name_error")
    assert error.isVisible()
    assert error.text() == "✗ Name is 121 characters; the limit is 120"
    assert len(name.text()) == 121
    assert members.rowCount() == before


def test_a_member_with_an_unknown_role_is_shown_with_it(qtbot: QtBot, store: Store) -> None:
    make_team(store, stories=1)
    path = store.target.sqlite_path
    assert path is not None
    conn = sqlite3.connect(path)
    conn.execute("UPDATE member SET role = 'wizard' WHERE name = 'Tomas QA'")
    conn.commit()
    conn.close()
    window = _window(qtbot, store)
    home = window.findChild(QTableView, "home_members")
    model = home.model()
    rows = {model.index(r, 0).data(): model.index(r, 1).data() for r in range(model.rowCount())}
    assert rows["Tomas QA"] == "unknown role “wizard”"
    assert rows["Anna PO"] == "Product Owner"

    window.findChild(QListWidget, "nav").setCurrentRow(1)  # Team
    scroll_to(qtbot, window, "team_members_place")
    members = window.findChild(QTableWidget, "team_members")
    row = next(r for r in range(members.rowCount()) if members.item(r, 0).text() == "Tomas QA")
    assert members.item(row, 1).text() == "unknown role “wizard”"
    members.setCurrentCell(row, 0)
    # Editing asks for a real role rather than saving a stand-in silently.
    assert window.findChild(QLineEdit, "member_name").text() == "Tomas QA"
    qtbot.mouseClick(window.findChild(QPushButton, "member_save"), Qt.MouseButton.LeftButton)
    assert (
        window.findChild(QLabel, "member_role_error").text() == "✗ Role: choose the member's role"
    )
