"""Ceremony runs: start, resume, advance and finish a run, and drive its timer.

Every action is one transaction over the run: it loads the stored run, applies the domain rule
at ``ctx.now``, saves timer and ceremony state together and returns :class:`RunChanges`, which
names the run and carries its new :class:`RunState` (read in the same transaction), so the
screen, the timer and the room window render it without reading the database again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from facilitator.domain import ceremony_run as rules
from facilitator.domain.ceremony_run import RunPhase, RunState
from facilitator.domain.ids import RunId, StoryId, TeamId
from facilitator.domain.timebox import (
    AgendaItem,
    Ceremony,
    TimerState,
    default_timebox_minutes,
    split_agenda,
)
from facilitator.errors import InputError, RuleViolation
from facilitator.ops.changes import ActionContext, Changes, Kind
from facilitator.store.ceremony_repository import CeremonyRepository
from facilitator.store.db import Store
from facilitator.store.repositories import SprintRepository
from facilitator.store.team_model_repository import TeamModelRepository
from facilitator.store.timebox_repository import TimeboxRepository

# (title, share of the timebox) pairs: a ceremony's agenda.
Agenda = Sequence[tuple[str, float]]


@dataclass(frozen=True, slots=True)
class RunChanges(Changes):
    """A :class:`Changes` naming one run, carrying the run as it was committed."""

    run: RunState | None = None


def run_changes(
    state: RunState, *, created: bool = False, stories: tuple[StoryId, ...] = ()
) -> RunChanges:
    """The record of an action on ``state``'s run (``created``: the action started it;
    ``stories``: stories it changed too)."""
    kinds = {Kind.RUN, Kind.STORY} if stories else {Kind.RUN}
    ids = {(Kind.RUN, int(state.run_id))} | {(Kind.STORY, int(s)) for s in stories}
    return RunChanges(
        frozenset(kinds),
        frozenset(ids),
        None,
        int(state.run_id) if created else None,
        state,
    )


def run_of(changes: Changes | None) -> RunState | None:
    """The run an action's record carries, if any."""
    return changes.run if isinstance(changes, RunChanges) else None


# --- planning a run's timer ---------------------------------------------------------------------
def team_minutes(session: Session, team_id: TeamId, ceremony: Ceremony) -> int:
    """The team's timebox for ``ceremony`` in minutes (its choice, else the rule-9 default).

    Raises:
        InputError: the team does not exist.
    """
    team = TeamModelRepository(session).team_row(team_id)  # the length only, not the DoD
    if team is None:
        raise InputError(f"No team with id {team_id}")
    chosen = TimeboxRepository(session).team_defaults(team_id)
    return chosen.get(ceremony, default_timebox_minutes(ceremony, team.sprint_length_days))


def planned_timer(
    ceremony: Ceremony, minutes: int, agenda: Agenda | None, warn_seconds: int
) -> TimerState:
    """A timer not yet started: ``agenda`` (the ceremony's default when None) over ``minutes``.

    Raises:
        InputError: the agenda is empty.
    """
    if agenda is None:
        items = split_agenda(ceremony, minutes)
    else:
        if not agenda:
            raise InputError("Agenda: add at least one item")
        total = sum(share for _, share in agenda) or 1.0
        items = tuple(
            AgendaItem(title, max(60, round(minutes * 60 * share / total / 60) * 60))
            for title, share in agenda
        )
    return TimerState(ceremony, items, warn_seconds=warn_seconds)


def plan_in(
    session: Session,
    team_id: TeamId,
    ceremony: Ceremony,
    agenda: Agenda | None = None,
    warn: int | None = None,
) -> TimerState:
    """The team's planned timer for a new run of ``ceremony``, inside the caller's transaction
    (``warn``: the team's warning in seconds when the caller has read its settings already)."""
    if warn is None:
        warn = TimeboxRepository(session).settings(team_id).warn_seconds
    return planned_timer(ceremony, team_minutes(session, team_id, ceremony), agenda, warn)


# --- reads ----------------------------------------------------------------------------------------
def load_run(store: Store, run_id: RunId) -> RunState:
    """One run as stored.

    Raises:
        InputError: the run no longer exists.
    """
    with store.read_session() as session:
        state = CeremonyRepository(session).get(run_id)
    if state is None:
        raise InputError(f"The ceremony run {run_id} no longer exists")
    return state


def resume_run(store: Store, team_id: TeamId, ceremony: Ceremony) -> RunState | None:
    """The team's open run of ``ceremony`` (left by a quit or a crash, or another window)."""
    with store.read_session() as session:
        return CeremonyRepository(session).open_run(team_id, ceremony)


