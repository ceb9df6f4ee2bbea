"""Per-sprint blocker and decision figures that History charts (DESIGN.md rule 10).

A sprint's items are those *raised* during it: from local midnight at its first day to local
midnight after its last, in the team's zone. Medians are over finished items only (resolved
blockers; decided decisions, whose cycle is decided − raised while not yet acted on); with none,
the median is None and reads "no data", never 0. Counts over the SLA or the 24 h target include
open items by their age at ``now``.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from facilitator.domain.blockers import Blocker
from facilitator.domain.decisions import Decision
from facilitator.domain.model import Sprint
from facilitator.domain.overlap import check_timezone, plural
from facilitator.domain.time_words import as_utc, format_hours_value

Window = tuple[dt.datetime, dt.datetime]
"""A half-open UTC interval [start, end)."""


def sprint_window(sprint: Sprint, zone: str) -> Window:
    """The sprint's days in ``zone`` as a UTC interval (exact across DST changes).

    Raises:
        InputError: ``zone`` is unknown.
    """
    tz = check_timezone(zone)
    start = dt.datetime.combine(sprint.start, dt.time(), tzinfo=tz)
    end = dt.datetime.combine(sprint.end + dt.timedelta(days=1), dt.time(), tzinfo=tz)
    return start.astimezone(dt.UTC), end.astimezone(dt.UTC)


def _within(moment: dt.datetime, window: Window) -> bool:
    return window[0] <= as_utc(moment) < window[1]


def median(values: Sequence[float]) -> float | None:
    """The median (the mean of the middle two for an even count), None for no values."""
    return statistics.median(values) if values else None


@dataclass(frozen=True, slots=True)
class BlockerFigures:
    """A sprint's blockers in figures.

    Attributes:
        raised: blockers raised in the sprint.
        resolved: of those, how many are resolved.
        median_hours: median hours from raised to resolved (None with none resolved).
        over_sla: how many took, or have been open, longer than the SLA.
    """

    raised: int
    resolved: int
    median_hours: float | None
    over_sla: int

    @property
    def still_open(self) -> int:
        """Raised in the sprint and not resolved yet."""
        return self.raised - self.resolved

    @property
    def line(self) -> str:
        """``3 blockers raised · median 2 h 30 min to resolve · 1 over the SLA · 1 still open``."""
        parts = [
            f"{plural(self.raised, 'blocker')} raised",
            f"median {format_hours_value(self.median_hours)} to resolve",
            f"{self.over_sla} over the SLA",
        ]
        if self.still_open:
            parts.append(f"{self.still_open} still open")
        return " · ".join(parts)


def blocker_figures(
    blockers: Iterable[Blocker], window: Window, now: dt.datetime, sla_hours: float
) -> BlockerFigures:
    """Figures of the blockers raised within ``window``.

    Raises:
        InputError: ``now`` has no time zone.
    """
    raised = [b for b in blockers if _within(b.raised_at, window)]
    hours = [b.age_hours(now) for b in raised if not b.is_open]
    over = sum(1 for b in raised if b.over_sla(now, sla_hours))
    return BlockerFigures(len(raised), len(hours), median(hours), over)


@dataclass(frozen=True, slots=True)
class DecisionFigures:
    """A sprint's decisions in figures.

    Attributes:
        raised: questions raised in the sprint.
        made: of those, how many are decided.
        acted_on: of those, how many are acted on.
        median_cycle_hours: median cycle of the decided ones (None with none decided).
        over_target: how many took, or have been waiting, longer than 24 h.
    """

    raised: int
    made: int
    acted_on: int
    median_cycle_hours: float | None
    over_target: int

    @property
    def line(self) -> str:
        """``4 decisions made of 5 raised · median cycle 20 h · 1 over 24 h``."""
        return " · ".join(
            [
                f"{plural(self.made, 'decision')} made of {self.raised} raised",
                f"median cycle {format_hours_value(self.median_cycle_hours)}",
                f"{self.over_target} over 24 h",
            ]
        )


def decision_figures(
    decisions: Iterable[Decision], window: Window, now: dt.datetime
) -> DecisionFigures:
    """Figures of the decisions raised within ``window``.

    Raises:
        InputError: ``now`` has no time zone.
    """
    raised = [d for d in decisions if _within(d.raised_at, window)]
    cycles = [d.cycle(now) for d in raised]
    made = [c.hours for d, c in zip(raised, cycles, strict=True) if d.decided_at is not None]
    acted = sum(1 for c in cycles if not c.open)
    over = sum(1 for c in cycles if c.over_target)
    return DecisionFigures(len(raised), len(made), acted, median(made), over)


@dataclass(frozen=True, slots=True)
class SprintFigures:
    """One sprint's blocker and decision figures."""

    sprint: Sprint
    blockers: BlockerFigures
    decisions: DecisionFigures


def figures_by_sprint(
    sprints: Sequence[Sprint],
    zone: str,
    blockers: Sequence[Blocker],
    decisions: Sequence[Decision],
    now: dt.datetime,
    sla_hours: float,
) -> list[SprintFigures]:
    """Figures for each sprint, oldest first.

    Args:
        sprints: the team's sprints.
        zone: the team's time zone (the overlap anchor's), which the sprint dates are in.
        blockers: the team's blockers.
        decisions: the team's decisions.
        now: the moment open items are aged at.
        sla_hours: the team's blocker SLA.

    Raises:
        InputError: ``zone`` is unknown or ``now`` has no time zone.
    """
    out: list[SprintFigures] = []
    for sprint in sorted(sprints, key=lambda s: s.start):
        window = sprint_window(sprint, zone)
        out.append(
            SprintFigures(
                sprint,
                blocker_figures(blockers, window, now, sla_hours),
                decision_figures(decisions, window, now),
            )
        )
    return out
