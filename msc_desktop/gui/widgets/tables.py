"""The set-up every list of rows on the screens shares: whole rows selected one at a time, nothing
edited in place, no row numbers; columns fitted to their contents with the last one stretched."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from msc_desktop.gui.widgets.table_model import RowTableModel


def read_only_rows(table: QTableView, *, single: bool = True) -> None:
    """Rows are picked whole (one at a time when `single`), never edited, shown unnumbered."""
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if single:
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)


def fit_columns(table: QTableView) -> None:
    """Each column as wide as its contents; the last one takes the rest of the width."""
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)


def row_table(model: RowTableModel, name: str, parent: QWidget) -> QTableView:
    """A read-only table of `model`'s rows, one selected at a time, columns fitted."""
    table = QTableView(parent)
    table.setObjectName(name)
    table.setModel(model)
    read_only_rows(table)
    fit_columns(table)
    return table
