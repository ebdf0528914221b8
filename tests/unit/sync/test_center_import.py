"""Centre import: chain continuity across bundles, duplicates, gaps held and released, rejects
quarantined with a reason, receipts signed; the same behaviour on SQLite and on PostgreSQL."""

from __future__ import annotations

import itertools
import json
import os
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    func,
    inspect,
    select,
)

from msc_desktop.central.apply import bundle_changes
from msc_desktop.central.core import CenterLimits
from msc_desktop.central.service import Center
from msc_desktop.central.tables import CenterAuditRow, CenterItem, CentralBase
from msc_desktop.domain.randomization import build_allocation_list
from msc_desktop.errors import SyncError
from msc_desktop.store.audit_chain import GENESIS_HASH, ROW_FIELDS, ChainReport, verify_chain
from msc_desktop.sync.bundle import BundleContents, BundleHeader, seal_bundle
from msc_desktop.sync.keys import KeyPair, parse_public_document
from msc_desktop.sync.odm_clinical import ItemChange
from msc_desktop.sync.packages import open_receipt
from tests.accounts import CENTRE_PASSPHRASE
from tests.amendment import amended_declaration

from .chains import changes_of, clinical, instance_rows, item_chain, record_rows
from .postgres import new_database

_names = itertools.count()


@pytest.fixture(params=["sqlite", "postgresql"])
def center(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Center]:
    url = None
    if request.param == "postgresql":
        url = new_database(request.getfixturevalue("postgres_cluster"), f"c{next(_names)}")
    center = Center.init(tmp_path / "center", url, passphrase=CENTRE_PASSPHRASE)
    yield center
    center.close()


SITE = KeyPair.generate("site", "01")


def chain(count: int) -> list[dict[str, Any]]:
    return item_chain(count)


def bundle(
    rows: list[dict[str, Any]],
    center: Center,
    first: int,
    last: int,
    site: KeyPair = SITE,
    site_id: str = "01",
) -> bytes:
    part = rows[first - 1 : last]
    prev = GENESIS_HASH if first == 1 else rows[first - 2]["hash"]
    header = BundleHeader(
        site_id,
        "dev",
        first,
        last,
        prev,
        part[-1]["hash"],
        "2026-11-29T10:00:00.000000Z",
        center.fingerprint,
        site.public().fingerprint,
    )
    return seal_bundle(header, part, clinical(part, site_id), site, center.keys.public())


def registered(center: Center) -> Center:
    center.register_site("01", SITE.public_document())
    return center


def audit_count(center: Center) -> int:
    with center.store.session() as session:
        return int(session.scalar(select(func.count()).select_from(CenterAuditRow)) or 0)


def test_in_order_bundles_are_accepted_with_signed_receipts(center: Center) -> None:
    registered(center)
    rows = chain(30)
    first = center.import_bundle(bundle(rows, center, 1, 10), "a")
    second = center.import_bundle(bundle(rows, center, 11, 30), "b")
    assert (first.status, second.status) == ("accepted", "accepted")
    assert first.line() == "01-000001-000010.mscb: accepted"
    receipt = open_receipt(second.receipt or b"", center.keys.public())
    assert (receipt.contiguous_seq, receipt.contiguous_hash) == (30, rows[-1]["hash"])
    assert second.receipt_path is not None and second.receipt_path.read_bytes() == second.receipt
    assert audit_count(center) == 30
    assert center.site_progress()["01"] == (30, rows[-1]["hash"])


def test_values_are_kept_by_item_and_site_only_values_never_stored(center: Center) -> None:
    registered(center)
    rows = chain(10)
    center.import_bundle(bundle(rows, center, 1, 10), "a")
    with center.store.session() as session:
        values = {
            (v.subject_key, v.event_oid, v.form_oid, v.group_oid, v.repeat_key, v.item_oid): (
                v.current_value,
                v.mdv_oid,
                v.seq,
            )
            for v in session.scalars(select(CenterItem))
        }
        stored = session.scalars(select(CenterAuditRow.new_value)).all()
        withheld = session.scalars(
            select(CenterAuditRow.seq).where(CenterAuditRow.redacted.is_(True))
        ).all()
    assert values[
        ("01-0003", "SE.SCR", "F.REGISTRATION", "IG.REGISTRATION", "", "IT.DM.SCREENING_NUMBER")
    ] == ("P00003", "MDV.XJMSC0001.1.0", 3)
    assert len(values) == 8 and not any(key[-1] == "IT.DM.FULL_NAME" for key in values)
    assert "Wang Fang" not in stored and sorted(withheld) == [5, 10]


