"""Story editing use cases: one transaction per action, validated first, logged in refinement."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from facilitator.domain.edits import stale_message
from facilitator.domain.ids import MemberId, StoryId
from facilitator.domain.model import StoryType
from facilitator.domain.poker import parse_estimate
from facilitator.domain.text_rules import (
    ASSUMPTION,
    CRITERION,
    STORY_DESCRIPTION,
    TextRule,
    check_text,
)
from facilitator.errors import InputError, StaleEdit
from facilitator.ops.backlog import clean_title
from facilitator.ops.story_reading import delivery_member
from facilitator.store.db import Store
from facilitator.store.models import (
    AssumptionRow,
    CriterionRow,
    MemberRow,
    RunChangeRow,
    StoryRow,
)


def story_row(session: Session, story_id: StoryId) -> StoryRow:
    """The story's row.

    Raises:
        InputError: no such story.
    """
    row = session.get(StoryRow, story_id)
    if row is None:
        raise InputError(f"No story with id {story_id}")
    return row


def check_version(row: StoryRow, read_version: int | None) -> None:
    """Refuse an edit made from a copy of the story older than the database's.

    Args:
        row: the story as it is now (in the caller's transaction, locked for writing).
        read_version: the version the user's copy was read at (None: no check, a script).

    Raises:
        StaleEdit: someone saved the story since it was read; nothing is written.
    """
    if read_version is not None and row.version != read_version:
        raise StaleEdit(stale_message(row.key, row.changed_by, row.changed_at))


def locked_story(session: Session, story_id: StoryId) -> StoryRow:
    """The story's row, locked until the transaction ends (``FOR UPDATE`` on a server; on SQLite
    the write transaction already holds the database's write lock).

    Raises:
        InputError: no such story.
    """
    row = session.get(StoryRow, story_id, with_for_update=True, populate_existing=True)
    if row is None:
        raise InputError(f"No story with id {story_id}")
    return row


def required_text(value: str, rule: TextRule) -> str:
    """``value`` checked against ``rule`` (see :func:`facilitator.domain.text_rules.check_text`).

    Raises:
        InputError: empty, too long or not text (the message names the field).
    """
    return check_text(value, rule)


def log_change(
    session: Session, log: int | None, story: StoryRow, kind: str, text: str, now: dt.datetime
) -> None:
    """Record a change in the change log of the ceremony run ``log`` (nothing when None)."""
    if log is not None:
        session.add(
            RunChangeRow(
                run_id=log,
                story_id=story.id,
                at=now,
                kind=kind,
                text=f"{story.key}: {text}",
            )
        )


def update_story(
    store: Store,
    story_id: StoryId,
    *,
    title: str | None = None,
    description: str | None = None,
    kind: StoryType | None = None,
    now: dt.datetime,
    log: int | None = None,
    read_version: int | None = None,
) -> int:
    """Save the fields the user changed (None: leave that field as it is).

    Only the given fields are written, so an edit of the description never puts back an old
    title. With ``read_version`` the edit is refused when anyone saved the story since it was
    read, even a different field: the user reloads (keeping what they typed) and saves again.

    Returns:
        The story's version after the save (unchanged when nothing differed).

    Raises:
        InputError: empty title or unknown story.
        StaleEdit: the story changed since ``read_version``; nothing was written.
    """
    title = None if title is None else clean_title(title)
    description = None if description is None else check_text(description, STORY_DESCRIPTION)
    with store.session() as session:
        row = locked_story(session, story_id)
        check_version(row, read_version)
        changed = []
        if title is not None and row.title != title:
            changed.append("title")
            row.title = title
        if description is not None and row.description != description:
            changed.append("description")
            row.description = description
        if kind is not None and row.type != kind.value:
            changed.append("type")
            row.type = kind.value
        if changed:
            log_change(session, log, row, "story", "edited " + ", ".join(changed), now)
            session.flush()
        return row.version


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
    with store.session() as session:
        row = story_row(session, story_id)
        return StoryFields(
            row.title,
            row.description,
            row.type,
            row.estimate,
            row.estimate_committed_by_id,
            row.estimate_committed_at,
            row.version,
        )


def restore_story_text(
    store: Store,
    story_id: StoryId,
    fields: StoryFields,
    now: dt.datetime,
    log: int | None = None,
    read_version: int | None = None,
) -> int:
    """Put back title, description and type (an undo, logged like an edit).

    Returns:
        The story's version afterwards.

    Raises:
        InputError: the story no longer exists.
        StaleEdit: someone changed the story since ``read_version`` (the undo would overwrite it).
    """
    if not exists(store, story_id):
        raise InputError("the story no longer exists")
    return update_story(
        store,
        story_id,
        title=fields.title,
        description=fields.description,
        kind=StoryType(fields.type),
        now=now,
        log=log,
        read_version=read_version,
    )


def restore_estimate(
    store: Store,
    story_id: StoryId,
    fields: StoryFields,
    now: dt.datetime,
    log: int | None = None,
    read_version: int | None = None,
) -> int:
    """Put back the estimate with who committed it and when, or no estimate (an undo).

    Returns:
        The story's version afterwards.

    Raises:
        InputError: the story no longer exists.
        StaleEdit: someone changed the story since ``read_version``.
    """
    with store.session() as session:
        row = session.get(StoryRow, story_id, with_for_update=True, populate_existing=True)
        if row is None:
            raise InputError("the story no longer exists")
        check_version(row, read_version)
        row.estimate = fields.estimate
        row.estimate_committed_by_id = fields.committed_by_id
        row.estimate_committed_at = fields.committed_at
        shown = "no estimate" if fields.estimate is None else f"{fields.estimate:g}"
        log_change(session, log, row, "estimate", f"estimate put back to {shown}", now)
        session.flush()
        return row.version


def exists(store: Store, story_id: StoryId) -> bool:
    """Whether the story is still in the database."""
    with store.session() as session:
        return session.get(StoryRow, story_id) is not None


# --- acceptance criteria ------------------------------------------------------------------------


def add_criterion(
    store: Store,
    story_id: StoryId,
    text: str,
    author_id: MemberId,
    now: dt.datetime,
    log: int | None = None,
) -> int:
    """Append an acceptance criterion written by ``author_id``.

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
            created_at=now,
        )
        session.add(row)
        session.flush()
        log_change(session, log, story, "criterion", f"criterion added: “{text}”", now)
        return row.id


