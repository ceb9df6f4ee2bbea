"""Reading a team's operating model and health: the Team screen's view, Home's and the badges'
checks, each in the caller's one transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from facilitator.domain import health
from facilitator.domain.blockers import Blocker
from facilitator.domain.engagement import MemberExtras, OperatingModel, PartnerCandidate
from facilitator.domain.health import Check
from facilitator.domain.ids import TeamId
from facilitator.domain.model import Member, Sprint, Team
from facilitator.domain.overlap import OverlapSummary, summarise
from facilitator.domain.time_words import elapsed, hours_of
from facilitator.domain.timebox import Ceremony, default_timebox_minutes
from facilitator.errors import InputError
from facilitator.store.db import Store
from facilitator.store.repositories import SprintRepository, TeamRepository
from facilitator.store.review_repository import dod_skips
from facilitator.store.standup_repository import StandupRepository
from facilitator.store.team_model_repository import TeamModelRepository
from facilitator.store.timebox_repository import TimeboxRepository


@dataclass(frozen=True)
class TeamView:
    """Everything the Team screen and the Home health panel show for one team."""

    team: Team
    members: list[Member]
    extras: dict[int, MemberExtras]
    model: OperatingModel
    candidates: list[PartnerCandidate]
    first: dt.date
    last: dt.date
    overlap: OverlapSummary | None
    overlap_error: str = ""
    checks: list[health.Check] = field(default_factory=list)
    versions: dict[str, int] = field(default_factory=dict)  # "team", "member:ID" → version read
    # Per ceremony: (the team's timebox in minutes, the rule-9 default for its sprint length).
    timeboxes: dict[Ceremony, tuple[int, int]] = field(default_factory=dict)

    @property
    def names(self) -> dict[int, str]:
        """Member id → name, inactive members included (history keeps their name)."""
        return {int(m.id): m.name for m in self.members}


def range_of(sprint: Sprint | None, today: dt.date) -> tuple[dt.date, dt.date]:
    """The sprint's dates, else the two weeks from ``today`` (no sprint)."""
    if sprint is not None:
        return sprint.start, sprint.end
    return today, today + dt.timedelta(days=13)


def team_view(
    store: Store,
    team_id: TeamId,
    today: dt.date,
    first: dt.date | None = None,
    last: dt.date | None = None,
) -> TeamView:
    """Read the team's operating model and timeboxes and compute overlap and health, in one
    read-only transaction; over ``first``–``last``, else over the current sprint's
    dates (read in it too; see :func:`range_of`).

    Raises:
        InputError: the team does not exist.
    """
    with store.read_session() as session:
        teams = TeamRepository(session)  # holds the team's row: later reads of it cost no SQL
        team = teams.get(team_id)
        if team is None:
            raise InputError(f"No team with id {team_id}")
        if first is None or last is None:
            first, last = range_of(SprintRepository(session).current(team_id), today)
        members = teams.members(team_id, include_inactive=True)
        health = health_in(session, team, members, today, first, last)
        candidates = TeamModelRepository(session).candidates(team_id)
        chosen = TimeboxRepository(session).team_defaults(team_id)
    timeboxes = {}
    for ceremony in Ceremony:
        rule = default_timebox_minutes(ceremony, team.sprint_length_days)
        timeboxes[ceremony] = (chosen.get(ceremony, rule), rule)
    return TeamView(
        team,
        members,
        health.extras,
        health.model,
        candidates,
        first,
        last,
        health.overlap,
        health.overlap_error,
        health.checks,
        health.versions,
        timeboxes,
    )


@dataclass(frozen=True)
class Health:
    """The operating-model health of a team and what it was computed from."""

    model: OperatingModel
    extras: dict[int, MemberExtras]
    overlap: OverlapSummary | None
    overlap_error: str
    checks: list[Check]
    open_blockers: tuple[Blocker, ...] = ()  # read for the blocker check; Home flags them too
    versions: dict[str, int] = field(default_factory=dict)  # read with the extras (TeamView)


def health_in(
    session: Session,
    team: Team,
    members: Sequence[Member],
    today: dt.date,
    first: dt.date,
    last: dt.date,
) -> Health:
    """The team's health checks over ``first``..``last``, read in the caller's transaction
    (``members`` as read there, inactive ones included).

    Raises:
        InputError: the team does not exist.
    """
    repo = TeamModelRepository(session)
    model = repo.operating_model(team.id)
    if model is None:
        raise InputError(f"No team with id {team.id}")
    extras, versions = repo.facts(team.id)
    standup = StandupRepository(session)
    authority = standup.authority(team.id)
    tools = standup.tools(team.id)
    open_blockers = standup.blockers(team.id, open_only=True)
    acted_on = standup.acted_on_spans(team.id)
    # Ages at the real moment when ``today`` is today, else at noon UTC of ``today``.
    now = dt.datetime.now(dt.UTC)
    if now.date() != today:
        now = dt.datetime.combine(today, dt.time(12, tzinfo=dt.UTC))
    active = [m for m in members if m.active]
    overlap: OverlapSummary | None = None
    overlap_error = ""
    try:
        overlap = summarise(active, first, last, team.min_overlap_hours)
    except InputError as err:
        overlap_error = str(err)
    names = {int(m.id): m.name for m in active}
    checks = [
        health.check_shape(model, active, names),
        health.check_po_bandwidth(
            active,
            {mid: e.po_hours_per_week for mid, e in extras.items()},
            model.min_po_hours_per_week,
        ),
        health.check_senior_ratio(active),
        health.check_authority(model, names),
        health.check_overlap(overlap),
        health.check_blockers([b.age_hours(now) for b in open_blockers], team.blocker_sla_hours),
        health.check_decision_cycle(
            [hours_of(max(dt.timedelta(), elapsed(raised, acted))) for raised, acted in acted_on]
        ),
        health.check_decision_roles(authority, active),
        health.check_tooling(tools, active),
        health.check_refinement_counts(SprintRepository(session).refinement_runs(team.id, today)),
        health.check_dod_enforced(_dod_flags(session, team.id)),
        health.check_knowledge(model.links, today),
    ]
    compliance = health.check_compliance(
        model.regulated,
        active,
        {mid: (e.access_controls_done, e.compliance_training_done) for mid, e in extras.items()},
    )
    if compliance is not None:
        checks.append(compliance)
    return Health(model, extras, overlap, overlap_error, checks, tuple(open_blockers), versions)


def _dod_flags(session: Session, team_id: TeamId) -> list[bool] | None:
    """One flag per story marked Done at a closed review (whether it passed every DoD item),
    counted in the database; None when there is none."""
    total, skipped = dod_skips(session, team_id)
    return [True] * (total - skipped) + [False] * skipped or None
