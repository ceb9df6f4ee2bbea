"""Patching the backlog model from an action's record: one row changes, moves or goes; no reset.

A story edit emits ``dataChanged`` for that story's row only; a move emits ``rowsMoved`` (the
selection follows the story) and ``dataChanged`` for the positions in between; a story that
appears or goes, or that an edit brings into or out of the filter, is one row inserted or removed.
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex

from facilitator.ops.backlog import BACKLOG_STATUSES, BacklogListing

if TYPE_CHECKING:
    from facilitator.ui.models.backlog_model import BacklogModel

_BACKLOG = frozenset(BACKLOG_STATUSES)


def patch_rows(model: BacklogModel, rows: BacklogListing, named: set[int]) -> None:
    """Bring the stories ``named`` up to date from ``rows`` (their fresh listing columns).

    A named story missing from ``rows`` is no longer the team's: its row goes.
    """
    fresh = {sid: i for i, sid in enumerate(rows.ids)}
    if rows.ids:  # an empty read carries no team facts
        model.listing.sla_hours = rows.sla_hours
    for story_id in sorted(named):
        at = fresh.get(story_id)
        values = None if at is None else [column[at] for column in listing_columns(rows)]
        _patch_one(model, story_id, values)


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
    listing = model.listing
    try:
        old = listing.ids.index(story_id)
    except ValueError:
        old = None
    if old is None:
        if values is not None:
            _insert(model, values)
        return
    if values is None:
        _remove(model, old)
        return
    old_row = model.row_of(story_id)
    if values[1] == listing.ranks[old] and model.passes_values(values) == (old_row is not None):
        _replace_in_place(model, old, values, old_row)
        return
    if old_row is None or not model.passes_values(values):
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
    status_moved = (model.listing.statuses[i] in _BACKLOG) != (values[5] in _BACKLOG)
    _store(model, i, values)
    if status_moved:  # the positions ("1", "2", "–") of the rows below changed
        model.refilter_quietly()
    if row is None:
        return
    last = model.columnCount() - 1
    model.dataChanged.emit(model.index(row, 0), model.index(row, last))
    if status_moved and row + 1 < model.rowCount():
        model.dataChanged.emit(model.index(row + 1, 0), model.index(model.rowCount() - 1, 0))


def _remove(model: BacklogModel, i: int) -> None:
    story_id = model.listing.ids[i]
    row = model.row_of(story_id)
    if row is not None:
        model.beginRemoveRows(QModelIndex(), row, row)
    for column in listing_columns(model.listing):
        column.pop(i)
    model.text_removed(i)
    model.refilter_quietly()
    if row is not None:
        model.endRemoveRows()
        _positions_changed(model, row, model.rowCount() - 1)


def _insert(model: BacklogModel, values: list[Any]) -> None:
    listing = model.listing
    i = bisect.bisect_left(listing.ranks, values[1])
    row = bisect.bisect_left(model.visible, i) if model.passes_values(values) else None
    if row is not None:
        model.beginInsertRows(QModelIndex(), row, row)
    for column, value in zip(listing_columns(listing), values, strict=True):
        column.insert(i, value)
    model.text_inserted(i)
    model.refilter_quietly()
    if row is not None:
        model.endInsertRows()
        _positions_changed(model, row, model.rowCount() - 1)


def _move(model: BacklogModel, old: int, old_row: int, values: list[Any]) -> None:
    listing, visible = model.listing, model.visible
    # Where the story goes among the others (the listing and the visible rows without it),
    # found by bisecting them as they are: copying 100,000 ranks and rows took ~10 ms a move.
    new = bisect.bisect_left(listing.ranks, values[1]) - (listing.ranks[old] < values[1])
    if new <= old:
        new_row = bisect.bisect_left(visible, new)
    else:  # the rows below it move up one: it goes after the last row at or above ``new``
        new_row = bisect.bisect_right(visible, new) - 1
    destination = new_row if new_row <= old_row else new_row + 1
    moving = model.beginMoveRows(QModelIndex(), old_row, old_row, QModelIndex(), destination)
    for column in listing_columns(listing):
        column.pop(old)
    model.text_removed(old)
    for column, value in zip(listing_columns(listing), values, strict=True):
        column.insert(new, value)
    model.text_inserted(new)
    model.refilter_quietly()
    if moving:
        model.endMoveRows()
    last = model.columnCount() - 1
    model.dataChanged.emit(model.index(new_row, 0), model.index(new_row, last))
    _positions_changed(model, min(old_row, new_row), max(old_row, new_row))


def _positions_changed(model: BacklogModel, first: int, last: int) -> None:
    """The Rank column ("1", "2", …) of visible rows ``first``..``last`` changed."""
    if 0 <= first <= last < model.rowCount():
        model.dataChanged.emit(model.index(first, 0), model.index(last, 0))
