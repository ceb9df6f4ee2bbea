"""A place on the Team page for a panel built on first need: scrolled into view, reached by Tab,
or asked for by code.

The Team page is some 3,400 pixels tall; a first visit in a 1280×800 window sees its top: the
heading and the overlap. Everything below it (settings, health, members with their form,
decision authority, links, timeboxes, stand-up settings, partners: some 330 widgets) cost a
first visit twice as much again to build, polish and lay out, for nothing the user sees yet.
Each sits in a :class:`LazySection` that keeps its place in the page (about its height, so the
scroll bar tells the page's length) and in the Tab order (the section takes focus and hands it
to the panel's first control, or its last on Shift+Tab).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

P = TypeVar("P", bound=QWidget)


class _Built(QObject):
    """The section's signal (a generic class cannot declare Qt signals itself)."""

    built = Signal(QWidget)


class LazySection(QWidget, Generic[P]):
    """An empty place about ``lines`` text lines tall until :meth:`panel` builds what fills it.

    Signals (on :attr:`signals`):
        built(panel): the panel was just built and put in its place (the screen fills it, joins
            it to the Tab order and to presenter mode).
    """

    def __init__(
        self,
        name: str,
        build: Callable[[], P],
        focus_chain: Callable[[P], list[QWidget]],
        lines: int,
        parent: QWidget | None = None,
    ) -> None:
        """A place named ``name`` for what ``build`` makes (``focus_chain`` lists its controls in
        Tab order); about ``lines`` lines of text tall until built."""
        super().__init__(parent)
        self.setObjectName(name)
        self._build = build
        self._focus_chain = focus_chain
        self._panel: P | None = None
        self.signals = _Built(self)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # Tab reaches it where the panel will be
        self.setMinimumHeight(lines * self.fontMetrics().lineSpacing())
        self._column = QVBoxLayout(self)
        self._column.setContentsMargins(0, 0, 0, 0)

    @property
    def is_built(self) -> bool:
        """Whether the panel exists."""
        return self._panel is not None

    def built_panel(self) -> P | None:
        """The panel if it was built, else None (builds nothing)."""
        return self._panel

    def panel(self) -> P:
        """The panel, built and put in place now if it was not yet."""
        if self._panel is None:
            panel = self._build()
            self._panel = panel
            self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self.setMinimumHeight(0)
            self._column.addWidget(panel)
            if self.isVisible():
                panel.show()  # now, not when the layout gets round to it
            self.signals.built.emit(panel)
        return self._panel

    def focus_chain(self) -> list[QWidget]:
        """The panel's controls in Tab order once built; until then the place itself."""
        return [self] if self._panel is None else self._focus_chain(self._panel)

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt override
        """Reached by Tab (or Shift+Tab): build the panel and focus its first (last) control."""
        super().focusInEvent(event)
        chain = self._focus_chain(self.panel())
        if chain:
            backwards = event.reason() == Qt.FocusReason.BacktabFocusReason
            chain[-1 if backwards else 0].setFocus(event.reason())
