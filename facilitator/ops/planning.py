"""Sprint planning use cases over the planning ceremony run (DESIGN.md rule 3).

Every action is ``(store, ctx, ...)``, runs ONE transaction and returns :class:`Changes`
naming the run (and the sprint, when it changes). The rules are the domain's
(:mod:`facilitator.domain.forecast`, :mod:`facilitator.domain.planning`,
:mod:`facilitator.domain.availability`, :mod:`facilitator.domain.capacity`); a refusal raises
before anything is written, so nothing is half-saved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import replace

from sqlalchemy.orm import Session

from facilitator.domain import ceremony_run as run_rules
from facilitator.domain.availability import (
    DayOff,
    Holiday,
    check_days_off,
)
from facilitator.domain.capacity import (
    choose_capacity,
)
from facilitator.domain.ids import MemberId, RunId, SprintId
from facilitator.domain.model import SprintState
from facilitator.domain.planning import Confirmer, Planning
from facilitator.domain.signed import Signed
from facilitator.domain.text_rules import (
    HOLIDAY_LOCATION,
    HOLIDAY_NAME,
    PLANNING_GOAL,
    PLANNING_REASON,
    check_text,
)
from facilitator.errors import InputError
from facilitator.ops.ceremony import RunChanges, run_changes, start_run_in
from facilitator.ops.changes import ActionContext, Changes, Kind, Undo
from facilitator.ops.planning_reads import (
    PLANNING,
    PlanningView,
    backlog_in,
    calendar_of,
    load_planning,
    next_sprint_in,
    proposal_in,
    signed_in,
    span_of,
)
from facilitator.store.ceremony_repository import CeremonyRepository
from facilitator.store.db import Store
from facilitator.store.models import CeremonyRunRow, SprintStoryRow
from facilitator.store.planning_repository import PlanningRepository

__all__ = ["PLANNING", "PlanningView", "load_planning"]


def planning_of(session: Session, ctx: ActionContext) -> tuple[RunId, SprintId, Planning]:
    """The run, sprint and planning of ``ctx``'s planning run, read in ``session``."""
    if ctx.run_id is None:
        raise InputError("Open planning first: there is no planning run under way")
    repo = PlanningRepository(session)
    planning = repo.get(ctx.run_id)
    sprint_id = repo.sprint_of_run(ctx.run_id)
    if planning is None or sprint_id is None:
        raise InputError(f"The planning run {ctx.run_id} no longer exists")
    return ctx.run_id, sprint_id, planning


Rule = Callable[[Session, Planning], Planning]


def _act(store: Store, ctx: ActionContext, rule: Rule, undo: Undo | None = None) -> Changes:
    with store.session() as session:
        run_id, sprint_id, planning = planning_of(session, ctx)
        changed = rule(session, planning)
        PlanningRepository(session).save(run_id, changed)
    return Changes.of(Kind.RUN, run_id, undo=undo).also(Kind.SPRINT, sprint_id)


# --- actions -----------------------------------------------------------------------------------
def open_planning(store: Store, ctx: ActionContext) -> Changes:
    """Open (or resume) planning of the team's next sprint, creating the sprint if needed.

    The run's clock starts; a planning run already open is carried on.
    """
    with store.session() as session:
        started = start_run_in(session, ctx, PLANNING)
        assert started.run is not None
        run_id = started.run.run_id
        repo = PlanningRepository(session)
        sprint_id = repo.sprint_of_run(run_id)
        if sprint_id is None:
            sprint = next_sprint_in(session, ctx.team(), ctx.now.date())
            session.get_one(CeremonyRunRow, run_id).sprint_id = sprint.id
            choice = repo.capacity_choice(sprint.id)
            repo.create(run_id, sprint.id, 0.0 if choice is None else choice.points)
            sprint_id = sprint.id
        state = CeremonyRepository(session).get(run_id)
        assert state is not None
    return _with_sprint(run_changes(state, created=started.created is not None), sprint_id)


def _with_sprint(record: RunChanges, sprint_id: int, *more: Kind) -> RunChanges:
    """``record`` naming the sprint too, still carrying the run (the shared timer follows it)."""
    return RunChanges(
        record.kinds | {Kind.SPRINT, *more},
        record.ids | {(Kind.SPRINT, int(sprint_id))},
        record.undo,
        record.created,
        record.run,
    )


