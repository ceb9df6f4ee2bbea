"""Importing a team dump file as a stream: the round trip through files in any layout, bounded
memory, one transaction (a bad last row saves nothing), truncated and huge files, cancel."""

from __future__ import annotations

import datetime as dt
import json
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from facilitator.app import main
from facilitator.errors import ImportCancelled, ImportFileError
from facilitator.ops.exporting import export_json
from facilitator.ops.import_files import ImportOptions, import_file
from facilitator.store.db import Store, target_from
from facilitator.store.migrate import open_store
from tests.helpers.big_dump import write_big_dump
from tests.helpers.full_team import fill_empty_tables
from tests.helpers.storage import dump, one_line

NOW = dt.datetime(2026, 11, 25, 9, tzinfo=dt.UTC)


def _empty(path: Path) -> Path:
    open_store(target_from(path)).close()
    return path


def _import(db: Path, source: Path, **options: Any) -> str:
    store = open_store(target_from(db))
    try:
        return import_file(store, "json", source, None, NOW, ImportOptions(**options)).summary
    finally:
        store.close()


def _reversed(value: Any) -> Any:
    """Every object with its keys in reverse order: ``version`` first, ``teams`` last, tables
    from ``retro_vote`` back to ``acceptance_criterion``."""
    if isinstance(value, dict):
        return {key: _reversed(value[key]) for key in reversed(list(value))}
    if isinstance(value, list):
        return [_reversed(each) for each in value]
    return value


@pytest.mark.parametrize("layout", ["as exported", "keys reversed, compact", "one line per row"])
def test_the_file_round_trips_byte_for_byte_in_any_layout(
    demo_store: Store, tmp_path: Path, layout: str
) -> None:
    fill_empty_tables(demo_store)
    first = tmp_path / "first.json"
    export_json(demo_store, first)
    source = first
    if layout != "as exported":
        document = json.loads(first.read_text(encoding="utf-8"))
        source = tmp_path / "other.json"
        if layout == "keys reversed, compact":
            text = json.dumps(_reversed(document), separators=(",", ":"), ensure_ascii=True)
        else:
            text = json.dumps(document, indent=None).replace("}, {", "},\r\n{")
        source.write_text(text, encoding="utf-8")
    db = _empty(tmp_path / "copy.sqlite3")
    _import(db, source)
    store = open_store(target_from(db))
    try:
        again = tmp_path / "again.json"
        export_json(store, again)
    finally:
        store.close()
    assert again.read_bytes() == first.read_bytes()


def test_a_bad_value_in_the_last_row_of_the_last_team_saves_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_big_dump(tmp_path / "bad.json", 300, teams=3, last={"estimate": "lots"})
    lines = source.read_text(encoding="utf-8").splitlines()
    row = max(n for n, line in enumerate(lines, 1) if '"key": "T2-299"' in line)
    db = _empty(tmp_path / "target.sqlite3")
    before = dump(db)
    assert main(["import", "json", str(source), "--db", str(db)]) == 1
    err = one_line(capsys.readouterr().err)
    assert f"{source}: line " in err
    assert "teams[2].tables.story[299].estimate: expected a number" in err
    line = int(err.split(": line ")[1].split(":")[0])
    assert lines[line - 1].strip() == "{"  # the first line of the row
    assert row - 12 < line < row
    assert dump(db) == before
    write_big_dump(source, 300, teams=3)  # the same file without the bad value imports
    assert main(["import", "json", str(source), "--db", str(db)]) == 0
    assert "900 created" in capsys.readouterr().out


