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
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from msc_desktop.errors import StoreError
from msc_desktop.files import write_atomically

KEYRING_FORMAT = 2
_READABLE_FORMATS = (1, 2)
DB_KEY_BYTES = 32
SCRYPT_R = 8
SCRYPT_P = 1
# 2**17 costs about 0.3 s on the project's machines: the unlock budget of issue 2 (250-400 ms).
scrypt_n = 2**17
# The signature-password verifier inside the database: 2**14 (about 40 ms) keeps a two-signature
# save within 250 ms; an attacker must first hold the database key to reach it (issue 12 item 13).
signature_scrypt_n = 2**14
RECOVERY_SLOT = "recovery"
#: How many failures a tally may be ahead of its sealed origin before it counts as altered.
MAX_TALLY_STEPS = 100_000
_RECOVERY_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"  # no 0/O, 1/I/L, U: read aloud without doubt
_RECOVERY_GROUPS = 8
_RECOVERY_GROUP_LEN = 5
# A wrap's associated data: the one the format has always used (site format-1 wraps, centre.key).
_WRAP_AAD = b"msc-desktop db key v1"
_MEMBER_AAD = b"msc-desktop member key v2"


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


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
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
            "salt": _b64(self.salt),
            "nonce": _b64(self.nonce),
            "ciphertext": _b64(self.ciphertext),
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
        return cls(_unb64(data["salt"]), _unb64(data["nonce"]), _unb64(data["ciphertext"]), n, r, p)


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
        return _b64(self.ephemeral + self.nonce + self.ciphertext)

    @classmethod
    def from_text(cls, text: str) -> Sealed:
        raw = _unb64(text)
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
            Wrap.create(password, raw_private(private), aad=_MEMBER_AAD),
            _raw_public(private.public_key()),
        ), private

    def open(self, password: str) -> X25519PrivateKey | None:
        raw = self.lock.open(password, aad=_MEMBER_AAD)
        return X25519PrivateKey.from_private_bytes(raw) if raw is not None else None

    def to_json(self) -> dict[str, Any]:
        return {"lock": self.lock.to_json(), "public": _b64(self.public)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Member:
        public = _unb64(data["public"])
        if len(public) != 32:
            raise ValueError  # caught: the key file is damaged
        return cls(Wrap.from_json(data["lock"]), public)


@dataclass
class FailureCounter:
    count: int = 0
    locked_until: float = 0.0


def _grant_aad(secret: Secret, slot: str) -> bytes:
    return f"msc-desktop grant {secret.value} {slot}".encode()


@dataclass
class Keyring:
    """The contents of keyring.json: members, grants, failure counters and pending account events."""

    path: Path
    index_key: bytes
    members: dict[str, Member] = field(default_factory=dict)
    grants: dict[Secret, dict[str, Sealed]] = field(default_factory=dict)
    #: Grants of the next database key, written before a rekey and promoted after it (crash-safe).
    next_database: dict[str, Sealed] = field(default_factory=dict)
    legacy: dict[str, Wrap] = field(default_factory=dict)
    randomization_public: bytes | None = None
    failures: dict[str, FailureCounter] = field(default_factory=dict)
    pending_events: list[dict[str, str]] = field(default_factory=list)
    tally: bytes = b""
    seal: bytes | None = None

    def slot(self, user_id: str) -> str:
        """The keyring's name for a user: an HMAC of the user id, so the file names nobody."""
        return hmac.new(
            self.index_key, user_id.strip().lower().encode("utf-8"), "sha256"
        ).hexdigest()

    @classmethod
    def new(cls, path: Path) -> Keyring:
        return cls(path=path, index_key=secrets.token_bytes(32))

    # -- members and grants --------------------------------------------------------------------

    def holds(self, slot: str, secret: Secret) -> bool:
        return slot in self.grants.get(secret, {})

    def has_password(self, slot: str) -> bool:
        return slot in self.members or slot in self.legacy

    def grant(self, slot: str, secret: Secret, value: bytes) -> None:
        member = self.members[slot]
        self.grants.setdefault(secret, {})[slot] = Sealed.to(
            member.public, value, _grant_aad(secret, slot)
        )

    def revoke(self, slot: str, secret: Secret) -> None:
        self.grants.get(secret, {}).pop(slot, None)

    def remove_member(self, slot: str) -> None:
        self.members.pop(slot, None)
        self.legacy.pop(slot, None)
        for granted in self.grants.values():
            granted.pop(slot, None)

    def relock(self, slot: str, private: X25519PrivateKey, password: str) -> None:
        """The same member key pair, locked under a new password."""
        self.members[slot] = Member(
            Wrap.create(password, raw_private(private), aad=_MEMBER_AAD), self.members[slot].public
        )

    def open_member(self, slot: str, password: str) -> dict[Secret, bytes] | None:
        """The secrets granted to `slot`, unlocked with its password (one scrypt), or None.

        A format-1 wrap gives the database key alone; the caller turns it into a member."""
        member = self.members.get(slot)
        if member is not None:
            private = member.open(password)
            return None if private is None else self.open_grants(slot, private)
        wrap = self.legacy.get(slot)
        if wrap is not None:
            db_key = wrap.open(password)
            return None if db_key is None else {Secret.DATABASE: db_key}
        return None

    def open_grants(self, slot: str, private: X25519PrivateKey) -> dict[Secret, bytes]:
        opened: dict[Secret, bytes] = {}
        for secret, granted in self.grants.items():
            sealed = granted.get(slot)
            value = sealed.open(private, _grant_aad(secret, slot)) if sealed is not None else None
            if value is not None:
                opened[secret] = value
        return opened

    def open_next_database(self, slot: str, password: str) -> bytes | None:
        """The next database key of an interrupted rekey, if `slot` was given one."""
        member = self.members.get(slot)
        sealed = self.next_database.get(slot)
        if member is None or sealed is None:
            return None
        private = member.open(password)
        return (
            sealed.open(private, _grant_aad(Secret.DATABASE, slot)) if private is not None else None
        )

    def seal_next_database(self, db_key: bytes) -> None:
        """Grants of `db_key` to every member, kept aside until the database is rekeyed."""
        self.next_database = {
            slot: Sealed.to(member.public, db_key, _grant_aad(Secret.DATABASE, slot))
            for slot, member in self.members.items()
        }

    def promote_next_database(self) -> None:
        self.grants[Secret.DATABASE] = self.next_database
        self.next_database = {}

    # -- tamper-evident failure records --------------------------------------------------------

    def record_failure(self, event: dict[str, str]) -> None:
        """Appends a failed sign-in (its `slot` and time): the event, and one step of the tally chain."""
        self.pending_events.append(event)
        self.tally = hashlib.sha256(self.tally).digest()

    def reseal(self, db_key: bytes, generation: int) -> None:
        """Seals the current counters after a successful sign-in: a new secret origin, no events."""
        origin = secrets.token_bytes(32)
        self.pending_events = []
        self.tally = origin
        content = json.dumps(
            {
                "generation": generation,
                "origin": _b64(origin),
                "failures": {slot: f.count for slot, f in sorted(self.failures.items())},
            },
            sort_keys=True,
        ).encode("utf-8")
        nonce = secrets.token_bytes(12)
        self.seal = nonce + AESGCM(derive(db_key, "keyring seal")).encrypt(
            nonce, content, b"keyring seal"
        )

    def check_seal(self, db_key: bytes, generation: int) -> list[str]:
        """What changed in the failure records since they were sealed (empty when nothing)."""
        if self.seal is None:
            return ["the key file's sign-in failure records were not sealed"]
        try:
            content = json.loads(
                AESGCM(derive(db_key, "keyring seal")).decrypt(
                    self.seal[:12], self.seal[12:], b"keyring seal"
                )
            )
            sealed_generation = int(content["generation"])
            origin = _unb64(content["origin"])
            sealed_failures = {str(k): int(v) for k, v in content["failures"].items()}
        except (InvalidTag, ValueError, KeyError, TypeError):
            return ["the seal over the sign-in failure records does not verify"]
        problems = []
        if sealed_generation < generation:
            problems.append(
                "the key file is older than the database (an earlier copy was put back)"
            )
        steps = _steps(origin, self.tally)
        if steps is None:
            problems.append("the record of failed sign-ins was altered or removed")
        elif steps != len(self.pending_events):
            problems.append(
                f"{steps - len(self.pending_events)} failed sign-ins were removed from the key file"
                if steps > len(self.pending_events)
                else "failed sign-ins were added to the key file"
            )
        per_slot: dict[str, int] = {}
        for event in self.pending_events:
            per_slot[event.get("slot", "")] = per_slot.get(event.get("slot", ""), 0) + 1
        for slot in set(sealed_failures) | set(self.failures) | set(per_slot):
            now = self.failures[slot].count if slot in self.failures else 0
            if now < sealed_failures.get(slot, 0) + per_slot.get(slot, 0):
                problems.append("a lock-out counter was lowered or removed")
                break
        return problems

    # -- file ----------------------------------------------------------------------------------

    @classmethod
    def load(cls, path: Path) -> Keyring:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("format") not in _READABLE_FORMATS:
                raise StoreError(
                    "The key file {name} has format {found!r}; this app reads format {expected}.",
                    name=path.name,
                    found=data.get("format"),
                    expected=KEYRING_FORMAT,
                )
            ring = cls(path=path, index_key=_unb64(data["index_key"]))
            if data["format"] == 1:
                ring.legacy = {slot: Wrap.from_json(w) for slot, w in data["wraps"].items()}
                if data.get("recovery"):
                    ring.legacy[RECOVERY_SLOT] = Wrap.from_json(data["recovery"])
            else:
                ring.members = {slot: Member.from_json(m) for slot, m in data["members"].items()}
                ring.grants = {
                    Secret(secret): {slot: Sealed.from_text(s) for slot, s in granted.items()}
                    for secret, granted in data["grants"].items()
                }
                ring.next_database = {
                    slot: Sealed.from_text(s) for slot, s in data.get("next_database", {}).items()
                }
                ring.legacy = {
                    slot: Wrap.from_json(w) for slot, w in data.get("legacy", {}).items()
                }
                if data.get("randomization_public"):
                    ring.randomization_public = _unb64(data["randomization_public"])
                ring.tally = _unb64(data.get("tally", ""))
                ring.seal = _unb64(data["seal"]) if data.get("seal") else None
            ring.failures = {
                slot: FailureCounter(int(f["count"]), float(f["locked_until"]))
                for slot, f in data.get("failures", {}).items()
            }
            ring.pending_events = [dict(e) for e in data.get("pending_events", [])]
            return ring
        except FileNotFoundError:
            raise StoreError(
                "No site key file in {folder}: this folder holds no site.", folder=path.parent
            ) from None
        except StoreError:
            raise
        except (ValueError, KeyError, TypeError, AttributeError):
            raise StoreError(
                "The key file {path} is damaged or not from this app.", path=path
            ) from None

    def save(self) -> None:
        """Writes the keyring atomically (temp file, fsync, rename), 0600 from its first byte."""
        data = {
            "format": KEYRING_FORMAT,
            "index_key": _b64(self.index_key),
            "members": {slot: m.to_json() for slot, m in self.members.items()},
            "grants": {
                secret.value: {slot: s.to_text() for slot, s in granted.items()}
                for secret, granted in self.grants.items()
            },
            "next_database": {slot: s.to_text() for slot, s in self.next_database.items()},
            "legacy": {slot: w.to_json() for slot, w in self.legacy.items()},
            "randomization_public": _b64(self.randomization_public)
            if self.randomization_public
            else None,
            "failures": {
                slot: {"count": f.count, "locked_until": f.locked_until}
                for slot, f in self.failures.items()
            },
            "pending_events": self.pending_events,
            "tally": _b64(self.tally),
            "seal": _b64(self.seal) if self.seal else None,
        }
        write_atomically(
            self.path, json.dumps(data, indent=1).encode("utf-8"), StoreError, secret=True
        )


def _steps(origin: bytes, tally: bytes) -> int | None:
    """How many hash steps lead from `origin` to `tally`, or None when it is not on the chain."""
    current = origin
    for step in range(MAX_TALLY_STEPS + 1):
        if hmac.compare_digest(current, tally):
            return step
        current = hashlib.sha256(current).digest()
    return None


@dataclass(frozen=True)
class SignatureVerifier:
    """scrypt(password, own salt) kept inside the encrypted database to check signature passwords."""

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
            {"kdf": "scrypt", "n": self.n, "salt": _b64(self.salt), "digest": _b64(self.digest)}
        )

    @classmethod
    def from_text(cls, text: str) -> SignatureVerifier:
        data = json.loads(text)
        return cls(_unb64(data["salt"]), _unb64(data["digest"]), int(data["n"]))


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
    return _b64(nonce + AESGCM(key).encrypt(nonce, payload, aad))


def decrypt_with(key: bytes, text: str, aad: bytes) -> bytes | None:
    try:
        raw = _unb64(text)
        return AESGCM(key).decrypt(raw[:12], raw[12:], aad)
    except (InvalidTag, ValueError):
        return None
