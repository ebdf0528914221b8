"""Synthetic audit rows for sync tests (shape of docs/formats.md section 4 plus the bundle's `redacted`)."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from typing import Any

from msc_desktop.domain.items import ItemCatalogue
from msc_desktop.domain.protocol import load_protocol
from msc_desktop.store.audit_chain import (
    FORMAT_ITEMS,
    GENESIS_HASH,
    ITEM_ROW_FIELDS,
    canonical_item_row,
    link_hash,
    row_digest,
)
from msc_desktop.sync.odm_clinical import ClinicalContext, ItemChange, render_clinical


def audit_rows(count: int, start_seq: int = 1, prev_hash: str = GENESIS_HASH,
               record_prefix: str = "p") -> list[dict[str, Any]]:
    """`count` chained rows from `start_seq`: inserts of participant fields, one site-only name."""
    rows: list[dict[str, Any]] = []
    previous = prev_hash
    for seq in range(start_seq, start_seq + count):
        site_only = seq % 5 == 0
        row: dict[str, Any] = {
            "seq": seq, "ts": f"2026-11-29T10:{seq // 60 % 60:02d}:{seq % 60:02d}.000001Z",
            "user_id": "nurse", "action": "insert",
            "table_name": "participant_identity" if site_only else "participant",
            "record_id": f"{record_prefix}{seq:031d}",
            "field": "full_name" if site_only else "status",
            "old_value": None, "new_value": "Wang Fang" if site_only else f"screening-{seq}",
            "reason": None,
        }
        digest = row_digest(*row.values())
        row.update(site_only=site_only, redacted=False, row_digest=digest, prev_hash=previous,
                   hash=link_hash(previous, digest))
        if site_only:
            row.update(new_value=None, redacted=True)
        previous = row["hash"]
        rows.append(row)
    return rows


def record_rows(records: list[tuple[str, str, dict[str, str | None]]], start_seq: int = 1,
                prev_hash: str = GENESIS_HASH, user_id: str = "nurse",
                action: str = "insert", reason: str | None = None) -> list[dict[str, Any]]:
    """Chained audit rows that insert (or update) the given records field by field."""
    rows: list[dict[str, Any]] = []
    previous, seq = prev_hash, start_seq
    for table, record_id, values in records:
        for field, value in values.items():
            row: dict[str, Any] = {
                "seq": seq, "ts": f"2026-11-29T10:00:00.{seq:06d}Z", "user_id": user_id,
                "action": action, "table_name": table, "record_id": record_id, "field": field,
                "old_value": None, "new_value": value, "reason": reason,
            }
            digest = row_digest(*row.values())
            row.update(site_only=False, redacted=False, row_digest=digest, prev_hash=previous,
                       hash=link_hash(previous, digest))
            previous, seq = row["hash"], seq + 1
            rows.append(row)
    return rows


def item_rows(changes: list[dict[str, Any]], start_seq: int = 1,
              prev_hash: str = GENESIS_HASH) -> list[dict[str, Any]]:
    """Chained format-2 audit rows (docs/formats.md section 4), one per given change; a change
    may give `site_only` (its digest is then an HMAC under a made-up site secret)."""
    rows: list[dict[str, Any]] = []
    previous = prev_hash
    secret = b"\x07" * 32
    for seq, given in enumerate(changes, start=start_seq):
        row: dict[str, Any] = dict.fromkeys(ITEM_ROW_FIELDS)
        row.update(seq=seq, ts=f"2026-11-29T10:00:00.{seq:06d}Z", user_id="nurse",
                   action="update", mdv_oid="MDV.XJMSC0001.1.0")
        row.update({key: value for key, value in given.items() if key != "site_only"})
        if row["action"] == "event":
            row["mdv_oid"] = None
        site_only = bool(given.get("site_only"))
        encoded = canonical_item_row(row)
        digest = (hmac.new(secret, encoded, hashlib.sha256).hexdigest() if site_only
                  else hashlib.sha256(encoded).hexdigest())
        row.update(row_format=FORMAT_ITEMS, site_only=site_only, redacted=site_only,
                   row_digest=digest, prev_hash=previous, hash=link_hash(previous, digest))
        previous = row["hash"]
        rows.append(row)
    return rows


def clinical_odm(changes: Sequence[ItemChange] = ()) -> bytes:
    """A bundle's clinical payload holding `changes` (none: a valid, empty ClinicalData)."""
    return render_clinical(
        ClinicalContext(file_oid="F.TEST", created="2026-11-29T10:00:00.000000Z", site_id="01",
                        site_name="Test site"),
        [ItemCatalogue(load_protocol())], changes)


#: The clinical payload of a bundle whose rows change no item.
EMPTY_ODM = clinical_odm()
