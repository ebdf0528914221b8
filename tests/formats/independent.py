"""A second implementation of the bundle format, written from docs/formats.md alone.

It imports nothing of msc_desktop: HPKE comes from pyhpke, Ed25519 from PyNaCl, zstd from
`zstandard`, scrypt and hashes from the standard library, AES-GCM (key files) from `cryptography`.
pyhpke implements the DHKEM(X25519) suite only, so this reader and writer speak that suite (which
every centre still reads); the hybrid ML-KEM suite is documented but not implemented here.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import struct
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import zstandard
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from nacl.bindings import crypto_scalarmult, crypto_scalarmult_base
from nacl.signing import SigningKey, VerifyKey
from pyhpke import AEADId, CipherSuite, KDFId, KEMId

SIGNATURE_CONTEXT = b"MSC-ENVELOPE-SIGNATURE-1"
X25519_SUITE = "DHKEM-X25519-HKDF-SHA256/HKDF-SHA256/AES-256-GCM"
MAX_PAYLOAD = 256 * 1024 * 1024
GENESIS = "00" * 32
_HPKE = CipherSuite.new(KEMId.DHKEM_X25519_HKDF_SHA256, KDFId.HKDF_SHA256, AEADId.AES256_GCM)


class FormatError(Exception):
    """The bytes do not follow docs/formats.md."""


def canonical(value: Any) -> bytes:
    """Section "Conventions": UTF-8, sorted keys, no whitespace, non-ASCII as itself."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def fingerprint(raw_signing_key: bytes) -> str:
    return hashlib.sha256(raw_signing_key).hexdigest()


@dataclass(frozen=True)
class PublicDocument:
    role: str
    party_id: str
    signing_key: bytes
    encryption_key: bytes

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.signing_key)


def read_public_document(data: bytes) -> PublicDocument:
    """Section 1: parse, then check the Ed25519 signature over the canonical unsigned document."""
    document = json.loads(data.decode("utf-8"))
    signature = base64.b64decode(document.pop("signature"), validate=True)
    signing_key = base64.b64decode(document["signing_key"], validate=True)
    VerifyKey(signing_key).verify(canonical(document), signature)
    return PublicDocument(
        document["role"],
        document["id"],
        signing_key,
        base64.b64decode(document["encryption_key"], validate=True),
    )


def write_public_document(
    role: str, party_id: str, signing: SigningKey, encryption_public: bytes
) -> bytes:
    document: dict[str, str] = {
        "format": "msc-public-key/1",
        "role": role,
        "id": party_id,
        "signing_key": base64.b64encode(bytes(signing.verify_key)).decode(),
        "encryption_key": base64.b64encode(encryption_public).decode(),
    }
    document["signature"] = base64.b64encode(signing.sign(canonical(document)).signature).decode()
    return (json.dumps(document, sort_keys=True, indent=2) + "\n").encode()


def open_wrap(wrap: dict[str, Any], password: str, aad: bytes = b"msc-desktop db key v1") -> bytes:
    """Section 8: scrypt, then AES-256-GCM with the fixed associated data."""
    if wrap["kdf"] != "scrypt":
        raise FormatError("unknown key derivation")
    kek = hashlib.scrypt(
        password.encode(),
        salt=base64.b64decode(wrap["salt"]),
        n=wrap["n"],
        r=wrap["r"],
        p=wrap["p"],
        maxmem=256 * 1024 * 1024,
        dklen=32,
    )
    return AESGCM(kek).decrypt(
        base64.b64decode(wrap["nonce"]), base64.b64decode(wrap["ciphertext"]), aad
    )


def _hkdf_sha256(secret: bytes, salt: bytes, info: bytes) -> bytes:
    """RFC 5869 with SHA-256, 32 bytes out."""
    pseudo_random_key = hmac.new(salt, secret, hashlib.sha256).digest()
    return hmac.new(pseudo_random_key, info + b"\x01", hashlib.sha256).digest()


