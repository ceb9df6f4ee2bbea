"""Sprint review use cases over the review ceremony run (DESIGN.md rule 5).

Every action is ``(store, ctx, ...)``, runs ONE transaction and returns :class:`Changes` naming
the run (and the sprint, the backlog and stories where they change). The rules are the
domain's (:mod:`facilitator.domain.review`): a refusal raises before anything is written.
Which sprint is reviewed is decided in :mod:`facilitator.ops.review_reads`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace

from sqlalchemy.orm import Session

from facilitator.domain import ceremony_run as run_rules
from facilitator.domain.ceremony_run import RunPhase, RunState
from facilitator.domain.delivery import Defect, DefectKind, Deployment
from facilitator.domain.ids import CriterionId, MemberId, RunId, SprintId, StoryId, TeamId
from facilitator.domain.model import SprintState, StoryStatus, StoryType
from facilitator.domain.review import Review
from facilitator.domain.review_rules import (
    NoteKind,
    StakeholderNote,
    back_to_top,
    draft_story,
)
from facilitator.domain.text_rules import (
    DEFECT,
    DEPLOYMENT,
    REVIEW_NOTE,
    REVIEW_NOTE_BY,
    check_text,
)
from facilitator.errors import InputError, RuleViolation
from facilitator.ops.backlog import create_story_in
from facilitator.ops.ceremony import RunChanges, run_changes, start_run_in
from facilitator.ops.changes import ActionContext, Changes, Kind, Undo
from facilitator.ops.planning_reads import signed_in
from facilitator.ops.review_reads import (
    REVIEW,
    ReviewView,
    load_review,
    open_review_run,
    review_of,
    review_preview,
    sprint_to_review_in,
    story_id_of,
)
from facilitator.store.backlog_repository import BacklogRepository
from facilitator.store.ceremony_repository import CeremonyRepository
from facilitator.store.db import Store
from facilitator.store.models import CeremonyRunRow, SprintRow, StoryRow
from facilitator.store.review_repository import ReviewRepository

__all__ = ["REVIEW", "ReviewView", "load_review", "open_review_run", "review_preview"]


def _record(run_id: RunId, sprint_id: int, undo: Undo | None = None) -> Changes:
    return Changes.of(Kind.RUN, run_id, undo=undo).also(Kind.SPRINT, sprint_id)


def _with(record: RunChanges, *more: tuple[Kind, int]) -> RunChanges:
    """``record`` naming ``more`` too, still carrying the run (the shared timer follows it)."""
    return RunChanges(
        record.kinds | {k for k, _ in more},
        record.ids | {(k, int(i)) for k, i in more},
        record.undo,
        record.created,
        record.run,
    )


def _in_run(ctx: ActionContext, run_id: RunId) -> ActionContext:
    return replace(ctx, run_id=run_id)


# --- opening and walking ---------------------------------------------------------------------
def open_review(store: Store, ctx: ActionContext) -> RunChanges:
    """Open (or resume) the review of the team's sprint to review, its clock running.

    A review run left open is carried on, and so is one whose clock was finished before the
    review closed (the review is only over when it closes); a new one walks every story of the
    sprint, the forecast first, then the stories added mid-sprint.

    Raises:
        RuleViolation: the team has no active sprint, or the sprint holds no story.
    """
    with store.session() as session:
        repo = ReviewRepository(session)
        found = CeremonyRepository(session).open_run(ctx.team(), REVIEW)
        sprint_id = None if found is None else repo.sprint_of_run(found.run_id)
        if sprint_id is not None:
            return _with(start_run_in(session, ctx, REVIEW), (Kind.SPRINT, sprint_id))
        sprint = sprint_to_review_in(session, ctx.team())
        sprint_id = SprintId(sprint.id)
        ended = repo.run_of_sprint(sprint_id)
        if ended is not None:  # its clock was finished before the review closed: carry on
            row = session.get_one(CeremonyRunRow, ended)
            row.phase, row.ended_at, row.running_since = RunPhase.WALK.value, None, None
            session.flush()
            return _with(start_run_in(session, ctx, REVIEW), (Kind.SPRINT, sprint_id))
        stories = repo.sprint_stories(sprint_id)
        if not stories:
            raise RuleViolation(f"Nothing to review: {sprint.name} holds no story")
        started = start_run_in(session, ctx, REVIEW, queue=tuple(s.story_id for s in stories))
        assert started.run is not None
        run_id = started.run.run_id
        session.get_one(CeremonyRunRow, run_id).sprint_id = sprint.id
        repo.create(run_id, sprint_id)
        state = CeremonyRepository(session).get(run_id)
        assert state is not None
    return _with(run_changes(state, created=started.created is not None), (Kind.SPRINT, sprint.id))


def step_story(store: Store, ctx: ActionContext, step: int) -> RunChanges:
    """The previous (-1) or next (+1) story of the review.

    Raises:
        RuleViolation: the review is not walking, or the walk is at its first / last story.
    """

    def rule(state: RunState) -> RunState:
        if not state.walking:
            raise RuleViolation("Open the review first: no story is being walked")
        target = state.position + step
        if not 0 <= target < len(state.queue):
            where = "first" if step < 0 else "last"
            raise RuleViolation(f"This is the {where} story of the {len(state.queue)} to review")
        return run_rules.go_to(state, target)

    with store.session() as session:
        run_id, sprint_id, _ = review_of(session, ctx)
        runs = CeremonyRepository(session)
        current = runs.get(run_id)
        assert current is not None
        return _with(run_changes(runs.save(rule(current))), (Kind.SPRINT, sprint_id))


# --- marks ----------------------------------------------------------------------------------
Mark = Callable[[Session, RunId, Review], None]


def _mark(store: Store, ctx: ActionContext, mark: Mark, undo: Undo | None) -> Changes:
    with store.session() as session:
        run_id, sprint_id, review = review_of(session, ctx)
        mark(session, run_id, review)
    return _record(run_id, sprint_id, undo)


def mark_criterion(
    store: Store,
    ctx: ActionContext,
    key: str,
    criterion_id: CriterionId,
    passed: bool | None,
    *,
    undoable: bool = True,
) -> Changes:
    """Mark an acceptance criterion of ``key`` as demoed passed or failed (None: unmarked).

    Undoing puts back the mark it had before.

    Raises:
        RuleViolation: the review is closed, or the story or criterion is not in it.
    """
    before: list[bool | None] = []

    def mark(session: Session, run_id: RunId, review: Review) -> None:
        review.mark_criterion(key, criterion_id, bool(passed))  # the rule, before writing
        repo = ReviewRepository(session)
        before.append(repo.criterion_mark(run_id, criterion_id))
        repo.set_criterion_mark(run_id, criterion_id, passed, ctx.now)

    run_id = ctx.run_id
    undo = None
    if undoable and run_id is not None:
        word = {True: "pass", False: "fail", None: "unmark"}[passed]
        undo = Undo(
            f"{word} a criterion of {key}",
            lambda st, c: mark_criterion(
                st, _in_run(c, run_id), key, criterion_id, before[0], undoable=False
            ),
            lambda st, c: mark_criterion(
                st, _in_run(c, run_id), key, criterion_id, passed, undoable=False
            ),
        )
    return _mark(store, ctx, mark, undo)


def mark_dod(
    store: Store,
    ctx: ActionContext,
    key: str,
    item: str,
    holds: bool | None,
    *,
    undoable: bool = True,
) -> Changes:
    """Check a Definition-of-Done item for ``key``: it holds or not (None: unchecked).

    Undoing puts back the check it had before.

    Raises:
        RuleViolation: the review is closed, the story is not in it, or ``item`` is not in the
            team's Definition of Done.
    """
    before: list[bool | None] = []

    def mark(session: Session, run_id: RunId, review: Review) -> None:
        review.mark_dod(key, item, bool(holds))
        repo = ReviewRepository(session)
        story_id = review.story(key).story_id
        before.append(repo.dod_mark(run_id, story_id, item))
        repo.set_dod_mark(run_id, story_id, item, holds, ctx.now)

    run_id = ctx.run_id
    undo = None
    if undoable and run_id is not None:
        word = {True: "tick", False: "untick", None: "clear"}[holds]
        undo = Undo(
            f"{word} “{item}” for {key}",
            lambda st, c: mark_dod(st, _in_run(c, run_id), key, item, before[0], undoable=False),
            lambda st, c: mark_dod(st, _in_run(c, run_id), key, item, holds, undoable=False),
        )
    return _mark(store, ctx, mark, undo)


# --- notes, deployments, defects ----------------------------------------------------------------
def capture_note(
    store: Store,
    ctx: ActionContext,
    kind: NoteKind,
    text: str,
    by: str = "",
    story_key: str | None = None,
) -> Changes:
    """Capture a stakeholder's question or feedback (about ``story_key`` when given).

    Returns:
        The record naming the run, with the note's id in ``created``.

    Raises:
        InputError: the text is empty, too long or not text.
        RuleViolation: the review is closed, or the story is not in the sprint.
    """
    note = StakeholderNote(
        kind, check_text(text, REVIEW_NOTE), check_text(by, REVIEW_NOTE_BY), story_key
    )
    with store.session() as session:
        run_id, sprint_id, review = review_of(session, ctx)
        review.capture(note)
        made = ReviewRepository(session).add_note(
            run_id, note, story_id_of(review, story_key), ctx.now
        )
    record = _record(run_id, sprint_id)
    return Changes(record.kinds, record.ids, None, made)


def feedback_to_story(store: Store, ctx: ActionContext, note_id: int) -> Changes:
    """Make a new backlog story of a captured feedback, in one action (at the backlog's bottom,
    for the Product Owner to rank).

    Returns:
        The record naming the run and the new story (its id in ``created``).

    Raises:
        InputError: the note is a question, or not of this review.
        RuleViolation: the review is closed, or the feedback already became a story.
    """
    with store.session() as session:
        run_id, sprint_id, review = review_of(session, ctx)
        repo = ReviewRepository(session)
        row = repo.note_row(note_id)
        if row is None or row.run_id != run_id:
            raise InputError(f"No note {note_id} in this review")
        if row.created_story_id is not None:
            made = session.get(StoryRow, row.created_story_id)
            key = "a story" if made is None else made.key
            raise RuleViolation(f"This feedback already became {key}")
        if review.closed:
            raise RuleViolation("No story can be made: the review is closed")
        note = next(n.note for n in repo.notes(run_id) if n.note_id == note_id)
        draft = draft_story(note)
        created = create_story_in(session, ctx, draft.title, StoryType.STORY, draft.description)
        row.created_story_id = created
    record = _record(run_id, sprint_id).also(Kind.BACKLOG, created).also(Kind.STORY, created)
    return Changes(record.kinds, record.ids, None, created)


DEPLOYED_AT_FORMAT = "%Y-%m-%d %H:%M"


def deployment_time(typed: str, now: dt.datetime) -> dt.datetime:
    """The deployment time typed as ``2026-11-26 16:30``, in ``now``'s time zone.

    Raises:
        InputError: the text is not a date and time in that form, or is later than ``now``.
    """
    try:
        naive = dt.datetime.strptime(typed.strip(), DEPLOYED_AT_FORMAT)
    except ValueError:
        raise InputError(
            f"Deployed at: write the date and time as {now.strftime(DEPLOYED_AT_FORMAT)}"
        ) from None
    at = naive.replace(tzinfo=now.tzinfo)
    if at > now:
        raise InputError("Deployed at: a deployment being recorded cannot be in the future")
    return at


def record_deployment(store: Store, ctx: ActionContext, at: dt.datetime, what: str) -> Changes:
    """Record a production deployment of the reviewed sprint.

    Raises:
        InputError: ``what`` is empty or not text, or ``at`` carries no time zone.
        RuleViolation: the review is closed.
    """
    deployment = Deployment(at, check_text(what, DEPLOYMENT))
    with store.session() as session:
        run_id, sprint_id, review = review_of(session, ctx)
        review.record_deployment(deployment)
        ReviewRepository(session).add_deployment(sprint_id, deployment)
    return _record(run_id, sprint_id)


def record_defect(
    store: Store,
    ctx: ActionContext,
    kind: DefectKind,
    description: str,
    story_key: str | None = None,
) -> Changes:
    """Record a defect of the reviewed sprint: found in the sprint or escaped to production.

    Raises:
        InputError: the description is empty or not text.
        RuleViolation: the review is closed, or the story is not in the sprint.
    """
    defect = Defect(kind, check_text(description, DEFECT), story_key)
    with store.session() as session:
        run_id, sprint_id, review = review_of(session, ctx)
        review.record_defect(defect)
        ReviewRepository(session).add_defect(
            sprint_id, defect, story_id_of(review, story_key), ctx.now
        )
    return _record(run_id, sprint_id)


# --- closing -------------------------------------------------------------------------------------
def close_review(store: Store, ctx: ActionContext, by: MemberId) -> RunChanges:
    """Close the review: fix each story's Done decision and the sprint's delivery figures,
    send the stories not Done to the top of the backlog with their reasons, close the sprint
    and end the review run.

    Raises:
        RuleViolation: a story is not walked (each named with what is missing), or the review
            is already closed. No override makes a failing story Done.
    """
    with store.session() as session:
        run_id, sprint_id, review = review_of(session, ctx)
        closed = review.close(signed_in(session, by, ctx.now))
        assert closed.closing is not None
        returned = {r.story_id for r in closed.closing.returned}
        done = [s.story_id for s in review.stories if s.story_id not in returned]
        ReviewRepository(session).close(run_id, sprint_id, closed.closing, done)
        sprint = session.get_one(SprintRow, sprint_id)
        backlog = BacklogRepository(session)
        backlog.lock_team_ranks(TeamId(sprint.team_id))
        for story_id in done:
            session.get_one(StoryRow, story_id).status = StoryStatus.DONE.value
        top = backlog.edge_rank(TeamId(sprint.team_id), top=True, excluding=StoryId(-1))
        for story_id, rank in back_to_top(closed.closing.returned, top):
            row = session.get_one(StoryRow, story_id)
            row.status, row.rank = StoryStatus.REFINED.value, rank
        sprint.state = SprintState.CLOSED.value
        runs = CeremonyRepository(session)
        state = runs.get(run_id)
        assert state is not None
        if state.is_open:
            state = runs.save(run_rules.finish(state, ctx.now))
    stories = [(Kind.STORY, s.story_id) for s in review.stories]
    backlog_ids = [(Kind.BACKLOG, s) for s in returned]
    return _with(run_changes(state), (Kind.SPRINT, sprint_id), *stories, *backlog_ids)
