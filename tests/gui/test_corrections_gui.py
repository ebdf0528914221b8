"""Corrections of saved registration and consent data on the participant page: Edit, a reason, the
service."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

pytest.importorskip("PySide6", reason="PySide6 is not installed: the GUI tests need it")
pytest.importorskip("pytestqt", reason="pytest-qt is not installed: the GUI tests need it")

from PySide6.QtWidgets import QMessageBox, QWidget
from sqlalchemy import select

from msc_desktop.gui.participant.page import ParticipantPage
from msc_desktop.gui.widgets.dialogs import ReasonDialog
from msc_desktop.store.models import AuditLog
from msc_desktop.store.services.participants import (
    participant_detail,
    record_consent,
    register_participant,
)
from msc_desktop.store.services.screening import save_screening, screening_state, sign_eligibility
from msc_desktop.store.site import SiteStore
from tests.accounts import INVESTIGATOR
from tests.factories import CONSENT, ELIGIBLE_SCREENING, REGISTRATION, TODAY, randomized_participant
from tests.gui.helpers import ModalAnswers, click_button, fill


def give_reason(choice: str, details: str = "") -> Callable[[QWidget], None]:
    def answer(modal: QWidget) -> None:
        assert isinstance(modal, ReasonDialog)
        modal.reason.setCurrentIndex(modal.reason.findData(choice))
        modal.details.setText(details)
        modal.ok_button.click()

    return answer


def message_box(seen: list[str]) -> Callable[[QWidget], None]:
    def answer(modal: QWidget) -> None:
        assert isinstance(modal, QMessageBox)
        seen.append(f"{modal.windowTitle()}: {modal.text()}")
        modal.button(QMessageBox.StandardButton.Ok).click()

    return answer


def open_page(qtbot: Any, store: SiteStore, participant_id: str) -> ParticipantPage:
    page = ParticipantPage(store, clock=lambda: TODAY)
    qtbot.addWidget(page)
    page.open(participant_id)
    return page


def click_and_wait(qtbot: Any, modals: ModalAnswers, button: Any) -> None:
    button.click()
    qtbot.waitUntil(lambda: not modals.pending)
    modals.check()


def signed_participant(nurse: SiteStore, investigator: SiteStore) -> str:
    pid = register_participant(nurse, REGISTRATION, today=TODAY).id
    record_consent(nurse, pid, CONSENT, today=TODAY)
    save_screening(nurse, pid, ELIGIBLE_SCREENING, today=TODAY)
    sign_eligibility(investigator, pid, INVESTIGATOR[1])
    return pid


def test_saved_registration_is_read_only_until_edit(
    qtbot: Any, nurse_store: SiteStore, modals: ModalAnswers
) -> None:
    pid = register_participant(nurse_store, REGISTRATION, today=TODAY).id
    page = open_page(qtbot, nurse_store, pid)
    tab = page.registration
    phone = tab.form.editors["phone"].focus_widget
    assert tab.edit_button.isVisibleTo(tab) and not tab.save_button.isVisibleTo(tab)
    assert phone.isReadOnly()  # type: ignore[attr-defined]
    assert tab.mode_label.text().startswith("Saved; read-only.")
    tab.edit_button.click()
    assert tab.mode_label.text().startswith("Correcting saved data")
    assert not phone.isReadOnly()  # type: ignore[attr-defined]
    assert tab.save_button.isVisibleTo(tab) and tab.save_button.text() == "Save correction..."
    fill(tab.form, {"phone": "13911112222"})
    modals.expect(click_button("Keep editing"))
    click_and_wait(qtbot, modals, tab.cancel_button)
    assert tab.form.editors["phone"].raw_value() == "13911112222" and not phone.isReadOnly()  # type: ignore[attr-defined]
    modals.expect(click_button("Drop the corrections"))
    click_and_wait(qtbot, modals, tab.cancel_button)
    assert modals.seen[-1] == (
        "Cancel the correction: The corrections typed here are not saved. Drop them and show "
        "the saved data again?"
    )
    assert tab.form.editors["phone"].raw_value() == "13800000000" and phone.isReadOnly()  # type: ignore[attr-defined]
    assert tab.edit_button.isVisibleTo(tab)
    tab.edit_button.click()
    tab.cancel_button.click()  # nothing typed: no question
    assert phone.isReadOnly() and not modals.pending  # type: ignore[attr-defined]


def test_registration_correction_with_a_reason(
    qtbot: Any, nurse_store: SiteStore, modals: ModalAnswers
) -> None:
    pid = register_participant(nurse_store, REGISTRATION, today=TODAY).id
    page = open_page(qtbot, nurse_store, pid)
    tab = page.registration
    tab.edit_button.click()
    fill(tab.form, {"phone": "13911112222", "initials": "WM"})
    modals.expect(give_reason("Transcription error from the source document", "ID card"))
    click_and_wait(qtbot, modals, tab.save_button)
    detail = participant_detail(nurse_store, pid)
    assert detail.registration["phone"] == "13911112222" and detail.registration["initials"] == "WM"
    assert page.tabs.currentWidget() is tab and tab.edit_button.isVisibleTo(tab)
    assert " WM " in page.title.text().replace("&nbsp;", " ")
    with nurse_store.session() as session:
        reasons = set(
            session.scalars(
                select(AuditLog.reason).where(
                    AuditLog.action == "update",
                    AuditLog.record_id == pid,
                    AuditLog.table_name == "participant",
                )
            )
        )
    assert reasons == {"Transcription error from the source document: ID card"}


def test_edit_without_a_reason_is_refused(
    qtbot: Any, nurse_store: SiteStore, modals: ModalAnswers
) -> None:
    pid = register_participant(nurse_store, REGISTRATION, today=TODAY).id
    page = open_page(qtbot, nurse_store, pid)
    tab = page.registration
    tab.edit_button.click()
    fill(tab.form, {"phone": "13911112222"})
    refusals: list[str] = []

    def no_reason_then_cancel(modal: QWidget) -> None:
        assert isinstance(modal, ReasonDialog)
        modal.ok_button.click()
        refusals.append(modal.message.text())
        modal.reason.setCurrentIndex(modal.reason.findData("Other"))
        modal.ok_button.click()
        refusals.append(modal.message.text())
        modal.reject()

    modals.expect(no_reason_then_cancel)
    click_and_wait(qtbot, modals, tab.save_button)
    assert refusals == [
        "Choose a reason for the change.",
        "Describe the reason in Details when you choose Other.",
    ]
    assert participant_detail(nurse_store, pid).registration["phone"] == "13800000000"
    assert tab.save_button.isVisibleTo(tab) and tab.form.is_dirty()
    assert page.unsaved_forms() == ["registration"]


def test_corrected_date_of_birth_voids_the_signature_and_the_page_shows_it(
    qtbot: Any, nurse_store: SiteStore, investigator_store: SiteStore, modals: ModalAnswers
) -> None:
    pid = signed_participant(nurse_store, investigator_store)
    page = open_page(qtbot, nurse_store, pid)
    assert page.screening.signature_label.text().startswith("Signed by Ivan Investigator")
    tab = page.registration
    tab.edit_button.click()
    fill(tab.form, {"date_of_birth": "1955-04-02"})
    seen: list[str] = []
    intro: list[str] = []

    def reason(modal: QWidget) -> None:
        assert isinstance(modal, ReasonDialog)
        intro.append(modal.intro.text())
        give_reason("Data entry error")(modal)

    modals.expect(reason, message_box(seen))
    click_and_wait(qtbot, modals, tab.save_button)
    assert "voids the investigator's eligibility signature" in intro[0]
    state = screening_state(nurse_store, pid)
    assert state.signature is None and state.eligibility.verdict == "not_eligible"
    assert seen == [
        (
            "Eligibility signature voided: The correction changed the age at consent, so the "
            "investigator's "
            f"eligibility signature was voided; the status is now {state.status.label.lower()}. "
            "The investigator signs again once eligibility is confirmed."
        )
    ]
    assert page.screening.signature_label.text().startswith(
        "Eligibility is not signed by an investigator."
    )
    assert f"status: <b>{state.status.label}</b>" in page.title.text()
    assert "born 2 Apr 1955" in page.title.text(), (
        "the date of birth is shown in the English locale's format"
    )


def test_consent_correction_and_service_refusal(
    qtbot: Any, nurse_store: SiteStore, modals: ModalAnswers
) -> None:
    pid = register_participant(nurse_store, REGISTRATION, today=TODAY).id
    record_consent(nurse_store, pid, CONSENT, today=TODAY)
    page = open_page(qtbot, nurse_store, pid)
    tab = page.consent
    tab.edit_button.click()
    fill(tab.form, {"written_consent": "N"})
    seen: list[str] = []
    modals.expect(give_reason("Data entry error"), message_box(seen))
    click_and_wait(qtbot, modals, tab.save_button)
    assert len(seen) == 1 and "withdrawal of consent" in seen[0]
    assert participant_detail(nurse_store, pid).consent["written_consent"] == "Y"  # type: ignore[index]
    fill(tab.form, {"written_consent": "Y", "consent_version": "2.2"})
    modals.expect(give_reason("Transcription error from the source document"))
    click_and_wait(qtbot, modals, tab.save_button)
    assert participant_detail(nurse_store, pid).consent["consent_version"] == "2.2"  # type: ignore[index]
    assert tab.edit_button.isVisibleTo(tab) and not tab.save_button.isVisibleTo(tab)


def test_randomized_date_of_birth_correction_is_refused(
    qtbot: Any,
    nurse_store: SiteStore,
    investigator_store: SiteStore,
    site: SiteStore,
    modals: ModalAnswers,
) -> None:
    pid = randomized_participant(nurse_store, investigator_store, site, arm="MSC")
    page = open_page(qtbot, nurse_store, pid)
    tab = page.registration
    tab.edit_button.click()
    fill(tab.form, {"date_of_birth": "1971-04-02"})
    seen: list[str] = []
    modals.expect(give_reason("Data entry error"), message_box(seen))
    click_and_wait(qtbot, modals, tab.save_button)
    assert seen == [
        (
            "Not saved: The date of birth of a randomized participant is corrected through "
            "the coordinating "
            "centre's query process."
        )
    ]
    assert participant_detail(nurse_store, pid).date_of_birth == date(1970, 4, 2)


def test_a_monitor_gets_no_edit_button(
    qtbot: Any, site: SiteStore, nurse_store: SiteStore, data_dir: Any
) -> None:
    from tests.accounts import MONITOR

    pid = register_participant(nurse_store, REGISTRATION, today=TODAY).id
    monitor = SiteStore.unlock(data_dir, MONITOR[0], MONITOR[1])
    try:
        page = open_page(qtbot, monitor, pid)
        tab = page.registration
        assert not tab.edit_button.isVisibleTo(tab) and not tab.save_button.isVisibleTo(tab)
        assert tab.mode_label.text() == ""
        assert tab.form.editors["phone"].focus_widget.isReadOnly()  # type: ignore[attr-defined]
    finally:
        monitor.close()
