"""A migrated store on a real SQLite file, or on a fresh PostgreSQL schema when
``FACILITATOR_TEST_PG_URL`` is set: the backends every storage rule is tested on."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, text

from facilitator.store.db import Store, target_from
from facilitator.store.migrate import MIGRATIONS_DIR, open_store

PG_URL = os.environ.get("FACILITATOR_TEST_PG_URL", "")
BACKENDS = [
    "sqlite",
    pytest.param(
        "postgresql",
        marks=pytest.mark.skipif(not PG_URL, reason="FACILITATOR_TEST_PG_URL is not set"),
    ),
]


@contextmanager
def backend_store(backend: str, folder: Path) -> Iterator[Store]:
    """A migrated, empty store on ``backend`` (``sqlite`` or ``postgresql``), removed after."""
    if backend == "sqlite":
        store = open_store(target_from(folder / "store.sqlite3"))
        yield store
        store.close()
        return
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    separator = "&" if "?" in PG_URL else "?"
    store = open_store(target_from(f"{PG_URL}{separator}options=-csearch_path%3D{schema}"))
    try:
        yield store
    finally:
        store.close()
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


def migrate_to(store: Store, revision: str, *, down: bool = False) -> None:
    """Upgrade (or with ``down``, downgrade) ``store``'s schema to ``revision``."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with store.engine.connect() as conn, conn.begin():
        config.attributes["connection"] = conn
        (command.downgrade if down else command.upgrade)(config, revision)


@pytest.fixture(params=BACKENDS)
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """A migrated store on a real SQLite file, or on a fresh PostgreSQL schema (a fixture)."""
    with backend_store(request.param, tmp_path) as store:
        yield store
