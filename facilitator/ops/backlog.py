"""Backlog use cases: the ranked listing, reranking with O(1) writes, new stories, PO readiness."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from facilitator.domain.blockers import DEFAULT_SLA_HOURS
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
from facilitator.domain.ranking import rank_between
from facilitator.domain.readiness import (
    Readiness,
    ReadinessFacts,
    check_readiness,
    missing_bits_of_many,
    ready_points,
)
from facilitator.domain.story_block import StoryBlock
from facilitator.domain.text_rules import STORY_TITLE, check_text
from facilitator.errors import InputError

# The moves live in ``backlog_moves``; callers reach them from here too.
from facilitator.ops.backlog_moves import MoveResult as MoveResult
from facilitator.ops.backlog_moves import Slot as Slot
from facilitator.ops.backlog_moves import move_story as move_story
from facilitator.ops.backlog_moves import move_to_top as move_to_top
from facilitator.ops.backlog_moves import place_in_slot as place_in_slot
from facilitator.ops.backlog_moves import slot_of as slot_of
from facilitator.ops.changes import ActionContext, Changes, Kind
from facilitator.ops.story_reading import unchecked_items
from facilitator.store.backlog_repository import BacklogRepository
from facilitator.store.db import Store
from facilitator.store.models import SprintRow, SprintStoryRow, StoryRow, TeamRow
from facilitator.store.plain_sql import collector_paused
from facilitator.store.repositories import TeamRepository

BACKLOG_STATUSES = (StoryStatus.NEW.value, StoryStatus.REFINED.value)
READINESS_TOP = 15


@dataclass
class BacklogListing:
    """Every story of a team in rank order, column by column (cheap for 20,000 rows).

    ``missing`` holds each story's failing readiness criteria as :class:`Missing` bits;
    ``blocked`` its open blockers (None for a story with none), whose age the screen works out
    at the clock's now against the team's ``sla_hours``.
    """

    ids: list[int]
    ranks: list[int]
    keys: list[str]
    titles: list[str]
    estimates: list[float | None]
    statuses: list[str]
    types: list[str]
    missing: list[int]
    blocked: list[StoryBlock | None]
    sla_hours: int = DEFAULT_SLA_HOURS
    # On the first page of a listing read in pages (:func:`backlog_page`): how many stories
    # the team has, and how many of them are new or refined. None on a whole listing.
    counts: tuple[int, int] | None = None

    @classmethod
    def empty(cls) -> BacklogListing:
        """No stories."""
        return cls([], [], [], [], [], [], [], [], [])

    def __len__(self) -> int:
        """Number of stories."""
        return len(self.ids)


def load_backlog(store: Store, team_id: TeamId) -> BacklogListing:
    """Every story of the team in rank order with its readiness bits, read in one transaction."""
    return _listing(store, team_id, None)


def backlog_rows(store: Store, team_id: TeamId, story_ids: Iterable[int]) -> BacklogListing:
    """The listing columns of just ``story_ids`` in rank order (stories gone are absent), read in
    one transaction: what a screen patches after an edit or a move of a few stories."""
    return _listing(store, team_id, sorted(set(story_ids)))


def backlog_page(
    store: Store,
    team_id: TeamId,
    after: int | None,
    limit: int,
    backlog: bool = True,
    upto: int | None = None,
) -> BacklogListing:
    """The next ``limit`` stories of the team ranked below ``after`` (None: from the top) and
    not below ``upto`` (None: to the end) that are new or refined (``backlog``) or that are
    not, with their readiness bits, read in one transaction: a long backlog shown from its
    first page while the rest is read. The first page of new and refined stories carries the
    team's story ``counts``."""
    return _listing(store, team_id, None, (after, limit, backlog, upto))


def _listing(
    store: Store,
    team_id: TeamId,
    only: list[int] | None,
    page: tuple[int | None, int, bool, int | None] | None = None,
) -> BacklogListing:
    with collector_paused():
        with store.read_session() as session:
            data = BacklogRepository(session).listing(team_id, only, page=page)
        if not data.stories:
            empty = BacklogListing.empty()
            empty.counts = data.counts
            return empty
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
        blocked = list(map(data.blocked.get, ids))
    return BacklogListing(
        ids,
        ranks,
        keys,
        titles,
        estimates,
        statuses,
        types,
        missing,
        blocked,
        data.sla_hours,
        data.counts,
    )


def create_story(store: Store, ctx: ActionContext, title: str, kind: StoryType) -> Changes:
    """Add a story at the bottom of ``ctx``'s team's backlog with the next key of the team.

    Returns:
        The record naming the new story (its id in ``created``).

    Raises:
        InputError: the title is empty or too long, or the team does not exist.
    """
    with store.session() as session:
        created = create_story_in(session, ctx, title, kind)
    return Changes.of(Kind.BACKLOG, created, created=created).also(Kind.STORY, created)


def create_story_in(
    session: Session, ctx: ActionContext, title: str, kind: StoryType, description: str = ""
) -> StoryId:
    """:func:`create_story` inside the caller's transaction (an op that makes a story as part
    of its action); the new story's id.

    Raises:
        InputError: the title is empty or too long, or the team does not exist.
    """
    title = clean_title(title)
    team_id, now = ctx.team(), ctx.now
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
        description=description,
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
        return capacity_inputs_in(session, team_id)


def capacity_inputs_in(session: Session, team_id: TeamId) -> CapacityInputs:
    """:func:`capacity_inputs` inside the caller's transaction."""
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
    with store.read_session() as session:
        return top_readiness_in(session, team_id, top)


def top_readiness_in(session: Session, team_id: TeamId, top: int) -> list[ReadinessLine]:
    """:func:`top_readiness` inside the caller's transaction."""
    rows = BacklogRepository(session).top_with_facts(team_id, BACKLOG_STATUSES, top)
    unchecked = unchecked_items(session, team_id, [row[0] for row in rows])
    lines = []
    for sid, key, title, est, at, criteria, by_po, assumed, reviewed, open_deps in rows:
        facts = ReadinessFacts(
            criteria=criteria,
            criteria_by_po=by_po,
            assumptions=assumed,
            assumptions_reviewed=reviewed,
            estimate=est,
            estimate_committed=at is not None,
            dependencies_open=open_deps,
            team_items_unchecked=unchecked[sid],
        )
        lines.append(ReadinessLine(StoryId(sid), key, title, est, check_readiness(facts)))
    return lines


def readiness_report(store: Store, team_id: TeamId, top: int = READINESS_TOP) -> ReadinessReport:
    """The PO's view: the top ``top`` backlog stories in rank order, ready points and a verdict."""
    with store.session() as session:
        lines = top_readiness_in(session, team_id, top)
        inputs = capacity_inputs_in(session, team_id)
    points = ready_points([(line.readiness.ready, line.estimate) for line in lines])
    proposal = propose_capacity(inputs)
    verdict = ready_for_planning(points, proposal.points)
    unready = [line.key for line in lines if not line.readiness.ready]
    basis = f"{proposal.explanation} {PLANNING_NOTE}"
    ready = len(lines) - len(unready)
    totals = ready_totals(ready, len(lines), points, proposal.points)
    return ReadinessReport(
        lines, points, proposal.points, basis, verdict.enough, verdict.text, totals, unready[:5]
    )
