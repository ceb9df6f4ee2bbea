"""Column types: ``UtcDateTime`` keeps naive UTC in the database and aware UTC in Python."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


class UtcDateTime(TypeDecorator[dt.datetime]):
    """A ``DateTime`` column stored as naive UTC (the schema is unchanged), read as aware UTC.

    Writing a naive datetime is a bug (its zone is unknown) and raises ``ValueError``; an aware
    datetime in any zone is converted to UTC first.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(
        self,
        value: dt.datetime | None,
        dialect: Dialect,  # noqa: ARG002 (the override)
    ) -> dt.datetime | None:
        """Aware datetime → naive UTC for the database."""
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value.isoformat()} written to a UTC column")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(
        self,
        value: dt.datetime | None,
        dialect: Dialect,  # noqa: ARG002 (the override)
    ) -> dt.datetime | None:
        """Naive UTC from the database → aware UTC."""
        if value is None:
            return None
        if value.tzinfo is not None:  # a driver that already returns aware values
            return value.astimezone(dt.UTC)
        return value.replace(tzinfo=dt.UTC)
