"""Version 2 of the team dump: every row a team owns, table by table, without row ids.

Export reads each table of :data:`~facilitator.ops.dump_tables.TABLES` once, in primary-key
order, and gives every team its rows in that order; import inserts them in the same order, so a
second export of the imported database is the same document. References are written as
described in :mod:`facilitator.ops.dump_tables`.
"""

from __future__ import annotations

import datetime as dt
import json
from array import array
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import replace
from enum import Enum
from typing import Any, cast

from sqlalchemy import Column, Date, DateTime, Float, Integer, String, insert, select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.types import Boolean

from facilitator.domain.model import Role, Seniority, Side, StoryStatus, StoryType
from facilitator.domain.overlap import check_timezone
from facilitator.domain.text_rules import RULES, check_text
from facilitator.errors import ImportFileError, InputError
from facilitator.exchange.team_dump import TeamRows
from facilitator.ops.dump_tables import (
    NATURAL_KEYS,
    TABLES,
    TEAM,
    Reference,
    dumped_columns,
    owner,
    reference,
    referenced_columns,
    table,
)

Json = dict[str, Any]
# What a user may type, checked as the app does; a stored value may be empty (an open blocker's
# resolution), so emptiness is left to the database's constraints.
_RULES = {rule.column: replace(rule, required=False) for rule in RULES}
# Values of the app's enums that the database does not check itself.
_CHOICES: dict[str, type[Enum]] = {
    "story.type": StoryType,
    "story.status": StoryStatus,
    "member.role": Role,
    "member.side": Side,
    "member.seniority": Seniority,
}
# The columns of each table that other rows refer to (the natural key aside): kept on import.
_KEPT: dict[str, list[str]] = {
    name: sorted(referenced_columns(name) - {NATURAL_KEYS.get(name, "")})
    for name in (TEAM, *TABLES)
}
_Where = dict[tuple[str, str], dict[object, tuple[int, int]]]


