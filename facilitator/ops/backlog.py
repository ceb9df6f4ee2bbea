"""Backlog use cases: the ranked listing, reranking with O(1) writes, new stories, PO readiness."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import func, select

from facilitator.domain.capacity import (
    HISTORY_SPRINTS,
    PLANNING_NOTE,
    CapacityInputs,
    PastSprint,
    propose_capacity,
    ready_for_planning,
    ready_totals,
)
from facilitator.domain.ids import StoryId, TeamId
from facilitator.domain.model import StoryStatus, StoryType, working_days
from facilitator.domain.poker import eligible_voters
from facilitator.domain.ranking import rank_between, rebalanced
from facilitator.domain.readiness import Readiness, missing_bits_of_many, ready_points
from facilitator.domain.text_rules import STORY_TITLE, check_text
from facilitator.errors import InputError
from facilitator.ops.story_reading import readiness_of_many
from facilitator.store.backlog_repository import BacklogRepository, collector_paused
from facilitator.store.db import Store
from facilitator.store.models import SprintRow, SprintStoryRow, StoryRow, TeamRow
from facilitator.store.repositories import TeamRepository

BACKLOG_STATUSES = (StoryStatus.NEW.value, StoryStatus.REFINED.value)
READINESS_TOP = 15


@dataclass
class BacklogListing:
    """Every story of a team in rank order, column by column (cheap for 20,000 rows).

    ``missing`` holds each story's failing readiness criteria as :class:`Missing` bits.
    """

    ids: list[int]
    ranks: list[int]
    keys: list[str]
    titles: list[str]
    estimates: list[float | None]
    statuses: list[str]
    types: list[str]
    missing: list[int]

    def __len__(self) -> int:
        """Number of stories."""
        return len(self.ids)


@dataclass(frozen=True)
class MoveResult:
    """What a move wrote: normally one row; every row of the team after a rebalance."""

    story_id: StoryId
    rank: int
    rows_written: int
    rebalanced: bool


def load_backlog(store: Store, team_id: TeamId) -> BacklogListing:
    """Every story of the team in rank order with its readiness bits, read in one transaction."""
    with collector_paused():
        with store.session() as session:
            data = BacklogRepository(session).listing(team_id)
        if not data.stories:
            return BacklogListing([], [], [], [], [], [], [], [])
        ids, ranks, keys, titles, estimates, statuses, types, committed = map(
            list, zip(*data.stories, strict=True)
        )
        del data.stories[:]  # free the row tuples while the collector is paused
        missing = missing_bits_of_many(
            ids,
            committed,
            po_criteria=data.po_criteria,
            assumed=data.assumed,
            unreviewed=data.unreviewed,
            dependencies_open=data.open_dependencies,
            fully_checked=data.fully_checked,
        )
    return BacklogListing(ids, ranks, keys, titles, estimates, statuses, types, missing)


def move_story(
    store: Store,
    team_id: TeamId,
    story_id: StoryId,
    *,
    before: StoryId | None = None,
    after: StoryId | None = None,
) -> MoveResult:
    """Rerank one story: just before ``before``, just after ``after``, or to the bottom.

    Only the moved story's row is written, unless its new neighbours have adjacent ranks; then
    the whole team's backlog is renumbered (a rebalance, rare).

    Raises:
        InputError: the story or the anchor does not exist, or the story is its own anchor.
    """
    if story_id in (before, after):
        raise InputError("Move: a story cannot be placed next to itself")
    with store.session() as session:
        repo = BacklogRepository(session)
        repo.lock_team_ranks(team_id)
        try:
            repo.rank_of(story_id)
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


def move_to_top(store: Store, team_id: TeamId, story_id: StoryId) -> MoveResult:
    """Put a story above every other story of the team (always one row)."""
    with store.session() as session:
        repo = BacklogRepository(session)
        repo.lock_team_ranks(team_id)
        top = repo.edge_rank(team_id, top=True, excluding=story_id)
        rank = rank_between(None, top)
        assert rank is not None
        return MoveResult(story_id, rank, repo.set_rank(story_id, rank), rebalanced=False)


@dataclass(frozen=True)
class Slot:
    """Where a story sits in its team's full rank order: the stories just above and below it.

    ``above`` is None at the top, ``below`` is None at the bottom.
    """

    above: StoryId | None
    below: StoryId | None


def slot_of(store: Store, team_id: TeamId, story_id: StoryId) -> Slot:
    """The story's neighbours in the team's whole backlog (filters do not matter).

    Raises:
        InputError: the story does not exist.
    """
    with store.session() as session:
        rank = session.scalar(select(StoryRow.rank).where(StoryRow.id == story_id))
        if rank is None:
            raise InputError("the story no longer exists")
        ids = StoryRow.id
        team = (StoryRow.team_id == team_id, ids != story_id)
        above = session.scalar(
            select(ids).where(*team, StoryRow.rank < rank).order_by(StoryRow.rank.desc()).limit(1)
        )
        below = session.scalar(
            select(ids).where(*team, StoryRow.rank > rank).order_by(StoryRow.rank.asc()).limit(1)
        )
    return Slot(
        None if above is None else StoryId(above), None if below is None else StoryId(below)
    )


def place_in_slot(store: Store, team_id: TeamId, story_id: StoryId, slot: Slot) -> MoveResult:
    """Put a story back between the neighbours of ``slot`` (an undo or a redo of a move).

    Just after ``slot.above``; at the top when it was the top; just before ``slot.below`` when
    ``slot.above`` is gone. Like any move it writes one row unless the gap ran out.

    Raises:
        InputError: the story, or both of its old neighbours, no longer exist.
    """
    with store.session() as session:
        present = set(
            session.scalars(
                select(StoryRow.id).where(
                    StoryRow.team_id == team_id,
                    StoryRow.id.in_([story_id, slot.above or -1, slot.below or -1]),
                )
            )
        )
    if story_id not in present:
        raise InputError("the story no longer exists")
    if slot.above is None:
        return move_to_top(store, team_id, story_id)
    if slot.above in present:
        return move_story(store, team_id, story_id, after=slot.above)
    if slot.below is None:
        return move_story(store, team_id, story_id)
    if slot.below in present:
        return move_story(store, team_id, story_id, before=slot.below)
    raise InputError("the stories it was between no longer exist")


def create_story(
    store: Store, team_id: TeamId, title: str, kind: StoryType, now: dt.datetime
) -> StoryId:
    """Add a story at the bottom of the backlog with the next key of the team.

    Raises:
        InputError: the title is empty or too long, or the team does not exist.
    """
    title = clean_title(title)
    with store.session() as session:
        team = session.get(TeamRow, team_id, with_for_update=True)  # ranks: see move_story
        if team is None:
            raise InputError(f"No team with id {team_id}")
        prefix = _key_prefix(
            session.scalars(
                select(StoryRow.key)
                .where(StoryRow.team_id == team_id)
                .order_by(StoryRow.id.desc())
                .limit(1)
            ).first(),
            team.name,
        )
        pattern = f"{prefix}-%"
        keys = session.scalars(
            select(StoryRow.key).where(StoryRow.team_id == team_id, StoryRow.key.like(pattern))
        )
        number = max((_key_number(key) for key in keys), default=0) + 1
        bottom = BacklogRepository(session).edge_rank(team_id, top=False, excluding=StoryId(-1))
        row = StoryRow(
            team_id=team_id,
            key=f"{prefix}-{number}",
            title=title,
            description="",
            type=kind.value,
            status=StoryStatus.NEW.value,
            rank=rank_between(bottom, None) or 0,
            created_at=now,
        )
        session.add(row)
        session.flush()
        return StoryId(row.id)


def clean_title(title: str) -> str:
    """A story title with whitespace collapsed.

    Raises:
        InputError: empty, longer than the limit, or a character that is not text.
    """
    return check_text(title, STORY_TITLE)


def _key_prefix(last_key: str | None, team_name: str) -> str:
    if last_key and "-" in last_key:
        return last_key.rsplit("-", 1)[0]
    letters = re.sub(r"[^A-Za-z]", "", team_name).upper()
    return letters[:4] or "STORY"


def _key_number(key: str) -> int:
    tail = key.rsplit("-", 1)[-1]
    return int(tail) if tail.isdigit() else 0


# --- the PO's "ready for planning?" view -------------------------------------------------------


@dataclass(frozen=True)
class ReadinessLine:
    """One story at the top of the backlog, with what is missing."""

    id: StoryId
    key: str
    title: str
    estimate: float | None
    readiness: Readiness


@dataclass(frozen=True)
class ReadinessReport:
    """Top of the backlog against the proposed capacity, with a verdict in words."""

    lines: list[ReadinessLine]
    ready_points: float
    capacity: float
    capacity_basis: str
    enough: bool
    verdict: str
    totals: str
    refine_next: list[str]


def capacity_inputs(store: Store, team_id: TeamId) -> CapacityInputs:
    """What the next sprint's proposal is computed from, in one transaction.

    The next sprint is the team's first planned sprint; without one, a sprint of the team's
    length in working days. Person-days are working days × the
    team's active delivery-team members (absences are not recorded yet).
    """
    with store.session() as session:
        team = session.get(TeamRow, team_id)
        pace = team.points_per_person_day if team is not None else 1.0
        length = team.sprint_length_days if team is not None else 10
        people = len(eligible_voters(TeamRepository(session).members(team_id)))
        sprints = session.execute(
            select(SprintRow.id, SprintRow.name, SprintRow.start_date, SprintRow.end_date)
            .where(SprintRow.team_id == team_id, SprintRow.state == "closed")
            .order_by(SprintRow.end_date.desc())
            .limit(HISTORY_SPRINTS)
        ).all()
        history = []
        for sprint_id, name, start, end in sprints:
            done = session.scalar(
                select(func.coalesce(func.sum(SprintStoryRow.points), 0.0)).where(
                    SprintStoryRow.sprint_id == sprint_id, SprintStoryRow.done.is_(True)
                )
            )
            history.append(PastSprint(name, float(done or 0.0), working_days(start, end) * people))
        planned = session.execute(
            select(SprintRow.start_date, SprintRow.end_date)
            .where(SprintRow.team_id == team_id, SprintRow.state == "planned")
            .order_by(SprintRow.start_date)
            .limit(1)
        ).first()
    days = working_days(*planned) if planned is not None else length
    return CapacityInputs(tuple(history), float(days * people), pace, people)


def top_readiness(store: Store, team_id: TeamId, top: int = READINESS_TOP) -> list[ReadinessLine]:
    """The top ``top`` backlog stories in rank order, each with its readiness."""
    with store.session() as session:
        entries = BacklogRepository(session).top_of_backlog(team_id, BACKLOG_STATUSES, top)
    readiness = readiness_of_many(store, team_id, [StoryId(e[0]) for e in entries])
    return [
        ReadinessLine(StoryId(sid), key, title, est, readiness[StoryId(sid)])
        for sid, key, title, est in entries
    ]


def readiness_report(store: Store, team_id: TeamId, top: int = READINESS_TOP) -> ReadinessReport:
    """The PO's view: the top ``top`` backlog stories in rank order, ready points and a verdict."""
    lines = top_readiness(store, team_id, top)
    points = ready_points([(line.readiness.ready, line.estimate) for line in lines])
    proposal = propose_capacity(capacity_inputs(store, team_id))
    verdict = ready_for_planning(points, proposal.points)
    unready = [line.key for line in lines if not line.readiness.ready]
    basis = f"{proposal.explanation} {PLANNING_NOTE}"
    ready = len(lines) - len(unready)
    totals = ready_totals(ready, len(lines), points, proposal.points)
    return ReadinessReport(
        lines, points, proposal.points, basis, verdict.enough, verdict.text, totals, unready[:5]
    )
