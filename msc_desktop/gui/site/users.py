"""User administration for the site administrator, and "Change my password" for everyone.

The dialogs (site/user_dialogs.py) only collect input: every rule (who may manage users, password
strength, never deactivating yourself or the last administrator, ids never reused) is the
store's (`msc_desktop.store.users`), and its refusal sentence is shown in the dialog that asked.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from msc_desktop.errors import MscError
from msc_desktop.gui.i18n import QT_TRANSLATE_NOOP, role_label, translate
from msc_desktop.gui.site.user_dialogs import (
    AddUserDialog,
    PasswordDialog,
    ReasonedChangeDialog,
    RecoveryKeyDialog,
)
from msc_desktop.gui.widgets.dialogs import permission_problem, show_error
from msc_desktop.gui.widgets.tables import read_only_rows
from msc_desktop.store.models import UserAccount
from msc_desktop.store.roles import Action
from msc_desktop.store.site import SiteStore
from msc_desktop.store.users import (
    change_own_password,
    change_role,
    deactivate_user,
    list_users,
    reset_password,
)

COLUMNS = (
    QT_TRANSLATE_NOOP("Users", "User"),
    QT_TRANSLATE_NOOP("Users", "Full name"),
    QT_TRANSLATE_NOOP("Users", "Role"),
    QT_TRANSLATE_NOOP("Users", "Active"),
)


class UsersDialog(QDialog):
    """The site's accounts and what an administrator may do with them."""

    def __init__(self, store: SiteStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setWindowTitle(self.tr("Users of site {site}").format(site=store.site_id))
        layout = QVBoxLayout(self)
        note = QLabel(
            self.tr(
                "Accounts are never deleted: a deactivated account keeps its name (never reused) "
                "and its entries in the audit trail, and can no longer sign in."
            ),
            self,
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setObjectName("users_table")
        self.table.setHorizontalHeaderLabels([translate("Users", column) for column in COLUMNS])
        read_only_rows(self.table)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.add_button = self._button(row, self.tr("Add user..."), "add_user", self.add_user)
        self.role_button = self._button(
            row, self.tr("Change role..."), "change_role_button", self.change_role
        )
        self.reset_button = self._button(
            row, self.tr("Reset password..."), "reset_password", self.reset_password
        )
        self.deactivate_button = self._button(
            row, self.tr("Deactivate..."), "deactivate_user", self.deactivate
        )
        row.addStretch(1)
        close = self._button(row, self.tr("Close"), "close_users", self.accept)
        close.setDefault(True)
        layout.addLayout(row)
        self.accounts: list[UserAccount] = []
        self.resize(760, 420)
        self.reload()

    def _button(
        self, row: QHBoxLayout, text: str, name: str, slot: Callable[[], object]
    ) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        row.addWidget(button)
        return button

    def reload(self, select: str | None = None) -> None:
        self.accounts = list_users(self.store)
        self.table.setRowCount(len(self.accounts))
        for row, account in enumerate(self.accounts):
            active = self.tr("yes") if account.active else self.tr("no")
            if account.deactivated_at is not None:
                active = self.tr("no, since {date}").format(
                    date=f"{account.deactivated_at:%Y-%m-%d}"
                )
            cells = (account.user_id, account.full_name, role_label(account.role), active)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if not account.active:
                    item.setForeground(Qt.GlobalColor.gray)
                self.table.setItem(row, column, item)
            if account.user_id == select:
                self.table.selectRow(row)
        self._update_buttons()

    def selected(self) -> UserAccount | None:
        rows = self.table.selectionModel().selectedRows()
        return self.accounts[rows[0].row()] if rows else None

    def select_user(self, user_id: str) -> None:
        for row, account in enumerate(self.accounts):
            if account.user_id == user_id:
                self.table.selectRow(row)
                return
        raise KeyError(user_id)

    def _update_buttons(self) -> None:
        account = self.selected()
        active = account is not None and account.active
        for button in (self.role_button, self.reset_button, self.deactivate_button):
            button.setEnabled(active)

    def add_user(self) -> None:
        dialog = AddUserDialog(self.store, self)
        if dialog.exec():
            self.reload(select=dialog.user_id.text().strip().lower())

    def change_role(self) -> None:
        account = self.selected()
        assert account is not None
        user_id = account.user_id

        def call(role: str | None, reason: str) -> None:
            assert role is not None
            change_role(self.store, user_id, role, reason)

        dialog = ReasonedChangeDialog(
            self.tr("Change the role of {user}").format(user=user_id),
            self.tr(
                "{name} ({user}) is now {role}. The new role applies from their next sign-in."
            ).format(name=account.full_name, user=user_id, role=role_label(account.role).lower()),
            self.tr("Change role"),
            call,
            current_role=account.role,
            parent=self,
        )
        if dialog.exec():
            self.reload(select=user_id)

    def reset_password(self) -> None:
        account = self.selected()
        assert account is not None
        user_id = account.user_id
        dialog = PasswordDialog(
            self.tr("Reset the password of {user}").format(user=user_id),
            self.tr(
                "Set a new password for {name} ({user}) and give it to them in person; "
                "a lock after wrong passwords is cleared too."
            ).format(name=account.full_name, user=user_id),
            (user_id, account.full_name),
            self.store.site_name,
            lambda _old, new: reset_password(self.store, user_id, new),
            ask_old=False,
            parent=self,
        )
        if dialog.exec():
            QMessageBox.information(
                self,
                self.tr("Password reset"),
                self.tr("The password of {user} was reset.").format(user=user_id),
            )

    def deactivate(self) -> None:
        account = self.selected()
        assert account is not None
        user_id = account.user_id
        if self.store.recovery_key_needed():
            recovery = RecoveryKeyDialog(self.store, self)
            if not recovery.exec():
                return
        lost: list[str] = []
        dialog = ReasonedChangeDialog(
            self.tr("Deactivate {user}").format(user=user_id),
            self.tr(
                "{name} ({user}) will no longer be able to sign in. The account and "
                "its entries stay; the user name is never given to anyone else. The database gets "
                "a new key, so a copy of the key file made before no longer opens it."
            ).format(name=account.full_name, user=user_id),
            self.tr("Deactivate"),
            lambda _role, reason: lost.extend(deactivate_user(self.store, user_id, reason)),
            parent=self,
        )
        if dialog.exec():
            self.reload(select=user_id)
            if lost:
                QMessageBox.information(
                    self,
                    self.tr("Passwords to reset"),
                    self.tr(
                        "These accounts had not signed in since the update and can no longer sign "
                        "in: {users}. Set each of them a new password (Reset password...)."
                    ).format(users=", ".join(lost)),
                )


def open_users_dialog(parent: QWidget, store: SiteStore) -> UsersDialog | None:
    """Shows the users dialog to an administrator; anyone else is told why not."""
    problem = permission_problem(store, Action.MANAGE_USERS)
    if problem is not None:
        QMessageBox.warning(parent, translate("Users", "Users"), problem)
        return None
    try:
        dialog = UsersDialog(store, parent)
    except MscError as error:
        show_error(parent, error, translate("Users", "Users"))
        return None
    dialog.exec()
    return dialog


def change_my_password(parent: QWidget, store: SiteStore) -> bool:
    """Every user's own password change: the current password, then the new one twice."""
    user = store.user
    dialog = PasswordDialog(
        translate("Users", "Change my password"),
        translate(
            "Users",
            "Signed in as {name} ({user}). Your data stay as they are; only the "
            "password that opens them changes.",
        ).format(name=user.full_name, user=user.user_id),
        (user.user_id, user.full_name),
        store.site_name,
        lambda old, new: change_own_password(store, old, new),
        ask_old=True,
        parent=parent,
    )
    return bool(dialog.exec())