def encode(value: object) -> object:
    """A column value as JSON: timestamps in UTC ISO 8601, dates ISO, the rest as they are."""
    if isinstance(value, dt.datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
        return aware.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def export_teams(session: Session, team_ids: list[int]) -> list[Json]:
    """The dump of each team in ``team_ids`` (in that order), read in ``session``.

    Raises:
        InputError: a team has two members of the same name (member references would be
            ambiguous).
    """
    wanted = set(team_ids)
    where: _Where = defaultdict(dict)
    raw: dict[str, dict[int, list[Mapping[Any, Any]]]] = defaultdict(lambda: defaultdict(list))
    teams = {
        row["id"]: row
        for row in session.execute(select(table(TEAM)).where(table(TEAM).c.id.in_(wanted)))
        .mappings()
        .all()
    }
    for team_id in teams:
        where[(TEAM, "id")][team_id] = (team_id, 0)
    for name in TABLES:
        t = table(name)
        own = owner(name)
        target = reference(own)
        assert target is not None
        parents = where[(target.target, target.column)]
        kept = referenced_columns(name)
        for row in session.execute(select(t).order_by(*t.primary_key.columns)).mappings():
            found = parents.get(row[own.name])
            if found is None:
                continue
            team_id = found[0]
            rows = raw[name][team_id]
            for column in kept:
                where[(name, column)][row[column]] = (team_id, len(rows))
            rows.append(row)
    out: list[Json] = []
    for team_id in team_ids:
        names = [str(m["name"]) for m in raw["member"][team_id]]
        if len(set(names)) != len(names):
            double = next(n for n in names if names.count(n) > 1)
            raise InputError(
                f"team {teams[team_id]['name']!r} has two members called {double!r}; "
                "rename one before exporting"
            )
        document: Json = {
            c.name: encode(teams[team_id][c.name]) for c in table(TEAM).columns if c.name != "id"
        }
        document["tables"] = {
            name: [_encode_row(name, row, team_id, where, raw) for row in raw[name][team_id]]
            for name in TABLES
        }
        out.append(document)
    return out


def _encode_row(
    name: str,
    row: Mapping[Any, Any],
    team_id: int,
    where: _Where,
    raw: Mapping[str, Mapping[int, list[Mapping[Any, Any]]]],
) -> Json:
    def written(ref: Reference, value: object) -> object:
        found = where[(ref.target, ref.column)].get(value)
        if found is None or found[0] != team_id:
            return None  # a soft reference to a row the team no longer has
        natural = NATURAL_KEYS.get(ref.target)
        row = raw[ref.target][team_id][found[1]]
        return row[natural] if natural is not None else found[1]

    out: Json = {}
    for column in dumped_columns(name):
        value = row[column.name]
        ref = reference(column)
        if ref is None or value is None:
            out[column.name] = encode(value)
        elif ref.many:
            listed = (written(ref, each) for each in json.loads(value))
            out[column.name] = [each for each in listed if each is not None]
        else:
            out[column.name] = written(ref, value)
    return out


class RowReader:
    """Inserts the rows of one team of a version 2 dump, errors naming the path and the line.

    Rows are inserted as they are read; all it keeps of them is what later rows refer to: the
    ids of each table's rows by position, and the position of each story key, member name and
    sprint name.
    """

    def __init__(self, session: Session, source: str, path: str) -> None:
        self.session, self.source, self.path = session, source, path
        self.line: int | None = None
        self.count: dict[str, int] = defaultdict(int)
        self.kept: dict[tuple[str, str], array[int]] = defaultdict(lambda: array("q"))
        self.natural: dict[str, dict[object, int]] = defaultdict(dict)

    def fail(self, where: str, problem: str) -> ImportFileError:
        return ImportFileError(self.source, self.line, f"{self.path}{where}: {problem}")

    def create(self, team: TeamRows, team_name: str) -> int:
        """Insert the team and all its rows, table by table in :data:`TABLES` order.

        Raises:
            ImportFileError: a value of the wrong type, a reference to nothing, a row the
                database refuses.
        """
        self.line = team.line
        columns = [c for c in table(TEAM).columns if c.name != "id"]
        fields = {**dict.fromkeys(team.keys), **team.fields}
        values = self._values(TEAM, columns, fields, "", extra={"tables"})
        values["name"] = team_name
        team_id = int(self._insert(TEAM, values, "")["id"])
        self._keep(TEAM, values)
        if team.tables is None:
            raise self.fail(".tables", "expected an object of tables")
        unknown = sorted(team.tables - set(TABLES))
        if unknown:
            raise self.fail(f".tables.{unknown[0]}", "is not a table this app knows")
        for name in TABLES:
            if name not in team.tables:
                raise self.fail(f".tables.{name}", "expected a list of rows")
            self._table(name, team.rows(name))
        return team_id

    def _keep(self, name: str, values: Json) -> None:
        self.count[name] += 1
        for column in _KEPT[name]:
            self.kept[(name, column)].append(values[column])

    def _table(self, name: str, rows: Iterator[tuple[int | None, object]]) -> None:
        columns = dumped_columns(name)
        natural = NATURAL_KEYS.get(name)
        team_columns = [c.name for c in table(name).columns if _is_team(c)]
        later: list[tuple[Json, str, str, int, str, int | None]] = []
        for index, (line, row) in enumerate(rows):
            self.line = line
            where = f".tables.{name}[{index}]"
            if not isinstance(row, dict):
                raise self.fail(where, "expected an object")
            waiting = len(later)
            values = self._values(name, columns, row, where, later=later)
            for column in team_columns:
                values[column] = self.kept[(TEAM, "id")][0]
            if natural is not None:
                if values[natural] in self.natural[name]:
                    raise self.fail(f"{where}.{natural}", f"{values[natural]!r} is repeated")
                self.natural[name][values[natural]] = index
            self._keep(name, self._insert(name, values, where))
            keys = {c.name: values[c.name] for c in table(name).primary_key.columns}
            later[waiting:] = [(keys, *entry[1:]) for entry in later[waiting:]]
        t = table(name)
        for keys, field, target_column, position, where, line in later:  # rows of this table
            self.line = line
            if position >= self.count[name]:
                raise self.fail(where, f"row {position} is not in the dump")
            target = self.kept[(name, target_column)][position]
            self.session.execute(update(t).filter_by(**keys).values({field: target}))

    def _values(
        self,
        name: str,
        columns: list[Column[object]],
        row: Mapping[str, Any],
        where: str,
        extra: set[str] | None = None,
        later: list[tuple[Json, str, str, int, str, int | None]] | None = None,
    ) -> Json:
        known = {c.name for c in columns} | (extra or set())
        stray = sorted(set(row) - known)
        if stray:
            raise self.fail(f"{where}.{stray[0]}", "is not a field of this table")
        values: Json = {}
        for column in columns:
            spot = f"{where}.{column.name}"
            if column.name not in row:
                raise self.fail(spot, "missing")
            value = row[column.name]
            ref = reference(column)
            if ref is not None and ref.many:
                value = self._list(ref, value, spot)
            elif ref is not None and value is not None:
                if ref.target == name and later is not None and isinstance(value, int):
                    later.append((values, column.name, ref.column, value, spot, self.line))
                    values[column.name] = None
                    continue
                value = self._resolve(ref.target, ref.column, value, spot)
            elif ref is not None and ref.soft and not column.nullable:
                value = 0  # the act's author is not a member of the team any more
            else:
                value = self._plain(column, value, spot)
            values[column.name] = value
        return values

    def _list(self, ref: Reference, value: object, spot: str) -> str:
        if not isinstance(value, list):
            raise self.fail(spot, f"expected a list of {ref.target} references")
        ids = [
            self._resolve(ref.target, ref.column, each, f"{spot}[{n}]")
            for n, each in enumerate(value)
        ]
        return json.dumps(ids)

    def _resolve(self, target: str, column: str, value: object, spot: str) -> object:
        if target in NATURAL_KEYS:
            position = self.natural[target].get(value)
            if position is None:
                raise self.fail(spot, f"no {target} {value!r} in the team")
        else:
            if not isinstance(value, int) or isinstance(value, bool):
                raise self.fail(spot, f"expected the position of a {target} row")
            position = value
            if not 0 <= position < self.count[target]:
                raise self.fail(spot, f"no {target} row {position} in the team")
        return self.kept[(target, column)][position]

    def _plain(self, column: Column[object], value: object, spot: str) -> object:
        if value is None:
            if not column.nullable:
                raise self.fail(spot, "must not be null")
            return None
        kind = getattr(column.type, "impl_instance", column.type)  # UtcDateTime → DateTime
        if isinstance(kind, Boolean):
            if not isinstance(value, bool):
                raise self.fail(spot, "expected true or false")
            return value
        if isinstance(kind, Integer | Float):
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise self.fail(spot, "expected a number")
            if isinstance(kind, Integer):
                if not isinstance(value, int):
                    raise self.fail(spot, "expected a whole number")
                return value
            return float(value)
        if not isinstance(value, str):
            raise self.fail(spot, "expected text")
        if isinstance(kind, DateTime):
            try:
                moment = dt.datetime.fromisoformat(value)
            except ValueError:
                raise self.fail(spot, f"{value!r} is not an ISO timestamp") from None
            return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
        if isinstance(kind, Date):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                raise self.fail(spot, f"{value!r} is not an ISO date") from None
        name = f"{column.table.name}.{column.name}"
        kinds = _CHOICES.get(name)
        if kinds is not None and value not in {k.value for k in kinds}:
            allowed = ", ".join(k.value for k in kinds)
            raise self.fail(spot, f"{value!r} is not one of {allowed}")
        rule = _RULES.get(name)
        if rule is not None:
            try:
                value = check_text(value, rule)
                if name == "member.timezone":
                    check_timezone(value)
            except InputError as err:
                raise self.fail(spot, str(err)) from None
            return value
        if isinstance(kind, String) and kind.length is not None and len(value) > kind.length:
            raise self.fail(spot, f"is longer than {kind.length} characters")
        return value

    def _insert(self, name: str, values: Json, where: str) -> Json:
        t = table(name)
        try:
            # One statement per table, its parameters apart: compiled once, not once a row.
            result = cast("CursorResult[Any]", self.session.execute(insert(t), values))
        except IntegrityError as err:
            reason = str(err.orig).splitlines()[0] if err.orig else "a constraint"
            raise self.fail(where or ".", f"refused by the database ({reason})") from None
        keys = result.inserted_primary_key
        if keys is not None:
            for column, key in zip(t.primary_key.columns, keys, strict=True):
                values[column.name] = key
        return values


def _is_team(column: Column[object]) -> bool:
    ref = reference(column)
    return ref is not None and ref.target == TEAM
