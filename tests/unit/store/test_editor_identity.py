"""Every write records who made it; a stale edit's refusal names them."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from facilitator.errors import StaleEdit
from facilitator.ops import story_editing as edit
from facilitator.ops.changes import ActionContext
from facilitator.store.db import Store, target_from
from facilitator.store.identity import EDITOR_ENV, local_editor
from facilitator.store.migrate import open_store
from facilitator.store.models import StoryRow
from tests.helpers.backlog_team import make_team

NOW = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


def test_the_name_is_the_account_and_machine_or_the_chosen_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(EDITOR_ENV, raising=False)
    monkeypatch.setattr("getpass.getuser", lambda: "ana")
    monkeypatch.setattr("socket.gethostname", lambda: "laptop-3")
    assert local_editor() == "ana on laptop-3"
    monkeypatch.setenv(EDITOR_ENV, "  Facilitation   kiosk ")
    assert local_editor() == "Facilitation kiosk"
    monkeypatch.setenv(EDITOR_ENV, "bad\x07name")  # not text: the account is used instead
    assert local_editor() == "ana on laptop-3"
    monkeypatch.setenv(EDITOR_ENV, "x" * 121)  # longer than the column: the account
    assert local_editor() == "ana on laptop-3"


def test_an_account_without_a_name_is_someone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(EDITOR_ENV, raising=False)

    def no_user() -> str:
        raise KeyError("getpwuid(): uid not found: 1000")

    monkeypatch.setattr("getpass.getuser", no_user)
    monkeypatch.setattr("socket.gethostname", lambda: "")
    assert local_editor() == "someone on this computer"


def test_a_stale_save_names_who_saved_first(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite3"
    mine = open_store(target_from(path))
    mine.editor = "ana on laptop-3"
    theirs = Store(mine.engine, mine.target, editor="ben on desk-7")
    story = make_team(mine, stories=1).stories[0]
    v = edit.story_fields(mine, story).version
    edit.update_story(theirs, ActionContext(NOW), story, title="Theirs", read_version=v)
    with pytest.raises(StaleEdit) as refused:
        edit.update_story(mine, ActionContext(NOW), story, description="Mine", read_version=v)
    assert "changed elsewhere by ben on desk-7 at " in str(refused.value)
    with mine.session() as session:
        row = session.get(StoryRow, story)
        assert row is not None
        assert row.changed_by == "ben on desk-7"
        assert row.changed_at is not None
        assert row.changed_at.tzinfo is not None
    mine.close()


def test_rows_written_before_the_upgrade_name_nobody(tmp_path: Path) -> None:
    from alembic import command
    from alembic.config import Config

    from facilitator.store.db import create_sqlite_engine
    from facilitator.store.migrate import MIGRATIONS_DIR

    path = tmp_path / "old.sqlite3"
    store = open_store(target_from(path))
    story = make_team(store, stories=1).stories[0]
    store.close()
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    engine = create_sqlite_engine(path)
    with engine.connect() as conn, conn.begin():
        config.attributes["connection"] = conn
        command.downgrade(config, "0007")
    engine.dispose()
    with sqlite3.connect(path) as conn:
        columns = [row[1] for row in conn.execute("PRAGMA table_info(story)")]
        assert "changed_by" not in columns
    conn.close()
    upgraded = open_store(target_from(path))
    with upgraded.session() as session:
        row = session.get(StoryRow, story)
        assert row is not None
        assert (row.changed_by, row.changed_at) == (None, None)
    v = edit.story_fields(upgraded, story).version
    with upgraded.session() as session:  # someone saves with an old program (no name)
        session.execute(StoryRow.__table__.update().values(title="Old program", version=9))
    with pytest.raises(StaleEdit, match=r"^\S+ was changed elsewhere since you opened it"):
        edit.update_story(upgraded, ActionContext(NOW), story, title="Mine", read_version=v)
    upgraded.close()
