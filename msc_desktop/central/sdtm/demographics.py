"""DM and SUPPDM: one record per participant (see the package docstring for what each column
holds)."""

from __future__ import annotations

from collections.abc import Callable

from msc_desktop.central.datasets import Dataset
from msc_desktop.central.pooled import Subject
from msc_desktop.central.sdtm.columns import STUDY, V, as_date, birth_bounds, supplemental
from msc_desktop.central.sdtm.source import SdtmSource
from msc_desktop.domain.protocol import Protocol


def dm(source: SdtmSource) -> tuple[Dataset, Dataset]:
    dm = Dataset(
        "DM",
        "Demographics",
        "SPECIAL PURPOSE",
        "One record per subject",
        ("STUDYID", "USUBJID"),
        (
            *STUDY[:3],
            V("SUBJID", "Subject Identifier for the Study"),
            V(
                "RFSTDTC",
                "Subject Reference Start Date/Time",
                "date",
                "Derived",
                method="Day 0: the randomization or the first infusion date",
            ),
            V(
                "RFENDTC",
                "Subject Reference End Date/Time",
                "date",
                "Derived",
                method="The end of study date (empty while the participant takes part)",
            ),
            V(
                "RFXSTDTC",
                "Date/Time of First Study Treatment",
                "datetime",
                "Derived",
                method="EXSTDTC of the first completed infusion",
            ),
            V(
                "RFXENDTC",
                "Date/Time of Last Study Treatment",
                "datetime",
                "Derived",
                method="EXENDTC (else EXSTDTC) of the last completed infusion",
            ),
            V("RFICDTC", "Date/Time of Informed Consent", "date"),
            V("DTHDTC", "Date/Time of Death", "date"),
            V(
                "DTHFL",
                "Subject Death Flag",
                origin="Derived",
                codelist="FLAG",
                method="Y when a date of death is recorded",
            ),
            V("SITEID", "Study Site Identifier", origin="Assigned"),
            V("BRTHDTC", "Date/Time of Birth", "date"),
            V(
                "AGE",
                "Age",
                "integer",
                "Derived",
                method="Whole years at consent from the birth year and month (lower age in the "
                "month of birth)",
            ),
            V("AGEU", "Age Units", origin="Assigned", codelist="AGEU"),
            V("SEX", "Sex", codelist="SEX"),
            V("ARMCD", "Planned Arm Code", origin="Assigned", codelist="ARM"),
            V("ARM", "Description of Planned Arm", origin="Assigned"),
            V(
                "ACTARMCD",
                "Actual Arm Code",
                origin="Derived",
                codelist="ARM",
                method="The planned arm when treated as planned (CONTROL: randomized; MSC: at "
                "least one completed infusion)",
            ),
            V("ACTARM", "Description of Actual Arm", origin="Derived"),
            V(
                "ARMNRS",
                "Reason Arm and/or Actual Arm is Null",
                origin="Derived",
                codelist="ARMNRS",
                method="SCREEN FAILURE, NOT ASSIGNED or ASSIGNED, NOT TREATED",
            ),
            V("COUNTRY", "Country", origin="Protocol", codelist="COUNTRY"),
        ),
    )
    supp = supplemental("SUPPDM", "Supplemental Qualifiers for DM")
    labels = {
        item.cdisc.code: item.question.en
        for item in source.pooled.current.items
        if item.cdisc is not None and item.cdisc.domain == "SUPPDM" and item.cdisc.code
    }
    dosed_arms = _dosed_arms(source)
    for subject in source.pooled.subjects:
        value = _subject_getter(source, subject)
        arm = value("DM", "ARMCD")
        infusions = source.infusions(subject)
        treated = bool(arm) and (arm not in dosed_arms or bool(infusions))
        reason = (
            ""
            if arm and treated
            else "ASSIGNED, NOT TREATED"
            if arm
            else "SCREEN FAILURE"
            if source.screen_failed(subject)
            else "NOT ASSIGNED"
        )
        age = _age(value("DM", "BRTHDTC"), source.subject_dtc(subject, "DM", "RFICDTC"))
        death = source.subject_dtc(subject, "DM", "DTHDTC")
        consent = source.subject_dtc(subject, "DM", "RFICDTC")
        birth = value("DM", "BRTHDTC")
        dm.add(
            {
                **source.base(subject, "DM"),
                "SUBJID": subject.subject_key,
                "RFSTDTC": source.subject_dtc(subject, "DM", "RFSTDTC"),
                "RFENDTC": _end_date(source, subject),
                "RFXSTDTC": source.dtc(infusions[0], "EX", "EXSTDTC") if infusions else "",
                "RFXENDTC": (
                    source.dtc(infusions[-1], "EX", "EXENDTC")
                    or source.dtc(infusions[-1], "EX", "EXSTDTC")
                )
                if infusions
                else "",
                "RFICDTC": consent,
                "DTHDTC": death,
                "DTHFL": "Y" if death else "",
                "SITEID": subject.site_id,
                "BRTHDTC": birth,
                "AGE": age,
                "AGEU": source.standard.age_unit if age else "",
                "SEX": value("DM", "SEX"),
                "ARMCD": arm,
                "ARM": _arm_label(source.protocol, arm),
                "ACTARMCD": arm if treated else "",
                "ACTARM": _arm_label(source.protocol, arm) if treated else "",
                "ARMNRS": reason,
                "COUNTRY": source.standard.country,
            }
        )
        qualifiers = {code: value("SUPPDM", "QVAL", code) for code in labels}
        qualifiers["STATUS"] = source.pooled.status(subject)
        for qnam, qval in qualifiers.items():
            if qval:
                supp.add(
                    {
                        "STUDYID": subject.study_id,
                        "RDOMAIN": "DM",
                        "USUBJID": subject.usubjid,
                        "QNAM": qnam,
                        "QLABEL": labels.get(qnam, "Participant Status")[:40],
                        "QVAL": qval,
                        "QORIG": "Derived" if qnam == "STATUS" else "CRF",
                    }
                )
    return dm, supp


def _dosed_arms(source: SdtmSource) -> set[str]:
    """The arms given the study treatment: those the form recording it applies to."""
    arms: set[str] = set()
    for form in source.protocol.all_forms:
        if any(
            field.cdisc is not None
            and field.cdisc.domain == "EX"
            and field.cdisc.variable == "EXDOSE"
            for field in form.items
        ):
            condition = form.applies_if
            arms |= set(condition.values if condition is not None else source.protocol.arm_codes)
    return arms


def _subject_getter(source: SdtmSource, subject: Subject) -> Callable[..., str]:
    def value(domain: str, variable: str, code: str | None = None) -> str:
        return source.pooled.subject_value(subject, domain, variable, code)

    return value


def _end_date(source: SdtmSource, subject: Subject) -> str:
    for instance in source.pooled.of(subject):
        if source.pooled.value(instance, "DS", "DSDECOD"):
            return source.dtc(instance, "DS", "DSSTDTC")
    return ""


def _arm_label(protocol: Protocol, code: str) -> str:
    for arm in protocol.arms:
        if arm.code == code:
            return arm.label.en
    return ""


def _age(year_month: str, consent: str) -> str:
    """Whole years at consent; in the month of birth the lower of the two possible ages."""
    on = as_date(consent)
    bounds = [born for born in birth_bounds(year_month) if born is not None]
    if on is None or not bounds or on < bounds[-1]:
        return ""
    born = bounds[-1]
    had_birthday = (on.month, on.day) >= (born.month, born.day)
    return str(on.year - born.year - (0 if had_birthday else 1))
