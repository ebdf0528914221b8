"""The test amendment (tests/data/amendment-1.1.json) applied to the shipped protocol declaration.

The data file lists only what version 1.1 adds (a visit, its codes, an item of the visit form), so
it stays valid whatever else the shipped declaration gains; `amended_declaration()` is the whole
version 1.1 declaration, as the coordinating centre would issue it.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from msc_desktop.central.service import Center
from msc_desktop.paths import resources_dir
from msc_desktop.store.services.participants import record_consent, register_participant
from msc_desktop.store.services.protocol_versions import activate
from msc_desktop.store.services.randomization import randomize
from msc_desktop.store.services.screening import save_screening, sign_eligibility
from msc_desktop.store.services.visits import save_visit
from msc_desktop.store.site import SiteStore
from msc_desktop.sync.site_import import import_packages
from tests.accounts import INVESTIGATOR
from tests.unit.sync.sitepath import CONSENT, SCREENING, TODAY, connect, screened_participant

AMENDMENT = Path(__file__).resolve().parent / "data" / "amendment-1.1.json"
NEW_ITEM = "eq_vas"
NEW_VISIT = "W36"


def shipped_declaration() -> dict[str, Any]:
    return json.loads((resources_dir() / "protocol.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def amended_declaration(base: dict[str, Any] | None = None) -> dict[str, Any]:
    """Version 1.1: `base` (the shipped declaration) with the amendment's additions."""
    declaration = copy.deepcopy(base or shipped_declaration())
    patch = json.loads(AMENDMENT.read_text(encoding="utf-8"))
    declaration["version"] = patch["version"]
    visits = declaration["visits"] + patch["visits"]
    declaration["visits"] = sorted(
        visits, key=lambda visit: -1 if visit["day"] is None else visit["day"]
    )
    order = {visit["code"]: index for index, visit in enumerate(declaration["visits"])}
    for name, codes in patch["codes"].items():
        listed = declaration["codelists"][name]["items"] + codes
        declaration["codelists"][name]["items"] = sorted(
            listed, key=lambda code: order.get(code["code"], len(order))
        )
    for form in declaration["forms"]:  # new items go before the ones the app records itself
        fields = form["fields"]
        at = next((n for n, field in enumerate(fields) if field.get("derived")), len(fields))
        fields[at:at] = patch["fields"].get(form["id"], [])
    return declaration


def write_amendment(folder: Path, declaration: dict[str, Any] | None = None) -> Path:
    """The amendment as a file a centre administrator would hand to `msc-central amend`."""
    path = folder / "protocol-1.1.json"
    path.write_text(
        json.dumps(declaration or amended_declaration(), ensure_ascii=False, indent=1),
        encoding="utf-8",
    )
    return path


def deliver_amendment(admin: SiteStore, center: Center, folder: Path) -> None:
    """The centre issues version 1.1 and the site's administrator imports its site package
    (the centre pinned at the site and the site registered at the centre first)."""
    connect(admin, center, folder)
    center.amend(write_amendment(folder).read_bytes())
    package = folder / f"{admin.site_id}.mscp"
    package.write_bytes(center.site_package(admin.site_id, expected_enrolment=10))
    [result] = import_packages(admin, [package])
    assert result.ok, result.message


VISIT_VALUES: dict[str, object] = {
    "weight": "60.5",
    "bilirubin": {"value": "1.9", "unit": "mg/dL"},
    "albumin": {"value": "3.4", "unit": "g/dL"},
    "inr": "1.5",
    "creatinine": {"value": "1.0", "unit": "mg/dL"},
    "sodium": "137",
    "ascites": "absent",
    "encephalopathy_grade": "0",
    "dialysis": "N",
    "variceal_bleeding": "N",
}


@dataclass(frozen=True)
class AmendedTrial:
    """Participant `before` randomized on `start` and seen at W4 under version 1.0; version 1.1
    in effect from `effective`; participant `after` registered and randomized under it."""

    before: str
    after: str
    start: date
    effective: date


def amended_trial(
    admin: SiteStore, nurse: SiteStore, investigator: SiteStore, center: Center, folder: Path
) -> AmendedTrial:
    """The flow of the test amendment through the services, as a site lives it."""
    deliver_amendment(admin, center, folder)
    before = screened_participant(nurse, investigator, 0)
    randomize(investigator, before, today=TODAY)
    w4 = TODAY + timedelta(days=28)
    save_visit(
        nurse, before, {**VISIT_VALUES, "visit_code": "W4", "visit_date": w4.isoformat()}, today=w4
    )
    effective = TODAY + timedelta(days=30)
    activate(admin, "1.1", effective, today=w4)
    after = _participant_on(nurse, investigator, effective)
    randomize(investigator, after, today=effective)
    return AmendedTrial(before=before, after=after, start=TODAY, effective=effective)


def _participant_on(nurse: SiteStore, investigator: SiteStore, day: date) -> str:
    """A participant registered, consented and screened in the days before `day`, signed."""
    registered, screened = (
        (day - timedelta(days=2)).isoformat(),
        (day - timedelta(days=1)).isoformat(),
    )
    pid = register_participant(
        nurse,
        {
            "screening_number": "SCR-101",
            "initials": "ln",
            "full_name": "Li Na",
            "phone": "13800000009",
            "address": "1 Ring Road",
            "sex": "F",
            "date_of_birth": "1968-03-05",
            "registration_date": registered,
        },
        today=day,
    ).id
    record_consent(nurse, pid, {**CONSENT, "consent_date": registered}, today=day)
    save_screening(
        nurse, pid, {**SCREENING, "screening_date": screened, "lab_date": screened}, today=day
    )
    sign_eligibility(investigator, pid, INVESTIGATOR[1])
    return pid
