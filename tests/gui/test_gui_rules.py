"""Each bad-input case of issue 4 through the widgets: the GUI shows the rules' verdicts and
refuses what they refuse (wrong password, lock-out, missing consent, out-of-range lab, soft
warnings, unsigned eligibility, a nurse trying to sign, an edit without a reason, unsaved changes,
idle lock, read-only monitor)."""

from __future__ import annotations

import os
import subprocess
import sys
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
from sqlalchemy import select

from msc_desktop.errors import PermissionDenied, RuleViolation
from msc_desktop.gui.actions import build_main_window
from msc_desktop.gui.controller import AppController
from msc_desktop.gui.main_window import MainWindow
from msc_desktop.gui.widgets.dialogs import ReasonDialog
from msc_desktop.store.models import AuditLog
from msc_desktop.store.services.participants import record_consent, register_participant
from msc_desktop.store.services.randomization import randomize, stock
from msc_desktop.store.services.screening import save_screening, screening_state, sign_eligibility
from msc_desktop.store.site import SiteStore
from msc_desktop.sync.packages import MAX_PACKAGE_BYTES
from tests.accounts import INVESTIGATOR, MONITOR, NURSE
from tests.factories import CONSENT, ELIGIBLE_SCREENING, REGISTRATION, TODAY
from tests.gui.helpers import ModalAnswers, click_button, fill, ok


def open_window(qtbot, store: SiteStore, clock: Callable[[], date]) -> MainWindow:  # type: ignore[no-untyped-def]
    window = build_main_window(store, clock=clock)
    qtbot.addWidget(window, before_close_func=lambda w: setattr(w, "close_without_asking", True))
    window.show()
    return window


def consented(store: SiteStore) -> str:
    participant_id = register_participant(store, REGISTRATION, today=TODAY).id
    record_consent(store, participant_id, CONSENT, today=TODAY)
    return participant_id


def screening_of(window: MainWindow, participant_id: str):  # type: ignore[no-untyped-def]
    window.show_participant(participant_id)
    page = window.participant_page
    page.tabs.setCurrentWidget(page.screening)
    return page.screening


# -- unlock ------------------------------------------------------------------------------------


def test_wrong_password_is_generic_and_repeated_failures_lock_the_account(
    qtbot, site: SiteStore, data_dir: Path
) -> None:  # type: ignore[no-untyped-def]
    controller = AppController(data_dir)
    controller.start()
    screen = controller.unlock
    assert screen is not None
    qtbot.addWidget(screen)
    for user in (NURSE[0], "nobody"):
        screen.user.setText(user)
        qtbot.keyClicks(screen.password, "wrong-password-1")
        qtbot.keyClick(screen.password, Qt.Key.Key_Return)
        assert screen.message.text() == "Wrong user name or password."
        assert screen.password.text() == "" and controller.main_window is None
    screen.user.setText(NURSE[0])
    for _attempt in range(4):
        screen.password.setText("wrong-password-1")
        screen.try_unlock()
    assert "locked after repeated failed sign-ins; try again in" in screen.message.text()
    screen.password.setText(NURSE[1])
    screen.try_unlock()
    assert "locked" in screen.message.text() and controller.main_window is None


# -- order of events -----------------------------------------------------------------------------


def test_forms_wait_for_consent_and_say_why(
    qtbot, modals: ModalAnswers, nurse_store: SiteStore, clock
) -> None:  # type: ignore[no-untyped-def]
    participant_id = register_participant(nurse_store, REGISTRATION, today=TODAY).id
    window = open_window(qtbot, nurse_store, clock)
    panel = screening_of(window, participant_id)
    assert not panel.work.isEnabled()
    assert panel.blocked.isVisibleTo(window)
    assert "Record the participant's informed consent first." in panel.blocked.text()

    consent = window.participant_page.consent
    fill(consent.form, {**CONSENT, "written_consent": "N"})
    modals.expect(ok())
    qtbot.mouseClick(consent.save_button, Qt.MouseButton.LeftButton)
    modals.check()
    assert "Without written consent nothing can be recorded" in modals.seen[-1]
    assert (
        window.participant_page.detail is not None
        and window.participant_page.detail.consent is None
    )
    assert not panel.work.isEnabled()


