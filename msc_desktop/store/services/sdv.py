"""Source data verification at the site: a monitor marks an item, a form or a visit verified (an
audit event row `SDV:<scope>`); which items a mark still covers; the address of a visit."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import select

from msc_desktop.domain.queries import ItemAddress, SdvScope
from msc_desktop.errors import ValidationError
from msc_desktop.store.audit_chain import FORMAT_ITEMS
from msc_desktop.store.audit_log import AuditEntry, append_entries
from msc_desktop.store.audit_values import catalogue_of
from msc_desktop.store.models import AuditLog, SourceVerification
from msc_desktop.store.protocols import session_protocol
from msc_desktop.store.roles import Action
from msc_desktop.store.services.queries import ADDRESS_COLUMNS, address_columns
from msc_desktop.store.services.work import participant_work
from msc_desktop.store.site import SiteStore
from msc_desktop.store.verification import address, covering_mark, marks_of


@dataclass(frozen=True)
class Verified:
    mark_id: str
    scope: SdvScope


def mark_verified(
    store: SiteStore, participant_id: str, place: ItemAddress, scope: SdvScope
) -> Verified:
    """A monitor marks an item, a form or a visit of a participant (`place`, named as far as
    `scope` reaches) verified against the source documents: an audit event row `SDV:<scope>`."""
    depth = {"visit": 2, "form": 3, "item": 6}[scope]
    fields = [getattr(place, name) for name in ADDRESS_COLUMNS]
    if (
        not all(fields[:2])
        or (scope != "visit" and not fields[2])
        or (scope == "item" and not fields[5])
    ):
        raise ValidationError("Say which visit, form or item is verified.")
    scoped = ItemAddress(*(value if index < depth else "" for index, value in enumerate(fields)))
    with participant_work(store, participant_id, Action.VERIFY_SOURCE) as (session, participant):
        if participant.subject_id != scoped.subject_key:
            raise ValidationError("Say which visit, form or item is verified.")
        body = {"scope": scope, "item_oid": scoped.item_oid or None}
        entry = AuditEntry(
            "event",
            "source_verification",
            scope,
            None,
            None,
            json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")),
            row_format=FORMAT_ITEMS,
            target=f"SDV:{scope}",
            subject_key=scoped.subject_key,
            event_oid=scoped.event_oid,
            form_oid=scoped.form_oid or None,
            group_oid=scoped.group_oid or None,
            repeat_key=scoped.repeat_key or None,
            mdv_oid=catalogue_of(session_protocol(session)).metadata_version_oid,
        )
        session.flush()
        append_entries(session.connection(), [entry], store.user.user_id, "source data verified")
        seq, at = session.execute(
            select(AuditLog.seq, AuditLog.ts).order_by(AuditLog.seq.desc()).limit(1)
        ).one()
        mark_id = f"{store.site_id}.{seq}"
        session.add(
            SourceVerification(
                mark_id=mark_id,
                scope=scope,
                at=at,
                by=store.user.user_id,
                side="site",
                covers_to_seq=seq,
                **address_columns(scoped),
            )
        )
    return Verified(mark_id, scope)


@dataclass(frozen=True)
class ItemVerification:
    """An item of a participant that a mark still covers: when and by whom."""

    place: ItemAddress
    at: str
    by: str


def verified_items(
    store: SiteStore, participant_id: str
) -> dict[tuple[str, str], ItemVerification]:
    """The participant's recorded items that a mark still covers, by (event OID, item OID)."""
    with participant_work(store, participant_id, Action.VIEW) as (session, participant):
        connection = session.connection()
        marks = marks_of(connection, [participant.subject_id])
        if not marks:
            return {}
        items = session.execute(
            select(
                AuditLog.subject_key,
                AuditLog.event_oid,
                AuditLog.form_oid,
                AuditLog.group_oid,
                AuditLog.repeat_key,
                AuditLog.item_oid,
            )
            .where(
                AuditLog.subject_key == participant.subject_id,
                AuditLog.item_oid.is_not(None),
                AuditLog.action != "event",
            )
            .distinct()
        ).all()
        found = {}
        for row in items:
            item = address(*row)
            mark = covering_mark(connection, marks, item)
            if mark is not None:
                found[(item.event_oid, item.item_oid)] = ItemVerification(
                    item, mark.mark.at, mark.mark.by
                )
        return found


def visit_place(
    store: SiteStore,
    participant_id: str,
    visit_code: str,
    form_id: str | None = None,
    field: str | None = None,
) -> ItemAddress:
    """The address of a participant's visit (with its form, and item, when given)."""
    with participant_work(store, participant_id, Action.VIEW) as (session, participant):
        catalogue = catalogue_of(session_protocol(session))
        event = catalogue.visit_event(visit_code)
        form_oid = group = item_oid = ""
        if form_id is not None:
            form_oid = catalogue.form(form_id).oid
            if field is not None:
                item = catalogue.field_item(form_id, field)
                group, item_oid = item.group_oid, item.oid
        return ItemAddress(participant.subject_id, event.oid, form_oid, group, "", item_oid)
