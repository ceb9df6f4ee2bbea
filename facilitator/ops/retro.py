"""Retrospective use cases over the retro ceremony run (DESIGN.md rule 6).

Every action is ``(store, ctx, ...)``, runs ONE transaction and returns :class:`RetroChanges`
naming the run and the retro and carrying the committed :class:`RetroView`, so the screen and
the room window render it without reading again. The rules are the domain's
(:mod:`facilitator.domain.retro`); a refusal raises before anything is written.

The run's agenda has one item per phase, each with its own timebox; moving between phases moves
the clock to that phase's item, keeping the time each phase already ran.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from facilitator.domain import ceremony_run as run_rules
from facilitator.domain.ceremony_run import RunState
from facilitator.domain.experiment import Outcome
from facilitator.domain.ids import MemberId, RunId
from facilitator.domain.model import Member
from facilitator.domain.retro import DEFAULT_VOTES_PER_PERSON, Retro, next_retro
from facilitator.domain.retro_notes import Column, Friction, GroupId, NoteId
from facilitator.domain.retro_phases import PHASES
from facilitator.domain.signed import Signed
from facilitator.domain.text_rules import (
    EXPERIMENT_CHANGE,
    EXPERIMENT_EVIDENCE,
    EXPERIMENT_MEASURE,
    RETRO_GROUP,
    RETRO_NOTE,
    check_text,
)
from facilitator.errors import InputError, RuleViolation
from facilitator.ops.ceremony import RunChanges, plan_in, start_run_in
from facilitator.ops.changes import ActionContext, Kind
from facilitator.ops.retro_reads import RETRO, RetroView, retro_in, sprint_to_look_back_on, view_in
from facilitator.ops.retro_undo import Part, undo_of
from facilitator.store.ceremony_repository import CeremonyRepository
from facilitator.store.db import Store
from facilitator.store.models import CeremonyRunRow
from facilitator.store.planning_repository import PlanningRepository
from facilitator.store.retro_repository import RetroRepository


@dataclass(frozen=True, slots=True)
class RetroChanges(RunChanges):
    """A :class:`RunChanges` of a retro action, carrying the retro as committed."""

    view: RetroView | None = None


def retro_changes(view: RetroView, *, created: bool = False) -> RetroChanges:
    """The record of an action on ``view``'s retro."""
    run_id = int(view.run_id)
    return RetroChanges(
        frozenset({Kind.RUN, Kind.RETRO}),
        frozenset({(Kind.RUN, run_id), (Kind.RETRO, run_id)}),
        None,
        run_id if created else None,
        view.run,
        view,
    )


def view_of(changes: object) -> RetroView | None:
    """The retro an action's record carries, if any."""
    return changes.view if isinstance(changes, RetroChanges) else None


def _member(session: Session, member_id: MemberId | None, what: str) -> Member:
    member = None if member_id is None else PlanningRepository(session).member(member_id)
    if member is None:
        raise InputError(f"{what}: choose a member of the team")
    return member


def _signed(session: Session, member_id: MemberId, now: dt.datetime) -> Signed:
    return Signed.of(_member(session, member_id, "Who records it"), now)


# --- opening -------------------------------------------------------------------------------------
def open_retro(
    store: Store, ctx: ActionContext, votes_per_person: int = DEFAULT_VOTES_PER_PERSON
) -> RetroChanges:
    """Open (or resume) the retrospective of the sprint just ended, its clock running.

    The run's agenda is one timeboxed item per phase. The previous retro's experiment, if any,
    waits in phase 1 for its evaluation.

    Raises:
        RuleViolation: no sprint has started yet, or the retro of the sprint just ended was
            already closed.
        InputError: ``votes_per_person`` is below 1.
    """
    team_id = ctx.team()
    with store.session() as session:
        repo = RetroRepository(session)
        found = CeremonyRepository(session).open_run(team_id, RETRO)
        if found is None or repo.get(found.run_id) is None:
            sprint = sprint_to_look_back_on(session, team_id, ctx.now.date())
            if (done := repo.run_for_sprint(sprint.id)) is not None and done[1]:
                raise RuleViolation(
                    f"The retrospective of {sprint.name} is closed; the next one follows the "
                    "next sprint"
                )
            last = repo.last_closed(team_id)
            retro = next_retro(
                sprint.name, team_id, None if last is None else last[1], votes_per_person
            )
            plan = plan_in(session, team_id, RETRO)  # the default agenda: one item per phase
            started = start_run_in(session, ctx, RETRO, plan=plan)
            assert started.run is not None
            run_id = started.run.run_id
            session.get_one(CeremonyRunRow, run_id).sprint_id = sprint.id
            repo.create(
                run_id,
                team_id,
                sprint.id,
                None if last is None else last[0],
                retro.votes_per_person,
            )
            return retro_changes(view_in(session, started.run), created=True)
        started = start_run_in(session, ctx, RETRO)
        assert started.run is not None
        return retro_changes(view_in(session, started.run))


