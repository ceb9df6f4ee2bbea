"""Engine setup: choosing the database, SQLite durability settings, refusing unusable files."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, exc, make_url
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session, sessionmaker

from facilitator.errors import StoreUnavailable
from facilitator.paths import ensure_private_dir

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000


@dataclass(frozen=True)
class Target:
    """Which database to open: a SQLite file, or a server URL."""

    url: URL
    sqlite_path: Path | None

    @property
    def display(self) -> str:
        """What the status bar and messages call this database (never shows a password)."""
        if self.sqlite_path is not None:
            return str(self.sqlite_path)
        return self.url.render_as_string(hide_password=True)


def target_from(db: str | os.PathLike[str]) -> Target:
    """Interpret a ``--db`` value: a URL when it contains ``://``, else a file path.

    Raises:
        StoreUnavailable: the URL cannot be parsed.
    """
    text = os.fspath(db)
    if "://" in text:
        try:
            url = make_url(text)
        except exc.ArgumentError as err:
            raise StoreUnavailable(f"Not a database URL: {text!r} ({err})") from None
        if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
            return Target(url, Path(url.database or "").expanduser().resolve())
        return Target(url, None)
    path = Path(text).expanduser().resolve()
    return Target(URL.create("sqlite", database=str(path)), path)


def prepare_sqlite_file(path: Path) -> None:
    """Check that ``path`` can hold a SQLite database without touching an existing file.

    Raises:
        StoreUnavailable: the folder cannot be created or written, or the file is not SQLite.
    """
    folder = path.parent
    try:
        ensure_private_dir(folder)
    except OSError as err:
        raise StoreUnavailable(
            f"Cannot create the folder {folder} for the database: {err.strerror or err}"
        ) from None
    if path.is_dir():
        raise StoreUnavailable(f"{path} is a folder, not a database file")
    if path.exists():
        if not os.access(path, os.R_OK | os.W_OK):
            raise StoreUnavailable(f"Cannot read and write the database file {path}")
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
        if header and header != SQLITE_HEADER:
            raise StoreUnavailable(f"{path} is not a SQLite database (its header does not match)")
    elif not os.access(folder, os.W_OK | os.X_OK):
        raise StoreUnavailable(f"Cannot write into the folder {folder}")


def _on_sqlite_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # Take transaction control from the sqlite3 module so BEGIN really starts every transaction
    # (DDL included, which makes each migration atomic) and PRAGMAs run outside transactions.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        # WAL + FULL syncs the log at each commit: a committed action survives an OS crash too.
        cursor.execute("PRAGMA synchronous = FULL")
    finally:
        cursor.close()


def create_sqlite_engine(path: Path) -> Engine:
    """An engine for a local SQLite file with foreign keys, WAL, busy timeout and FULL sync."""
    engine = create_engine(
        URL.create("sqlite+pysqlite", database=str(path)),
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000},
    )
    event.listen(engine, "connect", _on_sqlite_connect)

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN")

    return engine


def create_server_engine(url: URL) -> Engine:
    """An engine for a database server URL such as ``postgresql+psycopg://…``.

    Raises:
        StoreUnavailable: unknown driver, driver not installed.
    """
    try:
        return create_engine(url, pool_pre_ping=True)
    except exc.NoSuchModuleError:
        raise StoreUnavailable(
            f"Unknown database driver {url.drivername!r} in {url.render_as_string()}: "
            "use a file path, sqlite:///PATH or postgresql+psycopg://…"
        ) from None
    except ModuleNotFoundError as err:
        raise StoreUnavailable(
            f"The driver for {url.drivername!r} is not installed ({err.name}); "
            "install it with: pip install 'sprint-facilitator[postgres]'"
        ) from None


class Store:
    """An open database: the engine plus one short session per user action."""

    def __init__(self, engine: Engine, target: Target) -> None:
        """Wrap an engine already migrated to the current schema."""
        self.engine = engine
        self.target = target
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed when the block ends, rolled back on any error.

        Raises:
            StoreUnavailable: the database is locked past the busy timeout or cannot be written.
        """
        try:
            with self._sessions() as session, session.begin():
                yield session
        except exc.OperationalError as err:
            raise StoreUnavailable(describe_operational_error(self.target, err)) from err

    @property
    def is_sqlite(self) -> bool:
        """Whether this is a local SQLite file."""
        return self.target.sqlite_path is not None

    def close(self) -> None:
        """Release every connection (checkpointing the WAL for SQLite)."""
        self.engine.dispose()


def describe_operational_error(target: Target, err: exc.OperationalError) -> str:
    """A one-line, user-facing description of a database failure."""
    detail = str(err.orig) if err.orig is not None else str(err)
    if "locked" in detail:
        return f"The database {target.display} is locked by another program; try again."
    if "readonly" in detail or "read-only" in detail:
        return f"The database {target.display} is read-only: {detail}"
    if "malformed" in detail or "not a database" in detail:
        return f"The database {target.display} is damaged: {detail}"
    return f"Cannot use the database {target.display}: {detail}"
