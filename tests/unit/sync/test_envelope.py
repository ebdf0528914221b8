"""Bundles and centre packages: round trips, and strict rejection of anything altered or foreign."""

from __future__ import annotations

import base64
import dataclasses
import json
import os
import random
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from msc_desktop.domain.protocol_reader import load_protocol
from msc_desktop.domain.randomization import build_allocation_list
from msc_desktop.errors import SyncError
from msc_desktop.store.audit_chain import GENESIS_HASH
from msc_desktop.sync.bundle import (
    BundleHeader,
    bundle_file_name,
    open_bundle,
    read_bundle,
    seal_bundle,
)
from msc_desktop.sync.envelope import BUNDLE_MAGIC, seal, write_atomic
from msc_desktop.sync.keys import KeyPair, format_fingerprint, parse_public_document
from msc_desktop.sync.odm_clinical import item_change_of
from msc_desktop.sync.packages import (
    Receipt,
    open_allocation_list,
    open_receipt,
    open_site_package,
    seal_receipt,
    seal_site_package,
)

from .chains import EMPTY_ODM, audit_rows, clinical_odm, item_rows

PROTOCOL = load_protocol()

SITE = KeyPair.generate("site", "01")
CENTER = KeyPair.generate("center", "XJMSC0001")


def make_bundle(
    rows: list[dict[str, Any]],
    site: KeyPair = SITE,
    center: KeyPair = CENTER,
    prev_hash: str = GENESIS_HASH,
) -> bytes:
    header = BundleHeader(
        site_id="01",
        device_id="dev-1",
        from_seq=rows[0]["seq"],
        to_seq=rows[-1]["seq"],
        prev_hash=prev_hash,
        last_hash=rows[-1]["hash"],
        created="2026-11-29T10:00:00.000000Z",
        recipient=center.public().fingerprint,
        sender=site.public().fingerprint,
    )
    return seal_bundle(header, rows, EMPTY_ODM, site, center.public())


def open_bytes(data: bytes) -> Any:
    return open_bundle(read_bundle(data), SITE.public(), CENTER)


ROWS = audit_rows(12)
BUNDLE = make_bundle(ROWS)


def test_round_trip_returns_rows_and_odm() -> None:
    contents = open_bytes(BUNDLE)
    assert [
        (row["seq"], row["row_format"], row["row_digest"], row["hash"]) for row in contents.rows
    ] == [(row["seq"], 1, row["row_digest"], row["hash"]) for row in ROWS]
    assert contents.odm == EMPTY_ODM
    assert contents.header.from_seq == 1 and contents.header.to_seq == 12
    assert contents.header.file_name == "01-000001-000012.mscb"


def test_payload_is_not_readable_in_the_file() -> None:
    assert b"screening-3" not in BUNDLE and b"participant" not in BUNDLE


def test_file_names_sort_in_sequence_order() -> None:
    names = [bundle_file_name("01", a, b) for a, b in [(1, 9), (10, 99), (100, 420), (421, 1000)]]
    assert names == sorted(names)
    assert names[2] == "01-000100-000420.mscb"


def test_fingerprint_grouping() -> None:
    text = format_fingerprint("ab" * 32)
    assert text.split(" ") == ["ABAB"] * 16


def test_public_document_round_trip_and_role_check() -> None:
    document = SITE.public_document()
    identity = parse_public_document(document, "site")
    assert identity.fingerprint == SITE.public().fingerprint
    assert identity.encryption_key_raw == SITE.public().encryption_key_raw
    with pytest.raises(SyncError, match="belongs to a site"):
        parse_public_document(document, "center")
    other = KeyPair.generate("site", "01").public_document()
    forged = document.replace(b'"encryption_key"', b'"x"')
    with pytest.raises(SyncError):
        parse_public_document(forged, "site")
    mixed = json.loads(document)
    mixed["encryption_key"] = json.loads(other)["encryption_key"]
    with pytest.raises(SyncError, match="not signed by its own key"):
        parse_public_document(json.dumps(mixed).encode(), "site")


POSITIONS = sorted(
    {
        0,
        3,
        4,
        5,
        8,
        9,
        30,
        100,
        len(BUNDLE) // 2,
        len(BUNDLE) - 100,
        len(BUNDLE) - 65,
        len(BUNDLE) - 64,
        len(BUNDLE) - 1,
    }
    | set(random.Random(7).sample(range(len(BUNDLE)), 60))
)