def test_same_bundle_twice_is_a_duplicate_applied_once(center: Center) -> None:
    registered(center)
    data = bundle(chain(8), center, 1, 8)
    assert center.import_bundle(data, "x").status == "accepted"
    again = center.import_bundle(data, "x")
    assert again.status == "duplicate" and again.receipt is not None
    assert audit_count(center) == 8


def test_resend_overlapping_bundle_applies_only_new_rows(center: Center) -> None:
    registered(center)
    rows = chain(20)
    center.import_bundle(bundle(rows, center, 1, 12), "a")
    outcome = center.import_bundle(bundle(rows, center, 5, 20), "b")
    assert outcome.status == "accepted" and audit_count(center) == 20
    assert center.import_bundle(bundle(rows, center, 3, 9), "c").status == "duplicate"


def test_out_of_order_bundle_is_held_then_applied_when_gap_fills(center: Center) -> None:
    registered(center)
    rows = chain(30)
    later = center.import_bundle(bundle(rows, center, 21, 30), "late")
    assert later.status == "held" and later.reason == "missing bundle 1-20"
    middle = center.import_bundle(bundle(rows, center, 11, 20), "mid")
    assert middle.status == "held" and audit_count(center) == 0
    first = center.import_bundle(bundle(rows, center, 1, 10), "first")
    assert first.status == "accepted"
    assert first.released == ("01-000011-000020.mscb", "01-000021-000030.mscb")
    assert audit_count(center) == 30
    assert center.site_progress()["01"][0] == 30


def test_bundles_waiting_for_a_missing_one_are_kept_within_the_site_quota(center: Center) -> None:
    registered(center)
    rows = chain(30)
    late, later = bundle(rows, center, 11, 20), bundle(rows, center, 21, 30)
    center.limits = CenterLimits(site_held_bytes=len(late) + len(later) - 1)
    assert center.import_bundle(late, "late").status == "held"
    refused = center.import_bundle(later, "later")
    assert (
        refused.status == "rejected"
        and "starting at record 1: send that one first" in refused.reason
    )
    first = center.import_bundle(bundle(rows, center, 1, 10), "first")
    assert first.released == ("01-000011-000020.mscb",) and audit_count(center) == 20
    assert center.import_bundle(later, "later").status == "accepted" and audit_count(center) == 30


def test_conflicting_history_is_rejected(center: Center) -> None:
    registered(center)
    rows = chain(10)
    center.import_bundle(bundle(rows, center, 1, 10), "a")
    other = item_chain(12, record_prefix="q")
    outcome = center.import_bundle(bundle(other, center, 1, 12), "fork.mscb")
    assert outcome.status == "rejected"
    assert "conflicts" in outcome.reason or "does not continue" in outcome.reason
    assert audit_count(center) == 10
    assert outcome.quarantine_path is not None and outcome.quarantine_path.exists()


def test_unregistered_site_is_rejected_and_quarantined(center: Center) -> None:
    outcome = center.import_bundle(bundle(chain(3), center, 1, 3), "u.mscb")
    assert outcome.status == "rejected"
    assert outcome.reason == "Site 01 is not registered at this centre"
    assert outcome.quarantine_path is not None
    reason_file = outcome.quarantine_path.with_name(outcome.quarantine_path.name + ".reason.txt")
    assert reason_file.read_text().strip() == outcome.reason


def test_revoked_site_key_is_rejected(center: Center) -> None:
    registered(center)
    center.revoke_site("01")
    outcome = center.import_bundle(bundle(chain(3), center, 1, 3), "r.mscb")
    assert outcome.status == "rejected" and "revoked" in outcome.reason


