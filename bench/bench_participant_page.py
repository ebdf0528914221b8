"""Issue 5 benchmark: opening a participant with a long history, and saving an infusion record.

1. Open a participant followed for 3 years (every scheduled visit with labs, three infusions,
   50 adverse events, several of them serious, followed up and signed) on a site that also holds
   demo participants: time from the click to the participant page fully drawn (target <= 150 ms),
   printed beside the time of the service calls alone, so the GUI's own share is visible. The
   audit trail tab loads when it is opened; its time (thousands of rows) is printed apart.
2. Save of an infusion record with two signatures through the dialog (real key derivation for
   both passwords), beside the time of one password check, which dominates it by design.

Usage: QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_participant_page.py [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from datetime import time as day_time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from msc_desktop.store.site import SiteStore

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ADMIN = ("bench.admin", "Harbour-lamp-2026", "Bench Admin")
NURSE = ("bench.nurse", "Willow-stone-2026", "Bench Nurse")
DOCTOR = ("bench.doctor", "Copper-field-2026", "Bench Investigator")
TODAY = date(2026, 11, 20)
DAY0 = TODAY - timedelta(days=3 * 365)
ADVERSE_EVENTS = 50
SCREENING = {
    "weight": "62.5",
    "bilirubin": {"value": "51.3", "unit": "umol/L"},
    "albumin": {"value": "30", "unit": "g/L"},
    "inr": "1.8",
    "creatinine": {"value": "97.2", "unit": "umol/L"},
    "sodium": "134",
    "ascites": "slight",
    "encephalopathy_grade": "0",
    "dialysis": "N",
    "variceal_bleeding": "N",
    "hbsag": "POSITIVE",
    "hbv_dna_status": "NOT_DONE",
    "cirrhosis_method": "IMAGING",
    "etiology_hcv": "N",
    "etiology_hdv": "N",
    "etiology_hev": "N",
    "etiology_hiv": "N",
    "ex_malignancy": "N",
    "ex_organ_disease": "N",
    "ex_pregnant_lactating": "N",
    "ex_bacterial_infection": "N",
    "ex_follow_up_difficulty": "N",
    "ex_substance_abuse": "N",
    "ex_biologic_allergy": "N",
    "ex_investigator_judgement": "N",
}
LOG = {
    "volume_infused_ml": "33.2",
    "rate_ml_per_h": "50",
    "pre_systolic_bp": "118",
    "pre_diastolic_bp": "76",
    "pre_heart_rate": "72",
    "pre_temperature": "36.6",
    "post_systolic_bp": "120",
    "post_diastolic_bp": "78",
    "post_heart_rate": "75",
    "post_temperature": "36.8",
    "infusion_reaction": "N",
}
NO_SERIOUSNESS = {
    "serious_death": "N",
    "serious_life_threatening": "N",
    "serious_hospitalisation": "N",
    "serious_disability": "N",
    "serious_congenital_anomaly": "N",
    "serious_other_medical_event": "N",
}


def randomized(nurse: SiteStore, doctor: SiteStore, number: int, day0: date) -> str:
    from msc_desktop.store.services.participants import record_consent, register_participant
    from msc_desktop.store.services.randomization import randomize
    from msc_desktop.store.services.screening import save_screening, sign_eligibility

    registered = day0 - timedelta(days=1)
    pid = register_participant(
        nurse,
        {
            "screening_number": f"B{number:04d}",
            "initials": "BP",
            "full_name": f"Bench Person {number}",
            "sex": "F",
            "date_of_birth": "1968-05-02",
            "registration_date": registered.isoformat(),
        },
        today=registered,
    ).id
    record_consent(
        nurse,
        pid,
        {
            "consent_date": registered.isoformat(),
            "consent_time": "09:00",
            "consent_version": "2.1",
            "written_consent": "Y",
            "copy_given": "Y",
            "obtained_by": NURSE[2],
        },
        today=registered,
    )
    save_screening(
        nurse,
        pid,
        {
            **SCREENING,
            "screening_date": registered.isoformat(),
            "lab_date": registered.isoformat(),
            "hbsag_date": registered.isoformat(),
            "cirrhosis_date": registered.isoformat(),
        },
        today=registered,
    )
    sign_eligibility(doctor, pid, DOCTOR[1])
    randomize(doctor, pid, today=day0)
    return pid


def build_site(data_dir: Path, infusions_to_time: int) -> tuple[str, list[str]]:
    """The long-followed participant, and MSC participants with a planned W0 dose to log."""
    from msc_desktop.store.demo import generate_demo_data, make_demo_site
    from msc_desktop.store.services.adverse_events import (
        assess_causality,
        record_adverse_event,
        update_adverse_event,
    )
    from msc_desktop.store.services.infusions import Credentials, log_infusion, plan_infusion
    from msc_desktop.store.services.visits import save_visit
    from msc_desktop.store.site import SiteStore
    from msc_desktop.store.users import create_user
    from msc_desktop.sync.allocation_lists import store_allocation_list

    admin, _key = SiteStore.init(
        data_dir,
        site_id="01",
        site_name="Bench Hospital",
        admin_user=ADMIN[0],
        admin_password=ADMIN[1],
        admin_full_name=ADMIN[2],
    )
    create_user(admin, NURSE[0], NURSE[2], "nurse", NURSE[1])
    create_user(admin, DOCTOR[0], DOCTOR[2], "investigator", DOCTOR[1])
    make_demo_site(admin)  # its list is a demo list: one arm only, no centre
    store_allocation_list(
        admin,
        list_id="DEMO-BENCH-B",
        stratum="B",
        arms=["MSC"] * (infusions_to_time + 1),
        signed_package="benchmark list",
    )
    nurse = SiteStore.unlock(data_dir, NURSE[0], NURSE[1])
    doctor = SiteStore.unlock(data_dir, DOCTOR[0], DOCTOR[1])
    followed = randomized(nurse, doctor, 1, DAY0)
    verifier = Credentials(DOCTOR[0], DOCTOR[1])
    offsets = {"W0": 0, "W4": 28, "W8": 56, "W12": 84, "W24": 168, "W48": 336}
    for step, (code, offset) in enumerate(offsets.items()):
        day = DAY0 + timedelta(days=offset)
        if code in ("W0", "W4", "W8"):
            plan_infusion(
                nurse,
                followed,
                {
                    "visit_code": code,
                    "weight": "61.0",
                    "weight_date": day.isoformat(),
                    "product_lot": "LOT-1",
                    "bag_id": f"BAG-{code}",
                    "product_expiry": (day + timedelta(days=5)).isoformat(),
                    "cell_concentration_per_ml": "2000000",
                    "viability_pct": "92",
                },
                today=day,
            )
            start = datetime.combine(day, day_time(10, 0))
            log_infusion(
                nurse,
                followed,
                code,
                {
                    **LOG,
                    "infusion_start": start.isoformat(timespec="minutes"),
                    "infusion_end": (start + timedelta(minutes=40)).isoformat(timespec="minutes"),
                },
                preparer_password=NURSE[1],
                verifier=verifier,
                today=day,
            )
        save_visit(
            nurse,
            followed,
            {
                "visit_code": code,
                "visit_date": day.isoformat(),
                "lab_date": day.isoformat(),
                "weight": "61.0",
                "systolic_bp": "120",
                "diastolic_bp": "75",
                "heart_rate": "74",
                "bilirubin": {"value": str(3.0 - 0.2 * step)[:4], "unit": "mg/dL"},
                "albumin": {"value": "3.2", "unit": "g/dL"},
                "inr": "1.6",
                "creatinine": {"value": "1.0", "unit": "mg/dL"},
                "sodium": "136",
                "alt": "40",
                "ast": "45",
                "platelets": "90",
                "ascites": "slight",
                "encephalopathy_grade": "0",
                "dialysis": "N",
                "variceal_bleeding": "N",
            },
            today=day,
        )
    for number in range(1, ADVERSE_EVENTS + 1):
        onset = DAY0 + timedelta(days=number * 21)
        serious = number % 7 == 0
        values = {
            "term": f"Adverse event {number}",
            "onset_date": onset.isoformat(),
            "aware_at": f"{onset.isoformat()}T11:00",
            "grade": "3" if serious else "1",
            **NO_SERIOUSNESS,
            "serious_hospitalisation": "Y" if serious else "N",
            "relationship": "NOT RELATED",
            "expected": "Y",
            "action_taken": "NOT APPLICABLE",
            "outcome": "RECOVERING/RESOLVING",
        }
        record_adverse_event(nurse, followed, values, today=onset + timedelta(days=1))
        if number % 5 == 0:
            assess_causality(doctor, followed, number, "UNLIKELY RELATED", DOCTOR[1])
            update_adverse_event(
                nurse,
                followed,
                number,
                {
                    **values,
                    "relationship": "UNLIKELY RELATED",
                    "outcome": "RECOVERED/RESOLVED",
                    "end_date": (onset + timedelta(days=3)).isoformat(),
                },
                today=TODAY,
                reason="resolved",
            )
    to_log = []
    for n in range(infusions_to_time):
        pid = randomized(nurse, doctor, 2 + n, TODAY)
        plan_infusion(
            nurse,
            pid,
            {
                "visit_code": "W0",
                "weight": "61.0",
                "weight_date": TODAY.isoformat(),
                "product_lot": "LOT-2",
                "bag_id": f"BAG-{n}",
                "product_expiry": (TODAY + timedelta(days=5)).isoformat(),
                "cell_concentration_per_ml": "2000000",
                "viability_pct": "92",
            },
            today=TODAY,
        )
        to_log.append(pid)
    nurse.close()
    doctor.close()
    generate_demo_data(
        admin, 60, seed=5, today=TODAY
    )  # after ours: the bench list is used up by then
    admin.close()
    return followed, to_log


def ms(values: list[float]) -> float:
    return statistics.median(values) * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args(argv)
    from PySide6.QtWidgets import QApplication

    from msc_desktop.gui.main_window import MainWindow
    from msc_desktop.gui.participant.infusions import InfusionDialog
    from msc_desktop.store.services.adverse_events import adverse_events_of
    from msc_desktop.store.services.audit_history import participant_history
    from msc_desktop.store.services.infusions import infusion_view
    from msc_desktop.store.services.participants import participant_detail
    from msc_desktop.store.services.screening import screening_state
    from msc_desktop.store.services.visits import schedule, trends, visit_records
    from msc_desktop.store.site import SiteStore

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder) / "site"
        started = time.perf_counter()
        print(
            "building the site (60 demo participants, one followed for 3 years with 50 AEs) ...",
            flush=True,
        )
        followed, to_log = build_site(data_dir, args.repeat)
        print(f"  built in {time.perf_counter() - started:.0f} s (not timed)")
        nurse = SiteStore.unlock(data_dir, NURSE[0], NURSE[1])
        window = MainWindow(nurse, clock=lambda: TODAY)
        window.resize(1366, 768)
        window.show()
        app.processEvents()
        page = window.participant_page

        def services_only() -> float:
            start = time.perf_counter()
            participant_detail(nurse, followed)
            screening_state(nurse, followed)
            schedule(nurse, followed, TODAY)
            visit_records(nurse, followed)
            trends(nurse, followed)
            for code in ("W0", "W4", "W8"):
                infusion_view(nurse, followed, code)
            adverse_events_of(nurse, followed)
            return time.perf_counter() - start

        def open_and_draw() -> float:
            window.show_list()
            app.processEvents()
            start = time.perf_counter()
            window.show_participant(followed)
            window.grab()  # paints every visible widget of the window, as the screen would
            return time.perf_counter() - start

        def trends_drawn() -> float:
            start = time.perf_counter()
            page.tabs.setCurrentWidget(page.follow_up.trends)
            page.follow_up.trends.chart.grab()
            return time.perf_counter() - start

        def audit_loaded() -> float:
            page.tabs.setCurrentWidget(page.follow_up.visits)
            page.follow_up.audit.clear()
            start = time.perf_counter()
            page.tabs.setCurrentWidget(page.follow_up.audit)
            window.grab()
            return time.perf_counter() - start

        open_and_draw()  # warm caches (protocol, fonts) once
        services: list[float] = []
        opens: list[float] = []
        charts: list[float] = []
        audits: list[float] = []
        for _ in range(args.repeat):
            services.append(services_only())
            opens.append(open_and_draw())
            charts.append(trends_drawn())
            audits.append(audit_loaded())
        rows = len(participant_history(nurse, followed).entries)
        events = len(adverse_events_of(nurse, followed))
        print(
            f"open participant ({len(visit_records(nurse, followed))} visits, {events} AEs), "
            f"median of {args.repeat}:"
        )
        print(
            f"  service calls alone {ms(services):.0f} ms | open and fully drawn "
            f"{ms(opens):.0f} ms "
            f"(ratio {ms(opens) / ms(services):.2f}; target <= 150 ms: "
            f"{'met' if ms(opens) <= 150 else 'NOT met'})"
        )
        print(
            f"  trends tab shown and chart painted {ms(charts):.0f} ms | audit trail tab "
            f"({rows} rows) "
            f"loaded and drawn {ms(audits):.0f} ms (on demand, not part of the open)"
        )

        saves: list[float] = []
        checks: list[float] = []
        for pid in to_log:
            detail = participant_detail(nurse, pid)
            dialog = InfusionDialog(
                nurse,
                detail,
                "W0",
                infusion_view(nurse, pid, "W0"),
                baseline_weight=None,
                clock=lambda: TODAY,
            )
            for name, value in {
                **LOG,
                "infusion_start": f"{TODAY}T10:00",
                "infusion_end": f"{TODAY}T10:40",
            }.items():
                editor = dialog.log_form.editors[name]
                if editor.field.kind in ("yesno", "choice"):
                    editor.choose(value)
                else:
                    editor.set_text_input(value)
            dialog.preparer_password.setText(NURSE[1])
            dialog.verifier_user.setText(DOCTOR[0])
            dialog.verifier_password.setText(DOCTOR[1])
            start = time.perf_counter()
            logged = dialog.log()
            saves.append(time.perf_counter() - start)
            assert logged is not None and len(logged.signatures) == 2, "the infusion was not logged"
            start = time.perf_counter()
            nurse.verify_credentials(DOCTOR[0], DOCTOR[1])
            checks.append(time.perf_counter() - start)
            dialog.deleteLater()
        print(
            f"infusion record saved with two signatures, median of {len(saves)}: "
            f"{ms(saves):.0f} ms "
            f"| one password check (real scrypt) {ms(checks):.0f} ms "
            f"(two checks = {2 * ms(checks) / ms(saves):.0%} of the save)"
        )
        window.close_without_asking = True
        window.close()
        nurse.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
