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

from lxml import etree
from sqlalchemy import Boolean, Date, DateTime, Integer

from msc_desktop.domain.protocol import load_protocol
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


def oid_part(text: str) -> str:
    return _OID_UNSAFE.sub("_", text).upper()


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


def render_odm(context: OdmContext, records: Sequence[OdmRecord],
               site_of: Callable[[OdmRecord], str]) -> bytes:
    """The ODM document (UTF-8 XML bytes) for `records`."""
    nsmap = {None: ODM_NS}
    root = etree.Element(_q("ODM"), nsmap=nsmap)
    root.set("FileOID", context.file_oid)
    root.set("FileType", "Transactional" if context.transactional else "Snapshot")
    root.set("CreationDateTime", context.created)
    root.set("ODMVersion", "1.3.2")
    root.set("Description", context.description)
    root.set("Originator", "MSC Desktop")
    _study(root, records)
    _admin(root, context, records)
    clinical = etree.SubElement(root, _q("ClinicalData"))
    clinical.set("StudyOID", STUDY_OID)
    clinical.set("MetaDataVersionOID", MDV_OID)
    _clinical(clinical, records, site_of, context.transactional)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def _q(name: str) -> str:
    return f"{{{ODM_NS}}}{name}"


def _sub(parent: etree._Element, name: str, **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, _q(name))
    for key, value in attributes.items():
        element.set(key, value)
    return element


def _text(parent: etree._Element, name: str, text: str) -> etree._Element:
    element = _sub(parent, name)
    element.text = text
    return element


def _events_in_order(records: Iterable[OdmRecord]) -> list[str]:
    events = {record.event for record in records}
    order = [visit.code for visit in load_protocol().visits]
    ordered = [code for code in order if code in events]
    return ordered + sorted(events - set(ordered))


def _study(root: etree._Element, records: Sequence[OdmRecord]) -> None:
    study = _sub(root, "Study", OID=STUDY_OID)
    variables = _sub(study, "GlobalVariables")
    _text(variables, "StudyName", "XJMSC0001")
    _text(variables, "StudyDescription",
          "Trial of Mesenchymal Stem Cell Transplantation in Decompensated Liver Cirrhosis "
          "(NCT03209986)")
    _text(variables, "ProtocolName", "XJMSC0001")
    mdv = _sub(study, "MetaDataVersion", OID=MDV_OID, Name="XJMSC0001 protocol 1.0")
    events = _events_in_order(records)
    tables_by_event: dict[str, list[str]] = {event: [] for event in events}
    columns: dict[str, set[str]] = {}
    for record in records:
        if record.table not in tables_by_event[record.event]:
            tables_by_event[record.event].append(record.table)
        columns.setdefault(record.table, set()).update(record.values)
    protocol = _sub(mdv, "Protocol")
    for event in events:
        _sub(protocol, "StudyEventRef", StudyEventOID=f"SE.{oid_part(event)}", Mandatory="No")
    for event in events:
        definition = _sub(mdv, "StudyEventDef", OID=f"SE.{oid_part(event)}", Name=event,
                          Repeating="No", Type="Common" if event == COMMON_EVENT else "Scheduled")
        for table in sorted(tables_by_event[event]):
            _sub(definition, "FormRef", FormOID=f"F.{oid_part(table)}", Mandatory="No")
    for table in sorted(columns):
        form = _sub(mdv, "FormDef", OID=f"F.{oid_part(table)}", Name=table, Repeating="Yes")
        _sub(form, "ItemGroupRef", ItemGroupOID=f"IG.{oid_part(table)}", Mandatory="Yes")
    for table in sorted(columns):
        group = _sub(mdv, "ItemGroupDef", OID=f"IG.{oid_part(table)}", Name=table,
                     Repeating="Yes")
        for column in sorted(columns[table]):
            _sub(group, "ItemRef", ItemOID=_item_oid(table, column), Mandatory="No")
    for table in sorted(columns):
        for column in sorted(columns[table]):
            _sub(mdv, "ItemDef", OID=_item_oid(table, column), Name=f"{table}.{column}",
                 DataType=column_data_type(table, column))


def _item_oid(table: str, column: str) -> str:
    return f"IT.{oid_part(table)}.{oid_part(column)}"


def _user_oid(user_id: str) -> str:
    return f"USR.{oid_part(user_id)}"


def _meaning_oid(meaning: str) -> str:
    return f"SD.{oid_part(meaning)}"


