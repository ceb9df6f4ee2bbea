"""The two undo records most actions need, written once.

A created record is undone by removing it and redone by adding it again; an edited record is
undone by saving what it was and redone by saving what it became. Each step is one transaction
of its own, through the repository the action used.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.orm import Session

from facilitator.ops.changes import ActionContext, Changes, Undo
from facilitator.store.db import Store

Item = TypeVar("Item")
Repo = TypeVar("Repo")


def undo_creation(
    text: str,
    saved: Item,
    repo: Callable[[Session], Repo],
    remove: Callable[[Repo, Item], object],
    add: Callable[[Repo, Item], Item],
    changes: Callable[[Item, bool], Changes],
) -> Undo:
    """Undo ``saved``'s creation by ``remove``; redo it by ``add`` (``changes(item, created)``)."""

    def undo(store: Store, _ctx: ActionContext) -> Changes:
        with store.session() as session:
            remove(repo(session), saved)
        return changes(saved, False)

    def redo(store: Store, _ctx: ActionContext) -> Changes:
        with store.session() as session:
            again = add(repo(session), saved)
        return changes(again, True)

    return Undo(text, undo, redo)


def undo_edit(
    text: str,
    before: Item,
    after: Item,
    repo: Callable[[Session], Repo],
    save: Callable[[Repo, Item], object],
    changes: Callable[[Item, bool], Changes],
) -> Undo:
    """Undo an edit by saving ``before``; redo it by saving ``after``."""

    def put(store: Store, item: Item) -> Changes:
        with store.session() as session:
            save(repo(session), item)
        return changes(item, False)

    return Undo(text, lambda s, _c: put(s, before), lambda s, _c: put(s, after))
