"""Adverse events: a participant's AEs, with open SAEs announced above the table.

Seriousness, the deadline and its state come from the domain and the services (`sae_clock`,
`sae_report_deadline`); the AE form is participant/adverse_event_dialog.py, the site's list of
open SAEs participant/sae_queue.py.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from msc_desktop.domain.adverse_events import (
    review_order,
)
from msc_desktop.errors import MscError
from msc_desktop.gui.i18n import (
    current_language,
    role_label,
    translate,
)
from msc_desktop.gui.participant.adverse_event_dialog import AdverseEventDialog
from msc_desktop.gui.participant.ae_table import (
    OVERDUE_TINT,
    TICK_MS,
    ae_columns,
    ae_tint,
    deadline_text,
)
from msc_desktop.gui.participant.shared import ParticipantTab
from msc_desktop.gui.widgets.dialogs import (
    SignatureDialog,
    confirm,
    permission_problem,
    show_error,
)
from msc_desktop.gui.widgets.pdf_preview import preview_sae_report
from msc_desktop.gui.widgets.table_model import RowTableModel
from msc_desktop.gui.widgets.tables import row_table
from msc_desktop.store.roles import Action
from msc_desktop.store.services.adverse_events import (
    AdverseEventView,
    adverse_events_of,
    assess_causality,
    mark_reported,
)
from msc_desktop.store.services.participants import ParticipantDetail
from msc_desktop.store.services.signatures import Meaning
from msc_desktop.store.site import SiteStore


class AdverseEventsTab(ParticipantTab):
    """A participant's AEs; open SAEs are announced with their deadline above the table."""

    def __init__(
        self, store: SiteStore, *, clock: Callable[[], date], parent: QWidget | None = None
    ) -> None:
        super().__init__(store, clock=clock, parent=parent)
        self.events: list[AdverseEventView] = []
        layout = QVBoxLayout(self)
        self.sae_banner = QLabel(self)
        self.sae_banner.setObjectName("sae_banner")
        self.sae_banner.setWordWrap(True)
        self.sae_banner.setTextFormat(Qt.TextFormat.RichText)
        self.sae_banner.setStyleSheet(
            f"background: {OVERDUE_TINT}; padding: 8px; border: 2px solid #b00020; font-size: 11pt;"
        )
        self.sae_banner.setVisible(False)
        layout.addWidget(self.sae_banner)
        self.model = RowTableModel(ae_columns(store.protocol), highlight=ae_tint, parent=self)
        self.table = row_table(self.model, "ae_table", self)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.new_button = QPushButton(self.tr("New adverse event..."), self)
        self.new_button.setObjectName("new_ae")
        self.new_button.clicked.connect(self.new_event)
        self.edit_button = QPushButton(self.tr("Follow-up update..."), self)
        self.edit_button.setObjectName("update_ae")
        self.edit_button.clicked.connect(self.edit_selected)
        self.relationship = QComboBox(self)
        self.relationship.setObjectName("causality_choice")
        for choice in store.protocol.form("adverse_event").field("relationship").choices:
            self.relationship.addItem(choice.label.get(current_language()), choice.code)
        self.assess_button = QPushButton(self.tr("Sign causality..."), self)
        self.assess_button.setObjectName("assess_causality")
        self.assess_button.clicked.connect(self.assess)
        self.reported_button = QPushButton(self.tr("Mark SAE reported"), self)
        self.reported_button.setObjectName("mark_reported")
        self.reported_button.clicked.connect(self.mark_selected_reported)
        self.print_sae_button = QPushButton(self.tr("Print SAE report..."), self)
        self.print_sae_button.setObjectName("print_sae")
        self.print_sae_button.clicked.connect(self.print_sae_report)
        for widget in (self.new_button, self.edit_button):
            row.addWidget(widget)
        row.addSpacing(24)
        row.addWidget(QLabel(self.tr("Investigator's causality:"), self))
        row.addWidget(self.relationship)
        row.addWidget(self.assess_button)
        row.addSpacing(24)
        row.addWidget(self.reported_button)
        row.addWidget(self.print_sae_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.table.selectionModel().selectionChanged.connect(
            lambda *_args: self._selection_changed()
        )
        self.tick = QTimer(self)
        self.tick.setInterval(TICK_MS)
        self.tick.timeout.connect(self.refresh_clocks)
        self.tick.start()

    def refresh_clocks(self) -> None:
        """Once a minute: the deadlines count down on screen (the selection is kept)."""
        if self.detail is None or not self.isVisible():
            return
        selected = self.selected()
        try:
            self.load(self.detail)
        except MscError:
            return
        if selected is not None:
            self.select_ae(selected.ae_number)

    def load(self, detail: ParticipantDetail) -> None:
        self.detail = detail
        self.events = adverse_events_of(self.store, detail.ref.id)
        self.model.set_rows(self.events)
        self.table.resizeColumnsToContents()
        by_id = {v.id: v for v in self.events}
        open_clocks = review_order(
            v.clock for v in self.events if v.clock is not None and v.clock.needs_action
        )
        self.sae_banner.setVisible(bool(open_clocks))
        self.sae_banner.setText(
            "<br>".join(
                self.tr(
                    "<b>SAE {number} ({term})</b>: {deadline} to the coordinating centre"
                ).format(
                    number=by_id[clock.ae_id].ae_number,
                    term=by_id[clock.ae_id].term,
                    deadline=deadline_text(clock),
                )
                for clock in open_clocks
            )
        )
        entry = permission_problem(self.store, Action.ENTER_DATA)
        self.new_button.setEnabled(entry is None and detail.consent is not None)
        self._selection_changed()

    def selected(self) -> AdverseEventView | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0]) if rows else None

    def _selection_changed(self) -> None:
        view = self.selected()
        entry = permission_problem(self.store, Action.ENTER_DATA) is None
        self.edit_button.setEnabled(view is not None and entry)
        causality = permission_problem(self.store, Action.ASSESS_CAUSALITY)
        self.assess_button.setEnabled(view is not None and causality is None)
        self.assess_button.setToolTip(causality or "")
        self.relationship.setEnabled(view is not None and causality is None)
        if view is not None and view.relationship:
            self.relationship.setCurrentIndex(max(self.relationship.findData(view.relationship), 0))
        self.reported_button.setEnabled(
            view is not None and entry and view.clock is not None and view.clock.reported_at is None
        )
        self.print_sae_button.setEnabled(view is not None and view.serious)

    def select_ae(self, ae_number: int) -> None:
        for row, view in enumerate(self.model.visible_rows()):
            if view.ae_number == ae_number:
                self.table.selectRow(row)

    def new_event(self) -> AdverseEventDialog | None:
        if self.detail is None:
            return None
        dialog = AdverseEventDialog(self.store, self.detail, clock=self.clock, parent=self)
        dialog.saved.connect(self.saved)
        dialog.open()
        return dialog

    def edit_selected(self) -> AdverseEventDialog | None:
        view = self.selected()
        if view is None or self.detail is None or permission_problem(self.store, Action.ENTER_DATA):
            return None
        dialog = AdverseEventDialog(
            self.store, self.detail, clock=self.clock, existing=view, parent=self
        )
        dialog.saved.connect(self.saved)
        dialog.open()
        return dialog

    def assess(self) -> None:
        view = self.selected()
        if view is None or self.detail is None:
            return
        relationship = str(self.relationship.currentData())
        participant_id = self.detail.ref.id
        dialog = SignatureDialog(
            meaning=self.tr("{meaning}: {relationship} to MSC").format(
                meaning=translate("Meanings", Meaning.AE_CAUSALITY.value),
                relationship=self.relationship.currentText().lower(),
            ),
            signer=f"{self.store.user.full_name} ({role_label(self.store.user.role)})",
            record=self.tr("AE {number} ({term}) of {subject}").format(
                number=view.ae_number, term=view.term, subject=self.detail.ref.subject_id
            ),
            sign=lambda password: assess_causality(
                self.store, participant_id, view.ae_number, relationship, password
            ),
            parent=self,
        )
        if dialog.exec():
            self.saved.emit()

    def print_sae_report(self) -> None:
        view = self.selected()
        if view is not None and self.detail is not None:
            preview_sae_report(self, self.store, self.detail.ref.subject_id, view.ae_number)

    def mark_selected_reported(self) -> None:
        view = self.selected()
        if view is None or self.detail is None:
            return
        if not confirm(
            self,
            self.tr("SAE reported"),
            self.tr(
                "Record that SAE {number} ({term}) was reported to the coordinating centre now?"
            ).format(number=view.ae_number, term=view.term),
            yes=self.tr("Mark reported"),
        ):
            return
        try:
            mark_reported(self.store, self.detail.ref.id, view.ae_number)
        except MscError as error:
            show_error(self, error)
            return
        self.saved.emit()
