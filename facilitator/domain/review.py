"""Sprint review (rule 5): every story demoed against its criteria and the Definition of Done.

The review walks every story of the sprint — the frozen forecast first, then those added
mid-sprint. Each acceptance criterion is marked passed or failed and each Definition-of-Done item
held or not. A story is Done only if every criterion passed and every item holds (there is no
override); a story with no acceptance criterion has nothing to demo and is not Done. A story
that is not Done goes back to the top of the backlog with the reason in words. Stakeholders'
questions and feedback are captured, and a feedback becomes a new backlog story draft. Closing
is refused while a story is not walked, and fixes the sprint's delivery figures from the Done
decisions (see :mod:`facilitator.domain.delivery`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from facilitator.domain.delivery import Defect, Delivery, Deployment, delivery_of
from facilitator.domain.ids import CriterionId, StoryId
from facilitator.domain.overlap import plural
from facilitator.domain.planning import AddedMidSprint, Planning, Snapshot
from facilitator.domain.review_rules import (
    AcceptanceCriterion,
    Returned,
    SprintStory,
    StakeholderNote,
    StoryDemo,
    Verdict,
    check_definition_of_done,
    story_verdict,
)
from facilitator.domain.signed import Signed
from facilitator.errors import RuleViolation


@dataclass(frozen=True, slots=True)
class Closing:
    """What closing the review fixed: who closed it, the figures, the stories sent back."""

    signed: Signed
    delivery: Delivery
    returned: tuple[Returned, ...]


@dataclass(frozen=True, slots=True)
class Review:
    """The review of one sprint as it stands.

    Attributes:
        sprint: the sprint's name.
        stories: every story of the sprint, forecast first (in the snapshot's order), then added.
        definition_of_done: the team's Definition of Done at the review.
        demos: the marks given so far, one per story walked at least in part.
        notes: stakeholders' questions and feedback, in the order captured.
        deployments: production deployments of the sprint.
        defects: defects found in the sprint or escaped to production.
        closing: what closing fixed, once closed.
    """

    sprint: str
    stories: tuple[SprintStory, ...]
    definition_of_done: tuple[str, ...]
    demos: tuple[StoryDemo, ...] = ()
    notes: tuple[StakeholderNote, ...] = ()
    deployments: tuple[Deployment, ...] = ()
    defects: tuple[Defect, ...] = ()
    closing: Closing | None = None

    @classmethod
    def of(
        cls,
        snapshot: Snapshot,
        added: Sequence[AddedMidSprint],
        criteria: Mapping[StoryId, Sequence[AcceptanceCriterion]],
        definition_of_done: Sequence[str],
    ) -> Review:
        """The review of the sprint ``snapshot`` froze, with the stories added after it.

        Args:
            snapshot: the frozen forecast (its points are the committed ones).
            added: stories added mid-sprint.
            criteria: each story's acceptance criteria (a story missing here has none).
            definition_of_done: the team's Definition of Done.

        Raises:
            InputError: the Definition of Done is empty or has a blank or repeated item.
        """
        dod = check_definition_of_done(definition_of_done)
        forecast = tuple(
            SprintStory(s.story_id, s.key, s.title, s.points, tuple(criteria.get(s.story_id, ())))
            for s in snapshot.stories
        )
        later = tuple(
            SprintStory(
                a.story_id, a.key, a.title, a.points, tuple(criteria.get(a.story_id, ())), True
            )
            for a in added
            if a.key not in snapshot.keys
        )
        return cls(snapshot.sprint, (*forecast, *later), dod)

    @classmethod
    def of_planning(
        cls,
        planning: Planning,
        criteria: Mapping[StoryId, Sequence[AcceptanceCriterion]],
        definition_of_done: Sequence[str],
    ) -> Review:
        """The review of a planned sprint: its first snapshot, then every story added after it.

        Stories pulled after a reopening count as added, like those added mid-sprint (see
        :meth:`Planning.added_keys`).

        Raises:
            InputError: the Definition of Done is empty or has a blank or repeated item.
            RuleViolation: planning never closed, so there is no forecast to review.
        """
        first = planning.snapshot
        if first is None:
            raise RuleViolation(f"Planning of {planning.sprint} never closed: nothing to review")
        later = tuple(
            AddedMidSprint(e.story_id, e.key, e.title, e.points, e.pulled)
            for e in planning.forecast.entries
            if e.key not in first.keys
        )
        return cls.of(first, (*later, *planning.added_mid_sprint), criteria, definition_of_done)

    @property
    def queue(self) -> tuple[StoryId, ...]:
        """The stories in walking order, for the ceremony run's queue."""
        return tuple(s.story_id for s in self.stories)

    @property
    def closed(self) -> bool:
        """Whether the review is closed (its figures are fixed)."""
        return self.closing is not None

    def story(self, key: str) -> SprintStory:
        """The sprint story ``key``.

        Raises:
            RuleViolation: ``key`` is not a story of this sprint.
        """
        found = next((s for s in self.stories if s.key == key), None)
        if found is None:
            raise RuleViolation(f"{key} is not a story of {self.sprint}")
        return found

    def demo(self, key: str) -> StoryDemo:
        """The marks given to ``key`` so far (none yet is an empty demo)."""
        return next((d for d in self.demos if d.key == key), StoryDemo(key))

    def walked(self, key: str) -> bool:
        """Whether every criterion and every DoD item of ``key`` is marked."""
        story = self.story(key)
        demo = self.demo(key)
        marked = {c for c, _ in demo.criteria}
        held = {item for item, _ in demo.dod}
        return all(c.criterion_id in marked for c in story.criteria) and all(
            item in held for item in self.definition_of_done
        )

    def not_walked(self) -> tuple[str, ...]:
        """Keys of the stories not fully walked, in walking order."""
        return tuple(s.key for s in self.stories if not self.walked(s.key))

    def verdict(self, key: str) -> Verdict | None:
        """The Done decision of ``key`` once walked, else None."""
        if not self.walked(key):
            return None
        story = self.story(key)
        demo = self.demo(key)
        passed = dict(demo.criteria)
        held = dict(demo.dod)
        return story_verdict(
            [(c.text, passed[c.criterion_id]) for c in story.criteria],
            [(item, held[item]) for item in self.definition_of_done],
        )

    def _open(self, what: str) -> None:
        if self.closed:
            raise RuleViolation(f"{what}: the review of {self.sprint} is closed")

    def _with_demo(self, demo: StoryDemo) -> Review:
        others = tuple(d for d in self.demos if d.key != demo.key)
        return replace(self, demos=(*others, demo))

    def mark_criterion(self, key: str, criterion_id: CriterionId, passed: bool) -> Review:
        """Mark one acceptance criterion of ``key`` as passed or failed (again replaces it).

        Raises:
            RuleViolation: the review is closed, or the story or criterion is not in it.
        """
        self._open(f"{key} cannot be marked")
        story = self.story(key)
        if all(c.criterion_id != criterion_id for c in story.criteria):
            raise RuleViolation(f"{key} has no acceptance criterion number {criterion_id}")
        demo = self.demo(key)
        marks = tuple((c, p) for c, p in demo.criteria if c != criterion_id)
        return self._with_demo(replace(demo, criteria=(*marks, (criterion_id, passed))))

    def mark_dod(self, key: str, item: str, holds: bool) -> Review:
        """Tick (or untick) a Definition-of-Done item for ``key`` (again replaces it).

        Raises:
            RuleViolation: the review is closed, the story is not in it, or ``item`` is not in
                the team's Definition of Done.
        """
        self._open(f"{key} cannot be marked")
        self.story(key)
        if item not in self.definition_of_done:
            raise RuleViolation(
                f"“{item}” is not in the Definition of Done ({', '.join(self.definition_of_done)})"
            )
        demo = self.demo(key)
        marks = tuple((i, h) for i, h in demo.dod if i != item)
        return self._with_demo(replace(demo, dod=(*marks, (item, holds))))

    def capture(self, note: StakeholderNote) -> Review:
        """Capture a stakeholder's question or feedback.

        Raises:
            RuleViolation: the review is closed, or the note names a story not in the sprint.
        """
        self._open("Nothing more can be captured")
        if note.story_key is not None:
            self.story(note.story_key)
        return replace(self, notes=(*self.notes, note))

    def record_deployment(self, deployment: Deployment) -> Review:
        """Record a production deployment of the sprint.

        Raises:
            RuleViolation: the review is closed.
        """
        self._open("The deployment cannot be recorded")
        return replace(self, deployments=(*self.deployments, deployment))

    def record_defect(self, defect: Defect) -> Review:
        """Record a defect found in the sprint or escaped to production.

        Raises:
            RuleViolation: the review is closed.
        """
        self._open("The defect cannot be recorded")
        return replace(self, defects=(*self.defects, defect))

    def missing_to_close(self) -> tuple[str, ...]:
        """What stops the review from closing, in words; empty when it can close."""
        missing: list[str] = []
        for key in self.not_walked():
            story = self.story(key)
            demo = self.demo(key)
            marked = {c for c, _ in demo.criteria}
            held = {i for i, _ in demo.dod}
            open_criteria = sum(1 for c in story.criteria if c.criterion_id not in marked)
            open_items = [i for i in self.definition_of_done if i not in held]
            parts = []
            if open_criteria:
                parts.append(
                    f"{open_criteria} acceptance criteri{'on' if open_criteria == 1 else 'a'}"
                )
            if open_items:
                parts.append("DoD " + ", ".join(open_items))
            missing.append(f"walk {key} ({' and '.join(parts)} not marked)")
        return tuple(missing)

    def close(self, signed: Signed) -> Review:
        """Close the review: fix the delivery figures and send every story not Done back.

        Raises:
            RuleViolation: the review is already closed, or a story is not walked (the message
                names each).
        """
        self._open("It cannot close again")
        missing = self.missing_to_close()
        if missing:
            raise RuleViolation("The review cannot close yet: " + "; ".join(missing))
        verdicts = {s.key: self.verdict(s.key) for s in self.stories}
        done = {key for key, v in verdicts.items() if v is not None and v.done}
        returned = tuple(
            Returned(s.story_id, s.key, v.reason())
            for s in self.stories
            if (v := verdicts[s.key]) is not None and not v.done
        )
        delivery = delivery_of(self.stories, done, self.deployments, self.defects)
        return replace(self, closing=Closing(signed, delivery, returned))


def walk_words(sprint: str, held: int, added: int) -> str:
    """What a review of ``sprint`` will walk, for the room before it opens: ``Sprint 201: 9
    stories to walk, 8 forecast and 1 added mid-sprint`` (or that there is nothing to walk)."""
    if held == 0:
        return f"Nothing to review: {sprint} holds no story"
    stories = plural(held, "story", "stories")
    if added == 0:
        return f"{sprint}: {stories} to walk, all of them forecast"
    return f"{sprint}: {stories} to walk, {held - added} forecast and {added} added mid-sprint"
