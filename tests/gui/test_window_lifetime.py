"""Top-level windows replaced by the event they are handling (Enter in the unlock screen, Finish in
the wizard, Sign out in the main window) live until that event is done, then are deleted.

Deleting them at once freed the widget under Qt's key handler: pressing Enter to sign in crashed
the app on a real X11 display (issue 12, item 1). Offscreen the freed memory often survives, so
these tests check the lifetime itself instead of waiting for a crash.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("PySide6", reason="PySide6 is not installed: the GUI tests need it")
pytest.importorskip("pytestqt", reason="pytest-qt is not installed: the GUI tests need it")

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QWidget

from msc_desktop.gui.controller import AppController
from msc_desktop.store.site import SiteStore
from tests.accounts import ADMIN, NURSE


def _delete_later_now() -> None:
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def test_enter_in_the_unlock_password_deletes_the_screen_only_after_the_key_event(
    qtbot: Any, site: SiteStore, data_dir: Path
) -> None:
    site.close()
    controller = AppController(data_dir)
    controller.start()
    screen = controller.unlock
    assert screen is not None
    alive_after_unlock: list[bool] = []
    # Connected after the screen's own handler: runs once the main window has replaced the screen.
    screen.password.returnPressed.connect(
        lambda: alive_after_unlock.append(shiboken6.isValid(screen.password))
    )
    qtbot.keyClicks(screen.user, NURSE[0])
    qtbot.keyClicks(screen.password, NURSE[1])
    qtbot.keyClick(screen.password, Qt.Key.Key_Return)
    window = controller.main_window
    assert window is not None and controller.unlock is None
    qtbot.addWidget(window)
    assert alive_after_unlock == [True], "the unlock screen was deleted inside its own key event"
    assert shiboken6.isValid(screen) and not screen.isVisible()
    _delete_later_now()
    assert not shiboken6.isValid(screen), "the replaced unlock screen was never deleted"
    window.close_without_asking = True
    window.close()
    window.store.close()


def test_sign_out_deletes_the_main_window_after_the_menu_action(
    qtbot: Any, site: SiteStore, data_dir: Path
) -> None:
    site.close()
    controller = AppController(data_dir)
    controller.start()
    screen = controller.unlock
    assert screen is not None
    screen.user.setText(ADMIN[0])
    screen.password.setText(ADMIN[1])
    screen.button.click()
    window = controller.main_window
    assert window is not None
    store = window.store
    window.menu_actions["sign_out"].trigger()
    assert shiboken6.isValid(window), "the main window was deleted inside its own menu action"
    assert not window.isVisible() and controller.main_window is None
    assert controller.unlock is not None and controller.unlock.isVisible()
    qtbot.addWidget(controller.unlock)
    _delete_later_now()
    assert not shiboken6.isValid(window), "the signed-out main window was never deleted"
    store.close()


def test_finishing_the_wizard_deletes_it_after_the_click(qtbot: Any, tmp_path: Path) -> None:
    controller = AppController(tmp_path / "new-site")
    controller.start()
    wizard = controller.setup
    assert wizard is not None
    wizard.site_id.setText("01")
    wizard.site_name.setText("Test Hospital")
    wizard.admin_user.setText(ADMIN[0])
    wizard.admin_name.setText(ADMIN[2])
    wizard.password.setText(ADMIN[1])
    wizard.password_again.setText(ADMIN[1])
    qtbot.keyClick(wizard.password_again, Qt.Key.Key_Return)
    wizard.kept_safe.setChecked(True)
    qtbot.mouseClick(wizard.key_done_button, Qt.MouseButton.LeftButton)
    finish: QWidget = wizard.skip_button  # the centre step, done later in Tools
    alive_after_finish: list[bool] = []
    wizard.skip_button.clicked.connect(lambda: alive_after_finish.append(shiboken6.isValid(finish)))
    qtbot.mouseClick(wizard.skip_button, Qt.MouseButton.LeftButton)
    window = controller.main_window
    assert window is not None
    qtbot.addWidget(window)
    assert alive_after_finish == [True], "the wizard was deleted inside its own click"
    _delete_later_now()
    assert not shiboken6.isValid(wizard)
    window.close_without_asking = True
    window.close()
    window.store.close()
