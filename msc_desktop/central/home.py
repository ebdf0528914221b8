"""The centre's folder (`msc-central --home DIR`): key pair, public key, receipts, quarantine.

Layout: `center.key` (the private keys, encrypted under the centre's passphrase, mode 0600 from
creation), `center.pub` (the self-signed public key file sites pin), `receipts/` (one signed
receipt per imported bundle), `quarantine/SITE/` (rejected files, each with a `.reason.txt`),
`incoming/` (upload bodies while they are checked) and `central.sqlite` (SQLCipher, 0600) unless
the store is PostgreSQL.

`center.key` is JSON: the format and a scrypt + AES-256-GCM wrap (the same as a site user's key
wrap, `msc_desktop.store.keys.Wrap`) of the private keys followed by a random 256-bit data key.
The data key never leaves memory: HKDF-SHA256 derives from it the SQLCipher key of the store and
the key that encrypts the allocation lists and their seeds inside the store (so they stay secret
in PostgreSQL too).
"""

from __future__ import annotations

import json
import os
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from msc_desktop.errors import StoreError, SyncError, ValidationError
from msc_desktop.files import make_private_folder, read_limited
from msc_desktop.store.keys import Wrap
from msc_desktop.store.roles import password_problem
from msc_desktop.sync.envelope import write_atomic
from msc_desktop.sync.keys import KeyPair

KEY_FILE_FORMAT = "msc-center-key/2"
_DATA_KEY_BYTES = 32
_LEGACY_KEY_LENGTH = 64  # the raw, unprotected key file of earlier versions
UNIDENTIFIED = "unidentified-senders"  # a hyphen: never a site id
_SAFE_NAME = re.compile(r"[^A-Za-z0-9_.-]")


def check_passphrase(passphrase: str) -> None:
    """A new centre passphrase must pass the same policy as a site password."""
    problem = password_problem(passphrase, "centre", site_name="coordinating centre")
    if problem is not None:
        raise ValidationError(f"The passphrase is too weak: {problem}")


@dataclass(frozen=True)
class CenterSecrets:
    """What the passphrase unlocks: the key pair and the data key."""

    keys: KeyPair
    data_key: bytes

    def derived_key(self, purpose: str) -> bytes:
        """A 256-bit key for one purpose ("sqlite store", "allocation lists")."""
        return HKDF(
            hashes.SHA256(), 32, salt=None, info=f"msc-central {purpose}".encode("ascii")
        ).derive(self.data_key)


