"""Pooled exports for statisticians: ODM 1.3.2 XML and CDISC-style CSV datasets (DESIGN 4, 12).

Everything is read from the items the centre keeps by their ODM identity (`center_item`: subject,
study event, form, item group and repeat key, item -> value and unit as entered, MetaDataVersion),
and every dataset column from the protocol's item catalogue: an item's CDISC annotation says in
which domain and variable, and for findings under which test code, its value lands. Nothing here
knows a site's tables or columns. Datasets, one row per observation:
- DM: one row per participant (sex, birth date, consent date, first dosing day, arm, stratum,
  status);
- DS: consent, randomization and disposition milestones;
- IE: eligibility criteria not met (answered inclusion "N" / exclusion "Y") at screening;
- LB, VS, XC: findings, one row per instance and test code: every item annotated with a
  <domain>TESTCD (lab and vital tests, HBsAg and HBV DNA in LB; ascites, encephalopathy grade,
  the basis of the cirrhosis diagnosis and the liver stiffness in the custom clinical-findings
  domain XC), with the value and unit as entered and the standard value and unit (labs: by the
  conversion the protocol declares), dated by the item its annotation names (`dtc`), else the
  form's own date of that domain, else the visit date;
- EX: completed MSC infusions (cells, volume, lot, times);
- AE: adverse events, one column per AE variable the protocol annotates, in protocol order;
plus CONSORT.csv: screened, screen failed, randomized per arm, infused, completed.
Variable names follow SDTM; the USUBJID is `<protocol id>-<subject key>`. The ODM export holds
the Study with every MetaDataVersion the data were entered under (one ClinicalData each), every
item value with its unit and the AuditRecord of the change that set it.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from sqlalchemy import select

from msc_desktop.central.service import Center
from msc_desktop.central.store import CenterAuditRow, CenterItem, CenterSignature
from msc_desktop.csv_cells import csv_writer
from msc_desktop.domain.decimals import format_decimal
from msc_desktop.domain.items import ItemCatalogue, ItemDef
from msc_desktop.domain.protocol import CdiscRef, Protocol
from msc_desktop.errors import SyncError, ValidationError
from msc_desktop.sync.envelope import write_atomic
from msc_desktop.sync.odm import ODM_NS, _Writer, oid_part
from msc_desktop.sync.odm_metadata import write_study
from msc_desktop.sync.packages import utc_now_text

Progress = Callable[[int, int, str], None]
#: An infusion counts as given when its status item holds this code (codelist INFSTAT).
INFUSION_GIVEN = "completed"


@dataclass(frozen=True)
class Datum:
    """The current value of one item, with its unit as entered and where it came from."""

    value: str
    unit: str | None
    mdv_oid: str
    seq: int


@dataclass
class Instance:
    """One item group instance of one participant: the items of a form at a study event."""

    site_id: str
    subject_key: str
    event_oid: str
    form_oid: str
    group_oid: str
    repeat_key: str
    items: dict[str, Datum] = field(default_factory=dict)


@dataclass(frozen=True)
class AuditInfo:
    """Who changed an item (site and user id), when and why: the audit row that set it."""

    site_id: str
    user_id: str
    ts: str
    reason: str | None

    @property
    def user_oid(self) -> str:
        return f"USR.{oid_part(self.site_id)}.{oid_part(self.user_id)}"


@dataclass(frozen=True)
class Signed:
    """The latest electronic signature of an instance."""

    site_id: str
    user_id: str
    meaning: str
    signed_at: str
    mdv_oid: str

    @property
    def user_oid(self) -> str:
        return f"USR.{oid_part(self.site_id)}.{oid_part(self.user_id)}"


InstanceKey = tuple[str, str, str, str, str, str]


@dataclass(frozen=True)
class Subject:
    site_id: str
    subject_key: str
    study_id: str

    @property
    def usubjid(self) -> str:
        return f"{self.study_id}-{self.subject_key}"


class PooledData:
    """The live items of every site, grouped into instances, with the catalogues to read them."""

    def __init__(self, instances: list[Instance], audit: dict[tuple[str, int], AuditInfo],
                 catalogues: Mapping[str, ItemCatalogue], current: ItemCatalogue,
                 signatures: Mapping[InstanceKey, Signed] | None = None) -> None:
        self.catalogues = catalogues
        self.signatures = signatures or {}
        self.current = current
        self.protocol: Protocol = current.protocol
        self.audit = audit
        self.events = {event.oid: event for catalogue in catalogues.values()
                       for event in catalogue.events}
        events = _order(event.oid for event in current.events)
        forms = _order(form.oid for form in current.forms)
        groups = _order(group.oid for form in current.forms for group in form.groups)
        self.item_order = _order(item.oid for item in current.items)
        self.instances = sorted(instances, key=lambda instance: (
            instance.site_id, instance.subject_key,
            events.get(instance.event_oid, len(events)), instance.event_oid,
            forms.get(instance.form_oid, len(forms)), instance.form_oid,
            groups.get(instance.group_oid, len(groups)), instance.group_oid,
            _repeat_order(instance.repeat_key)))
        self.annotations: dict[str, CdiscRef] = {}
        for catalogue in catalogues.values():
            for item in catalogue.items:
                if item.cdisc is not None and not item.site_only:
                    self.annotations[item.oid] = item.cdisc
        #: The date items a finding names as its own (`dtc`): not a form's date for the others.
        self.named_dates = {
            catalogue.field_item(item.form_id, item.cdisc.dtc).oid
            for catalogue in catalogues.values() for item in catalogue.items
            if item.cdisc is not None and item.cdisc.dtc is not None
        }
        self.by_subject: dict[tuple[str, str], list[Instance]] = {}
        for instance in self.instances:
            self.by_subject.setdefault((instance.site_id, instance.subject_key), []).append(
                instance)
        self.subjects = [Subject(site_id, subject_key, self.protocol.protocol_id)
                         for site_id, subject_key in sorted(self.by_subject,
                                                            key=lambda key: (key[1], key[0]))]

    @property
    def sites(self) -> list[str]:
        return sorted({instance.site_id for instance in self.instances})

    def items_of(self, instance: Instance, domain: str, variable: str,
                 code: str | None = None) -> list[tuple[str, Datum]]:
        """(item OID, value) of the instance's items annotated `domain`.`variable` (= `code`)."""
        return [
            (oid, datum) for oid, datum in instance.items.items()
            if (ref := self.annotations.get(oid)) is not None and ref.domain == domain
            and ref.variable == variable and (code is None or ref.code == code)
        ]

    def value(self, instance: Instance, domain: str, variable: str,
              code: str | None = None) -> str:
        found = self.items_of(instance, domain, variable, code)
        return found[0][1].value if found else ""

    def subject_value(self, subject: Subject, domain: str, variable: str,
                      code: str | None = None) -> str:
        """The participant's value of `domain`.`variable`, wherever it was recorded."""
        for instance in self.of(subject):
            found = self.value(instance, domain, variable, code)
            if found:
                return found
        return ""

    def item_def(self, oid: str, datum: Datum) -> ItemDef:
        """The item as the protocol version it was entered under declares it."""
        return self.catalogues.get(datum.mdv_oid, self.current).item(oid)

    def finding_date(self, instance: Instance, domain: str, item: ItemDef, datum: Datum,
                     code: str) -> str:
        """When a finding was made: the date item its annotation names, else the instance's own
        date of `domain` (for this test or any), else the visit date."""
        if item.cdisc is not None and item.cdisc.dtc is not None:
            catalogue = self.catalogues.get(datum.mdv_oid, self.current)
            named = instance.items.get(catalogue.field_item(item.form_id, item.cdisc.dtc).oid)
            return named.value if named is not None else self.visit_date(instance)
        for oid, date in self.items_of(instance, domain, f"{domain}DTC"):
            if oid not in self.named_dates and self.annotations[oid].code in (None, code):
                return date.value
        return self.visit_date(instance)

    def of(self, subject: Subject) -> list[Instance]:
        return self.by_subject.get((subject.site_id, subject.subject_key), [])

    def item_value(self, instance: Instance, form_id: str, name: str) -> str:
        """The value of a protocol item named in its form (for what no SDTM variable holds)."""
        datum = instance.items.get(self.current.field_item(form_id, name).oid)
        return datum.value if datum is not None else ""

    def subject_item(self, subject: Subject, form_id: str, name: str) -> str:
        """The participant's value of a protocol item named in its form."""
        for instance in self.of(subject):
            found = self.item_value(instance, form_id, name)
            if found:
                return found
        return ""

    def status(self, subject: Subject) -> str:
        """The participant's status (codelist PARTSTAT)."""
        return self.subject_item(subject, "registration", "status")

    def visit_code(self, instance: Instance) -> str:
        event = self.events.get(instance.event_oid)
        return (event.visit_code or "") if event is not None else ""

    def visit_date(self, instance: Instance) -> str:
        """The date of the instance's study event (its SV start date)."""
        for other in self.of(Subject(instance.site_id, instance.subject_key, "")):
            if other.event_oid == instance.event_oid:
                found = self.value(other, "SV", "SVSTDTC")
                if found:
                    return found
        return ""


