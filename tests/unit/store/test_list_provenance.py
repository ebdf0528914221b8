"""Randomization uses only the pinned centre's signed lists; demo lists live only on demo sites."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from msc_desktop.errors import RuleViolation
from msc_desktop.store.demo import generate_demo_data, make_demo_site
from msc_desktop.store.models import Allocation, AllocationList
from msc_desktop.store.services.participants import record_consent, register_participant
from msc_desktop.store.services.randomization import randomize, stock
from msc_desktop.store.services.screening import save_screening, sign_eligibility
from msc_desktop.store.site import SiteStore
from msc_desktop.store.site_kind import is_demo_site
from msc_desktop.sync.allocation_lists import store_allocation_list
from msc_desktop.sync.keys import KeyPair
from tests.accounts import INVESTIGATOR
from tests.factories import CONSENT, ELIGIBLE_SCREENING, REGISTRATION, TODAY
from tests.lists import load_signed_list, pin_test_centre, signed_list


def signed_eligible(nurse: SiteStore, investigator: SiteStore) -> str:
    pid = register_participant(nurse, REGISTRATION, today=TODAY).id
    record_consent(nurse, pid, CONSENT, today=TODAY)
    save_screening(nurse, pid, ELIGIBLE_SCREENING, today=TODAY)
    sign_eligibility(investigator, pid, INVESTIGATOR[1])
    return pid


def test_a_real_site_refuses_unsigned_demo_and_foreign_lists(site: SiteStore) -> None:
    pin_test_centre(site)
    with pytest.raises(RuleViolation, match="demo allocation lists are refused"):
        store_allocation_list(
            site,
            list_id="DEMO-x-B",
            stratum="B",
            arms=["MSC", "CONTROL"],
            signed_package="demo data: not signed by a coordinating centre",
        )
    with pytest.raises(RuleViolation, match="not signed by this site's coordinating centre"):
        store_allocation_list(
            site,
            list_id="XJMSC0001-01-B",
            stratum="B",
            arms=["MSC", "CONTROL"],
            signed_package="{}",
        )
    allocation, foreign = signed_list(
        "01", "B", ["MSC", "CONTROL"], centre=KeyPair.generate("center", "XJMSC0001")
    )
    with pytest.raises(RuleViolation, match="not signed by this site's coordinating centre"):
        store_allocation_list(
            site,
            list_id=allocation.list_id,
            stratum="B",
            arms=["MSC", "CONTROL"],
            signed_package=foreign,
        )
    allocation, genuine = signed_list("01", "B", ["MSC", "CONTROL"])
    with pytest.raises(RuleViolation, match="does not match what its centre signed"):
        store_allocation_list(
            site,
            list_id=allocation.list_id,
            stratum="B",
            arms=["CONTROL", "MSC"],
            signed_package=genuine,
        )
    assert [s.total for s in stock(site)] == [0, 0]
    store_allocation_list(
        site,
        list_id=allocation.list_id,
        stratum="B",
        arms=["MSC", "CONTROL"],
        signed_package=genuine,
    )
    assert [s.total for s in stock(site)] == [2, 0]


def test_without_a_pinned_centre_no_list_loads(site: SiteStore) -> None:
    _allocation, genuine = signed_list("01", "B", ["MSC", "CONTROL"])
    with pytest.raises(RuleViolation, match="No coordinating centre key is pinned"):
        store_allocation_list(
            site,
            list_id="XJMSC0001-01-B",
            stratum="B",
            arms=["MSC", "CONTROL"],
            signed_package=genuine,
        )


def test_randomize_never_takes_a_demo_list_on_a_real_site(
    site: SiteStore, nurse_store: SiteStore, investigator_store: SiteStore
) -> None:
    pid = signed_eligible(nurse_store, investigator_store)
    with site.session() as session:  # a demo list slipped into the database by other means
        session.add(
            AllocationList(
                list_id="DEMO-old-B", stratum="B", signed_package="-", arms="MSC,MSC", length=2
            )
        )
    with pytest.raises(RuleViolation, match="No allocation list with free entries"):
        randomize(investigator_store, pid, today=TODAY)
    load_signed_list(site, "B", ["CONTROL", "MSC"])
    assert randomize(investigator_store, pid, today=TODAY) == "CONTROL"
    with site.session() as session:
        used = set(session.scalars(select(Allocation.list_id)))
    assert used == {"XJMSC0001-01-B"}


def test_demo_data_only_on_a_demo_site(site: SiteStore) -> None:
    with pytest.raises(RuleViolation, match="Demo data goes only on a demo site"):
        generate_demo_data(site, 2, seed=1, today=date(2026, 11, 20))
    load_signed_list(site, "B", ["MSC", "CONTROL"])
    with pytest.raises(RuleViolation, match="Only a new, empty site can be made a demo site"):
        make_demo_site(site)
    assert not is_demo_site(site)
    assert [s.total for s in stock(site)] == [2, 0]  # nothing of the real list was used


def test_a_demo_site_refuses_the_centres_lists(site: SiteStore, data_dir: Path) -> None:
    make_demo_site(site)
    assert is_demo_site(site)
    allocation, genuine = signed_list("01", "B", ["MSC", "CONTROL"])
    with pytest.raises(RuleViolation, match="This is a demo site"):
        store_allocation_list(
            site,
            list_id=allocation.list_id,
            stratum="B",
            arms=["MSC", "CONTROL"],
            signed_package=genuine,
        )
    summary = generate_demo_data(site, 4, seed=2, today=date(2026, 11, 20))
    assert summary.registered == 4
