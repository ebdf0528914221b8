"""The audit_log table: rows numbered, hashed and chained as they are appended (never behind the
newest time: `ClockBehind`), read back in order and verified (audit_chain).

The secret for the keyed digests of site-only rows (audit_chain.SiteDigestKey) is made at the
first such row and kept in `site_setting` (never audited, never exported): a site upgraded from
a version without it starts keying there, and its older rows keep verifying as they were.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, select

from msc_desktop.errors import StoreError
from msc_desktop.messages import Message
from msc_desktop.store.audit_chain import (
    FORMAT_COLUMNS,
    GENESIS_HASH,
    ITEM_ROW_FIELDS,
    ROW_FIELDS,
    ChainReport,
    SiteDigestKey,
    canonical_of_mapping,
    is_redactable,
    link_hash,
    verify_chain,
)
from msc_desktop.store.models import AuditLog

SETTING_DIGEST_KEY = "audit.digest_key"
SETTING_KEYED_FROM = "audit.keyed_from"


@dataclass(frozen=True)
class AuditEntry:
    """An audit row before it gets its sequence number and hashes.

    `table_name`, `record_id` and `field` say where the row came from at the site; a format-2 row
    (`row_format` 2) is otherwise about an item (`subject_key` ... `mdv_oid`, its units) or, for an
    event, about its neutral `target` (store/audit_chain.py)."""

    action: str
    table_name: str
    record_id: str
    field: str | None
    old_value: str | None
    new_value: str | None
    site_only: bool = False
    row_format: int = FORMAT_COLUMNS
    target: str | None = None
    subject_key: str | None = None
    event_oid: str | None = None
    form_oid: str | None = None
    group_oid: str | None = None
    repeat_key: str | None = None
    item_oid: str | None = None
    old_unit: str | None = None
    new_unit: str | None = None
    mdv_oid: str | None = None


class ClockBehind(StoreError):
    """The system clock is behind the newest audit time: the save is refused."""

    def __init__(self, clock: str, newest: str) -> None:
        super().__init__(
            Message(
                "The computer's clock says {clock}, earlier than the newest record in the "
                "audit trail ({newest}); nothing was saved. Set the correct date and time, "
                "then save again.",
                clock=_shown_time(clock),
                newest=_shown_time(newest),
            )
        )
        self.clock = clock
        self.newest = newest

    def at_unlock(self) -> Message:
        """What the user reads after signing in while the clock is behind."""
        return Message(
            "The computer's clock says {clock}, earlier than the newest record in the audit trail "
            "({newest}). Nothing can be saved until the date and time are set correctly.",
            clock=_shown_time(self.clock),
            newest=_shown_time(self.newest),
        )


def _shown_time(ts: str) -> str:
    """`2026-11-20T08:15:02.123456Z` as `2026-11-20 08:15 UTC`."""
    return f"{ts[:10]} {ts[11:16]} UTC"


def utc_timestamp() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


_LAST_LINK_SQL = "SELECT seq, hash, ts FROM audit_log ORDER BY seq DESC LIMIT 1"
#: Every column of an audit_log row: those of both formats, then the link.
_STORED = (
    *ROW_FIELDS,
    "site_only",
    "row_format",
    *(name for name in ITEM_ROW_FIELDS if name not in ROW_FIELDS),
    "row_digest",
    "prev_hash",
    "hash",
)
_APPEND_SQL = (
    f"INSERT INTO audit_log ({', '.join(_STORED)}) VALUES ({', '.join('?' for _ in _STORED)})"
)


def append_entries(
    connection: Connection,
    entries: Sequence[AuditEntry],
    user_id: str,
    reason: str | None,
    *,
    clock_behind_ok: bool = False,
) -> None:
    """Numbers, hashes and inserts `entries` after the last audit row, in the caller's transaction.

    Raises ClockBehind when the clock is behind the last row's time, unless `clock_behind_ok`
    (then the rows take that time, so that the trail's times never run backwards).
    """
    if not entries:
        return
    last = connection.exec_driver_sql(_LAST_LINK_SQL).first()
    seq, previous = (last[0], last[1]) if last else (0, GENESIS_HASH)
    ts = utc_timestamp()
    if last is not None and ts < last[2]:
        if not clock_behind_ok:
            raise ClockBehind(ts, last[2])
        ts = last[2]
    rows = []
    key: SiteDigestKey | None = None
    for entry in entries:
        seq += 1
        row = {**asdict(entry), "seq": seq, "ts": ts, "user_id": user_id, "reason": reason}
        encoded = canonical_of_mapping(row)
        redactable = is_redactable(entry.site_only, entry.old_value, entry.new_value)
        if redactable:
            key = key or site_digest_key(connection) or _new_digest_key(connection, seq)
        # The verifier's rule: after a truncation, a number below `keyed_from` can come again.
        if redactable and key is not None and key.covers_seq(seq):
            digest = key.digest_of(encoded)
        else:
            digest = hashlib.sha256(encoded).hexdigest()
        current = link_hash(previous, digest)
        row.update(row_digest=digest, prev_hash=previous, hash=current)
        rows.append(tuple(row[name] for name in _STORED))
        previous = current
    # Plain driver SQL: this runs on every save, and statement compilation was half its cost.
    connection.exec_driver_sql(_APPEND_SQL, rows)


_SETTING_SQL = "SELECT value FROM site_setting WHERE name = ?"
_ADD_SETTING_SQL = "INSERT INTO site_setting (name, value) VALUES (?, ?)"


def site_digest_key(connection: Connection) -> SiteDigestKey | None:
    """The site's digest secret, or None before its first site-only row that holds a value."""
    secret = connection.exec_driver_sql(_SETTING_SQL, (SETTING_DIGEST_KEY,)).scalar()
    keyed_from = connection.exec_driver_sql(_SETTING_SQL, (SETTING_KEYED_FROM,)).scalar()
    if secret is None or keyed_from is None:
        return None
    return SiteDigestKey(bytes.fromhex(str(secret)), int(keyed_from))


def _new_digest_key(connection: Connection, keyed_from: int) -> SiteDigestKey:
    made = SiteDigestKey(secrets.token_bytes(32), keyed_from)
    connection.exec_driver_sql(
        _ADD_SETTING_SQL,
        [(SETTING_DIGEST_KEY, made.secret.hex()), (SETTING_KEYED_FROM, str(made.keyed_from))],
    )
    return made


def clock_behind(connection: Connection) -> ClockBehind | None:
    """The refusal a save would meet now, when the clock is behind the newest audit time."""
    last = connection.exec_driver_sql(_LAST_LINK_SQL).first()
    now = utc_timestamp()
    return ClockBehind(now, last[2]) if last is not None and now < last[2] else None


def audit_rows(connection: Connection, after_seq: int = 0) -> Iterable[dict[str, Any]]:
    """Audit rows after `after_seq` in order, as mappings (the shape `verify_chain` reads)."""
    result = connection.execute(
        select(AuditLog.__table__).where(AuditLog.seq > after_seq).order_by(AuditLog.seq)
    ).mappings()
    for row in result:
        yield dict(row)


def verify_audit(connection: Connection) -> ChainReport:
    return verify_chain(audit_rows(connection), key=site_digest_key(connection))
