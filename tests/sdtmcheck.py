"""A dataset-level checker for the SDTM export, written apart from the code that makes it.

`check_sdtm(folder)` reads the CSV datasets and define.xml of an `msc-central export --format
sdtm` folder and returns every problem found, as one line each:
- each domain's natural key (this module's own table) is unique;
- every USUBJID of every dataset is in DM;
- every --DTC value is ISO 8601 (date, or date and time to the minute with an offset when
  `offsets` is true: a time without its offset cannot be placed in time);
- every RS score is recomputed from the linked LB results as entered (with the published unit
  factors), the linked XC grades and DM.SEX by tools/derive_score_vectors.py, an implementation
  written from the published formulas without msc_desktop;
- the first EX record of a participant is on or after the randomization date (DS RANDOMIZED);
- every value of a variable that define.xml gives a codelist is a term of that codelist.
"""

from __future__ import annotations

import csv
import importlib.util
import re
from collections import Counter
from fractions import Fraction
from pathlib import Path
from types import ModuleType
from typing import Any

from lxml import etree

REPO = Path(__file__).resolve().parent.parent
KEYS = {
    "DM": ("USUBJID",),
    "DS": ("USUBJID", "DSDECOD", "DSSTDTC"),
    "IE": ("USUBJID", "IETESTCD"),
    "LB": ("USUBJID", "LBTESTCD", "VISITNUM", "LBDTC"),
    "VS": ("USUBJID", "VSTESTCD", "VISITNUM", "VSTPTNUM", "VSDTC"),
    "XC": ("USUBJID", "XCTESTCD", "VISITNUM"),
    "RS": ("USUBJID", "RSTESTCD", "VISITNUM"),
    "EX": ("USUBJID", "EXSTDTC"),
    "AE": ("USUBJID", "AESPID"),
    "SUPPDM": ("USUBJID", "QNAM"),
    "SUPPDS": ("USUBJID", "IDVARVAL", "QNAM"),
    "SUPPEX": ("USUBJID", "IDVARVAL", "QNAM"),
    "SUPPAE": ("USUBJID", "IDVARVAL", "QNAM"),
}
_DATE = r"\d{4}(-\d{2}(-\d{2})?)?"
_TIME = r"T\d{2}:\d{2}"
_OFFSET = r"(Z|[+-]\d{2}:\d{2})"
# The published unit factors (DESIGN section 7), to the standard unit.
FACTORS = {
    ("BILI", "umol/L"): Fraction(10, 171),
    ("CREAT", "umol/L"): Fraction(10, 884),
    ("ALB", "g/L"): Fraction(1, 10),
}
ODM = "{http://www.cdisc.org/ns/odm/v1.3}"


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "derive_score_vectors", REPO / "tools" / "derive_score_vectors.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def _standard(test: str, value: str, unit: str) -> Fraction:
    return Fraction(value) * FACTORS.get((test, unit), Fraction(1))


def expected_scores(
    labs: dict[str, Fraction], grades: dict[str, str], sex: str, tool: ModuleType
) -> dict[str, str]:
    out: dict[str, str] = {}
    dialysis = grades.get("DIALYSIS") == "Y"
    if {"BILI", "ALB", "INR"} <= set(labs) and {"ASCITES", "HEGRADE"} <= set(grades):
        score, cp_class = tool.child_pugh_points(
            labs["BILI"], labs["ALB"], labs["INR"], grades["ASCITES"], int(grades["HEGRADE"])
        )
        out.update({"CPSCORE": str(score), "CPCLASS": cp_class})
    if {"BILI", "INR", "CREAT"} <= set(labs):
        out["MELD"] = str(tool.meld_value(labs["BILI"], labs["INR"], labs["CREAT"], dialysis))
        if "SODIUM" in labs:
            out["MELDNA"] = str(
                tool.meld_na_value(
                    labs["BILI"], labs["INR"], labs["CREAT"], labs["SODIUM"], dialysis
                )
            )
            if "ALB" in labs and sex in ("F", "M"):
                out["MELD3"] = str(
                    tool.meld_3_value(
                        sex,
                        labs["BILI"],
                        labs["SODIUM"],
                        labs["INR"],
                        labs["CREAT"],
                        labs["ALB"],
                        dialysis,
                    )
                )
    return out


