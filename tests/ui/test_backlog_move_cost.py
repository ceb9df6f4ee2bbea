"""A move and its undo cost the database the same at 200 stories as at 2,000: one transaction
each, the same statements, the same work inside SQLite; the screen reads nothing after them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot
from sqlalchemy import event, insert

from facilitator.domain.ranking import RANK_STEP
from facilitator.store.db import Store
from facilitator.store.models import StoryRow
from facilitator.ui.context import UiContext
from facilitator.ui.screens.backlog import BacklogScreen
from tests.conftest import DEMO_TODAY
from tests.helpers.backlog_team import AnsweringDialogs, BacklogTeam, make_team, ranks

NOW = dt.datetime.combine(DEMO_TODAY, dt.time(10, tzinfo=dt.UTC))
_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")


@dataclass
class Traced:
    """What SQLite itself ran: every statement (the app's plain reads go through the driver's
    cursor, which SQLAlchemy's events never see), transactions begun, virtual machine steps."""

    statements: list[str] = field(default_factory=list)
    begins: int = 0
    steps: int = 0


@contextmanager
def traced(store: Store) -> Iterator[Traced]:
    """Trace every connection ``store`` hands out inside the block."""
    seen = Traced()

    def _trace(sql: str) -> None:
        word = sql.lstrip().split(maxsplit=1)[0].upper()
        if word == "BEGIN":
            seen.begins += 1
        if word not in _CONTROL:
            seen.statements.append(sql)

    def _step() -> int:
        seen.steps += 1
        return 0

    def _checkout(dbapi_connection: Any, *_args: Any) -> None:
        dbapi_connection.set_trace_callback(_trace)
        dbapi_connection.set_progress_handler(_step, 1)

    store.engine.dispose()  # connections checked out from now on are traced
    event.listen(store.engine, "checkout", _checkout)
    try:
        yield seen
    finally:
        event.remove(store.engine, "checkout", _checkout)
        store.engine.dispose()


def _team_of(store: Store, stories: int) -> BacklogTeam:
    """A team with ten stories made through the op, then ``stories - 10`` more written at once."""
    team = make_team(store)
    top = max(ranks(store, team.team).values())
    with store.session() as session:
        session.execute(
            insert(StoryRow),
            [
                {
                    "team_id": team.team,
                    "key": f"PAYM-{n}",
                    "title": f"Story number {n}",
                    "description": "",
                    "type": "story",
                    "status": "new",
                    "rank": top + (n - 10) * RANK_STEP,
                    "created_at": NOW,
                }
                for n in range(11, stories + 1)
            ],
        )
    return team


def _screen(qtbot: QtBot, store: Store, team: BacklogTeam) -> BacklogScreen:
    ctx = UiContext(store=store, dialogs=AnsweringDialogs(), now=lambda: NOW)
    screen = BacklogScreen(ctx)
    ctx.actions.changed.connect(screen.apply_changes)  # as the main window passes records on
    qtbot.addWidget(screen)
    screen.resize(1280, 720)
    screen.show()
    screen.show_team(team.team)
    screen.model.read_all()
    return screen


def _move_and_undo(qtbot: QtBot, store: Store, stories: int) -> tuple[Traced, Traced]:
    """Move the last story to the top and undo it, traced; what each cost."""
    team = _team_of(store, stories)
    screen = _screen(qtbot, store, team)
    last = screen.model.story_id(screen.model.rowCount() - 1)
    assert screen.select_story(last)
    before = ranks(store, team.team)
    with traced(store) as move:
        screen.findChild(QPushButton, "backlog_move_top").click()
    assert screen.model.story_id(0) == last
    assert screen.table.currentIndex().row() == 0
    with traced(store) as undo:
        screen.undo_bar.undo()
    assert screen.model.story_id(screen.model.rowCount() - 1) == last
    assert ranks(store, team.team) == before  # the undo put back the exact rank
    return move, undo


def test_a_move_and_its_undo_are_one_transaction_each_and_the_screen_reads_nothing_after(
    qtbot: QtBot, store: Store
) -> None:
    move, undo = _move_and_undo(qtbot, store, 200)
    assert move.begins == 1
    assert undo.begins == 1
    # The story's neighbours, the top rank, the one rank written (on SQLite the write
    # transaction's BEGIN IMMEDIATE is the team's lock: no statement takes it again).
    assert len(move.statements) == 3, move.statements
    assert sum(s.startswith("UPDATE story") for s in move.statements) == 1
    # The ranks of the story and its old neighbours, the next rank, the write.
    assert len(undo.statements) == 3, undo.statements
    assert sum(s.startswith("UPDATE story") for s in undo.statements) == 1


@pytest.fixture
def second_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """Another empty migrated database, for the longer backlog."""
    from facilitator.store.db import target_from
    from facilitator.store.migrate import open_store

    opened = open_store(target_from(tmp_path_factory.mktemp("long") / "long.sqlite3"))
    yield opened
    opened.close()


def test_a_move_and_its_undo_cost_the_database_the_same_at_2000_stories_as_at_200(
    qtbot: QtBot, store: Store, second_store: Store
) -> None:
    short_move, short_undo = _move_and_undo(qtbot, store, 200)
    long_move, long_undo = _move_and_undo(qtbot, second_store, 2000)
    assert len(long_move.statements) == len(short_move.statements)
    assert len(long_undo.statements) == len(short_undo.statements)
    assert (long_move.begins, long_undo.begins) == (short_move.begins, short_undo.begins)
    # Inside SQLite too: index seeks, not a walk over the team's stories (the undo once
    # scanned every rank of the team: ten times the steps for ten times the stories).
    assert long_move.steps <= short_move.steps * 1.1
    assert long_undo.steps <= short_undo.steps * 1.1
