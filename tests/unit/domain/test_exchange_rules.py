"""The pure import/export rules: mappings, numbers, dates, criteria, CSV safety, JSON streaming."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitator.errors import ImportFileError
from facilitator.exchange.backlog_csv import neutralised, parse_mapping, restored
from facilitator.exchange.ics import escape, fold
from facilitator.exchange.reading import json_array, text_lines
from facilitator.exchange.records import (
    criteria_cell,
    criteria_in,
    date_of,
    estimate_of,
    status_of,
    type_of,
)


@pytest.mark.parametrize(
    ("status", "category", "expected"),
    [
        ("To Do", "", "new"),
        ("Backlog", "", "new"),
        ("Ready for Development", "", "refined"),
        ("In Progress", "", "in_sprint"),
        ("Code Review", "", "in_sprint"),
        ("DONE", "", "done"),
        ("Won't Do", "", "done"),
        ("Waiting for customer", "In Progress", "in_sprint"),  # unknown: its category
        ("Something custom", "", "new"),
    ],
)
def test_status_mapping(status: str, category: str, expected: str) -> None:
    assert status_of(status, category) == expected


@pytest.mark.parametrize(
    ("kind", "expected"),
    [("Story", "story"), ("Bug", "bug"), ("Sub-task", "chore"), ("Task", "chore"),
     ("Spike", "spike"), ("New Feature", "story"), ("", "story")],
)  # fmt: skip
def test_type_mapping(kind: str, expected: str) -> None:
    assert type_of(kind) == expected


@pytest.mark.parametrize(
    ("text", "expected"), [("", None), ("3", 3.0), (" 0.5 ", 0.5), ("2,5", 2.5), ("13", 13.0)]
)
def test_estimates(text: str, expected: float | None) -> None:
    assert estimate_of(text, "f.csv", 4, "Story Points") == expected


@pytest.mark.parametrize(
    ("text", "problem"),
    [("three", "'three' is not a number"), ("-1", "'-1' is not an estimate ≥ 0"),
     ("nan", "'nan' is not an estimate ≥ 0"), ("inf", "'inf' is not an estimate ≥ 0")],
)  # fmt: skip
def test_bad_estimates_name_file_line_and_column(text: str, problem: str) -> None:
    with pytest.raises(ImportFileError) as caught:
        estimate_of(text, "f.csv", 4, "Story Points")
    assert str(caught.value) == f"f.csv: line 4: Story Points: {problem}"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12/Mar/24 3:04 PM", dt.datetime(2024, 3, 12, 15, 4, tzinfo=dt.UTC)),
        ("01/Jan/2025 12:00 AM", dt.datetime(2025, 1, 1, 0, 0, tzinfo=dt.UTC)),
        ("5/Jun/24 09:30", dt.datetime(2024, 6, 5, 9, 30, tzinfo=dt.UTC)),
        ("2026-03-01T10:00:00Z", dt.datetime(2026, 3, 1, 10, 0, tzinfo=dt.UTC)),
        ("2026-03-01T12:00:00+02:00", dt.datetime(2026, 3, 1, 10, 0, tzinfo=dt.UTC)),
        ("", None),
    ],
)
def test_dates(text: str, expected: dt.datetime | None) -> None:
    assert date_of(text, "f", 1, "Created") == expected


@pytest.mark.parametrize(
    ("description", "expected"),
    [
        ("Text\n[ ] one\n[x] two\n", ("one", "two")),
        ("- [ ] box in a list\n- [X] done box", ("box in a list", "done box")),
        ("Intro\n\nh3. Acceptance criteria\n* first\n* second\n\nOther", ("first", "second")),
        ("Acceptance Criteria:\n1. one\n2) two\nafter", ("one", "two")),
        ("No criteria here\n* a bullet", ()),
        ("", ()),
    ],
)
def test_criteria_in_descriptions(description: str, expected: tuple[str, ...]) -> None:
    assert criteria_in(description) == expected


def test_criteria_field_lines() -> None:
    assert criteria_cell("* a\r\n- [ ] b\n\nc") == ("a", "b", "c")


@given(st.text(max_size=30))
def test_neutralised_cells_never_start_a_formula_and_restore(text: str) -> None:
    cell = neutralised(text)
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r", "\0"))
    assert restored(cell) == text
    assert cell.endswith(text)  # the text itself is kept


def test_mapping_pairs() -> None:
    assert parse_mapping(["key=ID", "Title = Name"]) == {"key": "ID", "title": "Name"}
    with pytest.raises(ImportFileError, match="'size' is not a field"):
        parse_mapping(["size=Points"])
    with pytest.raises(ImportFileError, match="expected FIELD=COLUMN"):
        parse_mapping(["key"])


def test_ics_escape_and_fold() -> None:
    assert escape("a;b,c\\d\ne") == "a\\;b\\,c\\\\d\\ne"
    folded = fold("X:" + "€" * 40)  # 3 octets each: 122 octets in all
    pieces = folded.split("\r\n")
    assert all(len(p.encode()) <= 75 for p in pieces)
    assert "".join(p[1:] if i else p for i, p in enumerate(pieces)) == "X:" + "€" * 40


def _json(text: str) -> list[tuple[int, object]]:
    return list(json_array(text_lines(io.BufferedReader(io.BytesIO(text.encode())), "f"), "f"))


def test_json_array_streams_items_with_their_lines() -> None:
    items = [{"number": n, "body": "x\n" * n} for n in range(3)]
    text = json.dumps(items, indent=1)
    found = _json(text)
    assert [value for _line, value in found] == items
    assert [line for line, _value in found] == [2, 6, 10]
    assert _json("[]") == []
    assert _json(" [1, 2.5,\n3] ") == [(1, 1), (1, 2.5), (2, 3)]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "line 1: expected a JSON array of issues, found an empty file"),
        ('{"a": 1}', "line 1: expected a JSON array of issues, found an object"),
        ("[1, 2", "line 1: the JSON ends before its closing ] (truncated?)"),
        ("[1 2]", "line 1: expected , or ] in the JSON, found '2'"),
        ('[1,\n{"a": tru}]', "line 2: invalid JSON: Expecting value"),
        ("[1] x", "line 1: unexpected text after the JSON array"),
    ],
)
def test_bad_json_arrays(text: str, problem: str) -> None:
    with pytest.raises(ImportFileError) as caught:
        _json(text)
    assert str(caught.value) == f"f: {problem}"


def test_long_json_arrays_keep_line_numbers_across_chunks() -> None:
    items = [{"n": n, "pad": "y" * 500} for n in range(2000)]
    text = "[\n" + ",\n".join(json.dumps(item) for item in items) + "\n]"
    found = _json(text)
    assert len(found) == 2000
    assert found[-1] == (2001, items[-1])
