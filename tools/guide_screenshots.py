"""Screenshots for the user guide (docs/), taken from the real app so the guide stays current.

Usage: .venv/bin/python tools/guide_screenshots.py [--language en|zh] [--out DIR]
Reuses tools/screenshots.py (Xvfb at 1366x768, a throw-away site built through the services,
`import -window root`): every screen it shoots is copied as <name>.png (without its running
number, so the guide's links survive new screens), then the screens of the first run, settings,
backups, restore, the crash dialog and the draft offer are added. The whole walk is in one
interface language: English into docs/images/, Chinese into docs/images/zh/ (the same names).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

import screenshot_sites
import screenshots

IMAGES = {"en": ROOT / "docs" / "images", "zh": ROOT / "docs" / "images" / "zh"}


def screen_walks() -> list[Callable[[Path], None]]:
    """Every `take_*` walk of tools/screenshots.py, in the order of the file."""
    walks = [getattr(screenshots, name) for name in dir(screenshots) if name.startswith("take_")]
    return sorted(walks, key=lambda walk: walk.__code__.co_firstlineno)


def copy_numbered(source: Path, out: Path) -> None:
    for path in sorted(source.glob("*.png")):
        name = path.name.split("-", 1)[1] if path.name[:2].isdigit() else path.name
        shutil.copyfile(path, out / name)


def take_site_tools(out: Path) -> None:
    """First run, settings, backups, restore, crash dialog and draft offer, in the installed
    language."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from msc_desktop.gui.actions import build_main_window
    from msc_desktop.gui.controller import AppController
    from msc_desktop.gui.crash_dialog import CrashDialog, offer_drafts
    from msc_desktop.gui.i18n import current_language
    from msc_desktop.gui.site.backups import BackupDialog, RestoreDialog
    from msc_desktop.gui.site.settings import SettingsDialog
    from msc_desktop.logs import log_path
    from msc_desktop.store import backups, settings
    from msc_desktop.store.drafts import save_draft
    from msc_desktop.store.site import SiteStore

    with screenshots.screenshot_walk(out, "guide") as (shooter, today, work):
        language = current_language()
        first = AppController(work / "new")
        first.start()
        assert first.setup is not None
        first.setup.move(0, 0)
        shooter.shoot(f"first-run-{language}")
        first.setup.close()

        screenshot_sites.build_site(work / "site", today)
        admin = SiteStore.unlock(
            work / "site", screenshot_sites.ADMIN[0], screenshot_sites.ADMIN[1]
        )
        usb = work / "usb"
        settings.change(admin, "backup_folder", str(usb))
        for _ in range(2):
            backups.backup_now(admin)
        dialog = SettingsDialog(admin)
        dialog.move(0, 0)
        dialog.show()
        shooter.shoot("settings")
        dialog.close()
        backup_dialog = BackupDialog(admin)
        backup_dialog.move(0, 0)
        backup_dialog.show()
        shooter.shoot("backups")
        newest = backups.list_backups(usb)[0]
        restore = RestoreDialog(newest.path, admin.data_dir, admin.site_id, backup_dialog)
        restore.user.setText(screenshot_sites.ADMIN[0])
        restore.password.setText("wrong-password-1")
        restore.show()
        restore.check()
        shooter.shoot("restore-wrong-password")
        restore.close()
        backup_dialog.close()
        crash = CrashDialog("4F2A9C", 1, log_path(admin.data_dir))
        crash.move(0, 0)
        crash.show()
        shooter.shoot("crash-dialog")
        crash.close()
        admin.close()
        nurse = SiteStore.unlock(
            work / "site", screenshot_sites.NURSE[0], screenshot_sites.NURSE[1]
        )
        save_draft(nurse, "registration", "", {"screening_number": "S013", "initials": "LM"})
        window = build_main_window(nurse)
        window.showMaximized()

        def shoot_offer() -> None:
            shooter.shoot("draft-offer")
            for box in QApplication.topLevelWidgets():
                if isinstance(box, QMessageBox) and box.isVisible():
                    box.done(0)

        QTimer.singleShot(300, shoot_offer)
        offer_drafts(window)
        window.close_without_asking = True
        window.close()
        nurse.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--language", choices=("en", "zh"), default="en", help="the interface language"
    )
    parser.add_argument("--out", type=Path, help="default: docs/images, docs/images/zh in Chinese")
    parser.add_argument(
        "--only-site-tools", action="store_true", help="skip the screens of tools/screenshots.py"
    )
    args = parser.parse_args(argv)
    out: Path = args.out or IMAGES[args.language]
    out.mkdir(parents=True, exist_ok=True)
    server = screenshots.start_display()
    os.environ["QT_QPA_PLATFORM"] = "xcb"
    try:
        from PySide6.QtWidgets import QApplication

        from msc_desktop.gui.i18n import install_language

        _application = QApplication.instance() or QApplication([])  # alive for the whole walk
        install_language(args.language)
        with tempfile.TemporaryDirectory(prefix="msc-shots-") as folder:
            numbered = Path(folder)
            if not args.only_site_tools:
                for take in screen_walks():
                    take(numbered)
            take_site_tools(numbered)
            copy_numbered(numbered, out)
    finally:
        if server is not None:
            server.terminate()
            server.wait()
    return 0


if __name__ == "__main__":
    exit_status = main()
    sys.stdout.flush()
    # As in tools/screenshots.py: every picture is written; skip the interpreter's finalization,
    # where PySide6 may abort while tearing down the widgets left from the walk.
    os._exit(exit_status)
