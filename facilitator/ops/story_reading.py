"""Reading one story in full (for the editor and refinement) and the readiness of a few stories."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from facilitator.domain.blockers import DEFAULT_SLA_HOURS
from facilitator.domain.ids import MemberId, StoryId, TeamId
from facilitator.domain.model import Member, Role
from facilitator.domain.readiness import Readiness, ReadinessFacts, check_readiness
from facilitator.domain.story_block import StoryBlock
from facilitator.errors import InputError
from facilitator.store.db import Store
from facilitator.store.models import (
    AssumptionRow,
    CriterionRow,
    DependencyRow,
    MemberRow,
    StoryDorCheckRow,
    StoryRow,
    TeamDorItemRow,
)
from facilitator.store.repositories import TeamRepository
from facilitator.store.story_detail_repository import (
    StoryDetailRepository,
    StoryParts,
    StoryRecord,
)


@dataclass(frozen=True)
class CriterionView:
    """An acceptance criterion and who wrote it."""

    id: int
    text: str
    author: str


@dataclass(frozen=True)
class AssumptionView:
    """A technical assumption and, once reviewed, who reviewed it and when."""

    id: int
    text: str
    reviewed_by: str | None
    reviewed_at: dt.datetime | None


@dataclass(frozen=True)
class DependencyView:
    """A dependency on another story or an external party."""

    id: int
    target: str
    external: bool
    description: str
    called_out: bool
    resolved_at: dt.datetime | None

    @property
    def state(self) -> str:
        """``resolved``, ``called out`` or ``open``, in words."""
        if self.resolved_at is not None:
            return "✓ resolved"
        return "! called out" if self.called_out else "✗ open"


@dataclass(frozen=True)
class RiskView:
    """A risk with severity, mitigation and owner."""

    id: int
    text: str
    severity: str
    mitigation: str
    owner: str


@dataclass(frozen=True)
class CheckView:
    """One of the team's own DoR items and whether it is checked for this story."""

    item_id: int
    text: str
    checked: bool


@dataclass(frozen=True)
class StoryDetail:
    """Everything the story editor shows."""

    id: StoryId
    team_id: TeamId
    key: str
    title: str
    description: str
    type: str
    status: str
    estimate: float | None
    committed_by: str | None
    committed_at: dt.datetime | None
    criteria: list[CriterionView]
    assumptions: list[AssumptionView]
    dependencies: list[DependencyView]
    risks: list[RiskView]
    checks: list[CheckView]
    readiness: Readiness
    version: int = 1
    block: StoryBlock | None = None  # its open blockers, aged at the clock's now when shown
    blocker_sla_hours: int = DEFAULT_SLA_HOURS


def team_members(store: Store, team_id: TeamId) -> list[Member]:
    """Active members of the team, by name."""
    with store.read_session() as session:
        return TeamRepository(session).members(team_id)


def load_story(store: Store, story_id: StoryId) -> StoryDetail:
    """Read one story with criteria, assumptions, dependencies, risks, checks and readiness.

    Raises:
        InputError: no such story.
    """
    return open_story(store, story_id, None)[0]


def open_story(
    store: Store, story_id: StoryId, members_unless: TeamId | None
) -> tuple[StoryDetail, list[Member] | None]:
    """:func:`load_story` and its team's active members (by name), in one read-only
    transaction; the members are not read (None) when the story is ``members_unless``'s (the
    editor already shows that team's).

    Raises:
        InputError: no such story.
    """
    with store.read_session() as session:
        reader = StoryDetailRepository(session)
        record = reader.story(story_id)
        if record is None:
            raise InputError(f"No story with id {story_id}")
        parts = reader.parts(story_id, record.team_id)
        members = (
            None
            if record.team_id == members_unless
            else TeamRepository(session).members(record.team_id)
        )
    return _detail(story_id, record, parts), members


def _detail(story_id: StoryId, record: StoryRecord, parts: StoryParts) -> StoryDetail:
    """The editor's view of a story read by :class:`StoryDetailRepository`, with its verdict
    worked out from the rows read (nothing is counted twice)."""
    facts = ReadinessFacts(
        criteria=len(parts.criteria),
        criteria_by_po=sum(by_po for *_, by_po in parts.criteria),
        assumptions=len(parts.assumptions),
        assumptions_reviewed=sum(reviewed for *_, reviewed in parts.assumptions),
        estimate=record.estimate,
        estimate_committed=record.committed_at is not None,
        dependencies_open=sum(
            not called and resolved is None for *_, called, resolved in parts.dependencies
        ),
        team_items_unchecked=tuple(text for _, text, checked in parts.checks if not checked),
    )
    return StoryDetail(
        id=story_id,
        team_id=record.team_id,
        key=record.key,
        title=record.title,
        description=record.description,
        type=record.type,
        status=record.status,
        estimate=record.estimate,
        committed_by=record.committed_by,
        committed_at=record.committed_at,
        criteria=[CriterionView(i, text, author) for i, text, author, _ in parts.criteria],
        assumptions=[
            AssumptionView(i, text, name, at) for i, text, name, at, _ in parts.assumptions
        ],
        dependencies=[
            DependencyView(i, key if key else party, key is None, description, called, resolved)
            for i, key, party, description, called, resolved in parts.dependencies
        ],
        risks=[RiskView(*risk) for risk in parts.risks],
        checks=[CheckView(i, text, checked) for i, text, checked in parts.checks],
        readiness=check_readiness(facts),
        version=record.version,
        block=record.block,
        blocker_sla_hours=record.sla_hours,
    )