def _order(oids: Iterable[str]) -> dict[str, int]:
    """Each OID's position (its first), for sorting in protocol order."""
    order: dict[str, int] = {}
    for oid in oids:
        order.setdefault(oid, len(order))
    return order


def _repeat_order(repeat_key: str) -> tuple[int, str]:
    return (int(repeat_key), "") if repeat_key.isdigit() else (0, repeat_key)


def load_pooled(center: Center, with_audit: bool = True) -> PooledData:
    known = center.catalogues()
    current = list(known.values())[-1]
    instances: dict[InstanceKey, Instance] = {}
    audit: dict[tuple[str, int], AuditInfo] = {}
    signatures: dict[InstanceKey, Signed] = {}
    with center.store.session() as session:
        query = select(CenterItem).where(CenterItem.removed.is_(False),
                                         CenterItem.current_value.is_not(None))
        for item in session.scalars(query):
            key = (item.site_id, item.subject_key, item.event_oid, item.form_oid,
                   item.group_oid, item.repeat_key)
            instance = instances.get(key)
            if instance is None:
                instance = instances[key] = Instance(*key)
            instance.items[item.item_oid] = Datum(str(item.current_value), item.current_unit,
                                                  item.mdv_oid, item.seq)
        if with_audit:
            in_use = {(instance.site_id, datum.seq) for instance in instances.values()
                      for datum in instance.items.values()}
            query_rows = select(CenterAuditRow.site_id, CenterAuditRow.seq,
                                CenterAuditRow.user_id, CenterAuditRow.ts,
                                CenterAuditRow.reason).where(
                CenterAuditRow.item_oid.is_not(None))
            for site_id, seq, user_id, ts, reason in session.execute(query_rows):
                if (site_id, seq) in in_use and user_id and ts:
                    audit[(site_id, seq)] = AuditInfo(site_id, user_id, ts, reason)
            for signature in session.scalars(select(CenterSignature).order_by(
                    CenterSignature.signed_at)):
                key = (signature.site_id, signature.subject_key, signature.event_oid,
                       signature.form_oid, signature.group_oid, signature.repeat_key)
                if key in instances:
                    signatures[key] = Signed(signature.site_id, signature.user_id,
                                             signature.meaning, signature.signed_at,
                                             signature.mdv_oid)
    return PooledData(list(instances.values()), audit, known, current, signatures)


