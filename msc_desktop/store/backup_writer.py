"""Writing an online backup of a site: the still-encrypted database, copied by SQLite's backup
API, zipped with the key file, written atomically."""

from __future__ import annotations

import json
import os
import secrets
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import sqlcipher3
from sqlalchemy import Engine
from sqlalchemy.exc import DatabaseError

from msc_desktop.errors import StoreError
from msc_desktop.files import create_private_file, make_private_folder
from msc_desktop.store.engine import key_pragma
from msc_desktop.store.layout import DB_FILE, KEYRING_FILE

BACKUP_DIR = "backups"


def write_backup(engine: Engine, db_key: bytes, keyring_path: Path, target: Path) -> None:
    """Copies the live database with SQLite's backup API into a zip with the keyring, atomically."""
    make_private_folder(target.parent, StoreError)
    work = target.with_name(f".{target.name}.{secrets.token_hex(4)}")
    db_copy = Path(f"{work}.db")
    try:
        create_private_file(db_copy, b"", StoreError)
        create_private_file(work, b"", StoreError)
        raw = engine.raw_connection()
        try:
            destination = sqlcipher3.connect(str(db_copy))
            try:
                destination.execute(key_pragma(db_key))
                raw.driver_connection.backup(destination)  # type: ignore[union-attr]
            finally:
                destination.close()
        finally:
            raw.close()
        with zipfile.ZipFile(work, "w", compression=zipfile.ZIP_STORED) as archive:
            archive.write(db_copy, DB_FILE)
            archive.write(keyring_path, KEYRING_FILE)
            archive.writestr(
                "manifest.json",
                json.dumps(
                    {"format": 1, "written": datetime.now(UTC).isoformat(timespec="seconds")}
                ),
            )
        with open(work, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(work, target)
    except OSError as exc:
        raise StoreError(
            "The backup could not be written to {target}: {problem}.",
            target=target,
            problem=exc.strerror or str(exc),
        ) from None
    except (sqlcipher3.DatabaseError, DatabaseError) as exc:
        raise StoreError("The backup could not be written: {problem}.", problem=str(exc)) from None
    finally:
        db_copy.unlink(missing_ok=True)
        Path(work).unlink(missing_ok=True)
