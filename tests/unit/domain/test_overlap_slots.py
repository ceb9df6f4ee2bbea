"""Ceremony slots fit the team's own timeboxes, recur at one local time, and show local times."""

from __future__ import annotations

import datetime as dt

import pytest

from facilitator.domain.model import Role
from facilitator.domain.overlap import DayOverlap, OverlapSummary, summarise
from facilitator.domain.overlap_slots import (
    SlotSuggestion,
    day_positions,
    local_span,
    positions,
    suggest_slots,
    zone_groups,
    zone_label,
)
from facilitator.errors import InputError
from tests.unit.domain.test_overlap import (
    GAP_FIRST,
    GAP_LAST,
    NZ_SUMMER_MONDAY,
    WINTER_MONDAY,
    pacific,
    payments,
    person,
    utc,
)

TIMEBOXES = {"Standup": 15, "Refinement": 120, "Planning": 240, "Review": 120}


def _slots(summary: OverlapSummary, timeboxes: dict[str, int]) -> dict[str, SlotSuggestion]:
    return {s.ceremony: s for s in suggest_slots(summary, timeboxes)}


def test_payments_slots_use_the_teams_timeboxes_every_day() -> None:
    summary = summarise(payments(), WINTER_MONDAY, WINTER_MONDAY + dt.timedelta(days=4), 3)
    slots = _slots(summary, TIMEBOXES)
    assert [s.ceremony for s in suggest_slots(summary, TIMEBOXES)] == list(TIMEBOXES)
    assert slots["Refinement"].note == "12:00–14:00 UTC"  # the team's 2 h, not a 1 h default
    assert slots["Planning"].note == "12:00–16:00 UTC"
    assert slots["Standup"].note == "12:00–12:15 UTC"
    assert slots["Planning"].days_note == "every working day"
    assert len(slots["Planning"].fits) == 5


def test_in_the_2027_gap_slots_use_the_four_hour_days_and_name_the_empty_ones() -> None:
    summary = summarise(pacific(), GAP_FIRST, GAP_LAST, 3)
    slots = _slots(summary, TIMEBOXES)
    refinement = slots["Refinement"]
    assert refinement.start == utc(GAP_FIRST, 20)  # Auckland Tue 09:00, Los Angeles Mon 13:00
    assert refinement.note == "20:00–22:00 UTC"
    assert refinement.days_note == ("12 of 15 working days; not Mon 15 Mar, Mon 22 Mar, Mon 29 Mar")
    assert all("async" not in s.note for s in slots.values())
    assert local_span(refinement.start, 120, "Pacific/Auckland") == "Tue 09:00–11:00"
    assert local_span(refinement.start, 120, "America/Los_Angeles") == "Mon 13:00–15:00"


def test_a_timebox_longer_than_the_stretch_is_split_into_sessions_that_fit() -> None:
    summary = summarise(pacific(), NZ_SUMMER_MONDAY, NZ_SUMMER_MONDAY + dt.timedelta(days=4), 3)
    slot = _slots(summary, {"Planning": 480})["Planning"]
    assert (slot.sessions, slot.session_minutes) == (2, 240)
    assert slot.note == ("8 h does not fit in one stretch: 2 sessions of 4 h, 20:00–24:00 UTC")
    assert slot.days_note == "4 of 5 working days; not Mon 23 Nov"


def test_no_overlap_at_all_says_run_it_async() -> None:
    summary = summarise(
        [person("Asia/Tokyo", 9, 17), person("Europe/London", 9, 17)],
        WINTER_MONDAY,
        WINTER_MONDAY + dt.timedelta(days=4),
        3,
    )
    slot = _slots(summary, {"Review": 60})["Review"]
    assert slot.start is None
    assert slot.end is None
    assert slot.note == "no overlap on any working day: run it async"
    assert slot.days_note == "none"


def test_the_slot_follows_the_anchors_local_time_across_a_clock_change() -> None:
    # Berlin (anchor) with New York over the EU change on 29 March 2026: 13–16 UTC becomes
    # 13–15 UTC, so a 3 h slot at Berlin's 14:00 fits only before the change.
    team = [person("Europe/Berlin", 9, 17, Role.PRODUCT_OWNER), person("America/New_York", 9, 17)]
    summary = summarise(team, dt.date(2026, 3, 23), dt.date(2026, 4, 3), 2)
    slot = _slots(summary, {"Planning": 180})["Planning"]
    assert slot.start == utc(dt.date(2026, 3, 23), 13)
    assert slot.fits == tuple(dt.date(2026, 3, 23) + dt.timedelta(days=n) for n in range(5))
    assert len(slot.misses) == 5


def test_days_without_an_anchor_shift_never_fit() -> None:
    ref = DayOverlap(
        WINTER_MONDAY,
        ((utc(WINTER_MONDAY, 9), utc(WINTER_MONDAY, 12)),),
        (utc(WINTER_MONDAY, 9), utc(WINTER_MONDAY, 17)),
    )
    empty = DayOverlap(WINTER_MONDAY + dt.timedelta(days=1), ())
    slot = _slots(OverlapSummary((ref, empty), 3), {"Standup": 15})["Standup"]
    assert slot.misses == (empty.day,)
    assert day_positions(empty, ref, utc(WINTER_MONDAY, 0)) == ()


def test_zone_groups_put_the_anchor_first_and_skip_inactive_members() -> None:
    team = [
        person("America/Los_Angeles", 9, 17),
        person("Pacific/Auckland", 9, 17, Role.PRODUCT_OWNER),
        person("America/Los_Angeles", 9, 17),
        person("Asia/Tokyo", 9, 17, active=False),
    ]
    groups = zone_groups(team)
    assert [zone for zone, _names in groups] == ["Pacific/Auckland", "America/Los_Angeles"]
    assert groups[1][1] == (team[0].name, team[2].name)
    assert zone_groups([]) == []
    assert zone_label("America/Los_Angeles") == "Los Angeles"
    assert zone_label("UTC") == "UTC"


def test_local_span_refuses_an_unknown_zone() -> None:
    with pytest.raises(InputError, match="not a known IANA time zone"):
        local_span(utc(WINTER_MONDAY, 9), 60, "Mars/Olympus")


def test_band_positions_are_clipped_to_the_24_hours_from_the_origin() -> None:
    origin = utc(WINTER_MONDAY, 12)
    windows = [
        (utc(WINTER_MONDAY, 20), utc(WINTER_MONDAY + dt.timedelta(days=1), 1)),
        (utc(WINTER_MONDAY, 6), utc(WINTER_MONDAY, 13)),
        (utc(WINTER_MONDAY, 1), utc(WINTER_MONDAY, 2)),
    ]
    assert positions(windows, origin) == ((480, 780), (0, 60))


def test_each_day_is_placed_on_the_band_at_the_anchors_local_time() -> None:
    summary = summarise(pacific(), NZ_SUMMER_MONDAY, NZ_SUMMER_MONDAY + dt.timedelta(days=4), 3)
    ref = summary.days[1]
    origin = utc(NZ_SUMMER_MONDAY, 12)
    assert day_positions(summary.days[3], ref, origin) == ((480, 780),)
    assert day_positions(summary.days[0], ref, origin) == ()
