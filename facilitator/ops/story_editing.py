"""Story editing use cases: one transaction per action, validated first, logged in refinement."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from facilitator.domain.ids import MemberId, StoryId
from facilitator.domain.model import StoryType
from facilitator.domain.poker import parse_estimate
from facilitator.domain.text_rules import (
    ASSUMPTION,
    CRITERION,
    STORY_DESCRIPTION,
    check_text,
)
from facilitator.errors import InputError
from facilitator.ops.backlog import clean_title
from facilitator.ops.changes import NOTHING, ActionContext, Changes, Kind, Replay, Undo
from facilitator.ops.story_reading import delivery_member
from facilitator.ops.story_rows import check_version, locked_story
from facilitator.ops.story_rows import log_change as log_change  # used by other ops too
from facilitator.ops.story_rows import required_text as required_text
from facilitator.ops.story_rows import story_row as story_row
from facilitator.store.db import Store
from facilitator.store.models import (
    AssumptionRow,
    CriterionRow,
    MemberRow,
    StoryRow,
)

_FIELDS = ("title", "description", "type")


def update_story(
    store: Store,
    ctx: ActionContext,
    story_id: StoryId,
    *,
    title: str | None = None,
    description: str | None = None,
    kind: StoryType | None = None,
    read_version: int | None = None,
) -> Changes:
    """Save the fields the user changed (None: leave that field as it is), in one transaction.

    Only the given fields are written, so an edit of the description never puts back an old
    title. With ``read_version`` the edit is refused when anyone saved the story since it was
    read, even a different field: the user reloads (keeping what they typed) and saves again.

    Returns:
        The record naming the story, with the undo that puts the changed fields back as they
        were read in the same transaction (no undo when nothing differed).

    Raises:
        InputError: empty title or unknown story.
        StaleEdit: the story changed since ``read_version``; nothing was written.
    """
    typed: dict[str, str] = {}
    if title is not None:
        typed["title"] = clean_title(title)
    if description is not None:
        typed["description"] = check_text(description, STORY_DESCRIPTION)
    if kind is not None:
        typed["type"] = kind.value
    with store.session() as session:
        row = locked_story(session, story_id)
        check_version(row, read_version)
        old = _write_fields(session, ctx, row, typed, "edited ")
        version, key = row.version, row.key
    if not old:
        return NOTHING
    new = {name: typed[name] for name in old}
    undo = _versioned_undo(
        f"edit {key} {', '.join(old)}", story_id, version, _put_fields(old), _put_fields(new)
    )
    return Changes.of(Kind.STORY, story_id, undo=undo)


def _write_fields(
    session: Session, ctx: ActionContext, row: StoryRow, fields: dict[str, str], verb: str
) -> dict[str, str]:
    """Write ``fields`` that differ; return their old values (empty: nothing differed)."""
    old: dict[str, str] = {}
    for name in _FIELDS:
        if name in fields and getattr(row, name) != fields[name]:
            old[name] = getattr(row, name)
            setattr(row, name, fields[name])
    if old:
        log_change(session, ctx.run_id, row, "story", verb + ", ".join(old), ctx.now)
        session.flush()  # bumps the version
    return old


# Puts saved values back over the story row (locked, version checked), in the caller's
# transaction; returns nothing. Used by the undo and redo of edits and estimates.
_Put = Callable[[Session, ActionContext, StoryRow], None]


def _put_fields(fields: dict[str, str]) -> _Put:
    def put(session: Session, ctx: ActionContext, row: StoryRow) -> None:
        _write_fields(session, ctx, row, fields, "put back ")

    return put


def _versioned_undo(text: str, story_id: StoryId, version: int, undo: _Put, redo: _Put) -> Undo:
    """An undo and a redo that each apply only over the version the previous step left.

    So an undo is refused, naming the story, when someone saved it since; nothing is
    overwritten.
    """
    cell = [version]

    def step(put: _Put) -> Replay:
        def replay(store: Store, ctx: ActionContext) -> Changes:
            with store.session() as session:
                row = session.get(StoryRow, story_id, with_for_update=True, populate_existing=True)
                if row is None:
                    raise InputError("the story no longer exists")
                check_version(row, cell[0])
                put(session, ctx, row)
                session.flush()
                cell[0] = row.version
            return Changes.of(Kind.STORY, story_id)

        return replay

    return Undo(text, step(undo), step(redo))


@dataclass(frozen=True)
class StoryFields:
    """A story's editable fields as saved, to put back when an edit is undone."""

    title: str
    description: str
    type: str
    estimate: float | None
    committed_by_id: int | None
    committed_at: dt.datetime | None
    version: int = 1


