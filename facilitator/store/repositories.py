"""Repositories: the only code that queries tables; they return domain objects."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from facilitator.domain.ids import MemberId, SprintId, TeamId
from facilitator.domain.model import (
    Member,
    Role,
    Seniority,
    Side,
    Sprint,
    SprintState,
    StoryStatus,
    Team,
    known_or,
)
from facilitator.store.models import (
    CeremonyRunRow,
    DoneItemRow,
    MemberRow,
    SprintRow,
    SprintStoryRow,
    StoryRow,
    TeamRow,
)


def _team(row: TeamRow, dod: Sequence[str]) -> Team:
    return Team(
        id=TeamId(row.id),
        name=row.name,
        sprint_length_days=row.sprint_length_days,
        points_per_person_day=row.points_per_person_day,
        blocker_sla_hours=row.blocker_sla_hours,
        min_overlap_hours=row.min_overlap_hours,
        definition_of_done=tuple(dod),
    )


def _member(row: MemberRow) -> Member:
    # An unknown role reads as a stakeholder: it neither delivers nor owns the product.
    unknown: list[tuple[str, str]] = []
    return Member(
        id=MemberId(row.id),
        team_id=TeamId(row.team_id),
        name=row.name,
        role=known_or(row.role, Role, Role.STAKEHOLDER, "role", unknown),
        side=known_or(row.side, Side, Side.IN_HOUSE, "side", unknown),
        seniority=known_or(row.seniority, Seniority, Seniority.MID, "seniority", unknown),
        timezone=row.timezone,
        work_start_min=row.work_start_min,
        work_end_min=row.work_end_min,
        active=row.active,
        unknown=tuple(unknown),
    )


def sprint_of(row: SprintRow) -> Sprint:
    """The domain sprint of ``row``."""
    return Sprint(
        id=SprintId(row.id),
        team_id=TeamId(row.team_id),
        name=row.name,
        goal=row.goal,
        start=row.start_date,
        end=row.end_date,
        state=SprintState(row.state),
    )


class TeamRepository:
    """Teams, their Definition of Done and members."""

    def __init__(self, session: Session) -> None:
        """Work inside ``session`` (the caller commits)."""
        self.session = session
        # The session's identity map holds rows weakly: keeping the team rows read here alive
        # lets later reads of the same team in this transaction (the operating model) skip SQL.
        self._held: list[TeamRow] = []

    def all(self) -> list[Team]:
        """Every team, by name."""
        rows = self.session.scalars(select(TeamRow).order_by(TeamRow.name)).all()
        dod: dict[int, list[str]] = {}
        query = select(DoneItemRow.team_id, DoneItemRow.text).order_by(
            DoneItemRow.team_id, DoneItemRow.position
        )
        for team_id, text in self.session.execute(query):  # every team's DoD in one statement
            dod.setdefault(team_id, []).append(text)
        return [_team(row, dod.get(row.id, [])) for row in rows]

    def get(self, team_id: TeamId) -> Team | None:
        """One team, or None."""
        row = self.session.get(TeamRow, team_id)
        if row is None:
            return None
        self._held.append(row)
        return _team(row, self._dod(row.id))

    def _dod(self, team_id: int) -> list[str]:
        query = (
            select(DoneItemRow.text)
            .where(DoneItemRow.team_id == team_id)
            .order_by(DoneItemRow.position)
        )
        return list(self.session.scalars(query))

    def add(self, name: str, sprint_length_days: int, definition_of_done: Sequence[str]) -> TeamId:
        """Create a team with its Definition of Done."""
        row = TeamRow(
            name=name,
            sprint_length_days=sprint_length_days,
            points_per_person_day=1.0,
            blocker_sla_hours=24,
            min_overlap_hours=3.0,
            created_at=dt.datetime.now(dt.UTC),
        )
        self.session.add(row)
        self.session.flush()
        for position, item in enumerate(definition_of_done):
            self.session.add(DoneItemRow(team_id=row.id, position=position, text=item))
        return TeamId(row.id)

    def members(self, team_id: TeamId, *, include_inactive: bool = False) -> list[Member]:
        """Members of a team, by name."""
        query = select(MemberRow).where(MemberRow.team_id == team_id).order_by(MemberRow.name)
        if not include_inactive:
            query = query.where(MemberRow.active.is_(True))
        return [_member(row) for row in self.session.scalars(query)]

    def count(self) -> int:
        """Number of teams."""
        return self.session.scalar(select(func.count()).select_from(TeamRow)) or 0


class SprintRepository:
    """Sprints of a team."""

    def __init__(self, session: Session) -> None:
        """Work inside ``session`` (the caller commits)."""
        self.session = session

    def current(self, team_id: TeamId) -> Sprint | None:
        """The active sprint, else the next planned one, else None."""
        for state, order in (
            (SprintState.ACTIVE, SprintRow.start_date.desc()),
            (SprintState.PLANNED, SprintRow.start_date.asc()),
        ):
            query = (
                select(SprintRow)
                .where(SprintRow.team_id == team_id, SprintRow.state == state.value)
                .order_by(order)
                .limit(1)
            )
            row = self.session.scalars(query).first()
            if row is not None:
                return sprint_of(row)
        return None

    def refinement_runs(
        self, team_id: TeamId, before: dt.date, recent: int = 3
    ) -> list[tuple[Sprint, int]]:
        """The last ``recent`` sprints ended before ``before``, each with how many refinement
        runs started within its dates (UTC days), in one statement, oldest first."""
        runs = (
            select(func.count())
            .select_from(CeremonyRunRow)
            .where(
                CeremonyRunRow.team_id == team_id,
                CeremonyRunRow.ceremony == "refinement",
                CeremonyRunRow.started_at.is_not(None),
                func.date(CeremonyRunRow.started_at) >= SprintRow.start_date,
                func.date(CeremonyRunRow.started_at) <= SprintRow.end_date,
            )
            .scalar_subquery()
        )
        query = (
            select(SprintRow, runs)
            .where(SprintRow.team_id == team_id, SprintRow.end_date < before)
            .order_by(SprintRow.start_date.desc())
            .limit(recent)
        )
        rows = reversed(self.session.execute(query).all())
        return [(sprint_of(row), int(count)) for row, count in rows]

    def forecast_totals(self, sprint_id: SprintId) -> tuple[int, float]:
        """(stories, points) forecast at planning, excluding stories added mid-sprint."""
        query = select(func.count(), func.coalesce(func.sum(SprintStoryRow.points), 0.0)).where(
            SprintStoryRow.sprint_id == sprint_id, SprintStoryRow.added_mid_sprint.is_(False)
        )
        count, points = self.session.execute(query).one()
        return int(count), float(points)


class StoryRepository:
    """Backlog stories."""

    def __init__(self, session: Session) -> None:
        """Work inside ``session`` (the caller commits)."""
        self.session = session

    def backlog_count(self, team_id: TeamId) -> int:
        """Stories waiting in the backlog."""
        query = (
            select(func.count())
            .select_from(StoryRow)
            .where(
                StoryRow.team_id == team_id,
                StoryRow.status.in_((StoryStatus.NEW.value, StoryStatus.REFINED.value)),
            )
        )
        return self.session.scalar(query) or 0
