"""F11 on the Backlog leaves the story editor's look alone: presenter mode hides the editor, and
its style sheet restyled the editor's hundred-odd widgets on each F11 on and off (about half the
screen's) for nobody to see. Leaving puts the editor back where it was, as wide, in the same tab
order.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from facilitator.store.db import Store
from facilitator.ui.main_window import MainWindow
from facilitator.ui.screens.backlog import BacklogScreen
from facilitator.ui.screens.warming import NO_WARM
from tests.ui.test_backlog_first_paint import _visit, _window
from tests.ui.test_presenter_paint import _f11


class Restyles(QObject):
    """Counts the style changes of the widgets under ``root`` (install on the application)."""

    def __init__(self, root: QWidget) -> None:
        """Count for ``root`` and every widget under it."""
        super().__init__()
        self.root = root
        self.count = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Note a style change under the root."""
        if (
            event.type() == QEvent.Type.StyleChange
            and isinstance(watched, QWidget)
            and (watched is self.root or self.root.isAncestorOf(watched))
        ):
            self.count += 1
        return False


def _tab_chain(window: MainWindow) -> list[str]:
    """The names of the shown widgets Tab walks through, in order."""
    chain: list[str] = []
    widget = window.nextInFocusChain()
    while widget is not window:
        if widget.isVisible() and widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            chain.append(widget.objectName() or type(widget).__name__)
        widget = widget.nextInFocusChain()
    return chain


def test_f11_on_the_backlog_does_not_restyle_the_hidden_editor(
    qtbot: QtBot, demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(NO_WARM, "1")
    window = _window(qtbot, demo_store)
    _visit(qtbot, window, "Backlog")
    screen = window.current_screen()
    assert isinstance(screen, BacklogScreen)
    editor = screen.editor
    assert editor.isVisible()
    widgets = len(editor.findChildren(QWidget))
    assert widgets > 50
    place = (editor.mapTo(window, editor.rect().topLeft()).toTuple(), editor.size().toTuple())
    chain = _tab_chain(window)
    app = QApplication.instance()
    assert app is not None
    restyles = Restyles(editor)
    app.installEventFilter(restyles)
    try:
        _f11(qtbot, window)
        assert window.presenter.active
        assert not editor.isVisible()
        on = restyles.count
        _f11(qtbot, window)
    finally:
        app.removeEventFilter(restyles)
    assert not window.presenter.active
    assert on == 0, f"F11 on restyled {on} widgets of the hidden editor"
    # Leaving restyles none either (it never had the look); some 1-2 per widget before.
    assert restyles.count < widgets // 4, f"F11 off restyled {restyles.count} of {widgets}"
    assert editor.isVisible()
    assert editor.parentWidget() is screen.splitter
    assert (editor.mapTo(window, editor.rect().topLeft()).toTuple(), editor.size().toTuple()) == (
        place
    )
    assert _tab_chain(window) == chain


def test_the_editor_keeps_its_width_when_the_backlog_is_opened_while_presenting(
    qtbot: QtBot, demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Presenting from Home, then the Backlog, Home and the Backlog again: the editor comes
    back as wide as it was (set aside there, it came back 4 px narrower)."""
    monkeypatch.setenv(NO_WARM, "1")
    window = _window(qtbot, demo_store)
    _visit(qtbot, window, "Backlog")
    screen = window.current_screen()
    assert isinstance(screen, BacklogScreen)
    sizes = screen.splitter.sizes()
    _visit(qtbot, window, "Home")
    _f11(qtbot, window)
    for title in ("Backlog", "Home", "Backlog"):
        _visit(qtbot, window, title)
    _f11(qtbot, window)
    assert not window.presenter.active
    assert screen.editor.isVisible()
    assert screen.splitter.sizes() == sizes
