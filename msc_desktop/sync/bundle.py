"""Site -> centre bundles: header schema, payload schema, file names, sealing and strict reading.

A bundle carries the audit rows `from_seq..to_seq` of one site (docs/formats.md section 4; values
of site-only rows redacted) and an ODM 1.3.2 ClinicalData snapshot of what they changed. Its
header states the chain hash before `from_seq` and after `to_seq`, so the centre can check that
consecutive bundles join up. `read_bundle` and `open_bundle` raise nothing but `SyncError`.

The payload is one line of JSON `{"rows": [...], "state": [...]}`, a newline, then the ODM
document (UTF-8 XML). On the wire each row is a compact array `[seq, ts, user_id, action,
table_name, record_id, field, old_value, new_value, reason, site_only, redacted_digest, item]`,
`item` being null for a row of format 1 and, for a row of format 2 (by item, store/audit_chain.py),
`[target, subject_key, event_oid, form_oid, group_oid, repeat_key, item_oid, old_unit, new_unit,
mdv_oid]`. Rows of format 2 do not say what site records hold, so `state` carries the records
they touched as `[seq, table_name, record_id, field, value]` (field null: the record was
removed), `seq` being the last row that touched it: the hashes are not sent but recomputed
by the centre from the header's `prev_hash` (docs/formats.md: `row_digest` from the content, or the
given `redacted_digest` for a redacted site-only row, an HMAC under a secret the centre never
sees, so it cannot be reversed by guessing), and the last one must equal the signed
header's `last_hash`. So a bundle cannot carry a row that does not belong to the site's chain.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, BinaryIO

from msc_desktop.errors import SyncError
from msc_desktop.store.audit_chain import FORMAT_COLUMNS, FORMAT_ITEMS, digest_of_mapping, link_hash
from msc_desktop.sync.envelope import (
    BUNDLE_MAGIC,
    MAX_COUNT,
    MAX_PAYLOAD_BYTES,
    Envelope,
    is_count,
    is_hex64,
    parse,
    read_file_frame,
    seal,
    verify_file,
)
from msc_desktop.sync.keys import KeyPair, PublicIdentity

SITE_ID_PATTERN = re.compile(r"[A-Za-z0-9_]{1,32}")
BUNDLE_SUFFIX = ".mscb"
ACTIONS = frozenset({"insert", "update", "delete", "event"})
_HEADER_KEYS = frozenset(
    {
        "kind", "site_id", "device_id", "from_seq", "to_seq", "row_count", "prev_hash",
        "last_hash", "created", "recipient", "sender", "format", "suite", "compression",
        "payload_size", "payload_sha256",
    }
)
_WIRE_LENGTH = 13
_ITEM_FIELDS = ("target", "subject_key", "event_oid", "form_oid", "group_oid", "repeat_key", "item_oid",
                "old_unit", "new_unit", "mdv_oid")
_ITEM_LIMIT = 200
# The longest text each audit row column may hold (the centre's store holds no more).
_TEXT_LIMITS = {"ts": 40, "user_id": 64, "table_name": 64, "record_id": 128, "field": 64}


@dataclass(frozen=True)
class BundleHeader:
    site_id: str
    device_id: str
    from_seq: int
    to_seq: int
    prev_hash: str
    last_hash: str
    created: str
    recipient: str
    sender: str

    @property
    def file_name(self) -> str:
        return bundle_file_name(self.site_id, self.from_seq, self.to_seq)


@dataclass(frozen=True)
class BundleContents:
    header: BundleHeader
    rows: list[dict[str, Any]]
    odm: bytearray
    #: What the rows of format 2 left in the site's records: (seq, table, record id, field, value).
    state: list[tuple[int, str, str, str | None, str | None]]


@dataclass(frozen=True)
class ParsedBundle:
    """A bundle whose framing and header are valid; not yet verified or decrypted."""

    envelope: Envelope
    header: BundleHeader

    @property
    def sha256(self) -> str:
        return self.envelope.sha256


def bundle_file_name(site_id: str, from_seq: int, to_seq: int) -> str:
    """`SITE01-000001-000420.mscb`: zero padded so that names sort in sequence order."""
    return f"{site_id}-{from_seq:06d}-{to_seq:06d}{BUNDLE_SUFFIX}"


def seal_bundle(
    header: BundleHeader,
    rows: Sequence[dict[str, Any]],
    odm: bytes,
    site_keys: KeyPair,
    center: PublicIdentity,
    state: Sequence[tuple[int, str, str, str | None, str | None]] = (),
) -> bytes:
    """The bytes of a bundle file; `header.recipient` must be the centre's fingerprint."""
    wire = [
        [row["seq"], row["ts"], row["user_id"], row["action"], row["table_name"],
         row["record_id"], row["field"], row["old_value"], row["new_value"], row["reason"],
         bool(row["site_only"]), row["row_digest"] if row["redacted"] else None,
         [row[name] for name in _ITEM_FIELDS] if row.get("row_format", FORMAT_COLUMNS) == FORMAT_ITEMS
         else None]
        for row in rows
    ]
    payload = json.dumps(
        {"rows": wire, "state": [list(entry) for entry in state]}, ensure_ascii=False, separators=(",", ":")
    ).encode("utf-8") + b"\n" + odm
    fields = {
        "kind": "bundle",
        "site_id": header.site_id,
        "device_id": header.device_id,
        "from_seq": header.from_seq,
        "to_seq": header.to_seq,
        "row_count": header.to_seq - header.from_seq + 1,
        "prev_hash": header.prev_hash,
        "last_hash": header.last_hash,
        "created": header.created,
        "recipient": header.recipient,
        "sender": header.sender,
    }
    return seal(BUNDLE_MAGIC, fields, payload, site_keys, center.recipient_key)


