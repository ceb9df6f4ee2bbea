"""Exact durations between aware moments, and plain-text words for ages and local times.

Subtracting two aware datetimes that share one ``tzinfo`` object compares their wall clocks and
ignores a DST change in between (``zoneinfo`` caches zones, so two Europe/Berlin times always
share it). Everything here converts to UTC first, so an age across a DST change is exact.
"""

from __future__ import annotations

import datetime as dt

from facilitator.domain.overlap import check_timezone, day_name
from facilitator.domain.overlap_slots import zone_label
from facilitator.errors import InputError

UTC = dt.UTC
MINUTES_PER_DAY = 24 * 60


def as_utc(moment: dt.datetime, field: str = "Time") -> dt.datetime:
    """``moment`` in UTC.

    Args:
        moment: an aware datetime in any zone.
        field: the field's name for the message.

    Raises:
        InputError: ``moment`` has no time zone.
    """
    if moment.utcoffset() is None:
        raise InputError(f"{field}: the time has no time zone; give it in UTC")
    return moment.astimezone(UTC)


def elapsed(start: dt.datetime, end: dt.datetime) -> dt.timedelta:
    """``end − start`` in real time, exact across DST changes.

    Raises:
        InputError: either moment has no time zone.
    """
    return as_utc(end, "End") - as_utc(start, "Start")


def hours_of(delta: dt.timedelta) -> float:
    """A duration in hours."""
    return delta.total_seconds() / 3600


def format_age(delta: dt.timedelta) -> str:
    """``45 min``, ``3 h 20 min``, ``3 h``, ``2 d 4 h`` or ``2 d``; whole minutes, rounded down.

    Under a minute is ``under 1 min``; a negative duration (a moment stamped by a machine whose
    clock is a little ahead) counts as none.
    """
    minutes = max(0, int(delta.total_seconds() // 60))
    if not minutes:
        return "under 1 min"
    days, rest = divmod(minutes, MINUTES_PER_DAY)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{days} d {hours} h" if hours else f"{days} d"
    if hours:
        return f"{hours} h {mins} min" if mins else f"{hours} h"
    return f"{mins} min"


def format_whole_hours(delta: dt.timedelta) -> str:
    """``26 h`` (whole hours, rounded down) for a flag's number; ``45 min`` under an hour."""
    minutes = max(0, int(delta.total_seconds() // 60))
    if minutes < 60:
        return format_age(delta)
    return f"{minutes // 60} h"


def format_hours_value(hours: float | None) -> str:
    """A figure in hours as words (``3 h 20 min``), or ``no data`` for None (never ``0``)."""
    if hours is None:
        return "no data"
    return format_age(dt.timedelta(hours=hours))


def local_time_label(moment: dt.datetime, zone: str, *, with_day: bool = False) -> str:
    """``14:05 Lisbon`` (or ``Tue 14:05 Lisbon``): ``moment`` on the wall clock of ``zone``.

    Raises:
        InputError: ``moment`` has no time zone, or ``zone`` is unknown.
    """
    local = as_utc(moment).astimezone(check_timezone(zone))
    clock = f"{local:%a %H:%M}" if with_day else f"{local:%H:%M}"
    return f"{clock} {zone_label(zone)}"


def utc_words(moment: dt.datetime) -> str:
    """``Tue 1 Dec 08:30 UTC``: an instant on the UTC clock, with its day."""
    at = as_utc(moment)
    return f"{day_name(at.date())} {at:%H:%M} UTC"


def local_date(moment: dt.datetime, zone: str) -> dt.date:
    """The date on the wall calendar of ``zone`` at ``moment``.

    Raises:
        InputError: ``moment`` has no time zone, or ``zone`` is unknown.
    """
    return as_utc(moment).astimezone(check_timezone(zone)).date()
