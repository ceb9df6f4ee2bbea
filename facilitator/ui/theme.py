"""Colours and type for the shared screen: OS light/dark, a high-contrast theme, one type scale.

Status colours keep at least 4.5:1 contrast on their background (UI.md); everything else uses the
palette roles. Presenter type sizes all derive from one scale factor.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from facilitator.domain.timebox import Phase

PRESENTER_BODY_PX = 28
PRESENTER_HEADING_PX = 48
PRESENTER_TIMER_PX = 104
MIN_TIMER_PX = 96


class Scheme(StrEnum):
    """Which set of colours is in use."""

    LIGHT = "light"
    DARK = "dark"
    HIGH_CONTRAST = "high_contrast"


@dataclass(frozen=True, slots=True)
class Colours:
    """Background, text and the three status colours of one scheme (``#rrggbb``)."""

    background: str
    text: str
    muted: str
    ok: str
    warning: str
    problem: str


COLOURS: dict[Scheme, Colours] = {
    Scheme.LIGHT: Colours("#ffffff", "#1a1a1a", "#4a4a4a", "#1a7f37", "#8a5a00", "#b42318"),
    Scheme.DARK: Colours("#121212", "#f2f2f2", "#c4c4c4", "#4ac26b", "#e3b341", "#ff7b72"),
    Scheme.HIGH_CONTRAST: Colours("#000000", "#ffffff", "#ffffff", "#5cff8d", "#ffd24a", "#ff8080"),
}


def os_scheme() -> Scheme:
    """The OS colour scheme (light when the platform does not say)."""
    hints = QGuiApplication.styleHints()
    return Scheme.DARK if hints.colorScheme() == Qt.ColorScheme.Dark else Scheme.LIGHT


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """WCAG relative luminance of ``#rrggbb``."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio between two ``#rrggbb`` colours (1–21)."""
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def phase_colour(colours: Colours, phase: Phase) -> str:
    """The colour of the timer in ``phase``: always paired with a text cue by the widget."""
    if phase is Phase.OVERTIME:
        return colours.problem
    if phase is Phase.WARNING:
        return colours.warning
    if phase is Phase.FINISHED:
        return colours.muted
    return colours.text


@dataclass(frozen=True, slots=True)
class TypeScale:
    """Presenter type sizes in pixels, all from one factor (1.0 = the UI.md minimums)."""

    factor: float = 1.0
    # Height of the window the room sees; the clock never takes more than a fifth of it, so a
    # large type scale on a 720 px screen leaves room for the story (never under 96 px).
    room_height: int | None = None

    @property
    def body(self) -> int:
        """Body text: at least 28 px."""
        return round(PRESENTER_BODY_PX * self.factor)

    @property
    def heading(self) -> int:
        """Headings: 48 px at 1.0 (UI.md asks 40–56 px)."""
        return round(PRESENTER_HEADING_PX * self.factor)

    @property
    def hint(self) -> int:
        """Key hints and the timer's side texts: smaller than body, never under 28 px."""
        return max(PRESENTER_BODY_PX, round(PRESENTER_BODY_PX * 0.7 * self.factor))

    @property
    def timer(self) -> int:
        """The timer: at least 96 px, at most a fifth of the room's window height."""
        wanted = round(PRESENTER_TIMER_PX * self.factor)
        if self.room_height is None:
            return wanted
        return min(wanted, max(MIN_TIMER_PX, self.room_height // 5))


def presenter_stylesheet(colours: Colours, scale: TypeScale) -> str:
    """The style sheet of the window in presenter mode: large type, the scheme's colours.

    Screens mark headings with the dynamic property ``role="heading"`` to get heading size and
    key-hint lines with ``role="keys"`` to get the (smaller, muted) hint size.
    """
    return f"""
QWidget {{
    font-size: {scale.body}px;
    color: {colours.text};
    background-color: {colours.background};
}}
QLabel[role="heading"] {{ font-size: {scale.heading}px; font-weight: bold; }}
QLabel#timer_clock {{ font-size: {scale.timer}px; font-weight: bold; }}
QLabel#timer_item {{ font-weight: bold; }}
QLabel#timer_item, QLabel#timer_status {{ font-size: {scale.hint}px; }}
QLabel[role="keys"], QLabel#presenter_hints {{ font-size: {scale.hint}px; color: {colours.muted}; }}
QScrollArea {{ border: none; }}
QScrollBar:vertical {{ width: 16px; background: {colours.background}; }}
QScrollBar::handle:vertical {{ min-height: 48px; background: {colours.muted}; }}
QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical {{ height: 0; border: none; }}
QAbstractButton, QLineEdit, QSpinBox {{
    border: 2px solid {colours.text};
    padding: 4px 10px;
}}
*:focus {{ outline: 3px solid {colours.warning}; }}
"""
