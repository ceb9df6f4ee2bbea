"""VTIMEZONE components (RFC 5545 §3.6.5) built from the system's time zone database.

A calendar that writes ``DTSTART;TZID=Europe/Berlin:20261019T100000`` keeps the local wall time
of a recurring event across daylight-saving changes; the VTIMEZONE says when the offsets change.
The transitions come from :mod:`zoneinfo` for the years asked, and each kind of change (say CEST
→ CET at +0200 → +0100) is one STANDARD or DAYLIGHT sub-component, its first change as DTSTART
and the others as RDATEs. A zone without changes in those years gets one STANDARD component.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

_HOUR = dt.timedelta(hours=1)
_EPOCH_LOCAL = dt.datetime(1970, 1, 1)


@dataclass(frozen=True, slots=True)
class Transition:
    """One change of a zone's offset.

    Attributes:
        at: the instant, in UTC.
        before, after: the UTC offsets either side.
        daylight: the offset after the change is daylight-saving time.
        name: the zone's abbreviation after the change (``CET``), possibly "".
    """

    at: dt.datetime
    before: dt.timedelta
    after: dt.timedelta
    daylight: bool
    name: str

    @property
    def local_start(self) -> dt.datetime:
        """The change as local time in the offset before it (the component's DTSTART)."""
        return (self.at + self.before).replace(tzinfo=None)


def _offset(zone: ZoneInfo, moment: dt.datetime) -> dt.timedelta:
    return moment.astimezone(zone).utcoffset() or dt.timedelta(0)


def transitions(zone: ZoneInfo, first_year: int, last_year: int) -> list[Transition]:
    """Every offset change of ``zone`` from 1 January ``first_year`` to the end of ``last_year``."""
    moment = dt.datetime(first_year, 1, 1, tzinfo=dt.UTC)
    end = dt.datetime(last_year + 1, 1, 1, tzinfo=dt.UTC)
    found: list[Transition] = []
    offset = _offset(zone, moment)
    while moment < end:
        following = moment + _HOUR
        if _offset(zone, following) != offset:
            low, high = moment, following  # the change is in (low, high]: bisect to the second
            while high - low > dt.timedelta(seconds=1):
                middle = low + (high - low) / 2
                if _offset(zone, middle) == offset:
                    low = middle
                else:
                    high = middle
            at = high.replace(microsecond=0)
            local = at.astimezone(zone)
            after = local.utcoffset() or dt.timedelta(0)
            daylight = bool(local.dst())
            found.append(Transition(at, offset, after, daylight, local.tzname() or ""))
            offset = after
        moment = following
    return found


def offset_text(offset: dt.timedelta) -> str:
    """A UTC offset as iCalendar writes it: ``+0100``, ``-0330``, ``+053728`` with seconds."""
    seconds = int(offset.total_seconds())
    sign = "-" if seconds < 0 else "+"
    hours, rest = divmod(abs(seconds), 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{sign}{hours:02d}{minutes:02d}" + (f"{seconds:02d}" if seconds else "")


def local_text(moment: dt.datetime) -> str:
    """A local DATE-TIME value without zone: ``20261025T030000``."""
    return moment.strftime("%Y%m%dT%H%M%S")


def vtimezone(name: str, first_year: int, last_year: int) -> list[str]:
    """The content lines of the VTIMEZONE of zone ``name`` for the years asked.

    Raises:
        zoneinfo.ZoneInfoNotFoundError: no zone of that name.
    """
    zone = ZoneInfo(name)
    changes = transitions(zone, first_year, last_year)
    lines = ["BEGIN:VTIMEZONE", f"TZID:{name}"]
    if not changes:
        moment = dt.datetime(first_year, 1, 1, tzinfo=zone)
        offset = offset_text(moment.utcoffset() or dt.timedelta(0))
        lines += [
            "BEGIN:STANDARD",
            f"DTSTART:{local_text(_EPOCH_LOCAL)}",
            f"TZOFFSETFROM:{offset}",
            f"TZOFFSETTO:{offset}",
        ]
        lines += [f"TZNAME:{moment.tzname()}"] if moment.tzname() else []
        return [*lines, "END:STANDARD", "END:VTIMEZONE"]
    groups: dict[tuple[bool, dt.timedelta, dt.timedelta, str], list[Transition]] = {}
    for change in changes:
        groups.setdefault((change.daylight, change.before, change.after, change.name), []).append(
            change
        )
    for (daylight, before, after, abbreviation), members in groups.items():
        kind = "DAYLIGHT" if daylight else "STANDARD"
        lines += [
            f"BEGIN:{kind}",
            f"DTSTART:{local_text(members[0].local_start)}",
            f"TZOFFSETFROM:{offset_text(before)}",
            f"TZOFFSETTO:{offset_text(after)}",
        ]
        lines += [f"RDATE:{local_text(m.local_start)}" for m in members[1:]]
        lines += [f"TZNAME:{abbreviation}"] if abbreviation else []
        lines.append(f"END:{kind}")
    return [*lines, "END:VTIMEZONE"]