def read_bundle(data: bytes) -> ParsedBundle:
    """Parse the framing and check the header's schema; SyncError with a reason otherwise."""
    envelope = parse(data, BUNDLE_MAGIC)
    return ParsedBundle(envelope, _header_from(envelope.header))


def check_addressing(header: BundleHeader, site: PublicIdentity, center_fingerprint: str) -> None:
    """The bundle is for this centre and names the key registered for its site."""
    if header.recipient != center_fingerprint:
        raise SyncError("This bundle is addressed to another coordinating centre.")
    if header.sender != site.fingerprint:
        raise SyncError("This bundle was signed by a key that is not registered for site {site_id}.",
                        site_id=header.site_id)


class UnverifiedSender(SyncError):
    """No registered site's current key signed the bundle for this centre."""


def verify_bundle_file(stream: BinaryIO, total_length: int, center_fingerprint: str,
                       site_for: Callable[[str], PublicIdentity]) -> BundleHeader:
    """Authenticate a bundle on disk as a stream, before anything else is done with it: its
    framing and header (SyncError), then the registered key of the site it names (`site_for`
    raises SyncError for an unknown or revoked site) and that key's signature over the file
    (UnverifiedSender for either). Returns the verified header."""
    frame = read_file_frame(stream, total_length, BUNDLE_MAGIC)
    header = _header_from(frame.header)
    try:
        site = site_for(header.site_id)
        check_addressing(header, site, center_fingerprint)
        verify_file(stream, frame, site)
    except SyncError as error:
        raise UnverifiedSender(error.message) from None
    return header


