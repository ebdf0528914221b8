"""Small dialogs shared by the screens: errors, confirmations, reasons for change, e-signatures.

Errors a user can hit arrive as `MscError`; their text is one sentence meant for the user and is
shown as it is, never with a traceback.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from msc_desktop.errors import MscError, PermissionDenied
from msc_desktop.gui.i18n import QT_TRANSLATE_NOOP, error_text, translate
from msc_desktop.store.roles import Action, require

if TYPE_CHECKING:
    from msc_desktop.store.site import SiteStore

#: Standard reasons for changing saved data (ALCOA+: the reason is part of the audit trail).
CHANGE_REASONS = (
    QT_TRANSLATE_NOOP("Reasons", "Data entry error"),
    QT_TRANSLATE_NOOP("Reasons", "Transcription error from the source document"),
    QT_TRANSLATE_NOOP("Reasons", "Laboratory result corrected"),
    QT_TRANSLATE_NOOP("Reasons", "New information received"),
    QT_TRANSLATE_NOOP("Reasons", "Other"),
)
_OTHER = "Other"


# The colour of a refusal or a fault shown in a dialog.
ERROR_STYLE = "color: #b00020;"


def permission_problem(store: SiteStore, action: Action) -> str | None:
    """The store's sentence (in the interface language) for why this user may not do `action`, or
    None if allowed."""
    try:
        require(store.user.role, action)
    except PermissionDenied as denied:
        return error_text(denied)
    return None


def show_error(parent: QWidget | None, error: MscError, title: str | None = None) -> None:
    QMessageBox.warning(parent, title or translate("Dialogs", "Not saved"), error_text(error))


def confirm(
    parent: QWidget | None, title: str, text: str, *, yes: str, no: str | None = None
) -> bool:
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    yes_button = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(no or translate("Dialogs", "Cancel"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(yes_button)
    box.exec()
    return box.clickedButton() is yes_button


def confirm_discard(parent: QWidget) -> bool:
    """Escape or Close on a dialog holding typed entries asks first, as leaving a main form does;
    Enter keeps editing."""
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        translate("Dialogs", "Unsaved entries"),
        translate("Dialogs", "The entries typed in this window are not saved. Discard them?"),
        parent=parent,
    )
    keep = box.addButton(translate("Dialogs", "Keep editing"), QMessageBox.ButtonRole.RejectRole)
    discard = box.addButton(
        translate("Dialogs", "Discard changes"), QMessageBox.ButtonRole.DestructiveRole
    )
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    box.exec()
    return box.clickedButton() is discard


class ReasonDialog(QDialog):
    """Asks why saved data is being changed: a standard reason plus free text."""

    def __init__(self, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Reason for change"))
        layout = QVBoxLayout(self)
        self.intro = QLabel(
            self.tr(
                "You are changing data already saved ({what}). The reason is kept in the audit "
                "trail."
            ).format(what=what),
            self,
        )
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        form = QFormLayout()
        self.reason = QComboBox(self)
        self.reason.setObjectName("reason_choice")
        self.reason.addItem(self.tr("(choose a reason)"), None)
        for reason in CHANGE_REASONS:
            self.reason.addItem(translate("Reasons", reason), reason)
        self.details = QLineEdit(self)
        self.details.setObjectName("reason_details")
        self.details.setPlaceholderText(self.tr("details (required for Other)"))
        form.addRow(self.tr("Reason *"), self.reason)
        form.addRow(self.tr("Details"), self.details)
        layout.addLayout(form)
        self.message = QLabel(self)
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, parent=self)
        self.ok_button = buttons.addButton(
            self.tr("Save with this reason"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.ok_button.setDefault(True)
        buttons.accepted.connect(self._accept_if_complete)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)

    def reason_text(self) -> str:
        choice = self.reason.currentData()
        details = self.details.text().strip()
        if choice is None:
            return ""
        if choice == _OTHER:
            return details
        return f"{choice}: {details}" if details else str(choice)

    def _accept_if_complete(self) -> None:
        if self.reason.currentData() is None:
            self.message.setText(self.tr("Choose a reason for the change."))
            self.reason.setFocus()
            return
        if self.reason.currentData() == _OTHER and not self.details.text().strip():
            self.message.setText(self.tr("Describe the reason in Details when you choose Other."))
            self.details.setFocus()
            return
        self.accept()


def ask_reason(parent: QWidget | None, what: str) -> str | None:
    """The reason the user gave, or None if they cancelled."""
    dialog = ReasonDialog(what, parent)
    return dialog.reason_text() if dialog.exec() == QDialog.DialogCode.Accepted else None


class SignatureDialog(QDialog):
    """An e-signature: the meaning stated in full, the signer's name, and the password again.

    `sign` is the service call; it gets the password and raises `MscError` when refused, which is
    shown in the dialog so the user can retry or cancel.
    """

    def __init__(
        self,
        *,
        meaning: str,
        signer: str,
        record: str,
        sign: Callable[[str], object],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Electronic signature"))
        self._sign = sign
        self.result_value: object = None
        layout = QVBoxLayout(self)
        statement = QLabel(self.tr("<b>{meaning}.</b>").format(meaning=meaning), self)
        statement.setObjectName("signature_meaning")
        statement.setWordWrap(True)
        layout.addWidget(statement)
        details = QLabel(
            self.tr(
                "Record: {record}<br>Signed by: {signer}<br>"
                "Your signature is bound to the data as it is now; a later change voids it."
            ).format(record=record, signer=signer),
            self,
        )
        details.setWordWrap(True)
        layout.addWidget(details)
        form = QFormLayout()
        self.password = QLineEdit(self)
        self.password.setObjectName("signature_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("Your password"), self.password)
        layout.addLayout(form)
        self.message = QLabel(self)
        self.message.setObjectName("signature_message")
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, parent=self)
        self.sign_button: QPushButton = buttons.addButton(
            self.tr("Sign"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.sign_button.setObjectName("signature_sign")
        self.sign_button.setDefault(True)
        buttons.accepted.connect(self.try_sign)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)

    def try_sign(self) -> None:
        try:
            self.result_value = self._sign(self.password.text())
        except MscError as error:
            self.message.setText(error_text(error))
            self.password.selectAll()
            self.password.setFocus()
            return
        self.accept()
