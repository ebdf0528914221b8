"""keyring.json, the key file beside the database (DESIGN section 3; the scheme is described in
store/keys.py): its members, grants, the next database key during a rekey, format-1 wraps, and
the sign-in failure counters with their seal and tally, read, checked and written atomically."""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from msc_desktop.errors import StoreError
from msc_desktop.files import write_atomically
from msc_desktop.store.keys import (
    MEMBER_AAD,
    READABLE_FORMATS,
    Member,
    Sealed,
    Secret,
    Wrap,
    b64,
    derive,
    raw_private,
    unb64,
)

KEYRING_FORMAT = 2


RECOVERY_SLOT = "recovery"
#: How many failures a tally may be ahead of its sealed origin before it counts as altered.
MAX_TALLY_STEPS = 100_000


@dataclass
class FailureCounter:
    count: int = 0
    locked_until: float = 0.0


def _grant_aad(secret: Secret, slot: str) -> bytes:
    return f"msc-desktop grant {secret.value} {slot}".encode()


@dataclass
class Keyring:
    """The contents of keyring.json: members, grants, failure counters and pending account
    events."""

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
            Wrap.create(password, raw_private(private), aad=MEMBER_AAD), self.members[slot].public
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
        """Appends a failed sign-in (its `slot` and time): the event, and one step of the tally
        chain."""
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
                "origin": b64(origin),
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
            origin = unb64(content["origin"])
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
            if data.get("format") not in READABLE_FORMATS:
                raise StoreError(
                    "The key file {name} has format {found!r}; this app reads format {expected}.",
                    name=path.name,
                    found=data.get("format"),
                    expected=KEYRING_FORMAT,
                )
            ring = cls(path=path, index_key=unb64(data["index_key"]))
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
                    ring.randomization_public = unb64(data["randomization_public"])
                ring.tally = unb64(data.get("tally", ""))
                ring.seal = unb64(data["seal"]) if data.get("seal") else None
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
            "index_key": b64(self.index_key),
            "members": {slot: m.to_json() for slot, m in self.members.items()},
            "grants": {
                secret.value: {slot: s.to_text() for slot, s in granted.items()}
                for secret, granted in self.grants.items()
            },
            "next_database": {slot: s.to_text() for slot, s in self.next_database.items()},
            "legacy": {slot: w.to_json() for slot, w in self.legacy.items()},
            "randomization_public": b64(self.randomization_public)
            if self.randomization_public
            else None,
            "failures": {
                slot: {"count": f.count, "locked_until": f.locked_until}
                for slot, f in self.failures.items()
            },
            "pending_events": self.pending_events,
            "tally": b64(self.tally),
            "seal": b64(self.seal) if self.seal else None,
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
