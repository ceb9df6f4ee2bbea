"""Who did something and when: the record every explicit planning act carries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from facilitator.domain.dates import date_words
from facilitator.domain.ids import MemberId
from facilitator.domain.model import Member


@dataclass(frozen=True, slots=True)
class Signed:
    """A member's name on an act, with the instant it was made.

    Attributes:
        member_id: who acted.
        name: their name, kept so that a frozen record still reads right after a rename.
        at: when (timezone-aware).

    Raises:
        ValueError: ``at`` is naive.
    """

    member_id: MemberId
    name: str
    at: dt.datetime

    def __post_init__(self) -> None:
        if self.at.tzinfo is None or self.at.utcoffset() is None:
            raise ValueError(f"the time {self.name} acted must be timezone-aware")

    @classmethod
    def of(cls, member: Member, at: dt.datetime) -> Signed:
        """``member``'s signature at ``at``."""
        return cls(member.id, member.name, at)

    def when(self) -> str:
        """``Mon 2 Mar 2026 at 10:04 UTC``, in the zone ``at`` was given in."""
        return f"{date_words(self.at.date())} at {self.at:%H:%M} {self.at.tzname()}"

    def words(self) -> str:
        """``Ana on Mon 2 Mar 2026 at 10:04 UTC``."""
        return f"{self.name} on {self.when()}"
