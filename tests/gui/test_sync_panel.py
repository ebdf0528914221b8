"""The sync panel (issue 7, item 5) against a real centre: what is pending, export to a USB stick or
folder, the centre's receipt imported back, upload to `msc-central serve`, re-send and full
re-export, refusals with one sentence, and the panel blocked while its worker thread runs."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

pytest.importorskip(
    "PySide6", reason="PySide6 is not installed: the GUI tests need it (pip install -e '.[gui]')"
)
pytest.importorskip(
    "pytestqt",
    reason="pytest-qt is not installed: the GUI tests need it (pip install -e '.[test]')",
)

from msc_desktop.central.service import Center
from msc_desktop.gui.main_window import MainWindow
from msc_desktop.gui.participant.lists import ParticipantListPage
from msc_desktop.gui.sync import panel as sync_panel_module
from msc_desktop.gui.sync.panel import SyncPanel
from msc_desktop.store import settings
from msc_desktop.store.services.adverse_events import record_adverse_event
from msc_desktop.store.site import SiteStore
from msc_desktop.sync.site import Progress, sync_status
from tests.accounts import CENTRE_PASSPHRASE
from tests.factories import TODAY, randomized_participant
from tests.gui.helpers import ModalAnswers, click_button
from tests.lists import load_signed_list
from tests.unit.store.test_services_followup import AE
from tests.unit.sync.sitepath import add_participant, connect


@pytest.fixture
def usb(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A USB stick the drive listing reports (the machine running the tests has none)."""
    stick = tmp_path / "media" / "nurse" / "MSC-USB"
    stick.mkdir(parents=True)
    monkeypatch.setattr(sync_panel_module, "removable_drives", lambda: [stick])
    return stick


def open_panel(qtbot, store: SiteStore) -> SyncPanel:  # type: ignore[no-untyped-def]
    panel = SyncPanel(store)
    qtbot.addWidget(panel)
    panel.show()
    return panel


def finish(qtbot, panel: SyncPanel) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not panel.running, timeout=30_000)


def test_the_main_window_opens_the_panel_from_the_file_menu(qtbot, site: SiteStore) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(site, clock=lambda: TODAY)
    qtbot.addWidget(window)
    window.menu_actions["sync"].trigger()
    panels = window.findChildren(SyncPanel)
    assert len(panels) == 1 and panels[0].isModal()
    qtbot.addWidget(panels[0])


def test_without_the_centres_key_nothing_can_be_sent_and_the_panel_says_why(
    qtbot, site: SiteStore
) -> None:  # type: ignore[no-untyped-def]
    panel = open_panel(qtbot, site)
    status = sync_status(site)
    assert panel.not_exported.text() == f"{status.changes_not_exported} record(s)"
    assert status.changes_not_exported > 0
    assert "not set up yet" in panel.fingerprints.text()
    for button in (
        panel.export_button,
        panel.resend_button,
        panel.full_button,
        panel.upload_button,
    ):
        assert not button.isEnabled()
    assert panel.export_button.toolTip() == "The centre's key is not set up at this site yet."
    assert panel.import_button.isEnabled()
    assert "No upload address is set" in panel.upload_label.text()
    assert panel.not_acknowledged.text() == "none: nothing exported yet"


