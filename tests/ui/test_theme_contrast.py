"""Signals never rely on colour alone, and the colours they use stay readable (UI.md).

Every status colour of every theme keeps WCAG 4.5:1 contrast on its background, and every
non-ASCII character the UI code shows is a glyph the default font (DejaVu Sans) can draw.
"""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication

from facilitator.ui.theme import COLOURS, Colours, Scheme, contrast

UI = Path(__file__).resolve().parents[2] / "facilitator" / "ui"
STATUS_ROLES = [f.name for f in fields(Colours) if f.name != "background"]


@pytest.mark.parametrize("scheme", list(Scheme))
@pytest.mark.parametrize("role", STATUS_ROLES)
def test_every_status_colour_has_4_5_to_1_contrast(scheme: Scheme, role: str) -> None:
    colours = COLOURS[scheme]
    ratio = contrast(getattr(colours, role), colours.background)
    assert ratio >= 4.5, f"{scheme} {role}: {ratio:.2f}:1"


def test_contrast_matches_the_wcag_reference_values() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


def test_ui_text_uses_only_glyphs_the_default_font_draws(qapp: QApplication) -> None:
    metrics = QFontMetrics(qapp.font())
    missing = {
        f"{path.relative_to(UI)}: {char!r} U+{ord(char):04X}"
        for path in sorted(UI.rglob("*.py"))
        for char in path.read_text(encoding="utf-8")
        if ord(char) > 127 and not metrics.inFontUcs4(ord(char))
    }
    assert sorted(missing) == []
