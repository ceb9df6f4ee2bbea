"""Who is available in a sprint, in person-days: each member's own week, holidays and days off.

A sprint is a span of time, ``[start, end)``, fixed in the team's zone. Each member sees it in
their own IANA time zone: their sprint dates run from the local date of the sprint's first
instant to the local date of its last instant. Of those dates, a working day is one of the
member's own weekdays (a Sunday–Thursday week is as valid as Monday–Friday) that is not a public
holiday of the member's location. Days off and part days are entered as the member's local
dates, and must fall inside the sprint. Person-days = (working days − days off) × allocation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from facilitator.domain.ids import MemberId
from facilitator.domain.overlap import check_timezone
from facilitator.errors import InputError

MONDAY_TO_FRIDAY: frozenset[int] = frozenset(range(5))
"""The usual working week, as :meth:`datetime.date.weekday` numbers (Monday is 0)."""

_DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _aware(value: dt.datetime, what: str) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{what} must be timezone-aware")


@dataclass(frozen=True, slots=True)
class SprintSpan:
    """The sprint as a half-open span of instants ``[start, end)``.

    Attributes:
        name: the sprint's name, used in messages.
        start: the first instant of the sprint (timezone-aware).
        end: the instant just after the sprint (timezone-aware), after ``start``.
    """

    name: str
    start: dt.datetime
    end: dt.datetime

    def __post_init__(self) -> None:
        _aware(self.start, "the sprint's start")
        _aware(self.end, "the sprint's end")
        if self.end <= self.start:
            raise InputError(f"{self.name}: the sprint must end after it starts")

    @classmethod
    def of_dates(cls, name: str, first: dt.date, last: dt.date, zone: str) -> SprintSpan:
        """The sprint from local midnight of ``first`` to the midnight after ``last`` in ``zone``.

        Raises:
            InputError: ``zone`` is unknown, or ``last`` is before ``first``.
        """
        tz = check_timezone(zone)
        start = dt.datetime.combine(first, dt.time(), tz)
        end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), tz)
        return cls(name, start, end)

    def local_dates(self, zone: str) -> tuple[dt.date, ...]:
        """Every local date of the sprint in ``zone``, first to last."""
        tz = check_timezone(zone)
        first = self.start.astimezone(tz).date()
        last = (self.end - dt.timedelta(microseconds=1)).astimezone(tz).date()
        return tuple(first + dt.timedelta(days=i) for i in range((last - first).days + 1))


@dataclass(frozen=True, slots=True)
class Holiday:
    """A public holiday the team entered for one location (e.g. ``Poland`` or ``DE-BY``).

    Raises:
        InputError: the location or the name is empty.
    """

    location: str
    day: dt.date
    name: str

    def __post_init__(self) -> None:
        if not self.location.strip():
            raise InputError(
                f"Location of the holiday on {self.day.isoformat()}: enter where it is a holiday"
            )
        if not self.name.strip():
            raise InputError(f"Name of the holiday on {self.day.isoformat()}: enter its name")


@dataclass(frozen=True, slots=True)
class DayOff:
    """A member's day off, or part day: ``fraction`` of the local date ``day`` not worked.

    Raises:
        InputError: ``fraction`` is not above 0 and at most 1.
    """

    day: dt.date
    fraction: float = 1.0

    @classmethod
    def of_hours(cls, day: dt.date, hours: float, shift_minutes: int) -> DayOff:
        """A part day of ``hours`` off a shift of ``shift_minutes`` (see ``Member`` hours).

        Raises:
            InputError: ``hours`` is not above 0 or is longer than the shift.
        """
        shift_hours = shift_minutes / 60
        if not 0 < hours <= shift_hours:
            raise InputError(
                f"Hours off on {day.isoformat()}: {hours:g} h must be more than 0 and at most "
                f"the {shift_hours:g} h working day"
            )
        return cls(day, hours / shift_hours)

    def __post_init__(self) -> None:
        if not 0 < self.fraction <= 1:
            raise InputError(
                f"Day off on {self.day.isoformat()}: the part of the day off must be more than "
                f"0 and at most 1 (a whole day), not {self.fraction:g}"
            )


@dataclass(frozen=True, slots=True)
class MemberCalendar:
    """What availability needs to know about one member for one sprint.

    Attributes:
        member_id: the member.
        name: the member's name, used in messages.
        timezone: the member's IANA time zone; their dates are local dates there.
        location: where the member's public holidays come from (matched ignoring case).
        allocation_pct: the share of their time the member gives this team, 0–100.
        weekdays: the member's working weekdays (Monday is 0).
        days_off: the member's days off and part days in this sprint.

    Raises:
        InputError: the allocation is outside 0–100 %, the week has no working day, or the
            time zone is unknown.
    """

    member_id: MemberId
    name: str
    timezone: str
    location: str = ""
    allocation_pct: float = 100.0
    weekdays: frozenset[int] = MONDAY_TO_FRIDAY
    days_off: tuple[DayOff, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        if not 0 <= self.allocation_pct <= 100:
            raise InputError(
                f"Allocation of {self.name}: {self.allocation_pct:g} % is outside 0–100 %"
            )
        if not self.weekdays or not self.weekdays <= frozenset(range(7)):
            raise InputError(
                f"Working days of {self.name}: choose at least one weekday, Monday to Sunday"
            )
        check_timezone(self.timezone)


@dataclass(frozen=True, slots=True)
class MemberAvailability:
    """One member's person-days in the sprint, and how they were counted.

    Attributes:
        member_id: the member.
        name: the member's name.
        timezone: the zone the dates are local to.
        working_days: the member's working dates in the sprint (holidays excluded).
        holidays: public holidays that fell on one of the member's working weekdays.
        days_off: days off counted, in days (part days add their fraction).
        allocation_pct: the member's allocation to the team.
        person_days: (working days − days off) × allocation.
    """

    member_id: MemberId
    name: str
    timezone: str
    working_days: tuple[dt.date, ...]
    holidays: tuple[Holiday, ...]
    days_off: float
    allocation_pct: float
    person_days: float

    def explanation(self) -> str:
        """In words and numbers, e.g. ``Ana (Pacific/Auckland): 9 working days … = 6.8``."""
        counted = len(self.working_days) + len(self.holidays)
        parts = [f"{counted} working day{_s(counted)}"]
        if self.holidays:
            names = ", ".join(h.name for h in self.holidays)
            parts.append(f"{len(self.holidays)} public holiday{_s(len(self.holidays))} ({names})")
        if self.days_off:
            parts.append(f"{self.days_off:g} day{_s(self.days_off)} off")
        days = len(self.working_days) - self.days_off
        return (
            f"{self.name} ({self.timezone}): {' − '.join(parts)} = {days:g} × "
            f"{self.allocation_pct:g} % = {self.person_days:.1f} person-days"
        )


@dataclass(frozen=True, slots=True)
class SprintAvailability:
    """Every member's person-days in the sprint and the total."""

    span: SprintSpan
    members: tuple[MemberAvailability, ...]

    @property
    def person_days(self) -> float:
        """The team's total person-days in the sprint."""
        return sum(m.person_days for m in self.members)

    def explanation(self) -> str:
        """The total as a sum of each member's person-days, in words and numbers."""
        if not self.members:
            return f"{self.span.name}: no members, so 0 person-days"
        figures = " + ".join(f"{m.name} {m.person_days:.1f}" for m in self.members)
        return f"{self.span.name}: {figures} = {self.person_days:.1f} person-days"


