"""Adverse events: a participant's AEs, the AE form, the investigator's signed causality, and
the site's list of open SAEs with their 24-hour reporting deadlines (overdue first).

Seriousness, the deadline and its state come from the domain and the services (`sae_clock`,
`sae_report_deadline`, `sae_queue`); grade 5 fills in outcome FATAL and seriousness "death" as
soon as it is chosen (`apply_grade_rules`), and the form's rules refuse a contradiction.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from msc_desktop.domain.adverse_events import (
    SERIOUSNESS_FIELDS,
    SaeClock,
    apply_grade_rules,
    is_serious,
    review_order,
    sae_report_deadline,
)
from msc_desktop.domain.clinic_time import fixed_offset, moment_text
from msc_desktop.domain.forms import FieldIssue, clean_form
from msc_desktop.domain.protocol import Protocol
from msc_desktop.errors import MscError
from msc_desktop.gui.i18n import (
    QT_TRANSLATE_NOOP,
    current_language,
    format_date,
    role_label,
    translate,
)
from msc_desktop.gui.participant.shared import ParticipantTab, consent_context
from msc_desktop.gui.widgets.dialogs import (
    SignatureDialog,
    ask_reason,
    confirm,
    confirm_discard,
    permission_problem,
    show_error,
)
from msc_desktop.gui.widgets.form_engine import FieldGroup, FormView, code_label
from msc_desktop.gui.widgets.pdf_preview import preview_sae_report
from msc_desktop.gui.widgets.saving import save_form
from msc_desktop.gui.widgets.table_model import Column, RowTableModel
from msc_desktop.gui.widgets.tables import row_table
from msc_desktop.store.roles import Action
from msc_desktop.store.services.adverse_events import (
    AdverseEventView,
    adverse_events_of,
    assess_causality,
    mark_reported,
    record_adverse_event,
    sae_queue,
    update_adverse_event,
)
from msc_desktop.store.services.form_values import clinic_now
from msc_desktop.store.services.participants import ParticipantDetail
from msc_desktop.store.services.protocol_versions import form_protocol
from msc_desktop.store.services.signatures import Meaning
from msc_desktop.store.site import SiteStore

OVERDUE_TINT = "#fde2e1"
PENDING_TINT = "#fff4d6"
AE_GROUPS = (
    FieldGroup(
        QT_TRANSLATE_NOOP("AdverseEventDialog", "Event"),
        ("term", "description", "onset_date", "end_date", "aware_at", "grade"),
    ),
    FieldGroup(
        QT_TRANSLATE_NOOP(
            "AdverseEventDialog",
            "Seriousness (ICH E2A): any 'Yes' makes it a serious adverse event",
        ),
        tuple(SERIOUSNESS_FIELDS),
    ),
    FieldGroup(
        QT_TRANSLATE_NOOP("AdverseEventDialog", "Assessment and outcome"),
        ("relationship", "expected", "action_taken", "outcome"),
    ),
)


#: The SAE countdowns are recomputed this often while they are on screen.
TICK_MS = 60_000


def _span(delta: timedelta) -> str:
    minutes = int(abs(delta).total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return translate("AdverseEvents", "{days} d {hours} h").format(days=days, hours=hours)
    return translate("AdverseEvents", "{hours} h {minutes} min").format(
        hours=hours, minutes=f"{mins:02d}"
    )


def deadline_text(clock: SaeClock) -> str:
    """ "report by 2026-11-21 12:00 UTC+08:00 (5 h 10 min left)", "OVERDUE by ..." or
    "reported ..."."""
    due = moment_text(clock.deadline)
    if clock.state == "overdue":
        return translate("AdverseEvents", "OVERDUE by {span} (was due {due})").format(
            span=_span(clock.time_left), due=due
        )
    if clock.state == "pending":
        return translate("AdverseEvents", "report by {due} ({span} left)").format(
            due=due, span=_span(clock.time_left)
        )
    when = moment_text(clock.reported_at) if clock.reported_at else ""
    if clock.state == "reported_late":
        return translate("AdverseEvents", "reported {time} (late)").format(time=when)
    return translate("AdverseEvents", "reported {time}").format(time=when)


def _tint(view: AdverseEventView) -> str | None:
    if view.clock is None:
        return None
    return {"overdue": OVERDUE_TINT, "pending": PENDING_TINT}.get(view.clock.state)


def _causality(view: AdverseEventView) -> str:
    signed = [s for s in view.signatures if s.meaning == Meaning.AE_CAUSALITY.value]
    if not signed:
        return translate("AdverseEvents", "not signed")
    return translate("AdverseEvents", "signed by {name} {date}").format(
        name=signed[-1].printed_name, date=format_date(signed[-1].signed_at)
    )


def choice_label(protocol: Protocol, field_name: str, code: str | None) -> str:
    """The protocol's label of an AE form answer in the interface language ("" when none)."""
    return code_label(protocol, "adverse_event", field_name, code)