def story_fields(store: Store, story_id: StoryId) -> StoryFields:
    """The story's title, description, type and estimate (with who committed it, and when).

    Raises:
        InputError: no such story.
    """
    with store.read_session() as session:
        return _fields_of(story_row(session, story_id))


def _fields_of(row: StoryRow) -> StoryFields:
    return StoryFields(
        row.title,
        row.description,
        row.type,
        row.estimate,
        row.estimate_committed_by_id,
        row.estimate_committed_at,
        row.version,
    )


def _put_estimate(fields: StoryFields) -> _Put:
    def put(session: Session, ctx: ActionContext, row: StoryRow) -> None:
        row.estimate = fields.estimate
        row.estimate_committed_by_id = fields.committed_by_id
        row.estimate_committed_at = fields.committed_at
        shown = "no estimate" if fields.estimate is None else f"{fields.estimate:g}"
        log_change(session, ctx.run_id, row, "estimate", f"estimate put back to {shown}", ctx.now)

    return put


# --- acceptance criteria ------------------------------------------------------------------------


def add_criterion(
    store: Store, ctx: ActionContext, story_id: StoryId, text: str, author_id: MemberId
) -> Changes:
    """Append an acceptance criterion written by ``author_id``, in one transaction.

    Returns:
        The story changed; ``created`` is the new criterion's id.

    Raises:
        InputError: empty text, unknown story or author.
    """
    text = required_text(text, CRITERION)
    with store.session() as session:
        story = story_row(session, story_id)
        author = session.get(MemberRow, author_id)
        if author is None or author.team_id != story.team_id:
            raise InputError("Author: pick a member of this team")
        last = session.scalar(
            select(func.max(CriterionRow.position)).where(CriterionRow.story_id == story_id)
        )
        row = CriterionRow(
            story_id=story_id,
            position=(last if last is not None else -1) + 1,
            text=text,
            author=author.name,
            created_at=ctx.now,
        )
        session.add(row)
        session.flush()
        log_change(session, ctx.run_id, story, "criterion", f"criterion added: “{text}”", ctx.now)
        return Changes.of(Kind.STORY, story_id, created=row.id)


def edit_criterion(store: Store, ctx: ActionContext, criterion_id: int, text: str) -> Changes:
    """Change a criterion's text (its author stays), in one transaction."""
    text = required_text(text, CRITERION)
    with store.session() as session:
        row = session.get(CriterionRow, criterion_id)
        if row is None:
            raise InputError(f"No acceptance criterion with id {criterion_id}")
        row.text = text
        story_id = StoryId(row.story_id)
        story = story_row(session, story_id)
        log_change(session, ctx.run_id, story, "criterion", f"criterion edited: “{text}”", ctx.now)
    return Changes.of(Kind.STORY, story_id)


def move_criterion(store: Store, ctx: ActionContext, criterion_id: int, delta: int) -> Changes:
    """Move a criterion up (``-1``) or down (``+1``) in its story's order, in one transaction."""
    del ctx  # a reorder is not logged
    with store.session() as session:
        row = session.get(CriterionRow, criterion_id)
        if row is None:
            raise InputError(f"No acceptance criterion with id {criterion_id}")
        rows = list(
            session.scalars(
                select(CriterionRow)
                .where(CriterionRow.story_id == row.story_id)
                .order_by(CriterionRow.position, CriterionRow.id)
            )
        )
        index = rows.index(row)
        target = max(0, min(len(rows) - 1, index + delta))
        rows.insert(target, rows.pop(index))
        for position, item in enumerate(rows):
            item.position = position
        story_id = row.story_id
    return Changes.of(Kind.STORY, story_id)


def remove_criterion(store: Store, ctx: ActionContext, criterion_id: int) -> Changes:
    """Delete a criterion, in one transaction."""
    with store.session() as session:
        row = session.get(CriterionRow, criterion_id)
        if row is None:
            raise InputError(f"No acceptance criterion with id {criterion_id}")
        story = story_row(session, StoryId(row.story_id))
        session.delete(row)
        text = f"criterion removed: “{row.text}”"
        log_change(session, ctx.run_id, story, "criterion", text, ctx.now)
        story_id = story.id
    return Changes.of(Kind.STORY, story_id)


