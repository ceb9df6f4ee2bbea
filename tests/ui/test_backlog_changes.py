"""The Backlog screen updates from the record an action returns: one row, not the whole list."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPushButton
from pytestqt.qtbot import QtBot

from facilitator.ops import story_editing as edit
from facilitator.ops.changes import ActionContext, Changes, Kind
from facilitator.store.db import Store
from facilitator.ui.context import UiContext
from facilitator.ui.screens.backlog import BacklogScreen
from tests.conftest import DEMO_TODAY
from tests.helpers.backlog_team import AnsweringDialogs, BacklogTeam, make_team
from tests.helpers.transactions import counting
from tests.ui.test_backlog_move_cost import traced

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


class Spy:
    """Every structural signal of a model, in order."""

    def __init__(self, screen: BacklogScreen) -> None:
        model = screen.model
        self.events: list[tuple[str, int, int]] = []

        def rows(name: str):  # type: ignore[no-untyped-def]
            return lambda _parent, first, last, *_rest: self.events.append((name, first, last))

        model.modelReset.connect(lambda: self.events.append(("reset", -1, -1)))
        model.layoutChanged.connect(lambda *_: self.events.append(("layout", -1, -1)))
        model.rowsInserted.connect(rows("inserted"))
        model.rowsRemoved.connect(rows("removed"))
        model.rowsMoved.connect(
            lambda _p, first, _last, _d, row: self.events.append(("moved", first, row))
        )
        model.dataChanged.connect(
            lambda top, bottom, *_: self.events.append(("data", top.row(), bottom.row()))
        )

    def kinds(self) -> set[str]:
        return {name for name, _, _ in self.events}


def _title(screen: BacklogScreen, row: int) -> str:
    return str(screen.model.data(screen.model.index(row, 2)))


def test_a_story_edit_changes_its_row_only(qtbot: QtBot, store: Store) -> None:
    team = make_team(store)
    screen = _screen(qtbot, store, team)
    screen.select_story(team.stories[3])
    spy = Spy(screen)
    screen.findChild(QLineEdit, "story_title").setText("Show the rate on the receipt")
    with counting(store) as tally:
        screen.findChild(QPushButton, "story_save").click()
    assert _title(screen, 3) == "Show the rate on the receipt"
    assert spy.events == [("data", 3, 3)]  # one row, no reset, no other row
    assert screen.table.currentIndex().row() == 3
    # The save, the row's fresh columns, the editor showing the story again.
    assert tally.begins == 3


def test_a_move_moves_one_row_and_keeps_it_selected(qtbot: QtBot, store: Store) -> None:
    team = make_team(store)
    screen = _screen(qtbot, store, team)
    screen.select_story(team.stories[6])
    spy = Spy(screen)
    with counting(store) as tally:
        screen.findChild(QPushButton, "backlog_move_top").click()
    assert "reset" not in spy.kinds()
    assert spy.events[0] == ("moved", 6, 0)
    assert [_title(screen, r) for r in range(2)] == ["Story number 7", "Story number 1"]
    assert screen.table.currentIndex().row() == 0
    assert screen.editor.story is not None
    assert screen.editor.story.key == "PAYM-7"
    assert tally.begins == 1  # the move only: its record says where the row goes; no read
    screen.undo_bar.undo()
    assert [_title(screen, r) for r in range(7)] == [f"Story number {n}" for n in range(1, 8)]
    assert "reset" not in spy.kinds()


def test_a_second_move_neither_shows_the_first_story_again_nor_reads_the_editor(
    qtbot: QtBot, store: Store
) -> None:
    """Recording a new action on the undo stack must not select the story an earlier action
    named (it did: the editor read that story, then the moved one, on every later move)."""
    team = make_team(store)
    screen = _screen(qtbot, store, team)
    screen.select_story(team.stories[6])
    screen.findChild(QPushButton, "backlog_move_top").click()
    screen.select_story(team.stories[8])
    loads = screen.editor.loads
    with counting(store) as tally:
        screen.findChild(QPushButton, "backlog_move_top").click()
    assert screen.editor.story is not None
    assert screen.editor.story.key == "PAYM-9"
    assert screen.editor.loads == loads  # the editor already shows the moved story
    assert tally.begins == 1  # the move; nothing is read after it


def test_move_to_top_is_one_transaction_of_a_few_statements(store: Store) -> None:
    team = make_team(store)
    from facilitator.ops.backlog import move_to_top

    # As SQLite runs them: a move reads and writes through the driver's own cursor.
    with traced(store) as tally:
        changes = move_to_top(store, ActionContext(NOW, team.team), team.stories[9], "to top")
    assert tally.begins == 1
    assert len(tally.statements) <= 6, tally.statements
    assert sum(s.startswith("UPDATE story") for s in tally.statements) == 1
    assert changes.ids_of(Kind.BACKLOG) == {team.stories[9]}
    assert changes.undo is not None
    assert changes.undo.text == "to top"


def test_a_story_save_is_one_transaction_and_its_undo_too(store: Store) -> None:
    team = make_team(store, stories=2)
    story = team.stories[0]
    read = edit.story_fields(store, story)
    with counting(store) as tally:
        changes = edit.update_story(
            store, ActionContext(NOW), story, title="Renamed", read_version=read.version
        )
    assert tally.begins == 1
    assert changes.ids_of(Kind.STORY) == {story}
    assert changes.undo is not None
    with counting(store) as tally:
        changes.undo.undo(store, ActionContext(NOW))
    assert tally.begins == 1
    assert edit.story_fields(store, story).title == "Story number 1"


def test_a_revisit_reads_nothing_unless_something_shown_changed(qtbot: QtBot, store: Store) -> None:
    team = make_team(store)
    screen = _screen(qtbot, store, team)
    with counting(store) as tally:
        screen.show_team(team.team)
    assert tally.statements == []
    screen.hide()
    spy = Spy(screen)
    screen.apply_changes(Changes(frozenset({Kind.BACKLOG})))  # a rebalance, an import …
    assert spy.events == []  # hidden: marked stale, read on the next visit
    screen.show()
    screen.show_team(team.team)
    assert spy.kinds() == {"reset"}


def test_a_filter_keystroke_does_not_read_the_database(qtbot: QtBot, store: Store) -> None:
    team = make_team(store)
    screen = _screen(qtbot, store, team)
    screen.select_story(team.stories[0])
    search = screen.findChild(QLineEdit, "backlog_search")
    with counting(store) as tally:
        for text in ("S", "St", "Story number 1"):
            search.setText(text)
    assert tally.statements == []
    assert screen.model.rowCount() == 2  # "Story number 1" and "Story number 10"
    assert screen.editor.story is not None
    assert screen.editor.story.key == "PAYM-1"


def test_after_a_reload_the_row_shows_the_title_saved_elsewhere(qtbot: QtBot, store: Store) -> None:
    team = make_team(store, stories=3)
    screen = _screen(qtbot, store, team)
    screen.select_story(team.stories[0])
    version = edit.story_fields(store, team.stories[0]).version
    edit.update_story(
        store, ActionContext(NOW), team.stories[0], title="Their title", read_version=version
    )
    screen.findChild(QLineEdit, "story_title").setText("My title")
    screen.findChild(QPushButton, "story_save").click()
    assert _title(screen, 0) == "Story number 1"  # refused: nothing of ours was written
    screen.findChild(QPushButton, "story_reload").click()
    assert _title(screen, 0) == "Their title"
    assert screen.findChild(QLineEdit, "story_title").text() == "My title"  # what I typed stays


def test_a_new_story_is_one_inserted_row(qtbot: QtBot, store: Store) -> None:
    team = make_team(store, stories=3)
    screen = _screen(qtbot, store, team)
    spy = Spy(screen)
    title = screen.findChild(QLineEdit, "backlog_new_title")
    title.setText("Refund a payment")
    screen.findChild(QPushButton, "backlog_add").click()
    assert spy.events[0] == ("inserted", 3, 3)
    assert "reset" not in spy.kinds()
    assert _title(screen, 3) == "Refund a payment"
    assert screen.editor.story is not None
    assert screen.editor.story.title == "Refund a payment"


def test_a_new_team_dor_item_shows_on_every_row(qtbot: QtBot, store: Store) -> None:
    team = make_team(store, stories=3)
    screen = _screen(qtbot, store, team)
    screen.select_story(team.stories[0])
    tips = [screen.model.index(r, 4).data(Qt.ItemDataRole.ToolTipRole) for r in range(3)]
    assert not any("the team's own checklist" in tip for tip in tips)
    screen.findChild(QLineEdit, "dor_item_text").setText("UX mock attached")
    screen.findChild(QPushButton, "dor_item_add").click()
    tips = [screen.model.index(r, 4).data(Qt.ItemDataRole.ToolTipRole) for r in range(3)]
    assert all("the team's own checklist" in tip for tip in tips)  # not only the edited story


def test_a_move_onto_a_rank_the_list_still_shows_for_another_story_reads_the_list_again(
    qtbot: QtBot, store: Store
) -> None:
    """Another program moved PAYM-2 to the bottom; this screen still shows it second. A story
    dropped above PAYM-3 takes the rank PAYM-2 had here: the screen reads the backlog again
    and shows the order the database holds, not PAYM-2 where it no longer is."""
    from sqlalchemy import update

    from facilitator.ops.backlog import load_backlog
    from facilitator.store.models import StoryRow

    team = make_team(store, 5)
    screen = _screen(qtbot, store, team)
    with store.session() as session:  # another program's move, no record reaches this screen
        session.execute(update(StoryRow).where(StoryRow.id == team.stories[1]).values(rank=10**6))
    screen.move_to_row(team.stories[4], 2)  # dropped above PAYM-3

    def shown() -> list[str]:
        return [str(screen.model.data(screen.model.index(r, 1))) for r in range(5)]

    qtbot.waitUntil(lambda: shown() == load_backlog(store, team.team).keys, timeout=3000)
    assert shown() == ["PAYM-1", "PAYM-5", "PAYM-3", "PAYM-4", "PAYM-2"]
