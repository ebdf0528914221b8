"""User administration for the site administrator, and "Change my password" for everyone.

The dialogs only collect input: every rule (who may manage users, password strength, never
deactivating yourself or the last administrator, ids never reused) is the store's
(`msc_desktop.store.users`), and its refusal sentence is shown in the dialog that asked.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from msc_desktop.errors import MscError, ValidationError
from msc_desktop.gui.i18n import QT_TRANSLATE_NOOP, error_text, role_label, translate
from msc_desktop.gui.widgets.dialogs import permission_problem, show_error
from msc_desktop.gui.widgets.tables import read_only_rows
from msc_desktop.store.models import UserAccount
from msc_desktop.store.roles import Action, Role, check_password_strength
from msc_desktop.store.site import SiteStore
from msc_desktop.store.users import (
    change_own_password,
    change_role,
    create_user,
    deactivate_user,
    list_users,
    reset_password,
)

_ERROR_STYLE = "color: #b00020;"
_GOOD_STYLE = "color: #1b6e20;"
COLUMNS = (
    QT_TRANSLATE_NOOP("Users", "User"),
    QT_TRANSLATE_NOOP("Users", "Full name"),
    QT_TRANSLATE_NOOP("Users", "Role"),
    QT_TRANSLATE_NOOP("Users", "Active"),
)


def password_problem(
    password: str, repeat: str, who: tuple[str, str], site_name: str
) -> str | None:
    """The first rule the new password of `who` (user name, full name) breaks, in the store's
    words, or None when it may be saved."""
    user_id, full_name = who
    try:
        check_password_strength(password, user_id, full_name=full_name, site_name=site_name)
    except ValidationError as error:
        return error_text(error)
    if password != repeat:
        return translate("Users", "The two passwords are not the same.")
    return None


class _SubmitDialog(QDialog):
    """A small form whose accept button runs `perform` (a store call); a refusal stays in the dialog."""

    perform: Callable[[], None]

    def __init__(self, title: str, accept_text: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.layout_ = QVBoxLayout(self)
        self.form = QFormLayout()
        self.layout_.addLayout(self.form)
        self.message = QLabel(self)
        self.message.setObjectName("dialog_message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(_ERROR_STYLE)
        self.layout_.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, parent=self)
        self.accept_button: QPushButton = buttons.addButton(
            accept_text, QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.accept_button.setDefault(True)
        self.accept_button.setObjectName("dialog_accept")
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        self.layout_.addWidget(buttons)
        self.setMinimumWidth(480)

    def line(self, label: str, name: str, *, secret: bool = False) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setObjectName(name)
        if secret:
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.form.addRow(label, edit)
        return edit

    def submit(self) -> None:
        try:
            self.perform()
        except MscError as error:
            self.message.setText(error_text(error))
            return
        self.accept()


class _PasswordFields:
    """New password + repeat, with the strength rules checked as the user types."""

    def __init__(
        self, dialog: _SubmitDialog, who: Callable[[], tuple[str, str]], site_name: str
    ) -> None:
        self.dialog = dialog
        self.who = who
        self.site_name = site_name
        self.password = dialog.line(
            translate("Users", "New password *"), "new_password", secret=True
        )
        self.repeat = dialog.line(
            translate("Users", "Repeat new password *"), "repeat_password", secret=True
        )
        self.strength = QLabel(dialog)
        self.strength.setObjectName("password_strength")
        self.strength.setWordWrap(True)
        dialog.form.addRow("", self.strength)
        self.password.textChanged.connect(self.refresh)
        self.repeat.textChanged.connect(self.refresh)

    def refresh(self) -> None:
        problem = password_problem(
            self.password.text(), self.repeat.text(), self.who(), self.site_name
        )
        if problem is None:
            self.strength.setText(translate("Users", "The password meets the rules."))
            self.strength.setStyleSheet(_GOOD_STYLE)
        else:
            self.strength.setText(problem)
            self.strength.setStyleSheet(_ERROR_STYLE)
        self.dialog.accept_button.setEnabled(problem is None)


class AddUserDialog(_SubmitDialog):
    def __init__(self, store: SiteStore, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Add a user"), self.tr("Add user"), parent)
        self.store = store
        intro = QLabel(
            self.tr(
                "User names are never reused, even after deactivation. Passwords need at least 12 "
                "characters, must not contain the user name and must be hard to guess: a few "
                "uncommon words work well."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.layout_.insertWidget(0, intro)
        self.user_id = self.line(self.tr("User name *"), "new_user_id")
        self.full_name = self.line(self.tr("Full name *"), "new_full_name")
        self.role = QComboBox(self)
        self.role.setObjectName("new_role")
        for role in Role:
            self.role.addItem(role_label(role), role.value)
        self.role.setCurrentIndex(self.role.findData(Role.NURSE.value))
        self.form.addRow(self.tr("Role *"), self.role)
        self.passwords = _PasswordFields(
            self,
            lambda: (self.user_id.text().strip().lower(), self.full_name.text()),
            store.site_name,
        )
        self.user_id.textChanged.connect(self.passwords.refresh)
        self.full_name.textChanged.connect(self.passwords.refresh)
        self.passwords.refresh()
        self.perform = self._create

    def _create(self) -> None:
        create_user(
            self.store,
            self.user_id.text(),
            self.full_name.text(),
            str(self.role.currentData()),
            self.passwords.password.text(),
        )


class PasswordDialog(_SubmitDialog):
    """Reset by an administrator (`old` is None) or the signed-in user's own change."""

    def __init__(
        self,
        title: str,
        intro: str,
        who: tuple[str, str],
        site_name: str,
        call: Callable[[str, str], None],
        *,
        ask_old: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(title, self.tr("Set password"), parent)
        label = QLabel(intro, self)
        label.setWordWrap(True)
        self.layout_.insertWidget(0, label)
        self.old = (
            self.line(self.tr("Current password *"), "old_password", secret=True)
            if ask_old
            else None
        )
        self.passwords = _PasswordFields(self, lambda: who, site_name)
        self.passwords.refresh()
        self._call = call
        self.perform = self._set_password

    def _set_password(self) -> None:
        old = self.old.text() if self.old is not None else ""
        self._call(old, self.passwords.password.text())


class ReasonedChangeDialog(_SubmitDialog):
    """Deactivation or a role change: what happens, an optional new role, and a required reason."""

    def __init__(
        self,
        title: str,
        intro: str,
        accept_text: str,
        call: Callable[[str | None, str], None],
        *,
        current_role: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(title, accept_text, parent)
        label = QLabel(intro, self)
        label.setWordWrap(True)
        self.layout_.insertWidget(0, label)
        self.role: QComboBox | None = None
        if current_role is not None:
            self.role = QComboBox(self)
            self.role.setObjectName("change_role")
            for role in Role:
                self.role.addItem(role_label(role), role.value)
            self.role.setCurrentIndex(self.role.findData(current_role))
            self.form.addRow(self.tr("New role *"), self.role)
        self.reason = self.line(self.tr("Reason *"), "change_reason")
        self.reason.setPlaceholderText(self.tr("kept in the audit trail"))
        self._call = call
        self.perform = self._change

    def submit(self) -> None:
        if not self.reason.text().strip():
            self.message.setText(
                self.tr("Give the reason for this change; it is kept in the audit trail.")
            )
            return
        super().submit()

    def _change(self) -> None:
        role = str(self.role.currentData()) if self.role is not None else None
        self._call(role, self.reason.text().strip())


class UsersDialog(QDialog):
    """The site's accounts and what an administrator may do with them."""

    def __init__(self, store: SiteStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setWindowTitle(self.tr("Users of site {site}").format(site=store.site_id))
        layout = QVBoxLayout(self)
        note = QLabel(
            self.tr(
                "Accounts are never deleted: a deactivated account keeps its name (never reused) and "
                "its entries in the audit trail, and can no longer sign in."
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
                        "These accounts had not signed in since the update and can no longer sign in: "
                        "{users}. Set each of them a new password (Reset password...)."
                    ).format(users=", ".join(lost)),
                )


class RecoveryKeyDialog(_SubmitDialog):
    """Asked once on a site set up with an earlier version, before its first new database key."""

    def __init__(self, store: SiteStore, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Recovery key"), self.tr("Continue"), parent)
        intro = QLabel(
            self.tr(
                "This site was set up with an earlier version of the app. Before the database gets a "
                "new key, enter the printed recovery key once, so that it keeps opening the database."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.layout_.insertWidget(0, intro)
        self.key = self.line(self.tr("Recovery key *"), "recovery_key")
        self.perform = lambda: store.add_recovery_member(self.key.text())


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