def open_bundle(
    parsed: ParsedBundle, site: PublicIdentity, center_keys: KeyPair,
    max_payload_bytes: int = MAX_PAYLOAD_BYTES,
) -> BundleContents:
    """Verify the site's signature, decrypt, and check payload schema and chain continuity.

    The payload is inflated once, bounded by its declared size and `max_payload_bytes`."""
    header = parsed.header
    check_addressing(header, site, center_keys.public().fingerprint)
    parsed.envelope.verify_signature(site)
    payload = parsed.envelope.open_payload(center_keys, max_payload_bytes)
    newline = payload.find(b"\n")
    if newline < 0:
        raise SyncError("The bundle contents have an unknown layout.")
    rows_line = bytes(payload[:newline])
    # The ODM part stays in the same buffer: dropping the rows line in place copies nothing.
    del payload[: newline + 1]
    odm = payload
    try:
        document = json.loads(rows_line.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise SyncError("The bundle contents are not readable.") from error
    if not isinstance(document, dict) or set(document) != {"rows", "state"}:
        raise SyncError("The bundle contents have an unknown layout.")
    rows, state = document["rows"], document["state"]
    if not isinstance(rows, list) or not isinstance(state, list):
        raise SyncError("The bundle contents have an unknown layout.")
    if len(rows) != header.to_seq - header.from_seq + 1:
        raise SyncError("The bundle holds a different number of rows than its header says.")
    chained = _rebuild_chain(rows, header)
    if chained[-1]["hash"] != header.last_hash:
        raise SyncError("The bundle's rows do not reproduce the audit chain stated in its header.")
    return BundleContents(header, chained, odm, _state(state, header))


def _state(entries: list[Any], header: BundleHeader) -> list[tuple[int, str, str, str | None, str | None]]:
    """Check the shape of the state entries of a bundle."""
    bad = SyncError("A record state in the bundle is malformed.")
    checked = []
    for entry in entries:
        if not isinstance(entry, list) or len(entry) != 5:
            raise bad
        seq, table_name, record_id, field, value = entry
        if not is_count(seq) or not header.from_seq <= seq <= header.to_seq:
            raise bad
        if not isinstance(table_name, str) or not isinstance(record_id, str):
            raise bad
        if not all(item is None or isinstance(item, str) for item in (field, value)):
            raise bad
        texts = {"table_name": table_name, "record_id": record_id, "field": field or ""}
        if any(len(texts[name]) > _TEXT_LIMITS[name] for name in texts):
            raise bad
        if any("\x00" in (text or "") for text in (table_name, record_id, field, value)):
            raise bad
        checked.append((seq, table_name, record_id, field, value))
    return checked


def _header_from(fields: dict[str, Any]) -> BundleHeader:
    bad = SyncError("The bundle header is incomplete or malformed.")
    if set(fields) != _HEADER_KEYS or fields["kind"] != "bundle":
        raise bad
    if fields["suite"] == "none":
        raise SyncError("The bundle is not encrypted.")
    site_id, device_id = fields["site_id"], fields["device_id"]
    if not isinstance(site_id, str) or not SITE_ID_PATTERN.fullmatch(site_id):
        raise bad
    if not isinstance(device_id, str) or not 0 < len(device_id) <= 64:
        raise bad
    from_seq, to_seq, row_count = fields["from_seq"], fields["to_seq"], fields["row_count"]
    if not all(is_count(value) for value in (from_seq, to_seq, row_count)):
        raise SyncError("The bundle header states a sequence number or count that is not a "
                        "whole number from 0 to {limit}.", limit=MAX_COUNT)
    if from_seq < 1 or to_seq < from_seq or row_count != to_seq - from_seq + 1:
        raise bad
    hashes = ("prev_hash", "last_hash", "recipient", "sender")
    if not all(is_hex64(fields[name]) for name in hashes):
        raise bad
    created = fields["created"]
    if not isinstance(created, str) or not _is_utc_time(created):
        raise bad
    return BundleHeader(
        site_id=site_id,
        device_id=device_id,
        from_seq=from_seq,
        to_seq=to_seq,
        prev_hash=fields["prev_hash"],
        last_hash=fields["last_hash"],
        created=created,
        recipient=fields["recipient"],
        sender=fields["sender"],
    )


def _rebuild_chain(rows: list[Any], header: BundleHeader) -> list[dict[str, Any]]:
    """Check each wire row's shape and rebuild the full audit rows with their chain hashes."""
    bad = SyncError("An audit row in the bundle is malformed.")
    previous = header.prev_hash
    rebuilt = []
    for expected_seq, row in enumerate(rows, start=header.from_seq):
        if not isinstance(row, list) or len(row) != _WIRE_LENGTH:
            raise bad
        (seq, ts, user_id, action, table_name, record_id, field, old_value, new_value, reason,
         site_only, redacted_digest, item) = row
        if seq != expected_seq or not is_count(seq):
            raise SyncError("The bundle's audit rows are not numbered {first} to {last} in order.",
                            first=header.from_seq, last=header.to_seq)
        if not all(isinstance(value, str) for value in (ts, user_id, table_name, record_id)):
            raise bad
        if not all(value is None or isinstance(value, str)
                   for value in (field, old_value, new_value, reason)):
            raise bad
        texts = {"ts": ts, "user_id": user_id, "table_name": table_name, "record_id": record_id,
                 "field": field or ""}
        if any(len(texts[name]) > limit for name, limit in _TEXT_LIMITS.items()):
            raise bad
        if any("\x00" in (value or "") for value in (*texts.values(), old_value, new_value,
                                                      reason)):
            raise bad
        if not isinstance(action, str) or action not in ACTIONS or not isinstance(site_only, bool):
            raise bad
        redacted = redacted_digest is not None
        if redacted and not (site_only and is_hex64(redacted_digest)):
            raise bad
        if redacted and (old_value is not None or new_value is not None):
            raise SyncError("A redacted audit row in the bundle still carries values.")
        if site_only and not redacted and (old_value is not None or new_value is not None):
            raise SyncError("The bundle carries site-only identifying data.")
        content = {
            "seq": seq, "ts": ts, "user_id": user_id, "action": action,
            "table_name": table_name, "record_id": record_id, "field": field,
            "old_value": old_value, "new_value": new_value, "reason": reason,
            "row_format": FORMAT_COLUMNS, **dict.fromkeys(_ITEM_FIELDS),
        }
        if item is not None:
            if not isinstance(item, list) or len(item) != len(_ITEM_FIELDS) or not all(
                    value is None or (isinstance(value, str) and len(value) <= _ITEM_LIMIT
                                      and "\x00" not in value) for value in item):
                raise bad
            content.update(zip(_ITEM_FIELDS, item, strict=True), row_format=FORMAT_ITEMS)
        digest = redacted_digest if redacted else digest_of_mapping(content)
        current = link_hash(previous, digest)
        rebuilt.append({**content, "site_only": site_only, "redacted": redacted, "row_digest": digest,
                        "prev_hash": previous, "hash": current})
        previous = current
    return rebuilt


def _is_utc_time(text: str) -> bool:
    if not text.endswith("Z") or len(text) > 40:
        return False
    try:
        datetime.fromisoformat(text)
    except ValueError:
        return False
    return True
