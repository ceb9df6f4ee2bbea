"""Reads of the sprint review, inside a transaction or in one of their own: which sprint the
review is of, the review of a run, and what the review screen shows (:class:`ReviewView`).
The actions are in :mod:`facilitator.ops.review`.

Which sprint is reviewed: the team's active sprint that started first. A sprint stays active
until its review closes it, so a sprint whose end date has passed without a review comes
before the one running now; with one active sprint it is that one. A review already open (left
by a quit or a crash) is carried on whatever the dates.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from facilitator.domain.ceremony_run import RunState
from facilitator.domain.ids import MemberId, RunId, SprintId, StoryId, TeamId
from facilitator.domain.model import Member, Role, SprintState
from facilitator.domain.review import Review, walk_words
from facilitator.domain.timebox import Ceremony
from facilitator.errors import InputError, RuleViolation
from facilitator.ops.changes import ActionContext
from facilitator.store.ceremony_repository import CeremonyRepository
from facilitator.store.db import Store
from facilitator.store.models import SprintRow
from facilitator.store.repositories import TeamRepository
from facilitator.store.review_repository import NoteRecord, ReviewRepository

REVIEW = Ceremony.REVIEW


@dataclass(frozen=True, slots=True)
class ReviewView:
    """Everything the review screen shows, read in one transaction."""

    run: RunState
    sprint_id: SprintId
    review: Review
    notes: tuple[NoteRecord, ...]
    members: tuple[Member, ...]

    @property
    def story_key(self) -> str | None:
        """The key of the story on the stage (the run's position), if walking."""
        current = self.run.current
        found = next((s for s in self.review.stories if s.story_id == current), None)
        return None if found is None else found.key

    def facilitator(self) -> MemberId | None:
        """Who closes by default: the team's Scrum master, else its first member."""
        lead = next((m for m in self.members if m.role is Role.SCRUM_MASTER), None)
        chosen = lead or (self.members[0] if self.members else None)
        return None if chosen is None else chosen.id


def sprint_to_review_in(session: Session, team_id: TeamId) -> SprintRow:
    """The sprint the team reviews next (see the module text).

    Raises:
        RuleViolation: the team has no active sprint.
    """
    query = (
        select(SprintRow)
        .where(SprintRow.team_id == team_id, SprintRow.state == SprintState.ACTIVE.value)
        .order_by(SprintRow.start_date, SprintRow.id)
        .limit(1)
    )
    found = session.scalars(query).first()
    if found is None:
        raise RuleViolation("No sprint to review: a sprint starts when its planning closes")
    return found


def review_in(session: Session, run_id: RunId) -> tuple[SprintId, Review]:
    """The sprint and review of ``run_id``, with the team's Definition of Done now.

    Raises:
        InputError: the run is not a review (or no longer exists).
    """
    repo = ReviewRepository(session)
    sprint_id = repo.sprint_of_run(run_id)
    run = CeremonyRepository(session).get(run_id)
    team = None if run is None else TeamRepository(session).get(run.team_id)
    review = None if team is None else repo.load(run_id, team.definition_of_done)
    if sprint_id is None or review is None:
        raise InputError(f"The review run {run_id} no longer exists")
    return sprint_id, review


def review_of(session: Session, ctx: ActionContext) -> tuple[RunId, SprintId, Review]:
    """The review ``ctx`` acts on.

    Raises:
        InputError: no review is under way, or its run no longer exists.
    """
    if ctx.run_id is None:
        raise InputError("Open the review first: there is no review under way")
    sprint_id, review = review_in(session, ctx.run_id)
    return ctx.run_id, sprint_id, review


def story_id_of(review: Review, key: str | None) -> StoryId | None:
    """The id of the sprint story ``key`` (None for no story).

    Raises:
        RuleViolation: ``key`` is not a story of the sprint.
    """
    return None if key is None else review.story(key).story_id


def load_review(store: Store, run_id: RunId) -> ReviewView:
    """What the review screen shows for ``run_id``.

    Raises:
        InputError: the run is not a review.
    """
    with store.read_session() as session:
        sprint_id, review = review_in(session, run_id)
        run = CeremonyRepository(session).get(run_id)
        assert run is not None
        members = tuple(m for m in TeamRepository(session).members(run.team_id) if m.active)
        notes = ReviewRepository(session).notes(run_id)
        return ReviewView(run, sprint_id, review, notes, members)


def review_preview(store: Store, team_id: TeamId) -> str:
    """What the team's next review will walk (:func:`~facilitator.domain.review.walk_words`),
    or why there is no sprint to review."""
    with store.read_session() as session:
        try:
            sprint = sprint_to_review_in(session, team_id)
        except RuleViolation as err:
            return str(err)
        held, added = ReviewRepository(session).story_counts(SprintId(sprint.id))
        return walk_words(sprint.name, held, added)


def open_review_run(store: Store, team_id: TeamId) -> RunId | None:
    """The team's review run left open (by a quit, a crash or another window), if any."""
    with store.read_session() as session:
        found = CeremonyRepository(session).open_run(team_id, REVIEW)
        if found is None or ReviewRepository(session).sprint_of_run(found.run_id) is None:
            return None
        return found.run_id
