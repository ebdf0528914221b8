"""Starts the application: the set-up wizard or the unlock screen, then the main window.

Windows are opened through the registry (gui/actions.py). Start-up is kept short: the unlock
screen needs only Qt, so the store (SQLAlchemy, SQLCipher, Alembic, cryptography) and the
registry with the main window are imported after the screen is shown, while the user types the
password (`preload_main_window`), or on first use: the imports made inside this module's
functions are those, on purpose (tests/unit/test_layering.py lists them). On a first run the
registry loads before the set-up wizard is drawn, so its Finish opens the main window at once.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog

from msc_desktop.gui.i18n import install_language, translate
from msc_desktop.gui.unlock import UnlockScreen
from msc_desktop.gui.windows import retire
from msc_desktop.store.layout import FolderState, folder_state

if TYPE_CHECKING:
    from msc_desktop.gui.main_window import MainWindow
    from msc_desktop.gui.setup_wizard import SetupWizard
    from msc_desktop.store.site import SiteStore

#: The unlock screen is painted first; nobody types a password within this time.
PRELOAD_DELAY_MS = 200


class AppController(QObject):
    """Owns the top-level windows; `clock` gives today's date (tests pin it)."""

    def __init__(self, data_dir: Path, clock: Callable[[], date] = date.today) -> None:
        super().__init__()
        self.data_dir = data_dir
        self.clock = clock
        self.setup: SetupWizard | None = None
        self.unlock: UnlockScreen | None = None
        self.main_window: MainWindow | None = None

    def start(self) -> None:
        if folder_state(self.data_dir) is not FolderState.EMPTY:
            self.show_unlock()
            QTimer.singleShot(PRELOAD_DELAY_MS, preload_main_window)
        else:
            from msc_desktop.gui.actions import open_setup_wizard

            self.setup = open_setup_wizard(self)
            self.setup.show()

    def show_unlock(self) -> None:
        self.unlock = UnlockScreen(self.data_dir)
        self.unlock.unlocked.connect(self.open_main_window)
        self.unlock.restore_requested.connect(self.choose_backup_to_restore)
        self.unlock.show()

    def choose_backup_to_restore(self) -> None:
        """The unlock screen of a folder that lost its database: pick a backup and restore it."""
        from msc_desktop.gui.site.backups import backup_file_filter

        path, _filter = QFileDialog.getOpenFileName(
            self.unlock,
            translate("FirstRun", "Choose a backup"),
            str(Path.home()),
            backup_file_filter(),
        )
        if path:
            self.restore_lost_site(Path(path))

    def restore_lost_site(self, backup: Path) -> None:
        from msc_desktop.gui.site.backups import RestoreDialog
        from msc_desktop.gui.site.tools import perform_restore

        old = self.unlock
        dialog = RestoreDialog(backup, self.data_dir, None, old)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        perform_restore(self, dialog, old)
        if old is not None and old is not self.unlock:
            old.close()

    def open_main_window(self, store: SiteStore) -> None:
        from msc_desktop.gui.actions import open_main_window

        self.main_window = open_main_window(self, store)
        retire(self.setup)
        retire(self.unlock)
        self.setup = None
        self.unlock = None

    def signed_out(self) -> None:
        retire(self.main_window)
        self.main_window = None
        self.show_unlock()

    def close_store(self) -> None:
        if self.main_window is not None:
            self.main_window.store.close()


def preload_main_window() -> None:
    """Imports the main window and the store while the unlock screen waits for the password."""
    import msc_desktop.gui.actions  # noqa: F401 (imported for its side effect: loaded modules)


def run_application(data_dir: Path) -> int:
    from msc_desktop.gui.crash_dialog import CrashHandler
    from msc_desktop.store.settings import read_preferences

    app = QApplication(sys.argv)
    app.setApplicationName("MSC Desktop")
    app.setOrganizationName("XJMSC")
    install_language(read_preferences(data_dir)["language"])
    controller = AppController(data_dir)
    crash_handler = CrashHandler(
        data_dir, lambda: controller.main_window.store if controller.main_window else None
    )
    crash_handler.install()
    controller.start()
    try:
        return app.exec()
    finally:
        controller.close_store()
