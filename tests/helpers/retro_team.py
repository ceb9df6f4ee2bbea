"""A team whose sprints have ended, ready for retrospectives, and a retro run to its close."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from facilitator.domain.experiment import Outcome
from facilitator.domain.ids import RunId, SprintId
from facilitator.domain.model import SprintState
from facilitator.domain.retro_notes import Column, GroupId, NoteId
from facilitator.ops import retro
from facilitator.ops.changes import ActionContext
from facilitator.store.db import Store
from facilitator.store.planning_repository import PlanningRepository
from tests.helpers.backlog_team import BacklogTeam, make_team

# Friday 27 Nov 2026, the last day of sprint 1 (16–27 Nov).
NOW = dt.datetime(2026, 11, 27, 14, 0, tzinfo=dt.UTC)
SPRINT_DAYS = 14


@dataclass(frozen=True)
class RetroTeam:
    """The team and the sprints made for it, oldest first."""

    team: BacklogTeam
    sprints: tuple[SprintId, ...]


def add_sprint(
    store: Store, t: BacklogTeam, name: str, end: dt.date, state: SprintState
) -> SprintId:
    """A sprint of ``t`` ending on ``end`` in ``state``."""
    with store.session() as session:
        repo = PlanningRepository(session)
        sprint = repo.create_sprint(t.team, name, "", end - dt.timedelta(days=SPRINT_DAYS - 3), end)
        repo.set_sprint_state(sprint.id, state, "")
    return sprint.id


def retro_team(store: Store) -> RetroTeam:
    """Team Payments with sprint 1 ending today (``NOW``) and active."""
    t = make_team(store, stories=0)
    return RetroTeam(t, (add_sprint(store, t, "Sprint 1", NOW.date(), SprintState.ACTIVE),))


def opened_run(store: Store, ctx: ActionContext) -> RunId:
    """Open (or resume) the team's retro; its run id."""
    view = retro.open_retro(store, ctx).view
    assert view is not None
    return view.run_id


def run_to_close(
    store: Store,
    t: BacklogTeam,
    now: dt.datetime,
    change: str = "Pair on every review",
    evaluation: Outcome | None = None,
) -> RunId:
    """Open the retro at ``now`` and take it through every phase to its close with ``change``
    as its experiment (``evaluation``: the previous experiment's outcome first)."""
    ctx = ActionContext(now, t.team)
    run_id = opened_run(store, ctx)
    ctx = ActionContext(now, t.team, run_id)
    if evaluation is not None:
        retro.evaluate_previous(
            store, ctx, evaluation, "Reviews waited 3 h on average", t.scrum_master
        )
    retro.advance_phase(store, ctx)
    retro.write_note(store, ctx, t.engineer, Column.TO_IMPROVE, "Reviews wait for days")
    retro.advance_phase(store, ctx)
    retro.make_group(store, ctx, "Slow reviews", [NoteId(1)])
    retro.advance_phase(store, ctx)
    retro.vote(store, ctx, t.engineer, GroupId(1))
    retro.advance_phase(store, ctx)
    retro.advance_phase(store, ctx)
    retro.decide_experiment(store, ctx, change, t.engineer, "reviews wait less than 4 hours")
    retro.close_retro(store, ctx, t.scrum_master)
    return run_id
