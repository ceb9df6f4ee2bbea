"""The backlog as plain CSV: read with a column mapping, written safe for spreadsheets.

Written cells that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``,
``@``, a tab, a carriage return or NUL) get a leading apostrophe, which spreadsheets show as text;
the rest of the text is kept as it was. Reading strips that apostrophe again, so an exported file
imports back unchanged.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Mapping
from typing import BinaryIO, TextIO

from facilitator.errors import ImportFileError
from facilitator.exchange.reading import CsvFile, cell, text_lines
from facilitator.exchange.records import (
    Record,
    criteria_cell,
    criteria_in,
    estimate_of,
    status_of,
    story,
    type_of,
)

EXPORT_COLUMNS = ("team", "key", "title", "estimate", "status", "rank", "type", "description")
FIELDS = ("key", "title", "estimate", "status", "type", "description", "criteria")
"""The story fields a column can be mapped to; ``key`` and ``title`` are required."""
_DANGEROUS = ("=", "+", "-", "@", "\t", "\r", "\0")


def neutralised(text: str) -> str:
    """``text`` as a cell no spreadsheet evaluates: a leading apostrophe where it would be."""
    return "'" + text if text.startswith(_DANGEROUS) else text


def restored(text: str) -> str:
    """The text :func:`neutralised` was given."""
    if text.startswith("'") and text[1:].startswith(_DANGEROUS):
        return text[1:]
    return text


def parse_mapping(pairs: Iterable[str]) -> dict[str, str]:
    """``field=Column`` pairs as a mapping.

    Raises:
        ImportFileError: a pair without ``=`` or naming a field that does not exist.
    """
    mapping: dict[str, str] = {}
    for pair in pairs:
        field, sep, column = pair.partition("=")
        field = field.strip().casefold()
        if not sep or not column.strip():
            raise ImportFileError("--map", None, f"{pair!r}: expected FIELD=COLUMN")
        if field not in FIELDS:
            raise ImportFileError(
                "--map", None, f"{field!r} is not a field (choose from {', '.join(FIELDS)})"
            )
        mapping[field] = column.strip()
    return mapping


def read_backlog_csv(
    stream: BinaryIO,
    name: str,
    mapping: Mapping[str, str] | None = None,
    encoding: str | None = None,
    delimiter: str = ",",
) -> Iterator[Record]:
    """Each row as a story, columns found by ``mapping`` (field → header) or by field name.

    Raises:
        ImportFileError: a required column is missing, or a row breaks a rule.
    """
    table = CsvFile(text_lines(stream, name, encoding), name, delimiter)
    chosen = {field: (mapping or {}).get(field, field) for field in FIELDS}
    key = table.require(f"key ({chosen['key']!r})", chosen["key"])
    title = table.require(f"title ({chosen['title']!r})", chosen["title"])
    optional = {f: table.columns(chosen[f]) for f in FIELDS if f not in ("key", "title")}
    for field, column in (mapping or {}).items():
        if field not in ("key", "title") and not optional[field]:
            table.require(f"{field} ({column!r})", column)
    estimate_name = chosen["estimate"]
    for line, raw in table.rows():
        row = [restored(value) for value in raw]
        description = cell(row, optional["description"])
        written = cell(row, optional["criteria"])
        yield story(
            name,
            line,
            key=row[key],
            title=row[title],
            description=description,
            kind=type_of(cell(row, optional["type"])),
            status=status_of(cell(row, optional["status"])),
            estimate=estimate_of(cell(row, optional["estimate"]), name, line, estimate_name),
            criteria=criteria_cell(written) if written else criteria_in(description),
        )


def write_backlog_csv(out: TextIO, rows: Iterable[Mapping[str, object]]) -> int:
    """Write the header and ``rows`` (keys of :data:`EXPORT_COLUMNS`) as RFC 4180 CSV.

    Returns:
        How many rows were written.
    """
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(EXPORT_COLUMNS)
    count = 0
    for row in rows:
        writer.writerow([_cell(row.get(column)) for column in EXPORT_COLUMNS])
        count += 1
    return count


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    return neutralised(str(value))
