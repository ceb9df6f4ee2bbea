"""``export ics`` in the team's reference zone: VTIMEZONE from zoneinfo, RFC 5545 lines."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from facilitator.app import main
from facilitator.domain.model import Role, Seniority, Side
from facilitator.exchange.ics_zones import transitions, vtimezone
from facilitator.ops.exporting import export_ics, reference_zone, team_id_named
from facilitator.ops.team_model import MemberInput, create_team_with_members
from facilitator.store.db import Store
from facilitator.store.repositories import TeamRepository
from tests.helpers.storage import one_line

BEFORE_OCTOBER_CHANGE = dt.datetime(2026, 10, 12, 9, 0, tzinfo=dt.UTC)
_LINE = re.compile(r"^(?P<name>[A-Z][A-Z0-9-]*)(?P<params>(;[A-Z-]+=[^;:,\"]+)*):(?P<value>.*)$")

Line = tuple[str, dict[str, str], str]


def parse(data: bytes) -> list[Line]:
    """Content lines of an iCalendar file, checked per RFC 5545 §3.1 on the way."""
    assert data.endswith(b"\r\n")
    physical = data[:-2].split(b"\r\n")
    assert all(b"\n" not in line and b"\r" not in line for line in physical)
    assert all(len(line) <= 75 for line in physical), "a line longer than 75 octets"
    logical: list[bytes] = []
    for line in physical:
        if line.startswith(b" "):
            logical[-1] += line[1:]
        else:
            logical.append(line)
    out: list[Line] = []
    stack: list[str] = []
    for raw in logical:
        match = _LINE.match(raw.decode("utf-8"))
        assert match, raw
        params = dict(p.split("=", 1) for p in match["params"].split(";")[1:])
        name, value = match["name"], match["value"]
        if name == "BEGIN":
            stack.append(value)
        elif name == "END":
            assert stack.pop() == value
        if name in {"SUMMARY", "DESCRIPTION", "X-WR-CALNAME"}:
            bare = re.sub(r"\\[\\;,nN]", "", value)
            assert not re.search(r"[;,\\]", bare), f"unescaped text in {name}: {value}"
        out.append((name, params, value))
    assert stack == []
    return out


def components(lines: list[Line], kind: str) -> list[list[Line]]:
    found: list[list[Line]] = []
    current: list[Line] | None = None
    for line in lines:
        if line[0] == "BEGIN" and line[2] == kind:
            current = []
        elif line[0] == "END" and line[2] == kind and current is not None:
            found.append(current)
            current = None
        elif current is not None:
            current.append(line)
    return found


def _offset(text: str) -> dt.timedelta:
    sign = -1 if text[0] == "-" else 1
    return sign * dt.timedelta(hours=int(text[1:3]), minutes=int(text[3:5]))


def _local(text: str) -> dt.datetime:
    return dt.datetime.strptime(text, "%Y%m%dT%H%M%S")


_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def _yearly(first: dt.datetime, rule: str, years: int) -> list[dt.datetime]:
    """Onsets of ``FREQ=YEARLY;BYMONTH=m;BYDAY=nDD`` (the only RRULE the export writes)."""
    parts = dict(p.split("=") for p in rule.split(";"))
    assert parts["FREQ"] == "YEARLY"
    month, week, day = int(parts["BYMONTH"]), int(parts["BYDAY"][:-2]), parts["BYDAY"][-2:]
    out = []
    for year in range(first.year, first.year + years):
        days = [
            dt.datetime(year, month, d, first.hour, first.minute)
            for d in range(1, 32)
            if _valid(year, month, d) and dt.date(year, month, d).weekday() == _DAYS.index(day)
        ]
        out.append(days[week - 1] if week > 0 else days[week])
    return out


def _valid(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def offset_in_file(lines: list[Line], local: dt.datetime) -> dt.timedelta:
    """The UTC offset the file's VTIMEZONE gives a local time (the latest onset before it)."""
    onsets: list[tuple[dt.datetime, dt.timedelta]] = []
    for kind in ("STANDARD", "DAYLIGHT"):
        for part in components(lines, kind):
            values = {name: value for name, _p, value in part if name != "RDATE"}
            starts = [_local(values["DTSTART"])] + [_local(v) for n, _p, v in part if n == "RDATE"]
            if "RRULE" in values:
                starts = _yearly(starts[0], values["RRULE"], 10)
            onsets += [(start, _offset(values["TZOFFSETTO"])) for start in starts]
    return max(o for o in onsets if o[0] <= local)[1]


