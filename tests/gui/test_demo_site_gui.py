"""A demo site is made with the set-up wizard's check box and says DEMO in the title bar."""

from __future__ import annotations

from pathlib import Path

from msc_desktop.gui.actions import build_main_window
from msc_desktop.gui.setup_wizard import SetupWizard
from msc_desktop.store.site import SiteStore
from msc_desktop.store.site_kind import is_demo_site
from tests.accounts import ADMIN


def made_site(qtbot, folder: Path, *, demo: bool) -> SiteStore:  # type: ignore[no-untyped-def]
    wizard = SetupWizard(folder)
    qtbot.addWidget(wizard)
    wizard.site_id.setText("07")
    wizard.site_name.setText("Harbour Clinic")
    wizard.admin_user.setText(ADMIN[0])
    wizard.admin_name.setText(ADMIN[2])
    wizard.password.setText(ADMIN[1])
    wizard.password_again.setText(ADMIN[1])
    assert not wizard.demo.isChecked()  # a real site unless asked
    wizard.demo.setChecked(demo)
    wizard.create_site()
    assert wizard.store is not None
    return wizard.store


def test_the_wizard_check_box_makes_a_demo_site_titled_demo(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    demo = made_site(qtbot, tmp_path / "demo", demo=True)
    real = made_site(qtbot, tmp_path / "real", demo=False)
    try:
        assert is_demo_site(demo) and not is_demo_site(real)
        demo_window, real_window = build_main_window(demo), build_main_window(real)
        qtbot.addWidget(demo_window)
        qtbot.addWidget(real_window)
        assert demo_window.windowTitle() == (
            "DEMO MSC Desktop: site 07 Harbour Clinic (demo site: not for a real study)"
        )
        assert "DEMO" not in real_window.windowTitle()
    finally:
        demo.close()
        real.close()
