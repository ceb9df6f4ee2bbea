"""Importing a file of a named kind (jira, github, csv, json) into a team: the one entry point
the command line and the File menu share."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import select

from facilitator.errors import ImportFileError
from facilitator.exchange.backlog_csv import read_backlog_csv
from facilitator.exchange.dump_file import open_dump
from facilitator.exchange.github import DEFAULT_POINTS_LABEL, read_github
from facilitator.exchange.jira import read_jira
from facilitator.exchange.reading import MAX_IMPORT_BYTES, open_checked
from facilitator.exchange.records import Record
from facilitator.ops.changes import ActionContext
from facilitator.ops.exporting import team_id_named
from facilitator.ops.importing import ImportResult, Progress, import_stories
from facilitator.ops.team_dump import import_dump
from facilitator.store.db import Store
from facilitator.store.models import TeamRow

KINDS = ("jira", "github", "csv", "json")
DUMP_LIMIT = 1 << 62
"""A team dump is streamed in bounded memory, so only what the disk holds limits its size."""


@dataclass(frozen=True)
class ImportOptions:
    """How to read a file: its encoding, a column mapping (csv), the points label (github)."""

    encoding: str | None = None
    mapping: Mapping[str, str] = field(default_factory=dict)
    points_label: str = DEFAULT_POINTS_LABEL
    delimiter: str = ","
    limit: int = MAX_IMPORT_BYTES


def records_of(kind: str, stream: BinaryIO, name: str, options: ImportOptions) -> Iterator[Record]:
    """The stories of a story file (jira, github or csv), read lazily from ``stream``."""
    if kind == "jira":
        return read_jira(stream, name, options.encoding)
    if kind == "github":
        return read_github(stream, name, options.encoding, options.points_label)
    if kind == "csv":
        return read_backlog_csv(stream, name, options.mapping, options.encoding, options.delimiter)
    raise ValueError(f"not a story file kind: {kind}")


def import_file(
    store: Store,
    kind: str,
    path: Path,
    team: str | None,
    now: dt.datetime,
    options: ImportOptions | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Import ``path`` of ``kind`` in one transaction: into the team called ``team`` (created
    when there is none of that name) or the only team; a json dump creates its teams.

    Raises:
        ImportFileError: the file is unusable or a row breaks a rule; nothing is saved.
        ImportCancelled: ``progress`` cancelled; nothing is saved. A json dump tells ``progress``
            how far it is in bytes of the file (the other kinds: the rows read).
        InputError: no team chosen and the database has none or several.
    """
    options = options or ImportOptions()
    name = str(path)
    if kind == "json":
        return _import_dump(store, path, team, options, progress)
    ctx, new_team = _target(store, team, now)
    with open_checked(path, options.limit) as stream:
        records = records_of(kind, stream, name, options)
        return import_stories(store, ctx, records, name, progress, new_team=new_team)


def _import_dump(
    store: Store, path: Path, team: str | None, options: ImportOptions, progress: Progress | None
) -> ImportResult:
    """A team dump, read in two passes over the file (an index, then its rows) and never held
    whole, so it has no size cap (``DUMP_LIMIT``) unless the caller set a lower one."""
    name = str(path)
    limit = DUMP_LIMIT if options.limit == MAX_IMPORT_BYTES else options.limit
    with (
        open_checked(path, limit) as stream,
        open_dump(stream, name, options.encoding, progress=progress) as document,
    ):
        teams = document.teams
        if team is not None:
            teams = [t for t in teams if str(t.name).casefold() == team.casefold()]
            if not teams:
                raise ImportFileError(name, None, f"the dump has no team called {team!r}")
        sources = [document.team_rows(t) for t in teams]
        changes, stories = import_dump(store, sources, name, document.version)
    names = ", ".join(str(t.name) for t in teams) or "no team"
    return ImportResult(names, created=stories, changes=changes)


def _target(store: Store, team: str | None, now: dt.datetime) -> tuple[ActionContext, str | None]:
    if team is not None:
        with store.session() as session:
            names = session.scalars(select(TeamRow.name))
            if not any(n.casefold() == team.casefold() for n in names):
                return ActionContext(now=now), team
    return ActionContext(now=now, team_id=team_id_named(store, team)), None
