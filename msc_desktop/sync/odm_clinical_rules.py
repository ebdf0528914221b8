"""What a clinical payload may hold, for the strict reader (odm_clinical_reader.py): where each
ODM element may appear, the attributes it may and must have, which holds text, the shape of
identifiers and enumerated attributes, and the value of each ODM DataType.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time

from msc_desktop.domain.identifiers import OID_PATTERN
from msc_desktop.errors import SyncError
from msc_desktop.sync.odm import ODM_NS
from msc_desktop.sync.odm_clinical import ACTIONS_OF, MAX_TEXT

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
TEXT_ELEMENTS = frozenset(name for name, shape in _SHAPES.items() if shape.text)
#: Attributes whose value is an OID (checked for shape; references checked after reading).
OID_ATTRIBUTES = frozenset(
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
    "TransactionType": frozenset(ACTIONS_OF),
    "IsNull": frozenset({"Yes"}),
    "FileType": frozenset({"Transactional"}),
    "ODMVersion": frozenset({"1.3.2"}),
    "DataType": frozenset(
        {"text", "integer", "float", "date", "datetime", "time", "boolean", "partialDate"}
    ),
}


def checked_shape(parent: str, name: str, attributes: Mapping[str, str]) -> str:
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


def check_attribute(element: str, key: str, value: str) -> None:
    """An attribute's value is of the length and shape its name allows."""
    if len(value) > MAX_TEXT:
        raise SyncError(
            "The clinical data in the bundle holds a text longer than {limit} characters.",
            limit=MAX_TEXT,
        )
    if (
        key in OID_ATTRIBUTES
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


def stamp(text: str) -> str:
    """`text` if it is a UTC date and time (a DateTimeStamp), else SyncError."""
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


VALUE_CHECKS: Mapping[str, Callable[[str], bool]] = {
    "text": lambda text: True,
    "integer": lambda text: _INTEGER.fullmatch(text) is not None,
    "float": lambda text: _FLOAT.fullmatch(text) is not None,
    "date": _is_date,
    "partialDate": _is_partial_date,
    "datetime": _is_datetime,
    "time": lambda text: _parses(_TIME, time.fromisoformat, text),
    "boolean": lambda text: text in ("true", "false", "1", "0"),
}
