"""Planning's presenter keys that need answers, asked on the stage (no dialog, no mouse).

A capacity (the proposal on Return), a member's availability, the reason a story is skipped,
the owner and mitigation of a story's open risks, the sprint goal and who confirms as which side:
each is a short chain of :class:`~facilitator.ui.widgets.stage_questions.Ask`, and the last answer
runs the same op as the form outside presenter mode.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from facilitator.domain.availability import DayOff
from facilitator.domain.capacity import check_capacity
from facilitator.domain.dates import day_month
from facilitator.domain.forecast import points_words
from facilitator.domain.ids import MemberId
from facilitator.domain.planning import Confirmer
from facilitator.errors import InputError
from facilitator.ops import planning as ops
from facilitator.ops.changes import ActionContext, Changes
from facilitator.ops.planning_added import add_mid_sprint
from facilitator.store.db import Store
from facilitator.ui.widgets.stage_questions import Answer, Ask

if TYPE_CHECKING:
    from facilitator.ui.screens.planning import PlanningScreen

Act = Callable[[Store, ActionContext], Changes]
SIDES: tuple[tuple[str, Confirmer], ...] = (
    ("Product Owner", Confirmer.PRODUCT_OWNER),
    ("Delivery lead", Confirmer.DELIVERY_LEAD),
)


def points_typed(text: str, proposed: float) -> float:
    """What was typed as a capacity: empty takes the proposal.

    Raises:
        InputError: not a number.
    """
    typed = text.strip().replace(",", ".")
    if not typed:
        return round(proposed, 1)
    try:
        points = float(typed)
    except ValueError:
        raise InputError(f"Capacity: “{text.strip()}” is not a number of points") from None
    check_capacity(points)  # refused as typed, not after the reason is asked too
    return points


def parse_days_off(text: str) -> list[DayOff]:
    """``2026-12-03, 2026-12-04 0.5`` → days off (a number after a date is the part off).

    Raises:
        InputError: a date or fraction cannot be read.
    """
    days = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        words = part.split()
        try:
            day = dt.date.fromisoformat(words[0])
            fraction = float(words[1]) if len(words) > 1 else 1.0
        except ValueError:
            raise InputError(
                f"Days off: “{part}” is not a date like 2026-12-03 (add 0.5 for half a day)"
            ) from None
        days.append(DayOff(day, fraction))
    return days


def _points_refused(typed: Answer, proposed: float) -> str:
    try:
        points_typed(str(typed), proposed)
    except InputError as refused:
        return str(refused)
    return ""


def _date_refused(typed: Answer) -> str:
    try:
        dt.date.fromisoformat(str(typed).strip())
    except ValueError:
        return f"Holiday date: “{str(typed).strip()}” is not a date like 2026-12-24"
    return ""


class PlanningAsks:
    """The questions of planning's presenter keys A, V, K, R, G and Y."""

    def __init__(self, screen: PlanningScreen) -> None:
        """Ask on ``screen``'s stage and act through its runner; its buttons that ask too."""
        self.screen = screen
        screen.mid_sprint_button.clicked.connect(self.mid_sprint)
        screen.holiday_button.clicked.connect(self.holiday)

    def _act(self, act: Act, done: str) -> Callable[[Callable[[str], None]], bool]:
        return lambda refuse: self.screen.run_action(act, refuse, done) is not None

    def capacity(self) -> None:
        """A: the capacity in points; a raise after the first choice also asks why."""
        view = self.screen.view
        if view is None:
            return
        proposed, first = view.proposal.points, view.choice is None
        by = self.screen.acting_member()

        def step(answers: Sequence[Answer]) -> Ask | None:
            if not answers:
                return Ask(
                    f"Capacity of {view.sprint.name} in points "
                    f"(proposed {proposed:.1f}; Return on empty takes it)",
                    "Capacity in points",
                    f"{proposed:.1f}",
                    check=lambda typed: _points_refused(typed, proposed),
                )
            if len(answers) == 1 and not first:
                return Ask("Why does the capacity change?", "Capacity reason", "The reason")
            return None

        def finish(answers: Sequence[Answer], refuse: Callable[[str], None]) -> bool:
            try:
                points = points_typed(str(answers[0]), proposed)
            except InputError as refused:
                refuse(str(refused))
                return False
            if first:
                act: Act = lambda s, c: ops.choose_capacity_points(s, c, points, by)  # noqa: E731
            else:
                reason = str(answers[1])
                act = lambda s, c: ops.raise_capacity(s, c, points, reason, by)  # noqa: E731
            return self._act(act, f"Capacity {points_words(points)}")(refuse)

        self.screen.questions.ask(step, finish)

    def availability(self) -> None:
        """V: a member's allocation and days off."""
        view = self.screen.view
        if view is None:
            return
        members = {int(m.id): m for m in view.members}

        def step(answers: Sequence[Answer]) -> Ask | None:
            if not answers:
                choices = [(f"{m.name} ({m.timezone})", i) for i, m in members.items()]
                return Ask("Whose availability?", "Member", choices=choices)
            name = members[int(answers[0])].name
            if len(answers) == 1:
                return Ask(f"{name}: allocation % (100 = full time)", "Allocation %", filled="100")
            if len(answers) == 2:
                return Ask(
                    f"{name}: days off in the sprint (empty for none)",
                    "Days off",
                    "2026-12-03, 2026-12-04 0.5",
                )
            return None

        def finish(answers: Sequence[Answer], refuse: Callable[[str], None]) -> bool:
            member, typed = MemberId(int(answers[0])), str(answers[1]).strip().rstrip("%")
            try:
                allocation = float(typed.replace(",", "."))
                days = parse_days_off(str(answers[2]))
            except ValueError:
                refuse(f"Allocation: “{typed}” is not a percentage")
                return False
            except InputError as refused:
                refuse(str(refused))
                return False
            act: Act = lambda s, c: ops.set_availability(s, c, member, allocation, days)  # noqa: E731
            return self._act(act, f"Availability of {members[int(member)].name} saved")(refuse)

        self.screen.questions.ask(step, finish)

    def skip(self) -> None:
        """K: skip the next Ready story, with the reason asked."""
        key = self.screen.next_key()
        if key is None:
            self.screen.say("✗ No Ready story is left to skip")
            return
        by = self.screen.acting_member()

        def step(answers: Sequence[Answer]) -> Ask | None:
            return None if answers else Ask(f"Why is {key} skipped?", "Skip reason", "The reason")

        def finish(answers: Sequence[Answer], refuse: Callable[[str], None]) -> bool:
            reason = str(answers[0])
            act: Act = lambda s, c: ops.skip(s, c, key, reason, by)  # noqa: E731
            return self._act(act, f"{key} skipped")(refuse)

        self.screen.questions.ask(step, finish)

    def acknowledge(self) -> None:
        """R: a forecast story's open dependencies and risks get an owner and a mitigation."""
        view = self.screen.view
        if view is None:
            return
        forecast = view.planning.forecast
        waiting = [
            e for e in forecast.entries if e.open_items and not forecast.acknowledgement(e.key)
        ]
        if not waiting:
            self.screen.say("✓ No forecast story has an open risk left to acknowledge")
            return
        owners = [(m.name, int(m.id)) for m in view.members]
        by = self.screen.acting_member()

        def step(answers: Sequence[Answer]) -> Ask | None:
            if not answers:
                stories = [
                    (f"{e.key}: {'; '.join(e.open_items)}", i) for i, e in enumerate(waiting)
                ]
                return Ask("Which story's risks?", "Story to acknowledge", choices=stories)
            key = waiting[int(answers[0])].key
            if len(answers) == 1:
                return Ask(f"Who owns the risks of {key}?", "Owner", choices=owners)
            if len(answers) == 2:
                return Ask(f"How are the risks of {key} mitigated?", "Mitigation", "The plan")
            return None

        def finish(answers: Sequence[Answer], refuse: Callable[[str], None]) -> bool:
            key, owner, plan = waiting[int(answers[0])].key, MemberId(int(answers[1])), answers[2]
            act: Act = lambda s, c: ops.acknowledge(s, c, key, owner, str(plan), by)  # noqa: E731
            return self._act(act, f"{key} acknowledged")(refuse)

        self.screen.questions.ask(step, finish)

    def goal(self) -> None:
        """G: write (or rewrite) the sprint goal."""
        view = self.screen.view
        if view is None:
            return
        current = view.planning.forecast.goal

        def step(answers: Sequence[Answer]) -> Ask | None:
            if answers:
                return None
            return Ask(
                f"The goal of {view.sprint.name}, in one sentence",
                "Sprint goal",
                "What the sprint achieves",
                filled=current,
            )

        def finish(answers: Sequence[Answer], refuse: Callable[[str], None]) -> bool:
            goal = str(answers[0])
            return self._act(lambda s, c: ops.set_goal(s, c, goal), "Sprint goal set")(refuse)

        self.screen.questions.ask(step, finish)

    def confirm(self) -> None:
        """Y: a member confirms the forecast as Product Owner or delivery lead."""
        view = self.screen.view
        if view is None:
            return
        members = {int(m.id): m for m in view.members}

        def step(answers: Sequence[Answer]) -> Ask | None:
            if not answers:
                choices = [(f"{m.name} ({m.role_label})", i) for i, m in members.items()]
                return Ask("Who confirms the forecast?", "Who confirms", choices=choices)
            if len(answers) == 1:
                name = members[int(answers[0])].name
                sides = [(label, i) for i, (label, _) in enumerate(SIDES)]
                return Ask(f"{name} confirms as", "Side", choices=sides)
            return None

        def finish(answers: Sequence[Answer], refuse: Callable[[str], None]) -> bool:
            who, (label, side) = MemberId(int(answers[0])), SIDES[int(answers[1])]
            act: Act = lambda s, c: ops.confirm(s, c, who, side)  # noqa: E731
            return self._act(act, f"{members[int(who)].name} confirmed as {label}")(refuse)

        self.screen.questions.ask(step, finish)

    def mid_sprint(self) -> None:
        """M: once planning closed, a story from the top of the backlog joins the sprint as
        added mid-sprint (the frozen forecast stays as it was)."""
        view = self.screen.view
        if view is None:
            return
        if not view.planning.closed:
            self.screen.say("✗ Planning is still open: pull the story into the forecast (P)")
            return
        in_forecast = set(view.planning.forecast.keys)
        waiting = [c for c in view.backlog if c.key not in in_forecast]
        if not waiting:
            self.screen.say("✗ No story is waiting at the top of the backlog")
            return
        by = self.screen.acting_member()

        def step(answers: Sequence[Answer]) -> Ask | None:
            if answers:
                return None
            choices = [
                (f"{c.key}  {c.title} · {_amount(c.points)}", n) for n, c in enumerate(waiting)
            ]
            question = f"Which story joins {view.sprint.name} mid-sprint?"
            return Ask(question, "Story added mid-sprint", choices=choices)

        def finish(answers: Sequence[Answer], refuse: Callable[[str], None]) -> bool:
            key = waiting[int(answers[0])].key
            act: Act = lambda s, c: add_mid_sprint(s, c, key, by)  # noqa: E731
            return self._act(act, f"{key} added to {view.sprint.name} mid-sprint")(refuse)

        self.screen.questions.ask(step, finish)

    def holiday(self) -> None:
        """H: a public holiday where some members live (their time zone names the place); it
        comes off those members' working days in this sprint's availability."""
        view = self.screen.view
        if view is None:
            return
        places = sorted({m.timezone for m in view.members})

        def step(answers: Sequence[Answer]) -> Ask | None:
            if not answers:
                choices = [(place, n) for n, place in enumerate(places)]
                return Ask("Where is it a public holiday?", "Holiday location", choices=choices)
            place = places[int(answers[0])]
            if len(answers) == 1:
                return Ask(
                    f"Which day is a holiday in {place}?",
                    "Holiday date",
                    "2026-12-24",
                    check=_date_refused,
                )
            if len(answers) == 2:
                return Ask("What is the holiday called?", "Holiday name", "Christmas Eve")
            return None

        def finish(answers: Sequence[Answer], refuse: Callable[[str], None]) -> bool:
            place, name = places[int(answers[0])], str(answers[2])
            day = dt.date.fromisoformat(str(answers[1]).strip())  # checked when typed
            act: Act = lambda s, c: ops.add_holiday(s, c, place, day, name)  # noqa: E731
            return self._act(act, f"{name.strip() or 'Holiday'} on {day_month(day)} in {place}")(
                refuse
            )

        self.screen.questions.ask(step, finish)


def _amount(points: float | None) -> str:
    """A story's estimate with its unit, ``? pts`` when it has none."""
    return "? pts" if points is None else points_words(points)
