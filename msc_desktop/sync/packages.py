"""Centre -> site packages, all signed by the centre key pinned at the site (DESIGN section 4).

Three kinds, each an envelope with magic `MSCP` (see envelope.py):
- `receipt`: the centre's answer to one bundle: what it holds of the site's chain (the highest
  contiguous sequence number and its hash). Signed, not encrypted (it carries no clinical data).
- `allocation-list`: one randomization list for one site and stratum. Signed, not encrypted on its
  own, because the site keeps it as is (table `allocation_list`, column `signed_package`) and
  re-verifies it whenever it reveals an entry; it only travels inside a `site-package`.
- `protocol-version`: one protocol declaration (a version or amendment the centre issued). Signed,
  not encrypted on its own, because the site keeps it as is (table `protocol_version`) and
  re-verifies it whenever it reads it; it only travels inside a `site-package`.
- `site-package`: allocation lists, protocol versions and protocol settings for one site, and
  every query of the site with its history and every source verification mark (DESIGN section
  11), encrypted with HPKE to the site's key (so nobody on the way learns the arms to come) and
  signed.
A site asks for its package with a `package-request` (package_request.py).
Readers raise nothing but `SyncError`. The kinds stay in one module (about 400 lines): each is
sealed and opened side by side with the others, over one header and one verification.
"""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

from msc_desktop.domain.protocol import Protocol
from msc_desktop.domain.protocol_reader import parse_protocol
from msc_desktop.domain.queries import (
    MAX_QUERIES_PER_PACKAGE,
    MAX_SDV_MARKS_PER_PACKAGE,
    Query,
    SdvMark,
    query_from_wire,
    query_to_wire,
    sdv_from_wire,
    sdv_to_wire,
)
from msc_desktop.domain.randomization import AllocationList
from msc_desktop.errors import SyncError, ValidationError
from msc_desktop.messages import Message
from msc_desktop.sync.envelope import (
    PACKAGE_MAGIC,
    Envelope,
    canonical_json,
    is_count,
    is_hex64,
    parse,
    seal,
)
from msc_desktop.sync.keys import KeyPair, PublicIdentity

MAX_PACKAGE_BYTES = 64 * 1024 * 1024
"""The largest centre package file a site reads (its allocation lists are a few hundred KiB)."""
MAX_PROTOCOL_BYTES = 4 * 1024 * 1024
"""The largest protocol declaration read, as a file or inside a package (the trial's is
~100 KiB)."""
ReceiptStatus = Literal["accepted", "duplicate", "held"]
RECEIPT_STATUSES: tuple[ReceiptStatus, ...] = ("accepted", "duplicate", "held")
_HEADER_KEYS = frozenset(
    {
        "kind",
        "site_id",
        "center",
        "recipient",
        "created",
        "package_id",
        "format",
        "suite",
        "compression",
        "payload_size",
        "payload_sha256",
    }
)
# A receipt or one allocation list is a few KiB, a site package a few hundred (more with many
# queries and source verification marks: at most their limits in domain/queries.py).
_MAX_PAYLOAD_BYTES = 16 * 1024 * 1024
_MAX_SITE_PACKAGE_PAYLOAD_BYTES = 96 * 1024 * 1024


def utc_now_text() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass(frozen=True)
class Receipt:
    """What the centre holds of a site's chain after importing one bundle."""

    site_id: str
    bundle_sha256: str
    bundle_name: str
    status: ReceiptStatus
    from_seq: int
    to_seq: int
    contiguous_seq: int
    contiguous_hash: str
    issued: str
    message: str = ""


@dataclass(frozen=True)
class SignedProtocol:
    """A protocol version the centre issued: what it declares, the declaration as signed
    (canonical JSON) and the signed part (base64), as the site keeps them."""

    protocol: Protocol
    declaration: str
    signed_text: str


@dataclass(frozen=True)
class SitePackage:
    site_id: str
    package_id: str
    created: str
    allocation_lists: tuple[tuple[AllocationList, str], ...]
    protocol_settings: Mapping[str, str] = field(default_factory=dict)
    protocol_versions: tuple[SignedProtocol, ...] = ()
    queries: tuple[Query, ...] = ()
    sdv_marks: tuple[SdvMark, ...] = ()


def _header(kind: str, site_id: str, center: KeyPair, recipient: str | None) -> dict[str, Any]:
    return {
        "kind": kind,
        "site_id": site_id,
        "center": center.public().fingerprint,
        "recipient": recipient,
        "created": utc_now_text(),
        "package_id": uuid.uuid4().hex,
    }


def seal_receipt(receipt: Receipt, center: KeyPair) -> bytes:
    body = canonical_json(
        {
            "site_id": receipt.site_id,
            "bundle_sha256": receipt.bundle_sha256,
            "bundle_name": receipt.bundle_name,
            "status": receipt.status,
            "from_seq": receipt.from_seq,
            "to_seq": receipt.to_seq,
            "contiguous_seq": receipt.contiguous_seq,
            "contiguous_hash": receipt.contiguous_hash,
            "issued": receipt.issued,
            "message": receipt.message,
        }
    )
    return seal(
        PACKAGE_MAGIC, _header("receipt", receipt.site_id, center, None), body, center, None
    )


