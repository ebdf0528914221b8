"""LB, VS and XC: one record per annotated test per visit (and timepoint), in CDISC terms and
standard units; the lab results and grades the scores read share the visit's link group."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from msc_desktop.central.datasets import Dataset
from msc_desktop.central.pooled import Datum, Instance, Subject
from msc_desktop.central.sdtm.columns import (
    STUDY,
    VISIT,
    V,
    day_variable,
    link_variable,
    seq_variable,
    standard_number,
    study_day,
)
from msc_desktop.central.sdtm.source import SdtmSource
from msc_desktop.domain.decimals import format_decimal
from msc_desktop.errors import MscError


def findings(source: SdtmSource, domain: str) -> Dataset:
    lab = domain == "LB"
    p = domain
    timepoints = (
        ()
        if lab
        else (
            V("VSTPT", "Planned Time Point Name", origin="Protocol", codelist="VSTPT"),
            V("VSTPTNUM", "Planned Time Point Number", "float", "Protocol"),
            V("VSELTM", "Planned Elapsed Time from Time Point Ref", origin="Protocol"),
            V("VSTPTREF", "Time Point Reference", origin="Protocol"),
        )
    )
    link = (
        (
            link_variable(
                "LB", "Groups the lab results a visit's scores (RSLNKGRP) are computed from"
            ),
        )
        if lab
        else ()
    )
    dataset = Dataset(
        domain,
        "Laboratory Test Results" if lab else "Vital Signs",
        "FINDINGS",
        "One record per test per visit" + ("" if lab else " per time point") + " per subject",
        ("STUDYID", "USUBJID", f"{p}TESTCD", "VISITNUM", *(() if lab else ("VSTPTNUM",))),
        (
            *STUDY,
            seq_variable(p),
            *link,
            V(
                f"{p}TESTCD",
                f"{'Lab' if lab else 'Vital Signs'} Test Short Name",
                codelist=f"{p}TESTCD",
            ),
            V(f"{p}TEST", f"{'Lab' if lab else 'Vital Signs'} Test Name", codelist=f"{p}TEST"),
            V(f"{p}ORRES", "Result or Finding in Original Units"),
            V(f"{p}ORRESU", "Original Units", codelist="UNIT"),
            V(
                f"{p}STRESC",
                "Character Result/Finding in Std Format",
                origin="Derived",
                method="The result converted to the standard unit by the protocol's exact factor, "
                "rounded to one significant digit more than entered (at least three)",
            ),
            V(
                f"{p}STRESN",
                "Numeric Result/Finding in Standard Units",
                "float",
                "Derived",
                method=f"{p}STRESC as a number",
            ),
            V(f"{p}STRESU", "Standard Units", origin="Derived", codelist="UNIT"),
            *VISIT,
            *timepoints,
            V(
                f"{p}DTC",
                "Date/Time of Collection" if lab else "Date/Time of Measurements",
                "date",
            ),
            day_variable(
                f"{p}DY", f"Study Day of {'Specimen Collection' if lab else 'Vital Signs'}"
            ),
        ),
    )
    inputs = {test for test in ("BILI", "ALB", "INR", "CREAT", "SODIUM")}
    for subject in source.pooled.subjects:
        sequence = 0
        for instance in source.pooled.of(subject):
            for oid, datum in source.tests(instance, domain):
                sequence += 1
                ref = source.pooled.annotations[oid]
                row = _finding(source, subject, instance, oid, datum, domain)
                row[f"{p}SEQ"] = str(sequence)
                if lab and ref.code in inputs and source.scored(subject, instance):
                    row["LBLNKGRP"] = source.link_group(instance)
                dataset.add(row)
    return dataset


def _finding(
    source: SdtmSource, subject: Subject, instance: Instance, oid: str, datum: Datum, domain: str
) -> dict[str, str]:
    ref = source.pooled.annotations[oid]
    code = ref.code or ""
    item = source.pooled.item_def(oid, datum)
    protocol = source.pooled.catalogues.get(datum.mdv_oid, source.pooled.current).protocol
    p = domain
    unit = datum.unit or (item.units[0] if len(item.units) == 1 else "")
    row = {
        **source.base(subject, domain),
        f"{p}TESTCD": code,
        f"{p}ORRES": datum.value,
        f"{p}ORRESU": source.ct_unit(unit),
    }
    tests = {test.code: test for test in protocol.lab_tests}
    vitals = {vital.code: vital for vital in protocol.vital_signs}
    row[f"{p}TEST"] = item.question.en[:40]
    if domain == "LB" and code in tests:
        test = tests[code]
        row[f"{p}TEST"] = test.cdisc_name or test.label.en
        try:
            converted = test.unit(unit).to_standard(Decimal(datum.value))
            standard = standard_number(converted, datum.value)
            row.update(
                {
                    "LBSTRESC": standard,
                    "LBSTRESN": standard,
                    "LBSTRESU": source.ct_unit(test.standard_unit),
                }
            )
        except (MscError, InvalidOperation):  # a coded result (HBV DNA not detected)
            row["LBSTRESC"] = datum.value
    elif domain == "VS" and code in vitals:
        vital = vitals[code]
        row[f"{p}TEST"] = vital.cdisc_name or vital.label.en
        try:
            standard = format_decimal(Decimal(datum.value))
            row.update(
                {
                    "VSSTRESC": standard,
                    "VSSTRESN": standard,
                    "VSSTRESU": source.ct_unit(vital.unit),
                }
            )
        except InvalidOperation:
            pass
    else:  # a coded finding (HBsAg): the result as recorded
        row[f"{p}STRESC"] = datum.value
    if domain == "VS" and ref.timepoint:
        point = source.standard.timepoint(ref.timepoint)
        row.update(
            {
                "VSTPT": point.name,
                "VSTPTNUM": format_decimal(point.number),
                "VSTPTREF": point.reference,
                "VSELTM": point.elapsed or "",
            }
        )
    day = source.finding_date(instance, domain, oid, datum, ref.timepoint)
    row[f"{p}DTC"] = day
    row[f"{p}DY"] = study_day(day, source.timeline(subject).reference)
    row.update(source.visit_columns(instance, subject, day))
    return row


def xc(source: SdtmSource) -> Dataset:
    """The clinical grades the scores read (ascites, encephalopathy, dialysis, variceal
    bleeding): every item annotated XC, one record per test per visit."""
    xc = Dataset(
        "XC",
        "Clinical Findings of Liver Disease",
        "FINDINGS",
        "One record per finding per visit per subject",
        ("STUDYID", "USUBJID", "XCTESTCD", "VISITNUM"),
        (
            *STUDY,
            seq_variable("XC"),
            link_variable(
                "XC", "Groups the findings a visit's scores (RSLNKGRP) are computed from"
            ),
            V("XCTESTCD", "Finding Short Name", codelist="XCTESTCD"),
            V("XCTEST", "Finding Name"),
            V("XCORRES", "Result or Finding in Original Units"),
            V("XCORRESU", "Original Units", codelist="UNIT"),
            V(
                "XCSTRESC",
                "Character Result/Finding in Std Format",
                origin="Derived",
                method="XCORRES",
            ),
            V(
                "XCSTRESN",
                "Numeric Result/Finding in Standard Units",
                "float",
                "Derived",
                method="XCORRES when a number",
            ),
            V("XCSTRESU", "Standard Units", origin="Derived", codelist="UNIT"),
            *VISIT,
            V("XCDTC", "Date/Time of Collection", "date"),
            day_variable("XCDY", "Study Day of Collection"),
        ),
    )
    for subject in source.pooled.subjects:
        sequence = 0
        for instance in source.pooled.of(subject):
            scored = source.scored(subject, instance)
            for oid, datum in source.tests(instance, "XC"):
                sequence += 1
                item = source.pooled.item_def(oid, datum)
                unit = datum.unit or (item.units[0] if len(item.units) == 1 else "")
                day = source.finding_date(instance, "XC", oid, datum)
                number = datum.value if item.data_type in ("integer", "float") else ""
                xc.add(
                    {
                        **source.base(subject, "XC"),
                        "XCSEQ": str(sequence),
                        "XCLNKGRP": source.link_group(instance) if scored else "",
                        "XCTESTCD": source.pooled.annotations[oid].code or "",
                        "XCTEST": source.pooled.item_def(oid, datum).question.en[:40],
                        "XCORRES": datum.value,
                        "XCORRESU": source.ct_unit(unit),
                        "XCSTRESC": datum.value,
                        "XCSTRESN": number,
                        "XCSTRESU": source.ct_unit(unit) if number else "",
                        **source.visit_columns(instance, subject, day),
                        "XCDTC": day,
                        "XCDY": study_day(day, source.timeline(subject).reference),
                    }
                )
    return xc
