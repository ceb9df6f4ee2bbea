"""What every screen receives from the composition root: the store, the clock, dialogs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from facilitator.store.db import Store
from facilitator.ui.dialogs import Dialogs


def _now() -> dt.datetime:
    return dt.datetime.now().astimezone()


@dataclass
class UiContext:
    """Dependencies passed down explicitly (no globals, no singletons)."""

    store: Store
    dialogs: Dialogs = field(default_factory=Dialogs)
    now: Callable[[], dt.datetime] = _now

    def today(self) -> dt.date:
        """The local date according to the injected clock."""
        return self.now().date()
