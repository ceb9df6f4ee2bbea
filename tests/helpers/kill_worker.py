"""A user working through the ops layer until killed: the subprocess of the SIGKILL test.

Usage: ``python tests/helpers/kill_worker.py DB``. Importing SQLAlchemy and the app takes about a
second, too long to pay 1,000 times, so this process imports once and, for each ``go SEED`` line
on stdin, forks a worker: the worker opens the database as the app does and performs random user
actions on the first team's backlog (add a story, edit a title, add an
acceptance criterion, move a story before or after another, move one to the top), each through
the same ops function the GUI calls. Before each action it prints ``begin <action>``; once the
ops call has returned (the transaction is committed, the app would show it as saved) it prints
``ack``. The test kills the worker with SIGKILL at random points, reads ``dead <status>`` once this
process has reaped it, and checks that every acknowledged action is in the file.

Lines (fields separated by tabs):
    ready <worker pid>
    begin create <title>            ack <new story id>
    begin edit <story> <title>      ack
    begin criterion <story> <text>  ack
    begin before <story> <anchor>   ack
    begin after <story> <anchor>    ack
    begin top <story>               ack
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sys
from pathlib import Path

from sqlalchemy import select

from facilitator.domain.ids import MemberId, StoryId, TeamId
from facilitator.domain.model import StoryType
from facilitator.ops.backlog import create_story, move_story, move_to_top
from facilitator.ops.changes import ActionContext
from facilitator.ops.story_editing import add_criterion, update_story
from facilitator.store.db import target_from
from facilitator.store.migrate import open_store
from facilitator.store.models import MemberRow, StoryRow, TeamRow

NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)


def say(*fields: object) -> None:
    """One line on stdout, flushed at once (the test reads it through a pipe)."""
    sys.stdout.write("\t".join(str(f) for f in fields) + "\n")
    sys.stdout.flush()


def work(db: Path, seed: int) -> None:
    """Act on ``db`` forever (until killed), choosing actions with ``random.Random(seed)``."""
    rng = random.Random(seed)
    store = open_store(target_from(db))
    with store.session() as session:
        team = TeamId(session.scalars(select(TeamRow.id).order_by(TeamRow.id)).first() or 0)
        ids = [
            StoryId(i) for i in session.scalars(select(StoryRow.id).where(StoryRow.team_id == team))
        ]
        author = MemberId(
            session.scalars(select(MemberRow.id).where(MemberRow.team_id == team)).first() or 0
        )
    say("ready", os.getpid())
    n = 0
    while True:
        n += 1
        tag = f"{seed}.{n}"
        roll = rng.random()
        story = rng.choice(ids)
        if roll < 0.15 or len(ids) < 3:
            title = f"Killed story {tag}"
            say("begin", "create", title)
            made = create_story(store, ActionContext(NOW, team), title, StoryType.STORY).created
            ids.append(StoryId(made or 0))
            say("ack", ids[-1])
        elif roll < 0.35:
            title = f"Edited title {tag}"
            say("begin", "edit", story, title)
            update_story(
                store,
                ActionContext(NOW, team),
                story,
                title=title,
                description=f"edit {tag}",
                kind=StoryType.STORY,
            )
            say("ack")
        elif roll < 0.5:
            text = f"Given kill {tag}, then nothing acknowledged is lost"
            say("begin", "criterion", story, text)
            add_criterion(store, ActionContext(NOW), story, text, author)
            say("ack")
        elif roll < 0.9:
            anchor = rng.choice([i for i in ids if i != story])
            where = "before" if rng.random() < 0.5 else "after"
            say("begin", where, story, anchor)
            if where == "before":
                move_story(store, ActionContext(NOW, team), story, before=anchor)
            else:
                move_story(store, ActionContext(NOW, team), story, after=anchor)
            say("ack")
        else:
            say("begin", "top", story)
            move_to_top(store, ActionContext(NOW, team), story)
            say("ack")


def serve(db: Path) -> None:
    """Fork a worker on ``db`` for each ``go SEED`` line; report ``dead <status>`` when it dies."""
    say("serving")
    for line in sys.stdin:
        seed = int(line.split()[1])
        pid = os.fork()
        if pid == 0:
            try:
                work(db, seed)
            finally:
                os._exit(70)  # never back into the parent's loop
        _, status = os.waitpid(pid, 0)
        say("dead", status)


if __name__ == "__main__":
    serve(Path(sys.argv[1]))
