"""Undo and redo of the retro's actions that add or change something: a note, a group, a dot,
the experiment.

Each step is one transaction of its own. It puts back only what the action touched (the notes,
the groups, the dots or the experiment), and only while the retro is still in the phase the
action happened in: once the room has moved on (or the retro closed), taking a note back would
pull it out from under its group, so the step is refused with the reason.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Literal

from facilitator.domain.ids import RunId
from facilitator.domain.retro import Retro
from facilitator.domain.retro_phases import RetroPhase
from facilitator.errors import InputError, RuleViolation
from facilitator.ops.changes import Changes, Replay, Undo
from facilitator.ops.retro_reads import RetroView, retro_in, view_in
from facilitator.store.ceremony_repository import CeremonyRepository
from facilitator.store.db import Store
from facilitator.store.retro_repository import RetroRepository

# What an undoable action changes in the retro (a field of :class:`Retro`).
Part = Literal["notes", "groups", "votes", "experiment"]


def undo_of(
    run_id: RunId,
    text: str,
    part: Part,
    before: Retro,
    after: Retro,
    record: Callable[[RetroView], Changes],
) -> Undo:
    """The undo of an action that changed ``part`` of the retro from ``before`` to ``after``
    (``record``: the action's record of a view)."""

    def step(target: Retro) -> Replay:
        phase = after.phase
        return lambda s, _c: record(restore_part(s, run_id, phase, part, target))

    return Undo(text, step(before), step(after))


def restore_part(
    store: Store, run_id: RunId, phase: RetroPhase, part: Part, target: Retro
) -> RetroView:
    """Put ``part`` of the retro back as it is in ``target``, in one transaction.

    Raises:
        InputError: the retrospective no longer exists.
        RuleViolation: it is closed, or no longer in ``phase``.
    """
    with store.session() as session:
        run = CeremonyRepository(session).get(run_id)
        if run is None:
            raise InputError(f"The retrospective {run_id} no longer exists")
        now = retro_in(session, run_id)
        if now.closed is not None:
            raise RuleViolation("the retrospective is closed")
        if now.phase is not phase:
            raise RuleViolation(
                f"the retrospective has moved on from {phase.label} to {now.phase.label}; "
                f"go back to {phase.label} first"
            )
        restored = dataclasses.replace(now, **{part: getattr(target, part)})
        RetroRepository(session).restore(run_id, restored)
        return view_in(session, run, restored)
