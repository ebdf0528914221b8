"""Screenshots of every screen of the desktop app, taken from a real X11 window (Xvfb).

Usage: .venv/bin/python tools/screenshots.py [--out screenshots] [--language en|zh]
Starts Xvfb on :99 at 1366x768 unless DISPLAY is already set, builds a throw-away site with a
mix of participants through the services (screen failures, both arms, both Child-Pugh strata,
visits due and overdue), walks the GUI through each screen and grabs the whole screen with
ImageMagick's `import -window root` into ./screenshots/NN-name.png. Look at every picture after
a GUI change: nothing clipped, labels aligned, readable at 1366x768.

The sites are built in tools/screenshot_sites.py. The walks stay in this one file, each opening
with `screenshot_walk`: tools/guide_screenshots.py runs every `take_*` walk of it in order, and
tests/unit/test_docs.py reads the picture names from it.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from screenshot_sites import (
    ADMIN,
    CENTRE_PASSPHRASE,
    ELIGIBLE_B,
    INVESTIGATOR,
    NURSE,
    build_follow_up_site,
    build_site,
    evidence_dates,
    use_interface_language,
)

if TYPE_CHECKING:
    from msc_desktop.gui.main_window import MainWindow
    from msc_desktop.store.site import SiteStore

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SCREEN = "1366x768x24"


def start_display() -> subprocess.Popen[bytes] | None:
    if os.environ.get("DISPLAY"):
        return None
    display = ":99"
    server = subprocess.Popen(
        ["Xvfb", display, "-screen", "0", SCREEN, "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.environ["DISPLAY"] = display
    for _ in range(50):
        if Path("/tmp/.X11-unix/X99").exists():
            break
        time.sleep(0.1)
    return server


class Shooter:
    """Shows a widget, lets Qt paint, and grabs the X screen."""

    def __init__(self, out: Path) -> None:
        from PySide6.QtWidgets import QApplication

        self.out = out
        self.app = QApplication.instance() or QApplication([])
        self.count = 0

    def settle(self, seconds: float = 0.4) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            self.app.processEvents()
            time.sleep(0.02)

    def shoot(self, name: str) -> Path:
        self.settle()
        self.count += 1
        path = self.out / f"{self.count:02d}-{name}.png"
        subprocess.run(["import", "-window", "root", str(path)], check=True)
        print(path)
        return path


class Walk(NamedTuple):
    shooter: Shooter
    today: date
    work: Path


@contextmanager
def screenshot_walk(out: Path, name: str, *, first: int = 0) -> Iterator[Walk]:
    """What every walk starts with: fast key derivation (its sites are thrown away), a `Shooter`
    numbering its pictures after `first`, today's date, and a scratch folder removed at the end."""
    from msc_desktop.store import keys

    keys.scrypt_n = 2**12
    shooter = Shooter(out)
    shooter.count = first
    work = Path(tempfile.mkdtemp(prefix=f"msc-shots-{name}-"))
    try:
        yield Walk(shooter, date.today(), work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def show_main_window(store: SiteStore, today: date) -> MainWindow:
    """The main window of `store`'s session at the screen's size, on `today`, shown."""
    from msc_desktop.gui.actions import build_main_window

    window = build_main_window(store, clock=lambda: today)
    window.setGeometry(0, 0, 1366, 768)
    window.show()
    return window


def take_all(out: Path) -> None:
    from PySide6.QtWidgets import QDialog, QMessageBox

    from msc_desktop.gui.controller import AppController
    from msc_desktop.gui.i18n import role_label, translate
    from msc_desktop.gui.participant.screening import arm_label
    from msc_desktop.gui.widgets.dialogs import ReasonDialog, SignatureDialog

    with screenshot_walk(out, "site") as (shooter, today, work):
        # First run: the set-up wizard and the recovery key.
        first = AppController(work / "new-site")
        first.start()
        wizard = first.setup
        assert wizard is not None
        wizard.move(0, 0)
        wizard.site_id.setText("01")
        wizard.site_name.setText("Xijing Hospital, Xi'an")
        wizard.admin_user.setText("wang.li")
        wizard.admin_name.setText("Wang Li")
        wizard.password.setText("short1")
        shooter.shoot("setup-site-and-admin")
        wizard.password.setText(ADMIN[1])
        wizard.password_again.setText(ADMIN[1])
        wizard.create_site()
        shooter.shoot("setup-recovery-key")
        wizard.kept_safe.setChecked(True)
        wizard.show_centre_page()
        shooter.shoot("setup-centre")
        wizard.finish()
        assert first.main_window is not None
        first.main_window.close()
        first.close_store()

        # A site with participants: unlock, lists, forms.
        build_site(work / "site", today)
        controller = AppController(work / "site")
        controller.start()
        unlock = controller.unlock
        assert unlock is not None
        unlock.showMaximized()
        unlock.user.setText(NURSE[0])
        unlock.password.setText("wrong-password-1")
        unlock.try_unlock()
        shooter.shoot("unlock-wrong-password")
        unlock.user.setText(NURSE[0])
        unlock.password.setText(NURSE[1])
        unlock.try_unlock()
        window = controller.main_window
        assert window is not None
        window.setGeometry(0, 0, 1366, 768)
        window.show()
        shooter.shoot("participant-list")
        window.list_page.tabs.setCurrentIndex(1)
        shooter.shoot("due-today-overdue")
        window.list_page.tabs.setCurrentIndex(0)
        window.list_page.filter.setText("screen failed")
        shooter.shoot("list-filtered")
        window.list_page.filter.clear()

        window.register_participant()
        form = window.participant_page.registration.form
        form.editors["screening_number"].set_text_input("S013")
        form.editors["initials"].set_text_input("LM")
        form.editors["full_name"].set_text_input("Lin Mei")
        form.editors["date_of_birth"].set_text_input((today + timedelta(days=3)).isoformat())
        form.touch_all()
        form.revalidate()
        shooter.shoot("register-with-errors")
        form.mark_saved()

        rows = {row.screening_number: row for row in window.list_page.all_model.visible_rows()}
        window.show_participant(rows["S012"].id)
        shooter.shoot("consent-form")
        window.participant_page.tabs.setCurrentIndex(2)
        shooter.shoot("screening-blocked-without-consent")

        window.show_participant(rows["S011"].id)
        panel = window.participant_page.screening
        window.participant_page.tabs.setCurrentWidget(panel)
        panel.form.editors["screening_date"].set_text_input(today.isoformat())
        panel.form.editors["bilirubin"].set_unit("umol/L")
        panel.form.editors["bilirubin"].set_text_input("58")
        panel.form.editors["albumin"].set_unit("g/L")
        panel.form.editors["albumin"].set_text_input("27")
        panel.form.editors["inr"].set_text_input("1.9")
        panel.form.editors["creatinine"].set_unit("umol/L")
        panel.form.editors["creatinine"].set_text_input("95")
        panel.form.editors["sodium"].set_text_input("131")
        panel.form.editors["ascites"].choose("slight")
        panel.form.editors["weight"].set_text_input("300")
        shooter.shoot("screening-live-scores")
        panel.form.editors["weight"].set_text_input("58")
        panel.form.mark_saved()

        window.show_participant(rows["S010"].id)
        window.participant_page.tabs.setCurrentIndex(2)
        shooter.shoot("screening-eligible-unsigned")
        signature = SignatureDialog(
            meaning=translate("Meanings", "I confirm this participant's eligibility"),
            signer=f"Ivan Investigator ({role_label('investigator')})",
            record=translate("ScreeningPanel", "screening of {subject}").format(subject="01-0010"),
            sign=lambda _password: None,
            parent=window,
        )
        signature.show()
        shooter.shoot("signature-dialog")
        signature.close()
        reason = ReasonDialog(
            translate(
                "ScreeningPanel", "screening values; the investigator's signature will be voided"
            ),
            window,
        )
        reason.show()
        shooter.shoot("reason-for-change")
        reason.close()

        window.show_participant(rows["S002"].id)
        window.participant_page.tabs.setCurrentIndex(2)
        shooter.shoot("screening-randomized")
        box = QMessageBox(
            QMessageBox.Icon.Information,
            translate("ScreeningPanel", "Randomized"),
            translate("ScreeningPanel", "{subject} is allocated to:\n\n{arm_label}").format(
                subject="01-0002", arm_label=arm_label(window.store.protocol, rows["S002"].arm)
            ),
            parent=window,
        )
        box.show()
        shooter.shoot("randomization-result")
        box.done(QDialog.DialogCode.Accepted)

        window.lock()
        shooter.shoot("idle-lock")
        window.lock_page.password.setText(NURSE[1])
        window.lock_page.try_unlock()
        window.close_without_asking = True
        window.close()
        controller.close_store()


def take_follow_up(out: Path) -> None:
    """The screens of visits, trends, infusions, adverse events, end of study and the audit
    trail."""
    from PySide6.QtWidgets import QApplication

    from msc_desktop.errors import MscError
    from msc_desktop.gui.i18n import role_label, translate
    from msc_desktop.gui.participant.adverse_event_dialog import AdverseEventDialog
    from msc_desktop.gui.participant.audit import AccountEventsDialog
    from msc_desktop.gui.participant.disposition import DispositionDialog
    from msc_desktop.gui.participant.infusion_dialog import InfusionDialog
    from msc_desktop.gui.widgets.dialogs import SignatureDialog
    from msc_desktop.store.services.participants import participant_detail
    from msc_desktop.store.site import SiteStore

    with screenshot_walk(out, "follow-up", first=50) as (shooter, today, work):
        ids = build_follow_up_site(work / "site", today)
        store = SiteStore.unlock(work / "site", NURSE[0], NURSE[1])
        window = show_main_window(store, today)
        page = window.participant_page
        window.show_participant(ids["followed"])
        page.follow_up.visits.open_visit("W12")
        shooter.shoot("visit-w12-change-from-baseline")
        page.follow_up.visits.open_visit("W24")
        page.follow_up.visits.form.editors["bilirubin"].set_unit("umol/L")
        page.follow_up.visits.form.editors["bilirubin"].set_text_input("22.2")
        page.follow_up.visits.form.editors["inr"].set_text_input("1.3")
        shooter.shoot("visit-w24-being-entered")
        page.follow_up.visits.form.mark_saved()
        page.tabs.setCurrentWidget(page.follow_up.trends)
        shooter.shoot("trend-chart")
        page.tabs.setCurrentWidget(page.follow_up.infusions)
        shooter.shoot("infusion-log")
        page.tabs.setCurrentWidget(page.follow_up.adverse_events)
        shooter.shoot("adverse-events-sae-deadlines")
        page.follow_up.adverse_events.select_ae(1)
        signature = SignatureDialog(
            meaning=translate("AdverseEventsTab", "{meaning}: {relationship} to MSC").format(
                meaning=translate("Meanings", "I assessed the causality of this adverse event"),
                relationship=page.follow_up.adverse_events.relationship.currentText().lower(),
            ),
            signer=f"Ivan Investigator ({role_label('investigator')})",
            record=translate("AdverseEventsTab", "AE {number} ({term}) of {subject}").format(
                number=1, term="Fever after infusion", subject="01-0001"
            ),
            sign=lambda _password: None,
            parent=window,
        )
        signature.show()
        shooter.shoot("causality-signature")
        signature.close()
        detail = participant_detail(store, ids["followed"])
        ae = AdverseEventDialog(store, detail, clock=lambda: today, parent=window)
        ae.form.editors["term"].set_text_input("Hepatic failure")
        ae.form.editors["onset_date"].set_text_input(today.isoformat())
        ae.form.editors["aware_at"].set_text_input(f"{today.isoformat()} 08:30")
        ae.form.editors["grade"].choose("5")
        ae.move(300, 20)
        ae.show()
        shooter.shoot("ae-grade-5-fatal")
        ae.form.mark_saved()
        ae.close()
        page.tabs.setCurrentWidget(page.follow_up.audit)
        audit = page.follow_up.audit
        audit.record_filter.setCurrentIndex(audit.record_filter.findText("AE 1"))
        shooter.shoot("audit-trail-ae-1")
        audit.record_filter.setCurrentIndex(0)
        window.show_list(window.sae_index)
        shooter.shoot("open-saes-overdue-first")

        window.show_participant(ids["new"])
        new_detail = participant_detail(store, ids["new"])
        dialog = InfusionDialog(
            store, new_detail, "W0", None, baseline_weight=None, clock=lambda: today, parent=window
        )
        for name, value in (
            ("weight", "61.5"),
            ("weight_date", (today - timedelta(days=5)).isoformat()),
            ("product_lot", "LOT-311"),
            ("bag_id", "BAG-0042"),
            ("product_expiry", (today + timedelta(days=2)).isoformat()),
            ("cell_concentration_per_ml", "2000000"),
            ("viability_pct", "65"),
        ):
            dialog.plan_form.editors[name].set_text_input(value)
        dialog.move(10, 10)
        dialog.show()
        shooter.shoot("infusion-plan-stale-weight")
        dialog.plan_form.editors["weight_date"].set_text_input(
            (today - timedelta(days=1)).isoformat()
        )
        dialog.save_plan()
        dialog.verifier_user.setText(NURSE[0])
        shooter.shoot("infusion-low-viability-override")
        dialog.verifier_user.clear()  # nothing typed is left: closing asks nothing
        dialog.close()
        window.show_participant(ids["withdrawn"])
        shooter.shoot("withdrawn-participant-visits")
        end = DispositionDialog(store, new_detail, clock=lambda: today, parent=window)
        end.form.editors["status"].choose("DEATH")
        end.form.touch_all()
        end.form.revalidate()
        end.move(350, 100)
        end.show()
        shooter.shoot("end-of-study-death-needs-date")
        end.close()
        window.close_without_asking = True
        window.close()
        store.close()
        try:
            SiteStore.unlock(work / "site", INVESTIGATOR[0], "wrong-password-1")
        except MscError:
            pass  # the failed sign-in is what the account events screen should show
        admin = SiteStore.unlock(work / "site", ADMIN[0], ADMIN[1])
        events = AccountEventsDialog(admin)
        events.move(20, 20)
        events.show()
        shooter.shoot("account-events-admin")
        events.close()
        admin.close()
        QApplication.processEvents()


def take_printing(out: Path) -> None:
    """The PDF previews: dosing worksheet from the infusion tab and its print dialog (with the
    print queues of this computer, or of CUPS_SERVER), SAE report, blank paper forms."""
    from PySide6.QtWidgets import QApplication

    from msc_desktop.gui.setup_wizard import SetupWizard
    from msc_desktop.gui.widgets.pdf_preview import (
        PdfPreviewDialog,
        preview_blank_forms,
        preview_dosing_worksheet,
        preview_sae_report,
    )
    from msc_desktop.gui.widgets.print_dialog import PrintSheetDialog
    from msc_desktop.store.site import SiteStore

    with screenshot_walk(out, "printing", first=80) as (shooter, today, work):
        ids = build_follow_up_site(work / "site", today)
        store = SiteStore.unlock(work / "site", NURSE[0], NURSE[1])
        window = show_main_window(store, today)
        window.show_participant(ids["followed"])
        page = window.participant_page
        page.tabs.setCurrentWidget(page.follow_up.infusions)
        page.follow_up.infusions.table.selectRow(0)
        subject = page.detail.ref.subject_id if page.detail is not None else ""
        for name, make in (
            (
                "preview-dosing-worksheet",
                lambda: preview_dosing_worksheet(window, store, subject, "W0"),
            ),
            ("preview-sae-report", lambda: preview_sae_report(window, store, subject, 2)),
        ):
            dialog = make()
            assert dialog is not None
            dialog.setGeometry(190, 10, 980, 740)
            shooter.shoot(name)
            dialog.close()
        worksheet = preview_dosing_worksheet(window, store, subject, "W0")
        assert worksheet is not None
        worksheet.setGeometry(190, 10, 980, 740)
        worksheet.print_pdf()
        shooter.settle()
        choose = worksheet.findChild(PrintSheetDialog)
        assert choose is not None
        choose.move(400, 260)
        shooter.shoot("print-dialog")
        choose.reject()
        worksheet.close()
        forms = preview_blank_forms(window, store)
        assert forms is not None
        forms.setGeometry(190, 10, 980, 740)
        shooter.settle()
        forms.set_zoom(1.5)
        shooter.settle()
        forms.go_to_page(1)
        shooter.shoot("preview-blank-forms-page-2-zoomed")
        forms.close()
        window.close_without_asking = True
        window.close()
        store.close()
        use_interface_language(work / "new-site")
        wizard = SetupWizard(work / "new-site")
        for field, value in (
            ("site_id", "02"),
            ("site_name", "Tangdu Hospital"),
            ("admin_user", "zhao.min"),
            ("admin_name", "Zhao Min"),
            ("password", ADMIN[1]),
            ("password_again", ADMIN[1]),
        ):
            getattr(wizard, field).setText(value)
        wizard.setGeometry(0, 0, 720, 560)
        wizard.show()
        wizard.create_site()
        wizard.print_button.click()
        sheet = wizard.findChild(PdfPreviewDialog)
        assert sheet is not None
        sheet.setGeometry(300, 10, 980, 740)
        shooter.shoot("preview-recovery-sheet-from-set-up")
        sheet.close()
        wizard.close()
        if wizard.store is not None:
            wizard.store.close()
        QApplication.processEvents()


def take_sync(out: Path) -> None:
    """The sync panel before and after an export to a folder, with the centre pinned."""
    from PySide6.QtWidgets import QApplication

    from msc_desktop.central.service import Center
    from msc_desktop.gui.sync.panel import SyncPanel
    from msc_desktop.store import settings
    from msc_desktop.store.site import SiteStore
    from msc_desktop.sync.identity import write_identity

    with screenshot_walk(out, "sync", first=90) as (shooter, today, work):
        center = Center.init(work / "centre", passphrase=CENTRE_PASSPHRASE)
        build_follow_up_site(work / "site", today, centre=center.keys)
        admin = SiteStore.unlock(work / "site", ADMIN[0], ADMIN[1])
        write_identity(admin, work / "site.pub")
        center.register_site(admin.site_id, (work / "site.pub").read_bytes())
        settings.change(admin, "center_upload_url", "https://msc-centre.example.org")
        panel = SyncPanel(admin)
        panel.setGeometry(230, 20, 900, 700)
        panel.show()
        shooter.shoot("sync-panel-pending")
        usb = work / "MSC-USB"
        usb.mkdir()
        panel.set_export_folder(usb)
        panel.export("incremental")
        while panel.running:
            shooter.settle(0.1)
        bundle = next(usb.glob("*.mscb"))
        center.import_files([bundle])
        panel.import_files([center.home.receipt_path(bundle.name), work / "site.pub"])
        while panel.running:
            shooter.settle(0.1)
        shooter.shoot("sync-panel-exported-and-receipt")
        panel.close()
        center.close()
        admin.close()
        QApplication.processEvents()


def take_centre_and_rules(out: Path) -> None:
    """The administrator's "Coordinating centre" screen before and after the centre is connected,
    the protocol versions screen with the test amendment received, and the protocol rules in the
    forms: a screening with a required answer missing (pregnancy greyed out for a man), an AE of
    grade 4 not marked serious, a visit outside its window."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QInputDialog, QScrollArea

    from msc_desktop.central.service import Center
    from msc_desktop.gui.participant.adverse_event_dialog import AdverseEventDialog
    from msc_desktop.gui.setup_wizard import SetupWizard
    from msc_desktop.gui.site.centre import CentreDialog
    from msc_desktop.gui.site.protocol_versions import ProtocolVersionsDialog
    from msc_desktop.store.services.participants import (
        participant_detail,
        record_consent,
        register_participant,
    )
    from msc_desktop.store.site import SiteStore
    from msc_desktop.sync.site_import import import_packages
    from tests.amendment import amended_declaration

    with screenshot_walk(out, "centre", first=120) as (shooter, today, work):
        ids = build_follow_up_site(work / "site", today)
        center = Center.init(work / "centre", passphrase=CENTRE_PASSPHRASE)
        # The centre screen as on a new site: no centre key pinned yet, no allocation list.
        admin, _key = SiteStore.init(
            work / "new-site",
            site_id="01",
            site_name="Xijing Hospital, Xi'an",
            admin_user=ADMIN[0],
            admin_password=ADMIN[1],
            admin_full_name=ADMIN[2],
        )
        dialog = CentreDialog(admin)
        dialog.setGeometry(230, 20, 880, 720)
        dialog.show()
        usb = work / "MSC-USB"
        usb.mkdir()
        saved = dialog.panel.save_key_to(usb)
        assert saved is not None
        shooter.shoot("centre-not-connected")
        center.register_site(admin.site_id, saved.read_bytes())
        QTimer.singleShot(600, lambda: shooter.shoot("centre-compare-fingerprint"))
        QTimer.singleShot(
            1400,
            lambda: (
                QApplication.activeModalWidget().defaultButton().click()  # type: ignore[union-attr]
                if QApplication.activeModalWidget()
                else None
            ),
        )
        dialog.panel.pin_centre_key(center.home.public_key_path)
        package = usb / f"site-{admin.site_id}.mscp"
        package.write_bytes(center.site_package(admin.site_id, expected_enrolment=40))
        dialog.panel.import_files([package])
        shooter.shoot("centre-connected")
        dialog.close()
        center.amend(json.dumps(amended_declaration()).encode("utf-8"))
        amended = usb / f"site-{admin.site_id}-2.mscp"
        amended.write_bytes(center.site_package(admin.site_id, expected_enrolment=40))
        import_packages(admin, [amended])
        versions = ProtocolVersionsDialog(admin, lambda: today)
        versions.setGeometry(180, 60, 1000, 520)
        versions.show()
        shooter.shoot("protocol-versions")
        versions.close()
        admin.close()
        center.close()

        nurse = SiteStore.unlock(work / "site", NURSE[0], NURSE[1])
        window = show_main_window(nurse, today)
        window.show_participant(ids["followed"])
        page = window.participant_page
        ae = AdverseEventDialog(
            nurse, participant_detail(nurse, ids["followed"]), clock=lambda: today, parent=window
        )
        ae.setGeometry(300, 20, 760, 730)
        values = {
            "term": "Fever",
            "description": "Fever up to 40.5 C for two days after the infusion; no admission.",
            "onset_date": today.isoformat(),
            "grade": "4",
            "relationship": "POSSIBLY RELATED",
            "expected": "Y",
            "action_taken": "DOSE NOT CHANGED",
            "outcome": "RECOVERING/RESOLVING",
        }
        for name, value in values.items():
            editor = ae.form.editors[name]
            if editor.field.kind in ("choice", "yesno", "tristate"):
                editor.choose(value)
            else:
                editor.set_text_input(value)
        ae.form.touch_all()
        ae.form.revalidate()
        ae.show()
        shooter.shoot("ae-grade-4-not-serious")
        ae.form.mark_saved()  # nothing typed is left: closing asks nothing
        ae.close()
        visits = page.follow_up.visits
        page.tabs.setCurrentWidget(visits)
        QTimer.singleShot(500, lambda: shooter.shoot("visit-deviation-reason"))
        QTimer.singleShot(
            1300,
            lambda: (
                QApplication.activeModalWidget().reject()  # type: ignore[union-attr]
                if QApplication.activeModalWidget()
                else None
            ),
        )
        QInputDialog.getText(
            window,
            translate_visits("Protocol deviation"),
            translate_visits(
                "{deviation}\n\nIt is recorded as a protocol deviation. Why was the visit held on "
                "this day?"
            ).format(deviation=_window_sentence(nurse, ids["followed"], today)),
        )
        pid = register_participant(
            nurse,
            {
                "screening_number": "S090",
                "initials": "LM",
                "full_name": "Li Ming",
                "sex": "M",
                "date_of_birth": "1971-05-02",
                "registration_date": today.isoformat(),
            },
            today=today,
        ).id
        record_consent(
            nurse,
            pid,
            {
                "consent_date": today.isoformat(),
                "consent_time": "00:00",
                "consent_version": "2.1",
                "written_consent": "Y",
                "copy_given": "Y",
                "obtained_by": "Nora Nurse",
            },
            today=today,
        )
        window.show_participant(pid)
        page.tabs.setCurrentWidget(page.screening)
        screening = page.screening
        for name, value in {
            **ELIGIBLE_B,
            "screening_date": today.isoformat(),
            "lab_date": today.isoformat(),
            **evidence_dates(today),
        }.items():
            if name in ("dialysis", "ex_pregnant_lactating"):
                continue
            editor = screening.form.editors[name]
            if isinstance(value, dict):
                editor.set_unit(str(value["unit"])) if len(editor.field.units) > 1 else None
                editor.set_text_input(str(value["value"]))
            elif editor.field.kind in ("choice", "yesno", "tristate"):
                editor.choose(str(value))
            else:
                editor.set_text_input(str(value))
        editor = screening.form.editors["ex_pregnant_lactating"]
        scroll = screening.findChild(QScrollArea)
        if scroll is not None:
            scroll.ensureWidgetVisible(editor, 0, 200)
        shooter.shoot("screening-required-answer-missing")
        window.close_without_asking = True
        window.close()
        nurse.close()
        QApplication.processEvents()

        wizard = SetupWizard(work / "new-site")
        wizard.setGeometry(200, 10, 900, 740)
        wizard.site_id.setText("02")
        wizard.site_name.setText("Tangdu Hospital")
        wizard.admin_user.setText("zhao.min")
        wizard.admin_name.setText("Zhao Min")
        wizard.password.setText(ADMIN[1])
        wizard.password_again.setText(ADMIN[1])
        wizard.show()
        wizard.create_site()
        wizard.kept_safe.setChecked(True)
        wizard.show_centre_page()
        shooter.shoot("setup-centre-step")
        wizard.finish()
        if wizard.store is not None:
            wizard.store.close()


def translate_visits(text: str) -> str:
    from msc_desktop.gui.i18n import translate

    return translate("VisitsTab", text)


def _window_sentence(store: object, participant_id: str, today: date) -> str:
    """What the visit form says of a W12 visit held today, outside its window."""
    from msc_desktop.gui.i18n import localized
    from msc_desktop.store.services.visits import window_deviation

    deviation = window_deviation(store, participant_id, "W12", today, today=today)  # type: ignore[arg-type]
    return localized(deviation) if deviation is not None else ""


def take_users_and_corrections(out: Path) -> None:
    """The administrator's users dialog, adding a user with a weak password, Change my password,
    and a nurse correcting saved registration data (Edit, then the reason for the change)."""
    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QApplication, QMenu
    from sqlalchemy import select

    from msc_desktop.gui.i18n import translate
    from msc_desktop.gui.site.user_dialogs import AddUserDialog, PasswordDialog
    from msc_desktop.gui.site.users import UsersDialog
    from msc_desktop.gui.widgets.dialogs import ReasonDialog
    from msc_desktop.store.models import Participant
    from msc_desktop.store.site import SiteStore
    from msc_desktop.store.users import change_own_password

    with screenshot_walk(out, "users", first=95) as (shooter, today, work):
        build_site(work / "site", today)
        admin = SiteStore.unlock(work / "site", ADMIN[0], ADMIN[1])
        admin_window = show_main_window(admin, today)
        file_menu = admin_window.menuBar().actions()[0].menu()
        assert isinstance(file_menu, QMenu)
        file_menu.popup(admin_window.mapToGlobal(QPoint(0, admin_window.menuBar().height())))
        shooter.shoot("admin-file-menu-users")
        file_menu.hide()
        users = UsersDialog(admin)
        users.move(300, 120)
        users.show()
        users.select_user(NURSE[0])
        shooter.shoot("users-dialog")
        add = AddUserDialog(admin, users)
        add.user_id.setText("li.na")
        add.full_name.setText("Li Na")
        add.passwords.password.setText("linapass")
        add.passwords.repeat.setText("linapass")
        add.move(420, 200)
        add.show()
        shooter.shoot("users-add-weak-password")
        add.close()
        own = PasswordDialog(
            translate("Users", "Change my password"),
            translate(
                "Users",
                "Signed in as {name} ({user}). Your data stay as they are; only the "
                "password that opens them changes.",
            ).format(name=ADMIN[2], user=ADMIN[0]),
            (ADMIN[0], ADMIN[2]),
            admin.site_name,
            lambda old, new: change_own_password(admin, old, new),
            ask_old=True,
            parent=users,
        )
        own.passwords.password.setText("Harbour-lamp-2027")
        own.passwords.repeat.setText("Harbour-lamp-2027")
        own.move(420, 200)
        own.show()
        shooter.shoot("users-change-my-password")
        own.close()
        users.close()
        admin_window.close_without_asking = True
        admin_window.close()
        admin.close()

        nurse = SiteStore.unlock(work / "site", NURSE[0], NURSE[1])
        window = show_main_window(nurse, today)
        with nurse.session() as session:
            screened = session.scalar(
                select(Participant.id).where(Participant.screening_number == "S010")
            )
        assert screened is not None
        window.show_participant(screened)
        page = window.participant_page
        page.tabs.setCurrentWidget(page.registration)
        shooter.shoot("registration-saved-read-only")
        page.registration.edit_button.click()
        page.registration.form.editors["phone"].set_text_input("139 1111 2222")
        shooter.shoot("registration-correction")
        reason = ReasonDialog(translate("ParticipantPage", "registration data"), window)
        reason.move(450, 280)
        reason.show()
        shooter.shoot("registration-correction-reason")
        reason.close()
        window.close_without_asking = True
        window.close()
        nurse.close()
        QApplication.processEvents()


def take_queries(out: Path) -> None:
    """The centre's data queries at the site: the count and the list, the queried item
    highlighted in its form, and the answer dialog correcting the value."""
    import uuid

    from PySide6.QtWidgets import QApplication

    from msc_desktop.domain.queries import Query, QueryEvent
    from msc_desktop.gui.actions import build_main_window
    from msc_desktop.gui.participant.queries import AnswerDialog
    from msc_desktop.store.models import Participant
    from msc_desktop.store.services.queries import list_queries, receive_queries
    from msc_desktop.store.services.query_answers import answer_query
    from msc_desktop.store.services.sdv import visit_place
    from msc_desktop.store.site import SiteStore

    with screenshot_walk(out, "queries", first=95) as (shooter, today, work):
        build_site(work / "site", today)
        nurse = SiteStore.unlock(work / "site", NURSE[0], NURSE[1])
        with nurse.session() as session:
            subjects = {p.subject_id: p.id for p in session.query(Participant)}
        asked = [
            (
                "01-0001",
                "screening",
                "albumin",
                "Albumin 26 g/L is below the soft range; please check the lab report.",
            ),
            ("01-0002", "screening", "inr", "INR 4.9: please confirm against the source."),
            (
                "01-0004",
                "consent",
                "consent_version",
                "Consent version 2.1 was superseded on the consent date; which version was signed?",
            ),
            ("01-0005", "screening", "weight", "Weight differs from the clinic record by 9 kg."),
        ]
        queries = []
        for number, (subject, form_id, field, text) in enumerate(asked, start=1):
            place = visit_place(nurse, subjects[subject], "SCR", form_id, field)
            event = QueryEvent(
                uuid.uuid4().hex, "open", "2026-11-21T08:00:00.000000Z", "dm.li", text
            )
            queries.append(Query(uuid.uuid4().hex, number, "01", place, "manual", (event,)))
        with nurse.session() as session:
            receive_queries(session, "01", queries, [], 0)
        answer_query(nurse, 3, "Version 2.1 was signed; the copy is in the site file.", today=today)
        window = build_main_window(nurse)
        window.showMaximized()
        dialog = window.show_queries()
        assert dialog is not None
        dialog.setGeometry(140, 120, 1100, 420)
        shooter.shoot("queries-list")
        dialog.table.selectRow(0)
        dialog.item_button.click()
        shooter.shoot("query-item-highlighted")
        answer = AnswerDialog(nurse, list_queries(nurse)[0], clock=date.today, parent=window)
        answer.correct.setChecked(True)
        assert answer.editor is not None
        answer.editor.set_unit("g/L")
        answer.editor.set_text_input("28")
        answer.text.setPlainText("Transcription error: the lab report says 28 g/L.")
        answer.move(380, 200)
        answer.show()
        shooter.shoot("query-answer")
        answer.close()
        window.close_without_asking = True
        window.close()
        nurse.close()
        QApplication.processEvents()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots")
    parser.add_argument(
        "--language", choices=("en", "zh"), default="en", help="the interface language"
    )
    parser.add_argument(
        "--only",
        choices=("centre", "sync", "queries"),
        help="only the centre set-up and form-rule screens, the sync panel or the queries",
    )
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    server = start_display()
    os.environ["QT_QPA_PLATFORM"] = "xcb"
    try:
        from PySide6.QtWidgets import QApplication

        from msc_desktop.gui.i18n import install_language

        _application = QApplication.instance() or QApplication([])  # alive for the whole walk
        install_language(args.language)
        if args.only is not None:
            {"centre": take_centre_and_rules, "sync": take_sync, "queries": take_queries}[
                args.only
            ](args.out)
            return 0
        take_all(args.out)
        take_follow_up(args.out)
        take_printing(args.out)
        take_sync(args.out)
        take_centre_and_rules(args.out)
        take_users_and_corrections(args.out)
        take_queries(args.out)
    finally:
        if server is not None:
            server.terminate()
            server.wait()
    return 0


if __name__ == "__main__":
    exit_status = main()
    sys.stdout.flush()
    # Every picture is written by now; skip interpreter finalization, where PySide6 may abort
    # while the garbage collector tears down the many top-level widgets left from the walk.
    os._exit(exit_status)
