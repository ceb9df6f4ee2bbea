"""A story's open blockers in the Backlog's words: the age at now and the flip past the SLA."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitator.domain.story_block import StoryBlock
from facilitator.errors import InputError

RAISED = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC)
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.mark.parametrize(
    ("after", "count", "sla", "cell", "sentence"),
    [
        (
            dt.timedelta(seconds=20),
            1,
            24,
            "! under 1 min",
            "Blocked for under 1 min, within the team's 24 h SLA (1 open blocker)",
        ),
        (
            dt.timedelta(minutes=45),
            1,
            24,
            "! 45 min",
            "Blocked for 45 min, within the team's 24 h SLA (1 open blocker)",
        ),
        (
            dt.timedelta(hours=24),  # exactly the SLA is still within it
            1,
            24,
            "! 24 h",
            "Blocked for 1 d, within the team's 24 h SLA (1 open blocker)",
        ),
        (
            dt.timedelta(hours=24, minutes=1),
            2,
            24,
            "! 24 h, over SLA",
            "Blocked for 1 d, over the team's 24 h SLA (2 open blockers, the oldest counts)",
        ),
        (
            dt.timedelta(hours=31, minutes=10),
            3,
            48,
            "! 31 h",
            "Blocked for 1 d 7 h, within the team's 48 h SLA (3 open blockers, the oldest counts)",
        ),
        (
            -dt.timedelta(minutes=5),  # raised by a clock a little ahead: no age yet
            1,
            24,
            "! under 1 min",
            "Blocked for under 1 min, within the team's 24 h SLA (1 open blocker)",
        ),
    ],
)
def test_words_at_now(after: dt.timedelta, count: int, sla: int, cell: str, sentence: str) -> None:
    block = StoryBlock(RAISED, count)
    assert block.cell(RAISED + after, sla) == cell
    assert block.sentence(RAISED + after, sla) == sentence


def test_age_is_real_time_across_a_dst_change() -> None:
    # Raised Saturday 12:00 in Berlin before the clocks went back (25 Oct 2026 03:00 → 02:00):
    # a wall-clock day later it is 25 h old, so past a 24 h SLA.
    raised = dt.datetime(2026, 10, 24, 12, 0, tzinfo=BERLIN)
    later = dt.datetime(2026, 10, 25, 12, 0, tzinfo=BERLIN)
    block = StoryBlock(raised)
    assert block.age(later) == dt.timedelta(hours=25)
    assert block.cell(later, 24) == "! 25 h, over SLA"


def test_a_naive_now_is_refused_with_a_message() -> None:
    with pytest.raises(InputError):
        StoryBlock(RAISED).age(dt.datetime(2026, 11, 25, 9, 0))  # a naive time, on purpose


@given(st.integers(min_value=0, max_value=30 * 24 * 60), st.integers(min_value=1, max_value=336))
def test_over_the_sla_exactly_when_older_than_it(minutes: int, sla: int) -> None:
    block = StoryBlock(RAISED)
    now = RAISED + dt.timedelta(minutes=minutes)
    assert block.over_sla(now, sla) == (minutes > sla * 60)
    assert block.cell(now, sla).endswith(", over SLA") == (minutes > sla * 60)
    assert ("over the team's" in block.sentence(now, sla)) == (minutes > sla * 60)
