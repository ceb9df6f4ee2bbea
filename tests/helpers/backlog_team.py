"""A small team with a PO, an engineer, a QA and a Scrum master, and ten stories (S1 step 3)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from PySide6.QtWidgets import QWidget

from facilitator.domain.ids import MemberId, RunId, StoryId, TeamId
from facilitator.domain.model import StoryType
from facilitator.ops import story_editing as edit
from facilitator.ops.backlog import create_story, load_backlog
from facilitator.ops.changes import ActionContext
from facilitator.ops.teams import create_team
from facilitator.store.db import Store
from facilitator.store.models import MemberRow
from facilitator.ui.dialogs import Dialogs

NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)


@dataclass(frozen=True)
class BacklogTeam:
    """Ids of what :func:`make_team` created."""

    team: TeamId
    po: MemberId
    engineer: MemberId
    qa: MemberId
    scrum_master: MemberId
    stories: list[StoryId]


def make_team(store: Store, stories: int = 10) -> BacklogTeam:
    """Create team Payments with four members and ``stories`` stories PAY-1….

    Args:
        store: a migrated, empty store.
        stories: how many stories to add.

    Returns:
        The ids.
    """
    team = create_team(store, "Payments", 10, ["Tested"])
    ids: dict[str, MemberId] = {}
    with store.session() as session:
        for name, role in (
            ("Anna PO", "product_owner"),
            ("Lucas Engineer", "engineer"),
            ("Tomas QA", "qa"),
            ("Joao SM", "scrum_master"),
        ):
            row = MemberRow(
                team_id=team,
                name=name,
                role=role,
                side="in_house",
                seniority="senior",
                timezone="Europe/Berlin",
                work_start_min=540,
                work_end_min=1020,
                active=True,
            )
            session.add(row)
            session.flush()
            ids[role] = MemberId(row.id)
    made = [
        new_story(store, team, f"Story number {n}", StoryType.STORY) for n in range(1, stories + 1)
    ]
    return BacklogTeam(
        team, ids["product_owner"], ids["engineer"], ids["qa"], ids["scrum_master"], made
    )


def new_story(
    store: Store, team: TeamId, title: str, kind: StoryType, now: dt.datetime = NOW
) -> StoryId:
    """Add a story through the op, as the Backlog screen does; its id."""
    made = create_story(store, ActionContext(now, team), title, kind).created
    assert made is not None
    return StoryId(made)


def new_assumption(store: Store, story: StoryId, text: str, now: dt.datetime = NOW) -> int:
    """Record an assumption through the op; its id."""
    made = edit.add_assumption(store, ActionContext(now), story, text).created
    assert made is not None
    return made


def new_criterion(
    store: Store,
    story: StoryId,
    text: str,
    author: MemberId,
    now: dt.datetime = NOW,
    run: RunId | None = None,
) -> int:
    """Add an acceptance criterion through the op (in ``run`` when given); its id."""
    made = edit.add_criterion(store, ActionContext(now, run_id=run), story, text, author).created
    assert made is not None
    return made


def make_ready(store: Store, t: BacklogTeam, story: StoryId, points: str = "3") -> None:
    """Give a story a PO-written criterion, a reviewed assumption and a committed estimate."""
    new_criterion(store, story, "Given a card, when paid, then a receipt shows", t.po)
    assumption = new_assumption(store, story, "The rates service exists")
    edit.review_assumption(store, ActionContext(NOW), assumption, t.engineer)
    edit.commit_estimate(store, ActionContext(NOW, t.team), story, points, t.engineer)


@dataclass
class AnsweringDialogs(Dialogs):
    """Stands in for :class:`Dialogs`: records every question and gives a canned answer."""

    answer: bool = True
    confirms: list[tuple[str, str]] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)

    def error(self, parent: QWidget | None, title: str, text: str) -> None:
        """Record an error instead of showing a modal box."""
        self.errors.append((title, text))

    def confirm(self, parent: QWidget | None, title: str, text: str) -> bool:
        """Record the question; answer with :attr:`answer`."""
        self.confirms.append((title, text))
        return self.answer


def ranks(store: Store, team_id: TeamId) -> dict[int, int]:
    """Every story's stored rank, by id."""
    listing = load_backlog(store, team_id)
    return dict(zip(listing.ids, listing.ranks, strict=True))


def rows_moved(before: dict[int, int], after: dict[int, int]) -> int:
    """How many stories' ranks differ between two snapshots (what a move wrote)."""
    return sum(1 for story, rank in after.items() if before.get(story) != rank)
