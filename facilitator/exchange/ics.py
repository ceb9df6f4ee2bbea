"""iCalendar (RFC 5545) text for a team's recurring ceremonies, written by hand.

Times are written in a reference zone (``DTSTART;TZID=Europe/Berlin:20261130T160000``) with
its VTIMEZONE (:mod:`facilitator.exchange.ics_zones`), so a weekly event keeps its local time
across daylight-saving changes; without a zone they are in UTC. Text values are escaped
(backslash, semicolon, comma, line breaks) and content lines are folded at 75 octets without
splitting a UTF-8 character. Lines end in CRLF.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from facilitator.exchange.ics_zones import local_text, vtimezone

LINE_OCTETS = 75
PRODUCT = "-//Sprint Facilitator//Ceremony schedule//EN"


@dataclass(frozen=True, slots=True)
class CalendarEvent:
    """One recurring ceremony.

    Attributes:
        uid: globally unique and stable across exports (calendars update, not duplicate).
        summary: the title.
        description: a longer text (local times of each zone).
        start: the first occurrence, timezone-aware.
        minutes: how long it lasts.
        rrule: the recurrence rule value (``FREQ=WEEKLY;BYDAY=MO,TU``), or "" for a single event.
    """

    uid: str
    summary: str
    description: str
    start: dt.datetime
    minutes: int
    rrule: str = ""


def escape(text: str) -> str:
    r"""A TEXT value: ``\``, ``;``, ``,`` escaped and line breaks as ``\n``."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """A content line folded into CRLF-separated pieces of at most 75 octets each."""
    pieces: list[str] = []
    current, size, limit = "", 0, LINE_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append(current)
            current, size, limit = " ", 1, LINE_OCTETS
        current += char
        size += width
    pieces.append(current)
    return "\r\n".join(pieces)


def _utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _moment(prop: str, moment: dt.datetime, zone: str | None) -> str:
    if zone is None:
        return f"{prop}:{_utc(moment)}"
    return f"{prop};TZID={zone}:{local_text(moment.astimezone(ZoneInfo(zone)))}"


def calendar(
    events: Iterable[CalendarEvent], name: str, stamp: dt.datetime, zone: str | None = None
) -> str:
    """The VCALENDAR text of ``events``, called ``name``, stamped ``stamp``.

    With ``zone`` (an IANA name) the events' times are local times of that zone and the
    calendar carries its VTIMEZONE for the years from the year before the first event to the
    year after the last.
    """
    events = list(events)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODUCT}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(name)}",
    ]
    if zone is not None and events:
        years = [event.start.astimezone(ZoneInfo(zone)).year for event in events]
        lines += vtimezone(zone, min(years) - 1, max(years) + 1)
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.uid}",
            f"DTSTAMP:{_utc(stamp)}",
            _moment("DTSTART", event.start, zone),
            _moment("DTEND", event.start + dt.timedelta(minutes=event.minutes), zone),
            f"SUMMARY:{escape(event.summary)}",
            f"DESCRIPTION:{escape(event.description)}",
        ]
        if event.rrule:
            lines.append(f"RRULE:{event.rrule}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
