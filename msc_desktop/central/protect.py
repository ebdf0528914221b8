"""`msc-central protect`: put a centre made by an earlier version under a passphrase.

Earlier versions kept `center.key` as 64 raw bytes and `central.sqlite` in the clear, with the
allocation lists and seeds readable in it. This encrypts, in an order that survives a crash
(running it again finishes the job): a SQLCipher copy of the store is made beside it, the key
file is rewritten wrapped under the passphrase (0600), the copy replaces the plain store, and
the allocation lists and seeds are sealed in the store (PostgreSQL too). The key pair, and so
the fingerprint sites pinned, do not change.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import sqlcipher3
from sqlalchemy import select, text

from msc_desktop.central.home import CenterHome, CenterSecrets, check_passphrase
from msc_desktop.central.service import Center
from msc_desktop.central.store import SQLITE_NAME, CentralStore
from msc_desktop.central.tables import CenterAllocationList
from msc_desktop.domain.protocol_reader import load_protocol
from msc_desktop.errors import StoreError, SyncError
from msc_desktop.files import create_private_file
from msc_desktop.sync.keys import format_fingerprint

_PLAIN_SQLITE = b"SQLite format 3\x00"


def protect_legacy_centre(home_dir: Path, store_url: str | None, passphrase: str) -> str:
    """Encrypt the centre in `home_dir`; returns the sentence to print."""
    protocol = load_protocol()
    home = CenterHome(Path(home_dir), protocol.protocol_id)
    try:
        found = CenterSecrets(home.load_legacy_keys(), secrets.token_bytes(32))
        check_passphrase(passphrase)
        fresh = True
    except SyncError as error:
        if "already protected" not in str(error):
            raise
        found, fresh = home.load_secrets(passphrase), False  # a run that stopped half-way
    database = home.path / SQLITE_NAME
    encrypted = home.path / f".{SQLITE_NAME}.encrypting"
    plain = store_url is None and _is_plain_sqlite(database)
    if plain:
        _encrypt_copy(database, encrypted, found.derived_key("sqlite store"))
    if fresh:
        home.write_secrets(found, passphrase)
    if plain:
        os.replace(encrypted, database)
        for suffix in ("-wal", "-shm"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)
    center = Center(
        home,
        CentralStore.open(home.path, store_url, found.derived_key("sqlite store")),
        found,
        protocol,
    )
    try:
        sealed = _seal_allocation_lists(center)
    finally:
        center.close()
    return (
        f"The centre in {home.path} is protected by its passphrase ({sealed} allocation "
        f"lists sealed); its fingerprint is unchanged: "
        f"{format_fingerprint(found.keys.public().fingerprint)}. Copies of the old "
        f"center.key or central.sqlite (backups) are not protected: destroy them."
    )


def _is_plain_sqlite(database: Path) -> bool:
    try:
        with open(database, "rb") as stream:
            return stream.read(len(_PLAIN_SQLITE)) == _PLAIN_SQLITE
    except OSError:
        return False


def _encrypt_copy(database: Path, encrypted: Path, key: bytes) -> None:
    encrypted.unlink(missing_ok=True)
    create_private_file(encrypted, b"", StoreError)
    connection = sqlcipher3.connect(str(database))
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.execute(
            f"ATTACH DATABASE ? AS encrypted KEY \"x'{key.hex()}'\"", (str(encrypted),)
        )
        connection.execute("SELECT sqlcipher_export('encrypted')")
        connection.execute("DETACH DATABASE encrypted")
    except sqlcipher3.Error as error:
        encrypted.unlink(missing_ok=True)
        raise StoreError(f"Cannot encrypt {database.name}: {error}.") from None
    finally:
        connection.close()


def _seal_allocation_lists(center: Center) -> int:
    """Seal the seeds and contents still stored in the clear; returns how many lists."""
    if center.store.is_postgresql:
        with center.store.engine.begin() as connection:
            connection.execute(
                text("ALTER TABLE center_allocation_list ALTER COLUMN seed TYPE text")
            )
    count = 0
    with center.store.session() as session:
        for row in session.scalars(select(CenterAllocationList)):
            if len(row.seed) == 64 and row.content.startswith("{"):
                row.seed = center.seal_list_part(row.list_id, row.seed)
                row.content = center.seal_list_part(row.list_id, row.content)
                count += 1
    return count
