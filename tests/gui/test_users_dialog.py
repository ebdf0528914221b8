"""User administration and "Change my password" through the widgets, over a real site store."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("PySide6", reason="PySide6 is not installed: the GUI tests need it")
pytest.importorskip("pytestqt", reason="pytest-qt is not installed: the GUI tests need it")

from PySide6.QtWidgets import QMessageBox, QWidget

from msc_desktop.errors import AuthenticationError
from msc_desktop.gui.main_window import MainWindow
from msc_desktop.gui.site.users import (
    AddUserDialog,
    PasswordDialog,
    ReasonedChangeDialog,
    UsersDialog,
    change_my_password,
    open_users_dialog,
)
from msc_desktop.store.site import SiteStore
from msc_desktop.store.users import list_users
from tests.accounts import ADMIN, NURSE
from tests.gui.helpers import ModalAnswers, ok

NEW_PASSWORD = "Amber-garden-2027"


def table_rows(dialog: UsersDialog) -> list[tuple[str, ...]]:
    table = dialog.table
    return [
        tuple(table.item(row, column).text() for column in range(table.columnCount()))  # type: ignore[union-attr]
        for row in range(table.rowCount())
    ]


def fill_add(
    dialog: QWidget, user_id: str, full_name: str, role: str, password: str, repeat: str
) -> AddUserDialog:
    assert isinstance(dialog, AddUserDialog)
    dialog.user_id.setText(user_id)
    dialog.full_name.setText(full_name)
    dialog.role.setCurrentIndex(dialog.role.findData(role))
    dialog.passwords.password.setText(password)
    dialog.passwords.repeat.setText(repeat)
    return dialog


def test_the_table_lists_every_account(qtbot: Any, site: SiteStore) -> None:
    dialog = UsersDialog(site)
    qtbot.addWidget(dialog)
    assert table_rows(dialog) == [
        (account.user_id, account.full_name, label, "yes")
        for account, label in zip(
            list_users(site),
            ("Site administrator", "Investigator", "Monitor (read-only)", "Research nurse"),
            strict=True,
        )
    ]
    assert not dialog.deactivate_button.isEnabled()
    dialog.select_user("nurse")
    assert dialog.deactivate_button.isEnabled() and dialog.role_button.isEnabled()


def test_add_a_user_with_live_strength_rules(
    qtbot: Any, site: SiteStore, data_dir: Path, modals: ModalAnswers
) -> None:
    dialog = UsersDialog(site)
    qtbot.addWidget(dialog)
    strength_seen: list[tuple[str, bool]] = []

    def answer(modal: QWidget) -> None:
        add = fill_add(modal, "nurse2", "Nina Second", "nurse", "short1", "short1")
        strength_seen.append((add.passwords.strength.text(), add.accept_button.isEnabled()))
        add.passwords.password.setText("password1234")
        add.passwords.repeat.setText("password1234")
        strength_seen.append((add.passwords.strength.text(), add.accept_button.isEnabled()))
        add.passwords.password.setText("nurse2-and-more-99")
        add.passwords.repeat.setText("nurse2-and-more-99")
        strength_seen.append((add.passwords.strength.text(), add.accept_button.isEnabled()))
        add.passwords.password.setText(NEW_PASSWORD)
        strength_seen.append((add.passwords.strength.text(), add.accept_button.isEnabled()))
        add.passwords.repeat.setText(NEW_PASSWORD)
        strength_seen.append((add.passwords.strength.text(), add.accept_button.isEnabled()))
        add.accept_button.click()

    modals.expect(answer)
    dialog.add_button.click()
    qtbot.waitUntil(lambda: not modals.pending)
    modals.check()
    assert strength_seen == [
        ("The password needs at least 12 characters (6 so far).", False),
        (
            (
                "The password is too easy to guess: it is a very common password. Add another "
                "uncommon word or two."
            ),
            False,
        ),
        ("The password must not contain the user name.", False),
        ("The two passwords are not the same.", False),
        ("The password meets the rules.", True),
    ]
    assert ("nurse2", "Nina Second", "Research nurse", "yes") in table_rows(dialog)
    assert dialog.selected() is not None and dialog.selected().user_id == "nurse2"  # type: ignore[union-attr]
    SiteStore.unlock(data_dir, "nurse2", NEW_PASSWORD).close()


def test_a_taken_user_name_is_refused_in_the_dialog(qtbot: Any, site: SiteStore) -> None:
    add = AddUserDialog(site)
    qtbot.addWidget(add)
    fill_add(add, "nurse", "Another Nurse", "nurse", NEW_PASSWORD, NEW_PASSWORD)
    add.accept_button.click()
    assert add.message.text() == "The user name nurse is taken (user names are never reused)."
    assert add.result() == 0
    assert [a.full_name for a in list_users(site) if a.user_id == "nurse"] == [NURSE[2]]


def test_deactivate_needs_a_reason_and_keeps_the_row(
    qtbot: Any, site: SiteStore, data_dir: Path, modals: ModalAnswers
) -> None:
    dialog = UsersDialog(site)
    qtbot.addWidget(dialog)
    dialog.select_user("nurse")
    messages: list[str] = []

    def answer(modal: QWidget) -> None:
        assert isinstance(modal, ReasonedChangeDialog)
        modal.accept_button.click()
        messages.append(modal.message.text())
        modal.reason.setText("left the hospital")
        modal.accept_button.click()

    modals.expect(answer)
    dialog.deactivate_button.click()
    qtbot.waitUntil(lambda: not modals.pending)
    modals.check()
    assert messages == ["Give the reason for this change; it is kept in the audit trail."]
    [nurse] = [account for account in list_users(site) if account.user_id == NURSE[0]]
    assert not nurse.active and nurse.deactivated_at is not None
    assert (
        "nurse",
        NURSE[2],
        "Research nurse",
        f"no, since {nurse.deactivated_at:%Y-%m-%d}",
    ) in table_rows(dialog)
    assert not dialog.deactivate_button.isEnabled() and not dialog.reset_button.isEnabled()
    with pytest.raises(AuthenticationError):
        SiteStore.unlock(data_dir, NURSE[0], NURSE[1])


def test_deactivating_yourself_is_refused_by_the_store(
    qtbot: Any, site: SiteStore, modals: ModalAnswers
) -> None:
    dialog = UsersDialog(site)
    qtbot.addWidget(dialog)
    dialog.select_user(ADMIN[0])
    messages: list[str] = []

    def answer(modal: QWidget) -> None:
        assert isinstance(modal, ReasonedChangeDialog)
        modal.reason.setText("testing")
        modal.accept_button.click()
        messages.append(modal.message.text())
        modal.reject()

    modals.expect(answer)
    dialog.deactivate_button.click()
    qtbot.waitUntil(lambda: not modals.pending)
    modals.check()
    assert messages == ["You cannot deactivate your own account; ask another administrator."]
    assert all(account.active for account in list_users(site))


def test_change_role_and_reset_password(
    qtbot: Any, site: SiteStore, data_dir: Path, modals: ModalAnswers
) -> None:
    dialog = UsersDialog(site)
    qtbot.addWidget(dialog)
    dialog.select_user("monitor")

    def change(modal: QWidget) -> None:
        assert isinstance(modal, ReasonedChangeDialog) and modal.role is not None
        modal.role.setCurrentIndex(modal.role.findData("investigator"))
        modal.reason.setText("now a sub-investigator")
        modal.accept_button.click()

    def reset(modal: QWidget) -> None:
        assert isinstance(modal, PasswordDialog) and modal.old is None
        modal.passwords.password.setText(NEW_PASSWORD)
        modal.passwords.repeat.setText(NEW_PASSWORD)
        modal.accept_button.click()

    modals.expect(change)
    dialog.role_button.click()
    qtbot.waitUntil(lambda: not modals.pending)
    assert ("monitor", "Mona Monitor", "Investigator", "yes") in table_rows(dialog)
    modals.expect(reset, ok())
    dialog.reset_button.click()
    qtbot.waitUntil(lambda: not modals.pending)
    modals.check()
    reopened = SiteStore.unlock(data_dir, "monitor", NEW_PASSWORD)
    assert reopened.user.role.value == "investigator"
    reopened.close()


def test_non_admins_cannot_open_user_administration(
    qtbot: Any, nurse_store: SiteStore, modals: ModalAnswers
) -> None:
    window = MainWindow(nurse_store)
    qtbot.addWidget(window)
    assert not window.menu_actions["users"].isEnabled()
    assert "administrator" in window.menu_actions["users"].toolTip()
    assert window.menu_actions["password"].isEnabled()
    seen: list[str] = []

    def refused(modal: QWidget) -> None:
        assert isinstance(modal, QMessageBox)
        seen.append(modal.text())
        modal.button(QMessageBox.StandardButton.Ok).click()

    modals.expect(refused)
    assert open_users_dialog(window, nurse_store) is None
    modals.check()
    assert seen == [window.menu_actions["users"].toolTip()]
    window.close_without_asking = True
    window.close()


def test_admin_menu_entry_is_enabled(qtbot: Any, site: SiteStore) -> None:
    window = MainWindow(site)
    qtbot.addWidget(window)
    assert (
        window.menu_actions["users"].isEnabled()
        and "administrator" not in window.menu_actions["users"].toolTip()
    )
    window.close_without_asking = True
    window.close()


def test_change_my_password(
    qtbot: Any, nurse_store: SiteStore, data_dir: Path, modals: ModalAnswers
) -> None:
    messages: list[str] = []

    def answer(modal: QWidget) -> None:
        assert isinstance(modal, PasswordDialog) and modal.old is not None
        modal.old.setText("not-my-password-1")
        modal.passwords.password.setText(NEW_PASSWORD)
        modal.passwords.repeat.setText(NEW_PASSWORD)
        modal.accept_button.click()
        messages.append(modal.message.text())
        modal.old.setText(NURSE[1])
        modal.accept_button.click()

    modals.expect(answer)
    assert change_my_password(QWidget(), nurse_store)
    modals.check()
    assert len(messages) == 1 and messages[0] != ""
    with pytest.raises(AuthenticationError):
        SiteStore.unlock(data_dir, NURSE[0], NURSE[1])
    SiteStore.unlock(data_dir, NURSE[0], NEW_PASSWORD).close()