def _location_oid(site_id: str) -> str:
    return f"LOC.{oid_part(site_id)}"


# -- ODM ------------------------------------------------------------------------------------


def export_odm(center: Center, out_dir: Path) -> Path:
    """Write `<protocol id>-pooled.odm.xml`: a Snapshot with the Study (every MetaDataVersion in
    use), the users and sites, and one ClinicalData per MetaDataVersion."""
    pooled = load_pooled(center)
    in_use = sorted({datum.mdv_oid for instance in pooled.instances
                     for datum in instance.items.values()})
    unknown = [oid for oid in in_use if oid not in pooled.catalogues]
    if unknown:
        raise SyncError(f"Data were entered under the protocol version {unknown[0]}, which this "
                        f"centre has not issued: add it with amend before exporting.")
    catalogues = [pooled.catalogues[oid] for oid in in_use] or [pooled.current]
    study_oid = pooled.current.study_oid
    created = utc_now_text()
    xml = _Writer()
    xml.open("ODM", xmlns=ODM_NS, FileOID=f"{study_oid}.POOLED.{created}", FileType="Snapshot",
             CreationDateTime=created, ODMVersion="1.3.2",
             Description="Pooled data of all sites", Originator="MSC Desktop")
    write_study(xml, catalogues)
    _admin(xml, pooled, study_oid, [catalogue.metadata_version_oid for catalogue in catalogues],
           created)
    for oid in in_use:
        xml.open("ClinicalData", StudyOID=study_oid, MetaDataVersionOID=oid)
        _clinical(xml, pooled, oid)
        xml.close("ClinicalData")
    xml.close("ODM")
    path = out_dir / f"{pooled.protocol.protocol_id}-pooled.odm.xml"
    write_atomic(path, xml.getvalue())
    return path


