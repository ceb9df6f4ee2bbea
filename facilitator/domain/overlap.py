"""Working-hours overlap of a distributed team, DST-aware, and ceremony slots inside it.

Everything is computed in UTC from each member's IANA time zone and local working hours with
:mod:`zoneinfo`, so weeks where only one side has changed its clocks come out right. Working hours
that end at or before they start are an overnight shift ending the next local day.

The team's working days are those of its *anchor* (the Product Owner, else the Scrum master, else
the first core member): each of the anchor's weekday shifts is one working day, and the overlap of
that day is the part of the shift when every other core member works too. An overlap is never cut
at UTC midnight, so Auckland 09–17 with Los Angeles 09–17 is one 5 h stretch, 20:00–01:00 UTC.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections import Counter
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


def anchor_member(members: Sequence[Member]) -> Member | None:
    """The core member whose working days and zone are the team's.

    The Product Owner, else the Scrum master, else the first core member; None without core
    members.
    """
    core = [m for m in members if is_core(m)]
    for role in (Role.PRODUCT_OWNER, Role.SCRUM_MASTER):
        chosen = next((m for m in core if m.role is role), None)
        if chosen is not None:
            return chosen
    return core[0] if core else None


def dated_shifts_utc(member: Member, first: dt.date, last: dt.date) -> list[tuple[dt.date, Window]]:
    """A member's weekday shifts starting on local dates ``first``–``last``, each with its date.

    Raises:
        InputError: the member's time zone is unknown.
    """
    zone = check_timezone(member.timezone)
    length = dt.timedelta(minutes=shift_minutes(member.work_start_min, member.work_end_min))
    shifts: list[tuple[dt.date, Window]] = []
    day = first
    while day <= last:
        if day.weekday() < 5:
            # Hours are wall-clock times in the member's zone; convert each end to UTC.
            start = dt.datetime.combine(day, dt.time()) + dt.timedelta(
                minutes=member.work_start_min
            )
            end = start + length
            window = (
                start.replace(tzinfo=zone).astimezone(UTC),
                end.replace(tzinfo=zone).astimezone(UTC),
            )
            shifts.append((day, window))
        day += dt.timedelta(days=1)
    return shifts


def member_shifts_utc(member: Member, first: dt.date, last: dt.date) -> list[Window]:
    """A member's weekday shifts that start on local dates ``first``–``last``, in UTC.

    Raises:
        InputError: the member's time zone is unknown.
    """
    return [window for _day, window in dated_shifts_utc(member, first, last)]


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


def member_windows_between(member: Member, start: dt.datetime, end: dt.datetime) -> list[Window]:
    """The parts of ``start``–``end`` (UTC) when ``member`` is working (for drawing a band).

    Raises:
        InputError: the member's time zone is unknown.
    """
    pad = dt.timedelta(days=2)
    shifts = member_shifts_utc(member, start.date() - pad, end.date() + pad)
    return _intersect(_merge(shifts), [(start, end)])


def _minutes(start: dt.datetime, end: dt.datetime) -> int:
    return int((end - start).total_seconds() // 60)


@dataclass(frozen=True, slots=True)
class DayOverlap:
    """When all core members work on one of the team's working days.

    Attributes:
        day: the anchor's local date of the working day.
        windows: the UTC stretches when every core member works, in order (never cut at midnight).
        shift: the anchor's shift that day in UTC (None without core members).
    """

    day: dt.date
    windows: tuple[Window, ...]
    shift: Window | None = None

    @property
    def minutes(self) -> int:
        """Total overlap of the day in minutes."""
        return sum(_minutes(start, end) for start, end in self.windows)

    @property
    def hours(self) -> float:
        """Total overlap of the day in hours."""
        return self.minutes / 60

    @property
    def longest(self) -> Window | None:
        """The longest single window (the earliest of equals), or None when nobody overlaps."""
        return max(self.windows, key=lambda w: w[1] - w[0], default=None)

    def label(self) -> str:
        """``Overlap 20:00–01:00 UTC, 5 h`` or ``No overlap``, in words."""
        if not self.windows:
            return "No overlap: the core members never all work at the same time"
        parts = ", ".join(f"{s:%H:%M}–{end_label(s, e)}" for s, e in self.windows)
        return f"Overlap {parts} UTC, {format_hours(self.minutes)}"


def end_label(start: dt.datetime, end: dt.datetime) -> str:
    """``24:00`` for an end at the midnight after ``start``'s date, else ``HH:MM``."""
    if end.time() == dt.time() and end.date() == start.date() + dt.timedelta(days=1):
        return "24:00"
    return f"{end:%H:%M}"