def ae_columns(protocol: Protocol) -> tuple[Column, ...]:
    """A participant's adverse events table (answers worded as `protocol` words them)."""
    return (
        Column(
            QT_TRANSLATE_NOOP("Columns", "AE"),
            lambda v: str(v.ae_number),
            sort_key=lambda v: v.ae_number,
        ),
        Column(QT_TRANSLATE_NOOP("Columns", "Term"), lambda v: v.term),
        Column(
            QT_TRANSLATE_NOOP("Columns", "Onset"),
            lambda v: format_date(v.onset_date),
            sort_key=lambda v: v.onset_date,
        ),
        Column(QT_TRANSLATE_NOOP("Columns", "Grade"), lambda v: str(v.grade)),
        Column(QT_TRANSLATE_NOOP("Columns", "Serious"), lambda v: "SAE" if v.serious else ""),
        Column(
            QT_TRANSLATE_NOOP("Columns", "Reporting (24 h)"),
            lambda v: deadline_text(v.clock) if v.clock else "",
        ),
        Column(
            QT_TRANSLATE_NOOP("Columns", "Relationship to MSC"),
            lambda v: choice_label(protocol, "relationship", v.relationship),
        ),
        Column(QT_TRANSLATE_NOOP("Columns", "Causality"), _causality),
        Column(
            QT_TRANSLATE_NOOP("Columns", "Outcome"),
            lambda v: choice_label(protocol, "outcome", v.outcome),
        ),
    )


SAE_COLUMNS = (
    Column(QT_TRANSLATE_NOOP("Columns", "Subject"), lambda v: v.subject_id),
    Column(QT_TRANSLATE_NOOP("Columns", "AE"), lambda v: str(v.ae_number)),
    Column(QT_TRANSLATE_NOOP("Columns", "Term"), lambda v: v.term),
    Column(QT_TRANSLATE_NOOP("Columns", "Grade"), lambda v: str(v.grade)),
    Column(QT_TRANSLATE_NOOP("Columns", "Aware at"), lambda v: moment_text(v.aware_at)),
    Column(
        QT_TRANSLATE_NOOP("Columns", "Reporting deadline"),
        lambda v: deadline_text(v.clock) if v.clock else "",
    ),
)


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
        self.model = RowTableModel(ae_columns(store.protocol), highlight=_tint, parent=self)
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