def _admin(xml: _Writer, pooled: PooledData, study_oid: str, mdv_oids: Sequence[str],
           created: str) -> None:
    xml.open("AdminData", StudyOID=study_oid)
    users = {info.user_oid: info.user_id for info in pooled.audit.values()}
    users.update((signed.user_oid, signed.user_id) for signed in pooled.signatures.values())
    for user_oid, user_id in sorted(users.items()):
        xml.open("User", OID=user_oid)
        xml.text("LoginName", user_id)
        xml.close("User")
    for site_id in pooled.sites:
        xml.open("Location", OID=_location_oid(site_id), Name=site_id, LocationType="Site")
        for mdv_oid in mdv_oids:
            xml.leaf("MetaDataVersionRef", StudyOID=study_oid, MetaDataVersionOID=mdv_oid,
                     EffectiveDate=created[:10])
        xml.close("Location")
    for meaning, oid in _meanings(pooled).items():
        xml.open("SignatureDef", OID=oid, Methodology="Electronic")
        xml.text("Meaning", meaning)
        xml.text("LegalReason",
                 "Electronic signature under 21 CFR Part 11: password re-entered by the signer")
        xml.close("SignatureDef")
    xml.close("AdminData")


def _meanings(pooled: PooledData) -> dict[str, str]:
    """Each signature meaning with its SignatureDef OID."""
    meanings = sorted({signed.meaning for signed in pooled.signatures.values()})
    return {meaning: f"SD.{index}" for index, meaning in enumerate(meanings, start=1)}


def _clinical(xml: _Writer, pooled: PooledData, mdv_oid: str) -> None:
    """The instances' items entered under `mdv_oid`, nested subject > event > form > group."""
    units = {unit.code: unit.oid for catalogue in pooled.catalogues.values()
             for unit in catalogue.protocol.units}
    meanings = _meanings(pooled)
    opened: list[tuple[str, str]] = []

    def enter(level: int, element: str, key: str, **attributes: str) -> bool:
        """Open `element` at nesting `level` unless the one open there has `key`."""
        if len(opened) > level and opened[level][1] == key:
            return False
        while len(opened) > level:
            xml.close(opened.pop()[0])
        xml.open(element, **attributes)
        opened.append((element, key))
        return True

    for instance in pooled.instances:
        last = len(pooled.item_order)
        items = sorted(((oid, datum) for oid, datum in instance.items.items()
                        if datum.mdv_oid == mdv_oid),
                       key=lambda pair: (pooled.item_order.get(pair[0], last), pair[0]))
        if not items:
            continue
        subject = f"{instance.site_id}\n{instance.subject_key}"
        if enter(0, "SubjectData", subject, SubjectKey=instance.subject_key):
            xml.leaf("SiteRef", LocationOID=_location_oid(instance.site_id))
        enter(1, "StudyEventData", instance.event_oid, StudyEventOID=instance.event_oid)
        enter(2, "FormData", instance.form_oid, FormOID=instance.form_oid)
        group = {"ItemGroupRepeatKey": instance.repeat_key} if instance.repeat_key else {}
        xml.open("ItemGroupData", ItemGroupOID=instance.group_oid, **group)
        signed = pooled.signatures.get((instance.site_id, instance.subject_key,
                                        instance.event_oid, instance.form_oid,
                                        instance.group_oid, instance.repeat_key))
        if signed is not None and signed.mdv_oid == mdv_oid:
            xml.open("Signature")
            xml.leaf("UserRef", UserOID=signed.user_oid)
            xml.leaf("LocationRef", LocationOID=_location_oid(instance.site_id))
            xml.leaf("SignatureRef", SignatureOID=meanings[signed.meaning])
            xml.text("DateTimeStamp", signed.signed_at)
            xml.close("Signature")
        for oid, datum in items:
            _item_data(xml, pooled, instance, oid, datum, units)
        xml.close("ItemGroupData")
    while opened:
        xml.close(opened.pop()[0])


