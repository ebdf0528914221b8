"""DS, SUPPDS and IE: consent and randomization milestones, screen failures with the criteria
not met (evaluated by the rules engine on the screening items), the end of study."""

from __future__ import annotations

from msc_desktop.central.datasets import Dataset
from msc_desktop.central.pooled import Instance, Subject
from msc_desktop.central.sdtm.columns import (
    STUDY,
    VISIT,
    V,
    as_date,
    birth_bounds,
    day_variable,
    overflow,
    seq_variable,
    study_day,
    supplemental,
)
from msc_desktop.central.sdtm.source import SdtmSource
from msc_desktop.domain.eligibility import evaluate_eligibility
from msc_desktop.errors import MscError


def ds(source: SdtmSource, failures: dict[tuple[str, str], list[str]]) -> tuple[Dataset, Dataset]:
    ds = Dataset(
        "DS",
        "Disposition",
        "EVENTS",
        "One record per disposition status or protocol milestone per subject",
        ("STUDYID", "USUBJID", "DSSEQ"),
        (
            *STUDY,
            seq_variable("DS"),
            V("DSTERM", "Reported Term for the Disposition Event"),
            V("DSDECOD", "Standardized Disposition Term", codelist="NCOMPLT"),
            V("DSCAT", "Category for Disposition Event", origin="Assigned", codelist="DSCAT"),
            V("EPOCH", "Epoch", origin="Derived", codelist="EPOCH"),
            V("DSSTDTC", "Start Date/Time of Disposition Event", "date"),
            day_variable("DSSTDY", "Study Day of Start of Disposition Event"),
        ),
    )
    supp = supplemental("SUPPDS", "Supplemental Qualifiers for DS")
    for subject in source.pooled.subjects:
        timeline = source.timeline(subject)
        events: list[tuple[str, str, str, str]] = []
        consent = source.subject_dtc(subject, "DM", "RFICDTC")
        if consent:
            events.append(
                (
                    "INFORMED CONSENT OBTAINED",
                    "INFORMED CONSENT OBTAINED",
                    "PROTOCOL MILESTONE",
                    consent,
                )
            )
        randomized = source.randomization_date(subject)
        if randomized:
            events.append(("RANDOMIZED", "RANDOMIZED", "PROTOCOL MILESTONE", randomized))
        unmet = failures.get((subject.site_id, subject.subject_key))
        if source.screen_failed(subject):
            day = source.screening_date(subject)
            term = ("NOT ELIGIBLE: " + "; ".join(unmet)) if unmet else "SCREEN FAILURE"
            events.append((term, "SCREEN FAILURE", "DISPOSITION EVENT", day))
        for instance in source.pooled.of(subject):
            decod = source.pooled.value(instance, "DS", "DSDECOD")
            if decod:
                events.append(
                    (
                        source.pooled.value(instance, "DS", "DSTERM") or decod,
                        decod,
                        "DISPOSITION EVENT",
                        source.dtc(instance, "DS", "DSSTDTC"),
                    )
                )
        for sequence, (term, decod, category, day) in enumerate(events, start=1):
            epoch = (
                "SCREENING"
                if category == "PROTOCOL MILESTONE" or decod == "SCREEN FAILURE"
                else timeline.epoch_on(day)
            )
            term = overflow(
                supp, subject, "DS", "DSSEQ", str(sequence), "DSTERM", "Reported Term", term
            )
            ds.add(
                {
                    **source.base(subject, "DS"),
                    "DSSEQ": str(sequence),
                    "DSTERM": term,
                    "DSDECOD": decod,
                    "DSCAT": category,
                    "EPOCH": epoch if epoch in _epochs(source) else "",
                    "DSSTDTC": day,
                    "DSSTDY": study_day(day, timeline.reference),
                }
            )
    return ds, supp


def _epochs(source: SdtmSource) -> set[str]:
    return {visit.epoch for visit in source.visits.values() if visit.epoch}


def ie(source: SdtmSource) -> tuple[Dataset, dict[tuple[str, str], list[str]]]:
    ie = Dataset(
        "IE",
        "Inclusion/Exclusion Criteria Not Met",
        "FINDINGS",
        "One record per inclusion/exclusion criterion not met per subject",
        ("STUDYID", "USUBJID", "IETESTCD"),
        (
            *STUDY,
            seq_variable("IE"),
            V("IETESTCD", "Inclusion/Exclusion Criterion Short Name", codelist="IETESTCD"),
            V("IETEST", "Inclusion/Exclusion Criterion"),
            V("IECAT", "Inclusion/Exclusion Category", origin="Assigned", codelist="IECAT"),
            V("IEORRES", "I/E Criterion Original Result", codelist="NY"),
            V(
                "IESTRESC",
                "I/E Criterion Result in Std Format",
                origin="Derived",
                codelist="NY",
            ),
            *VISIT,
            V("IEDTC", "Date/Time of Collection", "date"),
            day_variable("IEDY", "Study Day of Collection"),
        ),
    )
    failures: dict[tuple[str, str], list[str]] = {}
    for subject in source.pooled.subjects:
        form = source.pooled.current.form("screening").oid
        screening = [
            instance for instance in source.pooled.of(subject) if instance.form_oid == form
        ]
        if not screening:
            continue
        instance = screening[0]
        day = source.screening_date(subject)
        unmet = _unmet(source, subject, instance)
        failures[(subject.site_id, subject.subject_key)] = [code for code, _ in unmet]
        for sequence, (code, category) in enumerate(unmet, start=1):
            criterion = source.protocol.criterion(code)
            answer = "N" if category == "inclusion" else "Y"
            ie.add(
                {
                    **source.base(subject, "IE"),
                    "IESEQ": str(sequence),
                    "IETESTCD": code,
                    "IETEST": criterion.text.en[:200],
                    "IECAT": category.upper(),
                    "IEORRES": answer,
                    "IESTRESC": answer,
                    **source.visit_columns(instance, subject, day),
                    "IEDTC": day,
                    "IEDY": study_day(day, source.timeline(subject).reference),
                }
            )
    return ie, failures


def _unmet(source: SdtmSource, subject: Subject, instance: Instance) -> list[tuple[str, str]]:
    """(code, category) of every criterion the participant does not meet, by the rules
    engine; a criterion whose verdict depends on the unknown day of birth is left out."""
    values = source.form_values(instance, "screening")
    consent = as_date(source.subject_dtc(subject, "DM", "RFICDTC"))
    written = source.pooled.subject_item(subject, "consent", "written_consent")
    randomized = as_date(source.randomization_date(subject))
    verdicts: list[set[tuple[str, str]]] = []
    for born in birth_bounds(source.pooled.subject_value(subject, "DM", "BRTHDTC")):
        try:
            result = evaluate_eligibility(
                values,
                date_of_birth=born,
                consent_date=consent,
                written_consent=None if not written else written == "Y",
                randomization_date=randomized,
                protocol=source.protocol,
            )
        except MscError:
            continue
        verdicts.append(
            {(outcome.criterion.code, outcome.criterion.category) for outcome in result.unmet}
        )
    if not verdicts:
        return []
    agreed = set.intersection(*verdicts)
    order = [criterion.code for criterion in source.protocol.eligibility.criteria]
    return sorted(agreed, key=lambda pair: order.index(pair[0]))
