"""Sprint metrics (DESIGN.md rule 10) as pure functions over one sprint's stored facts.

The facts are counts and durations the store aggregates for every sprint at once; the metrics
are what History, the charts, the reports and ``metrics --format json`` show. Predictability is
the completed points of the *forecast* stories over the forecast points: stories added
mid-sprint are counted apart and never raise it. Velocity is never a headline here.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from facilitator.domain.delivery import Defect, DefectKind, Deployment, predictability
from facilitator.domain.experiment import Experiment

DECISION_SLA_HOURS = 24.0  # rule 7: a decision cycle over 24 h is flagged


@dataclass(frozen=True, slots=True)
class Waited:
    """How long something waited: hours from raised to resolved, or its age while still open."""

    hours: float
    closed: bool


@dataclass(frozen=True, slots=True)
class TimeboxRun:
    """A finished ceremony run of the sprint: its ceremony and whether it ran over its timebox."""

    ceremony: str
    overtime_seconds: int


@dataclass(frozen=True, slots=True)
class SprintFacts:
    """What the store holds about one sprint, aggregated.

    Attributes:
        name: the sprint's name.
        start: its first day.
        end: its last day.
        state: ``planned``, ``active`` or ``closed``.
        forecast_stories: stories in the frozen forecast.
        forecast_points: their points as committed.
        completed_stories: forecast stories Done.
        completed_points: their committed points.
        added_stories: stories added mid-sprint.
        added_done_stories: added stories Done.
        added_done_points: their points.
        blockers: each blocker raised in the sprint.
        decisions: each decision raised in the sprint (cycle = acted on − raised).
        decisions_made: how many of them were decided.
        deployments: production deployments of the sprint.
        defects: defects of the sprint.
        experiment: the experiment its retrospective decided, if any.
        timeboxes: the sprint's finished ceremony runs.
        goal: the sprint goal.
    """

    name: str
    start: dt.date
    end: dt.date
    state: str
    forecast_stories: int = 0
    forecast_points: float = 0.0
    completed_stories: int = 0
    completed_points: float = 0.0
    added_stories: int = 0
    added_done_stories: int = 0
    added_done_points: float = 0.0
    blockers: tuple[Waited, ...] = ()
    decisions: tuple[Waited, ...] = ()
    decisions_made: int = 0
    deployments: tuple[Deployment, ...] = ()
    defects: tuple[Defect, ...] = ()
    experiment: Experiment | None = None
    timeboxes: tuple[TimeboxRun, ...] = ()
    goal: str = ""


@dataclass(frozen=True, slots=True)
class Adherence:
    """A ceremony's finished runs in the sprint and how many stayed within their timebox."""

    runs: int
    within: int

    @property
    def share(self) -> float | None:
        """Within / runs (0–1); None without a finished run."""
        return None if self.runs == 0 else self.within / self.runs


@dataclass(frozen=True, slots=True)
class WaitStats:
    """Count, median hours of the closed ones, and how many went over the SLA (open ones too)."""

    count: int
    median_hours: float | None
    over_sla: int


@dataclass(frozen=True, slots=True)
class SprintMetrics:
    """Rule 10's figures of one sprint."""

    name: str
    start: dt.date
    end: dt.date
    state: str
    forecast_points: float
    forecast_stories: int
    completed_points: float
    completed_stories: int
    predictability: float | None
    added_stories: int
    throughput: int
    blockers: WaitStats
    decisions: WaitStats
    deployments: int
    defects_found: int
    defects_escaped: int
    experiment: Experiment | None
    timeboxes: dict[str, Adherence] = field(default_factory=dict)
    goal: str = ""

    @property
    def defects(self) -> int:
        """Every defect of the sprint, found in it or escaped."""
        return self.defects_found + self.defects_escaped


def median_or_none(values: Sequence[float]) -> float | None:
    """The median of ``values``; None when there are none."""
    return float(statistics.median(values)) if values else None


def wait_stats(waits: Sequence[Waited], sla_hours: float) -> WaitStats:
    """Count, median of the closed waits, and how many exceeded ``sla_hours`` (open ones too)."""
    closed = [w.hours for w in waits if w.closed]
    over = sum(1 for w in waits if w.hours > sla_hours)
    return WaitStats(len(waits), median_or_none(closed), over)


def adherence(runs: Sequence[TimeboxRun]) -> dict[str, Adherence]:
    """Per ceremony (in name order): finished runs and those within their timebox."""
    out: dict[str, Adherence] = {}
    for ceremony in sorted({r.ceremony for r in runs}):
        mine = [r for r in runs if r.ceremony == ceremony]
        out[ceremony] = Adherence(len(mine), sum(1 for r in mine if r.overtime_seconds <= 0))
    return out