def test_out_of_range_lab_is_shown_at_the_field_and_blocks_saving(
    qtbot, modals: ModalAnswers, nurse_store: SiteStore, clock
) -> None:  # type: ignore[no-untyped-def]
    participant_id = consented(nurse_store)
    window = open_window(qtbot, nurse_store, clock)
    panel = screening_of(window, participant_id)
    bilirubin = panel.form.editors["bilirubin"]
    bilirubin.set_unit("mg/dL")
    bilirubin.set_text_input("80")
    message = panel.form.messages["bilirubin"]
    assert message.isVisibleTo(window)
    assert (
        "Total bilirubin must be between 0.1 and 60 mg/dL; 80 mg/dL was entered." in message.text()
    )
    modals.expect(ok())
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    modals.check()
    assert "Fix 1 entry before saving" in modals.seen[-1] and "Total bilirubin" in modals.seen[-1]
    assert screening_state(nurse_store, participant_id).values == {}

    bilirubin.set_unit("umol/L")  # 80 umol/L is 4.68 mg/dL: a valid value in the other unit
    assert message.text() == ""  # the line stays reserved, empty
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert screening_state(nurse_store, participant_id).values["bilirubin"] == {
        "value": "80",
        "unit": "umol/L",
    }


def test_unusual_value_asks_for_confirmation_and_records_it(
    qtbot, modals: ModalAnswers, nurse_store: SiteStore, clock
) -> None:  # type: ignore[no-untyped-def]
    participant_id = consented(nurse_store)
    window = open_window(qtbot, nurse_store, clock)
    panel = screening_of(window, participant_id)
    fill(panel.form, {"screening_date": "2026-11-19", "weight": "160"})
    assert "is unusual" in panel.form.messages["weight"].text()
    modals.expect(click_button("Go back and check"))
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    modals.check()
    assert screening_state(nurse_store, participant_id).values == {}
    modals.expect(click_button("Save anyway"))
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    modals.check()
    assert screening_state(nurse_store, participant_id).values["weight"] == "160"
    with nurse_store.session() as session:
        events = session.scalars(
            select(AuditLog.new_value).where(AuditLog.field == "weight", AuditLog.action == "event")
        ).all()
    assert any(event and "warning confirmed" in event for event in events)


def test_randomization_waits_for_the_investigator_signature(
    qtbot, lists_loaded: SiteStore, nurse_store: SiteStore, investigator_store: SiteStore, clock
) -> None:  # type: ignore[no-untyped-def]
    participant_id = consented(nurse_store)
    save_screening(nurse_store, participant_id, ELIGIBLE_SCREENING, today=TODAY)
    window = open_window(qtbot, investigator_store, clock)
    panel = screening_of(window, participant_id)
    assert "ELIGIBLE" in panel.verdict_label.text()
    assert not panel.randomize_button.isEnabled()
    assert (
        panel.randomize_label.text()
        == "An investigator must sign the eligibility before randomization."
    )
    with pytest.raises(RuleViolation, match="must sign the eligibility"):
        randomize(investigator_store, participant_id, today=TODAY)
    nurse_panel = screening_of(open_window(qtbot, nurse_store, clock), participant_id)
    assert not nurse_panel.randomize_button.isEnabled()
    assert nurse_panel.randomize_label.text() == "Only an investigator may randomize a participant."


def test_a_nurse_cannot_sign_eligibility(qtbot, nurse_store: SiteStore, clock) -> None:  # type: ignore[no-untyped-def]
    participant_id = consented(nurse_store)
    save_screening(nurse_store, participant_id, ELIGIBLE_SCREENING, today=TODAY)
    window = open_window(qtbot, nurse_store, clock)
    panel = screening_of(window, participant_id)
    assert not panel.sign_button.isEnabled()
    assert "Only an investigator may sign eligibility." in panel.sign_button.toolTip()
    with pytest.raises(PermissionDenied, match="sign eligibility"):
        sign_eligibility(nurse_store, participant_id, NURSE[1])


def choose_reason(
    choice: str | None, details: str, *, expect_refusal: bool = False
) -> Callable[[QWidget], None]:
    def answer(modal: QWidget) -> None:
        assert isinstance(modal, ReasonDialog)
        assert "the investigator's signature will be voided" in modal.intro.text()
        if choice is not None:
            modal.reason.setCurrentIndex(modal.reason.findData(choice))
        modal.details.setText(details)
        modal.ok_button.click()
        if expect_refusal:
            assert modal.isVisible() and modal.message.text() == "Choose a reason for the change."
            modal.reject()

    return answer


