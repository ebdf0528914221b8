"""The signed, encrypted envelope shared by site bundles and centre packages (DESIGN section 4).

Layout, all lengths big-endian::

    magic (4: b"MSCB" bundle, b"MSCP" centre package) | version (1)
    header length (4) | header: canonical JSON, UTF-8
    body length (8)   | body: HPKE ciphertext (enc || AES-256-GCM ct) of the zstd payload,
                        or the bare zstd payload for an unencrypted package (receipts)
    signature (64): Ed25519 over b"MSC-ENVELOPE-SIGNATURE-1" + SHA-256(every byte before it)

The payload is compressed with zstd, then encrypted with HPKE (RFC 9180; HKDF-SHA256,
AES-256-GCM) with the exact header bytes as HPKE `info`, so a header cannot be moved onto another
body. The KEM is the hybrid post-quantum MLKEM768-X25519 when the recipient's key has an ML-KEM
part (every centre key made by this version), else DHKEM(X25519); the header's `suite` names it.
The header carries the SHA-256 of the compressed payload and the payload's inflated size: the
reader inflates as a stream into a buffer of that size and refuses a payload that goes past it,
or a declared size over its own maximum, so a small file never inflates into a memory bomb.

The signature covers a SHA-256 of the file rather than the file itself, so large files are hashed
once, and a file on disk can be authenticated as a stream without reading it into memory
(`read_file_frame`, `verify_file`). Parsing is strict and raises only `SyncError` with a reason;
a check that fails never leaves anything half-applied because nothing is applied here.
"""

from __future__ import annotations

import hashlib
import json
import struct
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import zstandard
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hpke

from msc_desktop.errors import SyncError
from msc_desktop.files import write_atomically
from msc_desktop.messages import Message
from msc_desktop.sync.keys import KeyPair, PublicIdentity, RecipientKey

BUNDLE_MAGIC = b"MSCB"
PACKAGE_MAGIC = b"MSCP"
FORMAT_VERSION = 2
SUITE_X25519 = "DHKEM-X25519-HKDF-SHA256/HKDF-SHA256/AES-256-GCM"
SUITE_HYBRID = "MLKEM768-X25519/HKDF-SHA256/AES-256-GCM"
SIGNATURE_LENGTH = 64
MAX_HEADER_BYTES = 64 * 1024
MAX_PAYLOAD_BYTES = 256 * 1024 * 1024
"""The largest inflated payload a reader accepts unless it is given a smaller maximum."""
MAX_COUNT = 2**31 - 1
"""The largest count or sequence number any header may state (what every store can hold)."""
COMPRESSION = "zstd"
# Level 1: on a full export sealing costs about 1.5x bare AES-GCM over the same bytes (zlib at
# level 3 cost 4.7x, zstd's default level 3 2.2x) and the file is smaller than either
# (bench/bench_sync.py measures them side by side).
ZSTD_LEVEL = 1
_MAX_WINDOW_BYTES = 16 * 1024 * 1024
_PREFIX = struct.Struct(">4sBI")
_BODY_LENGTH = struct.Struct(">Q")
_SIGNATURE_CONTEXT = b"MSC-ENVELOPE-SIGNATURE-1"
_HEAD_BYTES = _PREFIX.size + MAX_HEADER_BYTES + _BODY_LENGTH.size
_CHUNK = 1024 * 1024
_SUITES = {
    SUITE_X25519: hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_256_GCM),
    SUITE_HYBRID: hpke.Suite(hpke.KEM.MLKEM768_X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_256_GCM),
}


