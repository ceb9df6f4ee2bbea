"""A searchable IANA time-zone picker: type any part of the name ("sao", "warsaw", "new_y")."""

from __future__ import annotations

import zoneinfo
from functools import cache

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget


@cache
def zone_names() -> tuple[str, ...]:
    """Every IANA zone name known to this Python, sorted (computed once)."""
    return tuple(sorted(zoneinfo.available_timezones()))


class TimezonePicker(QComboBox):
    """An editable combo box over the IANA zones whose completer matches anywhere in the name.

    Typing free text is allowed so the form can say, next to the field, when a zone is unknown.
    """

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        """Create the picker with ``objectName`` ``name``."""
        super().__init__(parent)
        self.setObjectName(name)
        self.setAccessibleName("Time zone (IANA), type to search")
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        # One list model for the drop-down and the completer: set at once, not 600 addItem calls.
        zones = QStringListModel(list(zone_names()), self)
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
