"""The audit trail, readable: a participant's full history (who, when, old -> new, reason) with
its signatures, filtered by record and by text, exported to CSV or PDF; and, for site
administrators only, the account events (sign-ins, failures, lock-outs, account changes).

Rows come from `msc_desktop.store.services.audit_history`; exports are written and audited there.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from msc_desktop.domain.items import ItemCatalogue
from msc_desktop.domain.protocol import Protocol
from msc_desktop.errors import MscError
from msc_desktop.gui.i18n import (
    QT_TRANSLATE_NOOP,
    current_language,
    localized,
    role_label,
    translate,
)
from msc_desktop.gui.participant.lists import STATUS_TEXTS
from msc_desktop.gui.widgets.dialogs import show_error
from msc_desktop.gui.widgets.table_model import Column, RowTableModel
from msc_desktop.gui.widgets.tables import read_only_rows
from msc_desktop.reports.audit_history import export_account_events, export_history
from msc_desktop.store.services.audit_history import (
    HistoryEntry,
    ParticipantHistory,
    SignatureEntry,
    account_events,
    format_ts,
    participant_history,
)
from msc_desktop.store.services.participants import ParticipantDetail, Status
from msc_desktop.store.site import SiteStore

_ACTION_TINTS = {"update": "#fff4d6", "delete": "#fde2e1"}

#: The audit trail's actions (store/audit.py).
ACTION_TEXTS = {
    "insert": QT_TRANSLATE_NOOP("AuditActions", "insert"),
    "update": QT_TRANSLATE_NOOP("AuditActions", "update"),
    "delete": QT_TRANSLATE_NOOP("AuditActions", "delete"),
    "event": QT_TRANSLATE_NOOP("AuditActions", "event"),
}
#: The signature meanings (store.services.signatures.Meaning), as the signature tables show them.
MEANING_TEXTS = (
    QT_TRANSLATE_NOOP("Meanings", "I confirm this participant's eligibility"),
    QT_TRANSLATE_NOOP("Meanings", "I prepared this dose as calculated"),
    QT_TRANSLATE_NOOP("Meanings", "I verified this dose independently"),
    QT_TRANSLATE_NOOP(
        "Meanings", "I authorise infusion of a product below the viability release limit"
    ),
    QT_TRANSLATE_NOOP("Meanings", "I assessed the causality of this adverse event"),
)


def _action(entry: HistoryEntry) -> str:
    return (
        translate("AuditActions", ACTION_TEXTS[entry.action])
        if entry.action in ACTION_TEXTS
        else entry.action
    )


def _state(signature: SignatureEntry) -> str:
    if signature.voided_at is None:
        return translate("AuditTab", "valid")
    moment = format_ts(signature.voided_at).removesuffix(" UTC")
    if signature.void_reason:
        return translate("AuditTab", "voided {time}: {reason}").format(
            time=moment, reason=signature.void_reason
        )
    return translate("AuditTab", "voided {time}").format(time=moment)


_STATUSES = {status.value for status in Status}
#: The stored columns named otherwise than their form field ("*": a visit item's value, any answer).
_FIELD_OF_COLUMN = {
    ("item_value", "value"): "*",
    ("disposition", "decod"): "status",
    ("adverse_event", "relationship_to_msc"): "relationship",
    ("infusion", "reactions"): "infusion_reaction",
}


def _choice_labels(protocol: Protocol, language: str) -> dict[str, dict[str, str]]:
    """Field name -> {choice code: label} for every protocol answer with a word for a code (sex
    "M", outcome "FATAL", ascites "slight"...), plus "arm"; "*" holds them all (a visit item's
    value, whose row names no field). Visit codes are identifiers and stay as they are."""
    labels: dict[str, dict[str, str]] = {
        "arm": {arm.code: arm.label.get(language) for arm in protocol.arms}
    }
    for form in protocol.forms:
        for field in form.fields:
            if field.choices and not field.name.endswith("visit_code"):
                worded = {
                    c.code: c.label.get(language) for c in field.choices if not c.code.isdigit()
                }
                labels.setdefault(field.name, {}).update(worded)
                labels.setdefault("*", {}).update(worded)
    codelist_names = {oid: name for name, oid in protocol.codelist_oids.items()}
    for item in ItemCatalogue(protocol).items:
        if (
            item.derived and item.codelist_oid is not None
        ):  # no form field words it: its codelist does
            choices = protocol.codelists[codelist_names[item.codelist_oid]]
            labels.setdefault(item.name, {}).update(
                {c.code: c.label.get(language) for c in choices if not c.code.isdigit()}
            )
    return labels


def value_text(entry: HistoryEntry, value: str | None, labels: dict[str, dict[str, str]]) -> str:
    """A recorded value as the trail shows it: an answer's code in the words of the interface
    language (`labels`: `_choice_labels`; the exports keep the code as recorded), anything else
    as recorded."""
    if not value:
        return ""
    table, field = (
        entry.table_name,
        entry.item_field or entry.field or "",
    )  # a row by item: its field
    if (table, field) == ("participant", "status"):
        return translate("Status", STATUS_TEXTS[Status(value)]) if value in _STATUSES else value
    name = _FIELD_OF_COLUMN.get((table, field), field)
    return labels.get(name, {}).get(value, value)


def history_columns(protocol: Protocol) -> tuple[Column, ...]:
    """The audit trail's columns; answers worded as `protocol` words them."""
    labels: dict[str, dict[str, dict[str, str]]] = {}

    def worded(entry: HistoryEntry, value: str | None) -> str:
        language = current_language()
        if language not in labels:
            labels[language] = _choice_labels(protocol, language)
        return value_text(entry, value, labels[language])

    return (
        Column(QT_TRANSLATE_NOOP("Columns", "Seq"), lambda e: str(e.seq), sort_key=lambda e: e.seq),
        Column(
            QT_TRANSLATE_NOOP("Columns", "Time (UTC)"),
            lambda e: format_ts(e.ts).removesuffix(" UTC"),
            sort_key=lambda e: e.seq,
        ),
        Column(
            QT_TRANSLATE_NOOP("Columns", "User"),
            lambda e: f"{localized(e.user_name)} ({e.user_id})",
        ),
        Column(QT_TRANSLATE_NOOP("Columns", "Action"), _action),
        Column(QT_TRANSLATE_NOOP("Columns", "Record"), lambda e: localized(e.record)),
        Column(QT_TRANSLATE_NOOP("Columns", "Field"), lambda e: localized(e.field or "")),
        Column(QT_TRANSLATE_NOOP("Columns", "Old value"), lambda e: worded(e, e.old_value)),
        Column(QT_TRANSLATE_NOOP("Columns", "New value"), lambda e: worded(e, e.new_value)),
        Column(QT_TRANSLATE_NOOP("Columns", "Reason"), lambda e: e.reason or ""),
    )


