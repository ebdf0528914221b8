"""`msc-desktop --smoke-test`: a headless start-up check for a built bundle
(tests/e2e/test_dist.py).

It starts the real application on the given data folder with whatever Qt platform is set (offscreen
in tests), checks the first screen, and exits without waiting for a user. On an empty folder the
first screen is the set-up wizard: the check fills it in, creates a throw-away site, confirms the
recovery key page, skips the coordinating-centre step and opens the main window. On a folder holding
a site the first screen is the unlock screen. Each step prints one line; a failed step prints one
line on standard error and the exit status is 1. It needs an explicit `--data-dir`.
"""

from __future__ import annotations

import secrets
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from msc_desktop.errors import MscError
from msc_desktop.gui.controller import AppController

SMOKE_SITE_ID = "99"
SMOKE_ADMIN = "smoke.admin"


class SmokeFailure(Exception):
    """A step of the smoke check did not give the expected screen."""


def _settle(app: QApplication) -> None:
    for _ in range(5):
        app.processEvents()


def _create_site(app: QApplication, controller: AppController) -> None:
    wizard = controller.setup
    if wizard is None or not wizard.isVisible():
        raise SmokeFailure("the set-up wizard did not appear on an empty data folder")
    print("first screen: set-up wizard")
    password = f"Smoke-{secrets.token_hex(8)}-Check"
    wizard.site_id.setText(SMOKE_SITE_ID)
    wizard.site_name.setText("Smoke test site")
    wizard.admin_user.setText(SMOKE_ADMIN)
    wizard.admin_name.setText("Smoke Test")
    wizard.password.setText(password)
    wizard.password_again.setText(password)
    wizard.create_site()
    _settle(app)
    if wizard.pages.currentIndex() != 1 or not wizard.recovery_key:
        raise SmokeFailure(f"the site was not created: {wizard.site_message.text()}")
    print(f"site created: {SMOKE_SITE_ID}; recovery key shown")
    wizard.kept_safe.setChecked(True)
    wizard.show_centre_page()
    if wizard.centre_panel is None:
        raise SmokeFailure("the coordinating centre step did not appear after the recovery key")
    wizard.finish()
    _settle(app)
    window = controller.main_window
    if window is None or not window.isVisible():
        raise SmokeFailure("the main window did not open after the set-up wizard")
    print("main window: shown")
    window.close_without_asking = True
    window.close()


def run_smoke_test(data_dir: Path | None) -> int:
    """Never on the default data folder: a throw-away site must not land next to a real one."""
    if data_dir is None:
        print(
            "--smoke-test needs --data-dir (an empty folder, or one holding a test site).",
            file=sys.stderr,
        )
        return 2
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    controller = AppController(data_dir)
    try:
        controller.start()
        _settle(app)
        if controller.unlock is not None:
            if not controller.unlock.isVisible():
                raise SmokeFailure("the unlock screen did not appear")
            print("first screen: unlock")
            controller.unlock.close()
        else:
            _create_site(app, controller)
    except (SmokeFailure, MscError) as failure:
        print(f"smoke test failed: {failure}", file=sys.stderr)
        return 1
    finally:
        controller.close_store()
        _settle(app)
    print("smoke test passed")
    return 0