def _item_data(xml: _Writer, pooled: PooledData, instance: Instance, oid: str, datum: Datum,
               units: Mapping[str, str]) -> None:
    xml.open("ItemData", ItemOID=oid, Value=datum.value)
    audit = pooled.audit.get((instance.site_id, datum.seq))
    if audit is not None:
        xml.open("AuditRecord")
        xml.leaf("UserRef", UserOID=audit.user_oid)
        xml.leaf("LocationRef", LocationOID=_location_oid(instance.site_id))
        xml.text("DateTimeStamp", audit.ts)
        if audit.reason:
            xml.text("ReasonForChange", audit.reason)
        xml.close("AuditRecord")
    if datum.unit is not None and datum.unit in units:
        xml.leaf("MeasurementUnitRef", MeasurementUnitOID=units[datum.unit])
    xml.close("ItemData")


# -- CSV datasets ---------------------------------------------------------------------------


def _date(value: str | None) -> str:
    return (value or "")[:10]


def _arm_label(protocol: Protocol, code: str) -> str:
    for arm in protocol.arms:
        if arm.code == code:
            return arm.label.get("en")
    return ""


def _dm(pooled: PooledData) -> list[list[str]]:
    rows = [["STUDYID", "DOMAIN", "USUBJID", "SUBJID", "SITEID", "SEX", "BRTHDTC", "RFICDTC",
             "RFSTDTC", "ARMCD", "ARM", "STRATUM", "STATUS"]]
    for subject in pooled.subjects:
        def value(domain: str, variable: str, code: str | None = None,
                  subject: Subject = subject) -> str:
            return pooled.subject_value(subject, domain, variable, code)

        arm = value("DM", "ARMCD")
        rows.append([subject.study_id, "DM", subject.usubjid, subject.subject_key,
                     subject.site_id, value("DM", "SEX"), value("DM", "BRTHDTC"),
                     _date(value("DM", "RFICDTC")), _date(value("DM", "RFSTDTC")), arm,
                     _arm_label(pooled.protocol, arm), value("SUPPDM", "QVAL", "STRATUM"),
                     pooled.status(subject)])
    return rows


def _ds(pooled: PooledData) -> list[list[str]]:
    rows = [["STUDYID", "DOMAIN", "USUBJID", "DSSEQ", "DSTERM", "DSDECOD", "DSCAT", "DSSTDTC"]]
    for subject in pooled.subjects:
        events: list[tuple[str, str, str, str]] = []
        consent = pooled.subject_value(subject, "DM", "RFICDTC")
        if consent:
            events.append(("INFORMED CONSENT OBTAINED", "INFORMED CONSENT OBTAINED",
                           "PROTOCOL MILESTONE", _date(consent)))
        randomized = pooled.subject_value(subject, "DS", "DSSTDTC", "RANDOMIZED")
        if randomized:
            events.append(("RANDOMIZED", "RANDOMIZED", "PROTOCOL MILESTONE", _date(randomized)))
        for instance in pooled.of(subject):
            decod = pooled.value(instance, "DS", "DSDECOD")
            if decod:
                events.append((pooled.value(instance, "DS", "DSTERM") or decod, decod,
                               "DISPOSITION EVENT", _date(pooled.value(instance, "DS", "DSSTDTC"))))
        for sequence, (term, decod, category, day) in enumerate(events, start=1):
            rows.append([subject.study_id, "DS", subject.usubjid, str(sequence), term, decod,
                         category, day])
    return rows