def set_availability(
    store: Store,
    ctx: ActionContext,
    member_id: MemberId,
    allocation_pct: float,
    days_off: Sequence[DayOff],
) -> Changes:
    """Set a member's allocation and days off for the sprint being planned.

    Raises:
        InputError: the allocation is outside 0–100 %, or a day off is outside the sprint (in
            the member's own time zone) or entered twice.
    """
    with store.session() as session:
        run_id, sprint_id, _ = planning_of(session, ctx)
        repo = PlanningRepository(session)
        member, sprint = repo.member(member_id), repo.sprint(sprint_id)
        if member is None or sprint is None:
            raise InputError(f"No member with id {member_id}")
        calendar = calendar_of(member, allocation_pct, tuple(days_off))
        check_days_off(span_of(sprint, member.timezone), calendar)
        repo.set_availability(sprint_id, member_id, allocation_pct, tuple(days_off))
    return Changes.of(Kind.RUN, run_id).also(Kind.SPRINT, sprint_id)


def add_holiday(
    store: Store, ctx: ActionContext, location: str, day: dt.date, name: str
) -> Changes:
    """Enter a public holiday for the team's members in ``location`` (their time zone).

    Raises:
        InputError: the location or name is empty or not text.
    """
    holiday = Holiday(check_text(location, HOLIDAY_LOCATION), day, check_text(name, HOLIDAY_NAME))
    with store.session() as session:
        PlanningRepository(session).add_holiday(ctx.team(), holiday)
    return Changes.of(Kind.TEAM, ctx.team()).also(Kind.RUN, *([ctx.run_id] if ctx.run_id else []))


def choose_capacity_points(
    store: Store, ctx: ActionContext, points: float, by: MemberId
) -> Changes:
    """The team sets the capacity it believes, next to the proposal (stored with who and when).

    Raises:
        InputError: ``points`` is below zero.
        RuleViolation: the forecast already holds more, or is frozen.
    """

    def rule(session: Session, planning: Planning) -> Planning:
        signed = signed_in(session, by, ctx.now)
        _, sprint_id, _ = planning_of(session, ctx)
        repo = PlanningRepository(session)
        sprint = repo.sprint(sprint_id)
        assert sprint is not None
        choice = choose_capacity(proposal_in(session, sprint), points, signed)
        changed = planning.change(lambda f: f.change_capacity(points, signed, "capacity chosen"))
        repo.save_capacity_choice(sprint_id, choice)
        return changed

    return _act(store, ctx, rule)


def raise_capacity(
    store: Store, ctx: ActionContext, points: float, reason: str, by: MemberId
) -> Changes:
    """The team's explicit, recorded change of capacity during planning.

    Raises:
        InputError: ``points`` is below zero, or the reason is not text.
        RuleViolation: below what the forecast holds, or frozen.
    """
    why = check_text(reason, PLANNING_REASON)
    return _act(
        store,
        ctx,
        lambda s, p: p.change(lambda f: f.change_capacity(points, signed_in(s, by, ctx.now), why)),
    )


def pull(store: Store, ctx: ActionContext, key: str, by: MemberId) -> Changes:
    """The PO pulls ``key`` from the top of the ranked backlog into the forecast.

    Raises:
        RuleViolation: not Ready (with the reasons), below an unpulled Ready story, over
            capacity (with the numbers), declared full, or frozen.
    """
    undo = Undo(
        f"pull {key}",
        lambda st, c: remove(st, c, key, by, undoable=False),
        lambda st, c: pull(st, c, key, by),
    )

    def rule(session: Session, planning: Planning) -> Planning:
        backlog = list(backlog_in(session, planning.team_id))
        return planning.change(lambda f: f.pull(key, backlog, signed_in(session, by, ctx.now)))

    return _act(store, ctx, rule, undo)


def skip(store: Store, ctx: ActionContext, key: str, reason: str, by: MemberId) -> Changes:
    """Pass over ``key`` for this sprint, with a reason.

    Raises:
        InputError: the reason is empty or not text.
        RuleViolation: the story is in the forecast or not in the backlog, or frozen.
    """
    why = check_text(reason, PLANNING_REASON)

    def rule(session: Session, planning: Planning) -> Planning:
        backlog = list(backlog_in(session, planning.team_id))
        return planning.change(lambda f: f.skip(key, backlog, why, signed_in(session, by, ctx.now)))

    return _act(store, ctx, rule)


def remove(
    store: Store, ctx: ActionContext, key: str, by: MemberId, *, undoable: bool = True
) -> Changes:
    """Take ``key`` out of the forecast (allowed until it is frozen).

    Raises:
        RuleViolation: the story is not in the forecast, or it is frozen.
    """
    undo = None
    if undoable:
        undo = Undo(
            f"remove {key}",
            lambda st, c: _pull_back(st, c, key, by),
            lambda st, c: remove(st, c, key, by, undoable=False),
        )
    return _act(
        store, ctx, lambda s, p: p.change(lambda f: f.remove(key, signed_in(s, by, ctx.now))), undo
    )


