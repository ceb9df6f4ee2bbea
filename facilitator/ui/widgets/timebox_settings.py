"""The Team screen's "Timeboxes" panel: each team's timebox per ceremony and warning point.

DESIGN.md rule 9: every ceremony has a timebox whose default scales with sprint length, each
team can change its defaults, and the timer warns at a configurable point (2 minutes unless
changed). The rule-9 default stands next to each field; Reset goes back to it. Values are
checked inline, in words, next to the field; nothing is saved while any field is wrong.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QLineEdit,
    QPushButton,
    QWidget,
)

from facilitator.domain.ids import TeamId
from facilitator.domain.timebox import DEFAULT_WARN_SECONDS, Ceremony
from facilitator.errors import FacilitatorError
from facilitator.ops import timebox as ops
from facilitator.ops.team_model import TeamView
from facilitator.ui.context import UiContext
from facilitator.ui.widgets.text import plain_label
from facilitator.ui.widgets.timer_extend import button

WARN_KEY = "warn"
DEFAULT_WARN_MINUTES = DEFAULT_WARN_SECONDS // 60


def minutes_text(minutes: int) -> str:
    """``90`` → ``"1 h 30 min"``; ``15`` → ``"15 min"`` (how the defaults are shown)."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h" + (f" {rest} min" if rest else "")


def parse_minutes(text: str, low: int, high: int) -> tuple[int | None, str]:
    """Whole minutes from ``text`` within ``low``–``high``: (value, "") or (None, reason)."""
    cleaned = text.strip().removesuffix("min").strip()
    if not cleaned:
        return None, "! Enter the minutes"
    if not cleaned.isdigit():
        return None, f"! “{text.strip()}” is not a whole number of minutes"
    value = int(cleaned)
    if not low <= value <= high:
        return None, f"! {value} min is outside {low}–{high} min"
    return value, ""


class _Row:
    """One field with its default, reset button and inline error."""

    def __init__(self, key: str, title: str, low: int, high: int) -> None:
        self.key, self.low, self.high = key, low, high
        self.default = 0
        self.title = plain_label(title, name=f"timebox_title_{key}")
        self.edit = QLineEdit()
        self.edit.setObjectName(f"timebox_minutes_{key}")
        self.edit.setAccessibleName(f"{title} in minutes")
        self.edit.setMaxLength(4)
        self.edit.setMaximumWidth(90)
        self.unit = plain_label("min")
        self.default_label = plain_label(name=f"timebox_default_{key}")
        self.reset = button("Reset", f"timebox_reset_{key}", f"Reset {title.lower()} to default")
        self.error = plain_label(name=f"timebox_error_{key}", wrap=True)
        self.error.hide()
        self.title.setBuddy(self.edit)

    def show(self, value: int, default: int) -> None:
        self.default = default
        self.edit.setText(str(value))
        self.default_label.setText(f"default {minutes_text(default)}")
        self.show_error("")

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def value(self) -> int | None:
        value, reason = parse_minutes(self.edit.text(), self.low, self.high)
        self.show_error(reason)
        return value


