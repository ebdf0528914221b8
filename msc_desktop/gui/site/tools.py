"""What the main window gets after sign-in besides its own views: the Tools menu (Settings,
Backups, Coordinating centre, Protocol versions), what the store found at sign-in (a clock set back...), scheduled
backups (at sign-in, then hourly while due), the offer of kept drafts, and the restore itself
(close the session, swap the database, show the unlock screen).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox, QWidget

from msc_desktop.errors import MscError, PermissionDenied
from msc_desktop.gui.crash_dialog import offer_drafts
from msc_desktop.gui.i18n import error_text, format_datetime, localized, translate
from msc_desktop.gui.site.backups import BackupDialog, RestoreDialog
from msc_desktop.gui.site.centre import CentreDialog, open_centre_dialog
from msc_desktop.gui.site.protocol_versions import open_protocol_versions
from msc_desktop.gui.site.settings import SettingsDialog
from msc_desktop.gui.widgets.dialogs import permission_problem
from msc_desktop.gui.windows import retire
from msc_desktop.store import backups
from msc_desktop.store.roles import Action

if TYPE_CHECKING:
    from msc_desktop.gui.controller import AppController
    from msc_desktop.gui.main_window import MainWindow

SCHEDULE_CHECK_MS = 60 * 60 * 1000
log = logging.getLogger("msc_desktop.gui.backups")


class SiteTools(QObject):
    """Owned by the main window; `controller` shows the unlock screen after a restore."""

    def __init__(self, controller: AppController, window: MainWindow) -> None:
        super().__init__(window)
        self.controller = controller
        self.window = window
        existing = window.menuBar().actions()
        menu = QMenu(translate("SiteTools", "&Tools"), window)
        if existing:  # before Help, the last menu by convention
            window.menuBar().insertMenu(existing[-1], menu)
        else:
            window.menuBar().addMenu(menu)
        self.settings_action = QAction(translate("SiteTools", "&Settings..."), window)
        self.settings_action.triggered.connect(self.open_settings)
        self.backups_action = QAction(translate("SiteTools", "&Backups..."), window)
        self.backups_action.triggered.connect(self.open_backups)
        self.centre_action = QAction(translate("SiteTools", "&Coordinating centre..."), window)
        self.centre_action.triggered.connect(self.open_centre)
        centre_problem = permission_problem(window.store, Action.MANAGE_SITE)
        self.centre_action.setEnabled(centre_problem is None)
        self.centre_action.setToolTip(centre_problem or "")
        self.protocol_action = QAction(translate("SiteTools", "&Protocol versions..."), window)
        self.protocol_action.triggered.connect(
            lambda: open_protocol_versions(self.window, self.window.store, self.window.clock))
        self.protocol_action.setEnabled(centre_problem is None)
        self.protocol_action.setToolTip(centre_problem or "")
        menu.addAction(self.settings_action)
        menu.addAction(self.backups_action)
        menu.addAction(self.centre_action)
        menu.addAction(self.protocol_action)
        self.timer = QTimer(self)
        self.timer.setInterval(SCHEDULE_CHECK_MS)
        self.timer.timeout.connect(self.run_scheduled_backup)
        self.timer.start()

    def after_sign_in(self) -> None:
        show_unlock_warnings(self.window)
        self.run_scheduled_backup()
        offer_drafts(self.window)

    def run_scheduled_backup(self) -> None:
        """A due backup; a failure stays on the status bar (and in the log) until the next one."""
        if self.window.store.is_idle_locked():
            return
        try:
            made = backups.run_scheduled_backup(self.window.store)
        except PermissionDenied:
            return
        except MscError as error:
            log.warning("scheduled backup failed: %s", type(error).__name__)
            self.window.statusBar().showMessage(
                translate("SiteTools", "The automatic backup failed: {error}").format(error=error_text(error))
            )
            return
        if made is not None:
            self.window.statusBar().showMessage(
                translate("SiteTools", "Automatic backup written {when}.").format(when=format_datetime(made.written)),
                15000,
            )

    def open_settings(self) -> None:
        dialog = SettingsDialog(self.window.store, self.window)
        if dialog.exec() and dialog.language_changed:
            QMessageBox.information(
                self.window, translate("SiteTools", "Language"),
                translate("SiteTools", "The new language is used for windows opened from now on. "
                          "Sign out and in again to see it everywhere."),
            )

    def open_centre(self) -> CentreDialog:
        return open_centre_dialog(self.window, self.window.store)

    def open_backups(self) -> None:
        dialog = BackupDialog(self.window.store, self.window)
        dialog.restore_chosen.connect(self.restore)
        dialog.exec()

    def restore(self, dialog: RestoreDialog) -> None:
        if not self.window.participant_page.may_leave():
            return
        self.window.close_without_asking = True
        self.window.close()
        self.window.store.close()
        retire(self.window)
        self.controller.main_window = None
        perform_restore(self.controller, dialog, None)


def show_unlock_warnings(window: MainWindow) -> None:
    """What the store found at sign-in that the user must know first (a clock set back...)."""
    warnings = window.store.unlock_warnings
    if warnings:
        text = "\n\n".join(localized(warning) for warning in warnings)
        QMessageBox.warning(window, translate("SiteTools", "Check before you continue"),
                            text + "\n\n" + translate("SiteTools", "Tell the site administrator."))


def perform_restore(controller: AppController, dialog: RestoreDialog, parent: QWidget | None) -> None:
    """Swaps the database for the checked backup, says what happened, shows the unlock screen."""
    try:
        report = backups.restore_backup(
            controller.data_dir, dialog.backup, dialog.user.text(), dialog.password.text(),
            expected_site_id=dialog.expected_site_id, allow_other_site=dialog.allow_other_site,
        )
    except MscError as error:
        QMessageBox.warning(parent, translate("SiteTools", "The backup was not restored"), error_text(error))
    else:
        participants = report.record_counts.get("participant", 0)
        kept = (translate("SiteTools", "The previous database was kept in {folder}.").format(folder=report.kept_aside)
                if report.kept_aside else "")
        QMessageBox.information(
            parent, translate("SiteTools", "Backup restored"),
            translate("SiteTools", "Site {site} ({name}) was restored from the backup written {when}: "
                      "{participants} participants, {records} audit records, audit trail verified.").format(
                site=report.site_id, name=report.site_name, when=format_datetime(report.written),
                participants=participants, records=report.audit_records,
            ) + (f"\n\n{kept}" if kept else ""),
        )
    QApplication.processEvents()
    controller.show_unlock()


def attach_site_tools(controller: AppController) -> None:
    """Called by the controller once the main window is shown."""
    window = controller.main_window
    if window is None:
        return
    tools = SiteTools(controller, window)
    QTimer.singleShot(0, tools, tools.after_sign_in)
