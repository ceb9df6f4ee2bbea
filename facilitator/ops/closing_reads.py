"""Which ceremony that closes a sprint is due: its review, then its retrospective.

Home says so in "Needs attention" and the navigation puts a badge on Review or Retro. Both are
read, with the team's current sprint, in one statement inside the caller's transaction (Home's
summary, the badge recount).

- The review is due once the sprint to review (the team's active sprint that started first:
  a sprint stays active until its review closes it) ends today or has ended.
- The retrospective is due once the sprint a retro would look back on now (the latest one that
  has started) is closed by its review and no retro of it has closed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from facilitator.domain.dates import day_month
from facilitator.domain.ids import TeamId
from facilitator.domain.model import Sprint, SprintState
from facilitator.store.models import SprintRow
from facilitator.store.repositories import sprint_of
from facilitator.store.retro_models import RetroRow


@dataclass(frozen=True, slots=True)
class ClosingDue:
    """The sprint whose review is due and the one whose retrospective is due (None: not),
    with the team's current sprint (the active one, else the next planned one)."""

    current: Sprint | None = None
    review: Sprint | None = None
    retro: Sprint | None = None


def closing_due_in(session: Session, team_id: TeamId, today: dt.date) -> ClosingDue:
    """What is due for ``team_id`` on ``today``, in one statement (see the module text)."""
    query = (
        select(SprintRow, RetroRow.closed_at)
        .outerjoin(RetroRow, RetroRow.sprint_id == SprintRow.id)
        .where(SprintRow.team_id == team_id)
    )
    every = [(sprint_of(row), closed_at) for row, closed_at in session.execute(query)]
    active = [s for s, _ in every if s.state is SprintState.ACTIVE]
    planned = [s for s, _ in every if s.state is SprintState.PLANNED]
    current = max(active, key=_started, default=None) or min(planned, key=_started, default=None)
    first_active = min(active, key=_started, default=None)
    review = first_active if first_active is not None and first_active.end <= today else None
    started = [
        (s, closed_at)
        for s, closed_at in every
        if s.state is not SprintState.PLANNED and s.start <= today
    ]
    latest = max(started, key=lambda pair: (pair[0].end, pair[0].id), default=None)
    retro = None
    if latest is not None and latest[0].state is SprintState.CLOSED and latest[1] is None:
        retro = latest[0]
    return ClosingDue(current, review, retro)


def _started(sprint: Sprint) -> tuple[dt.date, int]:
    return sprint.start, sprint.id


def review_due_words(sprint: Sprint | None, today: dt.date) -> str:
    """``Sprint 13 ended on 4 Dec: its review has not closed — open Review`` (``ends
    today, 4 Dec`` on its last day), or an empty text when no review is due."""
    if sprint is None:
        return ""
    when = "ends today," if sprint.end == today else "ended on"
    return f"{sprint.name} {when} {day_month(sprint.end)}: its review has not closed — open Review"


def retro_due_words(sprint: Sprint | None) -> str:
    """``Sprint 13's review has closed: its retrospective is due — open Retro``, or ""."""
    if sprint is None:
        return ""
    return f"{sprint.name}'s review has closed: its retrospective is due — open Retro"
