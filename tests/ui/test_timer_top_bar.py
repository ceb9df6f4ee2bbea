"""The normal-mode top bar (team, sprint, timer, presenter button) fits 1280 px with the rail."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QListWidget, QWidget
from pytestqt.qtbot import QtBot

from facilitator.store.db import Store
from facilitator.ui.context import UiContext
from facilitator.ui.main_window import SCREENS, MainWindow
from tests.conftest import DEMO_TODAY

NOW = dt.datetime.combine(DEMO_TODAY, dt.time(10, tzinfo=dt.UTC))
TIMER_BUTTONS = (
    "timer_start_pause",
    "timer_extend",
    "timer_next",
    "timer_finish",
    "timer_sound",
)


def test_top_bar_fits_1280_on_the_refinement_screen(qtbot: QtBot, demo_store: Store) -> None:
    window = MainWindow(UiContext(store=demo_store, now=lambda: NOW))
    window.timer._beep = lambda: None
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    row = next(i for i, factory in enumerate(SCREENS) if factory.title == "Refinement")
    window.findChild(QListWidget, "nav").setCurrentRow(row)
    window.screen_at(row).findChild(QAbstractButton, "refine_start").click()
    assert window.timer.isVisible()
    assert window.findChild(QWidget, "team_switcher").isVisible()  # two teams: the widest bar
    assert window.minimumSizeHint().width() <= 1280
    assert window.width() == 1280

    right_edge = window.width()
    for name in (*TIMER_BUTTONS, "presenter_button"):
        button = window.findChild(QAbstractButton, name)
        assert button.isVisible(), name
        assert button.toolTip() or button.defaultAction() is not None, name
        corner = button.mapTo(window, QPoint(button.width(), 0))
        assert corner.x() <= right_edge, name
        assert button.width() >= button.minimumSizeHint().width(), name
    status = window.findChild(QLabel, "timer_status")
    assert status.toolTip() == "2:00:00 left"  # full text, even if elided (one agenda item)
    assert status.fontMetrics().horizontalAdvance(status.text()) <= status.width()


def test_window_fits_720_high_in_presenter_mode_at_200_percent(
    qtbot: QtBot, demo_store: Store
) -> None:
    from facilitator.ops import timebox as ops

    window = MainWindow(UiContext(store=demo_store, now=lambda: NOW))
    window.timer._beep = lambda: None
    qtbot.addWidget(window)
    window.show()
    assert window.team_id is not None
    ops.update_presenter_settings(demo_store, window.team_id, lambda s: s.zoomed(10))
    window.presenter.load_team(window.team_id)
    for row in range(len(SCREENS)):  # every screen built: hidden ones must not count
        window.findChild(QListWidget, "nav").setCurrentRow(row)
    row = next(i for i, factory in enumerate(SCREENS) if factory.title == "Refinement")
    window.findChild(QListWidget, "nav").setCurrentRow(row)
    refinement = window.screen_at(row)
    refinement.findChild(QAbstractButton, "refine_start").click()
    window.presenter.enter()
    assert window.presenter.scale().factor == 2.0
    assert window.minimumSizeHint().height() <= 720
    assert window.minimumSizeHint().width() <= 1280
    # What the room reads next to the clock fits on screen: elided, never cut at the edge.
    # Checked at once after the resize, not after the next tick re-renders the timer.
    window.showNormal()
    window.resize(1280, 720)
    QApplication.processEvents()
    for name in ("timer_item", "timer_status"):
        label = window.findChild(QLabel, name)
        assert label.fontMetrics().horizontalAdvance(label.text()) <= label.contentsRect().width()
        assert label.mapTo(window, QPoint(label.width(), 0)).x() <= window.width()


def _presenting_refinement_at_1280(qtbot: QtBot, store: Store, *, started: bool) -> MainWindow:
    """Refinement in presenter mode (its run ``started`` or not), the window 1280×720."""
    window = MainWindow(UiContext(store=store, now=lambda: NOW))
    window.timer._beep = lambda: None
    qtbot.addWidget(window)
    window.show()
    row = next(i for i, factory in enumerate(SCREENS) if factory.title == "Refinement")
    window.findChild(QListWidget, "nav").setCurrentRow(row)
    if started:
        window.screen_at(row).findChild(QAbstractButton, "refine_start").click()
    window.presenter.enter()
    window.showNormal()
    window.resize(1280, 720)
    QApplication.processEvents()
    return window


def test_presenter_timer_texts_fit_at_1280_right_after_a_resize(
    qtbot: QtBot, demo_store: Store
) -> None:
    window = _presenting_refinement_at_1280(qtbot, demo_store, started=True)
    # Checked at once after the resize, not after the next tick re-renders the timer.
    QApplication.processEvents()
    for name in ("timer_item", "timer_status"):
        label = window.findChild(QLabel, name)
        assert label.fontMetrics().horizontalAdvance(label.text()) <= label.contentsRect().width()
        assert label.mapTo(window, QPoint(label.width(), 0)).x() <= window.width()
        assert label.toolTip().startswith(("Refine the top stories · Refinement", "2:00:00 left"))
    # Elided or not, the room reads the agenda item it is on first.
    assert window.findChild(QLabel, "timer_item").text().startswith("Refine")


def test_presenter_clock_starts_at_the_left_edge_at_1280(qtbot: QtBot, demo_store: Store) -> None:
    # The top bar's spare-room stretch kept a seventh of the width from the timer even with
    # the team and sprint hidden: the clock sat 200 px in, and its agenda line elided.
    window = _presenting_refinement_at_1280(qtbot, demo_store, started=False)
    hints = window.findChild(QLabel, "presenter_hints")
    assert window.timer.mapTo(window, QPoint(0, 0)).x() == hints.mapTo(window, QPoint(0, 0)).x()
    item = window.findChild(QLabel, "timer_item")
    assert item.text() == item.toolTip()  # not elided


def _agenda_steps() -> list[str]:
    """Every agenda step of every ceremony as the timer's item line reads it."""
    from facilitator.domain.timebox import DEFAULT_AGENDAS

    steps = []
    for ceremony, agenda in DEFAULT_AGENDAS.items():
        for i, (title, _share) in enumerate(agenda):
            of = f" ({i + 1} of {len(agenda)})" if len(agenda) > 1 else ""
            steps.append(f"{title}{of} · {ceremony.label}")
    return steps


def test_the_whole_agenda_step_shows_in_the_top_bar_at_1280(
    qtbot: QtBot, demo_store: Store
) -> None:
    # Beside the team and the sprint line, the item line elided "Sprint goal (1 of 4) · P…".
    window = MainWindow(UiContext(store=demo_store, now=lambda: NOW))
    window.timer._beep = lambda: None
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    row = next(i for i, factory in enumerate(SCREENS) if factory.title == "Planning")
    window.findChild(QListWidget, "nav").setCurrentRow(row)
    window.screen_at(row).findChild(QAbstractButton, "plan_open").click()
    assert window.timer.isVisible()
    assert window.findChild(QWidget, "team_switcher").isVisible()  # two teams: the widest bar
    assert window.width() == 1280
    item = window.findChild(QLabel, "timer_item")
    status = window.findChild(QLabel, "timer_status")
    assert item.full_text() == "Sprint goal (1 of 4) · Planning"
    assert item.text() == item.full_text()  # not elided
    assert status.text() == status.full_text()
    room = item.contentsRect().width()
    metrics = item.fontMetrics()
    for step in _agenda_steps():  # the longest step of any ceremony fits as well
        assert metrics.horizontalAdvance(step) <= room, step
    assert window.minimumSizeHint().width() <= 1280
