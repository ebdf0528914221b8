"""What importing a bundle does to queries, in the import's transaction: the site's answers and
its monitors' marks (audit event rows `QUERY:<query id>`, `SDV:<scope>`) become query events and
marks exactly once, and the edit checks run on the items the bundle set: a value outside its
soft range the site did not confirm, an infusion volume off the plan by more than the protocol
allows without a deviation; each raises one query per item value."""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from msc_desktop.central.query_rows import (
    ADDRESS,
    DEPTH,
    add_event,
    add_mark,
    add_query,
    address_of,
    log_action,
    place_of,
    queries_of,
)
from msc_desktop.central.tables import (
    CenterAuditRow,
    CenterItem,
    CenterQuery,
    CenterQueryEvent,
    CenterSdvMark,
)
from msc_desktop.domain.decimals import format_decimal
from msc_desktop.domain.dosing import volume_off_plan
from msc_desktop.domain.items import ItemCatalogue
from msc_desktop.domain.protocol import FieldDef
from msc_desktop.domain.queries import (
    ItemAddress,
    QueryEvent,
    query_from_wire,
    query_to_wire,
    sdv_from_wire,
)
from msc_desktop.domain.units import to_standard
from msc_desktop.errors import ValidationError
from msc_desktop.sync.odm_clinical import ItemChange

log = logging.getLogger("msc_desktop.central.queries")
EDIT_CHECK_USER = "edit check"
QUERY_TARGET = "QUERY:"
SDV_TARGET = "SDV:"
_CONFIRMED = "warning confirmed"


def after_import(
    session: Session,
    site_id: str,
    rows: Sequence[Mapping[str, Any]],
    changes: Sequence[ItemChange],
    catalogues: Mapping[str, ItemCatalogue],
) -> None:
    """In the import's transaction, after its rows and items are applied: the site's answers
    and marks among `rows` become query events and marks (each once), and the edit checks run
    on the items `changes` set."""
    for row in rows:
        target = row.get("target") or ""
        if row.get("action") != "event" or row.get("redacted"):
            continue
        if target.startswith(QUERY_TARGET):
            _answer_from_row(session, site_id, row, target.removeprefix(QUERY_TARGET))
        elif target.startswith(SDV_TARGET):
            _mark_from_row(session, site_id, row, target.removeprefix(SDV_TARGET))
    if changes:
        _edit_checks(session, site_id, changes, catalogues)


def _answer_from_row(
    session: Session, site_id: str, row: Mapping[str, Any], query_uid: str
) -> None:
    event_id = f"{site_id}.{row['seq']}"
    if session.get(CenterQueryEvent, event_id) is not None:
        return
    stored = session.get(CenterQuery, query_uid)
    try:
        body = json.loads(row.get("new_value") or "")
        if stored is None or stored.site_id != site_id:
            raise ValidationError("It answers a query this centre did not raise for the site.")
        if (
            not isinstance(body, dict)
            or set(body) != {"kind", "reply_to", "text", "correction"}
            or body["kind"] != "answer"
        ):
            raise ValidationError("It is not an answer.")
        answer = QueryEvent(
            event_id,
            "answer",
            str(row.get("ts")),
            str(row.get("user_id")),
            body["text"],
            body["reply_to"],
            body["correction"],
        )
        query = queries_of(session, [stored])[0]
        # The domain's reader checks the answer as it checks one arriving in a package.
        query_from_wire(query_to_wire(query.with_events([answer])))
    except (ValueError, TypeError, ValidationError) as error:
        log.warning(
            "site %s record %s: an answer that cannot be applied: %s", site_id, row["seq"], error
        )
        return
    add_event(session, query_uid, answer)
    log_action(
        session,
        f"site {site_id}: {answer.by}",
        "query answered",
        f"{site_id} query {stored.query_no}",
        "",
    )