def readiness_of_many(
    store: Store, team_id: TeamId, story_ids: Sequence[StoryId]
) -> dict[StoryId, Readiness]:
    """The full readiness verdict (with reasons) of a few stories, read in one transaction."""
    with store.read_session() as session:
        return readiness_in(session, team_id, story_ids)


def readiness_in(
    session: Session, team_id: TeamId, story_ids: Sequence[StoryId]
) -> dict[StoryId, Readiness]:
    """:func:`readiness_of_many` inside the caller's transaction."""
    facts = _facts(session, team_id, story_ids)
    return {story_id: check_readiness(f) for story_id, f in facts.items()}


def _facts(
    session: Session, team_id: TeamId, story_ids: Sequence[StoryId]
) -> dict[StoryId, ReadinessFacts]:
    ids = list(story_ids)
    po_names = select(MemberRow.name).where(
        MemberRow.team_id == team_id, MemberRow.role == Role.PRODUCT_OWNER.value
    )
    criteria = dict(
        session.execute(
            select(CriterionRow.story_id, func.count())
            .where(CriterionRow.story_id.in_(ids))
            .group_by(CriterionRow.story_id)
        ).all()
    )
    by_po = dict(
        session.execute(
            select(CriterionRow.story_id, func.count())
            .where(CriterionRow.story_id.in_(ids), CriterionRow.author.in_(po_names))
            .group_by(CriterionRow.story_id)
        ).all()
    )
    assumptions = {
        sid: (n, rev)
        for sid, n, rev in session.execute(
            select(AssumptionRow.story_id, func.count(), func.count(AssumptionRow.reviewed_by_id))
            .where(AssumptionRow.story_id.in_(ids))
            .group_by(AssumptionRow.story_id)
        ).all()
    }
    open_deps = dict(
        session.execute(
            select(DependencyRow.story_id, func.count())
            .where(
                DependencyRow.story_id.in_(ids),
                DependencyRow.resolved_at.is_(None),
                DependencyRow.called_out.is_(False),
            )
            .group_by(DependencyRow.story_id)
        ).all()
    )
    unchecked = unchecked_items(session, team_id, ids)
    estimates = {
        sid: (est, at)
        for sid, est, at in session.execute(
            select(StoryRow.id, StoryRow.estimate, StoryRow.estimate_committed_at).where(
                StoryRow.id.in_(ids)
            )
        ).all()
    }
    result: dict[StoryId, ReadinessFacts] = {}
    for sid in ids:
        est, at = estimates.get(sid, (None, None))
        n, rev = assumptions.get(sid, (0, 0))
        result[sid] = ReadinessFacts(
            criteria=criteria.get(sid, 0),
            criteria_by_po=by_po.get(sid, 0),
            assumptions=n,
            assumptions_reviewed=rev,
            estimate=est,
            estimate_committed=at is not None,
            dependencies_open=open_deps.get(sid, 0),
            team_items_unchecked=unchecked[sid],
        )
    return result


def unchecked_items(
    session: Session, team_id: TeamId, story_ids: Sequence[int]
) -> dict[int, tuple[str, ...]]:
    """The texts of the team's own DoR items each story has not checked (two statements)."""
    items = list(
        session.execute(
            select(TeamDorItemRow.id, TeamDorItemRow.text)
            .where(TeamDorItemRow.team_id == team_id)
            .order_by(TeamDorItemRow.position, TeamDorItemRow.id)
        ).all()
    )
    checked: dict[int, set[int]] = {}
    if items:
        for sid, item_id in session.execute(
            select(StoryDorCheckRow.story_id, StoryDorCheckRow.item_id).where(
                StoryDorCheckRow.story_id.in_(list(story_ids))
            )
        ).all():
            checked.setdefault(sid, set()).add(item_id)
    return {
        sid: tuple(t for item_id, t in items if item_id not in checked.get(sid, set()))
        for sid in story_ids
    }


def delivery_member(session: Session, team_id: int, member_id: MemberId, field: str) -> MemberRow:
    """The member, checked to be an active engineer of the team's delivery team.

    Raises:
        InputError: unknown member, another team's member, or a role that does not deliver.
    """
    member = session.get(MemberRow, member_id)
    if member is None or member.team_id != team_id or not member.active:
        raise InputError(f"{field}: pick a member of this team")
    try:
        role = Role(member.role)
    except ValueError:
        raise InputError(
            f"{field}: {member.name} has an unknown role “{member.role}”; "
            "choose their role on the Team screen"
        ) from None
    if not role.delivers:
        raise InputError(
            f"{field}: {member.name} is {role.label}, not an engineer of the delivery team "
            "(tech lead, engineer, QA or DevOps)"
        )
    return member