def test_a_truncated_file_ends_early_and_saves_nothing(
    demo_store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    whole = tmp_path / "whole.json"
    export_json(demo_store, whole)
    data = whole.read_bytes()
    cut = tmp_path / "cut.json"
    cut.write_bytes(data[: len(data) * 2 // 3])
    db = _empty(tmp_path / "target.sqlite3")
    before = dump(db)
    assert main(["import", "json", str(cut), "--db", str(db)]) == 1
    err = one_line(capsys.readouterr().err)
    last = cut.read_bytes().count(b"\n") + 1
    assert f"{cut}: line {last}: the file ends early" in err
    assert "(a truncated file?)" in err
    assert dump(db) == before


def test_a_huge_dump_is_not_refused_for_its_size_but_for_what_it_holds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Memory no longer grows with the file, so a dump has no size cap; a 1 GiB file gets its
    # answer from its first bad byte, not after reading all of it. (Other kinds keep the cap.)
    source = tmp_path / "huge.json"
    head = '{"format": "sprint-facilitator-teams", "version": 2, "teams": [\n'
    source.write_text(head + json.dumps({"name": "T", "transition_plan": "x" * 8000}) + ",\n")
    with source.open("r+b") as out:
        out.truncate(1024**3)  # sparse: the rest reads as NUL bytes
    db = _empty(tmp_path / "target.sqlite3")
    before = dump(db)
    assert main(["import", "json", str(source), "--db", str(db)]) == 1
    err = one_line(capsys.readouterr().err)
    assert f"{source}: line 3: invalid JSON: expected a value, found '\\x00'" in err
    assert dump(db) == before
    assert main(["import", "csv", str(source), "--team", "X", "--db", str(db)]) == 1
    assert "is 1,024 MiB; imports are limited to 256 MiB" in capsys.readouterr().err


def test_progress_counts_bytes_of_the_file_and_cancel_saves_nothing(tmp_path: Path) -> None:
    source = write_big_dump(tmp_path / "d.json", 400)
    size = source.stat().st_size
    db = _empty(tmp_path / "target.sqlite3")
    before = dump(db)
    seen: list[int] = []

    def cancel_at_the_end(read: int) -> bool:
        seen.append(read)
        return read < size * 0.9  # the index is read, most of the rows are in

    store = open_store(target_from(db))
    try:
        with pytest.raises(ImportCancelled):
            import_file(store, "json", source, None, NOW, progress=cancel_at_the_end)
    finally:
        store.close()
    assert dump(db) == before
    assert seen == sorted(seen)
    assert len(seen) > 10
    assert size * 0.9 <= seen[-1] <= size
    assert any(size * 0.4 < read < size * 0.6 for read in seen)  # half way: the index is read


def test_a_dump_in_latin_1_imports_when_its_encoding_is_named(tmp_path: Path) -> None:
    utf8 = write_big_dump(tmp_path / "utf8.json", 3)
    latin = tmp_path / "latin.json"
    text = utf8.read_text(encoding="utf-8").replace("é ∑ 🙂", "é").replace("Team 0", "Équipe")
    latin.write_bytes(text.encode("latin-1"))
    db = _empty(tmp_path / "target.sqlite3")
    with pytest.raises(ImportFileError, match=r"is not UTF-8 \(byte 0xC9"):
        _import(db, latin)
    assert _import(db, latin, encoding="latin-1").startswith("3 created")


def _peak(tmp_path: Path, stories: int) -> tuple[int, int]:
    source = write_big_dump(tmp_path / f"d{stories}.json", stories, padding=2500)
    db = _empty(tmp_path / f"t{stories}.sqlite3")
    store = open_store(target_from(db))
    try:
        tracemalloc.start()
        import_file(store, "json", source, None, NOW)
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        store.close()
    return peak, source.stat().st_size


def test_memory_stays_bounded_as_the_dump_grows(tmp_path: Path) -> None:
    small, small_size = _peak(tmp_path, 400)
    large, large_size = _peak(tmp_path, 4000)
    assert large_size > 9 * small_size
    # Measured: peaks of 2.9 MB and 1.9 MB (the first import also warms SQLAlchemy's caches)
    # for files of 1.4 MB and 13.5 MB. The whole-document reader before (json.load) peaked at
    # 11.4 MB and 114 MB, failing both bounds.
    assert large < large_size / 4, (large, large_size)
    assert large < 2 * small, (small, large)


def _v1_document(estimate: object = 3) -> dict[str, object]:
    story = {
        "key": "OLD-1",
        "title": "Pay by card",
        "description": "As a buyer",
        "type": "story",
        "status": "done",
        "rank": 1,
        "estimate": estimate,
        "created_at": "2025-01-02T09:00:00+00:00",
        "criteria": [{"text": "a receipt", "author": "Ana", "created_at": "2025-01-02"}],
    }
    sprint = {
        "name": "Sprint 1",
        "goal": "Cards",
        "start": "2025-01-06",
        "end": "2025-01-17",
        "state": "closed",
        "capacity_proposed": None,
        "capacity_points": 10,
        "stories": [
            {
                "key": "OLD-1",
                "points": 3,
                "added_mid_sprint": False,
                "done": True,
                "not_done_reason": "",
            }
        ],
    }
    member = {
        "name": "Ana",
        "role": "engineer",
        "side": "in_house",
        "seniority": "senior",
        "timezone": "Europe/Lisbon",
        "work_start_min": 540,
        "work_end_min": 1020,
        "active": True,
    }
    team = {
        "name": "Old team",
        "sprint_length_days": 10,
        "points_per_person_day": 1.0,
        "blocker_sla_hours": 24,
        "min_overlap_hours": 3.0,
        "created_at": "2025-01-01T09:00:00+00:00",
        "definition_of_done": ["Reviewed"],
        "definition_of_ready": [],
        "members": [member],
        "stories": [story],
        "sprints": [sprint],
    }
    return {"format": "sprint-facilitator-teams", "version": 1, "teams": [team]}


def test_a_version_1_file_with_sprints_before_stories_imports(tmp_path: Path) -> None:
    # Keys sorted, as version 1 files were written: "sprints" (which name stories) before "stories".
    source = tmp_path / "v1.json"
    source.write_text(json.dumps(_v1_document(), indent=2, sort_keys=True), encoding="utf-8")
    db = _empty(tmp_path / "target.sqlite3")
    assert _import(db, source).startswith("1 created")
    rows = dump(db)
    assert [r for r in rows["sprint_story"] if 3.0 in r]
    bad = tmp_path / "bad.json"
    text = json.dumps(_v1_document("three"), indent=2, sort_keys=True)
    bad.write_text(text, encoding="utf-8")
    other = _empty(tmp_path / "other.sqlite3")
    before = dump(other)
    with pytest.raises(ImportFileError) as caught:
        _import(other, bad)
    assert "teams[0].stories[0].estimate: expected a number or null" in str(caught.value)
    assert caught.value.line is not None
    assert text.splitlines()[caught.value.line - 1].strip() == "{"
    assert dump(other) == before
