"""Crash handling: log the traceback first, then tell the user (unless dialogs are off)."""

from __future__ import annotations

import datetime as dt
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

Reporter = Callable[[str], None]


def append_to_log(log_file: Path, text: str) -> bool:
    """Append ``text`` to the log under a timestamp line; False when the log cannot be written.

    The folder is created private (0700) when missing.
    """
    try:
        log_file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        # Tracebacks quote user data: the log is readable by its owner only.
        handle = os.open(log_file, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        with open(handle, "a", encoding="utf-8") as log:
            if os.name == "posix":
                os.fchmod(log.fileno(), 0o600)  # also a log written by an older version
            log.write(f"--- {dt.datetime.now().isoformat(timespec='seconds')}\n{text}")
    except OSError:
        return False
    return True


def install(log_file: Path, report: Reporter | None) -> None:
    """Replace ``sys.excepthook``: append the traceback to ``log_file``, then call ``report``."""

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        text = "".join(traceback.format_exception(kind, value, tb))
        append_to_log(log_file, text)  # best effort: stderr and the reporter still get it
        sys.stderr.write(text)
        if report is not None:
            report(
                f"Sprint Facilitator hit a bug: {value}\n\n"
                f"Everything saved before this is safe. The details are in {log_file}."
            )

    sys.excepthook = hook