def open_grant(
    keyring: dict[str, Any], slot: str, password: str, secret: str = "database"
) -> bytes:
    """Section 8: the member's X25519 private key from its lock, then the sealed grant."""
    member = keyring["members"][slot]
    private = open_wrap(member["lock"], password, aad=b"msc-desktop member key v2")
    sealed = base64.b64decode(keyring["grants"][secret][slot])
    ephemeral, nonce, ciphertext = sealed[:32], sealed[32:44], sealed[44:]
    shared = crypto_scalarmult(private, ephemeral)
    key = _hkdf_sha256(
        shared, ephemeral + crypto_scalarmult_base(private), b"msc-desktop sealed v2"
    )
    return AESGCM(key).decrypt(nonce, ciphertext, f"msc-desktop grant {secret} {slot}".encode())


def center_x25519_private_key(center_key_file: bytes, passphrase: str) -> bytes:
    """Section 8: the X25519 private key inside `center.key` (after the 32-byte Ed25519 key)."""
    document = json.loads(center_key_file)
    if document["format"] != "msc-center-key/2":
        raise FormatError("not a protected centre key file")
    return open_wrap(document["wrap"], passphrase)[32:64]


@dataclass(frozen=True)
class Envelope:
    magic: bytes
    header: dict[str, Any]
    header_bytes: bytes
    body: bytes
    signed_part: bytes
    signature: bytes


def split(data: bytes, magic: bytes) -> Envelope:
    """Section 2: the binary layout, exact to the last byte."""
    found, version, header_length = struct.unpack_from(">4sBI", data, 0)
    if found != magic or version != 2 or header_length > 65536:
        raise FormatError("not a version 2 envelope of this kind")
    header_end = 9 + header_length
    header_bytes = data[9:header_end]
    (body_length,) = struct.unpack_from(">Q", data, header_end)
    body_start = header_end + 8
    if body_start + body_length + 64 != len(data):
        raise FormatError("the envelope's lengths do not add up to the file")
    header = json.loads(header_bytes.decode("utf-8"))
    if canonical(header) != header_bytes:
        raise FormatError("the header is not canonical JSON")
    return Envelope(
        magic,
        header,
        header_bytes,
        data[body_start : body_start + body_length],
        data[: body_start + body_length],
        data[body_start + body_length :],
    )


def verify_signature(envelope: Envelope, signing_key: bytes) -> None:
    VerifyKey(signing_key).verify(
        SIGNATURE_CONTEXT + hashlib.sha256(envelope.signed_part).digest(), envelope.signature
    )


def open_payload(envelope: Envelope, x25519_private: bytes | None) -> bytes:
    """Section 2.2: HPKE open (info = header bytes, empty aad), hash check, bounded inflate."""
    header = envelope.header
    if header["suite"] == "none":
        compressed = envelope.body
    else:
        if header["suite"] != X25519_SUITE or x25519_private is None:
            raise FormatError("this reader speaks the X25519 suite only")
        enc, ciphertext = envelope.body[:32], envelope.body[32:]
        key = _HPKE.kem.deserialize_private_key(x25519_private)
        context = _HPKE.create_recipient_context(enc, key, info=envelope.header_bytes)
        compressed = context.open(ciphertext, aad=b"")
    if hashlib.sha256(compressed).hexdigest() != header["payload_sha256"]:
        raise FormatError("payload hash mismatch")
    size = header["payload_size"]
    if not 0 <= size <= MAX_PAYLOAD:
        raise FormatError("declared payload size out of bounds")
    reader = zstandard.ZstdDecompressor(max_window_size=16 * 1024 * 1024).decompressobj()
    payload = reader.decompress(compressed)
    if len(payload) != size:
        raise FormatError("the payload does not inflate to its declared size")
    return payload


