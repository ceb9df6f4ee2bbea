"""Team and operating-model use cases: members, shape, authority, links, partners, health.

Each function is one user action in one transaction. Validation errors name the field
(:class:`FieldError` also carries it, so the UI can show the message next to that field).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import exc

from facilitator.domain import text_rules as rules
from facilitator.domain.edits import stale_message
from facilitator.domain.engagement import (
    Area,
    LinkKind,
    MemberExtras,
    PartnerFilter,
    Shape,
    check_score,
)
from facilitator.domain.ids import MemberId, TeamId
from facilitator.domain.model import Member, Role, Seniority, Side
from facilitator.domain.overlap import check_hours, check_timezone
from facilitator.errors import InputError, StaleEdit
from facilitator.ops.changes import ActionContext, Changes, Kind

# The view and health reads live in ``team_health``; the Team screen reaches them from here too.
from facilitator.ops.team_health import Health as Health
from facilitator.ops.team_health import TeamView as TeamView
from facilitator.ops.team_health import health_in as health_in
from facilitator.ops.team_health import range_of as range_of
from facilitator.ops.team_health import team_view as team_view
from facilitator.store.db import Store
from facilitator.store.repositories import TeamRepository
from facilitator.store.team_model_repository import TeamModelRepository


class FieldError(InputError):
    """An invalid value, with the name of the form field it belongs to."""

    def __init__(self, field_name: str, message: str) -> None:
        """``message`` already starts with the field's label."""
        super().__init__(message)
        self.field = field_name


@dataclass(frozen=True)
class MemberInput:
    """What the member form holds; ``role`` is None until the user picks one."""

    name: str
    role: Role | None
    side: Side
    seniority: Seniority
    timezone: str
    work_start_min: int
    work_end_min: int
    po_hours_per_week: float = 0.0
    access_controls_done: bool = False
    compliance_training_done: bool = False
    active: bool = True


def validate_member(team_id: TeamId, data: MemberInput, member_id: int = 0) -> Member:
    """The member described by ``data``.

    Raises:
        FieldError: blank name, no role, unknown time zone, empty or out-of-range hours.
    """
    name = field_text("name", data.name, rules.MEMBER_NAME)
    if data.role is None:
        raise FieldError("role", "Role: choose the member's role")
    try:
        check_timezone(rules.check_text(data.timezone, rules.MEMBER_TIMEZONE))
    except InputError as err:
        raise FieldError("timezone", str(err)) from None
    try:
        check_hours(data.work_start_min, data.work_end_min)
    except InputError as err:
        raise FieldError("hours", str(err)) from None
    if not 0 <= data.po_hours_per_week <= 80:
        raise FieldError("po_hours", "PO hours per week: must be between 0 and 80")
    return Member(
        id=MemberId(member_id),
        team_id=team_id,
        name=name,
        role=data.role,
        side=data.side,
        seniority=data.seniority,
        timezone=data.timezone.strip(),
        work_start_min=data.work_start_min,
        work_end_min=data.work_end_min,
        active=data.active,
    )


def field_text(field_name: str, value: str, rule: rules.TextRule) -> str:
    """``value`` checked against ``rule``.

    Raises:
        FieldError: it is refused; the error names the form field ``field_name``.
    """
    try:
        return rules.check_text(value, rule)
    except InputError as err:
        raise FieldError(field_name, str(err)) from None


def _extras(data: MemberInput, member_id: int = 0) -> MemberExtras:
    return MemberExtras(
        MemberId(member_id),
        data.po_hours_per_week,
        data.access_controls_done,
        data.compliance_training_done,
    )


def _team_fields(name: str, sprint_length_days: int, dod: Sequence[str]) -> tuple[str, list[str]]:
    name = field_text("team_name", name, rules.TEAM_NAME)
    if not 1 <= sprint_length_days <= 60:
        raise FieldError(
            "sprint_length", f"Sprint length: {sprint_length_days} is outside 1–60 working days"
        )
    items = [field_text("dod", item, rules.DOD_ITEM) for item in dod if item.strip()]
    if not items:
        raise FieldError("dod", "Definition of Done: add at least one item")
    return name, items


