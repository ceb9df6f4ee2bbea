"""History's reads: every sprint's facts in one plain statement per kind of fact, and Home's
figures of the last closed sprints.

Forecasts come from each sprint's first frozen snapshot (a sprint planned without one falls back
to its stories not added mid-sprint); Done comes from the review's verdict on ``sprint_story``.
The reads are plain SQL (see :mod:`facilitator.store.plain_sql`): a cold History visit compiled
every statement and built Row objects, some 30 ms of the 40 ms its read took for 200 sprints.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import Any, NamedTuple, cast

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from facilitator.domain.delivery import Defect, DefectKind, Deployment
from facilitator.domain.experiment import Experiment
from facilitator.domain.history import owning_index
from facilitator.domain.ids import TeamId
from facilitator.domain.metrics import SprintFacts, TimeboxRun, Waited
from facilitator.domain.model import Team
from facilitator.store.models import (
    PlanningSnapshotRow,
    SnapshotStoryRow,
    SprintRow,
    SprintStoryRow,
)
from facilitator.store.plain_sql import Runner, plain_runner, utc, utc_or_none
from facilitator.store.retro_repository import experiment_of


class SprintHead(NamedTuple):
    """A sprint as History lists it."""

    id: int
    name: str
    goal: str
    start_date: dt.date
    end_date: dt.date
    state: str


def day(value: Any) -> dt.date:
    """A stored date (SQLite's own cursor gives it as text)."""
    return dt.date.fromisoformat(value) if isinstance(value, str) else cast(dt.date, value)


def day_or_none(value: Any) -> dt.date | None:
    """:func:`day`, keeping None."""
    return None if value is None else day(value)


# The team with its Definition of Done (a row per item; one row with no item when it has none).
TEAM = """
SELECT t.id, t.name, t.sprint_length_days, t.points_per_person_day, t.blocker_sla_hours,
       t.min_overlap_hours, d.text
FROM team t LEFT OUTER JOIN dod_item d ON d.team_id = t.id
WHERE t.id = :team ORDER BY d.position
"""


def team_of(session: Session, team_id: TeamId) -> Team | None:
    """The team as History shows it, or None (one statement)."""
    rows = plain_runner(session)(TEAM, {"team": team_id})
    if not rows:
        return None
    tid, name, length, pace, sla, overlap, _ = rows[0]
    return Team(
        id=TeamId(int(tid)),
        name=name,
        sprint_length_days=int(length),
        points_per_person_day=float(pace),
        blocker_sla_hours=int(sla),
        min_overlap_hours=float(overlap),
        definition_of_done=tuple(text for *_, text in rows if text is not None),
    )


SPRINTS = (
    "SELECT id, name, goal, start_date, end_date, state FROM sprint WHERE team_id = :team "
    "ORDER BY start_date, id"
)


def team_sprints(session: Session, team_id: TeamId) -> list[SprintHead]:
    """The team's sprints, oldest first."""
    return _sprints(plain_runner(session), team_id)


def _sprints(run: Runner, team_id: TeamId) -> list[SprintHead]:
    return [
        SprintHead(int(i), name, goal, day(start), day(end), state)
        for i, name, goal, start, end, state in run(SPRINTS, {"team": team_id})
    ]


DONE = "CASE WHEN ss.done THEN 1 ELSE 0 END"
# Per sprint with a snapshot: forecast stories, points, and of them Done stories, points.
FORECASTS = f"""
SELECT f.sprint_id, count(st.position), coalesce(sum(st.points), 0.0),
       coalesce(sum({DONE}), 0), coalesce(sum(CASE WHEN ss.done THEN st.points ELSE 0.0 END), 0.0)
FROM (SELECT p.sprint_id AS sprint_id, min(p.id) AS snapshot_id
      FROM planning_snapshot p JOIN sprint s ON s.id = p.sprint_id
      WHERE s.team_id = :team{{scope}} GROUP BY p.sprint_id) f
JOIN snapshot_story st ON st.snapshot_id = f.snapshot_id
LEFT OUTER JOIN sprint_story ss ON ss.sprint_id = f.sprint_id AND ss.story_id = st.story_id
GROUP BY f.sprint_id
"""
# Per sprint, per (added mid-sprint, Done): stories, points.
LINES = f"""
SELECT ss.sprint_id, ss.added_mid_sprint, {DONE}, count(*), coalesce(sum(ss.points), 0.0)
FROM sprint_story ss JOIN sprint s ON s.id = ss.sprint_id
WHERE s.team_id = :team{{scope}}
GROUP BY ss.sprint_id, ss.added_mid_sprint, {DONE}
"""
# Blockers (resolved) and decisions (acted on; decided): what waited, raised when.
WAITS = """
SELECT 'blocker', raised_at, resolved_at, NULL FROM blocker WHERE team_id = :team
UNION ALL
SELECT 'decision', raised_at, acted_on_at, decided_at FROM decision WHERE team_id = :team
"""
RUNS = """
SELECT sprint_id, ceremony, overtime_seconds FROM ceremony_run
WHERE team_id = :team AND ended_at IS NOT NULL AND sprint_id IS NOT NULL{scope}
"""
DEPLOYMENTS = """
SELECT d.sprint_id, d.at, d.what FROM sprint_deployment d JOIN sprint s ON s.id = d.sprint_id
WHERE s.team_id = :team{scope} ORDER BY d.at, d.id
"""
DEFECTS = """
SELECT d.sprint_id, d.kind, d.description, st."key" FROM sprint_defect d
JOIN sprint s ON s.id = d.sprint_id LEFT OUTER JOIN story st ON st.id = d.story_id
WHERE s.team_id = :team{scope} ORDER BY d.id
"""
EXPERIMENTS = """
SELECT sprint_id, change, owner_id, owner_name, success_measure, check_on, outcome, evidence,
       evaluated_by_id, evaluated_by_name, evaluated_at
FROM experiment WHERE team_id = :team{scope}
"""


class _ExperimentColumns(NamedTuple):
    """An experiment row's columns by the names :func:`experiment_of` reads."""

    sprint_id: int
    change: str
    owner_id: int
    owner_name: str
    success_measure: str
    check_on: dt.date | None
    outcome: str
    evidence: str | None
    evaluated_by_id: int | None
    evaluated_by_name: str | None
    evaluated_at: dt.datetime | None


def _naive(value: Any) -> dt.datetime:
    """A moment as naive UTC (a stored one as SQLite's own cursor gives it: text)."""
    if isinstance(value, str):
        return dt.datetime.fromisoformat(value)
    moment = cast(dt.datetime, value)
    return moment if moment.tzinfo is None else moment.astimezone(dt.UTC).replace(tzinfo=None)


def _hours(start: dt.datetime, end: dt.datetime) -> float:
    return (end - start).total_seconds() / 3600


def window_of(sprints: Sequence[SprintHead], index: int) -> tuple[dt.datetime, dt.datetime | None]:
    """From the sprint's first day (UTC midnight) to the next sprint's, or open-ended."""
    start = dt.datetime.combine(sprints[index].start_date, dt.time(tzinfo=dt.UTC))
    if index + 1 >= len(sprints):
        return start, None
    return start, dt.datetime.combine(sprints[index + 1].start_date, dt.time(tzinfo=dt.UTC))


class _Facts:
    """Every kind of fact of the team's sprints (or of one), read one statement per kind."""

    def __init__(self, run: Runner, team_id: TeamId, now: dt.datetime, only: int | None) -> None:
        params: dict[str, Any] = (
            {"team": team_id} if only is None else {"team": team_id, "sprint": only}
        )
        scoped = "" if only is None else " AND s.id = :sprint"
        plain = "" if only is None else " AND sprint_id = :sprint"
        self.forecasts = {
            int(sid): (int(n), float(pts), int(dn), float(dpts))
            for sid, n, pts, dn, dpts in run(FORECASTS.format(scope=scoped), params)
        }
        self.lines: dict[int, dict[tuple[bool, bool], list[float]]] = defaultdict(dict)
        for sid, added, done, n, pts in run(LINES.format(scope=scoped), params):
            cell = self.lines[int(sid)].setdefault((bool(added), bool(done)), [0.0, 0.0])
            cell[0] += int(n)
            cell[1] += float(pts)
        # Naive UTC: only hours and days are worked out from them (some 2,000 per read).
        self.waits: list[tuple[str, dt.datetime, dt.datetime | None, bool]] = [
            (kind, _naive(raised), None if closed is None else _naive(closed), decided is not None)
            for kind, raised, closed, decided in run(WAITS, {"team": team_id})
        ]
        self.now = _naive(now)
        self.runs: dict[int, list[TimeboxRun]] = defaultdict(list)
        for sid, ceremony, overtime in run(RUNS.format(scope=plain), params):
            self.runs[int(sid)].append(TimeboxRun(ceremony, int(overtime or 0)))
        self.deployments: dict[int, list[Deployment]] = defaultdict(list)
        for sid, at, what in run(DEPLOYMENTS.format(scope=scoped), params):
            self.deployments[int(sid)].append(Deployment(utc(at), what))
        self.defects: dict[int, list[Defect]] = defaultdict(list)
        for sid, kind, description, key in run(DEFECTS.format(scope=scoped), params):
            self.defects[int(sid)].append(Defect(DefectKind(kind), description, key))
        self.experiments: dict[int, Experiment] = {}
        for row in run(EXPERIMENTS.format(scope=plain), params):
            columns = _ExperimentColumns(*row)
            columns = columns._replace(
                check_on=day_or_none(columns.check_on),
                evaluated_at=utc_or_none(columns.evaluated_at),
            )
            self.experiments[int(columns.sprint_id)] = experiment_of(cast(Any, columns))

    def waited(
        self, starts: Sequence[dt.date]
    ) -> tuple[dict[int, list[Waited]], dict[int, list[Waited]], dict[int, int]]:
        """Per sprint index: its blockers' and decisions' waits, and the decisions made."""
        blockers: dict[int, list[Waited]] = defaultdict(list)
        decisions: dict[int, list[Waited]] = defaultdict(list)
        made: dict[int, int] = defaultdict(int)
        for kind, raised, closed, decided in self.waits:
            index = owning_index(starts, raised.date())
            if index is None:
                continue
            wait = Waited(_hours(raised, closed or self.now), closed is not None)
            if kind == "blocker":
                blockers[index].append(wait)
            else:
                decisions[index].append(wait)
                made[index] += decided
        return blockers, decisions, made


def sprint_facts(
    session: Session,
    team_id: TeamId,
    now: dt.datetime,
    only: int | None = None,
    sprints: Sequence[SprintHead] | None = None,
) -> list[tuple[SprintHead, SprintFacts]]:
    """Every sprint of the team with its facts, oldest first (one statement per kind of fact).

    Args:
        session: the caller's transaction.
        team_id: the team.
        now: the moment open blockers and decisions are aged to.
        only: a sprint id: that sprint alone, read the same way (History's page).
        sprints: the team's sprints (:func:`team_sprints`), when the caller has read them.
    """
    run = plain_runner(session)
    sprints = _sprints(run, team_id) if sprints is None else sprints
    chosen = [i for i, s in enumerate(sprints) if only is None or s.id == only]
    if not chosen:
        return []
    facts = _Facts(run, team_id, now, only)
    blockers, decisions, made = facts.waited([s.start_date for s in sprints])
    out = []
    for index in chosen:
        sprint = sprints[index]
        cells = facts.lines.get(sprint.id, {})

        def cell(added: bool, done: bool) -> list[float]:
            return cells.get((added, done), [0.0, 0.0])  # noqa: B023 (used in this iteration)

        if sprint.id in facts.forecasts:
            f_n, f_pts, c_n, c_pts = facts.forecasts[sprint.id]
        else:
            f_n = int(cell(False, True)[0] + cell(False, False)[0])
            f_pts = cell(False, True)[1] + cell(False, False)[1]
            c_n, c_pts = int(cell(False, True)[0]), cell(False, True)[1]
        out.append(
            (
                sprint,
                SprintFacts(
                    name=sprint.name,
                    start=sprint.start_date,
                    end=sprint.end_date,
                    state=sprint.state,
                    forecast_stories=f_n,
                    forecast_points=f_pts,
                    completed_stories=c_n,
                    completed_points=c_pts,
                    added_stories=int(cell(True, True)[0] + cell(True, False)[0]),
                    added_done_stories=int(cell(True, True)[0]),
                    added_done_points=cell(True, True)[1],
                    blockers=tuple(blockers.get(index, ())),
                    decisions=tuple(decisions.get(index, ())),
                    decisions_made=made.get(index, 0),
                    deployments=tuple(facts.deployments.get(sprint.id, ())),
                    defects=tuple(facts.defects.get(sprint.id, ())),
                    experiment=facts.experiments.get(sprint.id),
                    timeboxes=tuple(facts.runs.get(sprint.id, ())),
                    goal=sprint.goal,
                ),
            )
        )
    return out


def recent_closed_facts(session: Session, team_id: TeamId, last: int) -> list[SprintFacts]:
    """The last ``last`` closed sprints' delivery figures, oldest first, in ONE statement (for
    Home), counted as :func:`sprint_facts` counts them."""
    snapshot = (
        select(func.min(PlanningSnapshotRow.id))
        .where(PlanningSnapshotRow.sprint_id == SprintRow.id)
        .correlate(SprintRow)
        .scalar_subquery()
    )
    line = and_(
        SprintStoryRow.sprint_id == SprintRow.id,
        SprintStoryRow.story_id == SnapshotStoryRow.story_id,
    )
    done = SprintStoryRow.done.is_(True)
    frozen_points = (
        select(func.sum(SnapshotStoryRow.points))
        .where(SnapshotStoryRow.snapshot_id == snapshot)
        .correlate(SprintRow)
        .scalar_subquery()
    )
    frozen_stories = (
        select(func.count())
        .select_from(SnapshotStoryRow)
        .where(SnapshotStoryRow.snapshot_id == snapshot)
        .correlate(SprintRow)
        .scalar_subquery()
    )
    frozen_done = (
        select(func.count(), func.sum(SnapshotStoryRow.points))
        .select_from(SnapshotStoryRow)
        .join(SprintStoryRow, line)
        .where(SnapshotStoryRow.snapshot_id == snapshot, done)
        .correlate(SprintRow)
    )

    def lines(added: bool, only_done: bool, what: Any) -> Any:
        query = select(what).where(
            SprintStoryRow.sprint_id == SprintRow.id, SprintStoryRow.added_mid_sprint.is_(added)
        )
        if only_done:
            query = query.where(done)
        return query.correlate(SprintRow).scalar_subquery()

    count, points = func.count(), func.sum(SprintStoryRow.points)
    query = (
        select(
            SprintRow.name,
            SprintRow.start_date,
            SprintRow.end_date,
            frozen_stories,
            frozen_points,
            frozen_done.with_only_columns(func.count()).scalar_subquery(),
            frozen_done.with_only_columns(func.sum(SnapshotStoryRow.points)).scalar_subquery(),
            lines(False, False, count),
            lines(False, False, points),
            lines(False, True, count),
            lines(False, True, points),
            lines(True, False, count),
            lines(True, True, count),
            lines(True, True, points),
        )
        .where(SprintRow.team_id == team_id, SprintRow.state == "closed")
        .order_by(SprintRow.start_date.desc(), SprintRow.id.desc())
        .limit(last)
    )
    out = []
    for row in session.execute(query):
        name, start, end, f_n, f_pts, c_n, c_pts, l_n, l_pts, ld_n, ld_pts, a_n, ad_n, ad_pts = row
        frozen = bool(f_n)  # a snapshot with stories: the forecast it froze
        out.append(
            SprintFacts(
                name=name,
                start=start,
                end=end,
                state="closed",
                forecast_stories=int(f_n if frozen else l_n or 0),
                forecast_points=float((f_pts if frozen else l_pts) or 0.0),
                completed_stories=int((c_n if frozen else ld_n) or 0),
                completed_points=float((c_pts if frozen else ld_pts) or 0.0),
                added_stories=int(a_n or 0),
                added_done_stories=int(ad_n or 0),
                added_done_points=float(ad_pts or 0.0),
            )
        )
    return out[::-1]
