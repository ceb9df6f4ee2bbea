"""The ranked backlog as a Qt table model: filtered on precomputed keys, reranked by drag & drop."""

from __future__ import annotations

import bisect
import datetime as dt
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import compress
from operator import methodcaller, not_
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)

from facilitator.domain.model import StoryStatus, StoryType
from facilitator.domain.readiness import Missing, describe_missing
from facilitator.ops.backlog import BACKLOG_STATUSES, BacklogListing
from facilitator.ui.models.backlog_cells import blocked_cell, blocked_tip, missing_tooltip
from facilitator.ui.models.backlog_pages import (
    BUSY_MS,
    PAGE_GAP_MS,
    SLICE_MS,
    Litter,
    Merge,
    PageReader,
    Pages,
)
from facilitator.ui.models.backlog_patch import listing_columns, patch_rows
from facilitator.ui.widgets.text import plain_tip

COLUMNS = ("Rank", "Key", "Title", "Estimate", "Readiness", "Blocked")
BLOCKED_COLUMN = 5
AGE_TICK_MS = 30_000  # blocked ages are shown to the minute: refresh them twice a minute
MIME_TYPE = "application/x-facilitator-story-ids"
STORY_ID_ROLE = Qt.ItemDataRole.UserRole + 1
ALL = "all"
BACKLOG = "backlog"
READY = "ready"
NOT_READY = "not_ready"
BLOCKED = "blocked"

Index = QModelIndex | QPersistentModelIndex
_DROP_FLAGS = Qt.ItemFlag.ItemIsDropEnabled
_ROW_FLAGS = (
    _DROP_FLAGS
    | Qt.ItemFlag.ItemIsEnabled
    | Qt.ItemFlag.ItemIsSelectable
    | Qt.ItemFlag.ItemIsDragEnabled
    | Qt.ItemFlag.ItemNeverHasChildren
)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_ROLES = frozenset(
    int(role)
    for role in (
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.AccessibleTextRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.TextAlignmentRole,
        STORY_ID_ROLE,
    )
)

# The filter combos' choices as (text, filter value).
STATUS_CHOICES = [("Backlog (new + refined)", BACKLOG), ("Every status", ALL)] + [
    (status.value.replace("_", " "), status.value) for status in StoryStatus
]
READINESS_CHOICES = [
    ("Any readiness", ALL),
    ("✓ Ready", READY),
    ("! Not ready", NOT_READY),
    ("! Blocked (an open blocker)", BLOCKED),
    ("! Missing acceptance criteria", str(int(Missing.ACCEPTANCE))),
    ("! Assumptions not reviewed", str(int(Missing.ASSUMPTIONS))),
    ("! Estimate not committed", str(int(Missing.ESTIMATE))),
    ("! Open dependencies", str(int(Missing.DEPENDENCIES))),
    ("! Team checklist unchecked", str(int(Missing.TEAM_ITEMS))),
]
TYPE_CHOICES = [("Every type", ALL)] + [(t.value, t.value) for t in StoryType]


@dataclass(frozen=True)
class BacklogFilter:
    """What the user narrowed the list to.

    Attributes:
        text: case-insensitive part of the key or title.
        status: ``"backlog"`` (new and refined), ``"all"``, or one status value.
        readiness: ``"all"``, ``"ready"``, ``"not_ready"``, ``"blocked"`` (an open blocker
            on the story) or a :class:`Missing` bit as text.
        type: ``"all"`` or one story type value.
    """

    text: str = ""
    status: str = BACKLOG
    readiness: str = ALL
    type: str = ALL


