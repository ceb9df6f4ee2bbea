"""Words for an edit refused because someone else saved the same thing first (no lost update)."""

from __future__ import annotations

import datetime as dt


def stale_message(what: str, by: str | None, at: dt.datetime | None) -> str:
    """The refusal shown inline: what changed, who saved it and when, and what to do.

    Args:
        what: the thing being edited in the user's words ("PAY-12", "Team Payments").
        by: who saved it last ("ana on laptop-3"); None when the database does not know (a row
            last written before the database recorded editors).
        at: when they saved it (aware); shown in local time, with the date when not today.

    Returns:
        "PAY-12 was changed elsewhere by ana on laptop-3 at 14:05 since you opened it — reload".
    """
    who = f" by {by}" if by else ""
    when = ""
    if at is not None:
        local = at.astimezone()
        today = dt.datetime.now(local.tzinfo).date()
        when = f" at {local:%H:%M}" if local.date() == today else f" on {local:%Y-%m-%d %H:%M}"
    return f"{what} was changed elsewhere{who}{when} since you opened it — reload"
