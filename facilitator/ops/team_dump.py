"""The JSON dump of teams: written from one read transaction, read back in one write transaction.

Export writes version 2 (every row a team owns, :mod:`facilitator.ops.dump_rows`); import reads
version 2 and version 1 (settings, Definitions, members, stories, sprints: created below), a
row at a time from an indexed file (:func:`facilitator.exchange.team_dump.open_dump`).

What a dump holds is documented in ``docs/team-dump.md``. Export followed by an import into an
empty database and another export gives the same JSON: nothing in the dump depends on row ids,
and every list is in a fixed order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from facilitator.domain.model import Role, Seniority, Side, SprintState, StoryStatus, StoryType
from facilitator.domain.text_rules import (
    CRITERION,
    DOD_ITEM,
    DOR_ITEM,
    MEMBER_NAME,
    STORY_DESCRIPTION,
    STORY_TITLE,
    TEAM_NAME,
    TextRule,
    check_text,
)
from facilitator.errors import ImportFileError, InputError
from facilitator.exchange.team_dump import FORMAT, V1_LISTS, VERSION, TeamRows, check
from facilitator.ops.changes import Changes, Kind
from facilitator.ops.dump_rows import RowReader, export_teams
from facilitator.store.db import Store
from facilitator.store.models import (
    CriterionRow,
    DoneItemRow,
    MemberRow,
    SprintRow,
    SprintStoryRow,
    StoryRow,
    TeamDorItemRow,
    TeamRow,
)

Json = dict[str, Any]


def export_dump(store: Store, team: str | None = None) -> Json:
    """Every team (or the one called ``team``) as a version 2 dump, read in one transaction.

    Raises:
        InputError: no team of that name, or a team whose members cannot be told apart by name.
    """
    with store.session() as session:
        query = select(TeamRow.id).order_by(TeamRow.name)
        if team is not None:
            query = query.where(TeamRow.name == team)
        ids = list(session.scalars(query))
        if team is not None and not ids:
            raise InputError(f"--team: no team called {team!r}")
        teams = export_teams(session, ids)
    return {"format": FORMAT, "version": VERSION, "teams": teams}


def import_dump(
    store: Store,
    teams: Sequence[Json] | Sequence[TeamRows],
    source: str,
    version: int = VERSION,
) -> tuple[Changes, int]:
    """Create each team of a dump in one transaction, reading its rows as they come.

    ``teams`` are the teams of an open :class:`~facilitator.exchange.team_dump.DumpFile`
    (``TeamRows``), or checked ``dict`` teams already in memory.

    Returns:
        What changed, and how many stories the teams hold.

    Raises:
        ImportFileError: a team of that name exists, or a value breaks a rule; nothing is saved.
    """
    sources = [
        t if isinstance(t, TeamRows) else TeamRows.of(cast(Json, t), n) for n, t in enumerate(teams)
    ]
    stories = 0
    with store.session() as session:
        existing = {name.casefold() for name in session.scalars(select(TeamRow.name))}
        created: list[int] = []
        for team in sources:
            reader = _Reader(source, team)
            name = reader.text(team.fields, "name", TEAM_NAME)
            if name.casefold() in existing:
                raise ImportFileError(
                    source, team.line, f"{team.path}.name: a team called {name!r} already exists"
                )
            existing.add(name.casefold())
            if version == 1:
                created.append(_create(session, team, name, reader))
                stories += reader.stories
            else:
                rows = RowReader(session, source, team.path)
                created.append(rows.create(team, name))
                stories += rows.count["story"]
    changes = Changes.of(Kind.TEAMS, *created).also(Kind.TEAM, *created).also(Kind.BACKLOG)
    return changes, stories


class _Reader:
    """Values of one team of a dump, checked against the app's rules, errors naming the path
    and the line of the row being read."""

    def __init__(self, source: str, team: TeamRows) -> None:
        self.source, self.path, self.team = source, team.path, team
        self.line = team.line
        self.stories = 0

    def fail(self, where: str, problem: str) -> ImportFileError:
        return ImportFileError(self.source, self.line, f"{self.path}{where}: {problem}")

    def rows(self, key: str) -> Iterator[tuple[str, Json]]:
        """Each row of version 1 list ``key``, checked against its shape, with its path."""
        for index, (line, row) in enumerate(self.team.rows(key)):
            self.line = line
            where = f".{key}[{index}]"
            check(row, V1_LISTS[key], f"{self.path}{where}", self.source, line)
            yield where, cast(Json, row)

    def text(self, data: Mapping[str, Any], key: str, rule: TextRule, where: str = "") -> str:
        try:
            return check_text(data[key], rule)
        except InputError as err:
            raise self.fail(f"{where}.{key}", str(err)) from None

    def choice(self, data: Mapping[str, Any], key: str, kinds: Any, where: str = "") -> str:
        value = data[key]
        if value not in {k.value for k in kinds}:
            allowed = ", ".join(k.value for k in kinds)
            raise self.fail(f"{where}.{key}", f"{value!r} is not one of {allowed}")
        return str(value)

    def moment(self, data: Mapping[str, Any], key: str, where: str = "") -> dt.datetime:
        try:
            value = dt.datetime.fromisoformat(data[key])
        except ValueError:
            raise self.fail(f"{where}.{key}", f"{data[key]!r} is not an ISO timestamp") from None
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)

    def day(self, data: Mapping[str, Any], key: str, where: str) -> dt.date:
        try:
            return dt.date.fromisoformat(data[key])
        except ValueError:
            raise self.fail(f"{where}.{key}", f"{data[key]!r} is not an ISO date") from None


def _create(session: Session, source: TeamRows, name: str, r: _Reader) -> int:
    team = source.fields
    row = TeamRow(
        name=name,
        sprint_length_days=team["sprint_length_days"],
        points_per_person_day=team["points_per_person_day"],
        blocker_sla_hours=team["blocker_sla_hours"],
        min_overlap_hours=team["min_overlap_hours"],
        created_at=r.moment(team, "created_at"),
    )
    session.add(row)
    session.flush()
    for position, text in enumerate(team["definition_of_done"]):
        item = r.text({"text": text}, "text", DOD_ITEM, f".definition_of_done[{position}]")
        session.add(DoneItemRow(team_id=row.id, position=position, text=item))
    for position, text in enumerate(team["definition_of_ready"]):
        item = r.text({"text": text}, "text", DOR_ITEM, f".definition_of_ready[{position}]")
        session.add(TeamDorItemRow(team_id=row.id, position=position, text=item))
    for where, m in r.rows("members"):
        session.add(
            MemberRow(
                team_id=row.id,
                name=r.text(m, "name", MEMBER_NAME, where),
                role=r.choice(m, "role", Role, where),
                side=r.choice(m, "side", Side, where),
                seniority=r.choice(m, "seniority", Seniority, where),
                timezone=m["timezone"],
                work_start_min=m["work_start_min"],
                work_end_min=m["work_end_min"],
                active=m["active"],
            )
        )
    ids = _stories(session, row.id, r)
    for where, s in r.rows("sprints"):
        sprint = SprintRow(
            team_id=row.id,
            name=s["name"],
            goal=s["goal"],
            start_date=r.day(s, "start", where),
            end_date=r.day(s, "end", where),
            state=r.choice(s, "state", SprintState, where),
            capacity_proposed=s["capacity_proposed"],
            capacity_points=s["capacity_points"],
        )
        session.add(sprint)
        session.flush()
        for n, line in enumerate(s["stories"]):
            if line["key"] not in ids:
                raise r.fail(f"{where}.stories[{n}].key", f"no story {line['key']!r} in the dump")
            session.add(
                SprintStoryRow(
                    sprint_id=sprint.id,
                    story_id=ids[line["key"]],
                    points=line["points"],
                    added_mid_sprint=line["added_mid_sprint"],
                    done=line["done"],
                    not_done_reason=line["not_done_reason"],
                )
            )
    session.flush()
    return row.id


def _stories(session: Session, team_id: int, r: _Reader) -> dict[str, int]:
    ids: dict[str, int] = {}
    ranks: set[int] = set()
    for where, s in r.rows("stories"):
        r.stories += 1
        key = s["key"]
        if key in ids or not key.strip() or len(key) > 32:
            raise r.fail(f"{where}.key", f"{key!r} is empty, too long or repeated")
        if s["rank"] in ranks:
            raise r.fail(f"{where}.rank", f"rank {s['rank']} is held by another story")
        ranks.add(s["rank"])
        if s["estimate"] is not None and s["estimate"] < 0:
            raise r.fail(f"{where}.estimate", "must not be negative")
        story = StoryRow(
            team_id=team_id,
            key=key,
            title=r.text(s, "title", STORY_TITLE, where),
            description=r.text(s, "description", STORY_DESCRIPTION, where),
            type=r.choice(s, "type", StoryType, where),
            status=r.choice(s, "status", StoryStatus, where),
            rank=s["rank"],
            estimate=s["estimate"],
            created_at=r.moment(s, "created_at", where),
        )
        session.add(story)
        session.flush()
        ids[key] = story.id
        for position, c in enumerate(s["criteria"]):
            session.add(
                CriterionRow(
                    story_id=story.id,
                    position=position,
                    text=r.text(c, "text", CRITERION, f"{where}.criteria[{position}]"),
                    author=c["author"],
                    created_at=r.moment(c, "created_at", f"{where}.criteria[{position}]"),
                )
            )
    return ids