def canonical_json(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


@dataclass(frozen=True)
class Frame:
    """Where the parts of an envelope lie, and its header, read from the first bytes alone."""

    magic: bytes
    header: dict[str, Any]
    header_bytes: bytes
    body_start: int
    body_length: int

    @property
    def body_end(self) -> int:
        return self.body_start + self.body_length


@dataclass(frozen=True)
class Envelope:
    """A parsed envelope whose structure is valid; signature and body not yet checked.

    It keeps the file's bytes once; its parts are views into them, not copies.
    """

    frame: Frame
    data: bytes

    @property
    def magic(self) -> bytes:
        return self.frame.magic

    @property
    def header(self) -> dict[str, Any]:
        return self.frame.header

    @property
    def header_bytes(self) -> bytes:
        return self.frame.header_bytes

    @property
    def body(self) -> memoryview:
        return memoryview(self.data)[self.frame.body_start : self.frame.body_end]

    @property
    def signed_part(self) -> memoryview:
        return memoryview(self.data)[: self.frame.body_end]

    @property
    def signature(self) -> bytes:
        return self.data[self.frame.body_end :]

    @property
    def sha256(self) -> str:
        """Identity of the whole file: SHA-256 over signed part and signature."""
        return hashlib.sha256(self.data).hexdigest()

    def verify_signature(self, signer: PublicIdentity) -> None:
        digest = hashlib.sha256(self.signed_part).digest()
        if not signer.verify(self.signature, _SIGNATURE_CONTEXT + digest):
            raise _bad_signature()

    def open_payload(
        self, recipient: KeyPair | None, max_payload_bytes: int = MAX_PAYLOAD_BYTES
    ) -> bytearray:
        """Decrypt (when encrypted), check the payload hash, inflate; SyncError on any fault.

        The payload is inflated into one buffer of the size the header declares, refused when
        that is over `max_payload_bytes` or when the stream holds more or fewer bytes.
        """
        suite = str(self.header.get("suite"))
        compressed: bytes | memoryview = self.body
        if suite != "none":
            if recipient is None:
                raise SyncError("The contents are encrypted but no key was given to open them.")
            key = recipient.decryption_key(hybrid=suite == SUITE_HYBRID)
            try:
                compressed = _SUITES[suite].decrypt(self.body, key, info=self.header_bytes)
            except (InvalidTag, ValueError) as error:
                raise SyncError(
                    "The contents cannot be decrypted with this key: the file was "
                    "altered or made for another recipient."
                ) from error
        if hashlib.sha256(compressed).hexdigest() != self.header.get("payload_sha256"):
            raise SyncError("The contents do not match the hash in the header.")
        return _inflate(compressed, self.header["payload_size"], max_payload_bytes)


def seal(
    magic: bytes,
    header: Mapping[str, Any],
    payload: bytes,
    signer: KeyPair,
    recipient: RecipientKey | None,
) -> bytes:
    """Compress, encrypt to `recipient` (None: no encryption) and sign; returns the file bytes.

    `header` gets `format`, `suite`, `compression`, `payload_size` and `payload_sha256` added.
    """
    compressed = zstandard.ZstdCompressor(level=ZSTD_LEVEL).compress(payload)
    suite = "none" if recipient is None else _suite_name(recipient)
    full_header = dict(header)
    full_header.update(
        format=FORMAT_VERSION,
        suite=suite,
        compression=COMPRESSION,
        payload_size=len(payload),
        payload_sha256=hashlib.sha256(compressed).hexdigest(),
    )
    header_bytes = canonical_json(full_header)
    body = (
        compressed
        if recipient is None
        else _SUITES[suite].encrypt(compressed, recipient, info=header_bytes)
    )
    signed_part = (
        _PREFIX.pack(magic, FORMAT_VERSION, len(header_bytes))
        + header_bytes
        + _BODY_LENGTH.pack(len(body))
        + body
    )
    return signed_part + signer.sign(signature_input(signed_part))


def _suite_name(recipient: RecipientKey) -> str:
    return SUITE_HYBRID if isinstance(recipient, hpke.MLKEM768X25519PublicKey) else SUITE_X25519


def signature_input(signed_part: bytes) -> bytes:
    """What the Ed25519 signature is taken over (domain-separated digest of the file)."""
    return _SIGNATURE_CONTEXT + hashlib.sha256(signed_part).digest()


def parse(data: bytes, magic: bytes) -> Envelope:
    """Split `data` into its parts; SyncError with a reason when the framing is not exact."""
    return Envelope(read_frame(data[:_HEAD_BYTES], len(data), magic), data)


def read_frame(head: bytes, total_length: int, magic: bytes) -> Frame:
    """The frame of an envelope of `total_length` bytes from its first bytes `head` (at least
    the first 64 KiB + 17 bytes, or all of a shorter file); SyncError when it is not exact."""
    what = _what(magic)
    if not total_length:
        raise SyncError("The {what} file is empty.", what=what)
    if total_length < _PREFIX.size + _BODY_LENGTH.size + SIGNATURE_LENGTH:
        raise SyncError("The {what} file is too short: it is truncated or not a {what}.", what=what)
    found_magic, version, header_length = _PREFIX.unpack_from(head, 0)
    if found_magic != magic:
        raise SyncError("This file is not an MSC {what}.", what=what)
    if version != FORMAT_VERSION:
        raise SyncError(
            "The {what} format version {version} is not supported.", what=what, version=version
        )
    if header_length > MAX_HEADER_BYTES:
        raise SyncError("The {what} header is too large: the file is damaged.", what=what)
    header_end = _PREFIX.size + header_length
    if header_end + _BODY_LENGTH.size + SIGNATURE_LENGTH > total_length:
        raise SyncError("The {what} file is truncated.", what=what)
    (body_length,) = _BODY_LENGTH.unpack_from(head, header_end)
    body_start = header_end + _BODY_LENGTH.size
    expected_length = body_start + body_length + SIGNATURE_LENGTH
    if expected_length > total_length:
        raise SyncError("The {what} file is truncated.", what=what)
    if expected_length < total_length:
        raise SyncError("The {what} file has extra bytes at its end.", what=what)
    header_bytes = bytes(head[_PREFIX.size : header_end])
    try:
        header = json.loads(header_bytes.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise SyncError(
            "The {what} header is not readable: the file is damaged.", what=what
        ) from error
    if not isinstance(header, dict) or canonical_json(header) != header_bytes:
        raise SyncError(
            "The {what} header is not in canonical form: the file is damaged.", what=what
        )
    if header.get("format") != FORMAT_VERSION or header.get("compression") != COMPRESSION:
        raise SyncError("The {what} header names an unsupported format.", what=what)
    if header.get("suite") not in (SUITE_X25519, SUITE_HYBRID, "none"):
        raise SyncError("The {what} uses an unsupported encryption suite.", what=what)
    if not is_hex64(header.get("payload_sha256")):
        raise SyncError("The {what} header has no valid payload hash.", what=what)
    if not is_count(header.get("payload_size"), MAX_COUNT):
        raise SyncError("The {what} header has no valid payload size.", what=what)
    return Frame(magic, header, header_bytes, body_start, body_length)


def read_file_frame(stream: BinaryIO, total_length: int, magic: bytes) -> Frame:
    """The frame of an envelope file of `total_length` bytes, reading only its first bytes."""
    stream.seek(0)
    return read_frame(stream.read(_HEAD_BYTES), total_length, magic)


def verify_file(stream: BinaryIO, frame: Frame, signer: PublicIdentity) -> None:
    """Check `signer`'s signature over an envelope file as a stream, without holding it."""
    digest = hashlib.sha256()
    stream.seek(0)
    remaining = frame.body_end
    while remaining:
        chunk = stream.read(min(_CHUNK, remaining))
        if not chunk:
            raise SyncError("The {what} file is truncated.", what=_what(frame.magic))
        digest.update(chunk)
        remaining -= len(chunk)
    signature = stream.read(SIGNATURE_LENGTH + 1)
    if not signer.verify(signature, _SIGNATURE_CONTEXT + digest.digest()):
        raise _bad_signature()


def _bad_signature() -> SyncError:
    return SyncError(
        "The signature does not match: the file was altered or not signed by the expected key."
    )


def _what(magic: bytes) -> Message:
    return Message("bundle") if magic == BUNDLE_MAGIC else Message("centre package")


def is_count(value: object, limit: int = MAX_COUNT) -> bool:
    """A non-negative integer no larger than `limit` (and not a bool)."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= limit


def is_hex64(value: object) -> bool:
    return (
        isinstance(value, str)
        and len(value) == 64
        and all(character in "0123456789abcdef" for character in value)
    )


def _inflate(compressed: bytes | memoryview, declared: int, maximum: int) -> bytearray:
    if declared > maximum:
        raise SyncError(
            "The contents would inflate to {size} bytes, more than the limit of {limit} bytes.",
            size=declared,
            limit=maximum,
        )
    payload = bytearray(declared)
    view = memoryview(payload)
    filled = 0
    decompressor = zstandard.ZstdDecompressor(max_window_size=_MAX_WINDOW_BYTES)
    try:
        with decompressor.stream_reader(compressed, read_across_frames=True) as reader:
            while filled < declared:
                count = reader.readinto(view[filled : filled + _CHUNK])
                if not count:
                    break
                filled += count
            beyond = reader.read(1)
    except zstandard.ZstdError as error:
        raise SyncError("The contents are not a valid compressed payload.") from error
    if filled != declared or beyond:
        raise SyncError("The contents do not have the size stated in the header.")
    return payload


def write_atomic(path: Path, data: bytes, *, secret: bool = False) -> None:
    """Write `data` so that `path` is either absent or complete (msc_desktop.files)."""
    write_atomically(path, data, SyncError, secret=secret)
