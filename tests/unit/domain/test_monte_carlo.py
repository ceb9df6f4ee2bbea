"""Monte Carlo over past throughput: seeded, deterministic, and close to hand-computed odds."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facilitator.domain.monte_carlo import (
    Simulation,
    TooLittleHistory,
    forecast_lines,
    history_words,
    percent,
    simulate,
)


def run(history: Sequence[int], sprints: int = 1, seed: int = 7) -> Simulation:
    result = simulate(history, sprints, seed=seed)
    assert isinstance(result, Simulation)
    return result


def exact_chance(history: Sequence[int], stories: int, sprints: int) -> float:
    """By hand: every equally likely sequence of past sprints, counted."""
    outcomes = list(itertools.product(history, repeat=sprints))
    return sum(1 for o in outcomes if sum(o) >= stories) / len(outcomes)


def test_a_hand_computed_case() -> None:
    # History 1, 3, 5 stories. This sprint: P(≥1) = 1, P(≥3) = 2/3, P(≥5) = 1/3, so 85 %
    # likely means at least 1. Two sprints: the nine pairs sum to 2, 4, 4, 6, 6, 6, 8, 8, 10,
    # so P(≥4) = 8/9 ≈ 89 % (85 % likely: at least 4), P(≥6) = 6/9, P(≥8) = 3/9, P(≥10) = 1/9.
    sim = run([1, 3, 5], sprints=2)
    assert sim.trials == 10_000
    assert sim.sprints == 2
    assert sim.at_least() == 1
    assert sim.at_least(sprint=2) == 4
    for stories, sprint, odds in [
        (1, 1, 1.0),
        (3, 1, 2 / 3),
        (5, 1, 1 / 3),
        (6, 1, 0.0),
        (4, 2, 8 / 9),
        (6, 2, 6 / 9),
        (8, 2, 3 / 9),
        (10, 2, 1 / 9),
        (11, 2, 0.0),
    ]:
        assert sim.chance(stories, sprint) == pytest.approx(odds, abs=0.02)
    assert sim.at_least_words() == "85 % likely: at least 1 story this sprint"
    assert sim.top_words(4, 2, "Sprint 16") == "The top 4 stories by Sprint 16: 89 % likely"
    assert sim.top_words(1, 1) == "The top 1 story by the end of this sprint: 100 % likely"
    assert re.fullmatch(
        r"The top 6 stories by 2 sprints from now: 6[5-9] % likely", sim.top_words(6, 2)
    )


def test_a_steady_team_is_certain() -> None:
    sim = run([4, 4, 4], sprints=3)
    assert [sim.at_least(sprint=s) for s in (1, 2, 3)] == [4, 8, 12]
    assert sim.chance(12, 3) == 1.0
    assert sim.chance(13, 3) == 0.0
    assert sim.at_least(1.0) == 4
    assert sim.at_least_words(0.5) == "50 % likely: at least 4 stories this sprint"


def test_the_same_seed_gives_the_same_answer_and_another_seed_may_not() -> None:
    history = [3, 8, 5, 6, 2, 9, 7]
    assert run(history, 4, seed=42) == run(history, 4, seed=42)
    assert run(history, 4, seed=42).totals != run(history, 4, seed=43).totals


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(0, 12), min_size=3, max_size=6), st.integers(1, 3), st.integers())
def test_the_simulation_agrees_with_counting_by_hand(
    history: list[int], sprints: int, seed: int
) -> None:
    sim = run(history, sprints, seed)
    target = sum(sorted(history)[len(history) // 2 :]) * sprints // max(1, len(history) - 1)
    # 10,000 trials: a standard error of at most 0.5 %, so 2.5 % is five of them.
    assert sim.chance(target, sprints) == pytest.approx(
        exact_chance(history, target, sprints), abs=0.025
    )
    n = sim.at_least(sprint=sprints)
    assert sim.chance(n, sprints) >= 0.85
    assert sim.chance(n + 1, sprints) < 0.85


@pytest.mark.parametrize(
    ("history", "words"),
    [
        ([], "Needs 3 more closed sprints for a probabilistic forecast (has 0 of 3)"),
        ([5], "Needs 2 more closed sprints for a probabilistic forecast (has 1 of 3)"),
        ([5, 6], "Needs 1 more closed sprint for a probabilistic forecast (has 2 of 3)"),
    ],
)
def test_too_little_history_says_how_many_more_sprints(history: list[int], words: str) -> None:
    result = simulate(history, seed=1)
    assert result == TooLittleHistory(len(history))
    assert isinstance(result, TooLittleHistory)
    assert result.words() == words
    assert forecast_lines(history, 10, 2, seed=1) == (words,)


def test_the_lines_shown_next_to_the_forecast() -> None:
    assert forecast_lines([4, 4, 4], 8, 2, seed=3, name="Sprint 15") == (
        "85 % likely: at least 4 stories this sprint",
        "The top 8 stories by Sprint 15: 100 % likely",
        "From the throughput of the last 3 sprints (4, 4, 4 stories), 10,000 trials",
    )
    assert forecast_lines([4, 4, 4], 0, 1, seed=3)[1].startswith("From the throughput")


def test_a_long_history_is_told_by_its_range_and_latest_sprints() -> None:
    # 200 closed sprints listed one by one filled the planning stage with numbers.
    history = [6, 10, 4, 13, 8] * 40
    last = forecast_lines(history, 0, 1, seed=3)[-1]
    assert last == (
        "From the throughput of the last 200 sprints (4–13 stories a sprint, the latest "
        "6, 10, 4, 13, 8), 10,000 trials"
    )
    assert history_words(history[:8]) == "6, 10, 4, 13, 8, 6, 10, 4 stories"


@pytest.mark.parametrize(
    ("share", "words"),
    [(0.0, "0 %"), (0.001, "1 %"), (0.5, "50 %"), (0.996, "99 %"), (1.0, "100 %"), (0.854, "85 %")],
)
def test_percent_never_rounds_a_possibility_away(share: float, words: str) -> None:
    assert percent(share) == words


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: simulate([1, -2, 3], seed=1), "throughput cannot be negative"),
        (lambda: simulate([1, 2, 3], 0, seed=1), "at least one sprint and one trial"),
        (lambda: simulate([1, 2, 3], seed=1, trials=0), "at least one sprint and one trial"),
        (lambda: run([1, 2, 3]).at_least(0), "confidence must be above 0 and at most 1"),
        (lambda: run([1, 2, 3]).at_least(1.5), "confidence must be above 0"),
        (lambda: run([1, 2, 3]).chance(1, 2), "sprint must be 1 to 1, not 2"),
        (lambda: run([1, 2, 3]).at_least(sprint=0), "sprint must be 1 to 1, not 0"),
    ],
)
def test_bad_arguments_are_bugs(call: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()  # type: ignore[operator]
