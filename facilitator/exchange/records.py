"""What an import yields: a story as read from a file, or a row skipped with the reason.

Shared by every format: the mapping of foreign statuses and issue types to the app's, numbers
read as estimates, dates in Jira's and ISO forms, and acceptance criteria found in a description.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

from facilitator.domain.model import StoryStatus, StoryType
from facilitator.domain.text_rules import (
    CRITERION,
    STORY_DESCRIPTION,
    STORY_TITLE,
    TextRule,
    check_text,
)
from facilitator.errors import ImportFileError, InputError

KEY_LIMIT = 32  # story.key


@dataclass(frozen=True, slots=True)
class ImportedStory:
    """One story as a file describes it (already checked against the app's rules)."""

    line: int
    key: str
    title: str
    description: str = ""
    type: str = StoryType.STORY.value
    status: str = StoryStatus.NEW.value
    estimate: float | None = None
    criteria: tuple[str, ...] = ()
    created: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class Skipped:
    """A row that is not a backlog item (an epic, a pull request), with why."""

    line: int
    key: str
    reason: str


Record = ImportedStory | Skipped

_STATUS_WORDS: dict[str, StoryStatus] = {
    **dict.fromkeys(
        ("to do", "todo", "open", "new", "backlog", "reopened", "selected for development"),
        StoryStatus.NEW,
    ),
    **dict.fromkeys(
        ("refined", "ready", "ready for development", "ready for dev", "groomed"),
        StoryStatus.REFINED,
    ),
    **dict.fromkeys(
        (
            "in progress",
            "in review",
            "code review",
            "review",
            "testing",
            "in testing",
            "qa",
            "blocked",
            "in_sprint",
            "in sprint",
        ),
        StoryStatus.IN_SPRINT,
    ),
    **dict.fromkeys(
        ("done", "closed", "resolved", "released", "won't do", "wont do", "completed"),
        StoryStatus.DONE,
    ),
}
_TYPE_WORDS: dict[str, StoryType] = {
    **dict.fromkeys(("story", "user story", "feature", "improvement"), StoryType.STORY),
    **dict.fromkeys(("bug", "defect", "incident"), StoryType.BUG),
    **dict.fromkeys(("task", "sub-task", "subtask", "chore", "technical debt"), StoryType.CHORE),
    **dict.fromkeys(("spike", "research"), StoryType.SPIKE),
}
CONTAINER_TYPES = frozenset({"epic", "initiative"})
_JIRA_DATES = ("%d/%b/%y %I:%M %p", "%d/%b/%Y %I:%M %p", "%d/%b/%y %H:%M", "%d/%b/%y")
_CHECKBOX = re.compile(r"^\s*(?:[-*#]\s*)?\[[ xX✓]?\]\s*(\S.*)$")
_BULLET = re.compile(r"^\s*(?:[-*#•]|\d+[.)])\s+(\S.*)$")
_CRITERIA_HEADING = re.compile(r"^\s*(?:h\d\.\s*|#+\s*|\*)?acceptance criteria\*?\s*:?\s*$", re.I)


def status_of(text: str, fallback: str = "") -> str:
    """The app's status for a foreign status (or its category), ``new`` when unknown."""
    for word in (text, fallback):
        found = _STATUS_WORDS.get(" ".join(word.split()).casefold())
        if found is not None:
            return found.value
    return StoryStatus.NEW.value


def type_of(text: str) -> str:
    """The app's story type for a foreign issue type, ``story`` when unknown."""
    return _TYPE_WORDS.get(" ".join(text.split()).casefold(), StoryType.STORY).value


def estimate_of(text: str, file: str, line: int, column: str) -> float | None:
    """A story-point estimate from a cell: empty is None, else a number ≥ 0.

    Raises:
        ImportFileError: not a number, negative, or not finite.
    """
    value = text.strip().replace(",", ".") if text.count(",") == 1 and "." not in text else text
    value = value.strip()
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        raise ImportFileError(file, line, f"{column}: {text.strip()!r} is not a number") from None
    if not math.isfinite(number) or number < 0:
        raise ImportFileError(file, line, f"{column}: {text.strip()!r} is not an estimate ≥ 0")
    return number


def date_of(text: str, file: str, line: int, column: str) -> dt.datetime | None:
    """A timestamp in Jira's form (``12/Mar/24 3:04 PM``) or ISO 8601, as UTC; empty is None.

    Jira writes local times without a zone; they are taken as UTC.

    Raises:
        ImportFileError: a date in neither form.
    """
    value = text.strip()
    if not value:
        return None
    for pattern in _JIRA_DATES:
        try:
            return dt.datetime.strptime(value, pattern).replace(tzinfo=dt.UTC)
        except ValueError:
            continue
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ImportFileError(
            file, line, f"{column}: {value!r} is not a date (expected e.g. 12/Mar/24 3:04 PM)"
        ) from None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=dt.UTC)
    return parsed.astimezone(dt.UTC)


def criteria_in(description: str) -> tuple[str, ...]:
    """Acceptance criteria written in a description: checkbox lines anywhere, else the bullets
    under an "Acceptance criteria" heading (up to the next blank line or heading)."""
    lines = description.replace("\r\n", "\n").split("\n")
    boxes = [m.group(1).strip() for m in map(_CHECKBOX.match, lines) if m]
    if boxes:
        return tuple(boxes)
    found: list[str] = []
    inside = False
    for text in lines:
        if _CRITERIA_HEADING.match(text):
            inside = True
            continue
        if not inside:
            continue
        bullet = _BULLET.match(text)
        if bullet:
            found.append(bullet.group(1).strip())
        elif found or text.strip():
            break
    return tuple(found)


def criteria_cell(text: str) -> tuple[str, ...]:
    """Criteria from a dedicated field: one per line, bullets and checkboxes stripped."""
    out: list[str] = []
    for raw in text.replace("\r\n", "\n").split("\n"):
        match = _CHECKBOX.match(raw) or _BULLET.match(raw)
        value = (match.group(1) if match else raw).strip()
        if value:
            out.append(value)
    return tuple(out)


def checked(value: str, rule: TextRule, file: str, line: int) -> str:
    """``value`` under a text rule, the refusal naming the file and line.

    Raises:
        ImportFileError: the value breaks the rule.
    """
    try:
        return check_text(value, rule)
    except InputError as err:
        raise ImportFileError(file, line, str(err)) from None


def story(
    file: str,
    line: int,
    key: str,
    title: str,
    description: str = "",
    kind: str = StoryType.STORY.value,
    status: str = StoryStatus.NEW.value,
    estimate: float | None = None,
    criteria: tuple[str, ...] = (),
    created: dt.datetime | None = None,
) -> ImportedStory:
    """A checked :class:`ImportedStory`.

    Raises:
        ImportFileError: an empty or over-long key, title or description.
    """
    key = key.strip()
    if not key:
        raise ImportFileError(file, line, "the key is empty")
    if len(key) > KEY_LIMIT or any(c.isspace() for c in key):
        raise ImportFileError(
            file, line, f"key {key[:40]!r} is not a key (no spaces, at most {KEY_LIMIT} characters)"
        )
    return ImportedStory(
        line=line,
        key=key,
        title=checked(title, STORY_TITLE, file, line),
        description=checked(description, STORY_DESCRIPTION, file, line),
        type=kind,
        status=status,
        estimate=estimate,
        criteria=tuple(checked(c, CRITERION, file, line) for c in criteria),
        created=created,
    )
