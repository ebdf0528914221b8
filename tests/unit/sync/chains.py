"""Synthetic audit chains for sync tests: format-2 item rows (docs/formats.md section 4) as the
bundle reader rebuilds them, and the ODM ClinicalData a site sends with them."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from functools import cache
from typing import Any

from msc_desktop.domain.items import ItemCatalogue
from msc_desktop.domain.protocol import load_protocol
from msc_desktop.store.audit_chain import (
    FORMAT_COLUMNS,
    FORMAT_ITEMS,
    GENESIS_HASH,
    ITEM_ROW_FIELDS,
    canonical_item_row,
    link_hash,
    row_digest,
)
from msc_desktop.sync.odm_clinical import (
    ClinicalContext,
    ClinicalSignature,
    ItemChange,
    render_clinical,
)

Value = str | tuple[str, str] | None
#: One item group instance: subject key, study event, form, item group, repeat key, and its
#: items (OID -> value, or (value, unit)).
Instance = tuple[str, str, str, str, str, dict[str, Value]]
_PLACE_KEYS = ("table_name", "record_id", "field")
_ITEM_KEYS = ("target", "subject_key", "event_oid", "form_oid", "group_oid", "repeat_key",
              "item_oid", "old_unit", "new_unit", "mdv_oid")


@cache
def catalogue() -> ItemCatalogue:
    return ItemCatalogue(load_protocol())


@cache
def _site_only() -> frozenset[str]:
    return frozenset(item.oid for item in catalogue().items if item.site_only)


def _chained(contents: Sequence[dict[str, Any]], start_seq: int, prev_hash: str
             ) -> list[dict[str, Any]]:
    """Number, digest and link `contents` (ITEM_ROW_FIELDS without seq, plus `site_only`)."""
    rows: list[dict[str, Any]] = []
    previous = prev_hash
    for seq, content in enumerate(contents, start=start_seq):
        row: dict[str, Any] = {**content, "seq": seq}
        digest = hashlib.sha256(canonical_item_row(row)).hexdigest()
        site_only = bool(row.pop("site_only", False))
        if site_only:
            row = dict.fromkeys(ITEM_ROW_FIELDS) | {"seq": seq}
        row.update(dict.fromkeys(_PLACE_KEYS), row_format=FORMAT_ITEMS, site_only=site_only,
                   redacted=site_only, row_digest=digest, prev_hash=previous,
                   hash=link_hash(previous, digest))
        previous = row["hash"]
        rows.append(row)
    return rows


def _content(seq: int, subject_key: str, event_oid: str, form_oid: str, group_oid: str,
             repeat_key: str, item_oid: str, value: Value, *, user_id: str = "nurse",
             action: str = "insert", reason: str | None = None) -> dict[str, Any]:
    new_value, new_unit = value if isinstance(value, tuple) else (value, None)
    if action == "delete":
        new_value, new_unit = None, None
    return {
        "ts": f"2026-11-29T10:{seq // 60 % 60:02d}:{seq % 60:02d}.000001Z", "user_id": user_id,
        "action": action, "target": None, "subject_key": subject_key, "event_oid": event_oid,
        "form_oid": form_oid, "group_oid": group_oid, "repeat_key": repeat_key or None,
        "item_oid": item_oid, "old_value": None, "old_unit": None, "new_value": new_value,
        "new_unit": new_unit, "mdv_oid": catalogue().metadata_version_oid, "reason": reason,
        "site_only": item_oid in _site_only(),
    }


def audit_rows(count: int, start_seq: int = 1, prev_hash: str = GENESIS_HASH,
               record_prefix: str = "p") -> list[dict[str, Any]]:
    """`count` chained rows from `start_seq`: each registers a participant's screening number,
    every fifth is a site-only name (withheld: digest only)."""
    contents = []
    for seq in range(start_seq, start_seq + count):
        site_only = seq % 5 == 0
        item, value = (("IT.DM.FULL_NAME", "Wang Fang") if site_only else
                       ("IT.DM.SCREENING_NUMBER", f"{record_prefix.upper()}{seq:05d}"))
        contents.append(_content(seq, f"01-{seq:04d}", "SE.SCR", "F.REGISTRATION",
                                 "IG.REGISTRATION", "", item, value))
    return _chained(contents, start_seq, prev_hash)


def item_rows(instances: Sequence[Instance], start_seq: int = 1,
              prev_hash: str = GENESIS_HASH, user_id: str = "nurse", action: str = "insert",
              reason: str | None = None) -> list[dict[str, Any]]:
    """Chained rows that enter (or change, or delete) the given instances item by item."""
    contents = []
    seq = start_seq
    for subject_key, event_oid, form_oid, group_oid, repeat_key, items in instances:
        for item_oid, value in items.items():
            contents.append(_content(seq, subject_key, event_oid, form_oid, group_oid,
                                     repeat_key, item_oid, value, user_id=user_id,
                                     action=action, reason=reason))
            seq += 1
    return _chained(contents, start_seq, prev_hash)


def chained_again(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """`rows` (not withheld) with their digests and links made again after an edit."""
    contents = [{name: row[name] for name in ITEM_ROW_FIELDS if name != "seq"}
                for row in rows]
    return _chained(contents, rows[0]["seq"], rows[0]["prev_hash"])


def column_rows(count: int, start_seq: int = 1, prev_hash: str = GENESIS_HASH
                ) -> list[dict[str, Any]]:
    """`count` chained format-1 rows, as a site's earlier release wrote them (a table, record
    and column each)."""
    rows: list[dict[str, Any]] = []
    previous = prev_hash
    for seq in range(start_seq, start_seq + count):
        row: dict[str, Any] = {
            "seq": seq, "ts": f"2026-11-29T09:00:{seq % 60:02d}.000001Z", "user_id": "nurse",
            "action": "insert", "table_name": "item_value", "record_id": f"r{seq:031d}",
            "field": "value", "old_value": None, "new_value": f"{seq}.5", "reason": None,
        }
        digest = row_digest(*row.values())
        row.update(dict.fromkeys(_ITEM_KEYS), row_format=FORMAT_COLUMNS, site_only=False,
                   redacted=False, row_digest=digest, prev_hash=previous,
                   hash=link_hash(previous, digest))
        previous = row["hash"]
        rows.append(row)
    return rows


def changes_of(rows: Sequence[dict[str, Any]]) -> list[ItemChange]:
    """The item changes the rows state (withheld site-only rows state none)."""
    return [
        ItemChange(seq=row["seq"], ts=row["ts"], user_id=row["user_id"], action=row["action"],
                   subject_key=row["subject_key"], event_oid=row["event_oid"],
                   form_oid=row["form_oid"], group_oid=row["group_oid"],
                   repeat_key=row["repeat_key"] or "", item_oid=row["item_oid"],
                   value=row["new_value"], unit=row["new_unit"], reason=row["reason"],
                   mdv_oid=row["mdv_oid"])
        for row in rows if not row["redacted"] and row["action"] != "event"
    ]


def clinical(rows: Sequence[dict[str, Any]], site_id: str = "01",
             signatures: Sequence[ClinicalSignature] = (),
             changes: Sequence[ItemChange] | None = None) -> bytes:
    """The ODM ClinicalData a site sends with `rows` (their changes, or `changes`)."""
    context = ClinicalContext(file_oid=f"MSC.{site_id}.TEST", created="2026-11-29T10:00:00Z",
                              site_id=site_id, site_name=f"Site {site_id}")
    return render_clinical(context, [catalogue()],
                           changes_of(rows) if changes is None else changes, signatures)