def test_changing_signed_screening_needs_a_reason_and_voids_the_signature(  # type: ignore[no-untyped-def]
    qtbot, modals: ModalAnswers, nurse_store: SiteStore, investigator_store: SiteStore, clock
) -> None:
    participant_id = consented(nurse_store)
    save_screening(nurse_store, participant_id, ELIGIBLE_SCREENING, today=TODAY)
    sign_eligibility(investigator_store, participant_id, INVESTIGATOR[1])
    window = open_window(qtbot, nurse_store, clock)
    panel = screening_of(window, participant_id)
    assert panel.state is not None and panel.state.signature is not None
    panel.form.editors["bilirubin"].set_text_input("55")

    modals.expect(choose_reason(None, "", expect_refusal=True))
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    modals.check()
    state = screening_state(nurse_store, participant_id)
    assert (
        state.values["bilirubin"] == {"value": "51.3", "unit": "umol/L"}
        and state.signature is not None
    )

    modals.expect(choose_reason("Laboratory result corrected", "repeat sample"))
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    modals.check()
    state = screening_state(nurse_store, participant_id)
    assert state.values["bilirubin"] == {"value": "55", "unit": "umol/L"}
    assert state.signature is None
    assert "not signed" in panel.signature_label.text()
    with nurse_store.session() as session:
        reasons = session.scalars(select(AuditLog.reason).where(AuditLog.field == "value")).all()
    assert "Laboratory result corrected: repeat sample" in reasons


def test_unsaved_entries_are_not_lost_silently(
    qtbot, modals: ModalAnswers, nurse_store: SiteStore, clock
) -> None:  # type: ignore[no-untyped-def]
    participant_id = consented(nurse_store)
    window = open_window(qtbot, nurse_store, clock)
    panel = screening_of(window, participant_id)
    panel.form.editors["weight"].set_text_input("61")
    modals.expect(click_button("Keep editing"))
    qtbot.mouseClick(window.participant_page.back_button, Qt.MouseButton.LeftButton)
    modals.check()
    assert window.work.currentWidget() is window.participant_page
    assert panel.form.editors["weight"].raw_value() == "61"
    modals.expect(click_button("Discard changes"))
    qtbot.mouseClick(window.participant_page.back_button, Qt.MouseButton.LeftButton)
    modals.check()
    assert window.work.currentWidget() is window.list_page


def test_idle_lock_hides_the_work_and_keeps_unsaved_entries(
    qtbot, nurse_store: SiteStore, clock
) -> None:  # type: ignore[no-untyped-def]
    participant_id = consented(nurse_store)
    window = open_window(qtbot, nurse_store, clock)
    panel = screening_of(window, participant_id)
    panel.form.editors["weight"].set_text_input("61")
    nurse_store.idle_timeout_s = 0
    qtbot.waitUntil(lambda: window.is_locked, timeout=3000)
    assert window.root.currentWidget() is window.lock_page and not window.menuBar().isEnabled()
    assert (
        "Nora Nurse" in window.lock_page.who.text()
        and "without activity" in window.lock_page.who.text()
    )
    nurse_store.idle_timeout_s = 600
    qtbot.keyClicks(window.lock_page.password, "wrong-password-1")
    qtbot.keyClick(window.lock_page.password, Qt.Key.Key_Return)
    assert window.is_locked and window.lock_page.message.text() == "Wrong user name or password."
    qtbot.keyClicks(window.lock_page.password, NURSE[1])
    qtbot.keyClick(window.lock_page.password, Qt.Key.Key_Return)
    assert not window.is_locked
    assert panel.form.editors["weight"].raw_value() == "61" and panel.form.is_dirty()


def test_a_monitor_sees_everything_read_only(
    qtbot, site: SiteStore, nurse_store: SiteStore, data_dir: Path, clock
) -> None:  # type: ignore[no-untyped-def]
    participant_id = consented(nurse_store)
    monitor = SiteStore.unlock(data_dir, MONITOR[0], MONITOR[1])
    try:
        window = open_window(qtbot, monitor, clock)
        assert not window.list_page.register_button.isEnabled()
        panel = screening_of(window, participant_id)
        assert not panel.save_button.isEnabled()
        assert "may enter or change clinical data" in panel.blocked.text()
        assert not panel.form.editors["ascites"].focus_widget.isEnabled()
    finally:
        monitor.close()


