"""Centre import: chain continuity across bundles, duplicates, gaps held and released, rejects
quarantined with a reason, receipts signed; the same behaviour on SQLite and on PostgreSQL."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from msc_desktop.central.service import Center, CenterLimits
from msc_desktop.central.store import CenterAuditRow, CenterValue
from msc_desktop.errors import SyncError
from msc_desktop.store.audit_chain import GENESIS_HASH
from msc_desktop.sync.bundle import BundleHeader, seal_bundle
from msc_desktop.sync.keys import KeyPair, parse_public_document
from msc_desktop.sync.packages import open_receipt
from tests.accounts import CENTRE_PASSPHRASE

from .chains import audit_rows
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
    return audit_rows(count)


def bundle(rows: list[dict[str, Any]], center: Center, first: int, last: int,
           site: KeyPair = SITE, site_id: str = "01") -> bytes:
    part = rows[first - 1 : last]
    prev = GENESIS_HASH if first == 1 else rows[first - 2]["hash"]
    header = BundleHeader(site_id, "dev", first, last, prev, part[-1]["hash"],
                          "2026-11-29T10:00:00.000000Z", center.fingerprint,
                          site.public().fingerprint)
    return seal_bundle(header, part, b"<ODM/>", site, center.keys.public())


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


def test_values_are_rebuilt_and_site_only_values_never_stored(center: Center) -> None:
    registered(center)
    rows = chain(10)
    center.import_bundle(bundle(rows, center, 1, 10), "a")
    with center.store.session() as session:
        values = {(v.table_name, v.field): v.value for v in session.scalars(select(CenterValue))}
        stored = session.scalars(select(CenterAuditRow.new_value)).all()
    assert ("participant", "status") in values
    assert not any(table == "participant_identity" for table, _ in values)
    assert "Wang Fang" not in stored


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
    assert refused.status == "rejected" and "starting at record 1: send that one first" in refused.reason
    first = center.import_bundle(bundle(rows, center, 1, 10), "first")
    assert first.released == ("01-000011-000020.mscb",) and audit_count(center) == 20
    assert center.import_bundle(later, "later").status == "accepted" and audit_count(center) == 30


def test_conflicting_history_is_rejected(center: Center) -> None:
    registered(center)
    rows = chain(10)
    center.import_bundle(bundle(rows, center, 1, 10), "a")
    other = audit_rows(12, record_prefix="q")
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
    assert parse_public_document(center.home.public_key_path.read_bytes(),
                                 "center").fingerprint == center.fingerprint


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


def test_bundle_for_another_centre_is_rejected_and_quarantined(center: Center,
                                                               tmp_path: Path) -> None:
    registered(center)
    other = Center.init(tmp_path / "other", passphrase=CENTRE_PASSPHRASE)
    outcome = center.import_bundle(bundle(chain(5), other, 1, 5), "elsewhere.mscb")
    other.close()
    assert outcome.status == "rejected"
    assert outcome.reason == "This bundle is addressed to another coordinating centre"
    assert outcome.quarantine_path is not None and outcome.quarantine_path.exists()
    assert audit_count(center) == 0


@pytest.mark.parametrize("data", [b"", b"MSCB", bytes(range(256)) * 8])
def test_empty_truncated_and_random_files_are_rejected(center: Center, data: bytes,
                                                       tmp_path: Path) -> None:
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
    assert all(copy is not None and copy.read_bytes() == before[path]
               for copy, path in zip(copies, (notes, pdf), strict=True))
    assert all(copy is not None and copy.stat().st_mode & 0o777 == 0o600 for copy in copies)


def test_import_refuses_a_file_over_the_limit_before_reading_it(tmp_path: Path) -> None:
    center = Center.init(tmp_path / "center", passphrase=CENTRE_PASSPHRASE,
                         limits=CenterLimits(bundle_bytes=4096))
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

