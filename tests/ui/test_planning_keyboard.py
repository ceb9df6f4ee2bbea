"""Planning by keyboard alone: Tab reaches every control in reading order with no trap, and in
presenter mode the planning keys open, pull, refuse, declare full and close."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QListWidget, QScrollArea, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import text as text_sql

from facilitator.domain.ids import StoryId
from facilitator.ops import story_context
from facilitator.ops.changes import ActionContext
from facilitator.store.db import Store
from facilitator.ui.keys_line import key_group
from facilitator.ui.main_window import SCREENS, MainWindow
from facilitator.ui.screens.planning import PlanningScreen
from tests.helpers.backlog_team import NOW, make_ready, make_team
from tests.helpers.scenario import Clock, find, open_window, text
from tests.helpers.scenario import rows as rows_of
from tests.helpers.tab_walk import names, walk_tab_order

ORDER = [
    "plan_backlog",
    "plan_pull",
    "plan_skip_reason",
    "plan_skip",
    "plan_forecast",
    "plan_remove",
    "plan_full",
    "plan_capacity",
    "plan_capacity_reason",
    "plan_set_capacity",
    "plan_avail_member",
    "plan_allocation",
    "plan_days_off",
    "plan_set_availability",
    "plan_ack_story",
    "plan_ack_owner",
    "plan_ack_mitigation",
    "plan_acknowledge",
    "plan_goal",
    "plan_set_goal",
    "plan_confirm_member",
    "plan_confirm_po",
    "plan_confirm_lead",
    "plan_close",
    "plan_reopen_reason",
]


def _window(qtbot: QtBot, store: Store) -> tuple[MainWindow, PlanningScreen]:
    team = make_team(store, stories=4)
    for story in team.stories[:3]:
        make_ready(store, team, story, "3")
    window = open_window(qtbot, store, Clock(NOW))
    window.resize(1280, 720)
    row = next(i for i, factory in enumerate(SCREENS) if factory.title == "Planning")
    find(window, QListWidget, "nav").setCurrentRow(row)
    screen = window.findChild(QWidget, "planning_screen")
    assert isinstance(screen, PlanningScreen)
    return window, screen


def _focused() -> str:
    widget = QApplication.focusWidget()
    return "" if widget is None else widget.objectName()


def _tab_to(qtbot: QtBot, name: str) -> None:
    for _ in range(80):
        if _focused() == name:
            return
        widget = QApplication.focusWidget()
        assert widget is not None
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {name}")


def _in_order(walked: list[str], expected: list[str]) -> None:
    positions = [walked.index(name) for name in expected]
    assert positions == sorted(positions), walked


def test_tab_reaches_every_planning_control_in_order(qtbot: QtBot, store: Store) -> None:
    window, screen = _window(qtbot, store)
    walked = names(walk_tab_order(qtbot, find(window, QWidget, "nav")))
    assert "plan_open" in walked
    screen.open_planning()
    walked = names(walk_tab_order(qtbot, find(window, QWidget, "nav")))
    _in_order(walked, ORDER)


def test_planning_by_keyboard_alone(qtbot: QtBot, store: Store) -> None:
    window, screen = _window(qtbot, store)
    find(window, QWidget, "nav").setFocus()
    _tab_to(qtbot, "plan_open")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert screen.view is not None
    _tab_to(qtbot, "plan_capacity")
    spin = QApplication.focusWidget()
    assert spin is not None
    qtbot.keyClick(spin, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(spin, "7")
    _tab_to(qtbot, "plan_set_capacity")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert screen.view is not None
    assert screen.view.planning.forecast.capacity == 7

    qtbot.keyClick(window, Qt.Key.Key_F11)
    assert screen.presenter
    for key in (Qt.Key.Key_P, Qt.Key.Key_P):
        qtbot.keyClick(window, key)
    assert text(window, "plan_bar_words") == "6 / 7 pts"
    assert screen.room_view().progress.endswith("6 / 7 pts")
    qtbot.keyClick(window, Qt.Key.Key_P)
    assert "would make 9 / 7 pts" in text(window, "plan_error")
    qtbot.keyClick(window, Qt.Key.Key_X)
    assert text(window, "plan_bar_words") == "3 / 7 pts"
    qtbot.keyClick(window, Qt.Key.Key_P)
    qtbot.keyClick(window, Qt.Key.Key_F)
    assert "declared full by" in text(window, "plan_forecast_lines")
    qtbot.keyClick(window, Qt.Key.Key_C)
    assert "Planning cannot close yet: write the sprint goal" in text(window, "plan_error")


def _in_view(widget: QWidget) -> bool:
    """Every pixel of ``widget`` is inside the viewport of the scroll area holding it."""
    scroll = widget.parentWidget()
    while scroll is not None and not isinstance(scroll, QScrollArea):
        scroll = scroll.parentWidget()
    assert scroll is not None
    viewport = scroll.viewport()
    top_left = widget.mapTo(viewport, widget.rect().topLeft())
    bottom_right = widget.mapTo(viewport, widget.rect().bottomRight())
    return viewport.rect().contains(top_left) and viewport.rect().contains(bottom_right)


def _answer(qtbot: QtBot, window: MainWindow, typed: str = "", *, down: int = 0) -> None:
    """Answer the question open on the stage: type a line, or pick the ``down``-th entry."""
    field = QApplication.focusWidget()
    assert field is not None
    assert field.objectName().startswith("plan_prompt"), _focused()
    if field.objectName() == "plan_prompt_choices":
        for _ in range(down + 1):
            qtbot.keyClick(field, Qt.Key.Key_Down)
    else:
        qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClick(field, Qt.Key.Key_Backspace)
        qtbot.keyClicks(field, typed)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def test_presenter_mode_plans_a_whole_sprint_by_keys_asked_on_the_stage(
    qtbot: QtBot, store: Store
) -> None:
    """Capacity, availability, a skip, the goal and both confirmations without leaving the
    stage: each key asks on the stage, letters typed there are text (not keys), a refused
    answer stays with its reason, and Esc drops a question without ending presenter mode."""
    window, screen = _window(qtbot, store)
    qtbot.keyClick(window, Qt.Key.Key_F11)
    assert screen.presenter
    assert window.presenter.hints.text().startswith(key_group("O", "open planning"))
    qtbot.keyClick(window, Qt.Key.Key_O)
    assert screen.view is not None
    assert key_group("A", "capacity") in window.presenter.hints.text()

    qtbot.keyClick(window, Qt.Key.Key_A)
    assert "Capacity of" in text(window, "plan_prompt_question")
    assert window.presenter.hints.text().startswith(key_group("Return", "confirm"))
    _answer(qtbot, window, "seven")  # P, X, C typed here are letters, not planning keys
    assert "“seven” is not a number of points" in text(window, "plan_prompt_message")
    assert screen.view.planning.forecast.entries == ()
    _answer(qtbot, window, "7")
    assert not screen.prompt.isVisible()
    assert text(window, "plan_bar_words") == "0 / 7 pts"

    qtbot.keyClick(window, Qt.Key.Key_V)
    _answer(qtbot, window, down=1)  # the second member
    _answer(qtbot, window, "50")
    _answer(qtbot, window, "someday")
    assert "“someday” is not a date" in text(window, "plan_prompt_message")
    _answer(qtbot, window, "")
    assert "10 × 50 % = 5.0 person-days" in text(window, "plan_availability")

    qtbot.keyClick(window, Qt.Key.Key_P)
    nxt = screen.next_key()
    qtbot.keyClick(window, Qt.Key.Key_K)
    assert f"Why is {nxt} skipped?" == text(window, "plan_prompt_question")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)  # drop the question
    assert screen.presenter
    assert not screen.prompt.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_K)
    _answer(qtbot, window, "Waiting for the bank's sandbox")
    assert "skipped: Waiting for the bank's sandbox" in "".join(
        screen.backlog.item(i).text() for i in range(screen.backlog.count())
    )

    qtbot.keyClick(window, Qt.Key.Key_G)
    _answer(qtbot, window, "Refunds without calling support")
    assert screen.view.planning.forecast.goal == "Refunds without calling support"
    order = [m.name for m in screen.view.members]
    for _ in range(4):  # larger type for the back of the room: the question is below the fold
        qtbot.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, Qt.Key.Key_Y)
    _answer(qtbot, window, down=order.index("Lucas Engineer"))
    qtbot.waitUntil(lambda: _in_view(screen.prompt.choices))  # scrolled to, not cut off at 720
    _answer(qtbot, window, down=0)  # as Product Owner: refused, his role is Engineer
    assert "cannot confirm as Product Owner" in text(window, "plan_prompt_message")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    for who, side in (("Anna PO", 0), ("Joao SM", 1)):  # Product Owner, delivery lead
        qtbot.keyClick(window, Qt.Key.Key_Y)
        _answer(qtbot, window, down=order.index(who))
        _answer(qtbot, window, down=side)
    assert "confirmed as Delivery lead" in text(window, "plan_error")
    qtbot.keyClick(window, Qt.Key.Key_C)
    assert screen.view.planning.closed, text(window, "plan_error")
    assert window.presenter.hints.text().startswith(key_group("M", "add a story mid-sprint"))
    # After the freeze, M adds a story as added mid-sprint; the frozen forecast stays.
    frozen = screen.view.planning.snapshot
    qtbot.keyClick(window, Qt.Key.Key_M)
    assert text(window, "plan_prompt_question").endswith("mid-sprint?")
    _answer(qtbot, window, down=0)
    assert "mid-sprint" in text(window, "plan_error")
    assert rows_of(store, "SELECT count(*) FROM sprint_story WHERE added_mid_sprint") == [(1,)]
    assert screen.view.planning.snapshot == frozen


def test_r_gives_a_forecast_storys_open_risk_an_owner_and_a_mitigation(
    qtbot: QtBot, store: Store
) -> None:
    window, screen = _window(qtbot, store)
    team_id = screen.team_id
    assert team_id is not None
    first = screen.ctx.store
    with first.session() as session:
        story_id = session.execute(
            text_sql("SELECT id FROM story WHERE team_id = :t ORDER BY rank LIMIT 1"),
            {"t": int(team_id)},
        ).scalar_one()
    made = story_context.add_dependency(
        first, ActionContext(NOW, team_id), StoryId(story_id), external_party="Bank API"
    )
    assert made.created is not None
    story_context.set_dependency_state(
        first, ActionContext(NOW, team_id), made.created, called_out=True
    )
    qtbot.keyClick(window, Qt.Key.Key_F11)
    qtbot.keyClick(window, Qt.Key.Key_O)
    qtbot.keyClick(window, Qt.Key.Key_A)
    _answer(qtbot, window, "9")
    qtbot.keyClick(window, Qt.Key.Key_P)
    qtbot.keyClick(window, Qt.Key.Key_R)
    assert text(window, "plan_prompt_question") == "Which story's risks?"
    _answer(qtbot, window, down=0)
    _answer(qtbot, window, down=0)
    _answer(qtbot, window, "Call the bank on Monday")
    assert screen.view is not None
    assert "Call the bank on Monday" in text(window, "plan_open_items")
    qtbot.keyClick(window, Qt.Key.Key_R)
    assert "No forecast story has an open risk left" in text(window, "plan_error")
    assert not screen.prompt.isVisible()


def test_h_enters_a_public_holiday_that_comes_off_the_members_working_days(
    qtbot: QtBot, store: Store
) -> None:
    window, screen = _window(qtbot, store)
    qtbot.keyClick(window, Qt.Key.Key_F11)
    qtbot.keyClick(window, Qt.Key.Key_O)
    assert screen.view is not None
    start = screen.view.sprint.start
    weekday = start + dt.timedelta(days=(2 - start.weekday()) % 7)  # a Wednesday in the sprint
    qtbot.keyClick(window, Qt.Key.Key_H)
    assert text(window, "plan_prompt_question") == "Where is it a public holiday?"
    _answer(qtbot, window, down=0)  # Europe/Berlin: every member's zone here
    _answer(qtbot, window, "24.12.")  # refused at once: the date question stays, with why
    assert "“24.12.” is not a date like 2026-12-24" in text(window, "plan_prompt_message")
    assert text(window, "plan_prompt_question").startswith("Which day is a holiday")
    _answer(qtbot, window, weekday.isoformat())
    _answer(qtbot, window, "Bank holiday")
    assert not screen.prompt.isVisible()
    assert "1 public holiday (Bank holiday)" in text(window, "plan_availability")
