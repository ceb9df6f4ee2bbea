"""The review's ops on a real SQLite file: each one transaction, refusals write nothing, and
closing fixes the Done decisions, the backlog and the sprint."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facilitator.domain.delivery import Defect, DefectKind, Deployment
from facilitator.domain.ids import CriterionId, RunId
from facilitator.domain.review_rules import NoteKind
from facilitator.errors import InputError, RuleViolation
from facilitator.ops import ceremony
from facilitator.ops import review as ops
from facilitator.ops.backlog import load_backlog
from facilitator.ops.changes import ActionContext, Kind
from facilitator.ops.team_model import TeamSettings, update_team
from facilitator.store.db import Store, target_from
from facilitator.store.migrate import open_store
from facilitator.store.models import SprintRow
from facilitator.store.review_repository import delivery_facts
from tests.helpers.review_sprint import DOD, ReviewSprint, make_review_sprint
from tests.helpers.scenario import rows
from tests.helpers.transactions import counting

NOW = dt.datetime(2026, 11, 27, 14, 0, tzinfo=dt.UTC)


def _open(store: Store) -> tuple[ReviewSprint, ActionContext]:
    rs = make_review_sprint(store)
    ctx = ActionContext(NOW, rs.team.team)
    opened = ops.open_review(store, ctx)
    assert opened.run is not None
    return rs, ActionContext(NOW, rs.team.team, opened.run.run_id)


def _walk(store: Store, rs: ReviewSprint, ctx: ActionContext, *, fail: CriterionId | None) -> None:
    """Mark every criterion (``fail`` failed) and every DoD item of the four stories."""
    for index, story in enumerate(rs.stories):
        key = f"PAYM-{index + 1}"
        for criterion in rs.criteria[story]:
            ops.mark_criterion(store, ctx, key, criterion, criterion != fail)
        for item in DOD:
            ops.mark_dod(store, ctx, key, item, True)


def test_open_walks_the_forecast_then_the_added_story_and_resumes(store: Store) -> None:
    rs = make_review_sprint(store)
    ctx = ActionContext(NOW, rs.team.team)
    with counting(store) as tally:
        opened = ops.open_review(store, ctx)
    assert tally.begins == 1
    assert opened.run is not None
    assert opened.created == opened.run.run_id
    assert opened.run.queue == rs.stories
    assert opened.run.walking
    assert (Kind.SPRINT, rs.sprint) in opened.ids
    again = ops.open_review(store, ctx)
    assert again.run is not None
    assert again.run.run_id == opened.run.run_id
    assert again.created is None
    view = ops.load_review(store, opened.run.run_id)
    assert [s.key for s in view.review.stories] == ["PAYM-1", "PAYM-2", "PAYM-3", "PAYM-4"]
    assert view.review.stories[3].added
    assert view.review.definition_of_done == DOD
    assert view.story_key == "PAYM-1"


def test_before_it_opens_the_room_is_told_what_the_review_will_walk(store: Store) -> None:
    rs = make_review_sprint(store)
    with counting(store) as tally:
        words = ops.review_preview(store, rs.team.team)
    assert tally.begins == 1
    assert len(tally.statements) == 3  # BEGIN, the sprint, then one count
    assert words == "Sprint 1: 4 stories to walk, 3 forecast and 1 added mid-sprint"
    with store.session() as session:
        session.get_one(SprintRow, rs.sprint).state = "closed"
    assert ops.review_preview(store, rs.team.team) == (
        "No sprint to review: a sprint starts when its planning closes"
    )


def test_without_an_active_sprint_nothing_opens(store: Store) -> None:
    rs = make_review_sprint(store)
    with store.session() as session:
        session.get_one(SprintRow, rs.sprint).state = "closed"
    with pytest.raises(RuleViolation, match="No sprint to review"):
        ops.open_review(store, ActionContext(NOW, rs.team.team))
    assert rows(store, "SELECT count(*) FROM ceremony_run") == [(0,)]


def test_steps_stop_at_either_end_in_words(store: Store) -> None:
    _, ctx = _open(store)
    with pytest.raises(RuleViolation, match="This is the first story of the 4 to review"):
        ops.step_story(store, ctx, -1)
    moved = ops.step_story(store, ctx, 1)
    assert moved.run is not None
    assert moved.run.position == 1


def test_a_mark_is_one_transaction_and_undo_puts_the_previous_mark_back(store: Store) -> None:
    rs, ctx = _open(store)
    first = rs.criteria[rs.stories[0]][0]
    ops.mark_criterion(store, ctx, "PAYM-1", first, True)
    with counting(store) as tally:
        changed = ops.mark_criterion(store, ctx, "PAYM-1", first, False)
    assert tally.begins == 1
    assert changed.ids_of(Kind.RUN) == {ctx.run_id}
    assert rows(store, "SELECT passed FROM review_criterion_mark") == [(False,)]
    assert changed.undo is not None
    changed.undo.undo(store, ActionContext(NOW))
    assert rows(store, "SELECT passed FROM review_criterion_mark") == [(True,)]
    changed.undo.redo(store, ActionContext(NOW))
    assert rows(store, "SELECT passed FROM review_criterion_mark") == [(False,)]
    ticked = ops.mark_dod(store, ctx, "PAYM-1", "Tested", True)
    assert ticked.undo is not None
    ticked.undo.undo(store, ActionContext(NOW))  # it was never checked: unchecked again
    assert rows(store, "SELECT count(*) FROM review_dod_mark") == [(0,)]


@pytest.mark.parametrize(
    ("act", "message"),
    [
        (
            lambda s, c, rs: ops.mark_criterion(
                s, c, "PAYM-1", rs.criteria[rs.stories[1]][0], True
            ),
            "PAYM-1 has no acceptance criterion number",
        ),
        (lambda s, c, rs: ops.mark_dod(s, c, "PAYM-1", "Documented", True), "“Documented” is not"),
        (lambda s, c, rs: ops.mark_dod(s, c, "PAYM-9", "Tested", True), "PAYM-9 is not a story"),
        (
            lambda s, c, rs: ops.capture_note(s, c, NoteKind.QUESTION, "  "),
            "What was said: ",
        ),
        (lambda s, c, rs: ops.record_deployment(s, c, NOW, ""), "What was deployed"),
        (
            lambda s, c, rs: ops.record_deployment(s, c, NOW.replace(tzinfo=None), "v1"),
            "time zone",
        ),
        (lambda s, c, rs: ops.record_defect(s, c, DefectKind.ESCAPED, " "), "Defect"),
        (
            lambda s, c, rs: ops.record_defect(s, c, DefectKind.ESCAPED, "Crash", "PAYM-9"),
            "PAYM-9 is not a story",
        ),
    ],
)
def test_bad_input_is_refused_with_its_reason_and_writes_nothing(
    store: Store, act: object, message: str
) -> None:
    rs, ctx = _open(store)
    with pytest.raises((InputError, RuleViolation), match=message):
        act(store, ctx, rs)  # type: ignore[operator]
    for table in ("review_criterion_mark", "review_dod_mark", "review_note", "sprint_defect"):
        assert rows(store, f"SELECT count(*) FROM {table}") == [(0,)]
    assert rows(store, "SELECT count(*) FROM sprint_deployment") == [(0,)]


def test_close_is_refused_while_a_story_is_not_walked(store: Store) -> None:
    rs, ctx = _open(store)
    ops.mark_criterion(store, ctx, "PAYM-1", rs.criteria[rs.stories[0]][0], True)
    with pytest.raises(RuleViolation, match="The review cannot close yet: walk PAYM-1") as refused:
        ops.close_review(store, ctx, rs.team.scrum_master)
    assert "PAYM-4" in str(refused.value)
    assert rows(store, "SELECT state FROM sprint") == [("active",)]
    assert rows(store, "SELECT count(*) FROM sprint_story WHERE done IS NOT NULL") == [(0,)]


def test_close_fixes_the_done_decisions_backlog_top_and_sprint(store: Store) -> None:
    rs, ctx = _open(store)
    failing = rs.criteria[rs.stories[1]][0]  # PAYM-2's only criterion
    _walk(store, rs, ctx, fail=failing)
    ops.record_deployment(store, ctx, NOW - dt.timedelta(days=2), "Payments 2.4")
    ops.record_defect(store, ctx, DefectKind.ESCAPED, "Receipt shows the wrong rate", "PAYM-3")
    ops.record_defect(store, ctx, DefectKind.FOUND_IN_SPRINT, "Rounding off by a cent")
    with counting(store) as tally:
        closed = ops.close_review(store, ctx, rs.team.scrum_master)
    assert tally.begins == 1
    assert closed.run is not None
    assert not closed.run.is_open
    assert closed.touches(Kind.SPRINT, Kind.BACKLOG, Kind.STORY)
    assert rows(store, "SELECT state FROM sprint") == [("closed",)]
    decisions = rows(
        store, "SELECT story_id, done, not_done_reason FROM sprint_story ORDER BY story_id"
    )
    assert [d[1] for d in decisions] == [True, False, True, True]
    assert decisions[1][2] == "failed “Criterion 1 of PAYM-2”"
    listing = load_backlog(store, rs.team.team)
    assert listing.keys[0] == "PAYM-2"  # back at the top of the backlog, above PAYM-5 and PAYM-6
    assert rows(store, f"SELECT status FROM story WHERE id = {rs.stories[0]}") == [("done",)]
    view = ops.load_review(store, RunId(ctx.run_id or 0))
    closing = view.review.closing
    assert closing is not None
    # Completed figures come from the Done decisions: PAYM-1 (2) and PAYM-3 (4) of 2+3+4 forecast.
    assert (closing.delivery.completed_stories, closing.delivery.completed_points) == (2, 6.0)
    assert (closing.delivery.forecast_stories, closing.delivery.forecast_points) == (3, 9.0)
    assert closing.delivery.added_completed_stories == 1
    assert (closing.delivery.deployments, closing.delivery.defects_escaped) == (1, 1)
    assert [r.key for r in closing.returned] == ["PAYM-2"]
    with pytest.raises(RuleViolation, match="is closed"):
        ops.mark_criterion(store, ctx, "PAYM-2", failing, True)
    with pytest.raises(RuleViolation, match="is closed"):
        ops.close_review(store, ctx, rs.team.scrum_master)


def test_a_dod_item_not_met_also_keeps_a_story_from_done(store: Store) -> None:
    rs, ctx = _open(store)
    _walk(store, rs, ctx, fail=None)
    ops.mark_dod(store, ctx, "PAYM-3", "Code reviewed", False)
    ops.close_review(store, ctx, rs.team.scrum_master)
    reason = rows(store, f"SELECT not_done_reason FROM sprint_story WHERE story_id={rs.stories[2]}")
    assert reason == [("Definition of Done not met: Code reviewed",)]


def test_feedback_becomes_a_backlog_story_in_one_action(store: Store) -> None:
    rs, ctx = _open(store)
    question = ops.capture_note(store, ctx, NoteKind.QUESTION, "Does it work offline?")
    feedback = ops.capture_note(
        store, ctx, NoteKind.FEEDBACK, "Show the fee before paying", "Maria", "PAYM-1"
    )
    assert feedback.created is not None
    assert question.created is not None
    with counting(store) as tally:
        made = ops.feedback_to_story(store, ctx, feedback.created)
    assert tally.begins == 1
    assert made.created is not None
    assert made.touches(Kind.BACKLOG)
    story = rows(
        store, f"SELECT key, title, description, status FROM story WHERE id={made.created}"
    )
    assert story == [
        (
            "PAYM-7",
            "Show the fee before paying",
            "Review feedback from Maria about PAYM-1: Show the fee before paying",
            "new",
        )
    ]
    assert "PAYM-7" in load_backlog(store, rs.team.team).keys
    notes = ops.load_review(store, RunId(ctx.run_id or 0)).notes
    assert [n.story_key for n in notes] == [None, "PAYM-7"]
    with pytest.raises(RuleViolation, match="already became PAYM-7"):
        ops.feedback_to_story(store, ctx, feedback.created)
    with pytest.raises(InputError, match="Only a feedback becomes a backlog story"):
        ops.feedback_to_story(store, ctx, question.created)


def test_delivery_facts_reads_each_sprints_deployments_and_defects(store: Store) -> None:
    rs, ctx = _open(store)
    ops.record_deployment(store, ctx, NOW, "Payments 2.4")
    ops.record_defect(store, ctx, DefectKind.ESCAPED, "Wrong rate", "PAYM-3")
    with store.session() as session:
        facts = delivery_facts(session, [rs.sprint, 999])
    assert facts[rs.sprint] == (
        (Deployment(NOW, "Payments 2.4"),),
        (Defect(DefectKind.ESCAPED, "Wrong rate", "PAYM-3"),),
    )
    assert facts[999] == ((), ())


def test_a_review_whose_clock_was_finished_before_closing_carries_on(store: Store) -> None:
    rs, ctx = _open(store)
    first = rs.criteria[rs.stories[0]][0]
    ops.mark_criterion(store, ctx, "PAYM-1", first, True)
    finished = ceremony.finish_run(store, ctx)
    assert finished.run is not None
    assert not finished.run.is_open
    again = ops.open_review(store, ActionContext(NOW, rs.team.team))
    assert again.run is not None
    assert again.run.run_id == ctx.run_id
    assert again.run.walking
    view = ops.load_review(store, again.run.run_id)
    assert view.review.demo("PAYM-1").criteria == ((first, True),)


def test_the_review_follows_a_definition_of_done_changed_in_the_team_screen(
    store: Store,
) -> None:
    rs, ctx = _open(store)
    _walk(store, rs, ctx, fail=None)
    update_team(
        store,
        ActionContext(NOW, rs.team.team),
        TeamSettings("Payments", 10, ("Tested", "Documented")),
    )
    review = ops.load_review(store, RunId(ctx.run_id or 0)).review
    assert review.definition_of_done == ("Tested", "Documented")
    assert review.demo("PAYM-1").dod == (("Tested", True),)  # "Code reviewed" is gone
    with pytest.raises(RuleViolation, match="DoD Documented not marked"):
        ops.close_review(store, ctx, rs.team.scrum_master)


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(marks=st.lists(st.booleans(), min_size=9, max_size=9))
def test_closing_makes_done_exactly_the_stories_that_passed_everything(
    tmp_path: Path, marks: list[bool]
) -> None:
    store = open_store(target_from(tmp_path / f"{uuid.uuid4().hex}.sqlite3"))
    try:
        rs, ctx = _open(store)
        given_marks = iter(marks)
        passed_all = []
        for index, story in enumerate(rs.stories):
            key = f"PAYM-{index + 1}"
            ok = True
            for criterion in rs.criteria[story]:
                mark = next(given_marks)
                ok &= mark
                ops.mark_criterion(store, ctx, key, criterion, mark)
            held = next(given_marks)
            ok &= held
            ops.mark_dod(store, ctx, key, DOD[0], held)
            ops.mark_dod(store, ctx, key, DOD[1], True)
            passed_all.append(ok)
        ops.close_review(store, ctx, rs.team.scrum_master)
        done = [d for (d,) in rows(store, "SELECT done FROM sprint_story ORDER BY story_id")]
        assert done == passed_all
        failed = [f"PAYM-{i + 1}" for i, ok in enumerate(passed_all) if not ok]
        assert list(load_backlog(store, rs.team.team).keys[: len(failed)]) == failed
    finally:
        store.close()
