"""The Team screen as a keyboard, wheel and presenter user meets it: dates, Tab, Return, wheel."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, QPoint, QPointF, Qt
from PySide6.QtGui import QFontInfo
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QCalendarWidget,
    QDateEdit,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from facilitator.domain.model import Role, Seniority, Side
from facilitator.ops import team_model as ops
from facilitator.store.db import Store
from facilitator.store.repositories import TeamRepository
from facilitator.ui.context import UiContext
from facilitator.ui.main_window import MainWindow
from facilitator.ui.screens.team import TeamScreen
from facilitator.ui.widgets.overlap_band import OverlapBand
from tests.helpers.tab_walk import names, walk_tab_order
from tests.helpers.team_page import scroll_to
from tests.ui.test_team_screen import S1_MEMBERS

# A Sunday: the default dates are 15–28 Nov 2026, New Zealand and the US both on summer time.
TODAY = dt.date(2026, 11, 15)


def _pacific(name: str, role: Role, zone: str) -> ops.MemberInput:
    return ops.MemberInput(name, role, Side.IN_HOUSE, Seniority.SENIOR, zone, 9 * 60, 17 * 60)


PACIFIC = [
    _pacific("Aroha", Role.PRODUCT_OWNER, "Pacific/Auckland"),
    _pacific("Liam", Role.SCRUM_MASTER, "America/Los_Angeles"),
    _pacific("Mia", Role.ENGINEER, "Pacific/Auckland"),
    _pacific("Noah", Role.ENGINEER, "America/Los_Angeles"),
]


def _window(qtbot: QtBot, store: Store, members: list[ops.MemberInput]) -> MainWindow:
    ops.create_team_with_members(store, "Pacific", 10, ["Tested"], members)
    ctx = UiContext(store=store, now=lambda: dt.datetime.combine(TODAY, dt.time(10, tzinfo=dt.UTC)))
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    window.findChild(QListWidget, "nav").setCurrentRow(1)
    assert isinstance(window.current_screen(), TeamScreen)
    return window


def _slot_row(window: MainWindow, ceremony: str) -> list[str]:
    slots = window.findChild(QTableWidget, "team_overlap_slots")
    row = next(r for r in range(slots.rowCount()) if slots.item(r, 0).text() == ceremony)
    return [slots.item(row, c).text() for c in range(slots.columnCount())]


def _headers(table: QTableWidget) -> list[str]:
    return [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]


# The offscreen platform cannot raise the calendar popup or grab the keyboard for it.
@pytest.mark.qt_log_ignore("does not support raise", "does not support grabbing the keyboard")
def test_dates_chosen_by_keyboard_and_calendar_recompute_the_overlap(
    qtbot: QtBot, store: Store
) -> None:
    window = _window(qtbot, store, PACIFIC)
    warning = window.findChild(QLabel, "team_overlap_warning")
    band = window.findChild(OverlapBand, "overlap_band")
    # November 2026: one 5 h stretch across UTC midnight, none on Auckland's Mondays.
    assert "Overlap 20:00–01:00 UTC, 5 h" in band.caption
    assert warning.text().startswith("! Overlap under 3 h on 2 of 10 working days")
    assert _slot_row(window, "Refinement")[:3] == ["Refinement", "2 h", "20:00–22:00"]

    # From: into the year with End, one year on with Up, then the month back to March.
    first = window.findChild(QDateEdit, "team_overlap_from")
    first.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(first, Qt.Key.Key_End)
    qtbot.keyClick(first, Qt.Key.Key_Up)
    qtbot.keyClick(first, Qt.Key.Key_Left)  # the year is selected: Left goes to the month
    for _ in range(8):
        qtbot.keyClick(first, Qt.Key.Key_Down)
    assert first.date() == QDate(2027, 3, 15)

    # To: the calendar pops up on a click of its arrow; Down moves a week on, Return picks it.
    last = window.findChild(QDateEdit, "team_overlap_to")
    last.setDate(QDate(2027, 3, 28))  # typed the same way as above (covered there)
    qtbot.mouseClick(
        last, Qt.MouseButton.LeftButton, pos=QPoint(last.width() - 6, last.height() // 2)
    )
    calendar = last.calendarWidget()
    assert isinstance(calendar, QCalendarWidget)
    qtbot.waitUntil(calendar.isVisible)
    view = QApplication.focusWidget()
    assert view is not None
    qtbot.keyClick(view, Qt.Key.Key_Down)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not calendar.isVisible())
    assert last.date() == QDate(2027, 4, 4)

    # 15 March–2 April 2027: the US on summer time, New Zealand still: 4 h, none on Mondays.
    assert warning.text() == (
        "! Overlap under 3 h on 3 of 15 working days: no overlap on Mon 15 Mar, Mon 22 Mar, "
        "Mon 29 Mar; the team needs at least 3 h a day for synchronous work."
    )
    assert "Overlap 20:00–24:00 UTC, 4 h" in band.caption
    assert "Tue 16 Mar · 4 h" in band.toolTip()
    assert "! Mon 29 Mar · no overlap" in band.toolTip()
    slots = window.findChild(QTableWidget, "team_overlap_slots")
    assert _headers(slots) == [
        "Ceremony",
        "Timebox",
        "UTC",
        "Team time · Auckland\nAroha, Mia",
        "Los Angeles\nLiam, Noah",
        "Fits on",
    ]
    assert _slot_row(window, "Refinement") == [
        "Refinement",
        "2 h",  # the team's refinement timebox, not a 1 h default
        "20:00–22:00",
        "Tue 09:00–11:00",
        "Mon 13:00–15:00",
        "12 of 15 working days; not Mon 15 Mar, Mon 22 Mar, Mon 29 Mar",
    ]
    assert all("async" not in _slot_row(window, c)[2] for c in ("Planning", "Review"))


def test_slots_follow_the_teams_own_timeboxes(qtbot: QtBot, store: Store) -> None:
    window = _window(qtbot, store, PACIFIC)
    scroll_to(qtbot, window, "timebox_settings_place")
    field = window.findChild(QLineEdit, "timebox_minutes_refinement")
    field.setText("90")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert _slot_row(window, "Refinement")[1:3] == ["1 h 30 min", "20:00–21:30"]


def test_tab_walks_the_team_screen_without_a_trap_through_the_member_form(
    qtbot: QtBot, store: Store
) -> None:
    window = _window(qtbot, store, S1_MEMBERS)
    scroll_to(qtbot, window, "team_members_place")
    members = window.findChild(QTableWidget, "team_members")
    members.setCurrentCell(2, 0)  # a member is selected: Deactivate can be used
    window.findChild(QScrollArea, "team_scroll").verticalScrollBar().setValue(0)  # back up
    visited = names(walk_tab_order(qtbot, window.findChild(QLineEdit, "team_new_name")))
    expected_in_order = [
        "team_new_name",
        "team_new",
        "team_overlap_from",
        "team_overlap_to",
        "team_overlap_day",
        "team_overlap_slots",
        "team_name",
        "team_sprint_length",
        "team_save",
        "team_members",
        "member_name",
        "member_role",
        "member_side",
        "member_seniority",
        "member_timezone",
        "member_work_start",
        "member_work_end",
        "member_po_hours",
        "member_new",
        "member_save",
        "member_toggle_active",
        "team_authority_technical",
        "team_links",
        "team_link_add",
        "timebox_minutes_planning",
        "timebox_save",
        "team_partners",
        "team_partner_save_score",
    ]
    positions = [visited.index(name) for name in expected_in_order]
    assert positions == sorted(positions), visited


def test_return_in_the_member_form_adds_and_focus_goes_back_to_the_name(
    qtbot: QtBot, store: Store
) -> None:
    window = _window(qtbot, store, S1_MEMBERS)
    scroll_to(qtbot, window, "team_members_place")
    qtbot.mouseClick(window.findChild(QPushButton, "member_new"), Qt.MouseButton.LeftButton)
    name = window.findChild(QLineEdit, "member_name")
    qtbot.keyClicks(name, "Zoe")
    qtbot.keyClick(name, Qt.Key.Key_Tab)
    role = QApplication.focusWidget()
    assert role is not None
    assert role.objectName() == "member_role"
    qtbot.keyClick(role, Qt.Key.Key_Down)  # a closed list: Down picks the first role
    qtbot.keyClick(role, Qt.Key.Key_Return)
    members = window.findChild(QTableWidget, "team_members")
    assert "Zoe" in [members.item(r, 0).text() for r in range(members.rowCount())]
    assert name.text() == ""
    assert QApplication.focusWidget() is name  # ready for the next member

    # Saving an existing member from a single-line field goes back to their row.
    row = next(r for r in range(members.rowCount()) if members.item(r, 0).text() == "Zoe")
    members.setCurrentCell(row, 0)
    name.setFocus()
    name.selectAll()
    qtbot.keyClicks(name, "Zoey")
    po = window.findChild(QWidget, "member_po_hours")
    po.setFocus()
    qtbot.keyClick(po, Qt.Key.Key_Return)
    assert members.item(row, 0).text() == "Zoey"
    assert QApplication.focusWidget() is members


def _wheel(widget: QWidget, steps: int) -> None:
    """Wheel notches (negative: towards the user) over ``widget``'s centre, as the OS sends."""
    window = widget.window()
    handle = window.windowHandle()
    assert handle is not None
    for _ in range(abs(steps)):
        centre = widget.mapTo(window, widget.rect().center())
        QTest.wheelEvent(handle, QPointF(centre), QPoint(0, 120 if steps > 0 else -120))
        QApplication.processEvents()


