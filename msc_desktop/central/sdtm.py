"""SDTM datasets (SDTMIG 3.4) from the items the centre received, by their CDISC annotations.

Every value comes from an item (by its OID and the protocol's `cdisc` annotation) or is derived
here from the protocol declaration and the rules engine; nothing reads a site's tables.
- DM: one row per participant: age at consent from the birth year and month (the day stays at the
  site: in the month of birth the lower age), country, planned and actual arm (screen failures:
  ARMNRS "SCREEN FAILURE" with empty arm codes; randomized to MSC but never infused: "ASSIGNED,
  NOT TREATED"; still in screening: "NOT ASSIGNED"), reference dates (RFSTDTC day 0, RFXSTDTC /
  RFXENDTC first and last infusion, RFENDTC the end of study), death.
  SUPPDM: stratum, participant status, screening number.
- DS: informed consent and randomization milestones (the randomization date is the date of the
  randomization event as the site recorded it), screen failure with the unmet criteria, the end of
  study as recorded (DSTERM verbatim).
- IE: every unmet inclusion and met exclusion criterion, answered or derived: the centre evaluates
  the protocol's criteria with the rules engine on the screening items (age from the birth year
  and month is used only when every day of that month gives the same verdict).
- LB, VS: each annotated test, tests and units in CDISC Controlled Terminology, the standard value
  rounded to the digits the measurement carries (one more significant digit than entered, at
  least three); infusion vital signs with their planned timepoint (VSTPT, VSTPTNUM, VSTPTREF,
  VSELTM). LB rows feeding the scores carry LBLNKGRP, which the RS rows of that visit share.
- XC: the clinical grades the scores read (ascites, encephalopathy, dialysis, variceal bleeding).
- RS: the primary endpoint at every visit with labs: Child-Pugh points per component, score and
  class, MELD, MELD-Na and MELD 3.0, computed by `msc_desktop.domain.endpoint`.
- EX: completed infusions (SUPPEX: volume, bag, expiry, concentration, viability, rate, plan).
- AE: the annotated AE variables (AEDECOD and AEBODSYS stay empty until the protocol records a
  coded term); SUPPAE: awareness and report times, expectedness, infusion visit.
VISITNUM, EPOCH and --DY are filled wherever they apply (a record outside the schedule takes the
epoch of the last visit on or before its date). Clinical times keep the offset they were recorded
with (ISO 8601 to the minute); a value that carries none is written as the local time it is,
never with "Z"; times the app records itself (randomization, report times) are UTC.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from msc_desktop.central.datasets import Dataset, Variable, require_standard
from msc_desktop.central.pooled import INFUSION_GIVEN, Datum, Instance, PooledData, Subject
from msc_desktop.domain.decimals import format_decimal
from msc_desktop.domain.eligibility import evaluate_eligibility
from msc_desktop.domain.endpoint import compute_scores, form_values, score_results
from msc_desktop.domain.protocol import CdiscStandard, Protocol, ScoreDef, Visit
from msc_desktop.domain.units import StandardizedLab
from msc_desktop.errors import MscError

V = Variable
_STUDY = (
    V("STUDYID", "Study Identifier", origin="Protocol"),
    V("DOMAIN", "Domain Abbreviation", origin="Assigned"),
    V(
        "USUBJID",
        "Unique Subject Identifier",
        origin="Derived",
        method="STUDYID and the subject id joined by a hyphen",
    ),
)
_VISIT = (
    V("VISITNUM", "Visit Number", "float", "Assigned", "VISITNUM"),
    V("VISIT", "Visit Name", origin="Assigned", codelist="VISIT"),
    V(
        "EPOCH",
        "Epoch",
        origin="Derived",
        codelist="EPOCH",
        method="The epoch of the visit; outside the schedule, of the last visit on or "
        "before the record's date",
    ),
)
_DAY_METHOD = "Date minus RFSTDTC, plus one on or after RFSTDTC"


def _seq(prefix: str) -> Variable:
    return V(
        f"{prefix}SEQ",
        "Sequence Number",
        "integer",
        "Derived",
        method="Order of the subject's records",
    )


def _dy(name: str, label: str) -> Variable:
    return V(name, label, "integer", "Derived", method=_DAY_METHOD)


def _supp(name: str, label: str) -> Dataset:
    return Dataset(
        name,
        label,
        "RELATIONSHIP",
        "One record per supplemental qualifier per record",
        ("STUDYID", "RDOMAIN", "USUBJID", "IDVAR", "IDVARVAL", "QNAM"),
        (
            V("STUDYID", "Study Identifier", origin="Protocol"),
            V("RDOMAIN", "Related Domain Abbreviation", origin="Assigned"),
            V("USUBJID", "Unique Subject Identifier", origin="Derived"),
            V("IDVAR", "Identifying Variable", origin="Assigned"),
            V("IDVARVAL", "Identifying Variable Value", origin="Assigned"),
            V("QNAM", "Qualifier Variable Name", origin="Assigned"),
            V("QLABEL", "Qualifier Variable Label", origin="Assigned"),
            V("QVAL", "Data Value"),
            V("QORIG", "Origin", origin="Assigned"),
        ),
    )


# -- values -----------------------------------------------------------------------------------


def iso_dtc(value: str, *, clinic: bool) -> str:
    """An item's date or time as SDTM --DTC: dates as they are; times to the minute, with the
    offset they carry. A clinic time without a real offset is local (a "Z" the site appended to a
    wall-clock time is not kept); an app time ending in "Z" is UTC and keeps it."""
    text = value.strip()
    if "T" not in text and " " not in text:
        return text
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text
    minute = f"{moment:%Y-%m-%dT%H:%M}"
    if moment.tzinfo is None:
        return minute
    if text.endswith("Z"):
        return minute if clinic else minute + "Z"
    offset = moment.strftime("%z")
    return f"{minute}{offset[:3]}:{offset[3:5]}"


def _as_date(dtc: str) -> date | None:
    try:
        return date.fromisoformat(dtc[:10])
    except ValueError:
        return None


def study_day(dtc: str, reference: date | None) -> str:
    day = _as_date(dtc)
    if day is None or reference is None:
        return ""
    delta = (day - reference).days
    return str(delta + 1 if delta >= 0 else delta)


def standard_number(value: Decimal, entered: str) -> str:
    """A converted value rounded to one significant digit more than entered (at least three)."""
    try:
        digits = len(Decimal(entered).as_tuple().digits)
    except InvalidOperation:
        digits = 3
    if value == 0:
        return "0"
    places = max(digits + 1, 3) - value.adjusted() - 1
    rounded = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return format_decimal(rounded)


@dataclass
class _Timeline:
    """A participant's day 0 and dated visits (for --DY and EPOCH)."""

    reference: date | None
    visits: list[tuple[date, Visit]]
    #: The epoch of the first visit of the schedule (from day 0 on).
    first_epoch: str

    def epoch_on(self, dtc: str) -> str:
        """The epoch of the last visit on or before the date; from day 0 on, at least the
        schedule's first epoch; before day 0 (or without one), screening's."""
        day = _as_date(dtc)
        if day is None:
            return ""
        epoch = ""
        for visit_day, visit in self.visits:
            if (
                visit_day <= day
                and visit.epoch
                and (visit.is_scheduled or self.reference is None or day < self.reference)
            ):
                epoch = visit.epoch
        if not epoch and self.reference is not None and day >= self.reference:
            return self.first_epoch
        return epoch or (self.visits[0][1].epoch or "" if self.visits else "")


