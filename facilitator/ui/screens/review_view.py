"""What the review screen and the room window show, in words, from a :class:`ReviewView`
(pure functions of the committed review; no widget reads state back)."""

from __future__ import annotations

from dataclasses import dataclass

from facilitator.domain.review import Review
from facilitator.domain.review_rules import NoteKind, SprintStory
from facilitator.ops.review import ReviewView
from facilitator.store.review_repository import NoteRecord
from facilitator.ui.screens.timebox_screen import RoomView

PASSED, FAILED, OPEN = "✓", "✗", "·"


@dataclass(frozen=True, slots=True)
class MarkLine:
    """One line of the stage: a criterion or a DoD item, with what acting on it marks."""

    text: str
    criterion_id: int | None = None  # a criterion's id, else a DoD item
    item: str = ""

    @property
    def marked(self) -> bool:
        """Whether the line was passed or failed already."""
        return not self.text.startswith(OPEN)

    @property
    def name(self) -> str:
        """What the line is, in a few words: ``criterion 2`` or ``DoD: Tested``."""
        if self.criterion_id is None:
            return f"DoD: {self.item}"
        number = self.text.partition(" ")[2].partition(".")[0]
        return f"criterion {number}"


def _sign(mark: bool | None) -> str:
    return OPEN if mark is None else (PASSED if mark else FAILED)


def mark_lines(review: Review, story: SprintStory) -> tuple[MarkLine, ...]:
    """The story's criteria (numbered) then the Definition of Done, each with its mark."""
    demo = review.demo(story.key)
    passed, held = dict(demo.criteria), dict(demo.dod)
    lines = [
        MarkLine(f"{_sign(passed.get(c.criterion_id))} {n}. {c.text}", int(c.criterion_id))
        for n, c in enumerate(story.criteria, start=1)
    ]
    lines += [
        MarkLine(f"{_sign(held.get(item))} DoD: {item}", None, item)
        for item in review.definition_of_done
    ]
    return tuple(lines)


def verdict_words(review: Review, story: SprintStory) -> str:
    """``Verdict: Done``, ``Verdict: Not done: failed “…”`` or what is still to mark."""
    verdict = review.verdict(story.key)
    if verdict is not None:
        return "Verdict: Done" if verdict.done else f"Verdict: Not done: {verdict.reason()}"
    demo = review.demo(story.key)
    criteria = len(story.criteria) - len(demo.criteria)
    items = len(review.definition_of_done) - len(demo.dod)
    parts = [f"{criteria} criteri{'on' if criteria == 1 else 'a'}"] if criteria else []
    parts += [f"{items} DoD item{'' if items == 1 else 's'}"] if items else []
    if not story.criteria:
        parts.append("no criterion to demo: it cannot be Done")
    return "Verdict: not walked yet: mark " + " and ".join(parts)


def notes_words(notes: tuple[NoteRecord, ...]) -> str:
    """``2 questions · 1 feedback (PAYM-7 made of it)`` or an empty text."""
    if not notes:
        return ""
    questions = sum(1 for n in notes if n.note.kind is NoteKind.QUESTION)
    feedback = len(notes) - questions
    made = [n.story_key for n in notes if n.story_key]
    stories = f" ({', '.join(made)} made of it)" if made else ""
    q = f"{questions} question{'' if questions == 1 else 's'}"
    return f"{q} · {feedback} feedback{stories}"


def note_line(record: NoteRecord) -> str:
    """One captured note for the list: kind, text, who, and the story it became."""
    note = record.note
    who = f" ({note.by})" if note.by else ""
    about = f" about {note.story_key}" if note.story_key else ""
    made = f" → {record.story_key}" if record.story_key else ""
    return f"{note.kind.value.capitalize()}{about}: {note.text}{who}{made}"


def facts_words(review: Review) -> str:
    """``1 deployment · defects: 1 found in the sprint, 0 escaped to production``."""
    found = sum(1 for d in review.defects if d.kind.value == "found_in_sprint")
    escaped = len(review.defects) - found
    deployments = len(review.deployments)
    return (
        f"{deployments} deployment{'' if deployments == 1 else 's'} · defects: "
        f"{found} found in the sprint, {escaped} escaped to production"
    )


@dataclass(frozen=True, slots=True)
class Stage:
    """The stage's texts: progress, title, lines, verdict, notes."""

    progress: str
    title: str
    lines: tuple[MarkLine, ...]
    verdict: str
    notes: str
    closed: bool = False
    idle: bool = False  # no review open: ``notes`` says what the next one will walk


def stage_of(view: ReviewView) -> Stage:
    """The stage for the story on it, or the closing once the review is closed."""
    review = view.review
    notes = notes_words(view.notes)
    if review.closing is not None:
        returned = tuple(MarkLine(r.words()) for r in review.closing.returned)
        back = {r.key for r in review.closing.returned}
        done = sum(1 for s in review.stories if s.key not in back)
        return Stage(
            f"REVIEW · {review.sprint} · closed",
            f"Review of {review.sprint} closed: {done} of {len(review.stories)} stories Done",
            returned or (MarkLine("Every story is Done"),),
            review.closing.delivery.line(),
            notes,
            closed=True,
        )
    key = view.story_key
    story = review.story(key) if key else None
    if story is None:
        return Stage(f"REVIEW · {review.sprint}", "", (), "", notes)
    added = " (added mid-sprint)" if story.added else ""
    return Stage(
        f"REVIEW · {review.sprint} · {view.run.progress()}",
        f"{story.key}  {story.title}{added}",
        mark_lines(review, story),
        verdict_words(review, story),
        notes,
    )


def room_view_of(stage: Stage) -> RoomView:
    """The room window's view of the stage: the criteria and DoD apart, the verdict below."""
    if stage.idle:
        return RoomView(stage.progress, stage.title, (), stage.notes)
    if stage.closed:
        lines = tuple(m.text for m in stage.lines)
        return RoomView(
            stage.progress, stage.title, (("Back to the backlog", lines),), stage.verdict
        )
    criteria = tuple(m.text for m in stage.lines if m.criterion_id is not None)
    dod = tuple(m.text for m in stage.lines if m.criterion_id is None)
    sections: tuple[tuple[str, tuple[str, ...]], ...] = (
        ("Acceptance criteria", criteria),
        ("Definition of Done", dod),
    )
    if not criteria:
        sections = (("", dod),)
    return RoomView(stage.progress, stage.title, sections, stage.verdict)
