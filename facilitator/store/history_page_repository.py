"""The reads of one sprint's read-only page in History, and the text History's search matches,
in plain SQL (see :mod:`facilitator.store.plain_sql`): three statements for a page."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from facilitator.domain.history import BlockerLine, DecisionLine, ForecastLine, StoryLine
from facilitator.domain.ids import SprintId, TeamId
from facilitator.store.plain_sql import Runner, plain_runner, utc, utc_or_none

SEARCH = """
SELECT ss.sprint_id, st."key", st.title FROM sprint_story ss
JOIN story st ON st.id = ss.story_id JOIN sprint s ON s.id = ss.sprint_id
WHERE s.team_id = :team ORDER BY ss.sprint_id, st.id
"""
# The first frozen snapshot's moment and author, with its stories as committed (none: no row).
FORECAST = """
SELECT p.at, p.by_name, st."key", st.title, st.points FROM planning_snapshot p
LEFT OUTER JOIN snapshot_story st ON st.snapshot_id = p.id
WHERE p.id = (SELECT min(id) FROM planning_snapshot WHERE sprint_id = :sprint)
ORDER BY st.position
"""
STORIES = """
SELECT st."key", st.title, ss.points, ss.added_mid_sprint, ss.done, ss.not_done_reason
FROM sprint_story ss JOIN story st ON st.id = ss.story_id
WHERE ss.sprint_id = :sprint ORDER BY ss.added_mid_sprint, st.id
"""
# Blockers and decisions raised from the window's start up to its end, oldest first each.
WAITS = """
SELECT 0, raised_at, id, description, resolved_at, resolution FROM blocker
WHERE team_id = :team AND raised_at >= :start{end}
UNION ALL
SELECT 1, raised_at, id, question, acted_on_at, decision FROM decision
WHERE team_id = :team AND raised_at >= :start{end}
ORDER BY 1, 2, 3
"""


@dataclass(frozen=True, slots=True)
class PageLines:
    """What a sprint's page lists: its frozen forecast, stories, blockers and decisions."""

    frozen_on: dt.datetime | None
    frozen_by: str
    forecast: tuple[ForecastLine, ...]
    stories: tuple[StoryLine, ...]
    blockers: tuple[BlockerLine, ...]
    decisions: tuple[DecisionLine, ...]


def search_texts(session: Session, team_id: TeamId) -> dict[int, str]:
    """Per sprint: its stories' keys and titles, casefolded, for History's search."""
    parts: dict[int, list[str]] = defaultdict(list)
    for sid, key, title in plain_runner(session)(SEARCH, {"team": team_id}):
        parts[int(sid)].append(f"{key} {title}")
    return {sid: "\n".join(texts).casefold() for sid, texts in parts.items()}


def page_lines(
    session: Session,
    team_id: TeamId,
    sprint_id: SprintId,
    window: tuple[dt.datetime, dt.datetime | None],
) -> PageLines:
    """The sprint's page lines; blockers and decisions are those raised inside ``window``."""
    run = plain_runner(session)
    forecast = run(FORECAST, {"sprint": sprint_id})
    frozen_on = utc(forecast[0][0]) if forecast else None
    blockers: list[BlockerLine] = []
    decisions: list[DecisionLine] = []
    for kind, raised, _id, what, closed, outcome in _waits(run, session, team_id, window):
        if kind == 0:
            blockers.append(BlockerLine(what, utc(raised), utc_or_none(closed), outcome))
        else:
            decisions.append(DecisionLine(what, outcome, utc(raised), utc_or_none(closed)))
    return PageLines(
        frozen_on=frozen_on,
        frozen_by=forecast[0][1] if forecast else "",
        forecast=tuple(ForecastLine(k, t, float(p)) for _, _, k, t, p in forecast if k is not None),
        stories=tuple(
            StoryLine(key, title, float(points), bool(added), _flag(done), reason or "")
            for key, title, points, added, done, reason in run(STORIES, {"sprint": sprint_id})
        ),
        blockers=tuple(blockers),
        decisions=tuple(decisions),
    )


def _flag(value: object) -> bool | None:
    return None if value is None else bool(value)


def _waits(
    run: Runner,
    session: Session,
    team_id: TeamId,
    window: tuple[dt.datetime, dt.datetime | None],
) -> list[tuple[Any, ...]]:
    start, end = window
    params: dict[str, object] = {"team": team_id, "start": _stored(session, start)}
    if end is not None:
        params["end"] = _stored(session, end)
    return run(WAITS.format(end="" if end is None else " AND raised_at < :end"), params)


def _stored(session: Session, moment: dt.datetime) -> object:
    """``moment`` as the database compares it with a stored one: naive UTC (on SQLite as the
    text SQLAlchemy stores, which its own cursor compares)."""
    naive = moment.astimezone(dt.UTC).replace(tzinfo=None)
    if session.connection().dialect.name == "sqlite":
        return f"{naive:%Y-%m-%d %H:%M:%S.%f}"
    return naive