def create_team_with_members(
    store: Store,
    name: str,
    sprint_length_days: int,
    definition_of_done: Sequence[str],
    members: Sequence[MemberInput],
) -> TeamId:
    """Create a team and its first members in one transaction (the welcome wizard).

    Raises:
        FieldError: a team field or a member is invalid (the message says which member).
    """
    name, items = _team_fields(name, sprint_length_days, definition_of_done)
    checked: list[tuple[Member, MemberInput]] = []
    for number, data in enumerate(members, start=1):
        try:
            checked.append((validate_member(TeamId(0), data), data))
        except FieldError as err:
            raise FieldError(err.field, f"Member {number}: {err}") from None
    try:
        with store.session() as session:
            team_id = TeamRepository(session).add(name, sprint_length_days, items)
            repo = TeamModelRepository(session)
            for member, data in checked:
                repo.add_member(_with_team(member, team_id), _extras(data))
    except exc.IntegrityError:
        raise FieldError("team_name", f"Team name: a team called {name!r} already exists") from None
    return team_id


def _with_team(member: Member, team_id: TeamId) -> Member:
    return Member(
        member.id,
        team_id,
        member.name,
        member.role,
        member.side,
        member.seniority,
        member.timezone,
        member.work_start_min,
        member.work_end_min,
        member.active,
    )


def add_member(store: Store, ctx: ActionContext, data: MemberInput) -> Changes:
    """Add a member to ``ctx``'s team, in one transaction.

    Returns:
        The record naming the member (its id in ``created``) and the team.

    Raises:
        FieldError: see :func:`validate_member`.
    """
    team_id = ctx.team()
    member = validate_member(team_id, data)
    with store.session() as session:
        made = TeamModelRepository(session).add_member(member, _extras(data))
    return Changes.of(Kind.MEMBER, made, created=made).also(Kind.TEAM, team_id)


def update_member(
    store: Store,
    ctx: ActionContext,
    member_id: MemberId,
    data: MemberInput,
    read_version: int | None = None,
) -> Changes:
    """Change every field of a member of ``ctx``'s team (deactivating keeps the name for
    history), in one transaction.

    Raises:
        FieldError: see :func:`validate_member`.
        InputError: the member does not exist.
        StaleEdit: someone saved the member since ``read_version`` was read; nothing written.
    """
    team_id = ctx.team()
    member = validate_member(team_id, data, member_id)
    with store.session() as session:
        repo = TeamModelRepository(session)
        row = repo.member_row(member_id)
        if read_version is not None and row is not None and row.version != read_version:
            raise StaleEdit(stale_message(row.name, row.changed_by, row.changed_at))
        if not repo.update_member(member, _extras(data, member_id)):
            raise InputError(f"Member: no member with id {member_id}")
    return Changes.of(Kind.MEMBER, member_id).also(Kind.TEAM, team_id)


def set_member_active(
    store: Store, ctx: ActionContext, member_id: MemberId, active: bool
) -> Changes:
    """Deactivate (or bring back) a member; members are never deleted with their history.

    Raises:
        InputError: the member does not exist (in ``ctx``'s team, when it names one).
    """
    with store.session() as session:
        row = TeamModelRepository(session).member_row(member_id)
        if row is None or (ctx.team_id is not None and row.team_id != ctx.team_id):
            raise InputError(f"Member: no member with id {member_id}")
        row.active = active
        team_id = row.team_id
    return Changes.of(Kind.MEMBER, member_id).also(Kind.TEAM, team_id)


@dataclass(frozen=True)
class TeamSettings:
    """The team's editable fields."""

    name: str
    sprint_length_days: int
    definition_of_done: tuple[str, ...]
    min_overlap_hours: float = 3.0
    min_po_hours_per_week: float = 4.0
    shape: Shape | None = None
    regulated: bool = False
    transition_plan: str = ""