@pytest.mark.parametrize("position", POSITIONS)
def test_any_flipped_byte_is_rejected(position: int) -> None:
    altered = bytearray(BUNDLE)
    altered[position] ^= 0x01
    with pytest.raises(SyncError) as caught:
        open_bytes(bytes(altered))
    assert str(caught.value).endswith(".")


@pytest.mark.parametrize("length", [0, 1, 4, 9, 20, 200, len(BUNDLE) - 64, len(BUNDLE) - 1])
def test_truncated_bundle_is_rejected(length: int) -> None:
    with pytest.raises(SyncError, match="empty|truncated|too short"):
        open_bytes(BUNDLE[:length])


def test_extra_bytes_are_rejected() -> None:
    with pytest.raises(SyncError, match="extra bytes"):
        open_bytes(BUNDLE + b"\0")


def test_random_bytes_are_not_a_bundle() -> None:
    with pytest.raises(SyncError, match="not an MSC bundle"):
        open_bytes(os.urandom(5000))


def test_bundle_for_another_centre_is_rejected() -> None:
    other_center = KeyPair.generate("center", "OTHER")
    data = make_bundle(ROWS, center=other_center)
    with pytest.raises(SyncError, match="another coordinating centre"):
        open_bytes(data)


def test_bundle_from_another_site_key_is_rejected() -> None:
    impostor = KeyPair.generate("site", "01")
    with pytest.raises(SyncError, match="not registered for site 01"):
        open_bytes(make_bundle(ROWS, site=impostor))


def test_signature_by_another_key_with_claimed_sender_is_rejected() -> None:
    impostor = KeyPair.generate("site", "01")
    header = BundleHeader(
        "01",
        "dev",
        1,
        12,
        GENESIS_HASH,
        ROWS[-1]["hash"],
        "2026-11-29T10:00:00Z",
        CENTER.public().fingerprint,
        SITE.public().fingerprint,
    )
    data = seal_bundle(header, ROWS, EMPTY_ODM, impostor, CENTER.public())
    with pytest.raises(SyncError, match="signature does not match"):
        open_bytes(data)


def test_broken_chain_inside_payload_is_rejected() -> None:
    rows = [dict(row) for row in ROWS]
    rows[3]["row_digest"] = "ab" * 32
    with pytest.raises(SyncError, match="do not reproduce the audit chain"):
        open_bytes(make_bundle(rows))


def test_format_1_rows_travel_by_digest_only() -> None:
    """A format-1 row names the site's tables and columns: only its number and digest leave."""
    payload = bytes(read_bundle(BUNDLE).envelope.open_payload(CENTER))
    rows_line = payload.partition(b"\n")[0]
    assert json.loads(rows_line)["rows"] == [[1, row["seq"], row["row_digest"]] for row in ROWS]
    for secret in (b"participant", b"status", b"screening-3", b"Wang Fang", b"nurse"):
        assert secret not in rows_line
    contents = open_bytes(BUNDLE)
    assert all(row["ts"] is None and row["new_value"] is None for row in contents.rows)


def test_a_row_in_the_first_releases_wire_shape_is_refused() -> None:
    """The 12-member rows of the release before (table, record and column) are not read."""
    legacy = [
        [
            1,
            "2026-11-29T10:00:01.000001Z",
            "nurse",
            "insert",
            "participant",
            "p1",
            "status",
            None,
            "screening-1",
            None,
            False,
            None,
        ]
    ]
    payload = json.dumps({"rows": legacy}).encode() + b"\n" + EMPTY_ODM
    fields = {
        "kind": "bundle",
        "site_id": "01",
        "device_id": "dev-1",
        "from_seq": 1,
        "to_seq": 1,
        "row_count": 1,
        "prev_hash": GENESIS_HASH,
        "last_hash": "ab" * 32,
        "created": "2026-11-29T10:00:00.000000Z",
        "recipient": CENTER.public().fingerprint,
        "sender": SITE.public().fingerprint,
    }
    data = seal(BUNDLE_MAGIC, fields, payload, SITE, CENTER.public().recipient_key)
    with pytest.raises(SyncError, match="An audit row in the bundle is malformed"):
        open_bytes(data)


def test_write_atomic_leaves_no_partial_file(tmp_path: Any) -> None:
    target = tmp_path / "a.mscb"
    write_atomic(target, BUNDLE)
    assert target.read_bytes() == BUNDLE
    assert [p.name for p in tmp_path.iterdir()] == ["a.mscb"]
    with pytest.raises(SyncError, match="does not exist"):
        write_atomic(tmp_path / "missing" / "b.mscb", BUNDLE)