def row_digest(row: list[Any]) -> str:
    """Section 4: SHA-256 of the compact JSON array a format-2 row's digest covers, which is the
    row as it travels (18 members, starting with 2)."""
    encoded = json.dumps(row, separators=(",", ":"), ensure_ascii=False).encode()
    return hashlib.sha256(encoded).hexdigest()


def row_seq(row: list[Any]) -> int:
    """Section 3: every row starts with its format, then its seq."""
    return int(row[1])


def given_digest(row: list[Any]) -> str | None:
    """The digest a row carries instead of its content (section 3: `[format, seq, digest]`)."""
    return str(row[2]) if len(row) == 3 else None


def link(previous: str, digest: str) -> str:
    return hashlib.sha256(bytes.fromhex(previous) + bytes.fromhex(digest)).hexdigest()


def chain_hashes(rows: list[list[Any]], prev_hash: str) -> list[str]:
    """Section 4: the hash after each wire row (the given digest for a redacted row)."""
    hashes = []
    for row in rows:
        digest = given_digest(row) or row_digest(row)
        prev_hash = link(prev_hash, digest)
        hashes.append(prev_hash)
    return hashes


@dataclass(frozen=True)
class Bundle:
    header: dict[str, Any]
    rows: list[list[Any]]
    odm: bytes
    sha256: str


def read_bundle(
    data: bytes, site: PublicDocument, center_x25519_private: bytes, center_fingerprint: str
) -> Bundle:
    """Section 3, whole: addressing, signature, payload, row count and chain."""
    envelope = split(data, b"MSCB")
    header = envelope.header
    if header["kind"] != "bundle" or header["recipient"] != center_fingerprint:
        raise FormatError("not a bundle for this centre")
    if header["sender"] != site.fingerprint:
        raise FormatError("not signed by this site")
    verify_signature(envelope, site.signing_key)
    payload = open_payload(envelope, center_x25519_private)
    rows_line, _, odm = payload.partition(b"\n")
    rows = json.loads(rows_line)["rows"]
    if len(rows) != header["row_count"] or [row_seq(row) for row in rows] != list(
        range(header["from_seq"], header["to_seq"] + 1)
    ):
        raise FormatError("rows do not match the header's numbering")
    if chain_hashes(rows, header["prev_hash"])[-1] != header["last_hash"]:
        raise FormatError("the rows do not reproduce the header's last hash")
    return Bundle(header, rows, odm, hashlib.sha256(data).hexdigest())


ODM = "{http://www.cdisc.org/ns/odm/v1.3}"


@dataclass(frozen=True)
class Change:
    """Section 3.1: one ItemData of the clinical payload."""

    source_id: int
    subject_key: str
    event_oid: str
    form_oid: str
    group_oid: str
    repeat_key: str | None
    item_oid: str
    transaction: str
    value: str | None
    unit: str | None
    user: str
    time: str


def clinical_changes(odm: bytes) -> list[Change]:
    """Section 3.1, read with the standard library's ElementTree (the document is trusted here:
    its bundle's signature verified)."""
    from xml.etree import ElementTree

    root = ElementTree.fromstring(odm)
    units = {unit.get("OID"): unit.get("Name") for unit in root.iter(ODM + "MeasurementUnit")}
    users = {user.get("OID"): user.findtext(ODM + "LoginName") for user in root.iter(ODM + "User")}
    found = []
    for subject in root.iter(ODM + "SubjectData"):
        for event in subject.iter(ODM + "StudyEventData"):
            for form in event.iter(ODM + "FormData"):
                for group in form.iter(ODM + "ItemGroupData"):
                    for item in group.iter(ODM + "ItemData"):
                        audit = item.find(ODM + "AuditRecord")
                        assert audit is not None
                        unit = item.find(ODM + "MeasurementUnitRef")
                        user = audit.find(ODM + "UserRef")
                        found.append(
                            Change(
                                int(audit.findtext(ODM + "SourceID") or "-1"),
                                subject.get("SubjectKey", ""),
                                event.get("StudyEventOID", ""),
                                form.get("FormOID", ""),
                                group.get("ItemGroupOID", ""),
                                group.get("ItemGroupRepeatKey"),
                                item.get("ItemOID", ""),
                                item.get("TransactionType", ""),
                                item.get("Value"),
                                units[unit.get("MeasurementUnitOID")] if unit is not None else None,
                                users[user.get("UserOID") if user is not None else None] or "",
                                audit.findtext(ODM + "DateTimeStamp") or "",
                            )
                        )
    return found


