"""A site with clinical data entered through the services, and a centre that knows it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from msc_desktop.central.service import Center
from msc_desktop.store.services.participants import record_consent, register_participant
from msc_desktop.store.services.screening import save_screening, sign_eligibility
from msc_desktop.store.site import SiteStore
from msc_desktop.sync.identity import pin_center_key, write_identity
from tests.accounts import INVESTIGATOR

TODAY = date(2026, 11, 20)
NAMES = ("Wang Lei", "Li Na", "Zhang Wei")
PHONES = ("13800000001", "13800000002", "13800000003")
CONSENT = {
    "consent_date": "2026-11-18",
    "consent_time": "09:30",
    "consent_version": "2.1",
    "written_consent": "Y",
    "copy_given": "Y",
    "obtained_by": "Nora Nurse",
    "witness_name": "Witness Zhou",
}
SCREENING: dict[str, object] = {
    "screening_date": "2026-11-19",
    "lab_date": "2026-11-19",
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
    "hbsag_date": "2026-11-19",
    "hbv_dna_status": "NOT_DETECTED",
    "hbv_dna_date": "2026-11-19",
    "cirrhosis_method": "BIOPSY",
    "cirrhosis_date": "2026-10-02",
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


def add_participant(nurse: SiteStore, index: int) -> str:
    registration = {
        "screening_number": f"SCR-{index:03d}",
        "initials": "ab",
        "full_name": NAMES[index % len(NAMES)],
        "phone": PHONES[index % len(PHONES)],
        "address": "12 Hospital Road",
        "sex": "M",
        "date_of_birth": "1970-04-02",
        "registration_date": "2026-11-18",
    }
    return register_participant(nurse, registration, today=TODAY).id


def screened_participant(nurse: SiteStore, investigator: SiteStore, index: int) -> str:
    pid = add_participant(nurse, index)
    record_consent(nurse, pid, CONSENT, today=TODAY)
    save_screening(nurse, pid, SCREENING, today=TODAY)
    sign_eligibility(investigator, pid, INVESTIGATOR[1])
    return pid


def connect(admin: SiteStore, center: Center, tmp: Path) -> None:
    """Pin the centre at the site and register the site at the centre."""
    pin_center_key(admin, center.home.public_key_path)
    identity = tmp / "site.pub"
    write_identity(admin, identity)
    center.register_site(admin.site_id, identity.read_bytes())
