"""S1 — a new team, first sprint: the Scrum master's first run on an empty database.

Driven through the real main window: the welcome wizard, Home, the Team screen's overlap, the
Backlog with its story editor and the PO's "Ready for planning?" tab. Every step checks what the
screen shows and what the database holds.

The tech lead's location is not given by S1; Marta works from Kraków (Europe/Warsaw) 10–18 like
the two Kraków engineers, so the winter overlap stays the 4 h the scenario expects.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QTableView,
    QTableWidget,
    QTabWidget,
    QTimeEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from facilitator.domain.model import DEFAULT_DEFINITION_OF_DONE, Role, Side
from facilitator.store.db import Store
from facilitator.ui.main_window import MainWindow
from facilitator.ui.screens.backlog import BacklogScreen
from facilitator.ui.screens.team import TeamScreen
from tests.helpers.scenario import (
    BERLIN,
    Clock,
    FakeDialogs,
    arrow_to,
    click,
    click_row,
    click_tab,
    find,
    focused_name,
    key,
    open_window,
    pick,
    pick_data,
    rows,
    tab_to,
    text,
    type_here,
    type_into,
)
from tests.helpers.team_page import scroll_to

WINTER_MORNING = dt.datetime(2026, 1, 14, 10, 0, tzinfo=BERLIN)


@dataclass(frozen=True)
class Person:
    """One member of S1's team as the Scrum master types it in."""

    name: str
    role: Role
    side: Side
    zone: str
    start: int
    end: int

    @property
    def hours(self) -> str:
        return f"{self.start:02d}:00–{self.end:02d}:00"


OUT = Side.OUTSOURCED
S1_PEOPLE = (
    Person("Anna", Role.PRODUCT_OWNER, Side.IN_HOUSE, "Europe/Berlin", 9, 17),
    Person("João", Role.SCRUM_MASTER, OUT, "Europe/Lisbon", 9, 18),
    Person("Marta", Role.TECH_LEAD, OUT, "Europe/Warsaw", 10, 18),
    Person("Lucas", Role.ENGINEER, OUT, "America/Sao_Paulo", 9, 18),
    Person("Bea", Role.ENGINEER, OUT, "America/Sao_Paulo", 9, 18),
    Person("Piotr", Role.ENGINEER, OUT, "Europe/Warsaw", 10, 18),
    Person("Kasia", Role.ENGINEER, OUT, "Europe/Warsaw", 10, 18),
)
STORY_TITLES = (
    "Show the converted amount on the receipt",
    "Refund a card payment",
    "Export payouts as CSV",
    "Retry failed webhooks",
    "Mask card numbers in the admin console",
    "Search refunds by date",
    "Notify merchants about chargebacks",
    "Validate IBANs on entry",
    "Reconcile SEPA transfers nightly",
    "Archive closed disputes",
)
NOTHING_YET = "no acceptance criteria yet; no technical assumptions recorded; no estimate"


def _window(qtbot: QtBot, store: Store) -> tuple[MainWindow, FakeDialogs]:
    dialogs = FakeDialogs()
    window = open_window(qtbot, store, Clock(WINTER_MORNING), dialogs)
    return window, dialogs


def _add_member_with_mouse(qtbot: QtBot, window: MainWindow, person: Person) -> None:
    type_into(qtbot, window, "welcome_member_name", person.name)
    pick_data(find(window, QComboBox, "welcome_member_role"), person.role.value)
    pick_data(find(window, QComboBox, "welcome_member_side"), person.side.value)
    type_into(qtbot, window, "welcome_member_timezone_text", person.zone)
    find(window, QTimeEdit, "welcome_member_work_start").setTime(dt.time(person.start))
    find(window, QTimeEdit, "welcome_member_work_end").setTime(dt.time(person.end))
    click(qtbot, window, "welcome_add_member")


def _assert_team_in_database(store: Store) -> int:
    ((team_id, name, length),) = rows(store, "SELECT id, name, sprint_length_days FROM team")
    assert (name, length) == ("Payments", 10)
    dod = rows(store, "SELECT text FROM dod_item WHERE team_id = :t ORDER BY position", t=team_id)
    assert [d for (d,) in dod] == list(DEFAULT_DEFINITION_OF_DONE)
    members = rows(
        store,
        "SELECT name, role, side, timezone, work_start_min, work_end_min, active "
        "FROM member WHERE team_id = :t ORDER BY id",
        t=team_id,
    )
    assert members == [
        (p.name, p.role.value, p.side.value, p.zone, p.start * 60, p.end * 60, 1) for p in S1_PEOPLE
    ]
    return int(team_id)


