"""The item catalogue: every datum of the protocol by its ODM identity (DESIGN section 12).

Built from a `Protocol` (the version the data were entered under), never from the site's storage:
study events (the visits, then the common event for records outside the schedule), forms, item
groups and items in protocol order, each item with its concrete ODM DataType, Length and
SignificantDigits, codelist, units and standard unit, hard range, question in English and
Chinese, whether it stays at the site, whether the app records it by itself (derived), and its
CDISC mapping. Lookups go by ItemOID or by (form id, field name). `metadata_version_oid` is the
one place the MetaDataVersion OID is formed.

Data types: text, choices and yes/no answers -> text (the code), whole numbers -> integer,
decimals, vital signs and labs -> float, dates -> date, date and time -> datetime, a year and
month (the birth month that leaves the site instead of the date of birth) -> partialDate. A choice's
ItemDef and CodeList share DataType text. A text item's Length is its declared maximum (a
choice's: its longest code); an integer item's Length the digits of its hard range's bound. A float
item's SignificantDigits is the most decimal places the protocol declares over its units, and its
Length the most digits a value can take: in each unit, the whole digits of the hard range's largest
bound converted there plus that unit's decimal places (bilirubin up to 60 mg/dL with 2 decimals or
1026 umol/L with 1: Length 5, SignificantDigits 2); without a hard range, no Length.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_DOWN
from typing import Literal, TypeAlias

from msc_desktop.domain.decimals import rounded
from msc_desktop.domain.protocol import (
    CdiscRef,
    FieldDef,
    FormDef,
    ItemGroup,
    LocalizedText,
    Protocol,
    ValueRange,
)
from msc_desktop.errors import ValidationError

DataType: TypeAlias = Literal[
    "text", "integer", "float", "date", "datetime", "time", "boolean", "partialDate"
]

_DATA_TYPES: Mapping[str, DataType] = {
    "text": "text",
    "choice": "text",
    "yesno": "text",
    "tristate": "text",
    "int": "integer",
    "decimal": "float",
    "vital": "float",
    "lab": "float",
    "date": "date",
    "datetime": "datetime",
    "year_month": "partialDate",
}


def metadata_version_oid(protocol: Protocol) -> str:
    """The MetaDataVersion OID of a protocol version: "MDV.XJMSC0001.1.0"."""
    return f"MDV.{protocol.protocol_id}.{protocol.version}"


@dataclass(frozen=True)
class ItemDef:
    """One item where it is recorded: a field of a form, in an item group."""

    oid: str
    #: The field name in the form (what widgets, the validator and the services use).
    name: str
    form_id: str
    group_oid: str
    #: Always recorded in its form (required and unconditional): ODM ItemRef Mandatory.
    mandatory: bool
    data_type: DataType
    length: int | None
    significant_digits: int | None
    codelist_oid: str | None
    #: The unit codes the item may be recorded in (empty: no unit), and the standard one.
    units: tuple[str, ...]
    standard_unit: str | None
    hard_range: ValueRange | None
    question: LocalizedText
    site_only: bool
    derived: bool
    cdisc: CdiscRef | None


@dataclass(frozen=True)
class FormItems:
    """A form with its OID, groups and items, in protocol order."""

    form_id: str
    oid: str
    title: LocalizedText
    derived: bool
    groups: tuple[ItemGroup, ...]
    items: tuple[ItemDef, ...]

    def group_items(self, group_oid: str) -> tuple[ItemDef, ...]:
        return tuple(item for item in self.items if item.group_oid == group_oid)


@dataclass(frozen=True)
class StudyEvent:
    """A visit (Scheduled; `visit_code` set) or the common event, with its forms in order."""

    oid: str
    name: LocalizedText
    visit_code: str | None
    form_ids: tuple[str, ...]

    @property
    def scheduled(self) -> bool:
        return self.visit_code is not None


class ItemCatalogue:
    """Every item of one protocol version, by OID and by (form id, field name)."""

    def __init__(self, protocol: Protocol) -> None:
        self.protocol = protocol
        self.study_oid = protocol.study_oid
        self.metadata_version_oid = metadata_version_oid(protocol)
        self.events: tuple[StudyEvent, ...] = tuple(
            StudyEvent(visit.oid, visit.name, visit.code, visit.forms) for visit in protocol.visits
        ) + (
            StudyEvent(
                protocol.common_event.oid,
                protocol.common_event.name,
                None,
                protocol.common_event.forms,
            ),
        )
        order = [form_id for event in self.events for form_id in event.form_ids]
        ordered = sorted(protocol.all_forms, key=lambda form: order.index(form.form_id))
        self.forms: tuple[FormItems, ...] = tuple(_form_items(protocol, form) for form in ordered)
        self._by_field = {
            (item.form_id, item.name): item for form in self.forms for item in form.items
        }
        self._by_oid: dict[str, ItemDef] = {}
        for form in self.forms:
            for item in form.items:
                self._by_oid.setdefault(item.oid, item)

    @property
    def items(self) -> tuple[ItemDef, ...]:
        """Each ItemOID once (its first placement), in protocol order."""
        return tuple(self._by_oid.values())

    def item(self, oid: str) -> ItemDef:
        """The item an OID stands for (an OID placed in several forms: its first placement)."""
        try:
            return self._by_oid[oid]
        except KeyError:
            raise ValidationError(
                'The protocol version {version} has no item "{oid}".',
                version=self.protocol.version,
                oid=oid,
            ) from None

    def field_item(self, form_id: str, name: str) -> ItemDef:
        """The item a form's field (typed or derived) records."""
        try:
            return self._by_field[(form_id, name)]
        except KeyError:
            raise ValidationError(
                'The protocol version {version} has no item "{name}" in the form "{form}".',
                version=self.protocol.version,
                name=name,
                form=form_id,
            ) from None

    def form(self, form_id: str) -> FormItems:
        for form in self.forms:
            if form.form_id == form_id:
                return form
        raise ValidationError(
            'The protocol version {version} has no form "{form}".',
            version=self.protocol.version,
            form=form_id,
        )

    def event(self, oid: str) -> StudyEvent:
        for event in self.events:
            if event.oid == oid:
                return event
        raise ValidationError(
            'The protocol version {version} has no study event "{oid}".',
            version=self.protocol.version,
            oid=oid,
        )

    def visit_event(self, visit_code: str) -> StudyEvent:
        """The study event of a visit code ("W4" -> SE.W4)."""
        for event in self.events:
            if event.visit_code == visit_code:
                return event
        raise ValidationError(
            'The protocol version {version} has no visit "{code}".',
            version=self.protocol.version,
            code=visit_code,
        )

    @property
    def common_event(self) -> StudyEvent:
        return self.events[-1]


