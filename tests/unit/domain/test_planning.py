"""Closing planning: acknowledgements, both sides confirm, an immutable snapshot, reopening."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitator.domain.forecast import Candidate, Forecast
from facilitator.domain.ids import MemberId, StoryId, TeamId
from facilitator.domain.model import Member, Role, Seniority, Side
from facilitator.domain.planning import Confirmer, Planning
from facilitator.domain.readiness import ReadinessFacts, check_readiness
from facilitator.domain.signed import Signed
from facilitator.errors import FacilitatorError, InputError, RuleViolation

AT = dt.datetime(2026, 3, 2, 10, 4, tzinfo=dt.UTC)
LATER = AT + dt.timedelta(days=3)
T = TeamId(1)


def member(n: int, name: str, role: Role, team: int = 1, active: bool = True) -> Member:
    return Member(
        MemberId(n),
        TeamId(team),
        name,
        role,
        Side.IN_HOUSE if role is Role.PRODUCT_OWNER else Side.OUTSOURCED,
        Seniority.SENIOR,
        "UTC",
        540,
        1020,
        active,
    )


PIA = member(1, "Pia", Role.PRODUCT_OWNER)
ANA = member(2, "Ana", Role.TECH_LEAD)
SAM = member(3, "Sam", Role.SCRUM_MASTER)
OLA = member(4, "Ola", Role.ENGINEER)
POL = member(5, "Pol", Role.PRODUCT_OWNER)
EVE = member(6, "Eve", Role.TECH_LEAD, team=2)
OLD = member(7, "Old", Role.TECH_LEAD, active=False)
READY = check_readiness(
    ReadinessFacts(1, 1, 1, 1, estimate=5, estimate_committed=True),
)


def story(n: int, points: float, *open_items: str) -> Candidate:
    return Candidate(StoryId(n), f"PAY-{n}", f"Story {n}", points, READY, open_items)


BACKLOG = (story(1, 13), story(3, 8, "depends on PAY-40 (open)"), story(4, 5), story(5, 3))


def sign(who: Member, at: dt.datetime = AT) -> Signed:
    return Signed.of(who, at)


def planned() -> Planning:
    """Two stories pulled, one with an open dependency; nothing acknowledged or confirmed."""
    planning = Planning("Sprint 14", T, Forecast(40))
    for key in ("PAY-1", "PAY-3"):
        planning = planning.change(lambda f, k=key: f.pull(k, BACKLOG, sign(PIA)))
    return planning


def ready_to_close() -> Planning:
    planning = planned().change(
        lambda f: f.with_goal("Pay in euros").acknowledge("PAY-3", OLA, "ask daily", sign(ANA))
    )
    planning = planning.confirm(PIA, Confirmer.PRODUCT_OWNER, sign(PIA))
    return planning.confirm(ANA, Confirmer.DELIVERY_LEAD, sign(ANA))


def closed() -> Planning:
    return ready_to_close().close(sign(SAM))


def test_what_stops_planning_from_closing_is_said_in_words() -> None:
    assert Planning("S", T, Forecast(10)).missing_to_close()[:2] == (
        "pull at least one story into the forecast",
        "write the sprint goal",
    )
    assert planned().missing_to_close() == (
        "write the sprint goal",
        "acknowledge PAY-3 (depends on PAY-40 (open)) with an owner and a mitigation",
        "the Product Owner has not confirmed",
        "the delivery lead has not confirmed",
    )
    with pytest.raises(
        RuleViolation,
        match=r"^Planning cannot close yet: write the sprint goal; acknowledge PAY-3",
    ):
        planned().close(sign(SAM))
    assert ready_to_close().missing_to_close() == ()


@pytest.mark.parametrize("lead", [ANA, SAM])
def test_the_po_and_the_delivery_lead_confirm(lead: Member) -> None:
    planning = planned().confirm(PIA, Confirmer.PRODUCT_OWNER, sign(PIA))
    planning = planning.confirm(lead, Confirmer.DELIVERY_LEAD, sign(lead, LATER))
    po = planning.confirmation(Confirmer.PRODUCT_OWNER)
    dl = planning.confirmation(Confirmer.DELIVERY_LEAD)
    assert po is not None
    assert dl is not None
    assert po.words() == "Confirmed by Pia (Product Owner) on Mon 2 Mar 2026 at 10:04 UTC"
    assert dl.words() == f"Confirmed by {lead.name} (delivery lead) on Thu 5 Mar 2026 at 10:04 UTC"
    assert dl.role is lead.role


@pytest.mark.parametrize(
    ("first", "who", "confirmer", "message"),
    [
        # The same person twice, on either side.
        (PIA, PIA, Confirmer.DELIVERY_LEAD, "Pia already confirmed as Product Owner: the other"),
        (PIA, PIA, Confirmer.PRODUCT_OWNER, "Pia already confirmed as Product Owner"),
        (SAM, SAM, Confirmer.PRODUCT_OWNER, "Sam already confirmed as delivery lead"),
        # The side already confirmed by someone else.
        (PIA, POL, Confirmer.PRODUCT_OWNER, "The Product Owner already confirmed: Pia"),
        (ANA, SAM, Confirmer.DELIVERY_LEAD, "The delivery lead already confirmed: Ana"),
        # A delivery lead who is not on the delivery team.
        (
            None,
            OLA,
            Confirmer.DELIVERY_LEAD,
            "Ola cannot confirm as delivery lead: the delivery lead is the delivery team's tech "
            "lead or Scrum master, and Ola's role is Engineer",
        ),
        (None, PIA, Confirmer.DELIVERY_LEAD, "and Pia's role is Product Owner"),
        (None, EVE, Confirmer.DELIVERY_LEAD, "Eve cannot confirm as delivery lead: not on this"),
        (None, OLD, Confirmer.DELIVERY_LEAD, "Old cannot confirm as delivery lead: not an active"),
        (None, ANA, Confirmer.PRODUCT_OWNER, "Ana cannot confirm as Product Owner: Ana's role is"),
    ],
)
def test_confirmations_that_are_refused(
    first: Member | None, who: Member, confirmer: Confirmer, message: str
) -> None:
    planning = planned()
    if first is not None:
        side = Confirmer.PRODUCT_OWNER if first is PIA else Confirmer.DELIVERY_LEAD
        planning = planning.confirm(first, side, sign(first))
    with pytest.raises(RuleViolation, match=message):
        planning.confirm(who, confirmer, sign(who))


def test_changing_the_forecast_voids_the_confirmations() -> None:
    planning = ready_to_close()
    assert planning.change(lambda f: f.with_goal("Pay in euros")) is planning
    changed = planning.change(lambda f: f.remove("PAY-1", sign(PIA)))
    assert changed.confirmations == ()
    assert "the Product Owner has not confirmed" in changed.missing_to_close()


def test_closing_freezes_an_immutable_snapshot() -> None:
    planning = closed()
    snap = planning.snapshot
    assert snap is not None
    assert planning.closed
    assert snap.keys == ("PAY-1", "PAY-3")
    assert [s.points for s in snap.stories] == [13, 8]
    assert (snap.points, snap.capacity, snap.goal, snap.frozen.name) == (
        21,
        40,
        "Pay in euros",
        "Sam",
    )
    assert [c.signed.name for c in snap.confirmations] == ["Pia", "Ana"]
    assert snap.words() == (
        "Sprint 14 forecast: 2 stories, 21 / 40 pts, frozen on Mon 2 Mar 2026 at 10:04 UTC"
    )
    with pytest.raises(dataclasses.FrozenInstanceError):
        snap.goal = "other"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        snap.stories[0].points = 1  # type: ignore[misc]
    with pytest.raises(RuleViolation, match="PAY-4 cannot be pulled: the forecast is frozen"):
        planning.change(lambda f: f.pull("PAY-4", BACKLOG, sign(PIA)))
    with pytest.raises(RuleViolation, match="PAY-1 cannot be removed: the forecast is frozen"):
        planning.change(lambda f: f.remove("PAY-1", sign(PIA)))
    with pytest.raises(RuleViolation, match="Planning is closed: reopen it to confirm again"):
        planning.confirm(SAM, Confirmer.DELIVERY_LEAD, sign(SAM))
    with pytest.raises(RuleViolation, match="Planning is already closed"):
        planning.close(sign(SAM))


def test_one_story_snapshot_words() -> None:
    planning = Planning("S1", T, Forecast(20)).change(
        lambda f: f.pull("PAY-1", BACKLOG, sign(PIA)).with_goal("g")
    )
    planning = planning.confirm(PIA, Confirmer.PRODUCT_OWNER, sign(PIA))
    planning = planning.confirm(SAM, Confirmer.DELIVERY_LEAD, sign(SAM)).close(sign(SAM))
    assert planning.snapshot is not None
    assert planning.snapshot.words().startswith("S1 forecast: 1 story, 13 / 20 pts")


def test_stories_added_after_the_freeze_are_added_mid_sprint() -> None:
    with pytest.raises(RuleViolation, match="Planning has not closed yet: pull PAY-4 into"):
        planned().add_mid_sprint(BACKLOG[2], sign(PIA, LATER))
    planning = closed()
    first = planning.snapshot
    added = planning.add_mid_sprint(BACKLOG[2], sign(PIA, LATER))
    assert added.snapshot is first
    assert added.snapshot == first
    assert [(a.key, a.points, a.added.at) for a in added.added_mid_sprint] == [("PAY-4", 5, LATER)]
    assert added.added_keys() == ("PAY-4",)
    for key in ("PAY-1", "PAY-4"):
        story = next(c for c in BACKLOG if c.key == key)
        with pytest.raises(RuleViolation, match=f"{key} is already in Sprint 14"):
            added.add_mid_sprint(story, sign(PIA, LATER))
    assert planned().added_keys() == ()


def test_reopening_is_recorded_and_keeps_the_first_snapshot() -> None:
    with pytest.raises(RuleViolation, match="Planning is not closed, so there is nothing"):
        planned().reopen(sign(SAM), "why")
    planning = closed()
    with pytest.raises(InputError, match="Reason for reopening planning: write why"):
        planning.reopen(sign(SAM), " ")
    first = planning.snapshot
    reopened = planning.reopen(sign(SAM, LATER), " the PO forgot a legal deadline ")
    assert not reopened.closed
    assert reopened.confirmations == ()
    assert [(r.reason, r.signed.at) for r in reopened.reopenings] == [
        ("the PO forgot a legal deadline", LATER)
    ]
    again = reopened.change(lambda f: f.pull("PAY-4", BACKLOG, sign(PIA, LATER)))
    again = again.confirm(PIA, Confirmer.PRODUCT_OWNER, sign(PIA, LATER))
    again = again.confirm(SAM, Confirmer.DELIVERY_LEAD, sign(SAM, LATER)).close(sign(SAM, LATER))
    assert again.snapshot == first
    assert len(again.snapshots) == 2
    assert again.snapshots[1].keys == ("PAY-1", "PAY-3", "PAY-4")
    assert again.added_keys() == ("PAY-4",)


acts = st.lists(
    st.one_of(
        st.tuples(st.just("add"), st.sampled_from(BACKLOG)),
        st.tuples(st.just("reopen"), st.none()),
        st.tuples(st.just("pull"), st.sampled_from(BACKLOG)),
        st.tuples(st.just("remove"), st.sampled_from(BACKLOG)),
        st.tuples(st.just("confirm"), st.sampled_from([(PIA, 0), (ANA, 1), (SAM, 1), (OLA, 1)])),
        st.tuples(st.just("close"), st.none()),
    ),
    max_size=25,
)


@given(acts)
def test_nothing_after_the_freeze_changes_the_first_snapshot(
    steps: list[tuple[str, object]],
) -> None:
    planning = closed()
    first = planning.snapshot
    assert first is not None
    frozen_copy = dataclasses.replace(first)
    for act, arg in steps:
        try:
            if act == "add":
                assert isinstance(arg, Candidate)
                planning = planning.add_mid_sprint(arg, sign(PIA, LATER))
            elif act == "reopen":
                planning = planning.reopen(sign(SAM, LATER), "more work")
            elif act == "pull":
                assert isinstance(arg, Candidate)
                planning = planning.change(lambda f, k=arg.key: f.pull(k, BACKLOG, sign(PIA)))
            elif act == "remove":
                assert isinstance(arg, Candidate)
                planning = planning.change(lambda f, k=arg.key: f.remove(k, sign(PIA)))
            elif act == "confirm":
                who, side = arg  # type: ignore[misc]
                confirmer = (Confirmer.PRODUCT_OWNER, Confirmer.DELIVERY_LEAD)[side]
                planning = planning.confirm(who, confirmer, sign(who, LATER))
            else:
                planning = planning.close(sign(SAM, LATER))
        except FacilitatorError:
            pass
        assert planning.snapshot == frozen_copy
        assert planning.forecast.points <= planning.forecast.capacity
