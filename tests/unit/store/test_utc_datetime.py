"""``UtcDateTime``: aware datetimes in, naive UTC in the database, aware UTC out."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from sqlalchemy import text
from sqlalchemy.exc import StatementError

from facilitator.store.db import Store
from facilitator.store.models import TeamRow

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")

# (written, what comes back in UTC)
CASES = [
    (dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC), dt.datetime(2026, 11, 25, 10, 0)),
    # Berlin leaves summer time at 03:00 CEST on 25 October 2026: 02:30 happens twice.
    (dt.datetime(2026, 10, 25, 2, 30, tzinfo=BERLIN, fold=0), dt.datetime(2026, 10, 25, 0, 30)),
    (dt.datetime(2026, 10, 25, 2, 30, tzinfo=BERLIN, fold=1), dt.datetime(2026, 10, 25, 1, 30)),
    # New York springs forward on 8 March 2026; 01:59:59.5 EST is the last instant before.
    (
        dt.datetime(2026, 3, 8, 1, 59, 59, 500000, tzinfo=NEW_YORK),
        dt.datetime(2026, 3, 8, 6, 59, 59, 500000),
    ),
    (
        dt.datetime(2026, 6, 1, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=-9, minutes=-30))),
        dt.datetime(2026, 6, 2, 9, 0),
    ),
]


def round_trip(store: Store, written: dt.datetime, stored_utc: dt.datetime) -> None:
    """Write ``written`` to a UTC column; check what is stored and what comes back."""
    with store.session() as session:
        row = TeamRow(name=f"T {written.isoformat()} {written.fold}", created_at=written)
        session.add(row)
        session.flush()
        team_id = row.id
    with store.session() as session:
        back = session.get(TeamRow, team_id)
        assert back is not None
        assert back.created_at.tzinfo is dt.UTC
        # The same instant (== across zones is never true for an ambiguous wall time, PEP 495).
        assert back.created_at.timestamp() == written.timestamp()
        assert back.created_at.replace(tzinfo=None) == stored_utc
        raw = session.execute(
            text("SELECT created_at FROM team WHERE id = :id"), {"id": team_id}
        ).scalar()
    if isinstance(raw, str):  # SQLite keeps text
        raw = dt.datetime.fromisoformat(raw)
    assert raw == stored_utc  # naive UTC, as before the type existed: no migration needed


@pytest.mark.parametrize(("written", "stored_utc"), CASES)
def test_aware_values_are_stored_as_naive_utc_and_read_back_aware(
    store: Store, written: dt.datetime, stored_utc: dt.datetime
) -> None:
    round_trip(store, written, stored_utc)


def test_a_naive_datetime_is_refused_and_nothing_is_written(store: Store) -> None:
    def write_naive() -> None:
        with store.session() as session:
            session.add(TeamRow(name="Naive", created_at=dt.datetime(2026, 11, 25, 10)))

    with pytest.raises(StatementError, match="naive datetime 2026-11-25T10:00:00 written"):
        write_naive()
    with store.session() as session:
        assert session.execute(text("SELECT count(*) FROM team")).scalar() == 0


def test_null_stays_null_and_aware_driver_values_become_utc(store: Store) -> None:
    from facilitator.store.types import UtcDateTime

    column = UtcDateTime()
    dialect = store.engine.dialect
    assert column.process_bind_param(None, dialect) is None
    assert column.process_result_value(None, dialect) is None
    # A driver that hands back aware values (psycopg with timestamptz) still gives UTC.
    aware = dt.datetime(2026, 10, 25, 2, 30, tzinfo=BERLIN)
    assert column.process_result_value(aware, dialect) == dt.datetime(
        2026, 10, 25, 0, 30, tzinfo=dt.UTC
    )
