"""The clinical payload of a bundle: CDISC ODM 1.3.2 ClinicalData addressed by the protocol's OIDs.

`render_clinical` writes one Transactional ODM document: the Study with the MetaDataVersion of
every protocol version the changes were entered under (sync/odm_metadata.py), AdminData (the users
named, the site as a Location, the signature meanings), then one ClinicalData per
MetaDataVersion. Every `ItemChange` is an ItemData under SubjectData / StudyEventData / FormData /
ItemGroupData (ItemGroupRepeatKey for a repeating group), with its value and MeasurementUnitRef
and an AuditRecord whose SourceID is the audit row (`seq`) it came from; an item changed twice in
one bundle is two ItemData, in order. TransactionType: Insert, Update, or Remove for a deletion.
A signature is an ODM Signature on the ItemGroupData it signs. Site-only items (names, contact
details, initials, the full date of birth) are never written.

`parse_clinical` reads such a document back strictly, for the centre: bounded in size, element
count, depth and value length; no DTD, entity, processing instruction or foreign namespace; every
element checked against the places it may appear and every attribute against the ones it may
have; every OID used declared in the same document; every value of the DataType its ItemDef
declares; every unit a declared MeasurementUnit of its item. It raises nothing but SyncError, with
one sentence. Pure Python (the standard library's expat), no store models.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any
from xml.parsers import expat

from msc_desktop.domain.items import ItemCatalogue, ItemDef
from msc_desktop.domain.queries import OID_PATTERN
from msc_desktop.errors import SyncError
from msc_desktop.sync.odm import _ATTRIBUTE_ESCAPES, _TEXT_ESCAPES, ODM_NS, _escape, _Writer
from msc_desktop.sync.odm_metadata import write_study

ACTIONS = ("insert", "update", "delete")
_TRANSACTIONS = {"insert": "Insert", "update": "Update", "delete": "Remove"}
_ACTIONS_OF = {value: key for key, value in _TRANSACTIONS.items()}
#: The most text one value, reason or name may hold in a payload.
MAX_TEXT = 20_000
#: Elements allowed besides twelve per change (metadata, admin data, nesting, signatures).
_BASE_ELEMENTS = 100_000
_MAX_DEPTH = 16
#: Shapes and identifiers checked once per document are remembered, up to this many.
_CACHE = 20_000
_SLICE = 1 << 20
_SAFE_USER = re.compile(r"[A-Za-z0-9_.\-]{1,60}")


@dataclass(frozen=True)
class ItemChange:
    """One change of one item, as the ODM ClinicalData carries it.

    `value`/`unit`: the item's value and unit after the change (None after a deletion);
    `repeat_key` is "" for an item group that does not repeat."""

    seq: int
    ts: str
    user_id: str
    action: str
    subject_key: str
    event_oid: str
    form_oid: str
    group_oid: str
    repeat_key: str
    item_oid: str
    value: str | None
    unit: str | None
    reason: str | None
    mdv_oid: str


@dataclass(frozen=True)
class ClinicalSignature:
    """An electronic signature of one item group instance (a form's record), as ODM carries it."""

    subject_key: str
    event_oid: str
    form_oid: str
    group_oid: str
    repeat_key: str
    user_id: str
    meaning: str
    signed_at: str
    mdv_oid: str


@dataclass(frozen=True)
class ClinicalContext:
    """Document-level facts: the file, the site that made it, and the full names of its users."""

    file_oid: str
    created: str
    site_id: str
    site_name: str
    users: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ClinicalDocument:
    """What `parse_document` read: the changes in audit order and the signatures."""

    changes: list[ItemChange]
    signatures: list[ClinicalSignature]
    metadata_versions: tuple[str, ...]


_PLACE = ("subject_key", "event_oid", "form_oid", "group_oid", "mdv_oid")
SIGNATURE_TARGET = "SIGNATURE:"


def item_change_of(row: Mapping[str, Any]) -> ItemChange | None:
    """The change a format-2 audit row (a mapping of `ITEM_ROW_FIELDS`) states, or None when it
    is not a change of a placed item (an event, or a row about a record without protocol data).
    The site and the centre use this one rule: a bundle's ODM holds exactly these changes."""
    if row["action"] not in _TRANSACTIONS or row["target"] is not None or row["item_oid"] is None:
        return None
    if any(row[name] is None for name in _PLACE):
        return None
    return ItemChange(
        seq=row["seq"],
        ts=row["ts"],
        user_id=row["user_id"],
        action=row["action"],
        subject_key=row["subject_key"],
        event_oid=row["event_oid"],
        form_oid=row["form_oid"],
        group_oid=row["group_oid"],
        repeat_key=row["repeat_key"] or "",
        item_oid=row["item_oid"],
        value=row["new_value"],
        unit=row["new_unit"],
        reason=row["reason"],
        mdv_oid=row["mdv_oid"],
    )


def signature_of(row: Mapping[str, Any]) -> ClinicalSignature | None:
    """The signature a format-2 audit row records (the insert of a signature of a placed
    record: `target` SIGNATURE:<id>, its attributes as JSON in `new_value`), else None."""
    target = row["target"]
    if row["action"] != "insert" or not isinstance(target, str):
        return None
    if not target.startswith(SIGNATURE_TARGET) or any(row[name] is None for name in _PLACE):
        return None
    try:
        attributes = json.loads(row["new_value"] or "")
    except ValueError:
        return None
    if not isinstance(attributes, dict):
        return None
    signer, meaning, signed_at = (
        attributes.get(name) for name in ("signer", "meaning", "signed_at")
    )
    if not all(isinstance(value, str) for value in (signer, meaning, signed_at)):
        return None
    return ClinicalSignature(
        subject_key=row["subject_key"],
        event_oid=row["event_oid"],
        form_oid=row["form_oid"],
        group_oid=row["group_oid"],
        repeat_key=row["repeat_key"] or "",
        user_id=str(signer),
        meaning=str(meaning),
        signed_at=str(signed_at),
        mdv_oid=row["mdv_oid"],
    )


def user_oid(user_id: str) -> str:
    """A User OID that gives the login back exactly: `USR.nurse`, or `USRX.<hex>` otherwise."""
    if _SAFE_USER.fullmatch(user_id):
        return f"USR.{user_id}"
    return f"USRX.{user_id.encode('utf-8').hex()}"


def _meaning_oid(index: int) -> str:
    return f"SD.{index}"


def _location_oid(site_id: str) -> str:
    return f"LOC.{site_id}"


_GroupKey = tuple[str, str, str, str, str, str]


def _group_key(entry: ItemChange | ClinicalSignature) -> _GroupKey:
    return (
        entry.mdv_oid,
        entry.subject_key,
        entry.event_oid,
        entry.form_oid,
        entry.group_oid,
        entry.repeat_key,
    )


def render_clinical(
    context: ClinicalContext,
    catalogues: Sequence[ItemCatalogue],
    changes: Iterable[ItemChange],
    signatures: Iterable[ClinicalSignature] = (),
) -> bytes:
    """The ODM document (UTF-8 XML) of `changes` and `signatures`.

    `catalogues` are the protocol versions the entries may refer to; only those in use are
    declared. Changes of site-only items are left out. A change or signature that names a
    MetaDataVersion, item, unit, group, form or event its catalogue does not declare is refused
    (SyncError): it cannot be stated in ODM."""
    by_mdv = {catalogue.metadata_version_oid: catalogue for catalogue in catalogues}
    kept: list[ItemChange] = []
    units: dict[str, dict[str, str]] = {}
    # Whether a place, item, unit and action may be stated, and whether the item leaves the site:
    # looked up once per distinct combination (a full export repeats few of them many times).
    exported: dict[tuple[str, ...], bool] = {}
    for change in changes:
        check = (
            change.mdv_oid,
            change.event_oid,
            change.form_oid,
            change.group_oid,
            change.item_oid,
            change.unit or "",
            change.action,
        )
        leaves = exported.get(check)
        if leaves is None:
            leaves = exported[check] = not _declared_item(
                _catalogue(by_mdv, change.mdv_oid), change
            ).site_only
        if leaves:
            kept.append(change)
    signs = list(signatures)
    for signature in signs:
        _declared_place(_catalogue(by_mdv, signature.mdv_oid), signature)
    in_use = [
        by_mdv[oid]
        for oid in dict.fromkeys(
            [entry.mdv_oid for entry in kept] + [entry.mdv_oid for entry in signs]
        )
    ]
    if not in_use:
        in_use = list(catalogues[-1:])
    for catalogue in in_use:
        units[catalogue.metadata_version_oid] = {
            unit.code: unit.oid for unit in catalogue.protocol.units
        }
    xml = _Writer()
    xml.open(
        "ODM",
        xmlns=ODM_NS,
        FileOID=context.file_oid,
        FileType="Transactional",
        CreationDateTime=context.created,
        ODMVersion="1.3.2",
        Originator="MSC Desktop",
    )
    write_study(xml, in_use)
    meanings = {
        meaning: _meaning_oid(index)
        for index, meaning in enumerate(sorted({signature.meaning for signature in signs}), start=1)
    }
    users = sorted({entry.user_id for entry in kept} | {entry.user_id for entry in signs})
    _admin(xml, context, in_use, users, meanings)
    location = _location_oid(context.site_id)
    user_oids = {user_id: _attr(user_oid(user_id)) for user_id in users}
    grouped: dict[_GroupKey, list[ItemChange]] = {}
    for change in sorted(kept, key=lambda entry: entry.seq):
        grouped.setdefault(_group_key(change), []).append(change)
    signed: dict[_GroupKey, list[ClinicalSignature]] = {}
    for signature in signs:
        signed.setdefault(_group_key(signature), []).append(signature)
    keys = sorted(set(grouped) | set(signed))
    parts = xml.parts
    for mdv_index, catalogue in enumerate(in_use):
        mdv = catalogue.metadata_version_oid
        mdv_keys = [key for key in keys if key[0] == mdv]
        if not mdv_keys and mdv_index:
            continue
        xml.open("ClinicalData", StudyOID=catalogue.study_oid, MetaDataVersionOID=mdv)
        unit_oids = units[mdv]
        subject: str | None = None
        event: str | None = None
        form: str | None = None
        for key in mdv_keys:
            _mdv, key_subject, key_event, key_form, group_oid, repeat_key = key
            if (key_subject, key_event, key_form) != (subject, event, form):
                if form is not None:
                    parts.append("</FormData>\n")
                if (key_subject, key_event) != (subject, event) and event is not None:
                    parts.append("</StudyEventData>\n")
                if key_subject != subject:
                    if subject is not None:
                        parts.append("</SubjectData>\n")
                    parts.append(
                        f'<SubjectData SubjectKey="{_attr(key_subject)}">\n'
                        f'<SiteRef LocationOID="{location}"/>\n'
                    )
                    event = None
                if key_event != event:
                    parts.append(f'<StudyEventData StudyEventOID="{key_event}">\n')
                parts.append(f'<FormData FormOID="{key_form}">\n')
                subject, event, form = key_subject, key_event, key_form
            repeat = f' ItemGroupRepeatKey="{_attr(repeat_key)}"' if repeat_key else ""
            opening = f'<ItemGroupData ItemGroupOID="{group_oid}"{repeat}>\n'
            for signature in signed.get(key, []):
                parts.append(opening)
                parts.append(
                    f'<Signature>\n<UserRef UserOID="{_attr(user_oid(signature.user_id))}"/>\n'
                    f'<LocationRef LocationOID="{location}"/>\n'
                    f'<SignatureRef SignatureOID="{meanings[signature.meaning]}"/>\n'
                    f"<DateTimeStamp>{_text(signature.signed_at)}</DateTimeStamp>\n</Signature>\n"
                    "</ItemGroupData>\n"
                )
            if key in grouped:
                parts.append(opening)
                for change in grouped[key]:
                    _item_data(parts, change, location, unit_oids, user_oids)
                parts.append("</ItemGroupData>\n")
        if form is not None:
            parts.append("</FormData>\n</StudyEventData>\n</SubjectData>\n")
        xml.close("ClinicalData")
    xml.close("ODM")
    return xml.getvalue()


def _attr(value: str) -> str:
    return _escape(value, _ATTRIBUTE_ESCAPES)


def _text(value: str) -> str:
    return _escape(value, _TEXT_ESCAPES)


def _item_data(
    parts: list[str],
    change: ItemChange,
    location: str,
    unit_oids: Mapping[str, str],
    users: Mapping[str, str],
) -> None:
    transaction = _TRANSACTIONS[change.action]
    if change.action == "delete":
        shown = ""
    elif change.value is None:
        shown = ' IsNull="Yes"'
    else:
        shown = f' Value="{_attr(change.value)}"'
    reason = (
        f"<ReasonForChange>{_text(change.reason)}</ReasonForChange>"
        if change.reason is not None
        else ""
    )
    unit = (
        f'<MeasurementUnitRef MeasurementUnitOID="{unit_oids[change.unit]}"/>'
        if change.unit is not None
        else ""
    )
    parts.append(
        f'<ItemData ItemOID="{change.item_oid}" TransactionType="{transaction}"{shown}>'
        f'<AuditRecord><UserRef UserOID="{users[change.user_id]}"/>'
        f'<LocationRef LocationOID="{location}"/>'
        f"<DateTimeStamp>{_text(change.ts)}</DateTimeStamp>{reason}"
        f"<SourceID>{change.seq}</SourceID></AuditRecord>{unit}</ItemData>\n"
    )


def _undeclared(what: str, version: str) -> SyncError:
    return SyncError(
        "An entry of the audit trail names {what}, which protocol version {version} "
        "does not declare; nothing was exported.",
        what=what,
        version=version,
    )


def _catalogue(by_mdv: Mapping[str, ItemCatalogue], mdv_oid: str) -> ItemCatalogue:
    try:
        return by_mdv[mdv_oid]
    except KeyError:
        raise _undeclared(mdv_oid, mdv_oid) from None


def _declared_place(catalogue: ItemCatalogue, entry: ItemChange | ClinicalSignature) -> None:
    version = catalogue.metadata_version_oid
    events = {event.oid: event for event in catalogue.events}
    event = events.get(entry.event_oid)
    forms = {form.oid: form for form in catalogue.forms}
    form = forms.get(entry.form_oid)
    if event is None or form is None or form.form_id not in event.form_ids:
        raise _undeclared(f"{entry.event_oid} {entry.form_oid}", version)
    if entry.group_oid not in {group.oid for group in form.groups}:
        raise _undeclared(f"{entry.form_oid} {entry.group_oid}", version)


def _declared_item(catalogue: ItemCatalogue, change: ItemChange) -> ItemDef:
    version = catalogue.metadata_version_oid
    if change.action not in _TRANSACTIONS:
        raise _undeclared(f"{change.item_oid} {change.action}", version)
    _declared_place(catalogue, change)
    form = next(form for form in catalogue.forms if form.oid == change.form_oid)
    for item in form.group_items(change.group_oid):
        if item.oid == change.item_oid:
            if change.unit is not None and change.unit not in item.units:
                raise _undeclared(f"{change.item_oid} {change.unit}", version)
            return item
    raise _undeclared(f"{change.group_oid} {change.item_oid}", version)


def _admin(
    xml: _Writer,
    context: ClinicalContext,
    catalogues: Sequence[ItemCatalogue],
    users: Sequence[str],
    meanings: Mapping[str, str],
) -> None:
    xml.open("AdminData", StudyOID=catalogues[0].study_oid)
    for user_id in users:
        xml.open("User", OID=user_oid(user_id))
        xml.text("LoginName", user_id)
        full_name = context.users.get(user_id)
        if full_name:
            xml.text("FullName", full_name)
        xml.close("User")
    xml.open(
        "Location",
        OID=_location_oid(context.site_id),
        Name=context.site_name or context.site_id,
        LocationType="Site",
    )
    for catalogue in catalogues:
        xml.leaf(
            "MetaDataVersionRef",
            StudyOID=catalogue.study_oid,
            MetaDataVersionOID=catalogue.metadata_version_oid,
            EffectiveDate=context.created[:10],
        )
    xml.close("Location")
    for meaning, oid in meanings.items():
        xml.open("SignatureDef", OID=oid, Methodology="Electronic")
        xml.text("Meaning", meaning)
        xml.text(
            "LegalReason",
            "Electronic signature under 21 CFR Part 11: password re-entered by the signer",
        )
        xml.close("SignatureDef")
    xml.close("AdminData")


# -- reading ---------------------------------------------------------------------------------

_N = ODM_NS + " "
_XML_LANG = "http://www.w3.org/XML/1998/namespace lang"


@dataclass(frozen=True)
class _Shape:
    """Where an element may appear, the attributes it may and must have, and whether it holds
    text."""

    parents: frozenset[str]
    allowed: frozenset[str]
    required: frozenset[str] = frozenset()
    text: bool = False


def _shape(parents: str, allowed: str = "", required: str = "", text: bool = False) -> _Shape:
    names = frozenset(_XML_LANG if name == "xml:lang" else name for name in allowed.split())
    return _Shape(
        frozenset(parents.split()) or frozenset({""}),
        names | frozenset(required.split()),
        frozenset(required.split()),
        text,
    )


_TRANSLATED = "Symbol Description Question Decode"
_SHAPES: Mapping[str, _Shape] = {
    "ODM": _shape(
        "",
        "xmlns FileType FileOID CreationDateTime ODMVersion Originator Description",
        "FileType FileOID CreationDateTime ODMVersion",
    ),
    "Study": _shape("ODM", required="OID"),
    "GlobalVariables": _shape("Study"),
    "StudyName": _shape("GlobalVariables", text=True),
    "StudyDescription": _shape("GlobalVariables", text=True),
    "ProtocolName": _shape("GlobalVariables", text=True),
    "BasicDefinitions": _shape("Study"),
    "MeasurementUnit": _shape("BasicDefinitions", required="OID Name"),
    "Symbol": _shape("MeasurementUnit"),
    "TranslatedText": _shape(_TRANSLATED, "xml:lang", text=True),
    "MetaDataVersion": _shape("Study", "Description", "OID Name"),
    "Protocol": _shape("MetaDataVersion"),
    "StudyEventRef": _shape("Protocol", "OrderNumber", "StudyEventOID Mandatory"),
    "StudyEventDef": _shape("MetaDataVersion", "Category", "OID Name Repeating Type"),
    "Description": _shape("StudyEventDef FormDef ItemGroupDef"),
    "FormRef": _shape("StudyEventDef", "OrderNumber", "FormOID Mandatory"),
    "FormDef": _shape("MetaDataVersion", "", "OID Name Repeating"),
    "ItemGroupRef": _shape("FormDef", "OrderNumber", "ItemGroupOID Mandatory"),
    "ItemGroupDef": _shape(
        "MetaDataVersion", "Domain SASDatasetName Purpose Comment", "OID Name Repeating"
    ),
    "ItemRef": _shape(
        "ItemGroupDef",
        "OrderNumber KeySequence Role RoleCodeListOID MethodOID",
        "ItemOID Mandatory",
    ),
    "ItemDef": _shape(
        "MetaDataVersion",
        "Length SignificantDigits SASFieldName Origin Comment",
        "OID Name DataType",
    ),
    "Question": _shape("ItemDef"),
    "MeasurementUnitRef": _shape("ItemDef RangeCheck ItemData", required="MeasurementUnitOID"),
    "RangeCheck": _shape("ItemDef", "SoftHard", "Comparator"),
    "CheckValue": _shape("RangeCheck", text=True),
    "CodeListRef": _shape("ItemDef", required="CodeListOID"),
    "Alias": _shape("ItemDef", required="Context Name"),
    "CodeList": _shape("MetaDataVersion", "SASFormatName", "OID Name DataType"),
    "CodeListItem": _shape("CodeList", "Rank OrderNumber", "CodedValue"),
    "Decode": _shape("CodeListItem"),
    "AdminData": _shape("ODM", "StudyOID"),
    "User": _shape("AdminData", "UserType", "OID"),
    "LoginName": _shape("User", text=True),
    "FullName": _shape("User", text=True),
    "Location": _shape("AdminData", "LocationType", "OID Name"),
    "MetaDataVersionRef": _shape("Location", "", "StudyOID MetaDataVersionOID EffectiveDate"),
    "SignatureDef": _shape("AdminData", "Methodology", "OID"),
    "Meaning": _shape("SignatureDef", text=True),
    "LegalReason": _shape("SignatureDef", text=True),
    "ClinicalData": _shape("ODM", "", "StudyOID MetaDataVersionOID"),
    "SubjectData": _shape("ClinicalData", "TransactionType", "SubjectKey"),
    "SiteRef": _shape("SubjectData", required="LocationOID"),
    "StudyEventData": _shape("SubjectData", "TransactionType StudyEventRepeatKey", "StudyEventOID"),
    "FormData": _shape("StudyEventData", "TransactionType FormRepeatKey", "FormOID"),
    "ItemGroupData": _shape("FormData", "ItemGroupRepeatKey TransactionType", "ItemGroupOID"),
    "ItemData": _shape("ItemGroupData", "TransactionType Value IsNull", "ItemOID"),
    "AuditRecord": _shape("ItemData"),
    "Signature": _shape("ItemGroupData"),
    "UserRef": _shape("AuditRecord Signature", required="UserOID"),
    "LocationRef": _shape("AuditRecord Signature", required="LocationOID"),
    "SignatureRef": _shape("Signature", required="SignatureOID"),
    "DateTimeStamp": _shape("AuditRecord Signature", text=True),
    "ReasonForChange": _shape("AuditRecord", text=True),
    "SourceID": _shape("AuditRecord", text=True),
}
_TEXT_ELEMENTS = frozenset(name for name, shape in _SHAPES.items() if shape.text)
#: Attributes whose value is an OID (checked for shape; references checked after reading).
_OID_ATTRIBUTES = frozenset(
    {
        "OID",
        "StudyOID",
        "MetaDataVersionOID",
        "StudyEventOID",
        "FormOID",
        "ItemGroupOID",
        "ItemOID",
        "CodeListOID",
        "MeasurementUnitOID",
        "UserOID",
        "LocationOID",
        "SignatureOID",
    }
)
_ENUMS: Mapping[str, frozenset[str]] = {
    "TransactionType": frozenset(_ACTIONS_OF),
    "IsNull": frozenset({"Yes"}),
    "FileType": frozenset({"Transactional"}),
    "ODMVersion": frozenset({"1.3.2"}),
    "DataType": frozenset(
        {"text", "integer", "float", "date", "datetime", "time", "boolean", "partialDate"}
    ),
}


@dataclass
class _Item:
    data_type: str
    units: set[str] = field(default_factory=set)


@dataclass
class _Version:
    events: set[str] = field(default_factory=set)
    forms: set[str] = field(default_factory=set)
    groups: dict[str, set[str]] = field(default_factory=dict)
    items: dict[str, _Item] = field(default_factory=dict)


class _Reader:
    """An expat-driven reader that checks each element as it arrives."""

    def __init__(self, max_changes: int) -> None:
        self.max_changes = max_changes
        self.max_elements = _BASE_ELEMENTS + 12 * max_changes
        self.elements = 0
        self.stack: list[str] = []
        self.attributes: list[dict[str, str]] = []
        self.text: list[str] = []
        self.text_length = 0
        self.shapes: dict[tuple[str, ...], str] = {}
        self.values: set[tuple[str, str]] = set()
        self.place: tuple[str, str, str, str, str, str] | None = None
        self.stamps: set[str] = set()
        self.study_oid: str | None = None
        self.versions: dict[str, _Version] = {}
        self.version: _Version | None = None
        self.units: dict[str, str] = {}
        self.users: dict[str, str] = {}
        self.locations: set[str] = set()
        self.codelists: set[str] = set()
        self.meanings: dict[str, str] = {}
        self.defined_oid: str | None = None
        self.changes: list[ItemChange] = []
        self.signatures: list[ClinicalSignature] = []
        self.audit: dict[str, str] = {}
        self.unit: str | None = None
        self.references: list[tuple[str, str]] = []
        self.clinical_mdv: str | None = None
        self.seen_clinical = False

    # expat callbacks

    def start(self, name: str, attributes: dict[str, str]) -> None:
        self.elements += 1
        if self.elements > self.max_elements or len(self.stack) >= _MAX_DEPTH:
            raise SyncError("The clinical data in the bundle is larger than it may be.")
        parent = self.stack[-1] if self.stack else ""
        key = (parent, name, *attributes)
        local = self.shapes.get(key)
        if local is None:
            local = _checked_shape(parent, name, attributes)
            if len(self.shapes) < _CACHE:
                self.shapes[key] = local
        for attribute, value in attributes.items():
            if (attribute, value) not in self.values:
                _check_attribute(local, attribute, value)
                if attribute in _OID_ATTRIBUTES and len(self.values) < _CACHE:
                    self.values.add((attribute, value))
        self.stack.append(local)
        self.attributes.append(attributes)
        handler = _OPENERS.get(local)
        if handler is not None:
            handler(self, attributes)

    def end(self, _name: str) -> None:
        local = self.stack.pop()
        attributes = self.attributes.pop()
        text = ""
        if self.text:
            text = "".join(self.text)
            self.text, self.text_length = [], 0
        handler = _CLOSERS.get(local)
        if handler is not None:
            handler(self, attributes, text)

    def characters(self, data: str) -> None:
        if not (self.stack and self.stack[-1] in _TEXT_ELEMENTS):
            if data.isspace():
                return  # layout between elements
            raise SyncError("The clinical data in the bundle holds text where it may not.")
        self.text.append(data)
        self.text_length += len(data)
        if self.text_length > MAX_TEXT:
            raise SyncError(
                "The clinical data in the bundle holds a text longer than {limit} characters.",
                limit=MAX_TEXT,
            )

    # element handlers

    def _open_study(self, attributes: dict[str, str]) -> None:
        self.study_oid = attributes["OID"]

    def _open_version(self, attributes: dict[str, str]) -> None:
        oid = attributes["OID"]
        if oid in self.versions:
            raise SyncError("The clinical data in the bundle declares a protocol version twice.")
        self.version = self.versions[oid] = _Version()

    def _open_def(self, attributes: dict[str, str]) -> None:
        version = self._current_version()
        local = self.stack[-1]
        oid = attributes["OID"]
        if local == "StudyEventDef":
            version.events.add(oid)
        elif local == "FormDef":
            version.forms.add(oid)
        elif local == "ItemGroupDef":
            version.groups[oid] = set()
        elif local == "ItemDef":
            version.items[oid] = _Item(attributes["DataType"])
        elif local == "CodeList":
            self.codelists.add(oid)
        self.defined_oid = oid

    def _open_item_ref(self, attributes: dict[str, str]) -> None:
        group = self.defined_oid or ""
        self._current_version().groups.setdefault(group, set()).add(attributes["ItemOID"])
        self.references.append(("ItemOID", attributes["ItemOID"]))

    def _open_unit_ref(self, attributes: dict[str, str]) -> None:
        unit = attributes["MeasurementUnitOID"]
        self.references.append(("MeasurementUnitOID", unit))
        parent = self.stack[-2]
        if parent == "ItemDef":
            self._current_version().items[self.defined_oid or ""].units.add(unit)
        elif parent == "ItemData":
            if self.unit is not None:
                raise SyncError("An item in the bundle's clinical data states two units.")
            self.unit = unit

    def _open_unit(self, attributes: dict[str, str]) -> None:
        self.units[attributes["OID"]] = attributes["Name"]

    def _open_location(self, attributes: dict[str, str]) -> None:
        self.locations.add(attributes["OID"])

    def _open_reference(self, attributes: dict[str, str]) -> None:
        for key in (
            "UserOID",
            "LocationOID",
            "SignatureOID",
            "MetaDataVersionOID",
            "CodeListOID",
            "StudyEventOID",
            "FormOID",
            "ItemGroupOID",
        ):
            if key in attributes:
                self.references.append((key, attributes[key]))

    def _open_clinical(self, attributes: dict[str, str]) -> None:
        self.seen_clinical = True
        if attributes["StudyOID"] != self.study_oid:
            raise SyncError("The clinical data in the bundle is for another study.")
        mdv = attributes["MetaDataVersionOID"]
        if mdv not in self.versions:
            raise SyncError(
                "The clinical data in the bundle refers to a protocol version it does not declare."
            )
        self.clinical_mdv = mdv

    def _open_audit(self, _attributes: dict[str, str]) -> None:
        self.audit = {}

    def _open_item(self, _attributes: dict[str, str]) -> None:
        self.unit = None
        self.audit = {}
        if len(self.changes) >= self.max_changes:
            raise SyncError(
                "The clinical data in the bundle holds more than {limit} changes.",
                limit=self.max_changes,
            )

    def _open_signature(self, _attributes: dict[str, str]) -> None:
        self.audit = {}

    def _close_user(self, _attributes: dict[str, str], text: str) -> None:
        self.users[self.attributes[-1]["OID"]] = text

    def _close_meaning(self, _attributes: dict[str, str], text: str) -> None:
        self.meanings[self.attributes[-1]["OID"]] = text

    def _close_ref(self, attributes: dict[str, str], _text: str) -> None:
        for key in ("UserOID", "SignatureOID"):
            if key in attributes:
                self.audit[key] = attributes[key]

    def _close_stamp(self, _attributes: dict[str, str], text: str) -> None:
        self.audit["DateTimeStamp"] = text

    def _close_reason(self, _attributes: dict[str, str], text: str) -> None:
        self.audit["ReasonForChange"] = text

    def _close_source(self, _attributes: dict[str, str], text: str) -> None:
        self.audit["SourceID"] = text

    def _close_item(self, attributes: dict[str, str], _text: str) -> None:
        place = self._place()
        version = self.versions[place[0]]
        item_oid = attributes["ItemOID"]
        item = version.items.get(item_oid)
        if item is None or item_oid not in version.groups.get(place[4], set()):
            raise SyncError(
                "The clinical data in the bundle holds an item {item} its protocol "
                "version does not declare in that group.",
                item=item_oid,
            )
        if not {"UserOID", "DateTimeStamp", "SourceID"} <= self.audit.keys():
            raise SyncError("An item in the bundle's clinical data has no complete audit record.")
        source = self.audit["SourceID"]
        if not source.isascii() or not source.isdigit() or len(source) > 10:
            raise SyncError(
                "An item in the bundle's clinical data names an audit record that is "
                "not a sequence number."
            )
        action = (
            _ACTIONS_OF[attributes.get("TransactionType", "")]
            if ("TransactionType" in attributes)
            else None
        )
        if action is None:
            raise SyncError("An item in the bundle's clinical data does not say how it changed.")
        value = attributes.get("Value")
        null = attributes.get("IsNull") == "Yes"
        if action == "delete":
            if value is not None or null or self.unit is not None:
                raise SyncError("A removed item in the bundle's clinical data still has a value.")
        elif (value is None) == (not null):
            raise SyncError(
                "An item in the bundle's clinical data has both a value and none, or neither."
            )
        unit = None
        if self.unit is not None:
            if self.unit not in item.units:
                raise SyncError(
                    "An item in the bundle's clinical data is in a unit {unit} its "
                    "definition does not allow.",
                    unit=self.unit,
                )
            unit = self.units.get(self.unit)
            if unit is None:
                raise SyncError("An item in the bundle's clinical data is in an undeclared unit.")
        if value is not None and not _VALUE_CHECKS[item.data_type](value):
            raise SyncError(
                "The value of {item} in the bundle's clinical data is not of its type {data_type}.",
                item=item_oid,
                data_type=item.data_type,
            )
        self.changes.append(
            ItemChange(
                seq=int(source),
                ts=_stamp(self.audit["DateTimeStamp"]),
                user_id=self._user(self.audit.get("UserOID")),
                action=action,
                subject_key=place[1],
                event_oid=place[2],
                form_oid=place[3],
                group_oid=place[4],
                repeat_key=place[5],
                item_oid=item_oid,
                value=value,
                unit=unit,
                reason=self.audit.get("ReasonForChange"),
                mdv_oid=place[0],
            )
        )
        self.audit = {}
        self.unit = None

    def _close_signature(self, _attributes: dict[str, str], _text: str) -> None:
        place = self._place()
        meaning = self.meanings.get(self.audit.get("SignatureOID", ""))
        if meaning is None or "DateTimeStamp" not in self.audit:
            raise SyncError("A signature in the bundle's clinical data is incomplete.")
        self.signatures.append(
            ClinicalSignature(
                subject_key=place[1],
                event_oid=place[2],
                form_oid=place[3],
                group_oid=place[4],
                repeat_key=place[5],
                user_id=self._user(self.audit.get("UserOID")),
                meaning=meaning,
                signed_at=_stamp(self.audit["DateTimeStamp"]),
                mdv_oid=place[0],
            )
        )
        self.audit = {}

    # helpers

    def _current_version(self) -> _Version:
        if self.version is None:
            raise SyncError(
                "The clinical data in the bundle has a definition outside a protocol version."
            )
        return self.version

    def _user(self, oid: str | None) -> str:
        name = self.users.get(oid or "")
        if name is None:
            raise SyncError("The clinical data in the bundle names a user it does not declare.")
        return name

    def _open_group(self, attributes: dict[str, str]) -> None:
        """Where the item group instance sits; the nesting is ODM / ClinicalData / SubjectData /
        StudyEventData / FormData / ItemGroupData (the shapes allow no other)."""
        mdv = self.clinical_mdv or ""
        version = self.versions[mdv]
        event = self.attributes[3]["StudyEventOID"]
        form = self.attributes[4]["FormOID"]
        group = attributes["ItemGroupOID"]
        if event not in version.events or form not in version.forms or group not in version.groups:
            raise SyncError(
                "The clinical data in the bundle is placed in an event, form or group "
                "its protocol version does not declare."
            )
        self.place = (
            mdv,
            self.attributes[2]["SubjectKey"],
            event,
            form,
            group,
            attributes.get("ItemGroupRepeatKey", ""),
        )

    def _place(self) -> tuple[str, str, str, str, str, str]:
        """(MetaDataVersion, subject, event, form, group, repeat key) of the open ItemGroupData."""
        if self.place is None:
            raise SyncError(
                "The clinical data in the bundle is placed in an event, form or group "
                "its protocol version does not declare."
            )
        return self.place


def _checked_shape(parent: str, name: str, attributes: Mapping[str, str]) -> str:
    """The local name of an ODM element allowed under `parent` with these attributes."""
    if not name.startswith(_N):
        raise SyncError("The clinical data in the bundle holds an element that is not ODM.")
    local = name[len(_N) :]
    shape = _SHAPES.get(local)
    if shape is None or parent not in shape.parents:
        raise SyncError(
            "The clinical data in the bundle holds an element {element} where it may not be.",
            element=local,
        )
    if not shape.required <= attributes.keys() or not attributes.keys() <= shape.allowed:
        raise SyncError(
            "The clinical data in the bundle holds an element {element} with "
            "missing or unknown attributes.",
            element=local,
        )
    return local


def _check_attribute(element: str, key: str, value: str) -> None:
    if len(value) > MAX_TEXT:
        raise SyncError(
            "The clinical data in the bundle holds a text longer than {limit} characters.",
            limit=MAX_TEXT,
        )
    if (
        key in _OID_ATTRIBUTES
        and not OID_PATTERN.fullmatch(value)
        and not (key in ("OID", "UserOID") and value.startswith("USR"))
    ):
        raise SyncError(
            "The clinical data in the bundle holds a malformed identifier in {element}.",
            element=element,
        )
    allowed = _ENUMS.get(key)
    if allowed is not None and value not in allowed:
        raise SyncError(
            "The clinical data in the bundle holds an unknown {attribute} in {element}.",
            attribute=key,
            element=element,
        )
    if key in ("SubjectKey", "ItemGroupRepeatKey") and not 0 < len(value) <= 64:
        raise SyncError(
            "The clinical data in the bundle holds a malformed key in {element}.", element=element
        )


_DATETIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,6})?)?(Z|[+-]\d\d:\d\d)?")
_DATE = re.compile(r"\d{4}-\d\d-\d\d")
_YEAR_MONTH = re.compile(r"\d{4}(-(0[1-9]|1[0-2]))?")
_TIME = re.compile(r"\d\d:\d\d(:\d\d)?")
_INTEGER = re.compile(r"-?\d{1,18}")
_FLOAT = re.compile(r"-?\d{1,30}(\.\d{1,30})?")


