"""What the window builds to live as long as it is kept out of full collections (each full
collection walked it, finding nothing, and stalled the window tens of milliseconds)."""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from facilitator.store.db import Store
from facilitator.ui.context import UiContext
from facilitator.ui.main_window import MainWindow
from facilitator.ui.screens.warming import NO_WARM, import_charts
from tests.conftest import DEMO_TODAY

NOW = dt.datetime.combine(DEMO_TODAY, dt.time(10, tzinfo=dt.UTC))


@pytest.fixture(autouse=True)
def _thawed() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.unfreeze()


def _tracked(obj: object) -> bool:
    return any(o is obj for o in gc.get_objects())


def test_a_screen_built_on_first_visit_is_kept(
    qtbot: QtBot, demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(NO_WARM, "1")
    window = MainWindow(UiContext(store=demo_store, now=lambda: NOW))
    qtbot.addWidget(window)
    window.show()
    row = next(i for i, f in enumerate(window.factories) if f.key == "decisions")
    assert window.screens[row] is None
    screen = window.screen_at(row)
    assert not _tracked(screen.__dict__)
    made_later = {"after": [screen]}
    assert _tracked(made_later)  # what is made afterwards is collected as before


def test_the_chart_import_leaves_collection_on() -> None:
    import_charts()
    assert gc.isenabled()
