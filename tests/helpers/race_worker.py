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
        return edit.update_story(store, story, **fields, now=NOW, read_version=command["version"])
    team = TeamId(command["team"])
    if op == "move_after":
        return move_story(store, team, story, after=StoryId(command["anchor"])).rank
    if op == "move_top":
        return move_to_top(store, team, story).rank
    raise ValueError(op)


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