def _assert_home_shows_the_team(window: MainWindow) -> None:
    home = window.current_screen()
    assert home is find(window, QWidget, "home_screen")
    assert text(window, "home_team_name") == "Payments"
    assert text(window, "team_label") == "Payments"
    assert window.windowTitle().startswith("Payments")
    assert find(window, QListWidget, "nav").isVisible()
    table = find(window, QTableView, "home_members")
    model = table.model()
    shown = [
        tuple(model.index(r, c).data() for c in (0, 1, 2, 4, 5)) for r in range(model.rowCount())
    ]
    assert sorted(shown) == sorted(
        (p.name, p.role.label, p.side.label, p.zone, p.hours) for p in S1_PEOPLE
    )
    assert text(window, "home_sprint_name") == "No sprint yet"


def test_s1_new_team_first_sprint(qtbot: QtBot, store: Store) -> None:
    window, dialogs = _window(qtbot, store)

    # --- Step 1: the welcome wizard on an empty database ------------------------------------
    assert window.current_screen() is find(window, QWidget, "welcome_screen")
    assert not find(window, QListWidget, "nav").isVisible()
    assert text(window, "welcome_step") == "Step 1 of 3 · Your team"
    type_into(qtbot, window, "welcome_team_name", "Payments")
    assert find(window, QWidget, "welcome_sprint_weeks").value() == 2  # two-week sprints
    click(qtbot, window, "welcome_next")
    assert text(window, "welcome_step") == "Step 2 of 3 · Members"
    assert find(window, QLabel, "welcome_members_empty").isVisible()
    for person in S1_PEOPLE:
        _add_member_with_mouse(qtbot, window, person)
        assert not find(window, QLabel, "welcome_member_name_error").isVisible()
        assert not find(window, QLabel, "welcome_member_timezone_error").isVisible()
    listed = find(window, QListWidget, "welcome_members")
    assert [listed.item(i).text() for i in range(listed.count())] == [
        f"{p.name} · {p.role.label} · {p.side.label} · {p.zone} {p.hours}" for p in S1_PEOPLE
    ]
    assert rows(store, "SELECT count(*) FROM team") == [(0,)]  # nothing saved before Create
    click(qtbot, window, "welcome_next")
    assert text(window, "welcome_step") == "Step 3 of 3 · Definition of Done"
    dod = find(window, QPlainTextEdit, "welcome_dod").toPlainText().splitlines()
    assert dod == list(DEFAULT_DEFINITION_OF_DONE)  # the default DoD, kept as it is
    click(qtbot, window, "welcome_create")

    assert text(window, "welcome_error") == "" or window.welcome is None
    team_id = _assert_team_in_database(store)
    _assert_home_shows_the_team(window)
    assert "saved" in text(window, "status_saved")

    # --- Step 2: the Team screen's overlap, then an engineer moves to Manila ------------------
    nav = find(window, QListWidget, "nav")
    click_row(qtbot, nav, 1)
    team_screen = window.current_screen()
    assert isinstance(team_screen, TeamScreen)
    summary = text(window, "team_overlap_summary")
    assert summary.startswith("✓ Daily overlap of all core members: 4 h every day")
    assert "(minimum 3 h)" in summary
    warning = find(window, QLabel, "team_overlap_warning")
    assert not warning.isVisible()
    assert warning.text() == ""
    assert "Overlap 12:00–16:00 UTC, 4 h" in find(window, QWidget, "overlap_band").toolTip()
    scroll_to(qtbot, window, "team_health_place")  # further down: the user scrolls
    assert text(window, "team_health_overlap").startswith("✓")

    scroll_to(qtbot, window, "team_members_place")
    members = find(window, QTableWidget, "team_members")
    kasia = next(r for r in range(members.rowCount()) if members.item(r, 0).text() == "Kasia")
    click_row(qtbot, members, kasia)
    assert find(window, QLineEdit, "member_name").text() == "Kasia"
    assert find(window, QWidget, "member_save").text() == "Save member"
    type_into(qtbot, window, "member_timezone_text", "Asia/Manila")
    find(window, QTimeEdit, "member_work_start").setTime(dt.time(9))
    find(window, QTimeEdit, "member_work_end").setTime(dt.time(18))
    click(qtbot, window, "member_save")

    assert not find(window, QLabel, "member_timezone_error").isVisible()
    warning = find(window, QLabel, "team_overlap_warning")
    assert warning.isVisible()
    # In words ("no overlap", never "0 min"), and one warning: the ✓ line gives way to it.
    assert warning.text().startswith("! No overlap on any of the 10 working days")
    assert "at least 3 h" in warning.text()
    assert not find(window, QLabel, "team_overlap_summary").isVisible()
    assert "Fail" in text(window, "team_health_overlap")
    assert members.item(kasia, 4).text() == "Asia/Manila"
    assert members.item(kasia, 5).text() == "09:00–18:00"
    assert rows(
        store,
        "SELECT timezone, work_start_min, work_end_min FROM member WHERE name = 'Kasia'",
    ) == [("Asia/Manila", 540, 1080)]

    # --- Step 3: ten stories; three made Ready in the story editor --------------------------
    click_row(qtbot, nav, 2)
    backlog = window.current_screen()
    assert isinstance(backlog, BacklogScreen)
    assert find(window, QLabel, "backlog_empty").isVisible()
    new_title = find(window, QLineEdit, "backlog_new_title")
    for number, title in enumerate(STORY_TITLES, 1):
        type_into(qtbot, window, "backlog_new_title", title)
        if number % 2:
            qtbot.keyClick(new_title, Qt.Key.Key_Return)
        else:
            click(qtbot, window, "backlog_add")
        assert new_title.text() == ""
    assert text(window, "backlog_count") == "10 shown of 10 stories"
    assert not find(window, QLabel, "backlog_empty").isVisible()
    stored = rows(store, "SELECT key, title FROM story WHERE team_id = :t ORDER BY rank", t=team_id)
    assert stored == [(f"PAYM-{n}", t) for n, t in enumerate(STORY_TITLES, 1)]

    table = find(window, QTableView, "backlog_table")
    ready_rows = (0, 3, 6)  # PAYM-1, PAYM-4, PAYM-7
    for row in ready_rows:
        click_row(qtbot, table, row)
        assert text(window, "story_heading") == f"PAYM-{row + 1} · {STORY_TITLES[row]}"
        _make_ready_in_editor(qtbot, window)
        assert text(window, "story_readiness") == "✓ Ready"

    # What the backlog now shows, and what the database holds.
    model = table.model()
    readiness_cells = [model.index(r, 4).data() for r in range(model.rowCount())]
    assert [cell == "✓ Ready" for cell in readiness_cells] == [r in ready_rows for r in range(10)]
    for row in ready_rows:
        story = rows(
            store,
            "SELECT s.id, s.estimate, m.name FROM story s JOIN member m "
            "ON m.id = s.estimate_committed_by_id WHERE s.key = :k",
            k=f"PAYM-{row + 1}",
        )
        ((story_id, estimate, committed_by),) = story
        assert (estimate, committed_by) == (3.0, "Lucas")
        assert rows(
            store, "SELECT text, author FROM acceptance_criterion WHERE story_id = :s", s=story_id
        ) == [("Given a EUR card paying USD, the receipt shows the rate charged", "Anna")]
        assert rows(
            store,
            "SELECT a.text, m.name FROM assumption a JOIN member m ON m.id = a.reviewed_by_id "
            "WHERE a.story_id = :s",
            s=story_id,
        ) == [("The rates service returns the rate charged", "Lucas")]
    assert rows(
        store,
        "SELECT count(*) FROM story WHERE team_id = :t AND estimate_committed_by_id IS NULL",
        t=team_id,
    ) == [(7,)]

    # The PO's readiness view lists what each of the other seven is missing.
    click_tab(qtbot, find(window, QTabWidget, "backlog_tabs"), "Ready for planning?")
    readiness = find(window, QTableView, "readiness_table").model()
    assert readiness.rowCount() == 10
    listed_rows = [tuple(readiness.index(r, c).data() for c in (1, 4, 5)) for r in range(10)]
    expected = [
        (f"PAYM-{r + 1}", "✓ Ready", "")
        if r in ready_rows
        else (f"PAYM-{r + 1}", "! Not ready", NOTHING_YET)
        for r in range(10)
    ]
    assert listed_rows == expected
    assert text(window, "readiness_totals").startswith("3 of the top 10 stories are Ready: 9")
    assert dialogs.errors == []


