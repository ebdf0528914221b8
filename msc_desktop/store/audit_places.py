"""Where a changed record sits in the protocol (subject, study event, form, repeat) and the
format-2 audit rows one flush makes of it: one per changed item, or one for a record without
protocol data (an account, a signature) naming its neutral target."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.orm import Mapper, Session

from msc_desktop.domain.items import ItemCatalogue, ItemDef
from msc_desktop.store.audit_chain import FORMAT_ITEMS
from msc_desktop.store.audit_log import AuditEntry
from msc_desktop.store.audit_values import canonical_value, catalogue_of, has_field, item_value_text
from msc_desktop.store.base import Base
from msc_desktop.store.item_columns import (
    ATTRIBUTE_INFO,
    ITEMS_INFO,
    NeutralTarget,
    RecordPlace,
    SplitItems,
    column_items,
)
from msc_desktop.store.models import FormVersion, Participant, Visit
from msc_desktop.store.protocols import protocol_version


def record_key(obj: Base) -> str:
    mapper: Mapper[Any] = inspect(type(obj))
    return "/".join(str(v) for v in mapper.primary_key_from_instance(obj))


@dataclass(frozen=True)
class Place:
    """Where a record sits in the protocol: whose, which study event, which form and repeat."""

    subject_key: str | None
    event_oid: str | None
    form_id: str | None
    form_oid: str | None
    repeat_key: str | None

    def entry(
        self,
        action: str,
        table: str,
        record_id: str,
        field: str | None,
        catalogue: ItemCatalogue,
        item: ItemDef | None = None,
        old: tuple[str | None, str | None] = (None, None),
        new: tuple[str | None, str | None] = (None, None),
        *,
        site_only: bool = False,
        target: str | None = None,
    ) -> AuditEntry:
        group = item.group_oid if item is not None else None
        if group is None and self.form_id is not None:
            groups = catalogue.form(self.form_id).groups
            group = groups[0].oid if len(groups) == 1 else None
        return AuditEntry(
            action,
            table,
            record_id,
            field,
            old[0],
            new[0],
            site_only or bool(item and item.site_only),
            row_format=FORMAT_ITEMS,
            target=target,
            subject_key=self.subject_key,
            event_oid=self.event_oid,
            form_oid=self.form_oid,
            group_oid=group,
            repeat_key=self.repeat_key,
            item_oid=item.oid if item is not None else None,
            old_unit=old[1],
            new_unit=new[1],
            mdv_oid=catalogue.metadata_version_oid,
        )


NOWHERE = Place(None, None, None, None, None)


class Places:
    """Finds the place of records during one flush (participants and visits read once)."""

    def __init__(self, session: Session, catalogue: ItemCatalogue) -> None:
        self.session = session
        self.catalogue = catalogue
        self.subjects: dict[str, str | None] = {}
        self.visits: dict[str, tuple[str, str] | None] = {}

    def subject_key(self, participant_id: str | None) -> str | None:
        if participant_id is None:
            return None
        if participant_id not in self.subjects:
            participant = self.session.get(Participant, participant_id)
            self.subjects[participant_id] = (
                participant.subject_id if participant is not None else None
            )
        return self.subjects[participant_id]

    def visit(self, visit_id: str) -> tuple[str, str] | None:
        """(participant id, visit code) of a visit."""
        if visit_id not in self.visits:
            visit = self.session.get(Visit, visit_id)
            self.visits[visit_id] = (
                (visit.participant_id, visit.visit_code) if visit is not None else None
            )
        return self.visits[visit_id]

    def catalogue_of(self, obj: Base) -> ItemCatalogue:
        """The catalogue of the protocol version `obj`'s form instance was entered under
        (store/protocols.py: recorded for the record, its visit or its participant)."""
        place: RecordPlace | None = getattr(type(obj), "__audit_place__", None)
        if place is None:
            return self.catalogue
        holders = [record_key(obj)]
        if place.visit is not None:
            holders.append(str(getattr(obj, place.visit)))
        if place.participant is not None:
            holders.append(str(getattr(obj, place.participant)))
        for holder in holders:
            entered = self.session.get(FormVersion, holder)
            if entered is not None:
                return catalogue_of(protocol_version(self.session, entered.version))
        return self.catalogue

    def of(self, obj: Base, form_id: str | None = None) -> Place:
        """The place of `obj` (in `form_id` when given, else its own form)."""
        place: RecordPlace | None = getattr(type(obj), "__audit_place__", None)
        if place is None:
            return NOWHERE
        if place.visit is not None:
            found = self.visit(str(getattr(obj, place.visit)))
            participant_id, visit_code = found if found is not None else (None, None)
        else:
            participant_id = getattr(obj, place.participant) if place.participant else None
            visit_code = getattr(obj, place.visit_code) if place.visit_code else None
        catalogue = self.catalogue_of(obj)
        if form_id is None and place.item_field is not None and visit_code is not None:
            form_id = _form_with(catalogue, visit_code, str(getattr(obj, place.item_field)))
        form_id = form_id or place.form_for(visit_code)
        repeat = getattr(obj, place.repeat_key) if place.repeat_key else None
        return Place(
            self.subject_key(participant_id),
            _event_oid(catalogue, form_id, visit_code),
            form_id,
            catalogue.form(form_id).oid,
            None if repeat is None else str(repeat),
        )


def _event_oid(catalogue: ItemCatalogue, form_id: str, visit_code: str | None) -> str | None:
    """The study event of a form instance: its visit's, or the one event holding the form."""
    events = [study_event for study_event in catalogue.events if form_id in study_event.form_ids]
    if visit_code is not None:
        for study_event in events:
            if study_event.visit_code == visit_code:
                return study_event.oid
    return events[0].oid if len(events) == 1 else None