def test_receipt_round_trip_and_tamper() -> None:
    receipt = Receipt(
        "01",
        "a" * 64,
        "01-000001-000012.mscb",
        "accepted",
        1,
        12,
        12,
        "b" * 64,
        "2026-11-29T10:00:00.000000Z",
    )
    data = seal_receipt(receipt, CENTER)
    assert open_receipt(data, CENTER.public()) == receipt
    altered = bytearray(data)
    altered[len(data) // 2] ^= 0x10
    with pytest.raises(SyncError):
        open_receipt(bytes(altered), CENTER.public())
    with pytest.raises(SyncError, match="not made by the pinned"):
        open_receipt(seal_receipt(receipt, KeyPair.generate("center", "X")), CENTER.public())


def test_site_package_round_trip_is_encrypted_to_the_site() -> None:
    lists = [build_allocation_list("01", "B", 10, created_at="2026-11-29T00:00:00Z", seed=1)]
    data = seal_site_package(SITE.public(), lists, {"protocol_version": "1.0"}, CENTER)
    assert b"CONTROL" not in data
    package = open_site_package(data, CENTER.public(), SITE, PROTOCOL)
    assert package.protocol_settings == {"protocol_version": "1.0"}
    ((contents, signed_text),) = package.allocation_lists
    assert contents == lists[0]
    assert open_allocation_list(signed_text, CENTER.public(), PROTOCOL) == lists[0]
    with pytest.raises(SyncError, match="another site"):
        open_site_package(data, CENTER.public(), KeyPair.generate("site", "02"), PROTOCOL)
    with pytest.raises(SyncError, match="Expected a receipt"):
        open_receipt(data, CENTER.public())


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2048))
def test_fuzz_random_input_raises_only_sync_error(data: bytes) -> None:
    with pytest.raises(SyncError):
        open_bytes(data)


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(st.integers(0, len(BUNDLE) - 1), st.integers(1, 255), min_size=1, max_size=6),
    st.integers(0, len(BUNDLE)),
)
def test_fuzz_mutated_bundle_raises_only_sync_error(edits: dict[int, int], cut: int) -> None:
    altered = bytearray(BUNDLE)
    for position, mask in edits.items():
        altered[position] ^= mask
    with pytest.raises(SyncError):
        open_bytes(bytes(altered[: max(cut, 1)]) if cut < len(BUNDLE) else bytes(altered))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=600))
def test_fuzz_package_readers_raise_only_sync_error(data: bytes) -> None:
    for reader in (
        lambda d: open_receipt(d, CENTER.public()),
        lambda d: open_site_package(d, CENTER.public(), SITE, PROTOCOL),
        lambda d: open_allocation_list(base64.b64encode(d).decode(), CENTER.public(), PROTOCOL),
    ):
        with pytest.raises(SyncError):
            reader(b"MSCP\x02" + data)
        with pytest.raises(SyncError):
            reader(data)


def test_rows_out_of_numbering_are_rejected() -> None:
    rows = [dict(row) for row in ROWS]
    rows[3]["seq"] = 40
    with pytest.raises(SyncError, match="not numbered 1 to 12 in order"):
        open_bytes(make_bundle(rows))


def test_payload_without_odm_part_is_rejected() -> None:
    header = BundleHeader(
        "01",
        "dev",
        1,
        12,
        GENESIS_HASH,
        ROWS[-1]["hash"],
        "2026-11-29T10:00:00Z",
        CENTER.public().fingerprint,
        SITE.public().fingerprint,
    )
    fields = {
        "kind": "bundle",
        "site_id": "01",
        "device_id": "dev",
        "from_seq": 1,
        "to_seq": 12,
        "row_count": 12,
        "prev_hash": GENESIS_HASH,
        "last_hash": header.last_hash,
        "created": header.created,
        "recipient": header.recipient,
        "sender": header.sender,
    }
    data = seal(BUNDLE_MAGIC, fields, b'{"rows": []}', SITE, CENTER.public().recipient_key)
    with pytest.raises(SyncError, match="unknown layout"):
        open_bytes(data)


# -- rows of format 2 and the clinical payload (issue 13 item 3) -----------------------------------

