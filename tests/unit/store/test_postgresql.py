"""The same schema, demo data and checks on a PostgreSQL server (a team sharing one database).

Runs when ``FACILITATOR_TEST_PG_URL`` names an empty scratch database (``.ci/run`` starts one);
each test gets its own schema there.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Iterator

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, text

from facilitator.errors import InputError
from facilitator.ops import demo
from facilitator.ops.maintenance import check
from facilitator.ops.teams import create_team, list_teams
from facilitator.store.db import Store, target_from
from facilitator.store.migrate import HEAD, open_store
from facilitator.store.models import Base

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
