"""Working-hours overlap of a distributed team, DST-aware, and ceremony slots inside it.

Everything is computed in UTC from each member's IANA time zone and local working hours with
:mod:`zoneinfo`, so weeks where only one side has changed its clocks come out right. Working hours
that end at or before they start are an overnight shift ending the next local day.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from facilitator.domain.model import Member, Role
from facilitator.errors import InputError

UTC = dt.UTC
MINUTES_PER_DAY = 24 * 60
DEFAULT_MIN_OVERLAP_HOURS = 3.0

Window = tuple[dt.datetime, dt.datetime]
"""A half-open UTC interval [start, end)."""


def check_timezone(name: str) -> zoneinfo.ZoneInfo:
    """The zone called ``name``.

    Raises:
        InputError: ``name`` is not a known IANA time zone.
    """
    key = name.strip()
    if not key:
        raise InputError("Time zone: choose one, e.g. Europe/Berlin")
    try:
        return zoneinfo.ZoneInfo(key)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        raise InputError(
            f"Time zone: {key!r} is not a known IANA time zone (e.g. Europe/Berlin)"
        ) from None


def check_hours(start_min: int, end_min: int) -> None:
    """Validate working hours given as minutes after local midnight.

    An end at or before the start is an overnight shift (e.g. 22:00–06:00), which is allowed.

    Raises:
        InputError: a value is out of range or the shift is empty.
    """
    if not 0 <= start_min < MINUTES_PER_DAY:
        raise InputError("Working hours: the start must be between 00:00 and 23:59")
    if not 0 <= end_min <= MINUTES_PER_DAY:
        raise InputError("Working hours: the end must be between 00:00 and 24:00")
    if end_min % MINUTES_PER_DAY == start_min:
        raise InputError("Working hours: start and end are the same, so the shift is empty")


def is_overnight(start_min: int, end_min: int) -> bool:
    """Whether working hours cross local midnight."""
    return end_min <= start_min


def shift_minutes(start_min: int, end_min: int) -> int:
    """Length of a shift in minutes (overnight shifts wrap)."""
    return (end_min - start_min) % MINUTES_PER_DAY or MINUTES_PER_DAY


def is_core(member: Member) -> bool:
    """Core members count for overlap: active, and delivering or Product Owner / Scrum master."""
    return member.active and member.role is not Role.STAKEHOLDER


def member_shifts_utc(member: Member, first: dt.date, last: dt.date) -> list[Window]:
    """A member's weekday shifts that start on local dates ``first``–``last``, in UTC.

    Raises:
        InputError: the member's time zone is unknown.
    """
    zone = check_timezone(member.timezone)
    length = dt.timedelta(minutes=shift_minutes(member.work_start_min, member.work_end_min))
    shifts: list[Window] = []
    day = first
    while day <= last:
        if day.weekday() < 5:
            # Hours are wall-clock times in the member's zone; convert each end to UTC.
            start = dt.datetime.combine(day, dt.time()) + dt.timedelta(
                minutes=member.work_start_min
            )
            end = start + length
            shifts.append(
                (
                    start.replace(tzinfo=zone).astimezone(UTC),
                    end.replace(tzinfo=zone).astimezone(UTC),
                )
            )
        day += dt.timedelta(days=1)
    return shifts


def _merge(windows: Iterable[Window]) -> list[Window]:
    merged: list[Window] = []
    for start, end in sorted(windows):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _intersect(left: Sequence[Window], right: Sequence[Window]) -> list[Window]:
    out: list[Window] = []
    for a_start, a_end in left:
        for b_start, b_end in right:
            start, end = max(a_start, b_start), min(a_end, b_end)
            if start < end:
                out.append((start, end))
    return _merge(out)


def _clip(windows: Sequence[Window], day: dt.date) -> list[Window]:
    lo = dt.datetime.combine(day, dt.time(), tzinfo=UTC)
    return _intersect(windows, [(lo, lo + dt.timedelta(days=1))])


def member_windows_on(member: Member, day: dt.date) -> list[Window]:
    """The parts of UTC date ``day`` when ``member`` is working (for drawing a 24-hour band)."""
    shifts = member_shifts_utc(member, day - dt.timedelta(days=2), day + dt.timedelta(days=1))
    return _clip(_merge(shifts), day)


@dataclass(frozen=True, slots=True)
class DayOverlap:
    """When all core members work on one UTC date."""

    day: dt.date
    windows: tuple[Window, ...]

    @property
    def minutes(self) -> int:
        """Total overlap of the day in minutes."""
        return sum(int((end - start).total_seconds() // 60) for start, end in self.windows)

    @property
    def hours(self) -> float:
        """Total overlap of the day in hours."""
        return self.minutes / 60

    @property
    def longest(self) -> Window | None:
        """The longest single window, or None when nobody overlaps."""
        return max(self.windows, key=lambda w: w[1] - w[0], default=None)

    def label(self) -> str:
        """``Overlap 12:00–16:00 UTC, 4 h`` or ``No overlap``, in words."""
        if not self.windows:
            return "No overlap: the core members never all work at the same time"
        parts = ", ".join(f"{s:%H:%M}–{_end_label(e)}" for s, e in self.windows)
        return f"Overlap {parts} UTC, {format_hours(self.minutes)}"


def _end_label(end: dt.datetime) -> str:
    return "24:00" if end.time() == dt.time() else f"{end:%H:%M}"


def format_hours(minutes: int) -> str:
    """``4 h``, ``3 h 30 min`` or ``45 min``."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h" if not rest else f"{hours} h {rest} min"


