"""The forecast: pulled from the top, only Ready stories, never above capacity (rule 3)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitator.domain.forecast import Candidate, Forecast, open_items_of, points_words
from facilitator.domain.ids import MemberId, StoryId, TeamId
from facilitator.domain.model import Member, Role, Seniority, Side
from facilitator.domain.readiness import Readiness, ReadinessFacts, check_readiness
from facilitator.domain.signed import Signed
from facilitator.errors import FacilitatorError, InputError, RuleViolation

AT = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)
PO = Member(
    MemberId(1),
    TeamId(1),
    "Pia",
    Role.PRODUCT_OWNER,
    Side.IN_HOUSE,
    Seniority.SENIOR,
    "UTC",
    540,
    1020,
)
ANA = Member(
    MemberId(2),
    TeamId(1),
    "Ana",
    Role.TECH_LEAD,
    Side.OUTSOURCED,
    Seniority.SENIOR,
    "UTC",
    540,
    1020,
)
BY = Signed.of(PO, AT)
TEAM = Signed.of(ANA, AT)
READY = check_readiness(
    ReadinessFacts(
        criteria=1,
        criteria_by_po=1,
        assumptions=1,
        assumptions_reviewed=1,
        estimate=5,
        estimate_committed=True,
    )
)
UNREADY = check_readiness(ReadinessFacts(criteria=1, criteria_by_po=1, estimate=3))


def story(
    n: int, points: float | None, readiness: Readiness = READY, *open_items: str
) -> Candidate:
    return Candidate(StoryId(n), f"PAY-{n}", f"Story {n}", points, readiness, open_items)


BACKLOG = (
    story(1, 13),
    story(2, 3, UNREADY),
    story(3, 8, READY, "depends on PAY-40 (open)", "risk: vendor rate limits"),
    story(4, 20),
    story(5, 5),
)


def pulled(*keys: str, capacity: float = 40) -> Forecast:
    forecast = Forecast(capacity)
    for key in keys:
        forecast = forecast.pull(key, BACKLOG, BY)
    return forecast


def test_pulling_from_the_top_fills_the_bar() -> None:
    forecast = pulled("PAY-1", "PAY-3")
    assert forecast.keys == ("PAY-1", "PAY-3")
    assert forecast.points == 21
    assert forecast.bar == "21 / 40 pts"
    entry = forecast.entry("PAY-3")
    assert entry is not None
    assert (entry.points, entry.pulled, entry.open_items[0]) == (8, BY, "depends on PAY-40 (open)")
    assert forecast.next_to_pull(BACKLOG) == BACKLOG[3]


@pytest.mark.parametrize(
    ("before", "key", "error", "message"),
    [
        # The Ready gate: refused with the Definition of Ready's reasons.
        (
            (),
            "PAY-2",
            RuleViolation,
            "PAY-2 is not Ready: no technical assumptions recorded; estimate 3 not committed",
        ),
        # The cap: refused with the numbers.
        (("PAY-1", "PAY-3"), "PAY-4", RuleViolation, "PAY-4 (20 pts) would make 41 / 40 pts"),
        # From the top: a Ready story above must be pulled or skipped first.
        ((), "PAY-3", RuleViolation, "PAY-3 is below PAY-1: planning pulls from the top"),
        (("PAY-1",), "PAY-1", RuleViolation, "PAY-1 is already in the forecast"),
        ((), "PAY-99", RuleViolation, "PAY-99 is not in the backlog"),
    ],
)
def test_pulls_that_are_refused(
    before: tuple[str, ...], key: str, error: type[Exception], message: str
) -> None:
    forecast = pulled(*before)
    with pytest.raises(error, match=message.replace("(", r"\(").replace(")", r"\)")):
        forecast.pull(key, BACKLOG, BY)


def test_a_ready_story_without_points_is_refused() -> None:
    with pytest.raises(RuleViolation, match="PAY-9 is not Ready: no estimate"):
        Forecast(10).pull("PAY-9", (story(9, None),), BY)


def test_overflow_is_refused_with_the_numbers_of_the_issue() -> None:
    backlog = (story(6, 34), story(7, 8))
    forecast = Forecast(40).pull("PAY-6", backlog, BY)
    with pytest.raises(RuleViolation, match=r"^PAY-7 \(8 pts\) would make 42 / 40 pts"):
        forecast.pull("PAY-7", backlog, BY)


def test_skipping_needs_a_reason_and_lets_the_next_story_in() -> None:
    with pytest.raises(InputError, match="Reason for skipping PAY-1: write why it is skipped"):
        Forecast(40).skip("PAY-1", BACKLOG, "  ", BY)
    forecast = Forecast(40).skip("PAY-1", BACKLOG, "waiting for legal", BY)
    forecast = forecast.skip("PAY-1", BACKLOG, " waits for legal ", BY)
    assert [(s.key, s.reason) for s in forecast.skipped] == [("PAY-1", "waits for legal")]
    forecast = forecast.pull("PAY-3", BACKLOG, BY)
    # A skipped story can still be pulled later; the skip is then superseded.
    forecast = forecast.pull("PAY-1", BACKLOG, BY)
    assert forecast.skipped == ()
    with pytest.raises(RuleViolation, match="PAY-1 is in the forecast: remove it instead"):
        forecast.skip("PAY-1", BACKLOG, "why", BY)
    with pytest.raises(RuleViolation, match="PAY-77 is not in the backlog"):
        forecast.skip("PAY-77", BACKLOG, "why", BY)


def test_removing_gives_the_points_back_and_the_story_can_return() -> None:
    forecast = pulled("PAY-1", "PAY-3")
    forecast = forecast.acknowledge("PAY-3", ANA, "call the vendor", BY)
    forecast = forecast.remove("PAY-1", BY)
    assert (forecast.keys, forecast.bar) == (("PAY-3",), "8 / 40 pts")
    assert [r.key for r in forecast.removed] == ["PAY-1"]
    # The removed story no longer blocks the stories under it, and may come back.
    forecast = forecast.pull("PAY-4", BACKLOG, BY)
    assert forecast.bar == "28 / 40 pts"
    forecast = forecast.remove("PAY-4", BY).pull("PAY-1", BACKLOG, BY)
    assert (forecast.keys, forecast.bar) == (("PAY-3", "PAY-1"), "21 / 40 pts")
    assert [r.key for r in forecast.removed] == ["PAY-1", "PAY-4"]
    removed = forecast.remove("PAY-3", BY)
    assert removed.acknowledgement("PAY-3") is None
    with pytest.raises(RuleViolation, match="PAY-3 is not in the forecast"):
        removed.remove("PAY-3", BY)


def test_capacity_changes_are_explicit_and_recorded() -> None:
    forecast = pulled("PAY-1", "PAY-3")  # 21 pts
    raised = forecast.change_capacity(45, TEAM, " two more engineers ")
    assert raised.capacity == 45
    (change,) = raised.capacity_changes
    assert change.words() == (
        "Capacity raised from 40 to 45 pts by Ana on Mon 2 Mar 2026 at 09:30 UTC: "
        "two more engineers"
    )
    lowered = raised.change_capacity(21, TEAM)
    assert lowered.capacity_changes[-1].words().startswith("Capacity lowered from 45 to 21 pts")
    assert lowered.change_capacity(21, TEAM) is lowered
    with pytest.raises(RuleViolation, match=r"Capacity 20 pts is below the 21 pts already in"):
        forecast.change_capacity(20, TEAM)
    with pytest.raises(InputError, match="Capacity: -1 points is below zero"):
        forecast.change_capacity(-1, TEAM)
    with pytest.raises(InputError, match="Capacity: -5 points is below zero"):
        Forecast(-5)


def test_declaring_full_stops_pulling_until_the_capacity_is_raised() -> None:
    full = pulled("PAY-1").declare_full(TEAM)
    assert full.declare_full(BY).full == TEAM
    with pytest.raises(
        RuleViolation,
        match="PAY-3 cannot be pulled: Ana declared the forecast full at 13 / 40 pts; raise",
    ):
        full.pull("PAY-3", BACKLOG, BY)
    # Lowering keeps it full; raising resumes pulling.
    assert full.change_capacity(30, TEAM).full == TEAM
    assert full.change_capacity(50, TEAM).pull("PAY-3", BACKLOG, BY).keys == ("PAY-1", "PAY-3")


def test_acknowledgements_need_an_owner_and_a_mitigation() -> None:
    forecast = pulled("PAY-1", "PAY-3")
    assert [e.key for e in forecast.needing_acknowledgement()] == ["PAY-3"]
    with pytest.raises(InputError, match="Owner for PAY-3's dependencies and risks: choose who"):
        forecast.acknowledge("PAY-3", None, "call the vendor", BY)
    with pytest.raises(InputError, match="Mitigation for PAY-3: write how"):
        forecast.acknowledge("PAY-3", ANA, " ", BY)
    with pytest.raises(RuleViolation, match="PAY-1 has no open dependency or risk"):
        forecast.acknowledge("PAY-1", ANA, "x", BY)
    with pytest.raises(RuleViolation, match="PAY-5 is not in the forecast"):
        forecast.acknowledge("PAY-5", ANA, "x", BY)
    done = forecast.acknowledge("PAY-3", PO, "ask", BY).acknowledge("PAY-3", ANA, "call", TEAM)
    assert done.needing_acknowledgement() == ()
    ack = done.acknowledgement("PAY-3")
    assert ack is not None
    assert (ack.owner, ack.owner_id, ack.mitigation, ack.acknowledged) == (
        "Ana",
        ANA.id,
        "call",
        TEAM,
    )
    assert len(done.acknowledgements) == 1


def test_open_items_in_words() -> None:
    assert open_items_of(["PAY-40", "PAY-41"], [" vendor rate limits ", " "]) == (
        "depends on PAY-40 (open)",
        "depends on PAY-41 (open)",
        "risk: vendor rate limits",
    )
    assert open_items_of([], []) == ()


def test_the_goal_is_written_and_a_frozen_forecast_refuses_every_change() -> None:
    forecast = pulled("PAY-1", "PAY-3").with_goal("  Pay in euros  ")
    assert forecast.goal == "Pay in euros"
    frozen = dataclasses.replace(forecast, frozen=True)
    acts = {
        "PAY-5 cannot be pulled": lambda: frozen.pull("PAY-5", BACKLOG, BY),
        "PAY-5 cannot be skipped": lambda: frozen.skip("PAY-5", BACKLOG, "x", BY),
        "PAY-1 cannot be removed": lambda: frozen.remove("PAY-1", BY),
        "The capacity cannot change": lambda: frozen.change_capacity(50, BY),
        "The forecast cannot be declared full": lambda: frozen.declare_full(BY),
        "The sprint goal cannot change": lambda: frozen.with_goal("other"),
        "PAY-3 cannot be acknowledged": lambda: frozen.acknowledge("PAY-3", ANA, "x", BY),
    }
    for what, act in acts.items():
        with pytest.raises(RuleViolation, match=f"^{what}: the forecast is frozen because"):
            act()
    with pytest.raises(dataclasses.FrozenInstanceError):
        frozen.capacity = 99  # type: ignore[misc]


# Property: no sequence of pulls, removals, skips and capacity changes goes above capacity.
keys = st.sampled_from([c.key for c in BACKLOG] + ["PAY-99"])
acts = st.lists(
    st.one_of(
        st.tuples(st.just("pull"), keys),
        st.tuples(st.just("remove"), keys),
        st.tuples(st.just("skip"), keys),
        st.tuples(st.just("capacity"), st.floats(-5, 60, allow_nan=False)),
        st.tuples(st.just("full"), st.none()),
    ),
    max_size=30,
)


@given(st.floats(0, 50), acts)
def test_no_sequence_of_acts_leaves_the_forecast_above_capacity(
    capacity: float, steps: list[tuple[str, object]]
) -> None:
    forecast = Forecast(capacity)
    for act, arg in steps:
        try:
            if act == "pull":
                forecast = forecast.pull(str(arg), BACKLOG, BY)
            elif act == "remove":
                forecast = forecast.remove(str(arg), BY)
            elif act == "skip":
                forecast = forecast.skip(str(arg), BACKLOG, "later", BY)
            elif act == "capacity":
                forecast = forecast.change_capacity(float(arg), TEAM)  # type: ignore[arg-type]
            else:
                forecast = forecast.declare_full(TEAM)
        except FacilitatorError:
            pass
        assert forecast.points <= forecast.capacity + 1e-9
        assert len(set(forecast.keys)) == len(forecast.keys)
        assert "PAY-2" not in forecast.keys  # never Ready


@pytest.mark.parametrize(
    ("points", "words"),
    [(0, "0 pts"), (1, "1 pt"), (1.0, "1 pt"), (0.5, "0.5 pts"), (2, "2 pts"), (13, "13 pts")],
)
def test_an_amount_of_points_says_its_unit_in_the_singular_for_one(
    points: float, words: str
) -> None:
    assert points_words(points) == words
