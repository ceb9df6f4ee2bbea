"""The retrospective's six phases, in order, each with its share of the retro's timebox."""

from __future__ import annotations

from enum import StrEnum

from facilitator.domain.timebox import Ceremony, split_agenda


class RetroPhase(StrEnum):
    """The retrospective's phases, in order."""

    EVALUATE = "evaluate"
    GATHER = "gather"
    GROUP = "group"
    VOTE = "vote"
    DISCUSS = "discuss"
    DECIDE = "decide"

    @property
    def number(self) -> int:
        """1 for evaluate … 6 for decide."""
        return PHASES.index(self) + 1

    @property
    def label(self) -> str:
        """The phase's title, as its agenda item reads."""
        return _TITLES[self.number - 1]


PHASES: tuple[RetroPhase, ...] = tuple(RetroPhase)
_TITLES = tuple(item.title for item in split_agenda(Ceremony.RETRO, 60))


def phase_timeboxes(total_minutes: int) -> tuple[tuple[RetroPhase, int], ...]:
    """Each phase with its own timebox in seconds: its share of the retro's ``total_minutes``."""
    items = split_agenda(Ceremony.RETRO, total_minutes)
    return tuple((phase, item.timebox_seconds) for phase, item in zip(PHASES, items, strict=True))
