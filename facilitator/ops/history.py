"""History's reads, each in one transaction: every sprint's metrics, one sprint's read-only page,
and the team or sprint a command line names.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from facilitator.domain.history import SprintPage
from facilitator.domain.ids import SprintId, TeamId
from facilitator.domain.metrics import (
    Across,
    SprintFacts,
    SprintMetrics,
    across,
    recent_lines,
    sprint_metrics,
)
from facilitator.domain.model import Team
from facilitator.errors import InputError
from facilitator.store import history_page_repository as page_repo
from facilitator.store import history_repository as repo
from facilitator.store.db import Store
from facilitator.store.plain_sql import collector_paused
from facilitator.store.repositories import TeamRepository


@dataclass(frozen=True, slots=True)
class HistoryRow:
    """A sprint in History's list: its id, metrics and what a search matches."""

    sprint_id: SprintId
    metrics: SprintMetrics
    search_text: str
    facts: SprintFacts | None = None  # what the metrics were worked out from (its page reuses)


@dataclass(frozen=True, slots=True)
class TeamHistory:
    """Every sprint of a team with its metrics, oldest first, and the figures across them."""

    team: Team
    rows: tuple[HistoryRow, ...]
    across: Across

    @property
    def metrics(self) -> list[SprintMetrics]:
        """The sprints' metrics, oldest first."""
        return [r.metrics for r in self.rows]


def history_in(
    session: Session, team: Team, now: dt.datetime, *, with_search: bool = False
) -> TeamHistory:
    """The team's history inside the caller's transaction."""
    return _history(session, team, now, with_search)[0]


def _history(
    session: Session, team: Team, now: dt.datetime, with_search: bool
) -> tuple[TeamHistory, list[repo.SprintHead]]:
    """The team's history and its sprints (oldest first, as :func:`page_in` takes them)."""
    facts = repo.sprint_facts(session, team.id, now)
    texts = page_repo.search_texts(session, team.id) if with_search else {}
    rows = []
    for sprint, fact in facts:
        words = f"{sprint.name}\n{sprint.goal}".casefold()
        rows.append(
            HistoryRow(
                SprintId(sprint.id),
                sprint_metrics(fact, team.blocker_sla_hours),
                f"{words}\n{texts.get(sprint.id, '')}",
                fact,
            )
        )
    history = TeamHistory(team, tuple(rows), across([r.metrics for r in rows]))
    return history, [sprint for sprint, _ in facts]


def _team(session: Session, team_id: TeamId) -> Team:
    team = repo.team_of(session, team_id)
    if team is None:
        raise InputError(f"No team with id {team_id}")
    return team


def team_history(
    store: Store, team_id: TeamId, now: dt.datetime, *, with_search: bool = False
) -> TeamHistory:
    """Every sprint of the team with its metrics (and search text when asked), one read-only
    transaction.

    Raises:
        InputError: the team does not exist.
    """
    with collector_paused(), store.read_session() as session:
        return history_in(session, _team(session, team_id), now, with_search=with_search)


@dataclass(frozen=True, slots=True)
class HistoryVisit:
    """What History shows on a visit: the closed sprints (an active sprint's figures are still
    moving; the figures across them are every sprint's), and the page of the one selected."""

    history: TeamHistory
    selected: int  # its index in ``history.rows``; -1: no closed sprint
    page: SprintPage | None


def history_visit(
    store: Store, team_id: TeamId, now: dt.datetime, keep: str | None = None
) -> HistoryVisit:
    """The team's closed sprints (their search texts hold name and goal: see
    :func:`story_texts`), and the page of the sprint named ``keep`` (else the newest), in one
    read-only transaction.

    Raises:
        InputError: the team does not exist.
    """
    with collector_paused(), store.read_session() as session:
        team = _team(session, team_id)
        whole, sprints = _history(session, team, now, False)
        closed = tuple(r for r in whole.rows if r.metrics.state == "closed")
        names = [r.metrics.name for r in closed]
        selected = names.index(keep) if keep in names else len(names) - 1
        page = None
        if selected >= 0:
            row = closed[selected]
            page = page_in(session, team, row.sprint_id, now, row.facts, sprints)
    return HistoryVisit(TeamHistory(team, closed, whole.across), selected, page)


