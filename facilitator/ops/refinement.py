"""Refinement ceremony use cases: a session, its change log, and planning-poker rounds."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from sqlalchemy import select

from facilitator.domain.ids import MemberId, StoryId, TeamId
from facilitator.domain.poker import PokerResult, check_voters, parse_estimate, reveal
from facilitator.errors import InputError
from facilitator.ops.backlog import BACKLOG_STATUSES
from facilitator.ops.story_editing import commit_estimate_in, log_change, story_row
from facilitator.ops.story_reading import delivery_member
from facilitator.store.backlog_repository import BacklogRepository
from facilitator.store.db import Store
from facilitator.store.models import (
    AssumptionRow,
    PokerRoundRow,
    PokerVoteRow,
    RefinementChangeRow,
    RefinementSessionRow,
)
from facilitator.store.repositories import TeamRepository

QUEUE_LENGTH = 12


def start_session(store: Store, team_id: TeamId, now: dt.datetime) -> int:
    """Open a refinement session; changes made during it are logged against it."""
    with store.session() as session:
        row = RefinementSessionRow(team_id=team_id, started_at=now)
        session.add(row)
        session.flush()
        return row.id


def open_session(store: Store, team_id: TeamId) -> tuple[int, dt.datetime] | None:
    """The team's refinement session still open (after a crash or quit), with its start (UTC)."""
    with store.session() as session:
        row = session.execute(
            select(RefinementSessionRow.id, RefinementSessionRow.started_at)
            .where(
                RefinementSessionRow.team_id == team_id,
                RefinementSessionRow.ended_at.is_(None),
            )
            .order_by(RefinementSessionRow.id.desc())
            .limit(1)
        ).first()
    return None if row is None else (int(row[0]), row[1])


def end_session(store: Store, session_id: int, now: dt.datetime) -> list[str]:
    """Close the session and return what changed in it, in order."""
    with store.session() as session:
        row = session.get(RefinementSessionRow, session_id)
        if row is None:
            raise InputError(f"No refinement session with id {session_id}")
        row.ended_at = now
    return session_changes(store, session_id)


def session_changes(store: Store, session_id: int) -> list[str]:
    """What changed during the session, oldest first, in words."""
    with store.session() as session:
        query = (
            select(RefinementChangeRow.text)
            .where(RefinementChangeRow.session_id == session_id)
            .order_by(RefinementChangeRow.id)
        )
        return list(session.scalars(query))


def refinement_queue(store: Store, team_id: TeamId, limit: int = QUEUE_LENGTH) -> list[StoryId]:
    """The stories to walk, top of the backlog down."""
    with store.session() as session:
        rows = BacklogRepository(session).top_of_backlog(team_id, BACKLOG_STATUSES, limit)
    return [StoryId(row[0]) for row in rows]


def review_open_assumptions(
    store: Store,
    story_id: StoryId,
    reviewer_id: MemberId,
    now: dt.datetime,
    log: int | None,
) -> int:
    """Mark every assumption of the story not yet reviewed as reviewed by ``reviewer_id``, now.

    One transaction: the room's "R reviewed" is one action however many assumptions it covers.

    Returns:
        How many assumptions were marked.

    Raises:
        InputError: unknown story, or the reviewer is not an active delivery member of its team
            (DESIGN.md rule 1: an engineer of the delivery team reviews the assumptions).
    """
    with store.session() as session:
        story = story_row(session, story_id)
        reviewer = delivery_member(session, story.team_id, reviewer_id, "Reviewed by")
        pending = session.scalars(
            select(AssumptionRow)
            .where(AssumptionRow.story_id == story_id, AssumptionRow.reviewed_by_id.is_(None))
            .order_by(AssumptionRow.id)
        ).all()
        for row in pending:
            row.reviewed_by_id, row.reviewed_at = reviewer.id, now
            log_change(
                session,
                log,
                story,
                "assumption",
                f"assumption reviewed by {reviewer.name}: “{row.text}”",
                now,
            )
        return len(pending)


def parse_votes(votes: Mapping[str, str]) -> dict[str, float]:
    """Read every typed vote; blank votes are skipped (that person did not vote).

    Raises:
        InputError: a vote is not a number or is negative (the voter is named).
    """
    parsed: dict[str, float] = {}
    for voter, text in votes.items():
        if text.strip():
            parsed[voter] = parse_estimate(text, f"Estimate of {voter}")
    return parsed


def commit_poker(
    store: Store,
    story_id: StoryId,
    votes: Mapping[str, float],
    agreed: str,
    member_id: MemberId,
    now: dt.datetime,
    log: int | None,
) -> PokerResult:
    """Store a revealed poker round and commit the agreed value, in one transaction.

    Raises:
        InputError: no votes, a vote by someone who may not vote, an invalid agreed value, or a
            committer outside the delivery team.
    """
    result = reveal(votes)
    value = parse_estimate(agreed, "Agreed estimate")
    with store.session() as session:
        team_id = TeamId(story_row(session, story_id).team_id)
        check_voters(votes, TeamRepository(session).members(team_id))
        how = f" after planning poker ({result.spread_text().lower()})"
        commit_estimate_in(session, story_id, value, member_id, now, log, how)
        round_row = PokerRoundRow(story_id=story_id, session_id=log, agreed=value, revealed_at=now)
        session.add(round_row)
        session.flush()
        for voter, vote in result.votes:
            session.add(PokerVoteRow(round_id=round_row.id, voter=voter, value=vote))
    return result
