"""The coordinating centre's store opened: its engine, sessions and the migrations of earlier
stores (the tables are declared in `tables`).

SQLAlchemy 2 over a SQLCipher-encrypted SQLite file by default (keyed with a raw 256-bit key
derived from the centre's passphrase-protected data key, file mode 0600 from creation), or
PostgreSQL when a `postgresql://` URL is given (driver psycopg 3); the allocation lists and their
seeds are encrypted by the service either way. A store made by the earlier release (data kept by
the site's tables) is migrated when opened: its sites, allocation lists and chains stay, and each
site sends its data again (`refill_to`). SQLite runs in WAL mode with
synchronous=FULL and takes the write lock at the start of each transaction (BEGIN IMMEDIATE), so
concurrent importers queue instead of failing half-way; PostgreSQL serializes per site with
`SELECT ... FOR UPDATE` on the site row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlcipher3
from sqlalchemy import Engine, MetaData, create_engine, event, inspect
from sqlalchemy.exc import ArgumentError, DatabaseError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from msc_desktop.central import CENTRAL_EXTRA_MISSING
from msc_desktop.central.tables import AUDIT_ROW_COLUMNS, CentralBase
from msc_desktop.errors import StoreError
from msc_desktop.files import create_private_file

SQLITE_NAME = "central.sqlite"


def store_url(home: Path, url: str | None) -> str:
    """The store's URL: `url` when given (postgresql://...), else the SQLite file in `home`."""
    if url:
        for prefix in ("postgresql://", "postgres://"):
            if url.startswith(prefix):
                return "postgresql+psycopg://" + url.removeprefix(prefix)
        return url
    return f"sqlite:///{home / SQLITE_NAME}"


def open_engine(url: str, sqlite_key: bytes | None = None) -> Engine:
    """An engine with the store's tables created; StoreError when it cannot be reached.

    A SQLite store is SQLCipher keyed with `sqlite_key`; a new file is made 0600 first."""
    try:
        if url.startswith("sqlite"):
            if sqlite_key is None:
                raise StoreError("The centre's SQLite store needs its key.")
            database = Path(url.removeprefix("sqlite:///"))
            if not database.exists():
                create_private_file(database, b"", StoreError)
            engine = create_engine(url, module=sqlcipher3, connect_args={"timeout": 60})
            event.listen(engine, "connect", _keyed(sqlite_key))
            event.listen(engine, "begin", _sqlite_begin_immediate)
        else:
            engine = create_engine(url, pool_pre_ping=True)
        _migrate_earlier_release(engine)
        CentralBase.metadata.create_all(engine)
        _index_items_by_oid(engine)
        _count_entered_items(engine)
    except ModuleNotFoundError:
        raise StoreError(CENTRAL_EXTRA_MISSING.format(what="A PostgreSQL store")) from None
    except ArgumentError as error:
        raise StoreError(f"The store address is not usable: {error}.") from None
    except DatabaseError as error:
        if "not a database" in str(error.orig):
            raise StoreError(
                "The centre's store cannot be opened with this centre's key: it is "
                "from another centre, not yet encrypted (run msc-central protect) "
                "or damaged."
            ) from None
        raise StoreError(
            f"Cannot open the centre's store: {error.orig}".rstrip(".") + "."
        ) from None
    return engine


def _index_items_by_oid(engine: Engine) -> None:
    """The web pages read a few items of every participant (status, arm, visit dates) by OID.
    On SQLite the index covers the value too, so that reading them never decrypts the table's
    pages; PostgreSQL limits an index entry's size, and a value may be a long text."""
    value = ", current_value" if engine.dialect.name == "sqlite" else ""
    with engine.begin() as connection:
        connection.exec_driver_sql(
            f"CREATE INDEX IF NOT EXISTS ix_center_item_by_item ON center_item (item_oid, "
            f"site_id, subject_key, event_oid, form_oid, removed{value})"
        )


