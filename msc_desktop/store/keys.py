"""The database key and its wraps: one per user (scrypt + AES-256-GCM) and one under a recovery key.

The site database is encrypted by SQLCipher with a random 256-bit key given as a raw key, so opening
it costs no second KDF. That key is never written in the clear: `keyring.json` beside the database
holds it wrapped once per user, under a key derived from the user's password with scrypt
(RFC 7914; parameters stored with each wrap), and once under the printed recovery key. Changing a
password rewraps; nothing is re-encrypted.

Wrap entries are indexed by an HMAC of the user id, so the keyring names nobody. It also keeps the
sign-in failure counters (the database cannot be opened to record a failure) and the account
events that happened while the database was closed; the store moves those into the audit trail at
the next unlock.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from msc_desktop.errors import StoreError
from msc_desktop.files import write_atomically

KEYRING_FORMAT = 1
DB_KEY_BYTES = 32
SCRYPT_R = 8
SCRYPT_P = 1
# 2**17 costs about 0.3 s on the project's machines: the unlock budget of issue 2 (250-400 ms).
scrypt_n = 2**17
_RECOVERY_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"  # no 0/O, 1/I/L, U: read aloud without doubt
_RECOVERY_GROUPS = 8
_RECOVERY_GROUP_LEN = 5


def new_database_key() -> bytes:
    return secrets.token_bytes(DB_KEY_BYTES)


def new_recovery_key() -> str:
    """A recovery key of 40 symbols (~196 bits) in groups of five, e.g. `K7Q2M-...`."""
    symbols = [secrets.choice(_RECOVERY_ALPHABET) for _ in range(_RECOVERY_GROUPS * _RECOVERY_GROUP_LEN)]
    groups = ["".join(symbols[i : i + _RECOVERY_GROUP_LEN]) for i in range(0, len(symbols), _RECOVERY_GROUP_LEN)]
    return "-".join(groups)


def normalise_recovery_key(text: str) -> str:
    """Accepts a typed recovery key with any case, spaces or dashes; returns the canonical form."""
    compact = "".join(ch for ch in text.upper() if ch.isalnum())
    expected = _RECOVERY_GROUPS * _RECOVERY_GROUP_LEN
    if len(compact) != expected or any(ch not in _RECOVERY_ALPHABET for ch in compact):
        raise StoreError("That is not a recovery key: it has 8 groups of 5 letters and digits.")
    return "-".join(compact[i : i + _RECOVERY_GROUP_LEN] for i in range(0, expected, _RECOVERY_GROUP_LEN))


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


@dataclass(frozen=True)
class Wrap:
    """The database key encrypted under a key derived from a secret with scrypt."""

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
    def create(cls, secret: str, db_key: bytes, *, n: int | None = None) -> Wrap:
        salt = secrets.token_bytes(16)
        nonce = secrets.token_bytes(12)
        cost = n or scrypt_n
        kek = cls._derive(secret, salt, cost, SCRYPT_R, SCRYPT_P)
        ciphertext = AESGCM(kek).encrypt(nonce, db_key, b"msc-desktop db key v1")
        return cls(salt, nonce, ciphertext, cost, SCRYPT_R, SCRYPT_P)

    def open(self, secret: str) -> bytes | None:
        """The database key, or None when the secret is wrong."""
        kek = self._derive(secret, self.salt, self.n, self.r, self.p)
        try:
            return AESGCM(kek).decrypt(self.nonce, self.ciphertext, b"msc-desktop db key v1")
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
            raise StoreError("The key file uses an unknown key derivation; it is not from this app.")
        return cls(
            _unb64(data["salt"]),
            _unb64(data["nonce"]),
            _unb64(data["ciphertext"]),
            int(data["n"]),
            int(data["r"]),
            int(data["p"]),
        )


@dataclass
class FailureCounter:
    count: int = 0
    locked_until: float = 0.0


@dataclass
class Keyring:
    """The contents of keyring.json: wraps, failure counters and pending account events."""

    path: Path
    index_key: bytes
    wraps: dict[str, Wrap] = field(default_factory=dict)
    recovery: Wrap | None = None
    failures: dict[str, FailureCounter] = field(default_factory=dict)
    pending_events: list[dict[str, str]] = field(default_factory=list)

    def slot(self, user_id: str) -> str:
        """The keyring's name for a user: an HMAC of the user id, so the file names nobody."""
        return hmac.new(self.index_key, user_id.strip().lower().encode("utf-8"), "sha256").hexdigest()

    @classmethod
    def new(cls, path: Path) -> Keyring:
        return cls(path=path, index_key=secrets.token_bytes(32))

    @classmethod
    def load(cls, path: Path) -> Keyring:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("format") != KEYRING_FORMAT:
                raise StoreError(
                    "The key file {name} has format {found!r}; this app reads format {expected}.",
                    name=path.name, found=data.get("format"), expected=KEYRING_FORMAT,
                )
            return cls(
                path=path,
                index_key=_unb64(data["index_key"]),
                wraps={slot: Wrap.from_json(w) for slot, w in data["wraps"].items()},
                recovery=Wrap.from_json(data["recovery"]) if data.get("recovery") else None,
                failures={
                    slot: FailureCounter(int(f["count"]), float(f["locked_until"]))
                    for slot, f in data.get("failures", {}).items()
                },
                pending_events=list(data.get("pending_events", [])),
            )
        except FileNotFoundError:
            raise StoreError("No site key file in {folder}: this folder holds no site.", folder=path.parent) from None
        except StoreError:
            raise
        except (ValueError, KeyError, TypeError, AttributeError):
            raise StoreError("The key file {path} is damaged or not from this app.", path=path) from None

    def save(self) -> None:
        """Writes the keyring atomically (temp file, fsync, rename) so a crash leaves old or new."""
        data = {
            "format": KEYRING_FORMAT,
            "index_key": _b64(self.index_key),
            "wraps": {slot: w.to_json() for slot, w in self.wraps.items()},
            "recovery": self.recovery.to_json() if self.recovery else None,
            "failures": {
                slot: {"count": f.count, "locked_until": f.locked_until}
                for slot, f in self.failures.items()
            },
            "pending_events": self.pending_events,
        }
        write_atomically(self.path, json.dumps(data, indent=1).encode("utf-8"), StoreError, secret=True)
