"""Migrations: an empty database upgrades to head, matches the models, and a newer one refuses."""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import select, text

from msc_desktop.domain.protocol_reader import load_protocol
from msc_desktop.errors import StoreError
from msc_desktop.store.base import Base
from msc_desktop.store.engine import open_engine
from msc_desktop.store.models import AdverseEvent, FormVersion
from msc_desktop.store.protocols import protocol_of, versions_in_use
from msc_desktop.store.services.adverse_events import (
    adverse_events_of,
    assess_causality,
    record_adverse_event,
)
from msc_desktop.store.services.signatures import Meaning, record_digest, valid_signature
from msc_desktop.store.site import SiteStore, _alembic_config, _migrate, schema_change
from tests.accounts import ADMIN, INVESTIGATOR
from tests.factories import TODAY, randomized_participant


def _downgrade(store: SiteStore, revision: str) -> None:
    """Takes the schema of `store` back to `revision` (tests of older databases only)."""
    config = _alembic_config()
    with schema_change(store.engine) as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def test_empty_database_upgrades_to_head_with_no_pending_diff(tmp_path: Path) -> None:
    key = secrets.token_bytes(32)
    engine = open_engine(tmp_path / "m.db", key, create=True)
    _migrate(engine, tmp_path / "m.db", key)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert context.get_current_revision() == "0008"
        assert compare_metadata(context, Base.metadata) == []
        triggers = (
            connection.execute(text("SELECT name FROM sqlite_master WHERE type='trigger'"))
            .scalars()
            .all()
        )
    assert sorted(triggers) == ["audit_log_no_delete", "audit_log_no_update"]
    engine.dispose()


def test_database_from_a_newer_version_refuses_to_open(site: SiteStore, data_dir: Path) -> None:
    with site.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    site.close()
    with pytest.raises(StoreError, match="newer version of MSC Desktop"):
        SiteStore.unlock(data_dir, ADMIN[0], ADMIN[1])


def test_pending_migration_runs_after_a_backup(site: SiteStore, data_dir: Path) -> None:
    _downgrade(site, "0003")
    with site.engine.begin() as connection:  # pretend the database predates revision 0002
        connection.exec_driver_sql("DROP TRIGGER audit_log_no_update")
        connection.exec_driver_sql("DROP TRIGGER audit_log_no_delete")
        connection.execute(text("UPDATE alembic_version SET version_num = '0001'"))
    site.close()
    reopened = SiteStore.unlock(data_dir, ADMIN[0], ADMIN[1])
    backups = list((data_dir / "backups").glob("before-migration-0001-*.mscbak"))
    assert len(backups) == 1
    with reopened.engine.connect() as connection:
        assert (
            connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
            == "0008"
        )
    reopened.close()


def test_causality_code_related_becomes_definitely_related_and_its_signature_holds(
    site: SiteStore, nurse_store: SiteStore, investigator_store: SiteStore, data_dir: Path
) -> None:
    pid = randomized_participant(nurse_store, investigator_store, site, arm="MSC")
    ae = {
        "term": "Fever", "onset_date": "2026-11-20", "aware_at": "2026-11-20T12:00", "grade": "2",
        "serious_death": "N", "serious_life_threatening": "N", "serious_hospitalisation": "N",
        "serious_disability": "N", "serious_congenital_anomaly": "N",
        "serious_other_medical_event": "N",
        "relationship": "POSSIBLY RELATED", "expected": "Y", "action_taken": "DOSE NOT CHANGED",
        "outcome": "RECOVERING/RESOLVING",
    }  # fmt: skip
    record_adverse_event(nurse_store, pid, ae, today=TODAY)
    assess_causality(investigator_store, pid, 1, "DEFINITELY RELATED", INVESTIGATOR[1])
    _downgrade(site, "0003")
    with site.session() as session:  # make it a database from before revision 0003 (naive times)
        session.expire_all()
        event = session.scalars(select(AdverseEvent)).one()
        assert event.aware_at.tzinfo is None
        session.execute(text("UPDATE adverse_event SET relationship_to_msc = 'RELATED'"))
        session.expire_all()
        old_digest = record_digest(session, event)
        session.execute(text("UPDATE signature SET record_digest = :d"), {"d": old_digest})
    with site.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0002'"))
    for store in (nurse_store, investigator_store, site):
        store.close()
    reopened = SiteStore.unlock(data_dir, ADMIN[0], ADMIN[1])
    [view] = adverse_events_of(reopened, pid)
    assert view.relationship == "DEFINITELY RELATED"
    with reopened.session() as session:  # the signature still matches the record's content
        assert valid_signature(
            session, session.scalars(select(AdverseEvent)).one(), Meaning.AE_CAUSALITY
        )
    labels = {
        c.code: c.label.en
        for c in load_protocol().form("adverse_event").field("relationship").choices
    }
    assert labels == {
        "NOT RELATED": "Not related", "UNLIKELY RELATED": "Unlikely related",
        "POSSIBLY RELATED": "Possibly related", "PROBABLY RELATED": "Probably related",
        "DEFINITELY RELATED": "Definitely related",
    }  # fmt: skip
    reopened.close()


def test_forms_entered_before_protocol_versions_existed_keep_version_1_0(
    site: SiteStore, nurse_store: SiteStore, investigator_store: SiteStore, data_dir: Path
) -> None:
    pid = randomized_participant(nurse_store, investigator_store, site, arm="MSC")
    with site.engine.begin() as connection:
        ids = (
            connection.execute(
                text(
                    "SELECT id FROM participant UNION ALL SELECT id FROM consent UNION ALL "
                    "SELECT id FROM visit"
                )
            )
            .scalars()
            .all()
        )
    _downgrade(site, "0004")
    for store in (nurse_store, investigator_store, site):
        store.close()
    reopened = SiteStore.unlock(data_dir, ADMIN[0], ADMIN[1])
    with reopened.session() as session:
        assert protocol_of(session, pid).version == "1.0"
        versions = dict(
            session.execute(select(FormVersion.record_id, FormVersion.version)).tuples().all()
        )
        assert [version.version for version in versions_in_use(session)] == ["1.0"]
    assert len(ids) >= 3 and {versions[record_id] for record_id in ids} == {"1.0"}
    reopened.close()
