"""A searchable IANA time-zone picker: type any part of the name ("sao", "warsaw", "new_y")."""

from __future__ import annotations

import zoneinfo
from functools import cache

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtGui import QFocusEvent, QKeyEvent, QWheelEvent
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget


@cache
def zone_names() -> tuple[str, ...]:
    """Every IANA zone name known to this Python, sorted (computed once)."""
    return tuple(sorted(zoneinfo.available_timezones()))


class TimezonePicker(QComboBox):
    """An editable combo box over the IANA zones whose completer matches anywhere in the name.

    Typing free text is allowed so the form can say, next to the field, when a zone is unknown.
    With ``deferred``, the ~600 zone names (reading them walks the zoneinfo directory: ~14 ms)
    are put in the list the first time the picker can show or complete them: focus, a key, the
    wheel, the drop-down (a form built with its screen need not wait for them).
    """

    def __init__(self, name: str, parent: QWidget | None = None, *, deferred: bool = False) -> None:
        """Create the picker named ``name``; its list is filled now unless ``deferred``."""
        super().__init__(parent)
        self.setObjectName(name)
        self.setAccessibleName("Time zone (IANA), type to search")
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        # One list model for the drop-down and the completer, filled at once on first need.
        zones = QStringListModel(self)
        self.zones, self.filled = zones, False
        self.setModel(zones)
        self.setMaxVisibleItems(15)
        completer = QCompleter(zones, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)
        line = self.lineEdit()
        assert line is not None  # editable combo boxes always have one
        line.setObjectName(f"{name}_text")
        line.setAccessibleName("Time zone text")
        line.setPlaceholderText("e.g. Europe/Berlin")
        self.set_zone("UTC")
        if not deferred:
            self.fill()

    def fill(self) -> None:
        """Append every zone to the list (once), keeping the text shown and any rows before."""
        if self.filled:
            return
        self.filled = True
        text = self.currentText()
        self.zones.setStringList([*self.zones.stringList(), *zone_names()])
        self.set_zone(text)

    def showPopup(self) -> None:  # noqa: N802 - Qt override
        """The drop-down shows every zone."""
        self.fill()
        super().showPopup()

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt override
        """Focused: typing completes against every zone."""
        self.fill()
        super().focusInEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        """Arrow keys step through every zone."""
        self.fill()
        super().keyPressEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt override
        """The wheel steps through every zone."""
        self.fill()
        super().wheelEvent(event)

    def zone(self) -> str:
        """The text typed or picked (validated by the caller)."""
        return self.currentText().strip()

    def set_zone(self, zone: str) -> None:
        """Show ``zone`` (even one that is not in the list, so it can be corrected)."""
        index = self.findText(zone)
        if index >= 0:
            self.setCurrentIndex(index)
        else:
            self.setEditText(zone)