def _mark_from_row(session: Session, site_id: str, row: Mapping[str, Any], scope: str) -> None:
    mark_id = f"{site_id}.{row['seq']}"
    if session.get(CenterSdvMark, mark_id) is not None:
        return
    try:
        body = json.loads(row.get("new_value") or "")
        if (
            not isinstance(body, dict)
            or set(body) != {"scope", "item_oid"}
            or body["scope"] != scope
            or scope not in DEPTH
        ):
            raise ValidationError("It is not a verification mark.")
        depth = DEPTH[scope]
        place = {
            name: (row.get(name) or "") if index < depth else ""
            for index, name in enumerate(ADDRESS)
        }
        if scope == "item":
            place["item_oid"] = body["item_oid"] or ""
        mark = sdv_from_wire(
            {
                "mark_id": mark_id,
                "scope": scope,
                "address": place,
                "at": row.get("ts"),
                "by": row.get("user_id"),
                "side": "site",
            }
        )
    except (ValueError, TypeError, ValidationError) as error:
        log.warning(
            "site %s record %s: a verification mark that cannot be applied: %s",
            site_id,
            row["seq"],
            error,
        )
        return
    add_mark(session, site_id, mark)


def _digest(*parts: str) -> str:
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


def _raise_check(
    session: Session, site_id: str, address: ItemAddress, rule: str, text: str, digest: str
) -> None:
    if (
        session.scalar(
            select(CenterQuery.query_uid).where(
                CenterQuery.site_id == site_id, CenterQuery.check_digest == digest
            )
        )
        is not None
    ):
        return
    query = add_query(
        session, site_id, address, text, EDIT_CHECK_USER, f"edit-check:{rule}", digest
    )
    log_action(
        session,
        EDIT_CHECK_USER,
        "query raised",
        f"{site_id} query {query.number} ({rule}): {place_of(address)}",
        "",
    )
    session.flush()


def _edit_checks(
    session: Session,
    site_id: str,
    changes: Sequence[ItemChange],
    catalogues: Mapping[str, ItemCatalogue],
) -> None:
    last = {address_of(change): change for change in changes}
    infusions: set[tuple[str, str, str, str, str]] = set()
    for change in last.values():
        catalogue = catalogues.get(change.mdv_oid)
        if catalogue is None or change.action == "delete" or change.value is None:
            continue
        _soft_range(session, site_id, change, catalogue)
        infusion = catalogue.form(_INFUSION)
        if change.form_oid == infusion.oid and change.item_oid in _volume_items(catalogue):
            infusions.add(
                (
                    change.subject_key,
                    change.event_oid,
                    change.form_oid,
                    change.group_oid,
                    change.repeat_key,
                )
            )
    current = list(catalogues.values())[-1]
    for instance in sorted(infusions):
        _infusion_volume(session, site_id, instance, current)


_INFUSION, _DEVIATION = "infusion", "deviation"
_VOLUME_QUESTION = (
    "{infused} mL was infused instead of the planned {planned} mL (more than "
    "{limit} % off) and no protocol deviation was recorded. Please check the "
    "volume or record the deviation."
)


def _volume_items(catalogue: ItemCatalogue) -> tuple[str, str]:
    return (
        catalogue.field_item(_INFUSION, "volume_infused_ml").oid,
        catalogue.field_item(_INFUSION, "volume_planned_ml").oid,
    )


