"""Write transactions take the write lock when they begin, so another writer makes them wait."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from facilitator.domain.model import StoryType
from facilitator.ops.backlog import load_backlog
from facilitator.ops.teams import create_team
from facilitator.store.db import target_from
from facilitator.store.failures import DatabaseLocked
from facilitator.store.migrate import open_store
from tests.helpers.backlog_team import new_story

# Another program writing in a loop: each transaction holds the write lock for 40 ms.
BUSY_WRITER = """
import sqlite3, sys, time
# Its own busy timeout, generous: on a loaded machine the app's writes make it wait too.
conn = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=60)
for turn in range(int(sys.argv[2])):
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("UPDATE team SET blocker_sla_hours = blocker_sla_hours + 1")
    if turn == 0:
        print("writing", flush=True)
    time.sleep(0.04)
    conn.execute("COMMIT")
    time.sleep(0.005)
"""

# Another program that takes the write lock and keeps it.
LOCK_HOLDER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
conn.execute("UPDATE team SET blocker_sla_hours = 48")
print("holding", flush=True)
time.sleep(60)
"""


def _writer(script: str, *args: str) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [sys.executable, "-c", script, *args], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() in ("writing", "holding")
    return child


def _close(child: subprocess.Popen[str]) -> None:
    assert child.stdout is not None
    child.stdout.close()


def test_actions_wait_for_another_process_writing_and_all_succeed(tmp_path: Path) -> None:
    path = tmp_path / "team.sqlite3"
    store = open_store(target_from(path))
    team = create_team(store, "Payments", 10, ["Tested"])
    child = _writer(BUSY_WRITER, str(path), "60")
    saved: list[int] = []
    try:
        # create_story reads (the next key) before it writes: with a deferred BEGIN the other
        # process's commit in between made it fail at once instead of waiting.
        while child.poll() is None or len(saved) < 10:
            saved.append(new_story(store, team, f"Story {len(saved)}", StoryType.STORY))
    finally:
        child.wait(timeout=30)
        _close(child)
    assert child.returncode == 0
    titles = load_backlog(store, team).titles
    assert titles == [f"Story {n}" for n in range(len(saved))]
    store.close()


def test_past_the_busy_timeout_an_action_says_locked_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from facilitator.store import db

    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 400)
    path = tmp_path / "team.sqlite3"
    store = open_store(target_from(path))
    team = create_team(store, "Payments", 10, ["Tested"])
    child = _writer(LOCK_HOLDER, str(path))
    try:
        started = time.monotonic()
        with pytest.raises(DatabaseLocked) as caught:
            new_story(store, team, "Waits, then gives up", StoryType.STORY)
        waited = time.monotonic() - started
    finally:
        child.kill()
        child.wait(timeout=30)
        _close(child)
    message = str(caught.value)
    assert message == (
        f"The database {path} is locked by another program (waited 0.4 s); close that program "
        "or try again"
    )
    assert waited >= 0.35  # it waited for the lock instead of failing at once
    assert load_backlog(store, team).titles == []
    store.close()


def test_screens_read_what_they_show_while_another_program_holds_the_write_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import datetime as dt

    from facilitator.domain.timebox import Ceremony
    from facilitator.ops import ceremony, retro_reads, review_reads, teams
    from facilitator.ops import timebox as timer_ops
    from facilitator.ops.backlog import top_readiness
    from facilitator.ops.history import team_history
    from facilitator.store import db

    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 400)  # a write would give up after 0.4 s
    path = tmp_path / "team.sqlite3"
    store = open_store(target_from(path))
    team = create_team(store, "Payments", 10, ["Tested"])
    child = _writer(LOCK_HOLDER, str(path))
    try:
        view = timer_ops.load_timer(store, team, Ceremony.REFINEMENT)
        resumed = ceremony.resume_run(store, team, Ceremony.REFINEMENT)
        home = teams.home_summary(store, team, dt.date(2026, 11, 25))
        listed = teams.list_teams(store)
        settings = timer_ops.presenter_settings(store, team)
        retro = retro_reads.load_retro(store, team)
        review = review_reads.open_review_run(store, team)
        backlog = load_backlog(store, team)
        top = top_readiness(store, team)
        history = team_history(store, team, dt.datetime(2026, 11, 25, 10, tzinfo=dt.UTC))
    finally:
        child.kill()
        child.wait(timeout=30)
        _close(child)
    assert view.run_id is None  # a planned clock: nothing under way, nothing written
    assert view.state.items  # the refinement's agenda, ready to start
    assert resumed is None
    assert home.team.name == "Payments"
    assert [t.name for t in listed] == ["Payments"]
    assert settings.scale >= 1
    assert (retro, review) == (None, None)  # no retrospective or review under way
    assert list(backlog.titles) == top == list(history.rows) == []  # a new team: nothing, read
    store.close()
