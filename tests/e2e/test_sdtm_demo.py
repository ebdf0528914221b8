"""Issue 14: demo data from two sites, sent to the centre and exported as SDTM and ADaM, pass the
dataset checker (tests/sdtmcheck.py) with the clinic in Shanghai and in New York; the define.xml
validates; the DSMB summary renders from the same data."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from lxml import etree

from msc_desktop.central.export import export_pooled
from msc_desktop.central.report import write_report
from msc_desktop.central.service import Center
from msc_desktop.store.demo import generate_demo_data, make_demo_site
from msc_desktop.store.site import SiteStore
from msc_desktop.sync.site_export import export_bundle
from tests.accounts import ADMIN, CENTRE_PASSPHRASE
from tests.sdtmcheck import check_sdtm
from tests.unit.sync.sitepath import connect

SCHEMA = Path(__file__).resolve().parents[1] / "data" / "schemas" / "define-2.0"


@pytest.fixture(params=["Asia/Shanghai", "America/New_York"])
def zone(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("TZ", request.param)
    yield request.param


def demo_site(folder: Path, site_id: str, center: Center, seed: int) -> None:
    store, _ = SiteStore.init(
        folder / site_id,
        site_id=site_id,
        site_name=f"Hospital {site_id}",
        admin_user=ADMIN[0],
        admin_password=ADMIN[1],
        admin_full_name=ADMIN[2],
    )
    try:
        connect(store, center, folder / f"keys-{site_id}")
        make_demo_site(store)
        generate_demo_data(store, 10, seed=seed, today=date(2027, 9, 1))
        usb = folder / f"usb-{site_id}"
        usb.mkdir()
        result = export_bundle(store, usb, "full")
        assert result is not None
        assert center.import_files([result.path])[0].status == "accepted"
    finally:
        store.close()


def test_demo_data_from_two_sites_pass_the_dataset_check(zone: str, tmp_path: Path) -> None:
    center = Center.init(tmp_path / "centre", passphrase=CENTRE_PASSPHRASE)
    try:
        for seed, site_id in enumerate(("01", "02"), start=3):
            (tmp_path / f"keys-{site_id}").mkdir()
            demo_site(tmp_path, site_id, center, seed)
        folder = tmp_path / "sdtm"
        export_pooled(center, "sdtm", folder)
        # Every time with its offset: the sites send clinical times on their clock with it.
        assert check_sdtm(folder) == []
        with open(folder / "DM.csv", encoding="utf-8", newline="") as stream:
            dm = list(csv.DictReader(stream))
        assert {row["SITEID"] for row in dm} == {"01", "02"}
        with open(folder / "RS.csv", encoding="utf-8", newline="") as stream:
            assert {row["RSTESTCD"] for row in csv.DictReader(stream)} >= {
                "CPSCORE",
                "CPCLASS",
                "MELD",
                "MELDNA",
                "MELD3",
            }
        schema = etree.XMLSchema(etree.parse(str(SCHEMA / "cdisc-define-2.0" / "define2-0-0.xsd")))
        schema.assertValid(etree.parse(str(folder / "define.xml")))
        export_pooled(center, "adam", tmp_path / "adam")
        assert (tmp_path / "adam" / "adeff.xpt").stat().st_size > 0
        report = write_report(center, tmp_path / "dsmb.pdf")
        assert report.read_bytes().startswith(b"%PDF")
    finally:
        center.close()
