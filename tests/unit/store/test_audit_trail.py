"""The audit trail: captured for every audited change, reason rules, append-only, tamper
evidence."""

from __future__ import annotations

from datetime import UTC, date
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from msc_desktop.errors import ValidationError
from msc_desktop.store.audit import canonical_value
from msc_desktop.store.models import AuditLog, Participant, ParticipantIdentity
from msc_desktop.store.site import SiteStore


def _participant(subject: str = "01-0001") -> Participant:
    return Participant(
        subject_id=subject,
        screening_number=f"S{subject}",
        initials="LW",
        sex="M",
        date_of_birth=date(1968, 2, 29),
        registration_date=date(2026, 1, 5),
        status="registered",
    )


def _rows(store: SiteStore, record_id: str) -> list[AuditLog]:
    with store.session() as session:
        return list(
            session.scalars(
                select(AuditLog).where(AuditLog.record_id == record_id).order_by(AuditLog.seq)
            )
        )


def test_insert_update_delete_are_captured_by_item_with_user_and_reason(
    nurse_store: SiteStore,
) -> None:
    with nurse_store.session() as session:
        participant = _participant()
        session.add(participant)
    inserted = _rows(nurse_store, participant.id)
    assert {row.item_oid: row.new_value for row in inserted} == {
        "IT.DM.SCREENING_NUMBER": "S01-0001",
        "IT.DM.INITIALS": "LW",
        "IT.DM.SEX": "M",
        "IT.DM.DATE_OF_BIRTH": "1968-02-29",
        "IT.DM.BIRTH_YEAR_MONTH": "1968-02",
        "IT.DM.REGISTRATION_DATE": "2026-01-05",
        "IT.DM.STATUS": "registered",
    }  # the link and bookkeeping columns (id, subject id, created at) are not items
    # DESIGN 7: the date of birth is a site-only row; its year and month are the row that leaves.
    assert {row.item_oid for row in inserted if row.site_only} == {
        "IT.DM.INITIALS",
        "IT.DM.DATE_OF_BIRTH",
    }
    assert all(
        (
            row.row_format,
            row.action,
            row.user_id,
            row.old_value,
            row.subject_key,
            row.event_oid,
            row.form_oid,
            row.group_oid,
            row.mdv_oid,
        )
        == (
            2,
            "insert",
            "nurse",
            None,
            "01-0001",
            "SE.SCR",
            "F.REGISTRATION",
            "IG.REGISTRATION",
            "MDV.XJMSC0001.1.0",
        )
        for row in inserted
    )

    with (
        pytest.raises(ValidationError, match="reason is required"),
        nurse_store.session() as session,
    ):
        session.get(Participant, participant.id).initials = "LX"  # type: ignore[union-attr]
    with nurse_store.session() as session:  # nothing of the refused change was kept
        assert session.get(Participant, participant.id).initials == "LW"  # type: ignore[union-attr]

    with nurse_store.session(reason="transcription error") as session:
        session.get(Participant, participant.id).initials = "LX"  # type: ignore[union-attr]
    update = _rows(nurse_store, participant.id)[-1]
    assert (update.action, update.item_oid, update.old_value, update.new_value, update.reason) == (
        "update",
        "IT.DM.INITIALS",
        "LW",
        "LX",
        "transcription error",
    )


def test_site_only_items_are_flagged(nurse_store: SiteStore) -> None:
    with nurse_store.session() as session:
        participant = _participant("01-0002")
        session.add(participant)
        session.flush()
        session.add(
            ParticipantIdentity(participant_id=participant.id, full_name="Wang Li", phone="138")
        )
    rows = {
        r.item_oid: r.site_only
        for r in _rows(nurse_store, participant.id)
        if r.table_name == "participant_identity"
    }
    assert rows == {"IT.DM.FULL_NAME": True, "IT.DM.PHONE": True}


def test_audit_table_refuses_update_and_delete(nurse_store: SiteStore) -> None:
    for statement in (
        "UPDATE audit_log SET reason = 'x' WHERE seq = 1",
        "DELETE FROM audit_log WHERE seq = 1",
    ):
        with (
            pytest.raises(IntegrityError, match="append-only"),
            nurse_store.engine.begin() as connection,
        ):
            connection.execute(text(statement))


def test_verifier_names_the_row_altered_behind_the_apps_back(nurse_store: SiteStore) -> None:
    with nurse_store.session() as session:
        session.add(_participant("01-0003"))
    assert nurse_store.verify_audit().ok
    with nurse_store.session() as session:
        target = session.scalars(select(AuditLog.seq).where(AuditLog.field == "initials")).first()
    with nurse_store.engine.begin() as connection:  # someone with the key, outside the services
        connection.exec_driver_sql("DROP TRIGGER audit_log_no_update")
        connection.execute(
            text("UPDATE audit_log SET new_value = 'QQ' WHERE seq = :s"), {"s": target}
        )
    report = nurse_store.verify_audit()
    assert not report.ok
    assert report.first_broken_seq == target
    assert report.problem == f"audit row {target} was altered after it was written"


def test_canonical_values() -> None:
    from datetime import datetime
    from decimal import Decimal

    assert canonical_value(True) == "true"
    assert canonical_value(Decimal("2.30")) == "2.30"
    assert canonical_value(date(2026, 1, 2)) == "2026-01-02"
    assert (
        canonical_value(datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)) == "2026-01-02T03:04:05.000000Z"
    )
    assert canonical_value(7) == "7" and canonical_value(None) is None


def test_no_plaintext_identifiers_in_any_file_the_store_writes(
    site: SiteStore, data_dir: Path, tmp_path: Path
) -> None:
    with site.session() as session:
        participant = _participant("01-0777")
        session.add(participant)
        session.flush()
        session.add(
            ParticipantIdentity(
                participant_id=participant.id, full_name="Zhao Minghua", phone="13912345678"
            )
        )
    site.backup(tmp_path / "backup.mscbak")
    secrets_ = [b"01-0777", b"Zhao Minghua", b"13912345678", b"S01-0777"]
    written = [p for p in data_dir.rglob("*") if p.is_file()] + [tmp_path / "backup.mscbak"]
    assert any(p.name == "site.db-wal" for p in written)  # the WAL is checked too
    for path in written:
        content = path.read_bytes()
        for secret in secrets_:
            assert secret not in content, f"{secret!r} in plaintext in {path.name}"
