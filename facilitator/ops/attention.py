"""What needs attention per screen: the counts the navigation rail shows as badges."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from facilitator.domain.blockers import flagged, sla_badge
from facilitator.domain.health import Status
from facilitator.domain.ids import TeamId
from facilitator.domain.overlap import plural
from facilitator.errors import InputError
from facilitator.ops.backlog import top_readiness_in
from facilitator.ops.changes import Kind
from facilitator.ops.closing_reads import closing_due_in, retro_due_words, review_due_words
from facilitator.ops.retro_reads import unevaluated_in, unevaluated_words
from facilitator.ops.standup import blocker_badge_in
from facilitator.ops.team_health import health_in, range_of
from facilitator.ops.teams import HomeSummary
from facilitator.store.db import Store
from facilitator.store.repositories import SprintRepository, TeamRepository

TOP_STORIES = 10
# Which kinds of change each badge counts from: a record naming none of them keeps the badge.
BADGE_KINDS: dict[str, frozenset[Kind]] = {
    "team": frozenset({Kind.TEAM, Kind.MEMBER, Kind.SPRINT}),
    "backlog": frozenset({Kind.STORY, Kind.BACKLOG, Kind.TEAM, Kind.MEMBER}),
    "standup": frozenset({Kind.BLOCKER, Kind.TEAM}),
    "review": frozenset({Kind.SPRINT, Kind.TEAM}),
    "retro": frozenset({Kind.RETRO, Kind.SPRINT, Kind.TEAM}),
}


@dataclass(frozen=True)
class Badge:
    """A count for one screen and the words a screen reader (and tooltip) says for it."""

    count: int
    words: str


def badges_for(kinds: Iterable[Kind]) -> frozenset[str]:
    """The badges (screen keys) that a change of ``kinds`` can alter."""
    changed = set(kinds)
    return frozenset(key for key, counts_from in BADGE_KINDS.items() if counts_from & changed)


def badges_of_home(summary: HomeSummary, now: dt.datetime) -> dict[str, Badge | None]:
    """Every badge, counted from Home's summary (which reads the same facts): what start-up
    shows without a second read. The same counts as :func:`nav_badges` at ``now``."""
    failing = [c for c in summary.checks if c.status in (Status.FAIL, Status.WARN)]
    top, unready = summary.top_counts
    late = sla_badge(summary.open_blockers, now, summary.team.blocker_sla_hours)
    retro = [w for w in (summary.retro_due, summary.unevaluated_experiment) if w]
    return {
        "team": _badge(len(failing), f"{plural(len(failing), 'health check')} need attention"),
        "backlog": _badge(unready, f"{unready} of the top {top} stories are not Ready"),
        "standup": None
        if late is None
        else Badge(len(flagged(summary.open_blockers, now, summary.team.blocker_sla_hours)), late),
        "review": Badge(1, summary.review_due) if summary.review_due else None,
        "retro": Badge(len(retro), "; ".join(retro)) if retro else None,
    }


def _badge(count: int, words: str) -> Badge | None:
    return Badge(count, words) if count else None


def nav_badges(
    store: Store,
    team_id: TeamId,
    today: dt.date,
    only: Iterable[str] | None = None,
    now: dt.datetime | None = None,
) -> dict[str, Badge | None]:
    """Badges by screen key, counted in one transaction; None for a screen with nothing to
    flag.

    - ``team``: operating-model health checks that fail or warn;
    - ``backlog``: stories among the top of the backlog that are not Ready;
    - ``standup``: open blockers past the team's SLA at ``now`` (counted only when given);
    - ``review``: the sprint whose review is due (it ends today or has ended);
    - ``retro``: the sprint whose retrospective is due (its review closed), and last retro's
      experiment while it waits for its evaluation.

    Args:
        store: the database.
        team_id: the team.
        today: the day the health checks are for.
        only: the badges to count (see :func:`badges_for`); None: every badge.
        now: the moment blocker ages are measured at.
    """
    wanted = set(BADGE_KINDS) if only is None else set(only)
    badges: dict[str, Badge | None] = {}
    with store.read_session() as session:  # never waits for a write (an import under way)
        if "team" in wanted:
            teams = TeamRepository(session)
            team = teams.get(team_id)
            if team is None:
                raise InputError(f"No team with id {team_id}")
            members = teams.members(team_id, include_inactive=True)
            sprint = SprintRepository(session).current(team_id)
            checks = health_in(session, team, members, today, *range_of(sprint, today)).checks
            failing = [c for c in checks if c.status in (Status.FAIL, Status.WARN)]
            badges["team"] = (
                Badge(len(failing), f"{plural(len(failing), 'health check')} need attention")
                if failing
                else None
            )
        if "backlog" in wanted:
            lines = top_readiness_in(session, team_id, TOP_STORIES)
            unready = [line for line in lines if not line.readiness.ready]
            badges["backlog"] = (
                Badge(len(unready), f"{len(unready)} of the top {len(lines)} stories are not Ready")
                if unready
                else None
            )
        if "standup" in wanted and now is not None:
            late = blocker_badge_in(session, team_id, now)
            badges["standup"] = None if late is None else Badge(*late)
        if wanted & {"review", "retro"}:
            due = closing_due_in(session, team_id, today)
            said = review_due_words(due.review, today)
            badges["review"] = Badge(1, said) if said else None
            waiting = unevaluated_words(unevaluated_in(session, team_id))
            retro = [words for words in (retro_due_words(due.retro), waiting) if words]
            badges["retro"] = Badge(len(retro), "; ".join(retro)) if retro else None
    return badges
