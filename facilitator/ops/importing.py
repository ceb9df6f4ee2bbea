"""Importing stories into a team's backlog: one transaction, updates by key, counts, cancel.

The records come from a reader of :mod:`facilitator.exchange` and are written as they are read,
in batches, inside a single transaction: a bad row, a failure or a cancel rolls everything back,
so the database is as it was. A story whose key the team already has is updated in place (its
rank kept: the team may have reordered it); a new one goes to the bottom, in file order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from sqlalchemy import Table, bindparam, delete, func, insert, select, update
from sqlalchemy.orm import Session

from facilitator.domain.ids import TeamId
from facilitator.domain.model import DEFAULT_DEFINITION_OF_DONE
from facilitator.domain.ranking import RANK_STEP
from facilitator.domain.text_rules import TEAM_NAME, check_text
from facilitator.errors import ImportCancelled, ImportFileError, InputError
from facilitator.exchange.records import ImportedStory, Record, Skipped
from facilitator.ops.changes import ActionContext, Changes, Kind
from facilitator.store.db import Store
from facilitator.store.identity import local_editor
from facilitator.store.models import CriterionRow, StoryRow, TeamRow
from facilitator.store.repositories import TeamRepository

Progress = Callable[[int], bool]
"""Called with the number of rows read so far; returning False cancels the import."""
BATCH = 1000
NAMED_LIMIT = 500  # above this many stories the Changes name the whole backlog, not each id
_FIELDS = ("title", "description", "type", "status", "estimate")
_story: Table = StoryRow.__table__  # type: ignore[assignment]
_criterion: Table = CriterionRow.__table__  # type: ignore[assignment]


@dataclass
class ImportResult:
    """What an import did, for the user and for the screens."""

    team: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    skipped_why: list[str] = field(default_factory=list)
    changes: Changes = field(default_factory=Changes)

    @property
    def summary(self) -> str:
        """The counts in words: ``3 created, 1 updated, 0 unchanged, 1 skipped``."""
        return (
            f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.skipped} skipped"
        )


@dataclass
class _Existing:
    id: int
    values: tuple[object, ...]
    criteria: tuple[str, ...]


@dataclass
class _Batch:
    new: list[ImportedStory] = field(default_factory=list)
    changed: list[tuple[_Existing, ImportedStory]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.new) + len(self.changed)


def import_stories(
    store: Store,
    ctx: ActionContext,
    records: Iterable[Record],
    source: str,
    progress: Progress | None = None,
    every: int = 500,
    new_team: str | None = None,
) -> ImportResult:
    """Write ``records`` into ``ctx``'s team in one transaction.

    Args:
        store: the database.
        ctx: the moment and the team.
        records: stories (and skipped rows) as a reader yields them.
        source: the file they come from, for messages.
        progress: told the rows read every ``every`` rows and at the end; False cancels.
        every: how often ``progress`` is called.
        new_team: when ``ctx`` names no team, the name of a team to create for the stories
            (in the same transaction: a failed import leaves no empty team behind).

    Returns:
        The counts and the :class:`Changes` naming the backlog and the stories touched.

    Raises:
        ImportFileError: a row breaks a rule or repeats a key; nothing is saved.
        ImportCancelled: ``progress`` returned False; nothing is saved.
        InputError: the team does not exist.
    """
    with store.session() as session:
        team_id = ctx.team_id
        if team_id is None:
            name = check_text(new_team or "", TEAM_NAME)
            team_id = TeamRepository(session).add(name, 10, list(DEFAULT_DEFINITION_OF_DONE))
        team = session.get(TeamRow, team_id, with_for_update=True)  # ranks: see move_story
        if team is None:
            raise InputError(f"No team with id {team_id}")
        writer = _Writer(session, team_id, ctx, ImportResult(team.name), source)
        read = 0
        for record in records:
            read += 1
            writer.add(record)
            if progress is not None and read % every == 0 and not progress(read):
                raise ImportCancelled("Import cancelled; nothing was saved")
        writer.flush()
        if progress is not None and not progress(read):
            raise ImportCancelled("Import cancelled; nothing was saved")
        result = writer.result
        touched = writer.touched
    if len(touched) > NAMED_LIMIT:  # a screen reloads the backlog instead of patching rows
        result.changes = Changes(frozenset({Kind.BACKLOG, Kind.STORY}))
    else:
        result.changes = Changes.of(Kind.BACKLOG, *touched).also(Kind.STORY, *touched)
    if ctx.team_id is None:
        result.changes = result.changes.also(Kind.TEAMS, team_id)
    return result


class _Writer:
    """Batches of new and changed stories, written with a few statements per thousand rows."""

    def __init__(
        self,
        session: Session,
        team_id: TeamId,
        ctx: ActionContext,
        result: ImportResult,
        source: str,
    ) -> None:
        self.session, self.team_id, self.ctx, self.result = session, team_id, ctx, result
        self.source = source
        self.editor = local_editor()
        self.existing = _existing(session, team_id)
        self.seen: dict[str, int] = {}
        self.touched: list[int] = []
        self.batch = _Batch()
        top = session.scalar(select(func.max(StoryRow.rank)).where(StoryRow.team_id == team_id))
        self.rank = (top if top is not None else 0) + RANK_STEP

    def add(self, record: Record) -> None:
        if isinstance(record, Skipped):
            self.result.skipped += 1
            self.result.skipped_why.append(f"line {record.line} {record.key}: {record.reason}")
            return
        first = self.seen.get(record.key)
        if first is not None:
            raise ImportFileError(
                self.source,
                record.line,
                f"key {record.key} appears again (first on line {first})",
            )
        self.seen[record.key] = record.line
        old = self.existing.get(record.key)
        if old is None:
            self.batch.new.append(record)
        elif old.values == _values(record) and old.criteria == record.criteria:
            self.result.unchanged += 1
        else:
            self.batch.changed.append((old, record))
        if len(self.batch) >= BATCH:
            self.flush()

    def flush(self) -> None:
        batch, self.batch = self.batch, _Batch()
        if batch.new:
            self._insert(batch.new)
        if batch.changed:
            self._update(batch.changed)

    def _insert(self, stories: list[ImportedStory]) -> None:
        rows = []
        for item in stories:
            rows.append(
                {
                    "team_id": self.team_id,
                    "version": 1,
                    "changed_by": self.editor,
                    "changed_at": self.ctx.now,
                    "key": item.key,
                    "title": item.title,
                    "description": item.description,
                    "type": item.type,
                    "status": item.status,
                    "rank": self.rank,
                    "estimate": item.estimate,
                    "created_at": item.created or self.ctx.now,
                }
            )
            self.rank += RANK_STEP
        ids = self.session.execute(insert(_story).returning(_story.c.key, _story.c.id), rows)
        by_key: dict[str, int] = {key: story_id for key, story_id in ids}
        self.result.created += len(stories)
        self._criteria([(by_key[item.key], item) for item in stories])
        self.touched.extend(by_key[item.key] for item in stories)

    def _update(self, changed: list[tuple[_Existing, ImportedStory]]) -> None:
        statement = (
            update(_story)
            .where(_story.c.id == bindparam("story_id"))
            .values(
                version=_story.c.version + 1,
                changed_by=bindparam("editor"),
                changed_at=bindparam("at"),
                **{name: bindparam(f"new_{name}") for name in _FIELDS},
            )
        )
        params = [
            {
                "story_id": old.id,
                "editor": self.editor,
                "at": self.ctx.now,
                **{f"new_{name}": getattr(item, name) for name in _FIELDS},
            }
            for old, item in changed
        ]
        self.session.connection().execute(statement, params)
        redo = [(old.id, item) for old, item in changed if old.criteria != item.criteria]
        if redo:
            self.session.execute(
                delete(_criterion).where(_criterion.c.story_id.in_([i for i, _ in redo]))
            )
            self._criteria(redo)
        self.result.updated += len(changed)
        self.touched.extend(old.id for old, _item in changed)

    def _criteria(self, stories: list[tuple[int, ImportedStory]]) -> None:
        rows = [
            {
                "story_id": story_id,
                "position": position,
                "text": text,
                "author": self.editor,
                "created_at": self.ctx.now,
            }
            for story_id, item in stories
            for position, text in enumerate(item.criteria)
        ]
        if rows:
            self.session.execute(insert(_criterion), rows)


def _values(item: ImportedStory) -> tuple[object, ...]:
    return tuple(getattr(item, name) for name in _FIELDS)


def _existing(session: Session, team_id: TeamId) -> dict[str, _Existing]:
    columns = [_story.c[name] for name in _FIELDS]
    query = select(_story.c.id, _story.c.key, *columns).where(_story.c.team_id == team_id)
    found: dict[str, _Existing] = {}
    by_id: dict[int, _Existing] = {}
    for row in session.execute(query):
        item = _Existing(row[0], tuple(row[2:]), ())
        found[row[1]] = by_id[row[0]] = item
    if not found:
        return found
    texts: dict[int, list[str]] = {}
    criteria = (
        select(_criterion.c.story_id, _criterion.c.text)
        .join(_story, _story.c.id == _criterion.c.story_id)
        .where(_story.c.team_id == team_id)
        .order_by(_criterion.c.story_id, _criterion.c.position)
    )
    for story_id, text in session.execute(criteria):
        texts.setdefault(story_id, []).append(text)
    for story_id, items in texts.items():
        by_id[story_id].criteria = tuple(items)
    return found
