"""The versioned JSON dump of teams (schema in docs/team-dump.md): its shape, read as a stream.

A dump is ``{"format": "sprint-facilitator-teams", "version": 2, "teams": [...]}``; files of
version 1 (settings, Definitions, members, stories and sprints only) are still read. A file of a
newer version is refused by name; a value of the wrong type is refused with its path in the
document (``teams[0].stories[3].estimate``) and its line.

A file is read as a stream (:mod:`facilitator.exchange.dump_file`); the importer reads each
team as :class:`TeamRows`, its rows one at a time, from a file or from memory.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, cast

from facilitator.errors import ImportFileError

FORMAT = "sprint-facilitator-teams"
VERSION = 2

Spec = Mapping[str, object]
_TEXT, _INT, _NUM, _BOOL = (str,), (int,), (int, float), (bool,)
CRITERION: Spec = {"text": _TEXT, "author": _TEXT, "created_at": _TEXT}
STORY: Spec = {
    "key": _TEXT,
    "title": _TEXT,
    "description": _TEXT,
    "type": _TEXT,
    "status": _TEXT,
    "rank": _INT,
    "estimate": (*_NUM, type(None)),
    "created_at": _TEXT,
    "criteria": [CRITERION],
}
MEMBER: Spec = {
    "name": _TEXT,
    "role": _TEXT,
    "side": _TEXT,
    "seniority": _TEXT,
    "timezone": _TEXT,
    "work_start_min": _INT,
    "work_end_min": _INT,
    "active": _BOOL,
}
SPRINT_STORY: Spec = {
    "key": _TEXT,
    "points": _NUM,
    "added_mid_sprint": _BOOL,
    "done": (bool, type(None)),
    "not_done_reason": _TEXT,
}
SPRINT: Spec = {
    "name": _TEXT,
    "goal": _TEXT,
    "start": _TEXT,
    "end": _TEXT,
    "state": _TEXT,
    "capacity_proposed": (*_NUM, type(None)),
    "capacity_points": (*_NUM, type(None)),
    "stories": [SPRINT_STORY],
}
TEAM_V1: Spec = {
    "name": _TEXT,
    "sprint_length_days": _INT,
    "points_per_person_day": _NUM,
    "blocker_sla_hours": _INT,
    "min_overlap_hours": _NUM,
    "created_at": _TEXT,
    "definition_of_done": [_TEXT],
    "definition_of_ready": [_TEXT],
    "members": [MEMBER],
    "stories": [STORY],
    "sprints": [SPRINT],
}


# Version 2: the team's own columns next to ``tables``; each table's rows are checked on import
# against the database's columns (``facilitator.ops.dump_rows``).
TEAM_V2: Spec = {"name": _TEXT, "tables": (dict,)}
# The lists of rows of a version 1 team, and the shape of one row of each.
V1_LISTS: Mapping[str, Spec] = {"members": MEMBER, "stories": STORY, "sprints": SPRINT}
TEAM_V1_FIELDS: Spec = {k: v for k, v in TEAM_V1.items() if k not in V1_LISTS}

RowsOf = Callable[[str], Iterator[tuple[int | None, object]]]


@dataclass(frozen=True)
class TeamRows:
    """One team as the importer reads it, from a file or from memory.

    Attributes:
        path: the team in the document, ``teams[0]``.
        line: the line its object starts on (None in memory).
        fields: its own fields (not its lists of rows).
        keys: every key of its object, lists of rows included.
        tables: version 2: the tables listed under ``tables`` (None when there is none).
        rows: the rows of a table (version 2) or list (version 1), each with its line.
    """

    path: str
    line: int | None
    fields: Mapping[str, Any]
    keys: frozenset[str]
    tables: frozenset[str] | None
    rows: RowsOf

    @classmethod
    def of(cls, team: Mapping[str, object], index: int) -> TeamRows:
        """A team of a dump already in memory (a checked ``dict``), as the importer reads it."""
        tables = team.get("tables")
        lists = {k: v for k, v in team.items() if k in V1_LISTS and isinstance(v, list)}
        fields = {k: v for k, v in team.items() if k != "tables" and k not in lists}

        def rows(key: str) -> Iterator[tuple[int | None, object]]:
            found = tables.get(key) if isinstance(tables, dict) else lists.get(key)
            return ((None, row) for row in cast(list[object], found or []))

        named = (  # a table that is not a list is left out: the importer says so
            frozenset(k for k, v in tables.items() if isinstance(v, list))
            if isinstance(tables, dict)
            else None
        )
        return cls(f"teams[{index}]", None, fields, frozenset(team), named, rows)


def check(value: object, spec: object, path: str, name: str, line: int | None = None) -> None:
    """Raise unless ``value`` has the shape of ``spec`` (a field map, ``[spec]`` or types).

    Raises:
        ImportFileError: the first value of the wrong shape, named by its path.
    """
    if isinstance(spec, tuple):
        if isinstance(value, bool) and bool not in spec:
            _wrong(name, path, spec, line)
        if not isinstance(value, spec):
            _wrong(name, path, spec, line)
        return
    if isinstance(spec, list):
        if not isinstance(value, list):
            raise ImportFileError(name, line, f"{path}: expected a list")
        for index, item in enumerate(value):
            check(item, spec[0], f"{path}[{index}]", name, line)
        return
    assert isinstance(spec, Mapping)
    if not isinstance(value, dict):
        raise ImportFileError(name, line, f"{path}: expected an object")
    for key, inner in spec.items():
        if key not in value:
            raise ImportFileError(name, line, f"{path}.{key}: missing")
        check(value[key], inner, f"{path}.{key}", name, line)


def _wrong(name: str, path: str, spec: tuple[type, ...], line: int | None) -> None:
    words = {str: "text", int: "a whole number", float: "a number", bool: "true or false"}
    kinds = [kind for kind in spec if not (kind is int and float in spec)]  # "a number" will do
    wanted = " or ".join(words.get(kind, "null") for kind in kinds)
    raise ImportFileError(name, line, f"{path}: expected {wanted}")
