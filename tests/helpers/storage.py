"""Real storage failures for tests: corrupt pages, read-only files and folders, dumps, the CLI."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PAGE = 4096


def corrupt_pages(path: Path, table: str = "story", count: int = 3) -> None:
    """Overwrite ``count`` pages from the root page of ``table`` with junk, as a bad disk would."""
    with contextlib.closing(sqlite3.connect(path)) as conn:
        root = conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
        ).fetchone()[0]
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(path.read_bytes())
    start = (root - 1) * PAGE
    data[start : start + count * PAGE] = b"\x07" * (count * PAGE)
    path.write_bytes(bytes(data))


@contextlib.contextmanager
def read_only(path: Path) -> Iterator[str]:
    """Make ``path`` (a file or a folder) really unwritable for this process; yields how.

    The tests run as root, and root ignores file modes: there the file gets the immutable
    attribute (``chattr +i``), which the kernel enforces for root too. Elsewhere ``chmod a-w``.
    """
    if os.geteuid() != 0:
        mode = path.stat().st_mode
        path.chmod(mode & ~0o222)
        try:
            yield "chmod a-w"
        finally:
            path.chmod(mode)
        return
    subprocess.run(["chattr", "+i", str(path)], check=True, capture_output=True)
    try:
        assert not os.access(path, os.W_OK), "chattr +i did not make the path read-only"
        yield "chattr +i"
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True, capture_output=True)


def dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, sorted: equal dumps mean equal data."""
    uri = f"file:{path}?mode=ro"
    with contextlib.closing(sqlite3.connect(uri, uri=True)) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {
            table: sorted(conn.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr)
            for table in sorted(tables)
        }


def facilitator(
    *args: str, busy_timeout_ms: int | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the real command line in a fresh process (imports this checkout's package).

    Args:
        args: the command line.
        busy_timeout_ms: a shorter busy timeout than the app's 10 s, to test a lock quickly.
        env: extra environment variables.
    """
    setup = "" if busy_timeout_ms is None else f"db.BUSY_TIMEOUT_MS = {busy_timeout_ms}; "
    code = (
        "import sys; from facilitator.store import db; "
        f"{setup}from facilitator.app import main; sys.exit(main(sys.argv[1:]))"
    )
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO), **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def one_line(text: str) -> str:
    """The single line of ``text``; fails when it is empty or longer (a traceback, say)."""
    lines = text.strip().splitlines()
    assert len(lines) == 1, f"expected one line, got {len(lines)}:\n{text}"
    return lines[0]
