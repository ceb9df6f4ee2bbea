"""F11 on Refinement leaves the story editor's look alone: presenter mode hides the editor (the
poker too shows without it), and the mode's style sheet restyled its 120-odd widgets on each F11
on and off, two thirds of the screen's, for nobody to see. Leaving puts the editor back where it
was, as wide, in the same tab order.
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from facilitator.store.db import Store
from facilitator.ui.screens.refinement import RefinementScreen
from facilitator.ui.screens.warming import NO_WARM
from tests.ui.test_backlog_first_paint import _visit, _window
from tests.ui.test_presenter_backlog_editor import Restyles, _tab_chain
from tests.ui.test_presenter_paint import _f11


def test_f11_on_refinement_does_not_restyle_the_hidden_editor(
    qtbot: QtBot, demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(NO_WARM, "1")
    window = _window(qtbot, demo_store)
    _visit(qtbot, window, "Refinement")
    screen = window.current_screen()
    assert isinstance(screen, RefinementScreen)
    editor = screen.editor
    assert editor.isVisible()
    widgets = len(editor.findChildren(QWidget))
    assert widgets > 50
    place = (editor.mapTo(window, editor.rect().topLeft()).toTuple(), editor.size().toTuple())
    sizes = screen.tools.sizes()
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
    assert editor.parentWidget() is screen.tools
    assert screen.tools.indexOf(editor) == 0
    assert screen.tools.sizes() == sizes
    assert (editor.mapTo(window, editor.rect().topLeft()).toTuple(), editor.size().toTuple()) == (
        place
    )
    assert _tab_chain(window) == chain
