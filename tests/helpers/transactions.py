"""Count the transactions and statements an action runs (one action must be one transaction)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event

from facilitator.store.db import Store


@dataclass
class Tally:
    """What ran while counting: transactions begun and SQL statements sent."""

    begins: int = 0
    statements: list[str] = field(default_factory=list)


TRANSACTION_CONTROL = frozenset({"BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE"})


@contextmanager
def counting(store: Store) -> Iterator[Tally]:
    """Count every transaction begun and statement executed on ``store`` inside the block.

    SQLAlchemy's events see what goes through it; on SQLite the driver's own trace also sees
    the plain-SQL reads that use the driver's cursor (``facilitator.store.plain_sql``), which
    those events never see. A statement is counted once either way; the driver's COMMIT and
    ROLLBACK are transaction control, counted as neither.
    """
    tally = Tally()
    inside = False  # a statement SQLAlchemy sent is running: the trace would count it again

    def _begin(_conn: Any) -> None:
        tally.begins += 1

    def _statement(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        nonlocal inside
        tally.statements.append(statement)
        inside = True

    def _done(*_args: Any) -> None:
        nonlocal inside
        inside = False

    def _trace(statement: str) -> None:
        words = statement.split(None, 1)
        if not inside and words and words[0].upper() not in TRANSACTION_CONTROL:
            tally.statements.append(statement)

    def _checkout(dbapi_connection: Any, *_args: Any) -> None:
        dbapi_connection.set_trace_callback(_trace)

    def _checkin(dbapi_connection: Any, *_args: Any) -> None:
        if dbapi_connection is not None:
            dbapi_connection.set_trace_callback(None)

    sqlite = store.engine.dialect.name == "sqlite"
    listeners: list[tuple[Any, str, Any]] = [
        (store.engine, "begin", _begin),
        (store.engine, "before_cursor_execute", _statement),
        (store.engine, "after_cursor_execute", _done),
        (store.engine, "handle_error", _done),
    ]
    if sqlite:
        listeners += [
            (store.engine.pool, "checkout", _checkout),
            (store.engine.pool, "checkin", _checkin),
        ]
    for target, name, listener in listeners:
        event.listen(target, name, listener)
    try:
        yield tally
    finally:
        for target, name, listener in listeners:
            event.remove(target, name, listener)