def _s(count: float) -> str:
    return "" if count == 1 else "s"


def member_availability(
    span: SprintSpan, calendar: MemberCalendar, holidays: Iterable[Holiday] = ()
) -> MemberAvailability:
    """Count one member's working days and person-days in the sprint.

    Args:
        span: the sprint.
        calendar: the member's week, zone, location, allocation and days off.
        holidays: the public holidays the team entered, for every location.

    Returns:
        The member's availability.

    Raises:
        InputError: a day off is outside the sprint or entered twice.
    """
    dates = span.local_dates(calendar.timezone)
    place = calendar.location.strip().casefold()
    by_day = {h.day: h for h in holidays if place and h.location.strip().casefold() == place}
    weekdays = [d for d in dates if d.weekday() in calendar.weekdays]
    off_holiday = tuple(by_day[d] for d in weekdays if d in by_day)
    working = tuple(d for d in weekdays if d not in by_day)
    check_days_off(span, calendar)
    workset = set(working)
    off_days = sum(off.fraction for off in calendar.days_off if off.day in workset)
    person_days = (len(working) - off_days) * calendar.allocation_pct / 100
    return MemberAvailability(
        calendar.member_id,
        calendar.name,
        calendar.timezone,
        working,
        off_holiday,
        off_days,
        calendar.allocation_pct,
        person_days,
    )


def check_days_off(span: SprintSpan, calendar: MemberCalendar) -> None:
    """Refuse a member's days off that are outside the sprint (in their zone) or repeated.

    Raises:
        InputError: a day off is outside the sprint or entered twice.
    """
    dates = span.local_dates(calendar.timezone)
    seen: set[dt.date] = set()
    for off in calendar.days_off:
        if not dates[0] <= off.day <= dates[-1]:
            raise InputError(
                f"Day off of {calendar.name}: {off.day.isoformat()} is outside the sprint "
                f"{span.name} ({dates[0].isoformat()} to {dates[-1].isoformat()} in "
                f"{calendar.timezone})"
            )
        if off.day in seen:
            raise InputError(
                f"Day off of {calendar.name}: {off.day.isoformat()} is entered twice; "
                "enter it once (a part day as a fraction)"
            )
        seen.add(off.day)


def sprint_availability(
    span: SprintSpan, calendars: Sequence[MemberCalendar], holidays: Iterable[Holiday] = ()
) -> SprintAvailability:
    """Every member's availability in the sprint, in the order given.

    Raises:
        InputError: a member's day off is outside the sprint or entered twice.
    """
    entered = tuple(holidays)
    return SprintAvailability(span, tuple(member_availability(span, c, entered) for c in calendars))


def describe_week(weekdays: frozenset[int]) -> str:
    """A member's week in words, e.g. ``Mon–Fri`` or ``Sun, Mon, Tue, Wed, Thu``."""
    days = sorted(weekdays)
    if len(days) > 2 and days == list(range(days[0], days[-1] + 1)):
        return f"{_DAY_NAMES[days[0]]}–{_DAY_NAMES[days[-1]]}"
    return ", ".join(_DAY_NAMES[d] for d in days)
