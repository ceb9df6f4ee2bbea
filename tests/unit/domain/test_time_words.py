"""Ages are exact across DST changes and read as words; UTC moments read on a member's clock."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitator.domain.dates import date_words, day_month
from facilitator.domain.time_words import (
    as_utc,
    elapsed,
    format_age,
    format_hours_value,
    format_whole_hours,
    hours_of,
    local_date,
    local_time_label,
    utc_words,
)
from facilitator.errors import InputError

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")
UTC = dt.UTC


@pytest.mark.parametrize(
    ("delta", "words"),
    [
        (dt.timedelta(0), "under 1 min"),
        (dt.timedelta(seconds=59), "under 1 min"),
        (dt.timedelta(seconds=-90), "under 1 min"),
        (dt.timedelta(minutes=1), "1 min"),
        (dt.timedelta(minutes=45, seconds=59), "45 min"),
        (dt.timedelta(hours=3), "3 h"),
        (dt.timedelta(hours=3, minutes=20), "3 h 20 min"),
        (dt.timedelta(hours=23, minutes=59), "23 h 59 min"),
        (dt.timedelta(hours=24), "1 d"),
        (dt.timedelta(days=2, hours=4), "2 d 4 h"),
        (dt.timedelta(days=2, minutes=59), "2 d"),
        (dt.timedelta(days=12, hours=23, minutes=59), "12 d 23 h"),
    ],
)
def test_ages_in_words(delta: dt.timedelta, words: str) -> None:
    assert format_age(delta) == words


@pytest.mark.parametrize(
    ("delta", "words"),
    [
        (dt.timedelta(minutes=45), "45 min"),
        (dt.timedelta(minutes=60), "1 h"),
        (dt.timedelta(hours=26, minutes=59), "26 h"),
        (dt.timedelta(days=3), "72 h"),
        (dt.timedelta(seconds=-5), "under 1 min"),
    ],
)
def test_flag_numbers_are_whole_hours(delta: dt.timedelta, words: str) -> None:
    assert format_whole_hours(delta) == words


def test_hours_figures_in_words_say_no_data_for_none() -> None:
    assert format_hours_value(None) == "no data"
    assert format_hours_value(0.0) == "under 1 min"
    assert format_hours_value(3.5) == "3 h 30 min"
    assert format_hours_value(52) == "2 d 4 h"


@pytest.mark.parametrize(
    ("start", "end", "hours"),
    [
        # Berlin springs forward at 02:00 on 2026-03-29: 01:30 CET to 03:30 CEST is one hour.
        (
            dt.datetime(2026, 3, 29, 1, 30, tzinfo=BERLIN),
            dt.datetime(2026, 3, 29, 3, 30, tzinfo=BERLIN),
            1.0,
        ),
        # Noon to noon over the spring change is 23 h, over the autumn change (2026-10-25) 25 h.
        (
            dt.datetime(2026, 3, 28, 12, tzinfo=BERLIN),
            dt.datetime(2026, 3, 29, 12, tzinfo=BERLIN),
            23.0,
        ),
        (
            dt.datetime(2026, 10, 24, 12, tzinfo=BERLIN),
            dt.datetime(2026, 10, 25, 12, tzinfo=BERLIN),
            25.0,
        ),
        # New York changes on 2026-03-08 and 2026-11-01.
        (
            dt.datetime(2026, 3, 7, 9, tzinfo=NEW_YORK),
            dt.datetime(2026, 3, 9, 9, tzinfo=NEW_YORK),
            47.0,
        ),
        (
            dt.datetime(2026, 10, 31, 9, tzinfo=NEW_YORK),
            dt.datetime(2026, 11, 1, 9, tzinfo=NEW_YORK),
            25.0,
        ),
        # Across zones: 09:00 Berlin (CEST) to 09:00 New York (EDT) on 2026-04-01 is six hours.
        (
            dt.datetime(2026, 4, 1, 9, tzinfo=BERLIN),
            dt.datetime(2026, 4, 1, 9, tzinfo=NEW_YORK),
            6.0,
        ),
        # In the weeks when only Europe has changed, the gap is five hours.
        (
            dt.datetime(2026, 10, 26, 9, tzinfo=BERLIN),
            dt.datetime(2026, 10, 26, 9, tzinfo=NEW_YORK),
            5.0,
        ),
    ],
)
def test_elapsed_time_is_exact_across_dst_changes(
    start: dt.datetime, end: dt.datetime, hours: float
) -> None:
    assert hours_of(elapsed(start, end)) == hours


def test_plain_subtraction_in_one_zone_would_be_wrong() -> None:
    """The trap elapsed() avoids: same-zone aware subtraction compares wall clocks."""
    start = dt.datetime(2026, 10, 24, 12, tzinfo=BERLIN)
    end = dt.datetime(2026, 10, 25, 12, tzinfo=BERLIN)
    assert end - start == dt.timedelta(hours=24)
    assert elapsed(start, end) == dt.timedelta(hours=25)


def test_times_without_a_zone_are_refused_with_the_field_name() -> None:
    naive = dt.datetime(2026, 12, 1, 9)
    aware = dt.datetime(2026, 12, 1, 9, tzinfo=UTC)
    with pytest.raises(InputError, match="End: the time has no time zone"):
        elapsed(aware, naive)
    with pytest.raises(InputError, match="Start: the time has no time zone"):
        elapsed(naive, aware)
    with pytest.raises(InputError, match="Raised at"):
        as_utc(naive, "Raised at")
    assert as_utc(dt.datetime(2026, 7, 1, 11, tzinfo=BERLIN)).hour == 9


@pytest.mark.parametrize(
    ("moment", "zone", "with_day", "label"),
    [
        (dt.datetime(2026, 12, 1, 14, 5, tzinfo=UTC), "Europe/Lisbon", False, "14:05 Lisbon"),
        (dt.datetime(2026, 7, 1, 13, 5, tzinfo=UTC), "Europe/Lisbon", False, "14:05 Lisbon"),
        (dt.datetime(2026, 12, 1, 14, 5, tzinfo=UTC), "Europe/Lisbon", True, "Tue 14:05 Lisbon"),
        (dt.datetime(2026, 12, 1, 14, 5, tzinfo=UTC), "America/New_York", False, "09:05 New York"),
        (
            dt.datetime(2026, 12, 1, 14, 5, tzinfo=UTC),
            "Pacific/Auckland",
            True,
            "Wed 03:05 Auckland",
        ),
        (dt.datetime(2026, 12, 1, 14, 5, tzinfo=BERLIN), "UTC", False, "13:05 UTC"),
        (dt.datetime(2026, 3, 29, 0, 59, tzinfo=UTC), "Europe/Berlin", False, "01:59 Berlin"),
        (dt.datetime(2026, 3, 29, 1, 0, tzinfo=UTC), "Europe/Berlin", False, "03:00 Berlin"),
        (dt.datetime(2026, 3, 31, 18, 30, tzinfo=UTC), "Asia/Kolkata", False, "00:00 Kolkata"),
    ],
)
def test_local_time_labels(moment: dt.datetime, zone: str, with_day: bool, label: str) -> None:
    assert local_time_label(moment, zone, with_day=with_day) == label


def test_local_time_label_refuses_unknown_zones_and_naive_times() -> None:
    with pytest.raises(InputError, match="not a known IANA time zone"):
        local_time_label(dt.datetime(2026, 12, 1, tzinfo=UTC), "Mars/Olympus")
    with pytest.raises(InputError, match="no time zone"):
        local_time_label(dt.datetime(2026, 12, 1), "Europe/Lisbon")


def test_local_date_is_the_wall_calendar_of_the_zone() -> None:
    moment = dt.datetime(2026, 12, 4, 12, tzinfo=UTC)
    assert local_date(moment, "Pacific/Auckland") == dt.date(2026, 12, 5)
    assert local_date(moment, "America/Los_Angeles") == dt.date(2026, 12, 4)


ZONES = st.sampled_from(
    ["UTC", "Europe/Berlin", "America/New_York", "Pacific/Auckland", "Asia/Kolkata"]
)
MOMENTS = st.datetimes(
    min_value=dt.datetime(2025, 1, 1),
    max_value=dt.datetime(2028, 1, 1),
    timezones=ZONES.map(zoneinfo.ZoneInfo),
)


@given(MOMENTS, MOMENTS)
def test_elapsed_is_the_difference_of_timestamps(start: dt.datetime, end: dt.datetime) -> None:
    assert elapsed(start, end).total_seconds() == pytest.approx(end.timestamp() - start.timestamp())
    assert elapsed(start, end) == -elapsed(end, start)


@given(st.timedeltas(min_value=dt.timedelta(minutes=1), max_value=dt.timedelta(days=400)))
def test_age_words_round_down_to_their_last_unit(delta: dt.timedelta) -> None:
    numbers = format_age(delta).split()
    units = {"d": dt.timedelta(days=1), "h": dt.timedelta(hours=1), "min": dt.timedelta(minutes=1)}
    shown = sum(
        (int(value) * units[unit] for value, unit in zip(numbers[::2], numbers[1::2], strict=True)),
        dt.timedelta(),
    )
    # Ages of a day or more are shown to the hour, shorter ones to the minute.
    step = units["h"] if "d" in numbers else units["min"]
    assert shown <= delta < shown + step


@pytest.mark.parametrize(
    ("day", "words"),
    [
        (dt.date(2026, 12, 4), "Fri 4 Dec 2026"),  # no leading zero
        (dt.date(2026, 3, 2), "Mon 2 Mar 2026"),
        (dt.date(2027, 1, 31), "Sun 31 Jan 2027"),
        (dt.date(2028, 2, 29), "Tue 29 Feb 2028"),
    ],
)
def test_a_date_reads_with_its_weekday_day_month_and_year(day: dt.date, words: str) -> None:
    assert date_words(day) == words


@pytest.mark.parametrize(
    ("day", "words"),
    [(dt.date(2026, 12, 4), "4 Dec"), (dt.date(2026, 11, 30), "30 Nov")],
)
def test_a_day_of_the_sprint_reads_short_without_a_leading_zero(day: dt.date, words: str) -> None:
    assert day_month(day) == words


def test_an_instant_reads_on_the_utc_clock_with_its_day() -> None:
    at = dt.datetime(2026, 12, 1, 9, 30, tzinfo=BERLIN)
    assert utc_words(at) == "Tue 1 Dec 08:30 UTC"
