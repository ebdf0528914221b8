"""One participant: registration, consent and screening tabs under a header with the status.

A new participant starts on the registration form; once registered, consent, then screening.
Forms that the order of events does not allow yet stay disabled and say why (the sentences come
from `msc_desktop.domain.events`). Leaving with unsaved entries asks first. Saved registration and
consent data are shown read-only; "Edit" opens them for a correction, saved with a reason
(`msc_desktop.store.services.corrections`).

It stays one module over 400 lines: the page is the one place that knows every tab of a
participant, and saving, Enter, leaving, queries and source verification each reach into all.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Protocol

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from msc_desktop.domain.field_values import FieldIssue
from msc_desktop.domain.forms import clean_form
from msc_desktop.domain.queries import SdvScope
from msc_desktop.errors import MscError
from msc_desktop.gui.i18n import QT_TRANSLATE_NOOP, format_date, translate
from msc_desktop.gui.participant.follow_up import FollowUpTabs
from msc_desktop.gui.participant.lists import STATUS_TEXTS
from msc_desktop.gui.participant.queries import QueriesDialog
from msc_desktop.gui.participant.screening import ScreeningPanel, arm_label
from msc_desktop.gui.participant.shared import BANNER_STYLE
from msc_desktop.gui.participant.simple_form import SimpleFormTab
from msc_desktop.gui.widgets.dialogs import ask_reason, permission_problem, show_error
from msc_desktop.gui.widgets.field_editor import code_label
from msc_desktop.gui.widgets.form_engine import FieldGroup, FormView
from msc_desktop.gui.widgets.saving import save_form
from msc_desktop.store.audit_values import catalogue_of
from msc_desktop.store.roles import Action
from msc_desktop.store.services.corrections import update_consent, update_registration
from msc_desktop.store.services.form_values import clinic_now
from msc_desktop.store.services.participants import (
    ParticipantDetail,
    Status,
    participant_detail,
    record_consent,
    register_participant,
)
from msc_desktop.store.services.queries import QueryView, list_queries
from msc_desktop.store.services.sdv import mark_verified as mark_source_verified
from msc_desktop.store.services.sdv import verified_items, visit_place
from msc_desktop.store.site import SiteStore

#: The forms named in the unsaved-changes question.
FORM_NAMES = {
    "registration": QT_TRANSLATE_NOOP("ParticipantPage", "registration"),
    "consent": QT_TRANSLATE_NOOP("ParticipantPage", "consent"),
    "screening": QT_TRANSLATE_NOOP("ParticipantPage", "screening"),
    "visit": QT_TRANSLATE_NOOP("ParticipantPage", "visit"),
}


def status_text(status: Status) -> str:
    """A participant's status in the interface language."""
    return translate("Status", STATUS_TEXTS[status])


class _Correction(Protocol):
    """`update_registration` and `update_consent` (msc_desktop.store.services.corrections)."""

    def __call__(
        self,
        store: SiteStore,
        participant_id: str,
        values: Mapping[str, object],
        *,
        today: date,
        reason: str,
        confirm_warnings: bool = False,
    ) -> None: ...


