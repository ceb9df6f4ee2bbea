"""SIGKILL at random points never loses an acknowledged action nor breaks the database.

A worker process performs user actions through the ops layer (``tests/helpers/kill_worker.py``)
and prints ``ack`` after each call returns, the moment the GUI would show it as saved. The test
kills it with SIGKILL at seeded random points: mid-action (just after it announced one) or
between actions. After each kill, on the same file the next worker will continue with: the
app's ``check`` passes, each team's ranks are distinct, and the database holds exactly the
acknowledged actions, plus at most the one in flight (committed before its ``ack`` was printed).
50 kills by default, 1,000 with ``FACILITATOR_SOAK=1`` (``FACILITATOR_SOAK_KILLS`` sets it).
"""

from __future__ import annotations

import datetime as dt
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO

import pytest

from facilitator.ops import demo
from facilitator.ops.maintenance import check
from facilitator.store.db import target_from
from facilitator.store.migrate import open_store
from tests.helpers import soak

ROOT = Path(__file__).resolve().parents[3]
WORKER = ROOT / "tests" / "helpers" / "kill_worker.py"
SEED = 20261201
TEAM = 1  # the worker acts on the first team of the demo

pytestmark = [
    pytest.mark.soak,
    pytest.mark.skipif(not hasattr(os, "fork"), reason="needs POSIX fork and SIGKILL"),
]


@dataclass
class State:
    """What the first team's backlog holds: order by rank, titles, acceptance criteria."""

    order: list[int]
    titles: dict[int, str]
    criteria: set[tuple[int, str]] = field(default_factory=set)

    def copy(self) -> State:
        """An independent copy."""
        return replace(
            self, order=list(self.order), titles=dict(self.titles), criteria=set(self.criteria)
        )


@dataclass
class Action:
    """One announced action; ``ack`` is False for the one in flight when the kill came."""

    kind: str
    args: list[str]
    ack: bool = False
    new_id: int | None = None


def read_state(db: Path) -> State:
    """The first team's backlog as the file holds it now."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        stories = conn.execute(
            "SELECT id, title FROM story WHERE team_id = ? ORDER BY rank, id", (TEAM,)
        ).fetchall()
        criteria = conn.execute(
            "SELECT c.story_id, c.text FROM acceptance_criterion c "
            "JOIN story s ON s.id = c.story_id WHERE s.team_id = ?",
            (TEAM,),
        ).fetchall()
    conn.close()
    return State([i for i, _ in stories], dict(stories), {(s, t) for s, t in criteria})


def rank_problems(db: Path) -> list[str]:
    """Teams whose ranks are not a total order (a NULL, or two stories sharing a rank)."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        rows = conn.execute(
            "SELECT team_id, COUNT(*), COUNT(DISTINCT rank), COUNT(rank) FROM story "
            "GROUP BY team_id"
        ).fetchall()
    conn.close()
    return [
        f"team {team}: {total} stories, {distinct} distinct ranks, {ranked} ranked"
        for team, total, distinct, ranked in rows
        if not total == distinct == ranked
    ]


def apply(state: State, action: Action) -> State:
    """``state`` after ``action`` (what the ops call writes)."""
    after = state.copy()
    a = action.args
    if action.kind == "create":
        assert action.new_id is not None
        after.order.append(action.new_id)  # new stories go to the bottom
        after.titles[action.new_id] = a[0]
    elif action.kind == "edit":
        after.titles[int(a[0])] = a[1]
    elif action.kind == "criterion":
        after.criteria.add((int(a[0]), a[1]))
    else:
        story = int(a[0])
        after.order.remove(story)
        if action.kind == "top":
            after.order.insert(0, story)
        else:
            anchor = after.order.index(int(a[1]))
            after.order.insert(anchor + (action.kind == "after"), story)
    return after


@pytest.fixture
def zygote(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], Path]]:
    """The worker server on a fresh demo database, and the database's path."""
    db = tmp_path / "kill.sqlite3"
    store = open_store(target_from(db))
    demo.generate(store, sprints=2, stories=40, seed=5, today=dt.date(2026, 11, 25))
    store.close()
    stderr = tmp_path / "worker.stderr"
    with stderr.open("w") as err:
        proc = subprocess.Popen(
            [sys.executable, str(WORKER), str(db)],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=err,
            text=True,
            bufsize=1,
        )
    try:
        assert _line(proc, stderr) == ["serving"]
        yield proc, db
    finally:
        assert proc.stdin is not None
        assert proc.stdout is not None
        proc.stdin.close()
        proc.wait(timeout=30)
        proc.stdout.close()


def _line(proc: subprocess.Popen[str], stderr: Path) -> list[str]:
    out: IO[str] | None = proc.stdout
    assert out is not None
    line = out.readline()
    assert line, f"the worker server died: {stderr.read_text()[-2000:]}"
    return line.rstrip("\n").split("\t")


