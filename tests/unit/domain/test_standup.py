"""Written daily updates: who has not written for today, judged on each member's own calendar."""

from __future__ import annotations

import dataclasses
import datetime as dt
import zoneinfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitator.domain.ids import MemberId, TeamId
from facilitator.domain.model import Member, Role, Seniority, Side
from facilitator.domain.standup import (
    MON_FRI,
    DailyUpdate,
    UpdateStatus,
    check_update_day,
    member_day,
    not_written,
    shift_start,
    update_rows,
    week_label,
    write_update,
)
from facilitator.errors import InputError, RuleViolation

UTC = dt.UTC
TEAM = TeamId(1)
SUN_THU = frozenset({6, 0, 1, 2, 3})


def person(
    mid: int, name: str, zone: str, start: int = 540, end: int = 1020, active: bool = True
) -> Member:
    return Member(
        MemberId(mid),
        TEAM,
        name,
        Role.ENGINEER,
        Side.OUTSOURCED,
        Seniority.MID,
        zone,
        start,
        end,
        active,
    )


ANA = person(1, "Ana", "Europe/Lisbon")
BEN = person(2, "Ben", "Europe/Berlin")
CARA = person(3, "Cara", "America/New_York")
DEV = person(4, "Dev", "Pacific/Auckland")
NIGHT = person(5, "Nia", "Europe/Berlin", 22 * 60, 6 * 60)  # overnight shift
YAEL = person(6, "Yael", "Asia/Jerusalem")  # works Sunday to Thursday


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


def update(member: Member, day: dt.date, written: dt.datetime) -> DailyUpdate:
    return DailyUpdate(member.id, day, "Did things", "More things", "", written)


@pytest.mark.parametrize(
    ("weekdays", "label"),
    [
        (MON_FRI, "Mon–Fri"),
        (SUN_THU, "Sun–Thu"),
        (frozenset({5, 6, 0}), "Sat–Mon"),
        (frozenset({0, 2, 4}), "Mon, Wed, Fri"),
        (frozenset({0, 1}), "Mon, Tue"),
        (frozenset({3}), "Thu"),
        (frozenset(range(7)), "every day"),
        (frozenset(), "no working days"),
    ],
)
def test_working_weeks_in_words(weekdays: frozenset[int], label: str) -> None:
    assert week_label(weekdays) == label


@pytest.mark.parametrize(
    ("member", "now", "day"),
    [
        (ANA, at(2026, 12, 1, 23, 30), dt.date(2026, 12, 1)),
        # Auckland is 13 h ahead in December: Tuesday 20:00 UTC is Wednesday there.
        (DEV, at(2026, 12, 1, 20, 0), dt.date(2026, 12, 2)),
        (CARA, at(2026, 12, 2, 3, 0), dt.date(2026, 12, 1)),
        # An overnight shift stays on the day it began until it ends at 06:00 local.
        (NIGHT, at(2026, 12, 2, 2, 0), dt.date(2026, 12, 1)),
        (NIGHT, at(2026, 12, 2, 5, 0), dt.date(2026, 12, 2)),
        (NIGHT, at(2026, 12, 1, 22, 0), dt.date(2026, 12, 1)),
    ],
)
def test_a_members_today_is_on_their_own_calendar(
    member: Member, now: dt.datetime, day: dt.date
) -> None:
    assert member_day(member, now) == day


def test_shift_start_follows_the_members_clock_change() -> None:
    # 09:00 in Berlin is 08:00 UTC before 2026-03-29 and 07:00 UTC after.
    assert shift_start(BEN, dt.date(2026, 3, 27)) == at(2026, 3, 27, 8, 0)
    assert shift_start(BEN, dt.date(2026, 3, 30)) == at(2026, 3, 30, 7, 0)
    assert shift_start(CARA, dt.date(2026, 11, 2)) == at(2026, 11, 2, 14, 0)


def test_an_update_for_a_weekend_day_is_refused_with_the_members_week() -> None:
    now = at(2026, 12, 7, 10, 0)
    with pytest.raises(RuleViolation) as refused:
        check_update_day(ANA, dt.date(2026, 12, 5), now)
    assert str(refused.value) == (
        "Daily update: Sat 5 Dec is not one of Ana's working days (Mon–Fri); "
        "write it for a working day"
    )
    # A Sunday-to-Thursday week: Sunday is a working day, Friday is not.
    check_update_day(YAEL, dt.date(2026, 12, 6), now, SUN_THU)
    with pytest.raises(RuleViolation, match=r"Fri 4 Dec is not one of Yael's .*\(Sun–Thu\)"):
        check_update_day(YAEL, dt.date(2026, 12, 4), now, SUN_THU)


def test_an_update_for_a_day_still_ahead_is_refused_on_the_members_calendar() -> None:
    now = at(2026, 12, 1, 20, 0)  # Tuesday evening in Europe, Wednesday morning in Auckland
    check_update_day(DEV, dt.date(2026, 12, 2), now)
    with pytest.raises(RuleViolation) as refused:
        check_update_day(ANA, dt.date(2026, 12, 2), now)
    assert str(refused.value) == (
        "Daily update: Wed 2 Dec is still ahead for Ana (it is Tue 20:00 Lisbon); "
        "write it on the day"
    )


def test_writing_an_update_trims_its_texts_and_stamps_it_in_utc() -> None:
    now = dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    written = write_update(BEN, dt.date(2026, 12, 1), "  Merged the importer \n", "", "", now)
    assert written == DailyUpdate(
        BEN.id, dt.date(2026, 12, 1), "Merged the importer", "", "", at(2026, 12, 1, 9, 0)
    )
    assert not written.has_blockers
    blocked = write_update(BEN, dt.date(2026, 12, 1), "", "", "Waiting for VPN access", now)
    assert blocked.has_blockers


