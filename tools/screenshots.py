"""Screenshots of every screen of the desktop app, taken from a real X11 window (Xvfb).

Usage: .venv/bin/python tools/screenshots.py [--out screenshots]
Starts Xvfb on :99 at 1366x768 unless DISPLAY is already set, builds a throw-away site with a
mix of participants through the services (screen failures, both arms, both Child-Pugh strata,
visits due and overdue), walks the GUI through each screen and grabs the whole screen with
ImageMagick's `import -window root` into ./screenshots/NN-name.png. Look at every picture after
a GUI change: nothing clipped, labels aligned, readable at 1366x768.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ADMIN = ("admin", "Harbour-lamp-2026", "Ada Admin")
NURSE = ("nurse", "Willow-stone-2026", "Nora Nurse")
INVESTIGATOR = ("doctor", "Copper-field-2026", "Ivan Investigator")
SCREEN = "1366x768x24"

ELIGIBLE_B: dict[str, object] = {
    "weight": "61.5", "height": "165", "systolic_bp": "118", "diastolic_bp": "72", "heart_rate": "84",
    "bilirubin": {"value": "42.8", "unit": "umol/L"}, "albumin": {"value": "30", "unit": "g/L"},
    "inr": {"value": "1.8", "unit": "ratio"}, "creatinine": {"value": "88", "unit": "umol/L"},
    "sodium": {"value": "133", "unit": "mmol/L"}, "platelets": {"value": "74", "unit": "10^9/L"},
    "ascites": "slight", "encephalopathy_grade": "0", "dialysis": "N", "variceal_bleeding": "Y",
    "etiology_hbv": "Y", "etiology_hcv": "N", "etiology_hdv": "N", "etiology_hev": "N",
    "etiology_hiv": "N", "ex_malignancy": "N", "ex_organ_disease": "N", "ex_pregnant_lactating": "N",
    "ex_bacterial_infection": "N", "ex_follow_up_difficulty": "N", "ex_substance_abuse": "N",
    "ex_biologic_allergy": "N", "ex_investigator_judgement": "N",
}
ELIGIBLE_C: dict[str, object] = {
    **ELIGIBLE_B,
    "bilirubin": {"value": "4.2", "unit": "mg/dL"}, "albumin": {"value": "2.6", "unit": "g/dL"},
    "inr": {"value": "2.4", "unit": "ratio"}, "ascites": "moderate", "encephalopathy_grade": "1",
}


def start_display() -> subprocess.Popen[bytes] | None:
    if os.environ.get("DISPLAY"):
        return None
    display = ":99"
    server = subprocess.Popen(["Xvfb", display, "-screen", "0", SCREEN, "-nolisten", "tcp"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.environ["DISPLAY"] = display
    for _ in range(50):
        if subprocess.run(["xdpyinfo"], capture_output=True).returncode == 0 or Path("/tmp/.X11-unix/X99").exists():
            break
        time.sleep(0.1)
    return server


def build_site(data_dir: Path, today: date) -> None:
    """A site with users, allocation lists and a realistic mix of participants."""
    from msc_desktop.domain.randomization import build_allocation_list
    from msc_desktop.store.services.participants import record_consent, register_participant
    from msc_desktop.store.services.randomization import randomize, store_allocation_list
    from msc_desktop.store.services.screening import save_screening, sign_eligibility
    from msc_desktop.store.site import SiteStore
    from msc_desktop.store.users import create_user

    admin, _key = SiteStore.init(data_dir, site_id="01", site_name="Xijing Hospital, Xi'an",
                                 admin_user=ADMIN[0], admin_password=ADMIN[1], admin_full_name=ADMIN[2])
    create_user(admin, NURSE[0], NURSE[2], "nurse", NURSE[1])
    create_user(admin, INVESTIGATOR[0], INVESTIGATOR[2], "investigator", INVESTIGATOR[1])
    for stratum in ("B", "C"):
        allocation = build_allocation_list("01", stratum, 40, created_at="2026-01-05T08:00:00Z", seed=f"shots-{stratum}")
        store_allocation_list(admin, list_id=f"01-{stratum}-1", stratum=stratum, arms=list(allocation.arms),
                              signed_package="screenshot fixture (unsigned)")
    admin.close()
    nurse = SiteStore.unlock(data_dir, NURSE[0], NURSE[1])
    doctor = SiteStore.unlock(data_dir, INVESTIGATOR[0], INVESTIGATOR[1])
    names = ["Wang Li", "Zhang Wei", "Liu Yang", "Chen Jing", "Yang Fang", "Zhao Min", "Huang Lei",
             "Zhou Jie", "Wu Hua", "Xu Qiang", "Sun Yan", "Ma Chao"]
    for number, name in enumerate(names, start=1):
        registered = today - timedelta(days=140 - number * 9)
        initials = "".join(part[0] for part in name.split())
        ref = register_participant(nurse, {
            "screening_number": f"S{number:03d}", "initials": initials, "full_name": name,
            "phone": f"138 0000 {number:04d}", "sex": "F" if number % 3 == 0 else "M",
            "date_of_birth": f"{1960 + number}-0{1 + number % 9}-15", "registration_date": registered.isoformat(),
        }, today=registered, confirm_warnings=True)
        if number == len(names):
            continue
        record_consent(nurse, ref.id, {
            "consent_date": registered.isoformat(), "consent_time": "09:30", "consent_version": "2.1",
            "written_consent": "Y", "copy_given": "Y", "obtained_by": NURSE[2],
        }, today=registered)
        if number == len(names) - 1:
            continue
        values = dict(ELIGIBLE_C if number % 2 else ELIGIBLE_B)
        if number in (3, 7):
            values["ex_malignancy"] = "Y"
        values.update({"screening_date": registered.isoformat(), "lab_date": registered.isoformat()})
        save_screening(nurse, ref.id, values, today=registered, confirm_warnings=True)
        if number in (3, 7, 10):
            continue
        sign_eligibility(doctor, ref.id, INVESTIGATOR[1])
        randomize(nurse, ref.id, today=registered)
    nurse.close()
    doctor.close()


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


def take_all(out: Path) -> None:
    from PySide6.QtWidgets import QDialog, QMessageBox

    from msc_desktop.gui.controller import AppController
    from msc_desktop.gui.dialogs import ReasonDialog, SignatureDialog
    from msc_desktop.store import keys

    keys.scrypt_n = 2**12  # a throw-away site: fast key derivation
    shooter = Shooter(out)
    today = date.today()
    work = Path(tempfile.mkdtemp(prefix="msc-shots-"))
    try:
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
        signature = SignatureDialog(meaning="I confirm this participant's eligibility",
                                    signer="Ivan Investigator (Investigator)", record="screening of 01-0010",
                                    sign=lambda _password: None, parent=window)
        signature.show()
        shooter.shoot("signature-dialog")
        signature.close()
        reason = ReasonDialog("screening values; the investigator's signature will be voided", window)
        reason.show()
        shooter.shoot("reason-for-change")
        reason.close()

        window.show_participant(rows["S002"].id)
        window.participant_page.tabs.setCurrentIndex(2)
        shooter.shoot("screening-randomized")
        box = QMessageBox(QMessageBox.Icon.Information, "Randomized",
                          "01-0002 is allocated to:\n\nMSC + standard care (MSC)", parent=window)
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
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    server = start_display()
    os.environ["QT_QPA_PLATFORM"] = "xcb"
    try:
        take_all(args.out)
    finally:
        if server is not None:
            server.terminate()
            server.wait()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
