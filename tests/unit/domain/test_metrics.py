"""Sprint metrics on hand-computed small cases, and their invariants."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitator.domain.delivery import Defect, DefectKind, Deployment
from facilitator.domain.experiment import Evaluation, Experiment, Outcome
from facilitator.domain.ids import MemberId
from facilitator.domain.metrics import (
    CSV_COLUMNS,
    SprintFacts,
    TimeboxRun,
    Waited,
    across,
    csv_row,
    metrics_record,
    recent_lines,
    rolling_median,
    sprint_metrics,
)
from facilitator.domain.signed import Signed

START = dt.date(2026, 3, 2)
END = dt.date(2026, 3, 13)
AT = dt.datetime(2026, 3, 5, 10, tzinfo=dt.UTC)


def facts(**kw: object) -> SprintFacts:
    base: dict[str, object] = {"name": "Sprint 1", "start": START, "end": END, "state": "closed"}
    base.update(kw)
    return SprintFacts(**base)  # type: ignore[arg-type]


def experiment(outcome: Outcome | None) -> Experiment:
    evaluation = (
        None
        if outcome is None
        else Evaluation(outcome, "reviews waited 3 h", Signed(MemberId(1), "Ana", AT))
    )
    return Experiment("Pair on reviews", MemberId(1), "Ana", "reviews wait < 4 h", None, evaluation)


@pytest.mark.parametrize(
    ("given_facts", "expected"),
    [
        pytest.param(facts(), (0.0, 0, 0.0, 0, None, 0, 0), id="empty sprint"),
        pytest.param(
            facts(forecast_stories=3, forecast_points=13.0),
            (13.0, 3, 0.0, 0, 0.0, 0, 0),
            id="nothing Done",
        ),
        pytest.param(
            facts(
                forecast_stories=4,
                forecast_points=20.0,
                completed_stories=3,
                completed_points=15.0,
                added_stories=2,
                added_done_stories=1,
                added_done_points=5.0,
            ),
            (20.0, 4, 15.0, 3, 0.75, 2, 4),
            id="added work never raises predictability",
        ),
        pytest.param(
            facts(added_stories=2, added_done_stories=2, added_done_points=8.0),
            (0.0, 0, 0.0, 0, None, 2, 2),
            id="only added stories: no forecast, so no predictability",
        ),
        pytest.param(
            facts(forecast_stories=2, forecast_points=0.0, completed_stories=2),
            (0.0, 2, 0.0, 2, None, 0, 2),
            id="zero forecast points: no division by zero",
        ),
    ],
)
def test_delivery_figures(given_facts: SprintFacts, expected: tuple[object, ...]) -> None:
    m = sprint_metrics(given_facts, 24)
    got = (
        m.forecast_points,
        m.forecast_stories,
        m.completed_points,
        m.completed_stories,
        m.predictability,
        m.added_stories,
        m.throughput,
    )
    assert got == expected


@pytest.mark.parametrize(
    ("waits", "count", "median", "over"),
    [
        ((), 0, None, 0),
        ((Waited(2, True), Waited(30, True), Waited(5, True)), 3, 5.0, 1),
        ((Waited(2, True), Waited(6, True)), 2, 4.0, 0),
        ((Waited(40, False), Waited(3, False)), 2, None, 1),  # open: aged, never in the median
        ((Waited(24, True),), 1, 24.0, 0),  # exactly the SLA is not over it
    ],
)
def test_blocker_resolution(
    waits: tuple[Waited, ...], count: int, median: float | None, over: int
) -> None:
    m = sprint_metrics(facts(blockers=waits), 24)
    assert (m.blockers.count, m.blockers.median_hours, m.blockers.over_sla) == (
        count,
        median,
        over,
    )


def test_decision_cycle_uses_24_hours_whatever_the_blocker_sla() -> None:
    m = sprint_metrics(
        facts(decisions=(Waited(10, True), Waited(30, True), Waited(26, False)), decisions_made=2),
        blocker_sla_hours=48,
    )
    assert (m.decisions.count, m.decisions.median_hours, m.decisions.over_sla) == (2, 20.0, 2)


def test_deployments_defects_experiment_and_timeboxes() -> None:
    m = sprint_metrics(
        facts(
            deployments=(Deployment(AT, "v1.2"), Deployment(AT, "v1.3")),
            defects=(
                Defect(DefectKind.FOUND_IN_SPRINT, "rounding"),
                Defect(DefectKind.ESCAPED, "receipt rate"),
                Defect(DefectKind.FOUND_IN_SPRINT, "typo"),
            ),
            experiment=experiment(Outcome.WORKED),
            timeboxes=(
                TimeboxRun("planning", 0),
                TimeboxRun("retro", 300),
                TimeboxRun("retro", 0),
            ),
        ),
        24,
    )
    assert (m.deployments, m.defects_found, m.defects_escaped, m.defects) == (2, 2, 1, 3)
    assert {k: (a.runs, a.within, a.share) for k, a in m.timeboxes.items()} == {
        "planning": (1, 1, 1.0),
        "retro": (2, 1, 0.5),
    }
    record = metrics_record(m)
    assert record["experiment"] == {"title": "Pair on reviews", "owner": "Ana", "outcome": "worked"}
    assert record["deployments"] == 2
    assert record["defects"] == 3


def test_record_has_exactly_the_documented_names() -> None:
    record = metrics_record(sprint_metrics(facts(), 24))
    assert list(record) == [
        "name",
        "start",
        "end",
        "state",
        "forecast_points",
        "forecast_stories",
        "completed_points",
        "completed_stories",
        "predictability",
        "added_stories",
        "throughput",
        "blockers",
        "decisions",
        "deployments",
        "defects",
        "experiment",
    ]
    assert set(record["blockers"]) == {"raised", "median_hours", "over_sla"}
    assert set(record["decisions"]) == {"made", "median_cycle_hours", "over_sla"}
    assert record["experiment"] is None
    assert record["predictability"] is None
    assert record["start"] == "2026-03-02"


def test_pending_experiment_and_csv_flattening() -> None:
    m = sprint_metrics(facts(experiment=experiment(None), forecast_points=10.0), 24)
    row = dict(zip(CSV_COLUMNS, csv_row(m), strict=True))
    assert row["experiment_outcome"] == "pending"
    assert row["predictability"] == 0.0
    assert row["blockers_median_hours"] == ""
    no_experiment = dict(zip(CSV_COLUMNS, csv_row(sprint_metrics(facts(), 24)), strict=True))
    assert no_experiment["experiment_title"] == ""


@pytest.mark.parametrize(
    ("values", "window", "expected"),
    [
        ([], 3, []),
        ([4.0], 3, [None]),
        ([4.0, 8.0, 6.0, 1.0], 3, [None, None, 6.0, 6.0]),
        ([5.0, 7.0], 1, [5.0, 7.0]),
    ],
)
def test_rolling_median(values: list[float], window: int, expected: list[float | None]) -> None:
    assert rolling_median(values, window) == expected


def test_rolling_median_refuses_an_empty_window() -> None:
    with pytest.raises(ValueError, match="window"):
        rolling_median([1.0], 0)


def test_across_sprints_counts_only_closed_ones() -> None:
    ms = [
        sprint_metrics(facts(forecast_points=10, completed_points=5, completed_stories=2), 24),
        sprint_metrics(facts(forecast_points=10, completed_points=10, completed_stories=4), 24),
        sprint_metrics(facts(completed_stories=9, state="active"), 24),
    ]
    summary = across(ms, window=2)
    assert summary.sprints == 2
    assert summary.median_throughput == 3.0
    assert summary.median_predictability == 0.75
    assert summary.rolling_throughput == (None, 3.0)


def test_no_history() -> None:
    summary = across([])
    assert (summary.sprints, summary.median_throughput, summary.median_predictability) == (
        0,
        None,
        None,
    )
    assert recent_lines([]) is None


def test_home_lines_read_like_sentences() -> None:
    ms = [
        sprint_metrics(facts(forecast_points=10, completed_points=8, completed_stories=3), 24),
        sprint_metrics(facts(added_stories=1, added_done_stories=1), 24),
    ]
    assert recent_lines(ms) == (
        "Predictability, last 2 sprints: 80 %, no forecast",
        "Throughput, last 2 sprints: 3, 1 stories Done",
    )
    one = recent_lines(ms[:1])
    assert one is not None
    assert one[0] == "Predictability, last sprint: 80 %"


@given(
    forecast=st.lists(st.floats(min_value=0, max_value=40, allow_nan=False), max_size=12),
    done=st.lists(st.booleans(), max_size=12),
)
def test_predictability_stays_between_0_and_1_when_completed_is_part_of_the_forecast(
    forecast: list[float], done: list[bool]
) -> None:
    completed = sum(p for p, d in zip(forecast, done, strict=False) if d)
    m = sprint_metrics(
        facts(
            forecast_stories=len(forecast),
            forecast_points=sum(forecast),
            completed_points=completed,
        ),
        24,
    )
    if sum(forecast) == 0:
        assert m.predictability is None
    else:
        assert m.predictability is not None
        assert 0.0 <= m.predictability <= 1.0 + 1e-9


@given(
    hours=st.lists(
        st.tuples(st.floats(min_value=0, max_value=500, allow_nan=False), st.booleans()),
        max_size=20,
    ),
    sla=st.floats(min_value=1, max_value=100),
)
def test_over_sla_never_exceeds_raised_and_median_lies_in_range(
    hours: list[tuple[float, bool]], sla: float
) -> None:
    m = sprint_metrics(facts(blockers=tuple(Waited(h, c) for h, c in hours)), sla)
    assert 0 <= m.blockers.over_sla <= m.blockers.count == len(hours)
    closed = [h for h, c in hours if c]
    if closed:
        assert m.blockers.median_hours is not None
        assert min(closed) <= m.blockers.median_hours <= max(closed)
    else:
        assert m.blockers.median_hours is None


@given(st.lists(st.integers(min_value=0, max_value=50), max_size=30), st.integers(1, 6))
def test_rolling_median_has_one_value_per_sprint_inside_its_window(
    values: list[int], window: int
) -> None:
    floats = [float(v) for v in values]
    rolled = rolling_median(floats, window)
    assert len(rolled) == len(values)
    for i, value in enumerate(rolled):
        if value is not None:
            chunk = floats[i + 1 - window : i + 1]
            assert min(chunk) <= value <= max(chunk)
