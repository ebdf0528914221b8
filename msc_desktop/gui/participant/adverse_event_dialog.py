"""The adverse event form: record or change an AE, and the investigator's signed causality.

Grade 5 fills in outcome FATAL and seriousness "death" as soon as it is chosen
(`apply_grade_rules`), and the form's rules refuse a contradiction.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from msc_desktop.domain.adverse_events import (
    SERIOUSNESS_FIELDS,
    apply_grade_rules,
    is_serious,
    sae_report_deadline,
)
from msc_desktop.domain.clinic_time import fixed_offset, moment_text
from msc_desktop.domain.field_values import FieldIssue
from msc_desktop.domain.forms import clean_form
from msc_desktop.gui.i18n import (
    QT_TRANSLATE_NOOP,
)
from msc_desktop.gui.participant.ae_table import OVERDUE_TINT
from msc_desktop.gui.participant.shared import consent_context
from msc_desktop.gui.widgets.dialogs import (
    ask_reason,
    confirm_discard,
)
from msc_desktop.gui.widgets.form_engine import FieldGroup, FormView
from msc_desktop.gui.widgets.saving import save_form
from msc_desktop.gui.widgets.scrolling import frameless_scroll
from msc_desktop.store.services.adverse_events import (
    AdverseEventView,
    record_adverse_event,
    update_adverse_event,
)
from msc_desktop.store.services.form_values import clinic_now
from msc_desktop.store.services.participants import ParticipantDetail
from msc_desktop.store.services.protocol_versions import form_protocol
from msc_desktop.store.site import SiteStore

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
        scroll = frameless_scroll(self, self.form)
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
        """Escape, Cancel or the window's close button: typed entries are dropped only when the
        user says so."""
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
                    "<b>SERIOUS ADVERSE EVENT</b>: report to the coordinating centre within 24 "
                    "hours of becoming aware, <b>by {due}</b>."
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
