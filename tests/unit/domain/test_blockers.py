"""Blockers: exact ages across DST, the SLA flag, bad input refused, the blocker slot's walk."""

from __future__ import annotations

import dataclasses
import datetime as dt
import zoneinfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitator.domain.blockers import (
    BLOCKER_SLOT_MINUTES,
    DEFAULT_SLA_HOURS,
    Blocker,
    BlockerWalk,
    StoryRef,
    by_story,
    check_sla_hours,
    flagged,
    queue_words,
    raise_blocker,
    reopen,
    resolve,
    sla_badge,
    sla_summary,
    walk_order,
)
from facilitator.domain.ids import MemberId, StoryId, TeamId
from facilitator.domain.model import Member, Role, Seniority, Side
from facilitator.errors import InputError, RuleViolation

UTC = dt.UTC
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")
TEAM = TeamId(1)
OTHER = TeamId(2)


def person(mid: int, team: TeamId = TEAM, active: bool = True) -> Member:
    return Member(
        MemberId(mid),
        team,
        f"P{mid}",
        Role.ENGINEER,
        Side.OUTSOURCED,
        Seniority.MID,
        "Europe/Berlin",
        540,
        1020,
        active,
    )


MEMBERS = [person(1), person(2), person(3, active=False), person(4, OTHER)]


def blocker(bid: int, raised: dt.datetime, resolved: dt.datetime | None = None) -> Blocker:
    return Blocker(
        bid,
        TEAM,
        MemberId(1),
        raised,
        f"Blocker {bid}",
        resolved_at=resolved,
        resolution="done" if resolved else "",
    )


@pytest.mark.parametrize(
    ("raised", "now", "hours"),
    [
        # Raised Saturday 09:00 Berlin, the night Berlin springs forward: 09:00 Sunday is 23 h.
        (
            dt.datetime(2026, 3, 28, 9, tzinfo=BERLIN),
            dt.datetime(2026, 3, 29, 9, tzinfo=BERLIN),
            23,
        ),
        # Across the autumn change a wall-clock day is 25 h: over a 24 h SLA.
        (
            dt.datetime(2026, 10, 24, 9, tzinfo=BERLIN),
            dt.datetime(2026, 10, 25, 9, tzinfo=BERLIN),
            25,
        ),
        (
            dt.datetime(2026, 3, 7, 10, tzinfo=NEW_YORK),
            dt.datetime(2026, 3, 8, 10, tzinfo=NEW_YORK),
            23,
        ),
        (
            dt.datetime(2026, 10, 31, 10, tzinfo=NEW_YORK),
            dt.datetime(2026, 11, 1, 10, tzinfo=NEW_YORK),
            25,
        ),
        # Raised in Berlin, looked at in New York.
        (
            dt.datetime(2026, 12, 1, 9, tzinfo=BERLIN),
            dt.datetime(2026, 12, 1, 9, tzinfo=NEW_YORK),
            6,
        ),
        (dt.datetime(2026, 12, 1, 9, tzinfo=UTC), dt.datetime(2026, 12, 1, 8, tzinfo=UTC), 0),
    ],
)
def test_open_age_is_exact_across_dst_and_zones(
    raised: dt.datetime, now: dt.datetime, hours: float
) -> None:
    assert blocker(1, raised).age_hours(now) == hours


@pytest.mark.parametrize(
    ("age", "sla", "over", "label"),
    [
        (dt.timedelta(hours=3, minutes=20), 24, False, "open 3 h 20 min"),
        (dt.timedelta(hours=24), 24, False, "open 1 d"),
        (dt.timedelta(hours=24, minutes=1), 24, True, "open 1 d · over the 24 h SLA"),
        (dt.timedelta(days=2, hours=4), 24, True, "open 2 d 4 h · over the 24 h SLA"),
        (dt.timedelta(hours=5), 4, True, "open 5 h · over the 4 h SLA"),
        (dt.timedelta(hours=30), 48, False, "open 1 d 6 h"),
    ],
)
def test_open_blockers_past_the_sla_are_flagged(
    age: dt.timedelta, sla: int, over: bool, label: str
) -> None:
    raised = dt.datetime(2026, 12, 1, 9, tzinfo=UTC)
    b = blocker(1, raised)
    assert b.flagged(raised + age, sla) is over
    assert b.age_label(raised + age, sla) == label


