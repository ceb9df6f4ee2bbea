"""The words of the backlog table's cells that are more than a stored value: readiness and
blocked-for tooltips, and the Blocked column worked out at the clock's now."""

from __future__ import annotations

import datetime as dt
from functools import cache

from facilitator.domain.readiness import Missing
from facilitator.domain.story_block import StoryBlock


def blocked_cell(block: StoryBlock | None, now: dt.datetime, sla_hours: float) -> str:
    """``! 5 h`` (``, over SLA`` once past it), or empty for a story not blocked."""
    return "" if block is None else block.cell(now, sla_hours)


def blocked_tip(block: StoryBlock | None, now: dt.datetime, sla_hours: float) -> str | None:
    """The full words of the Blocked cell, or None for a story not blocked."""
    return None if block is None else block.sentence(now, sla_hours)


@cache
def missing_tooltip(bits: int) -> str:
    """``Not ready. Missing: …`` in words, or what Ready means when nothing is missing."""
    if not bits:
        return "Ready: every criterion of the Definition of Ready passes"
    return "Not ready. Missing: " + ", ".join(name for name, bit in _BIT_NAMES if bits & bit)


_BIT_NAMES = (
    ("acceptance criteria by the Product Owner", Missing.ACCEPTANCE),
    ("technical assumptions reviewed by an engineer", Missing.ASSUMPTIONS),
    ("a committed estimate", Missing.ESTIMATE),
    ("every dependency resolved or called out", Missing.DEPENDENCIES),
    ("the team's own checklist", Missing.TEAM_ITEMS),
)
