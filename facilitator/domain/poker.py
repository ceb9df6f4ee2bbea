"""Planning poker: every estimate is revealed at once; the spread shows how far apart they are."""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from facilitator.domain.model import Member
from facilitator.errors import InputError

MAX_ESTIMATE = 1000.0


def parse_estimate(text: str, field: str = "Estimate") -> float:
    """Read an estimate typed by a person.

    Args:
        text: what was typed (``"5"``, ``"0.5"``, ``"1,5"``).
        field: the field name used in the message.

    Returns:
        The estimate in points.

    Raises:
        InputError: empty, not a number, negative or absurdly large.
    """
    cleaned = text.strip().replace(",", ".")
    if not cleaned:
        raise InputError(f"{field}: enter a number of points")
    try:
        value = float(cleaned)
    except ValueError:
        raise InputError(f"{field}: {text.strip()!r} is not a number") from None
    if not math.isfinite(value):
        raise InputError(f"{field}: {text.strip()!r} is not a number")
    if value < 0:
        raise InputError(f"{field}: {value:g} is negative; estimates are 0 or more points")
    if value > MAX_ESTIMATE:
        raise InputError(f"{field}: {value:g} is more than {MAX_ESTIMATE:g} points; split it")
    return value


@dataclass(frozen=True, slots=True)
class PokerResult:
    """The revealed round: every vote, the spread and a suggested value."""

    votes: tuple[tuple[str, float], ...]
    low: float
    high: float
    suggestion: float

    @property
    def consensus(self) -> bool:
        """Whether everyone gave the same estimate."""
        return self.low == self.high

    def spread_text(self) -> str:
        """``Spread 3–8 (most said 5)`` or ``Everyone said 5``."""
        if self.consensus:
            return f"Everyone said {self.low:g}"
        return f"Spread {self.low:g}–{self.high:g} (suggested {self.suggestion:g})"


def reveal(votes: Mapping[str, float]) -> PokerResult:
    """Reveal a round: the spread and a suggestion (the most common value, ties → the median).

    Args:
        votes: each voter's estimate.

    Returns:
        The revealed result.

    Raises:
        InputError: nobody voted.
    """
    if not votes:
        raise InputError("Planning poker: nobody has estimated yet")
    values = sorted(votes.values())
    modes = statistics.multimode(values)
    if len(modes) == 1:
        suggestion = modes[0]
    else:
        median = statistics.median(values)
        suggestion = min(values, key=lambda v: (abs(v - median), v))
    return PokerResult(
        votes=tuple(sorted(votes.items())),
        low=values[0],
        high=values[-1],
        suggestion=suggestion,
    )


def may_vote(member: Member) -> bool:
    """Whether ``member`` estimates in planning poker: an active member of the delivery team."""
    return member.active and member.role.delivers


def eligible_voters(members: Sequence[Member]) -> list[Member]:
    """The members who vote in planning poker, in the order given."""
    return [member for member in members if may_vote(member)]


def check_voters(voters: Iterable[str], members: Sequence[Member]) -> None:
    """Refuse a round in which someone who may not vote has voted.

    Raises:
        InputError: a voter is not an active delivery-team member of the team.
    """
    allowed = {member.name for member in eligible_voters(members)}
    for voter in voters:
        if voter not in allowed:
            raise InputError(
                f"{voter} cannot vote: only active delivery-team members estimate — "
                "remove that vote or change their role on the Team screen"
            )
