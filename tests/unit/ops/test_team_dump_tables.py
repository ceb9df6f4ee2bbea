"""The version 2 team dump: every table a team owns, references without row ids, the round trip."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from sqlalchemy import func, select

from facilitator.app import main
from facilitator.errors import ImportFileError
from facilitator.ops.dump_tables import (
    NOT_DUMPED,
    SOFT_REFERENCES,
    TABLES,
    TEAM,
    dumped_columns,
    reference,
)
from facilitator.ops.team_dump import export_dump, import_dump
from facilitator.store.db import Store, target_from
from facilitator.store.migrate import open_store
from facilitator.store.models import Base
from tests.helpers.backends import BACKENDS, backend_store
from tests.helpers.full_team import fill_empty_tables
from tests.helpers.storage import dump, one_line


def _reachable_from_team() -> set[str]:
    found, frontier = set(), {TEAM}
    while frontier:
        frontier = {
            t.name
            for t in Base.metadata.tables.values()
            for key in t.foreign_keys
            if key.column.table.name in frontier and t.name not in found and t.name != TEAM
        }
        found |= frontier
    return found


def test_every_table_a_team_owns_is_dumped_or_left_out_with_a_reason() -> None:
    reachable = _reachable_from_team()
    forgotten = reachable - set(TABLES) - set(NOT_DUMPED)
    assert not forgotten, f"add these tables to the dump (or NOT_DUMPED with a reason): {forgotten}"
    assert set(TABLES) <= reachable
    assert all(NOT_DUMPED.values())


def test_tables_come_after_the_rows_they_refer_to() -> None:
    order = {name: n for n, name in enumerate((TEAM, *TABLES))}
    for name in TABLES:
        for column in Base.metadata.tables[name].columns:
            ref = reference(column)
            if ref is not None and ref.target != name:
                assert order[ref.target] < order[name], (name, column.name)


def test_every_id_column_without_a_foreign_key_is_a_known_reference() -> None:
    for name in TABLES:
        for column in Base.metadata.tables[name].columns:
            if column.name.endswith("_id") and not column.foreign_keys:
                assert (name, column.name) in SOFT_REFERENCES, (name, column.name)


def _counts(store: Store) -> dict[str, int]:
    with store.session() as session:
        return {
            name: int(session.scalar(select(func.count()).select_from(t)) or 0)
            for name, t in Base.metadata.tables.items()
            if name in (TEAM, *TABLES)
        }


def _text(document: object) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True)


def test_full_demo_round_trips_byte_for_byte_with_every_table(
    demo_store: Store, tmp_path: Path
) -> None:
    fill_empty_tables(demo_store)
    before = _counts(demo_store)
    assert all(before.values()), {k: v for k, v in before.items() if not v}
    first = export_dump(demo_store)
    text = _text(first)
    assert '"id":' not in text  # row ids never appear
    empty = open_store(target_from(tmp_path / "empty.sqlite3"))
    try:
        import_dump(empty, first["teams"], "dump.json")
        assert _text(export_dump(empty)) == text
        assert _counts(empty) == before
    finally:
        empty.close()


def test_references_are_keys_names_and_positions(demo_store: Store) -> None:
    team = export_dump(demo_store)["teams"][0]
    tables = team["tables"]
    keys = {s["key"] for s in tables["story"]}
    names = {m["name"] for m in tables["member"]}
    sprints = {s["name"] for s in tables["sprint"]}
    assert {c["story_id"] for c in tables["acceptance_criterion"]} <= keys
    assert {u["member_id"] for u in tables["daily_update"]} <= names
    assert {line["sprint_id"] for line in tables["sprint_story"]} <= sprints
    queued = [key for run in tables["ceremony_run"] for key in run["queue"]]
    assert queued
    assert set(queued) <= keys
    runs = len(tables["ceremony_run"])
    assert all(0 <= item["run_id"] < runs for item in tables["agenda_item"])
    anonymous = [n for n in tables["retro_note"] if n["author_name"] is None]
    assert anonymous
    assert all(n["author_id"] is None for n in anonymous)


def test_a_bad_reference_late_in_the_dump_saves_nothing(
    demo_store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = export_dump(demo_store)
    document["teams"][-1]["tables"]["experiment"][0]["sprint_id"] = "No such sprint"
    source = tmp_path / "bad.json"
    source.write_text(_text(document), encoding="utf-8")
    db = tmp_path / "target.sqlite3"
    open_store(target_from(db)).close()
    before = dump(db)
    assert main(["import", "json", str(source), "--db", str(db)]) == 1
    err = one_line(capsys.readouterr().err)
    assert ".tables.experiment[0].sprint_id: no sprint 'No such sprint' in the team" in err
    assert dump(db) == before


@pytest.mark.parametrize(
    ("table", "field", "value", "problem"),
    [
        ("story", "title", "x" * 301, "Title is 301 characters; the limit is 300"),
        ("story", "key", "K" * 33, "is longer than 32 characters"),
        ("retro_note", "text", "bad\x00text", "Note contains a NUL character (U+0000)"),
        ("story", "type", "epic", "'epic' is not one of story, bug, chore, spike"),
        ("story", "rank", "first", "expected a number"),
        ("member", "active", 1, "expected true or false"),
        (
            "member",
            "timezone",
            "Mars/Olympus",
            "Time zone: 'Mars/Olympus' is not a known IANA time zone",
        ),
        ("sprint", "start_date", "soon", "'soon' is not an ISO date"),
        ("agenda_item", "run_id", 10_000, "no ceremony_run row 10000 in the team"),
        ("story", "created_at", None, "must not be null"),
    ],
)
def test_a_wrong_value_is_named_by_its_path(
    demo_store: Store, tmp_path: Path, table: str, field: str, value: object, problem: str
) -> None:
    teams = export_dump(demo_store)["teams"]
    teams[0]["tables"][table][0][field] = value
    empty = open_store(target_from(tmp_path / "e.sqlite3"))
    try:
        with pytest.raises(ImportFileError) as caught:
            import_dump(empty, teams, "d.json")
        assert not any(_counts(empty).values())
    finally:
        empty.close()
    assert f"teams[0].tables.{table}[0].{field}: {problem}" in str(caught.value)


def test_a_row_the_database_refuses_is_named_and_nothing_is_saved(
    demo_store: Store, tmp_path: Path
) -> None:
    teams = export_dump(demo_store)["teams"]
    teams[0]["tables"]["sprint"][1]["state"] = "done"
    empty = open_store(target_from(tmp_path / "e.sqlite3"))
    try:
        with pytest.raises(ImportFileError) as caught:
            import_dump(empty, teams, "d.json")
        assert not any(_counts(empty).values())
    finally:
        empty.close()
    assert "d.json: teams[0].tables.sprint[1]: refused by the database (" in str(caught.value)


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_full_dump_round_trips_through_each_backend(
    demo_store: Store, tmp_path: Path, backend: str
) -> None:
    fill_empty_tables(demo_store)
    first = export_dump(demo_store)
    broken = json.loads(_text(first))
    broken["teams"][-1]["tables"]["retro_vote"][-1]["member_id"] = "Nobody"
    with backend_store(backend, tmp_path) as other:
        with pytest.raises(ImportFileError):
            import_dump(other, broken["teams"], "broken.json")
        assert not any(_counts(other).values())
        import_dump(other, first["teams"], "dump.json")
        assert _text(export_dump(other)) == _text(first)
        assert _counts(other) == _counts(demo_store)


def test_the_documentation_lists_every_table_and_field() -> None:
    text = (Path(__file__).parents[3] / "docs" / "team-dump.md").read_text(encoding="utf-8")
    sections = dict(re.findall(r"^### `(\w+)`\n(.*?)(?=^### |^## )", text, re.M | re.S))
    assert list(sections) == list(TABLES)
    for name in TABLES:
        documented = re.findall(r"^\| `(\w+)` \|", sections[name], re.M)
        assert documented == [c.name for c in dumped_columns(name)], name
    assert '"version": 2' in text


def test_a_team_imports_beside_others_whose_ids_come_first(demo_store: Store) -> None:
    fill_empty_tables(demo_store)
    original = export_dump(demo_store)["teams"][0]
    copy = json.loads(_text(original))
    copy["name"] = "Copy of " + original["name"]
    import_dump(demo_store, [copy], "copy.json")  # every id it gets differs from the original's
    again = export_dump(demo_store, copy["name"])["teams"][0]
    assert again["name"] == copy["name"]
    assert _text(again["tables"]) == _text(original["tables"])