def edit_criterion(
    store: Store, criterion_id: int, text: str, now: dt.datetime, log: int | None = None
) -> None:
    """Change a criterion's text (its author stays)."""
    text = required_text(text, CRITERION)
    with store.session() as session:
        row = session.get(CriterionRow, criterion_id)
        if row is None:
            raise InputError(f"No acceptance criterion with id {criterion_id}")
        row.text = text
        log_change(
            session,
            log,
            story_row(session, StoryId(row.story_id)),
            "criterion",
            f"criterion edited: “{text}”",
            now,
        )


def move_criterion(store: Store, criterion_id: int, delta: int) -> None:
    """Move a criterion up (``-1``) or down (``+1``) in its story's order."""
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


def remove_criterion(
    store: Store, criterion_id: int, now: dt.datetime, log: int | None = None
) -> None:
    """Delete a criterion."""
    with store.session() as session:
        row = session.get(CriterionRow, criterion_id)
        if row is None:
            raise InputError(f"No acceptance criterion with id {criterion_id}")
        story = story_row(session, StoryId(row.story_id))
        session.delete(row)
        log_change(session, log, story, "criterion", f"criterion removed: “{row.text}”", now)


# --- assumptions, estimate ----------------------------------------------------------------------


def add_assumption(
    store: Store, story_id: StoryId, text: str, now: dt.datetime, log: int | None = None
) -> int:
    """Record a technical assumption (not yet reviewed)."""
    text = required_text(text, ASSUMPTION)
    with store.session() as session:
        story = story_row(session, story_id)
        row = AssumptionRow(story_id=story_id, text=text, created_at=now)
        session.add(row)
        session.flush()
        log_change(session, log, story, "assumption", f"assumption added: “{text}”", now)
        return row.id


def remove_assumption(
    store: Store, assumption_id: int, now: dt.datetime, log: int | None = None
) -> None:
    """Delete a technical assumption (reviewed or not).

    Raises:
        InputError: no such assumption.
    """
    with store.session() as session:
        row = session.get(AssumptionRow, assumption_id)
        if row is None:
            raise InputError(f"No assumption with id {assumption_id}")
        story = story_row(session, StoryId(row.story_id))
        session.delete(row)
        log_change(session, log, story, "assumption", f"assumption removed: “{row.text}”", now)


def review_assumption(
    store: Store,
    assumption_id: int,
    reviewer_id: MemberId,
    now: dt.datetime,
    log: int | None = None,
) -> None:
    """Mark an assumption reviewed by an engineer of the delivery team, now.

    Raises:
        InputError: the reviewer is not an active delivery member of the story's team.
    """
    with store.session() as session:
        row = session.get(AssumptionRow, assumption_id)
        if row is None:
            raise InputError(f"No assumption with id {assumption_id}")
        story = story_row(session, StoryId(row.story_id))
        reviewer = delivery_member(session, story.team_id, reviewer_id, "Reviewed by")
        row.reviewed_by_id, row.reviewed_at = reviewer.id, now
        log_change(
            session,
            log,
            story,
            "assumption",
            f"assumption reviewed by {reviewer.name}: “{row.text}”",
            now,
        )


def commit_estimate(
    store: Store,
    story_id: StoryId,
    estimate: str,
    member_id: MemberId,
    now: dt.datetime,
    log: int | None = None,
) -> float:
    """Commit the team's estimate (who and when are recorded).

    Raises:
        InputError: not a number, negative, or the member does not deliver.
    """
    value = parse_estimate(estimate)
    with store.session() as session:
        return commit_estimate_in(session, story_id, value, member_id, now, log)


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