# --- every other action -------------------------------------------------------------------------
Rule = Callable[[Session, Retro], Retro]


def _run_id(ctx: ActionContext) -> RunId:
    if ctx.run_id is None:
        raise InputError("Open the retrospective first: none is under way")
    return ctx.run_id


def _act(
    store: Store,
    ctx: ActionContext,
    rule: Rule,
    *,
    move_clock: bool = False,
    undo: tuple[str, Part] | None = None,
) -> RetroChanges:
    """Run ``rule`` on the retro in one transaction; ``undo``: (its words, what it changes)
    makes the record carry an :class:`Undo` that puts that part back."""
    run_id = _run_id(ctx)
    with store.session() as session:
        runs = CeremonyRepository(session)
        run = runs.get(run_id)
        if run is None:
            raise InputError(f"The retrospective {run_id} no longer exists")
        before = retro_in(session, run_id)
        changed = rule(session, before)
        RetroRepository(session).save(run_id, changed)
        if move_clock:
            run = runs.save(_clock_at_phase(run, changed, ctx.now))
        view = view_in(session, run, changed)
    if undo is None:
        return retro_changes(view)
    taken_back = undo_of(run_id, *undo, before, changed, retro_changes)
    return dataclasses.replace(retro_changes(view), undo=taken_back)


def _clock_at_phase(run: RunState, retro: Retro, now: dt.datetime) -> RunState:
    index = PHASES.index(retro.phase)
    if not run.is_open or index >= len(run.timer.items) or run.timer.current == index:
        return run
    return run_rules.with_timer(run, run.timer.go_to_item(index, now))


def evaluate_previous(
    store: Store, ctx: ActionContext, outcome: Outcome, evidence: str, by: MemberId
) -> RetroChanges:
    """Phase 1: how last sprint's experiment went, with the evidence (again corrects it).

    Raises:
        InputError: pending outcome or no evidence. RuleViolation: not in phase 1, or none.
    """
    evidence = check_text(evidence, EXPERIMENT_EVIDENCE)
    return _act(
        store,
        ctx,
        lambda s, r: r.evaluate_previous(outcome, evidence, _signed(s, by, ctx.now)),
    )


def advance_phase(store: Store, ctx: ActionContext) -> RetroChanges:
    """On to the next phase (its timebox starts).

    Raises:
        RuleViolation: phase 1 with the previous experiment unevaluated, or the last phase.
    """
    return _act(store, ctx, lambda _s, r: r.advance(), move_clock=True)


def back_phase(store: Store, ctx: ActionContext) -> RetroChanges:
    """Back one phase (an accidental advance): nothing gathered, grouped or voted is lost.

    Raises:
        RuleViolation: already in the first phase.
    """
    return _act(store, ctx, lambda _s, r: r.back(), move_clock=True)


def skip_voting(store: Store, ctx: ActionContext) -> RetroChanges:
    """From grouping or voting straight to the discussion.

    Raises:
        RuleViolation: not grouping or voting.
    """
    return _act(store, ctx, lambda _s, r: r.skip_voting(), move_clock=True)


def write_note(
    store: Store,
    ctx: ActionContext,
    author: MemberId,
    column: Column,
    text: str,
    *,
    anonymous: bool = False,
    friction: Friction | None = None,
) -> RetroChanges:
    """Phase 2: add a note; an anonymous one is stored with no author at all.

    Raises:
        InputError: an empty note, or a friction kind outside the friction column.
        RuleViolation: not gathering, or the author is not an active member of the team.
    """
    text = check_text(text, RETRO_NOTE)
    return _act(
        store,
        ctx,
        lambda s, r: r.write_note(
            _member(s, author, "Who writes the note"), column, text, anonymous, friction
        ),
        undo=("note", "notes"),
    )


def reveal(store: Store, ctx: ActionContext) -> RetroChanges:
    """Reveal the anonymous notes to the facilitator's and the room's windows."""
    return _act(store, ctx, lambda _s, r: r.reveal())


