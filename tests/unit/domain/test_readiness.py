"""Definition of Ready: each criterion fails on its own, with a reason in words."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitator.domain.readiness import (
    Criterion,
    Missing,
    ReadinessFacts,
    check_readiness,
    describe_missing,
    missing_bits,
    missing_bits_of_many,
)

READY = ReadinessFacts(
    criteria=2,
    criteria_by_po=2,
    assumptions=1,
    assumptions_reviewed=1,
    estimate=5.0,
    estimate_committed=True,
)


def _replace(**changes: object) -> ReadinessFacts:
    values = {name: getattr(READY, name) for name in READY.__slots__}  # type: ignore[attr-defined]
    values.update(changes)
    return ReadinessFacts(**values)  # type: ignore[arg-type]


def test_a_complete_story_is_ready() -> None:
    result = check_readiness(READY)
    assert result.ready
    assert result.failures == ()
    assert result.summary() == "✓ Ready"
    assert result.missing == Missing.NONE


@pytest.mark.parametrize(
    ("changes", "criterion", "reason"),
    [
        ({"criteria": 0, "criteria_by_po": 0}, Criterion.ACCEPTANCE, "no acceptance criteria"),
        ({"criteria_by_po": 0}, Criterion.ACCEPTANCE, "not written by the Product Owner"),
        ({"assumptions": 0, "assumptions_reviewed": 0}, Criterion.ASSUMPTIONS, "no technical"),
        (
            {"assumptions": 3, "assumptions_reviewed": 1},
            Criterion.ASSUMPTIONS,
            "2 of 3 assumptions not reviewed by an engineer",
        ),
        ({"estimate": None, "estimate_committed": False}, Criterion.ESTIMATE, "no estimate"),
        ({"estimate_committed": False}, Criterion.ESTIMATE, "estimate 5 not committed"),
        ({"estimate": None}, Criterion.ESTIMATE, "no estimate"),
        ({"dependencies_open": 1}, Criterion.DEPENDENCIES, "1 open dependency"),
        ({"dependencies_open": 2}, Criterion.DEPENDENCIES, "2 open dependencies"),
        ({"team_items_unchecked": ("UX mock",)}, Criterion.TEAM_ITEMS, "“UX mock”"),
    ],
)
def test_each_criterion_fails_alone_with_a_reason(
    changes: dict[str, object], criterion: Criterion, reason: str
) -> None:
    result = check_readiness(_replace(**changes))
    assert not result.ready
    assert [f.criterion for f in result.failures] == [criterion]
    assert reason in result.failures[0].reason
    assert reason in result.summary()


def test_every_failure_is_reported_at_once() -> None:
    result = check_readiness(ReadinessFacts(dependencies_open=1, team_items_unchecked=("A",)))
    assert [f.criterion for f in result.failures] == list(Criterion)
    assert result.missing == (
        Missing.ACCEPTANCE
        | Missing.ASSUMPTIONS
        | Missing.ESTIMATE
        | Missing.DEPENDENCIES
        | Missing.TEAM_ITEMS
    )


def test_fast_bits_agree_with_the_full_check() -> None:
    for po in (0, 1):
        for assumptions, reviewed in ((0, 0), (1, 0), (1, 1)):
            for committed in (False, True):
                for deps in (0, 1):
                    for unchecked in (0, 1):
                        facts = ReadinessFacts(
                            criteria=po,
                            criteria_by_po=po,
                            assumptions=assumptions,
                            assumptions_reviewed=reviewed,
                            estimate=3.0,
                            estimate_committed=committed,
                            dependencies_open=deps,
                            team_items_unchecked=("x",) * unchecked,
                        )
                        bits = missing_bits(po, assumptions, reviewed, committed, deps, unchecked)
                        assert bits == check_readiness(facts).missing


_FACTS = st.tuples(
    st.integers(0, 2),  # criteria by the PO
    st.integers(0, 3),  # assumptions
    st.integers(0, 3),  # of those, reviewed
    st.booleans(),  # estimate committed
    st.integers(0, 2),  # open dependencies
    st.integers(0, 2),  # team items checked
)


@given(stories=st.lists(_FACTS, max_size=30), team_items=st.integers(0, 2))
def test_the_set_form_over_many_stories_agrees_with_the_rule(
    stories: list[tuple[int, int, int, bool, int, int]], team_items: int
) -> None:
    ids = list(range(100, 100 + len(stories)))
    facts = [
        (po, n, min(rev, n), done, deps, min(checked, team_items))
        for po, n, rev, done, deps, checked in stories
    ]
    bits = missing_bits_of_many(
        ids,
        [done for _po, _n, _rev, done, _deps, _checked in facts],
        po_criteria={sid for sid, f in zip(ids, facts, strict=True) if f[0]},
        assumed={sid for sid, f in zip(ids, facts, strict=True) if f[1]},
        unreviewed={sid for sid, f in zip(ids, facts, strict=True) if f[2] < f[1]},
        dependencies_open={sid for sid, f in zip(ids, facts, strict=True) if f[4]},
        fully_checked=(
            {sid for sid, f in zip(ids, facts, strict=True) if f[5] >= team_items}
            if team_items
            else None
        ),
    )
    assert bits == [
        missing_bits(po, n, rev, done, deps, team_items - checked)
        for po, n, rev, done, deps, checked in facts
    ]


def test_describe_missing_names_what_is_missing_in_words() -> None:
    assert describe_missing(0) == "✓ Ready"
    text = describe_missing(Missing.ESTIMATE | Missing.ACCEPTANCE)
    assert text.startswith("! ")
    assert "acceptance criteria" in text
    assert "estimate committed" in text
    assert Criterion.DEPENDENCIES.label == "dependencies handled"
