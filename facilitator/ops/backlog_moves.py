"""Reranking the backlog: O(1)-write moves, their undo, and the rare rebalance.

Every move is one op of one transaction: it reads the story's neighbours (its undo), writes one
rank (every rank of the team after a rebalance) and returns the :class:`Changes` naming the row
and its new rank, all a screen needs to move the row (no read after the move).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from facilitator.domain.ids import StoryId, TeamId
from facilitator.domain.ranking import rank_between, rebalanced
from facilitator.errors import InputError
from facilitator.ops.changes import NOTHING, ActionContext, Changes, Kind, Replay, Undo
from facilitator.store.backlog_repository import BacklogRepository
from facilitator.store.db import Store


@dataclass(frozen=True)
class MoveResult:
    """What a move wrote: normally one row; every row of the team after a rebalance."""

    story_id: StoryId
    rank: int
    rows_written: int
    rebalanced: bool


@dataclass(frozen=True)
class Slot:
    """Where a story sits in its team's full rank order: the stories just above and below it.

    ``above`` is None at the top, ``below`` is None at the bottom.
    """

    above: StoryId | None
    below: StoryId | None


def move_story(
    store: Store,
    ctx: ActionContext,
    story_id: StoryId,
    *,
    before: StoryId | None = None,
    after: StoryId | None = None,
    text: str = "",
) -> Changes:
    """Rerank one story of ``ctx``'s team in one transaction: just before ``before``, just
    after ``after``, or to the bottom.

    Only the moved story's row is written, unless its new neighbours have adjacent ranks; then
    the whole team's backlog is renumbered (a rebalance, rare) and the record names the whole
    backlog. The undo puts the story back between the neighbours it had, read in the same
    transaction; the redo makes the same move again.

    Args:
        store: the database.
        ctx: the moment and the team.
        story_id: the story to move.
        before: the story it goes just above.
        after: the story it goes just below.
        text: the action in a few words ("move PAY-12 up"); empty: the record has no undo.

    Raises:
        InputError: the story or the anchor does not exist, or the story is its own anchor.
    """
    if story_id in (before, after):
        raise InputError("Move: a story cannot be placed next to itself")
    team_id = ctx.team()
    with store.session() as session:
        repo = BacklogRepository(session)
        repo.lock_team_ranks(team_id)
        try:
            was = _slot_of(repo, team_id, story_id)
            if _already_there(was, before, after):
                return NOTHING  # already there: nothing written, nothing to undo
            if before is not None:
                anchor_rank = repo.rank_of(before)
                hi: int | None = anchor_rank
                lo = repo.neighbour_rank(team_id, anchor_rank, below=False, excluding=story_id)
            elif after is not None:
                lo = repo.rank_of(after)
                hi = repo.neighbour_rank(team_id, lo, below=True, excluding=story_id)
            else:
                lo = repo.edge_rank(team_id, top=False, excluding=story_id)
                hi = None
        except LookupError as err:
            raise InputError(f"Move: no story with id {err.args[0]}") from None
        result = _write_move(repo, team_id, story_id, lo, hi, before=before, after=after)

    def again(s: Store, c: ActionContext) -> Changes:
        return move_story(s, _for(c, team_id), story_id, before=before, after=after)

    return _moved(team_id, story_id, was, result, text, again)


def move_to_top(store: Store, ctx: ActionContext, story_id: StoryId, text: str = "") -> Changes:
    """Put a story above every other story of ``ctx``'s team: one row, a handful of statements.

    Raises:
        InputError: the story does not exist.
    """
    team_id = ctx.team()
    with store.session() as session:
        repo = BacklogRepository(session)
        repo.lock_team_ranks(team_id)
        try:
            was = _slot_of(repo, team_id, story_id)
        except LookupError:
            raise InputError("the story no longer exists") from None
        if was.above is None:
            return NOTHING  # already at the top: nothing written, nothing to undo
        top = repo.edge_rank(team_id, top=True, excluding=story_id)
        result = _write_move(repo, team_id, story_id, None, top)

    def again(s: Store, c: ActionContext) -> Changes:
        return move_to_top(s, _for(c, team_id), story_id)

    return _moved(team_id, story_id, was, result, text, again)


def place_in_slot(store: Store, ctx: ActionContext, story_id: StoryId, slot: Slot) -> Changes:
    """Put a story back between the neighbours of ``slot`` (the undo of a move), in one
    transaction.

    Just after ``slot.above``; at the top when it was the top; just before ``slot.below`` when
    ``slot.above`` is gone. Like any move it writes one row unless the gap ran out.

    Raises:
        InputError: the story, or both of its old neighbours, no longer exist.
    """
    team_id = ctx.team()
    with store.session() as session:
        repo = BacklogRepository(session)
        repo.lock_team_ranks(team_id)
        ranks = repo.ranks_of(team_id, [story_id, slot.above or -1, slot.below or -1])
        if story_id not in ranks:
            raise InputError("the story no longer exists")
        before: StoryId | None = None
        after: StoryId | None = None
        lo: int | None
        hi: int | None
        if slot.above is None:
            lo, hi = None, repo.edge_rank(team_id, top=True, excluding=story_id)
        elif slot.above in ranks:
            after, lo = slot.above, ranks[slot.above]
            hi = repo.neighbour_rank(team_id, lo, below=True, excluding=story_id)
        elif slot.below is None:
            lo, hi = repo.edge_rank(team_id, top=False, excluding=story_id), None
        elif slot.below in ranks:
            before, hi = slot.below, ranks[slot.below]
            lo = repo.neighbour_rank(team_id, hi, below=False, excluding=story_id)
        else:
            raise InputError("the stories it was between no longer exist")
        result = _write_move(repo, team_id, story_id, lo, hi, before=before, after=after)
    return _moved(team_id, story_id, slot, result, "", None)


def slot_of(store: Store, team_id: TeamId, story_id: StoryId) -> Slot:
    """The story's neighbours in the team's whole backlog (filters do not matter).

    Raises:
        InputError: the story does not exist.
    """
    with store.session() as session:
        try:
            return _slot_of(BacklogRepository(session), team_id, story_id)
        except LookupError:
            raise InputError("the story no longer exists") from None


def _slot_of(repo: BacklogRepository, team_id: TeamId, story_id: StoryId) -> Slot:
    """The story's neighbours, read in the caller's transaction (LookupError: no such story)."""
    above, below = repo.neighbours(team_id, story_id)
    return Slot(
        None if above is None else StoryId(above), None if below is None else StoryId(below)
    )


def _already_there(was: Slot, before: StoryId | None, after: StoryId | None) -> bool:
    """Whether a move to just before ``before`` / after ``after`` (neither: the bottom) would
    leave the story where it is."""
    if before is not None:
        return before == was.below
    if after is not None:
        return after == was.above
    return was.below is None


def _for(ctx: ActionContext, team_id: TeamId) -> ActionContext:
    return ActionContext(ctx.now, team_id, ctx.run_id)


def _write_move(
    repo: BacklogRepository,
    team_id: TeamId,
    story_id: StoryId,
    lo: int | None,
    hi: int | None,
    *,
    before: StoryId | None = None,
    after: StoryId | None = None,
) -> MoveResult:
    """Give the story a rank between ``lo`` and ``hi``; renumber the team when the gap ran out."""
    rank = rank_between(lo, hi)
    if rank is not None:
        return MoveResult(story_id, rank, repo.set_rank(story_id, rank), rebalanced=False)
    order = [sid for sid in repo.ids_in_rank_order(team_id) if sid != story_id]
    anchor = before if before is not None else after
    assert anchor is not None  # a gap can only run out between two existing stories
    index = order.index(anchor) + (0 if before is not None else 1)
    order.insert(index, story_id)
    ranks = list(zip(order, rebalanced(len(order)), strict=True))
    written = repo.write_ranks(ranks)
    return MoveResult(story_id, dict(ranks)[story_id], written, rebalanced=True)


def _moved(
    team_id: TeamId,
    story_id: StoryId,
    was: Slot,
    result: MoveResult,
    text: str,
    again: Replay | None,
) -> Changes:
    """The record of a move: the story's row and its new rank (the whole backlog after a
    rebalance), with the undo that puts it back in the slot ``was`` when ``text`` names the
    action."""
    changes = (
        Changes(frozenset({Kind.BACKLOG}))  # every rank changed: the backlog reloads
        if result.rebalanced
        else replace(Changes.of(Kind.BACKLOG, story_id), ranks=((story_id, result.rank),))
    )
    if not text or again is None:
        return changes

    def back(s: Store, c: ActionContext) -> Changes:
        return place_in_slot(s, _for(c, team_id), story_id, was)

    return changes.with_undo(Undo(text, back, again))
