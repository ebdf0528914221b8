"""The centre's SDTM and ADaM datasets from items received from two sites (issue 14): the primary
endpoint in RS from the received labs, the change-from-baseline dataset, IE for derived criteria,
vital-sign timepoints, screen failures, CDISC terms and rounding, clinical times with their offset,
SAS XPORT files that read back, define.xml valid against the Define-XML 2.0 schema, and a clean
dataset-level check."""

from __future__ import annotations

import csv
import math
import subprocess
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pandas
import pytest
from lxml import etree

from msc_desktop.central.export import export_pooled
from msc_desktop.central.sdtm.columns import iso_dtc, standard_number
from msc_desktop.central.service import Center
from msc_desktop.sync.keys import KeyPair
from tests.accounts import CENTRE_PASSPHRASE
from tests.sdtmcheck import check_sdtm

from .chains import Instance, instance_rows
from .test_center_export import send

CENTRAL = "import sys; from msc_desktop.cli.central import central_main; sys.exit(central_main())"
SCHEMA = Path(__file__).resolve().parents[2] / "data" / "schemas" / "define-2.0"

LABS_SCR = {
    "IT.LB.BILI": ("51.3", "umol/L"),
    "IT.LB.ALB": ("30", "g/L"),
    "IT.LB.INR": ("1.8", "ratio"),
    "IT.LB.CREAT": ("97.2", "umol/L"),
    "IT.LB.SODIUM": ("131", "mmol/L"),
    "IT.LB.ALT": ("35", "U/L"),
}
LABS_W4 = {
    "IT.LB.BILI": ("34.2", "umol/L"),
    "IT.LB.ALB": ("3.6", "g/dL"),
    "IT.LB.INR": ("1.5", "ratio"),
    "IT.LB.CREAT": ("0.9", "mg/dL"),
    "IT.LB.SODIUM": ("137", "mmol/L"),
}
GRADES = {"IT.XC.ASCITES": "slight", "IT.XC.ENCEPHALOPATHY_GRADE": "1", "IT.XC.DIALYSIS": "N"}