def team_overlap(members: Sequence[Member], first: dt.date, last: dt.date) -> list[DayOverlap]:
    """For every weekday UTC date from ``first`` to ``last``, the window when all core members work.

    Args:
        members: the team; only core members (see :func:`is_core`) count.
        first: first date of the range (e.g. the sprint's start).
        last: last date of the range, inclusive.

    Returns:
        One :class:`DayOverlap` per weekday; empty windows when there are no core members.

    Raises:
        InputError: a member's time zone is unknown.
    """
    core = [m for m in members if is_core(m)]
    per_member = [
        _merge(member_shifts_utc(m, first - dt.timedelta(days=2), last + dt.timedelta(days=1)))
        for m in core
    ]
    days: list[DayOverlap] = []
    day = first
    while day <= last:
        if day.weekday() < 5:
            if not per_member:
                days.append(DayOverlap(day, ()))
            else:
                common = _clip(per_member[0], day)
                for windows in per_member[1:]:
                    common = _intersect(common, windows)
                days.append(DayOverlap(day, tuple(common)))
        day += dt.timedelta(days=1)
    return days


@dataclass(frozen=True, slots=True)
class OverlapSummary:
    """The overlap over a date range, judged against the team's minimum."""

    days: tuple[DayOverlap, ...]
    min_hours: float

    @property
    def shortest(self) -> DayOverlap | None:
        """The day with the least overlap (the one a warning is about)."""
        return min(self.days, key=lambda d: d.minutes, default=None)

    @property
    def short_days(self) -> tuple[DayOverlap, ...]:
        """Days under the minimum."""
        return tuple(d for d in self.days if d.minutes < self.min_hours * 60)

    @property
    def warning(self) -> str | None:
        """``! Overlap only 2 h …`` when some day is under the minimum, else None."""
        short = self.short_days
        worst = self.shortest
        if not short or worst is None:
            return None
        minimum = format_hours(round(self.min_hours * 60))
        when = "every day" if len(short) == len(self.days) else f"on {len(short)} day(s)"
        first = short[0].day
        return (
            f"Overlap only {format_hours(worst.minutes)} a day {when} (from {first:%a %d %b}); "
            f"the team needs at least {minimum} for synchronous work."
        )


def summarise(
    members: Sequence[Member], first: dt.date, last: dt.date, min_hours: float
) -> OverlapSummary:
    """:func:`team_overlap` over a range, with the minimum to judge it against."""
    return OverlapSummary(tuple(team_overlap(members, first, last)), min_hours)


@dataclass(frozen=True, slots=True)
class SlotSuggestion:
    """Where a ceremony fits in the overlap of a day."""

    ceremony: str
    minutes: int
    start: dt.datetime | None
    note: str


def ceremony_minutes(sprint_length_days: int) -> dict[str, int]:
    """Default timeboxes (DESIGN.md rule 9) scaled by the sprint's length in weeks."""
    weeks = max(1, round(sprint_length_days / 5))
    return {
        "Standup (blocker slot)": 15,
        "Refinement": 60,
        "Planning": min(120 * weeks, 480),
        "Review": min(60 * weeks, 240),
        "Retrospective": min(45 * weeks, 180),
    }


def suggest_slots(day: DayOverlap, timeboxes: dict[str, int]) -> list[SlotSuggestion]:
    """Suggest a start for each ceremony inside the day's longest overlap window.

    A ceremony longer than the window is suggested as split sessions, said in words.
    """
    longest = day.longest
    out: list[SlotSuggestion] = []
    for ceremony, minutes in timeboxes.items():
        if longest is None:
            out.append(SlotSuggestion(ceremony, minutes, None, "no overlap: run it async"))
            continue
        start, end = longest
        room = int((end - start).total_seconds() // 60)
        if minutes <= room:
            finish = start + dt.timedelta(minutes=minutes)
            note = f"{start:%H:%M}–{_end_label(finish)} UTC"
            out.append(SlotSuggestion(ceremony, minutes, start, note))
        else:
            sessions = -(-minutes // room)
            note = (
                f"{format_hours(minutes)} does not fit in {format_hours(room)}: "
                f"split into {sessions} sessions from {start:%H:%M} UTC"
            )
            out.append(SlotSuggestion(ceremony, minutes, start, note))
    return out
