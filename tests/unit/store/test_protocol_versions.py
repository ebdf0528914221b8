"""Two protocol versions coexist in one process: the rules work under the `Protocol` they are
handed (DESIGN section 12), and a site's services under the store's (`SiteStore.protocol`)."""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal
from typing import Any

import pytest

from msc_desktop.domain.adverse_events import sae_report_deadline
from msc_desktop.domain.dosing import plan_dose
from msc_desktop.domain.protocol import Protocol
from msc_desktop.domain.protocol_reader import load_protocol, parse_protocol
from msc_desktop.domain.randomization import build_allocation_list, stratum_for_child_pugh
from msc_desktop.domain.scores import child_pugh, meld
from msc_desktop.domain.screening_findings import decompensation
from msc_desktop.errors import ValidationError
from msc_desktop.paths import resources_dir
from msc_desktop.store.services.infusions import plan_infusion
from msc_desktop.store.site import SiteStore
from tests.factories import TODAY, randomized_participant

CURRENT = load_protocol()
PLAN = {
    "visit_code": "W0",
    "weight": "61.0",
    "weight_date": "2026-11-19",
    "product_lot": "LOT-7",
    "bag_id": "BAG-3",
    "product_expiry": "2026-12-31",
    "cell_concentration_per_ml": "2000000",
    "viability_pct": "92",
}


def amended(change: Any) -> Protocol:
    """A copy of the shipped declaration, version 1.1, changed by `change(data)`."""
    data = json.loads((resources_dir() / "protocol.json").read_text(encoding="utf-8"))
    data["version"] = "1.1"
    change(data)
    return parse_protocol(data)


def double_dose_and_stricter_rules(data: dict[str, Any]) -> None:
    data["dosing"]["dose_per_kg"] = "2000000"
    data["eligibility"]["jaundice_bilirubin_above_mg_dl"] = "5"
    data["sae_report_hours"] = 12
    for test in data["lab_tests"]:
        if test["code"] == "BILI":
            test["hard_range"]["high"] = test["soft_range"]["high"] = "10"
    for stratum in data["randomization"]["strata"]:
        if stratum["code"] == "B":
            stratum["child_pugh_max"] = 8
        else:
            stratum["child_pugh_min"] = 9


AMENDED = amended(double_dose_and_stricter_rules)


def test_the_same_rules_give_each_version_its_answer() -> None:
    assert (CURRENT.version, AMENDED.version) == ("1.0", "1.1")
    now = plan_dose("61.0", "2000000", "92")
    then = plan_dose("61.0", "2000000", "92", protocol=AMENDED)
    assert (now.dose_per_kg, now.total_cells, now.volume_ml) == (
        Decimal(1000000),
        61_000_000,
        Decimal("33.2"),
    )
    assert (then.dose_per_kg, then.total_cells, then.volume_ml) == (
        Decimal(2000000),
        122_000_000,
        Decimal("66.3"),
    )
    assert (
        plan_dose("61.0", "2000000", "92", protocol=CURRENT) == now
    )  # the default is the current version

    assert [stratum_for_child_pugh(9, p) for p in (CURRENT, AMENDED)] == ["B", "C"]
    assert [decompensation({"bilirubin": Decimal(4)}, p) for p in (CURRENT, AMENDED)] == [
        "present",
        "unknown",
    ]
    aware = datetime(2026, 11, 20, 9, 0)
    assert [sae_report_deadline(aware, p) for p in (CURRENT, AMENDED)] == [
        datetime(2026, 11, 21, 9, 0),
        datetime(2026, 11, 20, 21, 0),
    ]

    assert child_pugh("12", "3.0", "1.8", "slight", 0).bilirubin_points == 3
    assert meld("12", "1.8", "1.1") == meld("12", "1.8", "1.1", protocol=CURRENT)
    with pytest.raises(ValidationError, match="bilirubin must be between 0.1 and 10 mg/dL"):
        child_pugh("12", "3.0", "1.8", "slight", 0, protocol=AMENDED)

    lists = [
        build_allocation_list("01", "B", 10, created_at="2026-11-20T00:00:00Z", seed=1, protocol=p)
        for p in (CURRENT, AMENDED)
    ]
    assert [allocation.protocol_id for allocation in lists] == [CURRENT.protocol_id] * 2
    assert load_protocol() is CURRENT  # handing a version over changes nothing global


def test_a_site_works_under_the_protocol_of_its_store(
    nurse_store: SiteStore, investigator_store: SiteStore, site: SiteStore
) -> None:
    pid = randomized_participant(nurse_store, investigator_store, site, arm="MSC")
    assert nurse_store.protocol is CURRENT
    nurse_store.protocol = AMENDED  # the version new entries of this store are made under
    view = plan_infusion(nurse_store, pid, PLAN, today=TODAY)
    assert (view.plan.total_cells, view.plan.volume_ml) == (122_000_000, Decimal("66.3"))
    assert investigator_store.protocol is CURRENT  # another store in the same process keeps its own
    assert (
        plan_dose("61.0", "2000000", "92", protocol=investigator_store.protocol).total_cells
        == 61_000_000
    )
