"""``facilitator metrics`` and ``facilitator report``: DESIGN.md's names, every format, errors."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from facilitator.app import main
from facilitator.domain.metrics import CSV_COLUMNS
from tests.helpers.history_sql import raw_figures


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    assert main(["demo", "--db", str(db), "--today", "2026-11-25", "--sprints", "5"]) == 0
    return db


def test_metrics_json_has_designs_names_and_raw_sql_figures(
    demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["metrics", "--format", "json", "--db", str(demo_db)]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["team"] == "Payments"
    first = document["sprints"][0]
    assert set(first) == {
        "name",
        "start",
        "end",
        "state",
        "forecast_points",
        "forecast_stories",
        "completed_points",
        "completed_stories",
        "predictability",
        "added_stories",
        "throughput",
        "blockers",
        "decisions",
        "deployments",
        "defects",
        "experiment",
    }
    assert {s["state"] for s in document["sprints"]} == {"closed", "active", "planned"}
    raw = raw_figures(demo_db, "Payments")
    assert [
        (
            s["name"],
            s["forecast_points"],
            s["completed_points"],
            s["throughput"],
            s["added_stories"],
        )
        for s in document["sprints"]
    ] == raw
    for s in document["sprints"]:
        if s["forecast_points"]:
            assert s["predictability"] == round(s["completed_points"] / s["forecast_points"], 4)


def test_metrics_of_another_team_as_csv(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert (
        main(["metrics", "--format", "csv", "--team", "risk platform", "--db", str(demo_db)]) == 0
    )
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == 1 + 5  # three closed, the active and the planned sprint
    assert rows[1][0] == "Sprint 1"


def test_metrics_of_an_unknown_team(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["metrics", "--team", "Nobody", "--db", str(demo_db)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("facilitator metrics: --team: no team called 'Nobody'")
    assert err.count("\n") == 1


def test_report_json_gives_the_same_figures_as_metrics(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "r.json"
    assert (
        main(
            [
                "report",
                "--sprint",
                "latest",
                "--format",
                "json",
                "-o",
                str(out),
                "--db",
                str(demo_db),
            ]
        )
        == 0
    )
    report = json.loads(out.read_text(encoding="utf-8"))
    capsys.readouterr()
    main(["metrics", "--db", str(demo_db)])
    sprints = json.loads(capsys.readouterr().out)["sprints"]
    latest = [s for s in sprints if s["state"] == "closed"][-1]
    assert report["sprint"] == latest
    assert report["frozen_on"] is not None
    assert [f["points"] for f in report["forecast"]]
    assert sum(f["points"] for f in report["forecast"]) == latest["forecast_points"]


@pytest.mark.parametrize("kind", ["md", "html", "pdf"])
def test_report_formats(demo_db: Path, tmp_path: Path, kind: str) -> None:
    out = tmp_path / f"report.{kind}"
    assert (
        main(
            [
                "report",
                "--sprint",
                "Sprint 2",
                "--format",
                kind,
                "-o",
                str(out),
                "--db",
                str(demo_db),
            ]
        )
        == 0
    )
    data = out.read_bytes()
    if kind == "md":
        text = data.decode()
        assert text.startswith("# Payments · Sprint 2\n")
        assert "## Done and why not" in text
        assert "Predictability: " in text
    elif kind == "html":
        text = data.decode()
        assert text.count("<svg") == 6  # every chart inline
        assert "<h2>Frozen forecast</h2>" in text
    else:
        assert data.startswith(b"%PDF")
        pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
        assert pages >= 7  # at least one text page, then six chart pages
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp file left


def test_report_of_an_unknown_sprint_writes_nothing(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "r.md"
    assert (
        main(
            [
                "report",
                "--sprint",
                "Sprint 77",
                "--format",
                "md",
                "-o",
                str(out),
                "--db",
                str(demo_db),
            ]
        )
        == 1
    )
    assert "no sprint called 'Sprint 77'" in capsys.readouterr().err
    assert not out.exists()


def test_report_into_a_missing_folder(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "nowhere" / "r.md"
    assert (
        main(
            ["report", "--sprint", "latest", "--format", "md", "-o", str(out), "--db", str(demo_db)]
        )
        == 1
    )
    assert "no folder" in capsys.readouterr().err


def test_report_of_a_missing_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(
            [
                "report",
                "--sprint",
                "latest",
                "--format",
                "md",
                "-o",
                str(tmp_path / "r.md"),
                "--db",
                str(tmp_path / "none.sqlite3"),
            ]
        )
        == 1
    )
    assert "No database at" in capsys.readouterr().err
    assert not (tmp_path / "none.sqlite3").exists()
