"""The statement counter the one-transaction tests rely on sees every statement once: the ORM's,
and the plain-SQL reads that go through SQLite's own cursor (which SQLAlchemy's events miss)."""

from __future__ import annotations

from sqlalchemy import text

from facilitator.store.db import Store
from facilitator.store.plain_sql import plain_runner
from tests.helpers.transactions import counting


def test_a_plain_sql_read_on_the_drivers_cursor_is_counted(store: Store) -> None:
    with counting(store) as tally, store.read_session() as session:
        assert plain_runner(session)("SELECT count(*) FROM team WHERE id > :n", {"n": 0}) == [(0,)]
    assert tally.begins == 1
    reads = [s for s in tally.statements if "FROM team" in s]
    assert len(reads) == 1, tally.statements


def test_a_statement_sent_through_sqlalchemy_is_counted_once(store: Store) -> None:
    with counting(store) as tally, store.read_session() as session:
        session.execute(text("SELECT count(*) FROM team")).all()
    reads = [s for s in tally.statements if "FROM team" in s]
    assert reads == ["SELECT count(*) FROM team"]
    assert not [s for s in tally.statements if s.split()[0] in {"COMMIT", "ROLLBACK"}]
