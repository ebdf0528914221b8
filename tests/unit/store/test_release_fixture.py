"""A site database made by the release before the audit trail went by item (tests/data/site-c1c2de3)
migrates: its format-1 chain verifies, new rows (format 2) continue it, and tampering with a row
of either format is reported at that row."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from msc_desktop.central.service import Center
from msc_desktop.store.audit_chain import FORMAT_ITEMS, verify_chain
from msc_desktop.store.audit_log import AuditEntry, append_entries, site_digest_key
from msc_desktop.store.protocols import versions_in_use
from msc_desktop.store.services.audit_history import participant_history
from msc_desktop.store.services.participants import find_by_subject_id
from msc_desktop.store.services.screening import screening_state
from msc_desktop.store.services.visits import save_visit
from msc_desktop.store.site import SiteStore
from msc_desktop.sync.site_export import export_bundle
from tests.accounts import ADMIN, CENTRE_PASSPHRASE, NURSE
from tests.conftest import DATA_DIR
from tests.unit.sync.sitepath import connect

FIXTURE = DATA_DIR / "site-c1c2de3"
FIXTURE_ROWS = 735  # the rows the old release wrote (tools/make_fixture_site.py printed them)


def copy_fixture(into: Path) -> Path:
    """A private copy of the old release's site folder (never opened in place)."""
    shutil.copytree(FIXTURE, into)
    return into


@pytest.fixture
def migrated(tmp_path: Path) -> Iterator[SiteStore]:
    store = SiteStore.unlock(copy_fixture(tmp_path / "old-site"), ADMIN[0], ADMIN[1])
    yield store
    store.close()


def _rows(store: SiteStore, after: int = 0) -> list[dict[str, object]]:
    with store.engine.connect() as connection:
        return [
            dict(row)
            for row in connection.execute(
                text("SELECT * FROM audit_log WHERE seq > :after ORDER BY seq"), {"after": after}
            ).mappings()
        ]


def _item_entry(value: str, unit: str, *, site_only: bool = False) -> AuditEntry:
    return AuditEntry(
        "update",
        "item_value",
        "locator-only",
        "value",
        "47.9",
        value,
        site_only,
        row_format=FORMAT_ITEMS,
        subject_key="01-0001",
        event_oid="SE.W0",
        form_oid="F.VISIT",
        group_oid="IG.VISIT",
        repeat_key=None,
        item_oid="IT.LB.BILI",
        old_unit="umol/L",
        new_unit=unit,
        mdv_oid="MDV.XJMSC0001.1.0",
    )


def _append(store: SiteStore, *entries: AuditEntry) -> None:
    with store.engine.begin() as connection:
        append_entries(connection, entries, "nurse", "transcription error")


def _tamper(store: SiteStore, seq: int, column: str, value: str) -> None:
    """Someone holding the database key, outside the app: drops the trigger and edits a row."""
    with store.engine.begin() as connection:
        connection.exec_driver_sql("DROP TRIGGER IF EXISTS audit_log_no_update")
        connection.execute(
            text(f"UPDATE audit_log SET {column} = :v WHERE seq = :s"), {"v": value, "s": seq}
        )


def test_the_old_release_database_migrates_after_a_backup_and_its_chain_verifies(
    migrated: SiteStore,
) -> None:
    with migrated.engine.connect() as connection:
        assert MigrationContext.configure(connection).get_current_revision() == "0008"
    with migrated.session() as session:  # what the old release entered was entered under 1.0
        assert [protocol.version for protocol in versions_in_use(session)] == ["1.0"]
    assert len(list((migrated.data_dir / "backups").glob("before-migration-0003-*.mscbak"))) == 1
    rows = _rows(migrated)
    old = rows[:FIXTURE_ROWS]
    assert {row["row_format"] for row in old} == {1}
    assert all(row["item_oid"] is None and row["subject_key"] is None for row in old)
    report = migrated.verify_audit()
    assert report.ok and report.count == len(rows) > FIXTURE_ROWS  # the sign-in continued the chain
    assert migrated.anchor_problems() == []


def test_the_trail_stays_append_only_after_the_migration(migrated: SiteStore) -> None:
    for statement in (
        "UPDATE audit_log SET reason = 'x' WHERE seq = 1",
        "DELETE FROM audit_log WHERE seq = 2",
    ):
        with (
            pytest.raises(IntegrityError, match="append-only"),
            migrated.engine.begin() as connection,
        ):
            connection.execute(text(statement))


def test_format_2_rows_continue_the_old_chain_and_a_changed_unit_is_caught(
    migrated: SiteStore,
) -> None:
    head = _rows(migrated)[-1]["seq"]
    assert isinstance(head, int)
    _append(migrated, _item_entry("3.2", "mg/dL"))
    [row] = _rows(migrated, head)
    assert (row["row_format"], row["item_oid"], row["old_unit"], row["new_unit"]) == (
        2,
        "IT.LB.BILI",
        "umol/L",
        "mg/dL",
    )
    assert migrated.verify_audit().ok
    _tamper(migrated, head + 1, "new_unit", "umol/L")
    report = migrated.verify_audit()
    assert (report.ok, report.first_broken_seq) == (False, head + 1)
    assert report.problem == f"audit row {head + 1} was altered after it was written"


