"""Site -> centre bundles: header schema, payload schema, file names, sealing and strict reading.

A bundle carries the audit rows `from_seq..to_seq` of one site (docs/formats.md sections 3 and
4) and the ODM 1.3.2 ClinicalData of the item changes they hold (sync/odm_clinical.py). Its
header states the chain hash before `from_seq` and after `to_seq`, so the centre can check that
consecutive bundles join up. `read_bundle` and `open_bundle` raise nothing but `SyncError`.

The payload is one line of JSON `{"rows": [...]}`, a newline, then the ODM document (UTF-8 XML).
A format-2 row travels as the array its digest covers, `[2, seq, ts, user_id, action, target,
subject_key, ... mdv_oid, reason]`, and the centre recomputes its digest; a site-only format-2
row (an HMAC under a secret the centre never sees, so it cannot be reversed by guessing) and a
format-1 row (it names the site's tables and columns) travel as `[format, seq, digest]`. The
hashes are recomputed from the header's `prev_hash` and the last one must equal the signed
header's `last_hash`, so a bundle cannot carry a row that does not belong to the site's chain.
The ODM must state exactly the changes of the format-2 rows (the format-1 ones the site
translated travel only there), which `open_bundle` checks.

It stays one module of about 400 lines: the bundle format is written and read back here, side by
side, so a change to the format is made in one place.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, BinaryIO

from msc_desktop.domain.identifiers import SITE_ID_PATTERN
from msc_desktop.errors import SyncError
from msc_desktop.store.audit_chain import (
    FORMAT_COLUMNS,
    FORMAT_ITEMS,
    ITEM_ROW_FIELDS,
    canonical_item_row,
    link_hash,
)
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
from msc_desktop.sync.odm_clinical import ClinicalSignature, ItemChange, item_change_of
from msc_desktop.sync.odm_clinical_reader import parse_document

BUNDLE_SUFFIX = ".mscb"
ACTIONS = frozenset({"insert", "update", "delete", "event"})
_HEADER_KEYS = frozenset(
    {
        "kind",
        "site_id",
        "device_id",
        "from_seq",
        "to_seq",
        "row_count",
        "prev_hash",
        "last_hash",
        "created",
        "recipient",
        "sender",
        "format",
        "suite",
        "compression",
        "payload_size",
        "payload_sha256",
    }
)
# A format-1 row may hold several items (an AE's seriousness criteria, a date of birth's month).
_CHANGES_PER_ROW = 8


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
    """A verified bundle: its header, its audit rows with their chain hashes, the ODM clinical
    payload and what it holds (the item changes in audit order, and the signatures), checked
    against the rows."""

    header: BundleHeader
    rows: list[dict[str, Any]]
    odm: bytearray
    changes: list[ItemChange]
    signatures: list[ClinicalSignature]


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
) -> bytes:
    """The bytes of a bundle file; `header.recipient` must be the centre's fingerprint."""
    wire = [wire_row(row) for row in rows]
    payload = (
        json.dumps({"rows": wire}, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        + b"\n"
        + odm
    )
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


def wire_row(row: Mapping[str, Any]) -> list[Any]:
    """How an audit row travels (docs/formats.md section 3): a format-2 row that is not
    site-only as its canonical content `[2, seq, ts, ...]`; a site-only format-2 row as
    `[2, seq, digest]`, a format-1 row (which names the site's tables) as `[1, seq, digest]`."""
    row_format = row.get("row_format", FORMAT_COLUMNS)
    if row_format == FORMAT_ITEMS and not row["site_only"]:
        return [FORMAT_ITEMS, *(row[name] for name in ITEM_ROW_FIELDS)]
    return [row_format, row["seq"], row["row_digest"]]


def read_bundle(data: bytes) -> ParsedBundle:
    """Parse the framing and check the header's schema; SyncError with a reason otherwise."""
    envelope = parse(data, BUNDLE_MAGIC)
    return ParsedBundle(envelope, _header_from(envelope.header))


def check_addressing(header: BundleHeader, site: PublicIdentity, center_fingerprint: str) -> None:
    """The bundle is for this centre and names the key registered for its site."""
    if header.recipient != center_fingerprint:
        raise SyncError("This bundle is addressed to another coordinating centre.")
    if header.sender != site.fingerprint:
        raise SyncError(
            "This bundle was signed by a key that is not registered for site {site_id}.",
            site_id=header.site_id,
        )


class UnverifiedSender(SyncError):
    """No registered site's current key signed the bundle for this centre."""


def verify_bundle_file(
    stream: BinaryIO,
    total_length: int,
    center_fingerprint: str,
    site_for: Callable[[str], PublicIdentity],
) -> BundleHeader:
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
    parsed: ParsedBundle,
    site: PublicIdentity,
    center_keys: KeyPair,
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
    if not isinstance(document, dict) or set(document) != {"rows"}:
        raise SyncError("The bundle contents have an unknown layout.")
    rows = document["rows"]
    if not isinstance(rows, list):
        raise SyncError("The bundle contents have an unknown layout.")
    if len(rows) != header.to_seq - header.from_seq + 1:
        raise SyncError("The bundle holds a different number of rows than its header says.")
    chained = _rebuild_chain(rows, header)
    if chained[-1]["hash"] != header.last_hash:
        raise SyncError("The bundle's rows do not reproduce the audit chain stated in its header.")
    clinical = parse_document(
        odm, max_changes=_CHANGES_PER_ROW * len(chained), max_bytes=max_payload_bytes
    )
    _check_changes_against_rows(clinical.changes, chained)
    return BundleContents(header, chained, odm, clinical.changes, clinical.signatures)


def _check_changes_against_rows(
    changes: Sequence[ItemChange], rows: Sequence[Mapping[str, Any]]
) -> None:
    """The ODM holds exactly the item changes the rows state: each format-2 row that changes an
    item has its ItemData with the same content, and each ItemData names a row that changed
    an item (a format-2 row, or a format-1 row the site translated: those travel without it)."""
    first = rows[0]["seq"]
    by_seq: dict[int, list[ItemChange]] = {}
    for change in changes:
        if not 0 <= change.seq - first < len(rows):
            raise SyncError(
                "The bundle's clinical data names audit record {seq}, which the bundle "
                "does not hold.",
                seq=change.seq,
            )
        by_seq.setdefault(change.seq, []).append(change)
    for row in rows:
        found = by_seq.get(row["seq"], [])
        if row["row_format"] == FORMAT_COLUMNS:
            continue
        expected = None if row["redacted"] else item_change_of(row)
        if found != ([expected] if expected is not None else []):
            raise SyncError(
                "The bundle's clinical data does not match its audit record {seq}.", seq=row["seq"]
            )


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
        raise SyncError(
            "The bundle header states a sequence number or count that is not a "
            "whole number from 0 to {limit}.",
            limit=MAX_COUNT,
        )
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


# The longest text each format-2 row member may hold (as the site's audit_log column).
_ITEM_LIMITS = {
    "ts": 40,
    "user_id": 64,
    "target": 200,
    "subject_key": 32,
    "event_oid": 64,
    "form_oid": 64,
    "group_oid": 64,
    "repeat_key": 64,
    "item_oid": 64,
    "old_unit": 32,
    "new_unit": 32,
    "mdv_oid": 64,
}


def _rebuild_chain(rows: list[Any], header: BundleHeader) -> list[dict[str, Any]]:
    """Check each wire row's shape and rebuild the audit rows with their chain hashes."""
    previous = header.prev_hash
    rebuilt = []
    for expected_seq, row in enumerate(rows, start=header.from_seq):
        if not isinstance(row, list):
            raise SyncError("An audit row in the bundle is malformed.")
        if len(row) == 3 and row[0] in (FORMAT_COLUMNS, FORMAT_ITEMS):
            entry = _digest_row(row)
        elif len(row) == 1 + len(ITEM_ROW_FIELDS) and row[0] == FORMAT_ITEMS:
            entry = _item_row(row)
        else:
            raise SyncError("An audit row in the bundle is malformed.")
        if entry["seq"] != expected_seq or not is_count(entry["seq"]):
            raise SyncError(
                "The bundle's audit rows are not numbered {first} to {last} in order.",
                first=header.from_seq,
                last=header.to_seq,
            )
        current = link_hash(previous, entry["row_digest"])
        entry.update(prev_hash=previous, hash=current)
        rebuilt.append(entry)
        previous = current
    return rebuilt


def _digest_row(row: list[Any]) -> dict[str, Any]:
    """A row carried by its number and digest only: a format-1 row, or a site-only format-2 row
    (its digest keyed by the site's secret)."""
    row_format, seq, digest = row
    if not isinstance(seq, int) or isinstance(seq, bool) or not is_hex64(digest):
        raise SyncError("An audit row in the bundle is malformed.")
    entry: dict[str, Any] = dict.fromkeys(ITEM_ROW_FIELDS)
    entry.update(
        seq=seq,
        row_format=row_format,
        site_only=row_format == FORMAT_ITEMS,
        redacted=True,
        row_digest=digest,
    )
    return entry


def _item_row(row: list[Any]) -> dict[str, Any]:
    """A format-2 row carried in full: its digest is recomputed from its content."""
    bad = SyncError("An audit row in the bundle is malformed.")
    entry: dict[str, Any] = dict(zip(ITEM_ROW_FIELDS, row[1:], strict=True))
    if not isinstance(entry["seq"], int) or isinstance(entry["seq"], bool):
        raise bad
    texts = {name: entry[name] for name in ITEM_ROW_FIELDS if name != "seq"}
    if not all(value is None or isinstance(value, str) for value in texts.values()):
        raise bad
    if any("\x00" in value for value in texts.values() if value is not None):
        raise bad
    if any(len(entry[name] or "") > limit for name, limit in _ITEM_LIMITS.items()):
        raise bad
    if not isinstance(entry["ts"], str) or not isinstance(entry["user_id"], str):
        raise bad
    if entry["action"] not in ACTIONS:
        raise bad
    # An event row may name the item it is about (a confirmed warning); it never changes one
    # (`item_change_of`), so its ItemData must not be in the clinical data.
    digest = hashlib.sha256(canonical_item_row(entry)).hexdigest()
    entry.update(row_format=FORMAT_ITEMS, site_only=False, redacted=False, row_digest=digest)
    return entry


def _is_utc_time(text: str) -> bool:
    if not text.endswith("Z") or len(text) > 40:
        return False
    try:
        datetime.fromisoformat(text)
    except ValueError:
        return False
    return True
