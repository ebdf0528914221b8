"""The MSC infusion dialog: plan the dose, then log the infusion with its signatures.

The dose and the volume are computed by the rules engine (`plan_dose`) from the values on screen
and shown, never typed. Logging needs two signatures in the same dialog: the preparing nurse (the
signed-in user) re-enters her password, and a second person enters a user name and password. A
product below the viability release limit needs an investigator's override (user name, password,
reason) in the same dialog. Every refusal is the service's sentence, shown in the dialog.

It stays one module over 400 lines: the plan, the log and the signatures are one dialog whose
state (`_show_state`), Enter key and actions all work on the same widgets.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from msc_desktop.domain.clinic_time import clock_text
from msc_desktop.domain.decimals import format_decimal, grouped
from msc_desktop.domain.dosing import plan_dose
from msc_desktop.domain.field_values import FieldIssue
from msc_desktop.domain.forms import clean_form
from msc_desktop.errors import MscError, ValidationError
from msc_desktop.gui.i18n import (
    error_text,
    format_date,
    localized,
    role_label,
    translate,
)
from msc_desktop.gui.participant.adverse_event_dialog import AdverseEventDialog
from msc_desktop.gui.widgets.dialogs import ask_reason, confirm, confirm_discard
from msc_desktop.gui.widgets.form_engine import FieldGroup, FormView
from msc_desktop.gui.widgets.pdf_preview import preview_dosing_worksheet
from msc_desktop.gui.widgets.saving import save_form
from msc_desktop.gui.widgets.scrolling import frameless_scroll
from msc_desktop.gui.widgets.signature_box import SignatureBox
from msc_desktop.store.services.form_values import clinic_now, item_text, partial_issues
from msc_desktop.store.services.infusion_log import (
    INVESTIGATOR,
    PREPARER,
    VERIFIER,
    Credentials,
    ReleaseOverride,
    SignerError,
    log_infusion,
)
from msc_desktop.store.services.infusions import InfusionView, plan_infusion
from msc_desktop.store.services.participants import ParticipantDetail
from msc_desktop.store.services.signatures import Meaning
from msc_desktop.store.site import SiteStore

ERROR_STYLE = "color: #b00020;"


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
        scroll = frameless_scroll(self, holder)
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

    def _signature_box(self, parent: QWidget) -> SignatureBox:
        box = SignatureBox(
            self.tr("3. Electronic signatures (each person re-enters a password)"), parent
        )
        user = self.store.user
        box.add_signer(
            self.tr("<b>Prepared by</b> {name} ({role})").format(
                name=user.full_name, role=role_label(user.role)
            ),
            translate("Meanings", Meaning.DOSE_PREPARED.value),
        )
        self.preparer_password = box.add_entry(
            self.tr("Your password"), "preparer_password", secret=True
        )
        box.add_signer(
            self.tr("<b>Verified by a second person</b> (not {name})").format(name=user.full_name),
            translate("Meanings", Meaning.DOSE_VERIFIED.value),
        )
        self.verifier_user = box.add_entry(self.tr("Verifier's user name"), "verifier_user")
        self.verifier_password = box.add_entry(
            self.tr("Verifier's password"), "verifier_password", secret=True
        )
        self.override_box = SignatureBox(
            self.tr("Viability below the release limit: investigator's override"), box
        )
        self.override_box.setStyleSheet("QGroupBox { color: #b00020; font-weight: bold; }")
        self.override_box.add_signer("", translate("Meanings", Meaning.RELEASE_OVERRIDE.value))
        self.override_user = self.override_box.add_entry(
            self.tr("Investigator's user name"), "override_user"
        )
        self.override_password = self.override_box.add_entry(
            self.tr("Investigator's password"), "override_password", secret=True
        )
        self.override_reason = self.override_box.add_entry(
            self.tr("Reason for the override"), "override_reason"
        )
        box.add_box(self.override_box)
        self.deviation_reason = box.add_entry(
            self.tr("Protocol deviation reason"), "deviation_reason"
        )
        self.deviation_reason.setPlaceholderText(
            self.tr(
                "only if outside the window, or volume more than {limit} % off the plan"
            ).format(limit=format_decimal(self.store.protocol.dosing.volume_deviation_pct))
        )
        self.signatures = box
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
        """Escape or Close: a changed plan, log or typed signature entries are dropped only when
        the user says so."""
        if (
            self.signatures.typed() or self.plan_form.is_dirty() or self.log_form.is_dirty()
        ) and not confirm_discard(self):
            return
        super().reject()

    def _offered_weight(self) -> tuple[Decimal, date] | None:
        """The latest recorded weight when it is recent enough for today's dose (protocol: 3
        days)."""
        if self.latest_weight is None:
            return None
        age = (self.clock() - self.latest_weight[1]).days
        return (
            self.latest_weight
            if 0 <= age <= self.store.protocol.dosing.weight_max_age_days
            else None
        )

    def _infusion_date(self) -> date:
        """The day the weight must be recent for: the logged start of a completed infusion, else
        today."""
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
        # A wrong password clears that one person's password; signing, or any other refusal, clears
        # all.
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
                "An infusion reaction was recorded. Record it as an adverse event now (the AE form "
                "opens filled in)?"
            ),
            yes=self.tr("Record the adverse event"),
            no=self.tr("Later"),
        ):
            record_reaction(self, self.store, self.detail, logged, self.clock, self.saved.emit)
        return logged
