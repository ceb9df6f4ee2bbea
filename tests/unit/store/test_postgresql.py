"""The same schema, demo data and checks on a PostgreSQL server (a team sharing one database).

Runs when ``FACILITATOR_TEST_PG_URL`` names an empty scratch database (``.ci/run`` starts one);
each test gets its own schema there.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import uuid
from collections.abc import Iterator

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, text

from facilitator.domain.model import Role, Seniority, Side, StoryType
from facilitator.errors import InputError
from facilitator.ops import demo
from facilitator.ops.backlog import load_backlog
from facilitator.ops.changes import ActionContext
from facilitator.ops.maintenance import check
from facilitator.ops.story_context import add_dependency
from facilitator.ops.story_reading import load_story
from facilitator.ops.team_model import MemberInput, add_member
from facilitator.ops.teams import create_team, list_teams
from facilitator.store.db import Store, target_from
from facilitator.store.migrate import HEAD, open_store
from facilitator.store.models import Base
from tests.helpers.backlog_team import new_story

PG_URL = os.environ.get("FACILITATOR_TEST_PG_URL", "")
pytestmark = pytest.mark.skipif(not PG_URL, reason="FACILITATOR_TEST_PG_URL is not set")


@pytest.fixture
def pg_store() -> Iterator[Store]:
    """A store on a fresh schema of the scratch server, dropped afterwards."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    separator = "&" if "?" in PG_URL else "?"
    url = f"{PG_URL}{separator}options=-csearch_path%3D{schema}"
    store = open_store(target_from(url))
    yield store
    store.close()
    with admin.begin() as conn:
        conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()


def test_migrations_build_the_model_schema(pg_store: Store) -> None:
    with pg_store.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_demo_check_and_new_rows_after_the_demo(pg_store: Store) -> None:
    demo.generate(pg_store, sprints=10, stories=200, seed=5, today=dt.date(2026, 11, 25))
    assert check(pg_store).problems == []
    # Explicit demo ids must not collide with the ids the server hands out next.
    create_team(pg_store, "Third team", 10, ["Tested"])
    assert [t.name for t in list_teams(pg_store)] == ["Payments", "Risk Platform", "Third team"]
    with pytest.raises(InputError, match="already exists"):
        create_team(pg_store, "third TEAM", 10, ["Tested"])


@pytest.mark.parametrize(
    ("title", "message"),
    [
        ("x" * 301, "Title is 301 characters; the limit is 300"),
        ("Pay\0out", "Title contains a NUL character (U+0000) at position 4"),
        ("Pay\ud800", "Title contains half of a character"),
    ],
)
def test_bad_text_is_an_input_error_not_a_server_error(
    pg_store: Store, title: str, message: str
) -> None:
    team = create_team(pg_store, "Payments", 10, ["Tested"])
    with pytest.raises(InputError, match=re.escape(message)):
        new_story(
            pg_store, team, title, StoryType.STORY, dt.datetime(2026, 11, 25, 10, tzinfo=dt.UTC)
        )
    with pytest.raises(InputError, match="Team name is 121 characters; the limit is 120"):
        create_team(pg_store, "T" * 121, 10, ["Tested"])
    with pytest.raises(InputError, match="Definition of Done item is 201 characters"):
        create_team(pg_store, "Other", 10, ["D" * 201])
    member = MemberInput("M" * 121, Role.ENGINEER, Side.IN_HOUSE, Seniority.MID, "UTC", 540, 1020)
    with pytest.raises(InputError, match="Name is 121 characters; the limit is 120"):
        add_member(pg_store, ActionContext(dt.datetime.now(dt.UTC), team), member)
    assert load_backlog(pg_store, team).titles == []
    story = new_story(
        pg_store, team, "Payout", StoryType.STORY, dt.datetime(2026, 11, 25, tzinfo=dt.UTC)
    )
    with pytest.raises(InputError, match="Depends on contains a NUL character"):
        add_dependency(
            pg_store, ActionContext(dt.datetime(2026, 11, 25, tzinfo=dt.UTC)), story, on_key="PAY\0"
        )


def test_text_at_the_limits_is_stored_whole(pg_store: Store) -> None:
    team = create_team(pg_store, "T" * 120, 10, ["D" * 200])
    story = new_story(
        pg_store, team, "é" * 300, StoryType.STORY, dt.datetime(2026, 11, 25, tzinfo=dt.UTC)
    )
    member = MemberInput("M" * 120, Role.ENGINEER, Side.IN_HOUSE, Seniority.MID, "UTC", 540, 1020)
    add_member(pg_store, ActionContext(dt.datetime.now(dt.UTC), team), member)
    assert load_story(pg_store, story).title == "é" * 300
    assert [t.definition_of_done for t in list_teams(pg_store)] == [("D" * 200,)]


def test_utc_datetimes_round_trip_on_postgresql(pg_store: Store) -> None:
    from tests.unit.store.test_utc_datetime import CASES, round_trip

    for written, stored_utc in CASES:
        round_trip(pg_store, written, stored_utc)
