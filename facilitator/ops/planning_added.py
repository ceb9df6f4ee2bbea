"""Stories added to a sprint after its planning closed: they count as added mid-sprint and
never touch the frozen forecast (issue 10: the snapshot is immutable)."""

from __future__ import annotations

from facilitator.domain.ids import MemberId, RunId, SprintId
from facilitator.errors import RuleViolation
from facilitator.ops.changes import ActionContext, Changes, Kind, Undo
from facilitator.ops.planning import planning_of
from facilitator.ops.planning_reads import backlog_in, signed_in
from facilitator.store.db import Store
from facilitator.store.models import SprintStoryRow


def add_mid_sprint(store: Store, ctx: ActionContext, key: str, by: MemberId) -> Changes:
    """Add a story from the top of the backlog to the sprint after planning closed.

    It counts as added mid-sprint (History and the review show it so) and the frozen forecast
    is not touched. Undo takes it out of the sprint again.

    Raises:
        RuleViolation: planning never closed, the story is not among the backlog's top
            stories, or it is already in the sprint.
    """
    with store.session() as session:
        run_id, sprint_id, planning = planning_of(session, ctx)
        story = next((c for c in backlog_in(session, planning.team_id) if c.key == key), None)
        if story is None:
            raise RuleViolation(f"{key} is not among the stories at the top of the backlog")
        if session.get(SprintStoryRow, (sprint_id, story.story_id)) is not None:
            raise RuleViolation(f"{key} is already in {planning.sprint}")
        planning.add_mid_sprint(story, signed_in(session, by, ctx.now))  # the rule's refusals
        session.add(
            SprintStoryRow(
                sprint_id=sprint_id,
                story_id=story.story_id,
                points=story.points or 0.0,
                added_mid_sprint=True,
            )
        )
    story_id = story.story_id

    def take_out(s: Store, _c: ActionContext) -> Changes:
        with s.session() as session:
            line = session.get(SprintStoryRow, (sprint_id, story_id))
            if line is not None and line.added_mid_sprint:
                session.delete(line)
        return _mid_sprint_changes(run_id, sprint_id, story_id)

    undo = Undo(f"add {key} mid-sprint", take_out, lambda s, c: add_mid_sprint(s, c, key, by))
    return _mid_sprint_changes(run_id, sprint_id, story_id).with_undo(undo)


def _mid_sprint_changes(run_id: RunId, sprint_id: SprintId, story_id: int) -> Changes:
    return Changes.of(Kind.RUN, run_id).also(Kind.SPRINT, sprint_id).also(Kind.STORY, story_id)
