"""One story as the editor shows it, in six plain statements of one read-only transaction.

The story editor reads its story on every pick and on a screen's first visit: the story row
(with who committed its estimate, its open blockers and the team's SLA), then its criteria,
assumptions, dependencies, risks and the team's own DoR items, each with what readiness needs
to know (written by a Product Owner, reviewed, open, checked), so nothing is counted again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from facilitator.domain.ids import StoryId, TeamId
from facilitator.domain.model import Role
from facilitator.domain.story_block import StoryBlock
from facilitator.store.plain_sql import plain_runner, utc, utc_or_none

_STORY_SQL = (
    "SELECT s.team_id, s.key, s.title, s.description, s.type, s.status, s.estimate, "
    "m.name, s.estimate_committed_at, s.version, t.blocker_sla_hours, "
    "(SELECT min(b.raised_at) FROM blocker b WHERE b.story_id = s.id AND b.resolved_at IS NULL), "
    "(SELECT count(*) FROM blocker b WHERE b.story_id = s.id AND b.resolved_at IS NULL) "
    "FROM story s JOIN team t ON t.id = s.team_id "
    "LEFT JOIN member m ON m.id = s.estimate_committed_by_id WHERE s.id = :story"
)
_CRITERIA_SQL = (
    "SELECT c.id, c.text, c.author, c.author IN "
    "(SELECT name FROM member WHERE team_id = :team AND role = :po) "
    "FROM acceptance_criterion c WHERE c.story_id = :story ORDER BY c.position, c.id"
)
_ASSUMPTIONS_SQL = (
    "SELECT a.id, a.text, m.name, a.reviewed_at, a.reviewed_by_id IS NOT NULL "
    "FROM assumption a LEFT JOIN member m ON m.id = a.reviewed_by_id "
    "WHERE a.story_id = :story ORDER BY a.id"
)
_DEPENDENCIES_SQL = (
    "SELECT d.id, o.key, d.external_party, d.description, d.called_out, d.resolved_at "
    "FROM dependency d LEFT JOIN story o ON o.id = d.depends_on_story_id "
    "WHERE d.story_id = :story ORDER BY d.id"
)
_RISKS_SQL = (
    "SELECT id, text, severity, mitigation, owner FROM risk WHERE story_id = :story ORDER BY id"
)
_CHECKS_SQL = (
    "SELECT i.id, i.text, EXISTS (SELECT 1 FROM story_dor_check c "
    "WHERE c.story_id = :story AND c.item_id = i.id) "
    "FROM team_dor_item i WHERE i.team_id = :team ORDER BY i.position, i.id"
)


@dataclass(frozen=True, slots=True)
class StoryRecord:
    """The story's own columns, who committed its estimate, and its open blockers."""

    team_id: TeamId
    key: str
    title: str
    description: str
    type: str
    status: str
    estimate: float | None
    committed_by: str | None
    committed_at: dt.datetime | None
    version: int
    block: StoryBlock | None
    sla_hours: int


@dataclass(frozen=True, slots=True)
class StoryParts:
    """What hangs off one story, row by row, in display order.

    Attributes:
        criteria: ``(id, text, author, by_po)``: ``by_po`` when a Product Owner of the team
            wrote it.
        assumptions: ``(id, text, reviewer name, reviewed_at, reviewed)``.
        dependencies: ``(id, story key or None, external party, description, called_out,
            resolved_at)``.
        risks: ``(id, text, severity, mitigation, owner)``.
        checks: the team's own DoR items as ``(item id, text, checked for this story)``.
    """

    criteria: list[tuple[int, str, str, bool]]
    assumptions: list[tuple[int, str, str | None, dt.datetime | None, bool]]
    dependencies: list[tuple[int, str | None, str, str, bool, dt.datetime | None]]
    risks: list[tuple[int, str, str, str, str]]
    checks: list[tuple[int, str, bool]]


class StoryDetailRepository:
    """Reads one story in full inside the caller's (read-only) transaction."""

    def __init__(self, session: Session) -> None:
        """Work inside ``session``."""
        self.run = plain_runner(session)

    def story(self, story_id: StoryId) -> StoryRecord | None:
        """The story row with its committer, open blockers and team SLA; None when gone."""
        rows = self.run(_STORY_SQL, {"story": int(story_id)})
        if not rows:
            return None
        team, key, title, description, kind, status, estimate, by, at, version, sla, oldest, n = (
            rows[0]
        )
        return StoryRecord(
            team_id=TeamId(team),
            key=key,
            title=title,
            description=description,
            type=kind,
            status=status,
            estimate=estimate,
            committed_by=by,
            committed_at=utc_or_none(at),
            version=version,
            block=StoryBlock(utc(oldest), n) if n else None,
            sla_hours=sla,
        )

    def parts(self, story_id: StoryId, team_id: TeamId) -> StoryParts:
        """The story's criteria, assumptions, dependencies, risks and team DoR checks."""
        params: dict[str, Any] = {
            "story": int(story_id),
            "team": int(team_id),
            "po": Role.PRODUCT_OWNER.value,
        }
        run = self.run
        return StoryParts(
            criteria=[(i, t, a, bool(po)) for i, t, a, po in run(_CRITERIA_SQL, params)],
            assumptions=[
                (i, t, name, utc_or_none(at), bool(reviewed))
                for i, t, name, at, reviewed in run(_ASSUMPTIONS_SQL, params)
            ],
            dependencies=[
                (i, key, party, description, bool(called), utc_or_none(resolved))
                for i, key, party, description, called, resolved in run(_DEPENDENCIES_SQL, params)
            ],
            risks=[(i, t, s, m, o) for i, t, s, m, o in run(_RISKS_SQL, params)],
            checks=[(i, t, bool(checked)) for i, t, checked in run(_CHECKS_SQL, params)],
        )
