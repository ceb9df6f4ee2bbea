"""Sprint review: the Done gate, walking every story, stories sent back, delivery figures."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitator.domain.delivery import Defect, DefectKind, Deployment
from facilitator.domain.forecast import Candidate, Forecast
from facilitator.domain.ids import CriterionId, MemberId, StoryId, TeamId
from facilitator.domain.model import DEFAULT_DEFINITION_OF_DONE, Member, Role, Seniority, Side
from facilitator.domain.planning import (
    AddedMidSprint,
    CommittedStory,
    Confirmer,
    Planning,
    Snapshot,
)
from facilitator.domain.ranking import RANK_STEP
from facilitator.domain.readiness import ReadinessFacts, check_readiness
from facilitator.domain.review import Review, walk_words
from facilitator.domain.review_rules import (
    AcceptanceCriterion,
    NoteKind,
    StakeholderNote,
    back_to_top,
    check_definition_of_done,
    draft_story,
    story_verdict,
)
from facilitator.domain.signed import Signed
from facilitator.errors import InputError, RuleViolation

AT = dt.datetime(2026, 3, 13, 14, 0, tzinfo=dt.UTC)
SAM = Signed(MemberId(3), "Sam", AT)
DOD = DEFAULT_DEFINITION_OF_DONE


def committed(n: int, points: float) -> CommittedStory:
    return CommittedStory(StoryId(n), f"PAY-{n}", f"Story {n}", points)


SNAPSHOT = Snapshot(
    "Sprint 14", (committed(1, 8), committed(2, 5), committed(3, 3)), 20, "Pay in euros", (), SAM
)
ADDED = (
    AddedMidSprint(StoryId(9), "PAY-9", "Hotfix", 2, SAM),
    AddedMidSprint(StoryId(10), "PAY-10", "Unestimated", None, SAM),
)


def criteria_of(n: int, count: int = 2) -> tuple[AcceptanceCriterion, ...]:
    return tuple(AcceptanceCriterion(CriterionId(n * 10 + i), f"AC {n}.{i}") for i in range(count))


CRITERIA = {StoryId(n): criteria_of(n) for n in (1, 2, 3, 9)}


def review() -> Review:
    return Review.of(SNAPSHOT, ADDED, CRITERIA, DOD)


def walk(rev: Review, key: str, *, passed: bool = True, held: bool = True) -> Review:
    for criterion in rev.story(key).criteria:
        rev = rev.mark_criterion(key, criterion.criterion_id, passed)
    for item in rev.definition_of_done:
        rev = rev.mark_dod(key, item, held)
    return rev


def walk_all(rev: Review) -> Review:
    for story in rev.stories:
        rev = walk(rev, story.key)
    return rev


@pytest.mark.parametrize(
    ("criteria", "dod", "done", "reason"),
    [
        ([("A", True), ("B", True)], [("Tested", True)], True, ""),
        ([("A", True), ("B", False)], [("Tested", True)], False, "failed “B”"),
        (
            [("A", False)],
            [("Tested", False), ("Documented", True)],
            False,
            "failed “A”; Definition of Done not met: Tested",
        ),
        ([("A", True)], [("Tested", False)], False, "Definition of Done not met: Tested"),
        ([], [("Tested", True)], False, "it has no acceptance criterion to demo"),
    ],
)
def test_done_rule_names_every_failure(
    criteria: list[tuple[str, bool]], dod: list[tuple[str, bool]], done: bool, reason: str
) -> None:
    verdict = story_verdict(criteria, dod)
    assert verdict.done is done
    assert verdict.reason() == reason


@given(
    st.lists(st.booleans(), min_size=1, max_size=6),
    st.lists(st.booleans(), min_size=1, max_size=5),
)
def test_done_iff_every_criterion_passed_and_every_item_holds(
    passed: list[bool], held: list[bool]
) -> None:
    verdict = story_verdict(
        [(f"AC {i}", p) for i, p in enumerate(passed)],
        [(f"DoD {i}", h) for i, h in enumerate(held)],
    )
    assert verdict.done == (all(passed) and all(held))
    assert len(verdict.failed_criteria) == passed.count(False)
    assert len(verdict.failed_dod) == held.count(False)


def test_review_walks_forecast_then_added_stories_with_snapshot_points() -> None:
    rev = review()
    assert [(s.key, s.points, s.added) for s in rev.stories] == [
        ("PAY-1", 8, False),
        ("PAY-2", 5, False),
        ("PAY-3", 3, False),
        ("PAY-9", 2, True),
        ("PAY-10", None, True),
    ]
    assert rev.not_walked() == ("PAY-1", "PAY-2", "PAY-3", "PAY-9", "PAY-10")


def test_an_added_story_already_in_the_snapshot_is_walked_once() -> None:
    again = AddedMidSprint(StoryId(1), "PAY-1", "Story 1", 8, SAM)
    rev = Review.of(SNAPSHOT, (again,), CRITERIA, DOD)
    assert [s.key for s in rev.stories] == ["PAY-1", "PAY-2", "PAY-3"]


def test_a_story_is_walked_only_when_every_criterion_and_item_is_marked() -> None:
    rev = review().mark_criterion("PAY-1", CriterionId(10), True)
    assert not rev.walked("PAY-1")
    assert rev.verdict("PAY-1") is None
    rev = walk(rev, "PAY-1")
    assert rev.walked("PAY-1")
    verdict = rev.verdict("PAY-1")
    assert verdict is not None
    assert verdict.done


def test_marking_again_replaces_the_mark() -> None:
    rev = walk(review(), "PAY-2")
    rev = rev.mark_criterion("PAY-2", CriterionId(21), False).mark_dod("PAY-2", "Documented", False)
    verdict = rev.verdict("PAY-2")
    assert verdict is not None
    assert verdict.reason() == "failed “AC 2.1”; Definition of Done not met: Documented"
    rev = rev.mark_criterion("PAY-2", CriterionId(21), True).mark_dod("PAY-2", "Documented", True)
    verdict = rev.verdict("PAY-2")
    assert verdict is not None
    assert verdict.done


def test_closing_names_the_stories_not_walked() -> None:
    rev = walk(review(), "PAY-1").mark_criterion("PAY-2", CriterionId(20), True)
    rev = rev.mark_dod("PAY-2", "Tested", True)
    for item in DOD:
        rev = rev.mark_dod("PAY-9", item, True)
    with pytest.raises(RuleViolation) as caught:
        rev.close(SAM)
    message = str(caught.value)
    assert "walk PAY-1 " not in message
    assert (
        "walk PAY-2 (1 acceptance criterion and DoD Code reviewed, Deployed to staging, "
        "Documented not marked)"
    ) in message
    assert "walk PAY-3 (2 acceptance criteria and DoD Tested" in message
    assert "walk PAY-9 (2 acceptance criteria not marked)" in message
    assert "walk PAY-10 (DoD Tested, Code reviewed" in message


def test_a_story_with_no_criteria_is_walked_by_its_dod_but_never_done() -> None:
    rev = walk_all(review())
    verdict = rev.verdict("PAY-10")
    assert verdict is not None
    assert not verdict.done
    closed = rev.close(SAM)
    assert closed.closing is not None
    assert [r.words() for r in closed.closing.returned] == [
        "PAY-10 back to the top of the backlog: it has no acceptance criterion to demo"
    ]


def test_close_sends_failing_stories_back_with_reasons_and_fixes_the_figures() -> None:
    rev = walk_all(review())
    rev = rev.mark_criterion("PAY-2", CriterionId(21), False)
    rev = rev.mark_dod("PAY-9", "Deployed to staging", False)
    rev = rev.record_deployment(Deployment(AT, "v2.3 to production"))
    rev = rev.record_defect(Defect(DefectKind.FOUND_IN_SPRINT, "Rounding", "PAY-1"))
    rev = rev.record_defect(Defect(DefectKind.ESCAPED, "Euro sign missing"))
    rev = rev.record_defect(Defect(DefectKind.ESCAPED, "Timeout"))
    closed = rev.close(SAM)
    assert closed.closed
    closing = closed.closing
    assert closing is not None
    assert closing.signed == SAM
    assert [(r.key, r.reason) for r in closing.returned] == [
        ("PAY-2", "failed “AC 2.1”"),
        ("PAY-9", "Definition of Done not met: Deployed to staging"),
        ("PAY-10", "it has no acceptance criterion to demo"),
    ]
    figures = closing.delivery
    assert (figures.forecast_stories, figures.forecast_points) == (3, 16)
    assert (figures.completed_stories, figures.completed_points) == (2, 11)
    assert figures.predictability == pytest.approx(11 / 16)
    assert (figures.added_stories, figures.added_completed_stories) == (2, 0)
    assert figures.throughput == 2
    assert figures.delivered_points == 11
    assert (figures.deployments, figures.defects_found, figures.defects_escaped) == (1, 1, 2)
    assert figures.line() == (
        "Completed 2 of 3 stories, 11 of 16 pts (69 %); added mid-sprint: 0 of 2 Done"
    )


def test_a_closed_review_refuses_every_change() -> None:
    closed = walk_all(review()).close(SAM)
    note = StakeholderNote(NoteKind.QUESTION, "When in prod?")
    acts = [
        lambda: closed.mark_criterion("PAY-1", CriterionId(10), False),
        lambda: closed.mark_dod("PAY-1", "Tested", False),
        lambda: closed.capture(note),
        lambda: closed.record_deployment(Deployment(AT, "v2")),
        lambda: closed.record_defect(Defect(DefectKind.ESCAPED, "Bug")),
        lambda: closed.close(SAM),
    ]
    for act in acts:
        with pytest.raises(RuleViolation, match="the review of Sprint 14 is closed"):
            act()


@pytest.mark.parametrize(
    ("act", "message"),
    [
        (lambda r: r.mark_criterion("PAY-77", CriterionId(10), True), "PAY-77 is not a story"),
        (
            lambda r: r.mark_criterion("PAY-1", CriterionId(20), True),
            "PAY-1 has no acceptance criterion number 20",
        ),
        (lambda r: r.mark_dod("PAY-1", "Signed off", True), "“Signed off” is not in the Defin"),
        (
            lambda r: r.capture(StakeholderNote(NoteKind.FEEDBACK, "Nice", "Li", "PAY-77")),
            "PAY-77 is not a story of Sprint 14",
        ),
    ],
)
def test_marks_outside_the_sprint_are_refused(act: object, message: str) -> None:
    assert callable(act)
    with pytest.raises(RuleViolation, match=message):
        act(review())


def test_questions_and_feedback_are_captured_and_feedback_becomes_a_story_draft() -> None:
    question = StakeholderNote(NoteKind.QUESTION, "Does it handle refunds?", "Li", "PAY-1")
    feedback = StakeholderNote(NoteKind.FEEDBACK, "Show the fee before paying\nplease", "Li")
    rev = review().capture(question).capture(feedback)
    assert rev.notes == (question, feedback)
    draft = draft_story(feedback)
    assert draft.title == "Show the fee before paying"
    assert draft.description == "Review feedback from Li: Show the fee before paying\nplease"
    about = draft_story(StakeholderNote(NoteKind.FEEDBACK, "x" * 100, "", "PAY-2"))
    assert about.title == "x" * 79 + "…"
    assert about.description == "Review feedback about PAY-2: " + "x" * 100
    with pytest.raises(InputError, match="Only a feedback becomes a backlog story"):
        draft_story(question)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: StakeholderNote(NoteKind.FEEDBACK, "  "), "The feedback: write what was said"),
        (lambda: Deployment(AT.replace(tzinfo=None), "v2"), "Deployment time"),
        (lambda: Deployment(AT, " "), "Deployment: write what was deployed"),
        (lambda: Defect(DefectKind.ESCAPED, ""), "Defect escaped to production: describe it"),
        (lambda: Defect(DefectKind.FOUND_IN_SPRINT, ""), "Defect found in the sprint: describe"),
    ],
)
def test_blank_or_naive_records_are_refused(make: object, message: str) -> None:
    assert callable(make)
    with pytest.raises(InputError, match=message):
        make()


@pytest.mark.parametrize(
    ("items", "message"),
    [
        ((), "list at least one item"),
        (("Tested", " "), "an item is blank"),
        (("Tested", "tested "), "“tested” is listed twice"),
    ],
)
def test_definition_of_done_is_checked(items: tuple[str, ...], message: str) -> None:
    with pytest.raises(InputError, match=message):
        check_definition_of_done(items)


def test_the_teams_own_definition_of_done_is_the_one_walked() -> None:
    rev = Review.of(SNAPSHOT, (), CRITERIA, (" Tested ", "Security reviewed"))
    assert rev.definition_of_done == ("Tested", "Security reviewed")
    rev = walk(rev, "PAY-1", held=True).mark_dod("PAY-1", "Security reviewed", False)
    verdict = rev.verdict("PAY-1")
    assert verdict is not None
    assert verdict.reason() == "Definition of Done not met: Security reviewed"


@given(st.lists(st.tuples(st.booleans(), st.booleans()), min_size=5, max_size=5))
def test_figures_count_exactly_the_done_stories(marks: list[tuple[bool, bool]]) -> None:
    rev = review()
    for story, (passed, held) in zip(rev.stories, marks, strict=True):
        rev = walk(rev, story.key, passed=passed, held=held)
    closing = rev.close(SAM).closing
    assert closing is not None
    done = [
        s
        for s, (p, h) in zip(rev.stories, marks, strict=True)
        if p and h and s.criteria  # PAY-10 has no criteria: never Done
    ]
    forecast_done = [s for s in done if not s.added]
    assert closing.delivery.completed_stories == len(forecast_done)
    assert closing.delivery.completed_points == sum(s.points or 0 for s in forecast_done)
    assert closing.delivery.throughput == len(done)
    assert closing.delivery.delivered_points == sum(s.points or 0 for s in done)
    assert {r.key for r in closing.returned} == {s.key for s in rev.stories} - {s.key for s in done}


def test_stories_not_done_go_to_the_top_of_the_backlog_in_walking_order() -> None:
    rev = walk_all(review()).mark_criterion("PAY-1", CriterionId(10), False)
    closing = rev.close(SAM).closing
    assert closing is not None
    assert [r.key for r in closing.returned] == ["PAY-1", "PAY-10"]
    assert back_to_top(closing.returned, 5000) == (
        (StoryId(1), 5000 - 2 * RANK_STEP),
        (StoryId(10), 5000 - RANK_STEP),
    )
    assert back_to_top(closing.returned, None) == (
        (StoryId(1), -2 * RANK_STEP),
        (StoryId(10), -RANK_STEP),
    )
    assert back_to_top((), 5000) == ()


def test_the_review_queue_is_its_stories_in_walking_order() -> None:
    assert review().queue == (StoryId(1), StoryId(2), StoryId(3), StoryId(9), StoryId(10))


def test_a_review_of_planning_counts_stories_pulled_after_a_reopening_as_added() -> None:
    ready = check_readiness(ReadinessFacts(1, 1, 1, 1, estimate=5, estimate_committed=True))
    backlog = [Candidate(StoryId(n), f"PAY-{n}", f"Story {n}", 5, ready) for n in (1, 2, 3)]
    po = Member(
        MemberId(1),
        TeamId(1),
        "Pia",
        Role.PRODUCT_OWNER,
        Side.IN_HOUSE,
        Seniority.SENIOR,
        "UTC",
        540,
        1020,
    )
    lead = dataclasses.replace(po, id=MemberId(2), name="Ana", role=Role.TECH_LEAD)
    planning = Planning("Sprint 14", TeamId(1), Forecast(20, goal="Pay in euros"))
    with pytest.raises(RuleViolation, match="Planning of Sprint 14 never closed"):
        Review.of_planning(planning, CRITERIA, DOD)
    planning = planning.change(lambda f: f.pull("PAY-1", backlog, SAM))
    planning = planning.confirm(po, Confirmer.PRODUCT_OWNER, SAM)
    planning = planning.confirm(lead, Confirmer.DELIVERY_LEAD, SAM).close(SAM)
    planning = planning.reopen(SAM, "PO found room").change(lambda f: f.pull("PAY-2", backlog, SAM))
    planning = planning.add_mid_sprint(backlog[2], SAM)
    rev = Review.of_planning(planning, CRITERIA, DOD)
    assert [(s.key, s.points, s.added) for s in rev.stories] == [
        ("PAY-1", 5, False),
        ("PAY-2", 5, True),
        ("PAY-3", 5, True),
    ]


@pytest.mark.parametrize(
    ("held", "added", "words"),
    [
        (9, 1, "Sprint 201: 9 stories to walk, 8 forecast and 1 added mid-sprint"),
        (8, 0, "Sprint 201: 8 stories to walk, all of them forecast"),
        (1, 0, "Sprint 201: 1 story to walk, all of them forecast"),
        (0, 0, "Nothing to review: Sprint 201 holds no story"),
    ],
)
def test_the_room_hears_what_the_review_will_walk(held: int, added: int, words: str) -> None:
    assert walk_words("Sprint 201", held, added) == words