def _admin(root: etree._Element, context: OdmContext, records: Sequence[OdmRecord]) -> None:
    admin = _sub(root, "AdminData", StudyOID=STUDY_OID)
    users = set(context.users)
    meanings: set[str] = set()
    for record in records:
        users.update(info.user_id for info in record.audit.values())
        if record.signature is not None:
            users.add(record.signature.user_id)
            meanings.add(record.signature.meaning)
    for user_id in sorted(users):
        user = _sub(admin, "User", OID=_user_oid(user_id))
        _text(user, "LoginName", user_id)
        full_name = context.users.get(user_id)
        if full_name:
            _text(user, "FullName", full_name)
    for site_id, name in sorted(context.sites.items()):
        location = _sub(admin, "Location", OID=f"LOC.{oid_part(site_id)}", Name=name or site_id,
                        LocationType="Site")
        _sub(location, "MetaDataVersionRef", StudyOID=STUDY_OID, MetaDataVersionOID=MDV_OID,
             EffectiveDate=context.created[:10])
    for meaning in sorted(meanings):
        definition = _sub(admin, "SignatureDef", OID=_meaning_oid(meaning),
                          Methodology="Electronic")
        _text(definition, "Meaning", meaning)
        _text(definition, "LegalReason",
              "Electronic signature under 21 CFR Part 11: password re-entered by the signer")


def _clinical(clinical: etree._Element, records: Sequence[OdmRecord],
              site_of: Callable[[OdmRecord], str], transactional: bool) -> None:
    event_order = {event: index for index, event in enumerate(_events_in_order(records))}
    by_subject: dict[str, list[OdmRecord]] = {}
    for record in records:
        by_subject.setdefault(record.subject_key, []).append(record)
    for subject_key in sorted(by_subject):
        subject_records = by_subject[subject_key]
        subject = _sub(clinical, "SubjectData", SubjectKey=subject_key)
        if transactional:
            subject.set("TransactionType", "Upsert")
        _sub(subject, "SiteRef", LocationOID=f"LOC.{oid_part(site_of(subject_records[0]))}")
        events: dict[str, list[OdmRecord]] = {}
        for record in subject_records:
            events.setdefault(record.event, []).append(record)
        for event in sorted(events, key=lambda name: event_order[name]):
            event_data = _sub(subject, "StudyEventData", StudyEventOID=f"SE.{oid_part(event)}")
            if transactional:
                event_data.set("TransactionType", "Upsert")
            forms: dict[str, list[OdmRecord]] = {}
            for record in events[event]:
                forms.setdefault(record.table, []).append(record)
            for table in sorted(forms):
                form = _sub(event_data, "FormData", FormOID=f"F.{oid_part(table)}")
                if transactional:
                    form.set("TransactionType", "Upsert")
                for record in sorted(forms[table], key=lambda item: item.record_id):
                    _item_group(form, record, site_of(record), transactional)


def _item_group(form: etree._Element, record: OdmRecord, site_id: str,
                transactional: bool) -> None:
    group = _sub(form, "ItemGroupData", ItemGroupOID=f"IG.{oid_part(record.table)}",
                 ItemGroupRepeatKey=record.record_id)
    location = f"LOC.{oid_part(site_id)}"
    if transactional:
        group.set("TransactionType", "Remove" if record.removed else "Upsert")
    if record.signature is not None:
        signature = _sub(group, "Signature")
        _sub(signature, "UserRef", UserOID=_user_oid(record.signature.user_id))
        _sub(signature, "LocationRef", LocationOID=location)
        _sub(signature, "SignatureRef", SignatureOID=_meaning_oid(record.signature.meaning))
        _text(signature, "DateTimeStamp", record.signature.signed_at)
    if record.removed:
        return
    for column in sorted(record.values):
        value = record.values[column]
        item = _sub(group, "ItemData", ItemOID=_item_oid(record.table, column))
        if transactional:
            item.set("TransactionType", "Upsert")
        if value is None:
            item.set("IsNull", "Yes")
        else:
            item.set("Value", value)
        audit = record.audit.get(column)
        if audit is not None:
            audit_record = _sub(item, "AuditRecord")
            _sub(audit_record, "UserRef", UserOID=_user_oid(audit.user_id))
            _sub(audit_record, "LocationRef", LocationOID=location)
            _text(audit_record, "DateTimeStamp", audit.ts)
            if audit.reason:
                _text(audit_record, "ReasonForChange", audit.reason)