class BacklogModel(QAbstractTableModel):
    """Every story of a team in rank order; the view shows the rows passing the filter.

    Filtering runs over precomputed lower-case text and readiness bits, not through ``data()``,
    so 20,000 rows filter in a few milliseconds. The Blocked column's ages are worked out at
    ``now()`` when shown; a timer repaints that column so they follow the clock (no read).

    A listing may come as its first page (:meth:`set_listing` with a page reader): the view
    gets the backlog's whole length at once and the first rows; the other pages are read on a
    timer in slices of a few milliseconds while :attr:`may_read` says so (the window idle),
    and at once when anything needs a story not read yet (a row scrolled to, a filter, a
    patch).

    Signals:
        move_requested(int, int): a story id was dropped onto a visible row (its new row).
        reread_needed(): the pages read did not add up to the counts read with the first one
            (another user's edit in between): the owner should read the listing again.
    """

    move_requested = Signal(int, int)
    reread_needed = Signal()

    def __init__(self, parent: Any = None, now: Callable[[], dt.datetime] | None = None) -> None:
        """Start empty; :meth:`set_listing` fills the model. ``now`` is the clock blocked ages
        are measured by (the real one when not given)."""
        super().__init__(parent)
        self.now = now or (lambda: dt.datetime.now(dt.UTC))
        self.ticker = QTimer(self)
        self.ticker.setInterval(AGE_TICK_MS)
        self.ticker.timeout.connect(self.ages_changed)
        self.ticker.start()
        self.listing = BacklogListing.empty()
        self.visible: list[int] = []
        self.filter = BacklogFilter()
        self._backlog_rows: list[int] = []  # listing indexes of new/refined stories, ascending
        self._search: list[str] | None = None  # "key title" casefolded, built on first search
        self._pages: Pages | None = None  # the pages not read yet, if any
        self._rows: int | None = None  # rows announced to the view while pages are missing
        self._litter = Litter()
        # Whether a slice may run now (the owner says: no recent input, for one).
        self.may_read: Callable[[], bool] = lambda: True
        self._ticked = 0.0  # when the pager last ticked
        self.pager = QTimer(self)
        self.pager.setInterval(PAGE_GAP_MS)
        self.pager.timeout.connect(self._read_slice)
        self._reread = QTimer(self)  # asks for a new read after the event (never inside data())
        self._reread.setSingleShot(True)
        self._reread.setInterval(0)
        self._reread.timeout.connect(self.reread_needed)

    # --- loading and filtering -----------------------------------------------------------------
    # Populating does no per-row Python work (20,000 rows): the default filter is one C-level
    # pass over the statuses, and the search text is built only when someone types a filter.
    # A long backlog comes as its first page: the view gets the whole length, the rows read.
    def set_listing(self, listing: BacklogListing, more: PageReader | None = None) -> None:
        """Show a freshly read listing with the current filter.

        With ``more``, ``listing`` is the first page of the backlog (its ``counts`` say how
        many stories there are): ``more`` reads the others (see the class).
        """
        self.pager.stop()
        self.beginResetModel()
        self.listing = listing
        self._pages, self._rows = None, None
        if more is not None and listing.counts and listing.counts[0] > len(listing):
            self._pages = Pages(more, listing)
        self._reindex()
        self._search = None
        if self._pages is not None and self.filter != BacklogFilter():
            self.read_all()  # a narrowed list's length is not known before every row is read
        self._refresh()
        if self._pages is not None:
            self._rows = self._pages.counts[1]
        self.endResetModel()

    def read_later(self) -> None:
        """Start reading the pages not read yet while the window is idle (the owner calls it
        once the first page is on screen)."""
        if (self._pages is not None or self._litter) and not self.pager.isActive():
            self._ticked = time.perf_counter()
            self.pager.start()

    @property
    def complete(self) -> bool:
        """Whether every story is read (no page is missing)."""
        return self._pages is None

    def rows_read(self) -> int:
        """The visible rows whose stories are read (all of them once :attr:`complete`)."""
        return len(self.visible)

    def total(self) -> int:
        """How many stories the team has (those not read yet included)."""
        return len(self.listing) if self._pages is None else self._pages.counts[0]

    def read_all(self) -> None:
        """Read the pages not read yet, now."""
        while self._pages is not None:
            self._next_page()

    def _read_slice(self) -> None:
        """Read pages for about :data:`SLICE_MS`, then leave the window to the user's input."""
        start = time.perf_counter()
        # A tick that comes late came after other events: the window is busy, wait.
        late = (start - self._ticked) * 1000 > PAGE_GAP_MS + BUSY_MS
        self._ticked = start
        if late or not self.may_read():
            return
        if self._pages is None:  # read: what the listing was made of goes, a chunk a slice
            if not self._litter.step():
                self.pager.stop()
        else:
            self._next_page()
            while self._pages is not None and (time.perf_counter() - start) * 1000 < SLICE_MS:
                self._next_page()
        self._ticked = time.perf_counter()

    def _next_page(self) -> None:
        pages, listing = self._pages, self.listing
        if pages is None:
            return
        if pages.done:  # the other statuses join in rank order, a step at a time
            if pages.merge is None:
                pages.merge = Merge(listing, pages.others)
            pages.merge.step()
            if pages.merge.done:
                self._finish(pages, pages.merge)
            return
        start = len(listing)
        page = pages.next()
        if page is not None:  # new and refined stories, ranked below those read: appended
            added = list(range(start, start + len(page)))
            self._backlog_rows += added
            self.visible += added  # the default filter's rows: every new and refined story

    def _finish(self, pages: Pages, merge: Merge) -> None:
        """Every story is read and in rank order: the rows shown stay the same stories."""
        self._pages = None
        # Freeing the columns read (some 5 ms at 100,000 stories) is left to the next slices.
        self._litter.add(*listing_columns(self.listing), self._backlog_rows, self.visible)
        self.listing = merge.result()
        self._backlog_rows = merge.backlog_rows
        self._refresh()
        total, backlog = pages.counts
        if len(self.listing) == total == len(pages.distinct) and len(self._backlog_rows) == backlog:
            self._rows = None
        else:  # keep the announced rows until the owner reads the listing again
            self._reread.start()

    def set_filter(self, new: BacklogFilter) -> None:
        """Narrow the visible rows."""
        self.read_all()
        self.beginResetModel()
        self.filter = new
        self._refresh()
        self.endResetModel()

    def _reindex(self) -> None:
        statuses = self.listing.statuses
        wanted = frozenset(BACKLOG_STATUSES).__contains__
        self._backlog_rows = list(compress(range(len(statuses)), map(wanted, statuses)))

    def _search_text(self) -> list[str]:
        if self._search is None:
            listing = self.listing
            self._search = [
                f"{k} {t}".casefold() for k, t in zip(listing.keys, listing.titles, strict=True)
            ]
        return self._search

    def _refresh(self) -> None:
        listing = self.listing
        f = self.filter
        rows: Sequence[int]
        if f.status == BACKLOG:
            rows = self._backlog_rows
        elif f.status == ALL:
            rows = range(len(listing))
        else:
            rows = _where(range(len(listing)), listing.statuses.__getitem__, f.status.__eq__)
        if f.type != ALL:
            rows = _where(rows, listing.types.__getitem__, f.type.__eq__)
        missing = listing.missing.__getitem__
        if f.readiness == READY:
            rows = _where(rows, missing, not_)
        elif f.readiness == NOT_READY:
            rows = _where(rows, missing, bool)
        elif f.readiness == BLOCKED:
            rows = _where(rows, listing.blocked.__getitem__, bool)
        elif f.readiness != ALL:
            rows = _where(rows, missing, int(f.readiness).__and__)
        needle = f.text.strip().casefold()
        if needle:
            text = self._search_text().__getitem__
            rows = _where(rows, text, methodcaller("__contains__", needle))
        self.visible = list(rows)

    # --- reranking -----------------------------------------------------------------------------
    def story_id(self, row: int) -> int:
        """The story shown on visible ``row``."""
        if row >= len(self.visible):
            self.read_all()
        return self.listing.ids[self.visible[row]]

    def key_of(self, story_id: int) -> str | None:
        """The story's key, or None when it is not in the listing."""
        if story_id not in self.listing.ids:
            self.read_all()
        try:
            return self.listing.keys[self.listing.ids.index(story_id)]
        except ValueError:
            return None

    def row_of(self, story_id: int) -> int | None:
        """The visible row of a story, or None when filtered out."""
        if story_id not in self.listing.ids:
            self.read_all()
        try:
            index = self.listing.ids.index(story_id)
        except ValueError:
            return None
        found = bisect.bisect_left(self.visible, index)
        if found < len(self.visible) and self.visible[found] == index:
            return found
        return None

    def patch(self, rows: BacklogListing, named: set[int]) -> None:
        """Update the stories ``named`` from their fresh columns ``rows`` (no model reset: one
        row changes, moves, appears or goes; see ``backlog_patch``). Pages not read yet are
        read first unless the stories are among those read and stay there."""
        if self._pages is None or not self._pages.can_patch(rows, named):
            self.read_all()
        patch_rows(self, rows, named)

    def passes_values(self, values: Sequence[Any]) -> bool:
        """Whether a story with these listing values (id, rank, key, title, estimate, status,
        type, missing, blocked) passes the current filter."""
        f = self.filter
        status, kind, missing = values[5], values[6], values[7]
        if f.status == BACKLOG and status not in BACKLOG_STATUSES:
            return False
        if f.status not in (BACKLOG, ALL) and status != f.status:
            return False
        if f.type != ALL and kind != f.type:
            return False
        if f.readiness == READY and missing:
            return False
        if f.readiness == NOT_READY and not missing:
            return False
        if f.readiness == BLOCKED and values[8] is None:
            return False
        if f.readiness not in (ALL, READY, NOT_READY, BLOCKED) and not int(f.readiness) & missing:
            return False
        needle = f.text.strip().casefold()
        return not needle or needle in f"{values[2]} {values[3]}".casefold()

    def ages_changed(self) -> None:
        """The clock moved: repaint the Blocked column (ages and the SLA flag follow ``now``)."""
        if self.visible and any(self.listing.blocked):
            last = len(self.visible) - 1
            self.dataChanged.emit(
                self.index(0, BLOCKED_COLUMN),
                self.index(last, BLOCKED_COLUMN),
                [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole],
            )

    def refilter_quietly(self) -> None:
        """Recompute the visible rows after a patch (the caller emits the row signals)."""
        self._reindex()
        self._refresh()

    def text_changed(self, i: int) -> None:
        """Listing row ``i``'s key or title may have changed: keep the search text in step."""
        if self._search is not None:
            self._search[i] = f"{self.listing.keys[i]} {self.listing.titles[i]}".casefold()

    def text_removed(self, i: int) -> None:
        """Listing row ``i`` was taken out."""
        if self._search is not None:
            self._search.pop(i)

    def text_inserted(self, i: int) -> None:
        """A listing row was put in at ``i``."""
        if self._search is not None:
            self._search.insert(i, "")
            self.text_changed(i)

    # --- Qt model API --------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt override
        """Visible rows (none under a valid parent: this is a flat table)."""
        if parent.isValid():
            return 0
        return len(self.visible) if self._rows is None else self._rows

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        """The five columns."""
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(  # noqa: N802 - Qt override
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles."""
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(COLUMNS)
        ):
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cell text, full-text tooltips, and the story id under :data:`STORY_ID_ROLE`."""
        if role not in _ROLES or not index.isValid():
            return None  # a painted cell asks for a dozen roles: most of them have nothing
        if index.row() >= len(self.visible):
            self.read_all()  # a row not read yet: read the rest now
        if not 0 <= index.row() < len(self.visible):
            return None
        i = self.visible[index.row()]
        column = index.column()
        listing = self.listing
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if column == 0:
                return self._position_text(i)
            if column == 1:
                return listing.keys[i]
            if column == 2:
                return listing.titles[i]
            if column == 3:
                estimate = listing.estimates[i]
                return "" if estimate is None else f"{estimate:g}"
            if column == 4:
                return describe_missing(listing.missing[i])
            if column == BLOCKED_COLUMN:  # a screen reader hears the full words
                if role == Qt.ItemDataRole.AccessibleTextRole:
                    tip = blocked_tip(listing.blocked[i], self.now(), listing.sla_hours)
                    return tip or "Not blocked"
                return blocked_cell(listing.blocked[i], self.now(), listing.sla_hours)
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 2:
                return plain_tip(listing.titles[i])
            if column == 4:
                return missing_tooltip(listing.missing[i])
            if column == BLOCKED_COLUMN:
                return blocked_tip(listing.blocked[i], self.now(), listing.sla_hours)
            return None
        if role == STORY_ID_ROLE:
            return listing.ids[i]
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (0, 3):
            return _RIGHT
        return None

    def _position_text(self, i: int) -> str:
        """Position among the backlog stories (new and refined): "1" is the top; "–" if none."""
        backlog = self._backlog_rows
        found = bisect.bisect_left(backlog, i)
        return str(found + 1) if found < len(backlog) and backlog[found] == i else "–"

    def flags(self, index: Index) -> Qt.ItemFlag:
        """Rows are selectable and draggable; drops land between rows."""
        return _ROW_FLAGS if index.isValid() else _DROP_FLAGS

    def supportedDropActions(self) -> Qt.DropAction:  # noqa: N802 - Qt override
        """Only moves."""
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:  # noqa: N802 - Qt override
        """Only moves."""
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:  # noqa: N802 - Qt override
        """The story-id payload type."""
        return [MIME_TYPE]

    def mimeData(self, indexes: Any) -> QMimeData:  # noqa: N802 - Qt override
        """The dragged story ids (one per row)."""
        ids: list[int] = []
        for index in indexes:
            story = self.data(index, STORY_ID_ROLE)
            if story is not None and story not in ids:
                ids.append(int(story))
        mime = QMimeData()
        mime.setData(MIME_TYPE, QByteArray(",".join(map(str, ids)).encode()))
        return mime

    def canDropMimeData(  # noqa: N802 - Qt override
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        """Accept story ids being moved."""
        del row, column, parent
        return action == Qt.DropAction.MoveAction and data.hasFormat(MIME_TYPE)

    def dropMimeData(  # noqa: N802 - Qt override
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        """Ask for the dropped story to move to the drop row.

        Returns False on purpose: the move is done by the screen (and the model updated from
        its result), so the view must not also remove the source rows.
        """
        del column
        if not self.canDropMimeData(data, action, row, 0, parent):
            return False
        payload = bytes(data.data(MIME_TYPE).data()).decode()
        ids = [int(part) for part in payload.split(",") if part]
        if len(ids) != 1:
            return False
        if row < 0:
            row = parent.row() if parent.isValid() else len(self.visible)
        self.move_requested.emit(ids[0], row)
        return False


def _where(
    rows: Sequence[int], value: Callable[[int], Any], keep: Callable[[Any], Any]
) -> list[int]:
    """The rows whose value passes ``keep``, at C speed when both are built-in callables."""
    return list(compress(rows, map(keep, map(value, rows))))
