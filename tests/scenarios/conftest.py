"""Scenario tests: the offscreen platform's popup warnings are not the app's."""

from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).parent

# The time-zone picker's completer pops up while a scenario types a zone; the offscreen
# platform cannot raise that popup or grab the keyboard for it and says so as a warning.
OFFSCREEN_POPUP_WARNINGS = (
    "This plugin does not support raise",
    "This plugin does not support grabbing the keyboard",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Ignore the offscreen popup warnings in the scenario tests only."""
    for item in items:
        if Path(str(item.fspath)).parent == HERE:
            item.add_marker(pytest.mark.qt_log_ignore(*OFFSCREEN_POPUP_WARNINGS))
