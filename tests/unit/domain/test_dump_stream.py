"""Reading a team dump as a stream: any layout, any chunk boundary, what json.loads reads."""

from __future__ import annotations

import codecs
import io
import json
import random
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facilitator.errors import ImportFileError
from facilitator.exchange.dump_file import open_dump
from facilitator.exchange.json_stream import JsonStream
from facilitator.exchange.team_dump import FORMAT


def _read(data: bytes, chunk: int = 1 << 16, encoding: str | None = None) -> dict[str, Any]:
    """The whole document as the streaming reader sees it, put back together."""
    with open_dump(io.BytesIO(data), "d.json", encoding, chunk=chunk) as dump:
        teams = []
        for team in dump.teams:
            out: dict[str, Any] = dict(team.fields)
            if team.tables is not None:
                out["tables"] = {
                    name: [row for _line, row in dump.rows(spot)]
                    for name, spot in team.tables.items()
                }
            for key, spot in team.lists.items():
                out[key] = [row for _line, row in dump.rows(spot)]
            teams.append(out)
        return {"format": FORMAT, "version": dump.version, "teams": teams}


_text = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",))
    | st.sampled_from('{}[]",:\\\n\t/ \u2028é🙂'),
    max_size=40,
)
_leaf = (
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | _text
)
_value = st.recursive(
    _leaf,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_text, inner, max_size=4),
    max_leaves=12,
)
_row = st.dictionaries(_text, _value, max_size=6)
_v2_team = st.fixed_dictionaries(
    {"name": _text, "tables": st.dictionaries(_text, st.lists(_row, max_size=4), max_size=4)},
    optional={"regulated": st.booleans(), "transition_plan": _text, "min_overlap_hours": _leaf},
)
_v1_team = st.fixed_dictionaries(
    {
        "name": _text,
        "members": st.lists(_row, max_size=3),
        "stories": st.lists(_row, max_size=3),
        "sprints": st.lists(_row, max_size=3),
        "definition_of_done": st.lists(_text, max_size=3),
        "definition_of_ready": st.lists(_text, max_size=3),
        "sprint_length_days": st.integers(1, 60),
        "points_per_person_day": st.floats(0, 5),
        "blocker_sla_hours": st.integers(1, 99),
        "min_overlap_hours": st.floats(0, 8),
        "created_at": _text,
    }
)


def _layout(document: dict[str, Any], rng: random.Random) -> bytes:
    """``document`` as JSON in a layout picked by ``rng``: key order, spacing, escapes, BOM."""
    order = list(document)
    rng.shuffle(order)
    shuffled = {key: document[key] for key in order}
    text = json.dumps(
        shuffled,
        indent=rng.choice([None, 0, 1, 2, "\t", "\r "]),
        separators=rng.choice([None, (",", ":"), (" , ", " : ")]),
        sort_keys=rng.random() < 0.5,
        ensure_ascii=rng.random() < 0.5,
    )
    data = text.encode("utf-8")
    return codecs.BOM_UTF8 + data if rng.random() < 0.2 else data


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    version=st.sampled_from([1, 2]),
    teams=st.data(),
    chunk=st.integers(1, 7) | st.just(1 << 16),
    seed=st.integers(0, 2**32),
)
def test_the_stream_reads_what_json_loads_reads(
    version: int, teams: st.DataObject, chunk: int, seed: int
) -> None:
    drawn = teams.draw(st.lists(_v1_team if version == 1 else _v2_team, max_size=3))
    document = {"format": FORMAT, "version": version, "teams": drawn}
    data = _layout(document, random.Random(seed))
    assert _read(data, chunk) == json.loads(data.decode("utf-8-sig"))


def test_version_after_teams_tables_in_any_order_and_long_rows() -> None:
    story = {"key": "A-1", "title": 'He said "[x]" {ok}\\', "description": "é" * 200_000}
    document = (
        '{"teams": [{"tables": {"story": [' + json.dumps(story) + '], "acceptance_criterion": '
        '[{"story_id": "A-1"}]}, "name": "T"}], "version": 2, "format": "' + FORMAT + '"}'
    )
    for chunk in (1, 3, 7, 4096):
        if chunk == 1:  # byte by byte through a 400 kB row: slow in pure Python, so once, short
            small = document.replace("é" * 200_000, "é🙂\\u00e9" * 50)
            assert _read(small.encode(), chunk) == json.loads(small)
            continue
        assert _read(document.encode(), chunk) == json.loads(document)


