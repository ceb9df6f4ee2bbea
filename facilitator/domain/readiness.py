"""Definition of Ready (DESIGN.md rule 1) as a pure function that names every failing criterion."""

from __future__ import annotations

from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from enum import IntFlag, StrEnum
from functools import cache


class Criterion(StrEnum):
    """The built-in criteria of the Definition of Ready, plus the team's own items."""

    ACCEPTANCE = "acceptance"
    ASSUMPTIONS = "assumptions"
    ESTIMATE = "estimate"
    DEPENDENCIES = "dependencies"
    TEAM_ITEMS = "team_items"

    @property
    def label(self) -> str:
        """Short human name used in lists and filters."""
        return _LABELS[self]


_LABELS = {
    Criterion.ACCEPTANCE: "acceptance criteria",
    Criterion.ASSUMPTIONS: "assumptions reviewed",
    Criterion.ESTIMATE: "estimate committed",
    Criterion.DEPENDENCIES: "dependencies handled",
    Criterion.TEAM_ITEMS: "team checklist",
}


class Missing(IntFlag):
    """Bit set of failing criteria; cheap enough to precompute for 20,000 stories."""

    NONE = 0
    ACCEPTANCE = 1
    ASSUMPTIONS = 2
    ESTIMATE = 4
    DEPENDENCIES = 8
    TEAM_ITEMS = 16


_BIT_OF = {
    Criterion.ACCEPTANCE: Missing.ACCEPTANCE,
    Criterion.ASSUMPTIONS: Missing.ASSUMPTIONS,
    Criterion.ESTIMATE: Missing.ESTIMATE,
    Criterion.DEPENDENCIES: Missing.DEPENDENCIES,
    Criterion.TEAM_ITEMS: Missing.TEAM_ITEMS,
}


@dataclass(frozen=True, slots=True)
class ReadinessFacts:
    """What the rule needs to know about one story (counts, not rows).

    Attributes:
        criteria: acceptance criteria on the story.
        criteria_by_po: of those, how many a Product Owner of the team wrote.
        assumptions: technical assumptions recorded.
        assumptions_reviewed: of those, how many an engineer of the delivery team reviewed.
        estimate: the estimate in points, if any.
        estimate_committed: whether the team committed that estimate (who and when recorded).
        dependencies_open: dependencies neither resolved nor called out.
        team_items_unchecked: texts of the team's own DoR items not checked for this story.
    """

    criteria: int = 0
    criteria_by_po: int = 0
    assumptions: int = 0
    assumptions_reviewed: int = 0
    estimate: float | None = None
    estimate_committed: bool = False
    dependencies_open: int = 0
    team_items_unchecked: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class Failure:
    """One failing criterion and, in words, what is missing."""

    criterion: Criterion
    reason: str


@dataclass(frozen=True, slots=True)
class Readiness:
    """The verdict for one story: Ready when nothing fails."""

    failures: tuple[Failure, ...]

    @property
    def ready(self) -> bool:
        """Whether every criterion passes."""
        return not self.failures

    @property
    def missing(self) -> Missing:
        """The failing criteria as a bit set."""
        bits = Missing.NONE
        for failure in self.failures:
            bits |= _BIT_OF[failure.criterion]
        return bits

    def summary(self) -> str:
        """One line: ``✓ Ready`` or ``! Not ready: reason; reason``."""
        if self.ready:
            return "✓ Ready"
        return "! Not ready: " + "; ".join(f.reason for f in self.failures)


def missing_bits(
    criteria_by_po: int,
    assumptions: int,
    assumptions_reviewed: int,
    estimate_committed: bool,
    dependencies_open: int,
    team_items_unchecked: int,
) -> int:
    """The failing criteria as :class:`Missing` bits in a plain int, from plain counts.

    This is the rule itself; :func:`check_readiness` adds the reasons. Plain ints keep it fast
    enough to run over 20,000 stories when the backlog is listed.
    """
    return (
        (1 if criteria_by_po < 1 else 0)
        | (2 if assumptions < 1 or assumptions_reviewed < assumptions else 0)
        | (0 if estimate_committed else 4)
        | (8 if dependencies_open > 0 else 0)
        | (16 if team_items_unchecked > 0 else 0)
    )


