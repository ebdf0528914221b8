"""Makes the fixture site database of a given release (tests/data/site-<release>/).

    .venv/bin/python tools/make_fixture_site.py COMMIT OUT_FOLDER

The code of COMMIT (its msc_desktop/, migrations/ and resources/, taken with `git archive`) enters
a small demo site through its own services, as a nurse and an investigator would: three
participants through registration (names, phones, an address, a witness: site-only values),
consent and screening with labs in non-standard units (umol/L, g/L); one screen failure; one
eligible participant signed, randomized, infused at W0 (both dose signatures), seen at W0 with
labs in umol/L and g/L, corrected with a reason, with an adverse event whose causality the
investigator signed and whose follow-up changed with a reason. The folder then holds that
release's `site.db`, `keyring.json` and `audit-anchor.json`; the accounts and passwords are
those of tests/accounts.py (the key file's scrypt cost is the tests' cheap one, which travels
with the wraps). Migration tests copy the folder and unlock it with the code under test.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
TODAY = "2026-11-20"


def enter_data(out: Path) -> None:  # pragma: no cover - runs under the old release's code
    """Runs inside the subprocess, with the old release's package first on sys.path."""
    from datetime import date

    import msc_desktop
    from msc_desktop.store import keys
    from msc_desktop.store.demo import make_demo_site
    from msc_desktop.store.services.adverse_events import (
        assess_causality,
        record_adverse_event,
        update_adverse_event,
    )
    from msc_desktop.store.services.corrections import update_registration
    from msc_desktop.store.services.infusion_log import Credentials, log_infusion
    from msc_desktop.store.services.infusions import plan_infusion
    from msc_desktop.store.services.participants import record_consent, register_participant
    from msc_desktop.store.services.randomization import randomize, store_allocation_list
    from msc_desktop.store.services.screening import save_screening, sign_eligibility
    from msc_desktop.store.services.visits import save_visit
    from msc_desktop.store.site import SiteStore
    from msc_desktop.store.users import create_user

    print(f"entering data with {msc_desktop.__file__}")
    keys.scrypt_n = 2**10  # the tests' cheap cost (tests/conftest.py); it travels with each wrap
    keys.signature_scrypt_n = 2**8
    admin_id, admin_pw = "admin", "Harbour-lamp-2026"
    nurse_id, nurse_pw = "nurse", "Willow-stone-2026"
    doctor_id, doctor_pw = "doctor", "Copper-field-2026"
    today = date.fromisoformat(TODAY)
    admin, _recovery = SiteStore.init(
        out,
        site_id="01",
        site_name="Fixture Hospital",
        admin_user=admin_id,
        admin_password=admin_pw,
        admin_full_name="Ada Admin",
    )
    make_demo_site(admin)
    create_user(admin, nurse_id, "Nora Nurse", "nurse", nurse_pw)
    create_user(admin, doctor_id, "Ivan Investigator", "investigator", doctor_pw)
    create_user(admin, "monitor", "Mona Monitor", "monitor", "Quiet-river-2026")
    admin.close()
    admin = SiteStore.unlock(out, admin_id, admin_pw)  # the randomization key is settled now
    for stratum in ("B", "C"):
        store_allocation_list(
            admin,
            list_id=f"DEMO-fixture-{stratum}",
            stratum=stratum,
            arms=["MSC", "CONTROL", "CONTROL", "MSC"],
            signed_package="demo data: not signed by a coordinating centre",
        )
    nurse = SiteStore.unlock(out, nurse_id, nurse_pw)
    doctor = SiteStore.unlock(out, doctor_id, doctor_pw)
    screening = {
        "screening_date": "2026-11-03",
        "lab_date": "2026-11-03",
        "weight": "62.5",
        "height": "170",
        "systolic_bp": "118",
        "diastolic_bp": "76",
        "heart_rate": "72",
        "temperature": "36.6",
        "bilirubin": {"value": "51.3", "unit": "umol/L"},
        "albumin": {"value": "30", "unit": "g/L"},
        "inr": "1.8",
        "creatinine": {"value": "97.24", "unit": "umol/L"},
        "sodium": "134",
        "ascites": "slight",
        "encephalopathy_grade": "0",
        "dialysis": "N",
        "variceal_bleeding": "N",
        "etiology_hbv": "Y",
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
    consent = {
        "consent_date": "2026-11-02",
        "consent_time": "09:30",
        "consent_version": "2.1",
        "written_consent": "Y",
        "copy_given": "Y",
        "obtained_by": "Nora Nurse",
    }
    people = (
        ("SCR-001", "WL", "Wang Lei", "13800000001", "M", "1970-04-02"),
        ("SCR-002", "LF", "Li Fang", "13800000002", "F", "1965-09-14"),
        ("SCR-003", "ZM", "Zhang Min", "13800000003", "F", "1980-01-30"),
    )
    refs = []
    for number, initials, name, phone, sex, born in people:
        refs.append(
            register_participant(
                nurse,
                {
                    "screening_number": number,
                    "initials": initials,
                    "full_name": name,
                    "phone": phone,
                    "address": "12 Hospital Road, Urumqi" if number == "SCR-001" else "",
                    "sex": sex,
                    "date_of_birth": born,
                    "registration_date": "2026-11-02",
                },
                today=today,
            )
        )
        record_consent(
            nurse,
            refs[-1].id,
            {**consent, "witness_name": "Zhou Ping" if number == "SCR-002" else ""},
            today=today,
        )
    first, failed, waiting = refs
    save_screening(nurse, first.id, screening, today=today, confirm_warnings=True)
    save_screening(
        nurse, failed.id, {**screening, "ex_malignancy": "Y"}, today=today, confirm_warnings=True
    )
    save_screening(
        nurse,
        waiting.id,
        {k: v for k, v in screening.items() if not k.startswith("ex_")},
        today=today,
        confirm_warnings=True,
    )
    sign_eligibility(doctor, first.id, doctor_pw)
    day0 = date(2026, 11, 5)
    arm = randomize(doctor, first.id, today=day0)
    assert arm == "MSC", arm
    plan = plan_infusion(
        nurse,
        first.id,
        {
            "visit_code": "W0",
            "weight": "62.0",
            "weight_date": "2026-11-05",
            "product_lot": "LOT-417",
            "bag_id": "BAG-2093",
            "product_expiry": "2026-11-07",
            "cell_concentration_per_ml": "2000000",
            "viability_pct": "92",
        },
        today=day0,
        confirm_warnings=True,
    )
    log_infusion(
        nurse,
        first.id,
        "W0",
        {
            "volume_infused_ml": str(plan.plan.volume_ml),
            "infusion_start": "2026-11-05T10:00",
            "infusion_end": "2026-11-05T10:40",
            "rate_ml_per_h": "60",
            "pre_systolic_bp": "120",
            "pre_diastolic_bp": "78",
            "pre_heart_rate": "76",
            "pre_temperature": "36.7",
            "post_systolic_bp": "118",
            "post_diastolic_bp": "76",
            "post_heart_rate": "78",
            "post_temperature": "36.9",
            "infusion_reaction": "N",
        },
        preparer_password=nurse_pw,
        verifier=Credentials(doctor_id, doctor_pw),
        today=today,
        confirm_warnings=True,
    )
    visit = {
        "visit_code": "W0",
        "visit_date": "2026-11-05",
        "lab_date": "2026-11-05",
        "weight": "62.0",
        "systolic_bp": "121",
        "diastolic_bp": "77",
        "heart_rate": "74",
        "temperature": "36.8",
        "bilirubin": {"value": "47.9", "unit": "umol/L"},
        "albumin": {"value": "31", "unit": "g/L"},
        "inr": "1.7",
        "creatinine": {"value": "1.1", "unit": "mg/dL"},
        "sodium": "135",
        "ascites": "slight",
        "encephalopathy_grade": "0",
        "dialysis": "N",
        "variceal_bleeding": "N",
    }
    save_visit(nurse, first.id, visit, today=today, confirm_warnings=True)
    save_visit(
        nurse,
        first.id,
        {**visit, "albumin": {"value": "3.2", "unit": "g/dL"}, "heart_rate": "75"},
        today=today,
        reason="transcription error: albumin was reported in g/dL",
        confirm_warnings=True,
    )
    ae = record_adverse_event(
        nurse,
        first.id,
        {
            "term": "Fever",
            "onset_date": "2026-11-06",
            "aware_at": "2026-11-06T09:00",
            "grade": "1",
            "serious_death": "N",
            "serious_life_threatening": "N",
            "serious_hospitalisation": "N",
            "serious_disability": "N",
            "serious_congenital_anomaly": "N",
            "serious_other_medical_event": "N",
            "relationship": "POSSIBLY RELATED",
            "expected": "Y",
            "action_taken": "NOT APPLICABLE",
            "outcome": "RECOVERING/RESOLVING",
        },
        today=today,
        confirm_warnings=True,
    )
    assess_causality(doctor, first.id, ae.ae_number, "PROBABLY RELATED", doctor_pw)
    update_adverse_event(
        nurse,
        first.id,
        ae.ae_number,
        {
            **ae.form_values(),
            "relationship": "PROBABLY RELATED",
            "end_date": "2026-11-08",
            "outcome": "RECOVERED/RESOLVED",
        },
        today=today,
        reason="follow-up call: fever resolved",
        confirm_warnings=True,
    )
    update_registration(
        nurse,
        waiting.id,
        {
            "screening_number": "SCR-003",
            "initials": "ZM",
            "full_name": "Zhang Min",
            "phone": "13900000003",
            "address": "",
            "sex": "F",
            "date_of_birth": "1980-01-30",
            "registration_date": "2026-11-02",
        },
        today=today,
        reason="participant gave a new phone number",
    )
    for store in (doctor, nurse, admin):
        store.close()
    report = SiteStore.unlock(out, admin_id, admin_pw)
    try:
        verdict = report.verify_audit()
        assert verdict.ok, verdict
        print(f"{verdict.count} audit rows, chain verified")
    finally:
        report.close()


def _extract(commit: str, into: Path) -> None:
    archive = subprocess.run(
        [
            "git",
            "-C",
            str(REPO_ROOT),
            "archive",
            "--format=tar",
            commit,
            "msc_desktop",
            "migrations",
            "resources",
        ],
        check=True,
        capture_output=True,
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")


def main(argv: list[str]) -> int:
    if len(argv) == 3 and argv[0] == "--enter":  # the subprocess
        sys.path.insert(0, argv[2])
        enter_data(Path(argv[1]))
        return 0
    if len(argv) != 2:
        print(__doc__)
        return 2
    commit, out = argv[0], Path(argv[1])
    if out.exists() and any(out.iterdir()):
        print(f"{out} is not empty; choose a new folder")
        return 1
    with tempfile.TemporaryDirectory() as tree:
        _extract(commit, Path(tree))
        environment = {**os.environ, "PYTHONPATH": tree}
        subprocess.run(
            [sys.executable, __file__, "--enter", str(out), tree],
            check=True,
            env=environment,
            cwd=tree,
        )
    for name in sorted(os.listdir(out)):
        print(f"{name}: {(out / name).stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