def _soft_range(
    session: Session, site_id: str, change: ItemChange, catalogue: ItemCatalogue
) -> None:
    """A value outside its declared soft range that the site did not confirm raises a query."""
    protocol = catalogue.protocol
    field = _field_of(catalogue, change.form_oid, change.item_oid)
    try:
        value = Decimal(change.value or "")
        if field is None or field.soft_range is None or not value.is_finite():
            return
        standard = value
        if field.test is not None and field.kind == "lab" and change.unit:
            standard = to_standard(field.test, value, change.unit, protocol)
    except (ValidationError, InvalidOperation):
        return
    if standard in field.soft_range:
        return
    confirmed = session.scalar(
        select(CenterAuditRow.seq)
        .where(
            CenterAuditRow.site_id == site_id,
            CenterAuditRow.subject_key == change.subject_key,
            CenterAuditRow.event_oid == change.event_oid,
            CenterAuditRow.form_oid == change.form_oid,
            func.coalesce(CenterAuditRow.repeat_key, "") == change.repeat_key,
            CenterAuditRow.action == "event",
            CenterAuditRow.seq >= change.seq,
            CenterAuditRow.new_value.like(f"{_CONFIRMED}%"),
            func.coalesce(CenterAuditRow.item_oid, change.item_oid) == change.item_oid,
        )
        .limit(1)
    )
    if confirmed is not None:
        return
    unit = f" {field.standard_unit}" if field.standard_unit else ""
    shown = f"{change.value} {change.unit}" if change.unit else change.value
    text = (
        f"{field.label.en} {shown} is outside the expected range "
        f"{format_decimal(field.soft_range.low)} to {format_decimal(field.soft_range.high)}"
        f"{unit}, and the site did not confirm it. Please check it against the source."
    )
    address = address_of(change)
    _raise_check(
        session,
        site_id,
        address,
        "soft-range",
        text,
        _digest("soft-range", *_address_parts(address), change.value or "", change.unit or ""),
    )


def _field_of(catalogue: ItemCatalogue, form_oid: str, item_oid: str) -> FieldDef | None:
    """The typed field declaring an item in a form (None for one the app records itself)."""
    for form in catalogue.protocol.all_forms:
        if form.oid == form_oid:
            return next(
                (field for field in (*form.fields, *form.retired_fields) if field.oid == item_oid),
                None,
            )
    return None


def _address_parts(address: ItemAddress) -> list[str]:
    return [getattr(address, name) for name in ADDRESS]


def _infusion_volume(
    session: Session,
    site_id: str,
    instance: tuple[str, str, str, str, str],
    catalogue: ItemCatalogue,
) -> None:
    """An infused volume off the plan by more than the protocol allows, without a protocol
    deviation recorded for that visit, raises a query on the volume infused."""
    subject, event_oid, form_oid, group_oid, repeat_key = instance
    infused_oid, planned_oid = _volume_items(catalogue)
    found = session.execute(
        select(CenterItem.item_oid, CenterItem.current_value).where(
            CenterItem.site_id == site_id,
            CenterItem.subject_key == subject,
            CenterItem.event_oid == event_oid,
            CenterItem.form_oid == form_oid,
            CenterItem.repeat_key == repeat_key,
            CenterItem.removed.is_(False),
            CenterItem.item_oid.in_([infused_oid, planned_oid]),
        )
    )
    values = {oid: value for oid, value in found}
    try:
        infused, planned = Decimal(values[infused_oid] or ""), Decimal(values[planned_oid] or "")
    except (KeyError, InvalidOperation):
        return
    if not volume_off_plan(infused, planned, catalogue.protocol):
        return
    visit_code = next(
        (event.visit_code for event in catalogue.events if event.oid == event_oid), None
    )
    deviation = catalogue.form(_DEVIATION)
    visit_item = catalogue.field_item(_DEVIATION, "visit_code").oid
    recorded = session.scalar(
        select(CenterItem.repeat_key)
        .where(
            and_(
                CenterItem.site_id == site_id,
                CenterItem.subject_key == subject,
                CenterItem.form_oid == deviation.oid,
                CenterItem.item_oid == visit_item,
                CenterItem.current_value == visit_code,
                CenterItem.removed.is_(False),
            )
        )
        .limit(1)
    )
    if recorded is not None:
        return
    text = _VOLUME_QUESTION.format(
        infused=format_decimal(infused),
        planned=format_decimal(planned),
        limit=format_decimal(catalogue.protocol.dosing.volume_deviation_pct),
    )
    address = ItemAddress(subject, event_oid, form_oid, group_oid, repeat_key, infused_oid)
    _raise_check(
        session,
        site_id,
        address,
        "infusion-volume",
        text,
        _digest("infusion-volume", *_address_parts(address), str(infused), str(planned)),
    )
