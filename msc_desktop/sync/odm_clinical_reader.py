"""Reading the clinical payload of a bundle back, strictly, for the centre.

`parse_document` is bounded in size, element count, depth and value length; it allows no DTD,
entity, processing instruction or foreign namespace; every element is checked against the places
it may appear and every attribute against the ones it may have (odm_clinical_rules.py); every
OID used must be declared in the same document; every value of the DataType its ItemDef
declares; every unit a declared MeasurementUnit of its item. It raises nothing but SyncError,
with one sentence. Pure Python (the standard library's expat), no store models.

It stays one module of about 500 lines: the reader's element handlers share one state (the open
element's place, the audit record being read, what was declared) and its dispatch tables name
them, so they are kept beside the class.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from xml.parsers import expat

from msc_desktop.errors import SyncError
from msc_desktop.sync.odm_clinical import (
    ACTIONS_OF,
    MAX_TEXT,
    ClinicalDocument,
    ClinicalSignature,
    ItemChange,
)
from msc_desktop.sync.odm_clinical_rules import (
    OID_ATTRIBUTES,
    TEXT_ELEMENTS,
    VALUE_CHECKS,
    check_attribute,
    checked_shape,
    stamp,
)

#: Elements allowed besides twelve per change (metadata, admin data, nesting, signatures).
_BASE_ELEMENTS = 100_000
_MAX_DEPTH = 16
#: Shapes and identifiers checked once per document are remembered, up to this many.
_CACHE = 20_000
_SLICE = 1 << 20


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
            local = checked_shape(parent, name, attributes)
            if len(self.shapes) < _CACHE:
                self.shapes[key] = local
        for attribute, value in attributes.items():
            if (attribute, value) not in self.values:
                check_attribute(local, attribute, value)
                if attribute in OID_ATTRIBUTES and len(self.values) < _CACHE:
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
        if not (self.stack and self.stack[-1] in TEXT_ELEMENTS):
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
            ACTIONS_OF[attributes.get("TransactionType", "")]
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
        if value is not None and not VALUE_CHECKS[item.data_type](value):
            raise SyncError(
                "The value of {item} in the bundle's clinical data is not of its type {data_type}.",
                item=item_oid,
                data_type=item.data_type,
            )
        self.changes.append(
            ItemChange(
                seq=int(source),
                ts=stamp(self.audit["DateTimeStamp"]),
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
                signed_at=stamp(self.audit["DateTimeStamp"]),
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
