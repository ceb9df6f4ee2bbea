"""Plain SQL in a session's transaction: the driver's own cursor on SQLite, Core text elsewhere.

For reads that happen while a user waits (a first page of 20,000 stories, the story the editor
opens with) SQLAlchemy's statement compilation and Row objects cost more than the query: on a
fresh window every statement is compiled once, about a millisecond each.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from facilitator import collector

# Runs one statement with ``:name`` parameters and returns its rows as plain tuples.
Runner = Callable[[str, dict[str, Any]], list[tuple[Any, ...]]]


def plain_runner(session: Session) -> Runner:
    """Run plain SQL in ``session``'s transaction, returning plain tuples.

    On SQLite the driver's own cursor is used (it understands ``:name`` parameters too):
    for 20,000 rows that halves the time SQLAlchemy's Row objects would add. Its values are
    the stored ones: datetimes as text (see :func:`utc`), booleans as 0 and 1.
    """
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        driver = connection.connection.driver_connection
        assert driver is not None

        def run_raw(sql: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
            cursor = driver.cursor()
            try:
                return list(cursor.execute(sql, params).fetchall())
            finally:
                cursor.close()

        return run_raw

    def run_core(sql: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
        return [tuple(row) for row in connection.execute(text(sql), params)]

    return run_core


def plain_write(session: Session, sql: str, params: dict[str, Any]) -> int:
    """Run one writing statement with ``:name`` parameters in ``session``'s transaction, as
    :func:`plain_runner` runs reads (nothing compiled); returns the rows it wrote."""
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        driver = connection.connection.driver_connection
        assert driver is not None
        cursor = driver.cursor()
        try:
            return int(cursor.execute(sql, params).rowcount)
        finally:
            cursor.close()
    return int(getattr(connection.execute(text(sql), params), "rowcount", 1))


def utc(value: Any) -> dt.datetime:
    """A stored moment (naive UTC; SQLite's own cursor gives it as text) as aware UTC."""
    moment = dt.datetime.fromisoformat(value) if isinstance(value, str) else value
    if moment.tzinfo is not None:
        return moment.astimezone(dt.UTC)
    return moment.replace(tzinfo=dt.UTC)


def utc_or_none(value: Any) -> dt.datetime | None:
    """:func:`utc`, keeping None (a moment not recorded)."""
    return None if value is None else utc(value)


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while thousands of row tuples are built.

    Each tuple counts as a container allocation, so reading 20,000 rows would trigger dozens of
    collections (a full one among them) that find nothing, since rows hold only ints, floats and
    strings, yet cost about a third of the listing's time.
    """
    with collector.paused():
        yield
