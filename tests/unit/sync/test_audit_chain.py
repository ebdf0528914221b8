"""The audit hash chain of docs/formats.md section 4: canonical encoding, links, and the verifier's
reports."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest

from msc_desktop.store.audit_chain import (
    GENESIS_HASH,
    canonical_item_row,
    canonical_row,
    link_hash,
    row_digest,
    verify_chain,
)


def make_chain(count: int) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    previous = GENESIS_HASH
    for seq in range(1, count + 1):
        row: dict[str, Any] = {
            "seq": seq,
            "ts": f"2026-11-29T10:00:{seq % 60:02d}.123456Z",
            "user_id": "nurse1",
            "action": "update",
            "table_name": "lab_result",
            "record_id": f"{seq:032x}",
            "field": "value",
            "old_value": None if seq == 1 else str(seq - 1),
            "new_value": f"{seq}.5 µmol/L",
            "reason": "typo" if seq % 2 else None,
        }
        row["row_digest"] = row_digest(*(row[k] for k in list(row)[:10]))
        row["prev_hash"] = previous
        row["hash"] = link_hash(previous, row["row_digest"])
        previous = row["hash"]
        rows.append(row)
    return rows


def test_canonical_row_is_compact_utf8_json_array() -> None:
    encoded = canonical_row(
        1, "2026-11-29T10:00:00.123456Z", "u", "insert", "t", "r", None, None, "Zhāng", None
    )
    assert (
        encoded
        == (
            '[1,"2026-11-29T10:00:00.123456Z","u","insert","t","r",null,null,"Zhāng",null]'
        ).encode()
    )
    assert (
        row_digest(
            1, "2026-11-29T10:00:00.123456Z", "u", "insert", "t", "r", None, None, "Zhāng", None
        )
        == hashlib.sha256(encoded).hexdigest()
    )


def test_link_hash_is_sha256_of_concatenated_raw_bytes() -> None:
    digest = hashlib.sha256(b"x").hexdigest()
    assert (
        link_hash(GENESIS_HASH, digest)
        == hashlib.sha256(bytes(32) + bytes.fromhex(digest)).hexdigest()
    )
    assert GENESIS_HASH == "0" * 64


def test_intact_chain_verifies() -> None:
    rows = make_chain(25)
    report = verify_chain(rows)
    assert report.ok and report.count == 25
    assert report.last_seq == 25 and report.last_hash == rows[-1]["hash"]
    assert report.first_broken_seq is None


def test_chain_continues_from_a_given_link() -> None:
    rows = make_chain(10)
    report = verify_chain(rows[4:], start_seq=4, start_hash=rows[3]["hash"])
    assert report.ok and report.count == 6 and report.last_seq == 10
    assert not verify_chain(rows[4:], start_seq=4, start_hash=rows[2]["hash"]).ok


@pytest.mark.parametrize("field", ["ts", "user_id", "new_value", "old_value", "reason", "field"])
def test_edited_value_is_caught_at_its_row(field: str) -> None:
    rows = make_chain(12)
    rows[6][field] = "tampered"
    report = verify_chain(rows)
    assert not report.ok
    assert report.first_broken_seq == 7 and report.count == 6 and report.last_seq == 6
    assert report.problem == "audit row 7 was altered after it was written"


def test_deleted_row_reports_gap() -> None:
    rows = make_chain(8)
    del rows[3]
    report = verify_chain(rows)
    assert not report.ok and report.first_broken_seq == 5
    assert "missing or out of order" in str(report.problem)


def test_swapped_rows_are_caught() -> None:
    rows = make_chain(8)
    rows[2], rows[3] = rows[3], rows[2]
    report = verify_chain(rows)
    assert not report.ok and report.first_broken_seq == 4


def test_recomputed_digest_without_relinking_is_caught() -> None:
    rows = make_chain(5)
    rows[1]["new_value"] = "forged"
    rows[1]["row_digest"] = row_digest(*(rows[1][k] for k in list(rows[1])[:10]))
    report = verify_chain(rows)
    assert not report.ok and report.first_broken_seq == 2
    assert report.problem == "audit row 2 has a wrong chain hash"


def test_redacted_rows_verify_with_given_digest_only() -> None:
    rows = make_chain(6)
    redacted = dict(rows[2], old_value=None, new_value=None, redacted=True)
    rows[2] = redacted
    assert verify_chain(rows).ok
    rows[2] = dict(redacted, row_digest=hashlib.sha256(b"other").hexdigest())
    assert not verify_chain(rows).ok


def test_json_round_trip_keeps_chain() -> None:
    rows = json.loads(json.dumps(make_chain(4)))
    assert verify_chain(rows).ok


def test_garbage_rows_are_reported_not_raised() -> None:
    report = verify_chain([{"seq": 1, "prev_hash": GENESIS_HASH, "row_digest": "zz"}])
    assert not report.ok and report.problem == "audit row 1 has no valid digest"
    report = verify_chain([{"seq": 1, "prev_hash": GENESIS_HASH, "row_digest": "a" * 64}])
    assert not report.ok and report.problem == "audit row 1 is incomplete"
    report = verify_chain([{"seq": True}])
    assert not report.ok and report.first_broken_seq == 1


def _item_row(seq: int, previous: str, **changes: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "seq": seq,
        "ts": "2026-12-04T10:00:00.000001Z",
        "user_id": "nurse",
        "action": "update",
        "target": None,
        "subject_key": "01-0001",
        "event_oid": "SE.W4",
        "form_oid": "F.VISIT",
        "group_oid": "IG.VISIT",
        "repeat_key": None,
        "item_oid": "IT.LB.BILI",
        "old_value": "51.3",
        "old_unit": "umol/L",
        "new_value": "3.0",
        "new_unit": "mg/dL",
        "mdv_oid": "MDV.XJMSC0001.1.0",
        "reason": "unit misread",
        "row_format": 2,
        "table_name": "item_value",
        "record_id": "x",
        "field": "value",
        **changes,
    }
    row["row_digest"] = hashlib.sha256(canonical_item_row(row)).hexdigest()
    row["prev_hash"] = previous
    row["hash"] = link_hash(previous, row["row_digest"])
    return row


def test_format_2_canonical_row_names_oids_and_units_never_site_tables() -> None:
    row = _item_row(7, GENESIS_HASH)
    assert canonical_item_row(row) == (
        b'[2,7,"2026-12-04T10:00:00.000001Z","nurse","update",null,"01-0001","SE.W4","F.VISIT",'
        b'"IG.VISIT",null,"IT.LB.BILI","51.3","umol/L","3.0","mg/dL","MDV.XJMSC0001.1.0",'
        b'"unit misread"]'
    )
    assert b"item_value" not in canonical_item_row(row) and b'"value"' not in canonical_item_row(
        row
    )


def test_a_chain_of_both_formats_verifies_and_each_format_is_checked() -> None:
    rows = make_chain(3)
    rows.append(_item_row(4, rows[-1]["hash"]))
    rows.append(
        _item_row(
            5,
            rows[-1]["hash"],
            action="event",
            target="USER:nurse",
            item_oid=None,
            new_value="signed in",
            new_unit=None,
            old_value=None,
            old_unit=None,
        )
    )
    assert verify_chain(rows).ok
    for seq, field, value in (
        (2, "field", "unit"),
        (4, "new_unit", "umol/L"),
        (4, "repeat_key", "1"),
        (5, "target", "USER:doctor"),
    ):
        tampered = [dict(row) for row in rows]
        tampered[seq - 1][field] = value
        report = verify_chain(tampered)
        assert (report.ok, report.first_broken_seq) == (False, seq), (field, report)
    unknown = [dict(row) for row in rows]
    unknown[3]["row_format"] = 3
    assert verify_chain(unknown).problem == "audit row 4 is incomplete"
