"""The ADaM analysis dataset of the primary endpoint (BDS: one row per subject, parameter and
visit).

Built from the SDTM datasets, never from the items again, so every value traces to its source
record (SRCDOM, SRCVAR, SRCSEQ): the parameters the protocol declares ("cdisc"."analysis": the
standard lab values of bilirubin, albumin and INR from LB, the Child-Pugh score and MELD from RS),
for randomized participants (TRT01P: the randomized arm). Baseline (ABLFL = "Y") is the last
non-missing value at the declared baseline visits (screening, week 0 before the infusion); BASE is
that value on every row of the subject and parameter; CHG = AVAL - BASE (exact decimals) on the
visits after baseline; ANL01FL marks the records the analysis uses (the baseline and every later
visit).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from msc_desktop.central.datasets import Dataset, Variable, by_name, require_standard
from msc_desktop.domain.decimals import format_decimal
from msc_desktop.domain.protocol import Protocol

V = Variable


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text) if text else None
    except InvalidOperation:
        return None


def analysis_dataset(protocol: Protocol, sdtm: list[Dataset]) -> Dataset:
    standard = require_standard(protocol)
    datasets = by_name(sdtm)
    adam = Dataset(
        standard.analysis_dataset,
        standard.analysis_label,
        "BASIC DATA STRUCTURE",
        "One record per subject per parameter per analysis visit",
        ("STUDYID", "USUBJID", "PARAMCD", "AVISITN"),
        (
            V("STUDYID", "Study Identifier", origin="Predecessor"),
            V("USUBJID", "Unique Subject Identifier", origin="Predecessor"),
            V("SUBJID", "Subject Identifier for the Study", origin="Predecessor"),
            V("SITEID", "Study Site Identifier", origin="Predecessor"),
            V(
                "TRT01P",
                "Planned Treatment for Period 01",
                origin="Predecessor",
                codelist="ARM",
                method="DM.ARMCD",
            ),
            V("PARAMCD", "Parameter Code", origin="Assigned", codelist="PARAMCD"),
            V("PARAM", "Parameter", origin="Assigned", codelist="PARAM"),
            V("AVISIT", "Analysis Visit", origin="Derived", codelist="VISIT", method="VISIT"),
            V("AVISITN", "Analysis Visit (N)", "float", "Derived", method="VISITNUM"),
            V("ADT", "Analysis Date", "date", "Derived", method="Date part of --DTC"),
            V("ADY", "Analysis Relative Day", "integer", "Derived", method="--DY"),
            V("AVAL", "Analysis Value", "float", "Derived", method="LBSTRESN or RSSTRESN"),
            V(
                "BASE",
                "Baseline Value",
                "float",
                "Derived",
                method="AVAL of the record with ABLFL = Y",
            ),
            V(
                "CHG",
                "Change from Baseline",
                "float",
                "Derived",
                method="AVAL - BASE after the baseline visit",
            ),
            V(
                "ABLFL",
                "Baseline Record Flag",
                origin="Derived",
                codelist="FLAG",
                method="The last non-missing value at the baseline visits",
            ),
            V(
                "ANL01FL",
                "Analysis Flag 01",
                origin="Derived",
                codelist="FLAG",
                method="The baseline record and every later visit",
            ),
            V("SRCDOM", "Source Data", origin="Derived"),
            V("SRCVAR", "Source Variable", origin="Derived"),
            V("SRCSEQ", "Source Sequence Number", "integer", "Derived"),
        ),
    )
    dm = datasets["DM"]
    arms = dict(zip(dm.column("USUBJID"), dm.column("ARMCD")))
    subjects = dict(zip(dm.column("USUBJID"), zip(dm.column("SUBJID"), dm.column("SITEID"))))
    for parameter in standard.parameters:
        source = datasets[parameter.domain]
        prefix = parameter.domain
        records: dict[str, list[dict[str, str]]] = {}
        for row in source.rows:
            record = dict(zip(source.names, row))
            if record[f"{prefix}TESTCD"] != parameter.test or not arms.get(record["USUBJID"]):
                continue
            if not record[f"{prefix}STRESN"] or not record["VISITNUM"]:
                continue
            records.setdefault(record["USUBJID"], []).append(record)
        for usubjid, rows in records.items():
            rows.sort(key=lambda record: Decimal(record["VISITNUM"]))
            baseline = [record for record in rows if record["VISIT"] in standard.baseline_visits]
            base_record = baseline[-1] if baseline else None
            base = _decimal(base_record[f"{prefix}STRESN"]) if base_record else None
            after = False
            for record in rows:
                value = _decimal(record[f"{prefix}STRESN"])
                is_base = record is base_record
                change = (
                    format_decimal(value - base)
                    if after and value is not None and base is not None
                    else ""
                )
                subjid, site = subjects[usubjid]
                adam.add(
                    {
                        "STUDYID": record["STUDYID"],
                        "USUBJID": usubjid,
                        "SUBJID": subjid,
                        "SITEID": site,
                        "TRT01P": arms[usubjid],
                        "PARAMCD": parameter.code,
                        "PARAM": parameter.name,
                        "AVISIT": record["VISIT"],
                        "AVISITN": record["VISITNUM"],
                        "ADT": record[f"{prefix}DTC"][:10],
                        "ADY": record[f"{prefix}DY"],
                        "AVAL": record[f"{prefix}STRESN"],
                        "BASE": format_decimal(base) if base is not None else "",
                        "CHG": change,
                        "ABLFL": "Y" if is_base else "",
                        "ANL01FL": "Y" if is_base or after else "",
                        "SRCDOM": prefix,
                        "SRCVAR": f"{prefix}STRESN",
                        "SRCSEQ": record[f"{prefix}SEQ"],
                    }
                )
                after = after or is_base
    order = {parameter.code: index for index, parameter in enumerate(standard.parameters)}
    names = adam.names
    adam.rows.sort(
        key=lambda row: (
            row[names.index("USUBJID")],
            order[row[names.index("PARAMCD")]],
            Decimal(row[names.index("AVISITN")]),
        )
    )
    return adam
