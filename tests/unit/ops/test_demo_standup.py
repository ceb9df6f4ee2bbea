"""The demo's standup data is realistic: open blockers past the SLA, slow decisions, a split."""

from __future__ import annotations

import datetime as dt

from facilitator.domain import blockers as rules
from facilitator.domain.standup import UpdateStatus
from facilitator.domain.tooling import splits
from facilitator.ops import decisions, standup
from facilitator.store.db import Store
from facilitator.store.repositories import TeamRepository
from tests.conftest import DEMO_TODAY

MORNING = dt.datetime.combine(DEMO_TODAY, dt.time(9, 5), tzinfo=dt.UTC)


def test_the_demo_team_has_blockers_decisions_and_updates(demo_store: Store) -> None:
    with demo_store.session() as session:
        team = next(t for t in TeamRepository(session).all() if t.name == "Payments")
    all_blockers, sla = standup.team_blockers(demo_store, team.id)
    late = rules.flagged(all_blockers, MORNING, sla)
    assert late
    assert (
        rules.sla_badge(all_blockers, MORNING, sla)
        == f"{len(late)} blocker{'s' if len(late) > 1 else ''} over 24 h"
    )
    assert len(all_blockers) > 10
    assert any(not b.is_open and b.over_sla(MORNING, sla) for b in all_blockers)
    log = decisions.decision_log(demo_store, team.id)
    assert any(d.cycle(MORNING).over_target for d in log.decisions)
    assert any(not d.cycle(MORNING).over_target for d in log.decisions)
    view = standup.standup_view(
        demo_store, team.id, dt.datetime.combine(DEMO_TODAY, dt.time(16), tzinfo=dt.UTC)
    )
    statuses = [r.status for r in view.rows]
    assert statuses.count(UpdateStatus.MISSING) == 1
    assert UpdateStatus.WRITTEN in statuses
    (split,) = splits(decisions.team_tools(demo_store, team.id))
    assert split.text == "issue tracking (in-house Jira, outsourced GitHub Issues)"
