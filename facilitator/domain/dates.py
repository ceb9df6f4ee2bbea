"""Dates in the words the room reads: short for a day of this sprint, whole with its weekday
for a day that is recorded. Plain ``datetime`` only: the window's first screen uses them."""

from __future__ import annotations

import datetime as dt


def day_month(day: dt.date) -> str:
    """``4 Dec``: a day of this sprint or the next, short (no leading zero: "04 Dec" read as a
    code, not a date)."""
    return f"{day.day} {day:%b}"


def date_words(day: dt.date) -> str:
    """``Fri 4 Dec 2026``: a date as the room reads it, with its weekday (an ISO date such as
    2026-12-04 made the room work out which day of the sprint that was)."""
    return f"{day:%a} {day.day} {day:%b %Y}"