def update_team(
    store: Store, ctx: ActionContext, settings: TeamSettings, read_version: int | None = None
) -> Changes:
    """Save ``ctx``'s team's settings in one transaction (refused when saved elsewhere since
    ``read_version``).

    Returns:
        The record naming the team (and the team list when the name changed).

    Raises:
        FieldError: blank or duplicate name, out-of-range numbers, empty DoD.
        StaleEdit: someone saved the team's settings since they were read; nothing written.
    """
    name, items = _team_fields(
        settings.name, settings.sprint_length_days, settings.definition_of_done
    )
    if not 0 <= settings.min_overlap_hours <= 12:
        raise FieldError("min_overlap", "Minimum overlap: must be between 0 and 12 hours")
    if not 0 <= settings.min_po_hours_per_week <= 40:
        raise FieldError("min_po_hours", "Minimum PO hours: must be between 0 and 40 a week")
    plan = field_text("transition_plan", settings.transition_plan, rules.TRANSITION_PLAN)
    team_id = ctx.team()
    try:
        with store.session() as session:
            repo = TeamModelRepository(session)
            row = repo.team_row(team_id)
            if row is None:
                raise InputError(f"No team with id {team_id}")
            if read_version is not None and row.version != read_version:
                raise StaleEdit(stale_message(f"Team {row.name}", row.changed_by, row.changed_at))
            renamed = row.name != name
            row.name = name
            row.sprint_length_days = settings.sprint_length_days
            row.min_overlap_hours = settings.min_overlap_hours
            row.min_po_hours_per_week = settings.min_po_hours_per_week
            row.engagement_shape = settings.shape.value if settings.shape else ""
            row.regulated = settings.regulated
            row.transition_plan = plan
            repo.set_dod(team_id, items)
    except exc.IntegrityError:
        raise FieldError("team_name", f"Team name: a team called {name!r} already exists") from None
    changes = Changes.of(Kind.TEAM, team_id)
    return changes.also(Kind.TEAMS, team_id) if renamed else changes


def set_people(store: Store, team_id: TeamId, area: Area, members: Sequence[MemberId]) -> None:
    """Name the people for an area (decision authority, escalation path, hand-over)."""
    with store.session() as session:
        TeamModelRepository(session).set_assignments(team_id, area, members)


def add_link(
    store: Store, team_id: TeamId, kind: LinkKind, title: str, url: str, reviewed: dt.date | None
) -> int:
    """Add a knowledge link.

    Raises:
        FieldError: blank title.
    """
    title = field_text("link_title", title, rules.LINK_TITLE)
    url = field_text("link_url", url, rules.LINK_URL)
    with store.session() as session:
        return TeamModelRepository(session).add_link(team_id, kind, title, url, reviewed)


def mark_link_reviewed(store: Store, link_id: int, on: dt.date) -> None:
    """Record that someone checked a knowledge link is still true on ``on``."""
    with store.session() as session:
        row = TeamModelRepository(session).link_row(link_id)
        if row is not None:
            row.last_reviewed = on


def remove_link(store: Store, link_id: int) -> None:
    """Delete a knowledge link."""
    with store.session() as session:
        TeamModelRepository(session).remove_link(link_id)


def add_candidate(store: Store, team_id: TeamId, name: str, at: dt.datetime) -> int:
    """Add a delivery-partner candidate to the team's scorecard.

    Raises:
        FieldError: blank or duplicate name.
    """
    name = field_text("partner_name", name, rules.PARTNER_NAME)
    try:
        with store.session() as session:
            return TeamModelRepository(session).add_candidate(team_id, name, at)
    except exc.IntegrityError:
        raise FieldError("partner_name", f"Partner name: {name!r} is already listed") from None


def score_candidate(
    store: Store, candidate_id: int, which: PartnerFilter, score: int, note: str
) -> None:
    """Score one of the five filters for a candidate, with a note.

    Raises:
        FieldError: score outside 0–5.
    """
    try:
        check_score(score)
    except ValueError as err:
        raise FieldError("score", str(err)) from None
    note = field_text("note", note, rules.PARTNER_NOTE)
    with store.session() as session:
        TeamModelRepository(session).set_score(candidate_id, which, score, note)
