"""Planning ops: each is one transaction, refusals save nothing, closing freezes and starts."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from facilitator.domain.availability import DayOff
from facilitator.domain.ids import RunId, SprintId
from facilitator.domain.model import SprintState
from facilitator.domain.planning import Confirmer
from facilitator.errors import FacilitatorError, InputError, RuleViolation
from facilitator.ops import planning, planning_added
from facilitator.ops.changes import ActionContext, Kind
from facilitator.store.db import Store
from facilitator.store.models import SprintRow, SprintStoryRow
from facilitator.store.snapshot_repository import SnapshotRepository
from tests.helpers.backlog_team import NOW, BacklogTeam, make_ready, make_team
from tests.helpers.transactions import counting


def _open(store: Store) -> tuple[BacklogTeam, ActionContext]:
    t = make_team(store, stories=4)
    for story in t.stories[:3]:
        make_ready(store, t, story, "3")
    opened = planning.open_planning(store, ActionContext(NOW, t.team))
    run_id = next(iter(opened.ids_of(Kind.RUN)))
    return t, ActionContext(NOW, t.team, RunId(run_id))


def _view(store: Store, ctx: ActionContext) -> planning.PlanningView:
    assert ctx.run_id is not None
    return planning.load_planning(store, ctx.run_id)


def test_opening_planning_creates_the_next_sprint_of_the_teams_length(store: Store) -> None:
    _t, ctx = _open(store)
    view = _view(store, ctx)
    assert view.sprint.name == "Sprint 1"
    assert view.sprint.state is SprintState.PLANNED
    assert view.sprint.start == dt.date(2026, 11, 25)
    assert view.sprint.end == dt.date(2026, 12, 8)  # ten working days
    assert [c.key for c in view.backlog[:3]] == ["PAYM-1", "PAYM-2", "PAYM-3"]
    assert view.planning.forecast.bar == "0 / 0 pts"
    again = planning.open_planning(store, ActionContext(NOW, ctx.team()))
    assert ctx.run_id in again.ids_of(Kind.RUN)


def test_every_action_is_one_transaction(store: Store) -> None:
    t, ctx = _open(store)
    actions = [
        lambda: planning.choose_capacity_points(store, ctx, 7, t.scrum_master),
        lambda: planning.pull(store, ctx, "PAYM-1", t.po),
        lambda: planning.skip(store, ctx, "PAYM-2", "Waits for the vendor", t.po),
        lambda: planning.remove(store, ctx, "PAYM-1", t.po),
        lambda: planning.raise_capacity(store, ctx, 9, "Lucas is back", t.scrum_master),
        lambda: planning.declare_full(store, ctx, t.scrum_master),
        lambda: planning.set_goal(store, ctx, "Card payments work"),
        lambda: planning.set_availability(
            store, ctx, t.engineer, 50, [DayOff(dt.date(2026, 11, 26))]
        ),
        lambda: planning.confirm(store, ctx, t.po, Confirmer.PRODUCT_OWNER),
    ]
    for action in actions:
        with counting(store) as tally:
            action()
        assert tally.begins == 1


def test_pull_fills_the_forecast_and_undo_takes_it_out(store: Store) -> None:
    t, ctx = _open(store)
    planning.choose_capacity_points(store, ctx, 7, t.scrum_master)
    pulled = planning.pull(store, ctx, "PAYM-1", t.po)
    assert _view(store, ctx).planning.forecast.bar == "3 / 7 pts"
    assert pulled.undo is not None
    pulled.undo.undo(store, ctx)
    assert _view(store, ctx).planning.forecast.bar == "0 / 7 pts"
    pulled.undo.redo(store, ctx)
    assert _view(store, ctx).planning.forecast.keys == ("PAYM-1",)
    removed = planning.remove(store, ctx, "PAYM-1", t.po)
    assert removed.undo is not None
    removed.undo.undo(store, ctx)
    assert _view(store, ctx).planning.forecast.keys == ("PAYM-1",)


def _refused(store: Store, ctx: ActionContext, action: object, error: type, message: str) -> None:
    before = _view(store, ctx)
    with pytest.raises(error, match=message):
        action()  # type: ignore[operator]
    after = _view(store, ctx)
    assert (after.planning, after.choice, after.availability) == (
        before.planning,
        before.choice,
        before.availability,
    )


def test_bad_input_is_refused_with_the_domains_message_and_nothing_is_saved(store: Store) -> None:
    t, ctx = _open(store)
    planning.choose_capacity_points(store, ctx, 5, t.scrum_master)
    planning.pull(store, ctx, "PAYM-1", t.po)
    cases: list[tuple[object, type[FacilitatorError], str]] = [
        (
            lambda: planning.set_availability(
                store, ctx, t.engineer, 50, [DayOff(dt.date(2027, 1, 4))]
            ),
            InputError,
            "Day off of Lucas Engineer: 2027-01-04 is outside the sprint",
        ),
        (
            lambda: planning.set_availability(store, ctx, t.engineer, 120, []),
            InputError,
            "Allocation of Lucas Engineer: 120 % is outside 0–100 %",
        ),
        (
            lambda: planning.choose_capacity_points(store, ctx, -1, t.scrum_master),
            InputError,
            "below zero",
        ),
        (lambda: planning.pull(store, ctx, "PAYM-2", t.po), RuleViolation, "would make 6 / 5 pts"),
        (lambda: planning.pull(store, ctx, "PAYM-4", t.po), RuleViolation, "PAYM-4 is not Ready"),
        (
            lambda: planning.acknowledge(store, ctx, "PAYM-1", None, "Ask early", t.po),
            InputError,
            "Owner for PAYM-1",
        ),
        (
            lambda: planning.confirm(store, ctx, t.engineer, Confirmer.DELIVERY_LEAD),
            RuleViolation,
            "the delivery lead is the delivery team's tech lead or Scrum master",
        ),
        (lambda: planning.skip(store, ctx, "PAYM-2", "  ", t.po), InputError, "Reason"),
    ]
    for action, error, message in cases:
        _refused(store, ctx, action, error, message)
    planning.confirm(store, ctx, t.po, Confirmer.PRODUCT_OWNER)
    _refused(
        store,
        ctx,
        lambda: planning.confirm(store, ctx, t.po, Confirmer.DELIVERY_LEAD),
        RuleViolation,
        "Anna PO already confirmed as Product Owner",
    )


def test_closing_freezes_the_snapshot_starts_the_sprint_and_reopening_keeps_it(
    store: Store,
) -> None:
    t, ctx = _open(store)
    planning.choose_capacity_points(store, ctx, 7, t.scrum_master)
    planning.pull(store, ctx, "PAYM-1", t.po)
    planning.pull(store, ctx, "PAYM-2", t.po)
    planning.set_goal(store, ctx, "Card payments work")
    with pytest.raises(RuleViolation, match="the Product Owner has not confirmed"):
        planning.close_planning(store, ctx, t.scrum_master)
    planning.confirm(store, ctx, t.po, Confirmer.PRODUCT_OWNER)
    planning.confirm(store, ctx, t.scrum_master, Confirmer.DELIVERY_LEAD)
    with counting(store) as tally:
        closed = planning.close_planning(store, ctx, t.scrum_master)
    assert tally.begins == 1
    assert closed.touches(Kind.SPRINT)
    view = _view(store, ctx)
    assert view.sprint.state is SprintState.ACTIVE
    assert view.sprint.goal == "Card payments work"
    snapshot = view.planning.snapshot
    assert snapshot is not None
    assert snapshot.keys == ("PAYM-1", "PAYM-2")
    assert snapshot.words().startswith("Sprint 1 forecast: 2 stories, 6 / 7 pts")
    with pytest.raises(RuleViolation, match="frozen"):
        planning.remove(store, ctx, "PAYM-1", t.po)
    planning.reopen_planning(store, ctx, "The vendor cancelled", t.po)
    reopened = _view(store, ctx)
    # Under way since its first day: the sprint stays active while its forecast is revised.
    assert reopened.sprint.start <= ctx.now.date()
    assert reopened.sprint.state is SprintState.ACTIVE
    planning.remove(store, ctx, "PAYM-2", t.po)
    assert _view(store, ctx).planning.snapshot == snapshot


def test_reopening_before_the_sprint_begins_returns_it_to_planned(store: Store) -> None:
    t, ctx = _open(store)
    planning.choose_capacity_points(store, ctx, 7, t.scrum_master)
    planning.pull(store, ctx, "PAYM-1", t.po)
    planning.set_goal(store, ctx, "Card payments work")
    planning.confirm(store, ctx, t.po, Confirmer.PRODUCT_OWNER)
    planning.confirm(store, ctx, t.scrum_master, Confirmer.DELIVERY_LEAD)
    planning.close_planning(store, ctx, t.scrum_master)
    start = _view(store, ctx).sprint.start
    early = ActionContext(
        dt.datetime.combine(start - dt.timedelta(days=3), dt.time(9, tzinfo=dt.UTC)),
        ctx.team_id,
        ctx.run_id,
    )
    planning.reopen_planning(store, early, "The PO is away on the first day", t.po)
    assert _view(store, ctx).sprint.state is SprintState.PLANNED


def test_demo_sprints_have_frozen_forecasts_without_the_stories_added_mid_sprint(
    demo_store: Store,
) -> None:
    with demo_store.session() as session:
        sprints = session.scalars(select(SprintRow).where(SprintRow.state != "planned")).all()
        repo = SnapshotRepository(session)
        checked = 0
        for sprint in sprints:
            lines = session.scalars(
                select(SprintStoryRow).where(SprintStoryRow.sprint_id == sprint.id)
            ).all()
            snapshot = repo.first_snapshot(SprintId(sprint.id))
            committed = {line.story_id for line in lines if not line.added_mid_sprint}
            if not committed:  # a sprint the generator left empty was never planned
                assert snapshot is None
                continue
            assert snapshot is not None, sprint.name
            assert {int(s.story_id) for s in snapshot.stories} == committed
            assert snapshot.capacity == sprint.capacity_points
            assert [c.confirmer for c in snapshot.confirmations] == list(Confirmer)
            checked += any(line.added_mid_sprint for line in lines)
    assert checked > 0  # some sprints had stories added after planning


def test_a_story_added_mid_sprint_leaves_the_frozen_forecast_alone_and_undoes(
    store: Store,
) -> None:
    t, ctx = _open(store)
    with pytest.raises(RuleViolation, match="Planning has not closed yet: pull PAYM-2"):
        planning_added.add_mid_sprint(store, ctx, "PAYM-2", t.po)
    planning.choose_capacity_points(store, ctx, 7, t.scrum_master)
    planning.pull(store, ctx, "PAYM-1", t.po)
    planning.set_goal(store, ctx, "Card payments work")
    planning.confirm(store, ctx, t.po, Confirmer.PRODUCT_OWNER)
    planning.confirm(store, ctx, t.scrum_master, Confirmer.DELIVERY_LEAD)
    planning.close_planning(store, ctx, t.scrum_master)
    frozen = _view(store, ctx).planning.snapshot
    with counting(store) as tally:
        added = planning_added.add_mid_sprint(store, ctx, "PAYM-2", t.po)
    assert tally.begins == 1
    assert added.touches(Kind.SPRINT)
    with pytest.raises(RuleViolation, match="PAYM-2 is already in Sprint 1"):
        planning_added.add_mid_sprint(store, ctx, "PAYM-2", t.po)
    with pytest.raises(RuleViolation, match="PAYM-1 is already in Sprint 1"):
        planning_added.add_mid_sprint(store, ctx, "PAYM-1", t.po)
    with store.session() as session:
        lines = {
            (line.story_id, line.added_mid_sprint)
            for line in session.scalars(select(SprintStoryRow))
        }
    assert lines == {(t.stories[0], False), (t.stories[1], True)}
    assert _view(store, ctx).planning.snapshot == frozen
    assert added.undo is not None
    added.undo.undo(store, ctx)
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(SprintStoryRow)) == 1