class TimeboxSettings(QGroupBox):
    """Per-ceremony timeboxes (rule-9 default beside each) and the warning point, with reset.

    Signals:
        changed: the settings were saved (the Team screen marks "saved" and reloads).
    """

    changed = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        """Build the rows; :meth:`show_team` (or :meth:`show_view`) fills them."""
        super().__init__("Timeboxes", parent)
        self.ctx = ctx
        self.setObjectName("timebox_settings")
        self.setAccessibleName("Timeboxes")
        self.team_id: TeamId | None = None
        # The chosen minutes and the rule-9 default per ceremony as last read (the Team screen's
        # overlap slots show them too: read once).
        self.minutes: dict[Ceremony, tuple[int, int]] = {}
        self.rows: dict[str, _Row] = {
            c.value: _Row(c.value, c.label, 1, ops.MAX_TIMEBOX_MINUTES) for c in Ceremony
        }
        self.rows[WARN_KEY] = _Row(
            WARN_KEY, "Warn before the end", ops.MIN_WARN_MINUTES, ops.MAX_WARN_MINUTES
        )
        grid = QGridLayout(self)
        for line, row in enumerate(self.rows.values()):
            row.reset.clicked.connect(lambda _=False, r=row: self._reset(r))
            row.edit.returnPressed.connect(self.save)
            for column, widget in enumerate(
                (row.title, row.edit, row.unit, row.default_label, row.reset)
            ):
                grid.addWidget(widget, 2 * line, column)
            grid.addWidget(row.error, 2 * line + 1, 1, 1, 4)
        grid.setColumnStretch(3, 1)
        self.note = plain_label(
            "Changes apply to the next session; a ceremony under way keeps its timebox.",
            name="timebox_note",
            wrap=True,
        )
        self.status = plain_label(name="timebox_status", wrap=True)
        self.save_button: QPushButton = button("Save timeboxes", "timebox_save", "Save timeboxes")
        self.save_button.clicked.connect(self.save)
        last = 2 * len(self.rows)
        grid.addWidget(self.note, last, 0, 1, 5)
        grid.addWidget(self.status, last + 1, 0, 1, 4)
        grid.addWidget(self.save_button, last + 1, 4)

    def focus_chain(self) -> list[QWidget]:
        """Each row's field then its Reset, then Save (for the screen's Tab order)."""
        chain: list[QWidget] = []
        for row in self.rows.values():
            chain += [row.edit, row.reset]
        return [*chain, self.save_button]

    # --- loading ---------------------------------------------------------------------------
    def show_view(self, view: TeamView) -> None:
        """Fill the rows for the Team screen's team (the other panels' convention)."""
        self.show_team(view.team.id)

    def show_team(self, team_id: TeamId) -> None:
        """Read ``team_id``'s timeboxes and warning point; errors show inline."""
        self.team_id, self.minutes = team_id, {}
        try:
            minutes = ops.ceremony_minutes(self.ctx.store, team_id)
            settings = ops.presenter_settings(self.ctx.store, team_id)
        except FacilitatorError as err:
            self._say(f"✗ {err}")
            return
        self.minutes = dict(minutes)
        for ceremony, (chosen, rule) in minutes.items():
            self.rows[ceremony.value].show(chosen, rule)
        warn = self.rows[WARN_KEY]
        warn.show(settings.warn_seconds // 60, DEFAULT_WARN_MINUTES)
        warn.default_label.setText(f"default {minutes_text(DEFAULT_WARN_MINUTES)}")
        self._say("")

    def _say(self, text: str) -> None:
        self.status.setText(text)

    # --- actions ---------------------------------------------------------------------------
    def _reset(self, row: _Row) -> None:
        row.edit.setText(str(row.default))
        row.show_error("")
        self.save()

    def save(self) -> None:
        """Check every field inline; save them all only when every one is valid."""
        if self.team_id is None:
            return
        values = {key: row.value() for key, row in self.rows.items()}
        wrong = [row for key, row in self.rows.items() if values[key] is None]
        if wrong:
            wrong[0].edit.setFocus()
            self._say("! Nothing saved: correct the fields marked !")
            return
        try:
            for ceremony in Ceremony:
                value = values[ceremony.value]
                default = self.rows[ceremony.value].default
                ops.set_ceremony_minutes(
                    self.ctx.store, self.team_id, ceremony, None if value == default else value
                )
            warn = values[WARN_KEY]
            ops.set_warning_minutes(
                self.ctx.store, self.team_id, None if warn == DEFAULT_WARN_MINUTES else warn
            )
        except FacilitatorError as err:
            self._say(f"✗ {err}")
            return
        self._say("✓ Timeboxes saved; the next session uses them")
        self.changed.emit()
