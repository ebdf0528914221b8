"""Settings, backups and restore, crash handling with drafts, and the first-run bar, through the
widgets."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("PySide6", reason="PySide6 is not installed: the GUI tests need it")
pytest.importorskip("pytestqt", reason="pytest-qt is not installed: the GUI tests need it")

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPushButton, QSpinBox, QWidget

from msc_desktop import logs
from msc_desktop.gui.controller import AppController
from msc_desktop.gui.crash_dialog import CrashDialog, CrashHandler, offer_drafts
from msc_desktop.gui.first_run import FirstRunBar
from msc_desktop.gui.i18n import install_language
from msc_desktop.gui.main_window import MainWindow
from msc_desktop.gui.site.backups import BackupDialog, RestoreDialog
from msc_desktop.gui.site.settings import SettingsDialog
from msc_desktop.gui.site.tools import SiteTools
from msc_desktop.store import backups, settings
from msc_desktop.store.drafts import drafts_of_user
from msc_desktop.store.site import SiteStore
from tests.accounts import ADMIN, NURSE
from tests.gui.helpers import ModalAnswers


def close_box(box: QWidget) -> None:
    box.close()


def click_button(box: QWidget, text: str) -> None:
    [button] = [b for b in box.findChildren(QPushButton) if b.text() == text]
    button.click()


@pytest.fixture(autouse=True)
def english() -> Any:
    install_language("en")
    yield
    install_language("en")


def test_settings_dialog_saves_valid_values_and_audits_them(
    qtbot: Any, site: SiteStore, tmp_path: Path
) -> None:
    dialog = SettingsDialog(site)
    qtbot.addWidget(dialog)
    spin = dialog.editors["idle_timeout_minutes"]
    assert isinstance(spin, QSpinBox) and spin.value() == 10
    spin.setValue(5)
    paper = dialog.editors["paper_size"]
    assert isinstance(paper, QComboBox)
    paper.setCurrentIndex(paper.findData("letter"))
    dialog.folder_line.setText(str(tmp_path / "usb"))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert sorted(dialog.saved) == ["backup_folder", "idle_timeout_minutes", "paper_size"]
    assert settings.site_value(site, "paper_size") == "letter"
    assert site.idle_timeout_s == 300
    assert settings.backup_folder(site) == tmp_path / "usb"


def test_settings_dialog_shows_a_refusal_and_keeps_the_dialog_open(
    qtbot: Any, site: SiteStore
) -> None:
    dialog = SettingsDialog(site)
    qtbot.addWidget(dialog)
    dialog.show()
    url = dialog.editors["center_upload_url"]
    assert isinstance(url, QLineEdit)
    url.setText("ftp://centre")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert (
        "Coordinating centre upload address: The centre's upload address must start with https://"
        in dialog.message.text()
    )
    assert settings.site_value(site, "center_upload_url") == ""


def test_a_nurse_sees_site_settings_greyed_out(qtbot: Any, nurse_store: SiteStore) -> None:
    dialog = SettingsDialog(nurse_store)
    qtbot.addWidget(dialog)
    enabled = {name: editor.isEnabled() for name, editor in dialog.editors.items()}
    assert enabled == {name: name in ("language", "printer") for name in enabled}
    assert dialog.findChild(QLabel, "admin_only_note") is not None


def test_backup_dialog_writes_and_lists_a_backup(
    qtbot: Any, site: SiteStore, tmp_path: Path
) -> None:
    settings.change(site, "backup_folder", str(tmp_path / "usb"))
    dialog = BackupDialog(site)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 0
    qtbot.mouseClick(dialog.backup_button, Qt.MouseButton.LeftButton)
    assert dialog.table.rowCount() == 1
    [made] = backups.list_backups(tmp_path / "usb", "01")
    assert dialog.selected_backup() == made.path
    assert made.path.name in dialog.message.text()
    assert "same disk" not in dialog.summary.text()


def test_backup_dialog_warns_when_backups_stay_on_the_same_disk(
    qtbot: Any, site: SiteStore
) -> None:
    dialog = BackupDialog(site)
    qtbot.addWidget(dialog)
    assert "same disk as the database" in dialog.summary.text()


def test_only_an_administrator_may_start_a_restore(qtbot: Any, nurse_store: SiteStore) -> None:
    dialog = BackupDialog(nurse_store)
    qtbot.addWidget(dialog)
    assert dialog.backup_button.isEnabled()
    assert not dialog.restore_button.isEnabled() and not dialog.restore_file_button.isEnabled()


def test_restore_dialog_refuses_a_wrong_password_then_accepts(
    qtbot: Any, site: SiteStore, data_dir: Path
) -> None:
    made = backups.backup_now(site)
    dialog = RestoreDialog(made.path, data_dir, "01")
    qtbot.addWidget(dialog)
    dialog.user.setText(ADMIN[0])
    dialog.password.setText("Wrong-password-1")
    dialog.check()
    assert dialog.message.text() == "Wrong user name or password." and dialog.report is None
    dialog.password.setText(ADMIN[1])
    dialog.check()
    assert dialog.result() == RestoreDialog.DialogCode.Accepted
    assert dialog.report is not None and dialog.report.site_id == "01"


def test_restore_from_the_menu_replaces_the_database_and_shows_unlock(
    qtbot: Any, modals: ModalAnswers, site: SiteStore, data_dir: Path, clock: Any
) -> None:
    made = backups.backup_now(site)
    settings.change(site, "paper_size", "letter")
    site.close()
    controller = AppController(data_dir, clock=clock)
    controller.start()
    assert controller.unlock is not None
    controller.unlock.user.setText(ADMIN[0])
    controller.unlock.password.setText(ADMIN[1])
    controller.unlock.try_unlock()
    window = controller.main_window
    assert isinstance(window, MainWindow)  # not given to qtbot: the restore closes and deletes it
    tools = window.findChild(SiteTools)
    assert tools is not None
    dialog = RestoreDialog(made.path, data_dir, "01")
    qtbot.addWidget(dialog)
    dialog.user.setText(ADMIN[0])
    dialog.password.setText(ADMIN[1])
    dialog.check()
    modals.expect(close_box)
    tools.restore(dialog)
    modals.check()
    assert "restored from the backup" in modals.seen[-1]
    assert controller.main_window is None and controller.unlock is not None
    qtbot.addWidget(controller.unlock)
    [kept] = (data_dir / backups.REPLACED_DIR).iterdir()
    assert (kept / "site.db").is_file()
    restored = SiteStore.unlock(data_dir, ADMIN[0], ADMIN[1])
    try:
        assert restored.get_setting("paper_size") is None and restored.verify_audit().ok
    finally:
        restored.close()


def test_an_unexpected_error_keeps_the_typed_input_and_logs_it(
    qtbot: Any, nurse_store: SiteStore, data_dir: Path, clock: Any
) -> None:
    window = MainWindow(nurse_store, clock=clock)
    qtbot.addWidget(window)
    window.register_participant()
    form = window.participant_page.registration.form
    form.editors["screening_number"].set_text_input("S077")
    form.editors["full_name"].set_text_input("Lin Mei")
    handler = CrashHandler(data_dir, lambda: nurse_store)
    handler.show_dialog = False
    handler.install()
    try:
        try:
            raise RuntimeError("boom while saving 'Lin Mei'")
        except RuntimeError as error:
            handler.handle(RuntimeError, error, error.__traceback__)
    finally:
        handler.uninstall()
        for h in logging.getLogger(logs.LOGGER_NAME).handlers:
            h.flush()
        logs.close_logging()
    [draft] = drafts_of_user(nurse_store)
    assert (draft.form_id, draft.participant_id) == ("registration", "")
    assert draft.values["screening_number"] == "S077" and draft.values["full_name"] == "Lin Mei"
    text = logs.log_path(data_dir).read_text()
    assert "builtins.RuntimeError: boom while saving [withheld]" in text
    assert "Lin Mei" not in text and "S077" not in text
    window.close_without_asking = True


def test_the_kept_draft_is_offered_back_after_sign_in(
    qtbot: Any, modals: ModalAnswers, nurse_store: SiteStore, clock: Any
) -> None:
    from msc_desktop.store.drafts import save_draft

    save_draft(nurse_store, "registration", "", {"screening_number": "S078", "initials": "LM"})
    window = MainWindow(nurse_store, clock=clock)
    qtbot.addWidget(window)
    modals.expect(lambda box: click_button(box, "Put it back"))
    offer_drafts(window)
    modals.check()
    form = window.participant_page.registration.form
    assert form.raw_values()["screening_number"] == "S078" and form.is_dirty()
    assert drafts_of_user(nurse_store) == []
    window.close_without_asking = True


def test_crash_dialog_says_what_to_do(qtbot: Any, tmp_path: Path) -> None:
    dialog = CrashDialog("A1B2C3", 1, tmp_path / "logs" / "msc-desktop.log")
    qtbot.addWidget(dialog)
    text = dialog.incident_label.text()
    assert "A1B2C3" in text and "encrypted draft" in text and "Continue working" in text
    qtbot.mouseClick(dialog.quit_button, Qt.MouseButton.LeftButton)
    assert dialog.quit_requested


def test_first_run_language_redraws_the_wizard_in_chinese(
    qtbot: Any, tmp_path: Path, clock: Any
) -> None:
    data_dir = tmp_path / "new"
    controller = AppController(data_dir, clock=clock)
    controller.start()
    old = controller.setup
    assert old is not None
    qtbot.addWidget(old)
    old.site_name.setText("Xijing Hospital")
    bar = old.findChild(FirstRunBar)
    assert bar is not None
    bar.language.setCurrentIndex(bar.language.findData("zh"))
    new = controller.setup
    assert new is not None and new is not old
    qtbot.addWidget(new)
    assert new.site_name.text() == "Xijing Hospital"
    assert settings.read_preferences(data_dir) == {"language": "zh", "printer": ""}
    assert new.findChild(FirstRunBar) is not None


def test_first_run_restore_puts_a_site_on_a_new_computer(
    qtbot: Any, modals: ModalAnswers, site: SiteStore, tmp_path: Path, clock: Any
) -> None:
    made = backups.backup_now(site)
    site.close()
    fresh = tmp_path / "new-computer"
    controller = AppController(fresh, clock=clock)
    controller.start()
    wizard = controller.setup
    assert wizard is not None
    qtbot.addWidget(wizard)
    bar = wizard.findChild(FirstRunBar)
    assert bar is not None

    def fill(dialog: Any) -> None:
        dialog.user.setText(NURSE[0])
        dialog.password.setText(NURSE[1])
        dialog.check()
        assert "Only a site administrator" in dialog.message.text()
        dialog.user.setText(ADMIN[0])
        dialog.password.setText(ADMIN[1])
        dialog.check()

    modals.expect(fill, close_box)
    bar.restore_from(made.path)
    modals.check()
    assert controller.setup is None and controller.unlock is not None
    assert SiteStore.exists(fresh)


def test_a_folder_that_lost_its_database_offers_only_a_restore(
    qtbot: Any, modals: ModalAnswers, site: SiteStore, data_dir: Path, clock: Any
) -> None:
    made = backups.backup_now(site)
    site.close()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{data_dir / 'site.db'}{suffix}").unlink(missing_ok=True)
    (data_dir / "site.db").write_bytes(b"")
    controller = AppController(data_dir, clock=clock)
    controller.start()
    screen = controller.unlock
    assert controller.setup is None and screen is not None
    qtbot.addWidget(screen)
    assert "empty (0 bytes)" in screen.message.text() and "Restore" in screen.message.text()
    assert not screen.password.isEnabled() and not screen.button.isEnabled()
    assert screen.restore_button.isVisibleTo(screen)
    screen.try_unlock()
    assert (data_dir / "site.db").stat().st_size == 0

    def fill(dialog: Any) -> None:
        dialog.user.setText(ADMIN[0])
        dialog.password.setText(ADMIN[1])
        dialog.check()

    modals.expect(fill, close_box)
    controller.restore_lost_site(made.path)
    modals.check()
    assert controller.unlock is not None and controller.unlock is not screen
    qtbot.addWidget(controller.unlock)
    assert (
        controller.unlock.password.isEnabled()
        and not controller.unlock.restore_button.isVisibleTo(controller.unlock)
    )
    assert SiteStore.exists(data_dir)


def test_the_printer_setting_lists_the_queues_and_is_kept_on_this_computer(  # type: ignore[no-untyped-def]
    qtbot: Any, print_queue: Any, nurse_store: SiteStore
) -> None:
    from PySide6.QtWidgets import QComboBox

    from tests.cups_server import TEST_QUEUE

    dialog = SettingsDialog(nurse_store)
    qtbot.addWidget(dialog)
    printers = dialog.editors["printer"]
    assert isinstance(printers, QComboBox)
    assert [printers.itemData(i) for i in range(printers.count())] == ["", TEST_QUEUE]
    assert printers.currentText() == "The computer's default printer"
    printers.setCurrentIndex(1)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert settings.read_preferences(nurse_store.data_dir)["printer"] == TEST_QUEUE
    assert nurse_store.get_setting("printer") is None, (
        "a computer setting, not in the site database"
    )


def test_a_clock_set_back_is_shown_right_after_sign_in(
    qtbot: Any,
    modals: ModalAnswers,
    site: SiteStore,
    data_dir: Path,
    clock: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from msc_desktop.gui.site.tools import show_unlock_warnings
    from msc_desktop.store import audit

    monkeypatch.setattr(audit, "utc_timestamp", lambda: "2021-05-01T10:00:00.000000Z")
    store = SiteStore.unlock(data_dir, NURSE[0], NURSE[1])
    window = MainWindow(store, clock=clock)
    qtbot.addWidget(window)
    shown: list[str] = []

    def read_and_close(box: QWidget) -> None:
        shown.append(
            box.windowTitle() + "|" + "|".join(label.text() for label in box.findChildren(QLabel))
        )
        box.close()

    modals.expect(read_and_close)
    show_unlock_warnings(window)
    modals.check()
    assert shown and shown[0].startswith("Check before you continue|")
    assert "The computer's clock says 2021-05-01 10:00 UTC" in shown[0]
    assert "Nothing can be saved until the date and time are set correctly." in shown[0]
    window.close_without_asking = True
    store.close()


def test_records_removed_from_the_audit_trail_are_shown_right_after_sign_in(
    qtbot: Any,
    modals: ModalAnswers,
    site: SiteStore,
    data_dir: Path,
    clock: Any,
) -> None:
    from msc_desktop.gui.site.tools import show_unlock_warnings

    sealed = site.verify_audit().last_seq
    with site.engine.begin() as connection:  # someone with the raw database key
        connection.exec_driver_sql("DROP TRIGGER audit_log_no_delete")
        connection.exec_driver_sql("DELETE FROM audit_log WHERE seq > ?", (sealed - 5,))
    store = SiteStore.unlock(data_dir, NURSE[0], NURSE[1])
    window = MainWindow(store, clock=clock)
    qtbot.addWidget(window)
    shown: list[str] = []

    def read_and_close(box: QWidget) -> None:
        shown.append("|".join(label.text() for label in box.findChildren(QLabel)))
        box.close()

    modals.expect(read_and_close)
    show_unlock_warnings(window)
    modals.check()
    assert (
        f"but record {sealed} was sealed after a save: records {sealed - 4}-{sealed} were removed."
        in shown[0]
    )
    window.close_without_asking = True
    store.close()
