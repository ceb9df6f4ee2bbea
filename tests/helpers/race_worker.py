"""A second program for the concurrency tests: runs one store op per JSON line read on stdin.

Started as ``python -m tests.helpers.race_worker URL`` from the repository root; answers each
line with one JSON line: ``{"ok": …}`` or ``{"refused": "message"}``.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from typing import Any

from facilitator.domain.ids import StoryId, TeamId
from facilitator.errors import FacilitatorError
from facilitator.ops import story_editing as edit
from facilitator.ops.backlog import move_story, move_to_top
from facilitator.ops.changes import ActionContext
from facilitator.store.backlog_repository import BacklogRepository
from facilitator.store.db import Store, target_from
from facilitator.store.migrate import open_store

NOW = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)


def run(store: Store, command: dict[str, Any]) -> Any:
    """Do one command and return its result (raises FacilitatorError when refused)."""
    op = command["op"]
    story = StoryId(command.get("story", 0))
    if op == "read":
        return edit.story_fields(store, story).version
    if op == "save":
        fields = {k: command[k] for k in ("title", "description") if k in command}
        ctx = ActionContext(NOW)
        edit.update_story(store, ctx, story, **fields, read_version=command["version"])
        return edit.story_fields(store, story).version
    team = TeamId(command["team"])
    ctx = ActionContext(NOW, team)
    if op == "move_after":
        move_story(store, ctx, story, after=StoryId(command["anchor"]))
        return _rank(store, story)
    if op == "move_top":
        move_to_top(store, ctx, story)
        return _rank(store, story)
    raise ValueError(op)


def _rank(store: Store, story: StoryId) -> int:
    with store.session() as session:
        return BacklogRepository(session).rank_of(story)


def main() -> None:
    """Serve commands until stdin closes."""
    store = open_store(target_from(sys.argv[1]), upgrade=False)
    print(json.dumps({"ok": "ready"}), flush=True)
    for line in sys.stdin:
        try:
            answer = {"ok": run(store, json.loads(line))}
        except FacilitatorError as err:
            answer = {"refused": str(err)}
        print(json.dumps(answer), flush=True)
    store.close()


if __name__ == "__main__":
    main()
