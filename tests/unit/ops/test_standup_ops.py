"""Standup ops on a real SQLite file: one transaction per action, refusals save nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from facilitator.domain.ids import MemberId, StoryId
from facilitator.domain.standup import UpdateStatus
from facilitator.errors import InputError, RuleViolation
from facilitator.ops import standup
from facilitator.ops.ceremony import run_of
from facilitator.ops.changes import ActionContext, Changes, Kind
from facilitator.ops.teams import create_team
from facilitator.store.db import Store
from facilitator.store.standup_repository import StandupRepository, days_mask, mask_days
from tests.helpers.backlog_team import NOW, BacklogTeam, make_team
from tests.helpers.transactions import counting

WEDNESDAY = NOW.date()  # 2026-11-25, 11:00 in Berlin


@pytest.fixture
def team(store: Store) -> BacklogTeam:
    return make_team(store, stories=2)


def _once(store: Store, action: Callable[[], Changes]) -> Changes:
    with counting(store) as tally:
        changes = action()
    assert tally.begins == 1
    return changes


def _ctx(team: BacklogTeam, hours: float = 0) -> ActionContext:
    return ActionContext(NOW + dt.timedelta(hours=hours), team.team)


def _nothing_saved(store: Store, team: BacklogTeam) -> None:
    with store.session() as session:
        repo = StandupRepository(session)
        assert repo.updates(team.team) == []
        assert repo.blockers(team.team) == []


def test_an_update_is_written_once_and_shows_on_the_standup(
    store: Store, team: BacklogTeam
) -> None:
    ctx = _ctx(team)
    changes = _once(
        store,
        lambda: standup.write_update(
            store, ctx, team.engineer, WEDNESDAY, "Paid flow", "Refunds", ""
        ),
    )
    assert changes.ids_of(Kind.UPDATE) == {team.engineer}
    view = standup.standup_view(store, team.team, NOW)
    rows = {r.member.id: r for r in view.rows}
    assert rows[team.engineer].status is UpdateStatus.WRITTEN
    assert rows[team.engineer].update is not None
    assert rows[team.engineer].update.done == "Paid flow"
    assert rows[team.po].status is UpdateStatus.MISSING
    assert rows[team.po].local_time.startswith("11:00")


def test_rewriting_replaces_the_days_update_and_undo_restores_it(
    store: Store, team: BacklogTeam
) -> None:
    ctx = _ctx(team)
    standup.write_update(store, ctx, team.engineer, WEDNESDAY, "First", "", "")
    again = standup.write_update(store, ctx, team.engineer, WEDNESDAY, "Second", "", "")
    assert again.undo is not None
    with store.session() as session:
        assert [u.done for u in StandupRepository(session).updates(team.team)] == ["Second"]
    again.undo.undo(store, ctx)
    with store.session() as session:
        assert [u.done for u in StandupRepository(session).updates(team.team)] == ["First"]


def test_an_update_for_a_day_off_is_refused_and_nothing_saved(
    store: Store, team: BacklogTeam
) -> None:
    saturday = WEDNESDAY + dt.timedelta(days=3)
    with pytest.raises(RuleViolation, match="not one of Lucas Engineer's working days"):
        standup.write_update(store, _ctx(team, 80), team.engineer, saturday, "x", "", "")
    _nothing_saved(store, team)


def test_a_sunday_to_thursday_week_takes_sunday_updates(store: Store, team: BacklogTeam) -> None:
    ctx = _ctx(team, 4 * 24)  # Sunday 29 Nov
    sunday = WEDNESDAY + dt.timedelta(days=4)
    _once(store, lambda: standup.set_working_week(store, ctx, team.qa, {6, 0, 1, 2, 3}))
    standup.write_update(store, ctx, team.qa, sunday, "Regression run", "", "")
    with pytest.raises(RuleViolation, match="not one of"):
        standup.write_update(store, ctx, team.engineer, sunday, "x", "", "")
    with store.session() as session:
        assert StandupRepository(session).week(team.qa) == frozenset({6, 0, 1, 2, 3})
    standup.set_working_week(store, ctx, team.qa, {0, 1, 2, 3, 4})
    with store.session() as session:
        assert StandupRepository(session).weeks(team.team) == {}


def test_a_working_week_without_days_is_refused(store: Store, team: BacklogTeam) -> None:
    with pytest.raises(RuleViolation, match="at least one"):
        standup.set_working_week(store, _ctx(team), team.qa, set())


def test_an_empty_update_is_refused(store: Store, team: BacklogTeam) -> None:
    with pytest.raises(InputError, match="write what was done"):
        standup.write_update(store, _ctx(team), team.engineer, WEDNESDAY, " ", "", "")
    _nothing_saved(store, team)


def test_raising_and_resolving_a_blocker_are_one_transaction_each(
    store: Store, team: BacklogTeam
) -> None:
    story = team.stories[0]
    raised = _once(
        store,
        lambda: standup.raise_blocker(
            store, _ctx(team), team.engineer, "Sandbox keys missing", story, team.po
        ),
    )
    assert raised.created is not None
    assert raised.ids_of(Kind.STORY) == {story}
    resolved = _once(
        store,
        lambda: standup.resolve_blocker(store, _ctx(team, 30), raised.created or 0, "Keys sent"),
    )
    assert resolved.ids_of(Kind.BLOCKER) == {raised.created}
    blockers, sla = standup.team_blockers(store, team.team)
    assert sla == 24
    assert blockers[0].age_label(NOW, sla) == "resolved in 1 d 6 h"
    assert resolved.undo is not None
    resolved.undo.undo(store, _ctx(team))
    assert standup.team_blockers(store, team.team)[0][0].is_open


def test_a_resolution_before_the_raise_is_refused_and_nothing_saved(
    store: Store, team: BacklogTeam
) -> None:
    raised = standup.raise_blocker(store, _ctx(team), team.engineer, "No VPN")
    with pytest.raises(RuleViolation, match="before the blocker was raised"):
        standup.resolve_blocker(
            store, _ctx(team), raised.created or 0, "Fixed", NOW - dt.timedelta(hours=1)
        )
    assert standup.team_blockers(store, team.team)[0][0].is_open


def test_a_blocker_on_another_teams_story_is_refused(store: Store, team: BacklogTeam) -> None:
    from facilitator.domain.model import StoryType
    from facilitator.ops.backlog import create_story

    other = create_team(store, "Other", 10, ["Tested"])
    theirs = create_story(store, ActionContext(NOW, other), "Their story", StoryType.STORY)
    assert theirs.created is not None
    with pytest.raises(RuleViolation, match="belongs to another team"):
        standup.raise_blocker(store, _ctx(team), team.engineer, "Waiting", StoryId(theirs.created))
    with pytest.raises(InputError, match="no story with id"):
        standup.raise_blocker(store, _ctx(team), team.engineer, "Waiting", StoryId(999))
    _nothing_saved(store, team)


def test_reassigning_names_the_new_owner_and_refuses_outsiders(
    store: Store, team: BacklogTeam
) -> None:
    raised = standup.raise_blocker(store, _ctx(team), team.engineer, "No VPN")
    blocker_id = raised.created or 0
    _once(store, lambda: standup.reassign_blocker(store, _ctx(team), blocker_id, team.scrum_master))
    assert standup.team_blockers(store, team.team)[0][0].owner == team.scrum_master
    with pytest.raises(RuleViolation, match="must be a member of this team"):
        standup.reassign_blocker(store, _ctx(team), blocker_id, MemberId(999))
    standup.resolve_blocker(store, _ctx(team), blocker_id, "VPN works")
    with pytest.raises(RuleViolation, match="already resolved"):
        standup.reassign_blocker(store, _ctx(team), blocker_id, team.po)
    with pytest.raises(InputError, match="no longer exists"):
        standup.reassign_blocker(store, _ctx(team), 999, team.po)


def test_the_sla_is_the_teams_and_out_of_range_is_refused(store: Store, team: BacklogTeam) -> None:
    _once(store, lambda: standup.set_sla(store, _ctx(team), 8))
    assert standup.team_blockers(store, team.team)[1] == 8
    with pytest.raises(InputError, match="outside"):
        standup.set_sla(store, _ctx(team), 0)
    assert standup.team_blockers(store, team.team)[1] == 8


def test_the_blocker_slot_walks_open_blockers_oldest_first(store: Store, team: BacklogTeam) -> None:
    first = standup.raise_blocker(store, _ctx(team, -30), team.engineer, "Oldest").created
    second = standup.raise_blocker(store, _ctx(team, -2), team.qa, "Newer").created
    resolved = standup.raise_blocker(store, _ctx(team, -40), team.qa, "Done").created
    standup.resolve_blocker(store, _ctx(team), resolved or 0, "ok")
    started = _once(store, lambda: standup.start_blocker_slot(store, _ctx(team)))
    run = run_of(started)
    assert run is not None
    assert run.timer.total_timebox == 15 * 60
    assert run.queue == (first, second)
    assert run.current == first
    ctx = ActionContext(NOW, team.team, run.run_id)
    moved = run_of(_once(store, lambda: standup.slot_step(store, ctx, 1)))
    assert moved is not None
    assert moved.current == second
    with pytest.raises(RuleViolation, match="last of the 2 open blockers"):
        standup.slot_step(store, ctx, 1)
    view = standup.standup_view(store, team.team, NOW)
    assert view.run is not None
    assert view.run.position == 1
    done = run_of(standup.finish_blocker_slot(store, ctx))
    assert done is not None
    assert not done.is_open
    assert standup.resume_blocker_slot(store, team.team) is None


def test_a_slot_without_open_blockers_runs_the_clock_alone(store: Store, team: BacklogTeam) -> None:
    run = run_of(standup.start_blocker_slot(store, _ctx(team)))
    assert run is not None
    assert not run.walking
    with pytest.raises(RuleViolation, match="No open blockers"):
        standup.slot_step(store, ActionContext(NOW, team.team, run.run_id), 1)
    with pytest.raises(InputError, match="Start the blocker slot"):
        standup.slot_step(store, _ctx(team), 1)


def test_week_masks_round_trip() -> None:
    assert mask_days(days_mask({6, 0, 1, 2, 3})) == frozenset({6, 0, 1, 2, 3})
