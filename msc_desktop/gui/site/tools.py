"""What the main window gets after sign-in besides its own views: what the Tools menu
(gui/actions.py) opens (Settings, Backups), what the store found at sign-in (a clock set back...),
scheduled backups (at sign-in, then hourly while due), the offer of kept drafts, and the restore
itself (close the session, swap the database, show the unlock screen).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from msc_desktop.errors import MscError, PermissionDenied
from msc_desktop.gui.crash_dialog import offer_drafts
from msc_desktop.gui.i18n import error_text, format_datetime, localized, translate
from msc_desktop.gui.site.backups import BackupDialog, RestoreDialog
from msc_desktop.gui.site.settings import SettingsDialog
from msc_desktop.gui.windows import retire
from msc_desktop.store import backups

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
        window.restore_requested.connect(self.restore)
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
                translate("SiteTools", "The automatic backup failed: {error}").format(
                    error=error_text(error)
                )
            )
            return
        if made is not None:
            self.window.statusBar().showMessage(
                translate("SiteTools", "Automatic backup written {when}.").format(
                    when=format_datetime(made.written)
                ),
                15000,
            )

    def restore(self, dialog: RestoreDialog) -> None:
        if not self.window.participant_page.may_leave():
            return
        self.window.close_without_asking = True
        self.window.close()
        self.window.store.close()
        retire(self.window)
        self.controller.main_window = None
        perform_restore(self.controller, dialog, None)


def open_settings(window: MainWindow) -> None:
    dialog = SettingsDialog(window.store, window)
    if dialog.exec() and dialog.language_changed:
        QMessageBox.information(
            window,
            translate("SiteTools", "Language"),
            translate(
                "SiteTools",
                "The new language is used for windows opened from now on. "
                "Sign out and in again to see it everywhere.",
            ),
        )


def open_backups(window: MainWindow) -> None:
    """The backups dialog; a restore it accepts goes to `window.restore_requested`."""
    dialog = BackupDialog(window.store, window)
    dialog.restore_chosen.connect(window.restore_requested)
    dialog.exec()


def show_unlock_warnings(window: MainWindow) -> None:
    """What the store found at sign-in that the user must know first (a clock set back...)."""
    warnings = window.store.unlock_warnings
    if warnings:
        text = "\n\n".join(localized(warning) for warning in warnings)
        QMessageBox.warning(
            window,
            translate("SiteTools", "Check before you continue"),
            text + "\n\n" + translate("SiteTools", "Tell the site administrator."),
        )


def perform_restore(
    controller: AppController, dialog: RestoreDialog, parent: QWidget | None
) -> None:
    """Swaps the database for the checked backup, says what happened, shows the unlock screen."""
    try:
        report = backups.restore_backup(
            controller.data_dir,
            dialog.backup,
            dialog.user.text(),
            dialog.password.text(),
            expected_site_id=dialog.expected_site_id,
            allow_other_site=dialog.allow_other_site,
        )
    except MscError as error:
        QMessageBox.warning(
            parent, translate("SiteTools", "The backup was not restored"), error_text(error)
        )
    else:
        participants = report.record_counts.get("participant", 0)
        kept = (
            translate("SiteTools", "The previous database was kept in {folder}.").format(
                folder=report.kept_aside
            )
            if report.kept_aside
            else ""
        )
        QMessageBox.information(
            parent,
            translate("SiteTools", "Backup restored"),
            translate(
                "SiteTools",
                "Site {site} ({name}) was restored from the backup written {when}: "
                "{participants} participants, {records} audit records, audit trail verified.",
            ).format(
                site=report.site_id,
                name=report.site_name,
                when=format_datetime(report.written),
                participants=participants,
                records=report.audit_records,
            )
            + (f"\n\n{kept}" if kept else ""),
        )
    QApplication.processEvents()
    controller.show_unlock()
