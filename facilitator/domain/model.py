"""Frozen value objects the rules work on and the repositories return."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from facilitator.domain.ids import MemberId, SprintId, TeamId

E = TypeVar("E", bound=StrEnum)


class Role(StrEnum):
    """A member's role in the team."""

    PRODUCT_OWNER = "product_owner"
    SCRUM_MASTER = "scrum_master"
    TECH_LEAD = "tech_lead"
    ENGINEER = "engineer"
    QA = "qa"
    DEVOPS = "devops"
    STAKEHOLDER = "stakeholder"

    @property
    def label(self) -> str:
        """Human name of the role."""
        return _ROLE_LABELS[self]

    @property
    def delivers(self) -> bool:
        """Whether the role belongs to the delivery team (builds and estimates the work)."""
        return self in (Role.TECH_LEAD, Role.ENGINEER, Role.QA, Role.DEVOPS)


_ROLE_LABELS = {
    Role.PRODUCT_OWNER: "Product Owner",
    Role.SCRUM_MASTER: "Scrum master",
    Role.TECH_LEAD: "Tech lead",
    Role.ENGINEER: "Engineer",
    Role.QA: "QA",
    Role.DEVOPS: "DevOps",
    Role.STAKEHOLDER: "Stakeholder",
}


class Side(StrEnum):
    """Which side of the engagement a member works for."""

    IN_HOUSE = "in_house"
    OUTSOURCED = "outsourced"

    @property
    def label(self) -> str:
        """Human name of the side."""
        return "in-house" if self is Side.IN_HOUSE else "outsourced"


class Seniority(StrEnum):
    """Seniority, used for the senior-to-junior ratio."""

    JUNIOR = "junior"
    MID = "mid"
    SENIOR = "senior"


class SprintState(StrEnum):
    """Machine-readable sprint states (DESIGN.md command line)."""

    PLANNED = "planned"
    ACTIVE = "active"
    CLOSED = "closed"


class StoryStatus(StrEnum):
    """Where a story is in its life."""

    NEW = "new"
    REFINED = "refined"
    IN_SPRINT = "in_sprint"
    DONE = "done"


class StoryType(StrEnum):
    """Kind of backlog item."""

    STORY = "story"
    BUG = "bug"
    CHORE = "chore"
    SPIKE = "spike"


DEFAULT_DEFINITION_OF_DONE: tuple[str, ...] = (
    "Tested",
    "Code reviewed",
    "Deployed to staging",
    "Documented",
)


@dataclass(frozen=True, slots=True)
class Team:
    """A team and its working agreements."""

    id: TeamId
    name: str
    sprint_length_days: int = 10
    points_per_person_day: float = 1.0
    blocker_sla_hours: int = 24
    min_overlap_hours: float = 3.0
    definition_of_done: tuple[str, ...] = DEFAULT_DEFINITION_OF_DONE


@dataclass(frozen=True, slots=True)
class Member:
    """A person in a team. Working hours are minutes after local midnight."""

    id: MemberId
    team_id: TeamId
    name: str
    role: Role
    side: Side
    seniority: Seniority
    timezone: str
    work_start_min: int
    work_end_min: int
    active: bool = True
    # (field, stored value) of each field whose stored value the app does not know, e.g.
    # ("role", "wizard"); the enum field then holds a harmless stand-in (see ``parse_member``).
    unknown: tuple[tuple[str, str], ...] = ()

    @property
    def role_label(self) -> str:
        """Human name of the role, or the stored value named as unknown."""
        stored = dict(self.unknown).get("role")
        return self.role.label if stored is None else f"unknown role “{stored}”"

    @property
    def side_label(self) -> str:
        """Human name of the side, or the stored value named as unknown."""
        stored = dict(self.unknown).get("side")
        return self.side.label if stored is None else f"unknown side “{stored}”"

    @property
    def seniority_label(self) -> str:
        """The seniority, or the stored value named as unknown."""
        stored = dict(self.unknown).get("seniority")
        return self.seniority.value if stored is None else f"unknown seniority “{stored}”"

    @property
    def hours_label(self) -> str:
        """Working hours as ``09:00–17:00``."""
        return f"{_hhmm(self.work_start_min)}–{_hhmm(self.work_end_min)}"


def known_or(
    value: str, kind: type[E], stand_in: E, field_name: str, unknown: list[tuple[str, str]]
) -> E:
    """``value`` as a ``kind``; else ``stand_in``, noting ``(field_name, value)`` in ``unknown``.

    A database edited by hand (or by a newer version) may hold values this version does not
    know; reading them must not crash a screen. ``check`` reports them.
    """
    try:
        return kind(value)
    except ValueError:
        unknown.append((field_name, value))
        return stand_in


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@dataclass(frozen=True, slots=True)
class Sprint:
    """A sprint of a team."""

    id: SprintId
    team_id: TeamId
    name: str
    goal: str
    start: dt.date
    end: dt.date
    state: SprintState

    def working_day(self, today: dt.date) -> tuple[int, int]:
        """Return (day number, working days in the sprint) for ``today``, weekends excluded."""
        total = working_days(self.start, self.end)
        if today < self.start:
            return 0, total
        day = working_days(self.start, min(today, self.end))
        return day, total

    def days_past_end(self, today: dt.date) -> int:
        """Calendar days since the sprint's last day (0 up to and on it): a sprint whose
        review has not closed it stays active past its end, and says so."""
        return max(0, (today - self.end).days)


def working_days(start: dt.date, end: dt.date) -> int:
    """Count Monday–Friday days from ``start`` to ``end`` inclusive."""
    if end < start:
        return 0
    days = (end - start).days + 1
    full_weeks, rest = divmod(days, 7)
    count = full_weeks * 5
    for i in range(rest):
        if (start + dt.timedelta(days=full_weeks * 7 + i)).weekday() < 5:
            count += 1
    return count
