"""Undo and redo of the retro's actions that add or change: a note, a group, a dot, the
experiment — each step one transaction, only while the retro is in the action's phase; on
SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from facilitator.domain.retro_notes import Column, GroupId, NoteId
from facilitator.domain.retro_phases import RetroPhase
from facilitator.errors import RuleViolation
from facilitator.ops import retro
from facilitator.ops.changes import ActionContext, Changes, Kind
from facilitator.ops.retro_reads import load_retro
from facilitator.store.db import Store
from tests.helpers.backends import BACKENDS, backend_store
from tests.helpers.retro_team import NOW, RetroTeam, opened_run, retro_team
from tests.helpers.scenario import rows
from tests.helpers.transactions import counting


@pytest.fixture(params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    with backend_store(request.param, tmp_path) as store:
        yield store


@pytest.fixture
def rt(db: Store) -> RetroTeam:
    return retro_team(db)


def _ctx(store: Store, rt: RetroTeam) -> ActionContext:
    ctx = ActionContext(NOW, rt.team.team, opened_run(store, ActionContext(NOW, rt.team.team)))
    retro.advance_phase(store, ctx)  # the team's first retro: nothing to evaluate
    return ctx


def _undo(store: Store, ctx: ActionContext, done: Changes) -> Changes:
    assert done.undo is not None
    with counting(store) as tally:
        undone = done.undo.undo(store, ctx)
    assert tally.begins == 1
    assert undone.touches(Kind.RETRO)
    return undone


def _redo(store: Store, ctx: ActionContext, done: Changes) -> Changes:
    assert done.undo is not None
    return done.undo.redo(store, ctx)


def test_a_note_taken_back_and_written_again_the_anonymous_one_still_without_author(
    db: Store, rt: RetroTeam
) -> None:
    ctx = _ctx(db, rt)
    retro.write_note(db, ctx, rt.team.po, Column.WENT_WELL, "Demos were crisp")
    done = retro.write_note(
        db, ctx, rt.team.qa, Column.TO_IMPROVE, "Nobody reviews on Fridays", anonymous=True
    )
    assert done.undo is not None
    assert done.undo.text == "note"
    _undo(db, ctx, done)
    assert rows(db, "SELECT number, text FROM retro_note ORDER BY number") == [
        (1, "Demos were crisp")
    ]
    _redo(db, ctx, done)
    assert rows(db, "SELECT number, author_id, author_name FROM retro_note ORDER BY number") == [
        (1, rt.team.po, "Anna PO"),
        (2, None, None),
    ]


def test_a_group_and_a_dot_are_taken_back(db: Store, rt: RetroTeam) -> None:
    ctx = _ctx(db, rt)
    retro.write_note(db, ctx, rt.team.po, Column.WENT_WELL, "Demos were crisp")
    retro.advance_phase(db, ctx)
    grouped = retro.make_group(db, ctx, "Demos", [NoteId(1)])
    _undo(db, ctx, grouped)
    assert rows(db, "SELECT title FROM retro_group") == []
    _redo(db, ctx, grouped)
    assert rows(db, "SELECT number, title FROM retro_group") == [(1, "Demos")]
    retro.advance_phase(db, ctx)
    voted = retro.vote(db, ctx, rt.team.qa, GroupId(1))
    retro.vote(db, ctx, rt.team.po, GroupId(1))
    # LIFO in the undo stack; on its own the first dot's undo puts the dots as they were then.
    _undo(db, ctx, voted)
    assert rows(db, "SELECT member_id FROM retro_vote") == []
    _redo(db, ctx, voted)
    assert rows(db, "SELECT member_id FROM retro_vote") == [(rt.team.qa,)]


def test_the_experiment_taken_back_can_be_decided_again(db: Store, rt: RetroTeam) -> None:
    ctx = _ctx(db, rt)
    for _ in range(4):
        retro.advance_phase(db, ctx)
    decided = retro.decide_experiment(
        db, ctx, "Pair on reviews", rt.team.engineer, "reviews wait less than 4 hours"
    )
    _undo(db, ctx, decided)
    assert rows(db, "SELECT change FROM experiment") == []
    view = load_retro(db, rt.team.team)
    assert view is not None
    assert view.retro.experiment is None
    _redo(db, ctx, decided)
    assert rows(db, "SELECT change, owner_name FROM experiment") == [
        ("Pair on reviews", "Lucas Engineer")
    ]
    revised = retro.revise_experiment(
        db, ctx, "Pair on every review", rt.team.engineer, "reviews wait less than 4 hours"
    )
    _undo(db, ctx, revised)
    assert rows(db, "SELECT change FROM experiment") == [("Pair on reviews",)]


def test_once_the_retro_moved_on_or_closed_the_step_is_refused_with_the_reason(
    db: Store, rt: RetroTeam
) -> None:
    ctx = _ctx(db, rt)
    done = retro.write_note(db, ctx, rt.team.engineer, Column.TO_IMPROVE, "Reviews wait")
    retro.advance_phase(db, ctx)
    assert done.undo is not None
    gather, group = RetroPhase.GATHER.label, RetroPhase.GROUP.label
    with pytest.raises(RuleViolation, match=f"moved on from {gather} to {group}; go back to"):
        done.undo.undo(db, ctx)
    assert len(rows(db, "SELECT id FROM retro_note")) == 1  # nothing lost
    retro.back_phase(db, ctx)
    _undo(db, ctx, done)  # back in the phase: it works
    assert rows(db, "SELECT id FROM retro_note") == []


def test_phase_moves_and_the_reveal_are_not_undone_by_ctrl_z(db: Store, rt: RetroTeam) -> None:
    ctx = _ctx(db, rt)
    assert retro.advance_phase(db, ctx).undo is None  # ← takes a phase back instead
    assert retro.reveal(db, ctx).undo is None
