"""A probabilistic forecast from past throughput (rule 10): Monte Carlo over stories per sprint.

Each trial draws, for every sprint ahead, one past sprint's throughput at random (with
replacement) and adds them up. Ten thousand seeded trials give, for this sprint, the number of
stories reached in 85 % of them, and for a later sprint the share of trials in which the top K
stories of the backlog are done. The same seed always gives the same answer.
"""

from __future__ import annotations

import operator
import random
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

TRIALS = 10_000
MIN_HISTORY = 3
CONFIDENCE = 0.85


@dataclass(frozen=True, slots=True)
class TooLittleHistory:
    """Not enough closed sprints to simulate from: how many there are and how many it needs."""

    have: int
    need: int = MIN_HISTORY

    def words(self) -> str:
        """``Needs 2 more closed sprints for a probabilistic forecast (has 1 of 3)``."""
        more = self.need - self.have
        return (
            f"Needs {more} more closed sprint{'' if more == 1 else 's'} for a probabilistic "
            f"forecast (has {self.have} of {self.need})"
        )


@dataclass(frozen=True, slots=True)
class Simulation:
    """The outcome of the trials: per sprint ahead, each trial's stories done, sorted.

    Attributes:
        history: the throughput simulated from, stories per past sprint.
        totals: ``totals[s]`` holds, sorted, the stories done in each trial by the end of
            sprint ``s + 1`` (sprint 1 is this sprint).
    """

    history: tuple[int, ...]
    totals: tuple[tuple[int, ...], ...]

    @property
    def trials(self) -> int:
        """How many trials were run."""
        return len(self.totals[0])

    @property
    def sprints(self) -> int:
        """How many sprints ahead were simulated."""
        return len(self.totals)

    def _sorted(self, sprint: int) -> tuple[int, ...]:
        if not 1 <= sprint <= self.sprints:
            raise ValueError(f"sprint must be 1 to {self.sprints}, not {sprint}")
        return self.totals[sprint - 1]

    def at_least(self, confidence: float = CONFIDENCE, sprint: int = 1) -> int:
        """The most stories done by ``sprint`` in at least ``confidence`` of the trials."""
        if not 0 < confidence <= 1:
            raise ValueError(f"confidence must be above 0 and at most 1, not {confidence}")
        totals = self._sorted(sprint)
        # The smallest count among the luckiest ``confidence`` share of trials.
        index = int((1 - confidence) * len(totals) + 1e-9)
        return totals[min(index, len(totals) - 1)]

    def chance(self, stories: int, sprint: int) -> float:
        """The share of trials (0–1) with at least ``stories`` done by the end of ``sprint``."""
        totals = self._sorted(sprint)
        return (len(totals) - bisect_left(totals, stories)) / len(totals)

    def at_least_words(self, confidence: float = CONFIDENCE) -> str:
        """``85 % likely: at least 7 stories this sprint``."""
        count = self.at_least(confidence)
        return f"{percent(confidence)} likely: at least {count} stor{_ies(count)} this sprint"

    def top_words(self, stories: int, sprint: int, name: str = "") -> str:
        """``The top 12 stories by Sprint 16: 62 % likely``."""
        by = name or ("the end of this sprint" if sprint == 1 else f"{sprint} sprints from now")
        return (
            f"The top {stories} stor{_ies(stories)} by {by}: "
            f"{percent(self.chance(stories, sprint))} likely"
        )


def _ies(count: int) -> str:
    return "y" if count == 1 else "ies"


def percent(share: float) -> str:
    """A share as a whole percentage that never rounds a possibility to 0 % or 100 %."""
    value = round(share * 100)
    if 0 < share < 1:
        value = min(max(value, 1), 99)
    return f"{value} %"


def simulate(
    history: Sequence[int], sprints: int = 1, *, seed: int, trials: int = TRIALS
) -> Simulation | TooLittleHistory:
    """Run the trials over ``history`` for ``sprints`` sprints ahead.

    Args:
        history: stories completed in each closed sprint (any order; all are used).
        sprints: how many sprints ahead to simulate, this one first.
        seed: seeds :class:`random.Random`, so the same inputs always give the same answer.
        trials: how many trials.

    Returns:
        The simulation, or :class:`TooLittleHistory` with fewer than :data:`MIN_HISTORY`
        sprints.

    Raises:
        ValueError: a throughput is negative, or ``sprints`` or ``trials`` is below 1.
    """
    past = tuple(history)
    if any(n < 0 for n in past):
        raise ValueError("throughput cannot be negative")
    if sprints < 1 or trials < 1:
        raise ValueError("simulate at least one sprint and one trial")
    if len(past) < MIN_HISTORY:
        return TooLittleHistory(len(past))
    rng = random.Random(seed)
    draws = rng.choices(past, k=trials * sprints)
    running = draws[:trials]
    totals = [tuple(sorted(running))]
    for ahead in range(1, sprints):
        running = list(map(operator.add, running, draws[ahead * trials : (ahead + 1) * trials]))
        totals.append(tuple(sorted(running)))
    return Simulation(past, tuple(totals))


def forecast_lines(
    history: Sequence[int], top: int, sprint: int, *, seed: int, name: str = ""
) -> tuple[str, ...]:
    """The words shown next to the forecast.

    Args:
        history: stories completed in each closed sprint.
        top: how many stories from the top of the backlog to ask about (0: do not ask).
        sprint: by which sprint, counted from this one as 1.
        seed: the simulation's seed.
        name: the sprint's name, e.g. ``Sprint 16``.

    Returns:
        The 85 % line, the top-K line and what it was computed from; or, with too little
        history, how many more sprints it needs.
    """
    result = simulate(history, sprint, seed=seed)
    if isinstance(result, TooLittleHistory):
        return (result.words(),)
    lines = [result.at_least_words()]
    if top > 0:
        lines.append(result.top_words(top, sprint, name))
    lines.append(
        f"From the throughput of the last {len(result.history)} sprints "
        f"({history_words(result.history)}), {result.trials:,} trials"
    )
    return tuple(lines)


SHOWN_SPRINTS = 8  # more would fill the stage with numbers: the range and the latest instead


def history_words(history: Sequence[int]) -> str:
    """``4, 4, 4 stories``; a long history as its range and its latest sprints:
    ``4–13 stories a sprint, the latest 9, 8, 10, 5, 9``."""
    if len(history) <= SHOWN_SPRINTS:
        return f"{', '.join(str(n) for n in history)} stories"
    latest = ", ".join(str(n) for n in history[-5:])
    return f"{min(history)}–{max(history)} stories a sprint, the latest {latest}"
