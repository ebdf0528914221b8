"""The centre's data queries at the site: the list (whole site or one participant) and the answer
dialog (a text, or the item's corrected value in its own widget, then the text).

Opening a query asks the main window to show its item, highlighted in its form (`open_item`).
Everything is decided by the services (store/services/queries.py); this only shows and asks.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from msc_desktop.domain.protocol import LocalizedText
from msc_desktop.errors import MscError
from msc_desktop.gui.i18n import QT_TRANSLATE_NOOP, current_language, localized, translate
from msc_desktop.gui.widgets.dialogs import confirm, permission_problem, show_error
from msc_desktop.gui.widgets.field_editor import FieldEditor
from msc_desktop.gui.widgets.tables import read_only_rows
from msc_desktop.store.roles import Action
from msc_desktop.store.services.form_values import FormRejected
from msc_desktop.store.services.queries import QueryView, list_queries
from msc_desktop.store.services.query_answers import answer_query, current_value
from msc_desktop.store.site import SiteStore

STATE_TEXTS = {
    "open": QT_TRANSLATE_NOOP("Queries", "open"),
    "answered": QT_TRANSLATE_NOOP("Queries", "answered"),
    "closed": QT_TRANSLATE_NOOP("Queries", "closed"),
}
COLUMNS = (
    QT_TRANSLATE_NOOP("Queries", "No."),
    QT_TRANSLATE_NOOP("Queries", "Subject"),
    QT_TRANSLATE_NOOP("Queries", "Visit"),
    QT_TRANSLATE_NOOP("Queries", "Item"),
    QT_TRANSLATE_NOOP("Queries", "State"),
    QT_TRANSLATE_NOOP("Queries", "Query"),
    QT_TRANSLATE_NOOP("Queries", "Answer"),
)


def shown(label: LocalizedText | str) -> str:
    """A protocol label in the interface language (an OID as it is)."""
    return label.get(current_language()) if isinstance(label, LocalizedText) else label


class QueriesDialog(QDialog):
    """The site's queries (or one participant's): `open_item(view)` asks to show a query's item."""

    open_item = Signal(object)
    answered = Signal()

    def __init__(
        self,
        store: SiteStore,
        *,
        clock: Callable[[], date],
        participant_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.clock = clock
        self.participant_id = participant_id
        self.views: list[QueryView] = []
        self.setWindowTitle(self.tr("Data queries from the coordinating centre"))
        layout = QVBoxLayout(self)
        self.open_only = QCheckBox(self.tr("Only queries waiting for an answer"), self)
        self.open_only.setObjectName("open_only")
        self.open_only.toggled.connect(self.reload)
        layout.addWidget(self.open_only)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setObjectName("queries_table")
        self.table.setHorizontalHeaderLabels([translate("Queries", text) for text in COLUMNS])
        read_only_rows(self.table)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for column in (5, 6):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(self.show_item)
        self.table.itemSelectionChanged.connect(self._enable)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.empty = QLabel(self)
        buttons.addWidget(self.empty, 1)
        self.item_button = QPushButton(self.tr("&Show the item"), self)
        self.item_button.setObjectName("show_item")
        self.item_button.clicked.connect(self.show_item)
        self.answer_button = QPushButton(self.tr("&Answer..."), self)
        self.answer_button.setObjectName("answer_query")
        self.answer_button.clicked.connect(self.answer)
        problem = permission_problem(store, Action.ANSWER_QUERY)
        self.answer_button.setToolTip(problem or "")
        close = QPushButton(self.tr("Close"), self)
        close.clicked.connect(self.accept)
        for button in (self.item_button, self.answer_button, close):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.resize(1100, 480)
        self.reload()

    def reload(self) -> None:
        try:
            self.views = list_queries(
                self.store, open_only=self.open_only.isChecked(), participant_id=self.participant_id
            )
        except MscError as error:
            show_error(self, error, self.tr("Cannot list the queries"))
            self.views = []
        self.table.setRowCount(len(self.views))
        for row, view in enumerate(self.views):
            cells = (
                str(view.number),
                view.query.address.subject_key,
                shown(view.visit_label),
                shown(view.item_label),
                translate("Queries", STATE_TEXTS[view.state]),
                view.query.question,
                view.answer,
            )
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                if column == 0:
                    cell.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, column, cell)
        self.empty.setText("" if self.views else self.tr("No query from the centre."))
        if self.views:
            self.table.selectRow(0)
        self._enable()

    def selected(self) -> QueryView | None:
        rows = self.table.selectionModel().selectedRows()
        return self.views[rows[0].row()] if rows else None

    def _enable(self) -> None:
        view = self.selected()
        self.item_button.setEnabled(view is not None and view.participant_id is not None)
        self.answer_button.setEnabled(
            view is not None
            and view.state != "closed"
            and permission_problem(self.store, Action.ANSWER_QUERY) is None
        )

    def show_item(self) -> None:
        view = self.selected()
        if view is not None and view.participant_id is not None:
            self.open_item.emit(view)
            self.accept()

    def answer(self) -> None:
        view = self.selected()
        if view is None:
            return
        dialog = AnswerDialog(self.store, view, clock=self.clock, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.reload()
            self.answered.emit()


class AnswerDialog(QDialog):
    """Answer one query: a text, and optionally the item's corrected value in its own widget."""

    def __init__(
        self,
        store: SiteStore,
        view: QueryView,
        *,
        clock: Callable[[], date],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.view = view
        self.clock = clock
        self.outcome = ""
        self.setWindowTitle(self.tr("Answer query {number}").format(number=view.number))
        layout = QVBoxLayout(self)
        about = QLabel(
            self.tr("<b>{subject}</b>, {visit}: <b>{item}</b>").format(
                subject=view.query.address.subject_key,
                visit=shown(view.visit_label),
                item=shown(view.item_label),
            ),
            self,
        )
        layout.addWidget(about)
        question = QLabel(view.query.question, self)
        question.setObjectName("query_text")
        question.setWordWrap(True)
        question.setStyleSheet("background: #fff4d6; padding: 6px; border: 1px solid #e0c070;")
        layout.addWidget(question)
        self.correct = QCheckBox(
            self.tr("&Correct the value (the query is the reason for the change)"), self
        )
        self.correct.setObjectName("correct_value")
        self.editor: FieldEditor | None = None
        field = None
        if view.form_id is not None and view.field is not None:
            form = next((f for f in store.protocol.forms if f.form_id == view.form_id), None)
            if form is not None and view.field in form.field_names:
                field = form.field(view.field)
        if field is not None:
            self.editor = FieldEditor(field, self)
            self.editor.set_raw_value(current_value(store, view))
            self.editor.setEnabled(False)
            self.correct.toggled.connect(self.editor.setEnabled)
            layout.addWidget(self.correct)
            layout.addWidget(self.editor)
        label = QLabel(self.tr("&Answer:"), self)
        layout.addWidget(label)
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("answer_text")
        self.text.setTabChangesFocus(True)
        label.setBuddy(self.text)
        layout.addWidget(self.text)
        self.buttons = QDialogButtonBox(self)
        self.send = self.buttons.addButton(
            self.tr("Save the answer"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.send.setObjectName("save_answer")
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.text.setFocus()
        self.resize(620, 360)

    def corrected(self) -> tuple[object, str | None]:
        """The corrected value and unit the user entered, or (None, None)."""
        if self.editor is None or not self.correct.isChecked():
            return None, None
        raw = self.editor.raw_value()
        if isinstance(raw, Mapping):
            return raw.get("value"), str(raw.get("unit") or "") or None
        return raw, None

    def save(self) -> None:
        value, unit = self.corrected()
        if self.correct.isChecked() and (value is None or not str(value).strip()):
            QMessageBox.warning(
                self,
                self.tr("Not saved"),
                self.tr("Enter the corrected value, or untick the correction."),
            )
            return
        confirmed = False
        for _attempt in range(2):
            try:
                answered = answer_query(
                    self.store,
                    self.view.number,
                    self.text.toPlainText(),
                    value=value,
                    unit=unit,
                    today=self.clock(),
                    confirm_warnings=confirmed,
                )
            except FormRejected as rejected:
                if (
                    rejected.unconfirmed_warnings
                    and not confirmed
                    and confirm(
                        self,
                        self.tr("Please check this value"),
                        localized(rejected.message)
                        + "\n\n"
                        + self.tr(
                            "Save it anyway? Your confirmation is recorded in the audit trail."
                        ),
                        yes=self.tr("Save anyway"),
                        no=self.tr("Go back and check"),
                    )
                ):
                    confirmed = True
                    continue
                if not rejected.unconfirmed_warnings:
                    show_error(self, rejected)
                return
            except MscError as error:
                show_error(self, error)
                return
            self.outcome = localized(answered.line())
            self.accept()
            return
