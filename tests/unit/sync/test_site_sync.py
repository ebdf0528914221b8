"""Site side of sync: identity, pinning, incremental / re-send / full export, receipts, centre
packages feeding randomization, and the guarantee that names and phones never leave the site."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from sqlalchemy import select, text

from msc_desktop.central.service import Center
from msc_desktop.central.tables import CenterItem
from msc_desktop.errors import PermissionDenied, RuleViolation, SyncError
from msc_desktop.store.models import AuditLog
from msc_desktop.store.services.adverse_events import (
    record_adverse_event,
    sae_queue,
    update_adverse_event,
)
from msc_desktop.store.services.participants import record_consent
from msc_desktop.store.services.randomization import (
    low_stock_warning,
    randomize,
    stock,
)
from msc_desktop.store.site import SiteStore
from msc_desktop.sync.allocation_lists import store_allocation_list
from msc_desktop.sync.bundle import open_bundle, read_bundle
from msc_desktop.sync.identity import outbox_dir, pin_center_key, site_fingerprint, write_identity
from msc_desktop.sync.keys import KeyPair, parse_public_document
from msc_desktop.sync.site_export import export_bundle
from msc_desktop.sync.site_import import apply_receipt, import_packages
from msc_desktop.sync.site_status import sync_status
from tests.accounts import CENTRE_PASSPHRASE
from tests.lists import load_signed_list, signed_list

from .odmcheck import assert_valid_odm
from .sitepath import CONSENT, NAMES, PHONES, TODAY, add_participant, connect, screened_participant


def decrypted_payload(data: bytes, center: Center) -> bytes:
    return bytes(read_bundle(data).envelope.open_payload(center.keys))


def test_identity_file_and_fingerprint(site: SiteStore, tmp_path: Path) -> None:
    printed = write_identity(site, tmp_path / "site.pub")
    identity = parse_public_document((tmp_path / "site.pub").read_bytes(), "site")
    assert identity.party_id == "01"
    assert printed.replace(" ", "").lower() == identity.fingerprint
    assert site_fingerprint(site) == printed
    assert len(printed.split(" ")) == 16


def test_pinning_is_admin_only_and_refuses_silent_replacement(
    site: SiteStore, nurse_store: SiteStore, center: Center, tmp_path: Path
) -> None:
    with pytest.raises(PermissionDenied):
        pin_center_key(nurse_store, center.home.public_key_path)
    printed = pin_center_key(site, center.home.public_key_path)
    assert printed.replace(" ", "").lower() == center.fingerprint
    other = tmp_path / "other.pub"
    other.write_bytes(KeyPair.generate("center", "X").public_document())
    with pytest.raises(SyncError, match="already pinned"):
        pin_center_key(site, other)
    assert pin_center_key(site, other, replace=True) != printed
    with pytest.raises(SyncError, match="belongs to a site"):
        write_identity(site, tmp_path / "s.pub")
        pin_center_key(site, tmp_path / "s.pub")


def test_export_without_pinned_centre_is_refused(nurse_store: SiteStore, usb: Path) -> None:
    with pytest.raises(SyncError, match="No coordinating centre key is pinned"):
        export_bundle(nurse_store, usb)


def test_export_to_missing_folder_is_refused(
    site: SiteStore, center: Center, tmp_path: Path
) -> None:
    connect(site, center, tmp_path)
    with pytest.raises(SyncError, match="does not exist"):
        export_bundle(site, tmp_path / "unplugged")


def test_names_and_phones_never_enter_a_bundle(
    site: SiteStore,
    nurse_store: SiteStore,
    investigator_store: SiteStore,
    center: Center,
    usb: Path,
    tmp_path: Path,
) -> None:
    connect(site, center, tmp_path)
    for index in range(3):
        screened_participant(nurse_store, investigator_store, index)
    result = export_bundle(nurse_store, usb, "full")
    assert result is not None
    payload = decrypted_payload(result.path.read_bytes(), center)
    assert b"01-0001" in payload and b"SCR-001" in payload
    for secret in (*NAMES, *PHONES, "Hospital Road", CONSENT["witness_name"]):
        assert secret.encode() not in payload, secret
    rows = json.loads(payload.partition(b"\n")[0])["rows"]
    # Site-only rows travel as [2, seq, digest]: their item, values, user and time stay.
    withheld = [row for row in rows if len(row) == 3]
    assert len(withheld) >= 3 * 5 and all(row[0] == 2 for row in withheld)
    assert all(len(row) == 18 for row in rows if len(row) != 3)


def test_initials_stay_at_the_site(
    site: SiteStore,
    nurse_store: SiteStore,
    investigator_store: SiteStore,
    center: Center,
    usb: Path,
    tmp_path: Path,
) -> None:
    connect(site, center, tmp_path)
    screened_participant(nurse_store, investigator_store, 0)  # initials "AB"
    result = export_bundle(nurse_store, usb, "full")
    assert result is not None
    contents = open_bundle(
        read_bundle(result.path.read_bytes()), center.site_identity("01"), center.keys
    )
    payload = decrypted_payload(result.path.read_bytes(), center)
    with nurse_store.engine.connect() as connection:
        initials = set(
            connection.execute(
                text("SELECT seq FROM audit_log WHERE item_oid = 'IT.DM.INITIALS'")
            ).scalars()
        )
    rows = json.loads(payload.partition(b"\n")[0])["rows"]
    assert initials and [row for row in rows if row[1] in initials] == [
        [2, seq, row[2]] for seq, row in ((row[1], row) for row in rows if row[1] in initials)
    ]
    assert b"IT.DM.INITIALS" not in payload and b'"AB"' not in payload
    assert b"initials" not in contents.odm.lower() and b'"AB"' not in contents.odm
    assert center.import_bundle(result.path.read_bytes(), "usb").status == "accepted"
    with center.store.session() as session:
        kept = set(session.scalars(select(CenterItem.item_oid)))
    assert "IT.DM.SEX" in kept and "IT.DM.INITIALS" not in kept


def test_bundle_odm_validates_and_every_oid_resolves(
    site: SiteStore,
    nurse_store: SiteStore,
    investigator_store: SiteStore,
    center: Center,
    usb: Path,
    tmp_path: Path,
) -> None:
    connect(site, center, tmp_path)
    screened_participant(nurse_store, investigator_store, 0)
    result = export_bundle(nurse_store, usb)
    assert result is not None
    contents = open_bundle(
        read_bundle(result.path.read_bytes()), center.site_identity("01"), center.keys
    )
    assert_valid_odm(contents.odm)
    document = etree.fromstring(contents.odm)
    assert document.get("FileType") == "Transactional"
    ns = {"o": "http://www.cdisc.org/ns/odm/v1.3"}
    assert document.xpath("//o:SubjectData/@SubjectKey", namespaces=ns) == ["01-0001"]
    assert document.xpath("//o:ItemGroupData/o:Signature", namespaces=ns)
    assert document.xpath("//o:ItemData/o:AuditRecord", namespaces=ns)


def test_incremental_exports_chain_and_centre_rebuilds_data(
    site: SiteStore, nurse_store: SiteStore, center: Center, usb: Path, tmp_path: Path
) -> None:
    connect(site, center, tmp_path)
    add_participant(nurse_store, 0)
    first = export_bundle(nurse_store, usb)
    assert export_bundle(nurse_store, usb) is None
    add_participant(nurse_store, 1)
    second = export_bundle(nurse_store, usb)
    assert first is not None and second is not None
    assert second.from_seq == first.to_seq + 1
    assert sorted(p.name for p in usb.iterdir()) == [first.path.name, second.path.name]
    outcomes = center.import_files([second.path, first.path])
    assert [o.status for o in outcomes] == ["held", "accepted"]
    assert outcomes[1].released == (second.path.name,)
    with center.store.session() as session:
        subjects = set(session.scalars(select(CenterItem.subject_key)))
    assert subjects == {"01-0001", "01-0002"}
    status = sync_status(nurse_store)
    assert status.changes_not_exported == 0 and status.exported_not_acknowledged == second.to_seq
    receipt = apply_receipt(
        nurse_store, (center.home.receipts_dir / (second.path.stem + ".receipt")).read_bytes()
    )
    assert receipt.contiguous_seq == second.to_seq
    status = sync_status(nurse_store)
    assert status.acknowledged_seq == second.to_seq and status.outbox == ()
    assert list(outbox_dir(nurse_store).iterdir()) == []


def test_resend_and_full_export_cover_unacknowledged_rows(
    site: SiteStore, nurse_store: SiteStore, center: Center, usb: Path, tmp_path: Path
) -> None:
    connect(site, center, tmp_path)
    add_participant(nurse_store, 0)
    first = export_bundle(nurse_store, usb)
    assert first is not None
    center.import_files([first.path])
    import_packages(nurse_store, sorted(center.home.receipts_dir.iterdir()))
    add_participant(nurse_store, 1)
    lost = export_bundle(nurse_store, usb)
    assert lost is not None
    lost.path.unlink()
    add_participant(nurse_store, 2)
    gap = export_bundle(nurse_store, usb)
    assert gap is not None
    assert center.import_files([gap.path])[0].status == "held"
    resent = export_bundle(nurse_store, usb, "resend")
    assert resent is not None and resent.from_seq == first.to_seq + 1
    assert center.import_files([resent.path])[0].status == "accepted"
    full = export_bundle(nurse_store, usb, "full")
    assert full is not None and full.from_seq == 1
    assert center.import_files([full.path])[0].status == "accepted"
    assert center.site_progress()["01"][0] == full.to_seq
    with nurse_store.session() as session:
        assert (
            session.scalar(select(AuditLog.seq).order_by(AuditLog.seq.desc()).limit(1))
            == full.to_seq
        )


def test_receipt_from_another_centre_or_history_is_refused(
    site: SiteStore, nurse_store: SiteStore, center: Center, usb: Path, tmp_path: Path
) -> None:
    connect(site, center, tmp_path)
    add_participant(nurse_store, 0)
    result = export_bundle(nurse_store, usb)
    assert result is not None
    receipt = center.import_files([result.path])[0].receipt
    other = Center.init(tmp_path / "other", passphrase=CENTRE_PASSPHRASE)
    other.register_site("01", (tmp_path / "site.pub").read_bytes())
    foreign = export_bundle(nurse_store, usb, "full")
    assert foreign is not None
    results = import_packages(nurse_store, [center.home.receipt_path(result.path.name)])
    assert results[0].ok and receipt is not None
    bad = tmp_path / "bad.receipt"
    bad.write_bytes(receipt[:-1] + bytes([receipt[-1] ^ 1]))
    refused = import_packages(nurse_store, [bad, tmp_path / "missing.receipt"])
    assert [r.ok for r in refused] == [False, False]
    assert "signature does not match" in refused[0].message
    other.close()


def test_site_package_loads_allocation_lists_used_by_randomization(
    site: SiteStore,
    nurse_store: SiteStore,
    investigator_store: SiteStore,
    center: Center,
    tmp_path: Path,
) -> None:
    connect(site, center, tmp_path)
    package = tmp_path / "01.mscp"
    package.write_bytes(center.site_package("01", expected_enrolment=10))
    refused = import_packages(nurse_store, [package])[0]
    assert not refused.ok and refused.message.startswith("refused: ")
    results = import_packages(site, [package])
    assert results[0].ok, results[0].message
    assert "allocation lists loaded: B (" in results[0].message
    assert {s.stratum: s.total >= 12 for s in stock(nurse_store)} == {"B": True, "C": True}
    again = import_packages(site, [package])
    assert again[0].message.startswith("no new allocation list")
    pid = screened_participant(nurse_store, investigator_store, 0)
    assert randomize(investigator_store, pid, today=TODAY) in ("MSC", "CONTROL")
    repeat = center.site_package("01", expected_enrolment=10)
    (tmp_path / "again.mscp").write_bytes(repeat)
    assert import_packages(site, [tmp_path / "again.mscp"])[0].message.startswith("no new")


def test_site_package_for_another_site_is_refused(
    site: SiteStore, center: Center, tmp_path: Path
) -> None:
    connect(site, center, tmp_path)
    center.register_site("02", KeyPair.generate("site", "02").public_document())
    package = tmp_path / "02.mscp"
    package.write_bytes(center.site_package("02"))
    result = import_packages(site, [package])[0]
    assert not result.ok and "another site" in result.message


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=400))
def test_fuzz_package_import_never_raises(site: SiteStore, tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "fuzz.mscp"
    path.write_bytes(data)
    result = import_packages(site, [path])[0]
    assert not result.ok


def test_status_counts_serious_events_not_yet_acknowledged(
    site: SiteStore, nurse_store: SiteStore, center: Center, usb: Path, tmp_path: Path
) -> None:
    connect(site, center, tmp_path)
    pid = add_participant(nurse_store, 0)
    record_consent(nurse_store, pid, CONSENT, today=TODAY)

    def event(serious: bool) -> None:
        record_adverse_event(
            nurse_store,
            pid,
            {
                "term": "Fever",
                "onset_date": "2026-11-20",
                "aware_at": "2026-11-20T09:00",
                "grade": "3",
                "serious_death": "N",
                "serious_life_threatening": "N",
                "serious_hospitalisation": "Y" if serious else "N",
                "serious_disability": "N",
                "serious_congenital_anomaly": "N",
                "serious_other_medical_event": "N",
                "relationship": "NOT RELATED",
                "expected": "N",
                "action_taken": "NOT APPLICABLE",
                "outcome": "RECOVERING/RESOLVING",
            },
            today=TODAY,
            confirm_warnings=True,
        )

    event(serious=True)
    event(serious=False)
    before = sync_status(nurse_store)
    assert before.open_saes_not_acknowledged == 1
    assert before.changes_not_exported == before.last_seq
    result = export_bundle(nurse_store, usb)
    assert result is not None
    assert sync_status(nurse_store).open_saes_not_acknowledged == 1
    center.import_files([result.path])
    apply_receipt(nurse_store, center.home.receipt_path(result.path.name).read_bytes())
    assert sync_status(nurse_store).open_saes_not_acknowledged == 0


def test_a_receipt_acknowledges_an_sae_which_stays_open_until_followed_up(
    site: SiteStore, nurse_store: SiteStore, center: Center, usb: Path, tmp_path: Path
) -> None:
    connect(site, center, tmp_path)
    pid = add_participant(nurse_store, 0)
    record_consent(nurse_store, pid, CONSENT, today=TODAY)
    sae = {
        "term": "Variceal bleeding",
        "onset_date": "2026-11-20",
        "aware_at": "2026-11-20T09:00",
        "grade": "3",
        "serious_death": "N",
        "serious_life_threatening": "N",
        "serious_hospitalisation": "Y",
        "serious_disability": "N",
        "serious_congenital_anomaly": "N",
        "serious_other_medical_event": "N",
        "relationship": "NOT RELATED",
        "expected": "N",
        "action_taken": "NOT APPLICABLE",
        "outcome": "RECOVERING/RESOLVING",
    }
    record_adverse_event(nurse_store, pid, sae, today=TODAY)
    [open_sae] = sae_queue(nurse_store)
    assert open_sae.clock is not None and open_sae.clock.needs_action
    result = export_bundle(nurse_store, usb)
    assert result is not None
    center.import_files([result.path])
    apply_receipt(nurse_store, center.home.receipt_path(result.path.name).read_bytes())
    [acknowledged] = sae_queue(nurse_store)  # still open: its follow-up has no final outcome
    assert acknowledged.reported_at is not None
    assert acknowledged.clock is not None and not acknowledged.clock.needs_action
    with nurse_store.session() as session:
        reasons = session.scalars(
            select(AuditLog.reason).where(
                AuditLog.table_name == "adverse_event", AuditLog.field == "reported_at"
            )
        ).all()
    assert reasons == ["SAE acknowledged by the coordinating centre's receipt"]
    update_adverse_event(
        nurse_store,
        pid,
        1,
        {**sae, "outcome": "RECOVERED/RESOLVED", "end_date": "2026-11-20"},
        today=TODAY,
        reason="follow-up: resolved",
    )
    assert sae_queue(nurse_store) == []


def test_a_used_up_list_is_followed_by_a_continuation_list_in_order(
    site: SiteStore,
    nurse_store: SiteStore,
    investigator_store: SiteStore,
    center: Center,
    usb: Path,
    tmp_path: Path,
) -> None:
    connect(site, center, tmp_path)
    first = tmp_path / "first.mscp"
    first.write_bytes(center.site_package("01", expected_enrolment=1))
    assert import_packages(site, [first])[0].ok
    totals = {s.stratum: s.total for s in stock(site)}
    assert all(0 < total < 10 for total in totals.values())
    banner = low_stock_warning(site)
    assert banner is not None and banner.startswith("Allocation lists are running low (stratum B: ")
    pid = screened_participant(nurse_store, investigator_store, 0)
    randomize(investigator_store, pid, today=TODAY)
    export_bundle(nurse_store, usb)
    [bundle] = sorted(usb.glob("*.mscb*"))
    assert center.import_bundle(bundle.read_bytes(), bundle.name).status == "accepted"
    second = tmp_path / "second.mscp"  # the case: --expected 1, then --expected 50
    second.write_bytes(center.site_package("01", expected_enrolment=50))
    [result] = import_packages(site, [second])
    assert result.ok and result.message.startswith("allocation lists loaded: B (")
    assert {s.stratum: s.total - totals[s.stratum] >= 60 for s in stock(site)} == {
        "B": True,
        "C": True,
    }
    assert low_stock_warning(site) is None
    numbers = sorted((a.stratum, a.list_number) for a in center.allocation_lists("01"))
    assert numbers == [("B", 1), ("B", 2), ("C", 1), ("C", 2)]
    remaining = {s.stratum: (s.remaining, s.total) for s in stock(site)}
    assert center.allocation_stock("01") == remaining
    third = tmp_path / "third.mscp"
    third.write_bytes(center.site_package("01", expected_enrolment=50))
    assert import_packages(site, [third])[0].message.startswith("no new allocation list")


def test_a_continuation_list_that_skips_a_number_is_refused(site: SiteStore) -> None:
    load_signed_list(site, "B", ["MSC", "CONTROL"])
    allocation, signed = signed_list("01", "B", ["CONTROL", "MSC"], list_number=3)
    with pytest.raises(
        RuleViolation,
        match="is list 3 for stratum B, but the site holds 1; lists are appended in order",
    ):
        store_allocation_list(
            site,
            list_id=allocation.list_id,
            stratum="B",
            arms=["CONTROL", "MSC"],
            signed_package=signed,
        )
    allocation, signed = signed_list("01", "B", ["CONTROL", "MSC"], list_number=2)
    store_allocation_list(
        site,
        list_id=allocation.list_id,
        stratum="B",
        arms=["CONTROL", "MSC"],
        signed_package=signed,
    )
    assert allocation.list_id == "XJMSC0001-01-B-2" and [s.total for s in stock(site)] == [4, 0]