def _make_ready_in_editor(qtbot: QtBot, window: MainWindow) -> None:
    """Criterion (by the PO), a reviewed assumption (an engineer), a committed estimate."""
    editor = find(window, QWidget, "story_editor")
    type_into(
        qtbot,
        editor,
        "criterion_text",
        "Given a EUR card paying USD, the receipt shows the rate charged",
    )
    assert find(editor, QComboBox, "criterion_author").currentText() == "Anna (Product Owner)"
    click(qtbot, editor, "criterion_add")
    type_into(qtbot, editor, "assumption_text", "The rates service returns the rate charged")
    click(qtbot, editor, "assumption_add")
    pick(find(editor, QComboBox, "assumption_reviewer"), "Lucas (Engineer)")
    click(qtbot, editor, "assumption_review")
    assert not find(editor, QLabel, "assumption_error").isVisible()
    type_into(qtbot, editor, "estimate_value", "3")
    pick(find(editor, QComboBox, "estimate_by"), "Lucas (Engineer)")
    click(qtbot, editor, "estimate_commit")
    assert text(editor, "estimate_state").startswith("✓ 3 points, committed by Lucas")
    assert (
        find(editor, QListWidget, "story_assumptions")
        .item(0)
        .text()
        .startswith("✓ The rates service returns the rate charged — reviewed by Lucas, 14 Jan 2026")
    )