def clinical_document(
    study_oid: str, mdv_oid: str, site_id: str, created: str, changes: list[list[Any]] = ()
) -> bytes:  # type: ignore[assignment]
    """Section 3.1 from the writer's side: a study version declaring just the items changed, and
    an Insert ItemData with its AuditRecord for each format-2 row given (as it travels)."""
    defs, data = [], []
    for row in changes:
        (
            _two,
            seq,
            ts,
            user,
            _action,
            _target,
            subject,
            event,
            form,
            group,
            _repeat,
            item,
            _old,
            _old_unit,
            value,
            _new_unit,
            _mdv,
            _reason,
        ) = row
        defs.append(
            f'<StudyEventDef OID="{event}" Name="{event}" Repeating="No" Type="Scheduled">'
            f'<FormRef FormOID="{form}" Mandatory="No"/></StudyEventDef>'
            f'<FormDef OID="{form}" Name="{form}" Repeating="No"><ItemGroupRef ItemGroupOID='
            f'"{group}" Mandatory="No"/></FormDef><ItemGroupDef OID="{group}" Name="{group}" '
            f'Repeating="No"><ItemRef ItemOID="{item}" Mandatory="No"/></ItemGroupDef>'
            f'<ItemDef OID="{item}" Name="{item}" DataType="text"/>'
        )
        data.append(
            f'<SubjectData SubjectKey="{subject}"><SiteRef LocationOID="LOC.{site_id}"/>'
            f'<StudyEventData StudyEventOID="{event}"><FormData FormOID="{form}"><ItemGroupData '
            f'ItemGroupOID="{group}"><ItemData ItemOID="{item}" TransactionType="Insert" '
            f'Value="{value}"><AuditRecord><UserRef UserOID="USR.{user}"/><LocationRef '
            f'LocationOID="LOC.{site_id}"/><DateTimeStamp>{ts}</DateTimeStamp><SourceID>{seq}'
            f"</SourceID></AuditRecord></ItemData></ItemGroupData></FormData></StudyEventData>"
            f"</SubjectData>"
        )
    users = "".join(
        f'<User OID="USR.{user}"><LoginName>{user}</LoginName></User>'
        for user in sorted({row[3] for row in changes})
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<ODM xmlns="http://www.cdisc.org/ns/odm/v1.3"'
        f' FileOID="F.{site_id}" FileType="Transactional" CreationDateTime="{created}"'
        f' ODMVersion="1.3.2"><Study OID="{study_oid}"><MetaDataVersion OID="{mdv_oid}"'
        f' Name="{mdv_oid}">{"".join(defs)}</MetaDataVersion></Study><AdminData>{users}'
        f'<Location OID="LOC.{site_id}" Name="{site_id}" LocationType="Site"/></AdminData>'
        f'<ClinicalData StudyOID="{study_oid}" MetaDataVersionOID="{mdv_oid}">{"".join(data)}'
        f"</ClinicalData></ODM>"
    ).encode()