def test_rows_come_with_the_line_they_start_on() -> None:
    rows = [{"n": n, "text": "two\nlines" if n % 2 else "x"} for n in range(50)]
    text = json.dumps(
        {"format": FORMAT, "version": 2, "teams": [{"name": "T", "tables": {"story": rows}}]},
        indent=2,
    )
    lines = text.splitlines()
    with open_dump(io.BytesIO(text.encode()), "d.json", chunk=5) as dump:
        tables = dump.teams[0].tables
        assert tables is not None
        found = list(dump.rows(tables["story"]))
    assert [row for _line, row in found] == rows
    for line, row in found:
        assert lines[line - 1].strip() == "{", (line, row)
        assert lines[line].strip() == f'"n": {row["n"]},'


def _dump(**team: object) -> str:
    return json.dumps(
        {"format": FORMAT, "version": 2, "teams": [{"name": "T", "tables": {}, **team}]},
        indent=2,
        ensure_ascii=False,
    )


def test_a_cut_anywhere_is_one_clear_error() -> None:
    text = _dump(tables={"story": [{"key": "K-1", "title": 'a "b" \\ é'}] * 3})
    data = text.encode()
    for end in range(len(data)):
        with pytest.raises(ImportFileError) as caught:
            _read(data[:end], chunk=7)
        message = str(caught.value)
        assert message.startswith("d.json: line "), message
        assert "\n" not in message
        if end > 1 and data[end - 1 : end] in b" \n,[{":
            assert "ends early" in message, message


def test_truncated_names_the_line_it_ends_on() -> None:
    text = _dump(tables={"story": [{"key": f"K-{n}"} for n in range(40)]})
    cut = text[: text.index('"K-30"') + 3]
    with pytest.raises(ImportFileError) as caught:
        _read(cut.encode(), chunk=64)
    assert caught.value.line == cut.count("\n") + 1
    assert "the file ends early" in caught.value.problem
    assert "a truncated file?" in caught.value.problem


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "is empty: expected a Sprint Facilitator dump"),
        ("[1, 2]", "is not a Sprint Facilitator dump"),
        ('{"format": "other", "teams": []}', "is not a Sprint Facilitator dump"),
        (
            '{"teams": [{"tables": 3}], "format": "' + FORMAT + '", "version": 3}',
            "is dump version 3, newer than this app reads (2)",
        ),
        ('{"format": "' + FORMAT + '", "version": 2}', "teams: expected a list of teams"),
        ('{"format": "' + FORMAT + '", "version": 2, "teams": [{"name": "T"}]}', "tables: missing"),
        (
            '{"format": "' + FORMAT + '", "version": 2, "teams": [{"name": "T", "tables": []}]}',
            "teams[0].tables: expected an object of tables",
        ),
        (
            '{"format": "' + FORMAT + '", "version": 2, "teams": [{"name": "T", '
            '"tables": {"story": {}}}]}',
            "teams[0].tables.story: expected a list of rows",
        ),
        ('{"format": "' + FORMAT + '", "version": 2, "teams": [}', "invalid JSON"),
        ('{"format": "' + FORMAT + '", "version": 2, "teams": []} []', "after the end"),
        ('{"format": "' + FORMAT + '", "version": 2, "teams": [], }', "a quoted key"),
        ('{"format": "' + FORMAT + '", "version": 2, "teams": [1 2]}', "expected ',' or ']'"),
    ],
)
def test_wrong_documents_are_refused_by_name(text: str, problem: str) -> None:
    with pytest.raises(ImportFileError) as caught:
        _read(text.encode(), chunk=3)
    assert problem in str(caught.value)


def test_encodings_as_the_other_imports_read_them() -> None:
    text = _dump(transition_plan="Übergabe à Zoë")
    assert _read(codecs.BOM_UTF8 + text.encode())["teams"][0]["transition_plan"] == "Übergabe à Zoë"
    with pytest.raises(ImportFileError, match="is UTF-16 text; save it as UTF-8"):
        _read(text.encode("utf-16"))
    line = next(n for n, each in enumerate(text.splitlines(), 1) if "Zoë" in each)
    bad = rf"line {line}: is not UTF-8 \(byte 0xDC; it looks like Latin-1"
    with pytest.raises(ImportFileError, match=bad):
        _read(text.encode("latin-1"))
    latin = _read(text.encode("latin-1"), chunk=5, encoding="latin-1")
    assert latin["teams"][0]["transition_plan"] == "Übergabe à Zoë"


def test_a_number_split_by_a_chunk_boundary_is_read_whole() -> None:
    for chunk in range(1, 9):
        reader = JsonStream(
            io.BytesIO(b"[1.5e+10, -0.25, 12345678901234567890, true]"), "f", chunk=chunk
        )
        assert [reader.value() for _ in reader.elements()] == [
            1.5e10,
            -0.25,
            12345678901234567890,
            True,
        ]