# --- assumptions, estimate ----------------------------------------------------------------------


def add_assumption(store: Store, ctx: ActionContext, story_id: StoryId, text: str) -> Changes:
    """Record a technical assumption (not yet reviewed), in one transaction.

    Returns:
        The record naming the story (the assumption's id in ``created``).
    """
    text = required_text(text, ASSUMPTION)
    with store.session() as session:
        story = story_row(session, story_id)
        row = AssumptionRow(story_id=story_id, text=text, created_at=ctx.now)
        session.add(row)
        session.flush()
        added = f"assumption added: “{text}”"
        log_change(session, ctx.run_id, story, "assumption", added, ctx.now)
        created = row.id
    return Changes.of(Kind.STORY, story_id, created=created)


def remove_assumption(store: Store, ctx: ActionContext, assumption_id: int) -> Changes:
    """Delete a technical assumption (reviewed or not), in one transaction.

    Raises:
        InputError: no such assumption.
    """
    with store.session() as session:
        row = session.get(AssumptionRow, assumption_id)
        if row is None:
            raise InputError(f"No assumption with id {assumption_id}")
        story = story_row(session, StoryId(row.story_id))
        session.delete(row)
        text = f"assumption removed: “{row.text}”"
        log_change(session, ctx.run_id, story, "assumption", text, ctx.now)
        story_id = story.id
    return Changes.of(Kind.STORY, story_id)


def review_assumption(
    store: Store, ctx: ActionContext, assumption_id: int, reviewer_id: MemberId
) -> Changes:
    """Mark an assumption reviewed by an engineer of the delivery team, now, in one transaction.

    Raises:
        InputError: the reviewer is not an active delivery member of the story's team.
    """
    with store.session() as session:
        row = session.get(AssumptionRow, assumption_id)
        if row is None:
            raise InputError(f"No assumption with id {assumption_id}")
        story = story_row(session, StoryId(row.story_id))
        reviewer = delivery_member(session, story.team_id, reviewer_id, "Reviewed by")
        row.reviewed_by_id, row.reviewed_at = reviewer.id, ctx.now
        text = f"assumption reviewed by {reviewer.name}: “{row.text}”"
        log_change(session, ctx.run_id, story, "assumption", text, ctx.now)
        story_id = story.id
    return Changes.of(Kind.STORY, story_id)


def commit_estimate(
    store: Store,
    ctx: ActionContext,
    story_id: StoryId,
    estimate: str,
    member_id: MemberId,
    read_version: int | None = None,
) -> Changes:
    """Commit the team's estimate (who and when are recorded), in one transaction.

    With ``read_version`` the commit is refused when anyone saved the story since it was read.

    Returns:
        The record naming the story, with the undo that puts back the estimate (and who
        committed it, and when) as read in the same transaction.

    Raises:
        InputError: not a number, negative, or the member does not deliver.
        StaleEdit: the story changed since ``read_version``; nothing was written.
    """
    value = parse_estimate(estimate)
    with store.session() as session:
        row = locked_story(session, story_id)
        check_version(row, read_version)
        before = _fields_of(row)
        commit_estimate_in(session, story_id, value, member_id, ctx.now, ctx.run_id)
        session.flush()
        after, key = _fields_of(row), row.key
    undo = _versioned_undo(
        f"commit estimate {value:g} for {key}",
        story_id,
        after.version,
        _put_estimate(before),
        _put_estimate(after),
    )
    return Changes.of(Kind.STORY, story_id, undo=undo)


def commit_estimate_in(
    session: Session,
    story_id: StoryId,
    value: float,
    member_id: MemberId,
    now: dt.datetime,
    log: int | None,
    how: str = "",
) -> float:
    """Commit an estimate inside the caller's transaction (see :func:`commit_estimate`)."""
    story = story_row(session, story_id)
    member = delivery_member(session, story.team_id, member_id, "Committed by")
    old = story.estimate
    story.estimate = value
    story.estimate_committed_by_id = member.id
    story.estimate_committed_at = now
    before = "" if old is None or old == value else f" (was {old:g})"
    log_change(session, log, story, "estimate", f"estimate {value:g} committed{before}{how}", now)
    return value
