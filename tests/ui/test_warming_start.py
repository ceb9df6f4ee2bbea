"""Warming begins as soon as the window's first screen is shown: the input is watched from
then on, so its first step need not wait for a pause seen from its own turn (which left a
screen the user opened within the first second cold)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from facilitator.domain.ids import TeamId
from facilitator.ui.screens.warming import NO_WARM, ScreenWarmer

TEAM = TeamId(1)


def _warmer(qtbot: QtBot, shown: bool) -> tuple[ScreenWarmer, QWidget, list[str]]:
    window = QWidget()
    qtbot.addWidget(window)
    if shown:
        window.show()
        qtbot.waitExposed(window)
    taken: list[str] = []

    def steps(_team: TeamId) -> Iterator[None]:
        taken.append("built")
        yield
        taken.append("read")

    warmer = ScreenWarmer(window, [steps], lambda: TEAM)
    return warmer, window, taken


@pytest.fixture(autouse=True)
def _warming_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(NO_WARM, raising=False)


def test_on_a_shown_window_the_first_step_is_taken_at_once(qtbot: QtBot) -> None:
    warmer, _window, taken = _warmer(qtbot, shown=True)
    warmer.start()
    warmer._step()  # its timer's first shot (START_MS after start)
    assert taken == ["built"]
    warmer._step()
    assert taken == ["built", "read"]
    assert warmer.done


def test_input_from_start_on_holds_the_steps_back(qtbot: QtBot) -> None:
    warmer, window, taken = _warmer(qtbot, shown=True)
    warmer.start()
    handle = window.windowHandle()
    assert handle is not None
    QTest.keyClick(handle, Qt.Key.Key_Down)  # the user acts before the first step
    warmer._step()
    assert taken == []
    qtbot.waitUntil(lambda: warmer.done, timeout=10_000)  # once they pause, it goes on
    assert taken == ["built", "read"]


def test_a_window_shown_after_start_waits_for_a_pause_seen_from_then_on(qtbot: QtBot) -> None:
    warmer, window, taken = _warmer(qtbot, shown=False)
    warmer.start()
    warmer._step()  # not on screen: nobody reads it yet
    assert taken == []
    window.show()
    qtbot.waitExposed(window)
    warmer._step()  # input before now went unseen
    assert taken == []
    qtbot.waitUntil(lambda: warmer.done, timeout=10_000)
    assert taken == ["built", "read"]
