"""Key pairs of sites and of the coordinating centre, their public documents and fingerprints.

Every party holds an Ed25519 key that signs (bundles, packages, receipts) and an X25519 key that
HPKE (RFC 9180) encrypts to. A coordinating centre made by this version also holds an ML-KEM-768
key: bundles to it are sealed with the hybrid post-quantum KEM MLKEM768-X25519, so recording them
today and breaking X25519 later does not reveal them; a centre key without one (made before) keeps
working with X25519 alone. The public half travels as a small self-signed JSON document
(`site.pub`, `center.pub`): the encryption keys are signed by the signing key, so the fingerprint
of the signing key alone, SHA-256 of its 32 raw bytes, vouches for all. Fingerprints are compared
by people over the phone, so they are shown as 16 groups of 4 upper-case hex digits.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from dataclasses import dataclass
from typing import Literal

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hpke
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.mlkem import MLKEM768PrivateKey, MLKEM768PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from msc_desktop.errors import SyncError
from msc_desktop.messages import Message

Role = Literal["site", "center"]
PUBLIC_KEY_FORMAT = "msc-public-key/1"
HYBRID_PUBLIC_KEY_FORMAT = "msc-public-key/2"
"""A public key file that also carries an ML-KEM-768 key (`pq_encryption_key`)."""
RecipientKey = X25519PublicKey | hpke.MLKEM768X25519PublicKey
_CLASSIC_PRIVATE_LENGTH = 64
_HYBRID_PRIVATE_LENGTH = 128
_MLKEM768_PUBLIC_LENGTH = 1184
MAX_DOCUMENT_BYTES = 8192


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
    pq_encryption_key: MLKEM768PublicKey | None = None

    @property
    def recipient_key(self) -> RecipientKey:
        """What HPKE encrypts to: the hybrid MLKEM768-X25519 key when there is one."""
        if self.pq_encryption_key is None:
            return self.encryption_key
        return hpke.MLKEM768X25519PublicKey(self.pq_encryption_key, self.encryption_key)

    @property
    def fingerprint(self) -> str:
        return fingerprint(_raw_public(self.signing_key))

    @property
    def signing_key_raw(self) -> bytes:
        return _raw_public(self.signing_key)

    @property
    def encryption_key_raw(self) -> bytes:
        return _raw_public(self.encryption_key)

    @property
    def pq_encryption_key_raw(self) -> bytes | None:
        key = self.pq_encryption_key
        return None if key is None else key.public_bytes_raw()

    def verify(self, signature: bytes, message: bytes) -> bool:
        try:
            self.signing_key.verify(signature, message)
        except InvalidSignature:
            return False
        return True

    @classmethod
    def from_raw(
        cls,
        role: Role,
        party_id: str,
        signing_key_raw: bytes,
        encryption_key_raw: bytes,
        pq_encryption_key_raw: bytes | None = None,
    ) -> PublicIdentity:
        try:
            return cls(
                role=role,
                party_id=party_id,
                signing_key=Ed25519PublicKey.from_public_bytes(signing_key_raw),
                encryption_key=X25519PublicKey.from_public_bytes(encryption_key_raw),
                pq_encryption_key=None
                if pq_encryption_key_raw is None
                else MLKEM768PublicKey.from_public_bytes(pq_encryption_key_raw),
            )
        except ValueError as error:
            raise SyncError("The stored public key is damaged.") from error


def _document_body(
    role: Role, party_id: str, signing_raw: bytes, encryption_raw: bytes, pq_raw: bytes | None
) -> bytes:
    body = {
        "format": PUBLIC_KEY_FORMAT if pq_raw is None else HYBRID_PUBLIC_KEY_FORMAT,
        "role": role,
        "id": party_id,
        "signing_key": base64.b64encode(signing_raw).decode("ascii"),
        "encryption_key": base64.b64encode(encryption_raw).decode("ascii"),
    }
    if pq_raw is not None:
        body["pq_encryption_key"] = base64.b64encode(pq_raw).decode("ascii")
    return json.dumps(body, sort_keys=True, separators=(",", ":")).encode("utf-8")


@dataclass(frozen=True)
class KeyPair:
    """A party's private keys. `private_bytes()` is what the owner stores (encrypted DB, 0600)."""

    role: Role
    party_id: str
    signing: Ed25519PrivateKey
    encryption: X25519PrivateKey
    pq_encryption: MLKEM768PrivateKey | None = None

    @classmethod
    def generate(cls, role: Role, party_id: str, *, post_quantum: bool = False) -> KeyPair:
        """A new key pair; `post_quantum` adds the ML-KEM-768 key of the hybrid suite."""
        return cls(
            role,
            party_id,
            Ed25519PrivateKey.generate(),
            X25519PrivateKey.generate(),
            MLKEM768PrivateKey.generate() if post_quantum else None,
        )

    def private_bytes(self) -> bytes:
        """Ed25519 and X25519 private keys (32 bytes each), then the ML-KEM-768 seed (64)."""
        data = self.signing.private_bytes_raw() + self.encryption.private_bytes_raw()
        if self.pq_encryption is not None:
            data += self.pq_encryption.private_bytes_raw()
        return data

    @classmethod
    def from_private_bytes(cls, role: Role, party_id: str, data: bytes) -> KeyPair:
        if len(data) not in (_CLASSIC_PRIVATE_LENGTH, _HYBRID_PRIVATE_LENGTH):
            raise SyncError("The stored private key is damaged.")
        try:
            return cls(
                role,
                party_id,
                Ed25519PrivateKey.from_private_bytes(data[:32]),
                X25519PrivateKey.from_private_bytes(data[32:64]),
                MLKEM768PrivateKey.from_seed_bytes(data[64:]) if data[64:] else None,
            )
        except ValueError as error:
            raise SyncError("The stored private key is damaged.") from error

    def public(self) -> PublicIdentity:
        return PublicIdentity(
            self.role,
            self.party_id,
            self.signing.public_key(),
            self.encryption.public_key(),
            None if self.pq_encryption is None else self.pq_encryption.public_key(),
        )

    def decryption_key(self, hybrid: bool) -> X25519PrivateKey | hpke.MLKEM768X25519PrivateKey:
        """The HPKE private key of the X25519 suite, or of the hybrid suite (SyncError when this
        party has no ML-KEM key)."""
        if not hybrid:
            return self.encryption
        if self.pq_encryption is None:
            raise SyncError(
                "The contents are sealed for a post-quantum key this party does not have."
            )
        return hpke.MLKEM768X25519PrivateKey(self.pq_encryption, self.encryption)

    def sign(self, message: bytes) -> bytes:
        return self.signing.sign(message)

    def public_document(self) -> bytes:
        """The self-signed public key file (`site.pub` / `center.pub`), UTF-8 JSON."""
        public = self.public()
        body = _document_body(
            self.role,
            self.party_id,
            public.signing_key_raw,
            public.encryption_key_raw,
            public.pq_encryption_key_raw,
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
    if not isinstance(document, dict):
        raise damaged
    hybrid = document.get("format") == HYBRID_PUBLIC_KEY_FORMAT
    expected = {"format", "role", "id", "signing_key", "encryption_key", "signature"}
    if set(document) != (expected | {"pq_encryption_key"} if hybrid else expected):
        raise damaged
    if document["format"] not in (PUBLIC_KEY_FORMAT, HYBRID_PUBLIC_KEY_FORMAT) or not all(
        isinstance(document[name], str) for name in document
    ):
        raise damaged
    if document["role"] != expected_role:
        raise SyncError(
            "This key file belongs to a {role}, not to a {what}.",
            role=_FOUND_ROLES.get(document["role"], document["role"]),
            what=what,
        )
    try:
        signing_raw = base64.b64decode(document["signing_key"], validate=True)
        encryption_raw = base64.b64decode(document["encryption_key"], validate=True)
        signature = base64.b64decode(document["signature"], validate=True)
        pq_raw = base64.b64decode(document["pq_encryption_key"], validate=True) if hybrid else None
    except (binascii.Error, ValueError) as error:
        raise damaged from error
    if len(signing_raw) != 32 or len(encryption_raw) != 32:
        raise damaged
    if pq_raw is not None and len(pq_raw) != _MLKEM768_PUBLIC_LENGTH:
        raise damaged
    identity = PublicIdentity.from_raw(
        expected_role, document["id"], signing_raw, encryption_raw, pq_raw
    )
    body = _document_body(expected_role, document["id"], signing_raw, encryption_raw, pq_raw)
    if not identity.verify(signature, body):
        raise SyncError("The {what} public key file is not signed by its own key.", what=what)
    return identity
