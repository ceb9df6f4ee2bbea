"""A story's open blockers as the Backlog row and the story editor show them (issue 14).

The row keeps only when the oldest open blocker on the story was raised and how many are open,
so its age follows the clock without reading the database again: the words are worked out at
``now`` each time they are shown, and flip to "over the SLA" the moment the SLA passes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from facilitator.domain.time_words import elapsed, format_age, format_whole_hours


@dataclass(frozen=True, slots=True)
class StoryBlock:
    """The open blockers on one story.

    Attributes:
        oldest_raised_at: when the oldest still-open blocker was raised (aware, UTC).
        count: how many blockers on the story are open (at least 1).
    """

    oldest_raised_at: dt.datetime
    count: int = 1

    def age(self, now: dt.datetime) -> dt.timedelta:
        """How long the story has been blocked at ``now``; never negative.

        Raises:
            InputError: ``now`` has no time zone.
        """
        return max(dt.timedelta(), elapsed(self.oldest_raised_at, now))

    def over_sla(self, now: dt.datetime, sla_hours: float) -> bool:
        """Whether the oldest open blocker has been open for more than ``sla_hours``."""
        return self.age(now) > dt.timedelta(hours=sla_hours)

    def cell(self, now: dt.datetime, sla_hours: float) -> str:
        """``! 5 h`` or ``! 31 h, over SLA``: the short words of a cell titled Blocked."""
        words = f"! {format_whole_hours(self.age(now))}"
        return f"{words}, over SLA" if self.over_sla(now, sla_hours) else words

    def sentence(self, now: dt.datetime, sla_hours: float) -> str:
        """The full words, for a tooltip, the presenter card and the story editor; what
        matters first, so an elided line keeps it.

        ``Blocked for 1 d 7 h, over the team's 24 h SLA (2 open blockers, the oldest counts)``.
        """
        age = format_age(self.age(now))
        side = "over" if self.over_sla(now, sla_hours) else "within"
        what = (
            "1 open blocker"
            if self.count == 1
            else f"{self.count} open blockers, the oldest counts"
        )
        return f"Blocked for {age}, {side} the team's {sla_hours:g} h SLA ({what})"
