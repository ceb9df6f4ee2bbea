"""The words the screens show for domain values, and edge cases the other domain tests skip."""

from __future__ import annotations

import datetime as dt

import pytest

from facilitator.domain.engagement import PartnerFilter
from facilitator.domain.ids import MemberId, TeamId
from facilitator.domain.model import Member, Role, Seniority, Side
from facilitator.domain.readiness import ready_points
from facilitator.domain.timebox import AgendaItem, Ceremony, TimerState
from facilitator.errors import RuleViolation

UTC = dt.UTC
MONDAY = dt.date(2026, 1, 12)


def _member(start_min: int, end_min: int, zone: str = "UTC") -> Member:
    return Member(
        id=MemberId(1),
        team_id=TeamId(1),
        name="Ana",
        role=Role.ENGINEER,
        side=Side.IN_HOUSE,
        seniority=Seniority.SENIOR,
        timezone=zone,
        work_start_min=start_min,
        work_end_min=end_min,
    )


def test_sides_read_as_words() -> None:
    assert [side.label for side in (Side.IN_HOUSE, Side.OUTSOURCED)] == ["in-house", "outsourced"]


def test_working_hours_read_as_a_clock_range() -> None:
    assert _member(9 * 60, 17 * 60 + 30).hours_label == "09:00–17:30"
    assert _member(22 * 60 + 5, 6 * 60).hours_label == "22:05–06:00"


def test_every_ceremony_has_a_name() -> None:
    assert [c.label for c in Ceremony] == [
        "Planning",
        "Refinement",
        "Standup",
        "Review",
        "Retrospective",
    ]


def test_every_partner_filter_has_a_name_and_a_question() -> None:
    for which in PartnerFilter:
        assert which.label
        assert which.question != which.label
    assert len({f.label for f in PartnerFilter}) == len(PartnerFilter)


def test_ready_points_count_only_ready_stories() -> None:
    assert ready_points([(True, 3.0), (False, 8.0), (True, None), (True, 0.5)]) == 3.5
    assert ready_points([]) == 0


def test_timeboxes_are_chosen_before_the_start_one_per_item() -> None:
    state = TimerState(Ceremony.RETRO, (AgendaItem("Gather", 600), AgendaItem("Decide", 600)))
    assert [i.timebox_seconds for i in state.with_timeboxes([300, 900]).items] == [300, 900]
    with pytest.raises(RuleViolation, match="one timebox per agenda item"):
        state.with_timeboxes([300])
    started = state.start(dt.datetime(2026, 1, 12, 10, tzinfo=UTC))
    with pytest.raises(RuleViolation, match="before the ceremony starts"):
        started.with_timeboxes([300, 900])