SIGNATURE_COLUMNS = (
    Column(QT_TRANSLATE_NOOP("Columns", "Record"), lambda s: localized(s.record)),
    Column(QT_TRANSLATE_NOOP("Columns", "Meaning"), lambda s: translate("Meanings", s.meaning)),
    Column(QT_TRANSLATE_NOOP("Columns", "Signed by"), lambda s: f"{s.printed_name} ({s.user_id})"),
    Column(QT_TRANSLATE_NOOP("Columns", "Role"), lambda s: role_label(s.role)),
    Column(
        QT_TRANSLATE_NOOP("Columns", "Time (UTC)"),
        lambda s: format_ts(s.signed_at).removesuffix(" UTC"),
    ),
    Column(QT_TRANSLATE_NOOP("Columns", "State"), _state),
)


def _tint(entry: HistoryEntry) -> str | None:
    return _ACTION_TINTS.get(entry.action)


def _table(model: RowTableModel, name: str, parent: QWidget) -> QTableView:
    table = QTableView(parent)
    table.setObjectName(name)
    table.setModel(model)
    table.setSortingEnabled(True)
    read_only_rows(table, single=False)
    table.verticalHeader().setDefaultSectionSize(22)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    return table


class AuditTab(QWidget):
    """One participant's history; loads on demand (`load`), since it can be thousands of rows."""

    def __init__(self, store: SiteStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.history: ParticipantHistory | None = None
        self.loaded = False
        layout = QVBoxLayout(self)
        controls = QHBoxLayout()
        controls.addWidget(QLabel(self.tr("Record:"), self))
        self.record_filter = QComboBox(self)
        self.record_filter.setObjectName("audit_record")
        self.record_filter.setMinimumWidth(260)
        self.record_filter.currentIndexChanged.connect(lambda _i: self.apply_filters())
        controls.addWidget(self.record_filter)
        controls.addWidget(QLabel(self.tr("Find:"), self))
        self.text_filter = QLineEdit(self)
        self.text_filter.setObjectName("audit_filter")
        self.text_filter.setPlaceholderText(self.tr("user, field, value, reason..."))
        self.text_filter.setClearButtonEnabled(True)
        self.text_filter.textChanged.connect(lambda _text: self.apply_filters())
        controls.addWidget(self.text_filter, 1)
        self.count = QLabel(self)
        self.count.setObjectName("audit_count")
        controls.addWidget(self.count)
        self.csv_button = QPushButton(self.tr("Export CSV..."), self)
        self.csv_button.setObjectName("audit_csv")
        self.csv_button.clicked.connect(lambda: self.export(".csv"))
        self.pdf_button = QPushButton(self.tr("Export PDF..."), self)
        self.pdf_button.setObjectName("audit_pdf")
        self.pdf_button.clicked.connect(lambda: self.export(".pdf"))
        controls.addWidget(self.csv_button)
        controls.addWidget(self.pdf_button)
        layout.addLayout(controls)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.model = RowTableModel(history_columns(store.protocol), highlight=_tint, parent=self)
        self.table = _table(self.model, "audit_table", splitter)
        signatures = QWidget(splitter)
        signatures_layout = QVBoxLayout(signatures)
        signatures_layout.setContentsMargins(0, 4, 0, 0)
        signatures_layout.addWidget(
            QLabel(
                self.tr(
                    "<b>Electronic signatures</b> (bound to the record version they "
                    "signed; a later change voids them)"
                ),
                signatures,
            )
        )
        self.signature_model = RowTableModel(SIGNATURE_COLUMNS, parent=self)
        self.signature_table = _table(self.signature_model, "signature_table", signatures)
        signatures_layout.addWidget(self.signature_table)
        splitter.addWidget(self.table)
        splitter.addWidget(signatures)
        splitter.setSizes([420, 160])
        layout.addWidget(splitter, 1)

    def clear(self) -> None:
        self.history = None
        self.loaded = False
        self.model.set_rows([])
        self.signature_model.set_rows([])
        self.record_filter.clear()

    def load(self, detail: ParticipantDetail) -> None:
        try:
            self.history = participant_history(self.store, detail.ref.id)
        except MscError as error:
            show_error(self, error, self.tr("Cannot show the audit trail"))
            return
        self.loaded = True
        self.record_filter.blockSignals(True)
        self.record_filter.clear()
        self.record_filter.addItem(self.tr("All records"), None)
        for record_id, label in self.history.records:
            if not label.startswith(("Visit item", "Signature")) and ": " not in label:
                self.record_filter.addItem(localized(label), record_id)
        self.record_filter.blockSignals(False)
        self.apply_filters()
        widths = (60, 140, 170, 60, 190, 130, 150, 150)
        for column, width in enumerate(widths):
            self.table.setColumnWidth(column, width)
        self.signature_table.resizeColumnsToContents()

    def shown_history(self) -> ParticipantHistory | None:
        """The history of the record chosen (all records when none), before the text filter."""
        if self.history is None:
            return None
        record_id = self.record_filter.currentData()
        return self.history.of_record(record_id) if record_id else self.history

    def apply_filters(self) -> None:
        shown = self.shown_history()
        if shown is None:
            return
        self.model.set_rows(list(shown.entries))
        self.model.set_filter_text(self.text_filter.text())
        self.signature_model.set_rows(list(shown.signatures))
        self.count.setText(
            self.tr("{shown} of {total} rows").format(
                shown=self.model.rowCount(), total=len(shown.entries)
            )
        )

    def export(self, suffix: str, target: Path | None = None) -> Path | None:
        """Exports what is shown (record and text filters applied); asks for a file name."""
        shown = self.shown_history()
        if shown is None:
            return None
        if target is None:
            kind = (
                self.tr("CSV files (*.csv)") if suffix == ".csv" else self.tr("PDF files (*.pdf)")
            )
            name, _filter = QFileDialog.getSaveFileName(
                self, self.tr("Export the audit history"), f"audit-{shown.subject_id}{suffix}", kind
            )
            if not name:
                return None
            target = Path(name) if name.lower().endswith(suffix) else Path(name + suffix)
        visible = ParticipantHistory(
            shown.participant_id,
            shown.subject_id,
            tuple(self.model.visible_rows()),
            shown.signatures,
        )
        record = self.record_filter.currentText() if self.record_filter.currentData() else None
        try:
            written = export_history(self.store, visible, target, what=record)
        except MscError as error:
            show_error(self, error, self.tr("Not exported"))
            return None
        QMessageBox.information(
            self,
            self.tr("Exported"),
            self.tr("{count} rows written to {path}.").format(
                count=len(visible.entries), path=written
            ),
        )
        return written


class AccountEventsDialog(QDialog):
    """Sign-ins, failures, lock-outs and account changes (site administrators only)."""

    def __init__(self, store: SiteStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setWindowTitle(self.tr("Account events"))
        layout = QVBoxLayout(self)
        controls = QHBoxLayout()
        self.text_filter = QLineEdit(self)
        self.text_filter.setObjectName("account_filter")
        self.text_filter.setPlaceholderText(self.tr("user, event..."))
        self.text_filter.setClearButtonEnabled(True)
        controls.addWidget(QLabel(self.tr("Find:"), self))
        controls.addWidget(self.text_filter, 1)
        export = QPushButton(self.tr("Export CSV..."), self)
        export.clicked.connect(self.export_csv)
        controls.addWidget(export)
        layout.addLayout(controls)
        self.model = RowTableModel(history_columns(store.protocol), parent=self)
        self.table = _table(self.model, "account_events", self)
        layout.addWidget(self.table, 1)
        self.text_filter.textChanged.connect(self.model.set_filter_text)
        self.model.set_rows(list(account_events(store)))
        for column, width in enumerate((60, 150, 190, 60, 230, 80, 90, 330)):
            self.table.setColumnWidth(column, width)
        self.resize(1300, 680)

    def export_csv(self, target: Path | None = None) -> Path | None:
        if target is None:
            name, _filter = QFileDialog.getSaveFileName(
                self,
                self.tr("Export account events"),
                "account-events.csv",
                self.tr("CSV files (*.csv)"),
            )
            if not name:
                return None
            target = Path(name) if name.lower().endswith(".csv") else Path(name + ".csv")
        try:
            export_account_events(self.store, self.model.visible_rows(), target)
        except MscError as error:
            show_error(self, error, self.tr("Not exported"))
            return None
        return target
