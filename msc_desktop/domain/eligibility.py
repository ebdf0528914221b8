"""Eligibility: the verdict over every criterion (what the screening values show, such as age at
consent, the Child-Pugh score, decompensation and lab recency, is found by screening_findings).

Source: protocol XJMSC0001 as summarised in DESIGN sections 1 and 7; the criteria (codes, texts,
derived or answered) are declared in resources/protocol.json.
- Age is whole years from the date of birth at the date of consent; 18..65 inclusive.
- HBV-related cirrhosis is required (IN02): HBsAg positive on a test dated at most
  `hbsag_max_days_before_consent` days before consent, and cirrhosis diagnosed by biopsy, imaging,
  clinical findings, or transient elastography with a liver stiffness of at least
  `cirrhosis_stiffness_min_kpa` (the rule and its sources are written in the criterion's
  declaration). HBsAg negative, or a stiffness below the threshold, is not met; an unrecorded
  result, method, value or date leaves IN02 missing. HCV, HDV, HEV or HIV co-infection excludes.
- Child-Pugh score >= 7 (`msc_desktop.domain.scores.child_pugh`).
- Decompensation: at least one of ascites, variceal bleeding, hepatic encephalopathy, or jaundice
  (bilirubin > 3 mg/dL) recorded at screening.
- Screening labs count only when drawn at most 28 days before randomization (when its date is
  known) and not before consent minus 28 days; undated or older labs leave the criteria resting on
  them (Child-Pugh, and decompensation through jaundice) missing, with the reason.
- Answered exclusion criteria: "Y" (present) excludes, "N" passes, "U" (not known) or no answer
  leaves the decision incomplete.

The verdict is "not_eligible" as soon as one criterion is not satisfied (the missing answers are
still listed), "incomplete" when none fails but some are missing or a required field of the
screening form is still empty (the form's one validator says which: `clean_form(...).missing`),
else "eligible". A criterion whose answer field does not apply to the participant (pregnancy for a
man: `clean_form(...).not_applicable`) is satisfied.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from msc_desktop.domain.decimals import format_decimal, to_decimal
from msc_desktop.domain.protocol import Criterion, EligibilityRules, LocalizedText, Protocol
from msc_desktop.domain.scores import ChildPugh
from msc_desktop.domain.screening_findings import (
    CHILD_PUGH_INPUTS,
    ELIGIBILITY_LABS,
    Decompensation,
    age_at,
    as_date,
    compute_child_pugh,
    decompensation,
    lab_recency_problem,
)
from msc_desktop.domain.wording import listed
from msc_desktop.messages import Message

Verdict = Literal["eligible", "not_eligible", "incomplete"]
CriterionStatus = Literal["satisfied", "not_satisfied", "missing"]


#: How each basis of the diagnosis other than elastography (which needs its value) reads.
_CIRRHOSIS_SHOWN_BY = {
    "BIOPSY": Message("cirrhosis shown by liver biopsy"),
    "IMAGING": Message("cirrhosis shown by imaging"),
    "CLINICAL": Message("cirrhosis diagnosed clinically"),
}
_COINFECTIONS = {
    "etiology_hcv": "HCV",
    "etiology_hdv": "HDV",
    "etiology_hev": "HEV",
    "etiology_hiv": "HIV",
}


@dataclass(frozen=True)
class CriterionOutcome:
    """How one criterion came out: `detail` is the finding ("age 70 at consent is outside 18 to
    65.", "not answered."), `reason` the sentence naming the criterion before it."""

    criterion: Criterion
    status: CriterionStatus
    detail: Message

    @property
    def reason(self) -> Message:
        """The sentence naming the criterion before `detail`: "IN01: age ..." for a derived
        criterion, "EX01: <criterion text>: not answered." for an answered one."""
        if self.criterion.source == "answered":
            return Message(
                "{code}: {text}: {detail}",
                code=self.criterion.code,
                text=self.criterion.text,
                detail=self.detail,
            )
        return Message("{code}: {detail}", code=self.criterion.code, detail=self.detail)


@dataclass(frozen=True)
class EligibilityResult:
    verdict: Verdict
    outcomes: tuple[CriterionOutcome, ...]
    age_years: int | None
    child_pugh: ChildPugh | None
    decompensation: Decompensation
    #: Labels of required screening fields still empty (they keep the verdict "incomplete").
    unanswered: tuple[LocalizedText, ...] = ()

    @property
    def unmet(self) -> tuple[CriterionOutcome, ...]:
        return tuple(outcome for outcome in self.outcomes if outcome.status == "not_satisfied")

    @property
    def missing(self) -> tuple[CriterionOutcome, ...]:
        return tuple(outcome for outcome in self.outcomes if outcome.status == "missing")


def evaluate_eligibility(
    screening: Mapping[str, object],
    *,
    date_of_birth: date | None,
    consent_date: date | None,
    written_consent: bool | None,
    unanswered: Collection[str] = (),
    not_applicable: Collection[str] = (),
    randomization_date: date | None = None,
    protocol: Protocol,
) -> EligibilityResult:
    """Evaluate every criterion of the protocol on the screening values (cleaned or raw codes).

    `screening` holds the screening form's values by field name; labs may be `StandardizedLab`
    (from `clean_form`) or numbers in the standard unit. `randomization_date` (the day it happens
    or happened) bounds how old the labs may be. `unanswered` names the required fields still
    empty and `not_applicable` the fields that do not apply (`CleanedForm.missing` and
    `CleanedForm.not_applicable`). The criteria and thresholds are `protocol`'s.
    """
    rules = protocol.eligibility
    age = (
        age_at(date_of_birth, consent_date)
        if date_of_birth is not None and consent_date is not None
        else None
    )
    lab_problem = lab_recency_problem(screening, consent_date, randomization_date, protocol)
    if lab_problem is not None:
        screening = {
            name: value for name, value in screening.items() if name not in ELIGIBILITY_LABS
        }
    score = compute_child_pugh(screening, protocol)
    decompensated = decompensation(screening, protocol)
    evaluator = _Evaluator(
        rules,
        screening,
        age,
        score,
        decompensated,
        written_consent,
        lab_problem,
        frozenset(not_applicable),
        consent_date,
    )
    outcomes = tuple(evaluator.outcome(criterion) for criterion in rules.criteria)
    answer_fields = {c.answer_field for c in rules.criteria if c.answer_field}
    form = protocol.form("screening")
    empty = tuple(form.field(name).label for name in unanswered if name not in answer_fields)
    statuses = {outcome.status for outcome in outcomes}
    verdict: Verdict = (
        "not_eligible"
        if "not_satisfied" in statuses
        else "incomplete"
        if "missing" in statuses or empty
        else "eligible"
    )
    return EligibilityResult(
        verdict=verdict,
        outcomes=outcomes,
        age_years=age,
        child_pugh=score,
        decompensation=decompensated,
        unanswered=empty,
    )


class _Evaluator:
    def __init__(
        self,
        rules: EligibilityRules,
        screening: Mapping[str, object],
        age: int | None,
        score: ChildPugh | None,
        decompensated: Decompensation,
        written_consent: bool | None,
        lab_problem: Message | None,
        not_applicable: frozenset[str],
        consent_date: date | None,
    ) -> None:
        self.consent_date = consent_date
        self.not_applicable = not_applicable
        self.rules = rules
        self.screening = screening
        self.age = age
        self.score = score
        self.decompensated = decompensated
        self.written_consent = written_consent
        self.lab_problem = lab_problem

    def outcome(self, criterion: Criterion) -> CriterionOutcome:
        if criterion.source == "answered":
            return self._answered(criterion)
        derive = {
            "age_at_consent": self._age,
            "hbv_cirrhosis": self._hbv,
            "child_pugh": self._child_pugh,
            "decompensation": self._decompensation,
            "written_consent": self._consent,
            "viral_coinfection": self._coinfection,
        }[criterion.derivation or ""]
        status, detail = derive()
        return CriterionOutcome(criterion, status, detail)

    def _answered(self, criterion: Criterion) -> CriterionOutcome:
        if criterion.answer_field in self.not_applicable:
            return CriterionOutcome(criterion, "satisfied", Message("does not apply."))
        answer = self.screening.get(criterion.answer_field or "")
        if answer == "N":
            return CriterionOutcome(criterion, "satisfied", Message("no."))
        if answer == "Y":
            return CriterionOutcome(criterion, "not_satisfied", Message("yes, which excludes."))
        missing = Message('answered "not known".') if answer == "U" else Message("not answered.")
        return CriterionOutcome(criterion, "missing", missing)

    def _age(self) -> tuple[CriterionStatus, Message]:
        low, high = self.rules.age_min_years, self.rules.age_max_years
        if self.age is None:
            return "missing", Message("the date of birth or the date of consent is not recorded.")
        if low <= self.age <= high:
            return "satisfied", Message(
                "age {age} at consent is within {low} to {high}.", age=self.age, low=low, high=high
            )
        return "not_satisfied", Message(
            "age {age} at consent is outside {low} to {high}.", age=self.age, low=low, high=high
        )

    def _hbv(self) -> tuple[CriterionStatus, Message]:
        """IN02 from the HBsAg result and date and the basis of the cirrhosis diagnosis; a finding
        that fails the criterion is named before one that is only missing."""
        findings = (self._hbsag(), self._cirrhosis())
        statuses = {status for status, _ in findings}
        status: CriterionStatus = (
            "not_satisfied"
            if "not_satisfied" in statuses
            else "missing"
            if "missing" in statuses
            else "satisfied"
        )
        found = [detail for each, detail in findings if each == status]
        if len(found) == 2:
            return status, Message("{first}; {second}.", first=found[0], second=found[1])
        return status, Message("{finding}.", finding=found[0])

    def _hbsag(self) -> tuple[CriterionStatus, Message]:
        result = self.screening.get("hbsag")
        tested = as_date(self.screening.get("hbsag_date"))
        if result == "NEGATIVE":
            return "not_satisfied", Message(
                "HBsAg is negative, so the cirrhosis is not HBV-related"
            )
        if result != "POSITIVE":
            return "missing", Message("the HBsAg result is not recorded")
        if tested is None:
            return "missing", Message("the HBsAg test date is not recorded")
        if self.consent_date is None:
            return "missing", Message("the date of consent is not recorded")
        days = self.rules.hbsag_max_days_before_consent
        earliest = self.consent_date - timedelta(days=days)
        if tested < earliest:
            return "missing", Message(
                "the HBsAg test of {tested} is more than {days} days before consent on {consent} "
                "(enter a test from {earliest} or later)",
                tested=tested.isoformat(),
                days=days,
                consent=self.consent_date.isoformat(),
                earliest=earliest.isoformat(),
            )
        return "satisfied", Message("HBsAg positive on {tested}", tested=tested.isoformat())

    def _cirrhosis(self) -> tuple[CriterionStatus, Message]:
        method = self.screening.get("cirrhosis_method")
        if method not in _CIRRHOSIS_SHOWN_BY and method != "ELASTOGRAPHY":
            return "missing", Message("how the cirrhosis was diagnosed is not recorded")
        if as_date(self.screening.get("cirrhosis_date")) is None:
            return "missing", Message(
                "the date of the examination that showed cirrhosis is not recorded"
            )
        if method != "ELASTOGRAPHY":
            return "satisfied", _CIRRHOSIS_SHOWN_BY[str(method)]
        raw = self.screening.get("liver_stiffness")
        if raw is None or raw == "":
            return "missing", Message("the liver stiffness (kPa) is not recorded")
        stiffness = to_decimal(raw, Message("liver stiffness"))
        threshold = self.rules.cirrhosis_stiffness_min_kpa
        shown = {"value": format_decimal(stiffness), "threshold": format_decimal(threshold)}
        if stiffness >= threshold:
            return "satisfied", Message(
                "liver stiffness {value} kPa is at least {threshold} kPa", **shown
            )
        return "not_satisfied", Message(
            "liver stiffness {value} kPa is below {threshold} kPa, which does not show cirrhosis",
            **shown,
        )

    def _child_pugh(self) -> tuple[CriterionStatus, Message]:
        minimum = self.rules.child_pugh_min
        if self.score is None:
            if self.lab_problem is not None:
                return "missing", Message(
                    "the Child-Pugh score cannot be computed: {problem}", problem=self.lab_problem
                )
            absent = [
                name
                for key, name in CHILD_PUGH_INPUTS.items()
                if self.screening.get(key) in (None, "")
            ]
            needed = listed(absent) if absent else Message("valid inputs")
            return "missing", Message("the Child-Pugh score needs {needed}.", needed=needed)
        score, cp_class = self.score.score, self.score.cp_class
        if score >= minimum:
            return "satisfied", Message(
                "Child-Pugh score is {score} (class {cp_class}).", score=score, cp_class=cp_class
            )
        return "not_satisfied", Message(
            "Child-Pugh score is {score} (class {cp_class}); {minimum} or more is required.",
            score=score,
            cp_class=cp_class,
            minimum=minimum,
        )

    def _decompensation(self) -> tuple[CriterionStatus, Message]:
        if self.decompensated == "present":
            return "satisfied", Message("a sign of decompensation is recorded.")
        if self.decompensated == "absent":
            return "not_satisfied", Message(
                "no ascites, variceal bleeding or encephalopathy, and bilirubin is at most "
                "{limit} mg/dL.",
                limit=format_decimal(self.rules.jaundice_bilirubin_above_mg_dl),
            )
        if self.lab_problem is not None:
            return "missing", Message(
                "no sign of decompensation is recorded and the bilirubin cannot be used: {problem}",
                problem=self.lab_problem,
            )
        return "missing", Message(
            "ascites, variceal bleeding, encephalopathy grade or bilirubin is not recorded."
        )

    def _consent(self) -> tuple[CriterionStatus, Message]:
        if self.written_consent is True:
            return "satisfied", Message("written consent is recorded.")
        if self.written_consent is False:
            return "not_satisfied", Message("the participant has not signed written consent.")
        return "missing", Message("written consent is not recorded.")

    def _coinfection(self) -> tuple[CriterionStatus, Message]:
        answers = {name: self.screening.get(key) for key, name in _COINFECTIONS.items()}
        present = [name for name, answer in answers.items() if answer == "Y"]
        if present:
            return "not_satisfied", Message(
                "co-infection with {viruses} excludes.", viruses=listed(present)
            )
        unknown = [name for name, answer in answers.items() if answer != "N"]
        if unknown:
            return "missing", Message(
                "{viruses} status is not recorded as yes or no.", viruses=listed(unknown)
            )
        return "satisfied", Message("no HCV, HDV, HEV or HIV co-infection.")
