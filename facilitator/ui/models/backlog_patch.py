"""Patching the backlog model from an action's record: one row changes, moves or goes; no reset.

A story edit emits ``dataChanged`` for that story's row only; a move emits ``rowsMoved`` (the
selection follows the story) and ``dataChanged`` for the positions in between; a story that
appears or goes, or that an edit brings into or out of the filter, is one row inserted or removed.
Each is a few bisections and list moves on the model's rows (kept as ranks, see ``BacklogModel``):
the same work at 200 stories as at 100,000, wherever the story goes.
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex

from facilitator.ops.backlog import BACKLOG_STATUSES, BacklogListing

if TYPE_CHECKING:
    from facilitator.ui.models.backlog_model import BacklogModel

IN_BACKLOG = frozenset(BACKLOG_STATUSES)


def patch_rows(model: BacklogModel, rows: BacklogListing, named: set[int]) -> None:
    """Bring the stories ``named`` up to date from ``rows`` (their fresh listing columns).

    A named story missing from ``rows`` is no longer the team's: its row goes.
    """
    fresh = {sid: i for i, sid in enumerate(rows.ids)}
    if rows.ids:  # an empty read carries no team facts
        model.listing.sla_hours = rows.sla_hours
    values = {
        sid: None if at is None else [column[at] for column in listing_columns(rows)]
        for sid in sorted(named)
        for at in (fresh.get(sid),)
    }
    reranked = [sid for sid, v in values.items() if v is not None and v[1] != model.rank_of(sid)]
    if len(reranked) > 1:
        # Several stories change ranks: one may take a rank another still holds in the model,
        # so all of them go out before any comes back in.
        for story_id in reranked:
            _patch_one(model, story_id, None)
        for story_id in reranked:
            _patch_one(model, story_id, values.pop(story_id))
    for story_id, story_values in values.items():
        _patch_one(model, story_id, story_values)


def listing_columns(listing: BacklogListing) -> list[list[Any]]:
    """The listing's columns, in the order of a story's values."""
    return [
        listing.ids,
        listing.ranks,
        listing.keys,
        listing.titles,
        listing.estimates,
        listing.statuses,
        listing.types,
        listing.missing,
        listing.blocked,
    ]


def _patch_one(model: BacklogModel, story_id: int, values: list[Any] | None) -> None:
    rank = model.rank_of(story_id)
    if rank is None:
        if values is not None:
            _insert(model, values)
        return
    old = bisect.bisect_left(model.listing.ranks, rank)
    if values is None:
        _remove(model, old)
        return
    old_row = model.row_of(story_id)
    shown = model.passes_values(values)
    if values[1] == rank and shown == (old_row is not None):
        _replace_in_place(model, old, values, old_row)
        return
    if old_row is None or not shown:
        _remove(model, old)
        _insert(model, values)
        return
    _move(model, old, old_row, values)


def _store(model: BacklogModel, i: int, values: list[Any]) -> None:
    columns = listing_columns(model.listing)
    for column, value in zip(columns, values, strict=True):
        column[i] = value
    model.text_changed(i)


def _replace_in_place(model: BacklogModel, i: int, values: list[Any], row: int | None) -> None:
    status_moved = (model.listing.statuses[i] in IN_BACKLOG) != (values[5] in IN_BACKLOG)
    _store(model, i, values)
    if status_moved:  # the positions ("1", "2", "–") of the rows below changed
        model.status_changed(values[1], values[5] in IN_BACKLOG)
    if row is None:
        return
    last = model.columnCount() - 1
    model.dataChanged.emit(model.index(row, 0), model.index(row, last))
    if status_moved and row + 1 < model.rowCount():
        model.dataChanged.emit(model.index(row + 1, 0), model.index(model.rowCount() - 1, 0))


def _remove(model: BacklogModel, i: int) -> None:
    row = model.row_of(model.listing.ids[i])
    if row is not None:
        model.beginRemoveRows(QModelIndex(), row, row)
    model.take(i, row)
    if row is not None:
        model.endRemoveRows()
        _positions_changed(model, row, model.rowCount() - 1)


def _insert(model: BacklogModel, values: list[Any]) -> None:
    row = bisect.bisect_left(model.visible, values[1]) if model.passes_values(values) else None
    if row is not None:
        model.beginInsertRows(QModelIndex(), row, row)
    model.put(values, row)
    if row is not None:
        model.endInsertRows()
        _positions_changed(model, row, model.rowCount() - 1)


def _move(model: BacklogModel, old: int, old_row: int, values: list[Any]) -> None:
    # Where the story goes among the other rows shown (those without it), found by bisecting
    # the rows as they are, by rank: no other row's rank changes.
    rank, new_rank = model.listing.ranks[old], values[1]
    new_row = bisect.bisect_left(model.visible, new_rank) - (rank < new_rank)
    destination = new_row if new_row <= old_row else new_row + 1
    moving = model.beginMoveRows(QModelIndex(), old_row, old_row, QModelIndex(), destination)
    model.take(old, old_row)
    model.put(values, new_row)
    if moving:
        model.endMoveRows()
    last = model.columnCount() - 1
    model.dataChanged.emit(model.index(new_row, 0), model.index(new_row, last))
    _positions_changed(model, min(old_row, new_row), max(old_row, new_row))


def _positions_changed(model: BacklogModel, first: int, last: int) -> None:
    """The Rank column ("1", "2", …) of visible rows ``first``..``last`` changed."""
    if 0 <= first <= last < model.rowCount():
        model.dataChanged.emit(model.index(first, 0), model.index(last, 0))