def _codelists(define: Path) -> dict[tuple[str, str], set[str]]:
    """(dataset, variable) -> the coded values of its codelist, from define.xml."""
    root = etree.parse(str(define)).getroot()
    lists = {
        codelist.get("OID"): {
            item.get("CodedValue") for item in codelist.iter(f"{ODM}CodeListItem")
        }
        for codelist in root.iter(f"{ODM}CodeList")
    }
    found: dict[tuple[str, str], set[str]] = {}
    for item in root.iter(f"{ODM}ItemDef"):
        ref = item.find(f"{ODM}CodeListRef")
        if ref is not None:
            _, dataset, variable = item.get("OID", "").split(".", 2)
            found[(dataset, variable)] = lists[ref.get("CodeListOID")]
    return found


def check_sdtm(folder: Path, *, offsets: bool = True) -> list[str]:
    data: dict[str, list[dict[str, str]]] = {
        path.stem: read(path) for path in sorted(folder.glob("*.csv"))
    }
    problems: list[str] = []
    for name, key in KEYS.items():
        counts = Counter(tuple(row[variable] for variable in key) for row in data.get(name, []))
        problems += [f"{name}: key {k} occurs {n} times" for k, n in counts.items() if n > 1]
    subjects = {row["USUBJID"] for row in data["DM"]}
    for name, rows in data.items():
        problems += [
            f"{name}: USUBJID {row['USUBJID']} is not in DM"
            for row in rows
            if row.get("USUBJID") and row["USUBJID"] not in subjects
        ]
    pattern = re.compile(
        f"{_DATE}({_TIME}{_OFFSET})?" if offsets else f"{_DATE}({_TIME}{_OFFSET}?)?"
    )
    for name, rows in data.items():
        for row in rows:
            for variable, value in row.items():
                if variable.endswith("DTC") and value and not pattern.fullmatch(value):
                    problems.append(f"{name}.{variable}: {value!r} is not ISO 8601 as required")
    problems += _check_scores(data)
    randomized = {
        row["USUBJID"]: row["DSSTDTC"][:10] for row in data["DS"] if row["DSDECOD"] == "RANDOMIZED"
    }
    for row in data["EX"]:
        start, day = row["EXSTDTC"][:10], randomized.get(row["USUBJID"], "")
        if not day or start < day:
            problems.append(f"EX: {row['USUBJID']} dosed on {start}, randomized on {day!r}")
    for (dataset, variable), codes in _codelists(folder / "define.xml").items():
        for row in data.get(dataset, []):
            if row.get(variable) and row[variable] not in codes:
                problems.append(f"{dataset}.{variable}: {row[variable]!r} is not in its codelist")
    return problems


def _check_scores(data: dict[str, list[dict[str, str]]]) -> list[str]:
    tool = _tool()
    sex = {row["USUBJID"]: row["SEX"] for row in data["DM"]}
    groups: dict[tuple[str, str], dict[str, Any]] = {}
    for row in data["LB"]:
        if row["LBLNKGRP"]:
            group = groups.setdefault((row["USUBJID"], row["LBLNKGRP"]), {"labs": {}, "xc": {}})
            group["labs"][row["LBTESTCD"]] = _standard(
                row["LBTESTCD"], row["LBORRES"], row["LBORRESU"]
            )
    for row in data["XC"]:
        if row["XCLNKGRP"]:
            group = groups.setdefault((row["USUBJID"], row["XCLNKGRP"]), {"labs": {}, "xc": {}})
            group["xc"][row["XCTESTCD"]] = row["XCORRES"]
    found: dict[tuple[str, str], dict[str, str]] = {}
    for row in data["RS"]:
        found.setdefault((row["USUBJID"], row["RSLNKGRP"]), {})[row["RSTESTCD"]] = row["RSSTRESC"]
    problems = []
    for key in sorted(set(groups) | set(found)):
        group = groups.get(key, {"labs": {}, "xc": {}})
        expected = expected_scores(group["labs"], group["xc"], sex.get(key[0], ""), tool)
        got = {
            code: value
            for code, value in found.get(key, {}).items()
            if code in expected or code in ("CPSCORE", "CPCLASS", "MELD", "MELDNA", "MELD3")
        }
        if got != expected:
            problems.append(f"RS {key}: {got} but the published formulas give {expected}")
    return problems
