"""Team use cases: list, create, and the Home summary."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from facilitator.domain.alerts import Alert, home_alerts
from facilitator.domain.blockers import Blocker, sla_summary
from facilitator.domain.health import Check
from facilitator.domain.ids import TeamId
from facilitator.domain.model import Member, Sprint, Team
from facilitator.domain.text_rules import DOD_ITEM, TEAM_NAME, check_text
from facilitator.errors import InputError
from facilitator.ops.backlog import top_readiness_in
from facilitator.ops.closing_reads import closing_due_in, retro_due_words, review_due_words
from facilitator.ops.history import recent_lines_in
from facilitator.ops.planning_reads import frozen_forecast_words_in
from facilitator.ops.retro_reads import unevaluated_in, unevaluated_words
from facilitator.ops.team_health import health_in, range_of
from facilitator.store.db import Store
from facilitator.store.repositories import SprintRepository, StoryRepository, TeamRepository

TOP_OF_BACKLOG = 10


@dataclass(frozen=True)
class HomeSummary:
    """Everything the Home screen shows for one team."""

    team: Team
    members: list[Member]
    sprint: Sprint | None
    # (stories, points) of the sprint's forecast as its stories count them; read only while
    # no planning froze one (``frozen_forecast`` says it then, with more), else None.
    forecast_totals: tuple[int, float] | None
    backlog_size: int
    alerts: list[Alert]
    checks: list[Check] = field(default_factory=list)  # operating-model health
    late_blockers: str | None = None  # open blockers past the SLA, in words (issue 14)
    frozen_forecast: str = ""  # the active sprint's frozen forecast, in words (issue 10)
    unevaluated_experiment: str = ""  # last retro's experiment waiting for evaluation (issue 11)
    review_due: str = ""  # the sprint whose review is due, in words (issue 11)
    retro_due: str = ""  # the sprint whose retrospective is due, in words (issue 11)
    # The last closed sprints' predictability and throughput, one line each (issue 12).
    history_lines: tuple[str, ...] = ()
    # The open blockers as read, so the over-SLA line follows the clock without a read.
    open_blockers: tuple[Blocker, ...] = ()
    # The top of the backlog as read: how many stories there, and how many not Ready.
    top_counts: tuple[int, int] = (0, 0)

    def late_blockers_at(self, now: dt.datetime) -> str | None:
        """The open blockers past the team's SLA at ``now``, in words, or None when none is."""
        return sla_summary(self.open_blockers, now, self.team.blocker_sla_hours)


def list_teams(store: Store) -> list[Team]:
    """Every team in the database."""
    with store.read_session() as session:
        return TeamRepository(session).all()


def create_team(
    store: Store, name: str, sprint_length_days: int, definition_of_done: Sequence[str]
) -> TeamId:
    """Create a team in its own transaction.

    Raises:
        InputError: blank or duplicate name, sprint length out of range, empty DoD item.
    """
    name = check_text(name, TEAM_NAME)
    if not 1 <= sprint_length_days <= 60:
        raise InputError(f"Sprint length: {sprint_length_days} is outside 1–60 working days")
    if any(not item.strip() for item in definition_of_done):
        raise InputError("Definition of Done: an item is empty")
    items = [check_text(item, DOD_ITEM) for item in definition_of_done]
    with store.session() as session:
        teams = TeamRepository(session)
        if any(team.name.casefold() == name.casefold() for team in teams.all()):
            raise InputError(f"Team name: a team called {name!r} already exists")
        return teams.add(name, sprint_length_days, items)


def current_sprint(store: Store, team_id: TeamId) -> Sprint | None:
    """The team's active sprint, else its next planned one."""
    with store.read_session() as session:
        return SprintRepository(session).current(team_id)


def home_summary(
    store: Store, team_id: TeamId, today: dt.date, now: dt.datetime | None = None
) -> HomeSummary:
    """Team, members, current sprint, alerts and health checks for Home, read in one
    transaction, each table once; with ``now``, the open blockers past the SLA too.

    Raises:
        InputError: the team does not exist.
    """
    with store.read_session() as session:
        return home_summary_in(session, team_id, today, now)


@dataclass(frozen=True)
class OpeningView:
    """What the window shows first: every team, and Home's summary of the first (None: no
    team yet, the welcome screen)."""

    teams: list[Team]
    home: HomeSummary | None


def opening_view(store: Store, today: dt.date, now: dt.datetime) -> OpeningView:
    """The team list and the first team's Home summary, in one read-only transaction.

    Start-up reads this off the GUI thread while the window's shell is already on screen.
    """
    with store.read_session() as session:
        teams = TeamRepository(session).all()
        home = home_summary_in(session, teams[0].id, today, now) if teams else None
    return OpeningView(teams, home)


def home_summary_in(
    session: Session, team_id: TeamId, today: dt.date, now: dt.datetime | None = None
) -> HomeSummary:
    """:func:`home_summary` inside the caller's transaction."""
    teams = TeamRepository(session)
    team = teams.get(team_id)
    if team is None:
        raise InputError(f"No team with id {team_id}")
    everyone = teams.members(team_id, include_inactive=True)
    sprints = SprintRepository(session)
    due = closing_due_in(session, team_id, today)  # the current sprint, with what is due
    sprint = due.current
    backlog_size = StoryRepository(session).backlog_count(team_id)
    lines = top_readiness_in(session, team_id, TOP_OF_BACKLOG)
    health = health_in(session, team, everyone, today, *range_of(sprint, today))
    checks = health.checks
    late = None if now is None else sla_summary(health.open_blockers, now, team.blocker_sla_hours)
    frozen = frozen_forecast_words_in(session, sprint)
    forecast = sprints.forecast_totals(sprint.id) if sprint and not frozen else None
    waiting = unevaluated_words(unevaluated_in(session, team_id))
    recent = recent_lines_in(session, team)
    members = [m for m in everyone if m.active]
    top = [(line.key, line.readiness) for line in lines]
    return HomeSummary(
        team=team,
        members=members,
        sprint=sprint,
        forecast_totals=forecast,
        backlog_size=backlog_size,
        alerts=home_alerts(sprint, top, backlog_size, len(members), today),
        checks=checks,
        late_blockers=late,
        frozen_forecast=frozen,
        unevaluated_experiment=waiting,
        review_due=review_due_words(due.review, today),
        retro_due=retro_due_words(due.retro),
        history_lines=recent or (),
        open_blockers=health.open_blockers,
        top_counts=(len(top), sum(not readiness.ready for _key, readiness in top)),
    )
