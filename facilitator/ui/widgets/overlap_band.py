"""A 24-hour band of one working day with every member's hours, then each working day's overlap.

The band starts where :func:`~facilitator.domain.overlap.band_origin` says, so an overlap that
crosses UTC midnight is drawn as one hatched stretch; the hour axis, in UTC, is right under the
members' bars (in presenter mode their labels leave the hours to the bars). Below it,
one row per working day of the chosen dates shows that day's overlap at the same place, its
length in words, and ``!`` on the days under the team's minimum.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from facilitator.domain.model import Member
from facilitator.domain.overlap import (
    DayOverlap,
    OverlapSummary,
    band_origin,
    day_name,
    format_overlap,
    is_core,
    member_windows_between,
)
from facilitator.domain.overlap_slots import day_positions, positions, zone_label
from facilitator.errors import InputError

MINUTES = 24 * 60
Spans = tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class BandRow:
    """One row: a label and the minutes after the band's origin to draw."""

    label: str
    spans: Spans
    core: bool = True
    short: bool = False


def rows_for(
    members: Sequence[Member], origin: dt.datetime, compact: bool = False
) -> list[BandRow]:
    """Band rows for the active members over the 24 hours from ``origin`` (unknown zone: no bar).

    ``compact`` labels say only the name and the place (presenter mode: the bar shows the hours).
    """
    rows = []
    end = origin + dt.timedelta(days=1)
    for member in members:
        if not member.active:
            continue
        try:
            windows = member_windows_between(member, origin, end)
        except InputError:
            windows = []
        zone = zone_label(member.timezone)
        label = (
            f"{member.name} · {zone}"
            if compact
            else f"{member.name} · {member.role_label} · {zone} {member.hours_label}"
        )
        rows.append(BandRow(label, positions(windows, origin), is_core(member)))
    return rows


def day_rows(summary: OverlapSummary, shown: DayOverlap, origin: dt.datetime) -> list[BandRow]:
    """One row per working day: its overlap placed on ``shown``'s band, and its length."""
    rows = []
    for day in summary.days:
        short = day.minutes < summary.min_hours * 60
        mark = "! " if short else ""
        label = f"{mark}{day_name(day.day)} · {format_overlap(day.minutes)}"
        rows.append(BandRow(label, day_positions(day, shown, origin), True, short))
    return rows


def tick_hours(width: float, label_width: float) -> int:
    """The smallest of 1, 2, 3, 6 or 12 hours between axis labels that keeps them apart."""
    for step in (1, 2, 3, 6, 12):
        if width * step / 24 >= label_width * 1.5:
            return step
    return 24


