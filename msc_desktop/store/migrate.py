"""Bringing a site database's schema to the current version with Alembic, after an online
backup when it holds data already."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

from msc_desktop.errors import StoreError
from msc_desktop.paths import migrations_dir
from msc_desktop.store.backup_writer import BACKUP_DIR, write_backup
from msc_desktop.store.layout import KEYRING_FILE


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    return config


def migrate(engine: Engine, db_path: Path, db_key: bytes) -> None:
    """Brings the schema to head, after an online backup when the database holds data already."""
    config = alembic_config()
    script = ScriptDirectory.from_config(config)
    head = script.get_current_head()
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    if current == head:
        return
    known = {rev.revision for rev in script.walk_revisions()}
    if current is not None and current not in known:
        raise StoreError(
            "This site database was written by a newer version of MSC Desktop; install that "
            "version to open it."
        )
    if current is not None:
        backups = db_path.parent / BACKUP_DIR
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        write_backup(
            engine,
            db_key,
            db_path.parent / KEYRING_FILE,
            backups / f"before-migration-{current}-{stamp}.mscbak",
        )
    with schema_change(engine) as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


@contextmanager
def schema_change(engine: Engine) -> Iterator[Connection]:
    """A transaction for a migration: SQLite's way to rebuild a table that others refer to, with
    references unchecked while it runs (switched off outside the transaction), then every one
    checked before it commits."""
    with engine.connect() as connection:
        driver = connection.connection.driver_connection
        assert driver is not None
        driver.execute("PRAGMA foreign_keys = OFF")
        try:
            with connection.begin():
                yield connection
                if connection.exec_driver_sql("PRAGMA foreign_key_check").first() is not None:
                    raise StoreError(
                        "The database upgrade left a record that refers to a missing one; "
                        "nothing was changed."
                    )
        finally:
            driver.execute("PRAGMA foreign_keys = ON")
