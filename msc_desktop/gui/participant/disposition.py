"""End of study: the disposition form (completion, withdrawal, loss to follow-up, death...)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from msc_desktop.domain.field_values import FieldIssue
from msc_desktop.domain.forms import clean_form
from msc_desktop.gui.participant.shared import (
    BANNER_STYLE,
    consent_context,
)
from msc_desktop.gui.widgets.form_engine import FormView
from msc_desktop.gui.widgets.saving import save_form
from msc_desktop.store.services.disposition import end_study
from msc_desktop.store.services.participants import ParticipantDetail
from msc_desktop.store.services.protocol_versions import form_protocol
from msc_desktop.store.site import SiteStore


class DispositionDialog(QDialog):
    """End of study (CDISC NCOMPLT): completion, withdrawal, loss to follow-up, death..."""

    def __init__(
        self,
        store: SiteStore,
        detail: ParticipantDetail,
        *,
        clock: Callable[[], date],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.detail = detail
        self.clock = clock
        self.setWindowTitle(
            self.tr("End of study: {subject}").format(subject=detail.ref.subject_id)
        )
        layout = QVBoxLayout(self)
        note = QLabel(
            self.tr(
                "Recording the end of study stops further scheduling: no visit, infusion or "
                "randomization can be added afterwards. Adverse events can still be followed up."
            ),
            self,
        )
        note.setWordWrap(True)
        note.setStyleSheet(BANNER_STYLE)
        layout.addWidget(note)
        self.protocol = form_protocol(store, None, today=clock())
        self.form = FormView(self.protocol.form("disposition"), self._validate, parent=self)
        self.form.load({"disposition_date": clock().isoformat()})
        layout.addWidget(self.form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, parent=self)
        self.save_button = buttons.addButton(
            self.tr("Record end of study"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setObjectName("save_disposition")
        self.save_button.setDefault(True)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(620)

    def _validate(self, values: Mapping[str, object]) -> list[FieldIssue]:
        return list(
            clean_form(
                "disposition",
                values,
                today=self.clock(),
                context=consent_context(self.detail),
                protocol=self.protocol,
            ).issues
        )

    def save(self) -> None:
        values = self.form.filled_values()
        participant_id = self.detail.ref.id

        def record(confirmed: bool) -> bool:
            end_study(
                self.store, participant_id, values, today=self.clock(), confirm_warnings=confirmed
            )
            return True

        if save_form(self, self.form, record):
            self.accept()