def _stamp(text: str) -> str:
    if len(text) > 40 or not text.endswith("Z") or not _is_datetime(text):
        raise SyncError("The clinical data in the bundle holds a time that is not UTC.")
    return text


def _parses(pattern: re.Pattern[str], parse: Callable[[str], object], text: str) -> bool:
    if not pattern.fullmatch(text):
        return False
    try:
        parse(text)
    except ValueError:
        return False
    return True


def _is_datetime(text: str) -> bool:
    return _parses(_DATETIME, datetime.fromisoformat, text)


def _is_date(text: str) -> bool:
    return _parses(_DATE, date.fromisoformat, text)


def _is_partial_date(text: str) -> bool:
    return _YEAR_MONTH.fullmatch(text) is not None or _is_date(text)


_VALUE_CHECKS: Mapping[str, Callable[[str], bool]] = {
    "text": lambda text: True,
    "integer": lambda text: _INTEGER.fullmatch(text) is not None,
    "float": lambda text: _FLOAT.fullmatch(text) is not None,
    "date": _is_date,
    "partialDate": _is_partial_date,
    "datetime": _is_datetime,
    "time": lambda text: _parses(_TIME, time.fromisoformat, text),
    "boolean": lambda text: text in ("true", "false", "1", "0"),
}

_OPENERS: Mapping[str, Callable[[_Reader, dict[str, str]], None]] = {
    "Study": _Reader._open_study,
    "MetaDataVersion": _Reader._open_version,
    "StudyEventDef": _Reader._open_def,
    "FormDef": _Reader._open_def,
    "ItemGroupDef": _Reader._open_def,
    "ItemDef": _Reader._open_def,
    "CodeList": _Reader._open_def,
    "ItemRef": _Reader._open_item_ref,
    "MeasurementUnitRef": _Reader._open_unit_ref,
    "MeasurementUnit": _Reader._open_unit,
    "Location": _Reader._open_location,
    "StudyEventRef": _Reader._open_reference,
    "FormRef": _Reader._open_reference,
    "ItemGroupRef": _Reader._open_reference,
    "CodeListRef": _Reader._open_reference,
    "MetaDataVersionRef": _Reader._open_reference,
    "SiteRef": _Reader._open_reference,
    "UserRef": _Reader._open_reference,
    "LocationRef": _Reader._open_reference,
    "SignatureRef": _Reader._open_reference,
    "ClinicalData": _Reader._open_clinical,
    "ItemGroupData": _Reader._open_group,
    "AuditRecord": _Reader._open_audit,
    "ItemData": _Reader._open_item,
    "Signature": _Reader._open_signature,
}
_CLOSERS: Mapping[str, Callable[[_Reader, dict[str, str], str], None]] = {
    "LoginName": _Reader._close_user,
    "Meaning": _Reader._close_meaning,
    "UserRef": _Reader._close_ref,
    "SignatureRef": _Reader._close_ref,
    "DateTimeStamp": _Reader._close_stamp,
    "ReasonForChange": _Reader._close_reason,
    "SourceID": _Reader._close_source,
    "ItemData": _Reader._close_item,
    "Signature": _Reader._close_signature,
}