def seal_allocation_list(allocation: AllocationList, center: KeyPair) -> bytes:
    """Sign the list's `to_dict()` form (the domain's exact signed content)."""
    body = canonical_json(allocation.to_dict())
    return seal(
        PACKAGE_MAGIC,
        _header("allocation-list", allocation.site_id, center, None),
        body,
        center,
        None,
    )


def seal_protocol_version(declaration: Mapping[str, Any], site_id: str, center: KeyPair) -> bytes:
    """Sign a protocol declaration (its canonical JSON) for one site."""
    body = canonical_json(declaration)
    return seal(
        PACKAGE_MAGIC, _header("protocol-version", site_id, center, None), body, center, None
    )


def seal_site_package(
    site: PublicIdentity,
    allocation_lists: Sequence[AllocationList],
    protocol_settings: Mapping[str, str],
    center: KeyPair,
    protocol_versions: Sequence[Mapping[str, Any]] = (),
    queries: Sequence[Query] = (),
    sdv_marks: Sequence[SdvMark] = (),
) -> bytes:
    """Allocation lists and protocol declarations (each signed on its own), settings, the
    site's queries with their full history and its source verification marks, encrypted to the
    site and signed."""
    signed_lists = [
        base64.b64encode(seal_allocation_list(allocation, center)).decode("ascii")
        for allocation in allocation_lists
    ]
    signed_versions = [
        base64.b64encode(seal_protocol_version(declaration, site.party_id, center)).decode("ascii")
        for declaration in protocol_versions
    ]
    if any(query.site_id != site.party_id for query in queries):
        raise SyncError("A site package may only carry queries of its own site.")
    body = canonical_json(
        {
            "allocation_lists": signed_lists,
            "protocol_settings": dict(protocol_settings),
            "protocol_versions": signed_versions,
            "queries": [query_to_wire(query) for query in queries],
            "sdv_marks": [sdv_to_wire(mark) for mark in sdv_marks],
        }
    )
    header = _header("site-package", site.party_id, center, site.fingerprint)
    return seal(PACKAGE_MAGIC, header, body, center, site.recipient_key)


def package_kind(data: bytes) -> str:
    """The kind named in a package's header (framing checked, signature not yet)."""
    return _parse(data).header["kind"]  # type: ignore[no-any-return]


def open_receipt(data: bytes, center: PublicIdentity) -> Receipt:
    envelope = _verified(data, center, "receipt")
    body = _json_object(envelope.open_payload(None, _MAX_PAYLOAD_BYTES))
    expected = {
        "site_id",
        "bundle_sha256",
        "bundle_name",
        "status",
        "from_seq",
        "to_seq",
        "contiguous_seq",
        "contiguous_hash",
        "issued",
        "message",
    }
    bad = SyncError("The receipt is malformed.")
    if set(body) != expected or body["status"] not in RECEIPT_STATUSES:
        raise bad
    if not all(is_count(body[name]) for name in ("from_seq", "to_seq", "contiguous_seq")):
        raise bad
    if not is_hex64(body["bundle_sha256"]) or not is_hex64(body["contiguous_hash"]):
        raise bad
    if not all(
        isinstance(body[name], str) for name in ("site_id", "bundle_name", "issued", "message")
    ):
        raise bad
    if body["site_id"] != envelope.header["site_id"]:
        raise bad
    return Receipt(**body)


def open_allocation_list(
    signed_text: str, center: PublicIdentity, protocol: Protocol
) -> AllocationList:
    """Verify and read an allocation list as kept in `allocation_list.signed_package`; it must
    meet `protocol`'s rules."""
    try:
        data = base64.b64decode(signed_text, validate=True)
    except (binascii.Error, ValueError) as error:
        raise SyncError("The stored allocation list is damaged.") from error
    envelope = _verified(data, center, "allocation-list")
    body = _json_object(envelope.open_payload(None, _MAX_PAYLOAD_BYTES))
    try:
        allocation = AllocationList.from_dict(body, protocol)
    except ValidationError as error:
        raise SyncError(error.message) from error
    if allocation.site_id != envelope.header["site_id"]:
        raise SyncError("The allocation list is malformed.")
    return allocation


def open_protocol_version(signed_text: str, center: PublicIdentity, site_id: str) -> SignedProtocol:
    """Verify and read a protocol declaration as kept in `protocol_version.signed_package`."""
    try:
        data = base64.b64decode(signed_text, validate=True)
    except (binascii.Error, ValueError) as error:
        raise SyncError("The stored protocol version is damaged.") from error
    envelope = _verified(data, center, "protocol-version")
    if envelope.header["site_id"] != site_id:
        raise SyncError("The protocol version was issued for another site.")
    payload = envelope.open_payload(None, MAX_PROTOCOL_BYTES)
    try:
        protocol = parse_protocol(_json_object(payload))
    except ValidationError as error:
        raise SyncError(error.message) from error
    return SignedProtocol(
        protocol=protocol, declaration=payload.decode("utf-8"), signed_text=signed_text
    )


