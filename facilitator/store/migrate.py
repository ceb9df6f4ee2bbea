"""Open a database at the current schema: refuse what is unusable, back up, then migrate.

Alembic is imported only when an upgrade is actually needed, which keeps start-up fast.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from pathlib import Path

from sqlalchemy import Connection, Engine, exc, inspect, text

from facilitator.errors import StoreUnavailable
from facilitator.store.backups import DEFAULT_KEEP, automatic_backup
from facilitator.store.db import (
    Store,
    Target,
    create_private_file,
    create_server_engine,
    create_sqlite_engine,
    describe_error,
    prepare_sqlite_file,
    remove_database_files,
)
from facilitator.store.failures import damaged, translate

# Every revision in order; a test checks this against the Alembic script directory.
REVISIONS: tuple[str, ...] = (
    "0001",
    "0002",
    "0003",
    "0004",
    "0005",
    "0006",
    "0007",
    "0008",
    "0009",
    "0010",
    "0011",
    "0012",
    "0013",
)
HEAD = REVISIONS[-1]
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def open_store(target: Target, *, upgrade: bool = True, keep_backups: int = DEFAULT_KEEP) -> Store:
    """Open ``target``, migrating it to the current schema after a backup.

    A new SQLite file is created readable by its owner only before the first connection (so its
    ``-wal`` and ``-shm`` are too), and removed again when opening fails.

    Args:
        target: which database.
        upgrade: False for a caller that only reads: an out-of-date schema is refused instead of
            migrated, a read-only file is accepted, and a missing file is not created.
        keep_backups: how many backups taken before a migration to keep.

    Raises:
        StoreUnavailable: with a one-line reason; an existing file is left untouched.
    """
    path = target.sqlite_path
    created = created_folder = False
    probed: str | None = None
    if path is not None:
        if not upgrade and not path.exists():
            raise StoreUnavailable(f"No database at {target.display}")
        created_folder = prepare_sqlite_file(path, writable=upgrade)
        created = not path.exists()
        if created:
            create_private_file(path)
        # Look before touching: the engine's PRAGMAs (WAL) would rewrite a foreign file's header.
        probed = None if created else probe_sqlite_revision(path, target)
        engine = create_sqlite_engine(path)
    else:
        engine = create_server_engine(target.url)
    try:
        current = probed if path is not None else read_revision(engine, target)
        if current != HEAD:
            if not upgrade:
                raise StoreUnavailable(
                    f"The database {target.display} is at schema {current or 'none'}, "
                    f"this version needs {HEAD}"
                )
            if current is not None and path is not None:
                automatic_backup(path, f"schema-{current}", dt.datetime.now(), keep_backups)
            run_upgrade(engine)
    except BaseException as err:
        engine.dispose()
        if created and path is not None:
            discard_new_database(path, created_folder)
        if isinstance(err, exc.DBAPIError):
            problem = describe_error(target, err)
            if problem is not None:
                raise problem from None
        raise
    return Store(engine, target)


def upgrade_open_store(store: Store, keep_backups: int = DEFAULT_KEEP) -> None:
    """Bring an open store to the current schema (after a restore of an older backup).

    Raises:
        StoreUnavailable: the schema is unknown, or the backup or the upgrade failed.
    """
    try:
        current = read_revision(store.engine, store.target)
        if current == HEAD:
            return
        path = store.target.sqlite_path
        if current is not None and path is not None:
            automatic_backup(path, f"schema-{current}", dt.datetime.now(), keep_backups)
        run_upgrade(store.engine)
    except exc.DBAPIError as err:
        problem = describe_error(store.target, err)
        if problem is None:
            raise
        raise problem from None


def discard_new_database(path: Path, created_folder: bool) -> None:
    """Remove a database file (and its folder, if made for it) that a failed start created."""
    remove_database_files(path)
    if created_folder:
        with contextlib.suppress(OSError):
            path.parent.rmdir()  # only when empty


def probe_sqlite_revision(path: Path, target: Target) -> str | None:
    """Read a SQLite file's schema revision without changing a byte of it.

    Raises:
        StoreUnavailable: damaged, another program's database, or from a newer app version.
    """
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)
        try:
            tables = {
                row[0]
                for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            }
            revision = None
            if "alembic_version" in tables:
                row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = None if row is None else str(row[0])
        finally:
            conn.close()
    except sqlite3.Error as err:
        problem = translate(target.display, path, err)
        raise problem or damaged(target.display, path, str(err)) from None
    return _check_revision(tables, revision, target)


def _check_revision(tables: set[str], revision: str | None, target: Target) -> str | None:
    if "alembic_version" not in tables:
        if tables:
            raise StoreUnavailable(
                f"{target.display} holds tables but is not a Sprint Facilitator database"
            )
        return None
    if revision is not None and revision not in REVISIONS:
        raise StoreUnavailable(
            f"The database {target.display} was written by a newer Sprint Facilitator "
            f"(schema {revision}; this version knows up to {HEAD}); please upgrade the app"
        )
    return revision


def read_revision(engine: Engine, target: Target) -> str | None:
    """The schema revision stored in the database; None for an empty database.

    Raises:
        StoreUnavailable: the database belongs to another program or a newer app version.
    """
    with engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
        revision = None
        if "alembic_version" in tables:
            revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    return _check_revision(tables, revision, target)


def run_upgrade(engine: Engine) -> None:
    """Apply every pending migration in one transaction (all or nothing)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:
            # Batch migrations copy and drop tables: foreign keys off, outside a transaction.
            _set_foreign_keys(conn, on=False)
        try:
            with conn.begin():
                config.attributes["connection"] = conn
                command.upgrade(config, "head")
                if sqlite:
                    problems = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if problems:
                        raise StoreUnavailable(
                            f"Migration left {len(problems)} broken references; nothing was changed"
                        )
        finally:
            if sqlite:
                _set_foreign_keys(conn, on=True)


def _set_foreign_keys(conn: Connection, *, on: bool) -> None:
    raw = conn.connection.dbapi_connection
    assert raw is not None
    raw.execute(f"PRAGMA foreign_keys = {'ON' if on else 'OFF'}")
