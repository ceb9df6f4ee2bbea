"""The Export dialog's calendar export offers a time zone: the team's members' zones first, the
team's reference zone (the command line's default) chosen, any IANA zone typed or picked, an
unknown one refused inline by its name."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pytestqt.qtbot import QtBot

from facilitator.domain.model import Role, Seniority, Side
from facilitator.ops.exporting import export_ics
from facilitator.ops.team_model import MemberInput, create_team_with_members
from facilitator.store.db import Store
from facilitator.ui.widgets.file_menu import ExportDialog
from tests.helpers.scenario import Clock, FakeDialogs, open_window, pick_data

NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)


def _member(name: str, zone: str, active: bool = True) -> MemberInput:
    return MemberInput(
        name, Role.ENGINEER, Side.IN_HOUSE, Seniority.SENIOR, zone, 9 * 60, 17 * 60, active=active
    )


def _dialog(qtbot: QtBot, store: Store) -> ExportDialog:
    members = [
        _member("Aaron", "America/New_York", active=False),  # first by name, but inactive
        _member("Birgit", "Europe/Berlin"),
        _member("Jonas", "Europe/Berlin"),
        _member("Priya", "Asia/Kolkata"),
    ]
    create_team_with_members(store, "Spree", 10, ["Merged"], members)
    window = open_window(qtbot, store, Clock(NOW), FakeDialogs())
    dialog = window.file_menu.open_export()
    qtbot.addWidget(dialog)
    return dialog


def _tzids(path: Path) -> set[str]:
    """The DTSTART names of the events (a VTIMEZONE's own DTSTART lines left out)."""
    found: set[str] = set()
    in_event = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line in ("BEGIN:VEVENT", "END:VEVENT"):
            in_event = line == "BEGIN:VEVENT"
        elif in_event and line.startswith("DTSTART"):
            found.add(line.split(":", 1)[0])
    assert found, "no event"
    return found


def test_the_zone_is_offered_only_for_the_calendar(qtbot: QtBot, store: Store) -> None:
    dialog = _dialog(qtbot, store)
    assert dialog.zone is None  # the picker is built when the calendar is first chosen
    assert not dialog.form.isRowVisible(dialog.zone_row)
    pick_data(dialog.kind, "ics")
    assert dialog.zone is not None
    assert dialog.form.isRowVisible(dialog.zone_row)
    assert [dialog.zone.itemText(i) for i in range(2)] == ["Europe/Berlin", "Asia/Kolkata"]
    assert dialog.zone.findText("Pacific/Auckland") > 2  # every other zone after them
    pick_data(dialog.kind, "csv")
    assert not dialog.form.isRowVisible(dialog.zone_row)


def test_the_default_is_the_reference_zone_as_on_the_command_line(
    qtbot: QtBot, store: Store, tmp_path: Path
) -> None:
    dialog = _dialog(qtbot, store)
    pick_data(dialog.kind, "ics")
    assert dialog.zone is not None
    assert dialog.zone.zone() == "Europe/Berlin"
    target = tmp_path / "spree.ics"
    dialog.path.setText(str(target))
    dialog.export_button.click()
    assert dialog.outcome.text().endswith(
        f"to {target}, times in Europe/Berlin (the team's reference zone)."
    )
    assert _tzids(target) == {"DTSTART;TZID=Europe/Berlin"}
    by_cli = tmp_path / "cli.ics"
    export_ics(store, by_cli, "Spree", NOW)
    assert _tzids(by_cli) == _tzids(target)
    assert "the zone of Birgit" in target.read_text(encoding="utf-8")  # the reason is kept


def test_a_chosen_zone_is_written_and_named(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    dialog = _dialog(qtbot, store)
    pick_data(dialog.kind, "ics")
    assert dialog.zone is not None
    dialog.zone.setCurrentIndex(dialog.zone.findText("Asia/Kolkata"))
    target = tmp_path / "kolkata.ics"
    dialog.path.setText(str(target))
    dialog.export_button.click()
    assert not dialog.error.isVisible()
    assert dialog.outcome.text().endswith(f"to {target}, times in Asia/Kolkata.")
    text = target.read_text(encoding="utf-8")
    assert _tzids(target) == {"DTSTART;TZID=Asia/Kolkata"}
    assert "TZID:Asia/Kolkata" in text  # its VTIMEZONE
    assert "Europe/Berlin" not in _tzids(target)


def test_an_unknown_typed_zone_is_refused_by_name(
    qtbot: QtBot, store: Store, tmp_path: Path
) -> None:
    dialog = _dialog(qtbot, store)
    pick_data(dialog.kind, "ics")
    assert dialog.zone is not None
    dialog.zone.set_zone("Mars/Olympus_Mons")
    target = tmp_path / "mars.ics"
    dialog.path.setText(str(target))
    dialog.export_button.click()
    assert dialog.error.isVisible()
    assert "'Mars/Olympus_Mons' is not a known IANA time zone" in dialog.error.text()
    assert dialog.outcome.text() == ""
    assert not target.exists()
    dialog.zone.set_zone("")
    dialog.export_button.click()
    assert dialog.error.text() == "✗ Time zone: choose one, e.g. Europe/Berlin"
    assert not target.exists()
