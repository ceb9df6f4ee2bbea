"""Planning poker: estimates are parsed strictly; the reveal shows the spread and a suggestion."""

from __future__ import annotations

import pytest

from facilitator.domain.ids import MemberId, TeamId
from facilitator.domain.model import Member, Role, Seniority, Side
from facilitator.domain.poker import check_voters, eligible_voters, may_vote, parse_estimate, reveal
from facilitator.errors import InputError


@pytest.mark.parametrize(("text", "value"), [("5", 5.0), (" 0.5 ", 0.5), ("1,5", 1.5), ("0", 0.0)])
def test_estimates_parse(text: str, value: float) -> None:
    assert parse_estimate(text) == value


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "enter a number"),
        ("five", "'five' is not a number"),
        ("nan", "is not a number"),
        ("-3", "-3 is negative"),
        ("5000", "more than 1000"),
    ],
)
def test_bad_estimates_are_refused_in_words(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message) as info:
        parse_estimate(text, "Estimate of Ana")
    assert str(info.value).startswith("Estimate of Ana:")


def test_reveal_s2_spread_3_5_5_8_suggests_5() -> None:
    result = reveal({"A": 3, "B": 5, "C": 5, "D": 8})
    assert (result.low, result.high, result.suggestion) == (3, 8, 5)
    assert not result.consensus
    assert result.spread_text() == "Spread 3–8 (suggested 5)"


def test_reveal_consensus_and_ties() -> None:
    assert reveal({"A": 5, "B": 5}).spread_text() == "Everyone said 5"
    assert reveal({"A": 3, "B": 8}).suggestion == 3
    assert reveal({"A": 2, "B": 3, "C": 5, "D": 8}).suggestion == 3
    with pytest.raises(InputError, match="nobody"):
        reveal({})


def _member(name: str, role: Role, active: bool = True) -> Member:
    return Member(
        MemberId(0), TeamId(1), name, role, Side.IN_HOUSE, Seniority.MID, "UTC", 540, 1020, active
    )


def test_only_active_delivery_team_members_vote() -> None:
    members = [
        _member("Ana", Role.ENGINEER),
        _member("Bo", Role.PRODUCT_OWNER),
        _member("Cy", Role.QA, active=False),
        _member("Di", Role.TECH_LEAD),
        _member("Ed", Role.SCRUM_MASTER),
        _member("Fe", Role.DEVOPS),
    ]
    assert [m.name for m in eligible_voters(members)] == ["Ana", "Di", "Fe"]
    assert not may_vote(members[2])
    check_voters(["Ana", "Fe"], members)
    with pytest.raises(InputError, match=r"^Bo cannot vote: only active delivery-team members"):
        check_voters(["Ana", "Bo"], members)
    with pytest.raises(InputError, match=r"^Cy cannot vote"):
        check_voters(["Cy"], members)