class ParticipantPage(QWidget):
    """Emits `data_changed` after every save (the lists refresh) and `back_requested`."""

    data_changed = Signal()
    back_requested = Signal()

    def __init__(
        self, store: SiteStore, *, clock: Callable[[], date], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.clock = clock
        self.detail: ParticipantDetail | None = None
        layout = QVBoxLayout(self)
        header = QHBoxLayout()
        self.back_button = QPushButton(self.tr("\u2190 Participant list"), self)
        self.back_button.setObjectName("back_to_list")
        self.back_button.clicked.connect(self.back_requested)
        self.title = QLabel(self)
        self.title.setObjectName("participant_title")
        header.addWidget(self.back_button)
        header.addWidget(self.title, 1)
        self.queries_button = QPushButton(self)
        self.queries_button.setObjectName("participant_queries")
        self.queries_button.clicked.connect(self.show_queries)
        header.addWidget(self.queries_button)
        self.verify_button = QPushButton(self.tr("Mark &verified..."), self)
        self.verify_button.setObjectName("mark_verified")
        self.verify_button.setToolTip(
            self.tr(
                "Mark an item, the form on screen or its whole visit verified against the "
                "source documents"
            )
        )
        self.verify_button.setVisible(permission_problem(store, Action.VERIFY_SOURCE) is None)
        self.verify_button.clicked.connect(self.mark_verified)
        header.addWidget(self.verify_button)
        layout.addLayout(header)
        self.tabs = QTabWidget(self)
        registration_groups = [
            FieldGroup(
                self.tr("Study identifiers"),
                ("screening_number", "initials", "sex", "date_of_birth", "registration_date"),
            ),
            FieldGroup(
                self.tr("For this site only (never exported)"), ("full_name", "phone", "address")
            ),
        ]
        self.registration = SimpleFormTab(
            store.protocol.form("registration"),
            self._validate_registration,
            groups=registration_groups,
            save_text=self.tr("Register"),
            parent=self,
        )
        self.registration.save_button.clicked.connect(self.save_registration)
        self.consent = SimpleFormTab(
            store.protocol.form("consent"),
            self._validate_consent,
            groups=None,
            save_text=self.tr("Record consent"),
            parent=self,
        )
        self.consent.save_button.clicked.connect(self.save_consent)
        self.screening = ScreeningPanel(store, clock=clock, parent=self)
        self.screening.saved.connect(self._screening_saved)
        self.tabs.addTab(self.registration, self.tr("1 Registration"))
        self.tabs.addTab(self.consent, self.tr("2 Consent"))
        self.tabs.addTab(self.screening, self.tr("3 Screening and eligibility"))
        self.follow_up = FollowUpTabs(store, self.tabs, clock=clock, parent=self)
        self.follow_up.saved.connect(self._follow_up_saved)
        layout.addWidget(self.tabs, 1)

    # -- validators (the domain's, with what other forms already recorded) --------------------

    def _validate_registration(self, values: Mapping[str, object]) -> list[FieldIssue]:
        return list(
            clean_form(
                "registration", values, protocol=self.store.protocol, today=self.clock()
            ).issues
        )

    def _validate_consent(self, values: Mapping[str, object]) -> list[FieldIssue]:
        context: dict[str, object] = {}
        if self.detail is not None:
            context["registration.date_of_birth"] = self.detail.date_of_birth
        return list(
            clean_form(
                "consent",
                values,
                protocol=self.store.protocol,
                today=self.clock(),
                now=clinic_now(self.clock()),
                context=context,
            ).issues
        )

    # -- showing a participant -----------------------------------------------------------------

    def start_registration(self) -> None:
        self.detail = None
        self.title.setText(self.tr("<b>New participant</b>"))
        self.registration.form.load({"registration_date": self.clock().isoformat()})
        entry_problem = permission_problem(self.store, Action.ENTER_DATA)
        self.registration.set_blocked(entry_problem, read_only=entry_problem is not None)
        self.consent.form.load({})
        self.consent.set_blocked(self.tr("Register the participant first."), read_only=False)
        self.screening.detail = None
        self.screening.state = None
        self.screening.form.load({})
        self.screening.block(self.tr("Register the participant and record consent first."))
        self.follow_up.clear()
        self.tabs.setCurrentWidget(self.registration)
        self.registration.form.editors["screening_number"].focus_widget.setFocus()

    def open(self, participant_id: str) -> None:
        try:
            detail = participant_detail(self.store, participant_id)
        except MscError as error:
            show_error(self, error, self.tr("Cannot open the participant"))
            return
        self.detail = detail
        self._show_title(detail)
        entry_problem = permission_problem(self.store, Action.ENTER_DATA)
        self.registration.show_saved(detail.registration, entry_problem)
        if detail.consent is None:
            self.consent.form.load({"consent_date": self.clock().isoformat()})
            self.consent.set_blocked(entry_problem, read_only=entry_problem is not None)
        else:
            self.consent.show_saved(detail.consent, entry_problem)
        self.screening.load(detail)
        self.follow_up.load(detail)
        self.tabs.setCurrentWidget(self.consent if detail.consent is None else self.screening)
        if detail.arm is not None:
            self.tabs.setCurrentWidget(self.follow_up.visits)
        self.show_review_state()
        form = self._tab_form(self.tabs.currentWidget())
        if form is not None:
            form.focus_first_entry()

    # -- queries and source verification ---------------------------------------------------------

    def _forms_at(self) -> list[tuple[FormView, str, str | None]]:
        """(form view, form id, visit code shown) of each form on this page."""
        return [
            (self.registration.form, "registration", "SCR"),
            (self.consent.form, "consent", "SCR"),
            (self.screening.form, "screening", "SCR"),
            (self.follow_up.visits.form, "visit", self.follow_up.visits.editing),
        ]

    def show_review_state(self) -> None:
        """The participant's open queries on the header button, and the ticks of verified fields."""
        if self.detail is None:
            return
        views = list_queries(self.store, participant_id=self.detail.ref.id)
        waiting = sum(view.state == "open" for view in views)
        self.queries_button.setText(
            self.tr("Queries: {open} open of {count}").format(open=waiting, count=len(views))
        )
        self.queries_button.setStyleSheet(BANNER_STYLE if waiting else "")
        self.queries_button.setEnabled(bool(views))
        verified = verified_items(self.store, self.detail.ref.id)
        catalogue = catalogue_of(self.store.protocol)
        for form, form_id, code in self._forms_at():
            event = self._event_oid(code)
            marks = {}
            for name in form.editors:
                try:
                    item = catalogue.field_item(form_id, name)
                except MscError:
                    continue
                found = verified.get((event, item.oid))
                if found is not None:
                    marks[name] = f"{found.at[:16].replace('T', ' ')} UTC, {found.by}"
            form.show_verified(marks)

    def _event_oid(self, code: str | None) -> str:
        events = [
            event for event in catalogue_of(self.store.protocol).events if event.visit_code == code
        ]
        return events[0].oid if events else ""

    def show_queries(self) -> None:
        if self.detail is None:
            return
        dialog = QueriesDialog(
            self.store, clock=self.clock, participant_id=self.detail.ref.id, parent=self
        )
        dialog.open_item.connect(self.show_query_item)
        dialog.answered.connect(self._query_answered)
        dialog.exec()

    def _query_answered(self) -> None:
        self.data_changed.emit()
        if self.detail is not None:
            current = self.tabs.currentWidget()
            self.open(self.detail.ref.id)
            self.tabs.setCurrentWidget(current)

    def show_query_item(self, view: QueryView) -> bool:
        """Shows the queried item highlighted in its form (the participant must be open)."""
        tabs: dict[str, QWidget] = {
            "registration": self.registration,
            "consent": self.consent,
            "screening": self.screening,
            "visit": self.follow_up.visits,
            "adverse_event": self.follow_up.adverse_events,
            "infusion": self.follow_up.infusions,
        }
        tab = tabs.get(view.form_id or "")
        if tab is None:
            return False
        self.tabs.setCurrentWidget(tab)
        if view.form_id == "visit":
            self.follow_up.visits.open_visit(view.visit_code)
        if view.form_id in ("adverse_event", "infusion"):
            form = self._dialog_form(view)
            return form is not None and view.field is not None and form.highlight(view.field)
        forms = {form_id: form for form, form_id, _code in self._forms_at()}
        form = forms.get(view.form_id or "")
        return form is not None and view.field is not None and form.highlight(view.field)

    def _dialog_form(self, view: QueryView) -> FormView | None:
        """Opens the dialog that holds an AE's or an infusion's form for the queried item (the AE
        numbered by the item's repeat key, the infusion of the query's visit) and returns the form
        with the item; None when there is none to open (e.g. a read-only role)."""
        if view.form_id == "adverse_event":
            events = self.follow_up.adverse_events
            repeat_key = view.query.address.repeat_key
            if not repeat_key.isdigit():
                return None
            events.select_ae(int(repeat_key))
            dialog = events.edit_selected()
            return dialog.form if dialog is not None else None
        if view.visit_code is None or self.follow_up.infusions.blocked_reason() is not None:
            return None
        infusion = self.follow_up.infusions.open_dialog(view.visit_code)
        return infusion.plan_form if view.field in infusion.plan_form.editors else infusion.log_form

    def mark_verified(self) -> None:
        """A monitor marks one item of the form on screen, the form, or its whole visit verified
        against source."""
        if self.detail is None:
            return
        current = self.tabs.currentWidget()
        at = next(
            (
                (form, form_id, code)
                for form, form_id, code in self._forms_at()
                if current.isAncestorOf(form) and code is not None
            ),
            None,
        )
        if at is None:
            QMessageBox.information(
                self,
                self.tr("Mark verified"),
                self.tr("Open a form (registration, consent, screening or a visit) first."),
            )
            return
        form, form_id, code = at
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Mark verified"),
            self.tr("Mark as verified against the source documents:"),
            parent=self,
        )
        item_button = box.addButton(self.tr("One item..."), QMessageBox.ButtonRole.AcceptRole)
        form_button = box.addButton(self.tr("This form"), QMessageBox.ButtonRole.AcceptRole)
        visit_button = box.addButton(
            self.tr("The whole visit {visit}").format(visit=code), QMessageBox.ButtonRole.AcceptRole
        )
        box.addButton(self.tr("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        clicked = box.clickedButton()
        field = None
        if clicked is item_button:
            names = list(form.filled_values())
            labels = [form.field_label(name) for name in names]
            label, chosen = QInputDialog.getItem(
                self, self.tr("Mark verified"), self.tr("The item verified:"), labels, 0, False
            )
            if not chosen or label not in labels:
                return
            field = names[labels.index(label)]
        elif clicked not in (form_button, visit_button):
            return
        scope: SdvScope = (
            "item" if field is not None else "form" if clicked is form_button else "visit"
        )
        try:
            place = visit_place(
                self.store, self.detail.ref.id, code, None if scope == "visit" else form_id, field
            )
            mark_source_verified(self.store, self.detail.ref.id, place, scope)
        except MscError as error:
            show_error(self, error)
            return
        self.show_review_state()

    def _tab_save_buttons(self) -> dict[QWidget, QPushButton]:
        return {
            self.registration: self.registration.save_button,
            self.consent: self.consent.save_button,
            self.screening: self.screening.save_button,
            self.follow_up.visits: self.follow_up.visits.save_button,
        }

    def _tab_form(self, tab: QWidget) -> FormView | None:
        forms: dict[QWidget, FormView] = {
            self.registration: self.registration.form,
            self.consent: self.consent.form,
            self.screening: self.screening.form,
            self.follow_up.visits: self.follow_up.visits.form,
        }
        return forms.get(tab)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter presses the focused button; in a form's field it presses the form's save button."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            focused = self.focusWidget()
            form = self._tab_form(self.tabs.currentWidget())
            if isinstance(focused, QPushButton):
                if focused.isEnabled():
                    focused.click()
                return
            if form is not None and focused is not None and form.isAncestorOf(focused):
                self.save_current()
                return
        super().keyPressEvent(event)

    def save_current(self) -> None:
        """Ctrl+S: presses the save button of the tab on screen, when it is there to press."""
        tab = self.tabs.currentWidget()
        button = self._tab_save_buttons().get(tab)
        if button is not None and button.isVisibleTo(tab) and button.isEnabled():
            button.click()

    def save_and_next(self) -> None:
        """Ctrl+Shift+S: saves the form on screen and, once it is saved, opens the next form to fill
        in. A saved registration leads to consent and consent to screening as a plain save does; a
        saved visit leads to its MSC infusion or the next visit still to record; screening of a
        randomized participant leads to the visits. A refused save keeps the form with its
        errors."""
        tab = self.tabs.currentWidget()
        if tab is self.follow_up.visits:
            if self.follow_up.visits.save_next_button.isEnabled():
                self.follow_up.save_and_next()
            return
        if (
            tab is self.screening
            and self.screening.save_button.isVisibleTo(tab)
            and self.screening.save_button.isEnabled()
        ):
            if self.screening.save() and self.detail is not None and self.detail.arm is not None:
                self.tabs.setCurrentWidget(self.follow_up.visits)
                self.follow_up.visits.form.focus_first_entry()
            return
        self.save_current()

    def _show_title(self, detail: ParticipantDetail) -> None:
        values = {
            "subject": detail.ref.subject_id,
            "number": detail.ref.screening_number,
            "initials": detail.registration["initials"],
            "sex": code_label(self.store.protocol, "registration", "sex", detail.sex),
            "born": format_date(detail.date_of_birth),
            "status": status_text(detail.status),
        }
        if detail.arm:
            self.title.setText(
                self.tr(
                    "<span style='font-size:13pt'><b>{subject}</b></span> &nbsp; screening no. "
                    "{number} &nbsp; {initials} &nbsp; {sex}, born {born} &nbsp; status: "
                    "<b>{status}</b>, arm <b>{arm}</b>"
                ).format(arm=arm_label(self.store.protocol, detail.arm), **values)
            )
        else:
            self.title.setText(
                self.tr(
                    "<span style='font-size:13pt'><b>{subject}</b></span> &nbsp; screening no. "
                    "{number} &nbsp; {initials} &nbsp; {sex}, born {born} &nbsp; status: "
                    "<b>{status}</b>"
                ).format(**values)
            )

    # -- saving ----------------------------------------------------------------------------------

    def save_registration(self) -> None:
        if self.detail is not None:
            self._save_correction(
                self.registration, self.tr("registration data"), update_registration
            )
            return
        values = self.registration.form.raw_values()
        ref = save_form(
            self,
            self.registration.form,
            lambda confirmed: register_participant(
                self.store, values, today=self.clock(), confirm_warnings=confirmed
            ),
        )
        if ref is None:
            return
        self.registration.form.mark_saved()
        self.data_changed.emit()
        self.open(ref.id)
        QMessageBox.information(
            self,
            self.tr("Registered"),
            self.tr("Registered as subject {subject}. Record the consent next.").format(
                subject=ref.subject_id
            ),
        )
        self.consent.form.editors["consent_date"].focus_widget.setFocus()

    def save_consent(self) -> None:
        assert self.detail is not None
        if self.detail.consent is not None:
            self._save_correction(self.consent, self.tr("consent data"), update_consent)
            return
        participant_id = self.detail.ref.id
        values = self.consent.form.raw_values()

        def record(confirmed: bool) -> bool:
            record_consent(
                self.store, participant_id, values, today=self.clock(), confirm_warnings=confirmed
            )
            return True

        saved = save_form(self, self.consent.form, record)
        if saved is None:
            return
        self.consent.form.mark_saved()
        self.data_changed.emit()
        self.open(participant_id)

    def _save_correction(self, tab: SimpleFormTab, what: str, correct: _Correction) -> None:
        """Asks the reason, then the correction service; a voided eligibility signature is
        announced."""
        assert self.detail is not None
        if not tab.form.is_dirty():
            tab.cancel_correction()
            return
        signed = self.screening.state is not None and self.screening.state.signature is not None
        if signed:
            what = self.tr(
                "{what}; a changed date of birth or consent date voids the investigator's "
                "eligibility signature"
            ).format(what=what)
        reason = ask_reason(self, what)
        if reason is None:
            return
        participant_id = self.detail.ref.id
        values = tab.form.raw_values()

        def call(confirmed: bool) -> bool:
            correct(
                self.store,
                participant_id,
                values,
                today=self.clock(),
                reason=reason,
                confirm_warnings=confirmed,
            )
            return True

        if save_form(self, tab.form, call) is None:
            return
        tab.form.mark_saved()
        self.data_changed.emit()
        self.open(participant_id)
        self.tabs.setCurrentWidget(tab)
        if signed and self.screening.state is not None and self.screening.state.signature is None:
            assert self.detail is not None
            QMessageBox.information(
                self,
                self.tr("Eligibility signature voided"),
                self.tr(
                    "The correction changed the age at consent, so the investigator's eligibility "
                    "signature was voided; the status is now {status}. The investigator signs "
                    "again once eligibility is confirmed."
                ).format(status=status_text(self.detail.status).lower()),
            )

    def _screening_saved(self) -> None:
        self.data_changed.emit()
        if self.detail is not None:
            screening_tab = self.tabs.currentWidget() is self.screening
            self.open(self.detail.ref.id)
            if screening_tab:
                self.tabs.setCurrentWidget(self.screening)

    def _follow_up_saved(self) -> None:
        self.data_changed.emit()
        if self.detail is not None:
            current = self.tabs.currentWidget()
            self.open(self.detail.ref.id)
            self.tabs.setCurrentWidget(current)

    # -- leaving -------------------------------------------------------------------------------

    def unsaved_forms(self) -> list[str]:
        forms = (
            ("registration", self.registration.form),
            ("consent", self.consent.form),
            ("screening", self.screening.form),
        )
        return [
            name for name, form in forms if form.isEnabled() and form.is_dirty()
        ] + self.follow_up.unsaved_forms()

    def may_leave(self) -> bool:
        """True when nothing is unsaved, or the user chose to discard it."""
        unsaved = self.unsaved_forms()
        if not unsaved:
            return True
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Unsaved changes"),
            self.tr("The {forms} form has changes that are not saved.").format(
                forms=" / ".join(
                    translate("ParticipantPage", FORM_NAMES[name]) if name in FORM_NAMES else name
                    for name in unsaved
                )
            ),
            parent=self,
        )
        keep = box.addButton(self.tr("Keep editing"), QMessageBox.ButtonRole.RejectRole)
        box.addButton(self.tr("Discard changes"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(keep)
        box.exec()
        if box.clickedButton() is keep:
            return False
        for form in (self.registration.form, self.consent.form, self.screening.form):
            form.mark_saved()
        self.follow_up.mark_all_saved()
        return True
