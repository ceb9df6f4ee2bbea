"""The proposed capacity of a sprint: from the team's recent delivery and availability (rule 2)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from facilitator.domain.availability import SprintAvailability
from facilitator.domain.signed import Signed
from facilitator.errors import InputError

HISTORY_SPRINTS = 3


@dataclass(frozen=True)
class PastSprint:
    """A closed sprint as the proposal needs it: what was completed, with how many person-days."""

    name: str
    completed_points: float
    person_days: float

    def __post_init__(self) -> None:
        if self.completed_points < 0 or self.person_days < 0:
            raise ValueError(f"{self.name}: points and person-days cannot be negative")


@dataclass(frozen=True)
class CapacityInputs:
    """Everything the proposal is computed from.

    ``history`` is the team's closed sprints, most recent first (only the first three count).
    ``members``, when given, is how many people the person-days were counted for (working days
    × members; absences are not recorded), and the explanation says so.
    """

    history: tuple[PastSprint, ...]
    person_days: float
    points_per_person_day: float
    members: int | None = None

    def __post_init__(self) -> None:
        if self.person_days < 0 or self.points_per_person_day < 0:
            raise ValueError("person-days and points per person-day cannot be negative")


@dataclass(frozen=True)
class CapacityProposal:
    """The proposed capacity in points, how it was computed in words and numbers, and from what."""

    points: float
    explanation: str
    sprints_used: int


def propose_capacity(inputs: CapacityInputs) -> CapacityProposal:
    """The proposal of :func:`proposal_of`, saying how person-days were counted if known."""
    proposal = proposal_of(inputs)
    if inputs.members is None:
        return proposal
    counted = (
        f" Person-days are working days × the team's {inputs.members} active delivery-team "
        f"member{'s' if inputs.members != 1 else ''} (absences are not recorded yet)."
    )
    return CapacityProposal(proposal.points, proposal.explanation + counted, proposal.sprints_used)


def proposal_of(inputs: CapacityInputs) -> CapacityProposal:
    """Propose a capacity: recent delivery scaled by availability, else availability × pace.

    The mean completed points of the last three closed sprints, scaled by this sprint's
    person-days over their mean person-days; with fewer than three, what there is (and it says
    so); with none (or none with any person-days), person-days × the team's points per person-day.
    """
    used = inputs.history[:HISTORY_SPRINTS]
    days = inputs.person_days
    their_days = sum(s.person_days for s in used) / len(used) if used else 0.0
    if not used or their_days == 0:
        points = days * inputs.points_per_person_day
        why = (
            "No closed sprint yet"
            if not used
            else "The last closed sprints record no available person-days"
        )
        return CapacityProposal(
            points,
            f"{why}, so the proposal is this sprint's {days:g} person-days × "
            f"{inputs.points_per_person_day:g} points per person-day = {points:.1f} points.",
            0,
        )
    mean = sum(s.completed_points for s in used) / len(used)
    points = mean * days / their_days
    names = ", ".join(s.name for s in used)
    figures = " + ".join(f"{s.completed_points:g}" for s in used)
    fewer = (
        f"Only {len(used)} closed sprint{'s' if len(used) > 1 else ''} so far (fewer than "
        f"{HISTORY_SPRINTS}), so using what there is: mean"
        if len(used) < HISTORY_SPRINTS
        else "Mean"
    )
    return CapacityProposal(
        points,
        f"{fewer} completed points of the last {len(used)} closed "
        f"sprint{'s' if len(used) > 1 else ''} ({names}: ({figures}) / {len(used)} = "
        f"{mean:.1f}), scaled by this sprint's {days:g} person-days over their mean of "
        f"{their_days:.1f}: {mean:.1f} × {days:g} / {their_days:.1f} = {points:.1f} points.",
        len(used),
    )


def propose_from_availability(
    history: Sequence[PastSprint], availability: SprintAvailability, points_per_person_day: float
) -> CapacityProposal:
    """The proposal of :func:`proposal_of` from this sprint's counted availability.

    Args:
        history: the team's closed sprints, most recent first.
        availability: this sprint's person-days per member.
        points_per_person_day: the team's pace, used when there is no history.

    Returns:
        The proposal; its explanation ends with how the person-days were counted.
    """
    proposal = proposal_of(
        CapacityInputs(tuple(history), availability.person_days, points_per_person_day)
    )
    counted = " Person-days: " + "; ".join(m.explanation() for m in availability.members)
    if not availability.members:
        counted = " Person-days: no members are available in this sprint."
    return CapacityProposal(
        proposal.points, f"{proposal.explanation}{counted}", proposal.sprints_used
    )


@dataclass(frozen=True, slots=True)
class CapacityChoice:
    """The capacity the team set, next to what was proposed, with who set it and when.

    Use :func:`choose_capacity` to make one: it refuses a capacity below zero.
    """

    proposal: CapacityProposal
    points: float
    chosen: Signed

    def words(self) -> str:
        """``Capacity 30 points, set by Ana on … (proposed 31.5)``."""
        return (
            f"Capacity {self.points:g} points, set by {self.chosen.words()} "
            f"(proposed {self.proposal.points:.1f})"
        )


def check_capacity(points: float) -> None:
    """Refuse a capacity below zero.

    Raises:
        InputError: ``points`` is below zero (or not a number).
    """
    if points != points or points in (float("inf"), float("-inf")):  # NaN, or "inf" typed
        raise InputError("Capacity: enter a number of points, 0 or more")
    if points < 0:
        raise InputError(f"Capacity: {points:g} points is below zero; enter 0 or more")


def choose_capacity(proposal: CapacityProposal, points: float, chosen: Signed) -> CapacityChoice:
    """Record the capacity the team believes, next to the proposal.

    Raises:
        InputError: ``points`` is below zero.
    """
    check_capacity(points)
    return CapacityChoice(proposal, points, chosen)


@dataclass(frozen=True)
class ReadyVerdict:
    """Whether the ready work at the top of the backlog fills the proposed capacity, in words."""

    enough: bool
    text: str


def ready_for_planning(ready_points: float, capacity: float) -> ReadyVerdict:
    """The PO's "ready for planning?" verdict: enough ready points, or how many short."""
    if capacity <= 0:
        return ReadyVerdict(
            False,
            f"{ready_points:g} ready points; the proposed capacity is 0 (no available person-days)",
        )
    if ready_points >= capacity:
        return ReadyVerdict(
            True,
            f"✓ Enough ready work for the next sprint ({ready_points:g} of {capacity:.0f} points)",
        )
    short = capacity - ready_points
    return ReadyVerdict(False, f"! {short:.0f} points short: refine these stories next")


def ready_totals(ready: int, top: int, points: float, capacity: float) -> str:
    """The line under the verdict: how many of the top stories are Ready, against the capacity."""
    return (
        f"{ready} of the top {top} stories are Ready: "
        f"{points:g} ready points against a proposed capacity of {capacity:.1f}."
    )


PLANNING_NOTE = (
    "Planning is not available yet: this proposal is only compared with the ready work above."
)
