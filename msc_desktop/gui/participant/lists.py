"""The participant list and the "due today / overdue" work list, with an instant filter.

Rows come from `msc_desktop.store.services.overview` (status, arm, infusions, next visit and its
state, open SAEs are computed there); this page only shows, sorts and filters them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from msc_desktop.domain.protocol import Protocol
from msc_desktop.errors import MscError
from msc_desktop.gui.i18n import QT_TRANSLATE_NOOP, localized, role_label, translate
from msc_desktop.gui.widgets.dialogs import show_error
from msc_desktop.gui.widgets.field_editor import code_label
from msc_desktop.gui.widgets.table_model import Column, RowTableModel
from msc_desktop.gui.widgets.tables import read_only_rows
from msc_desktop.store.roles import Action, may
from msc_desktop.store.services.overview import ParticipantRow, participant_rows, work_list
from msc_desktop.store.services.participants import Status
from msc_desktop.store.services.randomization import low_stock_warning
from msc_desktop.store.site import SiteStore

STATUS_TEXTS = {
    Status.REGISTERED: QT_TRANSLATE_NOOP("Status", "Registered"),
    Status.CONSENTED: QT_TRANSLATE_NOOP("Status", "Consented"),
    Status.SCREEN_FAILED: QT_TRANSLATE_NOOP("Status", "Screen failed"),
    Status.ELIGIBLE: QT_TRANSLATE_NOOP("Status", "Eligible"),
    Status.RANDOMIZED: QT_TRANSLATE_NOOP("Status", "Randomized"),
    Status.COMPLETED: QT_TRANSLATE_NOOP("Status", "Completed"),
    Status.DISCONTINUED: QT_TRANSLATE_NOOP("Status", "Discontinued"),
}
_VISIT_STATE_TEXT = {
    "due": QT_TRANSLATE_NOOP("ParticipantList", "due"),
    "overdue": QT_TRANSLATE_NOOP("ParticipantList", "OVERDUE"),
    "upcoming": QT_TRANSLATE_NOOP("ParticipantList", "upcoming"),
}
_ARM_TEXT = {
    "MSC": QT_TRANSLATE_NOOP("ParticipantList", "MSC"),
    "CONTROL": QT_TRANSLATE_NOOP("ParticipantList", "CONTROL"),
}
_OVERDUE_TINT = "#fde2e1"
_DUE_TINT = "#fff4d6"


def _next_visit_text(row: ParticipantRow) -> str:
    if row.next_visit is None or row.next_visit_date is None:
        return ""
    state = row.next_visit_state or ""
    return translate("ParticipantList", "{visit} {date} ({state})").format(
        visit=row.next_visit,
        date=row.next_visit_date.isoformat(),
        state=translate("ParticipantList", _VISIT_STATE_TEXT[state])
        if state in _VISIT_STATE_TEXT
        else state,
    )


def _sae_text(row: ParticipantRow) -> str:
    if not row.open_saes:
        return ""
    if row.overdue_saes:
        return translate("ParticipantList", "{open} open, {late} report overdue").format(
            open=row.open_saes, late=row.overdue_saes
        )
    return translate("ParticipantList", "{open} open").format(open=row.open_saes)


def _status_text(row: ParticipantRow) -> str:
    status = translate("Status", STATUS_TEXTS[Status(row.status)])
    if not row.arm:
        return status
    arm = translate("ParticipantList", _ARM_TEXT[row.arm]) if row.arm in _ARM_TEXT else row.arm
    return translate("ParticipantList", "{status} {arm}").format(status=status, arm=arm)


def participant_columns(protocol: Protocol) -> tuple[Column, ...]:
    """The participant tables' columns (sex worded as `protocol` words it)."""
    return (
        Column(QT_TRANSLATE_NOOP("Columns", "Subject id"), lambda r: r.subject_id),
        Column(QT_TRANSLATE_NOOP("Columns", "Screening no."), lambda r: r.screening_number),
        Column(QT_TRANSLATE_NOOP("Columns", "Initials"), lambda r: r.initials),
        Column(
            QT_TRANSLATE_NOOP("Columns", "Sex"),
            lambda r: code_label(protocol, "registration", "sex", r.sex),
            searchable=False,
        ),
        Column(QT_TRANSLATE_NOOP("Columns", "Status"), _status_text),
        Column(
            QT_TRANSLATE_NOOP("Columns", "Stratum"), lambda r: r.stratum or "", searchable=False
        ),
        Column(
            QT_TRANSLATE_NOOP("Columns", "Infusions"),
            lambda r: str(r.infusions_done) if r.arm == "MSC" else "",
            lambda r: r.infusions_done,
            searchable=False,
        ),
        Column(
            QT_TRANSLATE_NOOP("Columns", "Next visit"),
            _next_visit_text,
            lambda r: (r.next_visit_date is None, r.next_visit_date or date.min),
        ),
        Column(
            QT_TRANSLATE_NOOP("Columns", "Open SAE"),
            _sae_text,
            lambda r: (-r.overdue_saes, -r.open_saes),
        ),
    )


