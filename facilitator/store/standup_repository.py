"""Queries and writes of the standup and the decision log; every read returns domain values.

Daily updates, blockers, decisions, a team's decision authority and its tools per side, and the
members' working weeks (no row: Monday to Friday). The caller's session commits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from typing import Any

from sqlalchemy import Row, delete, select, text
from sqlalchemy.orm import Session

from facilitator.domain.blockers import Blocker, StoryRef
from facilitator.domain.decisions import Decision, DecisionAuthority, DecisionKind
from facilitator.domain.ids import MemberId, RunId, StoryId, TeamId
from facilitator.domain.model import Side
from facilitator.domain.standup import MON_FRI, DailyUpdate
from facilitator.domain.tooling import ToolArea, ToolChoice
from facilitator.store.models import (
    BlockerRow,
    DailyUpdateRow,
    DecisionAuthorityRow,
    DecisionRow,
    MemberRow,
    MemberWeekRow,
    StoryRow,
    TeamToolRow,
)
from facilitator.store.plain_sql import utc, utc_or_none


def days_mask(weekdays: AbstractSet[int]) -> int:
    """The stored bit mask of ``weekdays`` (Monday = bit 0)."""
    return sum(1 << (d % 7) for d in set(weekdays))


def mask_days(mask: int) -> frozenset[int]:
    """The weekdays of a stored bit mask."""
    return frozenset(d for d in range(7) if mask & (1 << d))


def _update(row: DailyUpdateRow) -> DailyUpdate:
    return DailyUpdate(
        MemberId(row.member_id), row.day, row.done, row.next, row.blockers, row.written_at
    )


def _blocker(row: BlockerRow) -> Blocker:
    return Blocker(
        id=row.id,
        team_id=TeamId(row.team_id),
        raised_by=MemberId(row.raised_by_id),
        raised_at=row.raised_at,
        description=row.description,
        story_id=None if row.story_id is None else StoryId(row.story_id),
        owner=None if row.owner_id is None else MemberId(row.owner_id),
        resolved_at=row.resolved_at,
        resolution=row.resolution,
    )


def _kind(value: str) -> DecisionKind:
    try:
        return DecisionKind(value)
    except ValueError:
        return DecisionKind.OTHER


def _decision(row: DecisionRow | Row[Any]) -> Decision:
    return Decision(
        id=row.id,
        team_id=TeamId(row.team_id),
        question=row.question,
        raised_by=MemberId(row.raised_by_id),
        raised_at=row.raised_at,
        decision_maker=MemberId(row.decision_maker_id),
        kind=_kind(row.kind),
        decided_at=row.decided_at,
        decision=row.decision,
        acted_on_at=row.acted_on_at,
        run_id=None if row.run_id is None else RunId(row.run_id),
        story_id=None if row.story_id is None else StoryId(row.story_id),
    )


# The columns :func:`decisions_of` reads, in its order.
_DECISION_ROWS = text(
    "SELECT id, team_id, question, kind, raised_by_id, raised_at, decision_maker_id,"
    " decided_at, decision, acted_on_at, run_id, story_id"
    " FROM decision WHERE team_id = :team ORDER BY raised_at, id"
)


def decisions_of(rows: Sequence[Sequence[Any]]) -> list[Decision]:
    """The decisions of :meth:`StandupRepository.decision_rows`'s stored values."""
    return [
        Decision(
            id=row[0],
            team_id=TeamId(row[1]),
            question=row[2],
            raised_by=MemberId(row[4]),
            raised_at=utc(row[5]),
            decision_maker=MemberId(row[6]),
            kind=_kind(row[3]),
            decided_at=utc_or_none(row[7]),
            decision=row[8],
            acted_on_at=utc_or_none(row[9]),
            run_id=None if row[10] is None else RunId(row[10]),
            story_id=None if row[11] is None else StoryId(row[11]),
        )
        for row in rows
    ]


def _member_id(value: int | None) -> MemberId | None:
    return None if value is None else MemberId(value)


