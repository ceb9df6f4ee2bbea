"""The standup: written daily updates, blockers, and the 15-minute blocker slot as a run.

Every action is one transaction and returns :class:`Changes`; the blocker slot's actions return
:class:`~facilitator.ops.ceremony.RunChanges` (the run walks the open blockers' ids, oldest
first, in its queue). Refused input raises the domain's message and saves nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace

from sqlalchemy.orm import Session

from facilitator.domain import blockers as rules
from facilitator.domain.blockers import Blocker
from facilitator.domain.ceremony_run import RunState
from facilitator.domain.ids import MemberId, StoryId, TeamId
from facilitator.domain.model import Member
from facilitator.domain.standup import DailyUpdate, UpdateRow, check_update_day, update_rows
from facilitator.domain.standup import write_update as checked_update
from facilitator.domain.timebox import Ceremony
from facilitator.errors import InputError, RuleViolation
from facilitator.ops import ceremony
from facilitator.ops.ceremony import RunChanges, run_changes, start_run_in
from facilitator.ops.changes import ActionContext, Changes, Kind, Undo
from facilitator.ops.undo_records import undo_creation, undo_edit
from facilitator.store.ceremony_repository import CeremonyRepository
from facilitator.store.db import Store
from facilitator.store.models import TeamRow
from facilitator.store.repositories import TeamRepository
from facilitator.store.standup_repository import StandupRepository

# --- reads ----------------------------------------------------------------------------------------
UPDATE_DAYS = 7  # the updates read: the last week's (a member's latest shows while they are away)


@dataclass(frozen=True, slots=True)
class StandupView:
    """Everything the standup screen renders, read in one transaction.

    Attributes:
        rows: each active member's standing with today's update, at the moment of the read
            (:meth:`at` gives them at another moment: local times and what is due move on).
        blockers: the open blockers, oldest first.
        sla_hours: the team's blocker SLA.
        names: member id → name (inactive members too, for old blockers).
        story_keys: story id → key of the stories the blockers link.
        run: the team's open standup run, if any.
        members: the team's members, inactive ones too, by name.
        updates: the team's updates of the last week (what ``rows`` are made from).
        weeks: member id → working weekdays, for the members whose week is recorded.
        slot_blockers: while a run is open, the blockers its walk goes through (resolved ones
            too) by id; None when none is open.
        choices: (id, key) of the stories a blocker can link, when asked for; else None.
    """

    rows: tuple[UpdateRow, ...]
    blockers: tuple[Blocker, ...]
    sla_hours: int
    names: dict[MemberId, str]
    story_keys: dict[StoryId, str]
    run: RunState | None
    members: tuple[Member, ...] = ()
    updates: tuple[DailyUpdate, ...] = ()
    weeks: dict[MemberId, frozenset[int]] = field(default_factory=dict)
    slot_blockers: dict[int, Blocker] | None = None
    choices: tuple[tuple[StoryId, str], ...] | None = None

    def at(self, now: dt.datetime) -> StandupView:
        """The same view with each member's standing at ``now``."""
        return replace(self, rows=tuple(update_rows(self.members, self.updates, now, self.weeks)))

    @property
    def active_members(self) -> list[Member]:
        """The active members, by name (who writes updates, raises and owns blockers)."""
        return [m for m in self.members if m.active]


def _members(session: Session, team_id: TeamId) -> list[Member]:
    return TeamRepository(session).members(team_id, include_inactive=True)


def _team_row(session: Session, team_id: TeamId) -> TeamRow:
    row = session.get(TeamRow, team_id)
    if row is None:
        raise InputError(f"No team with id {team_id}")
    return row


def standup_view(
    store: Store,
    team_id: TeamId,
    now: dt.datetime,
    *,
    choices: bool = False,
    known: StandupView | None = None,
) -> StandupView:
    """The team's standup at ``now``: updates, open blockers and the slot's run, in one
    transaction.

    Args:
        store: the database.
        team_id: the team.
        now: the moment (aware).
        choices: read the stories a blocker can link too (:attr:`StandupView.choices`).
        known: a view of this team read before whose SLA, members and working weeks are still
            current (no action named them since): only what the members write during a
            standup, here or on a shared database, is read again (updates, blockers, the run).
    """
    with store.read_session() as session:
        if known is None:
            sla = _team_row(session, team_id).blocker_sla_hours
            members = tuple(_members(session, team_id))
        else:
            sla, members = known.sla_hours, known.members
        repo = StandupRepository(session)
        updates = tuple(repo.updates(team_id, now.date() - dt.timedelta(days=UPDATE_DAYS)))
        weeks = repo.weeks(team_id) if known is None else known.weeks
        open_blockers = repo.blockers(team_id, open_only=True)
        keys = repo.story_keys([b.story_id for b in open_blockers if b.story_id is not None])
        run = CeremonyRepository(session).open_run(team_id, Ceremony.STANDUP)
        slot = None if run is None else repo.blockers_of([int(i) for i in run.queue])
        picks = tuple(repo.open_stories(team_id)) if choices else None
    return StandupView(
        tuple(update_rows(members, updates, now, weeks)),
        tuple(rules.walk_order(open_blockers)),
        sla,
        {m.id: m.name for m in members},
        keys,
        run,
        members,
        updates,
        weeks,
        slot,
        picks,
    )


