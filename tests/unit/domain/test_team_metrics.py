"""Per-sprint blocker and decision figures: medians of even and odd counts, open items, none."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitator.domain.blockers import Blocker
from facilitator.domain.decisions import Decision
from facilitator.domain.ids import MemberId, SprintId, TeamId
from facilitator.domain.model import Sprint, SprintState
from facilitator.domain.team_metrics import (
    BlockerFigures,
    DecisionFigures,
    blocker_figures,
    decision_figures,
    figures_by_sprint,
    median,
    sprint_window,
)

UTC = dt.UTC
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
TEAM = TeamId(1)
# Mon 19 Oct – Fri 30 Oct 2026 in Berlin: the clocks go back on Sunday 25 Oct.
SPRINT = Sprint(
    SprintId(1),
    TEAM,
    "Sprint 7",
    "",
    dt.date(2026, 10, 19),
    dt.date(2026, 10, 30),
    SprintState.CLOSED,
)
WINDOW = sprint_window(SPRINT, "Europe/Berlin")
T0 = dt.datetime(2026, 10, 20, 9, tzinfo=BERLIN)
NOW = dt.datetime(2026, 11, 20, 12, tzinfo=UTC)


def hours(h: float) -> dt.timedelta:
    return dt.timedelta(hours=h)


def blocker(bid: int, raised: dt.datetime, took: float | None) -> Blocker:
    resolved = None if took is None else raised.astimezone(UTC) + hours(took)
    return Blocker(bid, TEAM, MemberId(1), raised.astimezone(UTC), "x", resolved_at=resolved)


def decision(
    did: int, raised: dt.datetime, decided: float | None, acted: float | None = None
) -> Decision:
    start = raised.astimezone(UTC)
    return Decision(
        did,
        TEAM,
        "Q",
        MemberId(1),
        start,
        MemberId(2),
        decided_at=None if decided is None else start + hours(decided),
        decision="" if decided is None else "D",
        acted_on_at=None if acted is None else start + hours(acted),
    )


def test_the_sprint_window_is_its_local_days_exact_across_the_clock_change() -> None:
    assert sprint_window(SPRINT, "Europe/Berlin") == (
        dt.datetime(2026, 10, 18, 22, tzinfo=UTC),  # midnight CEST
        dt.datetime(2026, 10, 30, 23, tzinfo=UTC),  # midnight CET
    )
    ny = sprint_window(SPRINT, "America/New_York")
    assert ny == (
        dt.datetime(2026, 10, 19, 4, tzinfo=UTC),
        dt.datetime(2026, 10, 31, 4, tzinfo=UTC),
    )


@pytest.mark.parametrize(
    ("values", "middle"),
    [
        ([], None),
        ([5.0], 5.0),
        ([3.0, 1.0, 2.0], 2.0),
        ([4.0, 1.0, 3.0, 2.0], 2.5),
        ([0.0, 0.0], 0.0),
    ],
)
def test_medians_of_odd_even_and_no_values(values: list[float], middle: float | None) -> None:
    assert median(values) == middle


@pytest.mark.parametrize(
    ("took", "figures", "line"),
    [
        (
            [],
            BlockerFigures(0, 0, None, 0),
            "0 blockers raised · median no data to resolve · 0 over the SLA",
        ),
        # Only open blockers: no median yet, but one is already over the SLA at NOW.
        (
            [None],
            BlockerFigures(1, 0, None, 1),
            "1 blocker raised · median no data to resolve · 1 over the SLA · 1 still open",
        ),
        # Odd count of resolved ones: the middle one.
        (
            [2, 30, 5],
            BlockerFigures(3, 3, 5.0, 1),
            "3 blockers raised · median 5 h to resolve · 1 over the SLA",
        ),
        # Even count (open one left out of the median): the mean of the middle two.
        (
            [1, 4, None, 24, 2],
            BlockerFigures(5, 4, 3.0, 1),
            "5 blockers raised · median 3 h to resolve · 1 over the SLA · 1 still open",
        ),
    ],
)
def test_blocker_figures(took: list[float | None], figures: BlockerFigures, line: str) -> None:
    items = [blocker(i, T0 + hours(i), t) for i, t in enumerate(took)]
    got = blocker_figures(items, WINDOW, NOW, 24)
    assert got == figures
    assert got.line == line


def test_a_blocker_resolving_across_the_clock_change_takes_real_hours() -> None:
    raised = dt.datetime(2026, 10, 24, 9, tzinfo=BERLIN)
    b = Blocker(
        1, TEAM, MemberId(1), raised, "x", resolved_at=dt.datetime(2026, 10, 25, 9, tzinfo=BERLIN)
    )
    figures = blocker_figures([b], WINDOW, NOW, 24)
    assert figures == BlockerFigures(1, 1, 25.0, 1)


def test_only_blockers_raised_within_the_sprint_count() -> None:
    start, end = WINDOW
    items = [
        blocker(1, start - dt.timedelta(seconds=1), 1),  # 23:59:59 the Sunday before
        blocker(2, start, 1),  # 00:00 on the first day
        blocker(3, end - dt.timedelta(seconds=1), 1),  # 23:59:59 on the last day
        blocker(4, end, 1),  # 00:00 the day after
    ]
    assert blocker_figures(items, WINDOW, NOW, 24).raised == 2


@pytest.mark.parametrize(
    ("rows", "figures", "line"),
    [
        (
            [],
            DecisionFigures(0, 0, 0, None, 0),
            "0 decisions made of 0 raised · median cycle no data · 0 over 24 h",
        ),
        # Waiting for a decision: none made, but waiting over 24 h at NOW.
        (
            [(None, None)],
            DecisionFigures(1, 0, 0, None, 1),
            "0 decisions made of 1 raised · median cycle no data · 1 over 24 h",
        ),
        # Decided, not acted on (open): decided − raised counts in the median.
        (
            [(2, None), (4, 26), (1, 6)],
            DecisionFigures(3, 3, 2, 6.0, 1),
            "3 decisions made of 3 raised · median cycle 6 h · 1 over 24 h",
        ),
        (
            [(1, 3), (2, 2), (None, None), (10, 48), (1, 5)],
            DecisionFigures(5, 4, 4, 4.0, 2),
            "4 decisions made of 5 raised · median cycle 4 h · 2 over 24 h",
        ),
    ],
)
def test_decision_figures(
    rows: list[tuple[float | None, float | None]], figures: DecisionFigures, line: str
) -> None:
    items = [decision(i, T0 + hours(i), d, a) for i, (d, a) in enumerate(rows)]
    got = decision_figures(items, WINDOW, NOW)
    assert got == figures
    assert got.line == line


def test_figures_by_sprint_are_oldest_first_and_split_by_sprint() -> None:
    later = Sprint(
        SprintId(2),
        TEAM,
        "Sprint 8",
        "",
        dt.date(2026, 11, 2),
        dt.date(2026, 11, 13),
        SprintState.ACTIVE,
    )
    b_late = blocker(2, dt.datetime(2026, 11, 3, 9, tzinfo=BERLIN), None)
    rows = figures_by_sprint(
        [later, SPRINT],
        "Europe/Berlin",
        [blocker(1, T0, 3), b_late],
        [decision(1, T0, 1, 2)],
        dt.datetime(2026, 11, 3, 12, tzinfo=BERLIN),
        24,
    )
    assert [r.sprint.name for r in rows] == ["Sprint 7", "Sprint 8"]
    assert rows[0].blockers == BlockerFigures(1, 1, 3.0, 0)
    assert rows[0].decisions == DecisionFigures(1, 1, 1, 2.0, 0)
    assert rows[1].blockers == BlockerFigures(1, 0, None, 0)
    assert rows[1].decisions == DecisionFigures(0, 0, 0, None, 0)


@given(st.lists(st.one_of(st.none(), st.floats(min_value=0, max_value=500)), max_size=15))
def test_blocker_figures_stay_consistent(took: list[float | None]) -> None:
    items = [blocker(i, T0, t) for i, t in enumerate(took)]
    figures = blocker_figures(items, WINDOW, NOW, 24)
    done = [t for t in took if t is not None]
    assert figures.raised == len(took)
    assert figures.resolved == len(done)
    assert figures.over_sla <= figures.raised
    if done:
        assert figures.median_hours is not None
        assert min(done) - 1e-6 <= figures.median_hours <= max(done) + 1e-6
    else:
        assert figures.median_hours is None
