"""``facilitator export``: safe CSV, the JSON dump's round trip (hypothesis), the iCalendar file."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from facilitator.app import main
from facilitator.domain.model import Role, Seniority, Side
from facilitator.domain.overlap import is_core, member_windows_between
from facilitator.exchange.ics import CalendarEvent, calendar
from facilitator.ops.exporting import ceremony_events, export_ics, export_json, team_id_named
from facilitator.ops.team_dump import export_dump, import_dump
from facilitator.store.db import Store, target_from
from facilitator.store.migrate import open_store
from facilitator.store.models import TeamRow
from facilitator.store.repositories import TeamRepository
from tests.conftest import DEMO_TODAY
from tests.helpers.exchange_files import write_jira
from tests.helpers.storage import dump, one_line


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """Team Payments with two stories whose titles a spreadsheet would run as formulas."""
    path = tmp_path / "app.sqlite3"
    source = tmp_path / "items.csv"
    source.write_text(
        'key,title,estimate\nX-1,=HYPERLINK("http://evil"),3\nX-2,"-2+3, <b>kept</b>",\n'
        "X-3,@SUM(A1),1\nX-4,Plain title,0.5\n",
        encoding="utf-8",
    )
    assert main(["import", "csv", str(source), "--team", "Payments", "--db", str(path)]) == 0
    capsys.readouterr()
    return path


def test_csv_export_neutralises_formulas_and_keeps_text(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "backlog.csv"
    assert main(["export", "csv", str(out), "--db", str(db)]) == 0
    assert "Exported 4 stories" in capsys.readouterr().out
    data = out.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")  # UTF-8 without a BOM unless asked
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
    assert list(rows[0])[:6] == ["team", "key", "title", "estimate", "status", "rank"]
    assert [r["title"] for r in rows] == [
        '\'=HYPERLINK("http://evil")',
        "'-2+3, <b>kept</b>",
        "'@SUM(A1)",
        "Plain title",
    ]
    assert [r["estimate"] for r in rows] == ["3", "", "1", "0.5"]
    assert [r["status"] for r in rows] == ["new"] * 4
    assert [int(r["rank"]) for r in rows] == sorted(int(r["rank"]) for r in rows)


def test_excel_flag_adds_a_bom_and_the_export_reimports_unchanged(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "excel.csv"
    assert main(["export", "csv", str(out), "--excel", "--db", str(db)]) == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    before = dump(db)
    assert main(["import", "csv", str(out), "--db", str(db)]) == 0
    assert "0 created, 0 updated, 4 unchanged, 0 skipped" in capsys.readouterr().out
    assert dump(db) == before


def test_export_to_an_unwritable_place_is_one_line(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "no" / "such" / "folder" / "x.csv"
    assert main(["export", "csv", str(target), "--db", str(db)]) == 1
    assert "cannot be written" in one_line(capsys.readouterr().err)
    assert not target.parent.exists()


def test_json_cli_round_trip_and_refuses_an_existing_team(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, copy = tmp_path / "a.sqlite3", tmp_path / "b.sqlite3"
    source = write_jira(tmp_path / "j.csv", 25)
    assert main(["import", "jira", str(source), "--team", "Payments", "--db", str(db)]) == 0
    one, two = tmp_path / "one.json", tmp_path / "two.json"
    assert main(["export", "json", str(one), "--db", str(db)]) == 0
    assert main(["import", "json", str(one), "--db", str(copy)]) == 0
    assert main(["export", "json", str(two), "--db", str(copy)]) == 0
    assert one.read_text(encoding="utf-8") == two.read_text(encoding="utf-8")
    before = dump(copy)
    capsys.readouterr()
    assert main(["import", "json", str(one), "--db", str(copy)]) == 1
    assert "teams[0].name: a team called 'Payments' already exists" in one_line(
        capsys.readouterr().err
    )
    assert dump(copy) == before


_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40
).filter(lambda s: s.strip() != "")
_stamp = st.datetimes(
    min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2090, 1, 1), timezones=st.just(dt.UTC)
).map(lambda d: d.replace(microsecond=0).isoformat())
_story = st.fixed_dictionaries(
    {
        "title": _text,
        "description": st.text(
            alphabet=st.characters(blacklist_categories=("Cs", "Cc")) | st.just("\n"),
            max_size=60,
        ),
        "type": st.sampled_from(["story", "bug", "chore", "spike"]),
        "status": st.sampled_from(["new", "refined", "in_sprint", "done"]),
        "estimate": st.none() | st.floats(min_value=0, max_value=100, allow_nan=False),
        "created_at": _stamp,
        "criteria": st.lists(
            st.fixed_dictionaries({"text": _text, "author": st.just("ana"), "created_at": _stamp}),
            max_size=3,
        ),
    }
)


_member = st.fixed_dictionaries(
    {
        "role": st.sampled_from([r.value for r in Role]),
        "side": st.sampled_from([s.value for s in Side]),
        "seniority": st.sampled_from([s.value for s in Seniority]),
        "timezone": st.sampled_from(["Europe/Berlin", "Asia/Kolkata", "America/Sao_Paulo"]),
        "work_start_min": st.integers(0, 600),
        "work_end_min": st.integers(660, 1440),
        "active": st.booleans(),
    }
)


@st.composite
def _teams(draw: st.DrawFn) -> list[dict[str, object]]:
    names = draw(
        st.lists(_text, min_size=1, max_size=2, unique_by=lambda s: " ".join(s.split()).casefold())
    )
    teams: list[dict[str, object]] = []
    for name in names:
        stories = draw(st.lists(_story, max_size=6))
        people = draw(st.lists(_text, max_size=3, unique_by=lambda s: " ".join(s.split())))
        ranks = draw(
            st.lists(
                st.integers(-(2**40), 2**40),
                min_size=len(stories),
                max_size=len(stories),
                unique=True,
            )
        )
        teams.append(
            {
                "name": name,
                "sprint_length_days": draw(st.integers(1, 60)),
                "points_per_person_day": 1.0,
                "blocker_sla_hours": 24,
                "min_overlap_hours": 3.0,
                "created_at": draw(_stamp),
                "definition_of_done": draw(st.lists(_text, max_size=3)),
                "definition_of_ready": [],
                "members": [{**draw(_member), "name": n} for n in people],
                "stories": [
                    {**s, "key": f"K-{i}", "rank": r}
                    for i, (s, r) in enumerate(zip(stories, ranks, strict=True))
                ],
                "sprints": [],
            }
        )
    return teams


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(teams=_teams())
def test_dump_round_trip_property(
    tmp_path_factory: pytest.TempPathFactory, teams: list[dict[str, object]]
) -> None:
    folder = tmp_path_factory.mktemp("trip")
    first_store = open_store(target_from(folder / "one.sqlite3"))
    second_store = open_store(target_from(folder / "two.sqlite3"))
    try:
        import_dump(first_store, teams, "generated.json", version=1)
        exported = export_dump(first_store)
        import_dump(second_store, exported["teams"], "exported.json")
        assert export_dump(second_store) == exported
    finally:
        first_store.close()
        second_store.close()
    stories = [s for t in exported["teams"] for s in t["tables"]["story"]]
    assert len(stories) == sum(len(t["stories"]) for t in teams)  # type: ignore[arg-type]
    members = [m["name"] for t in exported["teams"] for m in t["tables"]["member"]]
    assert len(members) == sum(len(t["members"]) for t in teams)  # type: ignore[arg-type]


def _first_team(store: Store) -> str:
    with store.session() as session:
        name = session.scalars(select(TeamRow.name).order_by(TeamRow.id)).first()
    assert name is not None
    return name


NOW = dt.datetime.combine(DEMO_TODAY, dt.time(9), dt.UTC)


def test_ics_of_the_demo_team(demo_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "team.ics"
    events, missing = export_ics(demo_store, path, _first_team(demo_store), NOW)
    assert events >= 4
    assert missing == []
    text = path.read_bytes().decode("utf-8")
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")  # every line ends in CRLF
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    assert text.count("BEGIN:VEVENT") == events
    assert re.search(r"^RRULE:FREQ=WEEKLY;BYDAY=(MO|TU|WE|TH|FR|SA|SU)(,\w\w)*\r$", text, re.M)
    assert re.search(r"^RRULE:FREQ=WEEKLY;INTERVAL=2\r$", text, re.M)  # planning, review, retro
    assert re.search(r"^DTSTART;TZID=[A-Za-z_]+/[A-Za-z_]+:\d{8}T\d{6}\r$", text, re.M)
    assert re.search(r"^UID:.+-standup-1@sprint-facilitator\r$", text, re.M)
    assert "Local times — " in text.replace("\r\n ", "")


def test_ics_events_sit_inside_every_core_members_hours(demo_store: Store) -> None:
    team_id = team_id_named(demo_store, _first_team(demo_store))
    events, _missing, _name, _zone = ceremony_events(demo_store, team_id, NOW)
    with demo_store.session() as session:
        members = [m for m in TeamRepository(session).members(team_id) if is_core(m)]
    assert events
    assert members
    for event in events:
        end = event.start + dt.timedelta(minutes=event.minutes)
        for member in members:
            windows = member_windows_between(member, event.start, end)
            assert any(low <= event.start and end <= high for low, high in windows), (
                event.summary,
                member.name,
            )


def test_ics_text_is_escaped_and_folded() -> None:
    start = dt.datetime(2026, 3, 2, 15, 0, tzinfo=dt.UTC)
    event = CalendarEvent("u@x", "Team; A, B\\C", "é" * 80, start, 30, "FREQ=WEEKLY")
    text = calendar([event], "Cal", start)
    assert "SUMMARY:Team\\; A\\, B\\\\C\r\n" in text
    lines = text.split("\r\n")
    assert all(len(line.encode()) <= 75 for line in lines)
    description = text[text.index("DESCRIPTION:") :].split("\r\nRRULE")[0]
    assert description.replace("\r\n ", "") == "DESCRIPTION:" + "é" * 80


def test_export_json_of_one_team(demo_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    name = _first_team(demo_store)
    assert export_json(demo_store, path, name) == 1
    assert [t["name"] for t in json.loads(path.read_text(encoding="utf-8"))["teams"]] == [name]
