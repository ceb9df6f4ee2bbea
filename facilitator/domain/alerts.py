"""What Home warns about, decided from plain facts (no storage, no clock)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from facilitator.domain.model import Sprint, SprintState, Story


class Level(StrEnum):
    """How urgent an alert is; shown with a symbol and words, never colour alone."""

    INFO = "info"
    WARNING = "warning"
    PROBLEM = "problem"


@dataclass(frozen=True, slots=True)
class Alert:
    """One line on Home."""

    level: Level
    text: str


def home_alerts(
    sprint: Sprint | None,
    top_stories: list[Story],
    backlog_size: int,
    active_members: int,
    today: dt.date,
) -> list[Alert]:
    """Alerts for a team's Home screen, most urgent first."""
    alerts: list[Alert] = []
    if active_members == 0:
        alerts.append(Alert(Level.PROBLEM, "The team has no members yet: add them on Team."))
    if sprint is None:
        alerts.append(Alert(Level.WARNING, "No sprint is active or planned."))
    elif sprint.state is SprintState.ACTIVE and today > sprint.end:
        overdue = (today - sprint.end).days
        alerts.append(
            Alert(Level.PROBLEM, f"{sprint.name} ended {overdue} day(s) ago and is still open.")
        )
    elif sprint.state is SprintState.PLANNED and today >= sprint.start:
        alerts.append(Alert(Level.WARNING, f"{sprint.name} should have started on {sprint.start}."))
    if backlog_size == 0:
        alerts.append(Alert(Level.WARNING, "The backlog is empty: add or import stories."))
    else:
        no_criteria = sum(1 for story in top_stories if not story.criteria)
        no_estimate = sum(1 for story in top_stories if story.estimate is None)
        shown = len(top_stories)
        if no_criteria:
            alerts.append(
                Alert(
                    Level.WARNING,
                    f"{no_criteria} of the top {shown} stories have no acceptance criteria.",
                )
            )
        if no_estimate:
            alerts.append(
                Alert(Level.WARNING, f"{no_estimate} of the top {shown} stories have no estimate.")
            )
    order = {Level.PROBLEM: 0, Level.WARNING: 1, Level.INFO: 2}
    return sorted(alerts, key=lambda alert: order[alert.level])
