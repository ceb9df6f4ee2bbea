"""A team dump file read as a stream: an index of it, then its rows list by list.

:func:`open_dump` walks the document once (:mod:`~facilitator.exchange.json_stream`), keeping
each team's own fields and where each of its lists of rows is in the file; :meth:`DumpFile.rows`
then reads one list from there, row by row. So the keys of an object may come in any order (the
app writes them sorted: ``teams`` before ``version``, tables by name) and the importer still
reads the tables in the order their references need, never holding the document.
"""

from __future__ import annotations

import codecs
import contextlib
import io
import tempfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import BinaryIO, cast

from facilitator.errors import ImportCancelled, ImportFileError
from facilitator.exchange.json_stream import CHUNK, JsonStream
from facilitator.exchange.reading import detect_encoding
from facilitator.exchange.team_dump import (
    FORMAT,
    TEAM_V1_FIELDS,
    V1_LISTS,
    VERSION,
    Spec,
    TeamRows,
    check,
)


@dataclass(frozen=True, slots=True)
class Spot:
    """Where a list of rows is in the file: its first byte and line, its length in bytes and
    how many rows it holds."""

    offset: int
    line: int
    length: int
    count: int


@dataclass
class DumpTeam:
    """One team of a dump: its own fields, and where each of its lists of rows starts.

    Attributes:
        path: the team in the document, ``teams[0]``.
        line: the line its object starts on.
        fields: every field of the team but its lists of rows (decoded).
        lines: the line each of ``fields`` is on.
        tables: version 2: each table of ``tables`` and where its list starts; None when the
            team has no ``tables``.
        lists: version 1: ``members``, ``stories``, ``sprints`` and where each starts.
    """

    path: str
    line: int
    fields: dict[str, object] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    tables: dict[str, Spot] | None = None
    lists: dict[str, Spot] = field(default_factory=dict)

    @property
    def name(self) -> object:
        """The team's name as written (checked on import)."""
        return self.fields.get("name")


@dataclass
class DumpFile:
    """An indexed dump open for reading its rows (see :func:`open_dump`)."""

    name: str
    stream: BinaryIO
    version: int
    teams: list[DumpTeam]
    chunk: int = CHUNK
    on_row: Callable[[int], None] | None = None
    rows_read: int = 0

    def rows(self, spot: Spot) -> Iterator[tuple[int | None, object]]:
        """Each row of the list at ``spot`` with the line it starts on, one at a time.

        Only one list is read at a time: each takes the file to where it starts.
        """
        reader = JsonStream.at(
            self.stream, self.name, spot.offset, spot.line, self.chunk, spot.length
        )
        for _index in reader.elements("a list of rows"):
            line = reader.line
            yield line, reader.value()
            self.rows_read += 1
            if self.on_row is not None:
                self.on_row(self.rows_read)

    def team_rows(self, team: DumpTeam) -> TeamRows:
        """``team`` as the importer reads it: its rows read from the file when asked for."""
        spots = team.tables if team.tables is not None else team.lists

        def rows(key: str) -> Iterator[tuple[int | None, object]]:
            spot = spots.get(key)
            return self.rows(spot) if spot is not None else iter(())

        keys = frozenset(
            [*team.fields, *team.lists, *(["tables"] if team.tables is not None else [])]
        )
        tables = frozenset(team.tables) if team.tables is not None else None
        return TeamRows(team.path, team.line, team.fields, keys, tables, rows)


Progress = Callable[[int], bool]


