"""What start-up reads for the first screen: the team list and Home's summary in one read, and
the navigation badges counted from that summary, the same counts as reading them anew."""

from __future__ import annotations

import datetime as dt

import pytest

from facilitator.ops.attention import badges_of_home, nav_badges
from facilitator.ops.teams import home_summary, list_teams, opening_view
from facilitator.store.db import Store
from tests.conftest import DEMO_TODAY
from tests.helpers.transactions import counting


def test_the_team_list_and_homes_summary_are_one_transaction(demo_store: Store) -> None:
    now = dt.datetime.combine(DEMO_TODAY, dt.time(10, tzinfo=dt.UTC))
    with counting(demo_store) as tally:
        view = opening_view(demo_store, DEMO_TODAY, now)
    assert tally.begins == 1
    teams = list_teams(demo_store)
    assert view.teams == teams
    assert view.home == home_summary(demo_store, teams[0].id, DEMO_TODAY, now)


def test_an_empty_database_opens_on_no_team(store: Store) -> None:
    view = opening_view(store, DEMO_TODAY, dt.datetime(2026, 11, 25, 10, tzinfo=dt.UTC))
    assert (view.teams, view.home) == ([], None)


# The demo's days: inside the sprint, its last day (review due), after it (retro due), later.
@pytest.mark.parametrize("days", [0, 1, 6, 9, 12, 30])
@pytest.mark.parametrize("hour", [0, 10, 23])
def test_badges_counted_from_homes_summary_equal_badges_read_anew(
    demo_store: Store, days: int, hour: int
) -> None:
    today = DEMO_TODAY + dt.timedelta(days=days)
    now = dt.datetime.combine(today, dt.time(hour, tzinfo=dt.UTC))
    team = list_teams(demo_store)[0].id
    summary = home_summary(demo_store, team, today, now)
    assert badges_of_home(summary, now) == nav_badges(demo_store, team, today, now=now)


def test_some_badges_show_in_the_demo(demo_store: Store) -> None:
    # The comparison above would pass on two empty results; the demo flags something.
    now = dt.datetime.combine(DEMO_TODAY, dt.time(10, tzinfo=dt.UTC))
    team = list_teams(demo_store)[0].id
    badges = badges_of_home(home_summary(demo_store, team, DEMO_TODAY, now), now)
    assert [key for key, badge in badges.items() if badge is not None]


def test_a_frozen_forecast_is_read_once_not_also_counted_from_the_sprints_stories(
    demo_store: Store,
) -> None:
    now = dt.datetime.combine(DEMO_TODAY, dt.time(10, tzinfo=dt.UTC))
    team = list_teams(demo_store)[0].id
    with counting(demo_store) as tally:
        summary = home_summary(demo_store, team, DEMO_TODAY, now)
    assert summary.frozen_forecast.startswith(f"{summary.sprint.name} forecast: ")
    assert summary.forecast_totals is None  # Home says the frozen forecast alone
    sent = [" ".join(s.split()) for s in tally.statements]
    counted = [s for s in sent if s.startswith("SELECT count(*) AS count_1, coalesce(sum(")]
    assert not [s for s in counted if "FROM sprint_story WHERE sprint_story.sprint_id" in s]
