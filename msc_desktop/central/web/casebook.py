"""A participant's casebook as the centre holds it: every item by visit and form, with its
history."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select

from msc_desktop.central.service import Center
from msc_desktop.central.tables import (
    CenterAuditRow,
    CenterItem,
    CenterSignature,
)
from msc_desktop.central.web.data import Key, Reader
from msc_desktop.domain.items import ItemDef


@dataclass(frozen=True)
class Change:
    seq: int
    ts: str
    user_id: str
    action: str
    old_value: str
    new_value: str
    unit: str
    reason: str


@dataclass(frozen=True)
class ItemEntry:
    oid: str
    definition: ItemDef | None
    value: str
    unit: str
    mdv_oid: str
    removed: bool
    history: tuple[Change, ...]
    group_oid: str = ""


@dataclass(frozen=True)
class FormEntry:
    form_oid: str
    repeat_key: str
    items: tuple[ItemEntry, ...]
    signatures: tuple[tuple[str, str, str, str], ...]  # user, meaning, time, MetaDataVersion


@dataclass(frozen=True)
class EventEntry:
    event_oid: str
    forms: tuple[FormEntry, ...]


def casebook(reader: Reader, site_id: str, subject_key: str) -> list[EventEntry]:
    """One participant's record, visit by visit and form by form in protocol order."""
    with reader.center.store.session() as session:
        items = list(
            session.scalars(
                select(CenterItem).where(
                    CenterItem.site_id == site_id, CenterItem.subject_key == subject_key
                )
            )
        )
        rows = list(
            session.scalars(
                select(CenterAuditRow)
                .where(
                    CenterAuditRow.site_id == site_id,
                    CenterAuditRow.subject_key == subject_key,
                    CenterAuditRow.item_oid.is_not(None),
                )
                .order_by(CenterAuditRow.seq)
            )
        )
        signatures = list(
            session.scalars(
                select(CenterSignature)
                .where(
                    CenterSignature.site_id == site_id, CenterSignature.subject_key == subject_key
                )
                .order_by(CenterSignature.signed_at)
            )
        )
    history: dict[tuple[str, str, str, str, str], list[Change]] = defaultdict(list)
    for row in rows:
        history[
            (
                row.event_oid or "",
                row.form_oid or "",
                row.group_oid or "",
                row.repeat_key or "",
                row.item_oid or "",
            )
        ].append(
            Change(
                row.seq,
                row.ts or "",
                row.user_id or "",
                row.action or "",
                row.old_value or "",
                row.new_value or "",
                row.new_unit or row.old_unit or "",
                row.reason or "",
            )
        )
    signed: dict[tuple[str, str, str], list[tuple[str, str, str, str]]] = defaultdict(list)
    for signature in signatures:
        signed[(signature.event_oid, signature.form_oid, signature.repeat_key)].append(
            (signature.user_id, signature.meaning, signature.signed_at, signature.mdv_oid)
        )
    event_order = {event.oid: index for index, event in enumerate(reader.current.events)}
    form_order = {form.oid: index for index, form in enumerate(reader.current.forms)}
    item_order = {item.oid: index for index, item in enumerate(reader.current.items)}
    grouped: dict[str, dict[tuple[str, str], list[ItemEntry]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for item in items:
        grouped[item.event_oid][(item.form_oid, item.repeat_key)].append(
            ItemEntry(
                item.item_oid,
                reader.item_def(item.item_oid, item.mdv_oid),
                item.current_value or "",
                item.current_unit or "",
                item.mdv_oid,
                item.removed,
                tuple(
                    history.get(
                        (
                            item.event_oid,
                            item.form_oid,
                            item.group_oid,
                            item.repeat_key,
                            item.item_oid,
                        ),
                        (),
                    )
                ),
                item.group_oid,
            )
        )
    result = []
    for event_oid in sorted(grouped, key=lambda oid: (event_order.get(oid, 99), oid)):
        forms = grouped[event_oid]
        result.append(
            EventEntry(
                event_oid,
                tuple(
                    FormEntry(
                        form_oid,
                        repeat,
                        tuple(
                            sorted(
                                forms[(form_oid, repeat)],
                                key=lambda entry: (item_order.get(entry.oid, 9999), entry.oid),
                            )
                        ),
                        tuple(signed.get((event_oid, form_oid, repeat), ())),
                    )
                    for form_oid, repeat in sorted(
                        forms,
                        key=lambda pair: (
                            form_order.get(pair[0], 99),
                            pair[0],
                            (int(pair[1]), "") if pair[1].isdigit() else (0, pair[1]),
                        ),
                    )
                ),
            )
        )
    return result


def subject_exists(center: Center, site_id: str, subject_key: str) -> bool:
    with center.store.session() as session:
        return (
            session.scalar(
                select(CenterItem.subject_key)
                .where(CenterItem.site_id == site_id, CenterItem.subject_key == subject_key)
                .limit(1)
            )
            is not None
        )


def subjects_of(center: Center, site_id: str | None = None) -> list[Key]:
    query = select(CenterItem.site_id, CenterItem.subject_key).distinct()
    if site_id is not None:
        query = query.where(CenterItem.site_id == site_id)
    with center.store.session() as session:
        return sorted((site, subject) for site, subject in session.execute(query))