def test_export_to_the_usb_stick_then_import_the_receipt(  # type: ignore[no-untyped-def]
    qtbot, site: SiteStore, nurse_store: SiteStore, center: Center, usb: Path, tmp_path: Path
) -> None:
    connect(site, center, tmp_path)
    add_participant(nurse_store, 0)
    panel = open_panel(qtbot, nurse_store)
    assert panel.target.itemText(0) == f"USB drive {usb}" and panel.export_folder() == usb
    pending = sync_status(nurse_store).changes_not_exported
    assert panel.not_exported.text() == f"{pending} record(s)"
    panel.export_button.click()
    assert panel.running
    finish(qtbot, panel)
    bundles = sorted(usb.glob("*.mscb"))
    assert len(bundles) == 1
    status = sync_status(nurse_store)
    assert panel.headline.text().startswith(f"Exported records 1-{status.exported_seq} ")
    assert str(bundles[0]) in panel.headline.text()
    assert panel.not_exported.text() == "0 record(s)"
    assert (
        panel.not_acknowledged.text()
        == f"{status.exported_seq} record(s) in 1 bundle(s) kept in the outbox"
    )
    assert panel.progress.value() == panel.progress.maximum()

    outcome = center.import_files(bundles)[0]
    assert outcome.status == "accepted"
    panel.import_files([center.home.receipt_path(bundles[0].name)])
    finish(qtbot, panel)
    assert panel.headline.text() == "1 file(s) imported."
    assert (
        panel.not_acknowledged.text() == f"none: the centre holds records 1-{status.exported_seq}"
    )
    assert "receipt for" in panel.results.toPlainText()

    panel.export_button.click()
    finish(qtbot, panel)
    assert panel.headline.text() == "Nothing new to export: every change is already in a bundle."
    panel.resend_button.click()
    finish(qtbot, panel)
    assert panel.headline.text() == "Nothing to re-send: the centre has acknowledged every record."
    assert len(list(usb.glob("*.mscb"))) == 1


def test_full_re_export_asks_first_and_writes_everything(  # type: ignore[no-untyped-def]
    qtbot,
    modals: ModalAnswers,
    site: SiteStore,
    nurse_store: SiteStore,
    center: Center,
    tmp_path: Path,
) -> None:
    connect(site, center, tmp_path)
    add_participant(nurse_store, 0)
    folder = tmp_path / "chosen"
    folder.mkdir()
    panel = open_panel(qtbot, nurse_store)
    panel.set_export_folder(folder)
    assert panel.target.findData("") < 0, (
        "the 'choose a folder' placeholder goes once a folder is chosen"
    )
    modals.expect(click_button("Cancel"))
    panel.full_button.click()
    modals.check()
    assert not panel.running and list(folder.iterdir()) == []
    modals.expect(click_button("Export everything"))
    panel.full_button.click()
    modals.check()
    finish(qtbot, panel)
    written = list(folder.glob("*.mscb"))
    assert len(written) == 1 and written[0].name.startswith("01-000001-")
    assert "Exported records 1-" in panel.headline.text()


def test_a_refused_package_is_listed_with_its_reason(  # type: ignore[no-untyped-def]
    qtbot, site: SiteStore, center: Center, tmp_path: Path
) -> None:
    connect(site, center, tmp_path)
    forged = tmp_path / "forged.receipt"
    forged.write_bytes(b"not a package from the centre")
    panel = open_panel(qtbot, site)
    panel.import_files([forged, tmp_path / "missing.receipt"])
    finish(qtbot, panel)
    assert panel.headline.text() == "2 of 2 file(s) refused; see the list below."
    assert panel.headline.styleSheet().startswith("color: #b00020")
    lines = panel.results.toPlainText()
    assert (
        "forged.receipt: refused: " in lines and "missing.receipt: refused: Cannot read " in lines
    )


def test_an_export_to_a_missing_folder_shows_the_services_sentence(  # type: ignore[no-untyped-def]
    qtbot, site: SiteStore, center: Center, tmp_path: Path
) -> None:
    connect(site, center, tmp_path)
    panel = open_panel(qtbot, site)
    panel.set_export_folder(tmp_path / "unplugged")
    panel.export_button.click()
    finish(qtbot, panel)
    assert "does not exist" in panel.headline.text() and "\n" not in panel.headline.text()
    assert sync_status(site).exported_seq == 0


def test_open_saes_are_counted_until_the_centre_acknowledges_them(  # type: ignore[no-untyped-def]
    qtbot, site: SiteStore, nurse_store: SiteStore, investigator_store: SiteStore
) -> None:
    pid = randomized_participant(nurse_store, investigator_store, site, arm="MSC")
    record_adverse_event(
        nurse_store, pid, {**AE, "serious_hospitalisation": "Y", "grade": "3"}, today=TODAY
    )
    panel = open_panel(qtbot, nurse_store)
    assert panel.open_saes.text() == "1"
    assert "b00020" in panel.open_saes.styleSheet()


