"""Repository of sprint reviews: the review of a run, its marks and notes, and the sprint's
deployments and defects, read back as the domain's values (:mod:`facilitator.domain.review`).

The Done decisions a closed review fixed are ``sprint_story.done`` / ``not_done_reason``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import case, delete, func, select, update
from sqlalchemy.orm import Session

from facilitator.domain.delivery import Defect, DefectKind, Deployment, delivery_of
from facilitator.domain.ids import CriterionId, MemberId, RunId, SprintId, StoryId
from facilitator.domain.review import Closing, Review
from facilitator.domain.review_rules import (
    AcceptanceCriterion,
    NoteKind,
    Returned,
    SprintStory,
    StakeholderNote,
    StoryDemo,
)
from facilitator.domain.signed import Signed
from facilitator.store.models import (
    CriterionRow,
    SprintRow,
    SprintStoryRow,
    StoryRow,
)
from facilitator.store.review_models import (
    CriterionMarkRow,
    DefectRow,
    DeploymentRow,
    DodMarkRow,
    ReviewNoteRow,
    ReviewRow,
)
from facilitator.store.snapshot_repository import SnapshotRepository

Facts = tuple[tuple[Deployment, ...], tuple[Defect, ...]]


@dataclass(frozen=True, slots=True)
class NoteRecord:
    """A captured note as stored: its id and the backlog story a feedback became (its key)."""

    note_id: int
    note: StakeholderNote
    story_key: str | None = None


def _keys(session: Session, story_ids: Iterable[int | None]) -> dict[int, str]:
    wanted = {i for i in story_ids if i is not None}
    if not wanted:
        return {}
    rows = session.execute(select(StoryRow.id, StoryRow.key).where(StoryRow.id.in_(wanted)))
    return {int(i): str(k) for i, k in rows}


def delivery_facts(session: Session, sprint_ids: Sequence[int]) -> dict[int, Facts]:
    """Each sprint's production deployments and defects, in the order recorded (every sprint
    asked for is present, with empty tuples when nothing was recorded)."""
    facts: dict[int, tuple[list[Deployment], list[Defect]]] = {int(s): ([], []) for s in sprint_ids}
    if not facts:
        return {}
    for row in session.scalars(
        select(DeploymentRow)
        .where(DeploymentRow.sprint_id.in_(facts))
        .order_by(DeploymentRow.at, DeploymentRow.id)
    ):
        facts[row.sprint_id][0].append(Deployment(row.at, row.what))
    defects = session.execute(
        select(DefectRow, StoryRow.key)
        .outerjoin(StoryRow, StoryRow.id == DefectRow.story_id)  # its story's key, same statement
        .where(DefectRow.sprint_id.in_(facts))
        .order_by(DefectRow.id)
    )
    for defect, key in defects:
        facts[defect.sprint_id][1].append(Defect(DefectKind(defect.kind), defect.description, key))
    return {s: (tuple(d), tuple(f)) for s, (d, f) in facts.items()}


def dod_skips(session: Session, team_id: int) -> tuple[int, int]:
    """How many stories were marked Done at the team's closed reviews, and how many of them
    skipped a Definition-of-Done item (one failed, or none was marked), counted in the
    database: one row back, not one per Done story. Each story's marks are probed by the
    primary key (run, story) rather than grouped: grouping sorted every mark (5 ms for 200
    reviews, half that probed)."""
    marks = (DodMarkRow.run_id == ReviewRow.run_id) & (
        DodMarkRow.story_id == SprintStoryRow.story_id
    )
    unmarked = ~select(DodMarkRow.item).where(marks).exists()
    failed = select(DodMarkRow.item).where(marks, DodMarkRow.holds.is_(False)).exists()
    skipped = case((unmarked | failed, 1), else_=0)
    total, skips = session.execute(
        select(func.count(), func.sum(skipped))
        .select_from(ReviewRow)
        .join(SprintRow, SprintRow.id == ReviewRow.sprint_id)
        .join(
            SprintStoryRow,
            (SprintStoryRow.sprint_id == ReviewRow.sprint_id) & SprintStoryRow.done.is_(True),
        )
        .where(SprintRow.team_id == team_id, ReviewRow.closed_at.is_not(None))
    ).one()
    return int(total), int(skips or 0)


class ReviewRepository:
    """Reviews of sprints, inside the caller's transaction."""

    def __init__(self, session: Session) -> None:
        """Work inside ``session`` (the caller commits)."""
        self.session = session

    # --- the review of a run ------------------------------------------------------------------
    def create(self, run_id: RunId, sprint_id: SprintId) -> None:
        """The review state of a new review run of ``sprint_id``."""
        self.session.add(ReviewRow(run_id=run_id, sprint_id=sprint_id))
        self.session.flush()

    def sprint_of_run(self, run_id: RunId) -> SprintId | None:
        """The sprint the run reviews, if it is a review run."""
        found = self.session.scalar(select(ReviewRow.sprint_id).where(ReviewRow.run_id == run_id))
        return None if found is None else SprintId(found)

    def run_of_sprint(self, sprint_id: SprintId) -> RunId | None:
        """The review run of ``sprint_id``, if it was ever opened."""
        found = self.session.scalar(
            select(ReviewRow.run_id).where(ReviewRow.sprint_id == sprint_id)
        )
        return None if found is None else RunId(found)

    def story_counts(self, sprint_id: SprintId) -> tuple[int, int]:
        """How many stories the sprint holds, and how many of them were added mid-sprint (one
        statement: what the review will walk, before it opens)."""
        held, added = self.session.execute(
            select(
                func.count(),
                func.coalesce(func.sum(case((SprintStoryRow.added_mid_sprint, 1), else_=0)), 0),
            ).where(SprintStoryRow.sprint_id == sprint_id)
        ).one()
        return int(held), int(added)

    def sprint_stories(self, sprint_id: SprintId) -> tuple[SprintStory, ...]:
        """Every story of the sprint: the forecast in its frozen order (else rank order),
        then those added mid-sprint, each with its acceptance criteria."""
        rows = list(
            self.session.execute(
                select(StoryRow.id, StoryRow.key, StoryRow.title, SprintStoryRow.points)
                .add_columns(SprintStoryRow.added_mid_sprint, StoryRow.rank)
                .join(StoryRow, StoryRow.id == SprintStoryRow.story_id)
                .where(SprintStoryRow.sprint_id == sprint_id)
            ).all()
        )
        snapshot = SnapshotRepository(self.session).first_snapshot(sprint_id)
        frozen = {k: i for i, k in enumerate(snapshot.keys)} if snapshot else {}
        rows.sort(key=lambda r: (bool(r[4]), frozen.get(r[1], len(frozen)), r[5]))
        criteria: dict[int, list[AcceptanceCriterion]] = {int(r[0]): [] for r in rows}
        for c in self.session.scalars(
            select(CriterionRow)
            .where(CriterionRow.story_id.in_(criteria))
            .order_by(CriterionRow.story_id, CriterionRow.position, CriterionRow.id)
        ):
            criteria[c.story_id].append(AcceptanceCriterion(CriterionId(c.id), c.text))
        return tuple(
            SprintStory(StoryId(i), k, t, p, tuple(criteria[int(i)]), bool(a))
            for i, k, t, p, a, _ in rows
        )

    def load(self, run_id: RunId, definition_of_done: Sequence[str]) -> Review | None:
        """The review of ``run_id`` as it stands (marks of items no longer in the Definition of
        Done are left out), or None when the run is not a review."""
        head = self.session.get(ReviewRow, run_id)
        if head is None:
            return None
        sprint = self.session.get_one(SprintRow, head.sprint_id)
        stories = self.sprint_stories(SprintId(head.sprint_id))
        review = Review(sprint.name, stories, tuple(definition_of_done))
        by_id = {s.story_id: s.key for s in stories}
        crit_story = {c.criterion_id: s.key for s in stories for c in s.criteria}
        marks: dict[str, tuple[list[tuple[CriterionId, bool]], list[tuple[str, bool]]]] = {
            s.key: ([], []) for s in stories
        }
        for m in self.session.scalars(
            select(CriterionMarkRow).where(CriterionMarkRow.run_id == run_id)
        ):
            key = crit_story.get(CriterionId(m.criterion_id))
            if key is not None:
                marks[key][0].append((CriterionId(m.criterion_id), m.passed))
        for d in self.session.scalars(select(DodMarkRow).where(DodMarkRow.run_id == run_id)):
            key = by_id.get(StoryId(d.story_id))
            if key is not None and d.item in review.definition_of_done:
                marks[key][1].append((d.item, d.holds))
        demos = tuple(StoryDemo(key, tuple(c), tuple(d)) for key, (c, d) in marks.items() if c or d)
        deployments, defects = delivery_facts(self.session, [head.sprint_id])[head.sprint_id]
        notes = tuple(n.note for n in self.notes(run_id))
        review = Review(
            review.sprint, stories, review.definition_of_done, demos, notes, deployments, defects
        )
        if head.closed_at is None or head.closed_by_id is None:
            return review
        signed = Signed(MemberId(head.closed_by_id), head.closed_by_name or "", head.closed_at)
        return Review(
            review.sprint,
            stories,
            review.definition_of_done,
            demos,
            notes,
            deployments,
            defects,
            self._closing(SprintId(head.sprint_id), stories, signed, deployments, defects),
        )

    def _closing(
        self,
        sprint_id: SprintId,
        stories: tuple[SprintStory, ...],
        signed: Signed,
        deployments: tuple[Deployment, ...],
        defects: tuple[Defect, ...],
    ) -> Closing:
        """What closing fixed, from the stored Done decisions."""
        decided = dict(
            self.session.execute(
                select(SprintStoryRow.story_id, SprintStoryRow.not_done_reason).where(
                    SprintStoryRow.sprint_id == sprint_id, SprintStoryRow.done.is_(False)
                )
            ).all()
        )
        done = {s.key for s in stories if s.story_id not in decided}
        returned = tuple(
            Returned(s.story_id, s.key, str(decided[s.story_id]))
            for s in stories
            if s.story_id in decided
        )
        return Closing(signed, delivery_of(stories, done, deployments, defects), returned)

    # --- marks ----------------------------------------------------------------------------------
    def criterion_mark(self, run_id: RunId, criterion_id: CriterionId) -> bool | None:
        """The mark a criterion has (None: not marked yet)."""
        row = self.session.get(CriterionMarkRow, (run_id, criterion_id))
        return None if row is None else row.passed

    def set_criterion_mark(
        self, run_id: RunId, criterion_id: CriterionId, passed: bool | None, at: dt.datetime
    ) -> None:
        """Mark a criterion passed or failed (None takes the mark away)."""
        row = self.session.get(CriterionMarkRow, (run_id, criterion_id))
        if passed is None:
            if row is not None:
                self.session.delete(row)
        elif row is None:
            self.session.add(
                CriterionMarkRow(run_id=run_id, criterion_id=criterion_id, passed=passed, at=at)
            )
        else:
            row.passed, row.at = passed, at
        self.session.flush()

    def dod_mark(self, run_id: RunId, story_id: StoryId, item: str) -> bool | None:
        """Whether a DoD item holds for a story (None: not checked yet)."""
        row = self.session.get(DodMarkRow, (run_id, story_id, item))
        return None if row is None else row.holds

    def set_dod_mark(
        self, run_id: RunId, story_id: StoryId, item: str, holds: bool | None, at: dt.datetime
    ) -> None:
        """Check a DoD item for a story (None takes the check away)."""
        if holds is None:
            self.session.execute(
                delete(DodMarkRow).where(
                    DodMarkRow.run_id == run_id,
                    DodMarkRow.story_id == story_id,
                    DodMarkRow.item == item,
                )
            )
            return
        row = self.session.get(DodMarkRow, (run_id, story_id, item))
        if row is None:
            self.session.add(
                DodMarkRow(run_id=run_id, story_id=story_id, item=item, holds=holds, at=at)
            )
        else:
            row.holds, row.at = holds, at
        self.session.flush()

    # --- notes, deployments, defects ----------------------------------------------------------
    def add_note(
        self, run_id: RunId, note: StakeholderNote, story_id: StoryId | None, at: dt.datetime
    ) -> int:
        """Store a captured note; its id."""
        row = ReviewNoteRow(
            run_id=run_id,
            kind=note.kind.value,
            text=note.text,
            by_name=note.by,
            story_id=story_id,
            at=at,
        )
        self.session.add(row)
        self.session.flush()
        return row.id

    def notes(self, run_id: RunId) -> tuple[NoteRecord, ...]:
        """The run's notes in the order captured."""
        rows = list(
            self.session.scalars(
                select(ReviewNoteRow)
                .where(ReviewNoteRow.run_id == run_id)
                .order_by(ReviewNoteRow.id)
            )
        )
        keys = _keys(
            self.session, [*(r.story_id for r in rows), *(r.created_story_id for r in rows)]
        )
        return tuple(
            NoteRecord(
                r.id,
                StakeholderNote(
                    NoteKind(r.kind),
                    r.text,
                    r.by_name,
                    None if r.story_id is None else keys.get(r.story_id),
                ),
                None if r.created_story_id is None else keys.get(r.created_story_id),
            )
            for r in rows
        )

    def note_row(self, note_id: int) -> ReviewNoteRow | None:
        """The stored note ``note_id``, locked for the change that follows."""
        return self.session.get(ReviewNoteRow, note_id, with_for_update=True)

    def add_deployment(self, sprint_id: SprintId, deployment: Deployment) -> int:
        """Store a production deployment of the sprint; its id."""
        row = DeploymentRow(sprint_id=sprint_id, at=deployment.at, what=deployment.what)
        self.session.add(row)
        self.session.flush()
        return row.id

    def add_defect(
        self, sprint_id: SprintId, defect: Defect, story_id: StoryId | None, at: dt.datetime
    ) -> int:
        """Store a defect of the sprint; its id."""
        row = DefectRow(
            sprint_id=sprint_id,
            kind=defect.kind.value,
            description=defect.description,
            story_id=story_id,
            at=at,
        )
        self.session.add(row)
        self.session.flush()
        return row.id

    # --- closing --------------------------------------------------------------------------------
    def close(
        self, run_id: RunId, sprint_id: SprintId, closing: Closing, done: Iterable[StoryId]
    ) -> None:
        """Write what closing fixed: each story's Done decision and who closed it when."""
        reasons = {r.story_id: r.reason for r in closing.returned}
        for story_id in done:
            reasons.pop(story_id, None)
            self.session.execute(
                update(SprintStoryRow)
                .where(SprintStoryRow.sprint_id == sprint_id, SprintStoryRow.story_id == story_id)
                .values(done=True, not_done_reason="")
            )
        for story_id, reason in reasons.items():
            self.session.execute(
                update(SprintStoryRow)
                .where(SprintStoryRow.sprint_id == sprint_id, SprintStoryRow.story_id == story_id)
                .values(done=False, not_done_reason=reason)
            )
        head = self.session.get_one(ReviewRow, run_id)
        head.closed_by_id = closing.signed.member_id
        head.closed_by_name = closing.signed.name
        head.closed_at = closing.signed.at
        self.session.flush()
