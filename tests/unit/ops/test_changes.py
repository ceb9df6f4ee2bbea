"""The Changes record: what it names, merging, and the action context."""

from __future__ import annotations

import datetime as dt

import pytest

from facilitator.domain.ids import TeamId
from facilitator.ops.changes import NOTHING, ActionContext, Changes, Kind, Undo, merge


def _noop(store: object, ctx: ActionContext) -> Changes:
    return NOTHING


@pytest.mark.parametrize(
    ("record", "kind", "ids", "all_of_kind"),
    [
        (Changes.of(Kind.STORY, 3, 4), Kind.STORY, {3, 4}, False),
        (Changes.of(Kind.STORY, 3), Kind.BACKLOG, set(), False),
        (Changes.of(Kind.BACKLOG), Kind.BACKLOG, set(), True),
        (Changes.of(Kind.STORY, 3).also(Kind.BACKLOG, 3), Kind.BACKLOG, {3}, False),
        (Changes.of(Kind.STORY, 3).also(Kind.TEAM), Kind.TEAM, set(), True),
    ],
)
def test_a_record_names_the_ids_of_each_kind(
    record: Changes, kind: Kind, ids: set[int], all_of_kind: bool
) -> None:
    assert record.ids_of(kind) == ids
    assert record.names_all(kind) is all_of_kind
    assert record.touches(kind) is (bool(ids) or all_of_kind)


def test_nothing_is_empty_and_an_op_record_is_not() -> None:
    assert NOTHING.empty
    assert not Changes.of(Kind.RUN, 1).empty
    assert not NOTHING.touches(*Kind)


def test_merge_names_everything_and_keeps_the_last_undo_and_created_id() -> None:
    first = Changes.of(Kind.STORY, 1, created=1, undo=Undo("a", _noop, _noop))
    second_undo = Undo("b", _noop, _noop)
    second = Changes.of(Kind.BACKLOG, 2, undo=second_undo)
    merged = merge([first, second, NOTHING])
    assert merged.ids_of(Kind.STORY) == {1}
    assert merged.ids_of(Kind.BACKLOG) == {2}
    assert merged.undo is second_undo
    assert merged.created == 1


def test_with_undo_keeps_what_changed() -> None:
    undo = Undo("move PAY-1 to top", _noop, _noop)
    record = Changes.of(Kind.BACKLOG, 5).with_undo(undo)
    assert record.undo is undo
    assert record.ids_of(Kind.BACKLOG) == {5}


def test_the_context_names_its_team_or_says_it_has_none() -> None:
    now = dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC)
    assert ActionContext(now, TeamId(4)).team() == 4
    with pytest.raises(ValueError, match="needs a team"):
        ActionContext(now).team()
