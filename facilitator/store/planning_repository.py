"""Repository of sprint planning: availability, holidays, the capacity choice, the planning state
of a run and its frozen snapshots, read and written as domain values.

Every planning query lives here; ops call it inside their one transaction. A snapshot is only
ever inserted: the database refuses to change or delete one (migration 0010's triggers).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import and_, delete, func, select
from sqlalchemy.orm import Session

from facilitator.domain.availability import DayOff, Holiday
from facilitator.domain.capacity import CapacityChoice, CapacityProposal
from facilitator.domain.forecast import (
    Acknowledgement,
    CapacityChange,
    Entry,
    Forecast,
    Removal,
    Skip,
    open_items_of,
)
from facilitator.domain.ids import MemberId, RunId, SprintId, StoryId, TeamId
from facilitator.domain.model import Member, Role, Sprint, SprintState
from facilitator.domain.planning import (
    Confirmation,
    Confirmer,
    Planning,
    Reopening,
)
from facilitator.domain.signed import Signed
from facilitator.store.models import (
    CapacityChoiceRow,
    DependencyRow,
    MemberAvailabilityRow,
    MemberDayOffRow,
    MemberRow,
    PlanningActRow,
    PlanningRow,
    RiskRow,
    SprintRow,
    SprintStoryRow,
    StoryRow,
    TeamHolidayRow,
)
from facilitator.store.repositories import TeamRepository, sprint_of
from facilitator.store.snapshot_repository import SnapshotRepository


@dataclass(frozen=True, slots=True)
class StoredAvailability:
    """A member's stored allocation and days off for one sprint."""

    allocation_pct: float
    days_off: tuple[DayOff, ...]


def _signed(by_id: int, name: str, at: dt.datetime) -> Signed:
    return Signed(MemberId(by_id), name, at)


