"""Sparse ranks: one row per move, total order always, rebalance only when a gap runs out."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from facilitator.domain.ranking import RANK_STEP, rank_between, rebalanced


def test_rank_between_neighbours_and_edges() -> None:
    assert rank_between(None, None) == 0
    assert rank_between(None, 1024) == 0
    assert rank_between(1024, None) == 2048
    assert rank_between(1024, 2048) == 1536
    assert rank_between(5, 7) == 6
    assert rank_between(5, 6) is None


def test_rebalanced_ranks_are_evenly_spaced() -> None:
    assert rebalanced(3) == [RANK_STEP, 2 * RANK_STEP, 3 * RANK_STEP]


@settings(max_examples=300, deadline=None)
@given(st.integers(-(2**40), 2**40), st.integers(0, 2**20))
def test_rank_between_is_strictly_between_or_none_when_adjacent(before: int, gap: int) -> None:
    after = before + gap
    rank = rank_between(before, after)
    if gap < 2:
        assert rank is None
    else:
        assert rank is not None
        assert before < rank < after
    assert rank_between(None, after) is not None  # the top always has room
    assert rank_between(before, None) is not None  # and so has the bottom


def test_inserting_into_the_same_gap_runs_out_after_about_log2_step_moves() -> None:
    first, second = rebalanced(2)
    inserted = 0
    while (rank := rank_between(first, second)) is not None:
        second = rank  # the next story goes between the first and the one just placed
        inserted += 1
    assert inserted == 10  # log2(RANK_STEP): then the caller rebalances
