"""The site's sync status: what the sync panel and `msc-site status` show."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_, select

from msc_desktop.store.models import AdverseEvent, AuditLog, get_setting, int_setting
from msc_desktop.store.roles import Action, require
from msc_desktop.store.site import SiteStore
from msc_desktop.sync.identity import (
    SETTING_ACKNOWLEDGED,
    SETTING_CENTER_KEY,
    SETTING_EXPORTED,
    stored_fingerprint,
)
from msc_desktop.sync.keys import format_fingerprint, parse_public_document
from msc_desktop.sync.site_outbox import outbox_pending


@dataclass(frozen=True)
class SyncStatus:
    """What the sync panel shows."""

    site_fingerprint: str | None
    center_fingerprint: str | None
    last_seq: int
    exported_seq: int
    acknowledged_seq: int
    open_saes_not_acknowledged: int
    outbox: tuple[str, ...]

    @property
    def changes_not_exported(self) -> int:
        return max(0, self.last_seq - self.exported_seq)

    @property
    def exported_not_acknowledged(self) -> int:
        return max(0, self.exported_seq - self.acknowledged_seq)


def sync_status(store: SiteStore) -> SyncStatus:
    require(store.user.role, Action.VIEW)
    with store.session() as session:
        last_seq = session.scalar(select(func.max(AuditLog.seq))) or 0
        acknowledged = int_setting(session, SETTING_ACKNOWLEDGED)
        serious_ids = select(AdverseEvent.id).where(AdverseEvent.serious.is_(True))
        open_saes = (
            session.scalar(
                select(func.count(func.distinct(AuditLog.record_id))).where(
                    AuditLog.table_name == "adverse_event",
                    AuditLog.seq > acknowledged,
                    AuditLog.record_id.in_(serious_ids),
                    # marking an SAE reported (by hand or by a receipt) is not a change to report
                    or_(AuditLog.field.is_(None), AuditLog.field != "reported_at"),
                )
            )
            or 0
        )
        site_key_print = stored_fingerprint(session, store.site_id)
        center_key = get_setting(session, SETTING_CENTER_KEY)
        exported = int_setting(session, SETTING_EXPORTED)
    site_print = format_fingerprint(site_key_print) if site_key_print is not None else None
    center_print = None
    if center_key is not None:
        center_print = format_fingerprint(
            parse_public_document(center_key.encode("utf-8"), "center").fingerprint
        )
    return SyncStatus(
        site_fingerprint=site_print,
        center_fingerprint=center_print,
        last_seq=last_seq,
        exported_seq=exported,
        acknowledged_seq=acknowledged,
        open_saes_not_acknowledged=open_saes,
        outbox=tuple(path.name for path in outbox_pending(store, acknowledged)),
    )
