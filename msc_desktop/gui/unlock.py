"""The unlock screen (user name and password) and the idle-lock page (password only).

Failures show the store's message as it is: one generic "wrong user name or password", or the
lock-out message with the wait. The idle-lock page sits over the main window's work without
touching it, so unsaved form data survives the lock.

The store module (SQLAlchemy, SQLCipher) is imported only when the user presses Unlock, so the
screen itself appears as fast as a bare Qt window.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from msc_desktop.domain.protocol_reader import load_protocol
from msc_desktop.errors import MscError
from msc_desktop.gui.i18n import error_text, localized
from msc_desktop.store.layout import FolderState, damage_message, folder_state

if TYPE_CHECKING:
    from msc_desktop.store.site import SiteStore

_ERROR = "color: #b00020;"


def _card(parent: QWidget) -> tuple[QFrame, QVBoxLayout]:
    """A centred, framed box of fixed width on an otherwise empty page."""
    card = QFrame(parent)
    card.setFrameShape(QFrame.Shape.StyledPanel)
    card.setFixedWidth(440)
    layout = QVBoxLayout(card)
    layout.setContentsMargins(24, 20, 24, 20)
    outer = QVBoxLayout(parent)
    outer.addStretch(1)
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(card)
    row.addStretch(1)
    outer.addLayout(row)
    outer.addStretch(2)
    return card, layout


class UnlockScreen(QWidget):
    """Sign in to an existing site; emits `unlocked` with the open store."""

    unlocked = Signal(object)
    # Emitted when the folder lost its database or key file: the controller offers a restore.
    restore_requested = Signal()

    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self.setWindowTitle(self.tr("MSC Desktop: unlock"))
        _card_frame, layout = _card(self)
        layout.addWidget(QLabel("<h2>MSC Desktop</h2>", self))
        # Before sign-in there is no store yet: the shipped declaration names the trial.
        trial = load_protocol()
        layout.addWidget(
            QLabel(
                self.tr("Trial {trial} ({registry}). Sign in to open the site's data.").format(
                    trial=trial.protocol_id, registry=trial.registry_id
                ),
                self,
            )
        )
        form = QFormLayout()
        self.user = QLineEdit(self)
        self.user.setObjectName("unlock_user")
        self.password = QLineEdit(self)
        self.password.setObjectName("unlock_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("User name"), self.user)
        form.addRow(self.tr("Password"), self.password)
        layout.addLayout(form)
        self.message = QLabel(self)
        self.message.setObjectName("unlock_message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(_ERROR)
        layout.addWidget(self.message)
        self.button = QPushButton(self.tr("Unlock"), self)
        self.button.setObjectName("unlock_button")
        self.button.setDefault(True)
        self.button.clicked.connect(self.try_unlock)
        self.user.returnPressed.connect(self.password.setFocus)
        self.password.returnPressed.connect(self.try_unlock)
        self.restore_button = QPushButton(self.tr("Restore from a backup..."), self)
        self.restore_button.setObjectName("unlock_restore")
        self.restore_button.clicked.connect(self.restore_requested)
        buttons = QHBoxLayout()
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        buttons.addWidget(self.button)
        layout.addLayout(buttons)
        self.resize(900, 600)
        self.user.setFocus()
        self.check_folder()

    def check_folder(self) -> bool:
        """Whether the folder holds a whole site; if it lost a file, says so and offers only a
        restore."""
        state = folder_state(self.data_dir)
        damaged = state not in (FolderState.SITE, FolderState.EMPTY)
        self.restore_button.setVisible(damaged)
        for widget in (self.user, self.password, self.button):
            widget.setEnabled(not damaged)
        if damaged:
            self.message.setText(localized(damage_message(state, self.data_dir)))
            self.restore_button.setDefault(True)
            self.restore_button.setFocus()
        return not damaged

    def try_unlock(self) -> None:
        # Imported on use: the screen is drawn before the store's packages load (gui.controller).
        from msc_desktop.store.site import SiteStore

        if not self.check_folder():
            return
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            store = SiteStore.unlock(self.data_dir, self.user.text().strip(), self.password.text())
        except MscError as error:
            self.message.setText(error_text(error))
            self.password.clear()
            self.password.setFocus()
            return
        finally:
            QApplication.restoreOverrideCursor()
        self.password.clear()
        self.message.clear()
        self.unlocked.emit(store)


class LockPage(QWidget):
    """Shown in place of the work after the idle time; emits `unlocked` when the password fits."""

    unlocked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store: SiteStore | None = None
        _card_frame, layout = _card(self)
        layout.addWidget(QLabel(self.tr("<h2>Locked</h2>"), self))
        self.who = QLabel(self)
        self.who.setObjectName("lock_who")
        self.who.setWordWrap(True)
        layout.addWidget(self.who)
        form = QFormLayout()
        self.password = QLineEdit(self)
        self.password.setObjectName("lock_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("Password"), self.password)
        layout.addLayout(form)
        self.message = QLabel(self)
        self.message.setObjectName("lock_message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(_ERROR)
        layout.addWidget(self.message)
        self.button = QPushButton(self.tr("Unlock"), self)
        self.button.setObjectName("lock_unlock")
        self.button.clicked.connect(self.try_unlock)
        self.password.returnPressed.connect(self.try_unlock)
        layout.addWidget(self.button, alignment=Qt.AlignmentFlag.AlignRight)

    def prepare(self, store: SiteStore, *, idle: bool) -> None:
        self.store = store
        who = f"{store.user.full_name} ({store.user.user_id})"
        if idle:
            text = self.tr(
                "The session of {who} was locked after {minutes} minutes without activity. "
                "Unsaved entries are kept; enter your password to go on."
            ).format(who=who, minutes=store.idle_timeout_s // 60)
        else:
            text = self.tr(
                "The session of {who} was locked. Unsaved entries are kept; enter your password to "
                "go on."
            ).format(who=who)
        self.who.setText(text)
        self.password.clear()
        self.message.clear()
        self.password.setFocus()

    def try_unlock(self) -> None:
        assert self.store is not None
        try:
            self.store.reauthenticate(self.password.text())
        except MscError as error:
            self.message.setText(error_text(error))
            self.password.clear()
            return
        self.password.clear()
        self.message.clear()
        self.unlocked.emit()
