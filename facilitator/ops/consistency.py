"""Consistency rules of ``check`` beyond SQLite's: known enum values, no cross-team references.

A database edited by hand, restored from a newer version or damaged can hold a role the app
does not know or a sprint line whose story belongs to another team; neither is caught by a
foreign key. Each rule appends what it checked and the rows that break it (at most
:data:`SHOWN` per rule).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, Select, String, cast, select
from sqlalchemy.orm import InstrumentedAttribute, Session, aliased

from facilitator.domain.ceremony_run import RunPhase
from facilitator.domain.engagement import Area, LinkKind, PartnerFilter, Shape
from facilitator.domain.model import Role, Seniority, Side, SprintState, StoryStatus, StoryType
from facilitator.domain.timebox import Ceremony
from facilitator.store.models import (
    AssumptionRow,
    CeremonyRunRow,
    DependencyRow,
    KnowledgeLinkRow,
    MemberRow,
    PartnerScoreRow,
    PokerRoundRow,
    RiskRow,
    RunChangeRow,
    SprintRow,
    SprintStoryRow,
    StoryDorCheckRow,
    StoryRow,
    TeamAssignmentRow,
    TeamDorItemRow,
    TeamRow,
    TeamTimeboxDefaultRow,
)

SHOWN = 20


@dataclass(frozen=True)
class EnumColumn:
    """A column that must hold one of ``values`` (``label`` names the row in messages)."""

    what: str
    column: InstrumentedAttribute[str]
    values: frozenset[str]
    label: ColumnElement[str] | InstrumentedAttribute[str]


def _values(kind: type[StrEnum], *extra: str) -> frozenset[str]:
    return frozenset({item.value for item in kind} | set(extra))


ENUM_COLUMNS: tuple[EnumColumn, ...] = (
    EnumColumn("role", MemberRow.role, _values(Role), "member " + MemberRow.name),
    EnumColumn("side", MemberRow.side, _values(Side), "member " + MemberRow.name),
    EnumColumn("seniority", MemberRow.seniority, _values(Seniority), "member " + MemberRow.name),
    EnumColumn("status", StoryRow.status, _values(StoryStatus), "story " + StoryRow.key),
    EnumColumn("type", StoryRow.type, _values(StoryType), "story " + StoryRow.key),
    EnumColumn("state", SprintRow.state, _values(SprintState), "sprint " + SprintRow.name),
    EnumColumn(
        "engagement shape", TeamRow.engagement_shape, _values(Shape, ""), "team " + TeamRow.name
    ),
    EnumColumn("kind", KnowledgeLinkRow.kind, _values(LinkKind), "link " + KnowledgeLinkRow.title),
    EnumColumn(
        "area",
        TeamAssignmentRow.area,
        _values(Area),
        "assignment of member " + cast(TeamAssignmentRow.member_id, String),
    ),
    EnumColumn(
        "filter",
        PartnerScoreRow.filter,
        _values(PartnerFilter),
        "score of candidate " + cast(PartnerScoreRow.candidate_id, String),
    ),
    EnumColumn(
        "severity",
        RiskRow.severity,
        frozenset({"low", "medium", "high"}),
        "risk " + cast(RiskRow.id, String),
    ),
    EnumColumn(
        "ceremony",
        CeremonyRunRow.ceremony,
        _values(Ceremony),
        "ceremony run " + cast(CeremonyRunRow.id, String),
    ),
    EnumColumn(
        "phase",
        CeremonyRunRow.phase,
        _values(RunPhase),
        "ceremony run " + cast(CeremonyRunRow.id, String),
    ),
    EnumColumn(
        "ceremony",
        TeamTimeboxDefaultRow.ceremony,
        _values(Ceremony),
        "timebox of team " + cast(TeamTimeboxDefaultRow.team_id, String),
    ),
)


def check_enums(session: Session, checked: list[str], problems: list[str]) -> None:
    """Every enum column holds a value the app knows."""
    checked.append("roles, statuses, types and other kinds are values the app knows")
    for rule in ENUM_COLUMNS:
        rows = session.execute(
            select(rule.label, rule.column).where(rule.column.not_in(rule.values)).limit(SHOWN)
        ).all()
        problems.extend(f"{label}: unknown {rule.what} {value!r}" for label, value in rows)


def check_cross_team(session: Session, checked: list[str], problems: list[str]) -> None:
    """No row links things of two different teams."""
    checked.append("nothing refers to another team's stories, members, sprints or ceremony runs")
    story, other = aliased(StoryRow), aliased(StoryRow)
    member = aliased(MemberRow)
    rules: list[tuple[str, Select[*tuple[Any, ...]]]] = [
        (
            "sprint {0} holds {1}, a story of another team",
            select(SprintRow.name, story.key)
            .join(SprintStoryRow, SprintStoryRow.sprint_id == SprintRow.id)
            .join(story, story.id == SprintStoryRow.story_id)
            .where(story.team_id != SprintRow.team_id),
        ),
        (
            "story {0} depends on {1}, a story of another team",
            select(story.key, other.key)
            .join(DependencyRow, DependencyRow.story_id == story.id)
            .join(other, other.id == DependencyRow.depends_on_story_id)
            .where(other.team_id != story.team_id),
        ),
        (
            "story {0}: estimate committed by {1}, a member of another team",
            select(story.key, member.name)
            .join(member, member.id == story.estimate_committed_by_id)
            .where(member.team_id != story.team_id),
        ),
        (
            "story {0}: assumption reviewed by {1}, a member of another team",
            select(story.key, member.name)
            .join(AssumptionRow, AssumptionRow.story_id == story.id)
            .join(member, member.id == AssumptionRow.reviewed_by_id)
            .where(member.team_id != story.team_id),
        ),
        (
            "story {0}: Definition of Ready item “{1}” of another team is checked",
            select(story.key, TeamDorItemRow.text)
            .join(StoryDorCheckRow, StoryDorCheckRow.story_id == story.id)
            .join(TeamDorItemRow, TeamDorItemRow.id == StoryDorCheckRow.item_id)
            .where(TeamDorItemRow.team_id != story.team_id),
        ),
        (
            "story {0}: change “{1}” is logged in another team's ceremony run",
            select(story.key, RunChangeRow.text)
            .join(RunChangeRow, RunChangeRow.story_id == story.id)
            .join(CeremonyRunRow, CeremonyRunRow.id == RunChangeRow.run_id)
            .where(CeremonyRunRow.team_id != story.team_id),
        ),
        (
            "story {0}: poker round {1} belongs to another team's ceremony run",
            select(story.key, PokerRoundRow.id)
            .join(PokerRoundRow, PokerRoundRow.story_id == story.id)
            .join(CeremonyRunRow, CeremonyRunRow.id == PokerRoundRow.run_id)
            .where(CeremonyRunRow.team_id != story.team_id),
        ),
        (
            "ceremony run {0} runs in sprint {1} of another team",
            select(CeremonyRunRow.id, SprintRow.name)
            .join(SprintRow, SprintRow.id == CeremonyRunRow.sprint_id)
            .where(SprintRow.team_id != CeremonyRunRow.team_id),
        ),
        (
            "team {0} names {1}, a member of another team, in its operating model",
            select(TeamRow.name, member.name)
            .join(TeamAssignmentRow, TeamAssignmentRow.team_id == TeamRow.id)
            .join(member, member.id == TeamAssignmentRow.member_id)
            .where(member.team_id != TeamRow.id),
        ),
    ]
    for message, query in rules:
        problems.extend(_lines(message, session.execute(query.limit(SHOWN)).all()))


def _lines(message: str, rows: Iterable[tuple[object, ...]]) -> list[str]:
    return [message.format(*row) for row in rows]


def check_consistency(session: Session, checked: list[str], problems: list[str]) -> None:
    """Run every rule of this module inside ``session`` (read-only)."""
    check_enums(session, checked, problems)
    check_cross_team(session, checked, problems)