def test_a_resolved_blocker_keeps_its_resolution_time_and_is_never_flagged() -> None:
    raised = dt.datetime(2026, 10, 24, 9, tzinfo=BERLIN)
    b = blocker(1, raised, dt.datetime(2026, 10, 25, 9, tzinfo=BERLIN))
    later = dt.datetime(2026, 12, 1, tzinfo=UTC)
    assert b.age_hours(later) == 25
    assert b.over_sla(later, 24)
    assert not b.flagged(later, 24)
    assert b.age_label(later, 24) == "resolved in 1 d 1 h"
    assert not b.is_open


def test_the_sla_and_the_slot_defaults_and_bounds() -> None:
    assert DEFAULT_SLA_HOURS == 24
    assert BLOCKER_SLOT_MINUTES == 15
    assert check_sla_hours(1) == 1
    assert check_sla_hours(336) == 336
    for bad in (0, -3, 337):
        with pytest.raises(InputError, match=f"Blocker SLA: {bad} h is outside 1–336 h"):
            check_sla_hours(bad)


def test_raising_a_blocker_checks_people_story_and_text() -> None:
    at = dt.datetime(2026, 12, 1, 10, tzinfo=BERLIN)
    story = StoryRef(StoryId(7), TEAM, "PAY-7")
    made = raise_blocker(TEAM, MemberId(1), at, "  VPN access  ", MEMBERS, story, MemberId(2))
    assert made == Blocker(
        0,
        TEAM,
        MemberId(1),
        dt.datetime(2026, 12, 1, 9, tzinfo=UTC),
        "VPN access",
        StoryId(7),
        MemberId(2),
    )
    assert made.raised_at.tzinfo is UTC
    assert raise_blocker(TEAM, MemberId(2), at, "x", MEMBERS).story_id is None


@pytest.mark.parametrize(
    ("raised_by", "owner", "story", "description", "error", "message"),
    [
        (
            1,
            None,
            StoryRef(StoryId(9), OTHER, "OPS-9"),
            "x",
            RuleViolation,
            "Blocker: story OPS-9 belongs to another team; link one of this team's stories or none",
        ),
        (4, None, None, "x", RuleViolation, "the person raising it must be a member of this team"),
        (99, None, None, "x", RuleViolation, "the person raising it must be a member"),
        (1, 4, None, "x", RuleViolation, "the owner must be a member of this team"),
        (1, 3, None, "x", RuleViolation, "P3 is no longer active in the team"),
        (1, None, None, "   ", InputError, "Blocker: must not be empty"),
    ],
)
def test_bad_blockers_are_refused_with_a_clear_message(
    raised_by: int,
    owner: int | None,
    story: StoryRef | None,
    description: str,
    error: type[Exception],
    message: str,
) -> None:
    at = dt.datetime(2026, 12, 1, 9, tzinfo=UTC)
    with pytest.raises(error, match=message):
        raise_blocker(
            TEAM,
            MemberId(raised_by),
            at,
            description,
            MEMBERS,
            story,
            None if owner is None else MemberId(owner),
        )


def test_a_blocker_raised_at_a_time_without_zone_is_refused() -> None:
    with pytest.raises(InputError, match="Raised at: the time has no time zone"):
        raise_blocker(TEAM, MemberId(1), dt.datetime(2026, 12, 1, 9), "x", MEMBERS)