def _findings(pooled: PooledData, domain: str) -> list[list[str]]:
    """One row per instance and test code. Two items may answer one test (HBV DNA: the coded
    status and, when quantified, the number): the number is the result when there is one."""
    prefix = domain
    rows = [["STUDYID", "DOMAIN", "USUBJID", f"{prefix}SEQ", f"{prefix}TESTCD", f"{prefix}TEST",
             f"{prefix}ORRES", f"{prefix}ORRESU", f"{prefix}STRESN", f"{prefix}STRESU", "VISIT",
             f"{prefix}DTC"]]
    protocol = pooled.protocol
    lab_codes = {test.code for test in protocol.lab_tests}
    last = len(pooled.item_order)
    for subject in pooled.subjects:
        sequence = 0
        for instance in pooled.of(subject):
            results: dict[str, tuple[str, Datum, ItemDef]] = {}
            for oid, datum in sorted(pooled.items_of(instance, domain, f"{domain}TESTCD"),
                                     key=lambda pair: (pooled.item_order.get(pair[0], last),
                                                       pair[0])):
                code = pooled.annotations[oid].code or ""
                item = pooled.item_def(oid, datum)
                current = results.get(code)
                if current is None or (current[2].codelist_oid and not item.codelist_oid):
                    results[code] = (oid, datum, item)
            for code, (oid, datum, item) in results.items():
                if item.codelist_oid:
                    unit, standard, standard_unit = "", "", ""
                else:
                    unit = datum.unit or (item.units[0] if len(item.units) == 1 else "")
                    standard, standard_unit = datum.value, item.standard_unit or unit
                    if domain == "LB" and code in lab_codes:
                        standard, standard_unit = _standard_lab(protocol, code, datum)
                sequence += 1
                rows.append([subject.study_id, domain, subject.usubjid, str(sequence), code,
                             _test_label(pooled, code, oid, datum), datum.value, unit, standard,
                             standard_unit,
                             pooled.visit_code(instance),
                             _date(pooled.finding_date(instance, domain, item, datum, code))])
    return rows


def _test_label(pooled: PooledData, code: str, oid: str, datum: Datum) -> str:
    """The name of the lab or vital-sign test `code` as the item's protocol version declares it,
    else the item's question (a finding that is no declared test)."""
    protocol = pooled.catalogues.get(datum.mdv_oid, pooled.current).protocol
    labels = {test.code: test.label for test in protocol.lab_tests}
    labels.update((vital.code, vital.label) for vital in protocol.vital_signs)
    if code in labels:
        return labels[code].get("en")
    return pooled.item_def(oid, datum).question.get("en")


def _standard_lab(protocol: Protocol, code: str, datum: Datum) -> tuple[str, str]:
    """The value and unit in the test's standard unit by the conversion the protocol declares
    (empty when it declares none for the unit, or the value is not a number)."""
    try:
        test = protocol.lab_test(code)
        value = test.unit(datum.unit or "").to_standard(Decimal(datum.value))
    except (ValidationError, InvalidOperation):
        return "", ""
    return format_decimal(value), test.standard_unit


def _ie(pooled: PooledData) -> list[list[str]]:
    rows = [["STUDYID", "DOMAIN", "USUBJID", "IESEQ", "IETESTCD", "IETEST", "IECAT", "IEORRES",
             "IESTRESC", "VISIT", "IEDTC"]]
    criteria = {criterion.code: criterion for criterion in pooled.protocol.eligibility.criteria}
    for subject in pooled.subjects:
        sequence = 0
        for instance in pooled.of(subject):
            for oid, datum in pooled.items_of(instance, "IE", "IETESTCD"):
                criterion = criteria.get(pooled.annotations[oid].code or "")
                if criterion is None:
                    continue
                unmet = "N" if criterion.category == "inclusion" else "Y"
                if datum.value != unmet:
                    continue
                sequence += 1
                rows.append([subject.study_id, "IE", subject.usubjid, str(sequence),
                             criterion.code, criterion.text.get("en"),
                             criterion.category.upper(), datum.value, datum.value,
                             pooled.visit_code(instance), _date(pooled.visit_date(instance))])
    return rows


def _infusions_given(pooled: PooledData, subject: Subject) -> list[Instance]:
    return [instance for instance in pooled.of(subject)
            if pooled.items_of(instance, "EX", "EXDOSE")
            and pooled.item_value(instance, "infusion", "status") == INFUSION_GIVEN]


