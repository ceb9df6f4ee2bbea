"""The decision log: a named decision-maker, cycle times exact across DST, over 24 h flagged."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitator.domain.blockers import StoryRef
from facilitator.domain.decisions import (
    DECISION_TARGET_HOURS,
    Cycle,
    Decision,
    DecisionAuthority,
    DecisionKind,
    Stage,
    act_on,
    check_path,
    decide,
    default_authority,
    over_target,
    raise_decision,
)
from facilitator.domain.ids import MemberId, RunId, StoryId, TeamId
from facilitator.domain.model import Member, Role, Seniority, Side
from facilitator.errors import InputError, RuleViolation

UTC = dt.UTC
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")
TEAM = TeamId(1)
OTHER = TeamId(2)


def person(
    mid: int,
    role: Role = Role.ENGINEER,
    side: Side = Side.OUTSOURCED,
    team: TeamId = TEAM,
    active: bool = True,
) -> Member:
    return Member(
        MemberId(mid),
        team,
        f"P{mid}",
        role,
        side,
        Seniority.MID,
        "Europe/Berlin",
        540,
        1020,
        active,
    )


PO = person(1, Role.PRODUCT_OWNER, Side.IN_HOUSE)
LEAD_OUT = person(2, Role.TECH_LEAD)
LEAD_IN = person(3, Role.TECH_LEAD, Side.IN_HOUSE)
DEV = person(4)
GONE = person(5, active=False)
STRANGER = person(6, team=OTHER)
MEMBERS = [PO, LEAD_OUT, LEAD_IN, DEV, GONE, STRANGER]
T0 = dt.datetime(2026, 12, 1, 9, tzinfo=UTC)


def question(raised: dt.datetime = T0) -> Decision:
    return raise_decision(TEAM, "Which queue?", DEV.id, raised, LEAD_IN.id, MEMBERS)


def test_authority_defaults_to_the_in_house_tech_lead_and_the_po() -> None:
    authority = default_authority(MEMBERS)
    assert authority == DecisionAuthority(technical=LEAD_IN.id, priorities=PO.id)
    assert authority.decider(DecisionKind.TECHNICAL) == LEAD_IN.id
    assert authority.decider(DecisionKind.PRIORITY) == PO.id
    assert authority.decider(DecisionKind.OTHER) is None
    assert default_authority([LEAD_OUT, DEV]) == DecisionAuthority(technical=LEAD_OUT.id)
    assert default_authority([GONE]) == DecisionAuthority()
    assert [k.label for k in DecisionKind] == ["Technical", "Priorities", "Other"]


def test_the_escalation_path_text_is_checked() -> None:
    assert check_path("  PO and tech lead,   then the CTO\n") == "PO and tech lead,   then the CTO"
    assert check_path("") == ""
    with pytest.raises(InputError, match="Escalation path is 1001 characters"):
        check_path("x" * 1001)


def test_a_question_is_linked_to_its_run_and_story() -> None:
    made = raise_decision(
        TEAM,
        "  Ship Friday?  ",
        DEV.id,
        dt.datetime(2026, 12, 1, 10, tzinfo=BERLIN),
        PO.id,
        MEMBERS,
        DecisionKind.PRIORITY,
        RunId(12),
        StoryRef(StoryId(7), TEAM, "PAY-7"),
    )
    assert made == Decision(
        0,
        TEAM,
        "Ship Friday?",
        DEV.id,
        T0,
        PO.id,
        DecisionKind.PRIORITY,
        run_id=RunId(12),
        story_id=StoryId(7),
    )
    assert made.stage is Stage.RAISED


@pytest.mark.parametrize(
    ("raised_by", "maker", "story", "text", "error", "message"),
    [
        (4, None, None, "Q", RuleViolation, "Decision: name the decision-maker, the team member"),
        (4, 6, None, "Q", RuleViolation, "the decision-maker must be a member of this team"),
        (4, 99, None, "Q", RuleViolation, "the decision-maker must be a member"),
        (4, 5, None, "Q", RuleViolation, "P5 is no longer active in the team"),
        (6, 1, None, "Q", RuleViolation, "the person raising it must be a member"),
        (
            4,
            1,
            StoryRef(StoryId(9), OTHER, "OPS-9"),
            "Q",
            RuleViolation,
            "Decision: story OPS-9 belongs to another team",
        ),
        (4, 1, None, " ", InputError, "Question: must not be empty"),
    ],
)
def test_bad_questions_are_refused_with_a_clear_message(
    raised_by: int,
    maker: int | None,
    story: StoryRef | None,
    text: str,
    error: type[Exception],
    message: str,
) -> None:
    with pytest.raises(error, match=message):
        raise_decision(
            TEAM,
            text,
            MemberId(raised_by),
            T0,
            None if maker is None else MemberId(maker),
            MEMBERS,
            story=story,
        )


def test_a_question_at_a_time_without_zone_is_refused() -> None:
    with pytest.raises(InputError, match="Raised at: the time has no time zone"):
        raise_decision(TEAM, "Q", DEV.id, dt.datetime(2026, 12, 1), PO.id, MEMBERS)


@pytest.mark.parametrize(
    ("decided", "acted", "now", "hours", "still_open", "label"),
    [
        # Waiting for a decision: the wait so far, still open.
        (
            None,
            None,
            T0 + dt.timedelta(hours=3, minutes=20),
            3 + 1 / 3,
            True,
            "3 h 20 min (still open)",
        ),
        (None, None, T0 + dt.timedelta(hours=30), 30, True, "1 d 6 h (still open) · over 24 h"),
        # Decided, not yet acted on: decided − raised, still open, not growing with now.
        (T0 + dt.timedelta(hours=2), None, T0 + dt.timedelta(days=9), 2, True, "2 h (still open)"),
        # Acted on: acted-on − raised.
        (
            T0 + dt.timedelta(hours=2),
            T0 + dt.timedelta(hours=24),
            T0 + dt.timedelta(days=9),
            24,
            False,
            "1 d",
        ),
        (
            T0 + dt.timedelta(hours=2),
            T0 + dt.timedelta(hours=26),
            T0,
            26,
            False,
            "1 d 2 h · over 24 h",
        ),
    ],
)
def test_cycle_time_by_stage(
    decided: dt.datetime | None,
    acted: dt.datetime | None,
    now: dt.datetime,
    hours: float,
    still_open: bool,
    label: str,
) -> None:
    d = question()
    if decided is not None:
        d = decide(d, decided, "Use the managed queue")
    if acted is not None:
        d = act_on(d, acted)
    cycle = d.cycle(now)
    assert cycle.hours == pytest.approx(hours)
    assert cycle.open is still_open
    assert cycle.label == label
    assert cycle.over_target is (hours > DECISION_TARGET_HOURS)


@pytest.mark.parametrize(
    ("raised", "acted", "hours"),
    [
        (
            dt.datetime(2026, 10, 24, 17, tzinfo=BERLIN),
            dt.datetime(2026, 10, 25, 17, tzinfo=BERLIN),
            25,
        ),
        (
            dt.datetime(2026, 3, 28, 17, tzinfo=BERLIN),
            dt.datetime(2026, 3, 29, 17, tzinfo=BERLIN),
            23,
        ),
        (
            dt.datetime(2026, 10, 31, 17, tzinfo=NEW_YORK),
            dt.datetime(2026, 11, 1, 17, tzinfo=NEW_YORK),
            25,
        ),
        (
            dt.datetime(2026, 3, 28, 9, tzinfo=BERLIN),
            dt.datetime(2026, 3, 28, 9, tzinfo=NEW_YORK),
            # New York has changed its clocks (8 March), Berlin not yet (29 March): 5 h, not 6.
            5,
        ),
    ],
)
def test_cycle_time_is_exact_across_dst(
    raised: dt.datetime, acted: dt.datetime, hours: float
) -> None:
    d = act_on(decide(question(raised), raised, "Yes"), acted)
    assert d.cycle(acted).hours == hours
    assert d.cycle(acted).over_target is (hours > 24)
    assert d.stage is Stage.ACTED_ON
    assert [s.label for s in Stage] == ["waiting for a decision", "decided", "acted on"]


def test_decided_and_acted_on_times_must_follow_each_other() -> None:
    d = question()
    with pytest.raises(RuleViolation) as refused:
        decide(d, dt.datetime(2026, 12, 1, 9, 30, tzinfo=BERLIN), "Yes")
    assert str(refused.value) == (
        "Decision: the decision (Tue 1 Dec 08:30 UTC) is before the question "
        "(Tue 1 Dec 09:00 UTC); check the time"
    )
    with pytest.raises(RuleViolation, match="decide it before marking it acted on"):
        act_on(d, T0)
    decided = decide(d, T0 + dt.timedelta(hours=1), " Yes ")
    assert (decided.decision, decided.stage) == ("Yes", Stage.DECIDED)
    with pytest.raises(RuleViolation, match="already decided"):
        decide(decided, T0 + dt.timedelta(hours=2), "No")
    with pytest.raises(RuleViolation, match=r"acting on it .* is before the decision"):
        act_on(decided, T0)
    done = act_on(decided, T0 + dt.timedelta(hours=1))
    with pytest.raises(RuleViolation, match="already acted on"):
        act_on(done, T0 + dt.timedelta(hours=2))
    with pytest.raises(InputError, match="Decision: must not be empty"):
        decide(d, T0, "  ")
    with pytest.raises(InputError, match="Decided at: the time has no time zone"):
        decide(d, dt.datetime(2026, 12, 1, 10), "Yes")


def test_decisions_over_24_h_longest_first() -> None:
    now = T0 + dt.timedelta(days=3)
    fast = act_on(decide(question(), T0, "a"), T0 + dt.timedelta(hours=1))
    slow = act_on(decide(question(), T0, "b"), T0 + dt.timedelta(hours=30))
    waiting = question(T0 + dt.timedelta(hours=1))
    assert over_target([fast, slow, waiting], now) == [waiting, slow]


def test_a_negative_cycle_from_a_clock_ahead_counts_as_none() -> None:
    assert question().cycle(T0 - dt.timedelta(minutes=5)) == Cycle(dt.timedelta(), True)


STAMPS = st.datetimes(
    min_value=dt.datetime(2026, 1, 1),
    max_value=dt.datetime(2027, 12, 31),
    timezones=st.sampled_from([UTC, BERLIN, NEW_YORK]),
)
GAPS = st.timedeltas(min_value=dt.timedelta(0), max_value=dt.timedelta(days=10))


@given(STAMPS, GAPS, GAPS)
def test_acted_on_cycle_is_the_sum_of_both_waits(
    raised: dt.datetime, to_decide: dt.timedelta, to_act: dt.timedelta
) -> None:
    decided_at = (raised.astimezone(UTC) + to_decide).astimezone(NEW_YORK)
    acted_at = (decided_at.astimezone(UTC) + to_act).astimezone(BERLIN)
    decided = decide(question(raised), decided_at, "ok")
    assert decided.cycle(acted_at) == Cycle(to_decide, True)
    assert act_on(decided, acted_at).cycle(raised) == Cycle(to_decide + to_act, False)