class AdverseEventDialog(QDialog):
    """The AE form (new or follow-up); shows whether it is serious and its reporting deadline."""

    saved = Signal()

    def __init__(
        self,
        store: SiteStore,
        detail: ParticipantDetail,
        *,
        clock: Callable[[], date],
        existing: AdverseEventView | None = None,
        infusion_id: str | None = None,
        prefill: Mapping[str, object] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.detail = detail
        self.clock = clock
        self.existing = existing
        self.infusion_id = infusion_id
        self.result_view: AdverseEventView | None = None
        self._last_grade: object = (
            existing.form_values()["grade"] if existing else (prefill or {}).get("grade")
        )
        self.setWindowTitle(
            self.tr("AE {number} follow-up: {subject}").format(
                number=existing.ae_number, subject=detail.ref.subject_id
            )
            if existing
            else self.tr("New adverse event: {subject}").format(subject=detail.ref.subject_id)
        )
        layout = QVBoxLayout(self)
        self.seriousness = QLabel(self)
        self.seriousness.setObjectName("ae_seriousness")
        self.seriousness.setWordWrap(True)
        self.seriousness.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.seriousness)
        self.protocol = form_protocol(store, existing.id if existing else None, today=clock())
        self.form = FormView(
            self.protocol.form("adverse_event"),
            self._validate,
            groups=[FieldGroup(self.tr(group.title), group.fields) for group in AE_GROUPS],
            parent=self,
        )
        self.form.changed.connect(self._changed)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.form)
        layout.addWidget(scroll, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, parent=self)
        self.save_button = buttons.addButton(
            self.tr("Save adverse event"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setObjectName("save_ae")
        self.save_button.setDefault(
            True
        )  # Enter saves; Escape or Cancel asks before typed entries go
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        if existing is not None:
            self.form.load(existing.form_values())
        else:
            defaults: dict[str, object] = {name: "N" for name in SERIOUSNESS_FIELDS}
            defaults.update(prefill or {})
            self.form.load(defaults)
        self._show_seriousness()
        self.resize(760, 700)

    def _validate(self, values: Mapping[str, object]) -> list[FieldIssue]:
        return list(
            clean_form(
                "adverse_event",
                values,
                today=self.clock(),
                now=clinic_now(self.clock()),
                context=consent_context(self.detail),
                protocol=self.protocol,
            ).issues
        )

    def reject(self) -> None:
        """Escape, Cancel or the window's close button: typed entries are dropped only when the user says so."""
        if self.form.is_dirty() and not confirm_discard(self):
            return
        super().reject()

    def _changed(self) -> None:
        values = self.form.raw_values()
        grade = values.get("grade")
        if grade != self._last_grade:
            self._last_grade = grade
            completed = apply_grade_rules(values)
            for name, value in completed.items():
                if value != values.get(name):
                    self.form.editors[name].set_raw_value(value)
            self.form.revalidate()
        self._show_seriousness()

    def _show_seriousness(self) -> None:
        values = self.form.raw_values()
        if not is_serious(values):
            self.seriousness.setStyleSheet("padding: 6px;")
            self.seriousness.setText(
                self.tr("Not serious (no seriousness criterion answered Yes).")
            )
            return
        aware = clean_form(
            "adverse_event", values, today=self.clock(), protocol=self.protocol
        ).values.get("aware_at")
        self.seriousness.setStyleSheet(
            f"background: {OVERDUE_TINT}; padding: 8px; border: 2px solid #b00020;"
        )
        if isinstance(aware, datetime):
            due = sae_report_deadline(fixed_offset(aware), self.store.protocol)
            self.seriousness.setText(
                self.tr(
                    "<b>SERIOUS ADVERSE EVENT</b>: report to the coordinating centre within 24 hours of becoming "
                    "aware, <b>by {due}</b>."
                ).format(due=moment_text(due))
            )
        else:
            self.seriousness.setText(
                self.tr(
                    "<b>SERIOUS ADVERSE EVENT</b>: enter when the site became aware; the "
                    "report is due 24 hours later."
                )
            )

    def save(self) -> None:
        values = self.form.filled_values()
        participant_id = self.detail.ref.id
        existing = self.existing
        if existing is not None:
            reason = ask_reason(self, self.tr("AE {number}").format(number=existing.ae_number))
            if reason is None:
                return
            view = save_form(
                self,
                self.form,
                lambda confirmed: update_adverse_event(
                    self.store,
                    participant_id,
                    existing.ae_number,
                    values,
                    today=self.clock(),
                    reason=reason,
                    confirm_warnings=confirmed,
                ),
            )
        else:
            view = save_form(
                self,
                self.form,
                lambda confirmed: record_adverse_event(
                    self.store,
                    participant_id,
                    values,
                    today=self.clock(),
                    infusion_id=self.infusion_id,
                    confirm_warnings=confirmed,
                ),
            )
        if view is None:
            return
        self.result_view = view
        self.form.mark_saved()
        self.saved.emit()
        self.accept()


class SaeQueueView(QWidget):
    """Every open SAE of the site, overdue first; `open_participant(id)` on double-click."""

    open_participant = Signal(str)

    def __init__(self, store: SiteStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        layout = QVBoxLayout(self)
        self.summary = QLabel(self)
        self.summary.setObjectName("sae_summary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.model = RowTableModel(SAE_COLUMNS, highlight=_tint, parent=self)
        self.table = row_table(self.model, "sae_queue", self)
        self.table.doubleClicked.connect(self._open)
        layout.addWidget(self.table, 1)
        self.tick = QTimer(self)
        self.tick.setInterval(TICK_MS)
        self.tick.timeout.connect(self._tick)
        self.tick.start()

    def _tick(self) -> None:
        """Once a minute while shown: the deadlines count down."""
        if self.isVisible():
            try:
                self.reload()
            except MscError:
                return

    def reload(self) -> int:
        """Reloads the queue; returns the number of open SAEs."""
        queue = sae_queue(self.store)
        self.model.set_rows(queue)
        overdue = sum(1 for v in queue if v.clock is not None and v.clock.state == "overdue")
        unreported = sum(1 for v in queue if v.clock is not None and v.clock.needs_action)
        follow_up = len(queue) - unreported
        if not unreported and follow_up:
            self.summary.setText(
                self.tr(
                    "No serious adverse event is waiting to be reported. {count} reported SAE(s) stay open until "
                    "their follow-up gives a final outcome."
                ).format(count=follow_up)
            )
        elif queue:
            self.summary.setText(
                self.tr(
                    "<b>{count} serious adverse event(s) not yet reported</b> to the coordinating centre; "
                    "<span style='color:#b00020'><b>{overdue} overdue</b></span>. Overdue first. "
                    "Double-click to open the participant."
                ).format(count=unreported, overdue=overdue)
                if overdue
                else self.tr(
                    "<b>{count} serious adverse event(s) not yet reported</b> to the coordinating centre. "
                    "Double-click to open the participant."
                ).format(count=unreported)
            )
        else:
            self.summary.setText(self.tr("No serious adverse event is waiting to be reported."))
        return len(queue)

    def _open(self, index: QModelIndex) -> None:
        view: AdverseEventView = self.model.row_at(index)
        self.open_participant.emit(view.participant_id)