def format_hours(minutes: int) -> str:
    """``4 h``, ``3 h 30 min`` or ``45 min``."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h" if not rest else f"{hours} h {rest} min"


def format_overlap(minutes: int) -> str:
    """Like :func:`format_hours`, but ``no overlap`` for none (never ``0 min``)."""
    return format_hours(minutes) if minutes else "no overlap"


def _weekdays(first: dt.date, last: dt.date) -> list[dt.date]:
    count = max(0, (last - first).days + 1)
    days = (first + dt.timedelta(days=n) for n in range(count))
    return [day for day in days if day.weekday() < 5]


def team_overlap(members: Sequence[Member], first: dt.date, last: dt.date) -> list[DayOverlap]:
    """For each of the team's working days from ``first`` to ``last``, when all core members work.

    Args:
        members: the team; only core members (see :func:`is_core`) count.
        first: first date of the range (e.g. the sprint's start), in the anchor's zone.
        last: last date of the range, inclusive.

    Returns:
        One :class:`DayOverlap` per weekday of the anchor (see :func:`anchor_member`); without
        core members, one empty day per weekday of the range.

    Raises:
        InputError: a member's time zone is unknown.
    """
    core = [m for m in members if is_core(m)]
    anchor = anchor_member(core)
    if anchor is None:
        return [DayOverlap(day, ()) for day in _weekdays(first, last)]
    pad = dt.timedelta(days=2)
    others = [
        _merge(member_shifts_utc(m, first - pad, last + pad)) for m in core if m is not anchor
    ]
    days: list[DayOverlap] = []
    for day, shift in dated_shifts_utc(anchor, first, last):
        common = [shift]
        for windows in others:
            common = _intersect(common, windows)
        days.append(DayOverlap(day, tuple(common), shift))
    return days


def band_origin(day: DayOverlap) -> dt.datetime:
    """Where a 24-hour band of ``day`` starts, in UTC, so that no overlap is cut at its edges.

    UTC midnight when the anchor's shift lies within one UTC date; otherwise 12 hours before the
    middle of the shift, on a 3-hour mark.
    """
    midnight = dt.datetime.combine(day.day, dt.time(), tzinfo=UTC)
    if day.shift is None:
        return midnight
    start, end = day.shift
    if start.date() == (end - dt.timedelta(microseconds=1)).date():
        return dt.datetime.combine(start.date(), dt.time(), tzinfo=UTC)
    before = start + (end - start) / 2 - dt.timedelta(hours=12)
    return before.replace(hour=before.hour - before.hour % 3, minute=0, second=0, microsecond=0)


def plural(count: int, word: str, many: str | None = None) -> str:
    """``1 working day``, ``2 working days`` (``many``: the plural when it is not ``word``
    with an s, as in ``1 story``, ``2 stories``)."""
    if count == 1:
        return f"{count} {word}"
    return f"{count} {many or word + 's'}"


def day_name(day: dt.date) -> str:
    """``Fri 2 Apr``."""
    return f"{day:%a} {day.day} {day:%b}"


def name_days(days: Sequence[dt.date], limit: int = 4) -> str:
    """``Mon 29 Mar, Tue 30 Mar and 3 more``: the first ``limit`` dates, then how many more."""
    shown = ", ".join(day_name(day) for day in days[:limit])
    rest = len(days) - limit
    return f"{shown} and {rest} more" if rest > 0 else shown


@dataclass(frozen=True, slots=True)
class OverlapSummary:
    """The overlap over a date range, judged against the team's minimum."""

    days: tuple[DayOverlap, ...]
    min_hours: float

    @property
    def shortest(self) -> DayOverlap | None:
        """The day with the least overlap (the first of equals)."""
        return min(self.days, key=lambda d: d.minutes, default=None)

    @property
    def short_days(self) -> tuple[DayOverlap, ...]:
        """Days under the minimum."""
        return tuple(d for d in self.days if d.minutes < self.min_hours * 60)

    @property
    def typical(self) -> DayOverlap | None:
        """The day whose longest stretch recurs most often, the one slots are suggested in.

        Stretches are compared by where they start in the anchor's shift and how long they are,
        so a team whose Friday has no overlap still gets the stretch of its other days; ties go
        to the longer stretch, then the earlier day. None when no day has any overlap.
        """
        keyed: list[tuple[tuple[dt.timedelta, dt.timedelta], DayOverlap]] = []
        for day in self.days:
            longest = day.longest
            if longest is not None and day.shift is not None:
                keyed.append(((longest[0] - day.shift[0], longest[1] - longest[0]), day))
        counts = Counter(key for key, _day in keyed)
        best = max(
            keyed,
            key=lambda item: (counts[item[0]], item[0][1], -item[1].day.toordinal()),
            default=None,
        )
        return best[1] if best is not None else None

    def spread(self) -> str:
        """``4 h every day`` or ``no overlap to 5 h a day``."""
        figures = [d.minutes for d in self.days]
        if not figures:
            return "no working days"
        low, high = min(figures), max(figures)
        if low == high:
            return f"{format_overlap(low)} every day"
        return f"{format_overlap(low)} to {format_hours(high)} a day"

    @property
    def warning(self) -> str | None:
        """One sentence naming the days under the minimum and their figures, else None."""
        short = self.short_days
        if not short:
            return None
        minimum = format_hours(round(self.min_hours * 60))
        need = f"the team needs at least {minimum} a day for synchronous work."
        total = len(self.days)
        if all(d.minutes == 0 for d in self.days):
            return (
                f"No overlap on any of the {plural(total, 'working day')}: the core members "
                f"never all work at the same time; {need}"
            )
        groups: dict[int, list[dt.date]] = {}
        for day in short:
            groups.setdefault(day.minutes, []).append(day.day)
        if len(short) == total and len(groups) == 1:
            return f"Overlap only {format_hours(short[0].minutes)} on every working day; {need}"
        parts = "; ".join(
            f"{format_overlap(minutes)} on {name_days(dates)}"
            for minutes, dates in sorted(groups.items())
        )
        return (
            f"Overlap under {minimum} on {len(short)} of {plural(total, 'working day')}: "
            f"{parts}; {need}"
        )


def summarise(
    members: Sequence[Member], first: dt.date, last: dt.date, min_hours: float
) -> OverlapSummary:
    """:func:`team_overlap` over a range, with the minimum to judge it against."""
    return OverlapSummary(tuple(team_overlap(members, first, last)), min_hours)
