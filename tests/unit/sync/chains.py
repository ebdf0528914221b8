"""Synthetic audit rows for sync tests (shape of docs/formats.md section 4 plus the bundle's
`redacted`): format-1 rows as a site's earlier release wrote them, format-2 item rows, and the ODM
ClinicalData a site sends with them."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from functools import cache
from typing import Any

from msc_desktop.domain.items import ItemCatalogue
from msc_desktop.domain.protocol_reader import load_protocol
from msc_desktop.store.audit_chain import (
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


def audit_rows(
    count: int, start_seq: int = 1, prev_hash: str = GENESIS_HASH, record_prefix: str = "p"
) -> list[dict[str, Any]]:
    """`count` chained rows from `start_seq`: inserts of participant fields, one site-only name."""
    rows: list[dict[str, Any]] = []
    previous = prev_hash
    for seq in range(start_seq, start_seq + count):
        site_only = seq % 5 == 0
        row: dict[str, Any] = {
            "seq": seq,
            "ts": f"2026-11-29T10:{seq // 60 % 60:02d}:{seq % 60:02d}.000001Z",
            "user_id": "nurse",
            "action": "insert",
            "table_name": "participant_identity" if site_only else "participant",
            "record_id": f"{record_prefix}{seq:031d}",
            "field": "full_name" if site_only else "status",
            "old_value": None,
            "new_value": "Wang Fang" if site_only else f"screening-{seq}",
            "reason": None,
        }
        digest = row_digest(*row.values())
        row.update(
            site_only=site_only,
            redacted=False,
            row_digest=digest,
            prev_hash=previous,
            hash=link_hash(previous, digest),
        )
        if site_only:
            row.update(new_value=None, redacted=True)
        previous = row["hash"]
        rows.append(row)
    return rows


def record_rows(
    records: list[tuple[str, str, dict[str, str | None]]],
    start_seq: int = 1,
    prev_hash: str = GENESIS_HASH,
    user_id: str = "nurse",
    action: str = "insert",
    reason: str | None = None,
) -> list[dict[str, Any]]:
    """Chained audit rows that insert (or update) the given records field by field."""
    rows: list[dict[str, Any]] = []
    previous, seq = prev_hash, start_seq
    for table, record_id, values in records:
        for field, value in values.items():
            row: dict[str, Any] = {
                "seq": seq,
                "ts": f"2026-11-29T10:00:00.{seq:06d}Z",
                "user_id": user_id,
                "action": action,
                "table_name": table,
                "record_id": record_id,
                "field": field,
                "old_value": None,
                "new_value": value,
                "reason": reason,
            }
            digest = row_digest(*row.values())
            row.update(
                site_only=False,
                redacted=False,
                row_digest=digest,
                prev_hash=previous,
                hash=link_hash(previous, digest),
            )
            previous, seq = row["hash"], seq + 1
            rows.append(row)
    return rows


def item_rows(
    changes: list[dict[str, Any]], start_seq: int = 1, prev_hash: str = GENESIS_HASH
) -> list[dict[str, Any]]:
    """Chained format-2 audit rows (docs/formats.md section 4), one per given change; a change
    may give `site_only` (its digest is then an HMAC under a made-up site secret)."""
    rows: list[dict[str, Any]] = []
    previous = prev_hash
    secret = b"\x07" * 32
    for seq, given in enumerate(changes, start=start_seq):
        row: dict[str, Any] = dict.fromkeys(ITEM_ROW_FIELDS)
        row.update(
            seq=seq,
            ts=f"2026-11-29T10:00:00.{seq:06d}Z",
            user_id="nurse",
            action="update",
            mdv_oid="MDV.XJMSC0001.1.0",
        )
        row.update({key: value for key, value in given.items() if key != "site_only"})
        if row["action"] == "event":
            row["mdv_oid"] = None
        site_only = bool(given.get("site_only"))
        encoded = canonical_item_row(row)
        digest = (
            hmac.new(secret, encoded, hashlib.sha256).hexdigest()
            if site_only
            else hashlib.sha256(encoded).hexdigest()
        )
        row.update(
            row_format=FORMAT_ITEMS,
            site_only=site_only,
            redacted=site_only,
            row_digest=digest,
            prev_hash=previous,
            hash=link_hash(previous, digest),
        )
        previous = row["hash"]
        rows.append(row)
    return rows


def clinical_odm(changes: Sequence[ItemChange] = ()) -> bytes:
    """A bundle's clinical payload holding `changes` (none: a valid, empty ClinicalData)."""
    return render_clinical(
        ClinicalContext(
            file_oid="F.TEST",
            created="2026-11-29T10:00:00.000000Z",
            site_id="01",
            site_name="Test site",
        ),
        [ItemCatalogue(load_protocol())],
        changes,
    )


#: The clinical payload of a bundle whose rows change no item.
EMPTY_ODM = clinical_odm()


