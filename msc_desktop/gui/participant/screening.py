"""Screening: the form, live scores and eligibility, the investigator's signature, randomization.

Everything shown is computed by the domain (`clean_form`, `evaluate_eligibility`) and the services
(`compute_scores`, `screening_state`, `blocking_reasons` of the order of events): the scores and
the verdict follow the values on screen as they are typed; the signature and the randomization
button follow what is saved.

It stays one module over 400 lines: it is one tab, whose form, live verdict, signature and
randomization button all follow the same values and the same saved screening state.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from msc_desktop.domain.eligibility import CriterionOutcome, EligibilityResult, evaluate_eligibility
from msc_desktop.domain.endpoint import Scores, compute_scores
from msc_desktop.domain.events import ParticipantState, blocking_reasons
from msc_desktop.domain.field_values import FieldIssue
from msc_desktop.domain.forms import clean_form, not_applicable_fields
from msc_desktop.domain.protocol import FormDef, Protocol
from msc_desktop.domain.randomization import stratum_for_child_pugh
from msc_desktop.errors import MscError
from msc_desktop.gui.i18n import (
    QT_TRANSLATE_NOOP,
    current_language,
    localized,
    role_label,
    translate,
)
from msc_desktop.gui.participant.shared import ParticipantTab, consent_context
from msc_desktop.gui.widgets.dialogs import (
    SignatureDialog,
    ask_reason,
    confirm,
    permission_problem,
    show_error,
)
from msc_desktop.gui.widgets.form_engine import FieldGroup, FormView
from msc_desktop.gui.widgets.saving import save_form
from msc_desktop.gui.widgets.scrolling import frameless_scroll
from msc_desktop.store.roles import Action
from msc_desktop.store.services.form_values import partial_issues
from msc_desktop.store.services.participants import ParticipantDetail
from msc_desktop.store.services.randomization import randomize, stock
from msc_desktop.store.services.screening import (
    ScreeningState,
    save_screening,
    screening_state,
    sign_eligibility,
)
from msc_desktop.store.services.signatures import Meaning
from msc_desktop.store.site import SiteStore

_VERDICT_TEXT = {
    "eligible": (QT_TRANSLATE_NOOP("ScreeningPanel", "ELIGIBLE"), "#1b5e20"),
    "not_eligible": (QT_TRANSLATE_NOOP("ScreeningPanel", "NOT ELIGIBLE"), "#b00020"),
    "incomplete": (QT_TRANSLATE_NOOP("ScreeningPanel", "INCOMPLETE"), "#8a5a00"),
}
_MARKS = {"satisfied": "\u2714", "not_satisfied": "\u2718", "missing": "?"}
_DATES = QT_TRANSLATE_NOOP("ScreeningGroups", "Dates")
_VITALS = QT_TRANSLATE_NOOP("ScreeningGroups", "Vital signs")
_LABS = QT_TRANSLATE_NOOP("ScreeningGroups", "Laboratory (enter the unit the laboratory reported)")
_FINDINGS = QT_TRANSLATE_NOOP("ScreeningGroups", "Clinical findings")
_HISTORY = QT_TRANSLATE_NOOP("ScreeningGroups", "Etiology and history")
_EXCLUSION = QT_TRANSLATE_NOOP("ScreeningGroups", "Exclusion criteria")


def screening_groups(form: FormDef, protocol: Protocol) -> list[FieldGroup]:
    """Lays the screening form out by kind of field, with the sections the protocol declares (the
    HBV and cirrhosis evidence) together before the history; the criteria answers come last."""
    criteria = {c.answer_field for c in protocol.eligibility.criteria if c.answer_field}
    groups: dict[str, list[str]] = {
        _DATES: [],
        _VITALS: [],
        _LABS: [],
        _FINDINGS: [],
        _HISTORY: [],
        _EXCLUSION: [],
    }
    in_sections = {name for section in form.sections for name in section.fields}
    for field in form.fields:
        if field.name in in_sections:
            continue
        if field.name in criteria:
            key = _EXCLUSION
        elif field.kind in ("date", "datetime"):
            key = _DATES
        elif field.kind == "vital":
            key = _VITALS
        elif field.kind == "lab":
            key = _LABS
        elif field.kind == "tristate":
            key = _HISTORY
        else:
            key = _FINDINGS
        groups[key].append(field.name)

    def by_kind(*titles: str) -> list[FieldGroup]:
        return [
            FieldGroup(translate("ScreeningGroups", title), tuple(groups[title]))
            for title in titles
            if groups[title]
        ]

    declared = [
        FieldGroup(section.title.get(current_language()), section.fields)
        for section in form.sections
    ]
    return by_kind(_DATES, _VITALS, _LABS, _FINDINGS) + declared + by_kind(_HISTORY, _EXCLUSION)


def arm_label(protocol: Protocol, code: str | None) -> str:
    """An arm as `protocol` words it in the interface language."""
    return next(
        (arm.label.get(current_language()) for arm in protocol.arms if arm.code == code), code or ""
    )


def _outcome_text(outcome: CriterionOutcome) -> str:
    """ "<b>EX01</b> Hepatocellular carcinoma...: not answered." in the interface language."""
    return translate("ScreeningPanel", "<b>{code}</b> {criterion}: {detail}").format(
        code=outcome.criterion.code,
        criterion=outcome.criterion.text.get(current_language()),
        detail=localized(outcome.detail),
    )


@dataclass(frozen=True)
class LiveResult:
    issues: tuple[FieldIssue, ...]
    scores: Scores
    eligibility: EligibilityResult


class ScreeningPanel(ParticipantTab):
    """The screening tab of one participant; `saved` fires after any change is stored."""

    def __init__(
        self, store: SiteStore, *, clock: Callable[[], date], parent: QWidget | None = None
    ) -> None:
        super().__init__(store, clock=clock, parent=parent)
        self.state: ScreeningState | None = None
        form = store.protocol.form("screening")
        self.form = FormView(
            form,
            self._validate,
            groups=screening_groups(form, store.protocol),
            skips=self._skips,
            parent=self,
        )
        self.form.changed.connect(self.refresh_live)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.blocked = QLabel(self)
        self.blocked.setObjectName("screening_blocked")
        self.blocked.setWordWrap(True)
        self.blocked.setStyleSheet("background: #fff4d6; padding: 8px; border: 1px solid #e0c070;")
        self.blocked.setVisible(False)
        outer.addWidget(self.blocked)
        self.work = QWidget(self)
        outer.addWidget(self.work, 1)
        layout = QHBoxLayout(self.work)
        layout.setContentsMargins(0, 0, 0, 0)
        left = QVBoxLayout()
        scroll = frameless_scroll(self, self.form)
        left.addWidget(scroll, 1)
        buttons = QHBoxLayout()
        self.save_button = QPushButton(self.tr("Save screening"), self)
        self.save_button.setObjectName("save_screening")
        self.save_button.clicked.connect(self.save)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        left.addLayout(buttons)
        layout.addLayout(left, 3)
        layout.addWidget(self._side_panel(), 2)

    # -- the right-hand panel ------------------------------------------------------------------

    def _side_panel(self) -> QWidget:
        side = QWidget(self)
        side.setMaximumWidth(470)
        layout = QVBoxLayout(side)
        layout.setContentsMargins(0, 0, 0, 0)
        scores_box = QGroupBox(self.tr("Scores (from the values on screen)"), side)
        scores_layout = QVBoxLayout(scores_box)
        self.scores_label = QLabel(scores_box)
        self.scores_label.setObjectName("scores")
        self.scores_label.setTextFormat(Qt.TextFormat.RichText)
        self.scores_label.setWordWrap(True)
        scores_layout.addWidget(self.scores_label)
        layout.addWidget(scores_box)

        verdict_box = QGroupBox(self.tr("Eligibility"), side)
        verdict_layout = QVBoxLayout(verdict_box)
        self.verdict_label = QLabel(verdict_box)
        self.verdict_label.setObjectName("verdict")
        self.criteria_label = QLabel(verdict_box)
        self.criteria_label.setObjectName("criteria")
        self.criteria_label.setWordWrap(True)
        self.criteria_label.setTextFormat(Qt.TextFormat.RichText)
        verdict_layout.addWidget(self.verdict_label)
        verdict_layout.addWidget(self.criteria_label)
        verdict_layout.addStretch(1)
        criteria_scroll = frameless_scroll(side, verdict_box)
        layout.addWidget(criteria_scroll, 1)

        action_box = QGroupBox(self.tr("Signature and randomization"), side)
        action_layout = QVBoxLayout(action_box)
        self.signature_label = QLabel(action_box)
        self.signature_label.setObjectName("signature_status")
        self.signature_label.setWordWrap(True)
        self.sign_button = QPushButton(self.tr("Sign eligibility..."), action_box)
        self.sign_button.setObjectName("sign_eligibility")
        self.sign_button.clicked.connect(self.sign)
        self.randomize_label = QLabel(action_box)
        self.randomize_label.setObjectName("randomize_status")
        self.randomize_label.setWordWrap(True)
        self.randomize_button = QPushButton(self.tr("Randomize..."), action_box)
        self.randomize_button.setObjectName("randomize")
        self.randomize_button.clicked.connect(self.randomize)
        action_layout.addWidget(self.signature_label)
        action_layout.addWidget(self.sign_button, alignment=Qt.AlignmentFlag.AlignLeft)
        action_layout.addWidget(self.randomize_label)
        action_layout.addWidget(self.randomize_button, alignment=Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(action_box)
        return side

    # -- loading -------------------------------------------------------------------------------

    def _context(self) -> dict[str, object]:
        return consent_context(self.detail)

    def _skips(self, values: Mapping[str, object]) -> frozenset[str]:
        if self.detail is None:
            return frozenset()
        return not_applicable_fields(
            "screening", values, protocol=self.store.protocol, context=self._context()
        )

    def _validate(self, values: Mapping[str, object]) -> list[FieldIssue]:
        if self.detail is None:
            return []
        return partial_issues(
            "screening",
            values,
            protocol=self.store.protocol,
            today=self.clock(),
            context=self._context(),
        )

    def load(self, detail: ParticipantDetail) -> None:
        self.detail = detail
        screening_blockers = blocking_reasons(
            "screening",
            ParticipantState(consent_recorded=detail.consent is not None),
            self.store.protocol,
        )
        entry_problem = permission_problem(self.store, Action.ENTER_DATA)
        if screening_blockers:
            self.state = None
            self.form.load({})
            self.block(
                " ".join(
                    [
                        self.tr("Screening cannot be entered yet."),
                        *map(localized, screening_blockers),
                    ]
                )
            )
            return
        self.work.setEnabled(True)
        self.blocked.setText(entry_problem or "")
        self.blocked.setVisible(entry_problem is not None)
        self.form.set_read_only(entry_problem is not None)
        self.save_button.setEnabled(entry_problem is None)
        self.state = screening_state(self.store, detail.ref.id, today=self.clock())
        self.form.load(self.state.values)
        self.refresh_live()

    def block(self, reason: str) -> None:
        """Greys out the form and the actions; the reason stays readable above them."""
        self.blocked.setText(reason)
        self.blocked.setVisible(True)
        self.work.setEnabled(False)
        self.refresh_live()

    # -- live computation ----------------------------------------------------------------------

    def live(self) -> LiveResult | None:
        if self.detail is None or self.detail.consent is None:
            return None
        consent = self.detail.consent
        protocol = self.store.protocol
        cleaned = clean_form(
            "screening",
            self.form.raw_values(),
            protocol=protocol,
            today=self.clock(),
            context=self._context(),
        )
        eligibility = evaluate_eligibility(
            cleaned.values,
            date_of_birth=self.detail.date_of_birth,
            consent_date=date.fromisoformat(str(consent["consent_date"])),
            written_consent=consent["written_consent"] == "Y",
            unanswered=cleaned.missing,
            not_applicable=cleaned.not_applicable,
            randomization_date=self.detail.day0 if self.detail.arm is not None else self.clock(),
            protocol=protocol,
        )
        return LiveResult(
            cleaned.issues, compute_scores(cleaned.values, self.detail.sex, protocol), eligibility
        )

    def refresh_live(self) -> None:
        result = self.live()
        if result is None:
            self.scores_label.setText(
                self.tr("Scores appear once consent is recorded and values are entered.")
            )
            self.verdict_label.setText("")
            self.criteria_label.setText("")
        else:
            self._show_scores(result.scores)
            self._show_verdict(result.eligibility)
        self._show_actions()

    def _show_scores(self, scores: Scores) -> None:
        needs_more = self.tr("needs more values")

        def shown(value: int | None) -> str:
            return (
                f"<b>{value}</b>"
                if value is not None
                else f"<span style='color:#777'>{needs_more}</span>"
            )

        cp = scores.child_pugh
        cp_text = (
            self.tr("<b>{score}</b> (class {cp_class})").format(
                score=cp.score, cp_class=cp.cp_class
            )
            + "<br><span style='color:#555'>"
            + self.tr(
                "points: bilirubin {bilirubin}, albumin {albumin}, INR {inr}, ascites {ascites}, "
                "encephalopathy {encephalopathy}"
            ).format(
                bilirubin=cp.bilirubin_points,
                albumin=cp.albumin_points,
                inr=cp.inr_points,
                ascites=cp.ascites_points,
                encephalopathy=cp.encephalopathy_points,
            )
            + "</span>"
            if cp is not None
            else shown(None)
        )
        self.scores_label.setText(
            "<table cellspacing='4'>"
            f"<tr><td>Child-Pugh</td><td>{cp_text}</td></tr>"
            f"<tr><td>MELD</td><td>{shown(scores.meld)}</td></tr>"
            f"<tr><td>MELD-Na</td><td>{shown(scores.meld_na)}</td></tr>"
            f"<tr><td>MELD 3.0</td><td>{shown(scores.meld_3)}</td></tr></table>"
        )

    def _show_verdict(self, eligibility: EligibilityResult) -> None:
        text, colour = _VERDICT_TEXT[eligibility.verdict]
        text = translate("ScreeningPanel", text)
        unsaved = " " + self.tr("(not saved yet)") if self.form.is_dirty() else ""
        self.verdict_label.setText(
            f"<span style='font-size:15pt; color:{colour}'><b>{text}</b></span>{unsaved}"
        )
        lines = []
        for title, outcomes in (
            (self.tr("Not met:"), eligibility.unmet),
            (self.tr("Missing answers:"), eligibility.missing),
        ):
            if outcomes:
                lines.append(f"<b>{title}</b><ul style='margin-left:-20px'>")
                lines.extend(f"<li>{_outcome_text(o)}</li>" for o in outcomes)
                lines.append("</ul>")
        if eligibility.unanswered:
            lines.append(
                "<b>{title}</b> {fields}<br>".format(
                    title=self.tr("Required fields not answered:"),
                    fields=", ".join(
                        label.get(current_language()) for label in eligibility.unanswered
                    ),
                )
            )
        met = [o for o in eligibility.outcomes if o.status == "satisfied"]
        if met:
            met_title = self.tr("Met:")
            lines.append(
                f"<b>{met_title}</b> "
                + ", ".join(f"{_MARKS['satisfied']} {o.criterion.code}" for o in met)
            )
        self.criteria_label.setText("".join(lines))

    def _show_actions(self) -> None:
        state = self.state
        dirty = self.form.is_dirty()
        if state is None:
            self.signature_label.setText("")
            self.randomize_label.setText("")
            self.sign_button.setEnabled(False)
            self.randomize_button.setEnabled(False)
            return
        signature = state.signature
        if signature is not None:
            self.signature_label.setText(
                self.tr("Signed by {name} ({role}) on {when} UTC: “{meaning}”.").format(
                    name=signature.printed_name,
                    role=role_label(signature.role),
                    when=f"{signature.signed_at:%Y-%m-%d %H:%M}",
                    meaning=translate("Meanings", signature.meaning),
                )
            )
        else:
            self.signature_label.setText(self.tr("Eligibility is not signed by an investigator."))
        sign_problem = self._sign_problem(state, dirty)
        self.sign_button.setEnabled(sign_problem is None)
        self.sign_button.setToolTip(sign_problem or "")
        if sign_problem and signature is None:
            self.signature_label.setText(self.signature_label.text() + " " + sign_problem)
        if state.status.value == "randomized":
            self.randomize_button.setEnabled(False)
            self.randomize_label.setText(
                self.tr("Randomized: arm <b>{arm}</b>.").format(
                    arm=arm_label(self.store.protocol, self.detail.arm) if self.detail else ""
                )
            )
            return
        problem = self._randomize_problem(state, dirty)
        self.randomize_button.setEnabled(problem is None)
        self.randomize_label.setText(problem or self.tr("Ready to randomize."))

    def _sign_problem(self, state: ScreeningState, dirty: bool) -> str | None:
        if state.signature is not None:
            return self.tr("Already signed.")
        permission = permission_problem(self.store, Action.SIGN_ELIGIBILITY)
        if permission:
            return permission
        if dirty:
            return self.tr("Save the screening before signing.")
        reasons = blocking_reasons(
            "sign_eligibility",
            ParticipantState(consent_recorded=True, eligibility=state.eligibility.verdict),
            self.store.protocol,
        )
        return localized(reasons[0]) if reasons else None

    def _randomize_problem(self, state: ScreeningState, dirty: bool) -> str | None:
        permission = permission_problem(self.store, Action.RANDOMIZE)
        if permission:
            return permission
        if dirty:
            return self.tr("Save the screening before randomizing.")
        if not state.can_randomize:
            return (
                localized(state.randomize_blocked_because)
                if state.randomize_blocked_because
                else None
            )
        cp = state.eligibility.child_pugh
        assert cp is not None  # eligible implies a Child-Pugh score
        stratum = stratum_for_child_pugh(cp.score, self.store.protocol)
        remaining = {s.stratum: s.remaining for s in stock(self.store)}
        if remaining.get(stratum, 0) <= 0:
            return self.tr(
                "No allocation list with free entries is loaded for stratum {stratum}; "
                "load the centre's signed list (File > Load allocation list)."
            ).format(stratum=stratum)
        return None

    # -- actions -------------------------------------------------------------------------------

    def reason_needed(self) -> bool:
        state = self.state
        return bool(self.form.changed_saved_fields()) or (
            state is not None
            and (state.signature is not None or state.status.value == "randomized")
        )

    def save(self) -> bool:
        assert self.detail is not None
        reason: str | None = None
        if self.form.is_dirty() and self.reason_needed():
            voids_signature = self.state is not None and self.state.signature is not None
            what = (
                self.tr("screening values; the investigator's signature will be voided")
                if voids_signature
                else self.tr("screening values")
            )
            reason = ask_reason(self, what)
            if reason is None:
                return False
        participant_id = self.detail.ref.id
        values = self.form.filled_values()
        state = save_form(
            self,
            self.form,
            lambda confirmed: save_screening(
                self.store,
                participant_id,
                values,
                today=self.clock(),
                reason=reason,
                confirm_warnings=confirmed,
            ),
        )
        if state is None:
            return False
        self.state = state
        self.form.load(state.values)
        self.refresh_live()
        self.saved.emit()
        return True

    def sign(self) -> None:
        assert self.detail is not None
        participant_id = self.detail.ref.id
        dialog = SignatureDialog(
            meaning=translate("Meanings", Meaning.ELIGIBILITY.value),
            signer=f"{self.store.user.full_name} ({role_label(self.store.user.role)})",
            record=self.tr("screening of {subject}").format(subject=self.detail.ref.subject_id),
            sign=lambda password: sign_eligibility(self.store, participant_id, password),
            parent=self,
        )
        if dialog.exec():
            self.state = screening_state(self.store, participant_id, today=self.clock())
            self.refresh_live()
            self.saved.emit()

    def randomize(self) -> None:
        assert self.detail is not None
        subject = self.detail.ref.subject_id
        if not confirm(
            self,
            self.tr("Randomize"),
            self.tr(
                "Randomize {subject} now?\n\nThe arm is revealed from the site's allocation list "
                "and cannot be changed or undone."
            ).format(subject=subject),
            yes=self.tr("Randomize"),
        ):
            return
        try:
            arm = randomize(self.store, self.detail.ref.id, today=self.clock())
        except MscError as error:
            show_error(self, error, self.tr("Not randomized"))
            return
        QMessageBox.information(
            self,
            self.tr("Randomized"),
            self.tr("{subject} is allocated to:\n\n{arm_label}").format(
                subject=subject, arm_label=arm_label(self.store.protocol, arm)
            ),
        )
        self.saved.emit()
