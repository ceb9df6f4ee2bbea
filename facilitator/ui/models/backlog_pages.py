"""Reading a long backlog in pages: the first screenful at once, the rest while the window idles.

The first page holds the first new and refined stories (what the default filter shows), with
the team's story counts, so the view gets the list's whole length at once. The later pages
read the other new and refined stories in rank order, appended below; then the stories of
the other statuses (done, in a sprint), kept aside and merged into rank order at the end. The
rows the default filter shows never change meaning while this goes on: no model signal.
"""

from __future__ import annotations

from collections.abc import Callable

from facilitator.ops.backlog import BacklogListing
from facilitator.ui.models.backlog_patch import listing_columns

PAGE = 4000  # stories a page: ~10 ms to read on a 20,000-story database
PAGE_GAP_MS = 50  # between two pages: the window stays free for the user's input
# (rank read last, or None from the top; limit; new and refined stories, or the others)
PageReader = Callable[[int | None, int, bool], BacklogListing]


class Pages:
    """The pages of one listing still to read."""

    def __init__(self, read: PageReader, first: BacklogListing) -> None:
        """Go on from the ``first`` page (which carries the counts) with ``read``."""
        assert first.counts is not None
        self.read = read
        self.counts = first.counts
        self.after: int | None = first.ranks[-1] if first.ranks else None
        self.backlog = True  # reading new and refined stories; then the others
        self.others = BacklogListing.empty()
        self.done = False

    def next(self) -> BacklogListing | None:
        """Read one page: new and refined stories to append (returned), or stories of the
        other statuses (kept in :attr:`others`, None returned). :attr:`done` after the last."""
        page = self.read(self.after, PAGE, self.backlog)
        self.after = page.ranks[-1] if page.ranks else self.after
        full = len(page) >= PAGE
        if self.backlog:
            if not full:
                self.backlog, self.after = False, None
            return page
        append(self.others, page)
        self.done = not full
        return None


def append(listing: BacklogListing, page: BacklogListing) -> None:
    """Add ``page``'s stories at the end of ``listing``."""
    for column, values in zip(listing_columns(listing), listing_columns(page), strict=True):
        column.extend(values)


def merged(listing: BacklogListing, others: BacklogListing) -> BacklogListing:
    """``listing`` and ``others`` in one rank order."""
    columns = [
        a + b for a, b in zip(listing_columns(listing), listing_columns(others), strict=True)
    ]
    order = sorted(range(len(columns[1])), key=columns[1].__getitem__)
    ids, ranks, keys, titles, estimates, statuses, types, missing, blocked = (
        list(map(column.__getitem__, order)) for column in columns
    )
    return BacklogListing(
        ids, ranks, keys, titles, estimates, statuses, types, missing, blocked, listing.sla_hours
    )
