"""Backups: the list of this site's backups, "Back up now", and restore after an admin check.

`BackupDialog` shows where backups go and how often (changed in Settings), lists this site's
backups in that folder, writes one on demand, and starts a restore. `RestoreDialog` asks for an
administrator's user name and password and runs every check of `backups.check_backup` (the file
is whole, the password opens it, the account is an administrator in it, its audit trail
verifies, it is this site's) before it accepts; the caller then closes the session and swaps the
database (see site_tools.perform_restore). A backup of another site needs a second confirmation.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
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

from msc_desktop.errors import MscError
from msc_desktop.gui.i18n import error_text, format_datetime, translate
from msc_desktop.gui.site.settings import choice_label
from msc_desktop.gui.widgets.tables import read_only_rows
from msc_desktop.store import backups, settings
from msc_desktop.store.backups import BackupOfAnotherSite, RestoreReport
from msc_desktop.store.roles import Role
from msc_desktop.store.site import SiteStore

_ERROR = "color: #b00020;"
_OK = "color: #1b5e20;"
_MIB = 1024 * 1024


def backup_file_filter() -> str:
    return translate("Backups", "MSC Desktop backups (*.mscbak)")


class RestoreDialog(QDialog):
    """Administrator's credentials for one backup; on accept, `report` and the inputs are set."""

    def __init__(
        self,
        backup: Path,
        data_dir: Path,
        expected_site_id: str | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("restore_dialog")
        self.backup = backup
        self.expected_site_id = expected_site_id
        self.allow_other_site = False
        self.report: RestoreReport | None = None
        self.setWindowTitle(self.tr("Restore from a backup"))
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "<b>Restore {file}</b><br><br>The database on this computer is replaced by the "
                "backup. The current database is not deleted: it is moved to <tt>{folder}</tt>. "
                "Anything entered after the backup was written is not in the backup. Everyone "
                "signs in again afterwards, with the passwords they had when the backup was "
                "written."
            ).format(file=backup.name, folder=data_dir / backups.REPLACED_DIR),
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.user = QLineEdit(self)
        self.user.setObjectName("restore_user")
        self.password = QLineEdit(self)
        self.password.setObjectName("restore_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("Administrator user name"), self.user)
        form.addRow(self.tr("Password"), self.password)
        layout.addLayout(form)
        self.message = QLabel(self)
        self.message.setObjectName("restore_message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(_ERROR)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(self)
        self.restore_button = buttons.addButton(
            self.tr("Restore"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.restore_button.setDefault(True)
        buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.restore_button.clicked.connect(self.check)
        buttons.rejected.connect(self.reject)
        self.password.returnPressed.connect(self.check)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)

    def check(self) -> None:
        """Runs every restore check; accepts only when all pass (asks about another site's
        backup)."""
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.report = backups.check_backup(
                self.backup,
                self.user.text(),
                self.password.text(),
                expected_site_id=self.expected_site_id,
                allow_other_site=self.allow_other_site,
            )
        except BackupOfAnotherSite as other:
            QApplication.restoreOverrideCursor()
            if self._confirm_other_site(other):
                self.allow_other_site = True
                self.check()
            return
        except MscError as error:
            QApplication.restoreOverrideCursor()
            self.message.setText(error_text(error))
            self.password.selectAll()
            self.password.setFocus()
            return
        QApplication.restoreOverrideCursor()
        self.accept()

    def _confirm_other_site(self, other: BackupOfAnotherSite) -> bool:
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("A backup of another site"),
            self.tr(
                "This backup belongs to site {backup_site} ({name}), but this computer holds site "
                "{current_site}. Restore it only if this computer now serves site {backup_site}."
            ).format(
                backup_site=other.backup_site_id,
                name=other.backup_site_name,
                current_site=other.current_site_id,
            ),
            parent=self,
        )
        proceed = box.addButton(
            self.tr("Restore site {site}").format(site=other.backup_site_id),
            QMessageBox.ButtonRole.DestructiveRole,
        )
        cancel = box.addButton(self.tr("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)
        box.exec()
        return box.clickedButton() is proceed


class BackupDialog(QDialog):
    """Emits `restore_chosen(dialog)` with an accepted RestoreDialog; the owner does the swap."""

    restore_chosen = Signal(object)

    def __init__(self, store: SiteStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("backup_dialog")
        self.store = store
        self.setWindowTitle(self.tr("Backups"))
        layout = QVBoxLayout(self)
        self.summary = QLabel(self)
        self.summary.setObjectName("backup_summary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = QTableWidget(0, 2, self)
        self.table.setObjectName("backup_list")
        self.table.setHorizontalHeaderLabels([self.tr("Written"), self.tr("Size")])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        read_only_rows(self.table)
        layout.addWidget(self.table, 1)
        self.message = QLabel(self)
        self.message.setObjectName("backup_message")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        row = QHBoxLayout()
        self.backup_button = QPushButton(self.tr("Back up now"), self)
        self.backup_button.setObjectName("backup_now")
        self.backup_button.clicked.connect(self.back_up_now)
        self.restore_button = QPushButton(self.tr("Restore the selected backup..."), self)
        self.restore_button.setObjectName("restore_selected")
        self.restore_button.clicked.connect(self.restore_selected)
        self.restore_file_button = QPushButton(self.tr("Restore from a file..."), self)
        self.restore_file_button.setObjectName("restore_file")
        self.restore_file_button.clicked.connect(self.restore_from_file)
        close = QPushButton(self.tr("Close"), self)
        close.clicked.connect(self.accept)
        for button in (self.backup_button, self.restore_button, self.restore_file_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(close)
        layout.addLayout(row)
        is_admin = store.user.role is Role.ADMIN
        self.restore_button.setEnabled(is_admin)
        self.restore_file_button.setEnabled(is_admin)
        if not is_admin:
            self.restore_button.setToolTip(
                self.tr("Only a site administrator can restore a backup.")
            )
        self.backup_button.setEnabled(store.user.role is not Role.MONITOR)
        self.resize(720, 460)
        self.reload()

    def reload(self) -> None:
        folder = settings.backup_folder(self.store)
        schedule = choice_label(
            "backup_schedule", settings.site_value(self.store, "backup_schedule")
        )
        text = self.tr(
            "Folder: <tt>{folder}</tt><br>Automatic backup: {schedule}; the newest {keep} are "
            "kept. Change these in Settings."
        ).format(
            folder=folder, schedule=schedule, keep=settings.site_value(self.store, "backup_keep")
        )
        if folder.is_relative_to(self.store.data_dir):
            text += (
                "<br><span style='color:#b00020'>"
                + self.tr(
                    "The backups are on the same disk as the database: they do not help if this "
                    "computer breaks. Choose a USB stick or a second disk as the backup folder."
                )
                + "</span>"
            )
        self.summary.setText(text)
        found = backups.list_backups(folder, self.store.site_id)
        self.table.setRowCount(len(found))
        for row, backup in enumerate(found):
            written = QTableWidgetItem(format_datetime(backup.written))
            written.setData(Qt.ItemDataRole.UserRole, str(backup.path))
            size = QTableWidgetItem(self.tr("{size:.1f} MB").format(size=backup.size / _MIB))
            size.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, 0, written)
            self.table.setItem(row, 1, size)
        if found:
            self.table.selectRow(0)

    def back_up_now(self) -> None:
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            made = backups.backup_now(self.store)
        except MscError as error:
            QApplication.restoreOverrideCursor()
            self.message.setText(error_text(error))
            self.message.setStyleSheet(_ERROR)
            return
        QApplication.restoreOverrideCursor()
        self.message.setText(self.tr("Backup written: {file}").format(file=made.path.name))
        self.message.setStyleSheet(_OK)
        self.reload()

    def selected_backup(self) -> Path | None:
        items = self.table.selectedItems()
        first = self.table.item(items[0].row(), 0) if items else None
        return Path(str(first.data(Qt.ItemDataRole.UserRole))) if first is not None else None

    def restore_selected(self) -> None:
        chosen = self.selected_backup()
        if chosen is None:
            self.message.setText(self.tr("Select a backup in the list first."))
            self.message.setStyleSheet(_ERROR)
            return
        self.ask_restore(chosen)

    def restore_from_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("Choose a backup"),
            str(settings.backup_folder(self.store)),
            backup_file_filter(),
        )
        if path:
            self.ask_restore(Path(path))

    def ask_restore(self, backup: Path) -> None:
        dialog = RestoreDialog(backup, self.store.data_dir, self.store.site_id, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.restore_chosen.emit(dialog)
            self.accept()