def test_rekeyed_site_refuses_old_key(center: Center) -> None:
    registered(center)
    center.register_site("01", KeyPair.generate("site", "01").public_document())
    outcome = center.import_bundle(bundle(chain(3), center, 1, 3), "old.mscb")
    assert outcome.status == "rejected" and "not registered for site 01" in outcome.reason


def test_register_checks_site_id_and_returns_fingerprint(center: Center) -> None:
    printed = center.register_site("01", SITE.public_document())
    assert printed.replace(" ", "").lower() == SITE.public().fingerprint
    with pytest.raises(SyncError, match="belongs to site 01, not to site 02"):
        center.register_site("02", SITE.public_document())
    assert (
        parse_public_document(center.home.public_key_path.read_bytes(), "center").fingerprint
        == center.fingerprint
    )


def test_flipped_bytes_are_rejected_and_nothing_applied(center: Center) -> None:
    registered(center)
    data = bundle(chain(10), center, 1, 10)
    for position in range(0, len(data), max(1, len(data) // 40)):
        altered = bytearray(data)
        altered[position] ^= 0x40
        assert center.import_bundle(bytes(altered), "bad.mscb").status == "rejected"
    assert audit_count(center) == 0
    assert len(list(center.home.quarantine_dir.rglob("*.reason.txt"))) >= 40
    assert center.import_bundle(data, "good").status == "accepted"


def test_bundle_for_another_centre_is_rejected_and_quarantined(
    center: Center, tmp_path: Path
) -> None:
    registered(center)
    other = Center.init(tmp_path / "other", passphrase=CENTRE_PASSPHRASE)
    outcome = center.import_bundle(bundle(chain(5), other, 1, 5), "elsewhere.mscb")
    other.close()
    assert outcome.status == "rejected"
    assert outcome.reason == "This bundle is addressed to another coordinating centre"
    assert outcome.quarantine_path is not None and outcome.quarantine_path.exists()
    assert audit_count(center) == 0


@pytest.mark.parametrize("data", [b"", b"MSCB", bytes(range(256)) * 8])
def test_empty_truncated_and_random_files_are_rejected(
    center: Center, data: bytes, tmp_path: Path
) -> None:
    path = tmp_path / "stick" / "x.mscb"
    path.parent.mkdir()
    path.write_bytes(data)
    (outcome,) = center.import_files([path])
    assert outcome.status == "rejected" and outcome.reason
    assert outcome.line().startswith("x.mscb: rejected: ")
    assert path.read_bytes() == data
    assert outcome.quarantine_path is not None
    assert outcome.quarantine_path.read_bytes() == data


def test_import_never_deletes_or_moves_a_file_it_rejects(center: Center, tmp_path: Path) -> None:
    """Issue 15 item 1: `msc-central import notes.txt report.pdf` deleted both files."""
    folder = tmp_path / "documents"
    folder.mkdir()
    notes, pdf = folder / "notes.txt", folder / "report.pdf"
    notes.write_text("call the site on Monday\n")
    pdf.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40)
    before = {path: path.read_bytes() for path in (notes, pdf)}
    outcomes = center.import_files([notes, pdf])
    assert [outcome.status for outcome in outcomes] == ["rejected", "rejected"]
    assert {path: path.read_bytes() for path in (notes, pdf)} == before
    copies = [outcome.quarantine_path for outcome in outcomes]
    assert all(
        copy is not None and copy.read_bytes() == before[path]
        for copy, path in zip(copies, (notes, pdf), strict=True)
    )
    assert all(copy is not None and copy.stat().st_mode & 0o777 == 0o600 for copy in copies)


def test_import_refuses_a_file_over_the_limit_before_reading_it(tmp_path: Path) -> None:
    center = Center.init(
        tmp_path / "center", passphrase=CENTRE_PASSPHRASE, limits=CenterLimits(bundle_bytes=4096)
    )
    big = tmp_path / "big.mscb"
    big.write_bytes(b"MSCB" + bytes(8192))
    (outcome,) = center.import_files([big])
    center.close()
    assert outcome.status == "rejected"
    assert outcome.reason == "big.mscb is larger than the limit of 4096 bytes; it was not read"
    assert outcome.quarantine_path is None
    assert list(center.home.quarantine_dir.rglob("*")) == []
    assert big.stat().st_size == 8196


def test_import_refuses_a_pipe_without_waiting_for_it(center: Center, tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.mscb"
    os.mkfifo(pipe)
    (outcome,) = center.import_files([pipe])
    assert outcome.line() == "pipe.mscb: rejected: pipe.mscb is not a regular file; it was not read"


def items(center: Center) -> dict[tuple[str, str, str], tuple[str | None, str | None, bool]]:
    """(subject, repeat key, item) -> (value, unit, removed) as the centre keeps them."""
    with center.store.session() as session:
        return {
            (v.subject_key, v.repeat_key, v.item_oid): (v.current_value, v.current_unit, v.removed)
            for v in session.scalars(select(CenterItem))
        }


def sealed(center: Center, rows: list[dict[str, Any]], odm: bytes) -> bytes:
    header = BundleHeader(
        "01",
        "dev",
        rows[0]["seq"],
        rows[-1]["seq"],
        rows[0]["prev_hash"],
        rows[-1]["hash"],
        "2026-11-29T10:00:00.000000Z",
        center.fingerprint,
        SITE.public().fingerprint,
    )
    return seal_bundle(header, rows, odm, SITE, center.keys.public())


LAB = ("01-0007", "SE.W4", "F.VISIT", "IG.VISIT", "")


def earlier_rows(count: int) -> list[dict[str, Any]]:
    """Format-1 rows of a site's earlier release: lab values by its table and column."""
    return record_rows(
        [("item_value", f"r{seq}", {"value": f"{seq}.5"}) for seq in range(1, count + 1)]
    )


def stored_chain(center: Center) -> ChainReport:
    """The chain of the audit rows the centre keeps, walked again."""
    with center.store.session() as session:
        return verify_chain(
            [
                dict(row)
                for row in session.execute(
                    select(CenterAuditRow.__table__).order_by(CenterAuditRow.seq)
                ).mappings()
            ]
        )


def test_a_lab_value_with_its_unit_is_kept_as_entered_and_changes_by_item(center: Center) -> None:
    registered(center)
    rows = instance_rows([(*LAB, {"IT.LB.BILI": ("51.3", "umol/L"), "IT.LB.ALB": ("30", "g/L")})])
    rows += instance_rows(
        [(*LAB, {"IT.LB.BILI": ("3.1", "mg/dL")})],
        start_seq=3,
        prev_hash=rows[-1]["hash"],
        action="update",
        reason="unit misread",
    )
    rows += instance_rows(
        [(*LAB, {"IT.LB.ALB": None})],
        start_seq=4,
        prev_hash=rows[-1]["hash"],
        action="delete",
        reason="wrong patient",
    )
    assert center.import_bundle(sealed(center, rows, clinical(rows)), "a").status == "accepted"
    assert items(center) == {
        ("01-0007", "", "IT.LB.BILI"): ("3.1", "mg/dL", False),
        ("01-0007", "", "IT.LB.ALB"): ("30", "g/L", True),
    }
    with center.store.session() as session:
        stored = session.execute(
            select(
                CenterAuditRow.seq,
                CenterAuditRow.old_value,
                CenterAuditRow.new_value,
                CenterAuditRow.new_unit,
                CenterAuditRow.reason,
                CenterAuditRow.mdv_oid,
            )
            .where(CenterAuditRow.item_oid == "IT.LB.BILI")
            .order_by(CenterAuditRow.seq)
        ).all()
    assert [tuple(row) for row in stored] == [
        (1, None, "51.3", "umol/L", None, "MDV.XJMSC0001.1.0"),
        (3, None, "3.1", "mg/dL", "unit misread", "MDV.XJMSC0001.1.0"),
    ]
    assert stored_chain(center).ok and stored_chain(center).count == 4


def test_clinical_data_that_contradict_the_audit_rows_are_rejected(center: Center) -> None:
    registered(center)
    rows = instance_rows([(*LAB, {"IT.LB.BILI": ("51.3", "umol/L")})])
    forged = [replace(change, value="5.1") for change in changes_of(rows)]
    outcome = center.import_bundle(sealed(center, rows, clinical(rows, changes=forged)), "f")
    assert (outcome.status, outcome.reason) == (
        "rejected",
        "The bundle's clinical data does not match its audit record 1",
    )
    assert items(center) == {} and audit_count(center) == 0


def test_clinical_data_naming_a_record_the_bundle_does_not_carry_are_rejected(
    center: Center,
) -> None:
    registered(center)
    rows = instance_rows([(*LAB, {"IT.LB.BILI": ("51.3", "umol/L")})])
    stray = [replace(changes_of(rows)[0], seq=9)]
    outcome = center.import_bundle(sealed(center, rows, clinical(rows, changes=stray)), "s")
    assert outcome.status == "rejected"
    assert outcome.reason == (
        "The bundle's clinical data names audit record 9, which the bundle does not hold"
    )


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (
            {"item_oid": "IT.LB.NOPE"},
            (
                "Record 1 names the item IT.LB.NOPE, which the protocol "
                "version MDV.XJMSC0001.1.0 does not declare"
            ),
        ),
        (
            {"unit": "mmol/L"},
            (
                "Record 1 gives IT.LB.BILI in the unit mmol/L, which the protocol "
                "does not declare for it"
            ),
        ),
        (
            {"mdv_oid": "MDV.XJMSC0001.9.9"},
            (
                "Record 1 was entered under the protocol version "
                "MDV.XJMSC0001.9.9, which this centre has not issued"
            ),
        ),
        (
            {"item_oid": "IT.DM.FULL_NAME", "unit": None, "value": "Wang Fang"},
            "The bundle carries site-only identifying data",
        ),
    ],
)
def test_what_the_centre_protocol_does_not_declare_is_refused(
    center: Center, change: dict[str, Any], reason: str
) -> None:
    """A site's clinical data may declare anything in its own metadata: the centre checks every
    change against the protocol versions it issued."""
    rows = instance_rows([(*LAB, {"IT.LB.BILI": ("51.3", "umol/L")})])
    changes = [replace(changes_of(rows)[0], **change)]
    header = BundleHeader(
        "01",
        "dev",
        1,
        1,
        GENESIS_HASH,
        rows[0]["hash"],
        "2026-11-29T10:00:00Z",
        center.fingerprint,
        SITE.public().fingerprint,
    )
    contents = BundleContents(header, rows, bytearray(), changes, [])
    with pytest.raises(SyncError) as refused:
        bundle_changes(rows, contents, center.catalogues())
    assert str(refused.value) == reason + "."


