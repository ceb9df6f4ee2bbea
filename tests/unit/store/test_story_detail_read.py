"""The editor's story read (six plain statements, one read-only transaction) on every backend:
what it shows, and a readiness verdict that agrees with the one counted for the Backlog."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import event

from facilitator.ops import story_context, story_editing
from facilitator.ops.changes import ActionContext
from facilitator.ops.story_reading import open_story, readiness_of_many
from facilitator.store.db import Store
from tests.helpers.backends import any_store
from tests.helpers.backlog_team import make_team

__all__ = ["any_store"]  # the fixture, for pytest

NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)


def test_the_story_read_shows_everything_and_agrees_on_readiness(any_store: Store) -> None:
    store = any_store
    team = make_team(store, stories=3)
    ctx = ActionContext(NOW, team.team)
    story, other = team.stories[0], team.stories[1]
    first_key, other_key = (
        open_story(store, story, None)[0].key,
        open_story(store, other, None)[0].key,
    )
    story_editing.add_criterion(store, ctx, story, "Given a rate, then it shows", team.po)
    story_editing.add_criterion(store, ctx, story, "Given a fee, then it shows", team.engineer)
    first = story_editing.add_assumption(store, ctx, story, "Ledger keeps cents").created
    story_editing.add_assumption(store, ctx, story, "Rates come hourly")
    assert first is not None
    story_editing.review_assumption(store, ctx, int(first), team.engineer)
    story_context.add_dependency(store, ctx, story, on_key=other_key, description="the API")
    story_context.add_dependency(store, ctx, story, external_party="Bank")
    story_context.add_risk(
        store, ctx, story, text="Rates late", severity="high", mitigation="cache", owner="Ana"
    )
    item = story_context.add_team_dor_item(store, ctx, "UX mock attached").created
    story_context.add_team_dor_item(store, ctx, "Copy reviewed")
    assert item is not None
    story_context.set_dor_check(store, ctx, story, int(item), True)
    story_editing.commit_estimate(store, ctx, story, "3", team.engineer)

    begins: list[str] = []

    def _statement(_conn: object, _cursor: object, sql: str, *_rest: object) -> None:
        if sql.strip().upper().startswith("BEGIN"):
            begins.append(sql.strip().upper())

    event.listen(store.engine, "before_cursor_execute", _statement)
    try:
        detail, members = open_story(store, story, None)
        again, none = open_story(store, other, team.team)
    finally:
        event.remove(store.engine, "before_cursor_execute", _statement)

    if store.is_sqlite:  # a read never takes the write lock
        assert begins == ["BEGIN", "BEGIN"]
    assert none is None  # the editor already shows this team's members
    assert members is not None
    assert {m.id for m in members} >= {team.po, team.engineer}
    assert again.key == other_key
    assert again.criteria == []
    assert detail.key == first_key
    assert detail.title == "Story number 1"
    assert [c.text for c in detail.criteria] == [
        "Given a rate, then it shows",
        "Given a fee, then it shows",
    ]
    assert [(a.text, a.reviewed_by is not None) for a in detail.assumptions] == [
        ("Ledger keeps cents", True),
        ("Rates come hourly", False),
    ]
    reviewed = detail.assumptions[0].reviewed_at
    assert reviewed is not None
    assert reviewed.tzinfo is not None
    assert [(d.target, d.external, d.description) for d in detail.dependencies] == [
        (other_key, False, "the API"),
        ("Bank", True, ""),
    ]
    assert [(r.text, r.severity, r.mitigation, r.owner) for r in detail.risks] == [
        ("Rates late", "high", "cache", "Ana")
    ]
    assert [(c.text, c.checked) for c in detail.checks] == [
        ("UX mock attached", True),
        ("Copy reviewed", False),
    ]
    assert detail.estimate == 3
    assert detail.committed_by is not None
    assert detail.committed_at is not None
    assert detail.committed_at.tzinfo is not None
    counted = readiness_of_many(store, team.team, [story])[story]
    assert detail.readiness == counted
    assert not detail.readiness.ready  # an unreviewed assumption, open deps, an unchecked item
