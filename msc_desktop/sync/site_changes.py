"""What a bundle carries, read from the site's audit trail: the rows after a sequence number,
and their changes and signatures as ODM 1.3.2 ClinicalData (rendered by
sync/odm_clinical_writer.py)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from msc_desktop.errors import SyncError
from msc_desktop.store.audit_chain import FORMAT_COLUMNS, is_redactable
from msc_desktop.store.audit_values import catalogue_of
from msc_desktop.store.models import AuditLog, UserAccount
from msc_desktop.store.protocols import held_protocols, session_protocol
from msc_desktop.sync.bundle_items import bundle_changes
from msc_desktop.sync.odm_clinical import ClinicalContext
from msc_desktop.sync.odm_clinical_writer import render_clinical
from msc_desktop.sync.packages import utc_now_text

#: Every column of `audit_log`, read by name.
_AUDIT_COLUMNS = tuple(column.name for column in AuditLog.__table__.columns)


def bundle_rows_after(session: Session, after: int) -> list[dict[str, Any]]:
    """Audit rows after `after` as the site keeps them, marked `redacted` where a site-only
    value must not travel (its keyed digest does).

    Read with the driver's own cursor inside the session's transaction: a full export reads
    every row, and SQLAlchemy's row objects would cost more than the rest of the reading.
    """
    cursor = session.connection().connection.cursor()
    try:
        cursor.execute(
            f"SELECT {', '.join(_AUDIT_COLUMNS)} FROM audit_log WHERE seq > ? ORDER BY seq",
            (after,),
        )
        fetched = cursor.fetchall()
    finally:
        cursor.close()
    rows = []
    for values in fetched:
        row = dict(zip(_AUDIT_COLUMNS, values, strict=True))
        site_only = bool(row["site_only"])
        redacted = is_redactable(site_only, row["old_value"], row["new_value"])
        if redacted and row["row_format"] == FORMAT_COLUMNS:
            row["old_value"] = row["new_value"] = None
        row["site_only"], row["redacted"] = site_only, redacted
        rows.append(row)
    return rows


def render_changes(
    session: Session, site_id: str, site_name: str, rows: Sequence[Mapping[str, Any]]
) -> bytes:
    """The clinical payload of `rows`: ODM ClinicalData with an ItemData and AuditRecord for
    every item change they hold (format-1 rows translated through the models' declared items),
    and the signatures they record, with the MetaDataVersion of every protocol version they were
    entered under."""
    catalogue = catalogue_of(session_protocol(session))
    changes, signatures = bundle_changes(session, catalogue, rows)
    users = {
        user_id: full_name
        for user_id, full_name in session.execute(
            select(UserAccount.user_id, UserAccount.full_name)
        )
    }
    context = ClinicalContext(
        file_oid=f"MSC.{site_id}.{uuid.uuid4().hex}",
        created=utc_now_text(),
        site_id=site_id,
        site_name=site_name,
        users=users,
    )
    held = {
        version.metadata_version_oid: version
        for version in map(catalogue_of, held_protocols(session))
    }
    mdv_oids = {change.mdv_oid for change in changes} | {entry.mdv_oid for entry in signatures}
    unknown = sorted(mdv_oids - held.keys())
    if unknown:
        raise SyncError(
            "This site holds entries made under protocol version {version}, which it "
            "does not have; nothing was exported.",
            version=unknown[0],
        )
    in_use = [held[oid] for oid in held if oid in mdv_oids]
    return render_clinical(context, in_use or [catalogue], changes, signatures)
