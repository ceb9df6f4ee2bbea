"""Ceremony run ops: each user action is one transaction and its record names the run."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from facilitator.domain.ceremony_run import RunPhase
from facilitator.domain.ids import MemberId, RunId
from facilitator.domain.timebox import Ceremony
from facilitator.errors import InputError, RuleViolation
from facilitator.ops import ceremony, refinement
from facilitator.ops import timebox as timebox_ops
from facilitator.ops.ceremony import RunChanges
from facilitator.ops.changes import ActionContext, Changes, Kind
from facilitator.ops.story_reading import load_story
from facilitator.store.db import Store
from tests.helpers.backlog_team import NOW, BacklogTeam, make_team
from tests.helpers.transactions import counting

LATER = NOW + dt.timedelta(minutes=10)


@pytest.fixture
def team(store: Store) -> BacklogTeam:
    return make_team(store, stories=3)


def _started(store: Store, team: BacklogTeam) -> ActionContext:
    changes = refinement.start_refinement(store, ActionContext(NOW, team.team))
    assert changes.run is not None
    return ActionContext(LATER, team.team, changes.run.run_id)


def _one_transaction(store: Store, action: Callable[[], Changes]) -> Changes:
    with counting(store) as tally:
        changes = action()
    assert tally.begins == 1
    return changes


def test_starting_refinement_starts_its_clock_and_walk_in_one_transaction(
    store: Store, team: BacklogTeam
) -> None:
    changes = _one_transaction(
        store, lambda: refinement.start_refinement(store, ActionContext(NOW, team.team))
    )
    assert isinstance(changes, RunChanges)
    run = changes.run
    assert run is not None
    assert changes.created == run.run_id
    assert changes.ids_of(Kind.RUN) == {run.run_id}
    assert run.phase is RunPhase.WALK
    assert run.queue == tuple(team.stories)
    assert run.timer.is_running
    assert run.timer.started_at == NOW
    assert ceremony.load_run(store, run.run_id) == run  # what the record carries is stored
    # Starting again while it walks is refused; the run stays as it was.
    with pytest.raises(RuleViolation, match="already under way"):
        refinement.start_refinement(store, ActionContext(LATER, team.team))
    assert ceremony.load_run(store, run.run_id) == run


@pytest.mark.parametrize(
    ("name", "action"),
    [
        ("advance", lambda s, c: ceremony.advance(s, c, 1)),
        ("pause", ceremony.pause_timer),
        ("extend", lambda s, c: ceremony.extend_timer(s, c, 5, "The room needs it")),
        ("finish", ceremony.finish_run),
    ],
)
def test_each_run_action_is_one_transaction_naming_the_run(
    store: Store,
    team: BacklogTeam,
    name: str,
    action: Callable[[Store, ActionContext], RunChanges],
) -> None:
    ctx = _started(store, team)
    changes = _one_transaction(store, lambda: action(store, ctx))
    assert isinstance(changes, RunChanges)
    assert changes.ids_of(Kind.RUN) == {ctx.run_id}
    assert changes.created is None
    assert changes.run == ceremony.load_run(store, RunId(ctx.run_id or 0))
    run = changes.run
    assert run is not None
    expected = {
        "advance": lambda: run.position == 1 and run.timer.is_running,
        "pause": lambda: not run.timer.is_running and run.position == 0,
        "extend": lambda: run.timer.extensions[0].minutes == 5,
        "finish": lambda: run.phase is RunPhase.DONE and run.timer.ended_at == LATER,
    }
    assert expected[name]()


def test_resume_and_next_item_on_a_run_with_an_agenda(store: Store, team: BacklogTeam) -> None:
    ctx = ActionContext(NOW, team.team)
    started = ceremony.start_run(store, ctx, Ceremony.RETRO)  # the clock alone
    run = started.run
    assert run is not None
    assert run.phase is RunPhase.TIMER
    assert ceremony.resume_run(store, team.team, Ceremony.RETRO) == run
    assert ceremony.resume_run(store, team.team, Ceremony.STANDUP) is None
    ctx = ActionContext(LATER, team.team, run.run_id)
    paused = ceremony.pause_timer(store, ctx)
    resumed = _one_transaction(store, lambda: ceremony.start_timer(store, ctx))
    nxt = _one_transaction(store, lambda: ceremony.next_item(store, ctx))
    assert paused.run is not None
    assert not paused.run.timer.is_running
    assert isinstance(resumed, RunChanges)
    assert resumed.run is not None
    assert resumed.run.timer.is_running
    assert isinstance(nxt, RunChanges)
    assert nxt.run is not None
    assert nxt.run.timer.current == 1


def test_the_clock_started_alone_is_the_run_refinement_walks(
    store: Store, team: BacklogTeam
) -> None:
    view = timebox_ops.load_timer(store, team.team, Ceremony.REFINEMENT)
    clock = timebox_ops.start_timer(store, view, NOW)
    assert clock.run_id is not None
    walking = refinement.start_refinement(store, ActionContext(LATER, team.team))
    assert walking.created is None  # the same run, not a second one
    assert walking.run is not None
    assert walking.run.run_id == clock.run_id
    assert walking.run.timer.started_at == NOW  # the clock kept its start


def test_extending_before_the_start_saves_a_paused_run_in_one_transaction(
    store: Store, team: BacklogTeam
) -> None:
    view = timebox_ops.load_timer(store, team.team, Ceremony.STANDUP)
    action = timebox_ops.extend_action(view, 3, "Late start")
    changes = _one_transaction(store, lambda: action(store, ActionContext(NOW, team.team)))
    assert isinstance(changes, RunChanges)
    assert changes.run is not None
    assert changes.created == changes.run.run_id
    assert not changes.run.timer.is_running
    assert changes.run.timer.extensions[0].reason == "Late start"


def test_refinement_edits_log_into_the_run_in_their_one_transaction(
    store: Store, team: BacklogTeam
) -> None:
    ctx = _started(store, team)
    story = team.stories[0]
    votes = {"Lucas Engineer": 3.0, "Tomas QA": 5.0}
    changes = _one_transaction(
        store, lambda: refinement.commit_poker(store, ctx, story, votes, "5", team.engineer)
    )
    assert isinstance(changes, RunChanges)
    assert changes.run is not None
    assert changes.ids_of(Kind.RUN) == {ctx.run_id}
    assert changes.ids_of(Kind.STORY) == {story}
    assert changes.run.changes == (
        "PAYM-1: estimate 5 committed after planning poker (spread 3–5 (suggested 3))",
    )
    assert load_story(store, story).estimate == 5


def test_actions_without_a_run_are_refused(store: Store, team: BacklogTeam) -> None:
    ctx = ActionContext(NOW, team.team)
    with pytest.raises(InputError, match="no ceremony run under way"):
        ceremony.advance(store, ctx, 1)
    with pytest.raises(InputError, match="no longer exists"):
        ceremony.pause_timer(store, ActionContext(NOW, team.team, RunId(999)))
    with pytest.raises(InputError, match="no longer exists"):
        ceremony.load_run(store, RunId(999))
    with pytest.raises(InputError, match="Start refinement first"):
        refinement.review_open_assumptions(store, ctx, team.stories[0], MemberId(team.engineer))