def test_the_locator_of_a_format_2_row_is_outside_its_digest(migrated: SiteStore) -> None:
    head = _rows(migrated)[-1]["seq"]
    assert isinstance(head, int)
    _append(migrated, _item_entry("3.2", "mg/dL"))
    _tamper(migrated, head + 1, "table_name", "visit")
    assert migrated.verify_audit().ok  # where the site kept it is not what the row states
    _tamper(migrated, head + 1, "mdv_oid", "MDV.XJMSC0001.2.0")
    assert migrated.verify_audit().first_broken_seq == head + 1


def test_a_tampered_format_1_row_is_reported_at_its_seq(migrated: SiteStore) -> None:
    rows = _rows(migrated)
    target = next(
        row["seq"] for row in rows if row["field"] == "value" and row["table_name"] == "item_value"
    )
    assert isinstance(target, int)
    _tamper(migrated, target, "new_value", "99")
    report = migrated.verify_audit()
    assert (report.ok, report.first_broken_seq, report.count) == (False, target, target - 1)


def test_site_only_format_2_rows_are_keyed_with_the_old_sites_secret(migrated: SiteStore) -> None:
    with migrated.engine.connect() as connection:
        key = site_digest_key(connection)
    assert key is not None and key.keyed_from < FIXTURE_ROWS  # made by the old release
    head = _rows(migrated)[-1]["seq"]
    assert isinstance(head, int)
    _append(
        migrated,
        AuditEntry(
            "update",
            "participant_identity",
            "locator-only",
            "phone",
            "13800000001",
            "13900000001",
            True,
            row_format=FORMAT_ITEMS,
            subject_key="01-0001",
            event_oid="SE.COMMON",
            form_oid="F.REGISTRATION",
            group_oid="IG.REGISTRATION",
            item_oid="IT.DM.PHONE",
            mdv_oid="MDV.XJMSC0001.1.0",
        ),
    )
    rows = _rows(migrated)
    assert verify_chain(rows, key=key).ok
    start = {"start_seq": head, "start_hash": str(rows[head - 1]["hash"])}
    unkeyed = verify_chain(
        rows[head:], **start
    )  # a plain SHA-256 would be guessable: it is not one
    assert (unkeyed.ok, unkeyed.first_broken_seq) == (False, head + 1)
    redacted = [dict(row, old_value=None, new_value=None, redacted=True) for row in rows[head:]]
    assert verify_chain(redacted, **start).ok


def test_new_entries_on_an_old_participant_are_rows_by_item_beside_its_old_history(
    migrated: SiteStore, tmp_path: Path
) -> None:
    nurse = SiteStore.unlock(migrated.data_dir, NURSE[0], NURSE[1])
    try:
        first = find_by_subject_id(nurse, "01-0001").id
        assert screening_state(nurse, first).signature is not None  # its signature still binds
        head = _rows(nurse)[-1]["seq"]
        assert isinstance(head, int)
        visit = {
            "visit_code": "W0",
            "visit_date": "2026-11-05",
            "lab_date": "2026-11-05",
            "weight": "62.0",
            "systolic_bp": "121",
            "diastolic_bp": "77",
            "heart_rate": "75",
            "temperature": "36.8",
            "bilirubin": {"value": "2.8", "unit": "mg/dL"},
            "albumin": {"value": "3.2", "unit": "g/dL"},
            "inr": "1.7",
            "creatinine": {"value": "1.1", "unit": "mg/dL"},
            "sodium": "135",
            "ascites": "slight",
            "encephalopathy_grade": "0",
            "dialysis": "N",
            "variceal_bleeding": "N",
        }
        save_visit(
            nurse,
            first,
            visit,
            today=date(2026, 11, 20),
            reason="lab re-reported in mg/dL",
            confirm_warnings=True,
        )
        [row] = [row for row in _rows(nurse, head) if row["action"] == "update"]
        assert (
            row["row_format"],
            row["subject_key"],
            row["event_oid"],
            row["item_oid"],
            row["old_value"],
            row["old_unit"],
            row["new_value"],
            row["new_unit"],
        ) == (2, "01-0001", "SE.W0", "IT.LB.BILI", "47.9", "umol/L", "2.8", "mg/dL")
        assert nurse.verify_audit().ok
        history = participant_history(nurse, first)
        formats = {entry.item_oid is not None for entry in history.entries}
        assert formats == {
            True,
            False,
        }  # the old rows by column, the new one by item, in one history
        bilirubin = [entry for entry in history.entries if entry.item_oid == "IT.LB.BILI"]
        assert [
            (entry.record, entry.field, entry.old_value, entry.new_value) for entry in bilirubin
        ] == [("Visit W0", "Total bilirubin", "47.9 umol/L", "2.8 mg/dL")]
    finally:
        nurse.close()


def test_the_migrated_site_exports_its_whole_chain_to_a_centre(
    migrated: SiteStore, tmp_path: Path
) -> None:
    center = Center.init(tmp_path / "center", passphrase=CENTRE_PASSPHRASE)
    try:
        connect(migrated, center, tmp_path)
        result = export_bundle(migrated, tmp_path, "full")
        assert result is not None and result.from_seq == 1
        assert [o.status for o in center.import_files([result.path])] == ["accepted"]
        assert center.site_progress()["01"][0] == result.to_seq
    finally:
        center.close()
