"""Retrospective ops on a real SQLite file: one transaction per action, every phase, the
anonymous note stored without its author, going back losing nothing, one experiment."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import text

from facilitator.domain.experiment import Outcome
from facilitator.domain.ids import RunId
from facilitator.domain.model import SprintState
from facilitator.domain.retro_notes import HIDDEN, Column, Friction, GroupId, NoteId
from facilitator.domain.retro_phases import RetroPhase
from facilitator.errors import InputError, RuleViolation
from facilitator.ops import retro
from facilitator.ops.attention import nav_badges
from facilitator.ops.changes import ActionContext, Kind
from facilitator.ops.retro_reads import load_retro
from facilitator.ops.teams import create_team, home_summary
from facilitator.store.db import Store, target_from
from facilitator.store.migrate import open_store
from facilitator.store.models import MemberRow
from facilitator.store.retro_repository import experiments_by_sprint
from tests.helpers.retro_team import (
    NOW,
    RetroTeam,
    add_sprint,
    opened_run,
    retro_team,
    run_to_close,
)
from tests.helpers.transactions import counting


@pytest.fixture
def store(tmp_path: Path) -> Store:
    opened = open_store(target_from(tmp_path / "retro.sqlite3"))
    yield opened  # type: ignore[misc]
    opened.close()


@pytest.fixture
def rt(store: Store) -> RetroTeam:
    return retro_team(store)


def _ctx(store: Store, rt: RetroTeam) -> ActionContext:
    return ActionContext(NOW, rt.team.team, opened_run(store, ActionContext(NOW, rt.team.team)))


def _to(store: Store, ctx: ActionContext, phase: RetroPhase) -> None:
    view = load_retro(store, ctx.team())
    assert view is not None
    for _ in range(phase.number - view.retro.phase.number):
        retro.advance_phase(store, ctx)


def test_opening_makes_a_run_with_one_timeboxed_item_per_phase_in_one_transaction(
    store: Store, rt: RetroTeam
) -> None:
    with counting(store) as tally:
        done = retro.open_retro(store, ActionContext(NOW, rt.team.team))
    assert tally.begins == 1
    view = done.view
    assert view is not None
    assert done.created == int(view.run_id)
    assert done.touches(Kind.RETRO, Kind.RUN)
    assert view.retro.sprint == "Sprint 1"
    assert view.retro.phase is RetroPhase.EVALUATE
    assert [i.title for i in view.run.timer.items] == [p.label for p in RetroPhase]
    assert view.run.timer.is_running
    again = retro.open_retro(store, ActionContext(NOW + dt.timedelta(minutes=5), rt.team.team))
    assert again.view is not None
    assert again.view.run_id == view.run_id
    assert again.created is None


def test_no_started_sprint_is_refused_with_the_reason(store: Store) -> None:
    team = create_team(store, "Empty", 10, ["Tested"])
    with pytest.raises(RuleViolation, match="No sprint to look back on yet"):
        retro.open_retro(store, ActionContext(NOW, team))


def test_every_action_is_one_transaction(store: Store, rt: RetroTeam) -> None:
    t, ctx = rt.team, _ctx(store, rt)
    actions = [
        lambda: retro.advance_phase(store, ctx),
        lambda: retro.write_note(store, ctx, t.engineer, Column.WENT_WELL, "Demo went well"),
        lambda: retro.write_note(
            store, ctx, t.qa, Column.TO_IMPROVE, "Flaky tests", anonymous=True
        ),
        lambda: retro.reveal(store, ctx),
        lambda: retro.advance_phase(store, ctx),
        lambda: retro.make_group(store, ctx, "Testing", [NoteId(2)]),
        lambda: retro.back_phase(store, ctx),
        lambda: retro.advance_phase(store, ctx),
        lambda: retro.advance_phase(store, ctx),
        lambda: retro.set_allowance(store, ctx, 2),
        lambda: retro.vote(store, ctx, t.qa, GroupId(1)),
        lambda: retro.unvote(store, ctx, t.qa, GroupId(1)),
        lambda: retro.skip_voting(store, ctx),
        lambda: retro.discuss(store, ctx, GroupId(1)),
        lambda: retro.advance_phase(store, ctx),
        lambda: retro.decide_experiment(
            store, ctx, "Fix flaky tests first", t.qa, "0 flaky runs a week"
        ),
        lambda: retro.close_retro(store, ctx, t.scrum_master),
    ]
    for action in actions:
        with counting(store) as tally:
            done = action()
        assert tally.begins == 1
        assert done.touches(Kind.RETRO)
    with store.session() as s:
        assert s.execute(text("SELECT count(*) FROM experiment")).scalar_one() == 1
        ended = s.execute(text("SELECT ended_at FROM ceremony_run")).scalar_one()
    assert ended is not None


def test_an_anonymous_note_is_stored_with_nothing_that_links_it_to_its_author(
    store: Store, rt: RetroTeam
) -> None:
    ctx = _ctx(store, rt)
    retro.advance_phase(store, ctx)
    with store.session() as s:
        run_before = s.execute(text("SELECT * FROM ceremony_run")).one()
    with counting(store) as tally:
        retro.write_note(
            store,
            ctx,
            rt.team.qa,
            Column.FRICTION,
            "Calls at 7 am my time",
            anonymous=True,
            friction=Friction.TIME_ZONE,
        )
    written = [
        st for st in tally.statements if not st.lstrip().upper().startswith(("SELECT", "BEGIN"))
    ]
    assert len(written) == 1
    assert written[0].lstrip().upper().startswith("INSERT INTO RETRO_NOTE")
    with store.session() as s:
        row = s.execute(text("SELECT * FROM retro_note")).mappings().one()
        run_after = s.execute(text("SELECT * FROM ceremony_run")).one()
        name = s.get_one(MemberRow, rt.team.qa).name
    assert row["author_id"] is None
    assert row["author_name"] is None
    assert set(row.keys()) == {
        "id",
        "run_id",
        "number",
        "board_column",
        "friction",
        "text",
        "author_id",
        "author_name",
    }
    assert not any(name in str(v) or store.editor in str(v) for v in row.values())
    assert run_after == run_before  # nothing stamped on the run either


def test_anonymous_notes_are_hidden_in_the_view_until_revealed(store: Store, rt: RetroTeam) -> None:
    ctx = _ctx(store, rt)
    retro.advance_phase(store, ctx)
    retro.write_note(store, ctx, rt.team.engineer, Column.WENT_WELL, "Demo went well")
    done = retro.write_note(
        store, ctx, rt.team.qa, Column.TO_IMPROVE, "Scope creep", anonymous=True
    )
    assert done.view is not None
    assert [n.text for n in done.view.retro.facilitator_notes()] == ["Demo went well", HIDDEN]
    assert [n.text for n in done.view.retro.room_notes()] == ["Demo went well"]
    revealed = retro.reveal(store, ctx).view
    assert revealed is not None
    assert [n.text for n in revealed.retro.room_notes()] == ["Demo went well", "Scope creep"]
    assert [n.author for n in revealed.retro.room_notes()] == ["Lucas Engineer", "anonymous"]


def test_going_back_a_phase_loses_nothing_and_moves_the_clock_back(
    store: Store, rt: RetroTeam
) -> None:
    t, ctx = rt.team, _ctx(store, rt)
    _to(store, ctx, RetroPhase.GATHER)
    retro.write_note(store, ctx, t.engineer, Column.TO_IMPROVE, "Reviews wait")
    retro.write_note(store, ctx, t.qa, Column.TO_IMPROVE, "No test data")
    _to(store, ctx, RetroPhase.GROUP)
    retro.make_group(store, ctx, "Waiting", [NoteId(1)])
    retro.advance_phase(store, ctx)
    retro.vote(store, ctx, t.qa, GroupId(1))
    before = load_retro(store, t.team)
    back = retro.back_phase(store, ctx).view
    assert back is not None
    assert before is not None
    assert back.retro.phase is RetroPhase.GROUP
    assert back.run.timer.current == 2
    again = load_retro(store, t.team)
    assert again is not None
    assert (again.retro.notes, again.retro.groups, again.retro.votes) == (
        before.retro.notes,
        before.retro.groups,
        before.retro.votes,
    )
    assert again.run.timer.current == 2


def test_a_vote_over_the_allowance_is_refused_with_the_reason(store: Store, rt: RetroTeam) -> None:
    t, ctx = rt.team, _ctx(store, rt)
    _to(store, ctx, RetroPhase.GATHER)
    retro.write_note(store, ctx, t.engineer, Column.TO_IMPROVE, "Reviews wait")
    _to(store, ctx, RetroPhase.GROUP)
    retro.make_group(store, ctx, "Waiting", [NoteId(1)])
    retro.advance_phase(store, ctx)
    retro.set_allowance(store, ctx, 2)
    retro.vote(store, ctx, t.qa, GroupId(1))
    retro.vote(store, ctx, t.qa, GroupId(1))
    with pytest.raises(RuleViolation, match="Tomas QA has used all 2 votes"):
        retro.vote(store, ctx, t.qa, GroupId(1))
    with pytest.raises(RuleViolation, match="already cast 2"):
        retro.set_allowance(store, ctx, 1)
    view = load_retro(store, t.team)
    assert view is not None
    assert len(view.retro.votes) == 2
    assert view.retro.votes_per_person == 2


@pytest.mark.parametrize(
    ("change", "owner", "measure", "error", "message"),
    [
        ("Pair on reviews", None, "reviews wait under 4 h", InputError, "choose the team member"),
        ("Pair on reviews", "engineer", "", InputError, "write a signal you can measure"),
        ("Pair on reviews", "engineer", "better reviews", InputError, "nothing to count"),
        ("", "engineer", "reviews wait under 4 h", InputError, "write the one change"),
        (
            "Pair on reviews",
            "outsider",
            "reviews wait under 4 h",
            RuleViolation,
            "not on this team",
        ),
    ],
)
def test_a_bad_experiment_is_refused_with_the_reason_and_nothing_is_saved(
    store: Store,
    rt: RetroTeam,
    change: str,
    owner: str | None,
    measure: str,
    error: type[Exception],
    message: str,
) -> None:
    ctx = _ctx(store, rt)
    _to(store, ctx, RetroPhase.DECIDE)
    other = create_team(store, "Other", 10, ["Tested"])
    with store.session() as s:
        outsider = MemberRow(
            team_id=other,
            name="Olga Other",
            role="engineer",
            side="in_house",
            seniority="senior",
            timezone="UTC",
            work_start_min=540,
            work_end_min=1020,
            active=True,
        )
        s.add(outsider)
        s.flush()
        outsider_id = outsider.id
    owners = {None: None, "engineer": rt.team.engineer, "outsider": outsider_id}
    with pytest.raises(error, match=message):
        retro.decide_experiment(store, ctx, change, owners[owner], measure)  # type: ignore[arg-type]
    with store.session() as s:
        assert s.execute(text("SELECT count(*) FROM experiment")).scalar_one() == 0


def test_closing_without_an_experiment_is_refused_and_the_retro_stays_open(
    store: Store, rt: RetroTeam
) -> None:
    ctx = _ctx(store, rt)
    _to(store, ctx, RetroPhase.DECIDE)
    with pytest.raises(RuleViolation, match="decide the one experiment"):
        retro.close_retro(store, ctx, rt.team.scrum_master)
    view = load_retro(store, rt.team.team)
    assert view is not None
    assert view.run.is_open
    assert view.retro.closed is None


def test_a_second_experiment_is_refused_and_revising_keeps_the_one(
    store: Store, rt: RetroTeam
) -> None:
    ctx = _ctx(store, rt)
    _to(store, ctx, RetroPhase.DECIDE)
    retro.decide_experiment(store, ctx, "Pair on reviews", rt.team.engineer, "reviews under 4 h")
    with pytest.raises(RuleViolation, match="a second cannot be created"):
        retro.decide_experiment(store, ctx, "Another one", rt.team.qa, "0 flaky runs")
    retro.revise_experiment(store, ctx, "Pair on every review", rt.team.qa, "reviews under 2 h")
    with store.session() as s:
        rows = s.execute(text("SELECT change, owner_name FROM experiment")).all()
    assert rows == [("Pair on every review", "Tomas QA")]


def test_the_next_retro_cannot_skip_the_unevaluated_experiment_and_home_shows_it(
    store: Store, rt: RetroTeam
) -> None:
    t = rt.team
    first = run_to_close(store, t, NOW)
    assert load_retro(store, t.team) is None
    with pytest.raises(RuleViolation, match="is closed"):
        retro.open_retro(store, ActionContext(NOW + dt.timedelta(hours=1), t.team))
    home = home_summary(store, t.team, NOW.date(), NOW)
    assert (
        "“Pair on every review” (Lucas Engineer) is not evaluated yet"
        in home.unevaluated_experiment
    )
    badge = nav_badges(store, t.team, NOW.date(), only=["retro"])["retro"]
    assert badge is not None
    assert badge.count == 1
    later = NOW + dt.timedelta(days=14)
    add_sprint(store, t, "Sprint 2", later.date(), SprintState.ACTIVE)
    ctx = ActionContext(later, t.team, opened_run(store, ActionContext(later, t.team)))
    assert ctx.run_id != first
    with pytest.raises(
        RuleViolation, match="Evaluate last sprint's experiment “Pair on every review” first"
    ):
        retro.advance_phase(store, ctx)
    with pytest.raises(RuleViolation, match="cannot close yet"):
        retro.close_retro(store, ctx, t.scrum_master)
    with pytest.raises(InputError, match="Evidence"):
        retro.evaluate_previous(store, ctx, Outcome.WORKED, " ", t.scrum_master)
    retro.evaluate_previous(store, ctx, Outcome.WORKED, "Reviews waited 3 h", t.scrum_master)
    assert retro.advance_phase(store, ctx).view.retro.phase is RetroPhase.GATHER  # type: ignore[union-attr]
    assert home_summary(store, t.team, later.date(), later).unevaluated_experiment == ""
    assert nav_badges(store, t.team, later.date(), only=["retro"])["retro"] is None
    with store.session() as s:
        found = experiments_by_sprint(s, t.team)
    assert [e.outcome for e in found.values()] == [Outcome.WORKED]
    assert next(iter(found.values())).evaluation.evidence == "Reviews waited 3 h"  # type: ignore[union-attr]


def test_experiments_by_sprint_gives_each_sprint_its_experiment_and_outcome(
    store: Store, rt: RetroTeam
) -> None:
    t = rt.team
    run_to_close(store, t, NOW, "Pair on reviews")
    later = NOW + dt.timedelta(days=14)
    second = add_sprint(store, t, "Sprint 2", later.date(), SprintState.ACTIVE)
    run_to_close(store, t, later, "Demo on Thursdays", Outcome.INCONCLUSIVE)
    with store.session() as s:
        found = experiments_by_sprint(s, t.team)
    assert {k: (e.change, e.outcome) for k, e in found.items()} == {
        rt.sprints[0]: ("Pair on reviews", Outcome.INCONCLUSIVE),
        second: ("Demo on Thursdays", Outcome.PENDING),
    }


def test_actions_without_an_open_retro_say_so(store: Store, rt: RetroTeam) -> None:
    with pytest.raises(InputError, match="Open the retrospective first"):
        retro.reveal(store, ActionContext(NOW, rt.team.team))
    with pytest.raises(InputError, match="no longer exists"):
        retro.reveal(store, ActionContext(NOW, rt.team.team, RunId(999)))


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("x" * 2_001, "Note is 2001 characters; the limit is 2000"),
        ("Standup\x07 at 7", "Note contains a control character"),
    ],
)
def test_a_note_over_the_limit_or_with_a_control_character_is_refused_and_not_stored(
    store: Store, rt: RetroTeam, typed: str, message: str
) -> None:
    ctx = _ctx(store, rt)
    retro.advance_phase(store, ctx)
    with pytest.raises(InputError, match=message):
        retro.write_note(store, ctx, rt.team.qa, Column.WENT_WELL, typed)
    view = load_retro(store, ctx.team())
    assert view is not None
    assert view.retro.notes == ()


def test_an_experiment_measure_over_the_limit_is_refused_with_its_field_named(
    store: Store, rt: RetroTeam
) -> None:
    ctx = _ctx(store, rt)
    with pytest.raises(InputError, match="How we will know it worked is 2001 characters"):
        retro.decide_experiment(store, ctx, "Pair on reviews", rt.team.qa, "y" * 2_001)
