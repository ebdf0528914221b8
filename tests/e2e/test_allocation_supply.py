"""A trial's allocation supply: 200 participants at 8 sites, continuation lists issued when a site
warns, never an exhausted stratum, and every allocation taken from a list the centre signed."""

from __future__ import annotations

import random
from pathlib import Path

from sqlalchemy import select

from msc_desktop.central.service import Center
from msc_desktop.store.models import Allocation
from msc_desktop.store.services.participants import record_consent, register_participant
from msc_desktop.store.services.randomization import low_stock_warning, randomize, stock
from msc_desktop.store.services.screening import save_screening, sign_eligibility
from msc_desktop.store.site import SiteStore
from msc_desktop.store.users import create_user
from msc_desktop.sync.site_export import export_bundle
from msc_desktop.sync.site_import import import_packages
from tests.accounts import ADMIN, CENTRE_PASSPHRASE, INVESTIGATOR, NURSE
from tests.factories import CONSENT, ELIGIBLE_SCREENING, REGISTRATION, TODAY
from tests.unit.sync.sitepath import connect

SITES = 8
PARTICIPANTS = 200
EXPECTED_PER_SITE = 10  # deliberately low: the supply has to be replenished as the trial runs
STRATUM_C = {
    "bilirubin": {"value": "68.4", "unit": "umol/L"},
    "albumin": {"value": "25", "unit": "g/L"},
}  # 11


class Site:
    def __init__(self, folder: Path, site_id: str, center: Center) -> None:
        self.admin, _key = SiteStore.init(
            folder / site_id,
            site_id=site_id,
            site_name=f"Hospital {site_id}",
            admin_user=ADMIN[0],
            admin_password=ADMIN[1],
            admin_full_name=ADMIN[2],
        )
        create_user(self.admin, NURSE[0], NURSE[2], "nurse", NURSE[1])
        create_user(self.admin, INVESTIGATOR[0], INVESTIGATOR[2], "investigator", INVESTIGATOR[1])
        (folder / f"keys-{site_id}").mkdir()
        connect(self.admin, center, folder / f"keys-{site_id}")
        self.nurse = SiteStore.unlock(folder / site_id, NURSE[0], NURSE[1])
        self.investigator = SiteStore.unlock(folder / site_id, INVESTIGATOR[0], INVESTIGATOR[1])
        self.folder, self.center, self.enrolled, self.syncs = (
            folder / f"usb-{site_id}",
            center,
            0,
            0,
        )
        self.folder.mkdir()
        self.sync()

    def sync(self) -> None:
        """What the administrator does at the warning: a bundle to the centre, its package back."""
        result = export_bundle(self.nurse, self.folder)
        if result is not None:
            assert (
                self.center.import_bundle(result.path.read_bytes(), result.path.name).status
                == "accepted"
            )
        package = self.folder / f"package-{self.syncs}.mscp"
        package.write_bytes(self.center.site_package(self.admin.site_id, EXPECTED_PER_SITE))
        [outcome] = import_packages(self.admin, [package])
        assert outcome.ok, outcome.message
        self.syncs += 1

    def enrol(self, stratum_c: bool) -> tuple[str, str]:
        self.enrolled += 1
        registration = {**REGISTRATION, "screening_number": f"SCR-{self.enrolled:03d}"}
        pid = register_participant(self.nurse, registration, today=TODAY).id
        record_consent(self.nurse, pid, CONSENT, today=TODAY)
        save_screening(
            self.nurse, pid, {**ELIGIBLE_SCREENING, **(STRATUM_C if stratum_c else {})}, today=TODAY
        )
        sign_eligibility(self.investigator, pid, INVESTIGATOR[1])
        arm = randomize(self.investigator, pid, today=TODAY)  # raises if a stratum ever ran dry
        return pid, arm

    def close(self) -> None:
        for store in (self.nurse, self.investigator, self.admin):
            store.close()


def test_200_participants_at_8_sites_never_exhaust_a_list(tmp_path: Path) -> None:
    center = Center.init(tmp_path / "centre", passphrase=CENTRE_PASSPHRASE)
    sites = [Site(tmp_path, f"{n:02d}", center) for n in range(1, SITES + 1)]
    rng = random.Random(2026)
    arms: dict[str, int] = {"MSC": 0, "CONTROL": 0}
    try:
        for _ in range(PARTICIPANTS):
            site = rng.choice(sites)
            _pid, arm = site.enrol(stratum_c=rng.random() < 0.4)
            arms[arm] += 1
            if low_stock_warning(site.admin) is not None:
                site.sync()
                assert low_stock_warning(site.admin) is None
            assert all(item.remaining >= 1 for item in stock(site.admin))
        assert (
            sum(arms.values()) == PARTICIPANTS
            and abs(arms["MSC"] - arms["CONTROL"]) <= 2 * 2 * SITES
        )
        continuations = 0
        for site in sites:
            site.sync()  # the centre counts what the last bundle reports
            issued = {
                allocation.list_id: allocation
                for allocation in center.allocation_lists(site.admin.site_id)
            }
            continuations += sum(1 for allocation in issued.values() if allocation.list_number > 1)
            with site.admin.session() as session:
                used = list(session.scalars(select(Allocation)))
            assert len(used) == site.enrolled
            for allocation in used:  # every arm given is the one the centre signed at that position
                assert allocation.arm == issued[allocation.list_id].arms[allocation.position]
            assert center.allocation_stock(site.admin.site_id) == {
                item.stratum: (item.remaining, item.total) for item in stock(site.admin)
            }
        assert continuations >= SITES  # the supply was replenished many times along the way
    finally:
        for site in sites:
            site.close()
