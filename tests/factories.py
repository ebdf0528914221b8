"""Test data entered through the services, as a nurse would: shared by unit, GUI and e2e tests."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from msc_desktop.store.models import AllocationList
from msc_desktop.store.services.participants import record_consent, register_participant
from msc_desktop.store.services.randomization import randomize, stock
from msc_desktop.store.services.screening import save_screening, sign_eligibility
from msc_desktop.store.site import SiteStore
from tests.accounts import INVESTIGATOR
from tests.lists import load_signed_list

TODAY = date(2026, 11, 20)

REGISTRATION: dict[str, object] = {
    "screening_number": "SCR-001",
    "initials": "wl",
    "full_name": "Wang Lei",
    "phone": "13800000000",
    "sex": "M",
    "date_of_birth": "1970-04-02",
    "registration_date": "2026-11-18",
}
CONSENT: dict[str, object] = {
    "consent_date": "2026-11-18",
    "consent_time": "09:30",
    "consent_version": "2.1",
    "written_consent": "Y",
    "copy_given": "Y",
    "obtained_by": "Nora Nurse",
}
ELIGIBLE_SCREENING: dict[str, object] = {
    "screening_date": "2026-11-19",
    "lab_date": "2026-11-19",
    "weight": "62.5",
    "bilirubin": {"value": "51.3", "unit": "umol/L"},  # 3.0 mg/dL: 2 points
    "albumin": {"value": "30", "unit": "g/L"},  # 3.0 g/dL: 2 points
    "inr": "1.8",
    "creatinine": {"value": "97.2", "unit": "umol/L"},
    "sodium": "134",
    "ascites": "slight",
    "encephalopathy_grade": "0",
    "dialysis": "N",
    "variceal_bleeding": "N",
    "hbsag": "POSITIVE",
    "hbsag_date": "2026-11-19",
    "hbv_dna_status": "QUANTIFIED",
    "hbv_dna": "23000",
    "hbv_dna_date": "2026-11-19",
    "cirrhosis_method": "ELASTOGRAPHY",
    "liver_stiffness": "18.6",
    "cirrhosis_date": "2026-11-19",
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


def randomized_participant(
    nurse: SiteStore,
    investigator: SiteStore,
    admin: SiteStore,
    *,
    arm: str,
    number: int = 1,
    today: date = TODAY,
) -> str:
    """A consented, eligible, signed participant randomized to `arm` on `today` (stratum B,
    Child-Pugh 9); the dates of registration, consent and screening keep their distance from
    `today`."""
    registration = {**_shifted(REGISTRATION, today), "screening_number": f"SCR-{number:03d}"}
    pid = register_participant(nurse, registration, today=today).id
    record_consent(nurse, pid, _shifted(CONSENT, today), today=today)
    save_screening(nurse, pid, _shifted(ELIGIBLE_SCREENING, today), today=today)
    sign_eligibility(investigator, pid, INVESTIGATOR[1])
    [stratum_b] = [item for item in stock(admin) if item.stratum == "B"]
    if stratum_b.remaining == 0:  # a new signed block: `arm`, then the other arm
        other = "CONTROL" if arm == "MSC" else "MSC"
        lists = len(_lists(admin, "B"))
        load_signed_list(admin, "B", [arm, other], list_number=lists + 1)
    got = randomize(investigator, pid, today=today)
    assert got == arm, (
        f"the next entry of the site's list is {got}: ask for {got} (lists come in balanced blocks)"
    )
    return pid


def _shifted(values: dict[str, object], today: date) -> dict[str, object]:
    """`values` with each date field (but the date of birth) moved by `today` - TODAY days."""
    days = timedelta(days=(today - TODAY).days)
    return {
        name: (date.fromisoformat(value) + days).isoformat()
        if name.endswith("_date") and isinstance(value, str)
        else value
        for name, value in values.items()
    }


def _lists(admin: SiteStore, stratum: str) -> list[AllocationList]:
    with admin.session() as session:
        return list(
            session.scalars(select(AllocationList).where(AllocationList.stratum == stratum))
        )