def _form_items(protocol: Protocol, form: FormDef) -> FormItems:
    return FormItems(
        form_id=form.form_id,
        oid=form.oid,
        title=form.title,
        derived=form.derived,
        groups=form.groups,
        items=tuple(_item(protocol, form, field) for field in form.items),
    )


def _item(protocol: Protocol, form: FormDef, field: FieldDef) -> ItemDef:
    data_type = _DATA_TYPES[field.kind]
    length, digits = _size(protocol, field, data_type)
    return ItemDef(
        oid=field.oid,
        name=field.name,
        form_id=form.form_id,
        group_oid=field.group_oid,
        mandatory=field.required and field.applies_if is None,
        data_type=data_type,
        length=length,
        significant_digits=digits,
        codelist_oid=protocol.codelist_oids[field.codelist] if field.codelist else None,
        units=field.units,
        standard_unit=field.standard_unit,
        hard_range=field.hard_range,
        question=field.label,
        site_only=field.site_only,
        derived=field.derived,
        cdisc=field.cdisc,
    )


def _size(
    protocol: Protocol, field: FieldDef, data_type: DataType
) -> tuple[int | None, int | None]:
    """(Length, SignificantDigits) where the protocol bounds them: text, integer and float items."""
    if data_type == "text":
        if field.choices:
            return max(len(choice.code) for choice in field.choices), None
        return field.max_length, None
    if data_type == "integer" and field.hard_range is not None:
        bound = max(abs(field.hard_range.low), abs(field.hard_range.high))
        return len(str(int(bound))), None
    if data_type == "float" and field.decimals:
        return _float_length(protocol, field), max(field.decimals)
    return None, None


def _float_length(protocol: Protocol, field: FieldDef) -> int | None:
    """The most digits a value takes in any of its units: the whole digits of the hard range's
    largest bound there, plus that unit's decimal places (None without a hard range)."""
    if field.hard_range is None:
        return None
    bound = max(abs(field.hard_range.low), abs(field.hard_range.high))
    lengths = []
    for position, decimals in enumerate(field.decimals):
        in_unit = bound
        if field.kind == "lab":
            in_unit = protocol.lab_test(field.test or "").units[position].from_standard(bound)
        whole = rounded(in_unit, decimals).to_integral_value(rounding=ROUND_DOWN)
        lengths.append(len(str(int(whole))) + decimals)
    return max(lengths)