def team_blockers(store: Store, team_id: TeamId) -> tuple[list[Blocker], int]:
    """The team's blockers (all, oldest first) and its SLA hours (Home, badge, Backlog)."""
    with store.read_session() as session:
        sla = _team_row(session, team_id).blocker_sla_hours
        return StandupRepository(session).blockers(team_id), sla


def story_choices(store: Store, team_id: TeamId) -> list[tuple[StoryId, str]]:
    """(id, key) of the team's stories not done, by rank: what a blocker can link."""
    with store.read_session() as session:
        return StandupRepository(session).open_stories(team_id)


def blocker_badge_in(session: Session, team_id: TeamId, now: dt.datetime) -> tuple[int, str] | None:
    """(count, ``2 blockers over 24 h``) of open blockers past the SLA for the badge, or None,
    read in the caller's transaction."""
    sla = _team_row(session, team_id).blocker_sla_hours
    blockers = StandupRepository(session).blockers(team_id)
    words = rules.sla_badge(blockers, now, sla)
    return None if words is None else (len(rules.flagged(blockers, now, sla)), words)


# --- updates and working weeks --------------------------------------------------------------------
def _member(session: Session, team_id: TeamId, member_id: MemberId) -> Member:
    member = next((m for m in _members(session, team_id) if m.id == member_id), None)
    if member is None:
        raise RuleViolation("Daily update: the writer must be a member of this team")
    return member


def write_update(
    store: Store,
    ctx: ActionContext,
    member_id: MemberId,
    day: dt.date,
    done: str,
    next_: str,
    blockers: str,
) -> Changes:
    """Write (or rewrite) the member's update for ``day``, one of their working days.

    Raises:
        RuleViolation: not a working day of theirs, a day still ahead, or not a team member.
        InputError: a text is invalid, or all three are empty.
    """
    team_id = ctx.team()
    with store.session() as session:
        repo = StandupRepository(session)
        member = _member(session, team_id, member_id)
        update = checked_update(member, day, done, next_, blockers, ctx.now, repo.week(member_id))
        before = repo.update(member_id, day)
        repo.save_update(team_id, update)
    return Changes.of(Kind.UPDATE, member_id, undo=_update_undo(team_id, update, before))


def _update_undo(team_id: TeamId, update: DailyUpdate, before: DailyUpdate | None) -> Undo:
    def undo(store: Store, _ctx: ActionContext) -> Changes:
        with store.session() as session:
            repo = StandupRepository(session)
            if before is None:
                repo.remove_update(update.member_id, update.day)
            else:
                repo.save_update(team_id, before)
        return Changes.of(Kind.UPDATE, update.member_id)

    def redo(store: Store, _ctx: ActionContext) -> Changes:
        with store.session() as session:
            StandupRepository(session).save_update(team_id, update)
        return Changes.of(Kind.UPDATE, update.member_id)

    return Undo("write the daily update", undo, redo)


def set_working_week(
    store: Store, ctx: ActionContext, member_id: MemberId, weekdays: AbstractSet[int]
) -> Changes:
    """Record the member's working weekdays (``date.weekday()`` numbers).

    Raises:
        RuleViolation: not a member of the team, or no working day at all.
    """
    days = frozenset(d for d in weekdays if 0 <= d <= 6)
    if not days:
        raise RuleViolation("Working week: pick at least one working day")
    with store.session() as session:
        _member(session, ctx.team(), member_id)
        StandupRepository(session).set_week(member_id, days)
    return Changes.of(Kind.MEMBER, member_id)


def check_day(store: Store, ctx: ActionContext, member_id: MemberId, day: dt.date) -> None:
    """Whether ``day`` may get an update from the member (the editor checks before typing).

    Raises:
        RuleViolation: not one of their working days, or still ahead.
    """
    with store.read_session() as session:
        member = _member(session, ctx.team(), member_id)
        week = StandupRepository(session).week(member_id)
    check_update_day(member, day, ctx.now, week)


# --- blockers -------------------------------------------------------------------------------------
def _blocker_changes(blocker: Blocker, undo: Undo | None = None, created: bool = False) -> Changes:
    changes = Changes.of(
        Kind.BLOCKER, blocker.id, undo=undo, created=blocker.id if created else None
    )
    return changes if blocker.story_id is None else changes.also(Kind.STORY, blocker.story_id)


