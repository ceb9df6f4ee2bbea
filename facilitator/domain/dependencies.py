"""Dependencies between stories: no story may depend on itself or, through others, on itself."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from typing import TypeVar

K = TypeVar("K", bound=Hashable)


def find_cycle(edges: Mapping[K, Iterable[K]], source: K, target: K) -> list[K] | None:
    """The cycle that adding ``source → target`` (source depends on target) would create.

    Args:
        edges: existing dependencies, each story mapped to the stories it depends on.
        source: the story that would gain a dependency.
        target: the story it would depend on.

    Returns:
        None when the edge is safe, else the cycle as a path ``[source, target, …, source]``.
    """
    if source == target:
        return [source, source]
    # Depth-first search from target along existing edges looking for source.
    parents: dict[K, K] = {}
    stack = [target]
    seen = {target}
    while stack:
        node = stack.pop()
        if node == source:
            path = [node]
            while path[-1] != target:
                path.append(parents[path[-1]])
            path.reverse()
            return [source, *path]
        for nxt in edges.get(node, ()):
            if nxt not in seen:
                seen.add(nxt)
                parents[nxt] = node
                stack.append(nxt)
    return None


def describe_cycle(path: list[str]) -> str:
    """Words for a refused dependency: ``PAY-1 → PAY-2 → PAY-1 would be a cycle``."""
    if len(path) == 2 and path[0] == path[1]:
        return f"{path[0]} cannot depend on itself"
    return " → ".join(path) + " would be a cycle of dependencies"