class SdtmBuilder:
    """The SDTM datasets of the pooled data."""

    def __init__(self, pooled: PooledData) -> None:
        self.pooled = pooled
        self.protocol: Protocol = pooled.protocol
        self.standard: CdiscStandard = require_standard(self.protocol)
        self.visits = {
            visit.code: visit
            for catalogue in pooled.catalogues.values()
            for visit in (*catalogue.protocol.visits, *catalogue.protocol.retired_visits)
        }
        self.timelines = {
            (subject.site_id, subject.subject_key): self._timeline(subject)
            for subject in pooled.subjects
        }

    # -- helpers ----------------------------------------------------------------------------

    def _timeline(self, subject: Subject) -> _Timeline:
        reference = _as_date(self.pooled.subject_value(subject, "DM", "RFSTDTC"))
        dated: list[tuple[date, Visit]] = []
        for instance in self.pooled.of(subject):
            visit = self.visits.get(self.pooled.visit_code(instance))
            day = _as_date(
                self.pooled.value(instance, "SV", "SVSTDTC")
                or self.pooled.value(instance, "EX", "EXSTDTC")
            )
            if visit is not None and day is not None:
                dated.append((day, visit))
        dated.sort(key=lambda pair: pair[0])
        scheduled = self.protocol.scheduled_visits
        return _Timeline(reference, dated, scheduled[0].epoch or "" if scheduled else "")

    def timeline(self, subject: Subject) -> _Timeline:
        return self.timelines[(subject.site_id, subject.subject_key)]

    def visit_columns(
        self, instance: Instance, subject: Subject, dtc: str, code: str = ""
    ) -> dict[str, str]:
        """VISITNUM, VISIT and EPOCH of a record of `instance` (or of the visit `code`)."""
        visit = self.visits.get(code or self.pooled.visit_code(instance))
        if visit is None:
            return {"EPOCH": self.timeline(subject).epoch_on(dtc)}
        return {
            "VISITNUM": format_decimal(visit.visitnum) if visit.visitnum is not None else "",
            "VISIT": visit.code,
            "EPOCH": visit.epoch or self.timeline(subject).epoch_on(dtc),
        }

    def dtc(self, instance: Instance, domain: str, variable: str, code: str | None = None) -> str:
        found = self.pooled.items_of(instance, domain, variable, code)
        if not found:
            return ""
        oid, datum = found[0]
        item = self.pooled.item_def(oid, datum)
        return iso_dtc(datum.value, clinic=item.data_type == "datetime" and not item.derived)

    def subject_dtc(
        self, subject: Subject, domain: str, variable: str, code: str | None = None
    ) -> str:
        for instance in self.pooled.of(subject):
            found = self.dtc(instance, domain, variable, code)
            if found:
                return found
        return ""

    def base(self, subject: Subject, domain: str) -> dict[str, str]:
        return {"STUDYID": subject.study_id, "DOMAIN": domain, "USUBJID": subject.usubjid}

    def infusions(self, subject: Subject) -> list[Instance]:
        given = [
            instance
            for instance in self.pooled.of(subject)
            if self.pooled.items_of(instance, "EX", "EXDOSE")
            and self.pooled.item_value(instance, "infusion", "status") == INFUSION_GIVEN
        ]
        return sorted(given, key=lambda instance: self.dtc(instance, "EX", "EXSTDTC"))

    def randomization_date(self, subject: Subject) -> str:
        """The date of the randomization event as recorded (its local date when the time
        carries an offset)."""
        return self.subject_dtc(subject, "DS", "DSSTDTC", "RANDOMIZED")[:10]

    def screen_failed(self, subject: Subject) -> bool:
        return self.pooled.status(subject) == "screen failed"

    # -- DM ---------------------------------------------------------------------------------

    def dm(self) -> tuple[Dataset, Dataset]:
        dm = Dataset(
            "DM",
            "Demographics",
            "SPECIAL PURPOSE",
            "One record per subject",
            ("STUDYID", "USUBJID"),
            (
                *_STUDY[:3],
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
        supp = _supp("SUPPDM", "Supplemental Qualifiers for DM")
        labels = {
            item.cdisc.code: item.question.en
            for item in self.pooled.current.items
            if item.cdisc is not None and item.cdisc.domain == "SUPPDM" and item.cdisc.code
        }
        dosed_arms = self._dosed_arms()
        for subject in self.pooled.subjects:
            value = self._subject_getter(subject)
            arm = value("DM", "ARMCD")
            infusions = self.infusions(subject)
            treated = bool(arm) and (arm not in dosed_arms or bool(infusions))
            reason = (
                ""
                if arm and treated
                else "ASSIGNED, NOT TREATED"
                if arm
                else "SCREEN FAILURE"
                if self.screen_failed(subject)
                else "NOT ASSIGNED"
            )
            age = _age(value("DM", "BRTHDTC"), self.subject_dtc(subject, "DM", "RFICDTC"))
            death = self.subject_dtc(subject, "DM", "DTHDTC")
            consent = self.subject_dtc(subject, "DM", "RFICDTC")
            birth = value("DM", "BRTHDTC")
            dm.add(
                {
                    **self.base(subject, "DM"),
                    "SUBJID": subject.subject_key,
                    "RFSTDTC": self.subject_dtc(subject, "DM", "RFSTDTC"),
                    "RFENDTC": self._end_date(subject),
                    "RFXSTDTC": self.dtc(infusions[0], "EX", "EXSTDTC") if infusions else "",
                    "RFXENDTC": (
                        self.dtc(infusions[-1], "EX", "EXENDTC")
                        or self.dtc(infusions[-1], "EX", "EXSTDTC")
                    )
                    if infusions
                    else "",
                    "RFICDTC": consent,
                    "DTHDTC": death,
                    "DTHFL": "Y" if death else "",
                    "SITEID": subject.site_id,
                    "BRTHDTC": birth,
                    "AGE": age,
                    "AGEU": self.standard.age_unit if age else "",
                    "SEX": value("DM", "SEX"),
                    "ARMCD": arm,
                    "ARM": _arm_label(self.protocol, arm),
                    "ACTARMCD": arm if treated else "",
                    "ACTARM": _arm_label(self.protocol, arm) if treated else "",
                    "ARMNRS": reason,
                    "COUNTRY": self.standard.country,
                }
            )
            qualifiers = {code: value("SUPPDM", "QVAL", code) for code in labels}
            qualifiers["STATUS"] = self.pooled.status(subject)
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

    def _dosed_arms(self) -> set[str]:
        """The arms given the study treatment: those the form recording it applies to."""
        arms: set[str] = set()
        for form in self.protocol.all_forms:
            if any(
                field.cdisc is not None
                and field.cdisc.domain == "EX"
                and field.cdisc.variable == "EXDOSE"
                for field in form.items
            ):
                condition = form.applies_if
                arms |= set(condition.values if condition is not None else self.protocol.arm_codes)
        return arms

    def _subject_getter(self, subject: Subject) -> Callable[..., str]:
        def value(domain: str, variable: str, code: str | None = None) -> str:
            return self.pooled.subject_value(subject, domain, variable, code)

        return value

    def _end_date(self, subject: Subject) -> str:
        for instance in self.pooled.of(subject):
            if self.pooled.value(instance, "DS", "DSDECOD"):
                return self.dtc(instance, "DS", "DSSTDTC")
        return ""

    # -- DS ---------------------------------------------------------------------------------

    def ds(self, failures: dict[tuple[str, str], list[str]]) -> tuple[Dataset, Dataset]:
        ds = Dataset(
            "DS",
            "Disposition",
            "EVENTS",
            "One record per disposition status or protocol milestone per subject",
            ("STUDYID", "USUBJID", "DSSEQ"),
            (
                *_STUDY,
                _seq("DS"),
                V("DSTERM", "Reported Term for the Disposition Event"),
                V("DSDECOD", "Standardized Disposition Term", codelist="NCOMPLT"),
                V("DSCAT", "Category for Disposition Event", origin="Assigned", codelist="DSCAT"),
                V("EPOCH", "Epoch", origin="Derived", codelist="EPOCH"),
                V("DSSTDTC", "Start Date/Time of Disposition Event", "date"),
                _dy("DSSTDY", "Study Day of Start of Disposition Event"),
            ),
        )
        supp = _supp("SUPPDS", "Supplemental Qualifiers for DS")
        for subject in self.pooled.subjects:
            timeline = self.timeline(subject)
            events: list[tuple[str, str, str, str]] = []
            consent = self.subject_dtc(subject, "DM", "RFICDTC")
            if consent:
                events.append(
                    (
                        "INFORMED CONSENT OBTAINED",
                        "INFORMED CONSENT OBTAINED",
                        "PROTOCOL MILESTONE",
                        consent,
                    )
                )
            randomized = self.randomization_date(subject)
            if randomized:
                events.append(("RANDOMIZED", "RANDOMIZED", "PROTOCOL MILESTONE", randomized))
            unmet = failures.get((subject.site_id, subject.subject_key))
            if self.screen_failed(subject):
                day = self._screening_date(subject)
                term = ("NOT ELIGIBLE: " + "; ".join(unmet)) if unmet else "SCREEN FAILURE"
                events.append((term, "SCREEN FAILURE", "DISPOSITION EVENT", day))
            for instance in self.pooled.of(subject):
                decod = self.pooled.value(instance, "DS", "DSDECOD")
                if decod:
                    events.append(
                        (
                            self.pooled.value(instance, "DS", "DSTERM") or decod,
                            decod,
                            "DISPOSITION EVENT",
                            self.dtc(instance, "DS", "DSSTDTC"),
                        )
                    )
            for sequence, (term, decod, category, day) in enumerate(events, start=1):
                epoch = (
                    "SCREENING"
                    if category == "PROTOCOL MILESTONE" or decod == "SCREEN FAILURE"
                    else timeline.epoch_on(day)
                )
                term = self._overflow(
                    supp, subject, "DS", "DSSEQ", str(sequence), "DSTERM", "Reported Term", term
                )
                ds.add(
                    {
                        **self.base(subject, "DS"),
                        "DSSEQ": str(sequence),
                        "DSTERM": term,
                        "DSDECOD": decod,
                        "DSCAT": category,
                        "EPOCH": epoch if epoch in self._epochs() else "",
                        "DSSTDTC": day,
                        "DSSTDY": study_day(day, timeline.reference),
                    }
                )
        return ds, supp

    @staticmethod
    def _overflow(
        supp: Dataset,
        subject: Subject,
        domain: str,
        idvar: str,
        idvarval: str,
        name: str,
        label: str,
        text: str,
    ) -> str:
        """A text's first 200 bytes (SAS transport's limit); the rest goes to the supplemental
        qualifiers `name`1, `name`2... (SDTMIG 4.5.3.2), split between characters."""
        first, *rest = split_text(text)
        for number, part in enumerate(rest, start=1):
            supp.add(
                {
                    "STUDYID": subject.study_id,
                    "RDOMAIN": domain,
                    "USUBJID": subject.usubjid,
                    "IDVAR": idvar,
                    "IDVARVAL": idvarval,
                    "QNAM": f"{name}{number}",
                    "QLABEL": f"{label} {number}",
                    "QVAL": part,
                    "QORIG": "CRF",
                }
            )
        return first

    def _epochs(self) -> set[str]:
        return {visit.epoch for visit in self.visits.values() if visit.epoch}

    def _screening_date(self, subject: Subject) -> str:
        for instance in self.pooled.of(subject):
            if self.pooled.visit_code(instance) == "SCR":
                found = self.pooled.value(instance, "SV", "SVSTDTC")
                if found:
                    return found
        return ""

    # -- IE ---------------------------------------------------------------------------------

    def ie(self) -> tuple[Dataset, dict[tuple[str, str], list[str]]]:
        ie = Dataset(
            "IE",
            "Inclusion/Exclusion Criteria Not Met",
            "FINDINGS",
            "One record per inclusion/exclusion criterion not met per subject",
            ("STUDYID", "USUBJID", "IETESTCD"),
            (
                *_STUDY,
                _seq("IE"),
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
                *_VISIT,
                V("IEDTC", "Date/Time of Collection", "date"),
                _dy("IEDY", "Study Day of Collection"),
            ),
        )
        failures: dict[tuple[str, str], list[str]] = {}
        for subject in self.pooled.subjects:
            form = self.pooled.current.form("screening").oid
            screening = [
                instance for instance in self.pooled.of(subject) if instance.form_oid == form
            ]
            if not screening:
                continue
            instance = screening[0]
            day = self._screening_date(subject)
            unmet = self._unmet(subject, instance)
            failures[(subject.site_id, subject.subject_key)] = [code for code, _ in unmet]
            for sequence, (code, category) in enumerate(unmet, start=1):
                criterion = self.protocol.criterion(code)
                answer = "N" if category == "inclusion" else "Y"
                ie.add(
                    {
                        **self.base(subject, "IE"),
                        "IESEQ": str(sequence),
                        "IETESTCD": code,
                        "IETEST": criterion.text.en[:200],
                        "IECAT": category.upper(),
                        "IEORRES": answer,
                        "IESTRESC": answer,
                        **self.visit_columns(instance, subject, day),
                        "IEDTC": day,
                        "IEDY": study_day(day, self.timeline(subject).reference),
                    }
                )
        return ie, failures

    def _unmet(self, subject: Subject, instance: Instance) -> list[tuple[str, str]]:
        """(code, category) of every criterion the participant does not meet, by the rules
        engine; a criterion whose verdict depends on the unknown day of birth is left out."""
        values = self._form_values(instance, "screening")
        consent = _as_date(self.subject_dtc(subject, "DM", "RFICDTC"))
        written = self.pooled.subject_item(subject, "consent", "written_consent")
        randomized = _as_date(self.randomization_date(subject))
        verdicts: list[set[tuple[str, str]]] = []
        for born in _birth_bounds(self.pooled.subject_value(subject, "DM", "BRTHDTC")):
            try:
                result = evaluate_eligibility(
                    values,
                    date_of_birth=born,
                    consent_date=consent,
                    written_consent=None if not written else written == "Y",
                    randomization_date=randomized,
                    protocol=self.protocol,
                )
            except MscError:
                continue
            verdicts.append(
                {(outcome.criterion.code, outcome.criterion.category) for outcome in result.unmet}
            )
        if not verdicts:
            return []
        agreed = set.intersection(*verdicts)
        order = [criterion.code for criterion in self.protocol.eligibility.criteria]
        return sorted(agreed, key=lambda pair: order.index(pair[0]))

    def _form_values(self, instance: Instance, form_id: str) -> dict[str, object]:
        """The instance's items as the form's cleaned values (parsed as the form declares)."""
        recorded: dict[str, tuple[str, str | None]] = {}
        for oid, datum in instance.items.items():
            catalogue = self.pooled.catalogues.get(datum.mdv_oid, self.pooled.current)
            names = {item.oid: item.name for item in catalogue.form(form_id).items}
            if oid in names:
                recorded[names[oid]] = (datum.value, datum.unit)
        return form_values(self.protocol, form_id, recorded)

    # -- findings ---------------------------------------------------------------------------

    def findings(self, domain: str) -> Dataset:
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
                V(
                    "LBLNKGRP",
                    "Link Group ID",
                    origin="Derived",
                    method="Groups the lab results a visit's scores (RSLNKGRP) are computed from",
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
                *_STUDY,
                _seq(p),
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
                *_VISIT,
                *timepoints,
                V(
                    f"{p}DTC",
                    "Date/Time of Collection" if lab else "Date/Time of Measurements",
                    "date",
                ),
                _dy(f"{p}DY", f"Study Day of {'Specimen Collection' if lab else 'Vital Signs'}"),
            ),
        )
        inputs = {test for test in ("BILI", "ALB", "INR", "CREAT", "SODIUM")}
        for subject in self.pooled.subjects:
            sequence = 0
            for instance in self.pooled.of(subject):
                for oid, datum in self.tests(instance, domain):
                    sequence += 1
                    ref = self.pooled.annotations[oid]
                    row = self._finding(subject, instance, oid, datum, domain)
                    row[f"{p}SEQ"] = str(sequence)
                    if lab and ref.code in inputs and self._scored(subject, instance):
                        row["LBLNKGRP"] = self.link_group(instance)
                    dataset.add(row)
        return dataset

    def tests(self, instance: Instance, domain: str) -> list[tuple[str, Datum]]:
        """The instance's items annotated with a test code of `domain`, one per code and
        timepoint: where two items answer one test (a coded status and, when measured, the
        number), the number."""
        chosen: dict[tuple[str, str], tuple[str, Datum]] = {}
        last = len(self.pooled.item_order)
        for oid, datum in sorted(
            self.pooled.items_of(instance, domain, f"{domain}TESTCD"),
            key=lambda pair: (self.pooled.item_order.get(pair[0], last), pair[0]),
        ):
            ref = self.pooled.annotations[oid]
            code = (ref.code or "", ref.timepoint or "")
            current = chosen.get(code)
            if current is None or (
                self.pooled.item_def(oid, datum).data_type == "float"
                and self.pooled.item_def(*current).data_type != "float"
            ):
                chosen[code] = (oid, datum)
        return list(chosen.values())

    def link_group(self, instance: Instance) -> str:
        return f"SCORES-{self.pooled.visit_code(instance)}"

    def _scored(self, subject: Subject, instance: Instance) -> bool:
        return bool(self.scores_of(subject, instance))

    def _finding(
        self, subject: Subject, instance: Instance, oid: str, datum: Datum, domain: str
    ) -> dict[str, str]:
        ref = self.pooled.annotations[oid]
        code = ref.code or ""
        item = self.pooled.item_def(oid, datum)
        protocol = self.pooled.catalogues.get(datum.mdv_oid, self.pooled.current).protocol
        p = domain
        unit = datum.unit or (item.units[0] if len(item.units) == 1 else "")
        row = {
            **self.base(subject, domain),
            f"{p}TESTCD": code,
            f"{p}ORRES": datum.value,
            f"{p}ORRESU": self._ct_unit(unit),
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
                        "LBSTRESU": self._ct_unit(test.standard_unit),
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
                        "VSSTRESU": self._ct_unit(vital.unit),
                    }
                )
            except InvalidOperation:
                pass
        else:  # a coded finding (HBsAg): the result as recorded
            row[f"{p}STRESC"] = datum.value
        if domain == "VS" and ref.timepoint:
            point = self.standard.timepoint(ref.timepoint)
            row.update(
                {
                    "VSTPT": point.name,
                    "VSTPTNUM": format_decimal(point.number),
                    "VSTPTREF": point.reference,
                    "VSELTM": point.elapsed or "",
                }
            )
        day = self._finding_date(instance, domain, oid, datum, ref.timepoint)
        row[f"{p}DTC"] = day
        row[f"{p}DY"] = study_day(day, self.timeline(subject).reference)
        row.update(self.visit_columns(instance, subject, day))
        return row

    def _finding_date(
        self, instance: Instance, domain: str, oid: str, datum: Datum, timepoint: str | None = None
    ) -> str:
        """The date of a test (`PooledData.finding_date`: its own date item, else the form's
        date of the domain, else the visit's); a timepoint of the infusion without a date of its
        own is on the infusion's day."""
        code = self.pooled.annotations[oid].code or ""
        own = [
            pair
            for pair in self.pooled.items_of(instance, domain, f"{domain}DTC")
            if self.pooled.annotations[pair[0]].code == code
        ]
        if timepoint is not None and not own:
            return self.dtc(instance, "EX", "EXSTDTC")[:10] or self.pooled.visit_date(instance)
        item = self.pooled.item_def(oid, datum)
        return iso_dtc(self.pooled.finding_date(instance, domain, item, datum, code), clinic=True)

    def _ct_unit(self, code: str) -> str:
        if not code:
            return ""
        try:
            return self.protocol.unit(code).cdisc_unit
        except MscError:
            return code

    def xc(self) -> Dataset:
        """The clinical grades the scores read (ascites, encephalopathy, dialysis, variceal
        bleeding): every item annotated XC, one record per test per visit."""
        xc = Dataset(
            "XC",
            "Clinical Findings of Liver Disease",
            "FINDINGS",
            "One record per finding per visit per subject",
            ("STUDYID", "USUBJID", "XCTESTCD", "VISITNUM"),
            (
                *_STUDY,
                _seq("XC"),
                V(
                    "XCLNKGRP",
                    "Link Group ID",
                    origin="Derived",
                    method="Groups the findings a visit's scores (RSLNKGRP) are computed from",
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
                *_VISIT,
                V("XCDTC", "Date/Time of Collection", "date"),
                _dy("XCDY", "Study Day of Collection"),
            ),
        )
        for subject in self.pooled.subjects:
            sequence = 0
            for instance in self.pooled.of(subject):
                scored = self._scored(subject, instance)
                for oid, datum in self.tests(instance, "XC"):
                    sequence += 1
                    item = self.pooled.item_def(oid, datum)
                    unit = datum.unit or (item.units[0] if len(item.units) == 1 else "")
                    day = self._finding_date(instance, "XC", oid, datum)
                    number = datum.value if item.data_type in ("integer", "float") else ""
                    xc.add(
                        {
                            **self.base(subject, "XC"),
                            "XCSEQ": str(sequence),
                            "XCLNKGRP": self.link_group(instance) if scored else "",
                            "XCTESTCD": self.pooled.annotations[oid].code or "",
                            "XCTEST": self.pooled.item_def(oid, datum).question.en[:40],
                            "XCORRES": datum.value,
                            "XCORRESU": self._ct_unit(unit),
                            "XCSTRESC": datum.value,
                            "XCSTRESN": number,
                            "XCSTRESU": self._ct_unit(unit) if number else "",
                            **self.visit_columns(instance, subject, day),
                            "XCDTC": day,
                            "XCDY": study_day(day, self.timeline(subject).reference),
                        }
                    )
        return xc

    # -- RS ---------------------------------------------------------------------------------

    def scores_of(self, subject: Subject, instance: Instance) -> dict[str, str]:
        """The endpoint's results at the visit of `instance` (its labs and clinical grades)."""
        if not self.pooled.items_of(instance, "LB", "LBTESTCD"):
            return {}
        form_id = self._form_of(instance)
        values = self._form_values(instance, form_id)
        sex = self.pooled.subject_value(subject, "DM", "SEX")
        return score_results(compute_scores(values, sex or None, self.protocol))

    def _score_date(self, instance: Instance) -> str:
        """The date of a visit's scores: the date of its bilirubin (the labs drawn together)."""
        for oid, datum in self.tests(instance, "LB"):
            if self.pooled.annotations[oid].code == "BILI":
                return self._finding_date(instance, "LB", oid, datum)
        return self.pooled.visit_date(instance)

    def _form_of(self, instance: Instance) -> str:
        for form in self.pooled.current.forms:
            if form.oid == instance.form_oid:
                return form.form_id
        return ""

    def rs(self) -> Dataset:
        rs = Dataset(
            "RS",
            "Disease Response and Clin Classification",
            "FINDINGS",
            "One record per test per visit per subject",
            ("STUDYID", "USUBJID", "RSTESTCD", "VISITNUM"),
            (
                *_STUDY,
                _seq("RS"),
                V(
                    "RSLNKGRP",
                    "Link Group ID",
                    origin="Derived",
                    method="The LBLNKGRP of the lab results the score is computed from",
                ),
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
                *_VISIT,
                V("RSDTC", "Date/Time of Assessment", "date"),
                _dy("RSDY", "Study Day of Assessment"),
            ),
        )
        for subject in self.pooled.subjects:
            sequence = 0
            for instance in self.pooled.of(subject):
                results = self.scores_of(subject, instance)
                if not results:
                    continue
                day = self._score_date(instance)
                values = self._form_values(instance, self._form_of(instance))
                for score in self.standard.scores:
                    result = results.get(score.result)
                    if result is None:
                        continue
                    sequence += 1
                    numeric = result if result.isdigit() else ""
                    rs.add(
                        {
                            **self.base(subject, "RS"),
                            "RSSEQ": str(sequence),
                            "RSLNKGRP": self.link_group(instance),
                            "RSTESTCD": score.code,
                            "RSTEST": score.name,
                            "RSCAT": score.category,
                            "RSORRES": _component(score, values) or result,
                            "RSSTRESC": result,
                            "RSSTRESN": numeric,
                            **self.visit_columns(instance, subject, day),
                            "RSDTC": day,
                            "RSDY": study_day(day, self.timeline(subject).reference),
                        }
                    )
        return rs

    # -- EX ---------------------------------------------------------------------------------

    def ex(self) -> tuple[Dataset, Dataset]:
        ex = Dataset(
            "EX",
            "Exposure",
            "INTERVENTIONS",
            "One record per constant dosing interval per subject",
            ("STUDYID", "USUBJID", "EXSTDTC"),
            (
                *_STUDY,
                _seq("EX"),
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
                *_VISIT,
                V("EXSTDTC", "Start Date/Time of Treatment", "datetime"),
                V("EXENDTC", "End Date/Time of Treatment", "datetime"),
                _dy("EXSTDY", "Study Day of Start of Treatment"),
                _dy("EXENDY", "Study Day of End of Treatment"),
            ),
        )
        supp = _supp("SUPPEX", "Supplemental Qualifiers for EX")
        for subject in self.pooled.subjects:
            reference = self.timeline(subject).reference
            for sequence, instance in enumerate(self.infusions(subject), start=1):
                start, end = (
                    self.dtc(instance, "EX", "EXSTDTC"),
                    self.dtc(instance, "EX", "EXENDTC"),
                )
                code = self.pooled.value(instance, "EX", "VISIT")
                ex.add(
                    {
                        **self.base(subject, "EX"),
                        "EXSEQ": str(sequence),
                        "EXTRT": self.standard.treatment,
                        "EXDOSE": self.pooled.value(instance, "EX", "EXDOSE"),
                        "EXDOSU": self.standard.dose_unit,
                        "EXDOSFRM": self.standard.dose_form,
                        "EXROUTE": self.standard.route,
                        "EXLOT": self.pooled.value(instance, "EX", "EXLOT"),
                        **self.visit_columns(instance, subject, start, code),
                        "EXSTDTC": start,
                        "EXENDTC": end,
                        "EXSTDY": study_day(start, reference),
                        "EXENDY": study_day(end, reference),
                    }
                )
                self._qualifiers(supp, subject, instance, "EX", "EXSEQ", str(sequence))
        return ex, supp

    def _qualifiers(
        self,
        supp: Dataset,
        subject: Subject,
        instance: Instance,
        domain: str,
        idvar: str,
        idvarval: str,
    ) -> None:
        for oid, datum in self.pooled.items_of(instance, f"SUPP{domain}", "QVAL"):
            item = self.pooled.item_def(oid, datum)
            ref = self.pooled.annotations[oid]
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

    # -- AE ---------------------------------------------------------------------------------

    def ae(self) -> tuple[Dataset, Dataset]:
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
                *_STUDY,
                _seq("AE"),
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
                _dy("AESTDY", "Study Day of Start of Adverse Event"),
                _dy("AEENDY", "Study Day of End of Adverse Event"),
            ),
        )
        supp = _supp("SUPPAE", "Supplemental Qualifiers for AE")
        for subject in self.pooled.subjects:
            timeline = self.timeline(subject)
            events = [
                instance
                for instance in self.pooled.of(subject)
                if self.pooled.items_of(instance, "AE", "AETERM")
            ]
            for sequence, instance in enumerate(events, start=1):
                row = {
                    name: self.pooled.value(instance, "AE", name)
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
                    self.dtc(instance, "AE", "AESTDTC"),
                    self.dtc(instance, "AE", "AEENDTC"),
                )
                row["AETERM"] = self._overflow(
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
                        **self.base(subject, "AE"),
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
                self._qualifiers(supp, subject, instance, "AE", "AESEQ", str(sequence))
        return ae, supp

    # -- all --------------------------------------------------------------------------------

    def datasets(self) -> list[Dataset]:
        dm, suppdm = self.dm()
        ie, failures = self.ie()
        ds, suppds = self.ds(failures)
        ex, suppex = self.ex()
        ae, suppae = self.ae()
        return [
            dm,
            suppdm,
            ds,
            suppds,
            ie,
            self.findings("LB"),
            self.findings("VS"),
            self.xc(),
            self.rs(),
            ex,
            suppex,
            ae,
            suppae,
        ]


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


def split_text(text: str, limit: int = 200) -> list[str]:
    """`text` in parts of at most `limit` UTF-8 bytes, never splitting a character."""
    parts, current = [], ""
    for character in text:
        if len((current + character).encode("utf-8")) > limit:
            parts.append(current)
            current = ""
        current += character
    return [*parts, current]


def _arm_label(protocol: Protocol, code: str) -> str:
    for arm in protocol.arms:
        if arm.code == code:
            return arm.label.en
    return ""


def _birth_bounds(year_month: str) -> list[date | None]:
    """The first and last possible dates of birth of a birth year and month ([None] if unknown)."""
    try:
        first = date.fromisoformat(f"{year_month[:7]}-01")
    except ValueError:
        return [None]
    last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    return [first, last]


def _age(year_month: str, consent: str) -> str:
    """Whole years at consent; in the month of birth the lower of the two possible ages."""
    on = _as_date(consent)
    bounds = [born for born in _birth_bounds(year_month) if born is not None]
    if on is None or not bounds or on < bounds[-1]:
        return ""
    born = bounds[-1]
    had_birthday = (on.month, on.day) >= (born.month, born.day)
    return str(on.year - born.year - (0 if had_birthday else 1))


def by_name(datasets: Iterable[Dataset]) -> dict[str, Dataset]:
    return {dataset.name: dataset for dataset in datasets}


def consort_counts(builder: SdtmBuilder) -> dict[str, int]:
    """Screened, screen failed, randomized per arm, infused (at least one completed infusion),
    completed."""
    pooled = builder.pooled
    arms = [arm.code for arm in pooled.protocol.arms]
    counts = {
        "screened": 0,
        "screen_failed": 0,
        **{f"randomized_{arm}": 0 for arm in arms},
        "infused": 0,
        "completed": 0,
    }
    for subject in pooled.subjects:
        status = pooled.status(subject)
        counts["screened"] += 1
        counts["screen_failed"] += builder.screen_failed(subject)
        arm = pooled.subject_value(subject, "DM", "ARMCD")
        if arm in arms:
            counts[f"randomized_{arm}"] += 1
        counts["infused"] += bool(builder.infusions(subject))
        counts["completed"] += status == "completed"
    return counts
