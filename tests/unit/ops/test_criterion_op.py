"""Adding an acceptance criterion is one op: one transaction, a record naming the story."""

from __future__ import annotations

import datetime as dt

from facilitator.ops import ceremony, refinement
from facilitator.ops import story_editing as edit
from facilitator.ops.changes import ActionContext, Kind
from facilitator.ops.story_reading import load_story
from facilitator.store.db import Store
from tests.helpers.backlog_team import make_team
from tests.helpers.transactions import counting

NOW = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


def test_adding_a_criterion_is_one_transaction_naming_the_story(store: Store) -> None:
    team = make_team(store, stories=1)
    story = team.stories[0]
    with counting(store) as tally:
        done = edit.add_criterion(store, ActionContext(NOW, team.team), story, "Given", team.po)
    assert tally.begins == 1
    assert done.ids_of(Kind.STORY) == {story}
    assert [c.id for c in load_story(store, story).criteria] == [done.created]


def test_a_criterion_added_in_a_run_is_in_its_summary(store: Store) -> None:
    team = make_team(store, stories=1)
    run = refinement.start_refinement(store, ActionContext(NOW, team.team)).run
    assert run is not None
    ctx = ActionContext(NOW, team.team, run.run_id)
    edit.add_criterion(store, ctx, team.stories[0], "Shown on the receipt", team.po)
    finished = ceremony.finish_run(store, ctx).run
    assert finished is not None
    assert any("criterion added: “Shown on the receipt”" in line for line in finished.changes)
