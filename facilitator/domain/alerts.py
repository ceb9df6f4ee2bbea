"""What Home warns about, decided from plain facts (no storage, no clock)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from facilitator.domain.dates import day_month
from facilitator.domain.model import Sprint, SprintState
from facilitator.domain.readiness import Readiness


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


NAMED_STORIES = 3


def home_alerts(
    sprint: Sprint | None,
    top_stories: Sequence[tuple[str, Readiness]],
    backlog_size: int,
    active_members: int,
    today: dt.date,
) -> list[Alert]:
    """Alerts for a team's Home screen, most urgent first.

    Args:
        sprint: the active sprint, else the next planned one.
        top_stories: (key, readiness) of the stories at the top of the backlog, in rank order.
        backlog_size: stories waiting in the backlog.
        active_members: active members of the team.
        today: the local date.
    """
    alerts: list[Alert] = []
    if active_members == 0:
        alerts.append(Alert(Level.PROBLEM, "The team has no members yet: add them on Team."))
    if sprint is None:
        alerts.append(Alert(Level.WARNING, "No sprint is active or planned."))
    # An active sprint past its end: Home says its review is due (ops.closing_reads).
    elif sprint.state is SprintState.PLANNED and today >= sprint.start:
        late = f"{sprint.name} should have started on {day_month(sprint.start)}."
        alerts.append(Alert(Level.WARNING, late))
    if backlog_size == 0:
        alerts.append(Alert(Level.WARNING, "The backlog is empty: add or import stories."))
    else:
        unready = [(key, verdict) for key, verdict in top_stories if not verdict.ready]
        if unready:
            named = "; ".join(
                f"{key}: {verdict.failures[0].reason}" for key, verdict in unready[:NAMED_STORIES]
            )
            more = (
                f"; and {len(unready) - NAMED_STORIES} more" if len(unready) > NAMED_STORIES else ""
            )
            alerts.append(
                Alert(
                    Level.WARNING,
                    f"{len(unready)} of the top {len(top_stories)} stories are not Ready — "
                    f"{named}{more}.",
                )
            )
    order = {Level.PROBLEM: 0, Level.WARNING: 1, Level.INFO: 2}
    return sorted(alerts, key=lambda alert: order[alert.level])
