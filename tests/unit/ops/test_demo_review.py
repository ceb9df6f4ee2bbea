"""The demo's closed sprints were reviewed: marks behind every Done decision, reasons for the
stories not Done, deployments and defects; the active sprint is left to review."""

from __future__ import annotations

import datetime as dt

from facilitator.domain.ids import RunId
from facilitator.domain.model import DEFAULT_DEFINITION_OF_DONE
from facilitator.ops import review as ops
from facilitator.ops.changes import ActionContext
from facilitator.store.db import Store
from facilitator.store.review_repository import ReviewRepository, delivery_facts
from tests.conftest import DEMO_TODAY
from tests.helpers.scenario import rows

NOW = dt.datetime.combine(DEMO_TODAY, dt.time(15), tzinfo=dt.UTC)


def test_every_closed_sprint_has_a_closed_review_agreeing_with_its_done_decisions(
    demo_store: Store,
) -> None:
    closed = rows(  # a closed sprint that held stories (the small team's held none)
        demo_store,
        "SELECT DISTINCT s.id FROM sprint s JOIN sprint_story ss ON ss.sprint_id = s.id "
        "WHERE s.state = 'closed'",
    )
    reviews = rows(
        demo_store,
        "SELECT r.run_id, r.sprint_id FROM review r JOIN ceremony_run c ON c.id = r.run_id "
        "WHERE r.closed_at IS NOT NULL AND c.ceremony = 'review' AND c.ended_at IS NOT NULL",
    )
    assert len(closed) >= 5
    assert {s for (s,) in closed} == {s for _, s in reviews}
    not_done = rows(
        demo_store,
        "SELECT ss.sprint_id, s.key, ss.not_done_reason FROM sprint_story ss JOIN story s "
        "ON s.id = ss.story_id WHERE ss.done = :no",
        no=False,
    )
    failing = 0
    with demo_store.session() as session:
        repo = ReviewRepository(session)
        for run_id, sprint_id in reviews:
            review = repo.load(RunId(run_id), DEFAULT_DEFINITION_OF_DONE)
            assert review is not None
            assert review.not_walked() == ()
            decided = {key: why for sprint, key, why in not_done if sprint == sprint_id}
            for story in review.stories:
                verdict = review.verdict(story.key)
                assert verdict is not None
                # The Done rule, applied to the stored marks, gives the stored decision.
                assert verdict.done == (story.key not in decided)
                if not verdict.done:
                    assert decided[story.key] == verdict.reason()
                    failing += 1
        facts = delivery_facts(session, [s for _, s in reviews])
    assert failing > 0
    assert sum(len(d) for d, _ in facts.values()) >= len(reviews)
    assert any(f for _, f in facts.values())


def test_the_active_sprint_is_the_one_left_to_review(demo_store: Store) -> None:
    (team,) = rows(demo_store, "SELECT id FROM team WHERE name = 'Payments'")[0]
    opened = ops.open_review(demo_store, ActionContext(NOW, team))
    assert opened.run is not None
    view = ops.load_review(demo_store, opened.run.run_id)
    (active,) = rows(
        demo_store, "SELECT name FROM sprint WHERE state = 'active' AND team_id = :t", t=team
    )[0]
    assert view.review.sprint == active
    assert not view.review.closed
