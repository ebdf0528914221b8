"""RS: the primary endpoint at every visit with labs (Child-Pugh points, score and class, MELD,
MELD-Na, MELD 3.0), computed by `msc_desktop.domain.endpoint`."""

from __future__ import annotations

from msc_desktop.central.datasets import Dataset
from msc_desktop.central.pooled import Instance
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
from msc_desktop.domain.protocol import ScoreDef
from msc_desktop.domain.units import StandardizedLab


def _score_date(source: SdtmSource, instance: Instance) -> str:
    """The date of a visit's scores: the date of its bilirubin (the labs drawn together)."""
    for oid, datum in source.tests(instance, "LB"):
        if source.pooled.annotations[oid].code == "BILI":
            return source.finding_date(instance, "LB", oid, datum)
    return source.pooled.visit_date(instance)


def rs(source: SdtmSource) -> Dataset:
    rs = Dataset(
        "RS",
        "Disease Response and Clin Classification",
        "FINDINGS",
        "One record per test per visit per subject",
        ("STUDYID", "USUBJID", "RSTESTCD", "VISITNUM"),
        (
            *STUDY,
            seq_variable("RS"),
            link_variable("RS", "The LBLNKGRP of the lab results the score is computed from"),
            V("RSTESTCD", "Assessment Short Name", origin="Assigned", codelist="RSTESTCD"),
            V("RSTEST", "Assessment Name", origin="Assigned", codelist="RSTEST"),
            V("RSCAT", "Category for Assessment", origin="Assigned", codelist="RSCAT"),
            V(
                "RSORRES",
                "Result or Finding in Original Units",
                origin="Derived",
                method="Child-Pugh points: the component as recorded (standard unit); scores and "
                "class: the result",
            ),
            V(
                "RSSTRESC",
                "Character Result/Finding in Std Format",
                origin="Derived",
                method="Computed by the rules engine from the visit's labs and grades (Child-Pugh: "
                "FDA 2003 / CDISC CPS01; MELD and MELD-Na: OPTN policy 9.1.D; MELD 3.0: "
                "Kim et al. 2021), exact decimals, half-up rounding",
            ),
            V(
                "RSSTRESN",
                "Numeric Result/Finding in Standard Units",
                "integer",
                "Derived",
                method="RSSTRESC as a number (not for the class)",
            ),
            *VISIT,
            V("RSDTC", "Date/Time of Assessment", "date"),
            day_variable("RSDY", "Study Day of Assessment"),
        ),
    )
    for subject in source.pooled.subjects:
        sequence = 0
        for instance in source.pooled.of(subject):
            results = source.scores_of(subject, instance)
            if not results:
                continue
            day = _score_date(source, instance)
            values = source.form_values(instance, source.form_of(instance))
            for score in source.standard.scores:
                result = results.get(score.result)
                if result is None:
                    continue
                sequence += 1
                numeric = result if result.isdigit() else ""
                rs.add(
                    {
                        **source.base(subject, "RS"),
                        "RSSEQ": str(sequence),
                        "RSLNKGRP": source.link_group(instance),
                        "RSTESTCD": score.code,
                        "RSTEST": score.name,
                        "RSCAT": score.category,
                        "RSORRES": _component(score, values) or result,
                        "RSSTRESC": result,
                        "RSSTRESN": numeric,
                        **source.visit_columns(instance, subject, day),
                        "RSDTC": day,
                        "RSDY": study_day(day, source.timeline(subject).reference),
                    }
                )
    return rs


def _component(score: ScoreDef, values: dict[str, object]) -> str:
    """What a Child-Pugh component's points were given for, as recorded (standard unit)."""
    source = {
        "child_pugh_bilirubin_points": "bilirubin",
        "child_pugh_albumin_points": "albumin",
        "child_pugh_inr_points": "inr",
        "child_pugh_ascites_points": "ascites",
        "child_pugh_encephalopathy_points": "encephalopathy_grade",
    }.get(score.result)
    value = values.get(source or "")
    if isinstance(value, StandardizedLab):
        unit = "" if value.standard_unit == "ratio" else f" {value.standard_unit}"
        return f"{standard_number(value.standard_value, str(value.original.value))}{unit}"
    return str(value) if value is not None else ""
