"""Availability: each member's own week, holidays, days off and allocation, in their own zone."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitator.domain.availability import (
    DayOff,
    Holiday,
    MemberCalendar,
    SprintSpan,
    check_days_off,
    describe_week,
    member_availability,
    sprint_availability,
)
from facilitator.domain.ids import MemberId
from facilitator.errors import InputError

D = dt.date
# Two weeks, Monday 2 March to Friday 13 March 2026, fixed in Berlin.
SPRINT = SprintSpan.of_dates("Sprint 14", D(2026, 3, 2), D(2026, 3, 13), "Europe/Berlin")
SUN_TO_THU = frozenset({6, 0, 1, 2, 3})
HOLIDAYS = (
    Holiday("Poland", D(2026, 3, 4), "Test Day"),
    Holiday("poland ", D(2026, 3, 7), "Saturday Feast"),  # a Saturday: not a working day anyway
    Holiday("Israel", D(2026, 3, 3), "Purim"),
    Holiday("India", D(2026, 3, 4), "Holi"),
)


def cal(name: str, zone: str, **kw: object) -> MemberCalendar:
    return MemberCalendar(MemberId(1), name, zone, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("calendar", "days", "person_days", "words"),
    [
        (cal("Ben", "Europe/Berlin"), 10, 10.0, "Ben (Europe/Berlin): 10 working days = 10 × 100"),
        # Auckland's sprint runs Mon 12:00 to Sat 11:59 local: still ten weekdays.
        (cal("Ana", "Pacific/Auckland"), 10, 10.0, "Ana (Pacific/Auckland): 10 working days"),
        # Los Angeles' sprint runs Sun 15:00 to Fri 15:00 local (across the US DST change).
        (cal("Lee", "America/Los_Angeles"), 10, 10.0, "= 10.0 person-days"),
        # A Sunday–Thursday week in Jerusalem loses the Sunday before the Berlin Monday start,
        # and a holiday on Tuesday.
        (
            cal("Noa", "Asia/Jerusalem", location="Israel", weekdays=SUN_TO_THU),
            8,
            8.0,
            "Noa (Asia/Jerusalem): 9 working days − 1 public holiday (Purim) = 8 × 100 %",
        ),
        # Warsaw: a holiday on Wednesday, the Saturday one does not count; 1.5 days off; 80 %.
        (
            cal(
                "Ola",
                "Europe/Warsaw",
                location="POLAND",
                allocation_pct=80,
                days_off=(DayOff(D(2026, 3, 5)), DayOff(D(2026, 3, 10), 0.5)),
            ),
            9,
            6.0,
            "Ola (Europe/Warsaw): 10 working days − 1 public holiday (Test Day) − 1.5 days off "
            "= 7.5 × 80 % = 6.0 person-days",
        ),
        # A day off on a holiday or a weekend takes nothing more.
        (
            cal(
                "Raj",
                "Asia/Kolkata",
                location="India",
                days_off=(DayOff(D(2026, 3, 4)), DayOff(D(2026, 3, 8))),
            ),
            9,
            9.0,
            "10 working days − 1 public holiday (Holi) = 9 × 100 %",
        ),
        (cal("Kim", "Asia/Seoul", allocation_pct=0), 10, 0.0, "= 10 × 0 % = 0.0 person-days"),
        (
            cal("Una", "Europe/Berlin", days_off=(DayOff(D(2026, 3, 2)),)),
            10,
            9.0,
            "Una (Europe/Berlin): 10 working days − 1 day off = 9 × 100 %",
        ),
    ],
)
def test_person_days_per_member(
    calendar: MemberCalendar, days: int, person_days: float, words: str
) -> None:
    result = member_availability(SPRINT, calendar, HOLIDAYS)
    assert len(result.working_days) == days
    assert result.person_days == pytest.approx(person_days)
    assert words in result.explanation()


def test_total_person_days_and_its_explanation() -> None:
    team = sprint_availability(
        SPRINT,
        [cal("Ben", "Europe/Berlin"), cal("Ola", "Europe/Warsaw", location="Poland")],
        iter(HOLIDAYS),
    )
    assert [m.person_days for m in team.members] == [10.0, 9.0]
    assert team.person_days == 19.0
    assert team.explanation() == "Sprint 14: Ben 10.0 + Ola 9.0 = 19.0 person-days"
    assert sprint_availability(SPRINT, []).explanation() == (
        "Sprint 14: no members, so 0 person-days"
    )


@pytest.mark.parametrize(
    ("zone", "first", "last"),
    [
        ("Europe/Berlin", D(2026, 3, 2), D(2026, 3, 13)),
        ("Pacific/Auckland", D(2026, 3, 2), D(2026, 3, 14)),
        ("America/Los_Angeles", D(2026, 3, 1), D(2026, 3, 13)),
    ],
)
def test_the_sprint_dates_are_each_members_local_dates(
    zone: str, first: dt.date, last: dt.date
) -> None:
    dates = SPRINT.local_dates(zone)
    assert (dates[0], dates[-1]) == (first, last)
    # A day off on the first or last local date is inside that member's sprint.
    for day in (first, last):
        member_availability(SPRINT, cal("X", zone, days_off=(DayOff(day),)))


@pytest.mark.parametrize(
    ("zone", "day", "message"),
    [
        (
            "Europe/Berlin",
            D(2026, 3, 14),
            "Day off of X: 2026-03-14 is outside the sprint Sprint 14 (2026-03-02 to 2026-03-13 "
            "in Europe/Berlin)",
        ),
        ("Europe/Berlin", D(2026, 3, 1), "2026-03-01 is outside the sprint"),
        ("Pacific/Auckland", D(2026, 3, 15), "(2026-03-02 to 2026-03-14 in Pacific/Auckland)"),
        ("America/Los_Angeles", D(2026, 2, 28), "2026-02-28 is outside the sprint"),
    ],
)
def test_days_off_outside_the_sprint_are_refused(zone: str, day: dt.date, message: str) -> None:
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        member_availability(SPRINT, cal("X", zone, days_off=(DayOff(day),)))


def test_a_part_day_in_hours_of_the_members_shift() -> None:
    assert DayOff.of_hours(D(2026, 3, 3), 2, 480) == DayOff(D(2026, 3, 3), 0.25)
    assert DayOff.of_hours(D(2026, 3, 3), 7.5, 450).fraction == 1
    half = cal("X", "Europe/Berlin", days_off=(DayOff.of_hours(D(2026, 3, 3), 4, 480),))
    assert member_availability(SPRINT, half).person_days == 9.5


def test_days_off_are_checked_on_their_own() -> None:
    check_days_off(SPRINT, cal("X", "Europe/Berlin", days_off=(DayOff(D(2026, 3, 13)),)))
    with pytest.raises(InputError, match="2026-03-14 is outside the sprint"):
        check_days_off(SPRINT, cal("X", "Europe/Berlin", days_off=(DayOff(D(2026, 3, 14)),)))


def test_a_day_off_entered_twice_is_refused() -> None:
    twice = (DayOff(D(2026, 3, 3)), DayOff(D(2026, 3, 3), 0.5))
    with pytest.raises(InputError, match="Day off of X: 2026-03-03 is entered twice"):
        member_availability(SPRINT, cal("X", "Europe/Berlin", days_off=twice))


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: cal("Ola", "Europe/Warsaw", allocation_pct=120), "Allocation of Ola: 120 %"),
        (lambda: cal("Ola", "Europe/Warsaw", allocation_pct=-5), "-5 % is outside 0–100 %"),
        (lambda: cal("Ola", "Europe/Warsaw", weekdays=frozenset()), "Working days of Ola"),
        (lambda: cal("Ola", "Europe/Warsaw", weekdays=frozenset({7})), "Working days of Ola"),
        (lambda: cal("Ola", "Mars/Olympus"), "Time zone: 'Mars/Olympus'"),
        (lambda: DayOff(D(2026, 3, 3), 0), "Day off on 2026-03-03: the part of the day off"),
        (lambda: DayOff(D(2026, 3, 3), 1.5), "not 1.5"),
        (lambda: Holiday(" ", D(2026, 3, 4), "Holi"), "Location of the holiday on 2026-03-04"),
        (lambda: Holiday("India", D(2026, 3, 4), ""), "Name of the holiday on 2026-03-04"),
        (
            lambda: DayOff.of_hours(D(2026, 3, 3), 9, 480),
            "Hours off on 2026-03-03: 9 h must be more than 0 and at most the 8 h working day",
        ),
        (lambda: DayOff.of_hours(D(2026, 3, 3), 0, 480), "Hours off on 2026-03-03: 0 h"),
        (
            lambda: SprintSpan.of_dates("S1", D(2026, 3, 3), D(2026, 3, 1), "UTC"),
            "S1: the sprint must end after it starts",
        ),
    ],
)
def test_bad_input_is_refused_naming_the_field(make: object, message: str) -> None:
    with pytest.raises(InputError, match=message):
        make()  # type: ignore[operator]


def test_a_sprint_needs_aware_instants() -> None:
    naive = dt.datetime(2026, 3, 2)
    aware = dt.datetime(2026, 3, 2, tzinfo=dt.UTC)
    with pytest.raises(ValueError, match="start must be timezone-aware"):
        SprintSpan("S", naive, aware)
    with pytest.raises(ValueError, match="end must be timezone-aware"):
        SprintSpan("S", aware, naive)


@pytest.mark.parametrize(
    ("week", "words"),
    [
        (frozenset(range(5)), "Mon–Fri"),
        (SUN_TO_THU, "Mon, Tue, Wed, Thu, Sun"),
        (frozenset({0, 2}), "Mon, Wed"),
        (frozenset({5, 6}), "Sat, Sun"),
    ],
)
def test_describe_week(week: frozenset[int], words: str) -> None:
    assert describe_week(week) == words


zones = st.sampled_from(
    ["Europe/Berlin", "Pacific/Auckland", "America/Los_Angeles", "Asia/Kolkata", "UTC"]
)


@given(
    zones,
    st.frozensets(st.integers(0, 6), min_size=1),
    st.floats(0, 100),
    st.lists(st.tuples(st.integers(0, 11), st.sampled_from([0.25, 0.5, 1.0])), max_size=6),
)
def test_person_days_stay_between_zero_and_the_working_days(
    zone: str, week: frozenset[int], allocation: float, offs: list[tuple[int, float]]
) -> None:
    first = SPRINT.local_dates(zone)[0]
    days_off = tuple(
        {
            first + dt.timedelta(days=n): DayOff(first + dt.timedelta(days=n), f) for n, f in offs
        }.values()
    )
    calendar = cal("X", zone, weekdays=week, allocation_pct=allocation, days_off=days_off)
    result = member_availability(SPRINT, calendar, HOLIDAYS)
    assert 0 <= result.person_days <= len(result.working_days)
    assert all(d.weekday() in week for d in result.working_days)
    without = member_availability(SPRINT, cal("X", zone, weekdays=week, allocation_pct=allocation))
    assert result.person_days <= without.person_days + 1e-9
