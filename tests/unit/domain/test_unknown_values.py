"""Values a database holds that this version does not know read as a stand-in, named in labels."""

from __future__ import annotations

from facilitator.domain.ids import MemberId, TeamId
from facilitator.domain.model import Member, Role, Seniority, Side, known_or


def _member(unknown: tuple[tuple[str, str], ...] = ()) -> Member:
    return Member(
        MemberId(1),
        TeamId(1),
        "Ana",
        Role.STAKEHOLDER,
        Side.IN_HOUSE,
        Seniority.MID,
        "UTC",
        540,
        1020,
        unknown=unknown,
    )


def test_known_values_parse_and_unknown_ones_are_noted() -> None:
    unknown: list[tuple[str, str]] = []
    assert known_or("engineer", Role, Role.STAKEHOLDER, "role", unknown) is Role.ENGINEER
    assert known_or("wizard", Role, Role.STAKEHOLDER, "role", unknown) is Role.STAKEHOLDER
    assert unknown == [("role", "wizard")]


def test_labels_name_the_stored_value() -> None:
    assert (_member().role_label, _member().side_label, _member().seniority_label) == (
        "Stakeholder",
        "in-house",
        "mid",
    )
    odd = _member((("role", "wizard"), ("side", "moon"), ("seniority", "ancient")))
    assert odd.role_label == "unknown role “wizard”"
    assert odd.side_label == "unknown side “moon”"
    assert odd.seniority_label == "unknown seniority “ancient”"
