"""First run, above the set-up wizard: the language, and restoring a site on a new computer.

The registry (gui/actions.py) puts this bar at the top of the set-up wizard: a language list
(kept in preferences.json, so the unlock screen uses it later) and "Restore a site from a
backup...". Choosing a language has the registry redraw the wizard in it, keeping what was
typed; a restore replaces the wizard with the unlock screen of the restored site.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from msc_desktop.errors import MscError
from msc_desktop.gui.i18n import (
    LANGUAGES,
    current_language,
    error_text,
    install_language,
    translate,
)
from msc_desktop.gui.site.backups import RestoreDialog, backup_file_filter
from msc_desktop.gui.site.tools import perform_restore
from msc_desktop.gui.windows import retire
from msc_desktop.store.settings import write_preference

if TYPE_CHECKING:
    from msc_desktop.gui.controller import AppController

# What a redrawn wizard keeps of what was typed in the old one.
KEPT_FIELDS = ("site_id", "site_name", "admin_user", "admin_name")


class FirstRunBar(QWidget):
    """Language list and restore button; acts on the controller's current wizard."""

    # The language was installed; the wizard is to be drawn again in it.
    language_chosen = Signal()

    def __init__(self, controller: AppController, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("first_run_bar")
        self.controller = controller
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(translate("FirstRun", "Language / \u8bed\u8a00"), self))
        self.language = QComboBox(self)
        self.language.setObjectName("first_run_language")
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(current_language())))
        self.language.currentIndexChanged.connect(self.choose_language)
        layout.addWidget(self.language)
        layout.addStretch(1)
        self.restore_button = QPushButton(
            translate("FirstRun", "Restore a site from a backup..."), self
        )
        self.restore_button.setObjectName("first_run_restore")
        self.restore_button.clicked.connect(self.restore)
        layout.addWidget(self.restore_button)
        self.message = QLabel(self)
        self.message.setStyleSheet("color: #b00020;")
        layout.addWidget(self.message)

    def choose_language(self) -> None:
        code = str(self.language.currentData())
        try:
            write_preference(self.controller.data_dir, "language", code)
        except MscError as error:
            self.message.setText(error_text(error))
        install_language(code)
        self.language_chosen.emit()

    def restore(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, translate("FirstRun", "Choose a backup"), str(Path.home()), backup_file_filter()
        )
        if path:
            self.restore_from(Path(path))

    def restore_from(self, backup: Path) -> None:
        dialog = RestoreDialog(backup, self.controller.data_dir, None, self.window())
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        wizard = self.controller.setup
        self.controller.setup = None
        perform_restore(self.controller, dialog, wizard)
        retire(wizard)
