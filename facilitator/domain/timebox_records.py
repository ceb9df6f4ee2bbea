"""What the timer remembers: suggestions from history, session records, presenter settings."""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import NewType

from facilitator.domain.timebox import DEFAULT_WARN_SECONDS, SUGGESTION_SAMPLES, Ceremony


def suggest_seconds(actuals: Sequence[float]) -> int | None:
    """Suggested timebox from what the item actually took in recent sessions.

    The median of the last :data:`SUGGESTION_SAMPLES` values after dropping outliers (outside
    1.5 IQR of the quartiles, once there are at least four values), rounded up to a minute.

    Args:
        actuals: seconds each recent session spent on the item, newest first.

    Returns:
        Seconds, or None without history.
    """
    values = sorted(v for v in actuals[:SUGGESTION_SAMPLES] if v > 0)
    if not values:
        return None
    if len(values) >= 4:
        q1, _, q3 = statistics.quantiles(values, n=4, method="inclusive")
        spread = q3 - q1
        kept = [v for v in values if q1 - 1.5 * spread <= v <= q3 + 1.5 * spread]
        values = kept or values
    median = statistics.median(values)
    return max(60, int(-(-median // 60)) * 60)


SessionId = NewType("SessionId", int)

MIN_SCALE = 1.0  # presenter body text never below 28 px (UI.md)
MAX_SCALE = 3.0


@dataclass(frozen=True, slots=True)
class PresenterSettings:
    """A team's presenter and timer preferences, remembered in the database."""

    scale: float = 1.0
    high_contrast: bool = False
    sound: bool = True
    warn_seconds: int = DEFAULT_WARN_SECONDS

    def zoomed(self, steps: int) -> PresenterSettings:
        """The settings with the type scale moved ``steps`` tenths, clamped to 1.0–3.0."""
        scale = round(min(MAX_SCALE, max(MIN_SCALE, self.scale + steps / 10)), 2)
        return replace(self, scale=scale)


@dataclass(frozen=True, slots=True)
class SessionRecord:
    """What happened in one ceremony session, for History's timebox adherence."""

    session_id: SessionId
    ceremony: Ceremony
    started_at: dt.datetime | None
    ended_at: dt.datetime | None
    timebox_seconds: int
    extension_minutes: int
    elapsed_seconds: float
    overtime_seconds: int

    @property
    def within_timebox(self) -> bool:
        """Whether the ceremony ended inside its timebox (extensions not counted as inside)."""
        return self.elapsed_seconds <= self.timebox_seconds
