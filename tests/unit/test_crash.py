"""The crash handler: an uncaught exception is logged first, then reported naming the log."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from facilitator import crash


@pytest.fixture(autouse=True)
def _restore_excepthook() -> Iterator[None]:
    """Each test installs the handler; put Python's own hook back afterwards."""
    saved = sys.excepthook
    yield
    sys.excepthook = saved


def _raise_uncaught(message: str) -> None:
    """Hand an exception with a real traceback to ``sys.excepthook``, as Python does."""
    try:
        raise RuntimeError(message)
    except RuntimeError:
        sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]


def test_traceback_goes_to_the_log_before_the_user_is_told(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log_file = tmp_path / "logs" / "facilitator.log"
    log_file.parent.mkdir()
    log_file.write_text("earlier session\n", encoding="utf-8")
    log_when_reported: list[str] = []
    reports: list[str] = []

    def report(message: str) -> None:
        log_when_reported.append(log_file.read_text(encoding="utf-8"))
        reports.append(message)

    crash.install(log_file, report)
    _raise_uncaught("the rate went negative")

    logged = log_file.read_text(encoding="utf-8")
    assert logged.startswith("earlier session\n--- ")  # appended, never overwritten
    assert "Traceback (most recent call last):" in logged
    assert "in _raise_uncaught" in logged
    assert logged.rstrip().endswith("RuntimeError: the rate went negative")
    # The reporter ran once, after the traceback was already on disk.
    assert log_when_reported == [logged]
    assert reports == [
        "Sprint Facilitator hit a bug: the rate went negative\n\n"
        f"Everything saved before this is safe. The details are in {log_file}."
    ]
    assert "RuntimeError: the rate went negative" in capsys.readouterr().err


def test_the_log_folder_is_created_private(tmp_path: Path) -> None:
    log_file = tmp_path / "new" / "facilitator.log"
    crash.install(log_file, None)
    _raise_uncaught("boom")
    assert "RuntimeError: boom" in log_file.read_text(encoding="utf-8")
    assert log_file.parent.stat().st_mode & 0o077 == 0


def test_two_crashes_are_both_in_the_log(tmp_path: Path) -> None:
    log_file = tmp_path / "facilitator.log"
    crash.install(log_file, None)
    _raise_uncaught("first")
    _raise_uncaught("second")
    logged = log_file.read_text(encoding="utf-8")
    assert logged.count("--- ") == 2
    assert logged.index("RuntimeError: first") < logged.index("RuntimeError: second")


def test_an_unwritable_log_still_reports_on_stderr_and_to_the_user(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the log folder should be", encoding="utf-8")
    log_file = blocker / "facilitator.log"  # its parent is a file: mkdir and open both fail
    reports: list[str] = []
    crash.install(log_file, reports.append)

    _raise_uncaught("disk trouble")

    err = capsys.readouterr().err
    assert "Traceback (most recent call last):" in err
    assert "RuntimeError: disk trouble" in err
    assert len(reports) == 1
    assert reports[0].startswith("Sprint Facilitator hit a bug: disk trouble")
    assert str(log_file) in reports[0]
    assert not log_file.exists()


def test_without_dialogs_only_the_log_and_stderr_get_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log_file = tmp_path / "facilitator.log"
    crash.install(log_file, None)  # --no-error-dialogs
    _raise_uncaught("quiet")
    assert "RuntimeError: quiet" in log_file.read_text(encoding="utf-8")
    assert "RuntimeError: quiet" in capsys.readouterr().err
