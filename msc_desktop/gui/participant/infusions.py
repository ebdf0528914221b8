"""MSC infusions: the infusion visits of a participant and the plan-then-log dialog.

The dose and the volume are computed by the rules engine (`plan_dose`) from the values on screen
and shown, never typed. Logging needs two signatures in the same dialog: the preparing nurse (the
signed-in user) re-enters her password, and a second person enters a user name and password. A
product below the viability release limit needs an investigator's override (user name, password,
reason) in the same dialog. Every refusal is the service's sentence, shown in the dialog.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from msc_desktop.domain.clinic_time import clock_text
from msc_desktop.domain.decimals import format_decimal, grouped
from msc_desktop.domain.dosing import plan_dose
from msc_desktop.domain.events import blocking_reasons
from msc_desktop.domain.forms import FieldIssue, clean_form
from msc_desktop.domain.protocol import Protocol
from msc_desktop.errors import MscError, ValidationError
from msc_desktop.gui.i18n import (
    QT_TRANSLATE_NOOP,
    error_text,
    format_date,
    localized,
    role_label,
    translate,
)
from msc_desktop.gui.participant.adverse_events import AdverseEventDialog
from msc_desktop.gui.participant.shared import BANNER_STYLE, ParticipantTab, participant_state
from msc_desktop.gui.widgets.dialogs import ask_reason, confirm, confirm_discard, permission_problem
from msc_desktop.gui.widgets.form_engine import FieldGroup, FormView
from msc_desktop.gui.widgets.pdf_preview import preview_dosing_worksheet
from msc_desktop.gui.widgets.saving import save_form
from msc_desktop.gui.widgets.tables import fit_columns, read_only_rows
from msc_desktop.store.roles import Action
from msc_desktop.store.services.form_values import clinic_now, item_text, partial_issues
from msc_desktop.store.services.infusions import (
    INVESTIGATOR,
    PREPARER,
    VERIFIER,
    Credentials,
    InfusionView,
    ReleaseOverride,
    SignerError,
    infusion_view,
    log_infusion,
    plan_infusion,
)
from msc_desktop.store.services.participants import ParticipantDetail
from msc_desktop.store.services.screening import SCREENING_VISIT
from msc_desktop.store.services.signatures import Meaning
from msc_desktop.store.services.visits import VisitRecord, schedule
from msc_desktop.store.site import SiteStore

ERROR_STYLE = "color: #b00020;"
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
                "MSC arm: 1x10^6 viable cells per kg at weeks 0, 4 and 8. Double-click a visit to plan the dose, "
                "then log the infusion with two signatures."
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


def record_reaction(
    parent: QWidget,
    store: SiteStore,
    detail: ParticipantDetail,
    view: InfusionView,
    clock: Callable[[], date],
    done: Callable[[], None],
) -> None:
    """Opens the AE form filled in from an infusion reaction, linked to the infusion."""
    started = view.started_at or datetime.combine(clock(), datetime.min.time())
    dialog = AdverseEventDialog(
        store,
        detail,
        clock=clock,
        parent=parent,
        infusion_id=view.infusion_id,
        prefill={
            "term": translate("Infusions", "Infusion-related reaction"),
            "description": translate(
                "Infusions", "Infusion reaction during the {visit} MSC infusion"
            ).format(visit=view.visit_code),
            "onset_date": started.date().isoformat(),
            "aware_at": clock_text(started),
            "relationship": "POSSIBLY RELATED",
        },
    )
    dialog.saved.connect(done)
    dialog.open()


class InfusionDialog(QDialog):
    """Plan (weight and product -> dose), then log (what happened + two signatures)."""

    saved = Signal()

    def __init__(
        self,
        store: SiteStore,
        detail: ParticipantDetail,
        visit_code: str,
        view: InfusionView | None,
        *,
        baseline_weight: Decimal | None,
        latest_weight: tuple[Decimal, date] | None = None,
        clock: Callable[[], date],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.detail = detail
        self.visit_code = visit_code
        self.view = view
        self.baseline_weight = baseline_weight
        self.latest_weight = latest_weight
        self.clock = clock
        self.setWindowTitle(
            self.tr("MSC infusion {visit}: {subject}").format(
                visit=visit_code, subject=detail.ref.subject_id
            )
        )
        form = store.protocol.form("infusion")
        plan_fields = store.protocol.dosing.plan_fields
        log_fields = tuple(name for name in form.field_names if name not in plan_fields)
        columns = QHBoxLayout()
        # -- 1. plan
        plan_box = QGroupBox(self.tr("1. Dose plan: body weight and cell product"), self)
        plan_layout = QVBoxLayout(plan_box)
        self.plan_form = FormView(
            form, self._validate_plan, groups=[FieldGroup("", plan_fields)], parent=plan_box
        )
        self.plan_form.changed.connect(self.refresh_preview)
        plan_layout.addWidget(self.plan_form)
        self.preview = QLabel(plan_box)
        self.preview.setObjectName("dose_preview")
        self.preview.setTextFormat(Qt.TextFormat.RichText)
        self.preview.setWordWrap(True)
        self.preview.setMinimumHeight(150)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.preview.setFrameShape(QFrame.Shape.StyledPanel)
        self.preview.setStyleSheet("QLabel { background: #f4f8fc; padding: 8px; }")
        plan_layout.addWidget(self.preview)
        plan_row = QHBoxLayout()
        plan_row.addStretch(1)
        self.plan_button = QPushButton(self.tr("Save dose plan"), plan_box)
        self.plan_button.setObjectName("save_plan")
        self.plan_button.clicked.connect(self.save_plan)
        plan_row.addWidget(self.plan_button)
        plan_layout.addLayout(plan_row)
        plan_layout.addStretch(1)
        columns.addWidget(plan_box, 1)
        # -- 2. log and signatures
        log_box = QGroupBox(self.tr("2. Infusion log"), self)
        log_layout = QVBoxLayout(log_box)
        self.log_form = FormView(
            form, self._validate_log, groups=[FieldGroup("", log_fields)], parent=log_box
        )
        log_layout.addWidget(self.log_form)
        columns.addWidget(log_box, 1)
        sign_box = QWidget(self)
        sign_layout = QVBoxLayout(sign_box)
        sign_layout.setContentsMargins(0, 0, 0, 0)
        sign_layout.addWidget(self._signature_box(sign_box))
        self.message = QLabel(sign_box)
        self.message.setObjectName("infusion_message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(ERROR_STYLE)
        sign_layout.addWidget(self.message)
        log_row = QHBoxLayout()
        log_row.addStretch(1)
        self.log_button = QPushButton(self.tr("Sign and log the infusion"), sign_box)
        self.log_button.setObjectName("log_infusion")
        self.log_button.clicked.connect(self.log)
        log_row.addWidget(self.log_button)
        sign_layout.addLayout(log_row)
        sign_layout.addStretch(1)
        columns.addWidget(sign_box, 1)
        holder = QWidget(self)
        holder.setLayout(columns)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(holder)
        outer = QVBoxLayout(self)
        outer.addWidget(scroll, 1)
        close_row = QHBoxLayout()
        close_row.addStretch(1)
        print_worksheet = QPushButton(self.tr("Print dosing worksheet..."), self)
        print_worksheet.setObjectName("dialog_print_worksheet")
        print_worksheet.clicked.connect(
            lambda: preview_dosing_worksheet(
                self, self.store, detail.ref.subject_id, self.visit_code
            )
        )
        close_row.addWidget(print_worksheet)
        close = QPushButton(self.tr("Close"), self)
        close.clicked.connect(self.reject)
        close_row.addWidget(close)
        outer.addLayout(close_row)
        for view_form in (self.plan_form, self.log_form):
            for editor in view_form.editors.values():
                if editor.field.kind in ("decimal", "vital"):
                    editor.focus_widget.setMinimumWidth(110)
        self.resize(1340, 720)
        self._show_state()

    def _signature_box(self, parent: QWidget) -> QWidget:
        box = QGroupBox(
            self.tr("3. Electronic signatures (each person re-enters a password)"), parent
        )
        layout = QFormLayout(box)
        user = self.store.user
        self.preparer_password = QLineEdit(box)
        self.preparer_password.setObjectName("preparer_password")
        self.preparer_password.setEchoMode(QLineEdit.EchoMode.Password)
        layout.addRow(
            QLabel(
                self.tr("<b>Prepared by</b> {name} ({role})").format(
                    name=user.full_name, role=role_label(user.role)
                )
                + f"<br><i>\u201c{translate('Meanings', Meaning.DOSE_PREPARED.value)}\u201d</i>",
                box,
            )
        )
        layout.addRow(self.tr("Your password"), self.preparer_password)
        layout.addRow(
            QLabel(
                self.tr("<b>Verified by a second person</b> (not {name})").format(
                    name=user.full_name
                )
                + f"<br><i>\u201c{translate('Meanings', Meaning.DOSE_VERIFIED.value)}\u201d</i>",
                box,
            )
        )
        self.verifier_user = QLineEdit(box)
        self.verifier_user.setObjectName("verifier_user")
        self.verifier_password = QLineEdit(box)
        self.verifier_password.setObjectName("verifier_password")
        self.verifier_password.setEchoMode(QLineEdit.EchoMode.Password)
        layout.addRow(self.tr("Verifier's user name"), self.verifier_user)
        layout.addRow(self.tr("Verifier's password"), self.verifier_password)
        self.override_box = QGroupBox(
            self.tr("Viability below the release limit: investigator's override"), box
        )
        self.override_box.setStyleSheet("QGroupBox { color: #b00020; font-weight: bold; }")
        override = QFormLayout(self.override_box)
        override.addRow(
            QLabel(
                f"<i>\u201c{translate('Meanings', Meaning.RELEASE_OVERRIDE.value)}\u201d</i>",
                self.override_box,
            )
        )
        self.override_user = QLineEdit(self.override_box)
        self.override_user.setObjectName("override_user")
        self.override_password = QLineEdit(self.override_box)
        self.override_password.setObjectName("override_password")
        self.override_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.override_reason = QLineEdit(self.override_box)
        self.override_reason.setObjectName("override_reason")
        override.addRow(self.tr("Investigator's user name"), self.override_user)
        override.addRow(self.tr("Investigator's password"), self.override_password)
        override.addRow(self.tr("Reason for the override"), self.override_reason)
        layout.addRow(self.override_box)
        self.deviation_reason = QLineEdit(box)
        self.deviation_reason.setObjectName("deviation_reason")
        self.deviation_reason.setPlaceholderText(
            self.tr(
                "only if outside the window, or volume more than {limit} % off the plan"
            ).format(limit=format_decimal(self.store.protocol.dosing.volume_deviation_pct))
        )
        layout.addRow(self.tr("Protocol deviation reason"), self.deviation_reason)
        return box

    # -- state ---------------------------------------------------------------------------------

    def planned_values(self) -> dict[str, object]:
        view = self.view
        if view is None:
            return {}
        return {name: item_text(value)[0] for name, value in view.planned.items()}

    def _show_state(self) -> None:
        view = self.view
        completed = view is not None and view.status == "completed"
        offered = self._offered_weight() if view is None else None
        if view is None:
            values = {"visit_code": self.visit_code, "weight_date": self.clock().isoformat()}
            if offered is not None:
                values.update(weight=format_decimal(offered[0]), weight_date=offered[1].isoformat())
            self.plan_form.load(values)
        else:
            self.plan_form.load(self.planned_values())
        self.plan_form.editors["visit_code"].set_read_only(True)
        self.plan_form.set_read_only(completed)
        self.plan_button.setEnabled(not completed)
        self.plan_button.setText(
            self.tr("Change dose plan...") if view is not None else self.tr("Save dose plan")
        )
        logging = view is not None and not completed
        self.log_form.setEnabled(logging)
        for widget in (
            self.preparer_password,
            self.verifier_user,
            self.verifier_password,
            self.deviation_reason,
            self.log_button,
        ):
            widget.setEnabled(logging)
        self.override_box.setVisible(view is not None and not view.plan.release_allowed)
        if completed and view is not None:
            self.log_form.load(
                {
                    "volume_infused_ml": format_decimal(view.volume_infused_ml)
                    if view.volume_infused_ml
                    else None,
                    "infusion_start": clock_text(view.started_at) if view.started_at else None,
                    "infusion_end": clock_text(view.stopped_at) if view.stopped_at else None,
                    "infusion_reaction": "Y" if view.reaction else "N",
                }
            )
            signed = "<br>".join(
                self.tr("{name} ({role}), {when} UTC: “{meaning}”").format(
                    name=s.printed_name,
                    role=role_label(s.role),
                    when=f"{s.signed_at:%Y-%m-%d %H:%M}",
                    meaning=translate("Meanings", s.meaning),
                )
                for s in view.signatures
            )
            self.message.setStyleSheet("color: #1b5e20;")
            self.message.setText(self.tr("Logged and signed.") + f"<br>{signed}")
        elif view is None:
            self.message.setStyleSheet(ERROR_STYLE)
            text = self.tr("Save the dose plan first; the log and signatures follow.")
            if offered is not None:
                text += "<br>" + self.tr(
                    "The latest weight, {weight} kg of {date}, is filled in; change it if the "
                    "participant was weighed again."
                ).format(weight=format_decimal(offered[0]), date=format_date(offered[1]))
            self.message.setText(text)
        else:
            self.message.setText("")
        self.refresh_preview()

    def focus_first_entry(self) -> None:
        """The cursor goes to the part still to fill in: the dose plan, else the infusion log."""
        if self.view is None:
            self.plan_form.focus_first_entry()
        elif self.view.status != "completed":
            self.log_form.focus_first_entry()

    # -- validation and the live dose ------------------------------------------------------------

    def _validate_plan(self, values: Mapping[str, object]) -> list[FieldIssue]:
        return partial_issues(
            "infusion", values, protocol=self.store.protocol, today=self.clock(), context={}
        )

    def _validate_log(self, values: Mapping[str, object]) -> list[FieldIssue]:
        return list(
            clean_form(
                "infusion",
                {**values, **self.planned_values()},
                protocol=self.store.protocol,
                today=self.clock(),
                now=clinic_now(self.clock()),
            ).issues
        )

    def refresh_preview(self) -> None:
        """The dose from the values on screen, computed by the rules engine (`plan_dose`)."""
        values = self.plan_form.raw_values()
        needed = ("weight", "cell_concentration_per_ml", "viability_pct")
        if any(not str(values.get(name) or "").strip() for name in needed):
            self.preview.setText(
                self.tr("<b>Dose</b>: enter the weight, the cell concentration and the viability.")
            )
            return
        cleaned = clean_form(
            "infusion",
            {name: values.get(name) for name in (*needed, "weight_date")},
            protocol=self.store.protocol,
            today=self.clock(),
        ).values
        weighed = cleaned.get("weight_date")
        weighed_on = weighed if isinstance(weighed, date) else None
        # The form's reading of each number ("72,5" is 72.5); as typed when it could not read it.
        numbers = [
            value if isinstance(value := cleaned.get(name), Decimal) else str(values[name])
            for name in needed
        ]
        try:
            plan = plan_dose(
                numbers[0],
                numbers[1],
                numbers[2],
                baseline_weight_kg=self.baseline_weight,
                weighed_on=weighed_on,
                infusion_on=self._infusion_date() if weighed_on else None,
                protocol=self.store.protocol,
            )
        except ValidationError as error:
            self.preview.setText(
                self.tr("<b>Dose</b>: {problem}").format(
                    problem=f"<span style='color:#b00020'>{error_text(error)}</span>"
                )
            )
            return
        volume = self.tr("Volume to infuse: <b>{volume} mL</b>").format(volume=plan.volume_shown)
        lines = [
            # Numbers written as the dosing worksheet writes them (domain.decimals.grouped).
            self.tr("Target dose: {cells} cells ({per_kg} cells/kg × {weight} kg)").format(
                cells=grouped(plan.total_cells),
                per_kg=grouped(plan.dose_per_kg),
                weight=format_decimal(plan.weight_kg),
            ),
            self.tr("Viable concentration: {cells} cells/mL").format(
                cells=grouped(plan.viable_concentration_per_ml)
            ),
            f"<span style='font-size:14pt'>{volume}</span> "
            + self.tr("(rounded {rounding})").format(rounding=localized(plan.rounding)),
        ]
        lines.extend(
            f"<span style='color:#b00020'><b>{localized(w.message)}</b></span>"
            for w in plan.warnings
        )
        title = self.tr("Dose computed by the protocol's rules (not editable)")
        self.preview.setText(f"<b>{title}</b><br>" + "<br>".join(lines))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter presses the focused button, else the button of the part being filled in: "Save dose
        plan" in the plan, "Sign and log the infusion" in the log and the signatures."""
        focused = self.focusWidget()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not isinstance(
            focused, QPushButton
        ):
            button = (
                self.plan_button
                if focused is not None and self.plan_form.isAncestorOf(focused)
                else self.log_button
            )
            if button.isEnabled():
                button.click()
            return
        super().keyPressEvent(event)

    def reject(self) -> None:
        """Escape or Close: a changed plan, log or typed signature entries are dropped only when the user says so."""
        typed = any(
            line.text()
            for line in (
                self.preparer_password,
                self.verifier_user,
                self.verifier_password,
                self.override_user,
                self.override_password,
                self.override_reason,
                self.deviation_reason,
            )
        )
        if (typed or self.plan_form.is_dirty() or self.log_form.is_dirty()) and not confirm_discard(
            self
        ):
            return
        super().reject()

    def _offered_weight(self) -> tuple[Decimal, date] | None:
        """The latest recorded weight when it is recent enough for today's dose (protocol: 3 days)."""
        if self.latest_weight is None:
            return None
        age = (self.clock() - self.latest_weight[1]).days
        return (
            self.latest_weight
            if 0 <= age <= self.store.protocol.dosing.weight_max_age_days
            else None
        )

    def _infusion_date(self) -> date:
        """The day the weight must be recent for: the logged start of a completed infusion, else today."""
        started = (
            self.view.started_at
            if self.view is not None and self.view.status == "completed"
            else None
        )
        return started.date() if started is not None else self.clock()

    # -- actions -------------------------------------------------------------------------------

    def save_plan(self) -> None:
        reason: str | None = None
        if self.view is not None and not self.plan_form.is_dirty():
            self.message.setStyleSheet(ERROR_STYLE)
            self.message.setText(self.tr("The dose plan is unchanged: nothing to save."))
            return
        if self.view is not None:
            reason = ask_reason(
                self, self.tr("the {visit} dose plan").format(visit=self.visit_code)
            )
            if reason is None:
                return
        values = self.plan_form.filled_values()
        participant_id = self.detail.ref.id
        view = save_form(
            self,
            self.plan_form,
            lambda confirmed: plan_infusion(
                self.store,
                participant_id,
                values,
                today=self.clock(),
                reason=reason,
                confirm_warnings=confirmed,
            ),
        )
        if view is None:
            return
        self.view = view
        self.plan_form.mark_saved()
        self._show_state()
        self.saved.emit()

    def log(self) -> InfusionView | None:
        view = self.view
        if view is None:
            return None
        values = self.log_form.filled_values()
        override = None
        if not view.plan.release_allowed and (
            self.override_user.text().strip() or self.override_password.text()
        ):
            override = ReleaseOverride(
                Credentials(self.override_user.text().strip(), self.override_password.text()),
                self.override_reason.text(),
            )
        verifier = Credentials(self.verifier_user.text().strip(), self.verifier_password.text())
        deviation = self.deviation_reason.text().strip() or None
        participant_id = self.detail.ref.id

        def call(confirmed: bool) -> InfusionView:
            try:
                return log_infusion(
                    self.store,
                    participant_id,
                    self.visit_code,
                    values,
                    preparer_password=self.preparer_password.text(),
                    verifier=verifier,
                    today=self.clock(),
                    override=override,
                    deviation_reason=deviation,
                    confirm_warnings=confirmed,
                )
            except MscError as error:
                self.message.setStyleSheet(ERROR_STYLE)
                self.message.setText(error_text(error))
                refused.append(error)
                raise

        refused: list[MscError] = []
        logged = save_form(self, self.log_form, call)
        secrets = {
            PREPARER: self.preparer_password,
            VERIFIER: self.verifier_password,
            INVESTIGATOR: self.override_password,
        }
        wrong = refused[-1].signer if refused and isinstance(refused[-1], SignerError) else None
        # A wrong password clears that one person's password; signing, or any other refusal, clears all.
        for signer, secret in secrets.items():
            if wrong is None or signer == wrong:
                secret.clear()
        if wrong is not None:
            secrets[wrong].setFocus()
        if logged is None:
            return None
        self.view = logged
        self.log_form.mark_saved()
        self._show_state()
        self.saved.emit()
        if logged.reaction and confirm(
            self,
            self.tr("Infusion reaction"),
            self.tr(
                "An infusion reaction was recorded. Record it as an adverse event now (the AE form opens filled in)?"
            ),
            yes=self.tr("Record the adverse event"),
            no=self.tr("Later"),
        ):
            record_reaction(self, self.store, self.detail, logged, self.clock, self.saved.emit)
        return logged
