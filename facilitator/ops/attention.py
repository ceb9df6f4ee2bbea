"""What needs attention per screen: the counts the navigation rail shows as badges."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from facilitator.domain.health import Status
from facilitator.domain.ids import TeamId
from facilitator.ops.backlog import top_readiness
from facilitator.ops.standup import blocker_badge
from facilitator.ops.team_model import default_range, team_view
from facilitator.store.db import Store

TOP_STORIES = 10


@dataclass(frozen=True)
class Badge:
    """A count for one screen and the words a screen reader (and tooltip) says for it."""

    count: int
    words: str


def nav_badges(
    store: Store, team_id: TeamId, today: dt.date, now: dt.datetime | None = None
) -> dict[str, Badge]:
    """Badges by screen key; screens with nothing to flag are absent.

    - ``team``: operating-model health checks that fail or warn;
    - ``backlog``: stories among the top of the backlog that are not Ready;
    - ``standup``: open blockers past the team's SLA at ``now`` (when given).
    """
    badges: dict[str, Badge] = {}
    late = None if now is None else blocker_badge(store, team_id, now)
    if late is not None:
        badges["standup"] = Badge(*late)
    first, last = default_range(store, team_id, today)
    checks = team_view(store, team_id, today, first, last).checks
    failing = [c for c in checks if c.status in (Status.FAIL, Status.WARN)]
    if failing:
        badges["team"] = Badge(len(failing), f"{len(failing)} health check(s) need attention")
    lines = top_readiness(store, team_id, top=TOP_STORIES)
    unready = [line for line in lines if not line.readiness.ready]
    if unready:
        badges["backlog"] = Badge(
            len(unready), f"{len(unready)} of the top {len(lines)} stories are not Ready"
        )
    return badges
