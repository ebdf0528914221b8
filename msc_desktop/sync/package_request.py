"""A site's request for its current package (site -> centre), signed by the site's key.

Same `MSCP` framing as the centre's packages (packages.py): addressed to the centre's
fingerprint, not encrypted (it holds only the site's id, a time and a nonce); the package that
answers it is encrypted to the site, so a replayed request tells an eavesdropper nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

from msc_desktop.domain.identifiers import SITE_ID_PATTERN
from msc_desktop.errors import SyncError
from msc_desktop.sync.envelope import PACKAGE_MAGIC, parse, seal
from msc_desktop.sync.keys import KeyPair, PublicIdentity
from msc_desktop.sync.packages import utc_now_text

MAX_REQUEST_BYTES = 4096
"""The largest package request the centre reads (one is about 700 bytes)."""
_REQUEST_KEYS = frozenset(
    {
        "kind",
        "site_id",
        "center",
        "sender",
        "created",
        "nonce",
        "format",
        "suite",
        "compression",
        "payload_size",
        "payload_sha256",
    }
)


@dataclass(frozen=True)
class PackageRequest:
    """A site's signed request for its current package, verified against its registered key."""

    site_id: str
    created: str
    nonce: str


def seal_package_request(site_keys: KeyPair, center_fp: str) -> bytes:
    """A site's signed request for its current package, for the centre with fingerprint
    `center_fp` (what `POST /api/v1/site-package` takes as its body)."""
    header = {
        "kind": "package-request",
        "site_id": site_keys.party_id,
        "center": center_fp,
        "sender": site_keys.public().fingerprint,
        "created": utc_now_text(),
        "nonce": uuid.uuid4().hex,
    }
    return seal(PACKAGE_MAGIC, header, b"{}", site_keys, None)


def open_package_request(
    data: bytes, registered_keys: Callable[[str], PublicIdentity], center_fp: str
) -> PackageRequest:
    """Verify a package request: its framing, that it is for this centre (`center_fp`), and
    the signature of the key registered for the site it names (`registered_keys` raises
    SyncError for an unknown or revoked site). SyncError with one line otherwise."""
    if len(data) > MAX_REQUEST_BYTES:
        raise SyncError("The package request is too large.")
    try:
        envelope = parse(data, PACKAGE_MAGIC)
    except SyncError as error:
        raise SyncError("This is not a package request: {reason}", reason=error.message) from None
    header = envelope.header
    if set(header) != _REQUEST_KEYS or header["kind"] != "package-request":
        raise SyncError("This is not a package request.")
    site_id, created, nonce = header["site_id"], header["created"], header["nonce"]
    if not isinstance(site_id, str) or not SITE_ID_PATTERN.fullmatch(site_id):
        raise SyncError("The package request names no valid site.")
    if (
        not isinstance(created, str)
        or len(created) > 40
        or not isinstance(nonce, str)
        or not 0 < len(nonce) <= 64
        or header["suite"] != "none"
    ):
        raise SyncError("The package request is malformed.")
    if header["center"] != center_fp:
        raise SyncError("The package request is addressed to another coordinating centre.")
    site = registered_keys(site_id)
    if header["sender"] != site.fingerprint:
        raise SyncError(
            "The package request was signed by a key that is not registered for site {site_id}.",
            site_id=site_id,
        )
    envelope.verify_signature(site)
    if bytes(envelope.open_payload(None, 64)) != b"{}":
        raise SyncError("The package request is malformed.")
    return PackageRequest(site_id=site_id, created=created, nonce=nonce)
