"""The backlog listing and the story read carry each story's open blockers, on every backend:
the oldest still open and how many, resolved ones and stories without a blocker left out."""

from __future__ import annotations

import datetime as dt

from facilitator.domain.story_block import StoryBlock
from facilitator.ops import standup
from facilitator.ops.backlog import backlog_rows, load_backlog
from facilitator.ops.changes import ActionContext
from facilitator.ops.story_reading import load_story
from facilitator.store.db import Store
from tests.helpers.backends import any_store
from tests.helpers.backlog_team import make_team

__all__ = ["any_store"]  # the fixture, for pytest

NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)


def test_each_story_carries_its_open_blockers(any_store: Store) -> None:
    store = any_store
    team = make_team(store, stories=3)

    def raise_(hours_ago: int, story: int | None) -> int:
        ctx = ActionContext(NOW - dt.timedelta(hours=hours_ago), team.team)
        sid = None if story is None else team.stories[story]
        created = standup.raise_blocker(store, ctx, team.qa, "Waiting on keys", sid).created
        assert created is not None
        return int(created)

    raise_(2, 0)
    raise_(30, 0)
    resolved = raise_(50, 0)  # older, but resolved: the oldest open one counts
    standup.resolve_blocker(store, ActionContext(NOW, team.team), resolved, "Keys issued")
    raise_(5, None)
    standup.set_sla(store, ActionContext(NOW, team.team), 12)

    listing = load_backlog(store, team.team)
    expected = StoryBlock(NOW - dt.timedelta(hours=30), 2)
    assert listing.blocked == [expected, None, None]
    assert listing.sla_hours == 12
    assert listing.blocked[0] is not None
    assert listing.blocked[0].oldest_raised_at.utcoffset() == dt.timedelta(0)

    rows = backlog_rows(store, team.team, [team.stories[0], team.stories[2]])
    assert (rows.blocked, rows.sla_hours) == ([expected, None], 12)

    story = load_story(store, team.stories[0])
    assert (story.block, story.blocker_sla_hours) == (expected, 12)
    other = load_story(store, team.stories[1])
    assert (other.block, other.blocker_sla_hours) == (None, 12)
