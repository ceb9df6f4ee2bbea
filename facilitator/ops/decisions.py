"""The decision log: raise, decide and act on a decision; who decides what; tools per side.

Every action is one transaction and returns :class:`Changes`. A decision raised during a
ceremony carries ``ctx.run_id`` and the story on screen. Refused input raises the domain's
message and saves nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy.orm import Session

from facilitator.domain import decisions as rules
from facilitator.domain.blockers import check_member
from facilitator.domain.decisions import Decision, DecisionAuthority, DecisionKind
from facilitator.domain.ids import MemberId, StoryId, TeamId
from facilitator.domain.model import Member, Side
from facilitator.domain.tooling import ToolArea, ToolChoice, check_tool
from facilitator.errors import InputError
from facilitator.ops.changes import ActionContext, Changes, Kind, Undo
from facilitator.ops.undo_records import undo_creation, undo_edit
from facilitator.store.db import Store
from facilitator.store.models import TeamRow
from facilitator.store.repositories import TeamRepository
from facilitator.store.standup_repository import StandupRepository, decisions_of


@dataclass(frozen=True, slots=True)
class DecisionLog:
    """What the decision log screen renders.

    Attributes:
        decisions: the log, oldest raised first.
        names: member id → name (inactive members too).
        story_keys: story id → key of the linked stories.
        authority: who decides what (the guide's default when never recorded).
        members: the team's active members, by name (the decision-maker choices).
        stored: the log's stored values (what a later read is compared with).
    """

    decisions: tuple[Decision, ...]
    names: dict[MemberId, str]
    story_keys: dict[StoryId, str]
    authority: DecisionAuthority
    members: tuple[Member, ...]
    stored: tuple[tuple[Any, ...], ...] = field(default=(), compare=False, repr=False)


def _members(session: Session, team_id: TeamId) -> list[Member]:
    return TeamRepository(session).members(team_id, include_inactive=True)


def decision_log(store: Store, team_id: TeamId, known: DecisionLog | None = None) -> DecisionLog:
    """The team's decision log with names, story keys and its decision authority, in one
    transaction.

    Args:
        store: the database.
        team_id: the team.
        known: this team's log read before, whose members and decision authority are still
            current (no action named the team or its members since). Only the decisions are
            read again (others raise, decide and act on them too, on a shared database):
            ``known`` itself is returned when they are the same, else the keys of the stories
            they link that ``known`` does not have are read with them.
    """
    with store.read_session() as session:
        repo = StandupRepository(session)
        stored = repo.decision_rows(team_id)
        if known is not None and stored == known.stored:
            return known
        decisions = decisions_of(stored)
        linked = {d.story_id for d in decisions if d.story_id is not None}
        keys = {} if known is None else {s: k for s, k in known.story_keys.items() if s in linked}
        keys.update(repo.story_keys([s for s in linked if s not in keys]))
        if known is not None:
            return replace(known, decisions=tuple(decisions), story_keys=keys, stored=stored)
        members = _members(session, team_id)
        authority = repo.authority(team_id) or rules.default_authority(members)
    return DecisionLog(
        tuple(decisions),
        {m.id: m.name for m in members},
        keys,
        authority,
        tuple(m for m in members if m.active),
        stored,
    )


@dataclass(frozen=True, slots=True)
class StandupSettings:
    """What the Team screen's standup settings show: the blocker SLA, who decides what, the
    members who can be named for it, and each side's tools."""

    sla_hours: int
    authority: DecisionAuthority
    members: tuple[Member, ...]  # active, by name
    tools: tuple[ToolChoice, ...]


def standup_settings(store: Store, team_id: TeamId) -> StandupSettings:
    """The team's standup settings, read in one transaction (no blocker or decision rows).

    Raises:
        InputError: the team does not exist.
    """
    with store.read_session() as session:
        team = session.get(TeamRow, team_id)
        if team is None:
            raise InputError(f"No team with id {team_id}")
        repo = StandupRepository(session)
        members = _members(session, team_id)
        authority = repo.authority(team_id) or rules.default_authority(members)
        return StandupSettings(
            team.blocker_sla_hours,
            authority,
            tuple(m for m in members if m.active),
            tuple(repo.tools(team_id)),
        )


def _changes(decision: Decision, undo: Undo | None = None, created: bool = False) -> Changes:
    return Changes.of(
        Kind.DECISION, decision.id, undo=undo, created=decision.id if created else None
    )


def raise_decision(
    store: Store,
    ctx: ActionContext,
    question: str,
    raised_by: MemberId,
    decision_maker: MemberId | None,
    kind: DecisionKind = DecisionKind.OTHER,
    story_id: StoryId | None = None,
) -> Changes:
    """Raise a question for the log now, linked to ``ctx``'s run and ``story_id`` if given.

    Raises:
        RuleViolation: no decision-maker, a person outside the team, or another team's story.
        InputError: the question is empty or invalid, or the story does not exist.
    """
    team_id = ctx.team()
    with store.session() as session:
        repo = StandupRepository(session)
        story = None
        if story_id is not None:
            story = repo.story_ref(story_id)
            if story is None:
                raise InputError(f"Decision: there is no story with id {story_id}")
        checked = rules.raise_decision(
            team_id,
            question,
            raised_by,
            ctx.now,
            decision_maker,
            _members(session, team_id),
            kind,
            ctx.run_id,
            story,
        )
        saved = repo.add_decision(checked)

    undo = undo_creation(
        "raise the decision",
        saved,
        StandupRepository,
        lambda repo, d: repo.remove_decision(d.id),
        StandupRepository.add_decision,
        lambda d, created: _changes(d, created=created),
    )
    return _changes(saved, undo, created=True)


def _stored(repo: StandupRepository, team_id: TeamId, decision_id: int) -> Decision:
    decision = repo.decision(decision_id)
    if decision is None or decision.team_id != team_id:
        raise InputError("Decision: it no longer exists (someone may have removed it)")
    return decision


def _put_back(before: Decision, after: Decision, text: str) -> Undo:
    return undo_edit(
        text,
        before,
        after,
        StandupRepository,
        StandupRepository.save_decision,
        lambda d, _created: _changes(d),
    )


def decide(
    store: Store,
    ctx: ActionContext,
    decision_id: int,
    text: str,
    decided_at: dt.datetime | None = None,
) -> Changes:
    """Record the decision at ``decided_at`` (now when None).

    Raises:
        RuleViolation: already decided, or decided before it was raised.
        InputError: the decision is empty or invalid, or it no longer exists.
    """
    with store.session() as session:
        repo = StandupRepository(session)
        before = _stored(repo, ctx.team(), decision_id)
        after = rules.decide(before, decided_at or ctx.now, text)
        repo.save_decision(after)
    return _changes(after, _put_back(before, after, "record the decision"))


def act_on(
    store: Store, ctx: ActionContext, decision_id: int, acted_on_at: dt.datetime | None = None
) -> Changes:
    """Mark the decision acted on at ``acted_on_at`` (now when None).

    Raises:
        RuleViolation: not decided yet, already acted on, or acted on before it was decided.
        InputError: it no longer exists.
    """
    with store.session() as session:
        repo = StandupRepository(session)
        before = _stored(repo, ctx.team(), decision_id)
        after = rules.act_on(before, acted_on_at or ctx.now)
        repo.save_decision(after)
    return _changes(after, _put_back(before, after, "mark the decision acted on"))


def set_authority(
    store: Store,
    ctx: ActionContext,
    technical: MemberId | None,
    priorities: MemberId | None,
    escalation: MemberId | None,
    path: str,
) -> Changes:
    """Record who decides technical questions and priorities, and the escalation person and path.

    Raises:
        RuleViolation: a named person is not an active member of the team.
        InputError: the path's words are too long or not text.
    """
    team_id = ctx.team()
    words = rules.check_path(path)
    with store.session() as session:
        members = _members(session, team_id)
        for who, role in (
            (technical, "technical decision-maker"),
            (priorities, "priorities decision-maker"),
            (escalation, "escalation person"),
        ):
            if who is not None:
                check_member(who, team_id, members, "Decision authority", role)
        StandupRepository(session).set_authority(
            team_id, DecisionAuthority(technical, priorities, escalation, words)
        )
    return Changes.of(Kind.TEAM, team_id).also(Kind.DECISION)


def set_tool(store: Store, ctx: ActionContext, area: ToolArea, side: Side, tool: str) -> Changes:
    """Record the tool ``side`` uses for ``area`` (an empty name forgets it).

    Raises:
        InputError: the name is too long or not text.
    """
    name = check_tool(tool) if tool.strip() else ""
    team_id = ctx.team()
    with store.session() as session:
        StandupRepository(session).set_tool(team_id, area, side, name)
    return Changes.of(Kind.TEAM, team_id)


def set_tools(
    store: Store, ctx: ActionContext, tools: Mapping[tuple[ToolArea, Side], str]
) -> Changes:
    """Record every (area, side) → tool of ``tools`` in one action ("" forgets one).

    Raises:
        InputError: a name is too long or not text (nothing is saved).
    """
    names = {pair: check_tool(tool) if tool.strip() else "" for pair, tool in tools.items()}
    team_id = ctx.team()
    with store.session() as session:
        repo = StandupRepository(session)
        for (area, side), name in names.items():
            repo.set_tool(team_id, area, side, name)
    return Changes.of(Kind.TEAM, team_id)


def team_tools(store: Store, team_id: TeamId) -> list[ToolChoice]:
    """The tools each side of the team uses."""
    with store.read_session() as session:
        return StandupRepository(session).tools(team_id)
