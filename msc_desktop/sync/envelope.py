"""The signed, encrypted envelope shared by site bundles and centre packages (DESIGN section 4).

Layout, all lengths big-endian::

    magic (4: b"MSCB" bundle, b"MSCP" centre package) | version (1)
    header length (4) | header: canonical JSON, UTF-8
    body length (8)   | body: HPKE ciphertext (enc || AES-256-GCM ct) of the zlib payload,
                        or the bare zlib payload for an unencrypted package (receipts)
    signature (64): Ed25519 over b"MSC-ENVELOPE-SIGNATURE-1" + SHA-256(every byte before it)

The payload is compressed, then encrypted with HPKE (RFC 9180, DHKEM(X25519, HKDF-SHA256),
HKDF-SHA256, AES-256-GCM) to the recipient's X25519 key, with the exact header bytes as HPKE
`info`, so a header cannot be moved onto another body. The header carries the SHA-256 of the
compressed payload. The signature covers a SHA-256 of the file rather than the file itself so
that large bundles are hashed once, not twice with SHA-512 inside Ed25519. Parsing is strict and raises only `SyncError` with a reason; a check that
fails never leaves anything half-applied because nothing is applied here.
"""

from __future__ import annotations

import hashlib
import json
import struct
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hpke
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey

from msc_desktop.errors import SyncError
from msc_desktop.files import write_atomically
from msc_desktop.messages import Message
from msc_desktop.sync.keys import KeyPair, PublicIdentity

BUNDLE_MAGIC = b"MSCB"
PACKAGE_MAGIC = b"MSCP"
FORMAT_VERSION = 1
SUITE_NAME = "DHKEM-X25519-HKDF-SHA256/HKDF-SHA256/AES-256-GCM"
SIGNATURE_LENGTH = 64
MAX_HEADER_BYTES = 64 * 1024
MAX_PAYLOAD_BYTES = 1024 * 1024 * 1024
_PREFIX = struct.Struct(">4sBI")
_BODY_LENGTH = struct.Struct(">Q")
_SIGNATURE_CONTEXT = b"MSC-ENVELOPE-SIGNATURE-1"
# Level 3 compresses a full export about twice as fast as the default 6 for 20 % more bytes.
ZLIB_LEVEL = 3
_SUITE = hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_256_GCM)