class PlanningRepository:
    """Planning records of a team's sprints."""

    def __init__(self, session: Session) -> None:
        """Work inside ``session`` (the caller commits)."""
        self.session = session

    # --- sprints --------------------------------------------------------------------------------
    def sprints(self, team_id: TeamId) -> list[Sprint]:
        """Every sprint of the team, earliest first."""
        query = select(SprintRow).where(SprintRow.team_id == team_id)
        return [sprint_of(r) for r in self.session.scalars(query.order_by(SprintRow.start_date))]

    def throughput(self, team_id: TeamId) -> tuple[int, ...]:
        """Stories Done in each closed sprint of the team, earliest first (0 for none), in
        one statement: one per sprint took 200 statements for a team's 200 sprints."""
        done = and_(SprintStoryRow.sprint_id == SprintRow.id, SprintStoryRow.done.is_(True))
        query = (
            select(func.count(SprintStoryRow.story_id))
            .select_from(SprintRow)
            .outerjoin(SprintStoryRow, done)
            .where(SprintRow.team_id == team_id, SprintRow.state == SprintState.CLOSED.value)
            .group_by(SprintRow.id, SprintRow.start_date)
            .order_by(SprintRow.start_date, SprintRow.id)
        )
        return tuple(self.session.scalars(query))

    def create_sprint(
        self, team_id: TeamId, name: str, goal: str, start: dt.date, end: dt.date
    ) -> Sprint:
        """A new planned sprint."""
        row = SprintRow(
            team_id=team_id,
            name=name,
            goal=goal,
            start_date=start,
            end_date=end,
            state=SprintState.PLANNED.value,
        )
        self.session.add(row)
        self.session.flush()
        return sprint_of(row)

    def set_sprint_state(self, sprint_id: SprintId, state: SprintState, goal: str) -> None:
        """Move the sprint to ``state`` with its goal."""
        row = self.session.get_one(SprintRow, sprint_id)
        row.state, row.goal = state.value, goal

    def sprint(self, sprint_id: SprintId) -> Sprint | None:
        """One sprint, or None."""
        row = self.session.get(SprintRow, sprint_id)
        return None if row is None else sprint_of(row)

    def member(self, member_id: MemberId) -> Member | None:
        """One member (active or not), or None."""
        row = self.session.get(MemberRow, member_id)
        if row is None:
            return None
        members = TeamRepository(self.session).members(TeamId(row.team_id), include_inactive=True)
        return next(m for m in members if m.id == member_id)

    # --- availability ---------------------------------------------------------------------------
    def holidays(self, team_id: TeamId) -> tuple[Holiday, ...]:
        """The team's public holidays, by date."""
        query = select(TeamHolidayRow).where(TeamHolidayRow.team_id == team_id)
        rows = self.session.scalars(query.order_by(TeamHolidayRow.day, TeamHolidayRow.location))
        return tuple(Holiday(r.location, r.day, r.name) for r in rows)

    def add_holiday(self, team_id: TeamId, holiday: Holiday) -> None:
        """Enter a holiday (the same location and day again replaces its name)."""
        query = select(TeamHolidayRow).where(
            TeamHolidayRow.team_id == team_id,
            TeamHolidayRow.location == holiday.location,
            TeamHolidayRow.day == holiday.day,
        )
        row = self.session.scalars(query).first()
        if row is None:
            row = TeamHolidayRow(team_id=team_id, location=holiday.location, day=holiday.day)
            self.session.add(row)
        row.name = holiday.name

    def availability(self, sprint_id: SprintId) -> dict[MemberId, StoredAvailability]:
        """Members' stored allocations and days off in the sprint (others: 100 %, none off)."""
        allocations = {
            MemberId(r.member_id): r.allocation_pct
            for r in self.session.scalars(
                select(MemberAvailabilityRow).where(MemberAvailabilityRow.sprint_id == sprint_id)
            )
        }
        days: dict[MemberId, list[DayOff]] = {}
        query = select(MemberDayOffRow).where(MemberDayOffRow.sprint_id == sprint_id)
        for r in self.session.scalars(query.order_by(MemberDayOffRow.day)):
            days.setdefault(MemberId(r.member_id), []).append(DayOff(r.day, r.fraction))
        return {
            member: StoredAvailability(allocations.get(member, 100.0), tuple(days.get(member, ())))
            for member in {*allocations, *days}
        }

    def set_availability(
        self,
        sprint_id: SprintId,
        member_id: MemberId,
        allocation_pct: float,
        days_off: tuple[DayOff, ...],
    ) -> None:
        """Store a member's allocation and days off for the sprint, replacing what was there."""
        row = self.session.get(MemberAvailabilityRow, (sprint_id, member_id))
        if row is None:
            row = MemberAvailabilityRow(sprint_id=sprint_id, member_id=member_id)
            self.session.add(row)
        row.allocation_pct = allocation_pct
        self.session.execute(
            delete(MemberDayOffRow).where(
                MemberDayOffRow.sprint_id == sprint_id, MemberDayOffRow.member_id == member_id
            )
        )
        for day in days_off:
            self.session.add(
                MemberDayOffRow(
                    sprint_id=sprint_id, member_id=member_id, day=day.day, fraction=day.fraction
                )
            )

    # --- capacity -------------------------------------------------------------------------------
    def capacity_choice(self, sprint_id: SprintId) -> CapacityChoice | None:
        """The capacity the team set for the sprint, if it did."""
        row = self.session.get(CapacityChoiceRow, sprint_id)
        if row is None:
            return None
        proposal = CapacityProposal(row.proposed, row.explanation, row.sprints_used)
        return CapacityChoice(proposal, row.points, _signed(row.by_id, row.by_name, row.at))

    def save_capacity_choice(self, sprint_id: SprintId, choice: CapacityChoice) -> None:
        """Store the capacity choice (choosing again replaces it) and the sprint's numbers."""
        row = self.session.get(CapacityChoiceRow, sprint_id)
        if row is None:
            row = CapacityChoiceRow(sprint_id=sprint_id)
            self.session.add(row)
        row.proposed = choice.proposal.points
        row.explanation = choice.proposal.explanation
        row.sprints_used = choice.proposal.sprints_used
        row.points = choice.points
        row.by_id, row.by_name, row.at = (
            int(choice.chosen.member_id),
            choice.chosen.name,
            choice.chosen.at,
        )
        sprint = self.session.get_one(SprintRow, sprint_id)
        sprint.capacity_proposed, sprint.capacity_points = choice.proposal.points, choice.points

    # --- the planning of a run ------------------------------------------------------------------
    def sprint_of_run(self, run_id: RunId) -> SprintId | None:
        """The sprint a planning run plans, if it has planning state."""
        row = self.session.get(PlanningRow, run_id)
        return None if row is None else SprintId(row.sprint_id)

    def get(self, run_id: RunId) -> Planning | None:
        """The planning of ``run_id``, or None when the run has no planning state."""
        row = self.session.get(PlanningRow, run_id)
        if row is None:
            return None
        sprint = self.session.get_one(SprintRow, row.sprint_id)
        acts = list(
            self.session.scalars(
                select(PlanningActRow)
                .where(PlanningActRow.run_id == run_id)
                .order_by(PlanningActRow.id)
            )
        )
        full = None
        if row.full_by_id is not None and row.full_by_name is not None and row.full_at:
            full = _signed(row.full_by_id, row.full_by_name, row.full_at)
        forecast = Forecast(
            capacity=row.capacity,
            goal=row.goal,
            entries=tuple(_entry(a) for a in acts if a.kind == "entry"),
            skipped=tuple(
                Skip(StoryId(a.story_id or 0), a.key, a.text, _by(a))
                for a in acts
                if a.kind == "skip"
            ),
            removed=tuple(
                Removal(StoryId(a.story_id or 0), a.key, _by(a))
                for a in acts
                if a.kind == "removal"
            ),
            capacity_changes=tuple(
                CapacityChange(a.before or 0.0, a.points or 0.0, _by(a), a.text)
                for a in acts
                if a.kind == "capacity"
            ),
            full=full,
            acknowledgements=tuple(
                Acknowledgement(
                    StoryId(a.story_id or 0),
                    a.key,
                    MemberId(a.owner_id or 0),
                    a.owner_name,
                    a.text,
                    _by(a),
                )
                for a in acts
                if a.kind == "acknowledgement"
            ),
            frozen=row.frozen,
        )
        return Planning(
            sprint=sprint.name,
            team_id=TeamId(sprint.team_id),
            forecast=forecast,
            confirmations=tuple(
                Confirmation(Confirmer(a.text), Role(a.role), _by(a))
                for a in acts
                if a.kind == "confirmation"
            ),
            snapshots=SnapshotRepository(self.session).snapshots(run_id),
            reopenings=tuple(Reopening(_by(a), a.text) for a in acts if a.kind == "reopening"),
        )

    def create(self, run_id: RunId, sprint_id: SprintId, capacity: float) -> None:
        """Planning state for a new planning run of ``sprint_id``."""
        self.session.add(PlanningRow(run_id=run_id, sprint_id=sprint_id, capacity=capacity))
        self.session.flush()

    def save(self, run_id: RunId, planning: Planning) -> None:
        """Store ``planning`` whole; snapshots it holds beyond the stored ones are frozen now."""
        row = self.session.get_one(PlanningRow, run_id)
        forecast = planning.forecast
        row.capacity, row.goal, row.frozen = forecast.capacity, forecast.goal, forecast.frozen
        full = forecast.full
        row.full_by_id = None if full is None else int(full.member_id)
        row.full_by_name = None if full is None else full.name
        row.full_at = None if full is None else full.at
        self.session.execute(delete(PlanningActRow).where(PlanningActRow.run_id == run_id))
        for act in _acts(planning):
            act.run_id = run_id
            self.session.add(act)
        snapshots = SnapshotRepository(self.session)
        for snapshot in planning.snapshots[snapshots.count(run_id) :]:
            snapshots.freeze(run_id, row.sprint_id, snapshot)