def person(
    subject: str,
    status: str,
    *,
    sex: str = "F",
    hbsag: str = "POSITIVE",
    screening: dict[str, object] | None = None,
) -> list[Instance]:
    return [
        (
            subject,
            "SE.SCR",
            "F.REGISTRATION",
            "IG.REGISTRATION",
            "",
            {
                "IT.DM.SEX": sex,
                "IT.DM.BIRTH_YEAR_MONTH": "1970-03",
                "IT.DM.STATUS": status,
                "IT.DM.SCREENING_NUMBER": f"S{subject}",
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
            "SE.SCR",
            "F.SCREENING",
            "IG.SCREENING",
            "",
            {
                "IT.SV.SCREENING_DATE": "2026-11-19",
                "IT.LB.LAB_DATE": "2026-11-19",
                **LABS_SCR,
                **GRADES,
                "IT.VS.WEIGHT": ("62.5", "kg"),
                "IT.LB.HBSAG": hbsag,
                "IT.LB.HBSAG_DATE": "2026-11-10",
                "IT.XC.CIRRHOSIS_METHOD": "BIOPSY",
                "IT.XC.CIRRHOSIS_DATE": "2026-10-01",
                "IT.MH.ETIOLOGY_HCV": "N",
                "IT.MH.ETIOLOGY_HDV": "N",
                "IT.MH.ETIOLOGY_HEV": "N",
                "IT.MH.ETIOLOGY_HIV": "N",
                "IT.IE.EX_MALIGNANCY": "N",
                **(screening or {}),
            },
        ),
    ]


def randomized(subject: str, arm: str, zone: str) -> list[Instance]:
    return [
        (
            subject,
            "SE.COMMON",
            "F.RANDOMIZATION",
            "IG.RANDOMIZATION",
            "",
            {
                "IT.RAND.ARM": arm,
                "IT.RAND.STRATUM": "B",
                "IT.RAND.RANDOMIZED_AT": "2026-11-20T01:30:00.000000Z",
                "IT.RAND.DAY0": "2026-11-20",
            },
        ),
        (
            subject,
            "SE.W4",
            "F.VISIT",
            "IG.VISIT",
            "",
            {
                "IT.SV.VISIT_CODE": "W4",
                "IT.SV.VISIT_DATE": "2026-12-18",
                **LABS_W4,
                "IT.XC.ASCITES": "absent",
                "IT.XC.ENCEPHALOPATHY_GRADE": "0",
                "IT.XC.DIALYSIS": "N",
                "IT.VS.WEIGHT": ("63", "kg"),
                "IT.VS.HR": ("72", "beats/min"),
            },
        ),
        (
            subject,
            "SE.W0",
            "F.VISIT",
            "IG.VISIT",
            "",
            {
                "IT.SV.VISIT_CODE": "W0",
                "IT.SV.VISIT_DATE": "2026-11-20",
                **LABS_SCR,
                **GRADES,
                "IT.VS.WEIGHT": ("62", "kg"),
                "IT.VS.HR": ("80", "beats/min"),
            },
        ),
    ] + (
        [
            (
                subject,
                "SE.W0",
                "F.INFUSION",
                "IG.INFUSION",
                "",
                {
                    "IT.EX.VISIT_CODE": "W0",
                    "IT.EX.TOTAL_CELLS": ("62000000", "cells"),
                    "IT.EX.PRODUCT_LOT": "LOT-7",
                    "IT.EX.VOLUME_INFUSED_ML": ("50.0", "mL"),
                    "IT.EX.STATUS": "completed",
                    "IT.EX.WEIGHT": ("62", "kg"),
                    "IT.EX.WEIGHT_DATE": "2026-11-19",
                    "IT.EX.INFUSION_START": f"2026-11-20T11:00:00{zone}",
                    "IT.EX.INFUSION_END": f"2026-11-20T11:45:00{zone}",
                    "IT.VS.PRE_HEART_RATE": ("78", "beats/min"),
                    "IT.VS.DURING_HEART_RATE": ("84", "beats/min"),
                    "IT.VS.POST_HEART_RATE": ("76", "beats/min"),
                    "IT.VS.PRE_SYSTOLIC_BP": ("120", "mmHg"),
                    "IT.VS.POST_SYSTOLIC_BP": ("118", "mmHg"),
                },
            ),
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
                    "IT.AE.GRADE": "3",
                    "IT.AE.SERIOUS": "Y",
                    "IT.AE.SERIOUS_HOSPITALISATION": "Y",
                    "IT.AE.SERIOUS_DEATH": "N",
                    "IT.AE.RELATIONSHIP": "POSSIBLY RELATED",
                    "IT.AE.OUTCOME": "RECOVERING/RESOLVING",
                    "IT.AE.AWARE_AT": f"2026-11-21T09:10:00{zone}",
                },
            ),
        ]
        if arm == "MSC"
        else []
    )


@pytest.fixture
def centre(tmp_path: Path) -> Iterator[Center]:
    center = Center.init(tmp_path / "center", passphrase=CENTRE_PASSPHRASE)
    plan = {
        "01": person("01-0001", "randomized")
        + randomized("01-0001", "MSC", "+08:00")
        # Child-Pugh 6 and HBsAg negative: two derived inclusion criteria unmet, none answered.
        + person(
            "01-0002",
            "screen failed",
            hbsag="NEGATIVE",
            screening={
                "IT.LB.BILI": ("20", "umol/L"),
                "IT.LB.ALB": ("36", "g/L"),
                "IT.XC.ASCITES": "absent",
                "IT.XC.ENCEPHALOPATHY_GRADE": "0",
            },
        ),
        "02": person("02-0001", "randomized", sex="M")
        + randomized("02-0001", "CONTROL", "")
        + person("02-0002", "randomized")
        + randomized("02-0002", "MSC", "-05:00"),
    }
    for site_id, instances in plan.items():
        keys = KeyPair.generate("site", site_id)
        center.register_site(site_id, keys.public_document())
        send(center, site_id, keys, instance_rows(instances))
    yield center
    center.close()