def missing_bits_of_many(
    story_ids: Sequence[int],
    committed: Sequence[int | bool],
    *,
    po_criteria: AbstractSet[int],
    assumed: AbstractSet[int],
    unreviewed: AbstractSet[int],
    dependencies_open: AbstractSet[int],
    fully_checked: AbstractSet[int] | None,
) -> list[int]:
    """:func:`missing_bits` for many stories at once, from sets of story ids, in one pass.

    The same rule as :func:`missing_bits`, phrased as set lookups so that 20,000 stories take
    a few milliseconds.

    Args:
        story_ids: the stories, in the order wanted back.
        committed: per story, whether an estimate exists and the team committed it.
        po_criteria: stories with at least one criterion written by a Product Owner.
        assumed: stories with at least one technical assumption.
        unreviewed: stories with an assumption not reviewed yet.
        dependencies_open: stories with a dependency neither resolved nor called out.
        fully_checked: stories with every team DoR item checked; None when the team has none.

    Returns:
        The :class:`Missing` bits of each story as plain ints, aligned with ``story_ids``.
    """
    unchecked: AbstractSet[int] = (
        frozenset() if fully_checked is None else set(story_ids) - fully_checked
    )
    return [
        (0 if sid in po_criteria else 1)
        + (2 if sid in unreviewed or sid not in assumed else 0)
        + (0 if done else 4)
        + (8 if sid in dependencies_open else 0)
        + (16 if sid in unchecked else 0)
        for sid, done in zip(story_ids, committed, strict=True)
    ]


def check_readiness(facts: ReadinessFacts) -> Readiness:
    """Apply the Definition of Ready and return every failing criterion with a reason.

    Args:
        facts: what is known about the story.

    Returns:
        The verdict; ``failures`` is empty exactly when the story is Ready.
    """
    bits = missing_bits(
        facts.criteria_by_po,
        facts.assumptions,
        facts.assumptions_reviewed,
        facts.estimate_committed and facts.estimate is not None,
        facts.dependencies_open,
        len(facts.team_items_unchecked),
    )
    failures: list[Failure] = []
    if bits & Missing.ACCEPTANCE:
        if facts.criteria == 0:
            reason = "no acceptance criteria yet"
        else:
            reason = "acceptance criteria not written by the Product Owner"
        failures.append(Failure(Criterion.ACCEPTANCE, reason))
    if bits & Missing.ASSUMPTIONS:
        if facts.assumptions == 0:
            reason = "no technical assumptions recorded"
        else:
            left = facts.assumptions - facts.assumptions_reviewed
            reason = f"{left} of {facts.assumptions} assumptions not reviewed by an engineer"
        failures.append(Failure(Criterion.ASSUMPTIONS, reason))
    if bits & Missing.ESTIMATE:
        if facts.estimate is None:
            reason = "no estimate"
        else:
            reason = f"estimate {facts.estimate:g} not committed by the team"
        failures.append(Failure(Criterion.ESTIMATE, reason))
    if bits & Missing.DEPENDENCIES:
        count = facts.dependencies_open
        noun = "dependency" if count == 1 else "dependencies"
        failures.append(
            Failure(Criterion.DEPENDENCIES, f"{count} open {noun} neither resolved nor called out")
        )
    if bits & Missing.TEAM_ITEMS:
        items = ", ".join(f"“{text}”" for text in facts.team_items_unchecked)
        failures.append(Failure(Criterion.TEAM_ITEMS, f"team checklist not checked: {items}"))
    return Readiness(tuple(failures))


@cache
def describe_missing(bits: int) -> str:
    """A short list of what is missing, for a table cell: ``! estimate, assumptions``.

    Cached: there are only 32 combinations, and a table asks for each visible cell.
    """
    if not bits:
        return "✓ Ready"
    names = [c.label for c, bit in _BIT_OF.items() if bits & bit]
    return "! " + ", ".join(names)


def ready_points(estimates: Sequence[tuple[bool, float | None]]) -> float:
    """Sum of the estimates of the Ready stories among ``(ready, estimate)`` pairs."""
    return sum(est or 0.0 for ready, est in estimates if ready)
