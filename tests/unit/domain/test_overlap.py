"""Overlap across time zones, DST weeks, overnight shifts; ceremony slots; bad input."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitator.domain.ids import MemberId, TeamId
from facilitator.domain.model import Member, Role, Seniority, Side
from facilitator.domain.overlap import (
    ceremony_minutes,
    check_hours,
    check_timezone,
    member_windows_on,
    suggest_slots,
    summarise,
    team_overlap,
)
from facilitator.errors import InputError

WINTER_MONDAY = dt.date(2026, 1, 12)
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


def test_s1_payments_team_has_four_hours_in_winter_and_no_warning() -> None:
    summary = summarise(payments(), WINTER_MONDAY, WINTER_MONDAY + dt.timedelta(days=11), 3.0)
    assert len(summary.days) == 10
    for day in summary.days:
        assert day.windows == ((utc(day.day, 12), utc(day.day, 16)),)
        assert day.label() == "Overlap 12:00–16:00 UTC, 4 h"
    assert summary.warning is None


def test_s1_moving_an_engineer_to_manila_warns_with_the_hours() -> None:
    team = payments()
    team[3] = dataclasses.replace(team[3], timezone="Asia/Manila")
    summary = summarise(team, WINTER_MONDAY, WINTER_MONDAY + dt.timedelta(days=4), 3.0)
    assert all(day.minutes == 0 for day in summary.days)
    assert summary.warning is not None
    assert "Overlap only 0 min a day every day" in summary.warning
    assert "at least 3 h" in summary.warning


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
    jan = member_windows_on(sydney, dt.date(2026, 1, 13))
    jul = member_windows_on(sydney, dt.date(2026, 7, 14))
    assert jan[-1][0].hour == 22
    assert jul[-1][0].hour == 23


def test_overnight_shift_spans_midnight() -> None:
    night = person("UTC", 22, 6)
    day = person("UTC", 5, 13)
    tuesday = WINTER_MONDAY + dt.timedelta(days=1)
    overlap = team_overlap([night, day], WINTER_MONDAY, tuesday)
    # Monday early morning would be a Sunday-night shift: none; Tuesday 05–06 is Monday's shift.
    assert overlap[0].windows == ()
    assert overlap[1].windows == ((utc(tuesday, 5), utc(tuesday, 6)),)
    band = member_windows_on(night, dt.date(2026, 1, 13))
    assert band == [
        (utc(dt.date(2026, 1, 13), 0), utc(dt.date(2026, 1, 13), 6)),
        (utc(dt.date(2026, 1, 13), 22), utc(dt.date(2026, 1, 14), 0)),
    ]
    assert overlap[1].label() == "Overlap 05:00–06:00 UTC, 1 h"


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
        WINTER_MONDAY,
    )
    assert none[0].windows == ()


def test_stakeholders_and_inactive_members_do_not_count() -> None:
    team = [
        *payments(),
        person("Asia/Tokyo", 9, 17, Role.STAKEHOLDER),
        person("Asia/Tokyo", 9, 17, active=False),
    ]
    assert team_overlap(team, WINTER_MONDAY, WINTER_MONDAY)[0].minutes == 240


def test_weekends_are_skipped() -> None:
    days = team_overlap(payments(), dt.date(2026, 1, 10), dt.date(2026, 1, 11))
    assert days == []


def test_slots_fit_inside_the_longest_window_or_say_to_split() -> None:
    day = team_overlap(payments(), WINTER_MONDAY, WINTER_MONDAY)[0]
    slots = {s.ceremony: s for s in suggest_slots(day, ceremony_minutes(10))}
    assert slots["Planning"].note == "12:00–16:00 UTC"
    assert slots["Standup (blocker slot)"].note == "12:00–12:15 UTC"
    long = {s.ceremony: s for s in suggest_slots(day, ceremony_minutes(20))}
    assert "split into 2 sessions" in long["Planning"].note
    empty = team_overlap(
        [person("Asia/Tokyo", 9, 17), person("America/Los_Angeles", 9, 17)],
        WINTER_MONDAY,
        WINTER_MONDAY,
    )[0]
    assert all(s.start is None for s in suggest_slots(empty, ceremony_minutes(10)))


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


@given(
    zone_a=st.sampled_from(["Europe/Berlin", "America/New_York", "Asia/Manila", "UTC"]),
    zone_b=st.sampled_from(["Europe/Lisbon", "America/Sao_Paulo", "Australia/Sydney"]),
    start=st.integers(0, 23),
    length=st.integers(1, 12),
    day=st.dates(dt.date(2026, 1, 1), dt.date(2026, 12, 31)),
)
def test_overlap_is_symmetric_and_never_longer_than_a_shift(
    zone_a: str, zone_b: str, start: int, length: int, day: dt.date
) -> None:
    a = person(zone_a, start, (start + length) % 24)
    b = person(zone_b, 9, 17)
    ab = team_overlap([a, b], day, day)
    ba = team_overlap([b, a], day, day)
    assert ab == ba
    for d in ab:
        assert d.minutes <= 9 * 60