def _by(act: PlanningActRow) -> Signed:
    return _signed(act.by_id, act.by_name, act.at)


def _entry(act: PlanningActRow) -> Entry:
    items = tuple(str(i) for i in json.loads(act.open_items))
    return Entry(StoryId(act.story_id or 0), act.key, act.title, act.points or 0.0, items, _by(act))


def _act(kind: str, by: Signed, **values: object) -> PlanningActRow:
    return PlanningActRow(kind=kind, by_id=int(by.member_id), by_name=by.name, at=by.at, **values)


def _acts(planning: Planning) -> list[PlanningActRow]:
    """Every act of ``planning`` as rows, each kind in its own order."""
    f = planning.forecast
    rows = [
        _act(
            "entry",
            e.pulled,
            story_id=e.story_id,
            key=e.key,
            title=e.title,
            points=e.points,
            open_items=json.dumps(list(e.open_items)),
        )
        for e in f.entries
    ]
    rows += [
        _act("skip", s.skipped, story_id=s.story_id, key=s.key, text=s.reason) for s in f.skipped
    ]
    rows += [_act("removal", r.removed, story_id=r.story_id, key=r.key) for r in f.removed]
    rows += [
        _act("capacity", c.changed, before=c.before, points=c.after, text=c.reason)
        for c in f.capacity_changes
    ]
    rows += [
        _act(
            "acknowledgement",
            a.acknowledged,
            story_id=a.story_id,
            key=a.key,
            owner_id=int(a.owner_id),
            owner_name=a.owner,
            text=a.mitigation,
        )
        for a in f.acknowledgements
    ]
    rows += [
        _act("confirmation", c.signed, text=c.confirmer.value, role=c.role.value)
        for c in planning.confirmations
    ]
    rows += [_act("reopening", r.signed, text=r.reason) for r in planning.reopenings]
    return rows


def open_items_in(session: Session, story_ids: list[int]) -> dict[int, tuple[str, ...]]:
    """Each story's open dependencies and risks in words (see ``forecast.open_items_of``)."""
    deps: dict[int, list[str]] = {}
    query = (
        select(DependencyRow.story_id, StoryRow.key, DependencyRow.external_party)
        .outerjoin(StoryRow, StoryRow.id == DependencyRow.depends_on_story_id)
        .where(DependencyRow.story_id.in_(story_ids), DependencyRow.resolved_at.is_(None))
        .order_by(DependencyRow.id)
    )
    for story_id, key, party in session.execute(query):
        deps.setdefault(story_id, []).append(key or party)
    risks: dict[int, list[str]] = {}
    for story_id, risk in session.execute(
        select(RiskRow.story_id, RiskRow.text)
        .where(RiskRow.story_id.in_(story_ids))
        .order_by(RiskRow.id)
    ):
        risks.setdefault(story_id, []).append(risk)
    return {s: open_items_of(deps.get(s, ()), risks.get(s, ())) for s in story_ids}
