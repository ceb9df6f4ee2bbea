"""A long backlog is shown from its first page; the rest is read in pages, or at first need."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from PySide6.QtCore import QPersistentModelIndex
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot
from sqlalchemy import update

from facilitator.domain.model import StoryType
from facilitator.ops.backlog import backlog_page, backlog_rows, load_backlog
from facilitator.store.db import Store
from facilitator.store.models import StoryRow
from facilitator.ui.context import UiContext
from facilitator.ui.models import backlog_pages
from facilitator.ui.models.backlog_filter import BacklogFilter
from facilitator.ui.models.backlog_model import STORY_ID_ROLE, BacklogModel
from facilitator.ui.screens import backlog as backlog_screen
from facilitator.ui.screens.backlog import BacklogScreen
from tests.conftest import DEMO_TODAY
from tests.helpers.backlog_team import BacklogTeam, make_ready, make_team, new_story

COLUMNS = 6


def _team(store: Store) -> BacklogTeam:
    """23 stories; 2, 3, 4 and 11 done (a first page of the default filter skips them)."""
    team = make_team(store, 23)
    make_ready(store, team, team.stories[5], "5")
    with store.session() as session:
        done = [team.stories[i] for i in (1, 2, 3, 10)]
        session.execute(update(StoryRow).where(StoryRow.id.in_(done)).values(status="done"))
    return team


def _cells(model: BacklogModel) -> list[list[object]]:
    return [
        [model.data(model.index(row, column)) for column in range(COLUMNS)]
        for row in range(model.rowCount())
    ]


def _whole(store: Store, team: BacklogTeam) -> BacklogModel:
    model = BacklogModel()
    model.set_listing(load_backlog(store, team.team))
    return model


def _paged(store: Store, team: BacklogTeam) -> BacklogModel:
    """A model given the first 3 stories, reading the rest in pages."""
    return _relisted(BacklogModel(), store, team)


def _relisted(model: BacklogModel, store: Store, team: BacklogTeam) -> BacklogModel:
    """``model`` given the first 3 stories again, reading the rest in pages."""
    model.set_listing(
        backlog_page(store, team.team, None, 3),
        lambda after, limit, backlog, upto: backlog_page(
            store, team.team, after, limit, backlog, upto
        ),
    )
    return model


def _shown(qtbot: QtBot, store: Store, team: BacklogTeam) -> BacklogScreen:
    """The Backlog screen on screen, showing ``team``'s backlog from its first page."""
    screen = BacklogScreen(
        UiContext(
            store=store,
            now=lambda: dt.datetime.combine(DEMO_TODAY, dt.time(10, tzinfo=dt.UTC)),
        )
    )
    qtbot.addWidget(screen)
    screen.resize(1280, 720)
    screen.show()
    screen.show_team(team.team)
    return screen


@pytest.fixture
def small_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(backlog_pages, "PAGE", 4)
    monkeypatch.setattr(backlog_screen, "FIRST_PAGE", 3)


def test_the_first_page_gives_the_whole_length_and_a_far_row_reads_the_rest(
    qtbot: QtBot, store: Store, small_pages: None
) -> None:
    team = _team(store)
    head = backlog_page(store, team.team, None, 3)
    # The first three new or refined stories (the done PAYM-2…4 are read later).
    assert head.keys == ["PAYM-1", "PAYM-5", "PAYM-6"]
    assert head.counts == (23, 19)
    model = BacklogModel()
    reads: list[tuple[int, bool]] = []

    def more(
        after: int | None, limit: int, backlog: bool, upto: int | None
    ) -> backlog_pages.BacklogListing:
        reads.append((limit, backlog))
        return backlog_page(store, team.team, after, limit, backlog, upto)

    model.set_listing(head, more)
    assert not model.complete
    assert not reads
    assert model.rowCount() == 19
    assert model.total() == 23
    assert model.data(model.index(1, 1)) == "PAYM-5"  # read: nothing more needed
    assert not reads
    assert model.data(model.index(18, 1)) == "PAYM-23"  # the last row: the rest is read now
    assert model.complete
    # 16 new stories after the first page, 4 a page (and an empty one); then the 4 done ones.
    assert reads == [(4, True)] * 5 + [(4, False)] * 2
    assert _cells(model) == _cells(_whole(store, team))
    assert model.listing == load_backlog(store, team.team)