@pytest.mark.parametrize(
    ("member", "texts", "error", "message"),
    [
        (BEN, ("", " ", "\n"), InputError, "write what was done, what comes next"),
        (BEN, ("x" * 5_001, "", ""), InputError, "Done since last update is 5001 characters"),
        (BEN, ("ok", "bad\0", ""), InputError, "Next contains a NUL character"),
        (
            dataclasses.replace(BEN, active=False),
            ("ok", "", ""),
            RuleViolation,
            "Ben is no longer active",
        ),
    ],
)
def test_bad_updates_are_refused_with_a_clear_message(
    member: Member, texts: tuple[str, str, str], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        write_update(member, dt.date(2026, 12, 1), *texts, at(2026, 12, 1, 10, 0))


def test_rows_show_who_wrote_who_has_not_and_who_is_not_due() -> None:
    # Friday 4 Dec 12:00 UTC: 12:00 Lisbon, 13:00 Berlin, 07:00 New York, Sat 01:00 Auckland.
    now = at(2026, 12, 4, 12, 0)
    friday = dt.date(2026, 12, 4)
    updates = [
        update(ANA, dt.date(2026, 12, 3), at(2026, 12, 3, 9, 0)),
        update(ANA, friday, at(2026, 12, 4, 9, 15)),
        update(CARA, dt.date(2026, 12, 3), at(2026, 12, 3, 21, 0)),
        update(BEN, dt.date(2026, 12, 2), at(2026, 12, 2, 9, 0)),
    ]
    gone = person(9, "Gus", "Europe/Lisbon", active=False)
    rows = update_rows([ANA, BEN, CARA, DEV, gone], updates, now)
    assert [(r.member.name, r.day, r.status) for r in rows] == [
        ("Ana", friday, UpdateStatus.WRITTEN),
        ("Ben", friday, UpdateStatus.MISSING),
        ("Cara", friday, UpdateStatus.NOT_STARTED),
        ("Dev", dt.date(2026, 12, 5), UpdateStatus.DAY_OFF),
    ]
    assert [r.local_time for r in rows] == [
        "12:00 Lisbon",
        "13:00 Berlin",
        "07:00 New York",
        "01:00 Auckland",
    ]
    assert rows[0].update == updates[1]
    assert rows[0].latest == updates[1]
    assert rows[1].update is None
    assert rows[1].latest == updates[3]
    assert rows[2].latest == updates[2]  # Cara's update from her Thursday evening
    assert rows[3].latest is None
    assert not_written(rows) == [BEN]
    assert [s.label for s in UpdateStatus] == [
        "written",
        "not written yet",
        "working day not started yet",
        "not a working day",
    ]


def test_rows_use_each_members_own_working_week() -> None:
    now = at(2026, 12, 6, 10, 0)  # Sunday: a working day in Jerusalem only
    rows = update_rows([YAEL, ANA], [], now, {YAEL.id: SUN_THU})
    assert [r.status for r in rows] == [UpdateStatus.MISSING, UpdateStatus.DAY_OFF]


def test_the_latest_of_two_updates_for_one_day_is_shown() -> None:
    day = dt.date(2026, 12, 1)
    first = update(ANA, day, at(2026, 12, 1, 8, 0))
    second = dataclasses.replace(first, done="Corrected", written_at=at(2026, 12, 1, 9, 0))
    (row,) = update_rows([ANA], [second, first], at(2026, 12, 1, 10, 0))
    assert row.update == second


@pytest.mark.parametrize(
    ("now", "status"),
    [
        # Monday after Berlin's spring change: 09:00 Berlin is 07:00 UTC.
        (at(2026, 3, 30, 7, 30), UpdateStatus.MISSING),
        # The Friday before, 07:30 UTC is 08:30 in Berlin: not started yet.
        (at(2026, 3, 27, 7, 30), UpdateStatus.NOT_STARTED),
        # Monday after the autumn change (2026-10-26): 09:00 Berlin is 08:00 UTC.
        (at(2026, 10, 26, 7, 30), UpdateStatus.NOT_STARTED),
        (at(2026, 10, 26, 8, 0), UpdateStatus.MISSING),
    ],
)
def test_an_update_is_due_from_the_start_of_the_local_shift_across_dst(
    now: dt.datetime, status: UpdateStatus
) -> None:
    (row,) = update_rows([BEN], [], now)
    assert row.status is status


ZONE_MEMBERS = st.sampled_from([ANA, BEN, CARA, DEV, NIGHT, YAEL])
NOWS = st.datetimes(
    min_value=dt.datetime(2026, 1, 1), max_value=dt.datetime(2027, 12, 31), timezones=st.just(UTC)
)


@given(ZONE_MEMBERS, NOWS, st.booleans())
def test_missing_only_on_a_working_day_whose_shift_has_begun(
    member: Member, now: dt.datetime, sun_thu: bool
) -> None:
    week = SUN_THU if sun_thu else MON_FRI
    (row,) = update_rows([member], [], now, {member.id: week})
    local = now.astimezone(zoneinfo.ZoneInfo(member.timezone)).date()
    assert row.day in (local, local - dt.timedelta(days=1))
    assert row.status is not UpdateStatus.WRITTEN
    if row.status is UpdateStatus.MISSING:
        assert row.day.weekday() in week
        assert shift_start(member, row.day) <= now
    # Whatever the status, an update for that day is accepted exactly on working days.
    if row.day.weekday() in week:
        check_update_day(member, row.day, now, week)
    else:
        assert row.status is UpdateStatus.DAY_OFF
        with pytest.raises(RuleViolation):
            check_update_day(member, row.day, now, week)
