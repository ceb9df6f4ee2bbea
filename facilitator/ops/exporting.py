"""Exports: the backlog as CSV, teams as the JSON dump, the ceremony schedule as iCalendar.

Each export reads in one transaction and writes a temporary file beside the target that replaces
it only when complete, so a failed export never leaves half a file.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

from sqlalchemy import select

from facilitator.domain.ids import TeamId
from facilitator.domain.model import Member
from facilitator.domain.overlap import check_timezone, summarise
from facilitator.domain.overlap_slots import local_span, suggest_slots, zone_groups, zone_label
from facilitator.domain.timebox import Ceremony
from facilitator.errors import ImportFileError, InputError
from facilitator.exchange.backlog_csv import write_backlog_csv
from facilitator.exchange.ics import CalendarEvent, calendar
from facilitator.ops.team_dump import export_dump
from facilitator.ops.timebox import ceremony_minutes
from facilitator.store.db import Store
from facilitator.store.models import StoryRow, TeamRow
from facilitator.store.repositories import SprintRepository, TeamRepository

_BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@contextmanager
def replacing(path: Path, encoding: str = "utf-8") -> Iterator[TextIO]:
    """A text file that becomes ``path`` when the block ends without an error.

    Raises:
        ImportFileError: the folder cannot be written.
    """
    folder = path.parent if str(path.parent) else Path()
    try:
        handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    except OSError as err:
        raise ImportFileError(str(path), None, f"cannot be written ({err.strerror})") from None
    try:
        with os.fdopen(handle, "w", encoding=encoding, newline="") as out:
            yield out
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def team_id_named(store: Store, name: str | None) -> TeamId:
    """The team called ``name``, or the only team when ``name`` is None.

    Raises:
        InputError: no such team, no team at all, or several teams and no name.
    """
    with store.read_session() as session:
        teams = list(session.execute(select(TeamRow.id, TeamRow.name).order_by(TeamRow.name)))
    if name is not None:
        found = [tid for tid, tname in teams if tname.casefold() == name.casefold()]
        if not found:
            raise InputError(f"--team: no team called {name!r}")
        return TeamId(found[0])
    if len(teams) == 1:
        return TeamId(teams[0][0])
    if not teams:
        raise InputError("the database has no team yet; give --team NAME")
    names = ", ".join(tname for _tid, tname in teams)
    raise InputError(f"the database has {len(teams)} teams ({names}); choose one with --team NAME")


def export_csv(store: Store, path: Path, team: str | None = None, excel: bool = False) -> int:
    """The backlog of every team (or one) as CSV in rank order; a BOM only for ``excel``.

    Returns:
        The number of stories written.
    """
    with store.read_session() as session:
        query = (
            select(
                TeamRow.name,
                StoryRow.key,
                StoryRow.title,
                StoryRow.estimate,
                StoryRow.status,
                StoryRow.rank,
                StoryRow.type,
                StoryRow.description,
            )
            .join(TeamRow, TeamRow.id == StoryRow.team_id)
            .order_by(TeamRow.name, StoryRow.rank)
        )
        if team is not None:
            query = query.where(StoryRow.team_id == team_id_named(store, team))
        rows = [row._asdict() for row in session.execute(query)]
    with replacing(path, "utf-8-sig" if excel else "utf-8") as out:
        return write_backlog_csv(out, ({"team": r.pop("name"), **r} for r in rows))


def export_json(store: Store, path: Path, team: str | None = None) -> int:
    """The dump of every team (or one) as JSON; returns how many teams."""
    document = export_dump(store, team)
    with replacing(path) as out:
        json.dump(document, out, ensure_ascii=False, indent=2, sort_keys=True)
        out.write("\n")
    return len(document["teams"])


def export_ics(
    store: Store, path: Path, team: str | None, now: dt.datetime, zone: str | None = None
) -> tuple[int, list[str]]:
    """The team's ceremonies as recurring events inside its overlap, in a reference zone.

    The zone is ``zone`` when given, else that of the team's first active member by name
    (UTC for a team without one); each event's description says which.

    Returns:
        How many events were written, and the ceremonies left out (no overlap at all).

    Raises:
        InputError: ``zone`` is not a time zone name.
    """
    events, missing, name, used = ceremony_events(store, team_id_named(store, team), now, zone)
    with replacing(path) as out:
        out.write(calendar(events, f"{name} ceremonies", now, used))
    return len(events), missing


def reference_zone(members: Sequence[Member], zone: str | None) -> tuple[str, str]:
    """The zone a calendar's times are written in, and a sentence saying why.

    Raises:
        InputError: ``zone`` is not a time zone name.
    """
    if zone is not None:
        try:
            check_timezone(zone)
        except InputError:
            raise InputError(
                f"--tz: {zone!r} is not a time zone name (try Europe/Berlin)"
            ) from None
        return zone, f"Times in {zone}, chosen for this export."
    for member in sorted(members, key=lambda m: (m.name.casefold(), m.name)):
        if member.active and _known_zone(member.timezone):
            return member.timezone, (
                f"Times in {member.timezone}, the zone of {member.name} "
                "(the team's first active member by name)."
            )
    return "UTC", "Times in UTC: no active member of the team has a time zone."


def calendar_zones(store: Store, team: str | None) -> tuple[str, list[str]]:
    """The zone a calendar of ``team`` is written in unless one is chosen (see
    :func:`reference_zone`), and the zones of its active members, that one first.

    Raises:
        InputError: no team of that name, or no team named and not exactly one team.
    """
    team_id = team_id_named(store, team)
    with store.read_session() as session:
        members = TeamRepository(session).members(team_id)
    default, _why = reference_zone(members, None)
    others = [z for z, _names in zone_groups(members) if z != default and _known_zone(z)]
    return default, [default, *others]


def _known_zone(name: str) -> bool:
    try:
        check_timezone(name)
    except InputError:
        return False
    return True


def ceremony_events(
    store: Store, team_id: TeamId, now: dt.datetime, zone: str | None = None
) -> tuple[list[CalendarEvent], list[str], str, str]:
    """The schedule: each ceremony at its suggested slot, recurring with the sprint, and the
    reference zone its events are written in (see :func:`reference_zone`).

    Planning opens the sprint on its first day, review and retrospective close it on its last,
    refinement is weekly in the middle of the week and the standup on every working day it fits.
    The overlap is that of the two weeks from the sprint's start (the current or next sprint,
    else next Monday).
    """
    with store.session() as session:
        teams = TeamRepository(session)
        team = teams.get(team_id)
        if team is None:
            raise InputError(f"No team with id {team_id}")
        members = teams.members(team_id)
        sprint = SprintRepository(session).current(team_id)
    minutes = ceremony_minutes(store, team_id)
    today = now.date()
    first = sprint.start if sprint else today + dt.timedelta(days=(7 - today.weekday()) % 7 or 7)
    first -= dt.timedelta(days=first.weekday())  # the Monday of the sprint's first week
    weeks = max(1, round(team.sprint_length_days / 5))
    summary = summarise(members, first, first + dt.timedelta(days=13), team.min_overlap_hours)
    slots = suggest_slots(summary, {c.value: m for c, (m, _rule) in minutes.items()})
    groups = zone_groups(members)
    slug = re.sub(r"[^a-z0-9]+", "-", team.name.casefold()).strip("-") or "team"
    events: list[CalendarEvent] = []
    missing: list[str] = []
    reference = summary.typical
    used, why = reference_zone(members, zone)
    local_zone = ZoneInfo(used)
    for slot in slots:
        ceremony = Ceremony(slot.ceremony)
        if slot.start is None or reference is None or not slot.fits:
            missing.append(ceremony.label)
            continue
        shift = slot.start.date() - reference.day  # the slot may start on the previous UTC day
        days = _days(ceremony, slot.fits, first, weeks)
        for session_no in range(slot.sessions):
            day = days[min(session_no, len(days) - 1)] + dt.timedelta(days=session_no // len(days))
            start = dt.datetime.combine(day + shift, slot.start.time(), dt.UTC)
            local = "; ".join(
                f"{zone_label(zone)}: {local_span(start, slot.session_minutes, zone)}"
                for zone, _names in groups
            )
            part = f" (session {session_no + 1} of {slot.sessions})" if slot.sessions > 1 else ""
            events.append(
                CalendarEvent(
                    uid=f"{slug}-{ceremony.value}-{session_no + 1}@sprint-facilitator",
                    summary=f"{team.name}: {ceremony.label}{part}",
                    description=f"Timebox {slot.minutes} min. {why} Local times — {local}",
                    start=start,
                    minutes=slot.session_minutes,
                    rrule=_rule(ceremony, slot.fits, slot.start.time(), shift, weeks, local_zone),
                )
            )
    return events, missing, team.name, used


def _days(
    ceremony: Ceremony, fits: tuple[dt.date, ...], first: dt.date, weeks: int
) -> list[dt.date]:
    week = [d for d in fits if d < first + dt.timedelta(days=7)] or list(fits)
    if ceremony is Ceremony.PLANNING:
        return week
    if ceremony in (Ceremony.REVIEW, Ceremony.RETRO):
        return [d + dt.timedelta(weeks=weeks - 1) for d in reversed(week)]
    if ceremony is Ceremony.REFINEMENT:
        return sorted(week, key=lambda d: abs(d.weekday() - 2))
    return week[:1]


def _rule(
    ceremony: Ceremony,
    fits: tuple[dt.date, ...],
    clock: dt.time,
    shift: dt.timedelta,
    weeks: int,
    zone: ZoneInfo,
) -> str:
    if ceremony is Ceremony.STANDUP:  # the weekdays as the reference zone sees them
        starts = (dt.datetime.combine(d + shift, clock, dt.UTC).astimezone(zone) for d in fits)
        week = sorted({start.weekday() for start in starts})
        return "FREQ=WEEKLY;BYDAY=" + ",".join(_BYDAY[w] for w in week)
    if ceremony is Ceremony.REFINEMENT or weeks == 1:
        return "FREQ=WEEKLY"
    return f"FREQ=WEEKLY;INTERVAL={weeks}"