def _count_entered_items(engine: Engine) -> None:
    """Fill `center_subject_items` once for a store made before it was kept (every import
    keeps it from then on)."""
    with engine.begin() as connection:
        if connection.exec_driver_sql("SELECT 1 FROM center_subject_items LIMIT 1").first():
            return
        connection.exec_driver_sql(
            "INSERT INTO center_subject_items (site_id, subject_key, items_entered) "
            "SELECT site_id, subject_key, COUNT(*) FROM center_item WHERE removed = FALSE AND "
            "current_value IS NOT NULL AND current_value <> '' GROUP BY site_id, subject_key"
        )


_AUDIT_ROW_NEXT = "center_audit_row_by_item"


def _migrate_earlier_release(engine: Engine) -> None:
    """Bring a store of the release that kept data by the site's tables to this one, in one
    transaction: registered sites, allocation lists and seeds, bundles, time flags and protocol
    versions stay (a few columns renamed so that none is named like a site's column); each
    received audit row stays as its digest, number, time, user and action (the chain still
    verifies, its table, record, column and values go); the data rebuilt by site table go, and
    each site is marked to send its data again (`refill_to`: its rows so far)."""
    tables = set(inspect(engine).get_table_names())
    if "center_value" not in tables and "center_record" not in tables:
        return
    scratch = MetaData()
    CentralBase.metadata.tables["center_site"].to_metadata(scratch)
    next_rows = CentralBase.metadata.tables["center_audit_row"].to_metadata(
        scratch, name=_AUDIT_ROW_NEXT
    )
    columns = ", ".join(AUDIT_ROW_COLUMNS + ("site_id", "bundle_sha256"))
    kept = {
        "site_id",
        "seq",
        "ts",
        "user_id",
        "action",
        "row_digest",
        "prev_hash",
        "hash",
        "bundle_sha256",
    }
    values = ", ".join(
        name
        if name in kept
        else "1"
        if name == "row_format"
        else "TRUE"
        if name == "redacted"
        else "NULL"
        for name in AUDIT_ROW_COLUMNS + ("site_id", "bundle_sha256")
    )
    renamed = [
        ("center_allocation_list", "list_id", "allocation_list_id"),
        ("center_allocation_list", "created_at", "issued_at"),
        ("center_bundle", "received_at", "arrived_at"),
    ]
    if "center_protocol_version" in tables:
        renamed += [
            ("center_protocol_version", "version", "issued_version"),
            ("center_protocol_version", "declaration", "protocol_declaration"),
        ]
    with engine.begin() as connection:
        for table, old, new in renamed:
            connection.exec_driver_sql(f"ALTER TABLE {table} RENAME COLUMN {old} TO {new}")
        next_rows.create(connection)
        connection.exec_driver_sql(
            f"INSERT INTO {_AUDIT_ROW_NEXT} ({columns}) SELECT {values} FROM center_audit_row"
        )
        for table in ("center_audit_row", "center_value", "center_record"):
            connection.exec_driver_sql(f"DROP TABLE IF EXISTS {table}")
        connection.exec_driver_sql(f"ALTER TABLE {_AUDIT_ROW_NEXT} RENAME TO center_audit_row")
        connection.exec_driver_sql(
            "ALTER TABLE center_site ADD COLUMN refill_to INTEGER NOT NULL DEFAULT 0"
        )
        connection.exec_driver_sql("UPDATE center_site SET refill_to = last_seq")


def _keyed(sqlite_key: bytes) -> Callable[[Any, Any], None]:
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA key = \"x'{sqlite_key.hex()}'\"")
        cursor.execute("PRAGMA cipher_log_level = NONE")
        cursor.close()
        _sqlite_on_connect(dbapi_connection, _record)

    return on_connect


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    # pysqlite's own transaction handling is switched off so that `begin` below decides.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_begin_immediate(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE")


class CentralStore:
    """Sessions over the centre's engine; every unit of work commits whole or not at all."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._factory = sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def open(
        cls, home: Path, url: str | None = None, sqlite_key: bytes | None = None
    ) -> CentralStore:
        return cls(open_engine(store_url(home, url), sqlite_key))

    @property
    def is_postgresql(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    @contextmanager
    def session(self) -> Iterator[Session]:
        session = self._factory()
        try:
            yield session
            session.commit()
        except SQLAlchemyError as error:
            session.rollback()
            raise StoreError(
                f"The centre's store refused the change: {type(error).__name__}."
            ) from error
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def close(self) -> None:
        self.engine.dispose()