@contextlib.contextmanager
def open_dump(
    stream: BinaryIO,
    name: str,
    encoding: str | None = None,
    chunk: int = CHUNK,
    progress: Progress | None = None,
) -> Iterator[DumpFile]:
    """The dump in ``stream`` (binary, seekable), indexed; its rows are read on demand.

    A file in an encoding other than UTF-8 (named by the user) is copied to a temporary UTF-8
    file first, a chunk at a time. ``progress`` is told how far the reading is, in bytes of
    the file: the file is read twice, so the index counts for the first half (each chunk it
    reads) and the rows for the second (every thousandth of them); False cancels.

    Raises:
        ImportFileError: not JSON, not a dump, a newer version, or a value of the wrong type.
        ImportCancelled: ``progress`` returned False.
    """
    indexed = 0

    def tell(done: int) -> None:
        if progress is not None and not progress(done):
            raise ImportCancelled("Import cancelled; nothing was saved")

    def on_read(count: int) -> None:
        nonlocal indexed
        indexed += count
        tell(indexed // 2)

    head = stream.read(4096)
    codec = detect_encoding(name, head, encoding)
    with contextlib.ExitStack() as stack:
        if codec == "utf-8-sig":
            stream.seek(3 if head.startswith(codecs.BOM_UTF8) else 0)
        else:
            stream.seek(0)
            stream = stack.enter_context(_as_utf8(stream, name, codec, chunk))
        version, teams = index_dump(JsonStream(stream, name, chunk=chunk, on_read=on_read), name)
        spots = [s for t in teams for s in (t.tables or t.lists).values()]
        rows = max(1, sum(spot.count for spot in spots))
        step = max(1, rows // 1000)

        def on_row(done: int) -> None:
            if done % step == 0 or done == rows:
                tell(indexed // 2 + (indexed - indexed // 2) * done // rows)

        yield DumpFile(name, stream, version, teams, chunk, on_row)


@contextlib.contextmanager
def _as_utf8(stream: BinaryIO, name: str, codec: str, chunk: int) -> Iterator[BinaryIO]:
    with tempfile.TemporaryFile(prefix="facilitator-dump-") as copy:
        text = io.TextIOWrapper(stream, encoding=codec, newline="")
        line = 1
        try:
            while part := text.read(chunk):
                line += part.count("\n")
                copy.write(part.encode("utf-8"))
        except UnicodeDecodeError as err:
            raise ImportFileError(
                name, line, f"cannot be decoded as {codec}: {err.reason}"
            ) from None
        finally:
            text.detach()  # the caller closes the file
        copy.seek(0)
        yield cast(BinaryIO, copy)


def index_dump(reader: JsonStream, name: str) -> tuple[int, list[DumpTeam]]:
    """Walk a whole dump once: its version and teams (their fields and where their rows are).

    Keys may come in any order. A problem of shape is reported only after ``format`` and
    ``version`` are known, so a newer version is refused as such.

    Raises:
        ImportFileError: not JSON, truncated, not a dump, a newer version, a wrong shape.
    """
    found: dict[str, object] = {}
    shape: list[ImportFileError] = []
    teams: list[DumpTeam] = []
    first = reader.peek()
    if first == "":
        raise ImportFileError(name, 1, "is empty: expected a Sprint Facilitator dump")
    if first != "{":
        raise _not_a_dump(name)
    for key in reader.members():
        if key in ("format", "version"):
            found[key] = reader.value()
            _check_head(found, name, complete=False)
            continue
        if key != "teams":
            reader.skip()  # a key this version does not know: left alone, as before
            continue
        found[key] = True
        if reader.peek() != "[":
            shape.append(ImportFileError(name, reader.line, "teams: expected a list of teams"))
            reader.skip()
            continue
        for index in reader.elements():
            teams.append(_index_team(reader, f"teams[{index}]", name, shape))
    reader.end()
    version = _check_head(found, name, complete=True)
    if "teams" not in found:
        raise ImportFileError(name, 1, "teams: expected a list of teams")
    if shape:
        raise shape[0]
    for team in teams:
        _check_team(team, version, name)
    return version, teams


def _not_a_dump(name: str) -> ImportFileError:
    return ImportFileError(
        name, 1, f"is not a Sprint Facilitator dump (expected an object with format {FORMAT!r})"
    )


def _check_head(found: Mapping[str, object], name: str, complete: bool) -> int:
    if ("format" in found or complete) and found.get("format") != FORMAT:
        raise _not_a_dump(name)
    if "version" not in found and not complete:
        return 0
    version = found.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ImportFileError(name, 1, "version: expected a whole number ≥ 1")
    if version > VERSION:
        raise ImportFileError(
            name,
            1,
            f"is dump version {version}, newer than this app reads ({VERSION}); "
            "update Sprint Facilitator to import it",
        )
    return version


def _index_team(reader: JsonStream, path: str, name: str, shape: list[ImportFileError]) -> DumpTeam:
    team = DumpTeam(path, reader.line)
    if reader.peek() != "{":
        shape.append(ImportFileError(name, reader.line, f"{path}: expected an object"))
        reader.skip()
        return team
    for key in reader.members():
        if key == "tables":
            team.tables = {}
            if reader.peek() != "{":
                shape.append(
                    ImportFileError(
                        name, reader.line, f"{path}.tables: expected an object of tables"
                    )
                )
                reader.skip()
                continue
            for table in reader.members():
                team.tables[table] = _spot(reader, f"{path}.tables.{table}", name, shape)
        elif key in V1_LISTS and reader.peek() == "[":
            team.lists[key] = _spot(reader, f"{path}.{key}", name, shape)
        else:
            team.lines[key] = reader.line
            team.fields[key] = reader.value()
    return team


def _spot(reader: JsonStream, path: str, name: str, shape: list[ImportFileError]) -> Spot:
    offset, line, count = reader.offset, reader.line, 0
    if reader.peek() != "[":
        shape.append(ImportFileError(name, reader.line, f"{path}: expected a list of rows"))
        reader.skip()
    else:
        for count, _index in enumerate(reader.elements(), start=1):  # noqa: B007
            reader.value()  # checked for JSON now, before anything is saved; decoded again later
    return Spot(offset, line, reader.offset - offset, count)


def _check_team(team: DumpTeam, version: int, name: str) -> None:
    if version == 1:
        _check_fields(team, TEAM_V1_FIELDS, name)
        for key in V1_LISTS:
            if key not in team.lists:
                problem = "expected a list" if key in team.fields else "missing"
                raise ImportFileError(name, team.line, f"{team.path}.{key}: {problem}")
        return
    _check_fields(team, {"name": (str,)}, name)
    if team.tables is None:
        raise ImportFileError(name, team.line, f"{team.path}.tables: missing")


def _check_fields(team: DumpTeam, spec: Spec, name: str) -> None:
    for key, inner in spec.items():
        if key not in team.fields:
            raise ImportFileError(name, team.line, f"{team.path}.{key}: missing")
        check(team.fields[key], inner, f"{team.path}.{key}", name, team.lines[key])
