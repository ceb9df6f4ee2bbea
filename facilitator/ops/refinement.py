"""Refinement ceremony use cases over its run: the walk, the change log and poker rounds.

Refinement is a :mod:`ceremony run <facilitator.ops.ceremony>`: starting it starts the run's
clock and its walk together; every edit during it names the run in ``ctx.run_id`` and writes its
line into the run's change log in the same transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from facilitator.domain.ceremony_run import RunState
from facilitator.domain.ids import MemberId, RunId, StoryId, TeamId
from facilitator.domain.poker import PokerResult, check_voters, parse_estimate, reveal
from facilitator.domain.timebox import Ceremony, TimerState
from facilitator.errors import InputError
from facilitator.ops.backlog import BACKLOG_STATUSES
from facilitator.ops.ceremony import RunChanges, resume_run, run_changes, start_run_in
from facilitator.ops.changes import ActionContext
from facilitator.ops.story_editing import commit_estimate_in, log_change, story_row
from facilitator.ops.story_reading import delivery_member
from facilitator.store.backlog_repository import BacklogRepository
from facilitator.store.ceremony_repository import CeremonyRepository
from facilitator.store.db import Store
from facilitator.store.models import AssumptionRow, PokerRoundRow, PokerVoteRow
from facilitator.store.repositories import TeamRepository

QUEUE_LENGTH = 12


def queue_in(session: Session, team_id: TeamId, limit: int = QUEUE_LENGTH) -> tuple[StoryId, ...]:
    """The stories to walk, top of the backlog down, inside the caller's transaction."""
    rows = BacklogRepository(session).top_of_backlog(team_id, BACKLOG_STATUSES, limit)
    return tuple(StoryId(row[0]) for row in rows)


def refinement_queue(store: Store, team_id: TeamId, limit: int = QUEUE_LENGTH) -> list[StoryId]:
    """The stories to walk, top of the backlog down."""
    with store.read_session() as session:
        return list(queue_in(session, team_id, limit))


def start_refinement(
    store: Store, ctx: ActionContext, plan: TimerState | None = None
) -> RunChanges:
    """Start refinement: its clock and its walk of the top of the backlog, one transaction.

    A refinement run whose clock was started alone walks from now on. ``plan`` is the timer the
    facilitator prepared (the team's default when None).

    Raises:
        InputError: the backlog holds nothing to refine.
        RuleViolation: the team's refinement is already walking.
    """
    with store.session() as session:
        queue = queue_in(session, ctx.team())
        if not queue:
            raise InputError("No stories in the backlog to refine — add some first.")
        return start_run_in(session, ctx, Ceremony.REFINEMENT, plan=plan, queue=queue)


def resume_refinement(store: Store, team_id: TeamId) -> RunState | None:
    """The team's refinement still walking (after a quit or crash, or in another window)."""
    run = resume_run(store, team_id, Ceremony.REFINEMENT)
    return run if run is not None and run.walking else None


def _run_id(ctx: ActionContext) -> RunId:
    if ctx.run_id is None:
        raise InputError("Start refinement first")
    return ctx.run_id


def _done(session: Session, ctx: ActionContext, story_id: StoryId) -> RunChanges:
    """The record of a refinement edit: the story and the run (its new change log in it)."""
    session.flush()
    run = CeremonyRepository(session).get(_run_id(ctx))
    if run is None:
        raise InputError(f"The ceremony run {ctx.run_id} no longer exists")
    return run_changes(run, stories=(story_id,))


def review_open_assumptions(
    store: Store, ctx: ActionContext, story_id: StoryId, reviewer_id: MemberId
) -> RunChanges:
    """Mark every assumption of the story not yet reviewed as reviewed by ``reviewer_id``, now.

    One transaction: the room's "R reviewed" is one action however many assumptions it covers.

    Returns:
        The record naming the story and the run (the run's new change log in it).

    Raises:
        InputError: unknown story, or the reviewer is not an active delivery member of its team
            (DESIGN.md rule 1: an engineer of the delivery team reviews the assumptions).
    """
    now, log = ctx.now, _run_id(ctx)
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
        return _done(session, ctx, story_id)


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


@dataclass(frozen=True, slots=True)
class PokerCommitted(RunChanges):
    """The record of a committed poker round, with the round's revealed result."""

    result: PokerResult | None = None


def commit_poker(
    store: Store,
    ctx: ActionContext,
    story_id: StoryId,
    votes: Mapping[str, float],
    agreed: str,
    member_id: MemberId,
) -> PokerCommitted:
    """Store a revealed poker round and commit the agreed value, in one transaction.

    Raises:
        InputError: no votes, a vote by someone who may not vote, an invalid agreed value, or a
            committer outside the delivery team.
    """
    result = reveal(votes)
    value = parse_estimate(agreed, "Agreed estimate")
    now, log = ctx.now, _run_id(ctx)
    with store.session() as session:
        team_id = TeamId(story_row(session, story_id).team_id)
        check_voters(votes, TeamRepository(session).members(team_id))
        how = f" after planning poker ({result.spread_text().lower()})"
        commit_estimate_in(session, story_id, value, member_id, now, log, how)
        round_row = PokerRoundRow(story_id=story_id, run_id=log, agreed=value, revealed_at=now)
        session.add(round_row)
        session.flush()
        for voter, vote in result.votes:
            session.add(PokerVoteRow(round_id=round_row.id, voter=voter, value=vote))
        done = _done(session, ctx, story_id)
    return PokerCommitted(done.kinds, done.ids, None, None, done.run, result)
