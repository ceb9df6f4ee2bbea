"""Backlog ops on a real SQLite store: listing, O(1) moves, editing, refusals, PO readiness."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import event

from facilitator.domain.ids import MemberId, StoryId
from facilitator.domain.model import StoryType
from facilitator.domain.readiness import Criterion, Missing
from facilitator.errors import InputError
from facilitator.ops import ceremony, refinement
from facilitator.ops import story_context as context
from facilitator.ops import story_editing as edit
from facilitator.ops.backlog import (
    create_story,
    load_backlog,
    move_story,
    move_to_top,
    readiness_report,
)
from facilitator.ops.changes import ActionContext, Changes, Kind
from facilitator.ops.story_reading import load_story, readiness_of_many
from facilitator.store.db import Store
from tests.conftest import DEMO_TODAY
from tests.helpers.backlog_team import (
    NOW,
    BacklogTeam,
    make_ready,
    make_team,
    new_assumption,
    new_criterion,
    ranks,
    rows_moved,
)


@pytest.fixture
def team(store: Store) -> BacklogTeam:
    """Ten fresh stories PAY… in a team with a PO, an engineer, a QA and a Scrum master."""
    return make_team(store)


def _now() -> ActionContext:
    return ActionContext(NOW)


def _created(changes: Changes) -> int:
    assert changes.created is not None
    return changes.created


def _keys(store: Store, t: BacklogTeam) -> list[str]:
    return load_backlog(store, t.team).keys


def _count_story_updates(store: Store) -> list[str]:
    """The story updates SQLite runs from now on (a move writes through the driver's own
    cursor, which SQLAlchemy's events never see; an executemany is one run per row)."""
    statements: list[str] = []

    def _traced(statement: str) -> None:
        if statement.startswith("UPDATE story"):
            statements.append(statement)

    def _checkout(dbapi_connection: sqlite3.Connection, *_args: object) -> None:
        dbapi_connection.set_trace_callback(_traced)

    event.listen(store.engine, "checkout", _checkout)
    return statements


def test_new_stories_get_keys_and_go_to_the_bottom(store: Store, team: BacklogTeam) -> None:
    listing = load_backlog(store, team.team)
    assert listing.keys[:3] == ["PAYM-1", "PAYM-2", "PAYM-3"]
    assert listing.ranks == sorted(listing.ranks)
    assert all(
        bits == Missing.ACCEPTANCE | Missing.ASSUMPTIONS | Missing.ESTIMATE
        for bits in listing.missing
    )
    with pytest.raises(InputError, match="Title: must not be empty"):
        create_story(store, ActionContext(NOW, team.team), "   ", StoryType.STORY)


def test_moves_write_one_row(store: Store, team: BacklogTeam) -> None:
    s = team.stories
    updates = _count_story_updates(store)
    ctx = ActionContext(NOW, team.team)
    result = move_story(store, ctx, s[9], before=s[0])
    assert (len(updates), result.names_all(Kind.BACKLOG)) == (1, False)  # one row, no rebalance
    assert result.ids_of(Kind.BACKLOG) == {s[9]}
    move_story(store, ctx, s[0], after=s[5])
    move_to_top(store, ctx, s[4])
    move_story(store, ctx, s[1])  # to the bottom
    assert len(updates) == 4
    assert _keys(store, team) == [
        "PAYM-5", "PAYM-10", "PAYM-3", "PAYM-4", "PAYM-6", "PAYM-1",
        "PAYM-7", "PAYM-8", "PAYM-9", "PAYM-2",
    ]  # fmt: skip


def test_exhausted_gap_rebalances_and_keeps_the_order(store: Store, team: BacklogTeam) -> None:
    s = team.stories
    rebalanced = 0
    writes = []
    for _ in range(8):  # keep squeezing two stories in right after the first one
        for i in (2, 3):
            before = ranks(store, team.team)
            result = move_story(store, ActionContext(NOW, team.team), s[i], after=s[0])
            rebalanced += result.names_all(Kind.BACKLOG)  # every row renumbered
            writes.append(rows_moved(before, ranks(store, team.team)))
    assert writes.count(1) >= 9  # one row per move until the gap is used up
    assert 10 in writes  # then the team's ten stories are renumbered once
    assert rebalanced >= 1
    listing = load_backlog(store, team.team)
    assert listing.ranks == sorted(listing.ranks)
    assert len(set(listing.ranks)) == 10
    assert listing.keys[0] == "PAYM-1"


def test_move_refuses_nonsense(store: Store, team: BacklogTeam) -> None:
    with pytest.raises(InputError, match="next to itself"):
        move_story(store, ActionContext(NOW, team.team), team.stories[0], before=team.stories[0])
    with pytest.raises(InputError, match="no story"):
        move_story(store, ActionContext(NOW, team.team), team.stories[0], before=StoryId(999))


def test_s1_three_ready_stories_and_what_the_other_seven_miss(
    store: Store, team: BacklogTeam
) -> None:
    for story in team.stories[:3]:
        make_ready(store, team, story)
    listing = load_backlog(store, team.team)
    assert [bits == 0 for bits in listing.missing] == [True] * 3 + [False] * 7
    report = readiness_report(store, team.team)
    assert [line.readiness.ready for line in report.lines] == [True] * 3 + [False] * 7
    for line in report.lines[3:]:
        reasons = [f.reason for f in line.readiness.failures]
        assert reasons == [
            "no acceptance criteria yet",
            "no technical assumptions recorded",
            "no estimate",
        ]
    assert report.ready_points == 9
    # No closed sprint: the team's 10-day sprint × its delivery members × 1 point per person-day.
    assert report.capacity == 20
    assert report.capacity_basis.startswith(
        "No closed sprint yet, so the proposal is this sprint's 20 person-days × 1 points per "
        "person-day = 20.0 points. Person-days are working days × the team's 2 active"
    )
    assert report.verdict == "! 11 points short: refine these stories next"


def test_readiness_report_compares_with_the_last_three_closed_sprints(demo_store: Store) -> None:
    report = readiness_report(demo_store, 1)  # type: ignore[arg-type]
    with sqlite3.connect(demo_store.target.sqlite_path) as conn:  # type: ignore[arg-type]
        totals = [
            row[0]
            for row in conn.execute(
                "SELECT coalesce(sum(ss.points) FILTER (WHERE ss.done = 1), 0) FROM sprint s "
                "LEFT JOIN sprint_story ss ON ss.sprint_id = s.id WHERE s.team_id = 1 "
                "AND s.state = 'closed' GROUP BY s.id ORDER BY s.end_date DESC LIMIT 3"
            )
        ]
    assert report.capacity == pytest.approx(sum(totals) / 3)
    # Every demo sprint is ten working days with the same team, so the scale is 1.
    assert "Mean completed points of the last 3 closed sprints" in report.capacity_basis
    assert "scaled by this sprint's" in report.capacity_basis
    if report.enough:
        assert report.verdict.startswith("✓ Enough ready work for the next sprint")
    else:
        short = round(report.capacity - report.ready_points)
        assert report.verdict == f"! {short} points short: refine these stories next"
        assert report.refine_next
    assert DEMO_TODAY.year == 2026


def test_demo_ready_stories_really_are_ready(demo_store: Store) -> None:
    listing = load_backlog(demo_store, 1)  # type: ignore[arg-type]
    refined = [
        bits
        for bits, status in zip(listing.missing, listing.statuses, strict=True)
        if status == "refined"
    ]
    new = [
        bits
        for bits, status in zip(listing.missing, listing.statuses, strict=True)
        if status == "new"
    ]
    assert refined
    assert all(bits == 0 for bits in refined)
    assert new
    assert all(bits != 0 for bits in new)


def test_editing_records_authors_reviewers_and_committers(store: Store, team: BacklogTeam) -> None:
    story = team.stories[0]
    first = new_criterion(store, story, "First", team.po)
    new_criterion(store, story, "Second", team.po)
    edit.move_criterion(store, _now(), first, 1)
    edit.edit_criterion(store, _now(), first, "First, edited")
    detail = load_story(store, story)
    assert [(c.text, c.author) for c in detail.criteria] == [
        ("Second", "Anna PO"),
        ("First, edited", "Anna PO"),
    ]
    edit.remove_criterion(store, _now(), detail.criteria[0].id)
    assumption = new_assumption(store, story, "Rates service")
    edit.review_assumption(store, _now(), assumption, team.qa)
    edit.commit_estimate(store, ActionContext(NOW), story, "5", team.engineer)
    detail = load_story(store, story)
    assert detail.assumptions[0].reviewed_by == "Tomas QA"
    assert (detail.estimate, detail.committed_by) == (5.0, "Lucas Engineer")
    assert detail.readiness.ready


@pytest.mark.parametrize(
    ("action", "message"),
    [
        (lambda s, t: edit.commit_estimate(s, _now(), t.stories[0], "-2", t.engineer), "negative"),
        (
            lambda s, t: edit.commit_estimate(s, _now(), t.stories[0], "lots", t.engineer),
            "not a number",
        ),
        (
            lambda s, t: edit.commit_estimate(s, _now(), t.stories[0], "3", t.po),
            "not an engineer of the delivery team",
        ),
        (
            lambda s, t: edit.review_assumption(
                s, _now(), new_assumption(s, t.stories[0], "x"), t.scrum_master
            ),
            "Joao SM is Scrum master, not an engineer",
        ),
        (lambda s, t: new_criterion(s, t.stories[0], "  ", t.po), "must not be empty"),
        (
            lambda s, t: edit.update_story(
                s, _now(), t.stories[0], title="", description="", kind=StoryType.BUG
            ),
            "Title",
        ),
        (
            lambda s, t: context.add_dependency(s, _now(), t.stories[0], on_key="PAYM-1"),
            "PAYM-1 cannot depend on itself",
        ),
        (
            lambda s, t: context.add_dependency(s, _now(), t.stories[0], on_key="NOPE-1"),
            "no story NOPE-1",
        ),
        (lambda s, t: context.add_dependency(s, _now(), t.stories[0]), "either a story key"),
        (
            lambda s, t: context.add_risk(
                s, _now(), t.stories[0], text="r", severity="huge", mitigation="", owner=""
            ),
            "Severity",
        ),
        (lambda s, t: new_criterion(s, t.stories[0], "x", MemberId(999)), "Author"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(
    store: Store, team: BacklogTeam, action: object, message: str
) -> None:
    before = load_story(store, team.stories[0])
    with pytest.raises(InputError, match=message):
        action(store, team)  # type: ignore[operator]
    after = load_story(store, team.stories[0])
    assert (after.estimate, after.title, after.criteria, after.dependencies) == (
        before.estimate, before.title, before.criteria, before.dependencies,
    )  # fmt: skip


def test_dependency_cycles_are_refused(store: Store, team: BacklogTeam) -> None:
    s = team.stories
    context.add_dependency(store, _now(), s[0], on_key="paym-2")
    context.add_dependency(store, _now(), s[1], on_key="PAYM-3")
    with pytest.raises(InputError, match="PAYM-3 → PAYM-1 → PAYM-2 → PAYM-3 would be a cycle"):
        context.add_dependency(store, _now(), s[2], on_key="PAYM-1")
    assert len(load_story(store, s[2]).dependencies) == 0


def test_dependencies_block_readiness_until_resolved_or_called_out(
    store: Store, team: BacklogTeam
) -> None:
    story = team.stories[0]
    make_ready(store, team, story)
    dep = _created(context.add_dependency(store, _now(), story, external_party="Banking partner"))
    assert load_story(store, story).readiness.failures[0].criterion is Criterion.DEPENDENCIES
    context.set_dependency_state(store, _now(), dep, called_out=True)
    assert load_story(store, story).readiness.ready
    context.set_dependency_state(store, _now(), dep, called_out=False, resolved=True)
    detail = load_story(store, story)
    assert detail.readiness.ready
    assert detail.dependencies[0].state == "✓ resolved"


def test_team_dor_items_and_risks(store: Store, team: BacklogTeam) -> None:
    story = team.stories[0]
    make_ready(store, team, story)
    item = _created(
        context.add_team_dor_item(store, ActionContext(NOW, team.team), "UX mock attached")
    )
    detail = load_story(store, story)
    assert [f.criterion for f in detail.readiness.failures] == [Criterion.TEAM_ITEMS]
    assert load_backlog(store, team.team).missing[0] == Missing.TEAM_ITEMS
    context.set_dor_check(store, _now(), story, item, True)
    assert load_story(store, story).readiness.ready
    assert load_backlog(store, team.team).missing[0] == 0
    risk = _created(
        context.add_risk(
            store,
            _now(),
            story,
            text="Sandbox down",
            severity="high",
            mitigation="Mock it",
            owner="Lucas",
        )
    )
    assert load_story(store, story).risks[0].severity == "high"
    context.remove_risk(store, _now(), risk)
    context.remove_team_dor_item(store, _now(), item)
    assert load_story(store, story).checks == []


def _refinement(store: Store, team: BacklogTeam) -> ActionContext:
    """A refinement run under way for the team, as the context its edits carry."""
    run = refinement.start_refinement(store, ActionContext(NOW, team.team)).run
    assert run is not None
    return ActionContext(NOW, team.team, run.run_id)


def _end(store: Store, ctx: ActionContext) -> tuple[str, ...]:
    run = ceremony.finish_run(store, ctx).run
    assert run is not None
    return run.changes


def test_refinement_session_logs_changes_and_poker(store: Store, team: BacklogTeam) -> None:
    ctx = _refinement(store, team)
    session = ctx.run_id
    queue = refinement.refinement_queue(store, team.team)
    assert queue == team.stories
    new_criterion(store, queue[0], "Shown on the receipt", team.po, run=session)
    votes = refinement.parse_votes({"Lucas Engineer": "3", "Tomas QA": "8"})
    result = refinement.commit_poker(store, ctx, queue[0], votes, "5", team.engineer).result
    assert result is not None
    assert result.spread_text() == "Spread 3–8 (suggested 3)"
    with pytest.raises(InputError, match=r"^Anna PO cannot vote: only active delivery-team"):
        refinement.commit_poker(
            store, ctx, queue[1], {"Anna PO": 3.0, "Tomas QA": 5.0}, "3", team.engineer
        )
    assert load_story(store, queue[1]).estimate is None
    with pytest.raises(InputError, match="Estimate of B: 'x' is not a number"):
        refinement.parse_votes({"B": "x"})
    changes = list(_end(store, ctx))
    assert changes == [
        "PAYM-1: criterion added: “Shown on the receipt”",
        "PAYM-1: estimate 5 committed after planning poker (spread 3–8 (suggested 3))",
    ]
    assert load_story(store, queue[0]).committed_by == "Lucas Engineer"


def test_removing_an_assumption_or_a_dependency_changes_readiness_and_is_logged(
    store: Store, team: BacklogTeam
) -> None:
    story = team.stories[0]
    make_ready(store, team, story)
    ctx = _refinement(store, team)
    dep = _created(context.add_dependency(store, _now(), story, on_key="PAYM-2"))
    assert load_backlog(store, team.team).missing[0] == Missing.DEPENDENCIES
    in_run = ctx
    context.set_dependency_state(store, in_run, dep, resolved=True)
    context.set_dependency_state(store, in_run, dep, resolved=True)  # no change
    assert load_backlog(store, team.team).missing[0] == 0
    context.set_dependency_state(store, in_run, dep, resolved=False)
    assert load_story(store, story).dependencies[0].resolved_at is None
    assert load_backlog(store, team.team).missing[0] == Missing.DEPENDENCIES
    context.remove_dependency(store, in_run, dep)
    assert load_story(store, story).dependencies == []
    assert load_backlog(store, team.team).missing[0] == 0
    unreviewed = new_assumption(store, story, "Rates are cached")
    assert load_backlog(store, team.team).missing[0] == Missing.ASSUMPTIONS
    edit.remove_assumption(store, in_run, unreviewed)
    assert load_backlog(store, team.team).missing[0] == 0
    reviewed = load_story(store, story).assumptions[0].id
    edit.remove_assumption(store, in_run, reviewed)
    assert load_story(store, story).readiness.failures[0].criterion is Criterion.ASSUMPTIONS
    assert load_backlog(store, team.team).missing[0] == Missing.ASSUMPTIONS
    assert list(_end(store, ctx)) == [
        "PAYM-1: dependency on PAYM-2 resolved",
        "PAYM-1: dependency on PAYM-2 marked unresolved",
        "PAYM-1: dependency on PAYM-2 removed",
        "PAYM-1: assumption removed: “Rates are cached”",
        "PAYM-1: assumption removed: “The rates service exists”",
    ]
    with pytest.raises(InputError, match="No dependency with id"):
        context.remove_dependency(store, _now(), dep)
    with pytest.raises(InputError, match="No assumption with id"):
        edit.remove_assumption(store, _now(), reviewed)


def test_listing_bits_agree_with_the_full_check_on_the_demo(demo_store: Store) -> None:
    listing = load_backlog(demo_store, 1)  # type: ignore[arg-type]
    sample = [StoryId(sid) for sid in listing.ids[:: max(1, len(listing) // 40)]]
    full = readiness_of_many(demo_store, 1, sample)  # type: ignore[arg-type]
    index = {sid: i for i, sid in enumerate(listing.ids)}
    assert {sid: int(full[sid].missing) for sid in sample} == {
        sid: listing.missing[index[sid]] for sid in sample
    }


def test_capacity_scales_one_short_sprint_to_the_planned_one(
    store: Store, team: BacklogTeam
) -> None:
    import datetime as dt

    from facilitator.store.models import SprintRow, SprintStoryRow

    with store.session() as session:
        # One closed sprint of a single week (5 working days), 6 of its 8 points done.
        closed = SprintRow(
            team_id=team.team,
            name="Sprint 1",
            start_date=dt.date(2026, 11, 2),
            end_date=dt.date(2026, 11, 6),
            state="closed",
        )
        planned = SprintRow(
            team_id=team.team,
            name="Sprint 2",
            start_date=dt.date(2026, 11, 30),
            end_date=dt.date(2026, 12, 11),
            state="planned",
        )
        session.add_all([closed, planned])
        session.flush()
        session.add_all(
            [
                SprintStoryRow(sprint_id=closed.id, story_id=team.stories[8], points=6, done=True),
                SprintStoryRow(sprint_id=closed.id, story_id=team.stories[9], points=2, done=False),
            ]
        )
    report = readiness_report(store, team.team)
    # Two delivery members (engineer and QA): 10 person-days then, 20 in the planned sprint.
    assert report.capacity == 12
    assert report.capacity_basis.startswith(
        "Only 1 closed sprint so far (fewer than 3), so using what there is: mean completed points "
        "of the last 1 closed sprint (Sprint 1: (6) / 1 = 6.0), scaled by this sprint's 20 "
        "person-days over their mean of 10.0: 6.0 × 20 / 10.0 = 12.0 points. Person-days are "
        "working days × the team's 2 active delivery-team members (absences are not recorded yet)."
        " Planning is not available yet"
    )
    assert report.verdict == "! 12 points short: refine these stories next"