def test_s1_step1_by_keyboard_alone(qtbot: QtBot, store: Store) -> None:
    """S1 step 1 with the keyboard only: Tab, typing, Enter, and Space on a focused button."""
    window, dialogs = _window(qtbot, store)
    assert focused_name() == "welcome_team_name"  # the first field has focus on first run
    type_here(qtbot, "Payments")
    key(qtbot, Qt.Key.Key_Return)  # Enter in the team name goes on to the members
    assert text(window, "welcome_step") == "Step 2 of 3 · Members"
    assert focused_name() == "welcome_member_name"

    for person in S1_PEOPLE:
        _add_member_by_keyboard(qtbot, window, person)

    listed = find(window, QListWidget, "welcome_members")
    assert [listed.item(i).text() for i in range(listed.count())] == [
        f"{p.name} · {p.role.label} · {p.side.label} · {p.zone} {p.hours}" for p in S1_PEOPLE
    ]
    tab_to(qtbot, "welcome_next")
    key(qtbot, Qt.Key.Key_Space)
    assert text(window, "welcome_step") == "Step 3 of 3 · Definition of Done"
    assert focused_name() == "welcome_dod"
    tab_to(qtbot, "welcome_create")
    key(qtbot, Qt.Key.Key_Return)  # the default button

    _assert_team_in_database(store)
    _assert_home_shows_the_team(window)
    assert dialogs.errors == []


def _add_member_by_keyboard(qtbot: QtBot, window: MainWindow, person: Person) -> None:
    """Fill the member form field by field in Tab order, then press the Add button."""
    assert focused_name() == "welcome_member_name"
    type_here(qtbot, person.name)
    key(qtbot, Qt.Key.Key_Tab)
    assert focused_name() == "welcome_member_role"
    arrow_to(qtbot, find(window, QComboBox, "welcome_member_role"), person.role.value)
    key(qtbot, Qt.Key.Key_Tab)
    assert focused_name() == "welcome_member_side"
    arrow_to(qtbot, find(window, QComboBox, "welcome_member_side"), person.side.value)
    key(qtbot, Qt.Key.Key_Tab)  # seniority stays as it is
    key(qtbot, Qt.Key.Key_Tab)
    assert focused_name() == "welcome_member_timezone"
    key(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_here(qtbot, person.zone)
    key(qtbot, Qt.Key.Key_Tab)
    assert focused_name() == "welcome_member_work_start"
    for hour in (person.start, person.end):
        type_here(qtbot, f"{hour:02d}00")  # a full hour section moves on to the minutes
        key(qtbot, Qt.Key.Key_Tab)  # from the minutes to the next field
    assert find(window, QTimeEdit, "welcome_member_work_start").time().hour() == person.start
    assert find(window, QTimeEdit, "welcome_member_work_end").time().hour() == person.end
    tab_to(qtbot, "welcome_add_member")
    key(qtbot, Qt.Key.Key_Space)
    assert not find(window, QLabel, "welcome_member_timezone_error").isVisible()
    assert not find(window, QLabel, "welcome_member_role_error").isVisible()
