"""The small dialogs of user administration: add a user, set a password (with its strength as it
is typed), a change that needs a reason, and the recovery key asked once on an older site. Each
submits to the store and shows its refusal sentence in place."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from msc_desktop.errors import MscError, ValidationError
from msc_desktop.gui.i18n import error_text, role_label, translate
from msc_desktop.gui.widgets.dialogs import ERROR_STYLE
from msc_desktop.store.roles import Role, check_password_strength
from msc_desktop.store.site import SiteStore
from msc_desktop.store.users import (
    create_user,
)

_GOOD_STYLE = "color: #1b6e20;"


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
    """A small form whose accept button runs `perform` (a store call); a refusal stays in the
    dialog."""

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
        self.message.setStyleSheet(ERROR_STYLE)
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
            self.strength.setStyleSheet(ERROR_STYLE)
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


class RecoveryKeyDialog(_SubmitDialog):
    """Asked once on a site set up with an earlier version, before its first new database key."""

    def __init__(self, store: SiteStore, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Recovery key"), self.tr("Continue"), parent)
        intro = QLabel(
            self.tr(
                "This site was set up with an earlier version of the app. Before the database gets "
                "a new key, enter the printed recovery key once, so that it keeps opening the "
                "database."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.layout_.insertWidget(0, intro)
        self.key = self.line(self.tr("Recovery key *"), "recovery_key")
        self.perform = lambda: store.add_recovery_member(self.key.text())
