"""The layering of STYLE.md holds: imports only point inward."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "facilitator"
FORBIDDEN = {
    "domain": (
        "PySide6",
        "sqlalchemy",
        "alembic",
        "matplotlib",
        "facilitator.store",
        "facilitator.ops",
        "facilitator.ui",
        "facilitator.charts",
        "platformdirs",
    ),
    # import/export formats: pure like the domain (stdlib csv/json only)
    "exchange": (
        "PySide6",
        "sqlalchemy",
        "alembic",
        "matplotlib",
        "facilitator.store",
        "facilitator.ops",
        "facilitator.ui",
        "facilitator.charts",
        "platformdirs",
        "pickle",
    ),
    "store": ("PySide6", "facilitator.ops", "facilitator.ui", "matplotlib"),
    "ops": ("PySide6", "facilitator.ui"),
    "charts": ("PySide6", "sqlalchemy", "facilitator.store", "facilitator.ui", "facilitator.ops"),
}


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports_point_inward(layer: str) -> None:
    offenders = [
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in sorted((PACKAGE / layer).rglob("*.py"))
        for name in _imports(path)
        if any(name == bad or name.startswith(bad + ".") for bad in FORBIDDEN[layer])
    ]
    assert offenders == []


def test_cli_never_imports_qt() -> None:
    for module in ("cli.py", "paths.py", "errors.py"):
        assert not [n for n in _imports(PACKAGE / module) if n.startswith("PySide6")]


def test_nothing_outside_ui_imports_ui() -> None:
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if "ui" not in path.relative_to(PACKAGE).parts
        and path.name != "app.py"
        and any(name.startswith("facilitator.ui") for name in _imports(path))
    ]
    assert offenders == []
