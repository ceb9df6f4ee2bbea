"""One table for every run of every ceremony, with one change log.

``ceremony_session`` (the timer) and ``refinement_session`` (refinement's change log and poker
rounds) become ``ceremony_run``. Every ceremony session becomes a run with the same id. Every
refinement session is merged into the team's refinement run it overlaps in time, else it becomes
a run of its own with the team's refinement timebox; its changes and poker rounds follow it. An
open refinement stays open. Downgrading restores both old tables with the data.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import datetime as dt
import json

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

REFINE_TITLE = "Refine the top stories"
# Rule 9 for refinement (domain.timebox): 60 min per sprint-week, at most 120, at least 15.
PER_WEEK, CAP, FLOOR = 60, 120, 15
WARN_SECONDS = 120
QUEUE_LENGTH = 12  # ops.refinement.QUEUE_LENGTH


def _run_table() -> None:
    op.create_table(
        "ceremony_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("sprint_id", sa.Integer(), nullable=True),
        sa.Column("ceremony", sa.String(length=12), nullable=False),
        sa.Column("warn_seconds", sa.Integer(), nullable=False),
        sa.Column("current_item", sa.Integer(), nullable=False),
        sa.Column("running_since", sa.DateTime(), nullable=True),
        sa.Column("started_at", sa.DateTime(), nullable=True),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.Column("timebox_seconds", sa.Integer(), nullable=False),
        sa.Column("overtime_seconds", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), server_default="0", nullable=False),
        sa.Column("phase", sa.String(length=12), server_default="timer", nullable=False),
        sa.Column("queue", sa.Text(), server_default="[]", nullable=False),
        sa.CheckConstraint(
            "ceremony IN ('planning', 'refinement', 'standup', 'review', 'retro')",
            name=op.f("ck_ceremony_run_ceremony_known"),
        ),
        sa.CheckConstraint("position >= 0", name=op.f("ck_ceremony_run_position_not_negative")),
        sa.ForeignKeyConstraint(
            ["sprint_id"],
            ["sprint.id"],
            name=op.f("fk_ceremony_run_sprint_id_sprint"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["team_id"], ["team.id"], name=op.f("fk_ceremony_run_team_id_team"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ceremony_run")),
    )
    with op.batch_alter_table("ceremony_run", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ceremony_run_sprint_id"), ["sprint_id"], unique=False)
        batch_op.create_index(
            "ix_ceremony_run_team_ceremony", ["team_id", "ceremony", "ended_at"], unique=False
        )
    op.create_table(
        "run_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("story_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["ceremony_run.id"],
            name=op.f("fk_run_change_run_id_ceremony_run"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["story_id"],
            ["story.id"],
            name=op.f("fk_run_change_story_id_story"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_run_change")),
    )
    with op.batch_alter_table("run_change", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_run_change_run_id"), ["run_id"], unique=False)


def _moment(value: object) -> dt.datetime | None:
    """A stored naive-UTC datetime as read back by the driver (text on SQLite)."""
    if value is None or isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(str(value))


def _overlaps(
    start: dt.datetime | None, end: dt.datetime | None, run: sa.Row[tuple[object, ...]]
) -> bool:
    run_start, run_end = _moment(run.started_at), _moment(run.ended_at)
    if run_start is None or start is None:
        return False
    return (end is None or run_start <= end) and (run_end is None or start <= run_end)


def _refinement_minutes(bind: sa.Connection, team_id: int) -> int:
    chosen = bind.execute(
        sa.text(
            "SELECT minutes FROM team_timebox_default "
            "WHERE team_id = :t AND ceremony = 'refinement'"
        ),
        {"t": team_id},
    ).scalar()
    if chosen is not None:
        return int(chosen)
    days = bind.execute(
        sa.text("SELECT sprint_length_days FROM team WHERE id = :t"), {"t": team_id}
    ).scalar_one()
    return max(FLOOR, min(CAP, round(PER_WEEK * max(1, int(days)) / 5)))


def _merge_refinements(bind: sa.Connection) -> dict[int, int]:
    """Fold every refinement session into a run; returns refinement session id → run id."""
    runs = bind.execute(
        sa.text(
            "SELECT id, team_id, started_at, ended_at FROM ceremony_run "
            "WHERE ceremony = 'refinement' ORDER BY id"
        )
    ).all()
    sessions = bind.execute(
        sa.text("SELECT id, team_id, started_at, ended_at FROM refinement_session ORDER BY id")
    ).all()
    next_id = int(
        bind.execute(sa.text("SELECT coalesce(max(id), 0) FROM ceremony_run")).scalar_one()
    )
    target: dict[int, int] = {}
    for session in sessions:
        start, end = _moment(session.started_at), _moment(session.ended_at)
        run = next(
            (r for r in runs if r.team_id == session.team_id and _overlaps(start, end, r)), None
        )
        if run is not None:
            target[session.id] = run.id
            if end is None:  # an open refinement stays open after the upgrade
                bind.execute(
                    sa.text("UPDATE ceremony_run SET ended_at = NULL WHERE id = :r"),
                    {"r": run.id},
                )
                _walk(bind, run.id, session.team_id)
            continue
        next_id += 1
        seconds = _refinement_minutes(bind, session.team_id) * 60
        bind.execute(
            sa.text(
                "INSERT INTO ceremony_run (id, version, team_id, sprint_id, ceremony, "
                "warn_seconds, current_item, running_since, started_at, ended_at, "
                "timebox_seconds, overtime_seconds, position, phase, queue) VALUES "
                "(:i, 1, :t, NULL, 'refinement', :w, 0, NULL, :s, :e, :b, NULL, 0, :p, '[]')"
            ),
            {
                "i": next_id,
                "t": session.team_id,
                "w": WARN_SECONDS,
                "s": session.started_at,  # as stored: the driver's own format
                "e": session.ended_at,
                "b": seconds,
                "p": "timer" if end is None else "done",
            },
        )
        bind.execute(
            sa.text(
                "INSERT INTO agenda_item (run_id, position, title, timebox_seconds, "
                "elapsed_seconds) VALUES (:r, 0, :title, :b, 0)"
            ),
            {"r": next_id, "title": REFINE_TITLE, "b": seconds},
        )
        if end is None:
            _walk(bind, next_id, session.team_id)
        target[session.id] = next_id
    return target


def _walk(bind: sa.Connection, run_id: int, team_id: int) -> None:
    """An open refinement walks the top of the backlog as it stands (as it did before)."""
    ids = bind.execute(
        sa.text(
            "SELECT id FROM story WHERE team_id = :t AND status IN ('new', 'refined') "
            "ORDER BY rank LIMIT :n"
        ),
        {"t": team_id, "n": QUEUE_LENGTH},
    ).scalars()
    bind.execute(
        sa.text("UPDATE ceremony_run SET phase = 'walk', queue = :q WHERE id = :r"),
        {"q": json.dumps([int(i) for i in ids]), "r": run_id},
    )


def upgrade() -> None:
    """Apply this revision."""
    bind = op.get_bind()
    _run_table()
    bind.execute(
        sa.text(
            "INSERT INTO ceremony_run (id, version, team_id, sprint_id, ceremony, warn_seconds, "
            "current_item, running_since, started_at, ended_at, timebox_seconds, "
            "overtime_seconds, position, phase, queue) "
            "SELECT id, 1, team_id, sprint_id, ceremony, warn_seconds, current_item, "
            "running_since, started_at, ended_at, timebox_seconds, overtime_seconds, 0, "
            "CASE WHEN ended_at IS NULL THEN 'timer' ELSE 'done' END, '[]' FROM ceremony_session"
        )
    )
    for table in ("agenda_item", "timer_extension"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            if table == "timer_extension":
                batch_op.drop_index("ix_timer_extension_session_id")
            batch_op.drop_constraint(f"fk_{table}_session_id_ceremony_session", type_="foreignkey")
            batch_op.alter_column("session_id", new_column_name="run_id")
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_foreign_key(
                f"fk_{table}_run_id_ceremony_run",
                "ceremony_run",
                ["run_id"],
                ["id"],
                ondelete="CASCADE",
            )
            if table == "timer_extension":
                batch_op.create_index("ix_timer_extension_run_id", ["run_id"], unique=False)
    target = _merge_refinements(bind)
    for session_id, run_id in target.items():
        bind.execute(
            sa.text(
                "INSERT INTO run_change (id, run_id, story_id, at, kind, text) "
                "SELECT id, :r, story_id, at, kind, text FROM refinement_change "
                "WHERE session_id = :s"
            ),
            {"r": run_id, "s": session_id},
        )
    with op.batch_alter_table("poker_round", schema=None) as batch_op:
        batch_op.drop_constraint("fk_poker_round_session_id_refinement_session", type_="foreignkey")
        batch_op.alter_column("session_id", new_column_name="run_id")
    for session_id, run_id in target.items():
        bind.execute(
            # Negative first: a session id may equal another session's new run id.
            sa.text("UPDATE poker_round SET run_id = -:r WHERE run_id = :s"),
            {"r": run_id, "s": session_id},
        )
    bind.execute(sa.text("UPDATE poker_round SET run_id = -run_id WHERE run_id < 0"))
    with op.batch_alter_table("poker_round", schema=None) as batch_op:
        batch_op.create_foreign_key(
            "fk_poker_round_run_id_ceremony_run",
            "ceremony_run",
            ["run_id"],
            ["id"],
            ondelete="SET NULL",
        )
    op.drop_table("refinement_change")
    op.drop_table("refinement_session")
    op.drop_table("ceremony_session")


def _old_tables() -> None:
    """The tables of revisions 0003 and 0005 that this revision replaces, as they were."""
    op.create_table(
        "ceremony_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("sprint_id", sa.Integer(), nullable=True),
        sa.Column("ceremony", sa.String(length=12), nullable=False),
        sa.Column("warn_seconds", sa.Integer(), nullable=False),
        sa.Column("current_item", sa.Integer(), nullable=False),
        sa.Column("running_since", sa.DateTime(), nullable=True),
        sa.Column("started_at", sa.DateTime(), nullable=True),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.Column("timebox_seconds", sa.Integer(), nullable=False),
        sa.Column("overtime_seconds", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "ceremony IN ('planning', 'refinement', 'standup', 'review', 'retro')",
            name=op.f("ck_ceremony_session_ceremony_known"),
        ),
        sa.ForeignKeyConstraint(
            ["sprint_id"],
            ["sprint.id"],
            name=op.f("fk_ceremony_session_sprint_id_sprint"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["team.id"],
            name=op.f("fk_ceremony_session_team_id_team"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ceremony_session")),
    )
    with op.batch_alter_table("ceremony_session", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_ceremony_session_sprint_id"), ["sprint_id"], unique=False
        )
        batch_op.create_index(
            "ix_ceremony_session_team_ceremony", ["team_id", "ceremony", "ended_at"], unique=False
        )
    op.create_table(
        "refinement_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["team.id"],
            name=op.f("fk_refinement_session_team_id_team"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_refinement_session")),
    )
    with op.batch_alter_table("refinement_session", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_refinement_session_team_id"), ["team_id"], unique=False
        )
    op.create_table(
        "refinement_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["refinement_session.id"],
            name=op.f("fk_refinement_change_session_id_refinement_session"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["story_id"],
            ["story.id"],
            name=op.f("fk_refinement_change_story_id_story"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_refinement_change")),
    )
    with op.batch_alter_table("refinement_change", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_refinement_change_session_id"), ["session_id"], unique=False
        )


def downgrade() -> None:
    """Revert this revision: every run back to a ceremony session (same id); every refinement
    run is also a refinement session (same id) holding its change log and poker rounds."""
    bind = op.get_bind()
    _old_tables()
    bind.execute(
        sa.text(
            "INSERT INTO ceremony_session (id, team_id, sprint_id, ceremony, warn_seconds, "
            "current_item, running_since, started_at, ended_at, timebox_seconds, "
            "overtime_seconds) SELECT id, team_id, sprint_id, ceremony, warn_seconds, "
            "current_item, running_since, started_at, ended_at, timebox_seconds, "
            "overtime_seconds FROM ceremony_run"
        )
    )
    bind.execute(
        sa.text(
            "INSERT INTO refinement_session (id, team_id, started_at, ended_at) "
            "SELECT r.id, r.team_id, coalesce(r.started_at, "
            "(SELECT min(c.at) FROM run_change c WHERE c.run_id = r.id), "
            "(SELECT t.created_at FROM team t WHERE t.id = r.team_id)), r.ended_at "
            "FROM ceremony_run r WHERE r.ceremony = 'refinement'"
        )
    )
    bind.execute(
        sa.text(
            "INSERT INTO refinement_change (id, session_id, story_id, at, kind, text) "
            "SELECT c.id, c.run_id, c.story_id, c.at, c.kind, c.text FROM run_change c "
            "JOIN ceremony_run r ON r.id = c.run_id "
            "WHERE r.ceremony = 'refinement' AND c.story_id IS NOT NULL"
        )
    )
    with op.batch_alter_table("poker_round", schema=None) as batch_op:
        batch_op.drop_constraint("fk_poker_round_run_id_ceremony_run", type_="foreignkey")
        batch_op.alter_column("run_id", new_column_name="session_id")
    bind.execute(
        sa.text(
            "UPDATE poker_round SET session_id = NULL WHERE session_id NOT IN "
            "(SELECT id FROM refinement_session)"
        )
    )
    with op.batch_alter_table("poker_round", schema=None) as batch_op:
        batch_op.create_foreign_key(
            "fk_poker_round_session_id_refinement_session",
            "refinement_session",
            ["session_id"],
            ["id"],
            ondelete="SET NULL",
        )
    for table in ("agenda_item", "timer_extension"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            if table == "timer_extension":
                batch_op.drop_index("ix_timer_extension_run_id")
            batch_op.drop_constraint(f"fk_{table}_run_id_ceremony_run", type_="foreignkey")
            batch_op.alter_column("run_id", new_column_name="session_id")
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_foreign_key(
                f"fk_{table}_session_id_ceremony_session",
                "ceremony_session",
                ["session_id"],
                ["id"],
                ondelete="CASCADE",
            )
            if table == "timer_extension":
                batch_op.create_index("ix_timer_extension_session_id", ["session_id"], unique=False)
    op.drop_table("run_change")
    op.drop_table("ceremony_run")
