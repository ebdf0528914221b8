"""The audit trail, captured centrally from SQLAlchemy session events (never by hand in a form).

Every flush that inserts, updates or deletes a row of an `__audited__` table appends one audit row
per changed column, in the same transaction as the change, chained by hash (audit_chain). An update
or delete of saved data needs a reason (`session.info["reason"]`); the acting user is
`session.info["user_id"]`. Account events, signatures and exports are appended with `record_event`.
Triggers (created by the first migration) refuse UPDATE and DELETE on the table.

Audit times never run backwards: a row is refused (`ClockBehind`, nothing of the save is kept)
when the system clock is behind the newest audit time. Only the events that say so, and the
sign-in, are written then, stamped with that newest time and stating the clock's reading.

The secret for the keyed digests of site-only rows (audit_chain.SiteDigestKey) is made at the
first such row and kept in `site_setting` (never audited, never exported): a site upgraded from
a version without it starts keying there, and its older rows keep verifying as they were.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, event, inspect, select
from sqlalchemy.orm import Mapper, Session, sessionmaker

from msc_desktop.errors import StoreError, ValidationError
from msc_desktop.messages import Message
from msc_desktop.store.audit_chain import (
    FORMAT_COLUMNS,
    GENESIS_HASH,
    ChainReport,
    SiteDigestKey,
    canonical_of_mapping,
    is_redactable,
    link_hash,
    verify_chain,
)
from msc_desktop.store.base import Base
from msc_desktop.store.models import AuditLog

SYSTEM_USER = "system"
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
        super().__init__(Message("The computer's clock says {clock}, earlier than the newest record in the "
                                 "audit trail ({newest}); nothing was saved. Set the correct date and time, "
                                 "then save again.", clock=_shown_time(clock), newest=_shown_time(newest)))
        self.clock = clock
        self.newest = newest

    def at_unlock(self) -> Message:
        """What the user reads after signing in while the clock is behind."""
        return Message("The computer's clock says {clock}, earlier than the newest record in the audit trail "
                       "({newest}). Nothing can be saved until the date and time are set correctly.",
                       clock=_shown_time(self.clock), newest=_shown_time(self.newest))


def _shown_time(ts: str) -> str:
    """`2026-11-20T08:15:02.123456Z` as `2026-11-20 08:15 UTC`."""
    return f"{ts[:10]} {ts[11:16]} UTC"


def canonical_value(value: Any) -> str | None:
    """The text an audit row keeps for a value (Decimal as str, dates ISO, UTC times ending in Z)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        moment: datetime = value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value
        return moment.isoformat(timespec="microseconds") + "Z"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def utc_timestamp() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def record_key(obj: Base) -> str:
    mapper: Mapper[Any] = inspect(type(obj))
    return "/".join(str(v) for v in mapper.primary_key_from_instance(obj))


def _column_entries(obj: Base, action: str) -> list[AuditEntry]:
    mapper: Mapper[Any] = inspect(type(obj))
    state = inspect(obj)
    table = str(obj.__tablename__)
    key = record_key(obj)
    entries = []
    for attr in mapper.column_attrs:
        column = attr.columns[0]
        site_only = bool(column.info.get("site_only"))
        history = state.attrs[attr.key].history
        if action == "insert":
            value = getattr(obj, attr.key)
            if value is not None:
                entries.append(
                    AuditEntry(action, table, key, column.name, None, canonical_value(value), site_only)
                )
        elif action == "delete":
            old = history.unchanged[0] if history.unchanged else (history.deleted or [None])[0]
            entries.append(
                AuditEntry(action, table, key, column.name, canonical_value(old), None, site_only)
            )
        elif history.has_changes():
            old = canonical_value(history.deleted[0] if history.deleted else None)
            new = canonical_value(history.added[0] if history.added else None)
            if old != new:
                entries.append(AuditEntry(action, table, key, column.name, old, new, site_only))
    return entries


def _changes(session: Session) -> list[AuditEntry]:
    entries: list[AuditEntry] = []
    for collection, action in ((session.new, "insert"), (session.dirty, "update"), (session.deleted, "delete")):
        for obj in sorted(
            (o for o in collection if getattr(type(o), "__audited__", False)),
            key=lambda o: (type(o).__tablename__, record_key(o)),
        ):
            entries.extend(_column_entries(obj, action))
    return entries


_LAST_LINK_SQL = "SELECT seq, hash, ts FROM audit_log ORDER BY seq DESC LIMIT 1"
_STORED = (
    "seq", "ts", "user_id", "action", "table_name", "record_id", "field", "old_value", "new_value",
    "reason", "site_only", "row_format", "target", "subject_key", "event_oid", "form_oid", "group_oid",
    "repeat_key", "item_oid", "old_unit", "new_unit", "mdv_oid", "row_digest", "prev_hash", "hash",
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
    connection.exec_driver_sql(_ADD_SETTING_SQL, [(SETTING_DIGEST_KEY, made.secret.hex()),
                                                  (SETTING_KEYED_FROM, str(made.keyed_from))])
    return made


def _after_flush(session: Session, _flush_context: Any) -> None:
    entries = _changes(session)
    if not entries:
        return
    reason = session.info.get("reason")
    if any(e.action in ("update", "delete") for e in entries) and not (reason and reason.strip()):
        raise ValidationError("A reason is required to change or delete data that was already saved.")
    append_entries(session.connection(), entries, session.info.get("user_id", SYSTEM_USER), reason)


def install_audit(factory: sessionmaker[Session]) -> None:
    """Captures every audited change made through sessions of `factory`."""
    event.listen(factory, "after_flush", _after_flush)


def record_event(
    session: Session,
    table_name: str,
    record_id: str,
    description: str,
    *,
    field: str | None = None,
    old_value: str | None = None,
    reason: str | None = None,
    user_id: str | None = None,
    clock_behind_ok: bool = False,
) -> None:
    """Appends an `event` row (sign-in, signature, export...) after the session's pending changes.

    `clock_behind_ok` is for the events that must be written even while the clock is behind
    (see `append_entries`): the sign-in and the clock problem itself.
    """
    session.flush()
    entry = AuditEntry("event", table_name, record_id, field, old_value, description)
    append_entries(
        session.connection(),
        [entry],
        user_id or session.info.get("user_id", SYSTEM_USER),
        reason if reason is not None else session.info.get("reason"),
        clock_behind_ok=clock_behind_ok,
    )


def clock_behind(connection: Connection) -> ClockBehind | None:
    """The refusal a save would meet now, when the clock is behind the newest audit time."""
    last = connection.exec_driver_sql(_LAST_LINK_SQL).first()
    now = utc_timestamp()
    return ClockBehind(now, last[2]) if last is not None and now < last[2] else None


def record_clock_behind(session: Session, problem: ClockBehind, when: str) -> None:
    """Records that the clock was found behind the audit trail (`when`: at sign-in, save refused)."""
    record_event(session, "site", "clock",
                 f"system clock {problem.clock} is behind the newest audit time {problem.newest}: {when}",
                 clock_behind_ok=True)


def audit_rows(connection: Connection, after_seq: int = 0) -> Iterable[dict[str, Any]]:
    """Audit rows after `after_seq` in order, as mappings (the shape `verify_chain` reads)."""
    result = connection.execute(
        select(AuditLog.__table__).where(AuditLog.seq > after_seq).order_by(AuditLog.seq)
    ).mappings()
    for row in result:
        yield dict(row)


def verify_audit(connection: Connection) -> ChainReport:
    return verify_chain(audit_rows(connection), key=site_digest_key(connection))
