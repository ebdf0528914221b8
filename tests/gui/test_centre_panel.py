"""Issue 12 item 3: the administrator connects the site to the coordinating centre inside the app
(key files both ways with fingerprints, the site package, the upload address and certificate), in
Tools > Coordinating centre and as the wizard's last step; no screen tells anyone to run a
command."""

from __future__ import annotations

import re
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

pytest.importorskip(
    "PySide6", reason="PySide6 is not installed: the GUI tests need it (pip install -e '.[gui]')"
)
pytest.importorskip(
    "pytestqt",
    reason="pytest-qt is not installed: the GUI tests need it (pip install -e '.[test]')",
)

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from PySide6.QtCore import Qt

from msc_desktop.central.service import Center
from msc_desktop.gui.actions import build_main_window
from msc_desktop.gui.site.centre import CentreDialog
from msc_desktop.gui.sync.panel import SyncPanel
from msc_desktop.store.services.randomization import stock
from msc_desktop.store.settings import site_value
from msc_desktop.store.site import SiteStore
from msc_desktop.sync.centre_setup import center_ca
from msc_desktop.sync.keys import format_fingerprint, parse_public_document
from tests.catalogue import core_translations
from tests.gui.helpers import click_button

ROOT = Path(__file__).resolve().parents[2]


