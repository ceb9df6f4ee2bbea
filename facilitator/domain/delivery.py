"""A sprint's delivery figures, fixed when the review closes, and the rows History charts.

Predictability (rule 10, DESIGN.md command line) is the completed points of the *forecast*
stories over the forecast points; stories added mid-sprint are counted apart and never raise it.
Completed figures come from the review's Done decisions only, never typed in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from enum import StrEnum

from facilitator.domain.experiment import Experiment, Outcome
from facilitator.domain.review_rules import SprintStory
from facilitator.errors import InputError


@dataclass(frozen=True, slots=True)
class Deployment:
    """A production deployment of the sprint.

    Raises:
        InputError: ``at`` is naive, or nothing says what was deployed.
    """

    at: dt.datetime
    what: str

    def __post_init__(self) -> None:
        if self.at.tzinfo is None or self.at.utcoffset() is None:
            raise InputError("Deployment time: it must carry a time zone")
        if not self.what.strip():
            raise InputError("Deployment: write what was deployed")


class DefectKind(StrEnum):
    """Where a defect was caught."""

    FOUND_IN_SPRINT = "found_in_sprint"
    ESCAPED = "escaped"

    @property
    def label(self) -> str:
        """``found in the sprint`` or ``escaped to production``."""
        return (
            "found in the sprint"
            if self is DefectKind.FOUND_IN_SPRINT
            else ("escaped to production")
        )


@dataclass(frozen=True, slots=True)
class Defect:
    """A defect of the sprint.

    Raises:
        InputError: the description is empty.
    """

    kind: DefectKind
    description: str
    story_key: str | None = None

    def __post_init__(self) -> None:
        if not self.description.strip():
            raise InputError(f"Defect {self.kind.label}: describe it")


@dataclass(frozen=True, slots=True)
class Delivery:
    """What the sprint delivered against its forecast.

    Attributes:
        forecast_stories: stories in the frozen forecast.
        forecast_points: their committed points.
        completed_stories: forecast stories Done.
        completed_points: their committed points.
        added_stories: stories added mid-sprint.
        added_completed_stories: of those, how many are Done.
        added_completed_points: their points (unestimated ones count 0).
        deployments: production deployments.
        defects_found: defects found in the sprint.
        defects_escaped: defects escaped to production.
    """

    forecast_stories: int
    forecast_points: float
    completed_stories: int
    completed_points: float
    added_stories: int = 0
    added_completed_stories: int = 0
    added_completed_points: float = 0.0
    deployments: int = 0
    defects_found: int = 0
    defects_escaped: int = 0

    @property
    def predictability(self) -> float | None:
        """Completed forecast points / forecast points (0–1); None with nothing forecast."""
        return predictability(self.completed_points, self.forecast_points)

    @property
    def delivered_points(self) -> float:
        """Points Done in the sprint, forecast and added."""
        return self.completed_points + self.added_completed_points

    @property
    def throughput(self) -> int:
        """Stories Done in the sprint, forecast and added."""
        return self.completed_stories + self.added_completed_stories

    def line(self) -> str:
        """``Completed 3 of 4 stories, 21 of 29 pts (72 %); added mid-sprint: 1 of 2 Done``."""
        share = self.predictability
        pct = "" if share is None else f" ({round(share * 100)} %)"
        added = (
            f"; added mid-sprint: {self.added_completed_stories} of {self.added_stories} Done"
            if self.added_stories
            else ""
        )
        return (
            f"Completed {self.completed_stories} of {self.forecast_stories} stories, "
            f"{self.completed_points:g} of {self.forecast_points:g} pts{pct}{added}"
        )


def predictability(completed_points: float, forecast_points: float) -> float | None:
    """Completed-of-forecast points over forecast points; None when nothing was forecast.

    Raises:
        InputError: a figure is negative.
    """
    if completed_points < 0 or forecast_points < 0:
        raise InputError("Predictability: points cannot be negative")
    if forecast_points == 0:
        return None
    return completed_points / forecast_points


def delivery_of(
    stories: Sequence[SprintStory],
    done: AbstractSet[str],
    deployments: Sequence[Deployment],
    defects: Iterable[Defect],
) -> Delivery:
    """The delivery figures of ``stories`` given the keys that are Done.

    Args:
        stories: every story of the sprint, forecast and added.
        done: keys of the stories the review decided are Done.
        deployments: the sprint's production deployments.
        defects: the sprint's defects.
    """
    forecast = [s for s in stories if not s.added]
    added = [s for s in stories if s.added]
    kinds = [d.kind for d in defects]
    return Delivery(
        forecast_stories=len(forecast),
        forecast_points=sum(s.points or 0.0 for s in forecast),
        completed_stories=sum(1 for s in forecast if s.key in done),
        completed_points=sum(s.points or 0.0 for s in forecast if s.key in done),
        added_stories=len(added),
        added_completed_stories=sum(1 for s in added if s.key in done),
        added_completed_points=sum(s.points or 0.0 for s in added if s.key in done),
        deployments=len(deployments),
        defects_found=kinds.count(DefectKind.FOUND_IN_SPRINT),
        defects_escaped=kinds.count(DefectKind.ESCAPED),
    )


@dataclass(frozen=True, slots=True)
class SprintOutcome:
    """One sprint's row for History: its delivery and the experiment its retro decided.

    Attributes:
        sprint: the sprint's name.
        delivery: the figures its review fixed, if it was reviewed.
        experiment: the experiment its retrospective decided, if any.
    """

    sprint: str
    delivery: Delivery | None
    experiment: Experiment | None

    @property
    def predictability(self) -> float | None:
        """The sprint's predictability, if reviewed with something forecast."""
        return None if self.delivery is None else self.delivery.predictability

    @property
    def outcome(self) -> Outcome | None:
        """The experiment's outcome (``pending`` until evaluated), or None without one."""
        return None if self.experiment is None else self.experiment.outcome

    def experiment_record(self) -> dict[str, str] | None:
        """``{"title", "owner", "outcome"}`` as ``metrics --format json`` gives it."""
        if self.experiment is None:
            return None
        return {
            "title": self.experiment.change,
            "owner": self.experiment.owner,
            "outcome": self.experiment.outcome.value,
        }


def outcome_counts(rows: Iterable[SprintOutcome]) -> dict[Outcome, int]:
    """How many experiments ended in each outcome (every outcome present, 0 if none)."""
    counts = dict.fromkeys(Outcome, 0)
    for row in rows:
        if row.experiment is not None:
            counts[row.experiment.outcome] += 1
    return counts
