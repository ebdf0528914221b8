"""MSC infusions: the infusion visits of a participant, each with its status, plan and signatures.

Double-clicking a visit opens the plan-then-log dialog (participant/infusion_dialog.py); an
infusion reaction can be recorded as an adverse event from here or from the dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from msc_desktop.domain.decimals import format_decimal
from msc_desktop.domain.events import blocking_reasons
from msc_desktop.domain.protocol import Protocol
from msc_desktop.gui.i18n import (
    QT_TRANSLATE_NOOP,
    format_date,
    localized,
    translate,
)
from msc_desktop.gui.participant.infusion_dialog import InfusionDialog, record_reaction
from msc_desktop.gui.participant.shared import BANNER_STYLE, ParticipantTab, participant_state
from msc_desktop.gui.widgets.dialogs import permission_problem
from msc_desktop.gui.widgets.pdf_preview import preview_dosing_worksheet
from msc_desktop.gui.widgets.tables import fit_columns, read_only_rows
from msc_desktop.store.roles import Action
from msc_desktop.store.services.infusions import (
    InfusionView,
    infusion_view,
)
from msc_desktop.store.services.participants import ParticipantDetail
from msc_desktop.store.services.screening import SCREENING_VISIT
from msc_desktop.store.services.signatures import Meaning
from msc_desktop.store.services.visits import VisitRecord, schedule
from msc_desktop.store.site import SiteStore

_SIGNED_AS = {
    Meaning.DOSE_PREPARED.value: QT_TRANSLATE_NOOP("Infusions", "prepared"),
    Meaning.DOSE_VERIFIED.value: QT_TRANSLATE_NOOP("Infusions", "verified"),
    Meaning.RELEASE_OVERRIDE.value: QT_TRANSLATE_NOOP("Infusions", "release override"),
}
_STATUS_TEXT = {
    "planned": QT_TRANSLATE_NOOP("Infusions", "planned (not infused yet)"),
    "completed": QT_TRANSLATE_NOOP("Infusions", "infused and signed"),
}


def latest_weight(records: list[VisitRecord]) -> tuple[Decimal, date] | None:
    """The most recent weight on record (screening or a visit) and its date."""
    weighed = [
        (r.visit_date, r.standard["weight"])
        for r in records
        if r.not_done_reason is None and r.standard.get("weight") is not None
    ]
    if not weighed:
        return None
    on, weight = max(weighed, key=lambda pair: pair[0])
    return weight, on


def infusion_visit_codes(protocol: Protocol) -> tuple[str, ...]:
    return protocol.form("infusion").field("visit_code").choice_codes


class InfusionsTab(ParticipantTab):
    """The infusion visits with their status, plan and signatures; `saved` after any change."""

    def __init__(
        self, store: SiteStore, *, clock: Callable[[], date], parent: QWidget | None = None
    ) -> None:
        super().__init__(store, clock=clock, parent=parent)
        self.views: dict[str, InfusionView | None] = {}
        self.baseline_weight: Decimal | None = None
        layout = QVBoxLayout(self)
        self.banner = QLabel(self)
        self.banner.setObjectName("infusions_banner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(BANNER_STYLE)
        layout.addWidget(self.banner)
        self.table = QTableWidget(0, 8, self)
        self.table.setObjectName("infusion_table")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Visit"),
                self.tr("Window"),
                self.tr("Status"),
                self.tr("Weight used"),
                self.tr("Product lot / bag"),
                self.tr("Volume planned"),
                self.tr("Volume infused"),
                self.tr("Signatures"),
            ]
        )
        read_only_rows(self.table)
        self.table.setWordWrap(False)
        fit_columns(self.table)
        self.table.itemDoubleClicked.connect(lambda _item: self.open_selected())
        layout.addWidget(self.table, 1)
        self.deviations = QLabel(self)
        self.deviations.setObjectName("infusion_deviations")
        self.deviations.setWordWrap(True)
        layout.addWidget(self.deviations)
        row = QHBoxLayout()
        self.open_button = QPushButton(self.tr("Plan or log the selected infusion..."), self)
        self.open_button.setObjectName("open_infusion")
        self.open_button.clicked.connect(self.open_selected)
        self.reaction_button = QPushButton(
            self.tr("Record its infusion reaction as an AE..."), self
        )
        self.reaction_button.setObjectName("reaction_to_ae")
        self.reaction_button.clicked.connect(self.reaction_to_ae)
        self.print_button = QPushButton(self.tr("Print dosing worksheet..."), self)
        self.print_button.setObjectName("print_worksheet")
        self.print_button.clicked.connect(self.print_worksheet)
        row.addWidget(self.open_button)
        row.addWidget(self.reaction_button)
        row.addWidget(self.print_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.table.itemSelectionChanged.connect(self._selection_changed)

    def blocked_reason(self) -> str | None:
        if self.detail is None:
            return self.tr("Open a participant.")
        reasons = blocking_reasons("infusion", participant_state(self.detail), self.store.protocol)
        return (
            localized(reasons[0]) if reasons else permission_problem(self.store, Action.ENTER_DATA)
        )

    def load(self, detail: ParticipantDetail, records: list[VisitRecord]) -> None:
        self.detail = detail
        baseline = next((r for r in records if r.visit_code == SCREENING_VISIT), None)
        self.baseline_weight = baseline.standard.get("weight") if baseline else None
        self.latest_weight = latest_weight(records)
        codes = infusion_visit_codes(self.store.protocol)
        windows = {
            v.code: v for v in schedule(self.store, detail.ref.id, self.clock()) if v.code in codes
        }
        self.views = {code: infusion_view(self.store, detail.ref.id, code) for code in codes}
        problem = self.blocked_reason()
        self.banner.setText(
            problem
            or self.tr(
                "MSC arm: 1x10^6 viable cells per kg at weeks 0, 4 and 8. Double-click a visit to "
                "plan the dose, then log the infusion with two signatures."
            )
        )
        self.banner.setStyleSheet(BANNER_STYLE if problem else "padding: 4px;")
        self.table.setRowCount(len(codes))
        deviation_lines: list[str] = []
        for row, code in enumerate(codes):
            view = self.views[code]
            scheduled = windows.get(code)
            window = (
                self.tr("{opens} to {closes}").format(
                    opens=format_date(scheduled.window.opens),
                    closes=format_date(scheduled.window.closes),
                )
                if scheduled
                else self.tr("from day 0")
            )
            cells = [code, window, self.tr("not planned"), "", "", "", "", ""]
            if view is not None:
                status = translate("Infusions", _STATUS_TEXT.get(view.status, view.status))
                cells[2] = (
                    self.tr("{status} – REACTION").format(status=status)
                    if view.reaction
                    else status
                )
                cells[3] = (
                    f"{format_decimal(view.plan.weight_kg)} kg ({format_date(view.weighed_on)})"
                )
                cells[4] = f"{view.product_lot} / {view.bag_id}"
                cells[5] = f"{view.plan.volume_shown} mL"
                cells[6] = (
                    f"{format_decimal(view.volume_infused_ml)} mL"
                    if view.volume_infused_ml is not None
                    else ""
                )
                cells[7] = self.tr("; ").join(
                    self.tr("{signed_as}: {name}").format(
                        signed_as=translate("Infusions", _SIGNED_AS.get(s.meaning, s.meaning)),
                        name=s.printed_name,
                    )
                    for s in view.signatures
                )
                deviation_lines.extend(f"{code}: {localized(d)}" for d in view.deviations)
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.deviations.setText(
            self.tr("<b>Protocol deviations:</b> {deviations}").format(
                deviations="<br>".join(deviation_lines)
            )
            if deviation_lines
            else ""
        )
        self.open_button.setEnabled(problem is None)
        self._selection_changed()

    def selected_code(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return infusion_visit_codes(self.store.protocol)[rows[0].row()] if rows else None

    def _selection_changed(self) -> None:
        code = self.selected_code()
        view = self.views.get(code) if code else None
        self.reaction_button.setEnabled(
            view is not None
            and view.reaction
            and permission_problem(self.store, Action.ENTER_DATA) is None
        )
        self.print_button.setEnabled(view is not None)

    def open_selected(self) -> None:
        code = self.selected_code() or next(
            (c for c, v in self.views.items() if v is None or v.status != "completed"), None
        )
        if code is None or self.detail is None or self.blocked_reason() is not None:
            return
        self.open_dialog(code)

    def open_dialog(self, code: str) -> InfusionDialog:
        assert self.detail is not None
        dialog = InfusionDialog(
            self.store,
            self.detail,
            code,
            self.views.get(code),
            baseline_weight=self.baseline_weight,
            latest_weight=self.latest_weight,
            clock=self.clock,
            parent=self,
        )
        dialog.saved.connect(self.saved)
        dialog.open()
        dialog.focus_first_entry()
        return dialog

    def print_worksheet(self) -> None:
        code = self.selected_code()
        if code is not None and self.detail is not None:
            preview_dosing_worksheet(self, self.store, self.detail.ref.subject_id, code)

    def reaction_to_ae(self) -> None:
        code = self.selected_code()
        view = self.views.get(code) if code else None
        if view is not None and self.detail is not None:
            record_reaction(self, self.store, self.detail, view, self.clock, self.saved.emit)
