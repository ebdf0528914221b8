"""Key pairs of sites and of the coordinating centre, their public documents and fingerprints.

Every party holds two keys: an Ed25519 key that signs (bundles, packages, receipts) and an X25519
key that HPKE (RFC 9180) encrypts to. The public half travels as a small self-signed JSON document
(`site.pub`, `center.pub`): the encryption key is signed by the signing key, so the fingerprint of
the signing key alone, SHA-256 of its 32 raw bytes, vouches for both. Fingerprints are compared by
people over the phone, so they are shown as 16 groups of 4 upper-case hex digits.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from dataclasses import dataclass
from typing import Literal

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from msc_desktop.errors import SyncError
from msc_desktop.messages import Message

Role = Literal["site", "center"]
PUBLIC_KEY_FORMAT = "msc-public-key/1"
_PRIVATE_KEY_LENGTH = 64
MAX_DOCUMENT_BYTES = 4096


def fingerprint(raw_public_key: bytes) -> str:
    """Hex SHA-256 of a raw public key."""
    return hashlib.sha256(raw_public_key).hexdigest()


def format_fingerprint(hex_fingerprint: str) -> str:
    """`"3F2A 9C01 ..."`: the fingerprint in groups of four, for reading aloud."""
    upper = hex_fingerprint.upper()
    return " ".join(upper[index : index + 4] for index in range(0, len(upper), 4))


def _raw_public(key: Ed25519PublicKey | X25519PublicKey) -> bytes:
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


@dataclass(frozen=True)
class PublicIdentity:
    """The public half of a party: who it is and its two public keys."""

    role: Role
    party_id: str
    signing_key: Ed25519PublicKey
    encryption_key: X25519PublicKey

    @property
    def fingerprint(self) -> str:
        return fingerprint(_raw_public(self.signing_key))

    @property
    def signing_key_raw(self) -> bytes:
        return _raw_public(self.signing_key)

    @property
    def encryption_key_raw(self) -> bytes:
        return _raw_public(self.encryption_key)

    def verify(self, signature: bytes, message: bytes) -> bool:
        try:
            self.signing_key.verify(signature, message)
        except InvalidSignature:
            return False
        return True

    @classmethod
    def from_raw(
        cls, role: Role, party_id: str, signing_key_raw: bytes, encryption_key_raw: bytes
    ) -> PublicIdentity:
        try:
            return cls(
                role=role,
                party_id=party_id,
                signing_key=Ed25519PublicKey.from_public_bytes(signing_key_raw),
                encryption_key=X25519PublicKey.from_public_bytes(encryption_key_raw),
            )
        except ValueError as error:
            raise SyncError("The stored public key is damaged.") from error


def _document_body(role: Role, party_id: str, signing_raw: bytes, encryption_raw: bytes) -> bytes:
    return json.dumps(
        {
            "format": PUBLIC_KEY_FORMAT,
            "role": role,
            "id": party_id,
            "signing_key": base64.b64encode(signing_raw).decode("ascii"),
            "encryption_key": base64.b64encode(encryption_raw).decode("ascii"),
        },
        sort_keys=True,
        separators=(",", ":"),
    ).encode("utf-8")


@dataclass(frozen=True)
class KeyPair:
    """A party's private keys. `private_bytes()` is what the owner stores (encrypted DB, 0600)."""

    role: Role
    party_id: str
    signing: Ed25519PrivateKey
    encryption: X25519PrivateKey

    @classmethod
    def generate(cls, role: Role, party_id: str) -> KeyPair:
        return cls(role, party_id, Ed25519PrivateKey.generate(), X25519PrivateKey.generate())

    def private_bytes(self) -> bytes:
        return self.signing.private_bytes_raw() + self.encryption.private_bytes_raw()

    @classmethod
    def from_private_bytes(cls, role: Role, party_id: str, data: bytes) -> KeyPair:
        if len(data) != _PRIVATE_KEY_LENGTH:
            raise SyncError("The stored private key is damaged.")
        return cls(
            role,
            party_id,
            Ed25519PrivateKey.from_private_bytes(data[:32]),
            X25519PrivateKey.from_private_bytes(data[32:]),
        )

    def public(self) -> PublicIdentity:
        return PublicIdentity(
            self.role, self.party_id, self.signing.public_key(), self.encryption.public_key()
        )

    def sign(self, message: bytes) -> bytes:
        return self.signing.sign(message)

    def public_document(self) -> bytes:
        """The self-signed public key file (`site.pub` / `center.pub`), UTF-8 JSON."""
        public = self.public()
        body = _document_body(
            self.role, self.party_id, public.signing_key_raw, public.encryption_key_raw
        )
        document = json.loads(body)
        document["signature"] = base64.b64encode(self.sign(body)).decode("ascii")
        return (json.dumps(document, sort_keys=True, indent=2) + "\n").encode("utf-8")


_ROLE_NAMES = {"center": Message("coordinating centre"), "site": Message("site")}
# A key file's role as written in it, named in the refusal of a file of the other role.
_FOUND_ROLES = {"center": Message("center"), "site": Message("site")}


def parse_public_document(data: bytes, expected_role: Role) -> PublicIdentity:
    """Read a public key file; raises SyncError unless it is intact, self-signed and of the role."""
    what = _ROLE_NAMES[expected_role]
    damaged = SyncError("This is not a valid {what} public key file.", what=what)
    if len(data) > MAX_DOCUMENT_BYTES:
        raise damaged
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise damaged from error
    if not isinstance(document, dict) or set(document) != {
        "format", "role", "id", "signing_key", "encryption_key", "signature"
    }:
        raise damaged
    if document["format"] != PUBLIC_KEY_FORMAT or not all(
        isinstance(document[name], str) for name in document
    ):
        raise damaged
    if document["role"] != expected_role:
        raise SyncError("This key file belongs to a {role}, not to a {what}.",
                        role=_FOUND_ROLES.get(document["role"], document["role"]), what=what)
    try:
        signing_raw = base64.b64decode(document["signing_key"], validate=True)
        encryption_raw = base64.b64decode(document["encryption_key"], validate=True)
        signature = base64.b64decode(document["signature"], validate=True)
    except (binascii.Error, ValueError) as error:
        raise damaged from error
    if len(signing_raw) != 32 or len(encryption_raw) != 32:
        raise damaged
    identity = PublicIdentity.from_raw(expected_role, document["id"], signing_raw, encryption_raw)
    body = _document_body(expected_role, document["id"], signing_raw, encryption_raw)
    if not identity.verify(signature, body):
        raise SyncError("The {what} public key file is not signed by its own key.", what=what)
    return identity
