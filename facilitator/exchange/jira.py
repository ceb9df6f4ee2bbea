"""Jira's CSV export ("all fields" and "current fields") read as stories, row by row.

Headers are matched case-insensitively and repeated columns are kept (several ``Sprint``,
``Labels``, ``Component/s``): a single-valued field takes its first non-empty copy. Story points
come from ``Custom field (Story Points)`` (company-managed projects) or ``Custom field (Story
point estimate)`` (team-managed); acceptance criteria from a custom field whose name says so, else
from a checklist in the description. Epics are skipped: they hold stories, they are not one.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from facilitator.exchange.reading import CsvFile, cell, text_lines
from facilitator.exchange.records import (
    CONTAINER_TYPES,
    Record,
    Skipped,
    criteria_cell,
    criteria_in,
    date_of,
    estimate_of,
    status_of,
    story,
    type_of,
)

POINTS_COLUMNS = (
    "Custom field (Story Points)",
    "Custom field (Story point estimate)",
    "Story Points",
    "Story point estimate",
)


def read_jira(stream: BinaryIO, name: str, encoding: str | None = None) -> Iterator[Record]:
    """Each row of a Jira CSV export as a story (or a skipped row), in file order.

    Raises:
        ImportFileError: no ``Issue key`` or ``Summary`` column, or a row that breaks a rule.
    """
    table = CsvFile(text_lines(stream, name, encoding), name)
    key = table.require("'Issue key'", "Issue key", "Key")
    summary = table.require("'Summary'", "Summary")
    kind = table.columns("Issue Type")
    status = table.columns("Status")
    category = table.columns("Status Category")
    description = table.columns("Description")
    created = table.columns("Created")
    points = [p for column in POINTS_COLUMNS for p in table.columns(column)]
    points_label = next((table.header[p] for p in points), "Story Points")
    criteria = [
        i for i, column in enumerate(table.header) if "acceptance criteria" in column.casefold()
    ]
    for line, row in table.rows():
        issue_type = cell(row, kind)
        if issue_type.casefold() in CONTAINER_TYPES:
            yield Skipped(line, row[key].strip(), f"a Jira {issue_type} is not a backlog item")
            continue
        text = cell(row, description)
        written = cell(row, criteria)
        yield story(
            name,
            line,
            key=row[key],
            title=row[summary],
            description=text,
            kind=type_of(issue_type),
            status=status_of(cell(row, status), cell(row, category)),
            estimate=estimate_of(cell(row, points), name, line, points_label),
            criteria=criteria_cell(written) if written else criteria_in(text),
            created=date_of(cell(row, created), name, line, "Created"),
        )
