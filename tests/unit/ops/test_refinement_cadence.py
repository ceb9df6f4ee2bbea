"""The refinement-cadence check reads the stored refinement runs of the last finished sprints
(two a sprint, one a week) and shows with the other health checks on Home and Team."""

from __future__ import annotations

import datetime as dt

import pytest

from facilitator.domain.health import Status
from facilitator.domain.ids import TeamId
from facilitator.ops.teams import home_summary
from facilitator.store.db import Store
from facilitator.store.models import CeremonyRunRow, SprintRow
from tests.helpers.backlog_team import make_team

TODAY = dt.date(2026, 11, 25)
MONDAYS = [dt.date(2026, 10, 5), dt.date(2026, 10, 19), dt.date(2026, 11, 2)]


def _sprints_with_runs(store: Store, runs_per_sprint: list[list[int]]) -> TeamId:
    """Three closed two-week sprints; refinement runs ``n`` days after each start."""
    team = make_team(store, stories=1).team
    with store.session() as session:
        for number, (monday, days) in enumerate(zip(MONDAYS, runs_per_sprint, strict=True), 1):
            sprint = SprintRow(
                team_id=team,
                name=f"Sprint {number}",
                start_date=monday,
                end_date=monday + dt.timedelta(days=11),
                state="closed",
            )
            session.add(sprint)
            for day in days:
                start = dt.datetime.combine(monday + dt.timedelta(days=day), dt.time(13))
                session.add(
                    CeremonyRunRow(
                        team_id=team,
                        ceremony="refinement",
                        started_at=start.replace(tzinfo=dt.UTC),
                        ended_at=(start + dt.timedelta(hours=1)).replace(tzinfo=dt.UTC),
                        timebox_seconds=3600,
                        phase="done",
                    )
                )
        # A run of another ceremony inside the dates does not count.
        session.add(
            CeremonyRunRow(
                team_id=team,
                ceremony="planning",
                started_at=dt.datetime.combine(MONDAYS[0], dt.time(9), tzinfo=dt.UTC),
                timebox_seconds=3600,
                phase="done",
            )
        )
    return team


@pytest.mark.parametrize(
    ("runs", "status", "words"),
    [
        ([[1, 8], [1, 8], [2, 9]], Status.PASS, "enough refinement runs in the last 3 sprints"),
        ([[1, 8], [1], [2, 9]], Status.WARN, "in Sprint 2: 1 of 2"),
        ([[1, 8], [], [11]], Status.FAIL, "in Sprint 2: none of 2"),
        # A run on the day after a sprint ends counts for no sprint.
        ([[1, 12], [1, 8], [2, 9]], Status.WARN, "in Sprint 1: 1 of 2"),
    ],
)
def test_home_judges_the_cadence_of_the_last_finished_sprints_from_stored_runs(
    store: Store, runs: list[list[int]], status: Status, words: str
) -> None:
    team = _sprints_with_runs(store, runs)
    checks = {c.title: c for c in home_summary(store, team, TODAY).checks}
    cadence = checks["Refinement cadence"]
    assert cadence.status is status
    assert words in cadence.reason