@pytest.fixture
def sdtm(centre: Center, tmp_path: Path) -> Path:
    folder = tmp_path / "sdtm"
    export_pooled(centre, "sdtm", folder)
    return folder


def rows(folder: Path, name: str) -> list[dict[str, str]]:
    with open(folder / f"{name}.csv", encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def of(table: list[dict[str, str]], subject: str) -> list[dict[str, str]]:
    return [row for row in table if row["USUBJID"] == f"XJMSC0001-{subject}"]


def test_rs_holds_the_endpoint_at_every_visit_with_traceable_components(sdtm: Path) -> None:
    """Item 7: Child-Pugh (points, score, class), MELD, MELD-Na and MELD 3.0 at each visit."""
    rs = of(rows(sdtm, "RS"), "01-0001")
    by_visit = {(row["VISIT"], row["RSTESTCD"]): row for row in rs}
    # Screening: bilirubin 51.3 umol/L = 3 mg/dL (2 points), albumin 3.0 (2), INR 1.8 (2),
    # slight ascites (2), grade 1 (2): 10, class C. Creatinine 97.2 umol/L = 1.0995 mg/dL.
    assert {
        code: by_visit[("SCR", code)]["RSSTRESC"]
        for code in (
            "CPBILI",
            "CPALB",
            "CPINR",
            "CPASC",
            "CPENC",
            "CPSCORE",
            "CPCLASS",
            "MELD",
            "MELDNA",
            "MELD3",
        )
    } == {
        "CPBILI": "2",
        "CPALB": "2",
        "CPINR": "2",
        "CPASC": "2",
        "CPENC": "2",
        "CPSCORE": "10",
        "CPCLASS": "C",
        "MELD": "18",
        "MELDNA": "22",
        "MELD3": "23",
    }
    assert by_visit[("W4", "CPSCORE")]["RSSTRESN"] == "6"
    assert by_visit[("W4", "CPCLASS")]["RSSTRESC"] == "A"
    assert by_visit[("W4", "CPCLASS")]["RSSTRESN"] == ""
    assert by_visit[("SCR", "CPBILI")]["RSORRES"] == "3 mg/dL"
    assert by_visit[("SCR", "CPASC")]["RSORRES"] == "slight"
    assert {row["RSCAT"] for row in rs} == {"CHILD-PUGH CLASSIFICATION", "MELD"}
    assert [row["VISITNUM"] for row in rs if row["RSTESTCD"] == "MELD"] == ["1", "2", "3"]
    linked = {
        row["LBTESTCD"]
        for row in of(rows(sdtm, "LB"), "01-0001")
        if row["LBLNKGRP"] == by_visit[("W4", "MELD")]["RSLNKGRP"]
    }
    assert linked == {"BILI", "ALB", "INR", "CREAT", "SODIUM"}


def test_adam_change_from_baseline(centre: Center, tmp_path: Path) -> None:
    """Item 7: one row per subject, parameter and visit with AVAL, BASE, CHG, ABLFL, TRT01P."""
    paths = export_pooled(centre, "adam", tmp_path / "adam")
    assert sorted(path.name for path in paths) == ["ADEFF.csv", "adeff.xpt", "define.xml"]
    adam = of(rows(tmp_path / "adam", "ADEFF"), "01-0001")
    table = {
        (row["PARAMCD"], row["AVISIT"]): (
            row["AVAL"],
            row["BASE"],
            row["CHG"],
            row["ABLFL"],
            row["ANL01FL"],
        )
        for row in adam
    }
    assert table[("BILI", "SCR")] == ("3", "3", "", "", "")
    assert table[("BILI", "W0")] == ("3", "3", "", "Y", "Y")
    assert table[("BILI", "W4")] == ("2", "3", "-1", "", "Y")
    assert table[("CPSCORE", "W4")] == ("6", "10", "-4", "", "Y")
    assert table[("MELD", "W0")][3] == "Y"
    assert {row["TRT01P"] for row in adam} == {"MSC"}
    assert {row["PARAMCD"] for row in adam} == {"BILI", "ALB", "INR", "CPSCORE", "MELD"}
    assert not of(rows(tmp_path / "adam", "ADEFF"), "01-0002")  # never randomized
    source = {(row["SRCDOM"], row["SRCVAR"]) for row in adam}
    assert source == {("LB", "LBSTRESN"), ("RS", "RSSTRESN")}


def test_randomization_date_is_the_randomization_event(sdtm: Path) -> None:
    """Item 2: DS RANDOMIZED is dated by the randomization item, and no one is dosed before."""
    ds = of(rows(sdtm, "DS"), "01-0001")
    assert [(row["DSDECOD"], row["DSSTDTC"]) for row in ds] == [
        ("INFORMED CONSENT OBTAINED", "2026-11-18"),
        ("RANDOMIZED", "2026-11-20"),
    ]


def test_ie_records_derived_criteria(sdtm: Path) -> None:
    """Item 3: unmet derived inclusion criteria (HBV, Child-Pugh >= 7) get their IE records."""
    ie = of(rows(sdtm, "IE"), "01-0002")
    assert [(row["IETESTCD"], row["IECAT"], row["IEORRES"]) for row in ie] == [
        ("IN02", "INCLUSION", "N"),
        ("IN03", "INCLUSION", "N"),
    ]
    assert {row["VISITNUM"] for row in ie} == {"1"}
    assert not of(rows(sdtm, "IE"), "01-0001")


def test_infusion_vital_signs_carry_their_timepoint(sdtm: Path) -> None:
    """Item 4: before/during/after vitals are told apart by VSTPT, not duplicated."""
    vs = of(rows(sdtm, "VS"), "01-0001")
    heart = [
        (
            row["VISIT"],
            row["VSTPT"],
            row["VSTPTNUM"],
            row["VSTPTREF"],
            row["VSELTM"],
            row["VSSTRESN"],
        )
        for row in vs
        if row["VSTESTCD"] == "HR"
    ]
    assert sorted(heart) == sorted(
        [
            ("W0", "", "", "", "", "80"),
            ("W0", "PRE-INFUSION", "1", "INFUSION START", "-PT30M", "78"),
            ("W0", "DURING INFUSION", "2", "INFUSION START", "PT30M", "84"),
            ("W0", "POST-INFUSION", "3", "INFUSION START", "PT2H", "76"),
            ("W4", "", "", "", "", "72"),
        ]
    )
    assert {row["VSTEST"] for row in vs} == {"Weight", "Heart Rate", "Systolic Blood Pressure"}
    dates = {(row["VSTESTCD"], row["VSTPT"]): row["VSDTC"] for row in vs if row["VISIT"] == "W0"}
    assert dates[("WEIGHT", "DOSE CALCULATION")] == "2026-11-19"  # the weight's own date
    assert dates[("HR", "PRE-INFUSION")] == dates[("HR", "POST-INFUSION")] == "2026-11-20"
    assert {row["VSORRESU"] for row in vs if row["VSTESTCD"] == "HR"} == {"beats/min"}


def test_screen_failure_has_armnrs_and_a_disposition(sdtm: Path) -> None:
    """Item 5: ARMNRS SCREEN FAILURE with empty arm codes, and a DS screen failure record."""
    dm = {row["USUBJID"][-7:]: row for row in rows(sdtm, "DM")}
    failed = dm["01-0002"]
    assert (failed["ARMCD"], failed["ARM"], failed["ACTARMCD"], failed["ARMNRS"]) == (
        "",
        "",
        "",
        "SCREEN FAILURE",
    )
    assert (dm["02-0001"]["ACTARMCD"], dm["02-0001"]["ARMNRS"]) == ("CONTROL", "")
    ds = of(rows(sdtm, "DS"), "01-0002")
    assert [
        (row["DSDECOD"], row["DSCAT"], row["DSTERM"], row["DSSTDTC"], row["EPOCH"]) for row in ds
    ][-1] == (
        "SCREEN FAILURE",
        "DISPOSITION EVENT",
        "NOT ELIGIBLE: IN02; IN03",
        "2026-11-19",
        "SCREENING",
    )


def test_sdtm_completeness_terms_rounding_and_visits(sdtm: Path) -> None:
    """Item 8: DM, AE, EX, LB as a data manager expects them."""
    dm = {row["USUBJID"][-7:]: row for row in rows(sdtm, "DM")}
    first = dm["01-0001"]
    assert (
        first["AGE"],
        first["AGEU"],
        first["COUNTRY"],
        first["ARM"],
        first["ACTARM"],
        first["RFSTDTC"],
        first["RFXSTDTC"],
        first["DTHFL"],
    ) == (
        "56",
        "YEARS",
        "CHN",
        "MSC + standard care",
        "MSC + standard care",
        "2026-11-20",
        "2026-11-20T11:00+08:00",
        "",
    )
    supp = {(row["USUBJID"][-7:], row["QNAM"]): row["QVAL"] for row in rows(sdtm, "SUPPDM")}
    assert supp[("01-0001", "STRATUM")] == "B"
    assert supp[("01-0002", "STATUS")] == "screen failed"
    assert supp[("01-0001", "SCRNID")] == "S01-0001"
    lb = {(row["VISIT"], row["LBTESTCD"]): row for row in of(rows(sdtm, "LB"), "01-0001")}
    assert (lb[("SCR", "INR")]["LBTEST"], lb[("SCR", "BILI")]["LBTEST"]) == (
        "Prothrombin Intl. Normalized Ratio",
        "Bilirubin",
    )
    creatinine = lb[("SCR", "CREAT")]
    assert (
        creatinine["LBORRES"],
        creatinine["LBORRESU"],
        creatinine["LBSTRESN"],
        creatinine["LBSTRESU"],
    ) == ("97.2", "umol/L", "1.1", "mg/dL")
    assert lb[("SCR", "INR")]["LBSTRESU"] == "RATIO"
    assert (
        lb[("W4", "BILI")]["VISITNUM"],
        lb[("W4", "BILI")]["EPOCH"],
        lb[("W4", "BILI")]["LBDY"],
    ) == ("3", "TREATMENT", "29")
    assert lb[("SCR", "BILI")]["LBDY"] == "-1"
    ae = of(rows(sdtm, "AE"), "01-0001")[0]
    assert (
        ae["AESER"],
        ae["AESHOSP"],
        ae["AESDTH"],
        ae["AETOXGR"],
        ae["AEDECOD"],
        ae["EPOCH"],
        ae["AESTDY"],
    ) == ("Y", "Y", "N", "3", "", "TREATMENT", "2")
    ex = of(rows(sdtm, "EX"), "01-0001")[0]
    assert (ex["EXDOSFRM"], ex["EXROUTE"], ex["VISITNUM"], ex["EXSTDY"]) == (
        "SUSPENSION",
        "INTRAVENOUS",
        "2",
        "1",
    )
    suppex = {row["QNAM"]: row["QVAL"] for row in of(rows(sdtm, "SUPPEX"), "01-0001")}
    assert suppex["INFVOL"] == "50.0"
    assert "EXVOL" not in rows(sdtm, "EX")[0]


def test_standard_values_are_rounded_to_the_digits_measured() -> None:
    """Item 8: no 28-digit standard values: one significant digit more than entered."""
    assert standard_number(Decimal(34) / Decimal("17.1"), "34") == "1.99"
    assert standard_number(Decimal("97.2") / Decimal("88.4"), "97.2") == "1.1"
    assert standard_number(Decimal(100) / Decimal("88.4"), "100") == "1.131"
    assert standard_number(Decimal(1) / 3, "1") == "0.333"
    assert standard_number(Decimal("51.3") / Decimal("17.1"), "51.3") == "3"


def test_clinical_times_keep_their_offset_and_never_gain_a_z() -> None:
    """Item 1 (centre): ISO 8601 to the minute with the offset received; a local clinic time
    without one stays local; a UTC time the app recorded keeps its Z."""
    assert iso_dtc("2025-12-22T11:00:00+08:00", clinic=True) == "2025-12-22T11:00+08:00"
    assert iso_dtc("2025-12-22T11:00:00.000000-05:00", clinic=True) == "2025-12-22T11:00-05:00"
    assert iso_dtc("2025-12-22T11:00:00.000000Z", clinic=True) == "2025-12-22T11:00"
    assert iso_dtc("2025-12-22T11:00:00", clinic=True) == "2025-12-22T11:00"
    assert iso_dtc("2025-12-22T03:00:00.000000Z", clinic=False) == "2025-12-22T03:00Z"
    assert iso_dtc("2025-12-22", clinic=True) == "2025-12-22"


def test_exposure_and_ae_times_are_written_with_their_offset(sdtm: Path) -> None:
    ex = {row["USUBJID"][-7:]: row for row in rows(sdtm, "EX")}
    assert (ex["01-0001"]["EXSTDTC"], ex["01-0001"]["EXENDTC"]) == (
        "2026-11-20T11:00+08:00",
        "2026-11-20T11:45+08:00",
    )
    assert ex["02-0002"]["EXSTDTC"] == "2026-11-20T11:00-05:00"
    aware = {
        row["USUBJID"][-7:]: row["QVAL"]
        for row in rows(sdtm, "SUPPAE")
        if row["QNAM"] == "AWAREDTC"
    }
    assert aware == {"01-0001": "2026-11-21T09:10+08:00", "02-0002": "2026-11-21T09:10-05:00"}
    text = "".join(path.read_text(encoding="utf-8") for path in sdtm.glob("*.csv"))
    assert "000000Z" not in text and ".000000" not in text


def test_xpt_files_read_back_equal_to_the_csv(sdtm: Path) -> None:
    """Item 9: each dataset as SAS XPORT v5, read back by pandas equal to the CSV."""
    names = sorted(path.stem for path in sdtm.glob("*.csv"))
    assert names == sorted(
        ["DM", "SUPPDM", "DS", "IE", "LB", "VS", "XC", "RS", "EX", "SUPPEX", "AE", "SUPPAE"]
    )  # SUPPDS has no record: not written
    for name in names:
        frame = pandas.read_sas(sdtm / f"{name.lower()}.xpt", format="xport", encoding="utf-8")
        table = rows(sdtm, name)
        assert list(frame.columns) == list(table[0]) if table else True, name
        assert len(frame) == len(table), name
        for row, (_, read_back) in zip(table, frame.iterrows()):
            for column, value in row.items():
                got = read_back[column]
                if isinstance(got, float):
                    # pandas reads the IBM zero as 16**-65
                    expected = float(value) if value else None
                    assert (
                        (expected is None and math.isnan(got))
                        or abs(got - (expected or 0)) < 1e-70
                        or got == expected
                    ), (name, column)
                else:
                    assert got == value, (name, column, got, value)


def test_define_xml_is_valid_define_2_0(sdtm: Path) -> None:
    """Item 9: define.xml describes every dataset and variable and validates."""
    schema = etree.XMLSchema(etree.parse(str(SCHEMA / "cdisc-define-2.0" / "define2-0-0.xsd")))
    document = etree.parse(str(sdtm / "define.xml"))
    schema.assertValid(document)
    ns = {"o": "http://www.cdisc.org/ns/odm/v1.3", "def": "http://www.cdisc.org/ns/def/v2.0"}
    groups = document.xpath("//o:ItemGroupDef/@Name", namespaces=ns)
    assert sorted(groups) == sorted(path.stem for path in sdtm.glob("*.csv"))
    for name in groups:
        with open(sdtm / f"{name}.csv", encoding="utf-8") as stream:
            header = next(csv.reader(stream))
        refs = document.xpath(f"//o:ItemGroupDef[@Name='{name}']/o:ItemRef/@ItemOID", namespaces=ns)
        assert refs == [f"IT.{name}.{column}" for column in header]
    sex = document.xpath("//o:CodeList[@Name='SEX']/o:CodeListItem/@CodedValue", namespaces=ns)
    assert sex == ["F", "M"]
    assert document.xpath("//o:ItemDef[@OID='IT.RS.RSSTRESC']/def:Origin/@Type", namespaces=ns) == [
        "Derived"
    ]
    assert document.xpath(
        "//o:ItemGroupDef[@Name='DM']/def:leaf/@xlink:href",
        namespaces={**ns, "xlink": "http://www.w3.org/1999/xlink"},
    ) == ["dm.xpt"]


def test_the_datasets_pass_the_dataset_checker(sdtm: Path) -> None:
    assert check_sdtm(sdtm) == []


def test_the_checker_finds_what_it_checks(sdtm: Path) -> None:
    """The checker can fail: a wrong score, a dose before randomization, a duplicate key and a
    term outside its codelist are each reported."""

    def rewrite(name: str, change: dict[str, str], where: dict[str, str]) -> None:
        table = rows(sdtm, name)
        for row in table:
            if all(row[key] == value for key, value in where.items()):
                row.update(change)
        with open(sdtm / f"{name}.csv", "w", encoding="utf-8", newline="") as stream:
            writer = csv.DictWriter(stream, fieldnames=list(table[0]))
            writer.writeheader()
            writer.writerows(table)

    rewrite("RS", {"RSSTRESC": "11"}, {"RSTESTCD": "CPSCORE", "VISIT": "SCR"})
    rewrite("EX", {"EXSTDTC": "2026-11-19T10:00+08:00"}, {"USUBJID": "XJMSC0001-01-0001"})
    rewrite("DM", {"SEX": "X"}, {"USUBJID": "XJMSC0001-02-0001"})
    rewrite("LB", {"VISITNUM": "1", "LBDTC": "2026-11-19"}, {"VISIT": "W0", "LBTESTCD": "ALT"})
    problems = check_sdtm(sdtm)
    assert any(p.startswith("RS ('XJMSC0001-01-0001'") for p in problems)
    assert any(p.startswith("EX: XJMSC0001-01-0001 dosed on 2026-11-19") for p in problems)
    assert "DM.SEX: 'X' is not in its codelist" in problems
    assert any(p.startswith("LB: key") for p in problems)


def test_a_long_chinese_ae_term_is_split_into_suppae(centre: Center, tmp_path: Path) -> None:
    """A 200-character AE term in Chinese is 600 bytes: AETERM keeps the first 200 bytes (what
    SAS transport holds) and SUPPAE AETERM1..3 the rest, so nothing is lost or cut."""
    keys = KeyPair.generate("site", "03")
    centre.register_site("03", keys.public_document())
    term = "发热伴寒战" * 40
    instances = person("03-0001", "randomized") + randomized("03-0001", "MSC", "+08:00")
    for *_place, items in instances:
        if "IT.AE.TERM" in items:
            items["IT.AE.TERM"] = term
    send(centre, "03", keys, instance_rows(instances))
    folder = tmp_path / "long"
    export_pooled(centre, "sdtm", folder)
    ae = of(rows(folder, "AE"), "03-0001")[0]
    parts = [
        row["QVAL"]
        for row in of(rows(folder, "SUPPAE"), "03-0001")
        if row["QNAM"].startswith("AETERM")
    ]
    assert [
        row["QNAM"]
        for row in of(rows(folder, "SUPPAE"), "03-0001")
        if row["QNAM"].startswith("AETERM")
    ] == ["AETERM1", "AETERM2", "AETERM3"]
    assert len(ae["AETERM"].encode("utf-8")) <= 200
    assert ae["AETERM"] + "".join(parts) == term
    frame = pandas.read_sas(folder / "ae.xpt", format="xport", encoding="utf-8")
    assert list(frame["AETERM"])[-1] == ae["AETERM"]
    assert check_sdtm(folder) == []


def test_cli_export_sdtm(centre: Center, tmp_path: Path) -> None:
    home = centre.home.path
    centre.close()
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            CENTRAL,
            "export",
            "--home",
            str(home),
            "--format",
            "sdtm",
            "--out",
            str(tmp_path / "cli"),
            "--passphrase-stdin",
        ],
        input=CENTRE_PASSPHRASE + "\n",
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "cli" / "define.xml").is_file()
    assert (tmp_path / "cli" / "rs.xpt").is_file()