def test_version_needs_no_display_and_no_qt() -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    script = (
        "import sys\n"
        "from msc_desktop.gui.app import main\n"
        "try:\n    main(['--version'])\nexcept SystemExit as done:\n    assert done.code == 0\n"
        "print('qt loaded' if 'PySide6' in sys.modules else 'no qt')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env=env,
        cwd=Path(__file__).resolve().parents[2],
        check=False,
    )
    assert result.returncode == 0, result.stderr
    first, second = result.stdout.splitlines()
    assert first.startswith("MSC Desktop ") and second == "no qt"


def test_allocation_list_file_is_checked_and_only_an_administrator_may_load_one(  # type: ignore[no-untyped-def]
    qtbot, modals: ModalAnswers, site: SiteStore, nurse_store: SiteStore, tmp_path: Path, clock
) -> None:
    nurse_window = open_window(qtbot, nurse_store, clock)
    assert not nurse_window.menu_actions["load_list"].isEnabled()
    assert "change site settings" in nurse_window.menu_actions["load_list"].toolTip()
    admin_window = open_window(qtbot, site, clock)
    assert admin_window.menu_actions["load_list"].isEnabled()
    forged = tmp_path / "list.json"
    forged.write_text('{"arms": ["MSC", "MSC", "MSC"]}', encoding="utf-8")
    modals.expect(ok())
    admin_window.load_allocation_file(forged)
    modals.check()
    assert modals.seen[-1].startswith("Not loaded: ")
    assert all(s.total == 0 for s in stock(site))
    huge = tmp_path / "huge.json"
    with huge.open("wb") as stream:  # sparse: the size is refused before a byte is read
        stream.truncate(MAX_PACKAGE_BYTES + 1)
    modals.expect(ok())
    admin_window.load_allocation_file(huge)
    modals.check()
    assert modals.seen[-1] == (
        f"Not loaded: huge.json is larger than the limit of {MAX_PACKAGE_BYTES} bytes; "
        "it was not read."
    )
    assert huge.stat().st_size == MAX_PACKAGE_BYTES + 1


def tab_stops(start: QWidget, count: int) -> list[QWidget]:
    """The widgets Tab visits from `start`: the focus chain less what takes no Tab focus."""
    stops, widget = [], start
    while len(stops) < count:
        widget = widget.nextInFocusChain()
        if widget is start:
            break
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isVisibleTo(start.window()):
            stops.append(widget)
    return stops


def test_tab_goes_down_each_form_in_order(qtbot, nurse_store: SiteStore, clock) -> None:  # type: ignore[no-untyped-def]
    participant_id = consented(nurse_store)
    window = open_window(qtbot, nurse_store, clock)
    panel = screening_of(window, participant_id)
    page = window.participant_page
    for tab, form in (
        (page.screening, panel.form),
        (page.registration, page.registration.form),
        (page.consent, page.consent.form),
    ):
        page.tabs.setCurrentWidget(tab)
        owner = {w: name for name, editor in form.editors.items() for w in editor.input_widgets()}
        first = next(iter(form.editors.values())).focus_widget
        visited = [owner[w] for w in [first, *tab_stops(first, 400)] if w in owner]
        fields_in_tab_order = list(dict.fromkeys(visited))
        assert fields_in_tab_order == list(form.editors)  # top to bottom, as laid out
    page.tabs.setCurrentWidget(page.screening)
    unit = panel.form.editors["bilirubin"].input_widgets()
    assert tab_stops(unit[0], 1) == [unit[1]] and unit[1].objectName() == "bilirubin_unit"


def test_only_those_who_enter_data_see_registration_enabled(
    qtbot, site: SiteStore, nurse_store: SiteStore, clock
) -> None:  # type: ignore[no-untyped-def]
    admin_window = open_window(qtbot, site, clock)
    assert not admin_window.menu_actions["register"].isEnabled()
    assert "enter or change clinical data" in admin_window.menu_actions["register"].toolTip()
    nurse_window = open_window(qtbot, nurse_store, clock)
    assert nurse_window.menu_actions["register"].isEnabled()
    assert "clinical data" not in nurse_window.menu_actions["register"].toolTip()
