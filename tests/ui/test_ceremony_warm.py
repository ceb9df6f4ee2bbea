"""The ceremony screens are warmed while the user reads Home, as Team, the Backlog and History
are: a first visit is then a revisit, showing what a cold first visit reads and shows.

A first visit of Standup, Decisions, Planning, Refinement or Retro imported the screen's
modules, built it, read its view (the first in a process compiling the reads' SQL), fitted its
tables to what it read and laid it out (42-65 ms at 20,000 stories, over the 50 ms budget).
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import event

from facilitator.store.db import Store
from facilitator.ui.main_window import MainWindow
from facilitator.ui.screens import standup as standup_screen
from facilitator.ui.screens import warming
from facilitator.ui.screens.warming import NO_WARM
from facilitator.ui.widgets.plain_table import RowFitter
from tests.ui.test_history_warm import _seen, _window

CEREMONIES = ("standup", "decisions", "planning", "refinement", "retro", "review")


def _open(qtbot: QtBot, window: MainWindow, store: Store, key: str) -> tuple[QWidget, int]:
    """Open the screen ``key`` and run the event loop until idle (zero timers and what they
    start, however loaded the machine); what it read counted as SQLite runs it (some reads go
    through the driver's own cursor, which SQLAlchemy's events never see)."""
    statements: list[str] = []

    def trace(dbapi_connection: Any, *_args: object) -> None:
        dbapi_connection.set_trace_callback(statements.append)

    event.listen(store.engine, "checkout", trace)
    try:
        window.nav.setCurrentRow(_row(window, key))
        for _ in range(3):
            QApplication.processEvents()
            qtbot.wait(0)
        qtbot.wait(50)
    finally:
        event.remove(store.engine, "checkout", trace)
    screen = window.current_screen()
    assert screen is not None
    return screen, len(statements)


def _row(window: MainWindow, key: str) -> int:
    factories = window.factories
    return next(i for i, f in enumerate(factories) if f.key == key)


def test_the_ceremony_screens_are_warmed_and_show_what_a_cold_visit_reads(
    qtbot: QtBot, demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(NO_WARM, "1")
    # However long warming takes on a loaded machine, the Standup's read is not old enough to
    # be read again on its visit (a revisit reads what other programs wrote once it is).
    monkeypatch.setattr(standup_screen, "REREAD_S", 3600.0)
    cold_window = _window(qtbot, demo_store)
    cold: dict[str, tuple[list[str], int]] = {}
    for key in CEREMONIES:
        screen, reads = _open(qtbot, cold_window, demo_store, key)
        cold[key] = (_seen(screen), reads)
    revisits = {key: _open(qtbot, cold_window, demo_store, key)[1] for key in CEREMONIES}
    cold_window.close()

    monkeypatch.delenv(NO_WARM)
    window = _window(qtbot, demo_store)
    qtbot.waitUntil(lambda: window.warmer is not None and window.warmer.done, timeout=90_000)
    for key in CEREMONIES:
        assert window.screens[_row(window, key)] is not None, key  # built while Home was read
    fits: list[str] = []
    original = RowFitter.fit_all

    def fit_all(fitter: RowFitter) -> None:
        fits.append(fitter.widget.objectName())
        original(fitter)

    monkeypatch.setattr(RowFitter, "fit_all", fit_all)
    for key in CEREMONIES:
        screen, reads = _open(qtbot, window, demo_store, key)
        # What a revisit reads (the timer's clock, and what changed), no more.
        assert reads == revisits[key], key
        assert reads <= cold[key][1], key
        assert _seen(screen) == cold[key][0], key
    # Its tables were fitted while hidden, laid out at the size they are shown at.
    assert fits == []


def test_a_screen_the_user_opened_is_not_warmed_again(
    qtbot: QtBot, demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its visit read and laid it out; warming it again while hidden is work nobody sees (a
    bench's clicks, which reach no window, met those steps and the charts' import)."""
    laid_out: list[str] = []
    original = warming.lay_out_hidden

    def lay_out_hidden(screen: QWidget) -> None:
        laid_out.append(screen.objectName())
        original(screen)

    monkeypatch.setattr(warming, "lay_out_hidden", lay_out_hidden)
    window = _window(qtbot, demo_store)
    for key in ("team", "standup", "home"):  # opened before warming reaches them
        _open(qtbot, window, demo_store, key)
    qtbot.waitUntil(lambda: window.warmer is not None and window.warmer.done, timeout=90_000)
    assert "team_screen" not in laid_out
    assert "standup_screen" not in laid_out
    assert "backlog_screen" in laid_out  # the others are warmed as before