def test_the_wheel_scrolls_the_page_over_an_unfocused_spin_box(qtbot: QtBot, store: Store) -> None:
    window = _window(qtbot, store, S1_MEMBERS)
    scroll_to(qtbot, window, "team_settings_place")
    spin = window.findChild(QSpinBox, "team_sprint_length")
    area = window.findChild(QScrollArea, "team_scroll")
    scroll = area.verticalScrollBar()
    body = area.widget()

    def middle() -> None:  # the spin box in the middle of the page, the pointer resting on it
        scroll.setValue(spin.mapTo(body, spin.rect().center()).y() - area.viewport().height() // 2)

    middle()
    assert spin.value() == 10
    assert not spin.hasFocus()
    before = scroll.value()
    inner = spin.findChild(QLineEdit)  # the part of the spin box under the pointer
    assert inner is not None
    _wheel(inner, -2)
    assert spin.value() == 10
    assert not spin.hasFocus()
    assert scroll.value() > before  # the page scrolled instead
    with store.session() as session:
        team = TeamRepository(session).all()[0]
    assert team.sprint_length_days == 10

    spin.setFocus(Qt.FocusReason.MouseFocusReason)
    qtbot.waitUntil(spin.hasFocus)
    middle()
    at = scroll.value()
    _wheel(inner, 1)
    assert spin.value() == 11  # focused: the wheel is the user's way to change it
    assert scroll.value() == at


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_presenter_mode_shows_the_team_for_the_room(
    qtbot: QtBot, store: Store, size: tuple[int, int]
) -> None:
    window = _window(qtbot, store, S1_MEMBERS)
    places = (
        "team_settings_place",
        "team_members_place",
        "timebox_settings_place",
        "team_standup_place",
        "team_partner_place",
    )
    for place in places:  # built, to see them hidden
        scroll_to(qtbot, window, place)
    qtbot.keyClick(window, Qt.Key.Key_F11)
    assert window.presenter.active
    # The offscreen platform's only screen is 800×800 and it keeps a full-screen window at that
    # size; lay the window out at the size of the screen in question instead (presenter mode,
    # its style and layout stay on).
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.setGeometry(0, 0, *size)
    members = window.findChild(QTableWidget, "team_members")
    # Laid out again at the new size with the editing controls hidden: the table is full width.
    qtbot.waitUntil(lambda: members.width() > size[0] * 0.8)
    hidden = ("team_settings_box", "member_editor", "timebox_settings", "team_partner_box")
    for name in (*hidden, "team_standup_box", "team_blocker_sla", "team_tools_save"):
        assert not window.findChild(QWidget, name).isVisible(), name
    line = members.fontMetrics().height()
    assert line >= 28  # the presenter font reached the table
    assert all(members.rowHeight(r) >= line for r in range(members.rowCount()))
    assert members.horizontalHeader().height() >= line
    assert members.horizontalHeader().length() <= members.viewport().width()  # no cut columns
    assert members.height() >= members.horizontalHeader().height() + sum(
        members.rowHeight(r) for r in range(members.rowCount())
    )
    slots = window.findChild(QTableWidget, "team_overlap_slots")
    header = slots.horizontalHeader()
    qtbot.waitUntil(lambda: header.length() <= slots.viewport().width())
    assert _headers(slots)[3] == "Team time · Berlin"
    band = window.findChild(OverlapBand, "overlap_band")
    assert band.compact
    assert band.fontMetrics().height() >= 28
    assert band.height() >= band.minimumSizeHint().height()
    health = window.findChild(QLabel, "team_health_overlap")
    assert health.isVisible()
    assert QFontInfo(health.font()).pixelSize() >= 28

    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not window.presenter.active
    assert window.findChild(QWidget, "member_editor").isVisible()
    assert not members.isColumnHidden(2)
    assert _headers(slots)[3].startswith("Team time · Berlin\nAnna")
