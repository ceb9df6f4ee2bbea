"""Review records round-trip as domain values, the schema refuses what the rules refuse, and
migration 0011 downgrades keeping the sprints' data, on SQLite and (when
``FACILITATOR_TEST_PG_URL`` is set) PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from facilitator.domain.delivery import Defect, DefectKind, Deployment
from facilitator.domain.ids import MemberId, RunId
from facilitator.domain.review_rules import NoteKind, StakeholderNote
from facilitator.ops import review as ops
from facilitator.ops.changes import ActionContext
from facilitator.store.db import Store
from facilitator.store.review_repository import ReviewRepository, delivery_facts
from tests.helpers.backends import any_store, migrate_to
from tests.helpers.review_sprint import DOD, make_review_sprint
from tests.helpers.scenario import rows

__all__ = ["any_store"]  # the fixture, for pytest

NOW = dt.datetime(2026, 11, 27, 14, 0, tzinfo=dt.UTC)
REVIEW_TABLES = {
    "review",
    "review_criterion_mark",
    "review_dod_mark",
    "review_note",
    "sprint_deployment",
    "sprint_defect",
}


def _walked(store: Store) -> tuple[RunId, ActionContext, MemberId]:
    rs = make_review_sprint(store)
    opened = ops.open_review(store, ActionContext(NOW, rs.team.team))
    assert opened.run is not None
    ctx = ActionContext(NOW, rs.team.team, opened.run.run_id)
    for index, story in enumerate(rs.stories):
        for criterion in rs.criteria[story]:
            ops.mark_criterion(store, ctx, f"PAYM-{index + 1}", criterion, index != 1)
        for item in DOD:
            ops.mark_dod(store, ctx, f"PAYM-{index + 1}", item, True)
    ops.capture_note(store, ctx, NoteKind.FEEDBACK, "Faster receipts", "Maria", "PAYM-2")
    ops.record_deployment(store, ctx, NOW, "Payments 2.4")
    ops.record_defect(store, ctx, DefectKind.FOUND_IN_SPRINT, "Rounding", "PAYM-1")
    return opened.run.run_id, ctx, rs.team.scrum_master


def test_a_review_reads_back_as_it_was_marked_and_closed(any_store: Store) -> None:
    run_id, ctx, closer = _walked(any_store)
    with any_store.session() as session:
        review = ReviewRepository(session).load(run_id, DOD)
        sprint_id = ReviewRepository(session).sprint_of_run(run_id)
    assert review is not None
    assert sprint_id is not None
    assert review.not_walked() == ()
    verdict = review.verdict("PAYM-2")
    assert verdict is not None
    assert not verdict.done
    assert review.notes == (
        StakeholderNote(NoteKind.FEEDBACK, "Faster receipts", "Maria", "PAYM-2"),
    )
    assert review.deployments == (Deployment(NOW, "Payments 2.4"),)
    ops.close_review(any_store, ctx, closer)
    with any_store.session() as session:
        closed = ReviewRepository(session).load(run_id, DOD)
        facts = delivery_facts(session, [sprint_id])
    assert closed is not None
    assert closed.closing is not None
    assert closed.closing.signed.name == "Joao SM"
    assert closed.closing.delivery.completed_stories == 2
    assert [r.key for r in closed.closing.returned] == ["PAYM-2"]
    assert facts[sprint_id][1] == (Defect(DefectKind.FOUND_IN_SPRINT, "Rounding", "PAYM-1"),)


@pytest.mark.parametrize(
    "statement",
    [
        "INSERT INTO review_note (run_id, kind, text, by_name, at) "
        "VALUES (:run, 'rumour', 'x', '', :at)",
        "INSERT INTO sprint_defect (sprint_id, kind, description, at) "
        "VALUES (1, 'somewhere', 'x', :at)",
        "INSERT INTO review (run_id, sprint_id) VALUES (:run, 1)",
        "INSERT INTO review_note (run_id, kind, text, by_name, created_story_id, at) "
        "VALUES (:run, 'question', 'x', '', 1, :at)",
    ],
)
def test_the_schema_refuses_unknown_kinds_a_second_review_and_a_story_from_a_question(
    any_store: Store, statement: str
) -> None:
    run_id, _, _ = _walked(any_store)
    with pytest.raises(IntegrityError), any_store.engine.begin() as conn:
        conn.execute(text(statement), {"run": run_id, "at": NOW})


def test_0011_downgrades_keeping_the_sprints_and_upgrades_again(any_store: Store) -> None:
    run_id, ctx, closer = _walked(any_store)
    ops.close_review(any_store, ctx, closer)
    decisions = rows(any_store, "SELECT story_id, done, not_done_reason FROM sprint_story")
    migrate_to(any_store, "0010", down=True)
    assert REVIEW_TABLES.isdisjoint(inspect(any_store.engine).get_table_names())
    assert rows(any_store, "SELECT story_id, done, not_done_reason FROM sprint_story") == decisions
    migrate_to(any_store, "0011")
    assert set(inspect(any_store.engine).get_table_names()) >= REVIEW_TABLES
    rs_ctx = ActionContext(NOW, ctx.team_id)
    with any_store.engine.begin() as conn:
        conn.execute(text("UPDATE sprint SET state = 'active'"))
    reopened = ops.open_review(any_store, rs_ctx)
    assert reopened.run is not None
    assert reopened.run.run_id != run_id
