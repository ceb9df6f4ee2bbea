"""Repository of frozen planning snapshots: only ever inserted and read.

The database refuses any UPDATE or DELETE of a snapshot's rows (migration 0010's triggers).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from facilitator.domain.ids import MemberId, RunId, SprintId, StoryId
from facilitator.domain.model import Role
from facilitator.domain.planning import CommittedStory, Confirmation, Confirmer, Snapshot
from facilitator.domain.signed import Signed
from facilitator.store.models import (
    PlanningSnapshotRow,
    SnapshotConfirmationRow,
    SnapshotStoryRow,
)


def _signed(by_id: int, name: str, at: dt.datetime) -> Signed:
    return Signed(MemberId(by_id), name, at)


class SnapshotRepository:
    """Frozen snapshots of planning runs."""

    def __init__(self, session: Session) -> None:
        """Work inside ``session`` (the caller commits)."""
        self.session = session

    def count(self, run_id: RunId) -> int:
        """How many snapshots the run froze."""
        query = select(func.count()).where(PlanningSnapshotRow.run_id == run_id)
        return int(self.session.scalar(query) or 0)

    def freeze(self, run_id: RunId, sprint_id: int, snapshot: Snapshot) -> None:
        """Insert ``snapshot`` of the run (never changed afterwards)."""
        row = PlanningSnapshotRow(
            run_id=run_id,
            sprint_id=sprint_id,
            sprint_name=snapshot.sprint,
            capacity=snapshot.capacity,
            goal=snapshot.goal,
            by_id=int(snapshot.frozen.member_id),
            by_name=snapshot.frozen.name,
            at=snapshot.frozen.at,
        )
        self.session.add(row)
        self.session.flush()
        for position, story in enumerate(snapshot.stories):
            self.session.add(
                SnapshotStoryRow(
                    snapshot_id=row.id,
                    position=position,
                    story_id=int(story.story_id),
                    key=story.key,
                    title=story.title,
                    points=story.points,
                )
            )
        for position, confirmation in enumerate(snapshot.confirmations):
            self.session.add(
                SnapshotConfirmationRow(
                    snapshot_id=row.id,
                    position=position,
                    confirmer=confirmation.confirmer.value,
                    role=confirmation.role.value,
                    by_id=int(confirmation.signed.member_id),
                    by_name=confirmation.signed.name,
                    at=confirmation.signed.at,
                )
            )
        self.session.flush()

    def snapshots(self, run_id: RunId) -> tuple[Snapshot, ...]:
        """The run's frozen snapshots, first one first."""
        query = select(PlanningSnapshotRow).where(PlanningSnapshotRow.run_id == run_id)
        return tuple(
            self._snapshot(r) for r in self.session.scalars(query.order_by(PlanningSnapshotRow.id))
        )

    def first_snapshot(self, sprint_id: SprintId) -> Snapshot | None:
        """The sprint's first frozen snapshot (the forecast History compares with), if any."""
        query = select(PlanningSnapshotRow).where(PlanningSnapshotRow.sprint_id == sprint_id)
        row = self.session.scalars(query.order_by(PlanningSnapshotRow.id).limit(1)).first()
        return None if row is None else self._snapshot(row)

    def _snapshot(self, row: PlanningSnapshotRow) -> Snapshot:
        stories = self.session.scalars(
            select(SnapshotStoryRow)
            .where(SnapshotStoryRow.snapshot_id == row.id)
            .order_by(SnapshotStoryRow.position)
        )
        confirmations = self.session.scalars(
            select(SnapshotConfirmationRow)
            .where(SnapshotConfirmationRow.snapshot_id == row.id)
            .order_by(SnapshotConfirmationRow.position)
        )
        return Snapshot(
            row.sprint_name,
            tuple(CommittedStory(StoryId(s.story_id), s.key, s.title, s.points) for s in stories),
            row.capacity,
            row.goal,
            tuple(
                Confirmation(
                    Confirmer(c.confirmer), Role(c.role), _signed(c.by_id, c.by_name, c.at)
                )
                for c in confirmations
            ),
            _signed(row.by_id, row.by_name, row.at),
        )
