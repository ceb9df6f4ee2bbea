"""The versioned JSON dump of teams (schema in docs/team-dump.md): its shape, checked on read.

A dump is ``{"format": "sprint-facilitator-teams", "version": 2, "teams": [...]}``; files of
version 1 (settings, Definitions, members, stories and sprints only) are still read. A file of a
newer version is refused by name; a value of the wrong type is refused with its path in the
document (``teams[0].stories[3].estimate``). Reading loads the whole document (files are capped
by :data:`~facilitator.exchange.reading.MAX_IMPORT_BYTES`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import BinaryIO

from facilitator.errors import ImportFileError
from facilitator.exchange.reading import detect_encoding

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


def read_dump_versioned(
    stream: BinaryIO, name: str, encoding: str | None = None
) -> tuple[int, list[dict[str, object]]]:
    """The version and the teams of a dump file, each team checked against its version's shape.

    Raises:
        ImportFileError: not JSON, not a dump, a newer version, or a value of the wrong type.
    """
    data = stream.read()
    codec = detect_encoding(name, data[:4096], encoding)
    try:
        document = json.loads(data.decode(codec))
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise ImportFileError(name, line, f"is not {codec} text; save it as UTF-8") from None
    except json.JSONDecodeError as err:
        raise ImportFileError(name, err.lineno, f"invalid JSON: {err.msg}") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ImportFileError(
            name, 1, f"is not a Sprint Facilitator dump (expected an object with format {FORMAT!r})"
        )
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ImportFileError(name, 1, "version: expected a whole number ≥ 1")
    if version > VERSION:
        raise ImportFileError(
            name,
            1,
            f"is dump version {version}, newer than this app reads ({VERSION}); "
            "update Sprint Facilitator to import it",
        )
    teams = document.get("teams")
    if not isinstance(teams, list):
        raise ImportFileError(name, 1, "teams: expected a list of teams")
    spec = TEAM_V1 if version == 1 else TEAM_V2
    for index, team in enumerate(teams):
        check(team, spec, f"teams[{index}]", name)
    return version, teams


def check(value: object, spec: object, path: str, name: str) -> None:
    """Raise unless ``value`` has the shape of ``spec`` (a field map, ``[spec]`` or types).

    Raises:
        ImportFileError: the first value of the wrong shape, named by its path.
    """
    if isinstance(spec, tuple):
        if isinstance(value, bool) and bool not in spec:
            _wrong(name, path, spec)
        if not isinstance(value, spec):
            _wrong(name, path, spec)
        return
    if isinstance(spec, list):
        if not isinstance(value, list):
            raise ImportFileError(name, None, f"{path}: expected a list")
        for index, item in enumerate(value):
            check(item, spec[0], f"{path}[{index}]", name)
        return
    assert isinstance(spec, Mapping)
    if not isinstance(value, dict):
        raise ImportFileError(name, None, f"{path}: expected an object")
    for key, inner in spec.items():
        if key not in value:
            raise ImportFileError(name, None, f"{path}.{key}: missing")
        check(value[key], inner, f"{path}.{key}", name)


def _wrong(name: str, path: str, spec: tuple[type, ...]) -> None:
    words = {str: "text", int: "a whole number", float: "a number", bool: "true or false"}
    wanted = " or ".join(words.get(kind, "null") for kind in spec)
    raise ImportFileError(name, None, f"{path}: expected {wanted}")
