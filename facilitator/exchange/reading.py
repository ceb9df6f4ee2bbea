"""Reading an import file safely: a size cap, encoding detection, line-numbered CSV and JSON.

UTF-8 is read with or without a byte-order mark. UTF-16/UTF-32 (recognised by their BOM or by
NUL bytes) and 8-bit files such as Latin-1 are refused by name unless the caller names the
encoding to decode them with. Every problem is one :class:`ImportFileError` line.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from facilitator.errors import ImportFileError

MAX_IMPORT_BYTES = 256 * 1024 * 1024
"""Files above this size (256 MiB) are refused before any of them is read."""
MAX_JSON_ITEM_CHARS = 16 * 1024 * 1024
"""One element of a JSON array may be at most this long (16 Mi characters)."""
_CHUNK = 1 << 16
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)
_SAVE_AS = "save it as UTF-8 (or give its encoding, e.g. --encoding {})"


def open_checked(path: Path, limit: int = MAX_IMPORT_BYTES) -> BinaryIO:
    """``path`` opened for binary reading after checking it exists and is not over ``limit``.

    Raises:
        ImportFileError: missing, not a file, unreadable, or larger than ``limit``.
    """
    name = str(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ImportFileError(name, None, "no such file") from None
    except OSError as err:
        raise ImportFileError(name, None, f"cannot be read ({err.strerror})") from None
    if not path.is_file():
        raise ImportFileError(name, None, "is not a file")
    if size > limit:
        raise ImportFileError(
            name,
            None,
            f"is {size / 1024**2:,.0f} MiB; imports are limited to {limit / 1024**2:,.0f} MiB "
            "(split the export)",
        )
    try:
        return path.open("rb")
    except OSError as err:
        raise ImportFileError(name, None, f"cannot be read ({err.strerror})") from None


def detect_encoding(name: str, head: bytes, given: str | None) -> str:
    """The codec to decode a file starting with ``head``.

    Args:
        name: the file, for messages.
        head: the first bytes of the file.
        given: an encoding the user named, or None to accept UTF-8 only.

    Raises:
        ImportFileError: an unknown ``given`` name, or a UTF-16/UTF-32 file nobody named.
    """
    if given:
        try:
            return codecs.lookup(given).name
        except LookupError:
            raise ImportFileError(
                name, None, f"{given!r} is not an encoding Python knows"
            ) from None
    for bom, label in _BOMS:
        if head.startswith(bom):
            raise ImportFileError(name, 1, f"is {label} text; " + _SAVE_AS.format(label.lower()))
    if b"\x00" in head[:4096]:
        raise ImportFileError(
            name,
            1,
            "holds NUL bytes: it is UTF-16 or binary, not UTF-8 text; " + _SAVE_AS.format("utf-16"),
        )
    return "utf-8-sig"


def text_lines(stream: BinaryIO, name: str, encoding: str | None = None) -> Iterator[str]:
    """The decoded physical lines of ``stream`` with their line endings (for the csv module).

    Raises:
        ImportFileError: the file is not in the expected encoding (names the line).
    """
    head = stream.peek(4096)[:4096] if hasattr(stream, "peek") else b""
    codec = detect_encoding(name, head, encoding)
    if codec != "utf-8-sig":
        yield from _named_codec_lines(stream, name, codec)
        return
    for number, raw in enumerate(stream, start=1):
        data = raw[3:] if number == 1 and raw.startswith(codecs.BOM_UTF8) else raw
        try:
            yield data.decode("utf-8")
        except UnicodeDecodeError as err:
            byte = data[err.start]
            raise ImportFileError(
                name,
                number,
                f"is not UTF-8 (byte 0x{byte:02X}; it looks like Latin-1 or Windows-1252); "
                + _SAVE_AS.format("latin-1"),
            ) from None


def _named_codec_lines(stream: BinaryIO, name: str, codec: str) -> Iterator[str]:
    wrapper = io.TextIOWrapper(stream, encoding=codec, newline="")
    number = 0
    try:
        for line in wrapper:
            number += 1
            yield line
    except UnicodeDecodeError as err:
        raise ImportFileError(
            name, number + 1, f"cannot be decoded as {codec}: {err.reason}"
        ) from None
    finally:
        wrapper.detach()


class CsvFile:
    """Rows of a CSV file with their starting line, checked against the header's width.

    Attributes:
        name: the file as named.
        header: the column names of the first row, as written.
    """

    def __init__(self, lines: Iterator[str], name: str, delimiter: str = ",") -> None:
        """Read the header row of ``lines``.

        Raises:
            ImportFileError: the file is empty or its header is malformed.
        """
        self.name = name
        self._reader = csv.reader(lines, delimiter=delimiter, strict=True)
        first = self._next(1)
        if first is None:
            raise ImportFileError(name, 1, "is empty: expected a header row")
        self.header: list[str] = [cell.strip() for cell in first]

    def _next(self, start: int) -> list[str] | None:
        try:
            return next(self._reader)
        except StopIteration:
            return None
        except csv.Error as err:
            problem = str(err)
            if "unexpected end of data" in problem or "EOF" in problem:
                problem = "the file ends inside a quoted field (a truncated file?)"
            raise ImportFileError(self.name, start, f"malformed CSV: {problem}") from None

    def columns(self, *names: str) -> list[int]:
        """Positions of every column whose header equals one of ``names`` (case-insensitive)."""
        wanted = {n.casefold() for n in names}
        return [i for i, column in enumerate(self.header) if column.casefold() in wanted]

    def require(self, label: str, *names: str) -> int:
        """The first column named one of ``names``.

        Raises:
            ImportFileError: no such column (line 1), with a hint when the delimiter is wrong.
        """
        found = self.columns(*names)
        if found:
            return found[0]
        raise ImportFileError(self.name, 1, f"no {label} column{self._delimiter_hint()}")

    def _delimiter_hint(self) -> str:
        if len(self.header) == 1:
            for char, word in ((";", "semicolons"), ("\t", "tabs"), ("|", "bars")):
                if char in self.header[0]:
                    return (
                        f" (the header is one column separated by {word}; "
                        "export it with commas as the delimiter)"
                    )
        shown = ", ".join(self.header[:6]) + (", …" if len(self.header) > 6 else "")
        return f" (the header has: {shown})"

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """Each non-blank row with the line it starts on.

        Raises:
            ImportFileError: a row with more or fewer fields than the header, or broken quoting.
        """
        width = len(self.header)
        while True:
            start = self._reader.line_num + 1
            row = self._next(start)
            if row is None:
                return
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            if len(row) != width:
                more = "too many" if len(row) > width else "too few"
                cut = "" if len(row) > width else " (a truncated file?)"
                raise ImportFileError(
                    self.name, start, f"{more} fields: {len(row)}, the header has {width}{cut}"
                )
            yield start, row


def cell(row: Sequence[str], positions: Sequence[int]) -> str:
    """The first non-empty value among ``positions`` of ``row`` (repeated columns), stripped."""
    for position in positions:
        value = row[position].strip()
        if value:
            return value
    return ""


def cells(row: Sequence[str], positions: Sequence[int]) -> list[str]:
    """Every non-empty value among ``positions`` (a multi-value field such as Labels)."""
    return [row[p].strip() for p in positions if row[p].strip()]


def json_array(lines: Iterator[str], name: str) -> Iterator[tuple[int, object]]:
    """Each element of a top-level JSON array with the line it starts on, one at a time.

    Raises:
        ImportFileError: not JSON, not an array, or cut off before its end.
    """
    decoder = json.JSONDecoder()
    buffer, pos, line, done = "", 0, 1, False

    def fill() -> bool:
        nonlocal buffer, pos, line
        if pos > _CHUNK:
            line += buffer.count("\n", 0, pos)
            buffer, pos = buffer[pos:], 0
        chunk = "".join(_take(lines, 256))
        buffer += chunk
        return bool(chunk)

    def skip_space() -> str:
        nonlocal pos, done
        while True:
            while pos < len(buffer) and buffer[pos] in " \t\r\n":
                pos += 1
            if pos < len(buffer):
                return buffer[pos]
            if done or not fill():
                done = True
                return ""

    def here() -> int:
        return line + buffer.count("\n", 0, pos)

    first = skip_space()
    if first != "[":
        found = _json_kind(first)
        raise ImportFileError(name, here(), f"expected a JSON array of issues, found {found}")
    pos += 1
    expect_item, items = True, 0
    while True:
        char = skip_space()
        if char == "":
            raise ImportFileError(name, here(), "the JSON ends before its closing ] (truncated?)")
        if char == "]" and (not expect_item or items == 0):
            pos += 1
            if skip_space():
                raise ImportFileError(name, here(), "unexpected text after the JSON array")
            return
        if not expect_item:
            if char != ",":
                raise ImportFileError(name, here(), f"expected , or ] in the JSON, found {char!r}")
            pos += 1
            expect_item = True
            continue
        start = here()
        while True:
            try:
                value, end = decoder.raw_decode(buffer, pos)
            except json.JSONDecodeError as err:
                if len(buffer) - pos > MAX_JSON_ITEM_CHARS:
                    raise ImportFileError(name, start, "one JSON element is too large") from None
                if done or not fill():
                    done = True
                    raise ImportFileError(
                        name, line + buffer.count("\n", 0, err.pos), f"invalid JSON: {err.msg}"
                    ) from None
                continue
            if end == len(buffer) and not done and fill():
                continue  # a number may go on in the next chunk
            break
        pos = end
        expect_item, items = False, items + 1
        yield start, value


def _take(lines: Iterator[str], count: int) -> Iterator[str]:
    for _ in range(count):
        line = next(lines, None)
        if line is None:
            return
        yield line


def _json_kind(char: str) -> str:
    if char == "{":
        return "an object"
    if char == "":
        return "an empty file"
    return "something else"
