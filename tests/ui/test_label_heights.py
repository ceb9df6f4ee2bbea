"""A wrapped label measures its text once per width, not each time a layout asks.

A box layout asks each item for its height and its minimum height for a width (the second
never cached) and keeps one width's answer itself: one F11 on and off on Home asked each of its
wrapped lines 45 times (some 90 in a maximized window), and a selectable label lays its text
out twice for each answer.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from facilitator.store.db import Store
from facilitator.ui.screens.warming import NO_WARM
from facilitator.ui.widgets.text import plain_label
from tests.ui.test_backlog_first_paint import _window
from tests.ui.test_presenter_paint import _f11

WIDTHS = (60, 149, 174, 346, 800)


def _heights(label: QLabel) -> list[int]:
    return [label.heightForWidth(width) for width in WIDTHS]


def _twins(qtbot: QtBot, text: str) -> tuple[QLabel, QLabel, QWidget]:
    """A wrapped plain label and a bare QLabel set up alike, side by side in a window."""
    ours = plain_label(text, wrap=True)
    bare = QLabel()
    bare.setTextFormat(Qt.TextFormat.PlainText)
    bare.setText(text)
    bare.setWordWrap(True)
    bare.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    holder = QWidget()
    qtbot.addWidget(holder)
    layout = QVBoxLayout(holder)
    layout.addWidget(ours)
    layout.addWidget(bare)
    holder.show()
    return ours, bare, holder


def test_a_wrapped_label_answers_what_qlabel_answers_after_each_change(qtbot: QtBot) -> None:
    ours, bare, _holder = _twins(qtbot, "A sprint goal long enough to wrap over several lines " * 3)
    assert _heights(ours) == _heights(bare)
    changes = [
        lambda label: label.setText("Shorter now, two lines at the narrowest"),
        lambda label: label.setFont(QFont(label.font().family(), 30)),
        lambda label: label.setStyleSheet("QLabel { font-size: 40px; padding: 12px; }"),
        lambda label: label.setStyleSheet(""),
        lambda label: label.setIndent(30),
        lambda label: label.setMargin(9),
        lambda label: label.setContentsMargins(5, 6, 7, 8),
        lambda label: label.setWordWrap(False),
        lambda label: label.setWordWrap(True),
        lambda label: label.setFrameShape(QLabel.Shape.Box),
        lambda label: label.setLineWidth(6),
        lambda label: label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction),
    ]
    for change in changes:
        change(ours)
        change(bare)
        assert _heights(ours) == _heights(bare)


def test_a_style_sheet_on_a_parent_reaches_the_heights(qtbot: QtBot) -> None:
    ours, bare, holder = _twins(
        qtbot, "Blocked for two days on the payment provider's sandbox " * 2
    )
    before = _heights(ours)
    holder.setStyleSheet("QLabel { font-size: 36px; }")
    assert _heights(ours) == _heights(bare) != before
    holder.setStyleSheet("")
    assert _heights(ours) == _heights(bare) == before


def test_f11_on_home_measures_each_wrapped_line_a_few_times(
    qtbot: QtBot, demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Counted where QLabel measures: a Python override, put in before the window is built
    (Qt's layouts reach it from then on)."""
    monkeypatch.setenv(NO_WARM, "1")
    measured: Counter[int] = Counter()
    qlabel_height_for_width = QLabel.heightForWidth

    def counted(label: QLabel, width: int) -> int:
        measured[id(label)] += 1
        return qlabel_height_for_width(label, width)

    monkeypatch.setattr(QLabel, "heightForWidth", counted)
    window = _window(qtbot, demo_store)
    home = window.current_screen()
    assert home is not None
    wrapped = [w for w in home.findChildren(QLabel) if w.wordWrap() and w.isVisible()]
    assert len(wrapped) >= 4
    measured.clear()
    _f11(qtbot, window)
    assert window.presenter.active
    _f11(qtbot, window)
    assert not window.presenter.active
    most = max(measured[id(label)] for label in wrapped)
    # Measured again after each change of look (a style sheet sends several events) at the
    # few widths tried: 9 in this window, 45 before.
    assert most <= 15, f"a wrapped line measured {most} times"


def _measures(label: QLabel) -> tuple[list[int], tuple[int, int], tuple[int, int]]:
    return _heights(label), label.sizeHint().toTuple(), label.minimumSizeHint().toTuple()


def _counting(name: str, of: QLabel, measured: Counter[str]) -> Callable[..., object]:
    """QLabel's measure ``name``, counted in ``measured`` when asked of the label ``of``."""
    original = getattr(QLabel, name)

    def counted(label: QLabel, *args: int) -> object:
        if label is of:
            measured[name] += 1
        return original(label, *args)

    return counted


def test_a_look_left_and_put_back_is_not_measured_again(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Presenter mode puts the same look on and off: the heights and hints of a look the label
    had are kept for its return (and are still QLabel's own)."""
    ours, bare, holder = _twins(qtbot, "The forecast as planning froze it, over several lines " * 2)
    sheet = "QWidget { font-size: 28px; } QLabel { padding: 3px; }"
    measured: Counter[str] = Counter()
    for name in ("heightForWidth", "sizeHint", "minimumSizeHint"):
        monkeypatch.setattr(QLabel, name, _counting(name, ours, measured))
    looks = []
    for step in (sheet, "", sheet, ""):
        holder.setStyleSheet(step)
        measured.clear()
        looks.append(_measures(ours))
        assert looks[-1] == _measures(bare)
    assert looks[0] == looks[2] != looks[1] == looks[3]
    # The last look, the editing window's, was measured in step two: nothing measured again.
    assert sum(measured.values()) == 0, f"measured again: {dict(measured)}"