def sprint_metrics(facts: SprintFacts, blocker_sla_hours: float) -> SprintMetrics:
    """The sprint's metrics from its facts.

    Args:
        facts: the sprint's aggregated facts.
        blocker_sla_hours: the team's blocker SLA (rule 4).
    """
    kinds = [d.kind for d in facts.defects]
    decisions = wait_stats(facts.decisions, DECISION_SLA_HOURS)
    return SprintMetrics(
        name=facts.name,
        start=facts.start,
        end=facts.end,
        state=facts.state,
        forecast_points=facts.forecast_points,
        forecast_stories=facts.forecast_stories,
        completed_points=facts.completed_points,
        completed_stories=facts.completed_stories,
        predictability=predictability(facts.completed_points, facts.forecast_points),
        added_stories=facts.added_stories,
        throughput=facts.completed_stories + facts.added_done_stories,
        blockers=wait_stats(facts.blockers, blocker_sla_hours),
        decisions=WaitStats(facts.decisions_made, decisions.median_hours, decisions.over_sla),
        deployments=len(facts.deployments),
        defects_found=kinds.count(DefectKind.FOUND_IN_SPRINT),
        defects_escaped=kinds.count(DefectKind.ESCAPED),
        experiment=facts.experiment,
        timeboxes=adherence(facts.timeboxes),
        goal=facts.goal,
    )


def rolling_median(values: Sequence[float], window: int = 3) -> list[float | None]:
    """The median of each value and the ``window - 1`` before it; None until there are enough.

    Raises:
        ValueError: ``window`` is below 1 (a programming error).
    """
    if window < 1:
        raise ValueError("window must be at least 1")
    return [
        None if i + 1 < window else float(statistics.median(values[i + 1 - window : i + 1]))
        for i in range(len(values))
    ]


@dataclass(frozen=True, slots=True)
class Across:
    """Figures across sprints (closed ones only; the active one is still moving)."""

    sprints: int
    median_throughput: float | None
    median_predictability: float | None
    rolling_throughput: tuple[float | None, ...]


def across(metrics: Sequence[SprintMetrics], window: int = 3) -> Across:
    """Median throughput and predictability of the closed sprints, and the rolling throughput."""
    closed = [m for m in metrics if m.state == "closed"]
    shares = [m.predictability for m in closed if m.predictability is not None]
    throughput = [float(m.throughput) for m in closed]
    return Across(
        len(closed),
        median_or_none(throughput),
        median_or_none(shares),
        tuple(rolling_median(throughput, window)),
    )


def recent_lines(metrics: Sequence[SprintMetrics], last: int = 3) -> tuple[str, str] | None:
    """Home's two lines: the last closed sprints' predictability and throughput; None if none."""
    closed = [m for m in metrics if m.state == "closed"][-last:]
    if not closed:
        return None
    shares = ", ".join(
        "no forecast" if m.predictability is None else f"{round(m.predictability * 100)} %"
        for m in closed
    )
    done = ", ".join(str(m.throughput) for m in closed)
    noun = "sprint" if len(closed) == 1 else f"{len(closed)} sprints"
    return (
        f"Predictability, last {noun}: {shares}",
        f"Throughput, last {noun}: {done} stories Done",
    )


def _rounded(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def metrics_record(m: SprintMetrics) -> dict[str, Any]:
    """One sprint as ``metrics --format json`` gives it (DESIGN.md's names exactly)."""
    experiment = (
        None
        if m.experiment is None
        else {
            "title": m.experiment.change,
            "owner": m.experiment.owner,
            "outcome": m.experiment.outcome.value,
        }
    )
    return {
        "name": m.name,
        "start": m.start.isoformat(),
        "end": m.end.isoformat(),
        "state": m.state,
        "forecast_points": m.forecast_points,
        "forecast_stories": m.forecast_stories,
        "completed_points": m.completed_points,
        "completed_stories": m.completed_stories,
        "predictability": _rounded(m.predictability, 4),
        "added_stories": m.added_stories,
        "throughput": m.throughput,
        "blockers": {
            "raised": m.blockers.count,
            "median_hours": _rounded(m.blockers.median_hours),
            "over_sla": m.blockers.over_sla,
        },
        "decisions": {
            "made": m.decisions.count,
            "median_cycle_hours": _rounded(m.decisions.median_hours),
            "over_sla": m.decisions.over_sla,
        },
        "deployments": m.deployments,
        "defects": m.defects,
        "experiment": experiment,
    }


CSV_COLUMNS = (
    "name",
    "start",
    "end",
    "state",
    "forecast_points",
    "forecast_stories",
    "completed_points",
    "completed_stories",
    "predictability",
    "added_stories",
    "throughput",
    "blockers_raised",
    "blockers_median_hours",
    "blockers_over_sla",
    "decisions_made",
    "decisions_median_cycle_hours",
    "decisions_over_sla",
    "deployments",
    "defects",
    "experiment_title",
    "experiment_owner",
    "experiment_outcome",
)


def csv_row(m: SprintMetrics) -> list[object]:
    """One sprint as a row under :data:`CSV_COLUMNS` (nested names flattened with ``_``)."""
    record = metrics_record(m)
    flat: dict[str, object] = {}
    for key, value in record.items():
        if isinstance(value, dict):
            flat.update({f"{key}_{k}": v for k, v in value.items()})
        elif key == "experiment":
            flat.update({"experiment_title": "", "experiment_owner": "", "experiment_outcome": ""})
        else:
            flat[key] = value
    return ["" if flat[c] is None else flat[c] for c in CSV_COLUMNS]