def _ex(pooled: PooledData) -> list[list[str]]:
    rows = [["STUDYID", "DOMAIN", "USUBJID", "EXSEQ", "EXTRT", "EXDOSE", "EXDOSU", "EXROUTE",
             "EXLOT", "EXVOL", "EXVOLU", "EXSTDTC", "EXENDTC", "VISIT"]]
    for subject in pooled.subjects:
        given = sorted(_infusions_given(pooled, subject),
                       key=lambda instance: pooled.value(instance, "EX", "EXSTDTC"))
        for sequence, instance in enumerate(given, start=1):
            rows.append([subject.study_id, "EX", subject.usubjid, str(sequence),
                         "MESENCHYMAL STEM CELLS", pooled.value(instance, "EX", "EXDOSE"),
                         "cells", "INTRAVENOUS", pooled.value(instance, "EX", "EXLOT"),
                         pooled.value(instance, "SUPPEX", "QVAL", "INFVOL"), "mL",
                         pooled.value(instance, "EX", "EXSTDTC"),
                         pooled.value(instance, "EX", "EXENDTC"),
                         pooled.value(instance, "EX", "VISIT") or pooled.visit_code(instance)])
    return rows


def _ae_variables(catalogue: ItemCatalogue) -> list[str]:
    """The AE variables the protocol annotates, in protocol order (AESPID gives AESEQ)."""
    variables: list[str] = []
    for item in catalogue.items:
        if (item.cdisc is not None and item.cdisc.domain == "AE" and not item.site_only
                and item.cdisc.variable not in variables):
            variables.append(item.cdisc.variable)
    return variables


def _ae(pooled: PooledData) -> list[list[str]]:
    variables = _ae_variables(pooled.current)
    rows = [["STUDYID", "DOMAIN", "USUBJID", "AESEQ", *variables]]
    for subject in pooled.subjects:
        events = [instance for instance in pooled.of(subject)
                  if pooled.items_of(instance, "AE", "AETERM")]
        for instance in events:
            values = [pooled.value(instance, "AE", variable) for variable in variables]
            rows.append([subject.study_id, "AE", subject.usubjid,
                         pooled.value(instance, "AE", "AESPID") or instance.repeat_key, *values])
    return rows


def consort_counts(pooled: PooledData) -> dict[str, int]:
    """Screened, screen failed, randomized per arm, infused (>= 1 completed infusion),
    completed."""
    arms = [arm.code for arm in pooled.protocol.arms]
    counts = {"screened": 0, "screen_failed": 0, **{f"randomized_{arm}": 0 for arm in arms},
              "infused": 0, "completed": 0}
    for subject in pooled.subjects:
        status = pooled.status(subject)
        counts["screened"] += 1
        if status == "screen failed":
            counts["screen_failed"] += 1
        arm = pooled.subject_value(subject, "DM", "ARMCD")
        if arm in arms:
            counts[f"randomized_{arm}"] += 1
        if _infusions_given(pooled, subject):
            counts["infused"] += 1
        if status == "completed":
            counts["completed"] += 1
    return counts


def export_csv(center: Center, out_dir: Path) -> list[Path]:
    """Write DM.csv, DS.csv, IE.csv, LB.csv, VS.csv, XC.csv, EX.csv, AE.csv and CONSORT.csv."""
    pooled = load_pooled(center, with_audit=False)
    datasets: Mapping[str, Iterable[Sequence[str]]] = {
        "DM": _dm(pooled),
        "DS": _ds(pooled),
        "IE": _ie(pooled),
        "LB": _findings(pooled, "LB"),
        "VS": _findings(pooled, "VS"),
        "XC": _findings(pooled, "XC"),
        "EX": _ex(pooled),
        "AE": _ae(pooled),
        "CONSORT": [["stage", "count"], *([stage, str(count)] for stage, count in
                                          consort_counts(pooled).items())],
    }
    paths = []
    for name, rows in datasets.items():
        buffer = io.StringIO()
        csv_writer(buffer).writerows(rows)
        path = out_dir / f"{name}.csv"
        write_atomic(path, buffer.getvalue().encode("utf-8"))
        paths.append(path)
    return paths


def export_pooled(center: Center, fmt: str, out_dir: Path) -> list[Path]:
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise SyncError(f"Cannot create {out_dir}: {error.strerror}.") from None
    if fmt == "odm":
        return [export_odm(center, out_dir)]
    if fmt == "csv":
        return export_csv(center, out_dir)
    raise SyncError(f"Unknown export format {fmt!r}; use odm or csv.")
