"""CDISC ODM 1.3.2 rendering of clinical records, shared by bundle payloads and centre exports.

The site's tables map generically onto ODM: each table is a FormDef holding one repeating
ItemGroupDef (`IG.<TABLE>`, one ItemGroupData per record, ItemGroupRepeatKey = record id), each
column an ItemDef (`IT.<TABLE>.<COLUMN>`, DataType from the column type). Records hang under their
participant's SubjectData (SubjectKey = subject id) and under the StudyEventData of their visit
(`SE.<VISIT>`), or under `SE.COMMON` when they belong to no visit. Each ItemData carries the
AuditRecord of the change that set it; a record's e-signature is a Signature on its ItemGroupData.
Every OID referenced (events, forms, groups, items, users, the location, signature meanings) is
defined in the same document (MetaDataVersion and AdminData). Site-only columns are never
rendered. `locate_record` places a record using only (table, record id) -> values lookups, so the
site (from its database) and the centre (from rebuilt values) place records identically.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from sqlalchemy import Boolean, Date, DateTime, Integer

from msc_desktop.domain.protocol import Protocol
from msc_desktop.store.base import Base, DecimalText

ODM_NS = "http://www.cdisc.org/ns/odm/v1.3"
STUDY_OID = "ST.XJMSC0001"
MDV_OID = "MDV.XJMSC0001.1"
COMMON_EVENT = "COMMON"
_OID_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]")
# Tables whose rows are not clinical data of a participant, or hold only identifying data.
NON_CLINICAL_TABLES = frozenset(
    {"site_setting", "audit_log", "user_account", "allocation_list", "participant_identity",
     "signature"}
)
# Columns that link records to each other; they place records and are not rendered as items.
LINK_COLUMNS = frozenset({"id", "participant_id", "visit_id"})

Lookup = Callable[[str, str], Mapping[str, str | None] | None]


@dataclass(frozen=True)
class AuditInfo:
    user_id: str
    ts: str
    reason: str | None


@dataclass(frozen=True)
class OdmSignature:
    user_id: str
    meaning: str
    signed_at: str


@dataclass
class OdmRecord:
    """One record placed under a subject and event, with the values to show."""

    subject_key: str
    event: str
    table: str
    record_id: str
    values: dict[str, str | None]
    audit: dict[str, AuditInfo] = field(default_factory=dict)
    removed: bool = False
    signature: OdmSignature | None = None


@lru_cache(maxsize=65536)
def oid_part(text: str) -> str:
    return _OID_UNSAFE.sub("_", text).upper()


@lru_cache(maxsize=4096)
def column_data_type(table: str, column: str) -> str:
    """The ODM DataType of a site column (text for anything unknown)."""
    table_def = Base.metadata.tables.get(table)
    if table_def is None or column not in table_def.c:
        return "text"
    column_type = table_def.c[column].type
    if isinstance(column_type, Boolean):
        return "boolean"
    if isinstance(column_type, Integer):
        return "integer"
    if isinstance(column_type, DateTime):
        return "datetime"
    if isinstance(column_type, Date):
        return "date"
    if isinstance(column_type, DecimalText):
        return "float"
    return "text"


@lru_cache(maxsize=4096)
def is_site_only(table: str, column: str) -> bool:
    table_def = Base.metadata.tables.get(table)
    return bool(table_def is not None and column in table_def.c
                and table_def.c[column].info.get("site_only"))


def rendered_columns(table: str, values: Mapping[str, str | None]) -> dict[str, str | None]:
    return {
        name: value for name, value in values.items()
        if name not in LINK_COLUMNS and not is_site_only(table, name)
    }


def locate_record(
    table: str, record_id: str, values: Mapping[str, str | None], lookup: Lookup
) -> tuple[str, str] | None:
    """(subject key, event) of a clinical record, or None when it belongs to no participant."""
    if table in NON_CLINICAL_TABLES:
        return None
    if table == "participant":
        subject = values.get("subject_id")
        return (subject, COMMON_EVENT) if subject else None
    event = values.get("visit_code") or COMMON_EVENT
    participant_id = values.get("participant_id")
    if values.get("visit_id"):
        visit = lookup("visit", str(values["visit_id"]))
        if visit is None:
            return None
        participant_id = visit.get("participant_id")
        event = visit.get("visit_code") or COMMON_EVENT
    if not participant_id:
        return None
    participant = lookup("participant", str(participant_id))
    subject = participant.get("subject_id") if participant else None
    return (subject, str(event)) if subject else None


@dataclass(frozen=True)
class OdmContext:
    """Document-level facts: who made it, for which site(s), and the people it refers to."""

    file_oid: str
    created: str
    sites: Mapping[str, str]
    users: Mapping[str, str]
    transactional: bool
    description: str
    #: The protocol the data was entered under (study name, the order of its visits).
    protocol: Protocol


def render_odm(context: OdmContext, records: Sequence[OdmRecord],
               site_of: Callable[[OdmRecord], str]) -> bytes:
    """The ODM document (UTF-8 XML bytes) for `records`."""
    xml = _Writer()
    xml.open("ODM", xmlns=ODM_NS, FileOID=context.file_oid,
             FileType="Transactional" if context.transactional else "Snapshot",
             CreationDateTime=context.created, ODMVersion="1.3.2",
             Description=context.description, Originator="MSC Desktop")
    _study(xml, records, context.protocol)
    _admin(xml, context, records)
    xml.open("ClinicalData", StudyOID=STUDY_OID, MetaDataVersionOID=MDV_OID)
    _clinical(xml, records, site_of, context.transactional, context.protocol)
    xml.close("ClinicalData")
    xml.close("ODM")
    return xml.getvalue()


# Characters XML 1.0 cannot carry at all become U+FFFD; the rest are escaped.
_INVALID = "".join(chr(code) for code in range(32) if code not in (9, 10, 13))
_TEXT_ESCAPES = {ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;",
                 **{ord(character): "\ufffd" for character in _INVALID + "\ufffe\uffff"}}
_ATTRIBUTE_ESCAPES = {**_TEXT_ESCAPES, ord('"'): "&quot;", 9: "&#9;", 10: "&#10;", 13: "&#13;"}
_NEEDS_ESCAPE = re.compile(f'[&<>"\t\n\r{re.escape(_INVALID)}\ufffe\uffff\ud800-\udfff]')


def _escape(value: str, table: Mapping[int, str]) -> str:
    if not _NEEDS_ESCAPE.search(value):
        return value
    value = value.encode("utf-8", "replace").decode("utf-8") if re.search(
        "[\ud800-\udfff]", value) else value
    return value.translate(table)


class _Writer:
    """Appends well-formed, escaped XML to a list of strings (much faster than building a tree)."""

    def __init__(self) -> None:
        self.parts: list[str] = ['<?xml version="1.0" encoding="UTF-8"?>\n']

    def _start(self, name: str, attributes: Mapping[str, str]) -> None:
        self.parts.append(f"<{name}")
        for key, value in attributes.items():
            self.parts.append(f' {key}="{_escape(value, _ATTRIBUTE_ESCAPES)}"')

    def open(self, name: str, **attributes: str) -> None:
        self._start(name, attributes)
        self.parts.append(">\n")

    def leaf(self, name: str, **attributes: str) -> None:
        self._start(name, attributes)
        self.parts.append("/>\n")

    def text(self, name: str, text: str, attributes: Mapping[str, str] | None = None) -> None:
        self._start(name, attributes or {})
        self.parts.append(f">{_escape(text, _TEXT_ESCAPES)}</{name}>\n")

    def close(self, name: str) -> None:
        self.parts.append(f"</{name}>\n")

    def getvalue(self) -> bytes:
        return "".join(self.parts).encode("utf-8")


def _events_in_order(records: Iterable[OdmRecord], protocol: Protocol) -> list[str]:
    events = {record.event for record in records}
    order = [visit.code for visit in protocol.visits]
    ordered = [code for code in order if code in events]
    return ordered + sorted(events - set(ordered))


def _study(xml: _Writer, records: Sequence[OdmRecord], protocol: Protocol) -> None:
    xml.open("Study", OID=STUDY_OID)
    xml.open("GlobalVariables")
    xml.text("StudyName", protocol.protocol_id)
    xml.text("StudyDescription", f"{protocol.title.en} ({protocol.registry_id})")
    xml.text("ProtocolName", protocol.protocol_id)
    xml.close("GlobalVariables")
    xml.open("MetaDataVersion", OID=MDV_OID, Name=f"{protocol.protocol_id} protocol {protocol.version}")
    events = _events_in_order(records, protocol)
    tables_by_event: dict[str, list[str]] = {event: [] for event in events}
    columns: dict[str, set[str]] = {}
    for record in records:
        if record.table not in tables_by_event[record.event]:
            tables_by_event[record.event].append(record.table)
        columns.setdefault(record.table, set()).update(record.values)
    xml.open("Protocol")
    for event in events:
        xml.leaf("StudyEventRef", StudyEventOID=f"SE.{oid_part(event)}", Mandatory="No")
    xml.close("Protocol")
    for event in events:
        xml.open("StudyEventDef", OID=f"SE.{oid_part(event)}", Name=event, Repeating="No",
                 Type="Common" if event == COMMON_EVENT else "Scheduled")
        for table in sorted(tables_by_event[event]):
            xml.leaf("FormRef", FormOID=f"F.{oid_part(table)}", Mandatory="No")
        xml.close("StudyEventDef")
    for table in sorted(columns):
        xml.open("FormDef", OID=f"F.{oid_part(table)}", Name=table, Repeating="Yes")
        xml.leaf("ItemGroupRef", ItemGroupOID=f"IG.{oid_part(table)}", Mandatory="Yes")
        xml.close("FormDef")
    for table in sorted(columns):
        xml.open("ItemGroupDef", OID=f"IG.{oid_part(table)}", Name=table, Repeating="Yes")
        for column in sorted(columns[table]):
            xml.leaf("ItemRef", ItemOID=_item_oid(table, column), Mandatory="No")
        xml.close("ItemGroupDef")
    for table in sorted(columns):
        for column in sorted(columns[table]):
            xml.leaf("ItemDef", OID=_item_oid(table, column), Name=f"{table}.{column}",
                     DataType=column_data_type(table, column))
    xml.close("MetaDataVersion")
    xml.close("Study")


def _item_oid(table: str, column: str) -> str:
    return f"IT.{oid_part(table)}.{oid_part(column)}"


def _user_oid(user_id: str) -> str:
    return f"USR.{oid_part(user_id)}"


def _meaning_oid(meaning: str) -> str:
    return f"SD.{oid_part(meaning)}"


def _admin(xml: _Writer, context: OdmContext, records: Sequence[OdmRecord]) -> None:
    xml.open("AdminData", StudyOID=STUDY_OID)
    users = set(context.users)
    meanings: set[str] = set()
    for record in records:
        users.update(info.user_id for info in record.audit.values())
        if record.signature is not None:
            users.add(record.signature.user_id)
            meanings.add(record.signature.meaning)
    for user_id in sorted(users):
        xml.open("User", OID=_user_oid(user_id))
        xml.text("LoginName", user_id)
        full_name = context.users.get(user_id)
        if full_name:
            xml.text("FullName", full_name)
        xml.close("User")
    for site_id, name in sorted(context.sites.items()):
        xml.open("Location", OID=f"LOC.{oid_part(site_id)}", Name=name or site_id,
                 LocationType="Site")
        xml.leaf("MetaDataVersionRef", StudyOID=STUDY_OID, MetaDataVersionOID=MDV_OID,
                 EffectiveDate=context.created[:10])
        xml.close("Location")
    for meaning in sorted(meanings):
        xml.open("SignatureDef", OID=_meaning_oid(meaning), Methodology="Electronic")
        xml.text("Meaning", meaning)
        xml.text("LegalReason",
                 "Electronic signature under 21 CFR Part 11: password re-entered by the signer")
        xml.close("SignatureDef")
    xml.close("AdminData")


def _clinical(xml: _Writer, records: Sequence[OdmRecord],
              site_of: Callable[[OdmRecord], str], transactional: bool, protocol: Protocol) -> None:
    event_order = {event: index for index, event in enumerate(_events_in_order(records, protocol))}
    upsert = {"TransactionType": "Upsert"} if transactional else {}
    by_subject: dict[str, list[OdmRecord]] = {}
    for record in records:
        by_subject.setdefault(record.subject_key, []).append(record)
    for subject_key in sorted(by_subject):
        subject_records = by_subject[subject_key]
        xml.open("SubjectData", SubjectKey=subject_key, **upsert)
        xml.leaf("SiteRef", LocationOID=f"LOC.{oid_part(site_of(subject_records[0]))}")
        events: dict[str, list[OdmRecord]] = {}
        for record in subject_records:
            events.setdefault(record.event, []).append(record)
        for event in sorted(events, key=lambda name: event_order[name]):
            xml.open("StudyEventData", StudyEventOID=f"SE.{oid_part(event)}", **upsert)
            forms: dict[str, list[OdmRecord]] = {}
            for record in events[event]:
                forms.setdefault(record.table, []).append(record)
            for table in sorted(forms):
                xml.open("FormData", FormOID=f"F.{oid_part(table)}", **upsert)
                for record in sorted(forms[table], key=lambda item: item.record_id):
                    _item_group(xml, record, site_of(record), transactional)
                xml.close("FormData")
            xml.close("StudyEventData")
        xml.close("SubjectData")


def _item_group(xml: _Writer, record: OdmRecord, site_id: str, transactional: bool) -> None:
    """One record; written with preformatted strings because it is the bulk of every document.

    OIDs are built by `oid_part` from [A-Z0-9_.-] only, so they need no escaping; every value
    that comes from the data goes through `_escape`.
    """
    location = f"LOC.{oid_part(site_id)}"
    table_oid = oid_part(record.table)
    transaction = ""
    if transactional:
        transaction = ' TransactionType="Remove"' if record.removed else ' TransactionType="Upsert"'
    parts = xml.parts
    parts.append(f'<ItemGroupData ItemGroupOID="IG.{table_oid}" ItemGroupRepeatKey='
                 f'"{_escape(record.record_id, _ATTRIBUTE_ESCAPES)}"{transaction}>\n')
    signature = record.signature
    if signature is not None:
        parts.append(
            f'<Signature>\n<UserRef UserOID="{_user_oid(signature.user_id)}"/>\n'
            f'<LocationRef LocationOID="{location}"/>\n'
            f'<SignatureRef SignatureOID="{_meaning_oid(signature.meaning)}"/>\n'
            f"<DateTimeStamp>{_escape(signature.signed_at, _TEXT_ESCAPES)}</DateTimeStamp>\n"
            "</Signature>\n")
    if not record.removed:
        item_transaction = ' TransactionType="Upsert"' if transactional else ""
        for column in sorted(record.values):
            value = record.values[column]
            shown = (' IsNull="Yes"' if value is None
                     else f' Value="{_escape(value, _ATTRIBUTE_ESCAPES)}"')
            opening = f'<ItemData ItemOID="IT.{table_oid}.{oid_part(column)}"{item_transaction}{shown}'
            audit = record.audit.get(column)
            if audit is None:
                parts.append(opening + "/>\n")
                continue
            reason = (f"<ReasonForChange>{_escape(audit.reason, _TEXT_ESCAPES)}</ReasonForChange>\n"
                      if audit.reason else "")
            parts.append(
                f'{opening}>\n<AuditRecord>\n<UserRef UserOID="{_user_oid(audit.user_id)}"/>\n'
                f'<LocationRef LocationOID="{location}"/>\n'
                f"<DateTimeStamp>{_escape(audit.ts, _TEXT_ESCAPES)}</DateTimeStamp>\n"
                f"{reason}</AuditRecord>\n</ItemData>\n")
    parts.append("</ItemGroupData>\n")