@dataclass(frozen=True)
class CenterHome:
    path: Path
    #: The trial the centre coordinates (protocol.json `protocol_id`): its keys' party id.
    trial_id: str

    @property
    def private_key_path(self) -> Path:
        return self.path / "center.key"

    @property
    def public_key_path(self) -> Path:
        return self.path / "center.pub"

    @property
    def receipts_dir(self) -> Path:
        return self.path / "receipts"

    @property
    def quarantine_dir(self) -> Path:
        return self.path / "quarantine"

    @property
    def incoming_dir(self) -> Path:
        """Upload bodies while they arrive and are verified (each removed afterwards)."""
        return self.path / "incoming"

    def exists(self) -> bool:
        return self.private_key_path.exists()

    def init(self, passphrase: str) -> CenterSecrets:
        """Create the folder and a new key pair under `passphrase`; refuses to replace a key."""
        if self.exists():
            raise SyncError(
                f"A coordinating centre already exists in {self.path}; it was left untouched."
            )
        check_passphrase(passphrase)
        for folder in (self.path, self.receipts_dir, self.quarantine_dir):
            make_private_folder(folder, SyncError)
        found = CenterSecrets(
            KeyPair.generate("center", self.trial_id, post_quantum=True),
            secrets.token_bytes(_DATA_KEY_BYTES),
        )
        self.write_secrets(found, passphrase)
        write_atomic(self.public_key_path, found.keys.public_document())
        return found

    def write_secrets(self, found: CenterSecrets, passphrase: str) -> None:
        """(Re)write `center.key`: the keys wrapped under `passphrase`, 0600 from creation."""
        wrap = Wrap.create(passphrase, found.keys.private_bytes() + found.data_key)
        document = {"format": KEY_FILE_FORMAT, "wrap": wrap.to_json()}
        write_atomic(
            self.private_key_path, json.dumps(document, indent=2).encode("utf-8"), secret=True
        )

    def load_secrets(self, passphrase: str) -> CenterSecrets:
        """The centre's keys, unlocked with its passphrase (SyncError when it is wrong)."""
        if not self.exists():
            raise SyncError(
                f"There is no coordinating centre in {self.path}; run msc-central init first."
            )
        data = read_limited(self.private_key_path, 64 * 1024, SyncError)
        if len(data) == _LEGACY_KEY_LENGTH:
            raise SyncError(
                f"The centre's private key in {self.path} is not protected by a "
                f"passphrase yet; run msc-central protect once."
            )
        try:
            document = json.loads(data.decode("utf-8"))
            if document["format"] != KEY_FILE_FORMAT:
                raise ValueError(document["format"])
            wrap = Wrap.from_json(document["wrap"])
        except (UnicodeDecodeError, ValueError, KeyError, TypeError, StoreError):
            raise SyncError(f"The centre's key file {self.private_key_path} is damaged.") from None
        secret = wrap.open(passphrase)
        if secret is None:
            raise SyncError("Wrong passphrase for this coordinating centre.")
        return CenterSecrets(
            KeyPair.from_private_bytes("center", self.trial_id, secret[:-_DATA_KEY_BYTES]),
            secret[-_DATA_KEY_BYTES:],
        )

    def load_legacy_keys(self) -> KeyPair:
        """The unprotected key file of earlier versions (for `msc-central protect`)."""
        data = read_limited(self.private_key_path, 64 * 1024, SyncError)
        if len(data) != _LEGACY_KEY_LENGTH:
            raise SyncError(f"The centre in {self.path} is already protected by a passphrase.")
        return KeyPair.from_private_bytes("center", self.trial_id, data)

    def receipt_path(self, bundle_name: str) -> Path:
        return self.receipts_dir / f"{Path(bundle_name).stem}.receipt"

    def write_receipt(self, bundle_name: str, data: bytes) -> Path:
        make_private_folder(self.receipts_dir, SyncError)
        path = self.receipt_path(bundle_name)
        write_atomic(path, data)
        return path

    def quarantine(
        self,
        data: bytes,
        source_name: str,
        reason: str,
        site_id: str | None,
        site_quota: int,
        total_quota: int,
    ) -> Path | None:
        """Keep a rejected file with its reason in `quarantine/SITE/` (`unidentified/` when no
        registered key signed it); names never collide and never escape the folder.

        Nothing is kept (None) when it would take the site's folder past `site_quota` bytes or
        the whole quarantine past `total_quota`.
        """
        folder = self.quarantine_dir / (site_id or UNIDENTIFIED)
        if (
            _size_of(folder) + len(data) > site_quota
            or _size_of(self.quarantine_dir) + len(data) > total_quota
        ):
            return None
        make_private_folder(folder, SyncError)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        safe = _SAFE_NAME.sub("_", Path(source_name).name)[:100] or "upload"
        path = folder / f"{stamp}-{safe}"
        # What someone handed over may be anything, a patient letter included: owner only.
        write_atomic(path, data, secret=True)
        write_atomic(
            path.with_name(path.name + ".reason.txt"), (reason + "\n").encode("utf-8"), secret=True
        )
        return path


def _size_of(folder: Path) -> int:
    """Bytes of the files under `folder` (0 when it does not exist)."""
    total = 0
    for root, _folders, files in os.walk(folder):
        for name in files:
            try:
                total += (Path(root) / name).stat().st_size
            except OSError:
                continue
    return total
