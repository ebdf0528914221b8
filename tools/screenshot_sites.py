"""The throw-away sites the screenshot walks show (tools/screenshots.py), built through the
services: their accounts, a mix of screened and randomized participants, and a participant
followed for 24 weeks with infusions, adverse events and end of study. One module (over 400
lines) because the sites share their set-up (`new_site`) and their dates."""

from __future__ import annotations

import tempfile
from datetime import UTC, date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from msc_desktop.domain.randomization import AllocationList
    from msc_desktop.store.site import SiteStore
    from msc_desktop.sync.keys import KeyPair


ADMIN = ("admin", "Harbour-lamp-2026", "Ada Admin")
NURSE = ("nurse", "Willow-stone-2026", "Nora Nurse")
INVESTIGATOR = ("doctor", "Copper-field-2026", "Ivan Investigator")
CENTRE_PASSPHRASE = "Granite-orchid-lantern-2026"  # the screenshot centre only

ELIGIBLE_B: dict[str, object] = {
    "weight": "61.5",
    "height": "165",
    "systolic_bp": "118",
    "diastolic_bp": "72",
    "heart_rate": "84",
    "bilirubin": {"value": "42.8", "unit": "umol/L"},
    "albumin": {"value": "30", "unit": "g/L"},
    "inr": {"value": "1.8", "unit": "ratio"},
    "creatinine": {"value": "88", "unit": "umol/L"},
    "sodium": {"value": "133", "unit": "mmol/L"},
    "platelets": {"value": "74", "unit": "10^9/L"},
    "ascites": "slight",
    "encephalopathy_grade": "0",
    "dialysis": "N",
    "variceal_bleeding": "Y",
    "hbsag": "POSITIVE",
    "hbv_dna_status": "QUANTIFIED",
    "hbv_dna": "23000",
    "cirrhosis_method": "ELASTOGRAPHY",
    "liver_stiffness": "18.6",
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


def evidence_dates(day: date) -> dict[str, object]:
    """The HBsAg, HBV DNA and cirrhosis examination dates of a screening on `day`."""
    return {
        "hbsag_date": day.isoformat(),
        "hbv_dna_date": day.isoformat(),
        "cirrhosis_date": (day - timedelta(days=20)).isoformat(),
    }


ELIGIBLE_C: dict[str, object] = {
    **ELIGIBLE_B,
    "bilirubin": {"value": "4.2", "unit": "mg/dL"},
    "albumin": {"value": "2.6", "unit": "g/dL"},
    "inr": {"value": "2.4", "unit": "ratio"},
    "ascites": "moderate",
    "encephalopathy_grade": "1",
}


def use_interface_language(data_dir: Path) -> None:
    """The site's computer speaks the walk's language, as if chosen at first run (printed sheets
    use it)."""
    from msc_desktop.gui.i18n import current_language
    from msc_desktop.store.settings import write_preference

    write_preference(data_dir, "language", current_language())


def load_signed_lists(
    admin: SiteStore, lists: list[AllocationList], centre: KeyPair | None = None
) -> None:
    """The pictures' site is a real site: its lists are signed by a centre key it pins (`centre`,
    else a throwaway one)."""
    import base64

    from msc_desktop.sync.allocation_lists import store_allocation_list
    from msc_desktop.sync.identity import pin_center_key
    from msc_desktop.sync.keys import KeyPair
    from msc_desktop.sync.packages import seal_allocation_list

    centre = centre or KeyPair.generate("center", "XJMSC0001")
    with tempfile.TemporaryDirectory() as folder:
        key_file = Path(folder) / "centre.pub"
        key_file.write_bytes(centre.public_document())
        pin_center_key(admin, key_file)
    for allocation in lists:
        signed = base64.b64encode(seal_allocation_list(allocation, centre)).decode("ascii")
        store_allocation_list(
            admin,
            list_id=allocation.list_id,
            stratum=allocation.stratum,
            arms=list(allocation.arms),
            signed_package=signed,
        )


def new_site(data_dir: Path, lists: list[AllocationList], centre: KeyPair | None = None) -> None:
    """Site 01 in the walk's language, its three accounts, and `lists` signed by `centre`."""
    from msc_desktop.store.site import SiteStore
    from msc_desktop.store.users import create_user

    admin, _key = SiteStore.init(
        data_dir,
        site_id="01",
        site_name="Xijing Hospital, Xi'an",
        admin_user=ADMIN[0],
        admin_password=ADMIN[1],
        admin_full_name=ADMIN[2],
    )
    use_interface_language(data_dir)
    create_user(admin, NURSE[0], NURSE[2], "nurse", NURSE[1])
    create_user(admin, INVESTIGATOR[0], INVESTIGATOR[2], "investigator", INVESTIGATOR[1])
    load_signed_lists(admin, lists, centre)
    admin.close()


def build_site(data_dir: Path, today: date) -> None:
    """A site with users, allocation lists and a realistic mix of participants."""
    from msc_desktop.domain.randomization import build_allocation_list
    from msc_desktop.store.services.participants import record_consent, register_participant
    from msc_desktop.store.services.randomization import randomize
    from msc_desktop.store.services.screening import save_screening, sign_eligibility
    from msc_desktop.store.site import SiteStore

    new_site(
        data_dir,
        [
            build_allocation_list(
                "01", stratum, 40, created_at="2026-01-05T08:00:00Z", seed=f"shots-{stratum}"
            )
            for stratum in ("B", "C")
        ],
    )
    nurse = SiteStore.unlock(data_dir, NURSE[0], NURSE[1])
    doctor = SiteStore.unlock(data_dir, INVESTIGATOR[0], INVESTIGATOR[1])
    names = [
        "Wang Li",
        "Zhang Wei",
        "Liu Yang",
        "Chen Jing",
        "Yang Fang",
        "Zhao Min",
        "Huang Lei",
        "Zhou Jie",
        "Wu Hua",
        "Xu Qiang",
        "Sun Yan",
        "Ma Chao",
    ]
    for number, name in enumerate(names, start=1):
        registered = today - timedelta(days=140 - number * 9)
        initials = "".join(part[0] for part in name.split())
        ref = register_participant(
            nurse,
            {
                "screening_number": f"S{number:03d}",
                "initials": initials,
                "full_name": name,
                "phone": f"138 0000 {number:04d}",
                "sex": "F" if number % 3 == 0 else "M",
                "date_of_birth": f"{1960 + number}-0{1 + number % 9}-15",
                "registration_date": registered.isoformat(),
            },
            today=registered,
            confirm_warnings=True,
        )
        if number == len(names):
            continue
        record_consent(
            nurse,
            ref.id,
            {
                "consent_date": registered.isoformat(),
                "consent_time": "09:30",
                "consent_version": "2.1",
                "written_consent": "Y",
                "copy_given": "Y",
                "obtained_by": NURSE[2],
            },
            today=registered,
        )
        if number == len(names) - 1:
            continue
        values = dict(ELIGIBLE_C if number % 2 else ELIGIBLE_B)
        if number in (3, 7):
            values["ex_malignancy"] = "Y"
        values.update(
            {
                "screening_date": registered.isoformat(),
                "lab_date": registered.isoformat(),
                **evidence_dates(registered),
            }
        )
        save_screening(nurse, ref.id, values, today=registered, confirm_warnings=True)
        if number in (3, 7, 10):
            continue
        sign_eligibility(doctor, ref.id, INVESTIGATOR[1])
        randomize(doctor, ref.id, today=registered)
    nurse.close()
    doctor.close()


# (bilirubin mg/dL, albumin g/dL, INR, creatinine mg/dL, ascites) by visit: MSC improving
FOLLOW_UP_LABS = (
    ("W0", "2.4", "3.0", "1.75", "1.0", "slight"),
    ("W4", "2.1", "3.1", "1.6", "0.9", "slight"),
    ("W8", "1.8", "3.3", "1.5", "0.95", "slight"),
    ("W12", "1.5", "3.5", "1.4", "0.9", "absent"),
)


def build_follow_up_site(
    data_dir: Path, today: date, *, centre: KeyPair | None = None
) -> dict[str, str]:
    """A site for the follow-up screens: an MSC participant at week 24 (three infusions, visits
    that improve, AEs with an overdue and a pending SAE), a withdrawn control participant, and an
    MSC participant randomized today. Returns their participant ids by role."""
    from datetime import datetime
    from datetime import time as day_time

    from msc_desktop.domain.protocol_reader import load_protocol
    from msc_desktop.domain.randomization import AllocationList
    from msc_desktop.store.services.adverse_events import assess_causality, record_adverse_event
    from msc_desktop.store.services.disposition import end_study
    from msc_desktop.store.services.infusion_log import Credentials, log_infusion
    from msc_desktop.store.services.infusions import plan_infusion
    from msc_desktop.store.services.participants import record_consent, register_participant
    from msc_desktop.store.services.randomization import randomize
    from msc_desktop.store.services.screening import save_screening, sign_eligibility
    from msc_desktop.store.services.visits import save_visit
    from msc_desktop.store.site import SiteStore

    new_site(
        data_dir,
        [
            AllocationList(
                protocol_id=load_protocol().protocol_id,
                site_id="01",
                stratum="B",
                expected_enrolment=3,
                block_sizes=(2, 2),
                arms=("MSC", "CONTROL", "MSC", "CONTROL"),
                created_at="2026-01-05T08:00:00Z",
            )
        ],
        centre,
    )
    nurse = SiteStore.unlock(data_dir, NURSE[0], NURSE[1])
    doctor = SiteStore.unlock(data_dir, INVESTIGATOR[0], INVESTIGATOR[1])
    verifier = Credentials(INVESTIGATOR[0], INVESTIGATOR[1])
    ids: dict[str, str] = {}
    for number, (role, day0) in enumerate(
        (
            ("followed", today - timedelta(days=170)),
            ("withdrawn", today - timedelta(days=100)),
            ("new", today),
        ),
        start=1,
    ):
        registered = day0 - timedelta(days=2)
        ref = register_participant(
            nurse,
            {
                "screening_number": f"S{number:03d}",
                "initials": ("WL", "ZW", "LY")[number - 1],
                "full_name": ("Wang Li", "Zhang Wei", "Liu Yang")[number - 1],
                "sex": "M",
                "date_of_birth": f"{1965 + number}-03-15",
                "registration_date": registered.isoformat(),
            },
            today=registered,
        )
        record_consent(
            nurse,
            ref.id,
            {
                "consent_date": registered.isoformat(),
                "consent_time": "09:30",
                "consent_version": "2.1",
                "written_consent": "Y",
                "copy_given": "Y",
                "obtained_by": NURSE[2],
            },
            today=registered,
        )
        save_screening(
            nurse,
            ref.id,
            {
                **ELIGIBLE_B,
                "screening_date": registered.isoformat(),
                "lab_date": registered.isoformat(),
                **evidence_dates(registered),
            },
            today=registered,
            confirm_warnings=True,
        )
        sign_eligibility(doctor, ref.id, INVESTIGATOR[1])
        randomize(doctor, ref.id, today=day0)
        ids[role] = ref.id
    followed, day0 = ids["followed"], today - timedelta(days=170)
    for code, bili, albumin, inr, creatinine, ascites in FOLLOW_UP_LABS:
        visit_day = day0 + timedelta(days={"W0": 0, "W4": 28, "W8": 57, "W12": 85}[code])
        if code in ("W0", "W4", "W8"):
            plan = plan_infusion(
                nurse,
                followed,
                {
                    "visit_code": code,
                    "weight": "61.0",
                    "weight_date": visit_day.isoformat(),
                    "product_lot": f"LOT-24{code[1]}",
                    "bag_id": f"BAG-{code}-07",
                    "product_expiry": (visit_day + timedelta(days=2)).isoformat(),
                    "cell_concentration_per_ml": "2000000",
                    "viability_pct": "92",
                },
                today=visit_day,
            )
            start = datetime.combine(visit_day, day_time(10, 0))
            volume = "28.0" if code == "W8" else str(plan.plan.volume_ml)
            log_infusion(
                nurse,
                followed,
                code,
                {
                    "volume_infused_ml": volume,
                    "infusion_start": start.isoformat(timespec="minutes"),
                    "infusion_end": (start + timedelta(minutes=40)).isoformat(timespec="minutes"),
                    "rate_ml_per_h": "50",
                    "pre_systolic_bp": "118",
                    "pre_diastolic_bp": "76",
                    "pre_heart_rate": "72",
                    "pre_temperature": "36.6",
                    "post_systolic_bp": "120",
                    "post_diastolic_bp": "78",
                    "post_heart_rate": "75",
                    "post_temperature": "36.8" if code != "W0" else "38.1",
                    "infusion_reaction": "Y" if code == "W0" else "N",
                },
                preparer_password=NURSE[1],
                verifier=verifier,
                today=visit_day,
                deviation_reason="infusion line occluded; stopped by the investigator"
                if code == "W8"
                else None,
            )
        save_visit(
            nurse,
            followed,
            {
                "visit_code": code,
                "visit_date": visit_day.isoformat(),
                "lab_date": visit_day.isoformat(),
                "weight": "61.0",
                "systolic_bp": "118",
                "diastolic_bp": "74",
                "heart_rate": "76",
                "bilirubin": {"value": bili, "unit": "mg/dL"},
                "albumin": {"value": albumin, "unit": "g/dL"},
                "inr": inr,
                "creatinine": {"value": creatinine, "unit": "mg/dL"},
                "sodium": "135",
                "ascites": ascites,
                "encephalopathy_grade": "0",
                "dialysis": "N",
                "variceal_bleeding": "N",
            },
            today=visit_day,
            confirm_warnings=True,
        )
    now = datetime.now(UTC).replace(tzinfo=None, second=0, microsecond=0)
    no = {
        "serious_death": "N",
        "serious_life_threatening": "N",
        "serious_hospitalisation": "N",
        "serious_disability": "N",
        "serious_congenital_anomaly": "N",
        "serious_other_medical_event": "N",
    }
    events = (
        (
            "Fever after infusion",
            day0,
            datetime.combine(day0, day_time(14, 0)),
            "1",
            {},
            "RECOVERED/RESOLVED",
        ),
        (
            "Oesophageal variceal haemorrhage",
            (now - timedelta(hours=30)).date(),
            now - timedelta(hours=30),
            "3",
            {"serious_hospitalisation": "Y"},
            "RECOVERING/RESOLVING",
        ),
        (
            "Spontaneous bacterial peritonitis",
            (now - timedelta(hours=5)).date(),
            now - timedelta(hours=5),
            "3",
            {"serious_hospitalisation": "Y"},
            "NOT RECOVERED/NOT RESOLVED",
        ),
    )
    for term, onset, aware, grade, serious, outcome in events:
        record_adverse_event(
            nurse,
            followed,
            {
                "term": term,
                "onset_date": onset.isoformat(),
                "end_date": onset.isoformat() if outcome == "RECOVERED/RESOLVED" else None,
                "aware_at": aware.isoformat(timespec="minutes"),
                "grade": grade,
                **no,
                **serious,
                "relationship": "POSSIBLY RELATED" if grade == "1" else "UNLIKELY RELATED",
                "expected": "Y",
                "action_taken": "NOT APPLICABLE",
                "outcome": outcome,
            },
            today=max(onset, aware.date()),
        )
    assess_causality(doctor, followed, 1, "PROBABLY RELATED", INVESTIGATOR[1])
    end_study(
        nurse,
        ids["withdrawn"],
        {
            "status": "WITHDRAWAL BY SUBJECT",
            "disposition_date": today.isoformat(),
            "last_visit_code": "W12",
        },
        today=today,
    )
    nurse.close()
    doctor.close()
    return ids
