"""The centre's folder (`msc-central --home DIR`): key pair, public key, receipts, quarantine.

Layout: `center.key` (the private keys, mode 0600), `center.pub` (the self-signed public key file
sites pin), `receipts/` (one signed receipt per imported bundle), `quarantine/` (rejected files,
each with a `.reason.txt`), and `central.sqlite` unless the store is PostgreSQL.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from msc_desktop.errors import SyncError
from msc_desktop.sync.envelope import write_atomic
from msc_desktop.sync.keys import KeyPair

CENTER_ID = "XJMSC0001"
_SAFE_NAME = re.compile(r"[^A-Za-z0-9_.-]")


@dataclass(frozen=True)
class CenterHome:
    path: Path

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

    def exists(self) -> bool:
        return self.private_key_path.exists()

    def init(self) -> KeyPair:
        """Create the folder and a new key pair; refuses to replace an existing key."""
        if self.exists():
            raise SyncError(f"A coordinating centre already exists in {self.path}; it was left "
                            f"untouched.")
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            self.receipts_dir.mkdir(exist_ok=True)
            self.quarantine_dir.mkdir(exist_ok=True)
        except OSError as error:
            raise SyncError(f"Cannot create {self.path}: {error.strerror}.") from None
        keys = KeyPair.generate("center", CENTER_ID)
        write_atomic(self.private_key_path, keys.private_bytes())
        os.chmod(self.private_key_path, 0o600)
        write_atomic(self.public_key_path, keys.public_document())
        return keys

    def load_keys(self) -> KeyPair:
        if not self.exists():
            raise SyncError(f"There is no coordinating centre in {self.path}; run msc-central "
                            f"init first.")
        try:
            data = self.private_key_path.read_bytes()
        except OSError as error:
            raise SyncError(f"Cannot read {self.private_key_path}: {error.strerror}.") from None
        return KeyPair.from_private_bytes("center", CENTER_ID, data)

    def receipt_path(self, bundle_name: str) -> Path:
        return self.receipts_dir / f"{Path(bundle_name).stem}.receipt"

    def write_receipt(self, bundle_name: str, data: bytes) -> Path:
        self.receipts_dir.mkdir(parents=True, exist_ok=True)
        path = self.receipt_path(bundle_name)
        write_atomic(path, data)
        return path

    def quarantine(self, data: bytes, source_name: str, reason: str) -> Path:
        """Keep a rejected file with its reason; names never collide and never escape the folder."""
        self.quarantine_dir.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        safe = _SAFE_NAME.sub("_", Path(source_name).name)[:100] or "upload"
        path = self.quarantine_dir / f"{stamp}-{safe}"
        write_atomic(path, data)
        write_atomic(path.with_name(path.name + ".reason.txt"), (reason + "\n").encode("utf-8"))
        return path