def _forbidden(*_args: Any) -> None:
    raise SyncError(
        "The clinical data in the bundle holds a document type declaration, entity or "
        "processing instruction, which is not allowed."
    )


def parse_document(
    data: bytes | bytearray, *, max_changes: int, max_bytes: int = 256 * 1024 * 1024
) -> ClinicalDocument:
    """Read a clinical payload strictly (see the module's description); SyncError otherwise."""
    if len(data) > max_bytes:
        raise SyncError("The clinical data in the bundle is larger than it may be.")
    reader = _Reader(max_changes)
    parser = expat.ParserCreate(encoding="UTF-8", namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = _forbidden
    parser.EntityDeclHandler = _forbidden
    parser.UnparsedEntityDeclHandler = _forbidden
    parser.ProcessingInstructionHandler = _forbidden
    parser.StartElementHandler = reader.start
    parser.EndElementHandler = reader.end
    parser.CharacterDataHandler = reader.characters
    parser.buffer_text = True
    view = memoryview(data)
    try:
        # In slices: the parser never holds a second copy of a large payload.
        for start in range(0, len(view), _SLICE):
            parser.Parse(view[start : start + _SLICE], False)
        parser.Parse(b"", True)
    except expat.ExpatError as error:
        raise SyncError(
            "The clinical data in the bundle is not well-formed XML (line {line}).",
            line=error.lineno,
        ) from None
    except RecursionError:
        raise SyncError("The clinical data in the bundle is nested too deeply.") from None
    if not reader.seen_clinical:
        raise SyncError("The bundle carries no clinical data.")
    _check_references(reader)
    changes = sorted(reader.changes, key=lambda change: change.seq)
    return ClinicalDocument(changes, reader.signatures, tuple(reader.versions))


def _check_references(reader: _Reader) -> None:
    defined = {
        "UserOID": set(reader.users),
        "LocationOID": reader.locations,
        "SignatureOID": set(reader.meanings),
        "MetaDataVersionOID": set(reader.versions),
        "MeasurementUnitOID": set(reader.units),
        "CodeListOID": reader.codelists,
        "StudyEventOID": set().union(*(v.events for v in reader.versions.values())),
        "FormOID": set().union(*(v.forms for v in reader.versions.values())),
        "ItemGroupOID": set().union(*(set(v.groups) for v in reader.versions.values())),
        "ItemOID": set().union(*(set(v.items) for v in reader.versions.values())),
    }
    for key, value in reader.references:
        known = defined.get(key)
        if known is not None and value not in known:
            raise SyncError(
                "The clinical data in the bundle refers to {oid}, which it does not declare.",
                oid=value,
            )


def parse_clinical(data: bytes | bytearray, *, max_changes: int) -> list[ItemChange]:
    """The item changes of a clinical payload, in audit order (strict; SyncError otherwise)."""
    return parse_document(data, max_changes=max_changes).changes
