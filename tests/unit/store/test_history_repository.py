"""History's reads against a real database: every sprint's facts agree with raw SQL, and one
sprint's page holds its forecast, Done and why not, blockers and decisions."""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import create_engine, event, text

from facilitator.domain.ids import SprintId
from facilitator.errors import InputError
from facilitator.ops import demo
from facilitator.ops.history import history_visit, sprint_page, sprint_report, team_history
from facilitator.ops.teams import list_teams
from facilitator.store.db import Store, target_from
from facilitator.store.migrate import open_store
from facilitator.store.models import BlockerRow, DecisionRow, SprintRow
from tests.conftest import DEMO_TODAY
from tests.helpers.backlog_team import make_team
from tests.helpers.history_sql import raw_figures
from tests.helpers.transactions import counting

NOW = dt.datetime.combine(DEMO_TODAY, dt.time(10, tzinfo=dt.UTC))
PG_URL = os.environ.get("FACILITATOR_TEST_PG_URL", "")


def test_every_sprint_agrees_with_raw_sql(demo_store: Store) -> None:
    team = list_teams(demo_store)[0]
    history = team_history(demo_store, team.id, NOW)
    assert demo_store.target.sqlite_path is not None
    raw = raw_figures(demo_store.target.sqlite_path, team.name)
    mine = [
        (m.name, m.forecast_points, m.completed_points, m.throughput, m.added_stories)
        for m in history.metrics
    ]
    assert mine == raw
    closed = [m for m in history.metrics if m.state == "closed"]
    assert len(closed) == 6
    assert all(m.predictability is not None and 0 <= m.predictability <= 1 for m in closed)
    assert sum(m.blockers.count for m in history.metrics) > 0
    assert sum(m.decisions.count for m in history.metrics) > 0
    assert closed[0].timeboxes["planning"].runs == 1


@contextmanager
def run_by_sqlite(store: Store) -> Iterator[list[str]]:
    """Every statement SQLite runs inside the block (History reads through the driver's own
    cursor, which SQLAlchemy's events never see), transaction control left out."""
    statements: list[str] = []

    def traced(sql: str) -> None:
        if sql.split(maxsplit=1)[0].upper() not in {"BEGIN", "COMMIT", "ROLLBACK"}:
            statements.append(sql)

    def trace(dbapi_connection: Any, *_args: object) -> None:
        dbapi_connection.set_trace_callback(traced)

    event.listen(store.engine, "checkout", trace)
    try:
        yield statements
    finally:
        event.remove(store.engine, "checkout", trace)


def test_all_sprints_take_one_transaction_and_a_query_per_kind_of_fact(demo_store: Store) -> None:
    team = list_teams(demo_store)[0]
    with counting(demo_store) as tally, run_by_sqlite(demo_store) as statements:
        team_history(demo_store, team.id, NOW)
    assert tally.begins == 1
    assert len(statements) == 9  # the team with its DoD, sprints, forecasts, lines, blockers and
    # decisions, runs, deployments, defects, experiments: the same count for 6 sprints or 600


def test_a_visit_reads_the_list_and_the_newest_page_in_one_read_only_transaction(
    demo_store: Store,
) -> None:
    team = list_teams(demo_store)[0]
    with counting(demo_store) as tally, run_by_sqlite(demo_store) as statements:
        visit = history_visit(demo_store, team.id, NOW)
    assert tally.begins == 1
    assert len(statements) == 12  # the history's 9 and the page's 3 (stories' texts: on search)
    assert not any(s.startswith(("INSERT", "UPDATE", "DELETE")) for s in statements)
    closed = [r for r in team_history(demo_store, team.id, NOW).rows if r.metrics.state == "closed"]
    assert [r.metrics for r in visit.history.rows] == [r.metrics for r in closed]
    assert visit.selected == len(closed) - 1
    assert visit.page == sprint_page(demo_store, team.id, closed[-1].sprint_id, NOW)
    kept = history_visit(demo_store, team.id, NOW, keep=closed[1].metrics.name)
    assert kept.selected == 1
    assert kept.page == sprint_page(demo_store, team.id, closed[1].sprint_id, NOW)


def test_a_sprint_owns_what_was_raised_until_the_next_one_starts(store: Store) -> None:
    t = make_team(store, stories=2)
    with store.session() as s:
        first = SprintRow(
            team_id=t.team,
            name="S1",
            goal="Ship receipts",
            start_date=dt.date(2026, 3, 2),
            end_date=dt.date(2026, 3, 13),
            state="closed",
        )
        second = SprintRow(
            team_id=t.team,
            name="S2",
            goal="",
            start_date=dt.date(2026, 3, 16),
            end_date=dt.date(2026, 3, 27),
            state="closed",
        )
        s.add_all([first, second])
        s.flush()
        member = t.po
        saturday = dt.datetime(2026, 3, 14, 10, tzinfo=dt.UTC)
        s.add_all(
            [
                BlockerRow(
                    team_id=t.team,
                    raised_by_id=member,
                    raised_at=saturday,
                    description="Sandbox down",
                    resolved_at=saturday + dt.timedelta(hours=30),
                    resolution="Vendor fixed it",
                ),
                BlockerRow(
                    team_id=t.team,
                    raised_by_id=member,
                    raised_at=dt.datetime(2026, 3, 16, 9, tzinfo=dt.UTC),
                    description="Keys missing",
                    resolved_at=None,
                    resolution="",
                ),
                DecisionRow(
                    team_id=t.team,
                    question="Which rate source?",
                    raised_by_id=member,
                    raised_at=dt.datetime(2026, 3, 3, 9, tzinfo=dt.UTC),
                    decision_maker_id=member,
                    decided_at=dt.datetime(2026, 3, 3, 15, tzinfo=dt.UTC),
                    decision="ECB",
                    acted_on_at=dt.datetime(2026, 3, 4, 9, tzinfo=dt.UTC),
                ),
            ]
        )
        first_id = SprintId(first.id)
    now = dt.datetime(2026, 3, 20, 9, tzinfo=dt.UTC)
    history = team_history(store, t.team, now)
    s1, s2 = history.metrics
    assert (s1.blockers.count, s1.blockers.median_hours, s1.blockers.over_sla) == (1, 30.0, 1)
    assert (s2.blockers.count, s2.blockers.median_hours, s2.blockers.over_sla) == (1, None, 1)
    assert (s1.decisions.count, s1.decisions.median_hours, s1.decisions.over_sla) == (1, 24.0, 0)
    assert s1.predictability is None  # nothing was forecast
    page = sprint_page(store, t.team, first_id, now)
    assert [b.description for b in page.blockers] == ["Sandbox down"]
    assert [d.decision for d in page.decisions] == ["ECB"]
    assert page.frozen_words() == "Read-only · no frozen forecast for this sprint"
    assert page.metrics.goal == "Ship receipts"


