"""Sparse ranks: moving one story writes one row; an occasional rebalance renumbers them all.

Ranks are integers in ascending backlog order, spaced :data:`RANK_STEP` apart when fresh. A move
places the story halfway between its new neighbours; only when two neighbours are adjacent
integers is there no room, and the caller rebalances (renumbers every rank with the full step).
"""

from __future__ import annotations

RANK_STEP = 1024


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