def one_kill(
    proc: subprocess.Popen[str], db: Path, rng: random.Random, round_seed: int
) -> list[Action]:
    """Start a worker, kill it at a random point, and return what it announced."""
    stderr = db.parent / "worker.stderr"
    assert proc.stdin is not None
    proc.stdin.write(f"go {round_seed}\n")
    proc.stdin.flush()
    kind, pid = _line(proc, stderr)
    assert kind == "ready"
    moment = rng.choice(("begin", "ack"))
    when = rng.randint(0 if moment == "ack" else 1, 25)  # 0: before its first action
    actions: list[Action] = []
    seen = 0
    killed = False
    # Mid-action kills land a random 0-4 ms after the announcement: before the transaction,
    # inside it, during the commit's fsync, or after the commit but before the ``ack``.
    delay = rng.uniform(0, 0.004) if moment == "begin" else 0.0
    while True:
        if not killed and seen >= when:
            time.sleep(delay)  # the random kill point itself, not a wait for a condition
            os.kill(int(pid), signal.SIGKILL)
            killed = True
        fields = _line(proc, stderr)
        if fields[0] == "dead":
            status = int(fields[1])
            assert os.WIFSIGNALED(status), f"the worker exited by itself: {stderr.read_text()}"
            assert os.WTERMSIG(status) == signal.SIGKILL
            return actions
        if fields[0] == "begin":
            actions.append(Action(fields[1], fields[2:]))
        else:
            assert fields[0] == "ack", fields
            actions[-1].ack = True
            if actions[-1].kind == "create":
                actions[-1].new_id = int(fields[1])
        if fields[0] == moment:
            seen += 1


def verify(db: Path, before: State, actions: list[Action]) -> tuple[State, int, bool]:
    """Check the file after a kill against the acknowledged actions.

    Returns:
        The state now in the file, the acknowledged actions missing from it, and whether the
        action in flight was committed.
    """
    store = open_store(target_from(db))
    try:
        report = check(store)
    finally:
        store.close()
    assert report.ok, f"facilitator check after a kill: {report.problems}"
    assert rank_problems(db) == []

    now = read_state(db)
    acked = [a for a in actions if a.ack]
    in_flight = next((a for a in actions if not a.ack), None)
    expected = before
    for action in acked:
        expected = apply(expected, action)
    candidates = [expected]
    if in_flight is not None:
        if in_flight.kind == "create":
            extra = [i for i in now.order if i not in expected.titles]
            in_flight.new_id = extra[0] if len(extra) == 1 else None
        if in_flight.kind != "create" or in_flight.new_id is not None:
            candidates.append(apply(expected, in_flight))
    lost = _lost(now, acked, in_flight)
    if acked and now.order not in [c.order for c in candidates]:
        lost += 1  # an acknowledged move (or a new story's place) is not in the rank order
    assert lost == 0 or now not in candidates
    assert now in candidates, (
        f"after the kill the file holds neither the acknowledged actions nor those plus the one "
        f"in flight; {lost} acknowledged action(s) missing; announced: {actions}"
    )
    return now, lost, in_flight is not None and now == candidates[-1] != candidates[0]


def _lost(now: State, acked: list[Action], in_flight: Action | None) -> int:
    """Acknowledged creates, criteria and (last) edits whose effect the file does not show."""
    lost = 0
    last_title: dict[int, str] = {}
    for action in acked:
        if action.kind == "create":
            lost += action.new_id not in now.titles
        elif action.kind == "criterion":
            lost += (int(action.args[0]), action.args[1]) not in now.criteria
        elif action.kind == "edit":
            last_title[int(action.args[0])] = action.args[1]
    for story, title in last_title.items():
        pending = (
            in_flight is not None and in_flight.kind == "edit" and in_flight.args[0] == str(story)
        )
        lost += now.titles.get(story) not in {title, *(in_flight.args[1:] if pending else [])}
    return lost


def test_sigkill_at_random_points_loses_no_acknowledged_action(
    zygote: tuple[subprocess.Popen[str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    proc, db = zygote
    kills = soak.kills()
    rng = random.Random(SEED)
    state = read_state(db)
    acknowledged = lost = committed_in_flight = 0
    started = time.monotonic()
    for round_number in range(kills):
        actions = one_kill(proc, db, rng, SEED + round_number)
        acknowledged += sum(a.ack for a in actions)
        state, missing, in_flight_saved = verify(db, state, actions)
        lost += missing
        committed_in_flight += in_flight_saved
    elapsed = time.monotonic() - started
    with capsys.disabled():
        print(
            f"\nSIGKILL test: {kills} kills, {acknowledged} acknowledged actions, {lost} lost, "
            f"{committed_in_flight} in-flight actions committed before their ack, "
            f"{elapsed:.1f} s"
        )
    assert lost == 0
    assert acknowledged >= kills  # the kills landed among real work, not only at start-up
