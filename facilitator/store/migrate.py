"""Open a database at the current schema: refuse what is unusable, back up, then migrate.

Alembic is imported only when an upgrade is actually needed, which keeps start-up fast.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from sqlalchemy import Connection, Engine, exc, inspect, text

from facilitator.errors import StoreUnavailable
from facilitator.store.db import (
    Store,
    Target,
    create_server_engine,
    create_sqlite_engine,
    describe_operational_error,
    prepare_sqlite_file,
)

# Every revision in order; a test checks this against the Alembic script directory.
REVISIONS: tuple[str, ...] = ("0001", "0002", "0003", "0004", "0005")
HEAD = REVISIONS[-1]
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def open_store(target: Target, *, upgrade: bool = True) -> Store:
    """Open ``target``, migrating it to the current schema after a backup.

    Args:
        target: which database.
        upgrade: when False an out-of-date schema is refused instead of migrated.

    Raises:
        StoreUnavailable: with a one-line reason; an existing file is left untouched.
    """
    created = False
    probed: str | None = None
    if target.sqlite_path is not None:
        prepare_sqlite_file(target.sqlite_path)
        created = not target.sqlite_path.exists()
        # Look before touching: the engine's PRAGMAs (WAL) would rewrite a foreign file's header.
        probed = None if created else probe_sqlite_revision(target.sqlite_path, target)
        engine = create_sqlite_engine(target.sqlite_path)
    else:
        engine = create_server_engine(target.url)
    try:
        current = probed if target.sqlite_path is not None else read_revision(engine, target)
        if current != HEAD:
            if not upgrade:
                raise StoreUnavailable(
                    f"The database {target.display} is at schema {current or 'none'}, "
                    f"this version needs {HEAD}"
                )
            if current is not None and target.sqlite_path is not None:
                backup_sqlite(target.sqlite_path, backup_name(target.sqlite_path, current))
            run_upgrade(engine)
        if created and target.sqlite_path is not None:
            target.sqlite_path.chmod(0o600)
    except exc.OperationalError as err:
        engine.dispose()
        raise StoreUnavailable(describe_operational_error(target, err)) from None
    except exc.DatabaseError as err:
        engine.dispose()
        raise StoreUnavailable(f"The database {target.display} is damaged: {err.orig}") from None
    except BaseException:
        engine.dispose()
        raise
    return Store(engine, target)


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
    except sqlite3.DatabaseError as err:
        if "locked" in str(err):
            raise StoreUnavailable(f"The database {target.display} is locked; try again") from None
        raise StoreUnavailable(f"The database {target.display} is damaged: {err}") from None
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


def backup_name(path: Path, revision: str) -> Path:
    """Versioned name of the automatic backup taken before migrating from ``revision``."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    return path.with_name(f"{path.stem}.schema-{revision}.{stamp}.bak{path.suffix}")


def backup_sqlite(source: Path, dest: Path) -> None:
    """Copy a live SQLite database with the online backup API (never a plain file copy).

    Raises:
        StoreUnavailable: the source cannot be read or the destination written.
    """
    try:
        dest.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if dest.exists():
            raise StoreUnavailable(f"The backup destination {dest} already exists")
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            dst = sqlite3.connect(dest)
            try:
                src.backup(dst)
            finally:
                dst.close()
        finally:
            src.close()
        dest.chmod(0o600)
    except (sqlite3.Error, OSError) as err:
        raise StoreUnavailable(f"Cannot back up {source} to {dest}: {err}") from None
