"""The "Definition of Done enforced" health check reads the closed reviews' DoD marks."""

from __future__ import annotations

from sqlalchemy import text

from facilitator.domain.health import Status
from facilitator.ops.teams import home_summary, list_teams
from facilitator.store.db import Store
from tests.conftest import DEMO_TODAY


def _check(store: Store) -> tuple[Status, str]:
    team = list_teams(store)[0]
    checks = {c.title: c for c in home_summary(store, team.id, DEMO_TODAY).checks}
    found = checks["Definition of Done enforced"]
    return found.status, found.reason


def test_the_demo_reviews_passed_every_done_story_on_every_dod_item(demo_store: Store) -> None:
    status, reason = _check(demo_store)
    assert status is Status.PASS
    assert reason == "every Done story passed every DoD item"


def test_a_story_done_without_its_dod_marks_fails_the_check(demo_store: Store) -> None:
    """A story counted Done at a closed review with a DoD item not held (a database edited
    by hand, an import) is named by the check."""
    with demo_store.session() as session:
        run_id, story_id = session.execute(
            text(
                "SELECT m.run_id, m.story_id FROM review_dod_mark m "
                "JOIN review r ON r.run_id = m.run_id "
                "JOIN sprint_story ss ON ss.sprint_id = r.sprint_id AND ss.story_id = m.story_id "
                "WHERE ss.done = 1 ORDER BY m.run_id LIMIT 1"
            )
        ).one()
        session.execute(
            text("UPDATE review_dod_mark SET holds = 0 WHERE run_id = :r AND story_id = :s"),
            {"r": run_id, "s": story_id},
        )
    status, reason = _check(demo_store)
    assert status is Status.FAIL
    assert reason.startswith("1 of ")
    assert reason.endswith("Done stories skipped a DoD item")
