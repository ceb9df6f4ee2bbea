"""Ceremony slots inside a team's overlap, in UTC and each zone's local time, and band positions.

Slots are suggested in the overlap stretch that recurs most often (see
:attr:`~facilitator.domain.overlap.OverlapSummary.typical`), at the same local time of the team's
anchor every day, and say on which working days they fit. A ceremony longer than the stretch is
split into sessions that each fit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from facilitator.domain.model import Member
from facilitator.domain.overlap import (
    DayOverlap,
    OverlapSummary,
    Window,
    anchor_member,
    check_timezone,
    end_label,
    format_hours,
    name_days,
    plural,
)

MINUTES_PER_DAY = 24 * 60


@dataclass(frozen=True, slots=True)
class SlotSuggestion:
    """Where a ceremony fits in the team's overlap.

    Attributes:
        ceremony: the ceremony's name.
        minutes: its timebox.
        start: the UTC start on the reference day; None when no day has any overlap.
        sessions: how many sessions the timebox is split into (1 when it fits in one).
        session_minutes: the length of one session.
        fits: working days on which a session fits at that local time.
        misses: working days on which it does not.
    """

    ceremony: str
    minutes: int
    start: dt.datetime | None
    sessions: int = 1
    session_minutes: int = 0
    fits: tuple[dt.date, ...] = ()
    misses: tuple[dt.date, ...] = ()

    @property
    def end(self) -> dt.datetime | None:
        """When the (first) session ends, in UTC."""
        if self.start is None:
            return None
        return self.start + dt.timedelta(minutes=self.session_minutes)

    @property
    def note(self) -> str:
        """The UTC time in words, or why there is none."""
        if self.start is None or self.end is None:
            return "no overlap on any working day: run it async"
        when = f"{self.start:%H:%M}–{end_label(self.start, self.end)} UTC"
        if self.sessions == 1:
            return when
        return (
            f"{format_hours(self.minutes)} does not fit in one stretch: "
            f"{self.sessions} sessions of {format_hours(self.session_minutes)}, {when}"
        )

    @property
    def days_note(self) -> str:
        """``every working day`` or ``4 of 5 working days; not Mon 29 Mar``."""
        if self.start is None:
            return "none"
        if not self.misses:
            return "every working day"
        total = len(self.fits) + len(self.misses)
        return f"{len(self.fits)} of {plural(total, 'working day')}; not {name_days(self.misses)}"


def _fits(day: DayOverlap, ref_shift: Window, start: dt.datetime, minutes: int) -> bool:
    if day.shift is None:
        return False
    begin = day.shift[0] + (start - ref_shift[0])  # the same local time of the anchor
    finish = begin + dt.timedelta(minutes=minutes)
    return any(low <= begin and finish <= high for low, high in day.windows)


def suggest_slots(summary: OverlapSummary, timeboxes: Mapping[str, int]) -> list[SlotSuggestion]:
    """A start for each ceremony in the team's recurring overlap stretch, with the days it fits.

    Args:
        summary: the overlap over the dates in question.
        timeboxes: ceremony name → the team's timebox in minutes, in the order to show.

    Returns:
        One suggestion per ceremony, in the order of ``timeboxes``.
    """
    reference = summary.typical
    window = reference.longest if reference is not None else None
    if reference is None or window is None or reference.shift is None:
        return [SlotSuggestion(name, minutes, None) for name, minutes in timeboxes.items()]
    start, end = window
    room = int((end - start).total_seconds() // 60)
    out: list[SlotSuggestion] = []
    for name, minutes in timeboxes.items():
        sessions = -(-minutes // room)
        length = -(-minutes // sessions)
        fits = tuple(d.day for d in summary.days if _fits(d, reference.shift, start, length))
        misses = tuple(d.day for d in summary.days if d.day not in fits)
        out.append(SlotSuggestion(name, minutes, start, sessions, length, fits, misses))
    return out


def zone_groups(members: Sequence[Member]) -> list[tuple[str, tuple[str, ...]]]:
    """Each time zone of the active members with their names, the anchor's zone first."""
    active = [m for m in members if m.active]
    anchor = anchor_member(active)
    ordered = ([anchor] if anchor is not None else []) + [m for m in active if m is not anchor]
    groups: dict[str, list[str]] = {}
    for member in ordered:
        groups.setdefault(member.timezone, []).append(member.name)
    return [(zone, tuple(names)) for zone, names in groups.items()]


def local_span(start: dt.datetime, minutes: int, zone: str) -> str:
    """``Tue 09:00–11:00``: a UTC span in ``zone``'s wall-clock time, with the local weekday.

    Raises:
        InputError: ``zone`` is unknown.
    """
    tz = check_timezone(zone)
    begin = start.astimezone(tz)
    finish = (start + dt.timedelta(minutes=minutes)).astimezone(tz)
    return f"{begin:%a %H:%M}–{end_label(begin, finish)}"


def zone_label(zone: str) -> str:
    """``Los Angeles`` for ``America/Los_Angeles``."""
    return zone.rsplit("/", 1)[-1].replace("_", " ")


def positions(windows: Sequence[Window], origin: dt.datetime) -> tuple[tuple[int, int], ...]:
    """Minutes after ``origin`` of each window, clipped to the 24 hours from ``origin``."""
    out = []
    for start, end in windows:
        low = max(0, int((start - origin).total_seconds() // 60))
        high = min(MINUTES_PER_DAY, int((end - origin).total_seconds() // 60))
        if low < high:
            out.append((low, high))
    return tuple(out)


def day_positions(
    day: DayOverlap, reference: DayOverlap, origin: dt.datetime
) -> tuple[tuple[int, int], ...]:
    """``day``'s overlap placed on ``reference``'s band, aligned on the anchor's local time."""
    if day.shift is None or reference.shift is None:
        return ()
    moved = reference.shift[0] - day.shift[0]
    return positions([(s + moved, e + moved) for s, e in day.windows], origin)