def canonical_json(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


@dataclass(frozen=True)
class Envelope:
    """A parsed envelope whose structure is valid; signature and body not yet checked."""

    magic: bytes
    header: dict[str, Any]
    header_bytes: bytes
    body: bytes
    signed_part: bytes
    signature: bytes

    @property
    def sha256(self) -> str:
        """Identity of the whole file: SHA-256 over signed part and signature."""
        return hashlib.sha256(self.signed_part + self.signature).hexdigest()

    def verify_signature(self, signer: PublicIdentity) -> None:
        if not signer.verify(self.signature, signature_input(self.signed_part)):
            raise SyncError("The signature does not match: the file was altered or not signed by "
                            "the expected key.")

    def open_payload(self, recipient: X25519PrivateKey | None) -> bytes:
        """Decrypt (when encrypted), check the payload hash, decompress; SyncError on any fault."""
        compressed = self.body
        if recipient is not None:
            try:
                compressed = _SUITE.decrypt(self.body, recipient, info=self.header_bytes)
            except (InvalidTag, ValueError) as error:
                raise SyncError("The contents cannot be decrypted with this key: the file was "
                                "altered or made for another recipient.") from error
        if hashlib.sha256(compressed).hexdigest() != self.header.get("payload_sha256"):
            raise SyncError("The contents do not match the hash in the header.")
        return _decompress(compressed)


def seal(
    magic: bytes,
    header: Mapping[str, Any],
    payload: bytes,
    signer: KeyPair,
    recipient: X25519PublicKey | None,
) -> bytes:
    """Compress, encrypt to `recipient` (None: no encryption) and sign; returns the file bytes.

    `header` gets `format`, `suite`, `compression` and `payload_sha256` added.
    """
    compressed = zlib.compress(payload, ZLIB_LEVEL)
    full_header = dict(header)
    full_header.update(
        format=FORMAT_VERSION,
        suite=SUITE_NAME if recipient is not None else "none",
        compression="zlib",
        payload_sha256=hashlib.sha256(compressed).hexdigest(),
    )
    header_bytes = canonical_json(full_header)
    body = compressed if recipient is None else _SUITE.encrypt(compressed, recipient,
                                                               info=header_bytes)
    signed_part = (
        _PREFIX.pack(magic, FORMAT_VERSION, len(header_bytes))
        + header_bytes
        + _BODY_LENGTH.pack(len(body))
        + body
    )
    return signed_part + signer.sign(signature_input(signed_part))


def signature_input(signed_part: bytes) -> bytes:
    """What the Ed25519 signature is taken over (domain-separated digest of the file)."""
    return _SIGNATURE_CONTEXT + hashlib.sha256(signed_part).digest()


def parse(data: bytes, magic: bytes) -> Envelope:
    """Split `data` into its parts; SyncError with a reason when the framing is not exact."""
    what = Message("bundle") if magic == BUNDLE_MAGIC else Message("centre package")
    if not data:
        raise SyncError("The {what} file is empty.", what=what)
    if len(data) < _PREFIX.size + _BODY_LENGTH.size + SIGNATURE_LENGTH:
        raise SyncError("The {what} file is too short: it is truncated or not a {what}.", what=what)
    found_magic, version, header_length = _PREFIX.unpack_from(data, 0)
    if found_magic != magic:
        raise SyncError("This file is not an MSC {what}.", what=what)
    if version != FORMAT_VERSION:
        raise SyncError("The {what} format version {version} is not supported.", what=what, version=version)
    if header_length > MAX_HEADER_BYTES:
        raise SyncError("The {what} header is too large: the file is damaged.", what=what)
    header_end = _PREFIX.size + header_length
    if header_end + _BODY_LENGTH.size + SIGNATURE_LENGTH > len(data):
        raise SyncError("The {what} file is truncated.", what=what)
    (body_length,) = _BODY_LENGTH.unpack_from(data, header_end)
    body_start = header_end + _BODY_LENGTH.size
    expected_length = body_start + body_length + SIGNATURE_LENGTH
    if expected_length > len(data):
        raise SyncError("The {what} file is truncated.", what=what)
    if expected_length < len(data):
        raise SyncError("The {what} file has extra bytes at its end.", what=what)
    header_bytes = data[_PREFIX.size : header_end]
    try:
        header = json.loads(header_bytes.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise SyncError("The {what} header is not readable: the file is damaged.", what=what) from error
    if not isinstance(header, dict) or canonical_json(header) != header_bytes:
        raise SyncError("The {what} header is not in canonical form: the file is damaged.", what=what)
    if header.get("format") != FORMAT_VERSION or header.get("compression") != "zlib":
        raise SyncError("The {what} header names an unsupported format.", what=what)
    if header.get("suite") not in (SUITE_NAME, "none"):
        raise SyncError("The {what} uses an unsupported encryption suite.", what=what)
    if not is_hex64(header.get("payload_sha256")):
        raise SyncError("The {what} header has no valid payload hash.", what=what)
    signed_part = data[: body_start + body_length]
    return Envelope(
        magic=magic,
        header=header,
        header_bytes=header_bytes,
        body=data[body_start : body_start + body_length],
        signed_part=signed_part,
        signature=data[body_start + body_length :],
    )


def is_hex64(value: object) -> bool:
    return (
        isinstance(value, str)
        and len(value) == 64
        and all(character in "0123456789abcdef" for character in value)
    )


def _decompress(compressed: bytes) -> bytes:
    decompressor = zlib.decompressobj()
    try:
        payload = decompressor.decompress(compressed, MAX_PAYLOAD_BYTES)
    except zlib.error as error:
        raise SyncError("The contents are not a valid compressed payload.") from error
    if decompressor.unconsumed_tail or not decompressor.eof or decompressor.unused_data:
        raise SyncError("The contents are too large or not a complete compressed payload.")
    return payload


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` so that `path` is either absent or complete (msc_desktop.files)."""
    write_atomically(path, data, SyncError)
