"""The whole path through the widgets: first run, set-up, unlock, register, consent, screening,
investigator signature, randomization; then the same inputs through the services alone must give
the same participant (the GUI holds no rule of its own)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

pytest.importorskip(
    "PySide6", reason="PySide6 is not installed: the GUI tests need it (pip install -e '.[gui]')"
)
pytest.importorskip(
    "pytestqt",
    reason="pytest-qt is not installed: the GUI tests need it (pip install -e '.[test]')",
)

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from msc_desktop.gui.controller import AppController
from msc_desktop.gui.main_window import MainWindow
from msc_desktop.gui.widgets.dialogs import SignatureDialog
from msc_desktop.store.services.participants import (
    participant_detail,
    record_consent,
    register_participant,
)
from msc_desktop.store.services.randomization import randomize
from msc_desktop.store.services.screening import save_screening, screening_state, sign_eligibility
from msc_desktop.store.site import SiteStore
from msc_desktop.store.users import create_user
from tests.accounts import ADMIN, INVESTIGATOR, NURSE
from tests.factories import CONSENT, ELIGIBLE_SCREENING, REGISTRATION
from tests.gui.helpers import ModalAnswers, click_button, fill, load_allocation_lists, ok


def sign_with(password: str) -> Callable[[QWidget], None]:
    def answer(modal: QWidget) -> None:
        assert isinstance(modal, SignatureDialog)
        assert (
            "I confirm this participant's eligibility"
            in modal.findChild(QWidget, "signature_meaning").text()
        )  # type: ignore[union-attr]
        modal.password.setText(password)
        modal.sign_button.click()

    return answer


def wrong_password_then_cancel(modal: QWidget) -> None:
    assert isinstance(modal, SignatureDialog)
    modal.password.setText("not-my-password-1")
    modal.sign_button.click()
    assert modal.isVisible() and modal.message.text() == "Wrong user name or password."
    modal.reject()


def unlock_as(qtbot, controller: AppController, who: tuple[str, str, str]) -> MainWindow:  # type: ignore[no-untyped-def]
    screen = controller.unlock
    assert screen is not None
    qtbot.keyClicks(screen.user, who[0])
    qtbot.keyClicks(screen.password, who[1])
    qtbot.mouseClick(screen.button, Qt.MouseButton.LeftButton)
    window = controller.main_window
    assert window is not None, screen.message.text()
    return window  # not given to qtbot: signing out closes and deletes it


def test_first_run_to_randomized_participant(
    qtbot, modals: ModalAnswers, tmp_path: Path, clock
) -> None:  # type: ignore[no-untyped-def]
    data_dir = tmp_path / "site"
    controller = AppController(data_dir, clock=clock)
    controller.start()

    # First run: the wizard creates the site and shows the recovery key once.
    wizard = controller.setup
    assert wizard is not None  # not given to qtbot: Finish closes and deletes it
    qtbot.keyClicks(wizard.site_id, "01")
    qtbot.keyClicks(wizard.site_name, "Test Hospital")
    qtbot.keyClicks(wizard.admin_user, ADMIN[0])
    qtbot.keyClicks(wizard.admin_name, ADMIN[2])
    qtbot.keyClicks(wizard.password, "password1234")
    assert wizard.password_rules.text().startswith("The password is too easy to guess")
    wizard.password.clear()
    qtbot.keyClicks(wizard.password, ADMIN[1])
    qtbot.keyClicks(wizard.password_again, ADMIN[1])
    assert wizard.password_rules.text() == "The password meets the rules."
    qtbot.mouseClick(wizard.create_button, Qt.MouseButton.LeftButton)
    key = wizard.key_label.text()
    assert re.fullmatch(r"[0-9A-Z]{5}(-[0-9A-Z]{5})+", key), key
    key_file = tmp_path / "recovery.txt"
    wizard.write_key(key_file)
    assert key in key_file.read_text(encoding="utf-8")
    assert not wizard.key_done_button.isEnabled()
    wizard.kept_safe.setChecked(True)
    qtbot.mouseClick(wizard.key_done_button, Qt.MouseButton.LeftButton)
    assert wizard.key_label.text() == "" and controller.main_window is None
    assert wizard.centre_panel is not None and not wizard.finish_button.isEnabled()
    qtbot.mouseClick(wizard.skip_button, Qt.MouseButton.LeftButton)  # connected later, in Tools
    admin_window = controller.main_window
    assert admin_window is not None and wizard.key_label.text() == ""
    assert "Ada Admin (admin), Site administrator" in admin_window.user_label.text()

    # Staff accounts and the centre's lists (user administration is not part of this screen).
    admin = admin_window.store
    create_user(admin, NURSE[0], NURSE[2], "nurse", NURSE[1])
    create_user(admin, INVESTIGATOR[0], INVESTIGATOR[2], "investigator", INVESTIGATOR[1])
    load_allocation_lists(admin)
    admin_window.menu_actions["sign_out"].trigger()
    admin.close()

    # The nurse registers, records consent and enters the screening.
    window = unlock_as(qtbot, controller, NURSE)
    assert "Nora Nurse (nurse), Research nurse" in window.user_label.text()
    qtbot.mouseClick(window.list_page.register_button, Qt.MouseButton.LeftButton)
    page = window.participant_page
    fill(page.registration.form, REGISTRATION)
    modals.expect(ok())
    qtbot.mouseClick(page.registration.save_button, Qt.MouseButton.LeftButton)
    modals.check()
    assert "Registered as subject 01-0001" in modals.seen[-1]
    assert page.detail is not None and page.detail.ref.subject_id == "01-0001"
    assert page.tabs.currentWidget() is page.consent
    assert not page.screening.work.isEnabled()

    fill(page.consent.form, CONSENT)
    qtbot.mouseClick(page.consent.save_button, Qt.MouseButton.LeftButton)
    assert page.detail.consent is not None
    panel = page.screening
    assert page.tabs.currentWidget() is panel and panel.work.isEnabled()

    fill(panel.form, ELIGIBLE_SCREENING)
    assert "9</b> (class B)" in panel.scores_label.text()
    assert (
        "ELIGIBLE" in panel.verdict_label.text() and "not saved yet" in panel.verdict_label.text()
    )
    assert not panel.randomize_button.isEnabled()
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert panel.state is not None and panel.state.eligibility.verdict == "eligible"
    assert not panel.form.is_dirty()
    assert not panel.sign_button.isEnabled()
    assert "Only an investigator may sign" in panel.signature_label.text()
    assert not panel.randomize_button.isEnabled()
    assert panel.randomize_label.text() == "Only an investigator may randomize a participant."
    window.menu_actions["sign_out"].trigger()
    window.store.close()

    # The investigator finds the participant, signs the eligibility and randomizes.
    window = unlock_as(qtbot, controller, INVESTIGATOR)
    qtbot.keyClicks(window.list_page.filter, "01-0001")
    assert window.list_page.all_model.rowCount() == 1
    qtbot.keyClick(window.list_page.filter, Qt.Key.Key_Return)
    page = window.participant_page
    panel = page.screening
    assert page.tabs.currentWidget() is panel
    assert panel.sign_button.isEnabled()
    modals.expect(wrong_password_then_cancel)
    qtbot.mouseClick(panel.sign_button, Qt.MouseButton.LeftButton)
    modals.check()
    assert panel.state is not None and panel.state.signature is None
    modals.expect(sign_with(INVESTIGATOR[1]))
    qtbot.mouseClick(panel.sign_button, Qt.MouseButton.LeftButton)
    modals.check()
    assert panel.state is not None and panel.state.signature is not None
    assert "Signed by Ivan Investigator" in panel.signature_label.text()
    assert panel.randomize_button.isEnabled(), panel.randomize_label.text()
    modals.expect(click_button("Randomize"), ok())
    qtbot.mouseClick(panel.randomize_button, Qt.MouseButton.LeftButton)
    modals.check()
    arm = page.detail.arm if page.detail else None
    assert arm in ("MSC", "CONTROL")
    assert modals.seen[-1].endswith(
        {"MSC": "MSC + standard care", "CONTROL": "Standard care alone"}[arm]
    )
    assert not panel.randomize_button.isEnabled()
    row = window.list_page.all_model.visible_rows()[0]
    assert (row.subject_id, row.status, row.arm, row.stratum) == ("01-0001", "randomized", arm, "B")

    gui_result = outcome(window.store, page.detail.ref.id if page.detail else "")
    window.close_without_asking = True
    window.close()
    window.store.close()

    # The same inputs through the services alone, on a site with the same allocation lists.
    service_result = services_only(tmp_path / "services-site")
    assert gui_result == service_result


def outcome(store: SiteStore, participant_id: str) -> dict[str, object]:
    detail = participant_detail(store, participant_id)
    state = screening_state(store, participant_id)
    cp = state.scores.child_pugh
    return {
        "subject_id": detail.ref.subject_id,
        "registration": {k: v for k, v in detail.registration.items()},
        "consent": detail.consent,
        "screening_values": state.values,
        "scores": (
            cp.score if cp else None,
            cp.cp_class if cp else None,
            state.scores.meld,
            state.scores.meld_na,
            state.scores.meld_3,
        ),
        "verdict": state.eligibility.verdict,
        "signed_by": state.signature.user_id if state.signature else None,
        "status": state.status.value,
        "arm": detail.arm,
    }


def services_only(data_dir: Path) -> dict[str, object]:
    admin, _key = SiteStore.init(
        data_dir,
        site_id="01",
        site_name="Test Hospital",
        admin_user=ADMIN[0],
        admin_password=ADMIN[1],
        admin_full_name=ADMIN[2],
    )
    create_user(admin, NURSE[0], NURSE[2], "nurse", NURSE[1])
    create_user(admin, INVESTIGATOR[0], INVESTIGATOR[2], "investigator", INVESTIGATOR[1])
    load_allocation_lists(admin)
    admin.close()
    today = date(2026, 11, 20)
    nurse = SiteStore.unlock(data_dir, NURSE[0], NURSE[1])
    investigator = SiteStore.unlock(data_dir, INVESTIGATOR[0], INVESTIGATOR[1])
    try:
        ref = register_participant(nurse, REGISTRATION, today=today)
        record_consent(nurse, ref.id, CONSENT, today=today)
        save_screening(nurse, ref.id, ELIGIBLE_SCREENING, today=today)
        sign_eligibility(investigator, ref.id, INVESTIGATOR[1])
        randomize(investigator, ref.id, today=today)
        return outcome(investigator, ref.id)
    finally:
        nurse.close()
        investigator.close()