class OverlapBand(QWidget):
    """Paints one working day's members, its overlap, and every working day's overlap.

    The overlap is hatched (not only tinted) and every row says its hours in words.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        """Create an empty band; call :meth:`set_day`."""
        super().__init__(parent)
        self.setObjectName("overlap_band")
        self.setAccessibleName("Working hours and overlap")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.rows: list[BandRow] = []
        self.days: list[BandRow] = []
        self.overlap: Spans = ()
        self.origin = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
        self.caption = "No members yet"
        self.compact = False

    def set_day(
        self,
        members: Sequence[Member],
        day: DayOverlap | None,
        summary: OverlapSummary | None = None,
    ) -> None:
        """Show ``members`` on ``day`` with its overlap, and each day of ``summary`` below."""
        if day is None:
            self.rows, self.days, self.overlap = [], [], ()
            self.caption = "No working days in the chosen dates"
        else:
            self.origin = band_origin(day)
            self.rows = rows_for(members, self.origin, self.compact)
            self.overlap = positions(day.windows, self.origin)
            self.days = day_rows(summary, day, self.origin) if summary is not None else []
            self.caption = f"{day.day:%a} {day.day.day} {day.day:%b %Y}: {day.label()}"
        lines = [self.caption, *(row.label for row in self.days)]
        self.setAccessibleDescription(". ".join(lines))
        self.setToolTip("\n".join(lines))
        self.updateGeometry()
        self.update()

    def _row_height(self) -> int:
        return int(self.fontMetrics().height() * 1.6)

    def _day_height(self) -> int:
        return int(self.fontMetrics().height() * 1.3)

    def _label_width(self) -> int:
        bold = QFont(self.font())
        bold.setBold(True)
        strong = QFontMetrics(bold)  # short days are drawn bold
        labels = [*self.rows, *self.days]
        widths = [
            (strong if r.short else self.fontMetrics()).horizontalAdvance(r.label) for r in labels
        ] or [0]
        return min(max(widths) + 16, max(160, int(self.width() * 0.42)))

    def _body_height(self) -> int:
        line = self.fontMetrics().height()
        days = (line + 4 + self._day_height() * len(self.days)) if self.days else 0
        return self._row_height() * max(1, len(self.rows)) + days

    def hour_axis_y(self) -> int:
        """Where the hour axis is drawn: right under the members' rows."""
        return self.fontMetrics().height() + 8 + self._row_height() * max(1, len(self.rows)) + 4

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        """Wide enough to read, as tall as the rows."""
        return QSize(900, self.minimumSizeHint().height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        """The caption, one row per member, the hour axis, then the day rows."""
        line = self.fontMetrics().height()
        return QSize(560, 2 * line + 20 + self._body_height())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        """Draw caption, member rows, the hatched overlap, the hour axis and the day rows."""
        del event
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        text = pal.color(QPalette.ColorRole.WindowText)
        metrics = self.fontMetrics()
        line = metrics.height()
        left = self._label_width()
        right = self.width() - metrics.horizontalAdvance("24:00") // 2 - 6
        top = line + 8
        span = max(1, right - left)

        def x(minute: int) -> float:
            return left + span * minute / MINUTES

        def label(rect: QRectF, words: str) -> None:
            elided = metrics.elidedText(words, Qt.TextElideMode.ElideRight, int(rect.width()))
            painter.drawText(
                rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, elided
            )

        bold = painter.font()
        bold.setBold(True)
        normal = painter.font()
        normal.setBold(False)
        painter.setPen(text)
        painter.setFont(bold)
        label(QRectF(0, 0, self.width(), line + 4), self.caption)
        painter.setFont(normal)

        row_h = self._row_height()
        bar = QColor(pal.color(QPalette.ColorRole.Highlight))
        # Alternate row backgrounds from the palette, so rows stay readable in dark mode too.
        for index, row in enumerate(self.rows):
            y = top + index * row_h
            if index % 2:
                painter.fillRect(QRectF(0, y, self.width(), row_h), pal.alternateBase())
            painter.setPen(text if row.core else pal.color(QPalette.ColorRole.PlaceholderText))
            label(
                QRectF(4, y, left - 12, row_h), row.label if row.core else f"{row.label} (not core)"
            )
            colour = QColor(bar)
            if not row.core:
                colour.setAlphaF(0.45)
            for start, end in row.spans:
                painter.fillRect(
                    QRectF(x(start), y + row_h * 0.2, x(end) - x(start), row_h * 0.6), colour
                )
        members_h = row_h * max(1, len(self.rows))

        # The overlap: a hatched frame across every member row, in the text colour.
        pen = QPen(text)
        pen.setWidthF(2.0)
        for start, end in self.overlap:
            rect = QRectF(x(start), top - 2, x(end) - x(start), members_h + 4)
            painter.fillRect(rect, QBrush(text, Qt.BrushStyle.BDiagPattern))
            painter.setPen(pen)
            painter.drawRect(rect)

        # The hour axis right under the members' bars, in UTC, labels as far apart as they need.
        axis_y = self.hour_axis_y()  # top + members_h + 4
        painter.setPen(pal.color(QPalette.ColorRole.Mid))
        painter.drawLine(int(left), int(axis_y), int(right), int(axis_y))
        painter.setPen(text)
        step = tick_hours(span, metrics.horizontalAdvance("00:00"))
        first = (-self.origin.hour) % step
        for hour in range(first, 25, step):
            px = x(hour * 60)
            painter.drawLine(int(px), int(axis_y), int(px), int(axis_y + 4))
            moment = self.origin + dt.timedelta(hours=hour)
            painter.drawText(
                QRectF(px - 60, axis_y + 4, 120, line),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                f"{moment:%H:%M}",
            )
        painter.drawText(
            QRectF(0, axis_y + 4, left - metrics.horizontalAdvance("00:00"), line),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop,
            "Time in UTC",
        )

        # Each working day: its overlap at the same place, hatched, with its length in words.
        y = axis_y + line + 10
        if self.days:
            painter.setPen(text)
            painter.setFont(bold)
            label(
                QRectF(4, y, self.width() - 8, line),
                "Each working day (overlap of all core members)",
            )
            painter.setFont(normal)
            y += line + 2
            day_h = self._day_height()
            for index, row in enumerate(self.days):
                ry = y + index * day_h
                if index % 2:
                    painter.fillRect(QRectF(0, ry, self.width(), day_h), pal.alternateBase())
                painter.setPen(text)
                painter.setFont(bold if row.short else normal)
                label(QRectF(4, ry, left - 12, day_h), row.label)
                painter.setFont(normal)
                for start, end in row.spans:
                    rect = QRectF(x(start), ry + day_h * 0.15, x(end) - x(start), day_h * 0.7)
                    painter.fillRect(rect, QBrush(text, Qt.BrushStyle.BDiagPattern))
                    painter.setPen(pen)
                    painter.drawRect(rect)

        painter.end()
