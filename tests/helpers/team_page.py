"""Reach a section further down the Team page the way a user does: scroll until it is in view."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QScrollArea, QWidget
from pytestqt.qtbot import QtBot

from facilitator.ui.widgets.team_lazy import LazySection


def scroll_to(qtbot: QtBot, window: QWidget, place: str) -> None:
    """Scroll the Team page until the section ``place`` (e.g. "team_authority_place") is in
    view; a section below the members is built then, and this waits for it."""
    QApplication.processEvents()  # the page laid out, as on screen
    area = window.findChild(QScrollArea, "team_scroll")
    section = window.findChild(LazySection, place)
    assert area is not None
    assert section is not None, place
    area.ensureWidgetVisible(section)
    qtbot.waitUntil(lambda: section.is_built)
