"""The screens of DESIGN.md that exist so far, in navigation order, each built on first use."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QListWidget, QListWidgetItem

from facilitator.ui.screens.base import Screen

if TYPE_CHECKING:
    from facilitator.ui.context import UiContext


class ScreenFactory(Protocol):
    """A screen class, or a :class:`LazyScreen`: has a title and builds the screen."""

    @property
    def key(self) -> str:
        """Stable identifier of the screen (badges and tests use it)."""
        ...

    @property
    def title(self) -> str:
        """The screen's name in the navigation."""
        ...

    def __call__(self, ctx: UiContext) -> Screen:
        """Build the screen."""
        ...


@dataclass(frozen=True)
class LazyScreen:
    """A screen whose module is imported the first time it is opened, keeping start-up fast."""

    key: str
    title: str
    target: str  # "package.module:ClassName"

    def __call__(self, ctx: UiContext) -> Screen:
        """Import the screen's module and build the screen."""
        module_name, class_name = self.target.split(":")
        screen_class = getattr(importlib.import_module(module_name), class_name)
        screen = screen_class(ctx)
        assert isinstance(screen, Screen)
        return screen


SCREENS: tuple[ScreenFactory, ...] = (
    LazyScreen("home", "Home", "facilitator.ui.screens.home:HomeScreen"),
    LazyScreen("team", "Team", "facilitator.ui.screens.team:TeamScreen"),
    LazyScreen("backlog", "Backlog", "facilitator.ui.screens.backlog:BacklogScreen"),
    LazyScreen("refinement", "Refinement", "facilitator.ui.screens.refinement:RefinementScreen"),
    LazyScreen("planning", "Planning", "facilitator.ui.screens.planning:PlanningScreen"),
    LazyScreen("standup", "Standup", "facilitator.ui.screens.standup:StandupScreen"),
    LazyScreen("decisions", "Decisions", "facilitator.ui.screens.decisions:DecisionsScreen"),
    LazyScreen("review", "Review", "facilitator.ui.screens.review:ReviewScreen"),
    LazyScreen("retro", "Retro", "facilitator.ui.screens.retro:RetroScreen"),
    LazyScreen("history", "History", "facilitator.ui.screens.history:HistoryScreen"),
)


def nav_digit(row: int) -> int:
    """The digit of the navigation row's Ctrl shortcut: 1 … 9 for the first nine, 0 for the
    tenth (the keyboard's order)."""
    return (row + 1) % 10


def nav_hint(factory: ScreenFactory, row: int) -> str:
    """The navigation row's tooltip: the screen's name and its shortcut."""
    return f"{factory.title} (Ctrl+{nav_digit(row)})" if row < 10 else factory.title


def navigation(factories: tuple[ScreenFactory, ...]) -> QListWidget:
    """The navigation rail: a row per screen, each with its name and shortcut as tooltip."""
    nav = QListWidget()
    nav.setObjectName("nav")
    nav.setAccessibleName("Screens")
    nav.setFixedWidth(190)
    nav_font = QFont(nav.font())
    nav_font.setPointSizeF(nav_font.pointSizeF() * 1.15)
    nav.setFont(nav_font)
    nav.setSpacing(3)
    for index, factory in enumerate(factories):
        item = QListWidgetItem(factory.title)
        item.setData(Qt.ItemDataRole.AccessibleTextRole, factory.title)
        item.setToolTip(nav_hint(factory, index))
        nav.addItem(item)
    return nav
