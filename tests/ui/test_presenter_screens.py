"""Presenter mode on Refinement and Backlog: the keys shown are the keys that work, each with
visible feedback; the backlog is sized from the presenter font; the window keeps its geometry."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QLabel, QListWidget, QTableView, QWidget
from pytestqt.qtbot import QtBot

from facilitator.store.db import Store
from facilitator.ui.keys_line import join_parts, key_group, keys_line
from facilitator.ui.main_window import MainWindow
from facilitator.ui.presenter import CLOCK_HINTS, HINTS, WINDOW_HINTS
from facilitator.ui.screens.refinement import RefinementScreen
from facilitator.ui.screens.refinement_layout import KEYS_LINES, MODE_KEYS, Mode
from tests.conftest import DEMO_TODAY
from tests.helpers.backlog_team import make_team, new_assumption
from tests.helpers.scenario import BERLIN, Clock, find, focused, key, open_window, text, window_key
from tests.ui.test_refinement import _add_voters

START = dt.datetime.combine(DEMO_TODAY, dt.time(10), tzinfo=BERLIN)
CTRL = Qt.KeyboardModifier.ControlModifier
# What each key of the refinement key lines is called on the line, by shortcut.
NAMES_ON_LINE = {
    "S": "S start",
    "Left": "← previous",
    "Right": "→ next",
    "Up": "↑ ↓ scroll",
    "Down": "↑ ↓ scroll",
    "E": "E add criterion",
    "T": "T add assumption",
    "R": "R reviewed",
    "P": "P poker",
    "F": "F finish",
}


def _refinement(qtbot: QtBot, store: Store) -> tuple[MainWindow, RefinementScreen]:
    team = make_team(store, stories=3)
    _add_voters(store, team)
    new_assumption(store, team.stories[1], "Rates come from the rates service", START)
    window = open_window(qtbot, store, Clock(START))
    window_key(qtbot, window, Qt.Key.Key_4, CTRL)
    screen = window.current_screen()
    assert isinstance(screen, RefinementScreen)
    return window, screen


def _enabled(screen: RefinementScreen) -> set[str]:
    return {name for name, shortcut in screen.shortcuts.items() if shortcut.isEnabled()}


def _line_matches_keys(window: MainWindow, screen: RefinementScreen) -> None:
    """The key line names every enabled key, and no key it names is disabled."""
    line = text(window, "refine_keys")
    enabled = _enabled(screen)
    assert enabled == set(MODE_KEYS[screen.mode()])
    for name, words in NAMES_ON_LINE.items():
        assert (key_group(words) in line) == (name in enabled), (name, line)


def test_every_mode_lists_exactly_the_keys_that_work(qtbot: QtBot, store: Store) -> None:
    window, screen = _refinement(qtbot, store)
    window_key(qtbot, window, Qt.Key.Key_F11)
    assert screen.mode() is Mode.IDLE
    _line_matches_keys(window, screen)
    window_key(qtbot, window, Qt.Key.Key_S)
    assert screen.mode() is Mode.WALK
    _line_matches_keys(window, screen)
    window_key(qtbot, window, Qt.Key.Key_E)
    assert screen.mode() is Mode.PROMPT
    assert (
        text(window, "refine_keys")
        == KEYS_LINES[Mode.PROMPT]
        == keys_line(("Return", "confirm"), ("Esc", "cancel"))
    )
    _line_matches_keys(window, screen)
    key(qtbot, Qt.Key.Key_Escape)
    assert screen.mode() is Mode.WALK
    assert window.presenter.active
    window_key(qtbot, window, Qt.Key.Key_P)
    assert screen.mode() is Mode.POKER
    _line_matches_keys(window, screen)
    window_key(qtbot, window, Qt.Key.Key_Escape)  # closes the poker, not presenter mode
    assert screen.mode() is Mode.WALK
    assert window.presenter.active
    window_key(qtbot, window, Qt.Key.Key_Escape)  # now it leaves
    assert not window.presenter.active
    assert not _enabled(screen)


def test_r_says_when_there_is_nothing_to_review_and_records_only_a_chosen_reviewer(
    qtbot: QtBot, store: Store
) -> None:
    window, screen = _refinement(qtbot, store)
    window_key(qtbot, window, Qt.Key.Key_F11)
    window_key(qtbot, window, Qt.Key.Key_S)
    window_key(qtbot, window, Qt.Key.Key_R)  # PAYM-1 has no assumptions
    assert find(window, QLabel, "refine_error").isVisible()
    assert text(window, "refine_error") == (
        "PAYM-1 has no technical assumptions to review (T adds one)"
    )
    assert screen.mode() is Mode.WALK

    window_key(qtbot, window, Qt.Key.Key_Right)  # PAYM-2: one assumption, not reviewed
    window_key(qtbot, window, Qt.Key.Key_R)
    choices = find(window, QListWidget, "refine_prompt_choices")
    assert focused() is choices
    assert [choices.item(i).text() for i in range(choices.count())] == [
        "Lucas Engineer (Engineer)",
        "Marta Lead (Tech lead)",
        "Piotr Dev (Engineer)",
        "Tomas QA (QA)",
    ]  # the delivery team only: not the PO
    assert not choices.selectedItems()  # nobody is chosen for the facilitator
    key(qtbot, Qt.Key.Key_Down)
    key(qtbot, Qt.Key.Key_Escape)  # changed their mind: nothing recorded
    assert not choices.isVisible()
    assert screen.story is not None
    story = story_editing_story(store, screen)
    assert story.assumptions[0].reviewed_by is None

    window_key(qtbot, window, Qt.Key.Key_R)
    key(qtbot, Qt.Key.Key_Down)
    key(qtbot, Qt.Key.Key_Down)
    key(qtbot, Qt.Key.Key_Down)
    key(qtbot, Qt.Key.Key_Return)
    assert story_editing_story(store, screen).assumptions[0].reviewed_by == "Piotr Dev"
    assert text(window, "refine_error") == "✓ 1 assumption of PAYM-2 reviewed by Piotr Dev"
    window_key(qtbot, window, Qt.Key.Key_R)
    assert text(window, "refine_error") == "✓ Every assumption of PAYM-2 is already reviewed"


def story_editing_story(store: Store, screen: RefinementScreen):  # type: ignore[no-untyped-def]
    from facilitator.ops.story_reading import load_story

    assert screen.story is not None
    return load_story(store, screen.story.id)


def test_e_opens_an_empty_field_even_on_a_story_with_criteria(qtbot: QtBot, store: Store) -> None:
    window, screen = _refinement(qtbot, store)
    assert screen.team_id is not None
    window_key(qtbot, window, Qt.Key.Key_F11)
    window_key(qtbot, window, Qt.Key.Key_S)
    window_key(qtbot, window, Qt.Key.Key_E)
    key(qtbot, Qt.Key.Key_Return)  # empty: refused under the field, which stays open
    assert find(window, QLabel, "refine_prompt_message").isVisible()
    for typed in ("First", "Second"):
        assert focused().objectName() == "refine_prompt_text"
        for char in typed:
            qtbot.keyClicks(focused(), char)
        key(qtbot, Qt.Key.Key_Return)
        assert screen.mode() is Mode.WALK
        window_key(qtbot, window, Qt.Key.Key_E)
        assert focused().text() == ""  # a new criterion, not criterion 1 to append to
    key(qtbot, Qt.Key.Key_Escape)
    assert text(window, "refine_criteria") == "1. First\n2. Second"


def test_the_window_hint_line_drops_the_timer_keys_where_there_is_no_timer(
    qtbot: QtBot, demo_store: Store
) -> None:
    window = open_window(qtbot, demo_store, Clock(START))
    window_key(qtbot, window, Qt.Key.Key_F11)  # Home: no timer, so Space does nothing here
    assert text(window, "presenter_hints") == WINDOW_HINTS
    window_key(qtbot, window, Qt.Key.Key_4, CTRL)  # one agenda item: no N
    assert text(window, "presenter_hints") == join_parts(CLOCK_HINTS, WINDOW_HINTS)


def test_the_window_hint_line_names_only_the_timer_keys_that_still_work(
    qtbot: QtBot, demo_store: Store
) -> None:
    window = open_window(qtbot, demo_store, Clock(START))
    window_key(qtbot, window, Qt.Key.Key_8, CTRL)  # the review's agenda has three items
    window_key(qtbot, window, Qt.Key.Key_F11)
    assert text(window, "presenter_hints").endswith(HINTS)
    first = text(window, "timer_item")
    while window.timer.view is not None and window.timer.view.state.has_next:
        window_key(qtbot, window, Qt.Key.Key_N)
    assert text(window, "timer_item") != first
    # On the last item N does nothing, so the line no longer offers it.
    assert text(window, "presenter_hints").endswith(join_parts(CLOCK_HINTS, WINDOW_HINTS))
    assert key_group("N", "next agenda item") not in text(window, "presenter_hints")

    window_key(qtbot, window, Qt.Key.Key_4, CTRL)  # a refinement has one item
    window_key(qtbot, window, Qt.Key.Key_S)
    assert text(window, "presenter_hints").endswith(join_parts(CLOCK_HINTS, WINDOW_HINTS))
    window_key(qtbot, window, Qt.Key.Key_F)  # finished: Space, + and N do nothing now
    assert text(window, "timer_status").startswith("✓ Finished")
    hints = text(window, "presenter_hints")
    assert hints.endswith(WINDOW_HINTS)
    assert key_group("Space", "start/pause") not in hints
    assert key_group("+", "extend") not in hints
    window_key(qtbot, window, Qt.Key.Key_Space)
    assert text(window, "timer_status").startswith("✓ Finished")  # indeed nothing happened


def test_backlog_presenter_layout_is_sized_from_the_presenter_font(
    qtbot: QtBot, demo_store: Store
) -> None:
    window = open_window(qtbot, demo_store, Clock(START))
    window_key(qtbot, window, Qt.Key.Key_3, CTRL)
    window_key(qtbot, window, Qt.Key.Key_F11)
    table = find(window, QTableView, "backlog_table")
    qtbot.waitUntil(lambda: table.fontMetrics().height() >= 28)
    cells = table.fontMetrics()
    assert table.verticalHeader().defaultSectionSize() >= cells.height()  # rows never overlap
    header = table.horizontalHeader()
    model = table.model()
    shown = [c for c in range(6) if not table.isColumnHidden(c)]
    # On a narrow screen only the estimate and the blocked cell may give way (the card has them).
    assert {0, 1, 2, 4} <= set(shown)
    for column in shown:  # every column shows its whole title: no "tima", no "PA…"
        title = str(model.headerData(column, Qt.Orientation.Horizontal))
        assert header.sectionSize(column) > header.fontMetrics().horizontalAdvance(title)
    assert header.sectionSize(2) >= table.viewport().width() // 4  # the title keeps room
    key_width = max(cells.horizontalAdvance(str(model.index(r, 1).data())) for r in range(20))
    assert header.sectionSize(1) >= key_width  # "PAY-56", not "PA…"
    assert not find(window, QWidget, "story_editor").isVisible()  # no clipped editor
    assert text(window, "backlog_card_title").startswith("#1  PAY-56  Show the receipt")
    assert find(window, QLabel, "backlog_keys").isVisible()
    assert focused() is table
    key(qtbot, Qt.Key.Key_Down)
    assert text(window, "backlog_card_title").startswith("#2  PAY-57")

    window_key(qtbot, window, Qt.Key.Key_Escape)
    assert find(window, QWidget, "story_editor").isVisible()
    assert not find(window, QWidget, "backlog_card").isVisible()


def test_f11_then_esc_restores_the_exact_geometry(qtbot: QtBot, demo_store: Store) -> None:
    window = open_window(qtbot, demo_store, Clock(START))
    for screen_key in (Qt.Key.Key_4, Qt.Key.Key_3, Qt.Key.Key_1):
        window_key(qtbot, window, screen_key, CTRL)
        window.setGeometry(QRect(20, 30, 700, 520))
        before = window.geometry()
        window_key(qtbot, window, Qt.Key.Key_F11)
        assert window.presenter.active
        window_key(qtbot, window, Qt.Key.Key_Escape)
        qtbot.waitUntil(lambda: not window.isFullScreen())
        assert window.geometry() == before


def test_the_first_window_fits_the_available_screen(qtbot: QtBot, demo_store: Store) -> None:
    window = open_window(qtbot, demo_store, Clock(START))
    area = window.screen().availableGeometry()
    qtbot.waitUntil(lambda: area.contains(window.frameGeometry()))
    status = window.statusBar()
    assert status.isVisible()
    bottom = status.mapTo(window, status.rect().bottomLeft()).y()
    assert window.mapToGlobal(window.rect().topLeft()).y() + bottom <= area.bottom()


def test_presenter_mode_never_makes_the_window_larger_than_the_screen(
    qtbot: QtBot, demo_store: Store
) -> None:
    window = open_window(qtbot, demo_store, Clock(START))
    whole = window.screen().geometry()
    for screen_key in (Qt.Key.Key_4, Qt.Key.Key_3):
        window_key(qtbot, window, screen_key, CTRL)
        window_key(qtbot, window, Qt.Key.Key_F11)
        for _ in range(5):
            window_key(qtbot, window, Qt.Key.Key_Equal, CTRL)  # the largest type
        assert window.width() <= whole.width()
        assert window.height() <= whole.height()
        window_key(qtbot, window, Qt.Key.Key_Escape)


def test_on_a_screen_smaller_than_the_default_window_the_window_manager_sizes_it(
    qtbot: QtBot, demo_store: Store
) -> None:
    # The offscreen screen (800×800) cannot hold 1280×800 and a title bar: the window opens
    # maximized, so a real window manager fits frame and status bar on screen (seen at 1280×720).
    window = open_window(qtbot, demo_store, Clock(START))
    assert window.screen().availableGeometry().width() < 1280
    assert window.isMaximized()
    window_key(qtbot, window, Qt.Key.Key_F11)
    window_key(qtbot, window, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not window.isFullScreen())
    assert window.isMaximized()


def test_the_team_page_names_its_scroll_keys_in_presenter_mode_and_they_scroll(
    qtbot: QtBot, demo_store: Store
) -> None:
    from PySide6.QtWidgets import QScrollArea

    window = open_window(qtbot, demo_store, Clock(START))
    window.resize(1280, 720)
    window_key(qtbot, window, Qt.Key.Key_2, CTRL)
    window_key(qtbot, window, Qt.Key.Key_F11)
    hints = text(window, "presenter_hints")
    glue = {ord("\u00a0"): " ", ord("\u2060"): None}  # what a reader sees of the line's glue
    expected = f"↑ ↓ PgUp PgDn scroll   Tab dates · {WINDOW_HINTS}".translate(glue)
    assert hints.translate(glue) == expected
    assert "Tab\u00a0dates" in hints  # a key and its word never wrap apart
    page = find(window, QScrollArea, "team_scroll")
    assert page.verticalScrollBar().maximum() > 0
    before = page.verticalScrollBar().value()
    key(qtbot, Qt.Key.Key_PageDown)
    assert page.verticalScrollBar().value() > before
    window_key(qtbot, window, Qt.Key.Key_3, CTRL)  # the Backlog's keys are on its own card
    assert text(window, "presenter_hints") == WINDOW_HINTS


def test_the_team_band_reads_its_hours_on_screen_in_presenter_mode(
    qtbot: QtBot, demo_store: Store
) -> None:
    # In presenter mode the members' labels leave their hours to the bars: the hour axis under
    # the bars must be on screen with them, not below the ten day rows, out of view.
    window = open_window(qtbot, demo_store, Clock(START))
    window_key(qtbot, window, Qt.Key.Key_2, CTRL)
    window_key(qtbot, window, Qt.Key.Key_F11)
    band = find(window, QWidget, "overlap_band")
    qtbot.waitUntil(lambda: band.fontMetrics().height() >= 28)
    assert band.rows
    assert band.compact  # "Anna Becker · Berlin": the hours are on the axis only
    axis_bottom = band.mapTo(window, QPoint(0, band.hour_axis_y() + band.fontMetrics().height()))
    assert axis_bottom.y() <= window.height()
    assert band.hour_axis_y() < band.height() // 2  # above the day rows, not after them
