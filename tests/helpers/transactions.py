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


@contextmanager
def counting(store: Store) -> Iterator[Tally]:
    """Count every transaction begun and statement executed on ``store`` inside the block."""
    tally = Tally()

    def _begin(_conn: Any) -> None:
        tally.begins += 1

    def _statement(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        tally.statements.append(statement)

    event.listen(store.engine, "begin", _begin)
    event.listen(store.engine, "before_cursor_execute", _statement)
    try:
        yield tally
    finally:
        event.remove(store.engine, "begin", _begin)
        event.remove(store.engine, "before_cursor_execute", _statement)