def test_the_latest_report_is_the_last_closed_sprint(demo_store: Store) -> None:
    report = sprint_report(demo_store, "latest", None, NOW)
    assert report.page.metrics.name == "Sprint 6"
    assert report.history.rows[-1].metrics.name == "Sprint 6"
    assert report.page.forecast
    assert report.page.frozen_words().startswith("Read-only · forecast frozen on ")
    not_done = [s for s in report.page.stories if s.done is False]
    assert all(s.verdict().startswith("Not Done: ") for s in not_done)


@pytest.mark.parametrize(
    ("sprint", "team", "message"),
    [
        ("Sprint 99", None, "no sprint called 'Sprint 99'"),
        ("latest", "Nobody", "no team called 'Nobody'"),
    ],
)
def test_a_report_of_something_missing_says_what(
    demo_store: Store, sprint: str, team: str | None, message: str
) -> None:
    with pytest.raises(InputError, match=message):
        sprint_report(demo_store, sprint, team, NOW)


def test_no_closed_sprint_yet(store: Store) -> None:
    make_team(store, stories=1)
    with pytest.raises(InputError, match="no closed sprint yet"):
        sprint_report(store, "latest", None, NOW)


@pytest.fixture
def pg_demo() -> Iterator[Store]:
    """The demo on a fresh schema of the scratch PostgreSQL server."""
    if not PG_URL:
        pytest.skip("FACILITATOR_TEST_PG_URL is not set")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    separator = "&" if "?" in PG_URL else "?"
    opened = open_store(target_from(f"{PG_URL}{separator}options=-csearch_path%3D{schema}"))
    demo.generate(opened, sprints=6, stories=120, seed=3, today=DEMO_TODAY)
    yield opened
    opened.close()
    with admin.begin() as conn:
        conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()


def test_postgresql_gives_the_same_figures(pg_demo: Store, demo_store: Store) -> None:
    def figures(store: Store) -> list[dict[str, object]]:
        from facilitator.domain.metrics import metrics_record

        team = list_teams(store)[0]
        return [metrics_record(m) for m in team_history(store, team.id, NOW).metrics]

    assert figures(pg_demo) == figures(demo_store)


def test_postgresql_gives_the_same_pages_and_search_texts(
    pg_demo: Store, demo_store: Store
) -> None:
    def pages(store: Store) -> list[tuple[object, ...]]:
        team = list_teams(store)[0]
        rows = team_history(store, team.id, NOW, with_search=True).rows
        visit = history_visit(store, team.id, NOW)
        return [
            (row.search_text, sprint_page(store, team.id, row.sprint_id, NOW)) for row in rows
        ] + [(visit.selected, visit.page)]

    assert pages(pg_demo) == pages(demo_store)


def test_homes_one_statement_counts_as_the_history_does(demo_store: Store) -> None:
    from facilitator.domain.metrics import recent_lines
    from facilitator.ops.history import HOME_SPRINTS, recent_lines_in
    from facilitator.store.history_repository import recent_closed_facts
    from facilitator.store.repositories import TeamRepository

    team = list_teams(demo_store)[0]
    history = team_history(demo_store, team.id, NOW)
    with demo_store.session() as s, counting(demo_store) as tally:
        facts = recent_closed_facts(s, team.id, HOME_SPRINTS)
    assert len([q for q in tally.statements if not q.startswith("BEGIN")]) == 1
    closed = [m for m in history.metrics if m.state == "closed"][-HOME_SPRINTS:]
    assert [
        (f.name, f.forecast_points, f.completed_points, f.completed_stories + f.added_done_stories)
        for f in facts
    ] == [(m.name, m.forecast_points, m.completed_points, m.throughput) for m in closed]
    with demo_store.session() as s:
        lines = recent_lines_in(s, TeamRepository(s).get(team.id))  # type: ignore[arg-type]
    assert lines == recent_lines(closed)
    assert lines is not None
    assert lines[0].startswith("Predictability, last 3 sprints: ")


def test_each_sprints_page_reads_the_same_figures_as_the_whole_history(demo_store: Store) -> None:
    team = list_teams(demo_store)[0]
    history = team_history(demo_store, team.id, NOW)
    for row in history.rows:
        page = sprint_page(demo_store, team.id, row.sprint_id, NOW)
        assert page.metrics == row.metrics
        assert len(page.blockers) == row.metrics.blockers.count
        assert sum(1 for s in page.stories if s.added) == row.metrics.added_stories
    with counting(demo_store) as tally:
        sprint_page(demo_store, team.id, history.rows[0].sprint_id, NOW)
    assert tally.begins == 1