@cache
def catalogue() -> ItemCatalogue:
    return ItemCatalogue(load_protocol())


@cache
def _site_only() -> frozenset[str]:
    return frozenset(item.oid for item in catalogue().items if item.site_only)


def _chained(
    contents: Sequence[dict[str, Any]], start_seq: int, prev_hash: str
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
        row.update(
            dict.fromkeys(_PLACE_KEYS),
            row_format=FORMAT_ITEMS,
            site_only=site_only,
            redacted=site_only,
            row_digest=digest,
            prev_hash=previous,
            hash=link_hash(previous, digest),
        )
        previous = row["hash"]
        rows.append(row)
    return rows


def _content(
    seq: int,
    subject_key: str,
    event_oid: str,
    form_oid: str,
    group_oid: str,
    repeat_key: str,
    item_oid: str,
    value: Value,
    *,
    user_id: str = "nurse",
    action: str = "insert",
    reason: str | None = None,
) -> dict[str, Any]:
    new_value, new_unit = value if isinstance(value, tuple) else (value, None)
    if action == "delete":
        new_value, new_unit = None, None
    return {
        "ts": f"2026-11-29T10:{seq // 60 % 60:02d}:{seq % 60:02d}.000001Z",
        "user_id": user_id,
        "action": action,
        "target": None,
        "subject_key": subject_key,
        "event_oid": event_oid,
        "form_oid": form_oid,
        "group_oid": group_oid,
        "repeat_key": repeat_key or None,
        "item_oid": item_oid,
        "old_value": None,
        "old_unit": None,
        "new_value": new_value,
        "new_unit": new_unit,
        "mdv_oid": catalogue().metadata_version_oid,
        "reason": reason,
        "site_only": item_oid in _site_only(),
    }


def item_chain(
    count: int, start_seq: int = 1, prev_hash: str = GENESIS_HASH, record_prefix: str = "p"
) -> list[dict[str, Any]]:
    """`count` chained rows from `start_seq`: each registers a participant's screening number,
    every fifth is a site-only name (withheld: digest only)."""
    contents = []
    for seq in range(start_seq, start_seq + count):
        site_only = seq % 5 == 0
        item, value = (
            ("IT.DM.FULL_NAME", "Wang Fang")
            if site_only
            else ("IT.DM.SCREENING_NUMBER", f"{record_prefix.upper()}{seq:05d}")
        )
        contents.append(
            _content(
                seq, f"01-{seq:04d}", "SE.SCR", "F.REGISTRATION", "IG.REGISTRATION", "", item, value
            )
        )
    return _chained(contents, start_seq, prev_hash)


def instance_rows(
    instances: Sequence[Instance],
    start_seq: int = 1,
    prev_hash: str = GENESIS_HASH,
    user_id: str = "nurse",
    action: str = "insert",
    reason: str | None = None,
) -> list[dict[str, Any]]:
    """Chained rows that enter (or change, or delete) the given instances item by item."""
    contents = []
    seq = start_seq
    for subject_key, event_oid, form_oid, group_oid, repeat_key, items in instances:
        for item_oid, value in items.items():
            contents.append(
                _content(
                    seq,
                    subject_key,
                    event_oid,
                    form_oid,
                    group_oid,
                    repeat_key,
                    item_oid,
                    value,
                    user_id=user_id,
                    action=action,
                    reason=reason,
                )
            )
            seq += 1
    return _chained(contents, start_seq, prev_hash)


def changes_of(rows: Sequence[dict[str, Any]]) -> list[ItemChange]:
    """The item changes the rows state (withheld site-only rows state none)."""
    return [
        ItemChange(
            seq=row["seq"],
            ts=row["ts"],
            user_id=row["user_id"],
            action=row["action"],
            subject_key=row["subject_key"],
            event_oid=row["event_oid"],
            form_oid=row["form_oid"],
            group_oid=row["group_oid"],
            repeat_key=row["repeat_key"] or "",
            item_oid=row["item_oid"],
            value=row["new_value"],
            unit=row["new_unit"],
            reason=row["reason"],
            mdv_oid=row["mdv_oid"],
        )
        for row in rows
        if not row["redacted"] and row["action"] != "event"
    ]


def clinical(
    rows: Sequence[dict[str, Any]],
    site_id: str = "01",
    signatures: Sequence[ClinicalSignature] = (),
    changes: Sequence[ItemChange] | None = None,
) -> bytes:
    """The ODM ClinicalData a site sends with `rows` (their changes, or `changes`)."""
    context = ClinicalContext(
        file_oid=f"MSC.{site_id}.TEST",
        created="2026-11-29T10:00:00Z",
        site_id=site_id,
        site_name=f"Site {site_id}",
    )
    return render_clinical(
        context, [catalogue()], changes_of(rows) if changes is None else changes, signatures
    )
