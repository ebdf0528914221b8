"""The text the audit trail keeps for a value (`canonical_value`, and an item's by its
declaration), which columns hold clinical times, and the item catalogue of a protocol version."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from msc_desktop.domain.clinic_time import clinic_zone, clinical_text, fixed_offset
from msc_desktop.domain.items import ItemCatalogue, ItemDef
from msc_desktop.domain.protocol import Protocol
from msc_desktop.domain.protocol_reader import load_protocol
from msc_desktop.errors import ValidationError
from msc_desktop.store.base import Base
from msc_desktop.store.item_columns import ColumnItem, RecordPlace, column_items


def canonical_value(value: Any, *, clinical: bool = False) -> str | None:
    """The text an audit row, a signature digest or a bundle keeps for a value: Decimal as str,
    dates ISO, yes/no true/false; a datetime is a UTC system time ending in Z, unless `clinical`
    (the column holds an item the protocol declares a datetime: `is_clinical_column`), then the
    clinic's local time with its offset (domain/clinic_time.py), never Z. (A naive clinical time
    is one stored before clinical times kept their offset, read only by the migrations that
    compare signature digests: it keeps the text the releases before gave it.)"""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        if clinical and value.tzinfo is not None:
            return clinical_text(value)
        moment: datetime = value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value
        return moment.isoformat(timespec="microseconds") + "Z"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def clinical_item_text(value: object) -> str | None:
    """The text of a clinical time item: local time with its offset ("2026-05-04T11:00:00+08:00").
    A naive one is a value stored before clinical times kept their offset (only the migration that
    converts them reads one): its text is what the trail recorded then, the wall clock to the
    minute."""
    if value is None:
        return None
    if not isinstance(value, datetime):
        raise TypeError("a clinical time must be a datetime", value)
    return clinical_text(value) if value.tzinfo is not None else value.isoformat(timespec="minutes")


def item_value_text(one: ColumnItem, item: ItemDef, value: object) -> str | None:
    """The text of the value a column holds for `item`: the declaration decides; an item declared a
    datetime is a clinical time (`clinical_item_text`), the others are written as the column
    says."""
    return clinical_item_text(value) if item.data_type == "datetime" else one.text(value)


#: The clinical times the releases before clinical times kept their offset stored as naive UTC
#: (taken from the system clock); the others were naive clinic wall-clock times.
_LEGACY_UTC = frozenset({("participant", "randomized_at"), ("protocol_deviation", "recorded_at")})


def legacy_clinical_time(table_name: str, column_name: str, naive: datetime) -> datetime:
    """A clinical time an older release stored without its offset, on the site's clock with the
    offset of the site's zone (the migration that converts them, the translation of old rows)."""
    if naive.tzinfo is not None:
        return fixed_offset(naive)
    if (table_name, column_name) in _LEGACY_UTC:
        return fixed_offset(naive.replace(tzinfo=UTC).astimezone(clinic_zone()))
    return fixed_offset(naive)


_CLINICAL_COLUMNS: set[tuple[str, str]] | None = None


def clinical_columns() -> frozenset[tuple[str, str]]:
    """(table, column) of every column holding an item the protocol declares a datetime (a clinical
    time): the declaration decides, not the column's type."""
    global _CLINICAL_COLUMNS
    if _CLINICAL_COLUMNS is None:
        catalogue = catalogue_of(load_protocol())
        found: set[tuple[str, str]] = set()
        for mapper in Base.registry.mappers:
            place: RecordPlace | None = getattr(mapper.class_, "__audit_place__", None)
            if place is None:
                continue
            for column in mapper.columns:
                for one in column_items(column.info):
                    form_id = one.form_id or place.form_id
                    if (
                        has_field(catalogue, form_id, one.field)
                        and catalogue.field_item(form_id, one.field).data_type == "datetime"
                    ):
                        found.add((str(mapper.class_.__tablename__), column.name))
        _CLINICAL_COLUMNS = found
    return frozenset(_CLINICAL_COLUMNS)


def is_clinical_column(table_name: str, column_name: str) -> bool:
    """Whether that column holds a clinical time (`clinical_columns`)."""
    return (table_name, column_name) in clinical_columns()


_CATALOGUES: dict[int, tuple[Protocol, ItemCatalogue]] = {}


def catalogue_of(protocol: Protocol) -> ItemCatalogue:
    """The item catalogue of a protocol version, built once."""
    kept = _CATALOGUES.get(id(protocol))
    if kept is None or kept[0] is not protocol:
        kept = _CATALOGUES[id(protocol)] = (protocol, ItemCatalogue(protocol))
    return kept[1]


def has_field(catalogue: ItemCatalogue, form_id: str, field: str) -> bool:
    try:
        catalogue.field_item(form_id, field)
    except ValidationError:
        return False
    return True
