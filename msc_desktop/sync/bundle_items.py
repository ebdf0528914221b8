"""The item changes and signatures a bundle's audit rows hold, at the site.

A format-2 row states its change by OID already (`odm_clinical.item_change_of`, and
`signature_of` for a signature). A format-1 row, written by a release before the audit trail
went by item, names a site table, record and column; it is translated here through what the
models declare (store/item_columns.py): the item each column holds and where each record sits
in the protocol. The record's values at that row are replayed from the format-1 rows themselves
(those before the bundle read once), so an old change is placed and converted exactly as the
capture of format-2 rows does today, whatever the record holds now. Site-only items are dropped.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import Boolean, ColumnElement, Date, DateTime, Integer
from sqlalchemy.orm import Session

from msc_desktop.domain.items import ItemCatalogue, ItemDef
from msc_desktop.store.audit_chain import FORMAT_COLUMNS
from msc_desktop.store.audit_places import AUDITED_MODELS, Place, Places
from msc_desktop.store.audit_values import has_field, item_value_text, legacy_clinical_time
from msc_desktop.store.base import Base, ClinicalDateTime, DecimalText
from msc_desktop.store.item_columns import (
    ITEMS_INFO,
    NeutralTarget,
    RecordPlace,
    SplitItems,
    column_items,
)
from msc_desktop.sync.odm_clinical import (
    ClinicalSignature,
    ItemChange,
    item_change_of,
    signature_of,
)

_CHUNK = 500
_Key = tuple[str, str]


def bundle_changes(
    session: Session, catalogue: ItemCatalogue, rows: Sequence[Mapping[str, Any]]
) -> tuple[list[ItemChange], list[ClinicalSignature]]:
    """The item changes (audit order) and signatures of `rows`, site-only items left out."""
    changes: list[ItemChange] = []
    signatures: list[ClinicalSignature] = []
    legacy: list[Mapping[str, Any]] = []
    for row in rows:
        if row["row_format"] == FORMAT_COLUMNS:
            if row["action"] != "event":
                legacy.append(row)
            continue
        if row["site_only"]:
            continue
        change = item_change_of(row)
        if change is not None:
            changes.append(change)
            continue
        signature = signature_of(row)
        if signature is not None:
            signatures.append(signature)
    if legacy:
        old_changes, old_signatures = _Translator(session, catalogue).translate(legacy)
        changes = sorted(old_changes + changes, key=lambda change: change.seq)
        signatures = old_signatures + signatures
    return changes, signatures


def _python_value(column: ColumnElement[Any], text: str | None) -> object:
    """The value a format-1 row's text stands for, as the column holds it (a clinical time with the
    offset of the site's zone: `legacy_clinical_time`)."""
    if text is None:
        return None
    kind = column.type
    try:
        if isinstance(kind, ClinicalDateTime):
            return legacy_clinical_time(
                str(column.table.name),
                str(column.name),
                datetime.fromisoformat(text.removesuffix("Z")),
            )
        if isinstance(kind, Boolean):
            return text == "true"
        if isinstance(kind, Integer):
            return int(text)
        if isinstance(kind, DateTime):
            return datetime.fromisoformat(text.removesuffix("Z"))
        if isinstance(kind, Date):
            return date.fromisoformat(text)
        if isinstance(kind, DecimalText):
            return Decimal(text)
    except (ValueError, InvalidOperation):
        return text
    return text