def test_format_1_rows_are_applied_as_the_clinical_data_state_them(center: Center) -> None:
    """A site upgraded from an earlier release: its old rows name its tables; their items
    reach the centre in the clinical data, and no table name is stored."""
    registered(center)
    old = earlier_rows(2)
    changes = [
        ItemChange(
            seq=seq,
            ts=old[seq - 1]["ts"],
            user_id="nurse",
            action="insert",
            subject_key="01-0007",
            event_oid="SE.W4",
            form_oid="F.VISIT",
            group_oid="IG.VISIT",
            repeat_key="",
            item_oid=item,
            value=value,
            unit=unit,
            reason=None,
            mdv_oid="MDV.XJMSC0001.1.0",
        )
        for seq, item, value, unit in (
            (1, "IT.LB.BILI", "51.3", "umol/L"),
            (2, "IT.VS.WEIGHT", "62.5", "kg"),
        )
    ]
    new = instance_rows(
        [(*LAB, {"IT.LB.BILI": ("3.1", "mg/dL")})],
        start_seq=3,
        prev_hash=old[-1]["hash"],
        action="update",
        reason="re-measured",
    )
    rows = old + new
    odm = clinical(rows, changes=[*changes, *changes_of(new)])
    assert center.import_bundle(sealed(center, rows, odm), "o").status == "accepted"
    assert items(center) == {
        ("01-0007", "", "IT.LB.BILI"): ("3.1", "mg/dL", False),
        ("01-0007", "", "IT.VS.WEIGHT"): ("62.5", "kg", False),
    }
    with center.store.session() as session:
        kept = session.execute(
            select(CenterAuditRow.row_format, CenterAuditRow.item_oid).order_by(CenterAuditRow.seq)
        ).all()
    assert [tuple(row) for row in kept] == [(1, None), (1, None), (2, "IT.LB.BILI")]
    assert stored_chain(center).ok