def test_resolving_a_blocker_and_undoing_it() -> None:
    b = blocker(1, dt.datetime(2026, 12, 1, 9, tzinfo=UTC))
    done = resolve(b, dt.datetime(2026, 12, 1, 11, 30, tzinfo=BERLIN), " Access granted ")
    assert done.resolved_at == dt.datetime(2026, 12, 1, 10, 30, tzinfo=UTC)
    assert done.resolution == "Access granted"
    assert reopen(done) == b


def test_a_resolution_before_the_raise_is_refused() -> None:
    b = blocker(1, dt.datetime(2026, 12, 1, 9, tzinfo=UTC))
    # 09:30 in Berlin is 08:30 UTC: before the raise, although the wall clock says later.
    with pytest.raises(RuleViolation) as refused:
        resolve(b, dt.datetime(2026, 12, 1, 9, 30, tzinfo=BERLIN), "Fixed")
    assert str(refused.value) == (
        "Blocker: the resolution (Tue 1 Dec 08:30 UTC) is before the blocker was raised "
        "(Tue 1 Dec 09:00 UTC); check the time"
    )
    assert resolve(b, b.raised_at, "Fixed at once").age_hours(b.raised_at) == 0


@pytest.mark.parametrize(
    ("resolved_at", "text", "error", "message"),
    [
        (dt.datetime(2026, 12, 1, 10), "Fixed", InputError, "Resolved at: the time has no"),
        (dt.datetime(2026, 12, 1, 10, tzinfo=UTC), " ", InputError, "Resolution: must not be"),
    ],
)
def test_bad_resolutions_are_refused(
    resolved_at: dt.datetime, text: str, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        resolve(blocker(1, dt.datetime(2026, 12, 1, 9, tzinfo=UTC)), resolved_at, text)


def test_a_resolved_blocker_cannot_be_resolved_again() -> None:
    start = dt.datetime(2026, 12, 1, 9, tzinfo=UTC)
    with pytest.raises(RuleViolation, match="already resolved"):
        resolve(blocker(1, start, start), start, "again")


T0 = dt.datetime(2026, 12, 1, 9, tzinfo=UTC)
B_OLD = blocker(5, dt.datetime(2026, 11, 30, 10, tzinfo=BERLIN))  # 09:00 UTC, oldest
B_MID = blocker(2, T0)
B_TIE = blocker(3, T0)
B_NEW = blocker(1, dt.datetime(2026, 12, 1, 12, tzinfo=UTC))
B_DONE = blocker(4, dt.datetime(2026, 11, 1, tzinfo=UTC), T0)


def test_the_slot_walks_open_blockers_oldest_first() -> None:
    everything = [B_NEW, B_DONE, B_TIE, B_MID, B_OLD]
    assert [b.id for b in walk_order(everything)] == [5, 2, 3, 1]
    now = dt.datetime(2026, 12, 2, 10, tzinfo=UTC)
    assert [b.id for b in flagged(everything, now, 24)] == [5, 2, 3]


def test_home_and_the_backlog_name_blockers_over_the_sla() -> None:
    on_story = dataclasses.replace(B_MID, story_id=StoryId(7))
    everything = [B_NEW, B_DONE, B_TIE, on_story, B_OLD]
    now = dt.datetime(2026, 12, 2, 10, tzinfo=UTC)
    assert sla_summary(everything, now, 24) == (
        "3 blockers open over the 24 h SLA, the oldest 2 d 1 h"
    )
    assert sla_summary([B_OLD], now, 24) == "1 blocker open over the 24 h SLA, the oldest 2 d 1 h"
    assert sla_summary(everything, now, 72) is None
    assert sla_badge(everything, now, 24) == "3 blockers over 24 h"
    assert sla_badge([B_OLD], now, 24) == "1 blocker over 24 h"
    assert sla_badge(everything, now, 72) is None
    assert [b.flag_label(now) for b in flagged(everything, now, 24)] == [
        "! 49 h",
        "! 25 h",
        "! 25 h",
    ]
    assert by_story(everything, now, 24) == {StoryId(7): [on_story]}
    assert by_story(everything, T0, 24) == {}


def test_the_blocker_walk_steps_one_at_a_time_and_keeps_its_order() -> None:
    walk = BlockerWalk.start([B_NEW, B_DONE, B_MID, B_OLD])
    assert (walk.current, walk.label, walk.finished) == (5, "Blocker 1 of 3", False)
    assert walk.progress == "1 of 3"
    assert walk.previous() == walk
    walk = walk.next()
    assert (walk.current, walk.label) == (2, "Blocker 2 of 3")
    # Resolving the current one does not reorder the walk; a new blocker joins at the end.
    resolved = [B_NEW, B_DONE, resolve(B_MID, T0, "ok"), B_OLD, B_TIE]
    walk = walk.refresh(resolved)
    assert walk.ids == (5, 2, 1, 3)
    assert walk.refresh(resolved) == walk
    assert walk.next().next().label == "Blocker 4 of 4"
    done = walk.next().next().next()
    assert (done.current, done.finished, done.label) == (None, True, "All 4 blockers walked")
    assert done.progress == "4 of 4"
    assert done.next() == done
    assert done.previous().current == 3


def test_an_empty_walk_and_a_walk_of_one() -> None:
    empty = BlockerWalk.start([B_DONE])
    assert (empty.current, empty.finished, empty.label) == (None, True, "No open blockers")
    assert empty.progress == "0 of 0"
    one = BlockerWalk.start([B_OLD]).next()
    assert one.label == "The one blocker was walked"


RAISED = st.datetimes(
    min_value=dt.datetime(2026, 1, 1),
    max_value=dt.datetime(2027, 12, 31),
    timezones=st.sampled_from([UTC, BERLIN, NEW_YORK, zoneinfo.ZoneInfo("Asia/Kolkata")]),
)


@given(st.lists(st.tuples(RAISED, st.booleans()), max_size=12))
def test_walk_order_has_every_open_blocker_once_oldest_first(
    rows: list[tuple[dt.datetime, bool]],
) -> None:
    blockers = [
        dataclasses.replace(
            blocker(i, raised), resolved_at=raised + dt.timedelta(hours=1) if done else None
        )
        for i, (raised, done) in enumerate(rows)
    ]
    order = walk_order(blockers)
    assert {b.id for b in order} == {b.id for b in blockers if b.is_open}
    stamps = [b.raised_at.timestamp() for b in order]
    assert stamps == sorted(stamps)


@given(RAISED, st.timedeltas(min_value=dt.timedelta(0), max_value=dt.timedelta(days=30)))
def test_age_is_the_real_time_since_the_raise(raised: dt.datetime, wait: dt.timedelta) -> None:
    now = (raised.astimezone(UTC) + wait).astimezone(BERLIN)
    b = blocker(1, raised)
    assert b.age(now) == wait
    assert b.flagged(now, 24) is (wait > dt.timedelta(hours=24))


@pytest.mark.parametrize(
    ("ages_h", "resolved", "words"),
    [
        ((), (), "No open blockers"),
        ((), (30,), "No open blockers"),  # resolved ones are not walked
        ((3,), (), "1 open blocker"),
        ((3, 5), (), "2 open blockers"),
        ((3, 25), (40,), "2 open blockers, 1 over the 24 h SLA (the oldest open 1 d 1 h)"),
        ((30, 335), (), "2 open blockers, 2 over the 24 h SLA (the oldest open 13 d 23 h)"),
    ],
)
def test_what_the_blocker_slot_will_walk_in_words(
    ages_h: tuple[int, ...], resolved: tuple[int, ...], words: str
) -> None:
    now = dt.datetime(2026, 12, 8, 10, tzinfo=UTC)
    made = [blocker(i + 1, now - dt.timedelta(hours=h)) for i, h in enumerate(ages_h)]
    made += [
        blocker(100 + i, now - dt.timedelta(hours=h), now - dt.timedelta(hours=1))
        for i, h in enumerate(resolved)
    ]
    assert queue_words(made, now, 24) == words
