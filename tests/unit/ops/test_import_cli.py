"""``facilitator import``: real-size files, re-import by key, and every bad input of issue 13."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from facilitator.app import main
from tests.helpers.exchange_files import (
    JIRA_HEADER,
    gh_issues,
    jira_csv,
    jira_row,
    rest_issues,
    write_jira,
    write_json,
)
from tests.helpers.storage import dump, one_line


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _stories(db: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT key, title, type, status, estimate FROM story ORDER BY rank"
        ).fetchall()
    conn.close()
    return rows


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A database with team Payments holding 30 stories imported from a full-width export."""
    path = tmp_path / "app.sqlite3"
    source = write_jira(tmp_path / "seed.csv", 30)
    assert main(["import", "jira", str(source), "--team", "Payments", "--db", str(path)]) == 0
    capsys.readouterr()
    return path


def test_full_width_jira_export_imports_in_file_order(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "app.sqlite3"
    source = write_jira(tmp_path / "jira.csv", 40)
    code, out, _err = _run(
        capsys, "import", "jira", str(source), "--team", "Payments", "--db", str(path)
    )
    assert code == 0
    # every 5th type is a Sub-task (a chore); nothing is an epic here
    assert "into Payments: 40 created, 0 updated, 0 unchanged, 0 skipped" in out
    stories = _stories(path)
    assert [s[0] for s in stories] == [f"PAY-{n}" for n in range(1, 41)]
    assert stories[0] == ("PAY-1", "Story number 1: pay by card", "bug", "in_sprint", 1.0)
    assert stories[1][2:] == ("chore", "done", 2.0)  # Task, Done
    assert stories[2][3] == "refined"  # "Ready for Development"
    assert stories[4][4] is None  # no points on every 5th
    with sqlite3.connect(path) as conn:
        criteria = conn.execute(
            "SELECT text FROM acceptance_criterion WHERE story_id = 1 ORDER BY position"
        ).fetchall()
        description = conn.execute("SELECT description FROM story WHERE id = 1").fetchone()[0]
        created = conn.execute("SELECT created_at FROM story WHERE id = 1").fetchone()[0]
    conn.close()
    assert criteria == [("total shown",), ("receipt sent",)]
    assert description.splitlines()[:2] == ["As a buyer", "I want 1"]
    assert created.startswith("2024-03-02 14:04")


def test_reimport_updates_by_key_and_counts(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [jira_row(n) for n in range(1, 31)]
    rows[0] = jira_row(1, Summary="Pay by card, renamed")
    rows[1] = jira_row(2, **{"Issue Type": "Epic"})
    rows.append(jira_row(31))
    source = tmp_path / "again.csv"
    source.write_bytes(jira_csv(rows))
    code, out, _ = _run(capsys, "import", "jira", str(source), "--db", str(db))
    assert code == 0
    assert "1 created, 1 updated, 28 unchanged, 1 skipped" in out
    assert "skipped line" in out
    assert "PAY-2: a Jira Epic is not a backlog item" in out
    stories = _stories(db)
    assert len(stories) == 31
    assert stories[0][1] == "Pay by card, renamed"
    assert stories[-1][0] == "PAY-31"


def test_acceptance_criteria_field_wins_over_the_description(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "app.sqlite3"
    row = jira_row(1, **{"Custom field (Acceptance Criteria)": "* shows total\n* sends receipt"})
    source = tmp_path / "ac.csv"
    source.write_bytes(jira_csv([row]))
    assert _run(capsys, "import", "jira", str(source), "--team", "T", "--db", str(path))[0] == 0
    with sqlite3.connect(path) as conn:
        texts = conn.execute("SELECT text FROM acceptance_criterion ORDER BY position").fetchall()
    conn.close()
    assert texts == [("shows total",), ("sends receipt",)]


def test_gh_and_rest_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "app.sqlite3"
    gh = write_json(tmp_path / "gh.json", gh_issues(12))
    code, out, _ = _run(capsys, "import", "github", str(gh), "--team", "Web", "--db", str(path))
    assert code == 0
    assert "12 created" in out
    stories = _stories(path)
    assert stories[0] == ("GH-1", "Issue 1 <b>bold</b>", "story", "new", 1.0)
    assert stories[2][2] == "bug"
    assert stories[3][4] is None
    assert stories[4][3] == "done"
    rest = write_json(tmp_path / "rest.json", rest_issues(5))
    code, out, _ = _run(capsys, "import", "github", str(rest), "--db", str(path))
    assert code == 0
    assert "0 created, 4 updated, 0 unchanged, 1 skipped" in out  # same numbers, new titles
    assert _stories(path)[0] == ("GH-1", "REST issue 1", "story", "new", 2.0)


def test_custom_points_label(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "app.sqlite3"
    issues = [{"number": 7, "title": "x", "labels": [{"name": "estimate/8"}], "state": "OPEN"}]
    source = write_json(tmp_path / "gh.json", issues)
    args = ["import", "github", str(source), "--team", "W", "--points-label", r"estimate/(\d+)"]
    assert _run(capsys, *args, "--db", str(path))[0] == 0
    assert _stories(path)[0][4] == 8.0


def test_generic_csv_with_a_mapping(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "app.sqlite3"
    source = tmp_path / "items.csv"
    source.write_text("ID;Name;Size;State\nX-1;First;3;Done\nX-2;Second;;open\n", encoding="utf-8")
    args = ["import", "csv", str(source), "--team", "T", "--delimiter", ";"]
    maps = [
        "--map",
        "key=ID",
        "--map",
        "title=Name",
        "--map",
        "estimate=Size",
        "--map",
        "status=State",
    ]
    code, _out, err = _run(capsys, *args, *maps, "--db", str(path))
    assert code == 0, err
    assert _stories(path) == [
        ("X-1", "First", "story", "done", 3.0),
        ("X-2", "Second", "story", "new", None),
    ]


def _cut_inside_description() -> bytes:
    data = jira_csv([jira_row(1), jira_row(2)])
    return data[: data.index(b"I want 2")]  # ends inside row 2's quoted, multi-line Description


BAD_JIRA = {
    "semicolons": (
        b"Summary;Issue key;Status\r\nA;PAY-1;To Do\r\n",
        "line 1: no 'Issue key' column (the header is one column separated by semicolons",
    ),
    "utf16": ("Summary,Issue key\r\nA,PAY-1\r\n".encode("utf-16"), "line 1: is UTF-16 text"),
    "latin1": (
        "Summary,Issue key\r\nCafé crème,PAY-1\r\n".encode("latin-1"),
        "line 2: is not UTF-8 (byte 0xE9; it looks like Latin-1",
    ),
    "truncated_in_quotes": (
        _cut_inside_description(),
        "malformed CSV: the file ends inside a quoted field (a truncated file?)",
    ),
    "truncated_row": (
        jira_csv([jira_row(1)]) + b'"Cut off",PAY-9,10009\r\n',
        "line 7: too few fields: 3, the header has 60 (a truncated file?)",
    ),
    "too_many_columns": (
        jira_csv([jira_row(1)]).rstrip(b"\r\n") + b',"extra"\r\n',
        "line 2: too many fields: 61, the header has 60",
    ),
    "missing_key": (b"Summary,Status\r\nA,To Do\r\n", "line 1: no 'Issue key' column"),
    "not_a_number": (
        jira_csv([jira_row(1), jira_row(2, **{"Custom field (Story Points)": "three"})]),
        "line 7: Custom field (Story Points): 'three' is not a number",
    ),
    "repeated_key": (
        jira_csv([jira_row(1), jira_row(1)]),
        "line 7: key PAY-1 appears again (first on line 2)",
    ),
    "bad_date": (
        jira_csv([jira_row(1, Created="sometime")]),
        "line 2: Created: 'sometime' is not a date",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_JIRA))
def test_bad_jira_files_change_nothing(
    case: str, db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, expected = BAD_JIRA[case]
    source = tmp_path / f"{case}.csv"
    source.write_bytes(data)
    before = dump(db)
    code, out, err = _run(capsys, "import", "jira", str(source), "--db", str(db))
    assert code == 1
    line = one_line(err)
    assert line.startswith(f"facilitator import: {source}: ")
    assert expected in line
    assert out == ""
    assert dump(db) == before


def test_latin1_decodes_when_named(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "latin.csv"
    source.write_bytes("Summary,Issue key\r\nCafé crème,PAY-99\r\n".encode("latin-1"))
    code, out, _ = _run(
        capsys, "import", "jira", str(source), "--encoding", "latin-1", "--db", str(db)
    )
    assert code == 0
    assert "1 created" in out
    assert _stories(db)[-1][:2] == ("PAY-99", "Café crème")


BAD_JSON = {
    "object_not_array": (
        {"issues": []},
        "line 1: expected a JSON array of issues, found an object",
    ),
    "element_not_object": ([1], "line 2: each element must be an issue object"),
    "no_number": ([{"title": "x"}], "line 2: an issue without a whole 'number'"),
    "labels_wrong": ([{"number": 1, "title": "x", "labels": "bug"}], "'labels' must be a list"),
}


@pytest.mark.parametrize("case", sorted(BAD_JSON))
def test_bad_github_json_changes_nothing(
    case: str, db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, expected = BAD_JSON[case]
    source = write_json(tmp_path / f"{case}.json", data)
    before = dump(db)
    code, _out, err = _run(capsys, "import", "github", str(source), "--db", str(db))
    assert code == 1
    assert expected in one_line(err)
    assert str(source) in err
    assert dump(db) == before


def test_truncated_json_names_the_line(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = json.dumps(gh_issues(3), indent=2)
    source = tmp_path / "cut.json"
    source.write_text(text[: len(text) // 2], encoding="utf-8")
    before = dump(db)
    code, _out, err = _run(capsys, "import", "github", str(source), "--db", str(db))
    assert code == 1
    assert f"{source}: line " in one_line(err)
    assert "invalid JSON" in err
    assert dump(db) == before


def test_newer_dump_version_and_wrong_shape(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = dump(db)
    newer = write_json(
        tmp_path / "new.json", {"format": "sprint-facilitator-teams", "version": 3, "teams": []}
    )
    code, _out, err = _run(capsys, "import", "json", str(newer), "--db", str(db))
    assert code == 1
    assert "is dump version 3, newer than this app reads (2)" in one_line(err)
    shape = write_json(
        tmp_path / "shape.json",
        {"format": "sprint-facilitator-teams", "version": 1, "teams": [{"name": 3}]},
    )
    code, _out, err = _run(capsys, "import", "json", str(shape), "--db", str(db))
    assert code == 1
    assert f"{shape}: line 6: teams[0].name: expected text" in one_line(err)
    assert dump(db) == before


def test_oversized_file_is_refused_unread(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "huge.csv"
    with source.open("wb") as out:
        out.truncate(1024**3)  # 1 GiB, sparse: refused on its size, never read
    before = dump(db)
    code, _out, err = _run(capsys, "import", "jira", str(source), "--db", str(db))
    assert code == 1
    assert "is 1,024 MiB; imports are limited to 256 MiB" in one_line(err)
    assert dump(db) == before


def test_a_failed_import_creates_no_team(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "app.sqlite3"
    source = tmp_path / "bad.csv"
    source.write_bytes(jira_csv([jira_row(1, Summary="")]))
    code, _out, err = _run(
        capsys, "import", "jira", str(source), "--team", "New", "--db", str(path)
    )
    assert code == 1
    assert "line 2: Title: must not be empty" in one_line(err)
    assert not path.exists()  # the database the command would have created is not left behind
    db = tmp_path / "kept.sqlite3"
    assert main(["import", "jira", str(write_jira(tmp_path / "ok.csv", 1)), "--team", "Old",
                 "--db", str(db)]) == 0  # fmt: skip
    before = dump(db)
    code, _out, err = _run(capsys, "import", "jira", str(source), "--team", "New", "--db", str(db))
    assert code == 1
    assert dump(db) == before  # no team "New" either


def test_no_team_chosen(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = write_jira(tmp_path / "j.csv", 2)
    code, _out, err = _run(capsys, "import", "jira", str(source), "--db", str(tmp_path / "a.db"))
    assert code == 1
    assert "no team yet; give --team NAME" in one_line(err)
    assert len(JIRA_HEADER) == 60