def test_the_other_statuses_are_read_a_window_of_the_listing_at_a_time(
    qtbot: QtBot, store: Store, small_pages: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A page of done stories looks through 5 new and refined stories at most: the done
    # stories (ranked 2–4 and 11) come in runs from three windows, merged into rank order.
    monkeypatch.setattr(backlog_pages, "WINDOW", 5)
    team = _team(store)
    model = BacklogModel()
    bounds: list[int | None] = []

    def more(
        after: int | None, limit: int, backlog: bool, upto: int | None
    ) -> backlog_pages.BacklogListing:
        if not backlog:
            bounds.append(upto)
        return backlog_page(store, team.team, after, limit, backlog, upto)

    model.set_listing(backlog_page(store, team.team, None, 3), more)
    model.read_all()
    ranks = load_backlog(store, team.team).ranks
    backlog_ranks = [r for i, r in enumerate(ranks) if i not in (1, 2, 3, 10)]
    # Windows end at the 6th, 11th and 16th new or refined story, then run to the end.
    assert bounds == [backlog_ranks[5], backlog_ranks[10], backlog_ranks[15], None]
    assert model.listing == load_backlog(store, team.team)
    assert _cells(model) == _cells(_whole(store, team))
    model.set_filter(BacklogFilter(status="done"))
    assert [model.data(model.index(r, 1)) for r in range(4)] == [
        "PAYM-2",
        "PAYM-3",
        "PAYM-4",
        "PAYM-11",
    ]


def test_an_edit_or_a_move_up_among_the_stories_read_waits_for_no_page(
    qtbot: QtBot, store: Store, small_pages: None
) -> None:
    team = _team(store)
    model = _paged(store, team)
    edited, last_read, far = team.stories[4], team.stories[5], team.stories[20]
    top = min(load_backlog(store, team.team).ranks)
    with store.session() as session:
        session.execute(update(StoryRow).where(StoryRow.id == edited).values(title="Renamed"))
        session.execute(update(StoryRow).where(StoryRow.id == last_read).values(rank=top - 1))
    model.patch(backlog_rows(store, team.team, [edited]), {edited})
    model.patch(backlog_rows(store, team.team, [last_read]), {last_read})
    assert not model.complete  # PAYM-6 moved to the top, PAYM-5 renamed: both were read
    assert [model.data(model.index(row, 1)) for row in range(3)] == ["PAYM-6", "PAYM-1", "PAYM-5"]
    assert model.data(model.index(2, 2)) == "Renamed"
    # A story not read yet is patched once every page is read.
    with store.session() as session:
        session.execute(update(StoryRow).where(StoryRow.id == far).values(title="Far"))
    model.patch(backlog_rows(store, team.team, [far]), {far})
    assert model.complete
    assert _cells(model) == _cells(_whole(store, team))
    assert model.listing == load_backlog(store, team.team)


def test_a_move_below_the_stories_read_reads_every_page_first(
    qtbot: QtBot, store: Store, small_pages: None
) -> None:
    team = _team(store)
    model = _paged(store, team)
    first = team.stories[0]
    with store.session() as session:
        session.execute(update(StoryRow).where(StoryRow.id == first).values(rank=10**9))
    model.patch(backlog_rows(store, team.team, [first]), {first})
    assert model.complete
    assert model.data(model.index(18, 1)) == "PAYM-1"
    assert _cells(model) == _cells(_whole(store, team))


def test_a_filter_or_a_patch_reads_every_page_first(
    qtbot: QtBot, store: Store, small_pages: None
) -> None:
    team = _team(store)
    model = _paged(store, team)
    model.set_filter(BacklogFilter(status="all"))
    assert model.complete
    assert model.rowCount() == 23
    assert [model.data(model.index(r, 1)) for r in range(23)] == [f"PAYM-{n}" for n in range(1, 24)]
    # A reload under a narrowed filter reads every page at once (its length is not known).
    _relisted(model, store, team)
    assert model.complete
    assert model.rowCount() == 23


def test_the_screen_reads_the_rest_once_shown_and_counts_every_story_meanwhile(
    qtbot: QtBot, store: Store, small_pages: None
) -> None:
    team = _team(store)
    screen = _shown(qtbot, store, team)
    assert not screen.model.complete
    count = screen.findChild(QLabel, "backlog_count")
    assert count.text() == "19 shown of 23 stories"
    assert screen.editor.story is not None
    assert screen.editor.story.id == team.stories[0]
    qtbot.waitUntil(lambda: screen.model.complete, timeout=3000)
    assert _cells(screen.model) == _cells(_whole(store, team))
    assert count.text() == "19 shown of 23 stories"


def test_a_story_added_between_two_pages_makes_the_screen_read_the_backlog_again(
    qtbot: QtBot, store: Store, small_pages: None
) -> None:
    team = _team(store)
    screen = _shown(qtbot, store, team)
    # Another user adds a story (no record reaches this screen): the pages hold one more.
    new_story(store, team.team, "Added elsewhere", StoryType.BUG)
    with qtbot.waitSignal(screen.model.reread_needed, timeout=3000):
        pass
    qtbot.waitUntil(lambda: screen.model.complete and screen.model.rowCount() == 20, timeout=3000)
    assert _cells(screen.model) == _cells(_whole(store, team))
    assert screen.findChild(QLabel, "backlog_count").text() == "20 shown of 24 stories"


def test_a_hidden_backlog_reads_no_page_until_it_shows_again(
    qtbot: QtBot, store: Store, small_pages: None
) -> None:
    team = _team(store)
    screen = _shown(qtbot, store, team)
    screen.hide()  # another screen is shown: it gets the idle time
    qtbot.wait(500)
    assert not screen.model.complete
    screen.show()
    qtbot.waitUntil(lambda: screen.model.complete, timeout=3000)
    assert _cells(screen.model) == _cells(_whole(store, team))


@pytest.mark.parametrize(
    "narrowed", [BacklogFilter(), BacklogFilter(status="all"), BacklogFilter(text="1")]
)
def test_a_story_moved_anywhere_is_patched_to_what_a_fresh_read_shows_and_the_view_follows(
    qtbot: QtBot, store: Store, narrowed: BacklogFilter
) -> None:
    team = _team(store)
    model = _whole(store, team)
    model.set_filter(narrowed)
    pick = random.Random(7)
    for _ in range(25):  # up and down, past done stories and rows filtered out
        story = pick.choice(team.stories)
        taken = load_backlog(store, team.team).ranks
        free = [r for r in range(min(taken) - 40, max(taken) + 40) if r not in taken]
        with store.session() as session:
            session.execute(
                update(StoryRow).where(StoryRow.id == story).values(rank=pick.choice(free))
            )
        # What the view holds on to (the selection, the current row) follows each story.
        held = [QPersistentModelIndex(model.index(row, 0)) for row in range(model.rowCount())]
        ids = [model.story_id(row) for row in range(model.rowCount())]
        model.patch(backlog_rows(store, team.team, [story]), {story})
        fresh = _whole(store, team)
        fresh.set_filter(narrowed)
        assert _cells(model) == _cells(fresh)
        assert [model.data(index, STORY_ID_ROLE) for index in held] == ids