def raise_blocker(
    store: Store,
    ctx: ActionContext,
    raised_by: MemberId,
    description: str,
    story_id: StoryId | None = None,
    owner: MemberId | None = None,
) -> Changes:
    """Raise a blocker now, optionally on one of the team's stories and with an owner.

    Raises:
        RuleViolation: a person outside the team, or another team's story.
        InputError: the description is empty or invalid, or the story does not exist.
    """
    team_id = ctx.team()
    with store.session() as session:
        repo = StandupRepository(session)
        story = None
        if story_id is not None:
            story = repo.story_ref(story_id)
            if story is None:
                raise InputError(f"Blocker: there is no story with id {story_id}")
        members = _members(session, team_id)
        checked = rules.raise_blocker(
            team_id, raised_by, ctx.now, description, members, story, owner
        )
        saved = repo.add_blocker(checked)

    undo = undo_creation(
        "raise the blocker",
        saved,
        StandupRepository,
        lambda repo, b: repo.remove_blocker(b.id),
        StandupRepository.add_blocker,
        lambda b, created: _blocker_changes(b, created=created),
    )
    return _blocker_changes(saved, undo, created=True)


def _stored(repo: StandupRepository, team_id: TeamId, blocker_id: int) -> Blocker:
    blocker = repo.blocker(blocker_id)
    if blocker is None or blocker.team_id != team_id:
        raise InputError("Blocker: it no longer exists (someone may have removed it)")
    return blocker


def _put_back(blocker: Blocker, text: str, after: Blocker) -> Undo:
    return undo_edit(
        text,
        blocker,
        after,
        StandupRepository,
        StandupRepository.save_blocker,
        lambda b, _created: _blocker_changes(b),
    )


def resolve_blocker(
    store: Store,
    ctx: ActionContext,
    blocker_id: int,
    resolution: str,
    resolved_at: dt.datetime | None = None,
) -> Changes:
    """Resolve the blocker at ``resolved_at`` (now when None) with ``resolution``.

    Raises:
        RuleViolation: already resolved, or the resolution is before the raise.
        InputError: the resolution is empty or invalid, or the blocker no longer exists.
    """
    with store.session() as session:
        repo = StandupRepository(session)
        before = _stored(repo, ctx.team(), blocker_id)
        after = rules.resolve(before, resolved_at or ctx.now, resolution)
        repo.save_blocker(after)
    return _blocker_changes(after, _put_back(before, "resolve the blocker", after))


def reassign_blocker(
    store: Store, ctx: ActionContext, blocker_id: int, owner: MemberId | None
) -> Changes:
    """Name another owner for the blocker (None: nobody).

    Raises:
        RuleViolation: the owner is not an active member of the team, or it is resolved.
        InputError: the blocker no longer exists.
    """
    team_id = ctx.team()
    with store.session() as session:
        repo = StandupRepository(session)
        before = _stored(repo, team_id, blocker_id)
        if not before.is_open:
            raise RuleViolation("Blocker: it is already resolved")
        if owner is not None:
            rules.check_member(owner, team_id, _members(session, team_id), "Blocker", "owner")
        after = replace(before, owner=owner)
        repo.save_blocker(after)
    return _blocker_changes(after, _put_back(before, "reassign the blocker", after))


def set_sla(store: Store, ctx: ActionContext, hours: int) -> Changes:
    """Set the team's blocker SLA in hours.

    Raises:
        InputError: not between 1 h and two weeks.
    """
    checked = rules.check_sla_hours(hours)
    team_id = ctx.team()
    with store.session() as session:
        _team_row(session, team_id).blocker_sla_hours = checked
    return Changes.of(Kind.TEAM, team_id)


# --- the blocker slot -----------------------------------------------------------------------------
def start_blocker_slot(store: Store, ctx: ActionContext) -> RunChanges:
    """Start the 15-minute blocker slot: the standup's clock and its walk of the open blockers,
    oldest first (the clock alone when none is open), in one transaction.

    Raises:
        RuleViolation: the team's slot is already walking.
    """
    with store.session() as session:
        open_blockers = StandupRepository(session).blockers(ctx.team(), open_only=True)
        ids = tuple(StoryId(b.id) for b in rules.walk_order(open_blockers))  # blocker ids
        return start_run_in(session, ctx, Ceremony.STANDUP, queue=ids or None)


def resume_blocker_slot(store: Store, team_id: TeamId) -> RunState | None:
    """The team's standup run still open (after a quit or crash, or in another window)."""
    return ceremony.resume_run(store, team_id, Ceremony.STANDUP)


def slot_step(store: Store, ctx: ActionContext, step: int) -> RunChanges:
    """Move the slot ``step`` blockers (-1 back, +1 on).

    Raises:
        RuleViolation: the slot walks nothing, or it is at the first / last blocker.
    """
    if ctx.run_id is None:
        raise InputError("Start the blocker slot first")
    with store.session() as session:
        repo = CeremonyRepository(session)
        run = repo.get(ctx.run_id)
        if run is None:
            raise InputError(f"The ceremony run {ctx.run_id} no longer exists")
        if not run.walking:
            raise RuleViolation("No open blockers to walk in this slot")
        target = max(0, min(len(run.queue) - 1, run.position + step))
        if target == run.position:
            where = "first" if step < 0 else "last"
            raise RuleViolation(f"This is the {where} of the {len(run.queue)} open blockers")
        return run_changes(repo.save(replace(run, position=target)))


def finish_blocker_slot(store: Store, ctx: ActionContext) -> RunChanges:
    """End the slot and its clock (its record is History's).

    Raises:
        RuleViolation: it has already finished.
    """
    return ceremony.finish_run(store, ctx)