def make_group(
    store: Store, ctx: ActionContext, title: str, note_ids: Sequence[NoteId]
) -> RetroChanges:
    """Phase 3: group notes under a title (a note in another group moves to this one).

    Raises:
        InputError: no title. RuleViolation: not grouping, no notes, or an unknown note.
    """
    title = check_text(title, RETRO_GROUP)
    return _act(
        store,
        ctx,
        lambda _s, r: r.group(title, tuple(note_ids)),
        undo=(f"group “{title}”", "groups"),
    )


def vote(store: Store, ctx: ActionContext, member: MemberId, group: GroupId) -> RetroChanges:
    """Phase 4: ``member`` puts a dot on ``group``.

    Raises:
        RuleViolation: not voting, not an active member, or no dot left (the reason says so).
    """
    return _act(
        store,
        ctx,
        lambda s, r: r.vote(_member(s, member, "Who votes"), group),
        undo=("dot", "votes"),
    )


def unvote(store: Store, ctx: ActionContext, member: MemberId, group: GroupId) -> RetroChanges:
    """Phase 4: ``member`` takes one dot back from ``group``.

    Raises:
        RuleViolation: not voting, or no dot of theirs on that group.
    """
    taken: Rule = lambda s, r: r.unvote(_member(s, member, "Who votes"), group)  # noqa: E731
    return _act(store, ctx, taken, undo=("dot taken back", "votes"))


def set_allowance(store: Store, ctx: ActionContext, votes_per_person: int) -> RetroChanges:
    """Each member's dots in this retro.

    Raises:
        InputError: below 1. RuleViolation: someone already cast more.
    """
    return _act(store, ctx, lambda _s, r: r.with_allowance(votes_per_person))


def discuss(store: Store, ctx: ActionContext, group: GroupId) -> RetroChanges:
    """Phase 5: put a group under discussion (groups without votes stay available).

    Raises:
        RuleViolation: not discussing, or no such group.
    """
    return _act(store, ctx, lambda _s, r: r.discuss(group))


def _owner(session: Session, owner: MemberId | None) -> Member | None:
    chosen = None if owner is None else PlanningRepository(session).member(owner)
    if owner is not None and chosen is None:
        raise InputError(f"Owner: there is no member with id {owner}")
    return chosen


def _experiment_texts(change: str, success_measure: str) -> tuple[str, str]:
    return check_text(change, EXPERIMENT_CHANGE), check_text(success_measure, EXPERIMENT_MEASURE)


def decide_experiment(
    store: Store,
    ctx: ActionContext,
    change: str,
    owner: MemberId | None,
    success_measure: str,
    check_on: dt.date | None = None,
) -> RetroChanges:
    """Phase 6: decide the retro's one experiment.

    Raises:
        InputError: no change, no owner, or no measurable success signal.
        RuleViolation: not deciding, an experiment already exists (one per retrospective), or
            the owner is not an active member of this team.
    """
    change, success_measure = _experiment_texts(change, success_measure)
    return _act(
        store,
        ctx,
        lambda s, r: r.decide(change, _owner(s, owner), success_measure, check_on),
        undo=("experiment", "experiment"),
    )


def revise_experiment(
    store: Store,
    ctx: ActionContext,
    change: str,
    owner: MemberId | None,
    success_measure: str,
    check_on: dt.date | None = None,
) -> RetroChanges:
    """Correct the experiment decided (it stays the only one).

    Raises:
        InputError: no change, no owner, or no measurable success signal.
        RuleViolation: none decided yet, or the owner is not an active member of this team.
    """
    change, success_measure = _experiment_texts(change, success_measure)
    return _act(
        store,
        ctx,
        lambda s, r: r.revise(change, _owner(s, owner), success_measure, check_on),
        undo=("experiment change", "experiment"),
    )


def close_retro(store: Store, ctx: ActionContext, by: MemberId) -> RetroChanges:
    """Close the retrospective and end its clock; its experiment is the next retro's phase 1.

    Raises:
        RuleViolation: the previous experiment is unevaluated, or no experiment was decided.
    """
    run_id = _run_id(ctx)
    with store.session() as session:
        runs = CeremonyRepository(session)
        run = runs.get(run_id)
        if run is None:
            raise InputError(f"The retrospective {run_id} no longer exists")
        closed = retro_in(session, run_id).close(_signed(session, by, ctx.now))
        RetroRepository(session).save(run_id, closed)
        view = view_in(session, runs.save(run_rules.finish(run, ctx.now)), closed)
    return retro_changes(view)