def earlier_release_tables() -> MetaData:
    """The centre's tables as the release before data by item made them (those that changed)."""
    old = MetaData()
    Table(
        "center_audit_row",
        old,
        Column("site_id", String(32), primary_key=True),
        Column("seq", Integer, primary_key=True, autoincrement=False),
        *(
            Column(name, String(128))
            for name in ("ts", "user_id", "action", "table_name", "record_id", "field")
        ),
        *(Column(name, Text) for name in ("old_value", "new_value", "reason")),
        Column("site_only", Boolean),
        Column("redacted", Boolean),
        *(
            Column(name, String(64))
            for name in ("row_digest", "prev_hash", "hash", "bundle_sha256")
        ),
    )
    Table(
        "center_record",
        old,
        *(
            Column(name, String(128), primary_key=True)
            for name in ("site_id", "table_name", "record_id")
        ),
        Column("deleted", Boolean),
        Column("last_seq", Integer),
    )
    Table(
        "center_value",
        old,
        *(
            Column(name, String(128), primary_key=True)
            for name in ("site_id", "table_name", "record_id", "field")
        ),
        Column("value", Text),
        Column("seq", Integer),
    )
    Table(
        "center_allocation_list",
        old,
        Column("list_id", String(64), primary_key=True),
        Column("site_id", String(32)),
        Column("stratum", String(8)),
        Column("seed", Text),
        Column("content", Text),
        Column("created_at", DateTime),
    )
    Table(
        "center_site",
        old,
        Column("site_id", String(32), primary_key=True),
        Column("signing_key", LargeBinary),
        Column("encryption_key", LargeBinary),
        Column("fingerprint", String(64)),
        Column("registered_at", DateTime),
        Column("revoked_at", DateTime),
        Column("last_seq", Integer),
        Column("last_hash", String(64)),
    )
    Table(
        "center_bundle",
        old,
        Column("sha256", String(64), primary_key=True),
        Column("site_id", String(32)),
        Column("file_name", String(128)),
        Column("from_seq", Integer),
        Column("to_seq", Integer),
        Column("status", String(16)),
        Column("received_at", DateTime),
        Column("applied_at", DateTime),
        Column("held_data", LargeBinary),
    )
    Table(
        "center_protocol_version",
        old,
        Column("version", String(32), primary_key=True),
        Column("protocol_id", String(64)),
        Column("declaration", Text),
        Column("issued_at", DateTime),
    )
    CentralBase.metadata.tables["center_time_flag"].to_metadata(old)
    return old