def write_bundle(
    site_id: str,
    signing: SigningKey,
    center: PublicDocument,
    rows: list[list[Any]],
    prev_hash: str,
    odm: bytes,
) -> bytes:
    """Section 3 from the writer's side: an X25519-sealed, Ed25519-signed bundle."""
    payload = canonical({"rows": rows}) + b"\n" + odm
    compressed = zstandard.ZstdCompressor(level=3).compress(payload)
    header = {
        "kind": "bundle",
        "site_id": site_id,
        "device_id": "independent-writer",
        "from_seq": row_seq(rows[0]),
        "to_seq": row_seq(rows[-1]),
        "row_count": len(rows),
        "prev_hash": prev_hash,
        "last_hash": chain_hashes(rows, prev_hash)[-1],
        "created": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "recipient": center.fingerprint,
        "sender": fingerprint(bytes(signing.verify_key)),
        "format": 2,
        "suite": X25519_SUITE,
        "compression": "zstd",
        "payload_size": len(payload),
        "payload_sha256": hashlib.sha256(compressed).hexdigest(),
    }
    header_bytes = canonical(header)
    recipient = _HPKE.kem.deserialize_public_key(center.encryption_key)
    enc, context = _HPKE.create_sender_context(recipient, info=header_bytes)
    body = enc + context.seal(compressed, aad=b"")
    signed = (
        struct.pack(">4sBI", b"MSCB", 2, len(header_bytes))
        + header_bytes
        + struct.pack(">Q", len(body))
        + body
    )
    signature = signing.sign(SIGNATURE_CONTEXT + hashlib.sha256(signed).digest()).signature
    return signed + signature


def site_database_key(keyring_file: bytes, user_id: str, password: str) -> bytes:
    """Section 8: the raw SQLCipher key of `site.db`, from the user's grant in `keyring.json`."""
    keyring = json.loads(keyring_file)
    index_key = base64.b64decode(keyring["index_key"])
    slot = hmac.new(index_key, user_id.strip().lower().encode(), hashlib.sha256).hexdigest()
    return open_grant(keyring, slot, password)


def site_database_key_from_recovery(keyring_file: bytes, recovery_key: str) -> bytes:
    return open_grant(json.loads(keyring_file), "recovery", recovery_key)


def read_protocol_version(data: bytes, center_signing_key: bytes) -> dict[str, Any]:
    """Section 5: a signed protocol-version envelope (as a site package carries it, b64-decoded)."""
    envelope = split(data, b"MSCP")
    if envelope.header["kind"] != "protocol-version" or envelope.header["suite"] != "none":
        raise FormatError("not a protocol version")
    verify_signature(envelope, center_signing_key)
    payload = open_payload(envelope, None)
    if len(payload) > 4 * 1024 * 1024:
        raise FormatError("a protocol declaration larger than 4 MiB")
    declaration: dict[str, Any] = json.loads(payload)
    if canonical(declaration) != payload:
        raise FormatError("the declaration is not canonical JSON")
    return declaration


def read_site_package(
    data: bytes, center_signing_key: bytes, site_x25519_private: bytes
) -> dict[str, Any]:
    """Section 5: a site package, verified and decrypted; its members checked."""
    envelope = split(data, b"MSCP")
    if envelope.header["kind"] != "site-package":
        raise FormatError("not a site package")
    verify_signature(envelope, center_signing_key)
    body: dict[str, Any] = json.loads(open_payload(envelope, site_x25519_private))
    if set(body) - {"protocol_versions", "queries", "sdv_marks"} != {
        "allocation_lists",
        "protocol_settings",
    }:
        raise FormatError("a site package with unknown or missing members")
    for query in body.get("queries", []):
        if set(query) != {"query_id", "number", "site_id", "origin", "address", "events"}:
            raise FormatError("a query with unknown or missing members")
        if query["site_id"] != envelope.header["site_id"]:
            raise FormatError("a query of another site")
        if [event["kind"] for event in query["events"]].count("open") != 1:
            raise FormatError("a query without exactly one opening")
    for mark in body.get("sdv_marks", []):
        if set(mark) != {"mark_id", "scope", "address", "at", "by", "side"}:
            raise FormatError("a verification mark with unknown or missing members")
        if mark["scope"] not in ("item", "form", "visit"):
            raise FormatError("a verification mark of unknown scope")
    return body
