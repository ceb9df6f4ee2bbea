"""The demo's retrospectives: one per closed sprint, experiments of every outcome, the latest
pending so the next retro (and Home) start with it; anonymous notes carry no author."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from facilitator.domain.experiment import Outcome
from facilitator.domain.retro_phases import RetroPhase
from facilitator.errors import RuleViolation
from facilitator.ops import demo, retro
from facilitator.ops.changes import ActionContext
from facilitator.ops.teams import home_summary, list_teams
from facilitator.store.db import Store, target_from
from facilitator.store.migrate import open_store
from facilitator.store.retro_repository import experiments_by_sprint

TODAY = dt.date(2026, 11, 25)


@pytest.fixture
def demo_store(tmp_path: Path) -> Iterator[Store]:
    store = open_store(target_from(tmp_path / "demo.sqlite3"))
    demo.generate(store, sprints=8, stories=150, seed=7, today=TODAY)
    yield store
    store.close()


def test_every_closed_sprint_has_one_experiment_of_every_kind_of_outcome(
    demo_store: Store,
) -> None:
    payments = next(t for t in list_teams(demo_store) if t.name == "Payments")
    with demo_store.session() as s:
        closed = (
            s.execute(
                text(
                    "SELECT id FROM sprint WHERE team_id = :t AND state = 'closed' "
                    "ORDER BY end_date"
                ),
                {"t": payments.id},
            )
            .scalars()
            .all()
        )
        found = experiments_by_sprint(s, payments.id)
        per_run = s.execute(text("SELECT count(*) FROM experiment GROUP BY run_id")).scalars().all()
        anonymous = s.execute(
            text("SELECT count(*) FROM retro_note WHERE author_id IS NULL AND author_name IS NULL")
        ).scalar_one()
    assert sorted(found) == sorted(closed)
    assert set(per_run) == {1}
    outcomes = [found[sprint].outcome for sprint in closed]
    assert outcomes[-1] is Outcome.PENDING
    assert set(outcomes[:-1]) == {Outcome.WORKED, Outcome.DID_NOT_WORK, Outcome.INCONCLUSIVE}
    assert all(found[s].evaluation is not None for s in closed[:-1])
    assert anonymous > 0


def test_the_next_retro_starts_with_the_pending_experiment(demo_store: Store) -> None:
    payments = next(t for t in list_teams(demo_store) if t.name == "Payments")
    now = dt.datetime.combine(TODAY, dt.time(15), tzinfo=dt.UTC)
    assert (
        "is not evaluated yet"
        in home_summary(demo_store, payments.id, TODAY, now).unevaluated_experiment
    )
    view = retro.open_retro(demo_store, ActionContext(now, payments.id)).view
    assert view is not None
    assert view.retro.phase is RetroPhase.EVALUATE
    assert view.retro.needs_evaluation
    with pytest.raises(RuleViolation, match="first"):
        retro.advance_phase(demo_store, ActionContext(now, payments.id, view.run_id))


def test_the_next_retros_clock_suggests_what_past_retros_took_in_each_phase(
    demo_store: Store,
) -> None:
    from facilitator.domain.timebox import Ceremony
    from facilitator.ops.timebox import load_timer

    payments = next(t for t in list_teams(demo_store) if t.name == "Payments")
    view = load_timer(demo_store, payments.id, Ceremony.RETRO)
    assert view.run_id is None  # a new retro, planned
    # Every phase was timed (the whole retro used to land on its first phase: 85 minutes
    # suggested for a 9-minute evaluation); each suggestion is near the phase's timebox.
    assert len(view.suggestions) == len(view.state.items) == 6
    for item, suggested in zip(view.state.items, view.suggestions, strict=True):
        assert suggested is not None, item.title
        assert 0.8 * item.timebox_seconds <= suggested <= item.timebox_seconds, item.title
