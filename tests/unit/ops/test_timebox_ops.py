"""Timebox use cases against a real migrated SQLite store: persistence, restore, history."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from facilitator.domain.ids import TeamId
from facilitator.domain.timebox import Ceremony, Phase
from facilitator.domain.timebox_records import PresenterSettings
from facilitator.errors import InputError, RuleViolation
from facilitator.ops import timebox as ops
from facilitator.ops.teams import create_team
from facilitator.store.db import Store
from tests.helpers.records import session_records

T0 = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)


def at(minutes: float) -> dt.datetime:
    return T0 + dt.timedelta(minutes=minutes)


@pytest.fixture
def team(store: Store) -> TeamId:
    return create_team(store, "Payments", 10, ["Tested"])


def test_defaults_follow_the_rule_until_the_team_changes_them(store: Store, team: TeamId) -> None:
    minutes = ops.ceremony_minutes(store, team)
    assert minutes[Ceremony.PLANNING] == (240, 240)
    assert minutes[Ceremony.REFINEMENT] == (120, 120)
    ops.set_ceremony_minutes(store, team, Ceremony.RETRO, 60)
    assert ops.ceremony_minutes(store, team)[Ceremony.RETRO] == (60, 90)
    ops.set_ceremony_minutes(store, team, Ceremony.RETRO, 75)
    assert ops.ceremony_minutes(store, team)[Ceremony.RETRO] == (75, 90)
    ops.set_ceremony_minutes(store, team, Ceremony.RETRO, None)
    assert ops.ceremony_minutes(store, team)[Ceremony.RETRO] == (90, 90)
    with pytest.raises(InputError):
        ops.set_ceremony_minutes(store, team, Ceremony.RETRO, 0)
    with pytest.raises(InputError):
        ops.ceremony_minutes(store, TeamId(999))


def test_viewing_a_timer_writes_nothing(store: Store, team: TeamId) -> None:
    view = ops.load_timer(store, team, Ceremony.STANDUP)
    assert view.run_id is None
    assert view.state.read(at(0)).phase is Phase.READY
    assert session_records(store, team) == []


def test_started_timer_is_restored_at_the_right_remaining_time(store: Store, team: TeamId) -> None:
    view = ops.load_timer(store, team, Ceremony.REFINEMENT, [("Refine", 1.0)])
    view = ops.start_timer(store, view, at(0))
    view = ops.extend_timer(store, view, 10, "Two stories left", at(100))
    # "Restart": a new load, later, sees the same timer still running.
    again = ops.load_timer(store, team, Ceremony.REFINEMENT)
    assert again.run_id == view.run_id
    reading = again.state.read(at(30))
    assert reading.running
    assert reading.remaining == pytest.approx((120 + 10 - 30) * 60)
    assert again.state.extensions[0].reason == "Two stories left"


def test_pause_next_finish_and_record(store: Store, team: TeamId) -> None:
    assert [i.title for i in ops.load_timer(store, team, Ceremony.STANDUP).state.items] == [
        "Blockers"
    ]
    view = ops.load_timer(store, team, Ceremony.STANDUP, [("Updates", 0.6), ("Blockers", 0.4)])
    view = ops.start_timer(store, view, at(0))
    view = ops.pause_timer(store, view, at(5))
    view = ops.start_timer(store, view, at(10))
    view = ops.next_item(store, view, at(15))
    restored = ops.load_timer(store, team, Ceremony.STANDUP).state
    assert restored.current == 1
    assert restored.elapsed[0] == pytest.approx(600)
    view = ops.finish_timer(store, view, at(25))
    assert ops.load_timer(store, team, Ceremony.STANDUP).run_id is None
    (record,) = session_records(store, team, Ceremony.STANDUP)
    assert record.started_at == T0
    assert record.ended_at == at(25)
    assert record.timebox_seconds == 15 * 60
    assert record.elapsed_seconds == pytest.approx(20 * 60)
    # Updates: 10 min of 9; Blockers: 10 min of 6.
    assert record.overtime_seconds == 60 + 4 * 60
    assert not record.within_timebox


def test_actions_on_a_finished_session_are_refused(store: Store, team: TeamId) -> None:
    view = ops.start_timer(store, ops.load_timer(store, team, Ceremony.RETRO), at(0))
    finished = ops.finish_timer(store, view, at(1))
    with pytest.raises(RuleViolation):
        ops.pause_timer(store, view, at(2))
    with pytest.raises(InputError):
        ops.choose_timeboxes(finished, [60] * 6)


def test_two_windows_never_undo_each_others_pause(store: Store, team: TeamId) -> None:
    first = ops.start_timer(store, ops.load_timer(store, team, Ceremony.REVIEW), at(0))
    second = ops.load_timer(store, team, Ceremony.REVIEW)
    ops.pause_timer(store, first, at(5))
    # The second window still thinks it is running and pauses too: a no-op, not a resume.
    paused = ops.pause_timer(store, second, at(7))
    assert not paused.state.is_running
    assert paused.state.elapsed[0] == pytest.approx(300)


def test_extension_before_start_saves_a_paused_session(store: Store, team: TeamId) -> None:
    view = ops.load_timer(store, team, Ceremony.REFINEMENT)
    view = ops.extend_timer(store, view, 5, "Big story", at(0))
    assert view.run_id is not None
    assert not view.state.is_running
    assert view.state.item_timebox(0) == (120 + 5) * 60


def test_suggestion_comes_from_recent_sessions(store: Store, team: TeamId) -> None:
    for day, minutes in enumerate((50, 55, 60, 58, 200)):
        start = at(day * 24 * 60)
        view = ops.load_timer(store, team, Ceremony.REFINEMENT, [("Refine", 1.0)])
        view = ops.start_timer(store, view, start)
        ops.finish_timer(store, view, start + dt.timedelta(minutes=minutes))
    view = ops.load_timer(store, team, Ceremony.REFINEMENT, [("refine ", 1.0)])
    assert view.defaults == (120 * 60,)
    assert view.suggestions == (57 * 60,)  # 200 dropped as an outlier; median 56.5 → 57
    assert view.has_suggestion
    chosen = ops.choose_timeboxes(view, [s or 0 for s in view.suggestions])
    assert chosen.state.items[0].timebox_seconds == 57 * 60


def test_presenter_settings_are_remembered_per_team(store: Store, team: TeamId) -> None:
    other = create_team(store, "Risk", 10, ["Tested"])
    assert ops.presenter_settings(store, team) == PresenterSettings()
    ops.update_presenter_settings(store, team, lambda s: replace(s, scale=1.5, sound=False))
    ops.update_presenter_settings(store, team, lambda s: s.zoomed(+10))
    assert not ops.presenter_settings(store, team).sound
    assert ops.presenter_settings(store, team).scale == 2.5  # 1.5 and ten steps of 0.1
    assert ops.presenter_settings(store, other).scale == 1.0
    assert PresenterSettings(scale=2.95).zoomed(+3).scale == 3.0
    assert PresenterSettings(scale=1.1).zoomed(-3).scale == 1.0


def test_empty_agenda_is_refused(store: Store, team: TeamId) -> None:
    with pytest.raises(InputError):
        ops.load_timer(store, team, Ceremony.RETRO, [])
