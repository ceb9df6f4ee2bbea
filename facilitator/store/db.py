"""Engine setup: choosing the database, SQLite durability settings, refusing unusable files."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, exc, make_url
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import SingletonThreadPool

from facilitator.errors import StoreUnavailable
from facilitator.paths import ensure_private_dir
from facilitator.store.failures import DatabaseReadOnly, read_only_reason, translate
from facilitator.store.identity import local_editor

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000
# A session whose ``info`` holds this key writes rows without an editor (generated demo data,
# which must be identical for one seed).
UNSTAMPED = "unstamped"


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


def prepare_sqlite_file(path: Path, *, writable: bool = True) -> bool:
    """Check that ``path`` can hold a SQLite database without touching an existing file.

    Args:
        path: the database file.
        writable: whether the caller will write; a read-only file or folder is refused then.

    Returns:
        Whether the folder was created here (so a failed first start can remove it again).

    Raises:
        StoreUnavailable: the folder cannot be created or written, or the file is not SQLite;
            :class:`DatabaseReadOnly` when the file or its folder cannot be written.
    """
    folder = path.parent
    created_folder = not folder.exists()
    try:
        ensure_private_dir(folder)
    except OSError as err:
        raise StoreUnavailable(
            f"Cannot create the folder {folder} for the database: {err.strerror or err}"
        ) from None
    if path.is_dir():
        raise StoreUnavailable(f"{path} is a folder, not a database file")
    if path.exists():
        if not os.access(path, os.R_OK):
            raise StoreUnavailable(f"Cannot read the database file {path}")
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
        if header and header != SQLITE_HEADER:
            raise StoreUnavailable(f"{path} is not a SQLite database (its header does not match)")
        reason = read_only_reason(path)
        if writable and reason:
            raise DatabaseReadOnly(
                f"The database {path} is read-only ({reason}); make it writable, or copy it "
                "to a writable folder and open the copy with --db"
            )
    elif not os.access(folder, os.W_OK | os.X_OK):
        raise DatabaseReadOnly(
            f"Cannot create the database {path}: the folder {folder} is read-only; choose "
            "another folder with --db or --data-dir"
        )
    return created_folder


def create_private_file(path: Path) -> None:
    """Create an empty database file readable by its owner only.

    SQLite gives its ``-wal`` and ``-shm`` files the mode of the database file, so creating the
    file 0600 before the first connection keeps every file of the database private from the start.
    """
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def remove_database_files(path: Path) -> None:
    """Delete a database this process just created, with its sidecar files."""
    for name in (str(path), f"{path}-wal", f"{path}-shm", f"{path}-journal"):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(name)


READ_ONLY_OPTION = "facilitator_read_only"


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
        # A write transaction takes the write lock at its start, so a busy database makes it
        # wait (busy timeout) instead of failing the moment a read turns into a write.
        read_only = conn.get_execution_options().get(READ_ONLY_OPTION, False)
        conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

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

    def __init__(self, engine: Engine, target: Target, editor: str | None = None) -> None:
        """Wrap an engine already migrated to the current schema.

        Args:
            engine: the migrated engine.
            target: where it points.
            editor: the name this program's writes are recorded under (default: the account
                and machine, see :func:`facilitator.store.identity.local_editor`).
        """
        self.engine = engine
        self.target = target
        self.editor = editor or local_editor()
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        event.listen(self._sessions, "before_flush", self._stamp_editor)
        self._read_sessions = sessionmaker(
            engine.execution_options(**{READ_ONLY_OPTION: True}), expire_on_commit=False
        )

    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed when the block ends, rolled back on any error.

        On SQLite the transaction takes the write lock when it begins (``BEGIN IMMEDIATE``), so
        another program's write makes it wait up to the busy timeout, then fail in one line.

        Raises:
            StoreUnavailable: locked past the busy timeout, damaged, read-only, disk full (a
                subclass from :mod:`facilitator.store.failures` says which).
        """
        with self._translated(), self._sessions() as session, session.begin():
            yield session

    def _stamp_editor(self, session: Session, _context: object, _instances: object) -> None:
        # Every row that carries a version also records who wrote it and when, so a refused
        # stale edit can say who saved first.
        if session.info.get(UNSTAMPED):
            return
        now = dt.datetime.now(dt.UTC)
        for row in (*session.new, *session.dirty):
            if hasattr(row, "changed_by") and (row in session.new or session.is_modified(row)):
                row.changed_by = self.editor
                row.changed_at = now

    @contextlib.contextmanager
    def read_session(self) -> Iterator[Session]:
        """A transaction that only reads: it never waits for or blocks another program's write.

        Raises:
            StoreUnavailable: as :meth:`session`.
        """
        with self._translated(), self._read_sessions() as session, session.begin():
            yield session

    @contextlib.contextmanager
    def _translated(self) -> Iterator[None]:
        try:
            yield
        except (exc.DBAPIError, sqlite3.Error) as err:  # raw cursors raise sqlite3's own errors
            problem = translate(self.target.display, self.target.sqlite_path, err)
            if problem is None:
                raise
            raise problem from err

    @property
    def is_sqlite(self) -> bool:
        """Whether this is a local SQLite file."""
        return self.target.sqlite_path is not None

    @property
    def per_thread(self) -> bool:
        """Whether each thread sees its own database (in-memory SQLite: one connection per
        thread), so work for this store cannot move to another thread."""
        return isinstance(self.engine.pool, SingletonThreadPool)

    def close(self) -> None:
        """Release every connection (checkpointing the WAL for SQLite)."""
        self.engine.dispose()


def describe_error(target: Target, err: exc.DBAPIError | sqlite3.Error) -> StoreUnavailable | None:
    """The user-facing error for a storage failure (None: not one, let it propagate)."""
    return translate(target.display, target.sqlite_path, err)