def story_texts(store: Store, team_id: TeamId) -> dict[SprintId, str]:
    """Per sprint: its stories' keys and titles, casefolded, one line each (what History's
    search matches besides the sprint's name and goal, read when the user first searches), in
    one read-only transaction."""
    with collector_paused(), store.read_session() as session:
        return {SprintId(k): text for k, text in page_repo.search_texts(session, team_id).items()}


def page_in(
    session: Session,
    team: Team,
    sprint_id: SprintId,
    now: dt.datetime,
    known: SprintFacts | None = None,
    sprints: Sequence[repo.SprintHead] | None = None,
) -> SprintPage:
    """One sprint's read-only page inside the caller's transaction (``known``: the sprint's
    facts as History's list read them, not read again; ``sprints``: the team's, when read).

    Raises:
        InputError: the sprint is not one of the team's.
    """
    sprints = repo.team_sprints(session, team.id) if sprints is None else sprints
    index = next((i for i, s in enumerate(sprints) if s.id == sprint_id), None)
    if index is None:
        raise InputError(f"No sprint with id {sprint_id} in team {team.name}")
    if known is None:
        known = repo.sprint_facts(session, team.id, now, only=sprint_id, sprints=sprints)[0][1]
    fact = known
    lines = page_repo.page_lines(session, team.id, sprint_id, repo.window_of(sprints, index))
    return SprintPage(
        metrics=sprint_metrics(fact, team.blocker_sla_hours),
        frozen_on=lines.frozen_on,
        frozen_by=lines.frozen_by,
        forecast=lines.forecast,
        stories=lines.stories,
        blockers=lines.blockers,
        decisions=lines.decisions,
        deployments=fact.deployments,
        defects=fact.defects,
        experiment=fact.experiment,
        sla_hours=team.blocker_sla_hours,
    )


def sprint_page(
    store: Store,
    team_id: TeamId,
    sprint_id: SprintId,
    now: dt.datetime,
    known: SprintFacts | None = None,
) -> SprintPage:
    """One sprint's read-only page, in one read-only transaction (``known``: see
    :func:`page_in`).

    Raises:
        InputError: the team or the sprint does not exist.
    """
    with collector_paused(), store.read_session() as session:
        return page_in(session, _team(session, team_id), sprint_id, now, known)


def team_named(session: Session, name: str | None) -> Team:
    """The team called ``name`` (any case), or the only/first team when no name is given.

    Raises:
        InputError: no team by that name, or no team at all.
    """
    teams = TeamRepository(session).all()
    if not teams:
        raise InputError("The database holds no team yet")
    if name is None:
        return teams[0]
    for team in teams:
        if team.name.casefold() == name.strip().casefold():
            return team
    known = ", ".join(t.name for t in teams)
    raise InputError(f"--team: no team called {name!r} (teams: {known})")


@dataclass(frozen=True, slots=True)
class SprintReport:
    """What a sprint report holds: the team's history up to the sprint, and the sprint's page."""

    history: TeamHistory
    page: SprintPage


def sprint_report(
    store: Store, sprint: str, team_name: str | None, now: dt.datetime
) -> SprintReport:
    """The report of the sprint named ``sprint`` (or ``latest``: the last closed one).

    Raises:
        InputError: no such team or sprint, or no closed sprint for ``latest``.
    """
    with store.read_session() as session:
        team = team_named(session, team_name)
        history = history_in(session, team, now)
        rows = list(history.rows)
        if sprint.strip().casefold() == "latest":
            closed = [i for i, r in enumerate(rows) if r.metrics.state == "closed"]
            if not closed:
                raise InputError(f"--sprint latest: team {team.name} has no closed sprint yet")
            index = closed[-1]
        else:
            found = [i for i, r in enumerate(rows) if r.metrics.name == sprint.strip()]
            if not found:
                raise InputError(f"--sprint: team {team.name} has no sprint called {sprint!r}")
            index = found[-1]
        page = page_in(session, team, rows[index].sprint_id, now, rows[index].facts)
        upto = TeamHistory(
            team, tuple(rows[: index + 1]), across([r.metrics for r in rows[: index + 1]])
        )
    return SprintReport(upto, page)


HOME_SPRINTS = 3


def recent_lines_in(session: Session, team: Team) -> tuple[str, str] | None:
    """Home's predictability and throughput lines of the last closed sprints (one statement)."""
    facts = repo.recent_closed_facts(session, team.id, HOME_SPRINTS)
    return recent_lines([sprint_metrics(f, team.blocker_sla_hours) for f in facts], HOME_SPRINTS)
