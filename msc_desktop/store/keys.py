"""The site's keys and who holds them: `keyring.json`, beside the database (DESIGN section 3).

Three secrets, each random: the **database key** (SQLCipher, given as a raw key so opening costs
no second KDF), the **randomization key** (an X25519 key pair: allocation entries are sealed to its
public half, so an administrator can load a list without reading it) and the **signing key**
(encrypts the site's Ed25519 signing key inside the database).

Each holder is a *member*: a user (slot = HMAC of the user id, so the file names nobody) or the
printed recovery key. A member has an X25519 key pair whose private half is locked under a key
derived from the password with scrypt (RFC 7914, parameters stored) and AES-256-GCM. A *grant*
seals one secret to a member's public key (X25519 + HKDF-SHA256 + AES-256-GCM), so whoever holds a
secret can give it to any member, and can give a new database key to every remaining member
without their passwords (the rekey when a user is deactivated). A password change relocks the
member's private key; nothing is re-encrypted.

Format 1 keyrings (the database key wrapped directly under each password) are still read: such a
wrap opens the database once more and is replaced by a member at that user's next sign-in.

The keyring also keeps the sign-in failure counters (the database cannot be opened to record a
failure) and those failures as pending events. They are tamper-evident: a successful sign-in
*seals* them (AES-GCM under a key derived from the database key, with a generation number also
kept in the database and a secret chain origin), and each failure advances a public hash chain
`tally = SHA-256(tally)` from that origin, which nobody can run backwards. At the next sign-in a
counter or event that was removed or lowered, or a key file older than the database, shows.

This module holds the secrets, wraps, members and grants; store/key_file.py the key file.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from enum import Enum
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from msc_desktop.errors import StoreError

READABLE_FORMATS = (1, 2)
DB_KEY_BYTES = 32
SCRYPT_R = 8
SCRYPT_P = 1
# 2**17 costs about 0.3 s on the project's machines: the unlock budget of issue 2 (250-400 ms).
scrypt_n = 2**17
# The signature-password verifier inside the database: 2**14 (about 40 ms) keeps a two-signature
# save within 250 ms; an attacker must first hold the database key to reach it (issue 12 item 13).
signature_scrypt_n = 2**14


_RECOVERY_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"  # no 0/O, 1/I/L, U: read aloud without doubt
_RECOVERY_GROUPS = 8
_RECOVERY_GROUP_LEN = 5
# A wrap's associated data: the one the format has always used (site format-1 wraps, centre.key).
_WRAP_AAD = b"msc-desktop db key v1"
MEMBER_AAD = b"msc-desktop member key v2"


class Secret(str, Enum):
    DATABASE = "database"
    RANDOMIZATION = "randomization"
    SIGNING = "signing"


def new_database_key() -> bytes:
    return secrets.token_bytes(DB_KEY_BYTES)


def new_recovery_key() -> str:
    """A recovery key of 40 symbols (~196 bits) in groups of five, e.g. `K7Q2M-...`."""
    symbols = [
        secrets.choice(_RECOVERY_ALPHABET) for _ in range(_RECOVERY_GROUPS * _RECOVERY_GROUP_LEN)
    ]
    groups = [
        "".join(symbols[i : i + _RECOVERY_GROUP_LEN])
        for i in range(0, len(symbols), _RECOVERY_GROUP_LEN)
    ]
    return "-".join(groups)


def normalise_recovery_key(text: str) -> str:
    """Accepts a typed recovery key with any case, spaces or dashes; returns the canonical form."""
    compact = "".join(ch for ch in text.upper() if ch.isalnum())
    expected = _RECOVERY_GROUPS * _RECOVERY_GROUP_LEN
    if len(compact) != expected or any(ch not in _RECOVERY_ALPHABET for ch in compact):
        raise StoreError("That is not a recovery key: it has 8 groups of 5 letters and digits.")
    return "-".join(
        compact[i : i + _RECOVERY_GROUP_LEN] for i in range(0, expected, _RECOVERY_GROUP_LEN)
    )


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def derive(db_key: bytes, purpose: str) -> bytes:
    """A 256-bit key for one purpose, derived from the database key (HKDF-SHA256)."""
    return HKDF(hashes.SHA256(), 32, salt=None, info=f"msc-desktop {purpose}".encode()).derive(
        db_key
    )


@dataclass(frozen=True)
class Wrap:
    """A payload encrypted under a key derived from a secret (password) with scrypt."""

    salt: bytes
    nonce: bytes
    ciphertext: bytes
    n: int
    r: int
    p: int

    @staticmethod
    def _derive(secret: str, salt: bytes, n: int, r: int, p: int) -> bytes:
        return hashlib.scrypt(
            secret.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=256 * 1024 * 1024, dklen=32
        )

    @classmethod
    def create(
        cls, secret: str, payload: bytes, *, aad: bytes = _WRAP_AAD, n: int | None = None
    ) -> Wrap:
        salt = secrets.token_bytes(16)
        nonce = secrets.token_bytes(12)
        cost = n or scrypt_n
        kek = cls._derive(secret, salt, cost, SCRYPT_R, SCRYPT_P)
        ciphertext = AESGCM(kek).encrypt(nonce, payload, aad)
        return cls(salt, nonce, ciphertext, cost, SCRYPT_R, SCRYPT_P)

    def open(self, secret: str, *, aad: bytes = _WRAP_AAD) -> bytes | None:
        """The payload, or None when the secret is wrong."""
        kek = self._derive(secret, self.salt, self.n, self.r, self.p)
        try:
            return AESGCM(kek).decrypt(self.nonce, self.ciphertext, aad)
        except InvalidTag:
            return None

    def to_json(self) -> dict[str, Any]:
        return {
            "kdf": "scrypt",
            "n": self.n,
            "r": self.r,
            "p": self.p,
            "salt": b64(self.salt),
            "nonce": b64(self.nonce),
            "ciphertext": b64(self.ciphertext),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Wrap:
        if data.get("kdf") != "scrypt":
            raise StoreError(
                "The key file uses an unknown key derivation; it is not from this app."
            )
        n, r, p = int(data["n"]), int(data["r"]), int(data["p"])
        if not (2 <= n <= 2**20 and n & (n - 1) == 0 and 1 <= r <= 32 and 1 <= p <= 16):
            raise ValueError  # caught: the key file is damaged
        return cls(unb64(data["salt"]), unb64(data["nonce"]), unb64(data["ciphertext"]), n, r, p)


def _raw_public(key: X25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def raw_private(key: X25519PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )


@dataclass(frozen=True)
class Sealed:
    """A secret sealed to one X25519 public key (ephemeral X25519, HKDF-SHA256, AES-256-GCM)."""

    ephemeral: bytes
    nonce: bytes
    ciphertext: bytes

    @staticmethod
    def _key(shared: bytes, ephemeral: bytes, recipient: bytes) -> bytes:
        return HKDF(
            hashes.SHA256(), 32, salt=ephemeral + recipient, info=b"msc-desktop sealed v2"
        ).derive(shared)

    @classmethod
    def to(cls, recipient: bytes, payload: bytes, aad: bytes) -> Sealed:
        ephemeral = X25519PrivateKey.generate()
        ephemeral_public = _raw_public(ephemeral.public_key())
        shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(recipient))
        nonce = secrets.token_bytes(12)
        key = cls._key(shared, ephemeral_public, recipient)
        return cls(ephemeral_public, nonce, AESGCM(key).encrypt(nonce, payload, aad))

    def open(self, private: X25519PrivateKey, aad: bytes) -> bytes | None:
        shared = private.exchange(X25519PublicKey.from_public_bytes(self.ephemeral))
        key = self._key(shared, self.ephemeral, _raw_public(private.public_key()))
        try:
            return AESGCM(key).decrypt(self.nonce, self.ciphertext, aad)
        except InvalidTag:
            return None

    def to_text(self) -> str:
        return b64(self.ephemeral + self.nonce + self.ciphertext)

    @classmethod
    def from_text(cls, text: str) -> Sealed:
        raw = unb64(text)
        if len(raw) < 32 + 12 + 16:
            raise ValueError  # caught: the value is damaged
        return cls(raw[:32], raw[32:44], raw[44:])


@dataclass(frozen=True)
class Member:
    """A holder of secrets: an X25519 key pair whose private half is locked under a password."""

    lock: Wrap
    public: bytes

    @classmethod
    def create(cls, password: str) -> tuple[Member, X25519PrivateKey]:
        private = X25519PrivateKey.generate()
        return cls(
            Wrap.create(password, raw_private(private), aad=MEMBER_AAD),
            _raw_public(private.public_key()),
        ), private

    def open(self, password: str) -> X25519PrivateKey | None:
        raw = self.lock.open(password, aad=MEMBER_AAD)
        return X25519PrivateKey.from_private_bytes(raw) if raw is not None else None

    def to_json(self) -> dict[str, Any]:
        return {"lock": self.lock.to_json(), "public": b64(self.public)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Member:
        public = unb64(data["public"])
        if len(public) != 32:
            raise ValueError  # caught: the key file is damaged
        return cls(Wrap.from_json(data["lock"]), public)


@dataclass(frozen=True)
class SignatureVerifier:
    """scrypt(password, own salt) kept inside the encrypted database to check signature
    passwords."""

    salt: bytes
    digest: bytes
    n: int

    @staticmethod
    def _hash(password: str, salt: bytes, n: int) -> bytes:
        return hashlib.scrypt(
            password.encode("utf-8"),
            salt=salt,
            n=n,
            r=SCRYPT_R,
            p=SCRYPT_P,
            maxmem=64 * 1024 * 1024,
            dklen=32,
        )

    @classmethod
    def create(cls, password: str) -> SignatureVerifier:
        salt = secrets.token_bytes(16)
        return cls(salt, cls._hash(password, salt, signature_scrypt_n), signature_scrypt_n)

    def matches(self, password: str) -> bool:
        return hmac.compare_digest(self._hash(password, self.salt, self.n), self.digest)

    def to_text(self) -> str:
        return json.dumps(
            {"kdf": "scrypt", "n": self.n, "salt": b64(self.salt), "digest": b64(self.digest)}
        )

    @classmethod
    def from_text(cls, text: str) -> SignatureVerifier:
        data = json.loads(text)
        return cls(unb64(data["salt"]), unb64(data["digest"]), int(data["n"]))


def new_randomization_key() -> tuple[bytes, bytes]:
    """A new randomization key pair: (private bytes, public bytes)."""
    private = X25519PrivateKey.generate()
    return raw_private(private), _raw_public(private.public_key())


def seal_entry(public: bytes, arm: str, aad: bytes) -> str:
    """One allocation entry sealed to the randomization public key."""
    return Sealed.to(public, arm.encode("utf-8"), aad).to_text()


def open_entry(private: bytes, sealed: str, aad: bytes) -> str | None:
    opened = Sealed.from_text(sealed).open(X25519PrivateKey.from_private_bytes(private), aad)
    return opened.decode("utf-8") if opened is not None else None


def encrypt_with(key: bytes, payload: bytes, aad: bytes) -> str:
    nonce = secrets.token_bytes(12)
    return b64(nonce + AESGCM(key).encrypt(nonce, payload, aad))


def decrypt_with(key: bytes, text: str, aad: bytes) -> bytes | None:
    try:
        raw = unb64(text)
        return AESGCM(key).decrypt(raw[:12], raw[12:], aad)
    except (InvalidTag, ValueError):
        return None
