"""The test amendment (tests/data/amendment-1.1.json: an item on the visit form and a week 36
visit) end to end: issued by the centre, carried in the site package, activated at the site on a
date, with a participant seen before it and one enrolled after it. The GUI side of the same flow
is in tests/gui/test_protocol_versions_gui.py."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from lxml import etree
from sqlalchemy import select

from msc_desktop.central.service import Center
from msc_desktop.central.tables import CenterItem
from msc_desktop.store.models import FormVersion
from msc_desktop.store.protocols import protocol_of, versions_in_use
from msc_desktop.store.services.form_values import FormRejected
from msc_desktop.store.services.visits import save_visit, schedule, visit_records
from msc_desktop.store.site import SiteStore
from msc_desktop.sync.bundle import open_bundle, read_bundle
from msc_desktop.sync.site_export import export_bundle
from tests.accounts import ADMIN
from tests.amendment import NEW_ITEM, NEW_VISIT, VISIT_VALUES, amended_trial, write_amendment
from tests.e2e.test_sync_cli import CENTRAL, SITE, login, ok, run
from tests.unit.sync.odmcheck import assert_valid_odm


def test_new_entries_use_the_new_version_and_old_data_keeps_its_own(
    site: SiteStore,
    nurse_store: SiteStore,
    investigator_store: SiteStore,
    center: Center,
    tmp_path: Path,
) -> None:
    trial = amended_trial(site, nurse_store, investigator_store, center, tmp_path)
    before_activation = trial.effective - timedelta(days=1)
    assert NEW_VISIT not in [
        visit.code for visit in schedule(nurse_store, trial.before, before_activation)
    ]
    w8 = trial.start + timedelta(days=56)
    codes = [visit.code for visit in schedule(nurse_store, trial.before, w8)]
    assert codes == ["W0", "W4", "W8", "W12", "W24", NEW_VISIT, "W48"]
    visit = {**VISIT_VALUES, "visit_code": "W8", "visit_date": w8.isoformat()}
    with pytest.raises(FormRejected) as refused:  # version 1.1 asks the new item
        save_visit(nurse_store, trial.before, visit, today=w8)
    assert [issue.field for issue in refused.value.issues] == [NEW_ITEM]
    save_visit(nurse_store, trial.before, {**visit, NEW_ITEM: "70"}, today=w8)
    # W4 was entered under 1.0: corrected after the activation, it neither asks nor keeps the item.
    w4 = {
        **VISIT_VALUES,
        "visit_code": "W4",
        "visit_date": (trial.start + timedelta(days=28)).isoformat(),
        "weight": "61.0",
    }
    save_visit(nurse_store, trial.before, w4, today=w8, reason="weight misread")
    records = {record.visit_code: record for record in visit_records(nurse_store, trial.before)}
    assert {code: record.protocol.version for code, record in records.items()} == {
        "SCR": "1.0",
        "W4": "1.0",
        "W8": "1.1",
    }
    assert NEW_ITEM not in records["W4"].values and records["W4"].values["weight"] == "61"
    assert records["W8"].values[NEW_ITEM] == "70"
    w4_after = trial.effective + timedelta(days=28)
    save_visit(
        nurse_store,
        trial.after,
        {**VISIT_VALUES, NEW_ITEM: "80", "visit_code": "W4", "visit_date": w4_after.isoformat()},
        today=w4_after,
    )
    with site.session() as session:
        assert protocol_of(session, trial.before).version == "1.0"  # registration
        assert protocol_of(session, trial.after).version == "1.1"
        versions = session.query(FormVersion.version).distinct().all()
        assert sorted(version for (version,) in versions) == ["1.0", "1.1"]
        assert [protocol.version for protocol in versions_in_use(session)] == ["1.0", "1.1"]
    assert [record.protocol.version for record in visit_records(nurse_store, trial.after)] == [
        "1.1",
        "1.1",
    ]


def test_entries_travel_under_the_version_they_were_made_under(
    site: SiteStore,
    nurse_store: SiteStore,
    investigator_store: SiteStore,
    center: Center,
    tmp_path: Path,
) -> None:
    """A bundle declares every MetaDataVersion its entries were made under (the site held only
    the current one and refused to export once an amendment was in use), and the centre keeps
    each item with its version."""
    trial = amended_trial(site, nurse_store, investigator_store, center, tmp_path)
    w4 = trial.effective + timedelta(days=28)
    save_visit(
        nurse_store,
        trial.after,
        {**VISIT_VALUES, NEW_ITEM: "80", "visit_code": "W4", "visit_date": w4.isoformat()},
        today=w4,
    )
    usb = tmp_path / "usb"
    usb.mkdir()
    result = export_bundle(nurse_store, usb, "full")
    assert result is not None
    contents = open_bundle(
        read_bundle(result.path.read_bytes()), center.site_identity(site.site_id), center.keys
    )
    assert_valid_odm(contents.odm)
    ns = {"o": "http://www.cdisc.org/ns/odm/v1.3"}
    document = etree.fromstring(contents.odm)
    assert document.xpath("//o:MetaDataVersion/@OID", namespaces=ns) == [
        "MDV.XJMSC0001.1.0",
        "MDV.XJMSC0001.1.1",
    ]
    assert document.xpath(
        "//o:MetaDataVersion[@OID='MDV.XJMSC0001.1.1']//o:ItemDef[@OID='IT.XC.EQVAS']/@DataType",
        namespaces=ns,
    ) == ["integer"]
    assert not document.xpath(
        "//o:MetaDataVersion[@OID='MDV.XJMSC0001.1.0']//o:ItemDef[@OID='IT.XC.EQVAS']",
        namespaces=ns,
    )
    assert center.import_bundle(result.path.read_bytes(), "usb").status == "accepted"
    with center.store.session() as session:
        kept = session.execute(
            select(
                CenterItem.subject_key,
                CenterItem.event_oid,
                CenterItem.current_value,
                CenterItem.mdv_oid,
            )
            .where(CenterItem.item_oid.in_(["IT.XC.EQVAS", "IT.DM.SEX"]))
            .order_by(CenterItem.subject_key, CenterItem.item_oid)
        ).all()
    assert [tuple(row) for row in kept] == [
        ("01-0001", "SE.SCR", "M", "MDV.XJMSC0001.1.0"),
        ("01-0002", "SE.SCR", "F", "MDV.XJMSC0001.1.1"),
        ("01-0002", "SE.W4", "80", "MDV.XJMSC0001.1.1"),
    ]


def test_the_amendment_travels_and_is_activated_from_the_command_line(tmp_path: Path) -> None:
    home, data = tmp_path / "centre", tmp_path / "site"
    ok(run(CENTRAL, "init", "--home", str(home)))
    ok(
        run(
            SITE,
            "init",
            "--data-dir",
            str(data),
            "--site-id",
            "05",
            "--site-name",
            "Clinic 5",
            "--admin",
            ADMIN[0],
            "--center-key",
            str(home / "center.pub"),
            "--password-stdin",
            password=ADMIN[1],
        )
    )
    ok(run(SITE, "identity", *login(data), "--out", str(tmp_path / "site.pub"), password=ADMIN[1]))
    ok(
        run(
            CENTRAL,
            "register-site",
            "--home",
            str(home),
            "--site-id",
            "05",
            "--key",
            str(tmp_path / "site.pub"),
        )
    )
    amendment = write_amendment(tmp_path)
    issued = ok(run(CENTRAL, "amend", "--home", str(home), "--protocol", str(amendment)))
    assert issued[0] == (
        "protocol version 1.1 added (after 1.0); the next site packages carry it. Changes:"
    )
    assert "- New visit: Week 36 follow-up, day 252 (from 7 days before to 7 days after)." in issued
    again = run(CENTRAL, "amend", "--home", str(home), "--protocol", str(amendment))
    assert again.returncode == 1
    assert again.stderr.strip() == (
        "msc-central: Protocol version 1.1 is not newer than version 1.1."
    )
    assert run(
        CENTRAL, "amend", "--home", str(home), "--protocol", str(tmp_path / "missing.json")
    ).stderr.startswith("msc-central: Cannot read ")
    package = tmp_path / "05.mscp"
    ok(run(CENTRAL, "site-package", "--home", str(home), "--site-id", "05", "--out", str(package)))
    imported = ok(run(SITE, "import", *login(data), str(package), password=ADMIN[1]))
    assert imported[0].endswith(
        "new protocol version 1.1 received: review it and set the date it takes effect"
    )
    listing = ok(run(SITE, "protocol", "list", *login(data), password=ADMIN[1]))
    assert listing[0].startswith("1.1: received ") and listing[0].endswith(", inactive")
    assert (
        "  - New item on the form Visit: Health today (EQ visual analogue scale, 0-100)." in listing
    )
    bad = run(
        SITE, "protocol", "activate", "1.1", "--on", "tomorrow", *login(data), password=ADMIN[1]
    )
    assert (
        bad.returncode == 1
        and bad.stderr.strip() == "msc-site: --on needs a date written as YYYY-MM-DD."
    )
    today = date.today().isoformat()
    activated = ok(
        run(SITE, "protocol", "activate", "1.1", "--on", today, *login(data), password=ADMIN[1])
    )
    assert activated == [
        (
            f"protocol version 1.1 takes effect on {today}: forms entered from that day "
            f"use it; forms entered before keep their version"
        )
    ]
    listing = ok(run(SITE, "protocol", "list", *login(data), password=ADMIN[1]))
    assert listing[0].endswith(f"in effect since {today} (set by {ADMIN[0]})")
