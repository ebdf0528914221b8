"""Synthetic audit rows for sync tests (shape of docs/formats.md section 4 plus the bundle's `redacted`)."""

from __future__ import annotations

from typing import Any

from msc_desktop.store.audit_chain import GENESIS_HASH, link_hash, row_digest


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