def open_site_package(
    data: bytes, center: PublicIdentity, site: KeyPair, protocol: Protocol
) -> SitePackage:
    envelope = _verified(data, center, "site-package")
    if envelope.header["recipient"] != site.public().fingerprint:
        raise SyncError("This package was made for another site.")
    body = _json_object(envelope.open_payload(site, _MAX_SITE_PACKAGE_PAYLOAD_BYTES))
    bad = SyncError("The site package is malformed.")
    # Packages made before protocol versions (or queries) travelled lack their keys.
    if set(body) - {"protocol_versions", "queries", "sdv_marks"} != {
        "allocation_lists",
        "protocol_settings",
    }:
        raise bad
    lists, settings = body["allocation_lists"], body["protocol_settings"]
    versions = body.get("protocol_versions", [])
    if (
        not isinstance(lists, list)
        or not isinstance(settings, dict)
        or not isinstance(versions, list)
    ):
        raise bad
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in settings.items()):
        raise bad
    if not all(isinstance(item, str) for item in (*lists, *versions)):
        raise bad
    site_id = envelope.header["site_id"]
    opened = []
    for signed_text in lists:
        contents = open_allocation_list(signed_text, center, protocol)
        if contents.site_id != site_id:
            raise SyncError("The site package holds an allocation list of another site.")
        opened.append((contents, signed_text))
    queries, marks = _queries_and_marks(body, site_id)
    return SitePackage(
        site_id=site_id,
        package_id=envelope.header["package_id"],
        created=envelope.header["created"],
        allocation_lists=tuple(opened),
        protocol_settings=settings,
        protocol_versions=tuple(open_protocol_version(text, center, site_id) for text in versions),
        queries=queries,
        sdv_marks=marks,
    )


def _queries_and_marks(
    body: Mapping[str, Any], site_id: str
) -> tuple[tuple[Query, ...], tuple[SdvMark, ...]]:
    """The package's queries and source verification marks (none in an older package)."""
    wire_queries, wire_marks = body.get("queries", []), body.get("sdv_marks", [])
    if not isinstance(wire_queries, list) or not isinstance(wire_marks, list):
        raise SyncError("The site package is malformed.")
    if len(wire_queries) > MAX_QUERIES_PER_PACKAGE:
        raise SyncError(
            "The site package holds more than {limit} queries.", limit=MAX_QUERIES_PER_PACKAGE
        )
    if len(wire_marks) > MAX_SDV_MARKS_PER_PACKAGE:
        raise SyncError(
            "The site package holds more than {limit} source verification marks.",
            limit=MAX_SDV_MARKS_PER_PACKAGE,
        )
    try:
        queries = tuple(query_from_wire(item) for item in wire_queries)
        marks = tuple(sdv_from_wire(item) for item in wire_marks)
    except ValidationError as error:
        raise SyncError(
            "The site package holds a malformed query or verification mark: {reason}",
            reason=error.message,
        ) from error
    if any(query.site_id != site_id for query in queries):
        raise SyncError("The site package holds a query of another site.")
    return queries, marks


_KIND_NAMES = {
    "receipt": Message("receipt"),
    "allocation-list": Message("allocation list"),
    "protocol-version": Message("protocol version"),
    "site-package": Message("site package"),
}


def _parse(data: bytes) -> Envelope:
    envelope = parse(data, PACKAGE_MAGIC)
    header = envelope.header
    bad = SyncError("The centre package header is incomplete or malformed.")
    if set(header) != _HEADER_KEYS:
        raise bad
    if header["kind"] not in _KIND_NAMES:
        raise SyncError("The centre package is of an unknown kind.")
    if not all(isinstance(header[name], str) for name in ("site_id", "created", "package_id")):
        raise bad
    if not is_hex64(header["center"]):
        raise bad
    if header["recipient"] is not None and not is_hex64(header["recipient"]):
        raise bad
    encrypted = header["kind"] == "site-package"
    if encrypted != (header["suite"] != "none") or encrypted != (header["recipient"] is not None):
        raise bad
    return envelope


def _verified(data: bytes, center: PublicIdentity, kind: str) -> Envelope:
    envelope = _parse(data)
    if envelope.header["kind"] != kind:
        raise SyncError(
            "Expected a {expected}, found a {found}.",
            expected=_KIND_NAMES[kind],
            found=_KIND_NAMES[envelope.header["kind"]],
        )
    if envelope.header["center"] != center.fingerprint:
        raise SyncError("This package was not made by the pinned coordinating centre.")
    envelope.verify_signature(center)
    return envelope


def _json_object(payload: bytearray) -> dict[str, Any]:
    try:
        value = json.loads(payload.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise SyncError("The package contents are not readable.") from error
    if not isinstance(value, dict):
        raise SyncError("The package contents have an unknown layout.")
    return value
