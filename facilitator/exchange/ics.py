"""iCalendar (RFC 5545) text for a team's recurring ceremonies, written by hand.

Times are in UTC (``DTSTART:20261130T150000Z``), which every calendar shows in its user's own
zone; text values are escaped (backslash, semicolon, comma, line breaks) and content lines are
folded at 75 octets without splitting a UTF-8 character. Lines end in CRLF.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

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


def calendar(events: Iterable[CalendarEvent], name: str, stamp: dt.datetime) -> str:
    """The VCALENDAR text of ``events``, called ``name``, stamped ``stamp``."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODUCT}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(name)}",
    ]
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.uid}",
            f"DTSTAMP:{_utc(stamp)}",
            f"DTSTART:{_utc(event.start)}",
            f"DTEND:{_utc(event.start + dt.timedelta(minutes=event.minutes))}",
            f"SUMMARY:{escape(event.summary)}",
            f"DESCRIPTION:{escape(event.description)}",
        ]
        if event.rrule:
            lines.append(f"RRULE:{event.rrule}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
