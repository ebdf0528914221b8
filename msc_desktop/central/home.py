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
UNIDENTIFIED = "unidentified-senders"  # a hyphen: never a site id
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

    @property
    def incoming_dir(self) -> Path:
        """Upload bodies while they arrive and are verified (each removed afterwards)."""
        return self.path / "incoming"

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
        keys = KeyPair.generate("center", CENTER_ID, post_quantum=True)
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

    def quarantine(self, data: bytes, source_name: str, reason: str, site_id: str | None,
                   site_quota: int, total_quota: int) -> Path | None:
        """Keep a rejected file with its reason in `quarantine/SITE/` (`unidentified/` when no
        registered key signed it); names never collide and never escape the folder.

        Nothing is kept (None) when it would take the site's folder past `site_quota` bytes or
        the whole quarantine past `total_quota`.
        """
        folder = self.quarantine_dir / (site_id or UNIDENTIFIED)
        if (_size_of(folder) + len(data) > site_quota
                or _size_of(self.quarantine_dir) + len(data) > total_quota):
            return None
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise SyncError("Cannot create the quarantine folder: {problem}.",
                            problem=error.strerror) from None
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        safe = _SAFE_NAME.sub("_", Path(source_name).name)[:100] or "upload"
        path = folder / f"{stamp}-{safe}"
        write_atomic(path, data)
        write_atomic(path.with_name(path.name + ".reason.txt"), (reason + "\n").encode("utf-8"))
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
