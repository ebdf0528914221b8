"""What leaves the site (DESIGN 7a): clinical datetimes in the ODM as ISO 8601 with the site zone's
offset, to the minute (valid ODM 1.3.2 datetime, an xs:dateTime), never "Z"; the randomization on
the site's local day. The computer runs in another zone than the site, so the site's zone must
decide."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

from msc_desktop.central.service import Center
from msc_desktop.domain.items import ItemCatalogue
from msc_desktop.domain.protocol_reader import load_protocol
from msc_desktop.store import settings
from msc_desktop.store.services.adverse_events import record_adverse_event
from msc_desktop.store.services.infusions import Credentials, log_infusion, plan_infusion
from msc_desktop.store.site import SiteStore
from msc_desktop.sync.bundle import open_bundle, read_bundle
from msc_desktop.sync.identity import pin_center_key, write_identity
from msc_desktop.sync.site import export_bundle
from tests.accounts import INVESTIGATOR, NURSE
from tests.factories import TODAY, randomized_participant
from tests.unit.store.test_services_followup import AE, LOG, PLAN

#: xs:dateTime with a numeric offset, seconds always 00 (ODM 1.3.2 "datetime" is xs:dateTime).
_WIRE = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:00[+-]\d\d:\d\d")


@pytest.mark.parametrize(
    ("site_zone", "computer", "offset"),
    [
        ("Asia/Shanghai", "America/New_York", "+08:00"),
        ("America/New_York", "Asia/Shanghai", "-05:00"),
    ],
)
def test_clinical_datetimes_leave_the_site_with_the_site_zones_offset(
    computer_zone,
    site: SiteStore,
    center: Center,
    tmp_path: Path,  # type: ignore[no-untyped-def]
    site_zone: str,
    computer: str,
    offset: str,
) -> None:
    computer_zone(computer)
    settings.change(site, "time_zone", site_zone)
    nurse, investigator = (
        SiteStore.unlock(site.data_dir, *NURSE[:2]),
        SiteStore.unlock(site.data_dir, *INVESTIGATOR[:2]),
    )
    try:
        pid = randomized_participant(
            nurse, investigator, site, arm="MSC"
        )  # lists of the test centre
        pin_center_key(site, center.home.public_key_path, replace=True)
        identity = tmp_path / "site.pub"
        write_identity(site, identity)
        center.register_site(site.site_id, identity.read_bytes())
        plan_infusion(nurse, pid, PLAN, today=TODAY)
        log_infusion(
            nurse,
            pid,
            "W0",
            LOG,
            preparer_password=NURSE[1],
            verifier=Credentials(INVESTIGATOR[0], INVESTIGATOR[1]),
            today=TODAY,
        )
        record_adverse_event(nurse, pid, AE, today=TODAY)
        usb = tmp_path / "usb"
        usb.mkdir()
        result = export_bundle(nurse, usb)
        assert result is not None
        contents = open_bundle(
            read_bundle(result.path.read_bytes()), center.site_identity("01"), center.keys
        )
    finally:
        nurse.close()
        investigator.close()
    document = etree.fromstring(contents.odm)
    ns = {"o": "http://www.cdisc.org/ns/odm/v1.3"}
    values: dict[str, list[str]] = {}
    for item in document.xpath("//o:ItemData[@Value]", namespaces=ns):
        values.setdefault(item.get("ItemOID"), []).append(item.get("Value"))
    clinical = {
        item.oid
        for form in ItemCatalogue(load_protocol()).forms
        for item in form.items
        if item.data_type == "datetime"
    }
    assert values["IT.EX.INFUSION_START"] == [f"2026-11-20T10:00:00{offset}"]
    assert values["IT.EX.INFUSION_END"] == [f"2026-11-20T10:40:00{offset}"]
    assert values["IT.AE.AWARE_AT"] == [f"2026-11-20T12:00:00{offset}"]
    assert [value[:10] for value in values["IT.RAND.RANDOMIZED_AT"]] == [
        "2026-11-20"
    ]  # the site's day
    sent = [value for oid in clinical for value in values.get(oid, [])]
    assert len(sent) >= 4 and all(_WIRE.fullmatch(value) for value in sent), sent