class StandupRepository:
    """The standup's and the decision log's rows of teams (the caller's session commits)."""

    def __init__(self, session: Session) -> None:
        """Work inside ``session``."""
        self.session = session

    # --- working weeks -------------------------------------------------------------------
    def weeks(self, team_id: TeamId) -> dict[MemberId, frozenset[int]]:
        """Member id → working weekdays, for the team's members whose week is recorded."""
        rows = self.session.execute(
            select(MemberWeekRow.member_id, MemberWeekRow.days)
            .join(MemberRow, MemberRow.id == MemberWeekRow.member_id)
            .where(MemberRow.team_id == team_id)
        ).all()
        return {MemberId(member): mask_days(days) for member, days in rows}

    def week(self, member_id: MemberId) -> frozenset[int]:
        """The member's working weekdays (Monday to Friday unless recorded)."""
        row = self.session.get(MemberWeekRow, member_id)
        return MON_FRI if row is None else mask_days(row.days)

    def set_week(self, member_id: MemberId, weekdays: AbstractSet[int]) -> None:
        """Record the member's working weekdays (Monday to Friday removes the row)."""
        row = self.session.get(MemberWeekRow, member_id)
        if frozenset(weekdays) == MON_FRI:
            if row is not None:
                self.session.delete(row)
            return
        if row is None:
            self.session.add(MemberWeekRow(member_id=member_id, days=days_mask(weekdays)))
        else:
            row.days = days_mask(weekdays)

    # --- daily updates -------------------------------------------------------------------
    def updates(self, team_id: TeamId, since: dt.date | None = None) -> list[DailyUpdate]:
        """The team's updates (from ``since`` on, when given), oldest day first."""
        query = select(DailyUpdateRow).where(DailyUpdateRow.team_id == team_id)
        if since is not None:
            query = query.where(DailyUpdateRow.day >= since)
        rows = self.session.scalars(
            query.order_by(DailyUpdateRow.day, DailyUpdateRow.member_id)
        ).all()
        return [_update(r) for r in rows]

    def update(self, member_id: MemberId, day: dt.date) -> DailyUpdate | None:
        """The member's update for ``day``, if written."""
        row = self._update_row(member_id, day)
        return None if row is None else _update(row)

    def _update_row(self, member_id: MemberId, day: dt.date) -> DailyUpdateRow | None:
        return self.session.scalars(
            select(DailyUpdateRow).where(
                DailyUpdateRow.member_id == member_id, DailyUpdateRow.day == day
            )
        ).first()

    def save_update(self, team_id: TeamId, update: DailyUpdate) -> None:
        """Write the update, replacing the member's earlier one for the same day."""
        row = self._update_row(update.member_id, update.day)
        if row is None:
            row = DailyUpdateRow(team_id=team_id, member_id=update.member_id, day=update.day)
            self.session.add(row)
        row.done, row.next, row.blockers = update.done, update.next, update.blockers
        row.written_at = update.written_at

    def remove_update(self, member_id: MemberId, day: dt.date) -> None:
        """Delete the member's update for ``day`` (the undo of a first update)."""
        self.session.execute(
            delete(DailyUpdateRow).where(
                DailyUpdateRow.member_id == member_id, DailyUpdateRow.day == day
            )
        )

    # --- stories -------------------------------------------------------------------------
    def story_ref(self, story_id: StoryId) -> StoryRef | None:
        """Enough of a story to link it, or None when it does not exist."""
        row = self.session.execute(
            select(StoryRow.team_id, StoryRow.key).where(StoryRow.id == story_id)
        ).first()
        return None if row is None else StoryRef(story_id, TeamId(row.team_id), row.key)

    def story_keys(self, story_ids: Sequence[StoryId]) -> dict[StoryId, str]:
        """Story id → key, for the stories named."""
        if not story_ids:
            return {}
        rows = self.session.execute(
            select(StoryRow.id, StoryRow.key).where(StoryRow.id.in_(set(story_ids)))
        ).all()
        return {StoryId(i): key for i, key in rows}

    def open_stories(self, team_id: TeamId, limit: int = 60) -> list[tuple[StoryId, str]]:
        """(id, key) of the team's stories not done, by rank: what a blocker can link."""
        rows = self.session.execute(
            select(StoryRow.id, StoryRow.key)
            .where(StoryRow.team_id == team_id, StoryRow.status != "done")
            .order_by(StoryRow.rank)
            .limit(limit)
        ).all()
        return [(StoryId(i), key) for i, key in rows]

    # --- blockers ------------------------------------------------------------------------
    def blockers(self, team_id: TeamId, *, open_only: bool = False) -> list[Blocker]:
        """The team's blockers (only the open ones when asked), oldest raised first."""
        query = select(BlockerRow).where(BlockerRow.team_id == team_id)
        if open_only:
            query = query.where(BlockerRow.resolved_at.is_(None))
        rows = self.session.scalars(query.order_by(BlockerRow.raised_at, BlockerRow.id)).all()
        return [_blocker(r) for r in rows]

    def blockers_of(self, blocker_ids: Sequence[int]) -> dict[int, Blocker]:
        """Blocker id → blocker, for the blockers named that exist."""
        if not blocker_ids:
            return {}
        rows = self.session.scalars(select(BlockerRow).where(BlockerRow.id.in_(set(blocker_ids))))
        return {row.id: _blocker(row) for row in rows}

    def blocker(self, blocker_id: int) -> Blocker | None:
        """One blocker, or None when it does not exist."""
        row = self.session.get(BlockerRow, blocker_id)
        return None if row is None else _blocker(row)

    def add_blocker(self, blocker: Blocker) -> Blocker:
        """Save a new blocker; returns it with its id."""
        row = BlockerRow(
            team_id=blocker.team_id,
            raised_by_id=blocker.raised_by,
            raised_at=blocker.raised_at,
            story_id=blocker.story_id,
            description=blocker.description,
            owner_id=blocker.owner,
            resolved_at=blocker.resolved_at,
            resolution=blocker.resolution,
        )
        self.session.add(row)
        self.session.flush()
        return _blocker(row)

    def save_blocker(self, blocker: Blocker) -> None:
        """Write a stored blocker's owner, story and resolution."""
        row = self.session.get(BlockerRow, blocker.id)
        if row is None:
            return
        row.owner_id, row.story_id = blocker.owner, blocker.story_id
        row.resolved_at, row.resolution = blocker.resolved_at, blocker.resolution

    def remove_blocker(self, blocker_id: int) -> None:
        """Delete a blocker (the undo of raising it)."""
        self.session.execute(delete(BlockerRow).where(BlockerRow.id == blocker_id))

    # --- decisions -----------------------------------------------------------------------
    def decisions(self, team_id: TeamId) -> list[Decision]:
        """The team's decision log, oldest raised first."""
        return decisions_of(self.decision_rows(team_id))

    def decision_rows(self, team_id: TeamId) -> tuple[tuple[Any, ...], ...]:
        """The team's decision log as its stored values, oldest raised first (one plain tuple
        per decision: :func:`decisions_of` makes the decisions).

        Built as neither ORM objects nor decisions: a revisit compares them with the rows it
        read before and builds nothing when they are the same (making 400 decisions, their
        moments converted, was half of the Decisions screen's read).
        """
        rows = self.session.execute(_DECISION_ROWS, {"team": int(team_id)})
        return tuple(tuple(row) for row in rows)

    def acted_on_spans(self, team_id: TeamId) -> list[tuple[dt.datetime, dt.datetime]]:
        """``(raised_at, acted_on_at)`` of the team's decisions acted on: what the decision
        cycle check needs, without building every decision of the log."""
        query = select(DecisionRow.raised_at, DecisionRow.acted_on_at).where(
            DecisionRow.team_id == team_id, DecisionRow.acted_on_at.is_not(None)
        )
        rows = self.session.execute(query)
        return [(raised, acted) for raised, acted in rows if acted is not None]

    def decision(self, decision_id: int) -> Decision | None:
        """One decision, or None when it does not exist."""
        row = self.session.get(DecisionRow, decision_id)
        return None if row is None else _decision(row)

    def add_decision(self, decision: Decision) -> Decision:
        """Save a new question; returns it with its id."""
        row = DecisionRow(
            team_id=decision.team_id,
            question=decision.question,
            kind=decision.kind.value,
            raised_by_id=decision.raised_by,
            raised_at=decision.raised_at,
            decision_maker_id=decision.decision_maker,
            decided_at=decision.decided_at,
            decision=decision.decision,
            acted_on_at=decision.acted_on_at,
            run_id=decision.run_id,
            story_id=decision.story_id,
        )
        self.session.add(row)
        self.session.flush()
        return _decision(row)

    def save_decision(self, decision: Decision) -> None:
        """Write a stored decision's outcome (decided, decision, acted on)."""
        row = self.session.get(DecisionRow, decision.id)
        if row is None:
            return
        row.decided_at, row.decision = decision.decided_at, decision.decision
        row.acted_on_at = decision.acted_on_at

    def remove_decision(self, decision_id: int) -> None:
        """Delete a decision (the undo of raising it)."""
        self.session.execute(delete(DecisionRow).where(DecisionRow.id == decision_id))

    # --- decision authority and tools ----------------------------------------------------
    def authority(self, team_id: TeamId) -> DecisionAuthority | None:
        """Who decides what in the team, or None when never recorded."""
        row = self.session.get(DecisionAuthorityRow, team_id)
        if row is None:
            return None
        return DecisionAuthority(
            _member_id(row.technical_id),
            _member_id(row.priorities_id),
            _member_id(row.escalation_id),
            row.path,
        )

    def set_authority(self, team_id: TeamId, authority: DecisionAuthority) -> None:
        """Record who decides what in the team."""
        row = self.session.get(DecisionAuthorityRow, team_id)
        if row is None:
            row = DecisionAuthorityRow(team_id=team_id)
            self.session.add(row)
        row.technical_id, row.priorities_id = authority.technical, authority.priorities
        row.escalation_id, row.path = authority.escalation, authority.path

    def tools(self, team_id: TeamId) -> list[ToolChoice]:
        """The tools each side of the team uses, area by area."""
        rows = self.session.scalars(
            select(TeamToolRow)
            .where(TeamToolRow.team_id == team_id)
            .order_by(TeamToolRow.area, TeamToolRow.side)
        ).all()
        out: list[ToolChoice] = []
        for row in rows:
            try:
                out.append(ToolChoice(ToolArea(row.area), Side(row.side), row.tool))
            except ValueError:  # a value a newer version wrote: left out of the checks
                continue
        return out

    def set_tool(self, team_id: TeamId, area: ToolArea, side: Side, tool: str) -> None:
        """Record the tool ``side`` uses for ``area`` ("" forgets it)."""
        row = self.session.get(TeamToolRow, (team_id, area.value, side.value))
        if not tool:
            if row is not None:
                self.session.delete(row)
            return
        if row is None:
            self.session.add(
                TeamToolRow(team_id=team_id, area=area.value, side=side.value, tool=tool)
            )
        else:
            row.tool = tool
