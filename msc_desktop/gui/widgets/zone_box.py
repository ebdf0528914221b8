"""The time zone chooser of the set-up wizard and the settings dialog: every IANA zone this
computer knows, typed or picked ("Shanghai" finds Asia/Shanghai); the store checks the name
(domain/clinic_time.py)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget

from msc_desktop.domain.clinic_time import zone_names


class ZoneBox(QComboBox):
    """An editable list of zone names, showing `current`."""

    def __init__(self, current: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.addItems(zone_names())
        completer = QCompleter(zone_names(), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.setCompleter(completer)
        self.setCurrentText(current)

    def zone(self) -> str:
        """The name as typed or chosen (checked by the store)."""
        return self.currentText().strip()
