"""The SQLCipher engine: raw 256-bit key, WAL, synchronous=FULL, foreign keys, immediate writes.

Set-up follows DESIGN section 9: `create_engine("sqlite:///...", module=sqlcipher3)` with a
`connect` listener that keys the connection before anything else runs. The driver's own
transaction handling is switched off and SQLAlchemy emits `BEGIN IMMEDIATE`, so a transaction
takes the write lock when it starts and the audit chain's read-then-append cannot race
(SQLAlchemy's documented pysqlite recipe).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlcipher3
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import DatabaseError, OperationalError

from msc_desktop.errors import StoreError
from msc_desktop.files import create_private_file
from msc_desktop.messages import Message


def key_pragma(db_key: bytes) -> str:
    return f"PRAGMA key = \"x'{db_key.hex()}'\""


def open_engine(path: Path, db_key: bytes, *, create: bool = False) -> Engine:
    """An engine on the encrypted database at `path`; the first connection proves the key.

    SQLite makes a new database from a missing or empty file; only `create` may do that, so a
    lost database is never silently replaced by an empty one.
    """
    if not create and (not path.exists() or path.stat().st_size == 0):
        raise StoreError(
            "{name} is missing or empty; nothing was opened or created.", name=path.name
        )
    if create:
        # Made here, 0600, so SQLite opens an empty file of the owner's (its WAL files copy the
        # mode).
        create_private_file(path, b"", StoreError)
    engine = create_engine(f"sqlite:///{path}", module=sqlcipher3)

    @event.listens_for(engine, "connect", insert=True)
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(key_pragma(db_key))
            cursor.execute("PRAGMA cipher_log_level = NONE")
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = FULL")
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute("PRAGMA busy_timeout = 5000")
            cursor.execute("PRAGMA temp_store = MEMORY")
            cursor.execute(
                "PRAGMA secure_delete = ON"
            )  # a deleted or replaced value is overwritten
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT count(*) FROM sqlite_master")).scalar_one()
    except (DatabaseError, OperationalError) as exc:
        engine.dispose()
        raise StoreError(describe_database_error(exc, path)) from None
    return engine


def describe_database_error(exc: Exception, path: Path) -> Message:
    """One human sentence for a low-level database failure."""
    message = str(getattr(exc, "orig", exc)).lower()
    if "not a database" in message or "malformed" in message or "encrypted" in message:
        return Message(
            "{name} is not a site database of this app, or it is damaged.", name=path.name
        )
    if "readonly" in message or "read-only" in message:
        return Message(
            "The data folder {folder} is read-only; the database cannot be written.",
            folder=path.parent,
        )
    if "disk" in message and ("full" in message or "i/o" in message):
        return Message(
            "The disk is full or failing; nothing was saved. Free some space and try again."
        )
    if "unable to open" in message:
        return Message(
            "Cannot open {path}: check that the folder exists and is writable.", path=path
        )
    if "locked" in message or "busy" in message:
        return Message("The database is in use by another copy of the app; close it and try again.")
    return Message(
        "The database could not be used ({problem}).",
        problem=message.splitlines()[0] if message else "unknown error",
    )
