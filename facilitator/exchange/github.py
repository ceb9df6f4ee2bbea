"""GitHub issues as JSON: ``gh issue list --json …`` output and the REST API's issue objects.

``gh`` writes ``number, title, body, labels[{name}], state (OPEN|CLOSED), milestone{title},
createdAt, closedAt``; the REST API writes ``created_at``/``closed_at``, lower-case states and a
``pull_request`` key on pull requests (skipped). The estimate comes from a label matching a
pattern the user can set; by default ``points: 3`` and ``sp-5``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import BinaryIO

from facilitator.domain.model import StoryStatus, StoryType
from facilitator.errors import ImportFileError
from facilitator.exchange.reading import json_array, text_lines
from facilitator.exchange.records import (
    Record,
    Skipped,
    criteria_in,
    date_of,
    estimate_of,
    story,
)

DEFAULT_POINTS_LABEL = r"(?:points?\s*:\s*|sp-)(\S+)"
"""Labels ``points: 3``, ``point:2``, ``sp-5`` (case-insensitive); group 1 is the number."""
KEY_PREFIX = "GH-"
_TYPE_LABELS = {"bug": StoryType.BUG, "chore": StoryType.CHORE, "spike": StoryType.SPIKE}


def points_pattern(text: str) -> re.Pattern[str]:
    """A label pattern with one group for the number, matched against the whole label.

    Raises:
        ImportFileError: not a regular expression, or without a group.
    """
    try:
        pattern = re.compile(text, re.IGNORECASE)
    except re.error as err:
        raise ImportFileError("--points-label", None, f"not a regular expression: {err}") from None
    if pattern.groups < 1:
        raise ImportFileError("--points-label", None, "needs a group (…) around the number")
    return pattern


def read_github(
    stream: BinaryIO,
    name: str,
    encoding: str | None = None,
    points_label: str = DEFAULT_POINTS_LABEL,
) -> Iterator[Record]:
    """Each issue of a JSON array as a story (pull requests skipped), in file order.

    Raises:
        ImportFileError: not a JSON array of issue objects, or an issue that breaks a rule.
    """
    pattern = points_pattern(points_label)
    for line, item in json_array(text_lines(stream, name, encoding), name):
        if not isinstance(item, Mapping):
            raise ImportFileError(name, line, "each element must be an issue object {…}")
        yield _issue(item, pattern, name, line)


def _issue(item: Mapping[str, object], pattern: re.Pattern[str], name: str, line: int) -> Record:
    number = item.get("number")
    if not isinstance(number, int) or isinstance(number, bool):
        raise ImportFileError(name, line, "an issue without a whole 'number'")
    key = f"{KEY_PREFIX}{number}"
    if "pull_request" in item:
        return Skipped(line, key, "a pull request is not a backlog item")
    title = item.get("title")
    if not isinstance(title, str):
        raise ImportFileError(name, line, f"issue #{number} has no 'title' text")
    body = item.get("body") or ""
    if not isinstance(body, str):
        raise ImportFileError(name, line, f"issue #{number}: 'body' must be text")
    labels = _labels(item.get("labels"), name, line, number)
    estimate = None
    for label in labels:
        match = pattern.fullmatch(label)
        if match:
            estimate = estimate_of(match.group(1), name, line, f"label {label!r}")
            break
    kind = next(
        (_TYPE_LABELS[label.casefold()] for label in labels if label.casefold() in _TYPE_LABELS),
        StoryType.STORY,
    )
    state = str(item.get("state") or "open").casefold()
    status = StoryStatus.DONE if state == "closed" else StoryStatus.NEW
    created = item.get("createdAt", item.get("created_at"))
    return story(
        name,
        line,
        key=key,
        title=title,
        description=body,
        kind=kind.value,
        status=status.value,
        estimate=estimate,
        criteria=criteria_in(body),
        created=date_of(created, name, line, "createdAt") if isinstance(created, str) else None,
    )


def _labels(value: object, name: str, line: int, number: int) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ImportFileError(name, line, f"issue #{number}: 'labels' must be a list")
    out: list[str] = []
    for label in value:
        text = label.get("name") if isinstance(label, Mapping) else label
        if not isinstance(text, str):
            raise ImportFileError(name, line, f"issue #{number}: a label without a name")
        out.append(text.strip())
    return out
