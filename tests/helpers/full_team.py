"""Rows for the tables the demo leaves empty, so that a dump of the demo holds every table."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from facilitator.ops.dump_tables import table
from facilitator.store.db import Store

AT = dt.datetime(2026, 11, 2, 9, 30, tzinfo=dt.UTC)


def _first(session: Session, name: str, team_id: int, column: str = "id") -> int:
    t = table(name)
    value = session.scalar(select(t.c[column]).where(t.c.team_id == team_id).order_by(t.c[column]))
    assert value is not None, name
    return int(value)


def fill_empty_tables(store: Store) -> None:
    """Give the first team (by id) a row in each dumped table the demo generator leaves empty."""
    with store.session() as s:
        team = int(s.scalar(select(func.min(table("team").c.id))) or 0)
        member = _first(s, "member", team)
        sprint = _first(s, "sprint", team)
        story = _first(s, "story", team)
        run = _first(s, "ceremony_run", team)
        planning = s.scalar(
            select(table("planning").c.run_id)
            .join(table("ceremony_run"), table("ceremony_run").c.id == table("planning").c.run_id)
            .where(table("ceremony_run").c.team_id == team)
        )
        assert planning is not None
        rows: list[tuple[str, dict[str, object]]] = [
            ("team_dor_item", {"team_id": team, "position": 0, "text": "Criteria written"}),
            ("member_week", {"member_id": member, "days": 4}),
            (
                "team_holiday",
                {"team_id": team, "location": "PT", "day": dt.date(2026, 12, 25), "name": "Natal"},
            ),
            (
                "team_presenter_setting",
                {
                    "team_id": team,
                    "scale": 1.5,
                    "high_contrast": True,
                    "sound": False,
                    "warn_seconds": 90,
                },
            ),
            ("team_timebox_default", {"team_id": team, "ceremony": "standup", "minutes": 12}),
            (
                "member_availability",
                {"sprint_id": sprint, "member_id": member, "allocation_pct": 50.0},
            ),
            (
                "member_day_off",
                {
                    "member_id": member,
                    "sprint_id": sprint,
                    "day": dt.date(2026, 11, 4),
                    "fraction": 0.5,
                },
            ),
            (
                "timer_extension",
                {"run_id": run, "position": 0, "minutes": 5, "reason": "Demo ran long", "at": AT},
            ),
            (
                "run_change",
                {"run_id": run, "story_id": story, "at": AT, "kind": "estimate", "text": "3 → 5"},
            ),
            (
                "planning_act",
                {
                    "run_id": planning,
                    "kind": "entry",
                    "story_id": story,
                    "key": "K",
                    "title": "T",
                    "points": 3.0,
                    "by_id": member,
                    "by_name": "Someone",
                    "at": AT,
                },
            ),
        ]
        for name, values in rows:
            s.execute(insert(table(name)).values(values))
        item = _first(s, "team_dor_item", team)
        s.execute(
            insert(table("story_dor_check")).values(story_id=story, item_id=item, checked_at=AT)
        )
        poker = s.execute(
            insert(table("poker_round")).values(
                run_id=run, story_id=story, agreed=5.0, revealed_at=AT
            )
        ).inserted_primary_key
        assert poker is not None
        s.execute(insert(table("poker_vote")).values(round_id=poker[0], voter="Ana", value=5.0))
