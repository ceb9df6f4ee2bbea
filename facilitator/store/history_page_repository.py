"""The reads of one sprint's read-only page in History, and the text History's search matches."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from facilitator.domain.history import BlockerLine, DecisionLine, ForecastLine, StoryLine
from facilitator.domain.ids import SprintId, TeamId
from facilitator.store.models import (
    BlockerRow,
    DecisionRow,
    PlanningSnapshotRow,
    SnapshotStoryRow,
    SprintRow,
    SprintStoryRow,
    StoryRow,
)


def search_texts(session: Session, team_id: TeamId) -> dict[int, str]:
    """Per sprint: its stories' keys and titles, casefolded, for History's search."""
    query = (
        select(SprintStoryRow.sprint_id, StoryRow.key, StoryRow.title)
        .join(StoryRow, StoryRow.id == SprintStoryRow.story_id)
        .join(SprintRow, SprintRow.id == SprintStoryRow.sprint_id)
        .where(SprintRow.team_id == team_id)
    )
    parts: dict[int, list[str]] = defaultdict(list)
    for sid, key, title in session.execute(query):
        parts[int(sid)].append(f"{key} {title}")
    return {sid: "\n".join(texts).casefold() for sid, texts in parts.items()}


def story_lines(session: Session, sprint_id: SprintId) -> tuple[StoryLine, ...]:
    """The sprint's stories: forecast ones first, then the added ones, by key."""
    query = (
        select(
            StoryRow.key,
            StoryRow.title,
            SprintStoryRow.points,
            SprintStoryRow.added_mid_sprint,
            SprintStoryRow.done,
            SprintStoryRow.not_done_reason,
        )
        .join(StoryRow, StoryRow.id == SprintStoryRow.story_id)
        .where(SprintStoryRow.sprint_id == sprint_id)
        .order_by(SprintStoryRow.added_mid_sprint, StoryRow.id)
    )
    return tuple(
        StoryLine(key, title, float(points), bool(added), done, reason or "")
        for key, title, points, added, done, reason in session.execute(query)
    )


def forecast_lines(session: Session, sprint_id: SprintId) -> tuple[ForecastLine, ...]:
    """The stories of the sprint's first frozen snapshot, as committed."""
    first = (
        select(func.min(PlanningSnapshotRow.id))
        .where(PlanningSnapshotRow.sprint_id == sprint_id)
        .scalar_subquery()
    )
    query = (
        select(SnapshotStoryRow.key, SnapshotStoryRow.title, SnapshotStoryRow.points)
        .where(SnapshotStoryRow.snapshot_id == first)
        .order_by(SnapshotStoryRow.position)
    )
    return tuple(ForecastLine(k, t, float(p)) for k, t, p in session.execute(query))


def blocker_lines(
    session: Session, team_id: TeamId, start: dt.datetime, end: dt.datetime | None
) -> tuple[BlockerLine, ...]:
    """The team's blockers raised from ``start`` up to ``end``, oldest first."""
    query = select(BlockerRow).where(BlockerRow.team_id == team_id, BlockerRow.raised_at >= start)
    if end is not None:
        query = query.where(BlockerRow.raised_at < end)
    return tuple(
        BlockerLine(b.description, b.raised_at, b.resolved_at, b.resolution)
        for b in session.scalars(query.order_by(BlockerRow.raised_at, BlockerRow.id))
    )


def decision_lines(
    session: Session, team_id: TeamId, start: dt.datetime, end: dt.datetime | None
) -> tuple[DecisionLine, ...]:
    """The team's decisions raised from ``start`` up to ``end``, oldest first."""
    query = select(DecisionRow).where(
        DecisionRow.team_id == team_id, DecisionRow.raised_at >= start
    )
    if end is not None:
        query = query.where(DecisionRow.raised_at < end)
    return tuple(
        DecisionLine(d.question, d.decision, d.raised_at, d.acted_on_at)
        for d in session.scalars(query.order_by(DecisionRow.raised_at, DecisionRow.id))
    )
