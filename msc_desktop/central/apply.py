"""Applying a verified bundle's new rows in the import's transaction: the audit rows kept as
received (a format-1 row digest-only), the current value of every item they change, the
clinical signatures, the count of items entered per participant; a flag when the audit times
run backwards; the changes checked against the protocol versions the centre issued."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from msc_desktop.central.tables import (
    AUDIT_ROW_COLUMNS,
    CenterAuditRow,
    CenterItem,
    CenterSignature,
    CenterSite,
    CenterSubjectItems,
    CenterTimeFlag,
)
from msc_desktop.domain.items import ItemCatalogue
from msc_desktop.errors import SyncError, ValidationError
from msc_desktop.store.audit_chain import (
    FORMAT_COLUMNS,
    FORMAT_ITEMS,
    GENESIS_HASH,
    ITEM_ROW_FIELDS,
)
from msc_desktop.sync.bundle import BundleContents
from msc_desktop.sync.odm_clinical import ClinicalSignature, ItemChange

_CHUNK = 500


def stored_hash(session: Session, site: CenterSite, seq: int) -> str:
    if seq == 0:
        return GENESIS_HASH
    if seq == site.last_seq:
        return site.last_hash
    stored = session.scalar(
        select(CenterAuditRow.hash).where(
            CenterAuditRow.site_id == site.site_id, CenterAuditRow.seq == seq
        )
    )
    return stored or ""


def flag_times_running_backwards(
    session: Session, site_id: str, rows: Sequence[dict[str, Any]], bundle_sha256: str
) -> str:
    """Keep a flag and return one sentence when the rows' audit times run backwards (also
    against the last row held before them); "" when they do not."""
    first = rows[0]["seq"]
    previous = (
        session.scalar(
            select(CenterAuditRow.ts).where(
                CenterAuditRow.site_id == site_id, CenterAuditRow.seq == first - 1
            )
        )
        if first > 1
        else None
    )
    earlier = None
    for row in rows:
        this, before = _utc_moment(row["ts"]), _utc_moment(previous)
        if this is not None and before is not None and this < before:
            session.add(
                CenterTimeFlag(
                    site_id=site_id,
                    seq=row["seq"],
                    ts=row["ts"],
                    previous_ts=previous,
                    bundle_sha256=bundle_sha256,
                )
            )
            earlier = earlier or (row["seq"], row["ts"], previous)
        previous = row["ts"]
    if earlier is None:
        return ""
    return (
        f"flagged: the audit times run backwards at record {earlier[0]} ({earlier[1]} after "
        f"{earlier[2]}); the site's clock may have been set back"
    )


def _utc_moment(ts: str | None) -> datetime | None:
    """An audit time for comparison, or None when it is not one."""
    try:
        moment = datetime.fromisoformat(ts) if ts is not None else None
    except ValueError:
        return None
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


ItemKey = tuple[str, str, str, str, str, str]
"""Where an item value sits: subject key, study event, form, item group, repeat key ("" when the
group does not repeat) and item OIDs."""


def bundle_changes(
    rows: Sequence[Mapping[str, Any]],
    contents: BundleContents,
    catalogues: Mapping[str, ItemCatalogue],
) -> list[ItemChange]:
    """The item changes of `rows` (those of the bundle's rows the centre is to apply: the ones
    it does not hold yet, and the ones whose data an earlier release did not keep), in audit
    order, from the bundle's clinical data (which `open_bundle` checked against its rows).
    SyncError when a change names a protocol version, item or unit the centre does not know,
    or carries a site-only item, or a signature is malformed."""
    applied = {row["seq"] for row in rows}
    changes = [change for change in contents.changes if change.seq in applied]
    for change in changes:
        _check_declared(change, catalogues)
    for signature in contents.signatures:
        if not _fits(signature, _SIGNATURE_LIMITS):
            raise SyncError("A signature in the bundle's clinical data is malformed.")
    return changes


# The longest text the centre's store keeps in each member (its column sizes).
_PLACE_LIMITS = {
    "subject_key": 32,
    "event_oid": 64,
    "form_oid": 64,
    "group_oid": 64,
    "repeat_key": 64,
    "user_id": 64,
    "mdv_oid": 64,
}
_CHANGE_LIMITS = {**_PLACE_LIMITS, "item_oid": 64, "unit": 32, "ts": 40}
_SIGNATURE_LIMITS = {**_PLACE_LIMITS, "meaning": 200, "signed_at": 40}


def _fits(entry: ItemChange | ClinicalSignature, limits: Mapping[str, int]) -> bool:
    return all(len(getattr(entry, name) or "") <= limit for name, limit in limits.items())


def _check_declared(change: ItemChange, catalogues: Mapping[str, ItemCatalogue]) -> None:
    if not _fits(change, _CHANGE_LIMITS):
        raise SyncError(f"The bundle's change of record {change.seq} is malformed.")
    catalogue = catalogues.get(change.mdv_oid)
    if catalogue is None:
        raise SyncError(
            f"Record {change.seq} was entered under the protocol version "
            f"{change.mdv_oid}, which this centre has not issued."
        )
    try:
        item = catalogue.item(change.item_oid)
    except ValidationError:
        raise SyncError(
            f"Record {change.seq} names the item {change.item_oid}, which the "
            f"protocol version {change.mdv_oid} does not declare."
        ) from None
    if item.site_only and change.value is not None:
        raise SyncError("The bundle carries site-only identifying data.")
    if change.unit is not None and change.unit not in item.units:
        raise SyncError(
            f"Record {change.seq} gives {change.item_oid} in the unit "
            f"{change.unit}, which the protocol does not declare for it."
        )


def apply_rows(
    session: Session,
    site_id: str,
    rows: Sequence[dict[str, Any]],
    bundle_sha256: str,
    changes: Sequence[ItemChange],
    signatures: Sequence[ClinicalSignature],
) -> None:
    """Keep the audit rows as received, set the current value of every item the changes
    change and keep the signatures."""
    session.execute(
        insert(CenterAuditRow),
        [_kept_row(row) | {"site_id": site_id, "bundle_sha256": bundle_sha256} for row in rows],
    )
    _apply_items(session, site_id, changes)
    for signature in signatures:
        session.merge(
            CenterSignature(
                site_id=site_id,
                subject_key=signature.subject_key,
                event_oid=signature.event_oid,
                form_oid=signature.form_oid,
                group_oid=signature.group_oid,
                repeat_key=signature.repeat_key,
                user_id=signature.user_id,
                meaning=signature.meaning,
                signed_at=signature.signed_at,
                mdv_oid=signature.mdv_oid,
            )
        )


def _kept_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """What the centre keeps of a received audit row: a format-2 row as it came; a format-1
    row digest-only, with its number, time, user and action (never the site's table, record,
    column or values)."""
    kept = {name: row.get(name) for name in AUDIT_ROW_COLUMNS}
    if row.get("row_format", FORMAT_COLUMNS) != FORMAT_ITEMS:
        kept.update(
            dict.fromkeys(ITEM_ROW_FIELDS),
            seq=row["seq"],
            ts=row.get("ts"),
            user_id=row.get("user_id"),
            action=row.get("action"),
            row_format=FORMAT_COLUMNS,
            redacted=True,
        )
    kept["redacted"] = bool(kept["redacted"])
    return kept


def _item_key(entry: CenterItem | ItemChange) -> ItemKey:
    return (
        entry.subject_key,
        entry.event_oid,
        entry.form_oid,
        entry.group_oid,
        entry.repeat_key,
        entry.item_oid,
    )


def _apply_items(session: Session, site_id: str, changes: Sequence[ItemChange]) -> None:
    subjects = sorted({change.subject_key for change in changes})
    current: dict[ItemKey, CenterItem] = {}
    for chunk in _chunks(subjects):
        for found in session.scalars(
            select(CenterItem).where(
                CenterItem.site_id == site_id, CenterItem.subject_key.in_(chunk)
            )
        ):
            current[_item_key(found)] = found
    for change in changes:
        key = _item_key(change)
        item = current.get(key)
        if item is not None and item.seq > change.seq:
            continue  # a later change is applied already (rows sent again after a migration)
        if item is None:
            item = CenterItem(
                site_id=site_id,
                subject_key=key[0],
                event_oid=key[1],
                form_oid=key[2],
                group_oid=key[3],
                repeat_key=key[4],
                item_oid=key[5],
            )
            current[key] = item
            session.add(item)
        item.seq, item.mdv_oid = change.seq, change.mdv_oid
        item.removed = change.action == "delete"
        if not item.removed:
            item.current_value, item.current_unit = change.value, change.unit
    _count_entered(session, site_id, subjects, current.values())


def _count_entered(
    session: Session, site_id: str, subjects: Sequence[str], items: Iterable[CenterItem]
) -> None:
    """Keep each changed participant's number of items holding a value (`current` holds all
    of their items)."""
    entered = dict.fromkeys(subjects, 0)
    for item in items:
        if not item.removed and item.current_value:
            entered[item.subject_key] += 1
    for chunk in _chunks(subjects):
        kept = {
            row.subject_key: row
            for row in session.scalars(
                select(CenterSubjectItems).where(
                    CenterSubjectItems.site_id == site_id, CenterSubjectItems.subject_key.in_(chunk)
                )
            )
        }
        for subject in chunk:
            row = kept.get(subject)
            if row is None:
                session.add(
                    CenterSubjectItems(
                        site_id=site_id, subject_key=subject, items_entered=entered[subject]
                    )
                )
            else:
                row.items_entered = entered[subject]


def _chunks(items: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]
