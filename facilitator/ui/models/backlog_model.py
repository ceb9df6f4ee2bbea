"""The ranked backlog as a Qt table model: filtered on precomputed keys, reranked by drag & drop."""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable, Mapping, Sequence
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

from facilitator.domain.readiness import describe_missing
from facilitator.ops.backlog import BacklogListing
from facilitator.ui.models.backlog_cells import blocked_cell, blocked_tip, missing_tooltip
from facilitator.ui.models.backlog_filter import (
    BacklogFilter,
    backlog_ranks_of,
    backlog_rows_of,
    passes,
    visible_ranks,
)
from facilitator.ui.models.backlog_pages import Merge, PageReader, Pages
from facilitator.ui.models.backlog_patch import IN_BACKLOG, listing_columns, patch_rows
from facilitator.ui.models.backlog_reading import PageReading
from facilitator.ui.models.backlog_search import CharIndex, TextMatches, index_of, listing_texts
from facilitator.ui.widgets.text import plain_tip

COLUMNS = ("Rank", "Key", "Title", "Estimate", "Readiness", "Blocked")
BLOCKED_COLUMN = 5
AGE_TICK_MS = 30_000  # blocked ages are shown to the minute: refresh them twice a minute
MIME_TYPE = "application/x-facilitator-story-ids"
STORY_ID_ROLE = Qt.ItemDataRole.UserRole + 1

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


