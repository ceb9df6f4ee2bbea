"""How long the long-running tests run: short by default, longer in CI, much longer in soak mode.

``FACILITATOR_SOAK=1`` turns on soak mode (50,000 GUI actions, 1,000 kills; for a machine left
to it, off CI). ``FACILITATOR_SOAK_ACTIONS`` and ``FACILITATOR_SOAK_KILLS`` set either number
directly (``.ci/run`` sets ``FACILITATOR_SOAK_ACTIONS=5000``).
"""

from __future__ import annotations

import os

SOAK_ENV = "FACILITATOR_SOAK"
ACTIONS_ENV = "FACILITATOR_SOAK_ACTIONS"
KILLS_ENV = "FACILITATOR_SOAK_KILLS"


def soak_mode() -> bool:
    """Whether the long soak run was asked for."""
    return os.environ.get(SOAK_ENV, "") not in ("", "0")


def count(env: str, normal: int, soak: int) -> int:
    """``env``'s number if set, else ``soak`` in soak mode, else ``normal``."""
    value = os.environ.get(env, "").strip()
    if value:
        number = int(value)
        assert number > 0, f"{env} must be a positive number, not {value!r}"
        return number
    return soak if soak_mode() else normal


def gui_actions() -> int:
    """User actions the GUI soak test performs (500 by default, 50,000 in soak mode)."""
    return count(ACTIONS_ENV, 500, 50_000)


def kills() -> int:
    """SIGKILLs the crash-safety test delivers (50 by default, 1,000 in soak mode)."""
    return count(KILLS_ENV, 50, 1_000)