class _Translator:
    """Replays format-1 rows record by record and states their changes by item."""

    def __init__(self, session: Session, catalogue: ItemCatalogue) -> None:
        self.session = session
        self.catalogue = catalogue
        self.places = Places(session, catalogue)
        self.state: dict[_Key, dict[str, str | None]] = {}

    def translate(
        self, rows: Sequence[Mapping[str, Any]]
    ) -> tuple[list[ItemChange], list[ClinicalSignature]]:
        self._replay_before(rows[0]["seq"], {(row["table_name"], row["record_id"]) for row in rows})
        changes: list[ItemChange] = []
        signatures: list[ClinicalSignature] = []
        for group in _transactions(rows):
            first = group[0]
            key = (str(first["table_name"]), str(first["record_id"]))
            values = self.state.setdefault(key, {})
            before = dict(values)
            for row in group:
                if row["field"] is not None and row["action"] != "delete":
                    values[row["field"]] = row["new_value"]
            model = AUDITED_MODELS.get(key[0])
            if model is None:
                continue
            target: NeutralTarget | None = getattr(model, "__audit_target__", None)
            if target is not None:
                if target.signed is not None and first["action"] == "insert":
                    signature = self._signature(target.signed, values)
                    if signature is not None:
                        signatures.append(signature)
                continue
            place: RecordPlace | None = getattr(model, "__audit_place__", None)
            if place is not None:
                changes.extend(self._changes(model, place, group, before, values))
        return changes, signatures

    def _replay_before(self, first_seq: int, keys: Iterable[_Key]) -> None:
        """The values of `keys` just before `first_seq`, from the format-1 rows before it."""
        if first_seq <= 1:
            return
        by_table: dict[str, list[str]] = {}
        for table, record_id in keys:
            by_table.setdefault(table, []).append(record_id)
        cursor = self.session.connection().connection.cursor()
        try:
            for table, record_ids in sorted(by_table.items()):
                for start in range(0, len(record_ids), _CHUNK):
                    chunk = record_ids[start : start + _CHUNK]
                    cursor.execute(
                        "SELECT record_id, field, new_value, action FROM audit_log "
                        f"WHERE seq < ? AND row_format = 1 AND table_name = ? AND record_id IN "
                        f"({', '.join('?' for _ in chunk)}) AND field IS NOT NULL ORDER BY seq",
                        (first_seq, table, *chunk),
                    )
                    for record_id, field, new_value, action in cursor.fetchall():
                        if action != "delete":
                            self.state.setdefault((table, record_id), {})[field] = new_value
        finally:
            cursor.close()

    def _record(self, model: type[Base], values: Mapping[str, str | None]) -> Base:
        """A transient record holding `values` (only read, never added to the session)."""
        record = model()
        table = model.__table__
        for name, text in values.items():
            if name in table.c:
                setattr(record, name, _python_value(table.c[name], text))
        return record

    def _changes(
        self,
        model: type[Base],
        place: RecordPlace,
        group: Sequence[Mapping[str, Any]],
        before: Mapping[str, str | None],
        after: Mapping[str, str | None],
    ) -> list[ItemChange]:
        action = str(group[0]["action"])
        record = self._record(model, after)
        where = self.places.of(record)
        if where.subject_key is None or where.form_id is None:
            return []
        found: list[tuple[Mapping[str, Any], ItemDef, str | None, str | None, str | None]] = []
        if place.item_field is not None:
            rows = [row for row in group if row["field"] in ("value", "unit")] or list(group)
            name = after.get(place.item_field)
            if name is None or not has_field(self.catalogue, where.form_id, name):
                return []
            item = self.catalogue.field_item(where.form_id, name)
            value = None if action == "delete" else after.get("value")
            old = before.get("value")
            found.append(
                (rows[0], item, old, value, after.get("unit") if value is not None else None)
            )
        else:
            table = model.__table__
            for row in group:
                field = row["field"]
                if field is None or field not in table.c:
                    continue
                column = table.c[field]
                found.extend(
                    (row, item, old, new, unit)
                    for item, old, new, unit in self._column_items(
                        column, where, before, after, action
                    )
                )
        changes = []
        for row, item, old, new, unit in found:
            if item.site_only or (action == "update" and old == new and unit is None):
                continue
            item_where = (
                where if item.form_id == where.form_id else self.places.of(record, item.form_id)
            )
            if item_where.subject_key is None or item_where.event_oid is None:
                continue
            changes.append(
                ItemChange(
                    seq=row["seq"],
                    ts=row["ts"],
                    user_id=row["user_id"],
                    action=action,
                    subject_key=item_where.subject_key,
                    event_oid=item_where.event_oid,
                    form_oid=self.catalogue.form(item.form_id).oid,
                    group_oid=item.group_oid,
                    repeat_key=item_where.repeat_key or "",
                    item_oid=item.oid,
                    value=new,
                    unit=unit,
                    reason=row["reason"],
                    mdv_oid=self.catalogue.metadata_version_oid,
                )
            )
        return changes

    def _column_items(
        self,
        column: ColumnElement[Any],
        where: Place,
        before: Mapping[str, str | None],
        after: Mapping[str, str | None],
        action: str,
    ) -> list[tuple[ItemDef, str | None, str | None, str | None]]:
        """(item, old text, new text, unit) of each item a column holds."""
        old_value = _python_value(column, before.get(column.name))
        new_value = None if action == "delete" else _python_value(column, after.get(column.name))
        split: SplitItems | None = column.info.get(ITEMS_INFO)
        found = []
        for one in column_items(column.info):
            form_id = one.form_id or where.form_id
            if form_id is not None and has_field(self.catalogue, form_id, one.field):
                item = self.catalogue.field_item(form_id, one.field)
                new = item_value_text(one, item, new_value)
                unit = item.standard_unit if item.units and new is not None else None
                found.append((item, item_value_text(one, item, old_value), new, unit))
        if split is not None and where.form_id is not None:
            olds = split.texts(old_value)
            news = split.texts(new_value) if action != "delete" else {}
            for name in split.fields:
                item = self.catalogue.field_item(split.form_id or where.form_id, name)
                found.append((item, olds.get(name), news.get(name), None))
        return found

    def _signature(
        self, signed: tuple[str, str], values: Mapping[str, str | None]
    ) -> ClinicalSignature | None:
        """The ODM signature of a format-1 signature record, placed where the record it signs is
        (`signed`: the columns naming that record's table and key)."""
        model = AUDITED_MODELS.get(values.get(signed[0]) or "")
        record_id, user_id = values.get(signed[1]), values.get("user_id")
        meaning, signed_at = values.get("meaning"), values.get("signed_at")
        if (
            model is None
            or record_id is None
            or user_id is None
            or meaning is None
            or signed_at is None
        ):
            return None
        record = self.session.get(model, record_id)
        if record is None:
            return None
        where = self.places.of(record)
        if where.subject_key is None or where.event_oid is None or where.form_id is None:
            return None
        form = self.catalogue.form(where.form_id)
        return ClinicalSignature(
            subject_key=where.subject_key,
            event_oid=where.event_oid,
            form_oid=form.oid,
            group_oid=form.groups[0].oid,
            repeat_key=where.repeat_key or "",
            user_id=user_id,
            meaning=meaning,
            signed_at=signed_at,
            mdv_oid=self.catalogue.metadata_version_oid,
        )


def _transactions(rows: Sequence[Mapping[str, Any]]) -> list[list[Mapping[str, Any]]]:
    """Consecutive rows of one record written together (same time, user and action)."""
    groups: list[list[Mapping[str, Any]]] = []
    for row in rows:
        same = (row["table_name"], row["record_id"], row["ts"], row["user_id"], row["action"])
        if groups:
            last = groups[-1][-1]
            if same == (
                last["table_name"],
                last["record_id"],
                last["ts"],
                last["user_id"],
                last["action"],
            ):
                groups[-1].append(row)
                continue
        groups.append([row])
    return groups
