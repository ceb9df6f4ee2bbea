"""The Team screen's overlap section: date range, the band of each working day, one verdict line and
ceremony slots in UTC and every zone's local time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain.overlap import day_name, end_label, format_hours
from facilitator.domain.overlap_slots import (
    SlotSuggestion,
    local_span,
    suggest_slots,
    zone_groups,
    zone_label,
)
from facilitator.errors import InputError
from facilitator.ops import team_model as ops
from facilitator.ui.keyboard import tab_leaves_sections
from facilitator.ui.widgets.overlap_band import OverlapBand
from facilitator.ui.widgets.team_tables import cell, table
from facilitator.ui.widgets.text import plain_label


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _date(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


def _first_name(name: str) -> str:
    return name.split()[0] if name.split() else name


class OverlapPanel(QGroupBox):
    """Overlap of all core members for a date range: each working day, and ceremony slots.

    Signals:
        range_changed: the user picked other dates; the screen reads the view again.
    """

    range_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        """Build the range pickers, band, verdict and slot table."""
        super().__init__("Working-hours overlap", parent)
        self.setObjectName("team_overlap_box")
        self.view: ops.TeamView | None = None
        self.timeboxes: dict[str, int] = {}
        self.presenting = False
        self.first_date = QDateEdit()
        self.last_date = QDateEdit()
        for edit, name in ((self.first_date, "from"), (self.last_date, "to")):
            edit.setObjectName(f"team_overlap_{name}")
            edit.setAccessibleName(f"Overlap dates {name}")
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("ddd d MMM yyyy")
            # dateChanged carries the date; the screen re-reads both edits, so drop it here.
            edit.dateChanged.connect(self._date_edited)
        tab_leaves_sections(self.first_date, self.last_date)
        self.day_combo = QComboBox()
        self.day_combo.setObjectName("team_overlap_day")
        self.day_combo.setAccessibleName("Working day shown in the band")
        self.day_combo.currentIndexChanged.connect(self._day_chosen)
        self.chosen_day: int | None = None  # the day the user picked, kept while in the range
        self.band = OverlapBand()
        self.overlap_warning = plain_label(name="team_overlap_warning", wrap=True)
        self.overlap_warning.setProperty("level", "warning")
        self.overlap_summary = plain_label(name="team_overlap_summary", wrap=True)
        self.slots_title = plain_label(name="team_overlap_slots_title", wrap=True)
        self.slots = table(
            "team_overlap_slots", "Suggested ceremony slots", ["Ceremony"], fit_height=True
        )
        dates = QHBoxLayout()
        dates.addWidget(plain_label("From"))
        dates.addWidget(self.first_date)
        dates.addWidget(plain_label("to"))
        dates.addWidget(self.last_date)
        dates.addSpacing(12)
        dates.addWidget(plain_label("Members on"))
        dates.addWidget(self.day_combo)
        dates.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(dates)
        layout.addWidget(self.overlap_warning)
        layout.addWidget(self.overlap_summary)
        layout.addWidget(self.band)
        layout.addWidget(self.slots_title)
        layout.addWidget(self.slots)

    def set_presenter(self, on: bool) -> None:
        """Shorter band labels and only the team's time in the slots, for the room."""
        self.band.compact = on
        self.presenting = on
        if self.view is not None:
            self.show_view(self.view, self.timeboxes)

    def _date_edited(self, _date: QDate) -> None:
        self.range_changed.emit()

    def set_range(self, first: dt.date, last: dt.date) -> None:
        """Show ``first``–``last`` without emitting :attr:`range_changed`."""
        for edit, day in ((self.first_date, first), (self.last_date, last)):
            edit.blockSignals(True)
            edit.setDate(_qdate(day))
            edit.blockSignals(False)

    def date_range(self) -> tuple[dt.date, dt.date]:
        """The chosen dates (the end is never before the start)."""
        first, last = _date(self.first_date.date()), _date(self.last_date.date())
        return first, max(first, last)

    def show_view(self, view: ops.TeamView, timeboxes: Mapping[str, int]) -> None:
        """Show the view's overlap (one line: the verdict or the warning) and the slots."""
        self.view = view
        self.timeboxes = dict(timeboxes)
        current = self.chosen_day
        self.day_combo.blockSignals(True)
        self.day_combo.clear()
        overlap = view.overlap
        days = overlap.days if overlap else ()
        for day in days:
            self.day_combo.addItem(day_name(day.day), day.day.toordinal())
        keep = self.day_combo.findData(current) if current is not None else -1
        typical = overlap.typical if overlap else None
        if keep < 0 and typical is not None:
            keep = self.day_combo.findData(typical.day.toordinal())
        self.day_combo.setCurrentIndex(max(keep, 0) if days else -1)
        self.day_combo.blockSignals(False)
        warning, summary = "", ""
        if view.overlap_error:
            warning = f"✗ {view.overlap_error}"
        elif overlap is None or not days:
            summary = "No working days in the chosen dates."
        elif overlap.warning:
            warning = f"! {overlap.warning}"
        else:
            summary = (
                f"✓ Daily overlap of all core members: {overlap.spread()} "
                f"(minimum {view.team.min_overlap_hours:g} h)."
            )
        self.overlap_warning.setText(warning)
        self.overlap_warning.setVisible(bool(warning))
        self.overlap_summary.setText(summary)
        self.overlap_summary.setVisible(bool(summary))
        self._show_band_day()
        self._show_slots()

    def _day_chosen(self) -> None:
        self.chosen_day = self.day_combo.currentData()
        self._show_band_day()

    def _show_band_day(self) -> None:
        view = self.view
        if view is None or view.overlap is None:
            self.band.set_day([], None)
            return
        wanted = self.day_combo.currentData()
        day = next((d for d in view.overlap.days if d.day.toordinal() == wanted), None)
        self.band.set_day(view.members, day, view.overlap)

    def _show_slots(self) -> None:
        view = self.view
        self.slots.setRowCount(0)
        if view is None or view.overlap is None or not view.overlap.days:
            self.slots_title.setText("")
            self.slots.hide()
            return
        groups = zone_groups(view.members)
        if self.presenting:
            groups = groups[:1]  # the room reads the team's time; every zone is in normal mode
        headers = ["Ceremony", "Timebox", "UTC"]
        for index, (zone, names) in enumerate(groups):
            who = ", ".join(_first_name(n) for n in names)
            team = "Team time · " if index == 0 else ""
            people = "" if self.presenting else f"\n{who}"  # names on a second line
            headers.append(f"{team}{zone_label(zone)}{people}")
        headers.append("Fits on")
        self.slots.setColumnCount(len(headers))
        self.slots.setHorizontalHeaderLabels(headers)
        slots = suggest_slots(view.overlap, self.timeboxes)
        for slot in slots:
            self._add_slot_row(slot, [zone for zone, _names in groups])
        self.slots_title.setText(
            "Suggested ceremony slots (the team's timeboxes, at the same team time each day):"
        )
        # The last column ("Fits on") takes what is left and wraps, so nothing is cut; the
        # table scrolls sideways only when the times alone are wider than it.
        self.slots.setWordWrap(True)
        header = self.slots.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(len(headers) - 1, QHeaderView.ResizeMode.Stretch)
        self.slots.show()
        self.slots.resizeRowsToContents()
        self.slots.updateGeometry()

    def _add_slot_row(self, slot: SlotSuggestion, zones: list[str]) -> None:
        row = self.slots.rowCount()
        self.slots.insertRow(row)
        length = format_hours(slot.minutes)
        if slot.sessions > 1:
            length += f" ({slot.sessions} × {format_hours(slot.session_minutes)})"
        if slot.start is None or slot.end is None:
            utc = slot.note
        else:
            utc = f"{slot.start:%H:%M}–{end_label(slot.start, slot.end)}"
        cells = [slot.ceremony, length, utc]
        for zone in zones:
            if slot.start is None:
                cells.append("–")
                continue
            try:
                cells.append(local_span(slot.start, slot.session_minutes, zone))
            except InputError:
                cells.append("unknown time zone")
        cells.append(slot.days_note)
        for column, text in enumerate(cells):
            self.slots.setItem(row, column, cell(text))
