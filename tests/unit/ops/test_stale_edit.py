"""A story edit carries the version it read: a stale one is refused and writes nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from facilitator.domain.ids import StoryId
from facilitator.domain.model import Role, Seniority, Side
from facilitator.errors import FacilitatorError, StaleEdit
from facilitator.ops import story_editing as edit
from facilitator.ops import team_model
from facilitator.ops.changes import ActionContext
from facilitator.store.db import Store
from facilitator.store.models import MemberRow, StoryRow, TeamRow
from tests.helpers.backlog_team import make_team

NOW = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


def _save(store: Store, story: StoryId, read_version: int, **fields: str) -> int:
    """Save through the op; the story's version afterwards."""
    edit.update_story(store, ActionContext(NOW), story, **fields, read_version=read_version)
    return edit.story_fields(store, story).version


def test_a_stale_edit_is_refused_and_nothing_is_overwritten(store: Store) -> None:
    story = make_team(store, stories=1).stories[0]
    read = edit.story_fields(store, story)
    _save(store, story, read.version, title="Theirs")
    with pytest.raises(StaleEdit, match=r"changed elsewhere by .+ since you opened it — reload"):
        _save(store, story, read.version, description="Mine")
    now = edit.story_fields(store, story)
    assert (now.title, now.description) == ("Theirs", "")
    assert issubclass(StaleEdit, FacilitatorError)


def test_each_save_bumps_the_version_and_only_given_fields_are_written(store: Store) -> None:
    story = make_team(store, stories=1).stories[0]
    first = edit.story_fields(store, story)
    assert first.version == 1
    version = _save(store, story, 1, description="D")
    after = edit.story_fields(store, story)
    assert (version, after.version, after.title, after.description) == (2, 2, first.title, "D")
    # Nothing changed: nothing written, the version stays.
    assert _save(store, story, 2, description="D") == 2


def test_undo_is_refused_over_someone_elses_save(store: Store) -> None:
    story = make_team(store, stories=1).stories[0]
    before = edit.story_fields(store, story)
    changes = edit.update_story(
        store, ActionContext(NOW), story, title="Mine", read_version=before.version
    )
    mine = edit.story_fields(store, story).version
    _save(store, story, mine, description="Theirs")
    assert changes.undo is not None
    with pytest.raises(StaleEdit):
        changes.undo.undo(store, ActionContext(NOW))  # the inverse read with my save
    after = edit.story_fields(store, story)
    assert (after.title, after.description) == ("Mine", "Theirs")


def test_team_and_member_rows_are_versioned(store: Store) -> None:
    team = make_team(store, stories=0)
    with store.session() as session:
        row = session.get(TeamRow, team.team)
        member = session.get(MemberRow, team.po)
        assert row is not None
        assert member is not None
        assert (row.version, member.version) == (1, 1)
        row.min_overlap_hours += 1
        member.po_hours_per_week += 1
    with store.session() as session:
        assert session.get(TeamRow, team.team).version == 2  # type: ignore[union-attr]
        assert session.get(MemberRow, team.po).version == 2  # type: ignore[union-attr]
        assert session.query(StoryRow).count() == 0


def _member(name: str) -> team_model.MemberInput:
    return team_model.MemberInput(
        name, Role.ENGINEER, Side.IN_HOUSE, Seniority.MID, "Europe/Berlin", 540, 1020
    )


def test_a_stale_member_save_is_refused_and_writes_nothing(store: Store) -> None:
    team = make_team(store, stories=0)
    read = team_model.team_view(store, team.team, NOW.date(), NOW.date(), NOW.date()).versions
    version = read[f"member:{team.engineer}"]
    team_model.update_member(
        store, ActionContext(NOW, team.team), team.engineer, _member("Theirs"), version
    )
    with pytest.raises(StaleEdit, match=r"^Theirs was changed elsewhere by .+ since you opened it"):
        team_model.update_member(
            store, ActionContext(NOW, team.team), team.engineer, _member("Mine"), version
        )
    with store.session() as session:
        assert session.get(MemberRow, team.engineer).name == "Theirs"  # type: ignore[union-attr]


def test_a_stale_team_settings_save_is_refused(store: Store) -> None:
    team = make_team(store, stories=0)
    view = team_model.team_view(store, team.team, NOW.date(), NOW.date(), NOW.date())
    settings = team_model.TeamSettings(view.team.name, 10, ("Tested",))
    team_model.update_team(
        store,
        ActionContext(NOW, team.team),
        replace(settings, min_overlap_hours=2),
        view.versions["team"],
    )
    with pytest.raises(StaleEdit, match=r"changed elsewhere by .+ since you opened it — reload"):
        team_model.update_team(
            store,
            ActionContext(NOW, team.team),
            replace(settings, name="Mine"),
            view.versions["team"],
        )
    with store.session() as session:
        row = session.get(TeamRow, team.team)
        assert row is not None
        assert (row.name, row.min_overlap_hours) == (view.team.name, 2)


def test_a_stale_estimate_commit_is_refused_and_writes_nothing(store: Store) -> None:
    team = make_team(store, stories=1)
    story = team.stories[0]
    read = edit.story_fields(store, story)
    _save(store, story, read.version, title="Theirs")
    with pytest.raises(StaleEdit, match=r"changed elsewhere by .+ since you opened it — reload"):
        edit.commit_estimate(
            store, ActionContext(NOW), story, "5", team.engineer, read_version=read.version
        )
    assert edit.story_fields(store, story).estimate is None
    edit.commit_estimate(
        store, ActionContext(NOW), story, "5", team.engineer, read_version=read.version + 1
    )
    assert edit.story_fields(store, story).estimate == 5
