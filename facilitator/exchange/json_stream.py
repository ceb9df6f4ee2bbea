"""Walking a large JSON document from a binary stream in bounded memory (standard json only).

:class:`JsonStream` reads UTF-8 text in chunks and lets the caller walk the containers it cares
about (``members()`` of an object, ``elements()`` of an array) while every leaf it asks for is
decoded with :meth:`json.JSONDecoder.raw_decode` from a buffer that holds little more than that
leaf. It knows the line and the byte offset of where it is, so a second reader can start at a
remembered array (:meth:`JsonStream.at`) and an error names the line.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Callable, Iterator
from typing import BinaryIO

from facilitator.errors import ImportFileError

CHUNK = 1 << 16
"""Bytes read from the file at a time."""
MAX_LEAF_CHARS = 16 * 1024 * 1024
"""One decoded leaf (a row of a table) may be at most this long (16 Mi characters)."""
_SPACE = " \t\r\n"
_STARTS = frozenset('{["-0123456789tfn')
_WORDS = ("true", "false", "null", "-")  # what a value cut at the end of the file may end in
_AFTER_SCALAR = re.compile(r"[\s,\]}:]")
# A decoding error this close to the end of the buffer may be a token cut by the chunk boundary.
_MARGIN = 16


class JsonStream:
    """A position in a UTF-8 JSON text read from ``stream``, with its line and byte offset.

    Args:
        stream: binary, positioned where the text to walk starts (after any BOM).
        name: the file, for messages.
        line: the line ``stream``'s position is on.
        chunk: bytes to read at a time (tests use tiny ones).
        on_read: told how many bytes each read took from ``stream``.
        limit: how many bytes it may read at most (None: to the end of the file).
    """

    def __init__(
        self,
        stream: BinaryIO,
        name: str,
        line: int = 1,
        chunk: int = CHUNK,
        on_read: Callable[[int], None] | None = None,
        limit: int | None = None,
    ) -> None:
        self.name, self._stream, self._chunk, self._on_read = name, stream, chunk, on_read
        self._limit = limit
        self._decoder = codecs.getincrementaldecoder("utf-8")()
        self._buffer, self._pos, self._eof = "", 0, False
        self._line = line  # the line buffer[0] is on
        self._seen = (0, line)  # a place in the buffer and its line
        self._base = stream.tell()  # the byte offset of buffer[0]
        self.read = 0  # bytes read from the stream so far

    @classmethod
    def at(
        cls,
        stream: BinaryIO,
        name: str,
        offset: int,
        line: int,
        chunk: int = CHUNK,
        limit: int | None = None,
    ) -> JsonStream:
        """A stream walking from byte ``offset`` of ``stream`` (which is on ``line``), reading
        at most ``limit`` bytes."""
        stream.seek(offset)
        return cls(stream, name, line, chunk, limit=limit)

    # --- where it is ---------------------------------------------------------------------------
    @property
    def line(self) -> int:
        """The line of the next character to read."""
        return self._line_at(self._pos)

    def _line_at(self, pos: int) -> int:
        # Lines are counted on from the last place asked about, so asking row after row
        # costs what lies between them, not the whole buffer each time.
        seen, line = self._seen
        if pos < seen:
            seen, line = 0, self._line
        line += self._buffer.count("\n", seen, pos)
        self._seen = (pos, line)
        return line

    @property
    def offset(self) -> int:
        """The byte offset in the file of the next character to read."""
        return self._base + len(self._buffer[: self._pos].encode("utf-8"))

    def fail(self, problem: str, line: int | None = None) -> ImportFileError:
        """An error naming the file and the line (this one unless given)."""
        return ImportFileError(self.name, self.line if line is None else line, problem)

    # --- reading -------------------------------------------------------------------------------
    def _fill(self, at_least: int = 0) -> bool:
        """Read more text into the buffer; False at the end of the file."""
        if self._eof:
            return False
        if self._pos > self._chunk or self._pos > len(self._buffer) // 2:
            dropped = self._buffer[: self._pos]
            self._line = self._line_at(self._pos)
            self._base += len(dropped.encode("utf-8"))
            self._buffer, self._pos = self._buffer[self._pos :], 0
            self._seen = (0, self._line)
        size = max(self._chunk, at_least)
        if self._limit is not None:
            size = min(size, self._limit - self.read)
        data = self._stream.read(size) if size > 0 else b""
        self.read += len(data)
        if self._on_read is not None and data:
            self._on_read(len(data))
        try:
            text = self._decoder.decode(data, final=not data)
        except UnicodeDecodeError as err:
            if not data:
                raise self.fail(
                    "the file ends early, inside a character (a truncated file?)"
                ) from None
            line = self._line_at(len(self._buffer)) + data.count(b"\n", 0, err.start)
            raise self.fail(
                f"is not UTF-8 (byte 0x{data[err.start]:02X}; it looks like Latin-1 or "
                "Windows-1252); save it as UTF-8 (or give its encoding, e.g. --encoding latin-1)",
                line,
            ) from None
        if not data:
            self._eof = True
        self._buffer += text
        return bool(data) or bool(text)

    def peek(self) -> str:
        """The next character that is not white space, without taking it; "" at the end."""
        while True:
            buffer, pos = self._buffer, self._pos
            while pos < len(buffer) and buffer[pos] in _SPACE:
                pos += 1
            self._pos = pos
            if pos < len(buffer):
                return buffer[pos]
            if not self._fill():
                return ""

    def _take(self, char: str, wanted: str) -> None:
        found = self.peek()
        if found != char:
            raise self._unexpected(found, wanted)
        self._pos += 1

    def _unexpected(self, found: str, wanted: str) -> ImportFileError:
        if found == "":
            return self.fail(f"the file ends early: expected {wanted} (a truncated file?)")
        return self.fail(f"invalid JSON: expected {wanted}, found {found!r}")

    def value(self) -> object:
        """Decode the next whole value (a leaf: a row, a text, a number) and take it.

        Raises:
            ImportFileError: not valid JSON there, cut off by the end of the file, or longer
                than :data:`MAX_LEAF_CHARS`.
        """
        first = self.peek()
        if first == "" or first not in _STARTS:
            raise self._unexpected(first, "a value")
        start = self.line
        decoder = _DECODER
        want = 0
        while True:
            buffer, pos = self._buffer, self._pos
            if first not in '{["' and not self._eof and not _AFTER_SCALAR.search(buffer, pos):
                self._grow(start)  # a number or literal may go on in the next chunk
                continue
            try:
                value, end = decoder.raw_decode(buffer, pos)
            except json.JSONDecodeError as err:
                cut = err.msg.startswith("Unterminated") or err.pos >= len(buffer) - _MARGIN
                if not cut or self._eof:
                    raise self._decode_error(err, start) from None
                want = max(want * 2, len(buffer) - pos)
                self._grow(start, want)
                continue
            self._pos = end
            return value

    def _grow(self, start: int, want: int = 0) -> None:
        if len(self._buffer) - self._pos > MAX_LEAF_CHARS:
            raise self.fail(f"one JSON value is longer than {MAX_LEAF_CHARS:,} characters", start)
        self._fill(want)

    def _decode_error(self, err: json.JSONDecodeError, start: int) -> ImportFileError:
        line = self._line_at(err.pos)
        rest = self._buffer[err.pos :].strip()
        cut = err.msg.startswith("Unterminated") or any(w.startswith(rest) for w in _WORDS)
        if self._eof and cut:
            return self.fail(
                f"the file ends early, inside the value starting on line {start} "
                "(a truncated file?)",
                line,
            )
        return self.fail(f"invalid JSON: {err.msg}", line)

    def skip(self) -> None:
        """Pass over the next value, walking containers so that no big one is held."""
        first = self.peek()
        if first == "{":
            for _key in self.members():
                self.skip()
        elif first == "[":
            for _index in self.elements():
                self.skip()
        else:
            self.value()

    # --- containers ----------------------------------------------------------------------------
    def members(self, what: str = "an object") -> Iterator[str]:
        """Each key of the object here; after each, the caller takes (or skips) its value.

        Raises:
            ImportFileError: not an object (naming ``what`` was expected), or broken JSON.
        """
        found = self.peek()
        if found != "{":
            raise self._unexpected(found, what)
        self._pos += 1
        if self.peek() == "}":
            self._pos += 1
            return
        while True:
            if self.peek() != '"':
                raise self._unexpected(self.peek(), "a quoted key")
            key = self.value()
            assert isinstance(key, str)
            self._take(":", "':' after a key")
            self.peek()
            yield key
            found = self.peek()
            if found == "}":
                self._pos += 1
                return
            if found != ",":
                raise self._unexpected(found, "',' or '}'")
            self._pos += 1

    def elements(self, what: str = "a list") -> Iterator[int]:
        """The index of each element of the array here; the caller takes (or skips) each.

        Raises:
            ImportFileError: not an array (naming ``what`` was expected), or broken JSON.
        """
        found = self.peek()
        if found != "[":
            raise self._unexpected(found, what)
        self._pos += 1
        if self.peek() == "]":
            self._pos += 1
            return
        index = 0
        while True:
            self.peek()
            yield index
            index += 1
            found = self.peek()
            if found == "]":
                self._pos += 1
                return
            if found != ",":
                raise self._unexpected(found, "',' or ']'")
            self._pos += 1

    def end(self) -> None:
        """Raise unless only white space is left."""
        found = self.peek()
        if found:
            raise self.fail(f"invalid JSON: unexpected {found!r} after the end of the document")


_DECODER = json.JSONDecoder()
