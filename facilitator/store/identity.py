"""Who is editing: the name recorded on every versioned row a program writes.

A shared database is written by several people's programs; when an edit is refused as stale the
message names who saved first. The name is the operating-system account and the machine
("ana on laptop-3"), or ``FACILITATOR_USER`` when set (a shared kiosk account, say).
"""

from __future__ import annotations

import getpass
import os
import socket

EDITOR_ENV = "FACILITATOR_USER"
EDITOR_LIMIT = 120  # the changed_by columns


def local_editor() -> str:
    """The name this program's edits are recorded under (never empty, at most 120 characters)."""
    chosen = " ".join(os.environ.get(EDITOR_ENV, "").split())
    if chosen and chosen.isprintable() and len(chosen) <= EDITOR_LIMIT:
        return chosen  # otherwise (control characters, too long) the account is used
    try:
        account = getpass.getuser()
    except (KeyError, OSError):  # no passwd entry and no LOGNAME/USER (a bare container)
        account = "someone"
    host = socket.gethostname() or "this computer"
    return f"{account} on {host}"[:EDITOR_LIMIT]