def _form_with(catalogue: ItemCatalogue, visit_code: str, field: str) -> str | None:
    """The first form of the visit's study event that has `field` (an item value's form)."""
    for study_event in catalogue.events:
        if study_event.visit_code == visit_code:
            for form_id in study_event.form_ids:
                if has_field(catalogue, form_id, field):
                    return form_id
    return None


def _values(obj: Base, key: str, action: str) -> tuple[Any, Any]:
    """(old, new) of one attribute in this flush."""
    history = inspect(obj).attrs[key].history
    current = getattr(obj, key)
    if action == "insert":
        return None, current
    if action == "delete":
        old = history.unchanged[0] if history.unchanged else (history.deleted or [None])[0]
        return old, None
    if history.deleted:
        return history.deleted[0], current
    return (current, current) if not history.added else (None, current)


def item_entries(obj: Base, action: str, places: Places) -> list[AuditEntry]:
    """One format-2 row per item of `obj` that this flush changed (an inserted record: each item
    it holds; a deleted one: each item it held)."""
    mapper: Mapper[Any] = inspect(type(obj))
    catalogue = places.catalogue_of(obj)
    place = places.of(obj)
    table, key = str(obj.__tablename__), record_key(obj)
    record_place: RecordPlace = type(obj).__audit_place__  # type: ignore[attr-defined]
    changes: list[
        tuple[ItemDef, str, tuple[str | None, str | None], tuple[str | None, str | None], bool]
    ] = []
    if record_place.item_field is not None:  # the row is the item: its value with its unit
        name = str(getattr(obj, record_place.item_field))
        if place.form_id is None or not has_field(catalogue, place.form_id, name):
            return []
        item = catalogue.field_item(place.form_id, name)
        old_value, new_value = _values(obj, "value", action)
        old_unit, new_unit = _values(obj, "unit", action)
        changes.append(
            (
                item,
                "value",
                (old_value, old_unit if old_value is not None else None),
                (new_value, new_unit if new_value is not None else None),
                False,
            )
        )
    else:
        for attr in mapper.column_attrs:
            column = attr.columns[0]
            ones = column_items(column.info)
            split: SplitItems | None = column.info.get(ITEMS_INFO)
            if not ones and split is None:
                continue
            old, new = _values(obj, attr.key, action)
            for one in ones:
                form_id = one.form_id or place.form_id
                if form_id is None or not has_field(catalogue, form_id, one.field):
                    # Not an item of this record's form (the screening visit's code and date).
                    continue
                item = catalogue.field_item(form_id, one.field)
                unit = item.standard_unit if item.units else None
                old_text, new_text = (
                    item_value_text(one, item, old),
                    item_value_text(one, item, new),
                )
                if action == "insert" and new is None:
                    new_text = None
                if action == "delete" and old is None:
                    old_text = None
                changes.append(
                    (
                        item,
                        column.name,
                        (old_text, unit if old_text is not None else None),
                        (new_text, unit if new_text is not None else None),
                        bool(column.info.get("site_only")),
                    )
                )
            if split is not None and place.form_id is not None:
                olds = split.texts(old) if action != "insert" else {}
                news = split.texts(new) if action != "delete" else {}
                for name in split.fields:
                    item = catalogue.field_item(split.form_id or place.form_id, name)
                    changes.append(
                        (item, column.name, (olds.get(name), None), (news.get(name), None), False)
                    )
    entries = []
    for item, field, old_pair, new_pair, site_only in changes:
        if old_pair == new_pair or (old_pair[0] is None and new_pair[0] is None):
            continue
        item_place = place if item.form_id == place.form_id else places.of(obj, item.form_id)
        entries.append(
            item_place.entry(
                action, table, key, field, catalogue, item, old_pair, new_pair, site_only=site_only
            )
        )
    return entries