def test_a_store_of_the_earlier_release_is_migrated_and_refilled_by_a_full_resend(
    center: Center, tmp_path: Path
) -> None:
    """The sites, allocation lists and chains stay; the data kept by site table go and come back
    by item when the site sends everything again."""
    registered(center)
    old_rows = earlier_rows(3)
    allocation = build_allocation_list(
        "01", "B", 10, created_at="2026-11-01T00:00:00Z", seed="ab" * 32
    )
    with center.store.engine.begin() as connection:
        site = dict(
            connection.execute(select(CentralBase.metadata.tables["center_site"])).mappings().one()
        )
        CentralBase.metadata.drop_all(connection)
        old = earlier_release_tables()
        old.create_all(connection)
        site.pop("refill_to")
        connection.execute(
            old.tables["center_site"].insert(),
            [site | {"last_seq": 3, "last_hash": old_rows[-1]["hash"]}],
        )
        connection.execute(
            old.tables["center_audit_row"].insert(),
            [
                {
                    name: row[name]
                    for name in (
                        *ROW_FIELDS,
                        "site_only",
                        "redacted",
                        "row_digest",
                        "prev_hash",
                        "hash",
                    )
                }
                | {"site_id": "01", "bundle_sha256": "b" * 64}
                for row in old_rows
            ],
        )
        connection.execute(
            old.tables["center_value"].insert(),
            [
                {
                    "site_id": "01",
                    "table_name": "item_value",
                    "record_id": row["record_id"],
                    "field": "value",
                    "value": row["new_value"],
                    "seq": row["seq"],
                }
                for row in old_rows
            ],
        )
        connection.execute(
            old.tables["center_bundle"].insert(),
            [
                {
                    "sha256": "b" * 64,
                    "site_id": "01",
                    "file_name": "01-000001-000003.mscb",
                    "from_seq": 1,
                    "to_seq": 3,
                    "status": "accepted",
                }
            ],
        )
        connection.execute(
            old.tables["center_protocol_version"].insert(),
            [
                {
                    "version": "1.1",
                    "protocol_id": "XJMSC0001",
                    "declaration": json.dumps(amended_declaration()),
                }
            ],
        )
        connection.execute(
            old.tables["center_allocation_list"].insert(),
            [
                {
                    "list_id": allocation.list_id,
                    "site_id": "01",
                    "stratum": "B",
                    "seed": center.seal_list_part(allocation.list_id, "ab" * 32),
                    "content": center.seal_list_part(
                        allocation.list_id, json.dumps(allocation.to_dict())
                    ),
                }
            ],
        )
    url = center.store.engine.url
    center.close()
    passed_url = (
        None if url.get_backend_name() == "sqlite" else url.render_as_string(hide_password=False)
    )
    center = Center.open(center.home.path, passed_url, passphrase=CENTRE_PASSPHRASE)
    try:
        assert center.site_progress()["01"] == (3, old_rows[-1]["hash"])
        assert center.allocation_lists("01") == [allocation]
        assert [version.version for version in center.protocol_versions()] == ["1.1"]
        assert list(center.catalogues()) == ["MDV.XJMSC0001.1.0", "MDV.XJMSC0001.1.1"]
        tables = set(inspect(center.store.engine).get_table_names())
        assert not tables & {"center_value", "center_record", "center_audit_row_by_item"}
        with center.store.session() as session:
            kept = [
                dict(row)
                for row in session.execute(
                    select(CenterAuditRow.__table__).order_by(CenterAuditRow.seq)
                ).mappings()
            ]
        assert [
            (row["row_format"], row["redacted"], row["new_value"], row["ts"]) for row in kept
        ] == [(1, True, None, row["ts"]) for row in old_rows]
        assert verify_chain(kept).ok and items(center) == {}

        new = instance_rows(
            [(*LAB, {"IT.LB.BILI": ("3.1", "mg/dL")})],
            start_seq=4,
            prev_hash=old_rows[-1]["hash"],
            action="update",
            reason="re-measured",
        )
        old_changes = [
            ItemChange(
                seq=seq,
                ts=old_rows[seq - 1]["ts"],
                user_id="nurse",
                action="insert",
                subject_key="01-0007",
                event_oid="SE.W4",
                form_oid="F.VISIT",
                group_oid="IG.VISIT",
                repeat_key="",
                item_oid=item,
                value=value,
                unit=unit,
                reason=None,
                mdv_oid="MDV.XJMSC0001.1.0",
            )
            for seq, item, value, unit in (
                (1, "IT.LB.BILI", "51.3", "umol/L"),
                (2, "IT.VS.WEIGHT", "62.5", "kg"),
                (3, "IT.LB.ALB", "30", "g/L"),
            )
        ]
        full = sealed(
            center,
            old_rows + new,
            clinical(old_rows + new, changes=[*old_changes, *changes_of(new)]),
        )
        assert center.import_bundle(full, "full").status == "accepted"
        assert items(center) == {
            ("01-0007", "", "IT.LB.BILI"): ("3.1", "mg/dL", False),
            ("01-0007", "", "IT.VS.WEIGHT"): ("62.5", "kg", False),
            ("01-0007", "", "IT.LB.ALB"): ("30", "g/L", False),
        }
        assert center.site_progress()["01"] == (4, new[-1]["hash"]) and stored_chain(center).ok
    finally:
        center.close()