def _team(store: Store) -> str:
    with store.session() as session:
        teams = TeamRepository(session).all()
    return teams[0].name


def _berlin_team(store: Store) -> str:
    """Two engineers in Berlin, and an inactive one in New York who sorts first by name."""

    def member(name: str, zone: str, active: bool = True) -> MemberInput:
        return MemberInput(
            name, Role.ENGINEER, Side.IN_HOUSE, Seniority.SENIOR, zone, 9 * 60, 17 * 60,
            active=active,
        )  # fmt: skip

    members = [
        member("Aaron", "America/New_York", active=False),
        member("Birgit", "Europe/Berlin"),
        member("Jonas", "Europe/Berlin"),
    ]
    create_team_with_members(store, "Spree", 10, ["Merged"], members)
    return "Spree"


def test_berlin_events_keep_their_local_time_across_the_october_change(
    store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "berlin.ics"
    count, _missing = export_ics(store, path, _berlin_team(store), BEFORE_OCTOBER_CHANGE)
    lines = parse(path.read_bytes())
    events = components(lines, "VEVENT")
    assert len(events) == count > 0
    berlin = ZoneInfo("Europe/Berlin")
    moved = 0
    for event in events:
        start = next((p, v) for n, p, v in event if n == "DTSTART")
        assert start[0] == {"TZID": "Europe/Berlin"}
        first = _local(start[1])
        rule = next(v for n, _p, v in event if n == "RRULE")
        assert rule.startswith("FREQ=WEEKLY")
        step = int(rule.split("INTERVAL=")[1]) if "INTERVAL=" in rule else 1
        weekly = [first + dt.timedelta(weeks=k * step) for k in range(4)]
        in_utc = [local - offset_in_file(lines, local) for local in weekly]
        expected = [local.replace(tzinfo=berlin).astimezone(dt.UTC) for local in weekly]
        assert [u.replace(tzinfo=dt.UTC) for u in in_utc] == expected
        moved += in_utc[0].time() != in_utc[-1].time()  # same wall clock, UTC an hour later
        assert {local.time() for local in weekly} == {first.time()}
    assert moved  # the events before 25 October keep their local time after it
    for later in (dt.datetime(2029, 7, 2, 10), dt.datetime(2030, 1, 7, 10)):  # years not scanned
        assert offset_in_file(lines, later) == later.replace(tzinfo=berlin).utcoffset()
    assert min(_local(v) for e in events for n, _p, v in e if n == "DTSTART") < dt.datetime(
        2026, 10, 25
    )
    text = path.read_bytes().decode("utf-8").replace("\r\n ", "")
    assert "Times in Europe/Berlin\\, the zone of Birgit (the team's first active member" in text


def test_the_default_zone_is_the_first_active_member_by_name(
    demo_store: Store, tmp_path: Path
) -> None:
    team = _team(demo_store)
    with demo_store.session() as session:
        members = TeamRepository(session).members(team_id_named(demo_store, team))
    first = sorted((m for m in members if m.active), key=lambda m: m.name.casefold())[0]
    path = tmp_path / "team.ics"
    export_ics(demo_store, path, team, BEFORE_OCTOBER_CHANGE)
    lines = parse(path.read_bytes())
    assert [v for n, _p, v in lines if n == "TZID"] == [first.timezone]
    zones = {p.get("TZID") for e in components(lines, "VEVENT") for n, p, _v in e if n[:2] == "DT"}
    assert zones == {first.timezone, None}  # DTSTAMP stays in UTC
    text = path.read_bytes().decode("utf-8").replace("\r\n ", "")
    assert f"the zone of {first.name} (the team's first active member by name)" in text


def test_a_zone_without_daylight_saving_has_only_standard_time(
    demo_store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = vtimezone("Asia/Kolkata", 2025, 2027)
    assert "BEGIN:DAYLIGHT" not in lines
    assert lines.count("BEGIN:STANDARD") == 1
    assert {"TZOFFSETFROM:+0530", "TZOFFSETTO:+0530", "TZNAME:IST"} <= set(lines)
    db = demo_store.target.sqlite_path
    assert db is not None
    out = tmp_path / "kolkata.ics"
    team = _team(demo_store)
    assert main(["export", "ics", str(out), "--team", team, "--tz", "Asia/Kolkata",
                 "--db", str(db)]) == 0  # fmt: skip
    parsed = parse(out.read_bytes())
    assert components(parsed, "DAYLIGHT") == []
    assert len(components(parsed, "STANDARD")) == 1
    capsys.readouterr()
    code = main(
        ["export", "ics", str(out), "--team", team, "--tz", "Mars/Olympus", "--db", str(db)]
    )
    assert code == 1
    assert "--tz: 'Mars/Olympus' is not a time zone name" in one_line(capsys.readouterr().err)


def test_berlin_transitions_come_from_zoneinfo() -> None:
    changes = transitions(ZoneInfo("Europe/Berlin"), 2026, 2026)
    assert [(c.at, c.daylight, c.name) for c in changes] == [
        (dt.datetime(2026, 3, 29, 1, tzinfo=dt.UTC), True, "CEST"),
        (dt.datetime(2026, 10, 25, 1, tzinfo=dt.UTC), False, "CET"),
    ]
    lines = vtimezone("Europe/Berlin", 2025, 2027)
    standard = lines[lines.index("BEGIN:STANDARD") : lines.index("END:STANDARD")]
    assert "DTSTART:20251026T030000" in standard
    assert "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU" in standard
    daylight = lines[lines.index("BEGIN:DAYLIGHT") : lines.index("END:DAYLIGHT")]
    assert "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU" in daylight
    assert {"TZOFFSETFROM:+0200", "TZOFFSETTO:+0100", "TZNAME:CET"} <= set(standard)


def test_a_member_without_a_usable_zone_is_passed_over(store: Store) -> None:
    team = _berlin_team(store)
    with store.session() as session:
        members = TeamRepository(session).members(team_id_named(store, team))
    birgit, jonas = sorted(members, key=lambda m: m.name)
    broken = replace(birgit, timezone="Nowhere/Land")
    zone, why = reference_zone([broken, replace(jonas, timezone="Europe/Lisbon")], None)
    assert (zone, why) == (
        "Europe/Lisbon",
        "Times in Europe/Lisbon, the zone of Jonas (the team's first active member by name).",
    )
    assert reference_zone([broken], None) == (
        "UTC",
        "Times in UTC: no active member of the team has a time zone.",
    )
    assert reference_zone([broken], "Asia/Kolkata")[0] == "Asia/Kolkata"


def test_changes_that_follow_no_yearly_rule_are_listed_as_rdates() -> None:
    # Morocco's clock changes move with Ramadan: no yearly rule, so each one is an RDATE.
    lines = vtimezone("Africa/Casablanca", 2024, 2026)
    assert not any(line.startswith("RRULE:") for line in lines)
    assert any(line.startswith("RDATE:") for line in lines)
    changes = transitions(ZoneInfo("Africa/Casablanca"), 2024, 2026)
    onsets = [line.split(":")[1] for line in lines if line.split(":")[0] in {"DTSTART", "RDATE"}]
    assert sorted(onsets) == sorted(c.local_start.strftime("%Y%m%dT%H%M%S") for c in changes)
