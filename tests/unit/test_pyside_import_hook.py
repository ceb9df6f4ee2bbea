"""The cheap PySide6 import hook gives the same answers as PySide6's own check."""

from __future__ import annotations

import sys
from types import ModuleType

import PySide6.QtCore  # noqa: F401 - loads the hook under test

from facilitator import app


def _feature() -> ModuleType:
    return sys.modules["shibokensupport.feature"]


def test_same_answer_as_pyside_for_every_loaded_module() -> None:
    import facilitator.ui.keyboard  # noqa: F401 - a module that uses PySide6

    feature = _feature()
    installed = feature._mod_uses_pyside  # an earlier start of the app may have installed it
    original = getattr(installed, "pyside_check", installed)
    setattr(feature, "_mod_uses_pyside", original)  # noqa: B010 - PySide6's own check
    try:
        app.cheap_pyside_import_hook()
        cheap = feature._mod_uses_pyside
        assert cheap is not original
        modules = [m for m in list(sys.modules.values()) if isinstance(m, ModuleType)]
        differ = [m.__name__ for m in modules if bool(cheap(m)) != bool(original(m))]
        assert differ == []
        assert cheap(sys.modules["facilitator.ui.keyboard"]) is True
        assert cheap(sys.modules["facilitator.errors"]) is False
        # Installing twice keeps one wrapper around PySide6's check.
        app.cheap_pyside_import_hook()
        assert feature._mod_uses_pyside is cheap
    finally:
        setattr(feature, "_mod_uses_pyside", installed)  # noqa: B010 - put back
