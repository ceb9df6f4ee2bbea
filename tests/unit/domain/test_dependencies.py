"""Dependency cycles are found, with the path named in words."""

from __future__ import annotations

from facilitator.domain.dependencies import describe_cycle, find_cycle


def test_self_dependency_is_a_cycle() -> None:
    assert find_cycle({}, 1, 1) == [1, 1]
    assert describe_cycle(["PAY-1", "PAY-1"]) == "PAY-1 cannot depend on itself"


def test_direct_and_indirect_cycles_are_found() -> None:
    edges = {2: [3], 3: [1]}
    assert find_cycle(edges, 1, 2) == [1, 2, 3, 1]
    assert find_cycle({2: [1]}, 1, 2) == [1, 2, 1]
    assert (
        describe_cycle(["PAY-1", "PAY-2", "PAY-1"]) == "PAY-1 → PAY-2 → PAY-1 would be a cycle of "
        "dependencies"
    )


def test_safe_edges_pass() -> None:
    edges = {1: [2], 2: [3], 4: [3]}
    assert find_cycle(edges, 1, 4) is None
    assert find_cycle(edges, 5, 1) is None
    assert find_cycle({1: [2], 2: [2]}, 3, 1) is None