# --- actions --------------------------------------------------------------------------------------
def start_run_in(
    session: Session,
    ctx: ActionContext,
    ceremony: Ceremony,
    *,
    plan: TimerState | None = None,
    queue: tuple[StoryId, ...] | None = None,
) -> RunChanges:
    """:func:`start_run` inside the caller's transaction (an op that also picks the queue)."""
    team_id = ctx.team()
    repo = CeremonyRepository(session)
    found = repo.open_run(team_id, ceremony)
    if found is not None:  # one open run per team and ceremony: carry on with it
        state = rules.with_timer(found, found.timer.start(ctx.now))
        if queue is not None:
            state = rules.walk(state, queue)
        return run_changes(repo.save(state))
    timer = (plan or plan_in(session, team_id, ceremony)).start(ctx.now)
    sprint = SprintRepository(session).current(team_id)
    if queue is not None and not queue:
        raise RuleViolation("Nothing to walk: the queue is empty")
    phase = RunPhase.TIMER if queue is None else RunPhase.WALK
    state = repo.create(team_id, sprint.id if sprint else None, timer, phase, queue or ())
    return run_changes(state, created=True)


def start_run(
    store: Store,
    ctx: ActionContext,
    ceremony: Ceremony,
    *,
    plan: TimerState | None = None,
    queue: tuple[StoryId, ...] | None = None,
) -> RunChanges:
    """Start a run of ``ceremony`` for ``ctx``'s team with its clock running, in one transaction.

    A run already open for the team (its clock started alone, or in another window) is carried
    on instead: its clock runs, and it walks ``queue`` when given. ``plan`` is the timer the
    facilitator prepared (the team's default agenda when None); ``queue`` the stories to walk
    (None: the clock alone).

    Raises:
        RuleViolation: the open run already walks, or the queue is empty.
        InputError: the team does not exist.
    """
    with store.session() as session:
        return start_run_in(session, ctx, ceremony, plan=plan, queue=queue)


def _apply(store: Store, ctx: ActionContext, rule: Callable[[RunState], RunState]) -> RunChanges:
    if ctx.run_id is None:
        raise InputError("Start first: there is no ceremony run under way")
    with store.session() as session:
        repo = CeremonyRepository(session)
        current = repo.get(ctx.run_id)
        if current is None:
            raise InputError(f"The ceremony run {ctx.run_id} no longer exists")
        return run_changes(repo.save(rule(current)))


def advance(store: Store, ctx: ActionContext, step: int) -> RunChanges:
    """Move the walk ``step`` items (-1 back, +1 on).

    Raises:
        RuleViolation: not walking, or at the first / last item.
    """
    return _apply(store, ctx, lambda s: rules.advance(s, step))


def finish_run(store: Store, ctx: ActionContext) -> RunChanges:
    """End the run and its clock; its change log is the summary, its record is History's.

    Raises:
        RuleViolation: the run has already finished.
    """
    return _apply(store, ctx, lambda s: rules.finish(s, ctx.now))


def start_timer(store: Store, ctx: ActionContext) -> RunChanges:
    """Run the clock again after a pause."""
    return _apply(store, ctx, lambda s: rules.with_timer(s, s.timer.start(ctx.now)))


def pause_timer(store: Store, ctx: ActionContext) -> RunChanges:
    """Pause the clock."""
    return _apply(store, ctx, lambda s: rules.with_timer(s, s.timer.pause(ctx.now)))


def extend_timer(store: Store, ctx: ActionContext, minutes: int, reason: str) -> RunChanges:
    """Give the current agenda item more minutes, recording the reason.

    Raises:
        RuleViolation: minutes out of range, no reason, or the run has finished.
    """
    return _apply(
        store, ctx, lambda s: rules.with_timer(s, s.timer.extend(minutes, reason, ctx.now))
    )


def next_item(store: Store, ctx: ActionContext) -> RunChanges:
    """Move the clock to the next agenda item.

    Raises:
        RuleViolation: the current item is the last one, or the run has finished.
    """
    return _apply(store, ctx, lambda s: rules.with_timer(s, s.timer.next_item(ctx.now)))


def extend_planned(
    store: Store, ctx: ActionContext, plan: TimerState, minutes: int, reason: str
) -> RunChanges:
    """Extend before the start: save the run with ``plan``'s clock paused, then extend it.

    Raises:
        RuleViolation: minutes out of range or no reason.
    """
    plan.extend(minutes, reason, ctx.now)  # validate before touching the database
    with store.session() as session:
        started = start_run_in(session, ctx, plan.ceremony, plan=plan)
        assert started.run is not None
        state = started.run
        timer = state.timer.pause(ctx.now).extend(minutes, reason, ctx.now)
        saved = CeremonyRepository(session).save(rules.with_timer(state, timer))
    return run_changes(saved, created=started.created is not None)
