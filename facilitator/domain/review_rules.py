"""The review's values and its Done rule: all criteria passed and every DoD item held, no override.

Kept apart from :mod:`facilitator.domain.review` (the walk) so the rule reads on its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from facilitator.domain.ids import CriterionId, StoryId
from facilitator.domain.ranking import RANK_STEP
from facilitator.errors import InputError

NO_CRITERIA = "it has no acceptance criterion to demo"


@dataclass(frozen=True, slots=True)
class AcceptanceCriterion:
    """One acceptance criterion of a story, as demoed."""

    criterion_id: CriterionId
    text: str


@dataclass(frozen=True, slots=True)
class SprintStory:
    """A story of the sprint as the review walks it.

    Attributes:
        story_id: the story.
        key: its key.
        title: its title.
        points: committed points (the snapshot's for forecast stories); None if never estimated.
        criteria: its acceptance criteria.
        added: whether it was added mid-sprint (counted apart from the forecast).
    """

    story_id: StoryId
    key: str
    title: str
    points: float | None
    criteria: tuple[AcceptanceCriterion, ...]
    added: bool = False


@dataclass(frozen=True, slots=True)
class StoryDemo:
    """The marks given to one story: each criterion passed or failed, each DoD item held or not."""

    key: str
    criteria: tuple[tuple[CriterionId, bool], ...] = ()
    dod: tuple[tuple[str, bool], ...] = ()


@dataclass(frozen=True, slots=True)
class Verdict:
    """The Done decision of one walked story, and what failed.

    Attributes:
        failed_criteria: texts of the acceptance criteria that failed.
        failed_dod: Definition-of-Done items that do not hold.
        no_criteria: whether the story has no acceptance criterion at all.
    """

    failed_criteria: tuple[str, ...] = ()
    failed_dod: tuple[str, ...] = ()
    no_criteria: bool = False

    @property
    def done(self) -> bool:
        """Done only if nothing failed."""
        return not (self.failed_criteria or self.failed_dod or self.no_criteria)

    def reason(self) -> str:
        """Why the story is not Done, in words (empty when Done).

        E.g. ``failed “Pays in euros”; Definition of Done not met: Documented``.
        """
        parts: list[str] = []
        if self.no_criteria:
            parts.append(NO_CRITERIA)
        if self.failed_criteria:
            parts.append("failed " + ", ".join(f"“{c}”" for c in self.failed_criteria))
        if self.failed_dod:
            parts.append("Definition of Done not met: " + ", ".join(self.failed_dod))
        return "; ".join(parts)


def story_verdict(criteria: Sequence[tuple[str, bool]], dod: Sequence[tuple[str, bool]]) -> Verdict:
    """The Done rule: Done ⇔ there are criteria, every one passed, and every DoD item holds.

    Args:
        criteria: (criterion text, passed) for every acceptance criterion of the story.
        dod: (item, holds) for every item of the team's Definition of Done.

    Returns:
        The verdict, naming each failure.
    """
    return Verdict(
        tuple(text for text, passed in criteria if not passed),
        tuple(item for item, holds in dod if not holds),
        not criteria,
    )


def check_definition_of_done(items: Sequence[str]) -> tuple[str, ...]:
    """The team's Definition of Done, trimmed.

    Raises:
        InputError: it is empty, or an item is blank or repeated.
    """
    cleaned = tuple(item.strip() for item in items)
    if not cleaned:
        raise InputError("Definition of Done: list at least one item, e.g. “Tested”")
    if any(not item for item in cleaned):
        raise InputError("Definition of Done: an item is blank; write it or remove it")
    seen: set[str] = set()
    for item in cleaned:
        if item.casefold() in seen:
            raise InputError(f"Definition of Done: “{item}” is listed twice")
        seen.add(item.casefold())
    return cleaned


@dataclass(frozen=True, slots=True)
class Returned:
    """A story not Done, going back to the top of the backlog, and why."""

    story_id: StoryId
    key: str
    reason: str

    def words(self) -> str:
        """``PAY-3 back to the top of the backlog: failed “Pays in euros”``."""
        return f"{self.key} back to the top of the backlog: {self.reason}"


def back_to_top(
    returned: Sequence[Returned], top_rank: int | None
) -> tuple[tuple[StoryId, int], ...]:
    """Ranks that put ``returned`` at the top of the backlog, in walking order.

    Args:
        returned: the stories not Done.
        top_rank: the rank of the backlog's top story now (None for an empty backlog).

    Returns:
        (story, rank) pairs, the first story highest, all above ``top_rank``, a full rank step
        apart so later moves between them write one row.
    """
    first = (0 if top_rank is None else top_rank) - len(returned) * RANK_STEP
    return tuple((r.story_id, first + i * RANK_STEP) for i, r in enumerate(returned))


class NoteKind(StrEnum):
    """What a stakeholder said at the review."""

    QUESTION = "question"
    FEEDBACK = "feedback"


@dataclass(frozen=True, slots=True)
class StakeholderNote:
    """A stakeholder's question or feedback captured at the review.

    Attributes:
        kind: question or feedback.
        text: what was said.
        by: who said it (a name: stakeholders need not be members).
        story_key: the story it is about, if any.

    Raises:
        InputError: the text is empty.
    """

    kind: NoteKind
    text: str
    by: str = ""
    story_key: str | None = None

    def __post_init__(self) -> None:
        if not self.text.strip():
            raise InputError(f"The {self.kind.value}: write what was said")


@dataclass(frozen=True, slots=True)
class StoryDraft:
    """A new backlog story drafted from review feedback."""

    title: str
    description: str


_TITLE_LIMIT = 80


def draft_story(note: StakeholderNote) -> StoryDraft:
    """A backlog story draft from a feedback (its first line, shortened, is the title).

    Raises:
        InputError: ``note`` is a question, not a feedback.
    """
    if note.kind is not NoteKind.FEEDBACK:
        raise InputError("Only a feedback becomes a backlog story; answer the question instead")
    text = note.text.strip()
    first = text.splitlines()[0].strip()
    title = first if len(first) <= _TITLE_LIMIT else first[: _TITLE_LIMIT - 1].rstrip() + "…"
    about = f" about {note.story_key}" if note.story_key else ""
    who = f" from {note.by.strip()}" if note.by.strip() else ""
    return StoryDraft(title, f"Review feedback{who}{about}: {text}")
