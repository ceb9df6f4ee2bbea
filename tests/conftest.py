"""Shared fixtures: offscreen Qt, data dir in tmp_path, a migrated SQLite store, a demo store."""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from facilitator import give_way
from facilitator.ops import demo
from facilitator.paths import DATA_DIR_ENV
from facilitator.store.db import Store, target_from
from facilitator.store.migrate import open_store

DEMO_TODAY = dt.date(2026, 11, 25)  # a Wednesday inside the demo's active sprint


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that uses Qt as ``gui`` so ``pytest -m "not gui"`` runs the pure suite."""
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        if "qtbot" in fixtures or "qapp" in fixtures:
            item.add_marker(pytest.mark.gui)


@pytest.fixture(scope="session")
def qapp_args() -> list[str]:
    """Arguments of the test QApplication (pytest-qt creates it)."""
    return ["facilitator-tests"]


@pytest.fixture(autouse=True)
def _no_worker_left_behind() -> Iterator[None]:
    """A chart worker a test started ends with it: the user's input it gave way to is
    forgotten and the worker is waited for, so it does not draw during the next test (whose
    paint counts and reference counts it would change)."""
    yield
    give_way._last_input = -float("inf")
    give_way._hurried.clear()
    for thread in threading.enumerate():
        if thread.name in ("history-chart", "warm-charts"):
            thread.join(30)


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Point the app's data dir at tmp_path and fail if a test writes under the real home."""
    data = tmp_path / "data"
    monkeypatch.setenv(DATA_DIR_ENV, str(data))
    home = Path.home()
    real_data = home / ".local" / "share" / "sprint-facilitator"
    before = real_data.exists()
    yield
    assert real_data.exists() == before, "a test wrote into the real user data dir"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """An empty database migrated to the current schema, in a real SQLite file."""
    opened = open_store(target_from(tmp_path / "test.sqlite3"))
    yield opened
    opened.close()


@pytest.fixture
def demo_store(tmp_path: Path) -> Iterator[Store]:
    """A small demo database built around :data:`DEMO_TODAY`."""
    opened = open_store(target_from(tmp_path / "demo.sqlite3"))
    demo.generate(opened, sprints=6, stories=120, seed=3, today=DEMO_TODAY)
    yield opened
    opened.close()
