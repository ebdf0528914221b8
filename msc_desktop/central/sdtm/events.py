"""EX and AE with their supplemental qualifiers: completed infusions and adverse events."""

from __future__ import annotations

from msc_desktop.central.datasets import Dataset
from msc_desktop.central.pooled import Instance, Subject
from msc_desktop.central.sdtm.columns import (
    STUDY,
    VISIT,
    V,
    day_variable,
    iso_dtc,
    overflow,
    seq_variable,
    study_day,
    supplemental,
)
from msc_desktop.central.sdtm.source import SdtmSource


def ex(source: SdtmSource) -> tuple[Dataset, Dataset]:
    ex = Dataset(
        "EX",
        "Exposure",
        "INTERVENTIONS",
        "One record per constant dosing interval per subject",
        ("STUDYID", "USUBJID", "EXSTDTC"),
        (
            *STUDY,
            seq_variable("EX"),
            V("EXTRT", "Name of Treatment", origin="Protocol"),
            V(
                "EXDOSE",
                "Dose",
                "float",
                "Derived",
                method="Target cells per kg times the weight used for the dose",
            ),
            V("EXDOSU", "Dose Units", origin="Protocol"),
            V("EXDOSFRM", "Dose Form", origin="Protocol", codelist="FRM"),
            V("EXROUTE", "Route of Administration", origin="Protocol", codelist="ROUTE"),
            V("EXLOT", "Lot Number"),
            *VISIT,
            V("EXSTDTC", "Start Date/Time of Treatment", "datetime"),
            V("EXENDTC", "End Date/Time of Treatment", "datetime"),
            day_variable("EXSTDY", "Study Day of Start of Treatment"),
            day_variable("EXENDY", "Study Day of End of Treatment"),
        ),
    )
    supp = supplemental("SUPPEX", "Supplemental Qualifiers for EX")
    for subject in source.pooled.subjects:
        reference = source.timeline(subject).reference
        for sequence, instance in enumerate(source.infusions(subject), start=1):
            start, end = (
                source.dtc(instance, "EX", "EXSTDTC"),
                source.dtc(instance, "EX", "EXENDTC"),
            )
            code = source.pooled.value(instance, "EX", "VISIT")
            ex.add(
                {
                    **source.base(subject, "EX"),
                    "EXSEQ": str(sequence),
                    "EXTRT": source.standard.treatment,
                    "EXDOSE": source.pooled.value(instance, "EX", "EXDOSE"),
                    "EXDOSU": source.standard.dose_unit,
                    "EXDOSFRM": source.standard.dose_form,
                    "EXROUTE": source.standard.route,
                    "EXLOT": source.pooled.value(instance, "EX", "EXLOT"),
                    **source.visit_columns(instance, subject, start, code),
                    "EXSTDTC": start,
                    "EXENDTC": end,
                    "EXSTDY": study_day(start, reference),
                    "EXENDY": study_day(end, reference),
                }
            )
            _qualifiers(source, supp, subject, instance, "EX", "EXSEQ", str(sequence))
    return ex, supp


def _qualifiers(
    source: SdtmSource,
    supp: Dataset,
    subject: Subject,
    instance: Instance,
    domain: str,
    idvar: str,
    idvarval: str,
) -> None:
    for oid, datum in source.pooled.items_of(instance, f"SUPP{domain}", "QVAL"):
        item = source.pooled.item_def(oid, datum)
        ref = source.pooled.annotations[oid]
        value = (
            iso_dtc(datum.value, clinic=not item.derived)
            if item.data_type == "datetime"
            else datum.value
        )
        supp.add(
            {
                "STUDYID": subject.study_id,
                "RDOMAIN": domain,
                "USUBJID": subject.usubjid,
                "IDVAR": idvar,
                "IDVARVAL": idvarval,
                "QNAM": ref.code or "",
                "QLABEL": item.question.en[:40],
                "QVAL": value,
                "QORIG": "Derived" if item.derived else "CRF",
            }
        )


def ae(source: SdtmSource) -> tuple[Dataset, Dataset]:
    flags = [
        ("AESDTH", "Results in Death"),
        ("AESLIFE", "Is Life Threatening"),
        ("AESHOSP", "Requires or Prolongs Hospitalization"),
        ("AESDISAB", "Persist or Signif Disability/Incapacity"),
        ("AESCONG", "Congenital Anomaly or Birth Defect"),
        ("AESMIE", "Other Medically Important Serious Event"),
    ]
    ae = Dataset(
        "AE",
        "Adverse Events",
        "EVENTS",
        "One record per adverse event per subject",
        ("STUDYID", "USUBJID", "AESEQ"),
        (
            *STUDY,
            seq_variable("AE"),
            V("AESPID", "Sponsor-Defined Identifier"),
            V("AETERM", "Reported Term for the Adverse Event"),
            V("AEDECOD", "Dictionary-Derived Term", origin="Assigned"),
            V("AEBODSYS", "Body System or Organ Class", origin="Assigned"),
            V(
                "AESER",
                "Serious Event",
                origin="Derived",
                codelist="NY",
                method="Y when any seriousness criterion is Y",
            ),
            V("AEACN", "Action Taken with Study Treatment", codelist="ACN"),
            V("AEREL", "Causality", codelist="AEREL"),
            V("AEOUT", "Outcome of Adverse Event", codelist="OUT"),
            *(V(name, label, codelist="NY") for name, label in flags),
            V("AETOXGR", "Standard Toxicity Grade", codelist="AETOXGR"),
            V("EPOCH", "Epoch", origin="Derived", codelist="EPOCH"),
            V("AESTDTC", "Start Date/Time of Adverse Event", "date"),
            V("AEENDTC", "End Date/Time of Adverse Event", "date"),
            day_variable("AESTDY", "Study Day of Start of Adverse Event"),
            day_variable("AEENDY", "Study Day of End of Adverse Event"),
        ),
    )
    supp = supplemental("SUPPAE", "Supplemental Qualifiers for AE")
    for subject in source.pooled.subjects:
        timeline = source.timeline(subject)
        events = [
            instance
            for instance in source.pooled.of(subject)
            if source.pooled.items_of(instance, "AE", "AETERM")
        ]
        for sequence, instance in enumerate(events, start=1):
            row = {
                name: source.pooled.value(instance, "AE", name)
                for name in (
                    "AESPID",
                    "AETERM",
                    "AEDECOD",
                    "AEBODSYS",
                    "AESER",
                    "AEACN",
                    "AEREL",
                    "AEOUT",
                    "AETOXGR",
                    *(flag for flag, _ in flags),
                )
            }
            start, end = (
                source.dtc(instance, "AE", "AESTDTC"),
                source.dtc(instance, "AE", "AEENDTC"),
            )
            row["AETERM"] = overflow(
                supp,
                subject,
                "AE",
                "AESEQ",
                str(sequence),
                "AETERM",
                "Reported Term",
                row["AETERM"],
            )
            ae.add(
                {
                    **source.base(subject, "AE"),
                    **row,
                    "AESEQ": str(sequence),
                    "AESPID": row["AESPID"] or instance.repeat_key,
                    "EPOCH": timeline.epoch_on(start),
                    "AESTDTC": start,
                    "AEENDTC": end,
                    "AESTDY": study_day(start, timeline.reference),
                    "AEENDY": study_day(end, timeline.reference),
                }
            )
            _qualifiers(source, supp, subject, instance, "AE", "AESEQ", str(sequence))
    return ae, supp
