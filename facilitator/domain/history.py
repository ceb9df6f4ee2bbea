"""A past sprint's read-only page for History and the sprint report, and which sprint owns a moment.

Blockers and decisions belong to the team, not to a sprint: a sprint owns what was raised from
its first day until the next sprint starts (so a weekend after the last day still counts).
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from facilitator.domain.delivery import Defect, Deployment
from facilitator.domain.experiment import Experiment
from facilitator.domain.metrics import SprintMetrics


def owning_index(starts: Sequence[dt.date], day: dt.date) -> int | None:
    """Index of the sprint (``starts`` ascending) that owns ``day``; None before the first."""
    index = bisect.bisect_right(starts, day) - 1
    return None if index < 0 else index


@dataclass(frozen=True, slots=True)
class StoryLine:
    """A story of the sprint: its points, whether it was added mid-sprint, Done and why not."""

    key: str
    title: str
    points: float
    added: bool
    done: bool | None
    not_done_reason: str

    def verdict(self) -> str:
        """``Done``, ``Not Done: <reason>`` or ``not reviewed``."""
        if self.done is None:
            return "not reviewed"
        if self.done:
            return "Done"
        return f"Not Done: {self.not_done_reason}" if self.not_done_reason else "Not Done"


@dataclass(frozen=True, slots=True)
class BlockerLine:
    """A blocker raised in the sprint."""

    description: str
    raised_at: dt.datetime
    resolved_at: dt.datetime | None
    resolution: str

    def hours(self, now: dt.datetime) -> float:
        """Hours from raised to resolved, or to ``now`` while open."""
        return ((self.resolved_at or now) - self.raised_at).total_seconds() / 3600


@dataclass(frozen=True, slots=True)
class DecisionLine:
    """A decision raised in the sprint."""

    question: str
    decision: str
    raised_at: dt.datetime
    acted_on_at: dt.datetime | None

    def cycle_hours(self) -> float | None:
        """Acted on − raised, in hours; None until acted on."""
        if self.acted_on_at is None:
            return None
        return (self.acted_on_at - self.raised_at).total_seconds() / 3600


@dataclass(frozen=True, slots=True)
class ForecastLine:
    """A story of the frozen forecast, as committed."""

    key: str
    title: str
    points: float


@dataclass(frozen=True, slots=True)
class SprintPage:
    """Everything History shows of one sprint, read-only."""

    metrics: SprintMetrics
    frozen_on: dt.datetime | None
    frozen_by: str
    forecast: tuple[ForecastLine, ...]
    stories: tuple[StoryLine, ...]
    blockers: tuple[BlockerLine, ...]
    decisions: tuple[DecisionLine, ...]
    deployments: tuple[Deployment, ...]
    defects: tuple[Defect, ...]
    experiment: Experiment | None
    sla_hours: float

    def frozen_words(self) -> str:
        """``Read-only · forecast frozen on 3 Nov 2026 by Ana`` (or that nothing was frozen)."""
        if self.frozen_on is None:
            return "Read-only · no frozen forecast for this sprint"
        day = f"{self.frozen_on.day} {self.frozen_on:%b %Y}"
        return f"Read-only · forecast frozen on {day} by {self.frozen_by}"
