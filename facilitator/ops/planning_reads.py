"""Reads of sprint planning, inside a transaction or in one of their own: what the planning
screen shows (:class:`PlanningView`), the backlog as planning sees it, availability and the
capacity proposal. The actions are in :mod:`facilitator.ops.planning`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from facilitator.domain.availability import (
    DayOff,
    MemberCalendar,
    SprintAvailability,
    SprintSpan,
    sprint_availability,
)
from facilitator.domain.capacity import (
    CapacityChoice,
    CapacityProposal,
    PastSprint,
    propose_from_availability,
)
from facilitator.domain.forecast import Candidate
from facilitator.domain.ids import MemberId, RunId, StoryId, TeamId
from facilitator.domain.model import Member, Sprint, SprintState
from facilitator.domain.planning import Planning
from facilitator.domain.signed import Signed
from facilitator.domain.timebox import Ceremony
from facilitator.errors import InputError
from facilitator.ops.backlog import BACKLOG_STATUSES
from facilitator.ops.story_reading import readiness_in
from facilitator.store.backlog_repository import BacklogRepository
from facilitator.store.db import Store
from facilitator.store.models import SprintStoryRow
from facilitator.store.planning_repository import PlanningRepository, open_items_in
from facilitator.store.repositories import TeamRepository
from facilitator.store.snapshot_repository import SnapshotRepository

PLANNING = Ceremony.PLANNING
BACKLOG_TOP = 40  # how far down the ranked backlog planning looks
HISTORY_SPRINTS = 3


@dataclass(frozen=True, slots=True)
class PlanningView:
    """Everything the planning screen shows, read in one transaction."""

    run_id: RunId
    sprint: Sprint
    planning: Planning
    backlog: tuple[Candidate, ...]
    availability: SprintAvailability
    proposal: CapacityProposal
    choice: CapacityChoice | None
    members: tuple[Member, ...]
    throughput: tuple[int, ...]  # stories completed in each closed sprint, oldest first


# --- helpers inside one transaction ----------------------------------------------------------
def members_in(session: Session, team_id: TeamId) -> tuple[Member, ...]:
    return tuple(TeamRepository(session).members(team_id))


def signed_in(session: Session, member_id: MemberId, now: dt.datetime) -> Signed:
    member = PlanningRepository(session).member(member_id)
    if member is None:
        raise InputError(f"No member with id {member_id}")
    return Signed.of(member, now)


def span_of(sprint: Sprint, zone: str) -> SprintSpan:
    return SprintSpan.of_dates(sprint.name, sprint.start, sprint.end, zone)


def calendar_of(member: Member, allocation: float, days_off: tuple[DayOff, ...]) -> MemberCalendar:
    # Members have no location of their own yet: their time zone names where holidays apply.
    return MemberCalendar(
        member.id, member.name, member.timezone, member.timezone, allocation, days_off=days_off
    )


def availability_in(session: Session, sprint: Sprint) -> SprintAvailability:
    repo = PlanningRepository(session)
    stored = repo.availability(sprint.id)
    calendars = []
    for member in members_in(session, sprint.team_id):
        mine = stored.get(member.id)
        allocation, days = (100.0, ()) if mine is None else (mine.allocation_pct, mine.days_off)
        calendars.append(calendar_of(member, allocation, days))
    zone = calendars[0].timezone if calendars else "UTC"
    return sprint_availability(span_of(sprint, zone), calendars, repo.holidays(sprint.team_id))


def history_in(session: Session, team_id: TeamId) -> list[PastSprint]:
    repo = PlanningRepository(session)
    closed = [s for s in repo.sprints(team_id) if s.state is SprintState.CLOSED]
    history = []
    for sprint in reversed(closed[-HISTORY_SPRINTS:]):
        done = session.scalars(
            select(SprintStoryRow.points).where(
                SprintStoryRow.sprint_id == sprint.id, SprintStoryRow.done.is_(True)
            )
        )
        days = availability_in(session, sprint).person_days
        history.append(PastSprint(sprint.name, float(sum(done)), days))
    return history


def throughput_in(session: Session, team_id: TeamId) -> tuple[int, ...]:
    """Stories Done in each closed sprint, earliest first: the forecast's history."""
    return PlanningRepository(session).throughput(team_id)


def proposal_in(session: Session, sprint: Sprint) -> CapacityProposal:
    team = TeamRepository(session).get(sprint.team_id)
    pace = team.points_per_person_day if team is not None else 1.0
    return propose_from_availability(
        history_in(session, sprint.team_id), availability_in(session, sprint), pace
    )


def backlog_in(session: Session, team_id: TeamId) -> tuple[Candidate, ...]:
    top = BacklogRepository(session).top_of_backlog(team_id, BACKLOG_STATUSES, BACKLOG_TOP)
    ids = [StoryId(row[0]) for row in top]
    readiness = readiness_in(session, team_id, ids)
    items = open_items_in(session, [int(i) for i in ids])
    return tuple(
        Candidate(StoryId(sid), key, title, points, readiness[StoryId(sid)], items[sid])
        for sid, key, title, points in top
    )


def next_sprint_in(session: Session, team_id: TeamId, today: dt.date) -> Sprint:
    """The team's first planned sprint; without one, a new one after the last sprint."""
    repo = PlanningRepository(session)
    sprints = repo.sprints(team_id)
    planned = [s for s in sprints if s.state is SprintState.PLANNED]
    if planned:
        return planned[0]
    team = TeamRepository(session).get(team_id)
    if team is None:
        raise InputError(f"No team with id {team_id}")
    start = max([today, *(s.end + dt.timedelta(days=1) for s in sprints)])
    while start.weekday() >= 5:
        start += dt.timedelta(days=1)
    end, counted = start, 1
    while counted < team.sprint_length_days:
        end += dt.timedelta(days=1)
        counted += end.weekday() < 5
    return repo.create_sprint(team_id, f"Sprint {len(sprints) + 1}", "", start, end)


# --- reads -------------------------------------------------------------------------------------
def load_planning(store: Store, run_id: RunId) -> PlanningView:
    """What the planning screen shows for ``run_id``.

    Raises:
        InputError: the run has no planning state.
    """
    with store.session() as session:
        repo = PlanningRepository(session)
        planning, sprint_id = repo.get(run_id), repo.sprint_of_run(run_id)
        sprint = None if sprint_id is None else repo.sprint(sprint_id)
        if planning is None or sprint is None:
            raise InputError(f"The planning run {run_id} no longer exists")
        return PlanningView(
            run_id,
            sprint,
            planning,
            backlog_in(session, sprint.team_id),
            availability_in(session, sprint),
            proposal_in(session, sprint),
            repo.capacity_choice(sprint.id),
            members_in(session, sprint.team_id),
            throughput_in(session, sprint.team_id),
        )


def frozen_forecast_words_in(session: Session, sprint: Sprint | None) -> str:
    """The active sprint's frozen forecast in words (its stories too), or "" when none froze,
    read in the caller's transaction."""
    if sprint is None or sprint.state is not SprintState.ACTIVE:
        return ""
    snapshot = SnapshotRepository(session).first_snapshot(sprint.id)
    if snapshot is None:
        return ""
    return f"{snapshot.words()}\n{', '.join(snapshot.keys)}"
