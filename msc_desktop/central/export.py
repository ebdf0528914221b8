"""Pooled exports for statisticians: ODM 1.3.2 XML and CDISC-style CSV datasets (DESIGN 4).

Everything is read from the data the centre rebuilt from the sites' audit rows (`center_value`),
so an export shows exactly what the audit trail says. Datasets, one row per observation:
- DM: one row per participant (sex, birth date, consent date, first dosing day, arm, stratum);
- DS: consent, randomization and end-of-study milestones;
- IE: eligibility criteria not met (answered inclusion "N" / exclusion "Y") at screening;
- LB, VS, XC: findings of each visit, one row per test code, as entered and in standard units:
  every field whose CDISC annotation in resources/protocol.json is <domain>TESTCD (lab and vital
  tests, HBsAg and HBV DNA in LB; ascites, encephalopathy grade, the basis of the cirrhosis
  diagnosis and the liver stiffness in the custom clinical-findings domain XC), dated by the field
  the annotation names (`dtc`), else the date blood was drawn (LB) or the visit date;
- EX: completed MSC infusions (cells, volume, lot, times);
- AE: adverse events with seriousness, relationship, action and outcome;
plus CONSORT.csv: screened, screen failed, randomized per arm, infused, completed.
Variable names follow SDTM; the USUBJID is `XJMSC0001-<subject id>`.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from msc_desktop.central.service import Center
from msc_desktop.central.store import CenterAuditRow, CenterRecord, CenterValue
from msc_desktop.csv_cells import csv_writer
from msc_desktop.domain.protocol import FieldDef, Protocol
from msc_desktop.errors import SyncError
from msc_desktop.sync.envelope import write_atomic
from msc_desktop.sync.odm import (
    AuditInfo,
    OdmContext,
    OdmRecord,
    OdmSignature,
    locate_record,
    render_odm,
    rendered_columns,
)
from msc_desktop.sync.packages import utc_now_text

Values = dict[str, str | None]
Progress = Callable[[int, int, str], None]


@dataclass
class PooledData:
    """Live records of every site: (site id, table) -> record id -> field values."""

    tables: dict[tuple[str, str], dict[str, Values]]
    audit: dict[tuple[str, str, str], dict[str, AuditInfo]]
    sites: dict[str, str]

    def records(self, table: str) -> Iterable[tuple[str, str, Values]]:
        for (site_id, table_name), records in sorted(self.tables.items()):
            if table_name == table:
                for record_id, values in sorted(records.items()):
                    yield site_id, record_id, values

    def lookup_for(self, site_id: str) -> Callable[[str, str], Values | None]:
        def lookup(table: str, record_id: str) -> Values | None:
            return self.tables.get((site_id, table), {}).get(record_id)

        return lookup


def load_pooled(center: Center, with_audit: bool = True) -> PooledData:
    tables: dict[tuple[str, str], dict[str, Values]] = {}
    seqs: dict[tuple[str, int], tuple[str, str, str]] = {}
    with center.store.session() as session:
        live = {
            (record.site_id, record.table_name, record.record_id)
            for record in session.scalars(select(CenterRecord).where(
                CenterRecord.deleted.is_(False)))
        }
        for value in session.scalars(select(CenterValue)):
            key = (value.site_id, value.table_name, value.record_id)
            if key not in live:
                continue
            tables.setdefault((value.site_id, value.table_name), {}).setdefault(
                value.record_id, {})[value.field] = value.value
            seqs[(value.site_id, value.seq)] = (value.table_name, value.record_id, value.field)
        audit: dict[tuple[str, str, str], dict[str, AuditInfo]] = {}
        if with_audit:
            query = select(CenterAuditRow.site_id, CenterAuditRow.seq, CenterAuditRow.user_id,
                           CenterAuditRow.ts, CenterAuditRow.reason).where(
                CenterAuditRow.action != "event")
            for site_id, seq, user_id, ts, reason in session.execute(query):
                target = seqs.get((site_id, seq))
                if target is not None:
                    audit.setdefault((site_id, target[0], target[1]), {})[target[2]] = AuditInfo(
                        f"{site_id}.{user_id}", ts, reason)
    sites = {site_id: site_id for site_id in center.site_progress()}
    return PooledData(tables, audit, sites)


def export_odm(center: Center, out_dir: Path) -> Path:
    """Write `<protocol id>-pooled.odm.xml` (Snapshot with audit records and signatures)."""
    pooled = load_pooled(center)
    records: list[OdmRecord] = []
    record_sites: dict[int, str] = {}
    signatures: dict[tuple[str, str, str], OdmSignature] = {}
    for site_id, _record_id, values in sorted(pooled.records("signature"),
                                              key=lambda item: item[2].get("signed_at") or ""):
        if values.get("voided_at") is None and values.get("table_name") and values.get(
                "record_id"):
            signatures[(site_id, str(values["table_name"]), str(values["record_id"]))] = (
                OdmSignature(f"{site_id}.{values.get('user_id')}", str(values.get("meaning")),
                             str(values.get("signed_at"))))
    for (site_id, table), table_records in sorted(pooled.tables.items()):
        lookup = pooled.lookup_for(site_id)
        for record_id, values in sorted(table_records.items()):
            place = locate_record(table, record_id, values, lookup)
            if place is None:
                continue
            record = OdmRecord(
                subject_key=place[0], event=place[1], table=table, record_id=record_id,
                values=rendered_columns(table, values),
                audit=pooled.audit.get((site_id, table, record_id), {}),
                signature=signatures.get((site_id, table, record_id)),
            )
            records.append(record)
            record_sites[id(record)] = site_id
    users = {
        f"{site_id}.{values.get('user_id') or record_id}": str(values.get("full_name") or "")
        for site_id, record_id, values in pooled.records("user_account")
    }
    context = OdmContext(
        file_oid=f"MSC.CENTRE.{utc_now_text()}", created=utc_now_text(), sites=pooled.sites,
        users=users, transactional=False, description="Pooled data of all sites",
        protocol=center.protocol,
    )
    path = out_dir / f"{center.protocol.protocol_id}-pooled.odm.xml"
    write_atomic(path, render_odm(context, records, lambda record: record_sites[id(record)]))
    return path


# -- CSV datasets ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Subject:
    study_id: str
    site_id: str
    participant_id: str
    values: Values

    @property
    def subject_id(self) -> str:
        return str(self.values.get("subject_id") or "")

    @property
    def usubjid(self) -> str:
        return f"{self.study_id}-{self.subject_id}"


def _by_participant(pooled: PooledData, table: str) -> dict[tuple[str, str], list[Values]]:
    grouped: dict[tuple[str, str], list[Values]] = {}
    for site_id, record_id, values in pooled.records(table):
        participant_id = values.get("participant_id")
        if participant_id:
            grouped.setdefault((site_id, str(participant_id)), []).append(
                dict(values, id=record_id))
    return grouped


def _date(value: str | None) -> str:
    return (value or "")[:10]


def _arm_label(protocol: Protocol, code: str | None) -> str:
    for arm in protocol.arms:
        if arm.code == code:
            return arm.label.get("en")
    return ""


def _dm(pooled: PooledData, subjects: Sequence[Subject], protocol: Protocol
        ) -> list[list[str]]:
    consents = _by_participant(pooled, "consent")
    rows = [["STUDYID", "DOMAIN", "USUBJID", "SUBJID", "SITEID", "SEX", "BRTHDTC", "RFICDTC",
             "RFSTDTC", "ARMCD", "ARM", "STRATUM", "STATUS"]]
    for subject in subjects:
        values = subject.values
        consent = (consents.get((subject.site_id, subject.participant_id)) or [{}])[0]
        arm = values.get("arm")
        rows.append([subject.study_id, "DM", subject.usubjid, subject.subject_id, subject.site_id,
                     values.get("sex") or "", _date(values.get("date_of_birth")),
                     _date(consent.get("consent_date")), _date(values.get("day0")),
                     arm or "", _arm_label(protocol, arm), values.get("stratum") or "",
                     values.get("status") or ""])
    return rows


def _ds(pooled: PooledData, subjects: Sequence[Subject]) -> list[list[str]]:
    consents = _by_participant(pooled, "consent")
    dispositions = _by_participant(pooled, "disposition")
    rows = [["STUDYID", "DOMAIN", "USUBJID", "DSSEQ", "DSTERM", "DSDECOD", "DSCAT", "DSSTDTC"]]
    for subject in subjects:
        key = (subject.site_id, subject.participant_id)
        events: list[tuple[str, str, str, str]] = []
        for consent in consents.get(key, []):
            events.append(("INFORMED CONSENT OBTAINED", "INFORMED CONSENT OBTAINED",
                           "PROTOCOL MILESTONE", _date(consent.get("consent_date"))))
        if subject.values.get("randomized_at"):
            events.append(("RANDOMIZED", "RANDOMIZED", "PROTOCOL MILESTONE",
                           _date(subject.values.get("randomized_at"))))
        for disposition in dispositions.get(key, []):
            decod = disposition.get("decod") or ""
            events.append((disposition.get("details") or decod, decod, "DISPOSITION EVENT",
                           _date(disposition.get("disposition_date"))))
        for sequence, (term, decod, category, day) in enumerate(events, start=1):
            rows.append([subject.study_id, "DS", subject.usubjid, str(sequence), term, decod, category,
                         day])
    return rows


def _visits_with_items(pooled: PooledData) -> dict[tuple[str, str], list[tuple[Values, Values]]]:
    """(site, participant) -> [(visit values, {item: value + unit + std})]."""
    items_by_visit: dict[tuple[str, str], list[Values]] = {}
    for site_id, _record_id, values in pooled.records("item_value"):
        if values.get("visit_id"):
            items_by_visit.setdefault((site_id, str(values["visit_id"])), []).append(values)
    grouped: dict[tuple[str, str], list[tuple[Values, Values]]] = {}
    for site_id, visit_id, visit in pooled.records("visit"):
        items = {str(item.get("item")): item for item in items_by_visit.get((site_id, visit_id), [])}
        flat: Values = {}
        for name, item in items.items():
            flat[name] = item.get("value")
            flat[f"{name}#unit"] = item.get("unit")
            flat[f"{name}#std"] = item.get("std_value")
        grouped.setdefault((site_id, str(visit.get("participant_id"))), []).append((visit, flat))
    return grouped


def _finding_fields(protocol: Protocol, domain: str) -> dict[str, FieldDef]:
    """The fields that make `domain` rows: their CDISC annotation is <domain>TESTCD (lab and
    vital fields carry LBTESTCD / VSTESTCD from their test), by name across the forms."""
    fields: dict[str, FieldDef] = {}
    for form in protocol.forms:
        for field in form.fields:
            cdisc = field.cdisc
            if cdisc is not None and cdisc.domain == domain and cdisc.variable == f"{domain}TESTCD":
                fields.setdefault(field.name, field)
    return fields


def _test_label(protocol: Protocol, field: FieldDef) -> str:
    if field.kind == "lab":
        return protocol.lab_test(field.test or "").label.get("en")
    if field.kind == "vital":
        return protocol.vital_sign(field.test or "").label.get("en")
    return field.label.get("en")


def _findings(pooled: PooledData, subjects: Sequence[Subject], protocol: Protocol,
              domain: str) -> list[list[str]]:
    """One row per visit and test code. Two fields may answer one test (HBV DNA: the coded
    status and, when quantified, the number): the number is the result when there is one."""
    prefix = domain
    rows = [["STUDYID", "DOMAIN", "USUBJID", f"{prefix}SEQ", f"{prefix}TESTCD", f"{prefix}TEST",
             f"{prefix}ORRES", f"{prefix}ORRESU", f"{prefix}STRESN", f"{prefix}STRESU", "VISIT",
             f"{prefix}DTC"]]
    fields = _finding_fields(protocol, domain)
    visits = _visits_with_items(pooled)
    for subject in subjects:
        sequence = 0
        for visit, items in sorted(visits.get((subject.site_id, subject.participant_id), []),
                                   key=lambda pair: str(pair[0].get("visit_date"))):
            results: dict[str, tuple[FieldDef, str]] = {}
            for name, field in fields.items():
                code = field.cdisc.code if field.cdisc is not None else None
                if items.get(name) is None or not code:
                    continue
                current = results.get(code)
                if current is None or (current[0].choices and not field.choices):
                    results[code] = (field, name)
            for code, (field, name) in results.items():
                sequence += 1
                dtc = field.cdisc.dtc if field.cdisc is not None else None
                day = items.get(dtc) if dtc else items.get("lab_date") if domain == "LB" else None
                standard_unit = field.standard_unit or items.get(f"{name}#unit") or ""
                rows.append([subject.study_id, domain, subject.usubjid, str(sequence), code,
                             _test_label(protocol, field), items.get(name) or "",
                             items.get(f"{name}#unit") or "", items.get(f"{name}#std") or "",
                             standard_unit if not field.choices else "",
                             str(visit.get("visit_code") or ""),
                             _date(day or visit.get("visit_date"))])
    return rows


def _ie(pooled: PooledData, subjects: Sequence[Subject], protocol: Protocol) -> list[list[str]]:
    rows = [["STUDYID", "DOMAIN", "USUBJID", "IESEQ", "IETESTCD", "IETEST", "IECAT", "IEORRES",
             "IESTRESC", "VISIT", "IEDTC"]]
    visits = _visits_with_items(pooled)
    for subject in subjects:
        sequence = 0
        for visit, items in visits.get((subject.site_id, subject.participant_id), []):
            if visit.get("visit_code") != "SCR":
                continue
            for criterion in protocol.eligibility.criteria:
                answer = items.get(criterion.answer_field or "")
                inclusion = criterion.category == "inclusion"
                if answer is None or answer == ("Y" if inclusion else "N"):
                    continue
                if answer not in ("Y", "N"):
                    continue
                sequence += 1
                rows.append([subject.study_id, "IE", subject.usubjid, str(sequence), criterion.code,
                             criterion.text.get("en"), criterion.category.upper(), answer, answer,
                             "SCR", _date(visit.get("visit_date"))])
    return rows


def _ex(pooled: PooledData, subjects: Sequence[Subject]) -> list[list[str]]:
    infusions = _by_participant(pooled, "infusion")
    rows = [["STUDYID", "DOMAIN", "USUBJID", "EXSEQ", "EXTRT", "EXDOSE", "EXDOSU", "EXROUTE",
             "EXLOT", "EXVOL", "EXVOLU", "EXSTDTC", "EXENDTC", "VISIT"]]
    for subject in subjects:
        done = [infusion for infusion in infusions.get((subject.site_id, subject.participant_id), [])
                if infusion.get("status") == "completed"]
        for sequence, infusion in enumerate(sorted(done, key=lambda i: str(i.get("started_at"))),
                                            start=1):
            rows.append([subject.study_id, "EX", subject.usubjid, str(sequence),
                         "MESENCHYMAL STEM CELLS", infusion.get("total_cells") or "", "cells",
                         "INTRAVENOUS", infusion.get("product_lot") or "",
                         infusion.get("volume_infused_ml") or "", "mL",
                         infusion.get("started_at") or "", infusion.get("stopped_at") or "",
                         infusion.get("visit_code") or ""])
    return rows


def _ae(pooled: PooledData, subjects: Sequence[Subject]) -> list[list[str]]:
    events = _by_participant(pooled, "adverse_event")
    rows = [["STUDYID", "DOMAIN", "USUBJID", "AESEQ", "AETERM", "AESTDTC", "AEENDTC", "AETOXGR",
             "AESER", "AESERCAT", "AEREL", "AEACN", "AEOUT"]]
    for subject in subjects:
        for event in sorted(events.get((subject.site_id, subject.participant_id), []),
                            key=lambda e: int(e.get("ae_number") or 0)):
            rows.append([subject.study_id, "AE", subject.usubjid, event.get("ae_number") or "",
                         event.get("term") or "", _date(event.get("onset_date")),
                         _date(event.get("end_date")), event.get("grade") or "",
                         "Y" if event.get("serious") == "true" else "N",
                         event.get("seriousness") or "", event.get("relationship_to_msc") or "",
                         event.get("action_taken") or "", event.get("outcome") or ""])
    return rows


def consort_counts(pooled: PooledData, subjects: Sequence[Subject]) -> dict[str, int]:
    """Screened, screen failed, randomized per arm, infused (MSC, >= 1 completed), completed."""
    infusions = _by_participant(pooled, "infusion")
    counts = {"screened": 0, "screen_failed": 0, "randomized_MSC": 0, "randomized_CONTROL": 0,
              "infused": 0, "completed": 0}
    for subject in subjects:
        values = subject.values
        counts["screened"] += 1
        if values.get("status") == "screen failed":
            counts["screen_failed"] += 1
        arm = values.get("arm")
        if arm in ("MSC", "CONTROL"):
            counts[f"randomized_{arm}"] += 1
        if any(infusion.get("status") == "completed"
               for infusion in infusions.get((subject.site_id, subject.participant_id), [])):
            counts["infused"] += 1
        if values.get("status") == "completed":
            counts["completed"] += 1
    return counts


def export_csv(center: Center, out_dir: Path) -> list[Path]:
    """Write DM.csv, DS.csv, IE.csv, LB.csv, VS.csv, XC.csv, EX.csv, AE.csv and CONSORT.csv."""
    pooled = load_pooled(center, with_audit=False)
    protocol = center.protocol
    subjects = [Subject(protocol.protocol_id, site_id, record_id, values)
                for site_id, record_id, values in pooled.records("participant")
                if values.get("subject_id")]
    subjects.sort(key=lambda subject: subject.subject_id)
    datasets: Mapping[str, list[list[str]]] = {
        "DM": _dm(pooled, subjects, protocol),
        "DS": _ds(pooled, subjects),
        "IE": _ie(pooled, subjects, protocol),
        "LB": _findings(pooled, subjects, protocol, "LB"),
        "VS": _findings(pooled, subjects, protocol, "VS"),
        "XC": _findings(pooled, subjects, protocol, "XC"),
        "EX": _ex(pooled, subjects),
        "AE": _ae(pooled, subjects),
        "CONSORT": [["stage", "count"], *([stage, str(count)] for stage, count in
                                          consort_counts(pooled, subjects).items())],
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
