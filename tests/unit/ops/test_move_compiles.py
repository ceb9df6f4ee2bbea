"""The first move in a process compiles no SQL: its statements are plain SQL the driver runs.

The first move of a session (p95 of "move to top" 150-165 ms at 20,000 stories, the later
ones 40) compiled the team lock's SELECT … FOR UPDATE (on SQLite a statement that took a lock
the write transaction already held) and the rank's UPDATE, some 10 ms of SQLAlchemy's
compiler on top of the first write's other first-time costs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy.sql.compiler import SQLCompiler

from facilitator.ops.backlog import load_backlog, move_story, move_to_top
from facilitator.ops.backlog_moves import place_in_slot, slot_of
from facilitator.ops.changes import ActionContext
from facilitator.store.db import Store
from tests.conftest import DEMO_TODAY
from tests.helpers.backlog_team import BacklogTeam, make_team

NOW = dt.datetime.combine(DEMO_TODAY, dt.time(10, tzinfo=dt.UTC))


@contextmanager
def compiled(store: Store, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The statements ``store``'s dialect compiles inside the block."""
    texts: list[str] = []
    base = store.engine.dialect.statement_compiler

    class Counting(base):  # type: ignore[valid-type, misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            texts.append(str(self.string))

    assert issubclass(base, SQLCompiler)
    monkeypatch.setattr(store.engine.dialect, "statement_compiler", Counting)
    try:
        yield texts
    finally:
        monkeypatch.undo()


def test_a_first_move_compiles_no_statement_and_still_moves(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    team: BacklogTeam = make_team(store)
    s = team.stories
    ctx = ActionContext(NOW, team.team)
    was = slot_of(store, team.team, s[7])
    with compiled(store, monkeypatch) as first:
        move_to_top(store, ctx, s[7])
        move_story(store, ctx, s[2], before=s[1])
        place_in_slot(store, ctx, s[7], was)  # the undo of the move to the top
    assert first == []
    order = load_backlog(store, team.team).ids
    assert order.index(s[2]) < order.index(s[1])
    assert order.index(s[7]) == 7  # back where it was