def test_the_panel_is_blocked_while_a_job_runs(qtbot, site: SiteStore) -> None:  # type: ignore[no-untyped-def]
    panel = open_panel(qtbot, site)
    release = threading.Event()
    results: list[object] = []

    def slow(progress: Progress) -> str:
        progress(1, 3, "halfway")
        release.wait(10)
        return "done"

    panel.start(slow, results.append, "Testing")
    qtbot.waitUntil(lambda: panel.step.text() == "halfway")
    assert (panel.progress.value(), panel.progress.maximum()) == (1, 3)
    assert not any(button.isEnabled() for button in panel.action_buttons)
    panel.reject()
    assert panel.isVisible() and "Wait for the current step" in panel.headline.text()
    release.set()
    finish(qtbot, panel)
    assert (
        results == ["done"] and panel.close_button.isEnabled() and panel.import_button.isEnabled()
    )


def test_an_unexpected_fault_in_the_worker_unblocks_the_panel(qtbot, site: SiteStore) -> None:  # type: ignore[no-untyped-def]
    panel = open_panel(qtbot, site)

    def broken(_progress: Progress) -> None:
        raise KeyError("boom")

    panel.start(broken, lambda _result: None, "Testing")
    finish(qtbot, panel)
    assert panel.headline.text().startswith("The sync stopped because of an unexpected KeyError")
    assert panel.close_button.isEnabled()


def test_upload_to_the_centres_server(  # type: ignore[no-untyped-def]
    qtbot, site: SiteStore, nurse_store: SiteStore, tmp_path: Path
) -> None:
    from tests.e2e.test_central_server import running_server

    home = tmp_path / "centre"
    center = Center.init(home, passphrase=CENTRE_PASSPHRASE)
    connect(site, center, tmp_path)
    center.close()
    add_participant(nurse_store, 0)
    with running_server(home) as url:
        settings.change(site, "center_upload_url", url)
        panel = open_panel(qtbot, site)
        assert panel.upload_label.text() == f"Over the internet to {url}"
        assert panel.upload_button.isEnabled()
        panel.upload_button.click()
        finish(qtbot, panel)
    assert panel.headline.text() == "1 bundle(s) uploaded; the centre's receipts are recorded."
    assert ": accepted" in panel.results.toPlainText()
    status = sync_status(site)
    assert (
        status.exported_not_acknowledged == 0 and status.acknowledged_seq == status.exported_seq > 0
    )
    assert (
        panel.not_acknowledged.text()
        == f"none: the centre holds records 1-{status.acknowledged_seq}"
    )


def test_a_stratum_running_low_shows_in_the_panel_and_on_the_list(  # type: ignore[no-untyped-def]
    qtbot, site: SiteStore, nurse_store: SiteStore
) -> None:
    panel = open_panel(qtbot, nurse_store)
    assert panel.allocation_stock.text() == "stratum B: 0 of 0 left; stratum C: 0 of 0 left"
    load_signed_list(site, "B", ["MSC", "CONTROL", "CONTROL", "MSC"])
    panel.refresh()
    assert panel.allocation_stock.text().splitlines() == [
        "stratum B: 4 of 4 left; stratum C: 0 of 0 left",
        (
            "Allocation lists are running low (stratum B: 4 left; fewer than 10 left): send "
            "the centre a "
            "bundle and import its site package, which brings the continuation lists."
        ),
    ]
    page = ParticipantListPage(nurse_store, clock=lambda: TODAY)
    qtbot.addWidget(page)
    page.reload()
    assert not page.stock_banner.isHidden()
    assert page.stock_banner.text().startswith(
        "Allocation lists are running low (stratum B: 4 left"
    )
