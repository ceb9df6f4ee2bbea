"""When a long backlog's later pages are read: in slices of a few milliseconds, while the user
gives no input and the event loop has nothing else to do (what is read: ``backlog_pages``)."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

from facilitator import collector
from facilitator.ui.models.backlog_pages import (
    BUSY_MS,
    PAGE_GAP_MS,
    SLICE_MS,
    Litter,
    Merge,
    Pages,
)

# A page of new and refined stories read: (its first listing index, how many).
Appended = Callable[[int, int], None]
# Every page read and merged into rank order.
Finished = Callable[[Pages, Merge], None]


class PageReading(QObject):
    """Reads the pages of one listing still missing, a slice per timer tick, or at once.

    Attributes:
        pages: the pages still to read (None once every story is read).
        litter: what the listing was made of, freed a chunk a slice once it is replaced.
        may_read: whether a slice may run now (the owner says: no recent input, for one).
    """

    def __init__(self, parent: QObject, appended: Appended, finished: Finished) -> None:
        """Tell ``appended`` of each page of new and refined stories appended to the
        listing, ``finished`` when the merge into rank order is done."""
        super().__init__(parent)
        self.pages: Pages | None = None
        self.litter = Litter()
        self.may_read: Callable[[], bool] = lambda: True
        self._appended, self._finished = appended, finished
        self._ticked = 0.0  # when the timer last ticked
        self.timer = QTimer(self)
        self.timer.setInterval(PAGE_GAP_MS)
        self.timer.timeout.connect(self._slice)

    def start(self, pages: Pages | None) -> None:
        """Go on with ``pages`` (the listing's first page was just read), once :meth:`later`
        says so; nothing to read when None."""
        self.timer.stop()
        self.pages = pages

    def later(self) -> None:
        """Read the pages still missing while the window is idle."""
        if (self.pages is not None or self.litter) and not self.timer.isActive():
            self._ticked = time.perf_counter()
            self.timer.start()

    def pause(self) -> None:
        """Read nothing until :meth:`later` (the list is hidden: reading waits for its return)."""
        self.timer.stop()

    def now(self) -> None:
        """Read the pages still missing, at once."""
        while self.pages is not None:
            self.step()

    def _slice(self) -> None:
        """Read pages for about :data:`SLICE_MS`, then leave the window to the user's input."""
        start = time.perf_counter()
        # A tick that comes late came after other events: the window is busy, wait.
        late = (start - self._ticked) * 1000 > PAGE_GAP_MS + BUSY_MS
        self._ticked = start
        if late or not self.may_read():
            return
        if self.pages is None:
            if not self.litter.step():
                self.timer.stop()
        else:
            self.step()
            while self.pages is not None and (time.perf_counter() - start) * 1000 < SLICE_MS:
                self.step()
        self._ticked = time.perf_counter()

    def step(self) -> None:
        """Read one page, or merge one chunk of the other statuses into rank order."""
        pages = self.pages
        if pages is None:
            return
        if pages.done:
            merge = pages.merge or pages.start_merge()
            merge.step()
            if merge.done:
                self.pages = None
                self._finished(pages, merge)
                # The listing's columns (lists as long as the backlog) live until the next
                # read: every collection that walked them (each young one until they aged, then
                # each full one) stalled whatever the user did next, 30-40 ms at 100,000 stories.
                collector.keep()
            return
        start = len(pages.listing)
        page = pages.next()
        if page is not None:
            self._appended(start, len(page))
