"""A backlog read to its last page is kept out of the collector's walks.

The listing's columns are lists as long as the backlog (ten of them: ids, ranks, keys, titles,
statuses, points...), made after start-up told the collector what lives as long as the window.
Every collection that walked them found nothing to free and stalled what the user did next:
a young one (the Standup's first visit after the Backlog's, at 100,000 stories: 28-45 ms of its
60-100), then, once they aged, each full one (some 40 ms).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from facilitator.ops.backlog import backlog_page
from facilitator.store.db import Store
from facilitator.ui.models.backlog_model import BacklogModel
from facilitator.ui.models.backlog_patch import listing_columns
from tests.helpers.backlog_team import make_team


@pytest.fixture(autouse=True)
def _thawed() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.unfreeze()


def _walked(objects: list[object]) -> list[object]:
    """Those of ``objects`` a collection walks (not kept)."""
    tracked = {id(o) for o in gc.get_objects()}
    return [o for o in objects if id(o) in tracked]


def test_the_columns_of_a_backlog_read_to_its_last_page_are_walked_by_no_collection(
    qtbot: QtBot, store: Store
) -> None:
    team = make_team(store, 12)
    model = BacklogModel()
    model.set_listing(
        backlog_page(store, team.team, None, 3),
        lambda after, limit, backlog, upto: backlog_page(
            store, team.team, after, limit, backlog, upto
        ),
    )
    first_page = listing_columns(model.listing)
    assert _walked(first_page)  # made after the last keep: collected as before
    model.read_all()
    assert model.complete
    columns = listing_columns(model.listing)
    assert len(columns[0]) == 12
    assert not _walked(columns)
