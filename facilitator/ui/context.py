"""What every screen receives from the composition root: the store, the clock, dialogs, and the
runner every action goes through."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from facilitator.domain.ids import RunId, TeamId
from facilitator.ops.changes import ActionContext
from facilitator.store.db import Store
from facilitator.ui.actions import ActionRunner
from facilitator.ui.dialogs import Dialogs


def local_now() -> dt.datetime:
    """This moment in the computer's time zone (the clock of the app when nothing is injected)."""
    return dt.datetime.now().astimezone()


@dataclass
class UiContext:
    """Dependencies passed down explicitly (no globals, no singletons).

    ``actions`` is made from the others; the main window listens to its ``changed`` signal and
    passes every record to the screens, the badges and the room window.
    """

    store: Store
    dialogs: Dialogs = field(default_factory=Dialogs)
    now: Callable[[], dt.datetime] = local_now
    actions: ActionRunner = field(init=False)

    def __post_init__(self) -> None:
        """Make the action runner over this store, these dialogs and this clock."""
        self.actions = ActionRunner(self.store, self.dialogs, lambda: self.now())

    def today(self) -> dt.date:
        """The local date according to the injected clock."""
        return self.now().date()

    def action(self, team_id: TeamId | None = None, run_id: RunId | None = None) -> ActionContext:
        """The context of an action happening now, for ``team_id`` and the ceremony ``run_id``."""
        return ActionContext(self.now(), team_id, run_id)