class BacklogModel(QAbstractTableModel):
    """Every story of a team in rank order; the view shows the rows passing the filter.

    Filtering runs over precomputed lower-case text and readiness bits, not through ``data()``,
    so 20,000 rows filter in a few milliseconds. The Blocked column's ages are worked out at
    ``now()`` when shown; a timer repaints that column so they follow the clock (no read).

    The rows shown are kept as the stories' ranks (unique in a team, ascending), not as listing
    indexes: a story moved from the bottom to the top shifts the listing index of every story in
    between but no other story's rank, so a move updates the model in a few bisections and
    list moves whatever the backlog's length (recomputing the rows took 8 ms at 100,000).

    A listing may come as its first page (:meth:`set_listing` with a page reader): the view
    gets the backlog's whole length at once and the first rows; the other pages are read on a
    timer in slices of a few milliseconds while ``reading.may_read`` says so (the window idle),
    and at once when anything needs a story not read yet (a row scrolled to, a filter, a
    patch of a story not read yet or moved below those read).

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
        self.visible: list[int] = []  # the ranks of the stories shown, ascending
        self.filter = BacklogFilter()
        self._backlog_ranks: list[int] = []  # the ranks of the new and refined stories, ascending
        self._backlog_rows: list[int] | None = None  # their listing indexes, built for a filter
        self._rank_of: dict[int, int] = {}  # story id → rank, for every story read
        # "key title" casefolded, in step with the listing: made page by page as a long
        # backlog is read, else on the first search.
        self._search: list[str] | None = None
        self.matches = TextMatches()  # the last searches' results, to narrow from
        # Which texts hold which characters, in step with the listing (see backlog_search):
        # made page by page as a long backlog is read; None for a listing read whole.
        self.char_index: CharIndex | None = None
        self._rows: int | None = None  # rows announced to the view while pages are missing
        self.reading = PageReading(self, self._appended, self._finish)  # the pages not read
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
        self.beginResetModel()
        self.listing = listing
        self._rank_of = dict(zip(listing.ids, listing.ranks, strict=True))
        self._rows = None
        pages = None
        if more is not None and listing.counts and listing.counts[0] > len(listing):
            pages = Pages(more, listing)
        self.reading.start(pages)
        self._reindex()
        self._search = None if pages is None else pages.texts
        self.char_index = None if pages is None else pages.index
        self.matches.forget()
        if self.reading.pages is not None and self.filter != BacklogFilter():
            self.read_all()  # a narrowed list's length is not known before every row is read
        self._refresh()
        if self.reading.pages is not None:
            self._rows = self.reading.pages.counts[1]
        self.endResetModel()

    def read_later(self) -> None:
        """Start reading the pages not read yet while the window is idle (the owner calls it
        once the first page is on screen)."""
        self.reading.later()

    @property
    def complete(self) -> bool:
        """Whether every story is read (no page is missing)."""
        return self.reading.pages is None

    def rows_read(self) -> int:
        """The visible rows whose stories are read (all of them once :attr:`complete`)."""
        return len(self.visible)

    def total(self) -> int:
        """How many stories the team has (those not read yet included)."""
        pages = self.reading.pages
        return len(self.listing) if pages is None else pages.counts[0]

    def read_all(self) -> None:
        """Read the pages not read yet, now."""
        self.reading.now()

    def _appended(self, start: int, count: int) -> None:
        """New and refined stories, ranked below those read, were appended to the listing."""
        ranks = self.listing.ranks[start : start + count]
        self._learn(self.listing.ids[start : start + count], ranks)
        self._backlog_ranks += ranks
        self._backlog_rows = None
        self.matches.forget()
        self.visible += ranks  # the default filter's rows: every new and refined story

    def _finish(self, pages: Pages, merge: Merge) -> None:
        """Every story is read and in rank order: the rows shown stay the same stories."""
        # Freeing the columns read (some 5 ms at 100,000 stories) is left to the next slices.
        # The rows shown are ranks: the same stories in the merged listing, nothing to redo.
        self.reading.litter.add(*listing_columns(self.listing), pages.texts, pages.other_texts)
        self.listing = merge.result()
        self._search, index = merge.extra
        self.char_index = index_of(pages.chars, index)
        self.matches.forget()
        self._learn(pages.others.ids, pages.others.ranks)
        self._backlog_rows = None
        total, backlog = pages.counts
        if (
            len(self.listing) == total == len(pages.distinct)
            and len(self._backlog_ranks) == backlog
        ):
            self._rows = None
        else:  # keep the announced rows until the owner reads the listing again
            self._reread.start()

    def _learn(self, ids: list[int], ranks: list[int]) -> None:
        """Know the ranks of stories just read; a story read twice (another program moved it
        between two pages, so the owner reads again) keeps the rank read first, as the
        listing's first copy of it does."""
        fresh = dict(zip(ids, ranks, strict=True))
        fresh.update({sid: self._rank_of[sid] for sid in fresh.keys() & self._rank_of.keys()})
        self._rank_of.update(fresh)

    def set_filter(self, new: BacklogFilter) -> None:
        """Narrow the visible rows."""
        self.read_all()
        self.beginResetModel()
        self.filter = new
        self._refresh()
        self.endResetModel()

    def _reindex(self) -> None:
        self._backlog_ranks = backlog_ranks_of(self.listing)
        self._backlog_rows = None

    def _backlog_indexes(self) -> list[int]:
        """The listing indexes of the new and refined stories (built when a filter needs them,
        kept until the listing changes)."""
        if self._backlog_rows is None:
            self._backlog_rows = backlog_rows_of(self.listing.statuses)
        return self._backlog_rows

    def _search_text(self) -> list[str]:
        if self._search is None:
            self._search = listing_texts(self.listing)
        return self._search

    def _refresh(self) -> None:
        self.visible = visible_ranks(
            self.listing,
            self._backlog_ranks,
            self._backlog_indexes,
            self.filter,
            self._search_text,
            self.matches,
            self.char_index,
        )

    def _index(self, rank: int) -> int:
        """The listing index of the story ranked ``rank`` (where it would go when none is)."""
        return bisect.bisect_left(self.listing.ranks, rank)

    # --- reranking -----------------------------------------------------------------------------
    def story_id(self, row: int) -> int:
        """The story shown on visible ``row``."""
        if row >= len(self.visible):
            self.read_all()
        return self.listing.ids[self._index(self.visible[row])]

    def key_of(self, story_id: int) -> str | None:
        """The story's key, or None when it is not in the listing."""
        rank = self.rank_of(story_id)
        return None if rank is None else self.listing.keys[self._index(rank)]

    def rank_of(self, story_id: int) -> int | None:
        """The story's rank, or None when it is not in the listing (read whole first)."""
        if story_id not in self._rank_of:
            self.read_all()
        return self._rank_of.get(story_id)

    def row_of(self, story_id: int) -> int | None:
        """The visible row of a story, or None when filtered out."""
        rank = self.rank_of(story_id)
        if rank is None:
            return None
        found = bisect.bisect_left(self.visible, rank)
        if found < len(self.visible) and self.visible[found] == rank:
            return found
        return None

    def patch(self, rows: BacklogListing, named: set[int]) -> None:
        """Update the stories ``named`` from their fresh columns ``rows`` (no model reset: one
        row changes, moves, appears or goes; see ``backlog_patch``). Pages not read yet are
        read first unless the stories are among those read and stay there."""
        pages = self.reading.pages
        if pages is None or not pages.can_patch(rows, named):
            self.read_all()
        patch_rows(self, rows, named)

    def place(self, ranks: Mapping[int, int]) -> bool:
        """Move stories to the ranks a move gave them (story id → rank), from the columns the
        model holds: nothing is read. False when one of them is not in the listing (gone or
        never read: the caller reads it with :meth:`patch`)."""
        rows = BacklogListing.empty()
        for story_id, rank in sorted(ranks.items()):
            held = self.rank_of(story_id)
            if held is None:
                return False
            i = self._index(held)
            for column, values in zip(
                listing_columns(rows), listing_columns(self.listing), strict=True
            ):
                column.append(values[i])
            rows.ranks[-1] = rank
        rows.sla_hours = self.listing.sla_hours
        self.patch(rows, set(ranks))
        return True

    def passes_values(self, values: Sequence[Any]) -> bool:
        """Whether a story with these listing values (id, rank, key, title, estimate, status,
        type, missing, blocked) passes the current filter."""
        return passes(self.filter, values)

    def ages_changed(self) -> None:
        """The clock moved: repaint the Blocked column (ages and the SLA flag follow ``now``)."""
        if self.visible and any(self.listing.blocked):
            last = len(self.visible) - 1
            self.dataChanged.emit(
                self.index(0, BLOCKED_COLUMN),
                self.index(last, BLOCKED_COLUMN),
                [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole],
            )

    def take(self, i: int, row: int | None) -> None:
        """Take listing row ``i`` out, and visible ``row`` (its story's) unless None: a few
        bisections and list moves (the caller emits the row signals)."""
        listing = self.listing
        rank, status = listing.ranks[i], listing.statuses[i]
        self._rank_of.pop(listing.ids[i], None)
        for column in listing_columns(listing):
            del column[i]
        if status in IN_BACKLOG:
            at = bisect.bisect_left(self._backlog_ranks, rank)
            if at < len(self._backlog_ranks) and self._backlog_ranks[at] == rank:
                del self._backlog_ranks[at]
        if row is not None:
            del self.visible[row]
        self._backlog_rows = None
        self.text_removed(i)

    def put(self, values: Sequence[Any], row: int | None) -> int:
        """Put a story (its listing values) in at its rank, and at visible ``row`` unless
        None; its listing index. A rank some other story holds too (the model read before
        another program's move) asks the owner to read the listing again."""
        listing, rank = self.listing, values[1]
        i = self._index(rank)
        if i < len(listing.ranks) and listing.ranks[i] == rank:
            self._reread.start()
        for column, value in zip(listing_columns(listing), values, strict=True):
            column.insert(i, value)
        self._rank_of[values[0]] = rank
        if values[5] in IN_BACKLOG:
            bisect.insort(self._backlog_ranks, rank)
        if row is not None:
            self.visible.insert(row, rank)
        self._backlog_rows = None
        self.text_inserted(i)
        return i

    def status_changed(self, rank: int, backlog: bool) -> None:
        """The story ranked ``rank`` became a new or refined story (``backlog``) or stopped
        being one, in place (the caller emits the row signals)."""
        if backlog:
            bisect.insort(self._backlog_ranks, rank)
        else:
            at = bisect.bisect_left(self._backlog_ranks, rank)
            if at < len(self._backlog_ranks) and self._backlog_ranks[at] == rank:
                del self._backlog_ranks[at]
        self._backlog_rows = None
        self.matches.forget()

    def text_changed(self, i: int) -> None:
        """Listing row ``i``'s key or title may have changed: keep the search text in step."""
        self.matches.forget()
        text = f"{self.listing.keys[i]} {self.listing.titles[i]}".casefold()
        if self._search is not None:
            self._search[i] = text
        if self.char_index is not None:
            self.char_index.change(i, text, self.listing.statuses[i])

    def text_removed(self, i: int) -> None:
        """Listing row ``i`` was taken out."""
        self.matches.forget()
        if self._search is not None:
            self._search.pop(i)
        if self.char_index is not None:
            self.char_index.remove(i)

    def text_inserted(self, i: int) -> None:
        """A listing row was put in at ``i``."""
        self.matches.forget()
        if self._search is not None:
            self._search.insert(i, "")
        if self.char_index is not None:
            self.char_index.insert(i, "", self.listing.statuses[i])
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
        rank = self.visible[index.row()]
        i = self._index(rank)
        column = index.column()
        listing = self.listing
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if column == 0:
                return self._position_text(rank)
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

    def _position_text(self, rank: int) -> str:
        """Position among the backlog stories (new and refined): "1" is the top; "–" if none."""
        backlog = self._backlog_ranks
        found = bisect.bisect_left(backlog, rank)
        return str(found + 1) if found < len(backlog) and backlog[found] == rank else "–"

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