def dialog_for(qtbot, store: SiteStore) -> CentreDialog:  # type: ignore[no-untyped-def]
    dialog = CentreDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def ca_file(folder: Path) -> Path:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "centre.example.org")])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now)
        .not_valid_after(now + timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    path = folder / "centre-ca.pem"
    path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return path


def test_the_administrator_connects_the_site_step_by_step(  # type: ignore[no-untyped-def]
    qtbot, modals, site: SiteStore, center: Center, tmp_path: Path
) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    dialog = dialog_for(qtbot, site)
    panel = dialog.panel
    assert "Not set up yet" in panel.centre_state.text()
    assert not panel.package_button.isEnabled()
    assert "No allocation list is loaded yet" in panel.lists_state.text()

    # 1. The site's key file for the centre, and the fingerprint to read out.
    saved = panel.save_key_to(usb)
    assert saved == usb / "site-01.pub"
    identity = parse_public_document(saved.read_bytes(), "site")
    assert format_fingerprint(identity.fingerprint) in panel.site_fingerprint.text()
    assert str(saved) in panel.message.text()
    center.register_site("01", saved.read_bytes())
    (usb / "site-01.pub").write_bytes(b"a file the user keeps")
    assert panel.save_key_to(usb) == usb / "site-01-2.pub"  # never overwritten
    assert (usb / "site-01.pub").read_bytes() == b"a file the user keeps"

    # 2. The centre's key: its fingerprint is compared first; cancelling pins nothing.
    centre_print = format_fingerprint(
        parse_public_document(center.home.public_key_path.read_bytes(), "center").fingerprint
    )
    modals.expect(click_button("Cancel"))
    assert not panel.pin_centre_key(center.home.public_key_path)
    assert (
        centre_print in modals.seen[-1] and panel.status is not None and not panel.status.connected
    )
    modals.expect(click_button("It matches: pin this key"))
    assert panel.pin_centre_key(center.home.public_key_path)
    modals.check()
    assert panel.centre_fingerprint.text() == centre_print and "Pinned" in panel.centre_state.text()
    assert panel.package_button.isEnabled()

    # 3. The site package loads the allocation lists.
    package = usb / "site-01.mscp"
    package.write_bytes(center.site_package("01", expected_enrolment=10))
    assert panel.import_files([package])
    assert [s.total > 0 for s in stock(site)] == [True, True]
    assert (
        "stratum B:" in panel.lists_state.text()
        and "allocation lists loaded" in panel.message.text()
    )
    garbage = usb / "garbage.mscp"
    garbage.write_bytes(b"not a package")
    assert not panel.import_files([garbage])
    assert (
        "garbage.mscp" in panel.message.text() and panel.message.styleSheet() == "color: #b00020;"
    )

    # 4. Upload address and certificate.
    panel.url.setText("ftp://centre")
    panel.save_url()
    assert (
        "must start with https://" in panel.message.text()
        and site_value(site, "center_upload_url") == ""
    )
    panel.url.setText("https://centre.example.org:8443/")
    panel.save_url()
    assert site_value(site, "center_upload_url") == "https://centre.example.org:8443"
    not_a_certificate = usb / "notes.pem"
    not_a_certificate.write_text("hello")
    assert not panel.set_ca(not_a_certificate) and "not a certificate file" in panel.message.text()
    assert panel.set_ca(ca_file(usb))
    assert "centre.example.org" in panel.ca_state.text() and center_ca(site) is not None
    panel.clear_ca()
    assert center_ca(site) is None and "computer's own" in panel.ca_state.text()


def test_a_key_file_too_large_or_of_the_wrong_kind_is_refused_with_one_line(  # type: ignore[no-untyped-def]
    qtbot, site: SiteStore, tmp_path: Path
) -> None:
    dialog = dialog_for(qtbot, site)
    panel = dialog.panel
    huge = tmp_path / "huge.pub"
    huge.write_bytes(b"x" * 5_000_000)
    assert not panel.pin_centre_key(huge)
    assert "larger than the limit" in panel.message.text()
    own = panel.save_key_to(tmp_path)
    assert own is not None and not panel.pin_centre_key(own)
    assert "belongs to a site" in panel.message.text()


def test_the_centre_screen_is_in_the_tools_menu_for_administrators_only(  # type: ignore[no-untyped-def]
    qtbot, site: SiteStore, nurse_store: SiteStore, clock
) -> None:
    for store, allowed in ((site, True), (nurse_store, False)):
        window = build_main_window(store, clock=clock)
        qtbot.addWidget(
            window, before_close_func=lambda w: setattr(w, "close_without_asking", True)
        )
        assert window.menu_actions["centre"].isEnabled() is allowed
        if allowed:
            window.menu_actions["centre"].trigger()
            dialog = window.findChild(CentreDialog)
            assert dialog is not None
            qtbot.addWidget(dialog)
            assert dialog.windowTitle() == "Coordinating centre"
            dialog.reject()


def test_the_sync_panel_says_where_the_centre_is_set_up(qtbot, site: SiteStore) -> None:  # type: ignore[no-untyped-def]
    panel = SyncPanel(site)
    qtbot.addWidget(panel)
    text = panel.fingerprints.text()
    assert "this site no site key" not in text.lower()
    assert "Tools > Coordinating centre" in text
    assert re.match(r"^(This site: [0-9A-F ]+|This site has no key yet\.)\n", text), text


def test_no_screen_tells_a_user_to_run_a_command() -> None:
    """The GUI's sentences, and the core sentences it shows (the core catalogue's "Messages"; its
    web pages' words are the centre's), name no command-line tool."""
    found = subprocess.run(
        [
            "grep",
            "-rnE",
            r"msc-site|msc-central|set-center|command line|terminal",
            "msc_desktop/gui",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert found.stdout == ""
    catalogue = (ROOT / "ui" / "translations" / "msc_desktop_zh_CN.ts").read_text(encoding="utf-8")
    sources = re.findall(r"<source>(.*?)</source>", catalogue, flags=re.DOTALL)
    sources += list(core_translations())  # the core's sentences the GUI shows ("Messages")
    assert [
        s for s in sources if re.search(r"msc-site|msc-central|set-center|command line", s)
    ] == []


def test_the_wizard_ends_with_a_centre_step_that_may_be_skipped_or_finished(  # type: ignore[no-untyped-def]
    qtbot, modals, tmp_path: Path, center: Center
) -> None:
    from msc_desktop.gui.setup_wizard import SetupWizard
    from tests.accounts import ADMIN

    wizard = SetupWizard(tmp_path / "site")
    qtbot.addWidget(wizard)
    wizard.site_id.setText("01")
    wizard.site_name.setText("Test Hospital")
    wizard.admin_user.setText(ADMIN[0])
    wizard.admin_name.setText(ADMIN[2])
    wizard.password.setText(ADMIN[1])
    wizard.password_again.setText(ADMIN[1])
    wizard.create_site()
    finished: list[object] = []
    wizard.finished.connect(finished.append)
    wizard.finish()
    assert finished == []  # not before the recovery key is kept and the centre step is shown
    wizard.kept_safe.setChecked(True)
    wizard.key_done_button.click()
    assert wizard.pages.currentWidget() is wizard.centre_page and wizard.key_label.text() == ""
    panel = wizard.centre_panel
    assert (
        panel is not None
        and not wizard.finish_button.isEnabled()
        and wizard.skip_button.isEnabled()
    )
    panel.url.setFocus()
    qtbot.keyClicks(panel.url, "https://centre.example.org")
    qtbot.keyClick(panel.url, Qt.Key.Key_Return)  # saves the address and nothing more
    assert finished == [] and "Upload address saved" in panel.message.text()
    modals.expect(click_button("It matches: pin this key"))
    assert panel.pin_centre_key(center.home.public_key_path)
    assert wizard.finish_button.isEnabled()
    wizard.finish_button.click()
    assert len(finished) == 1
    store = finished[0]
    assert isinstance(store, SiteStore)
    store.close()
