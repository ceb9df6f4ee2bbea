"""Sparse ranks: one row per move, total order always, rebalance only when a gap runs out."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facilitator.domain.ranking import (
    RANK_STEP,
    MovePlan,
    apply_plan,
    plan_move,
    rank_between,
    rebalanced,
)


def test_rank_between_neighbours_and_edges() -> None:
    assert rank_between(None, None) == 0
    assert rank_between(None, 1024) == 0
    assert rank_between(1024, None) == 2048
    assert rank_between(1024, 2048) == 1536
    assert rank_between(5, 7) == 6
    assert rank_between(5, 6) is None


def test_rebalanced_ranks_are_evenly_spaced() -> None:
    assert rebalanced(3) == [RANK_STEP, 2 * RANK_STEP, 3 * RANK_STEP]


def test_plan_move_to_top_writes_one_row() -> None:
    order = [("a", 1024), ("b", 2048), ("c", 3072)]
    plan = plan_move(order, "c", 0)
    assert plan == MovePlan((("c", 0),), rebalanced=False)
    assert [k for k, _ in apply_plan(order, plan)] == ["c", "a", "b"]


def test_plan_move_without_a_gap_rebalances_everything() -> None:
    order = [("a", 1), ("b", 2), ("c", 3)]
    plan = plan_move(order, "c", 1)
    assert plan.rebalanced
    assert [k for k, _ in apply_plan(order, plan)] == ["a", "c", "b"]
    assert len(plan.updates) == 3


def test_plan_move_in_place_writes_nothing_and_unknown_key_fails() -> None:
    order = [("a", 1024), ("b", 2048)]
    assert plan_move(order, "a", 0).updates == ()
    with pytest.raises(KeyError):
        plan_move(order, "z", 0)


@settings(max_examples=200, deadline=None)
@given(
    size=st.integers(min_value=1, max_value=30),
    moves=st.lists(st.tuples(st.integers(0, 29), st.integers(0, 29)), max_size=60),
)
def test_any_sequence_of_moves_keeps_a_total_order_and_writes_one_row(
    size: int, moves: list[tuple[int, int]]
) -> None:
    order = [(f"s{i}", rank) for i, rank in enumerate(rebalanced(size))]
    expected = [k for k, _ in order]
    for source, target in moves:
        key = expected[source % size]
        to_index = target % size
        plan = plan_move(order, key, to_index)
        expected.remove(key)
        expected.insert(to_index, key)
        if plan.rebalanced:
            assert len(plan.updates) == size
        else:
            assert len(plan.updates) <= 1
        order = apply_plan(order, plan)
        ranks = [r for _, r in order]
        assert len(set(ranks)) == size, "ranks stay distinct: a total order"
        assert ranks == sorted(ranks)
        assert [k for k, _ in order] == expected


def test_rebalance_is_rare_when_moving_to_the_top_repeatedly() -> None:
    order = [(f"s{i}", rank) for i, rank in enumerate(rebalanced(100))]
    rebalances = 0
    for _ in range(1000):
        plan = plan_move(order, order[-1][0], 0)
        rebalances += plan.rebalanced
        order = apply_plan(order, plan)
    assert rebalances == 0


def test_inserting_into_the_same_gap_rebalances_after_about_log2_step_moves() -> None:
    order = [(f"s{i}", rank) for i, rank in enumerate(rebalanced(50))]
    writes = []
    for _ in range(30):
        plan = plan_move(order, order[-1][0], 1)  # always between the first two
        writes.append(len(plan.updates))
        order = apply_plan(order, plan)
    assert writes.count(1) >= 9
    assert 50 in writes
