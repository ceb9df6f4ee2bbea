"""Reading a long backlog in pages: the first screenful at once, the rest while the window idles.

The first page holds the first new and refined stories (what the default filter shows), with
the team's story counts, so the view gets the list's whole length at once. The later pages
read the other new and refined stories in rank order, appended below; then the stories of
the other statuses (done, in a sprint), kept aside and merged into rank order at the end. The
rows the default filter shows never change meaning while this goes on: no model signal. Each
step (a page, a chunk of the merge) takes a millisecond or two: see :data:`SLICE_MS`.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from typing import Any, cast

from facilitator.ops.backlog import BACKLOG_STATUSES, BacklogListing
from facilitator.ui.models.backlog_patch import listing_columns
from facilitator.ui.models.backlog_search import CharIndex, listing_texts, merge_index

# Input waits at most for one slice of reading: a slice reads pages for SLICE_MS (a page takes
# some 1–2 ms alone, two to three times that while another thread shares the interpreter),
# then the window is left alone for PAGE_GAP_MS. Pages of 4,000 stories with the final merge
# took 15–50 ms (140–225 ms for the merge) at 100,000 stories, and a screen switch that came
# meanwhile waited behind one.
PAGE = 300  # stories a page
SLICE_MS = 4.0  # reading pages in one turn of the event loop, at most about this long
PAGE_GAP_MS = 4  # between two slices
# No slice runs until the user's last key, click or wheel turn is this old: what it set off
# (a screen switch, its paint) is done first, and a user acting gets every millisecond.
QUIET_MS = 150
# Nor while the event loop is busy: a slice's timer that fires this much late came after other
# events (an action's layout and paints, a chart arriving), and waits for the next.
BUSY_MS = 8
MERGE_CHUNK = 10_000  # stories merged into rank order in one step (1–2 ms)
# A page of the other statuses looks through at most this many new and refined stories: the
# last of them, looking for the next done story to the end of a 100,000-story backlog, took
# 15 ms (the stories are indexed by rank, not by status).
WINDOW = 5000
# (rank read last, or None from the top; limit; new and refined stories, or the others; the
# last rank to look at, or None to the end)
PageReader = Callable[[int | None, int, bool, int | None], BacklogListing]
Column = list[Any] | bytearray  # a listing's column, or the index's bytes
_LISTING_COLUMNS = 9  # see listing_columns


class Pages:
    """The pages of one listing still to read."""

    def __init__(self, read: PageReader, first: BacklogListing) -> None:
        """Go on from the ``first`` page (which carries the counts) with ``read``; the new and
        refined stories read are appended to ``first`` (the model's listing)."""
        assert first.counts is not None
        self.read = read
        self.listing = first
        self.counts = first.counts
        self.after: int | None = first.ranks[-1] if first.ranks else None
        self.backlog = True  # reading new and refined stories; then the others
        self.window = 0  # the others are read between the ranks of WINDOW of the listing's
        self.others = BacklogListing.empty()
        self.done = False
        self.distinct = set(first.ids)  # a story read twice (moved meanwhile) is seen here
        self.merge: Merge | None = None  # once every page is read
        # The stories' search texts and their index, made a page at a time as they are read
        # (the texts alone took some 25 ms at 100,000 stories, on the first filter
        # keystroke), in step with the listing and with the others.
        self.texts = listing_texts(first)
        self.other_texts: list[str] = []
        self.index = CharIndex()
        self.index.extend(self.texts, first.statuses)
        self.other_index = CharIndex()
        self.chars: list[str] = []  # the index's characters, in the order they are merged

    def next(self) -> BacklogListing | None:
        """Read one page: new and refined stories, appended to the listing (and returned), or
        stories of the other statuses (kept in :attr:`others`, None returned). :attr:`done`
        after the last."""
        if self.backlog:
            page = self.read(self.after, PAGE, True, None)
            self.distinct.update(page.ids)
            append(self.listing, page)
            texts = listing_texts(page)
            self.texts += texts
            self.index.extend(texts, page.statuses)
            if len(page) >= PAGE:
                self.after = page.ranks[-1]
            else:
                self.backlog, self.after = False, None
            return page
        ranks = self.listing.ranks
        edge = (self.window + 1) * WINDOW
        upto = ranks[edge] if edge < len(ranks) else None
        page = self.read(self.after, PAGE, False, upto)
        self.distinct.update(page.ids)
        append(self.others, page)
        texts = listing_texts(page)
        self.other_texts += texts
        self.other_index.extend(texts, page.statuses)
        if len(page) >= PAGE:
            self.after = page.ranks[-1]
        elif upto is None:
            self.done = True
        else:
            self.after, self.window = upto, self.window + 1
        return None

    def start_merge(self) -> Merge:
        """Every page is read: merge the others into rank order, their texts and index with
        them (see :meth:`Merge.extra`)."""
        self.chars, mine, theirs = merge_index(self.index, self.other_index)
        self.merge = Merge(
            self.listing, self.others, ([self.texts, *mine], [self.other_texts, *theirs])
        )
        return self.merge

    def can_patch(self, rows: BacklogListing, named: set[int]) -> bool:
        """Whether the stories ``named`` (``rows`` their fresh columns) can be patched in the
        listing as read so far: each read already and still a new or refined story ranked
        among those read (an edit, a move up). A story not read yet, gone, done, or moved
        below the stories read needs every page first."""
        if not self.backlog or self.after is None:
            return False
        fresh = dict(zip(rows.ids, zip(rows.ranks, rows.statuses, strict=True), strict=True))
        for story_id in named:
            rank, status = fresh.get(story_id, (None, None))
            if rank is None or status not in BACKLOG_STATUSES or rank > self.after:
                return False
            if story_id not in self.distinct:
                return False
        return True


def append(listing: BacklogListing, page: BacklogListing) -> None:
    """Add ``page``'s stories at the end of ``listing``."""
    for column, values in zip(listing_columns(listing), listing_columns(page), strict=True):
        column.extend(values)


class Merge:
    """The stories of the other statuses merged into the listing's rank order, a chunk of
    stories at a time (copying 100,000 stories' columns takes some 15 ms, sorting them again
    140 ms: neither may hold the window in one go).

    Both are in rank order: the stories of ``others`` go in as runs between slices of
    ``listing`` (the done stories of a long backlog are mostly one run at its top).
    """

    def __init__(
        self,
        listing: BacklogListing,
        others: BacklogListing,
        extra: tuple[Sequence[Column], Sequence[Column]] = ((), ()),
    ) -> None:
        """Merge ``others`` (no new or refined story) into ``listing`` (only those), and
        ``extra`` columns along with them (the listing's and the others', in step: their
        search texts and index)."""
        self._sources: tuple[list[Column], list[Column]] = (
            [*listing_columns(listing), *extra[0]],
            [*listing_columns(others), *extra[1]],
        )
        self.sla_hours = listing.sla_hours
        cuts = [bisect.bisect_left(listing.ranks, rank) for rank in others.ranks]
        # (source: 0 the listing, 1 the others; first; end), in the merged order.
        self._pieces: list[tuple[int, int, int]] = []
        done = start = 0
        while start < len(cuts):
            end = start
            while end < len(cuts) and cuts[end] == cuts[start]:
                end += 1
            self._pieces += [(0, done, cuts[start]), (1, start, end)]
            done, start = cuts[start], end
        self._pieces.append((0, done, len(listing)))
        self._pieces.reverse()  # taken from the end
        self.columns: list[Column] = [type(column)() for column in self._sources[0]]
        self.backlog_rows: list[int] = []  # where the listing's stories are in the merged one

    @property
    def done(self) -> bool:
        """Whether every story is in :attr:`columns`."""
        return not self._pieces

    def step(self, stories: int = MERGE_CHUNK) -> None:
        """Copy the next ``stories`` stories into :attr:`columns`."""
        while self._pieces and stories > 0:
            source, first, end = self._pieces.pop()
            take = min(end - first, stories)
            if take < end - first:
                self._pieces.append((source, first + take, end))
            at = len(self.columns[0])
            if source == 0:
                self.backlog_rows += range(at, at + take)
            for column, values in zip(self.columns, self._sources[source], strict=True):
                column.extend(values[first : first + take])
            stories -= take

    @property
    def extra(self) -> tuple[list[str], list[bytearray]]:
        """The merged extra columns (once :attr:`done`): search texts and index bytes, as
        :meth:`Pages.start_merge` gave them."""
        texts, *index = self.columns[_LISTING_COLUMNS:]
        return cast("list[str]", texts), cast("list[bytearray]", index)

    def result(self) -> BacklogListing:
        """The merged listing (once :attr:`done`)."""
        listed = cast("list[list[Any]]", self.columns[:_LISTING_COLUMNS])
        ids, ranks, keys, titles, estimates, statuses, types, missing, blocked = listed
        return BacklogListing(
            ids, ranks, keys, titles, estimates, statuses, types, missing, blocked, self.sla_hours
        )


class Litter:
    """Long lists no longer needed, freed a chunk at a time (freeing a list releases each item
    it holds: 100,000 stories' columns took some 5 ms)."""

    def __init__(self) -> None:
        """Nothing to free yet."""
        self._lists: list[list[Any]] = []

    def add(self, *lists: list[Any]) -> None:
        """Free ``lists`` later (the caller no longer uses them)."""
        self._lists += lists

    def __bool__(self) -> bool:
        """Whether anything is left to free."""
        return bool(self._lists)

    def step(self, items: int = MERGE_CHUNK) -> bool:
        """Free up to ``items`` items of the lists; whether any were left to free."""
        if not self._lists:
            return False
        while self._lists and items > 0:
            last = self._lists[-1]
            take = min(items, len(last))
            del last[len(last) - take :]
            items -= take
            if not last:
                self._lists.pop()
        return True
