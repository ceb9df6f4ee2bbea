"""VTIMEZONE components (RFC 5545 §3.6.5) built from the system's time zone database.

A calendar that writes ``DTSTART;TZID=Europe/Berlin:20261019T100000`` keeps the local wall time
of a recurring event across daylight-saving changes; the VTIMEZONE says when the offsets change.
The transitions come from :mod:`zoneinfo` for the years asked, and each kind of change (say CEST
→ CET at +0200 → +0100) is one STANDARD or DAYLIGHT sub-component with its first change as
DTSTART. When the changes follow a yearly rule (the last Sunday of October at 03:00) the
component says so with an RRULE, which calendars apply to later years too; otherwise the other
changes are RDATEs. A zone without changes in those years gets one STANDARD component.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

_HOUR = dt.timedelta(hours=1)
_BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
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


def yearly_rule(changes: list[Transition]) -> str | None:
    """The RRULE value that the changes follow year after year, or None if they follow none.

    Changes on the same weekday of the same month at the same local time, in consecutive years,
    either always in the month's last week (``BYDAY=-1SU``) or always in its n-th (``2SU``).
    """
    starts = [change.local_start for change in changes]
    if len(starts) < 2 or len({(s.month, s.weekday(), s.time()) for s in starts}) != 1:
        return None
    if [s.year for s in starts] != list(range(starts[0].year, starts[0].year + len(starts))):
        return None
    day = _BYDAY[starts[0].weekday()]
    if all((s + dt.timedelta(days=7)).month != s.month for s in starts):
        week = "-1"
    elif len({(s.day - 1) // 7 for s in starts}) == 1:
        week = str((starts[0].day - 1) // 7 + 1)
    else:
        return None
    return f"FREQ=YEARLY;BYMONTH={starts[0].month};BYDAY={week}{day}"


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
        rule = yearly_rule(members)
        if rule is not None:
            lines.append(f"RRULE:{rule}")
        else:
            lines += [f"RDATE:{local_text(m.local_start)}" for m in members[1:]]
        lines += [f"TZNAME:{abbreviation}"] if abbreviation else []
        lines.append(f"END:{kind}")
    return [*lines, "END:VTIMEZONE"]
