"""A read-only table model over plain Python rows, with its own sort and instant text filter.

Display texts and the lower-case search text of each row are computed once when the rows are
set, so `data()` is a list lookup and filtering 10,000 rows is one pass over strings (no Qt proxy
calling back into Python for every cell). Sorting keeps selections and other persistent indexes
on their rows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from msc_desktop.gui.i18n import translate

ROW_ROLE = Qt.ItemDataRole.UserRole + 1
ModelIndex = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


@dataclass(frozen=True)
class Column:
    """One column: its header, the text of a row, and (optionally) a sort key other than the
    text."""

    header: str
    text: Callable[[Any], str]
    sort_key: Callable[[Any], Any] | None = None
    searchable: bool = True


class RowTableModel(QAbstractTableModel):
    """Rows of any Python objects shown through `columns`; `highlight` tints rows that need
    action."""

    def __init__(
        self,
        columns: Sequence[Column],
        *,
        highlight: Callable[[Any], str | None] | None = None,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self.columns = tuple(columns)
        self._highlight = highlight
        self._rows: list[Any] = []
        self._cells: list[tuple[str, ...]] = []
        self._search: list[str] = []
        self._tints: list[QBrush | None] = []
        self._visible: list[int] = []
        self._filter_words: tuple[str, ...] = ()
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder

    # -- data in -------------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._cells = [tuple(column.text(row) for column in self.columns) for row in self._rows]
        searchable = [i for i, column in enumerate(self.columns) if column.searchable]
        self._search = [" ".join(cells[i] for i in searchable).lower() for cells in self._cells]
        self._tints = [self._tint(row) for row in self._rows]
        self._visible = self._filtered()
        self._apply_sort()
        self.endResetModel()

    def _tint(self, row: Any) -> QBrush | None:
        colour = self._highlight(row) if self._highlight is not None else None
        return QBrush(QColor(colour)) if colour else None

    def set_filter_text(self, text: str) -> None:
        """Shows only rows whose searchable texts contain every word of `text` (any case)."""
        words = tuple(text.lower().split())
        if words == self._filter_words:
            return
        self.beginResetModel()
        self._filter_words = words
        self._visible = self._filtered()
        self._apply_sort()
        self.endResetModel()

    def _filtered(self) -> list[int]:
        words = self._filter_words
        search = self._search
        return [i for i in range(len(self._rows)) if all(word in search[i] for word in words)]

    # -- data out ------------------------------------------------------------------------------

    def row_at(self, index: ModelIndex) -> Any:
        return self._rows[self._visible[index.row()]]

    def visible_rows(self) -> list[Any]:
        return [self._rows[i] for i in self._visible]

    @property
    def total_count(self) -> int:
        return len(self._rows)

    def rowCount(self, parent: ModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: ModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._visible):
            return None
        source = self._visible[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._cells[source][index.column()]
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._tints[source]
        if role == ROW_ROLE:
            return self._rows[source]
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            # headers marked with QT_TRANSLATE_NOOP("Columns", ...) are translated; others show as
            # written
            return (
                translate("Columns", self.columns[section].header)
                if 0 <= section < len(self.columns)
                else None
            )
        return str(section + 1)

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    # -- sorting -------------------------------------------------------------------------------

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        anchored = [(self._visible[i.row()], i.column()) for i in persistent]
        self._sort_column, self._sort_order = column, order
        self._apply_sort()
        position = {source: row for row, source in enumerate(self._visible)}
        self.changePersistentIndexList(
            persistent, [self.index(position[source], col) for source, col in anchored]
        )
        self.layoutChanged.emit()

    def _apply_sort(self) -> None:
        if self._sort_column < 0:
            return
        column = self.columns[self._sort_column]
        if column.sort_key is not None:
            key_of = column.sort_key
            keys = {i: key_of(self._rows[i]) for i in self._visible}
        else:
            col = self._sort_column
            keys = {i: self._cells[i][col].lower() for i in self._visible}
        self._visible.sort(
            key=keys.__getitem__, reverse=self._sort_order == Qt.SortOrder.DescendingOrder
        )
