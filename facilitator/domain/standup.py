"""Written daily updates (DESIGN.md rule 4): who wrote for their working day, and who has not.

A member's working day is a date on *their* calendar: "today" is judged in their own time zone,
against their own working week (Monday to Friday unless the team records another, e.g. Sunday to
Thursday). A member on an overnight shift (22:00–06:00) is still in the day the shift began until
it ends. Nobody is counted as missing before their working day has started.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from enum import StrEnum

from facilitator.domain.ids import MemberId
from facilitator.domain.model import Member
from facilitator.domain.overlap import check_timezone, day_name, is_overnight
from facilitator.domain.text_rules import UPDATE_BLOCKERS, UPDATE_DONE, UPDATE_NEXT, check_text
from facilitator.domain.time_words import as_utc, local_time_label
from facilitator.errors import InputError, RuleViolation

MON_FRI: frozenset[int] = frozenset(range(5))
"""The default working week (``date.weekday()`` numbers, Monday = 0)."""

WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

UPDATE_RULES = (UPDATE_DONE, UPDATE_NEXT, UPDATE_BLOCKERS)
"""Text rules of an update's fields (each may be empty, not all at once)."""


@dataclass(frozen=True, slots=True)
class DailyUpdate:
    """One member's written update for one of their working days.

    Attributes:
        member_id: who wrote it.
        day: the working day it is for, on the member's own calendar.
        done: what was done since the last update.
        next: what comes next.
        blockers: what is in the way, as free text (a tracked blocker is raised separately).
        written_at: when it was written (aware, UTC).
    """

    member_id: MemberId
    day: dt.date
    done: str
    next: str
    blockers: str
    written_at: dt.datetime

    @property
    def has_blockers(self) -> bool:
        """Whether the blockers field says anything."""
        return bool(self.blockers.strip())


def week_label(weekdays: AbstractSet[int]) -> str:
    """``Mon–Fri``, ``Sun–Thu``, ``Mon, Wed, Fri``, ``every day`` or ``no working days``."""
    days = sorted(d % 7 for d in weekdays)
    if not days:
        return "no working days"
    if len(days) == 7:
        return "every day"
    firsts = [d for d in days if (d - 1) % 7 not in days]
    if len(firsts) == 1 and len(days) > 2:
        first = firsts[0]
        last = (first + len(days) - 1) % 7
        return f"{WEEKDAY_NAMES[first]}–{WEEKDAY_NAMES[last]}"
    return ", ".join(WEEKDAY_NAMES[d] for d in days)


def member_day(member: Member, now: dt.datetime) -> dt.date:
    """The member's current working date at ``now``: their local date, or yesterday while an
    overnight shift that began yesterday is still running.

    Raises:
        InputError: ``now`` has no time zone, or the member's time zone is unknown.
    """
    local = as_utc(now, "Now").astimezone(check_timezone(member.timezone))
    minutes = local.hour * 60 + local.minute
    if is_overnight(member.work_start_min, member.work_end_min) and minutes < member.work_end_min:
        return local.date() - dt.timedelta(days=1)
    return local.date()


def shift_start(member: Member, day: dt.date) -> dt.datetime:
    """When the member's shift on local date ``day`` starts, in UTC.

    Raises:
        InputError: the member's time zone is unknown.
    """
    zone = check_timezone(member.timezone)
    wall = dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=member.work_start_min)
    return wall.replace(tzinfo=zone).astimezone(dt.UTC)


def check_update_day(
    member: Member,
    day: dt.date,
    now: dt.datetime,
    weekdays: AbstractSet[int] = MON_FRI,
) -> None:
    """Refuse an update for a day that is not one of the member's working days, or is still ahead.

    Raises:
        RuleViolation: ``day`` is outside the member's working week, or after their today.
        InputError: ``now`` has no time zone, or the member's time zone is unknown.
    """
    if day.weekday() not in weekdays:
        raise RuleViolation(
            f"Daily update: {day_name(day)} is not one of {member.name}'s working days "
            f"({week_label(weekdays)}); write it for a working day"
        )
    today = member_day(member, now)
    if day > today:
        raise RuleViolation(
            f"Daily update: {day_name(day)} is still ahead for {member.name} (it is "
            f"{local_time_label(now, member.timezone, with_day=True)}); write it on the day"
        )


