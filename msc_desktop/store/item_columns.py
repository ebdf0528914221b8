"""Which protocol item each column of the site store holds, and where a record sits in the protocol.

The site keeps typed tables (and `item_value` rows for the visit forms); the audit trail, and what
leaves the site, speak of items by their ODM identity (domain/items.py). The mapping is declared
here once, beside the columns (models.py): a column that holds protocol data names its item in
its `info` (`item("sex")`, or `item("arm", form="randomization")` when it belongs to another form
than its record's); a record class names its place (`RecordPlace`: its form, the participant it
belongs to, the visit it was recorded at, its repeat key). Link columns (ids, parents) and pure
bookkeeping (creation times) declare nothing and are not items. Tables that hold no protocol data
(user accounts, signatures) declare neutral attribute names (`attribute("role")`) for their
audit rows instead.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from msc_desktop.domain.decimals import format_decimal

ITEM_INFO = "item"
ALSO_INFO = "also"
ITEMS_INFO = "items"
ATTRIBUTE_INFO = "attribute"


def value_text(value: object) -> str | None:
    """The text of an item value as the forms write it: decimals plain, dates ISO, yes/no as Y/N
    (a clinical time, an item declared a datetime, is written by store/audit_values.py with its
    offset)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "Y" if value else "N"
    if isinstance(value, Decimal):
        return format_decimal(value)
    if isinstance(value, datetime):
        raise TypeError(
            "a clinical time is written with its offset (store/audit_values.clinical_item_text)"
        )
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def year_month_text(value: object) -> str | None:
    """A date's year and month, `YYYY-MM`: all of a date of birth that leaves the site (DESIGN
    7)."""
    text = value_text(value)
    return None if text is None else text[:7]


def tristate_text(value: object) -> str | None:
    """A yes/no/unknown answer kept as True/False/None: Y, N or U."""
    return "U" if value is None else value_text(value)


@dataclass(frozen=True)
class ColumnItem:
    """The item a column holds: a field of its record's form (or of `form_id`)."""

    field: str
    form_id: str | None = None
    text: Callable[[object], str | None] = value_text


@dataclass(frozen=True)
class SplitItems:
    """A column holding several yes/no items at once: the comma-separated codes among `fields`
    that are answered yes (an AE's seriousness criteria)."""

    fields: tuple[str, ...]
    form_id: str | None = None

    def texts(self, value: object) -> dict[str, str | None]:
        chosen = set(filter(None, str(value or "").split(",")))
        return {name: "Y" if name in chosen else "N" for name in self.fields}


def item(
    field: str,
    *,
    form: str | None = None,
    text: Callable[[object], str | None] = value_text,
    site_only: bool = False,
    also: tuple[ColumnItem, ...] = (),
) -> dict[str, Any]:
    """Column info: the column holds `field` of its record's form (or of `form`), and the derived
    items `also` made from the same value (a date of birth's year and month)."""
    info: dict[str, Any] = {ITEM_INFO: ColumnItem(field, form, text)}
    if also:
        info[ALSO_INFO] = also
    if site_only:
        info["site_only"] = True
    return info


def column_items(info: Mapping[str, Any]) -> tuple[ColumnItem, ...]:
    """The items a column's value gives one to one: its own, then those derived from it."""
    own: ColumnItem | None = info.get(ITEM_INFO)
    return ((own,) if own is not None else ()) + tuple(info.get(ALSO_INFO, ()))


def items(*fields: str, form: str | None = None) -> dict[str, Any]:
    """Column info: the column holds the yes/no items `fields` as comma-separated codes."""
    return {ITEMS_INFO: SplitItems(fields, form)}


def attribute(name: str) -> dict[str, Any]:
    """Column info of a table without protocol data: the attribute its audit rows name."""
    return {ATTRIBUTE_INFO: name}


@dataclass(frozen=True)
class RecordPlace:
    """Where a record sits: its form, the attribute holding its participant (or its visit, for an
    item value), the attribute holding its visit code, and the one holding its repeat key.

    A record that is one item (`item_field`: the attribute holding its field name) keeps its
    value in `value` with its unit in `unit`; its form is the first form of its visit's study
    event that has that field.

    `form_by_visit` gives another form for some visit codes (the screening visit's record holds
    the screening form, the other visits' the visit form)."""

    form_id: str
    participant: str | None = "participant_id"
    visit: str | None = None
    visit_code: str | None = None
    repeat_key: str | None = None
    form_by_visit: Mapping[str, str] | None = None
    item_field: str | None = None

    def form_for(self, visit_code: str | None) -> str:
        if visit_code is not None and self.form_by_visit is not None:
            return self.form_by_visit.get(visit_code, self.form_id)
        return self.form_id


@dataclass(frozen=True)
class NeutralTarget:
    """How the audit rows of a table without protocol data name a record: `kind` (`USER`,
    `SIGNATURE`) and its id. A signature also sits where the record it signs sits: `signed`
    names the attributes holding that record's table and key."""

    kind: str
    signed: tuple[str, str] | None = None
