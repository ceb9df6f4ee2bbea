"""Sparse ranks: moving one story writes one row; an occasional rebalance renumbers them all.

Ranks are integers in ascending backlog order, spaced :data:`RANK_STEP` apart when fresh. A move
places the story halfway between its new neighbours; only when two neighbours are adjacent
integers is there no room, and the caller rebalances (renumbers every rank with the full step).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

RANK_STEP = 1024

K = TypeVar("K", bound=Hashable)


def rank_between(before: int | None, after: int | None) -> int | None:
    """A rank strictly between two neighbours, or None when there is no room.

    Args:
        before: rank of the story that will precede it (None at the top).
        after: rank of the story that will follow it (None at the bottom).

    Returns:
        The new rank, or None if ``before`` and ``after`` leave no integer between them.
    """
    if before is None and after is None:
        return 0
    if before is None:
        assert after is not None
        return after - RANK_STEP
    if after is None:
        return before + RANK_STEP
    if after - before < 2:
        return None
    return before + (after - before) // 2


def rebalanced(count: int, start: int = RANK_STEP) -> list[int]:
    """Fresh, evenly spaced ranks for ``count`` stories in their current order."""
    return [start + i * RANK_STEP for i in range(count)]


@dataclass(frozen=True, slots=True)
class MovePlan(Generic[K]):
    """The rows a move writes: usually one, all of them when a rebalance was needed."""

    updates: tuple[tuple[K, int], ...]
    rebalanced: bool


def plan_move(order: Sequence[tuple[K, int]], key: K, to_index: int) -> MovePlan[K]:
    """Plan moving ``key`` so that it ends at position ``to_index`` of the ranked list.

    Args:
        order: every item as ``(key, rank)`` in ascending rank order.
        key: the item to move.
        to_index: its position after the move (0 = top), clamped to the list.

    Returns:
        The rank updates: one row, or every row when the gap was exhausted.

    Raises:
        KeyError: ``key`` is not in ``order``.
    """
    keys = [k for k, _ in order]
    source = keys.index(key) if key in keys else -1
    if source < 0:
        raise KeyError(key)
    rest = [item for item in order if item[0] != key]
    to_index = max(0, min(to_index, len(rest)))
    if to_index == source:
        return MovePlan((), rebalanced=False)
    before = rest[to_index - 1][1] if to_index > 0 else None
    after = rest[to_index][1] if to_index < len(rest) else None
    rank = rank_between(before, after)
    if rank is not None:
        return MovePlan(((key, rank),), rebalanced=False)
    new_keys = [k for k, _ in rest]
    new_keys.insert(to_index, key)
    return MovePlan(tuple(zip(new_keys, rebalanced(len(new_keys)), strict=True)), rebalanced=True)


def apply_plan(order: Sequence[tuple[K, int]], plan: MovePlan[K]) -> list[tuple[K, int]]:
    """The list after applying ``plan``, sorted by rank (used by tests and in-memory models)."""
    ranks = dict(order)
    ranks.update(dict(plan.updates))
    return sorted(ranks.items(), key=lambda item: item[1])