def write_update(
    member: Member,
    day: dt.date,
    done: str,
    next_: str,
    blockers: str,
    now: dt.datetime,
    weekdays: AbstractSet[int] = MON_FRI,
) -> DailyUpdate:
    """A checked update of ``member`` for ``day``, written at ``now``.

    Raises:
        RuleViolation: the member is inactive, or ``day`` is refused by :func:`check_update_day`.
        InputError: a text is invalid, all three are empty, or ``now`` has no time zone.
    """
    if not member.active:
        raise RuleViolation(f"Daily update: {member.name} is no longer active in the team")
    check_update_day(member, day, now, weekdays)
    texts = [
        check_text(value, rule)
        for value, rule in zip((done, next_, blockers), UPDATE_RULES, strict=True)
    ]
    if not any(texts):
        raise InputError("Daily update: write what was done, what comes next or what is in the way")
    return DailyUpdate(member.id, day, texts[0], texts[1], texts[2], as_utc(now, "Now"))


class UpdateStatus(StrEnum):
    """Where a member stands with today's update."""

    WRITTEN = "written"
    MISSING = "missing"
    NOT_STARTED = "not_started"
    DAY_OFF = "day_off"

    @property
    def label(self) -> str:
        """Plain words for the standup screen."""
        return {
            "written": "written",
            "missing": "not written yet",
            "not_started": "working day not started yet",
            "day_off": "not a working day",
        }[self.value]


@dataclass(frozen=True, slots=True)
class UpdateRow:
    """One member on the standup screen at a moment.

    Attributes:
        member: the member.
        day: their current working date (their own calendar).
        status: whether today's update is written, missing, not due yet or not a working day.
        update: today's update, when written.
        latest: their most recent update on or before ``day`` (today's, else the last one).
        local_time: ``14:05 Lisbon``, their wall clock at the moment.
    """

    member: Member
    day: dt.date
    status: UpdateStatus
    update: DailyUpdate | None
    latest: DailyUpdate | None
    local_time: str


def update_rows(
    members: Sequence[Member],
    updates: Iterable[DailyUpdate],
    now: dt.datetime,
    weeks: Mapping[MemberId, AbstractSet[int]] | None = None,
) -> list[UpdateRow]:
    """Each active member's standing with today's update at ``now``, in the given order.

    Args:
        members: the team; inactive members are left out.
        updates: the team's updates (any days).
        now: the moment (aware).
        weeks: member id → working weekdays, for members whose week is not Monday to Friday.

    Raises:
        InputError: ``now`` has no time zone, or a member's time zone is unknown.
    """
    by_member: dict[MemberId, list[DailyUpdate]] = {}
    for update in updates:
        by_member.setdefault(update.member_id, []).append(update)
    rows: list[UpdateRow] = []
    for member in members:
        if not member.active:
            continue
        day = member_day(member, now)
        theirs = [u for u in by_member.get(member.id, []) if u.day <= day]
        latest = max(theirs, key=lambda u: (u.day, u.written_at), default=None)
        today = latest if latest is not None and latest.day == day else None
        weekdays = (weeks or {}).get(member.id, MON_FRI)
        if today is not None:
            status = UpdateStatus.WRITTEN
        elif day.weekday() not in weekdays:
            status = UpdateStatus.DAY_OFF
        elif as_utc(now) < shift_start(member, day):
            status = UpdateStatus.NOT_STARTED
        else:
            status = UpdateStatus.MISSING
        rows.append(
            UpdateRow(member, day, status, today, latest, local_time_label(now, member.timezone))
        )
    return rows


def not_written(rows: Iterable[UpdateRow]) -> list[Member]:
    """Members whose update for today is due and missing."""
    return [row.member for row in rows if row.status is UpdateStatus.MISSING]