def _attribute_text(
    obj: Base, keys: Iterable[tuple[str, str]], which: int, action: str
) -> str | None:
    values = {}
    for key, name in keys:
        pair = _values(obj, key, action)
        if pair[0] != pair[1] or action != "update":
            values[name] = canonical_value(pair[which])
    if all(value is None for value in values.values()):
        return None
    return json.dumps(values, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def record_entry(obj: Base, action: str, places: Places) -> list[AuditEntry]:
    """One format-2 row for a changed record without protocol data (an account, a signature):
    its neutral target and the attributes changed, old and new, as compact JSON."""
    neutral: NeutralTarget = type(obj).__audit_target__  # type: ignore[attr-defined]
    mapper: Mapper[Any] = inspect(type(obj))
    keys = [
        (attr.key, str(attr.columns[0].info[ATTRIBUTE_INFO]))
        for attr in mapper.column_attrs
        if ATTRIBUTE_INFO in attr.columns[0].info
    ]
    changed = [
        (key, name)
        for key, name in keys
        if action != "update" or _values(obj, key, action)[0] != _values(obj, key, action)[1]
    ]
    if not changed:
        return []
    place, catalogue = NOWHERE, places.catalogue
    if neutral.signed is not None:
        table_attribute, key_attribute = neutral.signed
        signed = audited_record(
            places.session, str(getattr(obj, table_attribute)), str(getattr(obj, key_attribute))
        )
        if signed is not None:
            place, catalogue = places.of(signed), places.catalogue_of(signed)
    key = record_key(obj)
    return [
        place.entry(
            action,
            str(obj.__tablename__),
            key,
            None,
            catalogue,
            old=(_attribute_text(obj, changed, 0, action), None),
            new=(_attribute_text(obj, changed, 1, action), None),
            target=f"{neutral.kind}:{key}",
        )
    ]


def audited_record(session: Session, table_name: str, record_id: str) -> Base | None:
    """The audited record of the site with that table and key, if it exists."""
    model = AUDITED_MODELS.get(table_name)
    return session.get(model, record_id) if model is not None else None


AUDITED_MODELS: dict[str, type[Base]] = {
    str(mapper.class_.__tablename__): mapper.class_
    for mapper in Base.registry.mappers
    if getattr(mapper.class_, "__audited__", False)
}
