"""Overlap across time zones, the date line, DST weeks, overnight shifts; bad input; invariants."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitator.domain.ids import MemberId, TeamId
from facilitator.domain.model import Member, Role, Seniority, Side
from facilitator.domain.overlap import (
    DayOverlap,
    OverlapSummary,
    anchor_member,
    band_origin,
    check_hours,
    check_timezone,
    day_name,
    end_label,
    format_overlap,
    is_overnight,
    member_shifts_utc,
    member_windows_between,
    name_days,
    shift_minutes,
    summarise,
    team_overlap,
)
from facilitator.errors import InputError

WINTER_MONDAY = dt.date(2026, 1, 12)
NZ_SUMMER_MONDAY = dt.date(2026, 11, 23)
# US clocks moved on 14 March 2027; New Zealand leaves daylight time on 4 April 2027.
GAP_FIRST, GAP_LAST = dt.date(2027, 3, 15), dt.date(2027, 4, 2)
_ids = iter(range(1, 10_000))


def person(
    zone: str, start_h: float, end_h: float, role: Role = Role.ENGINEER, *, active: bool = True
) -> Member:
    return Member(
        id=MemberId(next(_ids)),
        team_id=TeamId(1),
        name=f"{role.value} in {zone}",
        role=role,
        side=Side.OUTSOURCED,
        seniority=Seniority.MID,
        timezone=zone,
        work_start_min=int(start_h * 60),
        work_end_min=int(end_h * 60),
        active=active,
    )


def payments() -> list[Member]:
    return [
        person("Europe/Berlin", 9, 17, Role.PRODUCT_OWNER),
        person("Europe/Lisbon", 9, 18, Role.SCRUM_MASTER),
        person("America/Sao_Paulo", 9, 18, Role.TECH_LEAD),
        person("America/Sao_Paulo", 9, 18),
        person("America/Sao_Paulo", 9, 18),
        person("Europe/Warsaw", 10, 18),
        person("Europe/Warsaw", 10, 18),
    ]


def utc(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=dt.UTC)


def pacific() -> list[Member]:
    """Auckland 09–17 with Los Angeles 09–17: the overlap crosses UTC midnight."""
    return [
        person("Pacific/Auckland", 9, 17, Role.PRODUCT_OWNER),
        person("America/Los_Angeles", 9, 17, Role.SCRUM_MASTER),
        person("Pacific/Auckland", 9, 17),
        person("America/Los_Angeles", 9, 17),
    ]


def test_s1_payments_team_has_four_hours_in_winter_and_no_warning() -> None:
    summary = summarise(payments(), WINTER_MONDAY, WINTER_MONDAY + dt.timedelta(days=11), 3.0)
    assert len(summary.days) == 10
    for day in summary.days:
        assert day.windows == ((utc(day.day, 12), utc(day.day, 16)),)
        assert day.label() == "Overlap 12:00–16:00 UTC, 4 h"
        assert band_origin(day) == utc(day.day, 0)  # a European day: the band starts at 00:00
    assert summary.warning is None
    assert summary.spread() == "4 h every day"


def test_s1_moving_an_engineer_to_manila_warns_in_words_not_zero_minutes() -> None:
    team = payments()
    team[3] = dataclasses.replace(team[3], timezone="Asia/Manila")
    summary = summarise(team, WINTER_MONDAY, WINTER_MONDAY + dt.timedelta(days=4), 3.0)
    assert all(day.minutes == 0 for day in summary.days)
    assert summary.warning == (
        "No overlap on any of the 5 working days: the core members never all work at the same "
        "time; the team needs at least 3 h a day for synchronous work."
    )
    assert summary.spread() == "no overlap every day"
    assert summary.typical is None


def test_auckland_and_los_angeles_overlap_is_one_stretch_across_utc_midnight() -> None:
    summary = summarise(pacific(), NZ_SUMMER_MONDAY, NZ_SUMMER_MONDAY + dt.timedelta(days=4), 3.0)
    by_day = {d.day: d for d in summary.days}
    tuesday = NZ_SUMMER_MONDAY + dt.timedelta(days=1)  # Auckland Tuesday = Los Angeles Monday
    assert by_day[tuesday].windows == ((utc(NZ_SUMMER_MONDAY, 20), utc(tuesday, 1)),)
    assert by_day[tuesday].label() == "Overlap 20:00–01:00 UTC, 5 h"
    # The band starts 12 hours before the middle of Auckland's shift, so 20–01 is not cut.
    assert band_origin(by_day[tuesday]) == utc(NZ_SUMMER_MONDAY, 12)
    # Auckland's Monday is Sunday in Los Angeles: no overlap, named, in one warning.
    assert by_day[NZ_SUMMER_MONDAY].windows == ()
    assert summary.warning == (
        "Overlap under 3 h on 1 of 5 working days: no overlap on Mon 23 Nov; "
        "the team needs at least 3 h a day for synchronous work."
    )
    assert summary.spread() == "no overlap to 5 h a day"
    assert summary.typical == by_day[tuesday]


def test_the_2027_gap_between_us_and_new_zealand_clock_changes() -> None:
    summary = summarise(pacific(), GAP_FIRST, GAP_LAST, 3.0)
    assert len(summary.days) == 15
    for day in summary.days:
        if day.day.weekday() == 0:  # Auckland Monday: Los Angeles is still on Sunday
            assert day.minutes == 0
        else:  # Los Angeles on PDT (16–24 UTC), Auckland on NZDT (20–04 UTC)
            assert day.label() == "Overlap 20:00–24:00 UTC, 4 h"
    assert summary.warning is not None
    assert "no overlap on Mon 15 Mar, Mon 22 Mar, Mon 29 Mar;" in summary.warning
    assert summary.typical is not None
    assert summary.typical.minutes == 240


def test_us_and_eu_changing_clocks_on_different_dates() -> None:
    team = [person("Europe/Berlin", 9, 17), person("America/New_York", 9, 17)]
    days = {d.day: d for d in team_overlap(team, dt.date(2026, 3, 2), dt.date(2026, 4, 3))}
    # Both on standard time: Berlin 08–16 UTC, New York 14–22 UTC.
    assert days[dt.date(2026, 3, 6)].windows == (
        (utc(dt.date(2026, 3, 6), 14), utc(dt.date(2026, 3, 6), 16)),
    )
    # US moved on 8 March, EU not yet: New York 13–21 UTC → 3 h.
    assert days[dt.date(2026, 3, 9)].minutes == 180
    assert days[dt.date(2026, 3, 27)].minutes == 180
    # EU moved on 29 March: Berlin 07–15 UTC → back to 2 h.
    assert days[dt.date(2026, 3, 30)].windows == (
        (utc(dt.date(2026, 3, 30), 13), utc(dt.date(2026, 3, 30), 15)),
    )


def test_southern_hemisphere_dst_is_used_from_the_zone_database() -> None:
    sydney = person("Australia/Sydney", 9, 17)
    # Sydney is UTC+11 in January (daylight time) and UTC+10 in July.
    assert member_shifts_utc(sydney, dt.date(2026, 1, 13), dt.date(2026, 1, 13))[0][0].hour == 22
    assert member_shifts_utc(sydney, dt.date(2026, 7, 14), dt.date(2026, 7, 14))[0][0].hour == 23


def test_overnight_shift_is_the_day_it_starts() -> None:
    night = person("UTC", 22, 6)
    day = person("UTC", 5, 13)
    tuesday = WINTER_MONDAY + dt.timedelta(days=1)
    overlap = team_overlap([night, day], WINTER_MONDAY, tuesday)
    # The night worker is the anchor: Monday's shift (22:00 Mon–06:00 Tue) meets Tuesday 05–13.
    assert [d.day for d in overlap] == [WINTER_MONDAY, tuesday]
    assert overlap[0].windows == ((utc(tuesday, 5), utc(tuesday, 6)),)
    assert overlap[0].label() == "Overlap 05:00–06:00 UTC, 1 h"
    band = member_windows_between(night, utc(tuesday, 0), utc(tuesday + dt.timedelta(days=1), 0))
    assert band == [
        (utc(tuesday, 0), utc(tuesday, 6)),
        (utc(tuesday, 22), utc(tuesday + dt.timedelta(days=1), 0)),
    ]


def test_empty_overlap_and_no_core_members() -> None:
    days = team_overlap(
        [person("Asia/Tokyo", 9, 17), person("America/Los_Angeles", 9, 17)],
        WINTER_MONDAY,
        WINTER_MONDAY,
    )
    assert days[0].windows == ()
    assert days[0].longest is None
    assert "No overlap" in days[0].label()
    none = team_overlap(
        [person("UTC", 9, 17, Role.STAKEHOLDER), person("UTC", 1, 2, active=False)],
        WINTER_MONDAY,
        WINTER_MONDAY + dt.timedelta(days=6),
    )
    assert [d.day for d in none] == [WINTER_MONDAY + dt.timedelta(days=n) for n in range(5)]
    assert all(d.windows == () and d.shift is None for d in none)
    assert band_origin(none[0]) == utc(WINTER_MONDAY, 0)
    assert summarise([], WINTER_MONDAY, WINTER_MONDAY, 3).typical is None


def test_stakeholders_and_inactive_members_do_not_count() -> None:
    team = [
        *payments(),
        person("Asia/Tokyo", 9, 17, Role.STAKEHOLDER),
        person("Asia/Tokyo", 9, 17, active=False),
    ]
    assert team_overlap(team, WINTER_MONDAY, WINTER_MONDAY)[0].minutes == 240


def test_weekends_and_empty_ranges_have_no_working_days() -> None:
    assert team_overlap(payments(), dt.date(2026, 1, 10), dt.date(2026, 1, 11)) == []
    summary = summarise(payments(), WINTER_MONDAY, WINTER_MONDAY - dt.timedelta(days=1), 3)
    assert summary.days == ()
    assert summary.shortest is None
    assert summary.warning is None
    assert summary.spread() == "no working days"


@pytest.mark.parametrize(
    ("members", "expected"),
    [
        pytest.param([person("UTC", 9, 17), person("UTC", 9, 17, Role.SCRUM_MASTER)], 1, id="sm"),
        pytest.param([person("UTC", 9, 17), person("UTC", 9, 17, Role.PRODUCT_OWNER)], 1, id="po"),
        pytest.param(
            [person("UTC", 9, 17, Role.SCRUM_MASTER), person("UTC", 9, 17, Role.PRODUCT_OWNER)],
            1,
            id="po-before-sm",
        ),
        pytest.param([person("UTC", 9, 17, Role.STAKEHOLDER), person("UTC", 9, 17)], 1, id="core"),
        pytest.param([person("UTC", 9, 17, Role.STAKEHOLDER)], None, id="nobody"),
    ],
)
def test_the_anchor_is_the_po_then_the_scrum_master_then_the_first_core_member(
    members: list[Member], expected: int | None
) -> None:
    anchor = anchor_member(members)
    assert anchor is (None if expected is None else members[expected])


@pytest.mark.parametrize(
    ("minutes", "min_hours", "warning"),
    [
        pytest.param([240, 240], 3.0, None, id="enough"),
        pytest.param(
            [120, 120],
            3.0,
            "Overlap only 2 h on every working day; the team needs at least 3 h a day for "
            "synchronous work.",
            id="short-every-day",
        ),
        pytest.param(
            [0, 90, 240, 90],
            3.0,
            "Overlap under 3 h on 3 of 4 working days: no overlap on Mon 12 Jan; 1 h 30 min on "
            "Tue 13 Jan, Thu 15 Jan; the team needs at least 3 h a day for synchronous work.",
            id="mixed",
        ),
        pytest.param(
            [0],
            0.5,
            "No overlap on any of the 1 working day: the core members never all work at the "
            "same time; the team needs at least 30 min a day for synchronous work.",
            id="one-day",
        ),
    ],
)
def test_one_warning_names_the_short_days_and_their_figures(
    minutes: list[int], min_hours: float, warning: str | None
) -> None:
    days = []
    for offset, length in enumerate(minutes):
        day = WINTER_MONDAY + dt.timedelta(days=offset)
        shift = (utc(day, 9), utc(day, 17))
        windows = ((utc(day, 9), utc(day, 9) + dt.timedelta(minutes=length)),) if length else ()
        days.append(DayOverlap(day, windows, shift))
    assert OverlapSummary(tuple(days), min_hours).warning == warning


@pytest.mark.parametrize(
    ("dates", "text"),
    [
        ([dt.date(2027, 4, 2)], "Fri 2 Apr"),
        ([WINTER_MONDAY + dt.timedelta(days=n) for n in range(6)], None),
    ],
)
def test_days_are_named_and_long_lists_are_cut(dates: list[dt.date], text: str | None) -> None:
    expected = text or "Mon 12 Jan, Tue 13 Jan, Wed 14 Jan, Thu 15 Jan and 2 more"
    assert name_days(dates) == expected
    assert day_name(dates[0]) == expected.split(",")[0].split(" and")[0]


@pytest.mark.parametrize(
    ("start", "end", "label"),
    [
        (utc(WINTER_MONDAY, 20), utc(WINTER_MONDAY + dt.timedelta(days=1), 0), "24:00"),
        (utc(WINTER_MONDAY, 20), utc(WINTER_MONDAY + dt.timedelta(days=1), 1), "01:00"),
        (utc(WINTER_MONDAY, 0), utc(WINTER_MONDAY, 0), "00:00"),
    ],
)
def test_end_labels(start: dt.datetime, end: dt.datetime, label: str) -> None:
    assert end_label(start, end) == label


def test_zero_is_said_as_no_overlap() -> None:
    assert format_overlap(0) == "no overlap"
    assert format_overlap(90) == "1 h 30 min"


def test_unknown_time_zone_is_refused_in_words() -> None:
    with pytest.raises(InputError, match="'Mars/Olympus' is not a known IANA time zone"):
        check_timezone("Mars/Olympus")
    with pytest.raises(InputError, match="choose one"):
        check_timezone("  ")
    with pytest.raises(InputError, match="not a known"):
        team_overlap([person("Nowhere/Town", 9, 17)], WINTER_MONDAY, WINTER_MONDAY)


def test_hours_validation() -> None:
    check_hours(22 * 60, 6 * 60)  # overnight is allowed
    check_hours(9 * 60, 1440)
    with pytest.raises(InputError, match="same"):
        check_hours(9 * 60, 9 * 60)
    with pytest.raises(InputError, match="start"):
        check_hours(1440, 60)
    with pytest.raises(InputError, match="end"):
        check_hours(60, 1441)


ZONES = [
    "Europe/Berlin",
    "America/New_York",
    "America/Los_Angeles",
    "Asia/Manila",
    "Pacific/Auckland",
    "Australia/Sydney",
    "America/Sao_Paulo",
    "UTC",
]
shifts = st.tuples(st.integers(0, 23), st.integers(1, 14))
teams = st.lists(st.tuples(st.sampled_from(ZONES), shifts), min_size=1, max_size=5)


def _team(spec: list[tuple[str, tuple[int, int]]]) -> list[Member]:
    members = [person(zone, start, (start + length) % 24) for zone, (start, length) in spec]
    return [dataclasses.replace(members[0], role=Role.PRODUCT_OWNER), *members[1:]]


@given(spec=teams, day=st.dates(dt.date(2026, 1, 1), dt.date(2027, 12, 31)))
def test_the_overlap_lies_inside_every_members_working_hours(
    spec: list[tuple[str, tuple[int, int]]], day: dt.date
) -> None:
    team = _team(spec)
    shortest_shift = min(shift_minutes(m.work_start_min, m.work_end_min) for m in team)
    pad = dt.timedelta(days=3)
    last = day + dt.timedelta(days=6)
    for overlap in team_overlap(team, day, last):
        # DST can lengthen a shift by an hour on the night the clocks go back.
        assert overlap.minutes <= shortest_shift + 60
        for start, end in overlap.windows:
            for member in team:
                shifts_of = member_shifts_utc(member, day - pad, last + pad)
                assert any(s <= start and end <= e for s, e in shifts_of), member.timezone


@given(
    spec=st.lists(st.tuples(st.integers(-10, 10), shifts), min_size=1, max_size=5),
    shift=st.integers(-2, 2),
    day=st.dates(dt.date(2026, 1, 1), dt.date(2027, 12, 31)),
)
def test_moving_every_zone_by_the_same_offset_keeps_the_overlap(
    spec: list[tuple[int, tuple[int, int]]], shift: int, day: dt.date
) -> None:
    def zone(offset: int) -> str:  # POSIX sign: Etc/GMT-3 is UTC+3
        return "UTC" if offset == 0 else f"Etc/GMT{-offset:+d}"

    base = _team([(zone(offset), hours) for offset, hours in spec])
    moved = [
        dataclasses.replace(m, timezone=zone(o + shift))
        for m, (o, _h) in zip(base, spec, strict=True)
    ]
    last = day + dt.timedelta(days=6)
    before = [(d.day, d.minutes) for d in team_overlap(base, day, last)]
    after = [(d.day, d.minutes) for d in team_overlap(moved, day, last)]
    assert before == after


@given(spec=teams, day=st.dates(dt.date(2026, 1, 1), dt.date(2027, 12, 31)))
def test_the_order_of_the_members_does_not_change_the_overlap(
    spec: list[tuple[str, tuple[int, int]]], day: dt.date
) -> None:
    team = _team(spec)
    last = day + dt.timedelta(days=4)
    assert team_overlap(team, day, last) == team_overlap(list(reversed(team)), day, last)


def test_touching_shifts_are_one_stretch_and_overnight_is_recognised() -> None:
    always = person("UTC", 0, 24)
    tuesday = WINTER_MONDAY + dt.timedelta(days=1)
    assert member_windows_between(always, utc(WINTER_MONDAY, 12), utc(tuesday, 12)) == [
        (utc(WINTER_MONDAY, 12), utc(tuesday, 12))
    ]
    assert is_overnight(22 * 60, 6 * 60)
    assert not is_overnight(9 * 60, 17 * 60)
    day = team_overlap(payments(), WINTER_MONDAY, WINTER_MONDAY)[0]
    assert day.hours == 4.0
