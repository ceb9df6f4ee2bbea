"""The Backlog's text filter: which stories' "key title" hold what the user typed.

A keystroke used to test every story's text (some 16 ms at 100,000 stories, and 25 ms more on
the first one to make the texts): touching 100,000 strings costs that much whatever does it.
Two things spare it:

- :class:`CharIndex` keeps, per character, one byte per story saying whether its text holds
  it (and one saying whether the story is new or refined): a one-character query is a few
  byte-wise ANDs, exact; a longer one tests only the stories holding all its characters. The
  index is made a page at a time as the backlog is read, and kept in step with each patch.
- :class:`TextMatches` keeps the last results: a query that extends one of them (one more
  character typed) tests only the stories that one matched; deleting a character goes back to
  a result kept. They are forgotten whenever the listing changes (an edit, a move, a page).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import compress, repeat
from operator import contains
from typing import TypeVar

from facilitator.ops.backlog import BACKLOG_STATUSES, BacklogListing

_IN_BACKLOG = frozenset(BACKLOG_STATUSES)
_RUNS = re.compile(b"\x01+")
# Taking the values a mask keeps as slices, one per run of kept values, beats ``compress``
# (some 0.1 µs a value) while the runs are fewer than this share of the values.
_FEW_RUNS = 1 / 16

T = TypeVar("T")


def take(values: list[T], keep: bytes) -> list[T]:
    """The ``values`` whose byte in ``keep`` is 1 (one per value), in order: as slices when
    they come in long runs (a one-letter query keeps most stories), else one by one."""
    if keep.count(b"\x00\x01") + 1 > len(keep) * _FEW_RUNS:
        return list(compress(values, keep))
    kept: list[T] = []
    for run in _RUNS.finditer(keep):
        kept += values[run.start() : run.end()]
    return kept


def search_texts(keys: Sequence[str], titles: Sequence[str]) -> list[str]:
    """Each story's "key title" casefolded: what the text filter looks in."""
    return [f"{k} {t}".casefold() for k, t in zip(keys, titles, strict=True)]


def listing_texts(listing: BacklogListing, start: int = 0) -> list[str]:
    """The search texts of the listing's stories from index ``start`` on."""
    return search_texts(listing.keys[start:], listing.titles[start:])


class CharIndex:
    """Per character, a byte per story (1: its search text holds it), and a byte per story
    saying whether it is new or refined; in listing order, in step with the listing.

    Attributes:
        masks: character → its bytes (every character of every text has one).
        backlog: 1 for a new or refined story.
    """

    def __init__(self) -> None:
        """No story yet."""
        self.masks: dict[str, bytearray] = {}
        self.backlog = bytearray()

    def __len__(self) -> int:
        """How many stories are indexed."""
        return len(self.backlog)

    def extend(self, texts: list[str], statuses: Sequence[str]) -> None:
        """Index stories appended at the end (their texts and statuses)."""
        present = set("".join(texts))
        for char in present - self.masks.keys():
            self.masks[char] = bytearray(len(self))
        absent = bytes(len(texts))
        for char, mask in self.masks.items():
            mask += bytes(map(contains, texts, repeat(char))) if char in present else absent
        self.backlog += bytes(map(_IN_BACKLOG.__contains__, statuses))

    def remove(self, i: int) -> None:
        """Story ``i`` was taken out."""
        for mask in self.masks.values():
            del mask[i]
        del self.backlog[i]

    def insert(self, i: int, text: str, status: str) -> None:
        """A story was put in at ``i``."""
        for mask in self.masks.values():
            mask.insert(i, 0)
        self.backlog.insert(i, 0)
        self.change(i, text, status)

    def change(self, i: int, text: str, status: str) -> None:
        """Story ``i``'s text or status may have changed."""
        for char in set(text) - self.masks.keys():
            self.masks[char] = bytearray(len(self))
        for char, mask in self.masks.items():
            mask[i] = char in text
        self.backlog[i] = status in _IN_BACKLOG

    def shortlist(self, needle: str, status: str | None) -> bytes:
        """A byte per story: 1 when its text holds every character of ``needle`` (exactly
        the stories holding a one-character ``needle``) and, unless ``status`` is None, it
        is of that filter ``status`` (only "backlog" is indexed)."""
        size = len(self)
        bits = -1
        for char in set(needle):
            mask = self.masks.get(char)
            if mask is None:
                return bytes(size)  # no story's text holds it
            bits &= int.from_bytes(mask, "little")
        if status is not None:
            bits &= int.from_bytes(self.backlog, "little")
        return (bits & ((1 << (8 * size)) - 1)).to_bytes(size, "little")


def merge_index(
    first: CharIndex, second: CharIndex
) -> tuple[list[str], list[bytearray], list[bytearray]]:
    """The two indexes' characters (every one in either) and each one's masks in the same
    order, to merge as columns; the masks a character lacked are made of zeros."""
    chars = sorted(first.masks.keys() | second.masks.keys())
    for index in (first, second):
        for char in chars:
            index.masks.setdefault(char, bytearray(len(index)))
    return (
        chars,
        [first.backlog, *(first.masks[c] for c in chars)],
        [second.backlog, *(second.masks[c] for c in chars)],
    )


def index_of(chars: list[str], columns: list[bytearray]) -> CharIndex:
    """The index whose backlog bytes and masks (in ``chars`` order) are ``columns``."""
    index = CharIndex()
    index.backlog = columns[0]
    index.masks = dict(zip(chars, columns[1:], strict=True))
    return index


@dataclass(frozen=True)
class Found:
    """The stories passing the other filters whose text holds ``needle``: their ranks
    (ascending) and, to narrow from, their texts in step (None when not taken out)."""

    needle: str
    ranks: list[int]
    texts: list[str] | None


# The other filters a result was found under (status, readiness, type).
Key = tuple[str, str, str]
# For a needle: either the stories holding it (its Found, exact), or stories among which they
# are (a Found whose needle is "", texts given) and whether they are every story passing the
# other filters (a start good for any needle, kept).
Shortlist = Callable[[str], tuple[Found, bool]]


class TextMatches:
    """The results of the last queries under the same other filters, to narrow from.

    Attributes:
        examined: how many stories' texts the last query tested (0 when it reused a result
            or the index answered alone): a query extending the one before tests only the
            stories that one matched.
    """

    def __init__(self) -> None:
        """Nothing found yet."""
        self._key: Key | None = None
        self._found: list[Found] = []  # each one's needle is part of the last one's
        self.examined = 0

    def forget(self) -> None:
        """The listing changed: no result kept still holds."""
        self._key = None
        self._found = []

    def ranks(self, needle: str, key: Key, shortlist: Shortlist) -> list[int]:
        """The ranks of the stories passing the other filters (``key``) whose text holds
        ``needle`` (casefolded, not empty), ascending; ``shortlist`` gives a start when no
        result kept does."""
        if key != self._key:
            self.forget()
            self._key = key
        kept = [found for found in self._found if found.needle in needle]
        start = max(kept, key=lambda found: len(found.needle), default=None)
        self.examined = 0
        if start is None or (start.needle != needle and start.texts is None):
            start, whole = shortlist(needle)
            if whole:
                kept.append(start)
        if start.needle == needle:
            result = start
        else:
            assert start.texts is not None
            self.examined = len(start.texts)
            keep = bytes(map(contains, start.texts, repeat(needle)))
            result = Found(needle, take(start.ranks, keep), take(start.texts, keep))
        if all(result is not found for found in kept):
            kept.append(result)
        self._found = kept
        return list(result.ranks)  # the model changes its visible rows in place