ITEM_ROWS = item_rows(
    [
        {
            "action": "insert",
            "subject_key": "01-0001",
            "event_oid": "SE.SCR",
            "form_oid": "F.SCREENING",
            "group_oid": "IG.SCREENING",
            "item_oid": "IT.LB.BILI",
            "new_value": "51.3",
            "new_unit": "umol/L",
        },
        {
            "subject_key": "01-0001",
            "event_oid": "SE.SCR",
            "form_oid": "F.REGISTRATION",
            "group_oid": "IG.REGISTRATION",
            "item_oid": "IT.DM.INITIALS",
            "old_value": "AB",
            "new_value": "ZQ",
            "site_only": True,
        },
        {
            "subject_key": "01-0001",
            "event_oid": "SE.SCR",
            "form_oid": "F.SCREENING",
            "group_oid": "IG.SCREENING",
            "item_oid": "IT.LB.BILI",
            "old_value": "51.3",
            "old_unit": "umol/L",
            "new_value": "3.0",
            "new_unit": "mg/dL",
            "reason": "lab re-issued",
        },
        {"action": "event", "target": "SITE:01", "new_value": "bundle exported (full)"},
    ]
)
ITEM_CHANGES = [
    change
    for row in ITEM_ROWS
    if not row["site_only"]
    for change in [item_change_of(row)]
    if change is not None
]


def item_bundle(odm: bytes, rows: list[dict[str, Any]] = ITEM_ROWS) -> bytes:
    header = BundleHeader(
        site_id="01",
        device_id="dev-1",
        from_seq=rows[0]["seq"],
        to_seq=rows[-1]["seq"],
        prev_hash=GENESIS_HASH,
        last_hash=rows[-1]["hash"],
        created="2026-11-29T10:00:00.000000Z",
        recipient=CENTER.public().fingerprint,
        sender=SITE.public().fingerprint,
    )
    return seal_bundle(header, rows, odm, SITE, CENTER.public())


def test_format_2_rows_travel_by_content_and_site_only_ones_by_digest() -> None:
    data = item_bundle(clinical_odm(ITEM_CHANGES))
    contents = open_bytes(data)
    assert [change.seq for change in contents.changes] == [1, 3]
    assert contents.changes == ITEM_CHANGES
    assert (contents.changes[1].value, contents.changes[1].unit) == ("3.0", "mg/dL")
    full, withheld = contents.rows[0], contents.rows[1]
    assert (full["item_oid"], full["new_value"], full["new_unit"]) == (
        "IT.LB.BILI",
        "51.3",
        "umol/L",
    )
    assert withheld["redacted"] and withheld["new_value"] is None and withheld["item_oid"] is None
    assert [row["hash"] for row in contents.rows] == [row["hash"] for row in ITEM_ROWS]
    payload = bytes(read_bundle(data).envelope.open_payload(CENTER))
    wire = json.loads(payload.partition(b"\n")[0])["rows"]
    assert [len(row) for row in wire] == [18, 3, 18, 18]
    assert b"ZQ" not in payload and b"IT.DM.INITIALS" not in payload


def test_a_changed_format_2_row_breaks_the_chain() -> None:
    rows = [dict(row) for row in ITEM_ROWS]
    rows[2]["new_unit"] = "umol/L"  # the same number in another unit is another value
    changes = [
        dataclasses.replace(ITEM_CHANGES[0]),
        dataclasses.replace(ITEM_CHANGES[1], unit="umol/L"),
    ]
    with pytest.raises(SyncError, match="do not reproduce the audit chain"):
        open_bytes(item_bundle(clinical_odm(changes), rows))


@pytest.mark.parametrize(
    "changes",
    [
        ITEM_CHANGES[:1],  # a row's change missing
        [ITEM_CHANGES[0], dataclasses.replace(ITEM_CHANGES[1], value="30")],  # another value
        [ITEM_CHANGES[0], dataclasses.replace(ITEM_CHANGES[1], unit="umol/L")],  # another unit
        [*ITEM_CHANGES, dataclasses.replace(ITEM_CHANGES[0], seq=4)],  # on the event row
        [*ITEM_CHANGES, dataclasses.replace(ITEM_CHANGES[0], seq=2)],  # on the site-only row
        [*ITEM_CHANGES, dataclasses.replace(ITEM_CHANGES[0], seq=9)],  # on no row of the bundle
    ],
    ids=["missing", "value", "unit", "event", "site-only", "outside"],
)
def test_clinical_data_that_does_not_match_the_rows_is_refused(changes: list[Any]) -> None:
    with pytest.raises(SyncError, match="audit record"):
        open_bytes(item_bundle(clinical_odm(changes)))
