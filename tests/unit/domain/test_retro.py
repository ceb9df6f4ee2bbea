"""Retrospective: phases, anonymous notes, dot votes, and exactly one experiment."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitator.domain.experiment import Outcome, propose
from facilitator.domain.ids import MemberId, TeamId
from facilitator.domain.model import Member, Role, Seniority, Side
from facilitator.domain.retro import Retro, next_retro
from facilitator.domain.retro_notes import (
    HIDDEN,
    Column,
    Friction,
    Group,
    GroupId,
    Note,
    NoteId,
)
from facilitator.domain.retro_phases import PHASES, RetroPhase, phase_timeboxes
from facilitator.domain.signed import Signed
from facilitator.errors import InputError, RuleViolation

AT = dt.datetime(2026, 3, 27, 15, 0, tzinfo=dt.UTC)
T = TeamId(1)


def member(n: int, name: str, team: int = 1, active: bool = True) -> Member:
    return Member(
        MemberId(n),
        TeamId(team),
        name,
        Role.ENGINEER,
        Side.IN_HOUSE,
        Seniority.SENIOR,
        "Asia/Kolkata",
        600,
        1080,
        active,
    )


ANA = member(1, "Ana")
BEN = member(2, "Ben")
EVE = member(3, "Eve", team=2)
OLD = member(4, "Old", active=False)
SAM = Signed(MemberId(9), "Sam", AT)
PREVIOUS = propose("Pair on reviews", ANA, "reviews wait under 4 h", T)


def at(phase: RetroPhase, retro: Retro | None = None) -> Retro:
    """A retro moved forward to ``phase`` (the previous experiment evaluated on the way)."""
    retro = retro or Retro("Sprint 14", T, PREVIOUS)
    if retro.needs_evaluation:
        retro = retro.evaluate_previous(Outcome.WORKED, "median wait 3 h", SAM)
    while retro.phase is not phase:
        retro = retro.advance()
    return retro


def gathered() -> Retro:
    retro = at(RetroPhase.GATHER)
    retro = retro.write_note(ANA, Column.WENT_WELL, "Demos were crisp")
    retro = retro.write_note(
        BEN, Column.FRICTION, "Standup at 19:00 for me", True, Friction.TIME_ZONE
    )
    retro = retro.write_note(ANA, Column.TO_IMPROVE, "Reviews wait too long", anonymous=True)
    return retro.write_note(
        BEN, Column.FRICTION, "Silence read as agreement", False, Friction.CULTURAL
    )


def grouped() -> Retro:
    retro = at(RetroPhase.GROUP, gathered())
    retro = retro.group("Meetings across zones", (NoteId(2), NoteId(4)))
    return retro.group("Reviews", (NoteId(3),))


def test_phases_run_in_order_each_with_its_share_of_the_timebox() -> None:
    assert [(p.number, p.label) for p in PHASES] == [
        (1, "Evaluate last experiment"),
        (2, "Gather"),
        (3, "Group"),
        (4, "Vote"),
        (5, "Discuss"),
        (6, "Decide one experiment"),
    ]
    boxes = phase_timeboxes(90)
    assert [p for p, _ in boxes] == list(PHASES)
    assert sum(s for _, s in boxes) == 90 * 60
    assert dict(boxes)[RetroPhase.DISCUSS] > dict(boxes)[RetroPhase.GROUP]


def test_phase_one_cannot_be_left_while_the_previous_experiment_is_unevaluated() -> None:
    retro = Retro("Sprint 14", T, PREVIOUS)
    assert retro.needs_evaluation
    with pytest.raises(RuleViolation, match="Evaluate last sprint's experiment “Pair on reviews”"):
        retro.advance()
    evaluated = retro.evaluate_previous(Outcome.DID_NOT_WORK, "still a day", SAM)
    assert not evaluated.needs_evaluation
    assert evaluated.previous is not None
    assert evaluated.previous.outcome is Outcome.DID_NOT_WORK
    assert evaluated.advance().phase is RetroPhase.GATHER


def test_a_first_retro_has_nothing_to_evaluate_and_may_move_on() -> None:
    retro = Retro("Sprint 1", T)
    assert not retro.needs_evaluation
    assert retro.advance().phase is RetroPhase.GATHER
    with pytest.raises(RuleViolation, match="There is no previous experiment to evaluate"):
        retro.evaluate_previous(Outcome.WORKED, "x", SAM)


def test_evaluating_happens_in_phase_one_only() -> None:
    with pytest.raises(
        RuleViolation, match="in phase 1, Evaluate last experiment; this is phase 2"
    ):
        at(RetroPhase.GATHER).evaluate_previous(Outcome.WORKED, "x", SAM)


def test_notes_land_in_their_columns_with_friction_named() -> None:
    retro = gathered()
    assert [(n.label, n.author) for n in retro.notes] == [
        ("Went well", "Ana"),
        ("Time-zone friction", None),
        ("To improve", None),
        ("Cultural friction", "Ben"),
    ]
    other = retro.write_note(ANA, Column.FRICTION, "Tool friction")
    assert other.notes[-1].label == "Friction"


def test_an_anonymous_note_carries_no_author_at_all() -> None:
    anonymous = [n for n in gathered().notes if n.anonymous]
    assert len(anonymous) == 2
    for note in anonymous:
        stored = dataclasses.asdict(note)
        assert stored["author_id"] is None
        assert stored["author"] is None
        assert "Ana" not in repr(note)
        assert "Ben" not in repr(note)


def test_anonymous_notes_stay_hidden_until_revealed() -> None:
    retro = gathered()
    mine = retro.facilitator_notes()
    assert [(v.text, v.author, v.hidden) for v in mine] == [
        ("Demos were crisp", "Ana", False),
        (HIDDEN, "anonymous", True),
        (HIDDEN, "anonymous", True),
        ("Silence read as agreement", "Ben", False),
    ]
    room = retro.room_notes()
    assert [v.text for v in room] == ["Demos were crisp", "Silence read as agreement"]
    revealed = retro.reveal()
    assert [v.text for v in revealed.facilitator_notes()] == [n.text for n in retro.notes]
    assert [v.text for v in revealed.room_notes()] == [n.text for n in retro.notes]
    assert all(not v.hidden for v in revealed.room_notes())


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: Note(NoteId(1), Column.WENT_WELL, " ", None, None), "write what it says"),
        (
            lambda: Note(NoteId(1), Column.WENT_WELL, "x", None, None, Friction.CULTURAL),
            "Cultural friction belongs in the Friction column, not “Went well”",
        ),
        (lambda: Note(NoteId(1), Column.WENT_WELL, "x", MemberId(1), None), "or neither"),
        (lambda: Note(NoteId(1), Column.WENT_WELL, "x", None, "Ana"), "or neither"),
        (lambda: Group(GroupId(1), " "), "Group title: name what the notes have in common"),
        (lambda: Retro("S", T, votes_per_person=0), "Votes per person: at least 1"),
    ],
)
def test_malformed_values_are_refused(make: object, message: str) -> None:
    assert callable(make)
    with pytest.raises(InputError, match=message):
        make()


def test_only_active_members_of_the_team_write_notes_while_gathering() -> None:
    retro = at(RetroPhase.GATHER)
    with pytest.raises(RuleViolation, match="Eve cannot write a note: not on this team"):
        retro.write_note(EVE, Column.WENT_WELL, "x")
    with pytest.raises(RuleViolation, match="Old cannot write a note: not an active member"):
        retro.write_note(OLD, Column.WENT_WELL, "x")
    with pytest.raises(
        RuleViolation, match="Notes are written in phase 2, Gather; this is phase 3"
    ):
        retro.advance().write_note(ANA, Column.WENT_WELL, "x")


def test_grouping_moves_a_note_between_groups_and_names_unknown_notes() -> None:
    retro = grouped()
    assert [(g.title, g.note_ids) for g in retro.groups] == [
        ("Meetings across zones", (NoteId(2), NoteId(4))),
        ("Reviews", (NoteId(3),)),
    ]
    assert [n.note_id for n in retro.ungrouped()] == [NoteId(1)]
    moved = retro.group("Time zones", (NoteId(2), NoteId(2)))
    assert [(g.title, g.note_ids) for g in moved.groups] == [
        ("Meetings across zones", (NoteId(4),)),
        ("Reviews", (NoteId(3),)),
        ("Time zones", (NoteId(2),)),
    ]
    with pytest.raises(RuleViolation, match="Choose at least one note for the group “Empty”"):
        retro.group(" Empty ", ())
    with pytest.raises(RuleViolation, match="There is no note 8, 9 to group"):
        retro.group("Ghosts", (NoteId(8), NoteId(9)))


@pytest.mark.parametrize(
    ("note_ids", "problem"),
    [
        ((1, 3), ""),
        ((2,), ""),
        ((), "Choose at least one note for the group"),
        ((1, 8, 9), "There is no note 8, 9 to group"),
    ],
)
def test_the_notes_of_a_group_are_checked_before_it_is_named(
    note_ids: tuple[int, ...], problem: str
) -> None:
    retro = grouped()
    assert retro.notes_problem([NoteId(i) for i in note_ids]) == problem


def test_votes_are_counted_within_each_persons_allowance() -> None:
    retro = at(RetroPhase.VOTE, grouped())
    zones, reviews = GroupId(1), GroupId(2)
    for group in (reviews, reviews, zones):
        retro = retro.vote(ANA, group)
    assert retro.votes_left(ANA.id) == 0
    with pytest.raises(RuleViolation, match="Ana has used all 3 votes: take one back to vote"):
        retro.vote(ANA, zones)
    retro = retro.unvote(ANA, reviews)
    assert retro.votes_left(ANA.id) == 1
    retro = retro.vote(ANA, zones).vote(BEN, zones)
    assert [(g.title, n) for g, n in retro.tally()] == [
        ("Meetings across zones", 3),
        ("Reviews", 1),
    ]
    with pytest.raises(RuleViolation, match="Ben has no vote on “Reviews” to take back"):
        retro.unvote(BEN, reviews)
    with pytest.raises(RuleViolation, match="There is no group 7"):
        retro.vote(BEN, GroupId(7))
    with pytest.raises(RuleViolation, match="Eve cannot vote: not on this team"):
        retro.vote(EVE, zones)


def test_the_allowance_is_configurable() -> None:
    retro = at(RetroPhase.VOTE, dataclasses.replace(grouped(), votes_per_person=1))
    retro = retro.vote(BEN, GroupId(2))
    with pytest.raises(RuleViolation, match="Ben has used all 1 votes"):
        retro.vote(BEN, GroupId(1))


@given(st.lists(st.tuples(st.sampled_from([ANA, BEN]), st.booleans(), st.sampled_from([1, 2]))))
def test_nobody_ever_holds_more_votes_than_the_allowance(
    acts: list[tuple[Member, bool, int]],
) -> None:
    retro = at(RetroPhase.VOTE, grouped())
    for who, cast, group in acts:
        with contextlib.suppress(RuleViolation):
            retro = (retro.vote if cast else retro.unvote)(who, GroupId(group))
        for person in (ANA, BEN):
            cast_count = sum(1 for v in retro.votes if v.member_id == person.id)
            assert 0 <= cast_count <= retro.votes_per_person


def test_voting_can_be_skipped_and_groups_without_votes_stay_available() -> None:
    retro = grouped().skip_voting()
    assert retro.phase is RetroPhase.DISCUSS
    assert retro.voting_skipped
    assert [n for _, n in retro.tally()] == [0, 0]
    retro = retro.discuss(GroupId(2))
    assert retro.discussing == GroupId(2)
    with pytest.raises(RuleViolation, match="There is no group 5"):
        retro.discuss(GroupId(5))
    with pytest.raises(RuleViolation, match="Voting can be skipped from grouping or voting"):
        retro.skip_voting()
    back = retro.back()
    assert back.phase is RetroPhase.VOTE
    assert not back.voting_skipped


def test_going_back_from_discussion_and_on_again_keeps_the_skip() -> None:
    retro = at(RetroPhase.DECIDE, grouped().skip_voting())
    assert retro.voting_skipped
    assert retro.back().voting_skipped


def test_first_and_last_phases_have_no_step_beyond() -> None:
    with pytest.raises(RuleViolation, match="This is the first phase"):
        Retro("S", T).back()
    with pytest.raises(RuleViolation, match="This is the last phase: decide the one experiment"):
        at(RetroPhase.DECIDE).advance()


@given(st.lists(st.booleans(), max_size=30))
def test_going_back_and_forth_between_phases_loses_nothing(moves: list[bool]) -> None:
    start = at(RetroPhase.DISCUSS, grouped()).discuss(GroupId(1))
    start = dataclasses.replace(start, phase=RetroPhase.VOTE).vote(ANA, GroupId(1))
    start = at(RetroPhase.DECIDE, start).decide("Rotate standup time", BEN, "no one past 18:00")
    retro = start
    for forward in moves:
        with contextlib.suppress(RuleViolation):
            retro = retro.advance() if forward else retro.back()
        kept = (retro.previous, retro.notes, retro.groups, retro.votes, retro.experiment)
        assert kept == (start.previous, start.notes, start.groups, start.votes, start.experiment)
        assert retro.discussing == start.discussing
        assert retro.revealed == start.revealed


def test_exactly_one_experiment_and_closing_needs_it() -> None:
    retro = at(RetroPhase.DECIDE, grouped())
    with pytest.raises(RuleViolation, match="cannot close yet: decide the one experiment"):
        retro.close(SAM)
    with pytest.raises(RuleViolation, match="No experiment was decided yet: decide it first"):
        retro.revise("x", ANA, "y")
    assert retro.revision_problem() == "No experiment was decided yet: decide it first"
    assert at(RetroPhase.GROUP, grouped()).revision_problem().endswith("decide it in phase 6")
    assert retro.experiment_taken() == ""
    retro = retro.decide("Rotate standup time", BEN, "no one joins after 18:00 local")
    assert retro.experiment is not None
    assert retro.experiment_taken().startswith("This retrospective already has its experiment")
    assert retro.experiment.owner == "Ben"
    with pytest.raises(
        RuleViolation,
        match="already has its experiment, “Rotate standup time”: one per retrospective, so a "
        "second cannot be created",
    ):
        retro.decide("Another one", ANA, "something")
    revised = retro.revise("Rotate standup time weekly", ANA, "no one after 18:00", AT.date())
    assert revised.experiment is not None
    assert (revised.experiment.change, revised.experiment.owner) == (
        "Rotate standup time weekly",
        "Ana",
    )
    closed = revised.close(SAM)
    assert closed.closed == SAM
    assert closed.missing_to_close() == ()


def test_the_experiment_owner_must_be_an_active_member_of_this_team() -> None:
    retro = at(RetroPhase.DECIDE)
    with pytest.raises(RuleViolation, match="Eve cannot own the experiment: not on this team"):
        retro.decide("Rotate", EVE, "2 demos")
    with pytest.raises(InputError, match="Owner of “Rotate”"):
        retro.decide("Rotate", None, "2 demos")
    with pytest.raises(InputError, match="How we will know “Rotate” worked"):
        retro.decide("Rotate", ANA, "")
    with pytest.raises(RuleViolation, match="Old cannot own the experiment"):
        retro.decide("Rotate", ANA, "2 demos").revise("Rotate", OLD, "2 demos")


def test_deciding_happens_in_phase_six() -> None:
    with pytest.raises(RuleViolation, match="The experiment is decided in phase 6"):
        at(RetroPhase.DISCUSS).decide("x", ANA, "y")


def test_a_retro_cannot_close_while_the_previous_experiment_is_unevaluated() -> None:
    unevaluated = dataclasses.replace(Retro("S", T, PREVIOUS), phase=RetroPhase.DECIDE)
    retro = unevaluated.decide("Rotate", ANA, "2 demos")
    with pytest.raises(RuleViolation) as caught:
        retro.close(SAM)
    assert str(caught.value) == (
        "The retrospective cannot close yet: evaluate last sprint's experiment “Pair on "
        "reviews” first: worked, did not work or inconclusive, with the evidence"
    )


def test_a_closed_retro_refuses_every_act() -> None:
    retro = at(RetroPhase.DECIDE, grouped()).decide("Rotate", ANA, "2 demos").close(SAM)
    acts = [
        retro.advance,
        retro.back,
        retro.skip_voting,
        retro.reveal,
        lambda: retro.evaluate_previous(Outcome.WORKED, "x", SAM),
        lambda: retro.write_note(ANA, Column.WENT_WELL, "x"),
        lambda: retro.group("x", ()),
        lambda: retro.vote(ANA, GroupId(1)),
        lambda: retro.unvote(ANA, GroupId(1)),
        lambda: retro.discuss(GroupId(1)),
        lambda: retro.decide("x", ANA, "y"),
        lambda: retro.revise("x", ANA, "y"),
        lambda: retro.close(SAM),
    ]
    for act in acts:
        with pytest.raises(RuleViolation, match="this retrospective is closed"):
            act()


def test_the_next_retro_starts_by_evaluating_the_last_ones_experiment() -> None:
    last = at(RetroPhase.DECIDE, grouped()).decide("Rotate standup time", BEN, "no one after 18:00")
    with pytest.raises(RuleViolation, match="Sprint 14 is still open: close it before"):
        next_retro("Sprint 15", T, last)
    closed = last.close(SAM)
    with pytest.raises(RuleViolation, match="The retrospective of Sprint 14 belongs to another"):
        next_retro("Sprint 15", TeamId(2), closed)
    following = next_retro("Sprint 15", T, closed, votes_per_person=5)
    assert following.previous == closed.experiment
    assert following.needs_evaluation
    assert following.phase is RetroPhase.EVALUATE
    assert following.votes_per_person == 5
    with pytest.raises(RuleViolation, match="Evaluate last sprint's experiment “Rotate standup"):
        following.advance()
    first = next_retro("Sprint 1", T, None)
    assert first.previous is None
    assert not first.needs_evaluation


@pytest.mark.parametrize(
    ("cast", "allowance", "refused"),
    [
        (0, 1, None),
        (2, 2, None),
        (2, 5, None),
        (3, 2, "already cast 3"),
        (0, 0, "at least 1"),
    ],
)
def test_the_vote_allowance_changes_unless_someone_already_cast_more(
    cast: int, allowance: int, refused: str | None
) -> None:
    retro = at(RetroPhase.GATHER).write_note(ANA, Column.TO_IMPROVE, "Reviews wait")
    retro = dataclasses.replace(retro.advance(), votes_per_person=5).group("Reviews", (NoteId(1),))
    retro = retro.advance()
    for _ in range(cast):
        retro = retro.vote(BEN, GroupId(1))
    if refused is None:
        assert retro.with_allowance(allowance).votes_left(BEN.id) == allowance - cast
    else:
        with pytest.raises((InputError, RuleViolation), match=refused):
            retro.with_allowance(allowance)