def attention_tint(row: ParticipantRow) -> str | None:
    if row.overdue_saes or row.next_visit_state == "overdue":
        return _OVERDUE_TINT
    if row.open_saes or row.next_visit_state == "due":
        return _DUE_TINT
    return None


def make_table(model: RowTableModel, name: str, parent: QWidget, *, sort_column: int) -> QTableView:
    """A read-only, row-selecting table; `sort_column` -1 keeps the service's order until a
    click."""
    table = QTableView(parent)
    table.setObjectName(name)
    table.setModel(model)
    table.horizontalHeader().setSortIndicator(sort_column, Qt.SortOrder.AscendingOrder)
    table.setSortingEnabled(True)
    read_only_rows(table)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setDefaultSectionSize(24)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    for column, width in enumerate((100, 110, 70, 50, 170, 70, 80, 230)):
        table.setColumnWidth(column, width)
    return table


class ParticipantListPage(QWidget):
    """Tabs "All participants" and "Due today / overdue"; Enter or double-click opens a row."""

    open_participant = Signal(str)
    register_requested = Signal()

    def __init__(
        self, store: SiteStore, *, clock: Callable[[], date], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.clock = clock
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.filter = QLineEdit(self)
        self.filter.setObjectName("participant_filter")
        self.filter.setPlaceholderText(
            self.tr("Filter by subject id, screening number, initials or status (Ctrl+F)")
        )
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.apply_filter)
        self.filter.returnPressed.connect(self._open_first)
        top.addWidget(self.filter, 1)
        self.count = QLabel(self)
        self.count.setObjectName("participant_count")
        top.addWidget(self.count)
        self.register_button = QPushButton(self.tr("Register participant..."), self)
        self.register_button.setObjectName("register_participant")
        self.register_button.clicked.connect(self.register_requested)
        allowed = may(store.user.role, Action.ENTER_DATA)
        self.register_button.setEnabled(allowed)
        if not allowed:
            self.register_button.setToolTip(
                self.tr("A {role} cannot enter data.").format(
                    role=role_label(store.user.role).lower()
                )
            )
        top.addWidget(self.register_button)
        layout.addLayout(top)
        self.stock_banner = QLabel(self)
        self.stock_banner.setObjectName("allocation_stock_warning")
        self.stock_banner.setWordWrap(True)
        self.stock_banner.setStyleSheet(
            "background: #fff3cd; color: #7a4b00; padding: 6px; font-weight: bold"
        )
        self.stock_banner.setVisible(False)
        layout.addWidget(self.stock_banner)
        self.all_model = RowTableModel(
            participant_columns(store.protocol), highlight=attention_tint, parent=self
        )
        self.due_model = RowTableModel(
            participant_columns(store.protocol), highlight=attention_tint, parent=self
        )
        self.tabs = QTabWidget(self)
        self.all_table = make_table(self.all_model, "all_participants", self, sort_column=0)
        self.due_table = make_table(self.due_model, "due_participants", self, sort_column=-1)
        self.tabs.addTab(self.all_table, self.tr("All participants"))
        self.tabs.addTab(self.due_table, self.tr("Due today / overdue"))
        self.tabs.currentChanged.connect(lambda _index: self._show_count())
        layout.addWidget(self.tabs, 1)
        for table in (self.all_table, self.due_table):
            table.activated.connect(self._open_index)

    def reload(self) -> None:
        today = self.clock()
        try:
            rows = participant_rows(self.store, today)
            due = work_list(self.store, today)
            warning = low_stock_warning(self.store)
        except MscError as error:
            show_error(self, error, self.tr("Cannot show the participants"))
            return
        self.all_model.set_rows(rows)
        self.due_model.set_rows(due)
        self.stock_banner.setText(localized(warning) if warning is not None else "")
        self.stock_banner.setVisible(warning is not None)
        self.tabs.setTabText(1, self.tr("Due today / overdue ({count})").format(count=len(due)))
        self._show_count()

    def apply_filter(self, text: str) -> None:
        self.all_model.set_filter_text(text)
        self.due_model.set_filter_text(text)
        self._show_count()

    def current_model(self) -> RowTableModel:
        return self.due_model if self.tabs.currentIndex() == 1 else self.all_model

    def current_table(self) -> QTableView:
        return self.due_table if self.tabs.currentIndex() == 1 else self.all_table

    def _show_count(self) -> None:
        model = self.current_model()
        self.count.setText(
            self.tr("{shown} of {total}").format(shown=model.rowCount(), total=model.total_count)
        )

    def _open_index(self, index: QModelIndex) -> None:
        model = index.model()
        if isinstance(model, RowTableModel) and index.isValid():
            self.open_participant.emit(model.row_at(index).id)

    def _open_first(self) -> None:
        """Enter in the filter opens the only match, or moves to the table to pick one."""
        model = self.current_model()
        if model.rowCount() == 1:
            self.open_participant.emit(model.row_at(model.index(0, 0)).id)
        elif model.rowCount() > 1:
            table = self.current_table()
            table.setFocus()
            table.selectRow(0)
