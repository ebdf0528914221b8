"""Migrations: an empty database upgrades to head, matches the models, and a newer one refuses."""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from msc_desktop.errors import StoreError
from msc_desktop.store.base import Base
from msc_desktop.store.engine import open_engine
from msc_desktop.store.site import SiteStore, _migrate
from tests.accounts import ADMIN


def test_empty_database_upgrades_to_head_with_no_pending_diff(tmp_path: Path) -> None:
    key = secrets.token_bytes(32)
    engine = open_engine(tmp_path / "m.db", key, create=True)
    _migrate(engine, tmp_path / "m.db", key)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert context.get_current_revision() == "0002"
        assert compare_metadata(context, Base.metadata) == []
        triggers = connection.execute(text("SELECT name FROM sqlite_master WHERE type='trigger'")).scalars().all()
    assert sorted(triggers) == ["audit_log_no_delete", "audit_log_no_update"]
    engine.dispose()


def test_database_from_a_newer_version_refuses_to_open(site: SiteStore, data_dir: Path) -> None:
    with site.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    site.close()
    with pytest.raises(StoreError, match="newer version of MSC Desktop"):
        SiteStore.unlock(data_dir, ADMIN[0], ADMIN[1])


def test_pending_migration_runs_after_a_backup(site: SiteStore, data_dir: Path) -> None:
    with site.engine.begin() as connection:  # pretend the database predates revision 0002
        connection.exec_driver_sql("DROP TRIGGER audit_log_no_update")
        connection.exec_driver_sql("DROP TRIGGER audit_log_no_delete")
        connection.execute(text("UPDATE alembic_version SET version_num = '0001'"))
    site.close()
    reopened = SiteStore.unlock(data_dir, ADMIN[0], ADMIN[1])
    backups = list((data_dir / "backups").glob("before-migration-0001-*.mscbak"))
    assert len(backups) == 1
    with reopened.engine.connect() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == "0002"
    reopened.close()
