"""The Backlog's text filter costs what it matches: a one-character query tests no story's text
(the character index answers), a query extending the last one tests only the stories it
matched, deleting a character tests none; and it finds exactly what a plain scan finds, also
after edits, moves, stories coming and going (the index and the results kept follow them)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import SupportsIndex

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import update

from facilitator.ops.backlog import BacklogListing, backlog_page, load_backlog
from facilitator.store.db import Store
from facilitator.store.models import StoryRow
from facilitator.ui.models import backlog_pages
from facilitator.ui.models.backlog_filter import ALL, BACKLOG, READY, BacklogFilter, passes
from facilitator.ui.models.backlog_model import BacklogModel
from facilitator.ui.models.backlog_patch import listing_columns
from tests.helpers.backlog_team import BacklogTeam, make_team

TITLES = ("Refund a payment", "Straße Export", "Login page", "Refine the ÉCRAN", "Report")


class Touched(list[str]):
    """Search texts that count how often they are read (iterated or indexed)."""

    touched = 0

    def __iter__(self) -> Iterator[str]:
        self.touched += 1
        return super().__iter__()

    def __getitem__(self, i: SupportsIndex | slice) -> object:  # type: ignore[override]
        self.touched += 1
        return super().__getitem__(i)


def _team(store: Store) -> BacklogTeam:
    """30 stories with varied titles; four of them done."""
    team = make_team(store, 30)
    with store.session() as session:
        for n, story in enumerate(team.stories):
            title = f"{TITLES[n % len(TITLES)]} {n}"
            session.execute(update(StoryRow).where(StoryRow.id == story).values(title=title))
        done = [team.stories[i] for i in (1, 2, 9, 20)]
        session.execute(update(StoryRow).where(StoryRow.id.in_(done)).values(status="done"))
    return team


def _paged(store: Store, team: BacklogTeam) -> BacklogModel:
    """A model given the first 3 stories, the rest read in pages of 4 (every one read)."""
    model = BacklogModel()
    model.set_listing(
        backlog_page(store, team.team, None, 3),
        lambda after, limit, backlog, upto: backlog_page(
            store, team.team, after, limit, backlog, upto
        ),
    )
    model.read_all()
    return model


def _scanned(model: BacklogModel, f: BacklogFilter) -> list[int]:
    """The ranks a plain scan of the listing passes (what the filter must find)."""
    rows = zip(*listing_columns(model.listing), strict=True)
    return [values[1] for values in rows if passes(f, values)]


def _check(model: BacklogModel, text: str, status: str = BACKLOG, readiness: str = ALL) -> None:
    model.set_filter(BacklogFilter(text=text, status=status, readiness=readiness))
    assert model.visible == _scanned(model, model.filter), (text, status, readiness)


@pytest.fixture
def small_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(backlog_pages, "PAGE", 4)


def _touched(model: BacklogModel) -> Touched:
    """Count the reads of the model's search texts from now on."""
    texts = Touched(model._search_text())
    model._search = texts
    return texts


def test_a_one_character_query_tests_no_story_text(
    qtbot: QtBot, store: Store, small_pages: None
) -> None:
    model = _paged(store, _team(store))
    texts = _touched(model)
    model.set_filter(BacklogFilter(text="E"))
    assert texts.touched == 0  # the character index answered
    assert model.visible == _scanned(model, model.filter)
    assert 0 < len(model.visible) < len(model.listing)


def test_a_query_extending_the_last_tests_only_what_it_matched(
    qtbot: QtBot, store: Store, small_pages: None
) -> None:
    model = _paged(store, _team(store))
    model.set_filter(BacklogFilter(text="r"))
    model.set_filter(BacklogFilter(text="re"))
    texts = _touched(model)
    for typed in ("ref", "refu", "refund", "refund a"):
        before = len(model.visible)
        model.set_filter(BacklogFilter(text=typed))
        assert texts.touched == 0, typed  # only the last result's texts were tested
        assert model.matches.examined == before
        assert model.visible == _scanned(model, model.filter)
    assert len(model.visible) == 5  # "Refund a payment 0", 5, 10, 15, 25 (20 is done)


def test_deleting_a_character_goes_back_to_a_result_kept(
    qtbot: QtBot, store: Store, small_pages: None
) -> None:
    model = _paged(store, _team(store))
    for typed in ("l", "lo", "log"):
        model.set_filter(BacklogFilter(text=typed))
    texts = _touched(model)
    for typed in ("lo", "l"):
        model.set_filter(BacklogFilter(text=typed))
        assert texts.touched == 0
        assert model.matches.examined == 0
        assert model.visible == _scanned(model, model.filter)
    model.set_filter(BacklogFilter())
    assert len(model.visible) == 26


@pytest.mark.parametrize("paged", [True, False])
def test_the_filter_finds_what_a_scan_finds_whatever_changes(
    qtbot: QtBot, store: Store, small_pages: None, paged: bool
) -> None:
    team = _team(store)
    model = _paged(store, team) if paged else BacklogModel()
    if not paged:
        model.set_listing(load_backlog(store, team.team))
    rng = random.Random(7)
    queries = ("r", "re", "ref", "e", "ss", "STRASSE", "é", "écran", "7", "1", "13", "payment 1")
    for step in range(60):
        _check(model, rng.choice(queries), rng.choice((BACKLOG, ALL, "done")))
        _change(model, rng, step)
        _check(model, rng.choice(queries), rng.choice((BACKLOG, ALL)), rng.choice((ALL, READY)))
    for query in queries:  # every query once more, each extending or widening the last
        _check(model, query)


def _change(model: BacklogModel, rng: random.Random, step: int) -> None:
    """Edit a story's title or status, move one, add one or remove one (as patches do)."""
    listing = model.listing
    i = rng.randrange(len(listing))
    values = [column[i] for column in listing_columns(listing)]
    story = values[0]
    kind = step % 4
    if kind == 0:
        values[3] = rng.choice(TITLES) + f" {rng.randrange(100)}"
    elif kind == 1:
        values[5] = rng.choice(("new", "refined", "done"))
    elif kind == 2:
        values[1] = rng.choice(listing.ranks) + rng.choice((-1, 1))
        if values[1] in listing.ranks:
            return  # a rank another story holds: not what a move gives
    else:
        if rng.random() < 0.5:
            model.patch(BacklogListing.empty(), {story})  # gone
            return
        story = max(listing.ids) + 1  # a new story at the bottom
        values[0], values[1], values[2] = story, max(listing.ranks) + 10, f"PAYM-{story}"
    rows = BacklogListing.empty()
    for column, value in zip(listing_columns(rows), values, strict=True):
        column.append(value)
    rows.sla_hours = listing.sla_hours
    model.patch(rows, {story})
