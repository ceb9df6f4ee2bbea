"""The Team screen's overlap section: date range, 24-hour band, warning and ceremony slots."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QGroupBox, QHBoxLayout, QVBoxLayout, QWidget

from facilitator.domain.overlap import ceremony_minutes, format_hours, suggest_slots
from facilitator.ops import team_model as ops
from facilitator.ui.widgets.overlap_band import OverlapBand
from facilitator.ui.widgets.text import plain_label


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _date(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


class OverlapPanel(QGroupBox):
    """Overlap of all core members for a date range, one day drawn as a band.

    Signals:
        range_changed: the user picked other dates; the screen reads the view again.
    """

    range_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        """Build the range pickers, band and labels."""
        super().__init__("Working-hours overlap", parent)
        self.setObjectName("team_overlap_box")
        self.view: ops.TeamView | None = None
        self.first_date = QDateEdit()
        self.last_date = QDateEdit()
        for edit, name in ((self.first_date, "from"), (self.last_date, "to")):
            edit.setObjectName(f"team_overlap_{name}")
            edit.setAccessibleName(f"Overlap dates {name}")
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("ddd d MMM yyyy")
            edit.dateChanged.connect(self.range_changed.emit)
        self.day_combo = QComboBox()
        self.day_combo.setObjectName("team_overlap_day")
        self.day_combo.setAccessibleName("Day shown in the band")
        self.day_combo.currentIndexChanged.connect(self._show_band_day)
        self.band = OverlapBand()
        self.overlap_warning = plain_label(name="team_overlap_warning", wrap=True)
        self.overlap_warning.setProperty("level", "warning")
        self.overlap_summary = plain_label(name="team_overlap_summary", wrap=True)
        self.slots_label = plain_label(name="team_overlap_slots", wrap=True)
        dates = QHBoxLayout()
        dates.addWidget(plain_label("From"))
        dates.addWidget(self.first_date)
        dates.addWidget(plain_label("to"))
        dates.addWidget(self.last_date)
        dates.addSpacing(12)
        dates.addWidget(plain_label("Show"))
        dates.addWidget(self.day_combo)
        dates.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(dates)
        layout.addWidget(self.overlap_warning)
        layout.addWidget(self.overlap_summary)
        layout.addWidget(self.band)
        layout.addWidget(self.slots_label)

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

    def show_view(self, view: ops.TeamView) -> None:
        """Show the view's overlap, warning first."""
        self.view = view
        current = self.day_combo.currentData()
        self.day_combo.blockSignals(True)
        self.day_combo.clear()
        days = view.overlap.days if view.overlap else ()
        for day in days:
            self.day_combo.addItem(f"{day.day:%a %d %b}", day.day.toordinal())
        shortest = view.overlap.shortest if view.overlap else None
        keep = self.day_combo.findData(current) if current is not None else -1
        if keep < 0 and shortest is not None:
            keep = self.day_combo.findData(shortest.day.toordinal())
        self.day_combo.setCurrentIndex(max(keep, 0) if days else -1)
        self.day_combo.blockSignals(False)
        if view.overlap_error:
            self.overlap_warning.setText(f"✗ {view.overlap_error}")
            self.overlap_summary.setText("")
        elif view.overlap is None or shortest is None:
            self.overlap_warning.setText("")
            self.overlap_summary.setText("No working days in the chosen dates.")
        else:
            warning = view.overlap.warning
            self.overlap_warning.setText(f"! {warning}" if warning else "")
            longest = max(view.overlap.days, key=lambda d: d.minutes)
            spread = (
                f"{format_hours(shortest.minutes)} every day"
                if shortest.minutes == longest.minutes
                else f"{format_hours(shortest.minutes)} to {format_hours(longest.minutes)} a day"
            )
            mark = "!" if warning else "✓"
            self.overlap_summary.setText(
                f"{mark} Daily overlap of all core members: {spread} "
                f"(minimum {view.team.min_overlap_hours:g} h)."
            )
        self.overlap_warning.setVisible(bool(self.overlap_warning.text()))
        self._show_band_day()

    def _show_band_day(self) -> None:
        view = self.view
        if view is None or view.overlap is None:
            self.band.set_day([], None)
            self.slots_label.setText("")
            return
        wanted = self.day_combo.currentData()
        day = next((d for d in view.overlap.days if d.day.toordinal() == wanted), None)
        self.band.set_day(view.members, day)
        if day is None:
            self.slots_label.setText("")
            return
        slots = suggest_slots(day, ceremony_minutes(view.team.sprint_length_days))
        self.slots_label.setText(
            "Suggested ceremony slots: "
            + "; ".join(f"{s.ceremony} ({format_hours(s.minutes)}) {s.note}" for s in slots)
        )
