"""A story's row as an edit reads it: found or refused, locked, checked against the version the
user read; a required text checked; the change logged in the ceremony run."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from facilitator.domain.edits import stale_message
from facilitator.domain.ids import StoryId
from facilitator.domain.text_rules import TextRule, check_text
from facilitator.errors import InputError, StaleEdit
from facilitator.store.models import RunChangeRow, StoryRow


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