def _pull_back(store: Store, ctx: ActionContext, key: str, by: MemberId) -> Changes:
    """Undo a removal: the story goes back into the forecast (forgetting the removal)."""

    def rule(session: Session, planning: Planning) -> Planning:
        backlog = list(backlog_in(session, planning.team_id))
        signed = signed_in(session, by, ctx.now)
        kept = tuple(r for r in planning.forecast.removed if r.key != key)
        forecast = replace(planning.forecast, removed=kept)
        return replace(planning, forecast=forecast).change(lambda f: f.pull(key, backlog, signed))

    return _act(store, ctx, rule)


def declare_full(store: Store, ctx: ActionContext, by: MemberId) -> Changes:
    """The team says the forecast is full before capacity is reached.

    Raises:
        RuleViolation: the forecast is frozen.
    """
    return _act(
        store, ctx, lambda s, p: p.change(lambda f: f.declare_full(signed_in(s, by, ctx.now)))
    )


def acknowledge(
    store: Store,
    ctx: ActionContext,
    key: str,
    owner: MemberId | None,
    mitigation: str,
    by: MemberId,
) -> Changes:
    """Acknowledge ``key``'s open dependencies and risks with an owner and a mitigation.

    Raises:
        InputError: no owner, or the mitigation is empty or not text.
        RuleViolation: the story is not in the forecast or has nothing open, or frozen.
    """
    plan = check_text(mitigation, PLANNING_REASON)

    def rule(session: Session, planning: Planning) -> Planning:
        who = None if owner is None else PlanningRepository(session).member(owner)
        signed = signed_in(session, by, ctx.now)
        return planning.change(lambda f: f.acknowledge(key, who, plan, signed))

    return _act(store, ctx, rule)


def set_goal(store: Store, ctx: ActionContext, goal: str) -> Changes:
    """Write the sprint goal.

    Raises:
        InputError: the goal is empty or not text.
        RuleViolation: the forecast is frozen.
    """
    text = check_text(goal, PLANNING_GOAL)
    return _act(store, ctx, lambda _s, p: p.change(lambda f: f.with_goal(text)))


def confirm(store: Store, ctx: ActionContext, member_id: MemberId, confirmer: Confirmer) -> Changes:
    """``member_id`` confirms the forecast as Product Owner or delivery lead.

    Raises:
        RuleViolation: already confirmed by that side or that person, the member cannot confirm
            for that side (a delivery lead must be the team's tech lead or Scrum master), or
            planning is closed.
    """

    def rule(session: Session, planning: Planning) -> Planning:
        member = PlanningRepository(session).member(member_id)
        if member is None:
            raise InputError(f"No member with id {member_id}")
        return planning.confirm(member, confirmer, Signed.of(member, ctx.now))

    return _act(store, ctx, rule)


def close_planning(store: Store, ctx: ActionContext, by: MemberId) -> Changes:
    """Freeze the forecast as a snapshot, start the sprint and end the planning run.

    Raises:
        RuleViolation: something is missing to close (in words), or planning is closed.
    """
    with store.session() as session:
        run_id, sprint_id, planning = planning_of(session, ctx)
        closed = planning.close(signed_in(session, by, ctx.now))
        repo = PlanningRepository(session)
        repo.save(run_id, closed)
        repo.set_sprint_state(sprint_id, SprintState.ACTIVE, closed.forecast.goal)
        for entry in closed.forecast.entries:
            if session.get(SprintStoryRow, (sprint_id, entry.story_id)) is None:
                session.add(
                    SprintStoryRow(
                        sprint_id=sprint_id,
                        story_id=entry.story_id,
                        points=entry.points,
                        added_mid_sprint=len(closed.snapshots) > 1,
                    )
                )
        runs = CeremonyRepository(session)
        state = runs.get(run_id)
        assert state is not None
        if state.timer.ended_at is None:
            state = runs.save(run_rules.finish(state, ctx.now))
    return _with_sprint(run_changes(state), sprint_id, Kind.BACKLOG)


def reopen_planning(store: Store, ctx: ActionContext, reason: str, by: MemberId) -> Changes:
    """Reopen closed planning, recorded with who, when and why; the first snapshot is kept.

    A sprint that has not begun yet (it starts after today) goes back to planned until planning
    closes again; one already under way stays active (what is pulled now counts as added
    mid-sprint).

    Raises:
        InputError: the reason is empty or not text.
        RuleViolation: planning is not closed.
    """
    why = check_text(reason, PLANNING_REASON)

    def reopen(session: Session, planning: Planning) -> Planning:
        reopened = planning.reopen(signed_in(session, by, ctx.now), why)
        repo = PlanningRepository(session)
        sprint_id = repo.sprint_of_run(ctx.run_id) if ctx.run_id is not None else None
        sprint = None if sprint_id is None else repo.sprint(sprint_id)
        if sprint is not None and sprint.start > ctx.now.date():
            repo.set_sprint_state(sprint.id, SprintState.PLANNED, sprint.goal)
        return reopened

    return _act(store, ctx, reopen)
