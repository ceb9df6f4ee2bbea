"""A 24-hour band per member in UTC with the team's overlap hatched and labelled in words."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from facilitator.domain.model import Member
from facilitator.domain.overlap import DayOverlap, is_core, member_windows_on
from facilitator.errors import InputError

MINUTES = 24 * 60


@dataclass(frozen=True)
class BandRow:
    """One member's row: a label and the UTC minutes of the day they work."""

    label: str
    spans: tuple[tuple[int, int], ...]
    core: bool


def _minutes(day: dt.date, moment: dt.datetime) -> int:
    start = dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)
    return max(0, min(MINUTES, int((moment - start).total_seconds() // 60)))


def rows_for(members: Sequence[Member], day: dt.date) -> list[BandRow]:
    """Band rows for the active members on UTC date ``day`` (unknown zones get no bar)."""
    rows = []
    for member in members:
        if not member.active:
            continue
        try:
            windows = member_windows_on(member, day)
        except InputError:
            windows = []
        spans = tuple((_minutes(day, s), _minutes(day, e)) for s, e in windows)
        zone = member.timezone.rsplit("/", 1)[-1].replace("_", " ")
        label = f"{member.name} · {member.role.label} · {zone} {member.hours_label}"
        rows.append(BandRow(label, spans, is_core(member)))
    return rows


class OverlapBand(QWidget):
    """Paints the members' working hours on one day and the overlap window.

    The overlap is hatched (not only tinted) and its caption says the hours in words.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        """Create an empty band; call :meth:`set_day`."""
        super().__init__(parent)
        self.setObjectName("overlap_band")
        self.setAccessibleName("Working hours and overlap")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.rows: list[BandRow] = []
        self.overlap: tuple[tuple[int, int], ...] = ()
        self.caption = "No members yet"

    def set_day(self, members: Sequence[Member], day: DayOverlap | None) -> None:
        """Show ``members`` on the date of ``day`` with its overlap (None: nothing to show)."""
        if day is None:
            self.rows, self.overlap, self.caption = [], (), "No working days in the range"
        else:
            self.rows = rows_for(members, day.day)
            self.overlap = tuple(
                (_minutes(day.day, s), _minutes(day.day, e)) for s, e in day.windows
            )
            self.caption = f"{day.day:%a %d %b %Y}: {day.label()}"
        self.setAccessibleDescription(self.caption)
        self.setToolTip(self.caption)
        self.updateGeometry()
        self.update()

    def _row_height(self) -> int:
        return int(self.fontMetrics().height() * 1.7)

    def _label_width(self) -> int:
        widths = [self.fontMetrics().horizontalAdvance(r.label) for r in self.rows] or [0]
        return min(max(widths) + 16, max(160, self.width() // 2))

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        """Wide enough to read, as tall as the rows."""
        return QSize(900, self.minimumSizeHint().height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        """Two text lines on top, one row per member, then the hour axis."""
        line = self.fontMetrics().height()
        return QSize(560, 3 * line + 12 + self._row_height() * max(1, len(self.rows)))

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        """Draw caption, rows, bars, the hatched overlap and the hour axis."""
        del event
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        text = pal.color(QPalette.ColorRole.WindowText)
        line = self.fontMetrics().height()
        row_h = self._row_height()
        left = self._label_width()
        right = self.width() - self.fontMetrics().horizontalAdvance("24:00") // 2 - 6
        top = line + 8
        span = max(1, right - left)

        def x(minute: int) -> float:
            return left + span * minute / MINUTES

        painter.setPen(text)
        caption_font = painter.font()
        caption_font.setBold(True)
        painter.setFont(caption_font)
        painter.drawText(
            QRectF(0, 0, self.width(), line + 4),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            self.fontMetrics().elidedText(self.caption, Qt.TextElideMode.ElideRight, self.width()),
        )
        caption_font.setBold(False)
        painter.setFont(caption_font)
        body_h = row_h * max(1, len(self.rows))

        # Alternate row backgrounds from the palette, so rows stay readable in dark mode too.
        for index, row in enumerate(self.rows):
            y = top + index * row_h
            if index % 2:
                painter.fillRect(QRectF(0, y, self.width(), row_h), pal.alternateBase())
            painter.setPen(text if row.core else pal.color(QPalette.ColorRole.PlaceholderText))
            label = row.label if row.core else f"{row.label} (not core)"
            painter.drawText(
                QRectF(4, y, left - 12, row_h),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                self.fontMetrics().elidedText(label, Qt.TextElideMode.ElideRight, left - 12),
            )
            bar = QColor(pal.color(QPalette.ColorRole.Highlight))
            if not row.core:
                bar.setAlphaF(0.45)
            for start, end in row.spans:
                rect = QRectF(x(start), y + row_h * 0.2, x(end) - x(start), row_h * 0.6)
                painter.fillRect(rect, bar)

        # The overlap: a hatched frame across every row, in the text colour.
        pen = QPen(text)
        pen.setWidthF(2.0)
        for start, end in self.overlap:
            rect = QRectF(x(start), top - 2, x(end) - x(start), body_h + 4)
            painter.fillRect(rect, QBrush(text, Qt.BrushStyle.BDiagPattern))
            painter.setPen(pen)
            painter.drawRect(rect)

        # Hour axis below the rows, every 3 hours, in UTC.
        axis_y = top + body_h + 4
        painter.setPen(pal.color(QPalette.ColorRole.Mid))
        painter.drawLine(int(left), int(axis_y), int(right), int(axis_y))
        painter.setPen(text)
        for hour in range(0, 25, 3):
            px = x(hour * 60)
            painter.drawLine(int(px), int(axis_y), int(px), int(axis_y + 4))
            painter.drawText(
                QRectF(px - 30, axis_y + 4, 60, line),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                f"{hour:02d}:00",
            )
        painter.drawText(
            QRectF(0, axis_y + 4, left - 36, line),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop,
            "Time in UTC",
        )
        painter.end()
