"""The protocol definition of trial XJMSC0001, declared once as data in resources/protocol.json.

Visits and windows, dosing parameters, lab tests and vital signs (CDISC LBTESTCD / VSTESTCD,
accepted units with exact conversion to the conventional unit, hard and soft ranges), the decimal
places each number takes (`"decimals"`: per lab unit, per vital sign, per decimal field; chosen as
a clinical lab and ward report them, e.g. bilirubin 2 in mg/dL and 1 in umol/L, albumin 1, INR 2,
creatinine 2 in mg/dL and 1 in umol/L, sodium 0, weight 1; a hard range bound must be writable
with them), the
eligibility criteria, the codelists and the form definitions all come from that file (DESIGN
section 7: a protocol amendment is a data change). This module holds the frozen, typed dataclasses
of the declaration; domain/protocol_reader.py reads and checks a declaration into them
(`load_protocol()`, `parse_protocol()`), domain/protocol_schema.py declares its shape.

Identity (DESIGN section 12): the file writes every ODM OID out, never derived from names at run
time: the study (`ST.`), each visit's study event (`SE.`) with the forms recorded there, a common
event for the forms outside the schedule, each form (`F.`) and its item groups (`IG.`; a repeating
group names the field whose value is its repeat key, e.g. the AE number), each field (`IT.`; a lab
or vital field without its own uses its test's), each codelist (`CL.`) and each unit (`MU.`, in the
declared `units` table). An OID used by two fields must declare the same item. Data the site keeps
but nobody types (randomization, the computed infusion plan, report times, deviations) are declared
items marked `"derived"`, or whole `"derived"` forms: they are kept apart (`FormDef.derived_fields`,
`Protocol.derived_forms`) so widgets, the validator and paper forms, which read `FormDef.fields`
and `Protocol.forms`, never see them, while the item catalogue (domain/items.py) carries them.

Skip logic and soft checks are declared there too: a field or a whole form may say when it applies
(`"applies_if": {"field": "registration.sex", "in": ["F"]}`; "participant.arm" names the randomized
arm), and a form's rules besides date order, within-days, required-if and implies may be
`expect_any` (when a condition holds, one of several is expected, otherwise the user confirms with
the declared sentence) and `not_future_moment` (a date and an HH:MM time not later than now).
A form may declare `sections` (fields shown together under a title, e.g. the HBV and cirrhosis
evidence); a field's CDISC annotation may name the date field of its finding (`"dtc"`); a derived
criterion may write down how it is decided (`"rule"`, e.g. IN02's HBsAg window and the liver
stiffness threshold with its source).

An amendment never deletes a declaration: a field or visit no longer asked is kept with
`"retired": true` (`FormDef.retired_fields`, `Protocol.retired_visits`), so data entered under an
earlier version stays described (domain/amendments.py compares versions).

The dataclasses stay in one module: they are one schema, in the order of protocol.json, with
no logic in them beyond look-ups, and nearly every module of the app imports from it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Literal, TypeAlias, TypeVar

from msc_desktop.domain.wording import either, unit_name
from msc_desktop.errors import ValidationError
from msc_desktop.messages import Message

FieldKind: TypeAlias = Literal[
    "text",
    "int",
    "decimal",
    "date",
    "datetime",
    "choice",
    "yesno",
    "tristate",
    "lab",
    "vital",
    "year_month",
]
CriterionCategory: TypeAlias = Literal["inclusion", "exclusion"]
CriterionSource: TypeAlias = Literal["derived", "answered"]

#: The derived criteria that `msc_desktop.domain.eligibility` knows how to evaluate.
DERIVATIONS = frozenset(
    {
        "age_at_consent",
        "hbv_cirrhosis",
        "child_pugh",
        "decompensation",
        "written_consent",
        "viral_coinfection",
    }
)
#: The results of the primary endpoint that `msc_desktop.domain.endpoint` computes at a visit.
SCORE_RESULTS = (
    "child_pugh_bilirubin_points",
    "child_pugh_albumin_points",
    "child_pugh_inr_points",
    "child_pugh_ascites_points",
    "child_pugh_encephalopathy_points",
    "child_pugh_score",
    "child_pugh_class",
    "meld",
    "meld_na",
    "meld_3",
)
#: The codelists behind the yes/no and yes/no/not-known kinds (CDISC NY).
YESNO_CODELIST = "NY"
TRISTATE_CODELIST = "NYU"
PROTOCOL_FILE = "protocol.json"
#: The name a condition uses for the participant's randomized arm.
ARM_REFERENCE = "participant.arm"
#: Declaration formats read: 2 declares every number's decimal places and the enrolment target;
#: 1 (versions issued before them, which sites and centres keep) is read without them: its
#: numbers are checked for range only and its ODM floats carry no Length or SignificantDigits.
SUPPORTED_FORMATS = (1, 2)
#: The form whose declared (derived) field "arm" holds the participant's randomized arm.
RANDOMIZATION_FORM = "randomization"

_T = TypeVar("_T")


@dataclass(frozen=True)
class LocalizedText:
    """A label in English and Chinese."""

    en: str
    zh: str

    def get(self, language: str) -> str:
        return self.zh if language == "zh" else self.en


@dataclass(frozen=True)
class ValueRange:
    """An inclusive range [low, high]."""

    low: Decimal
    high: Decimal

    def __contains__(self, value: object) -> bool:
        return isinstance(value, (int, Decimal)) and self.low <= value <= self.high


@dataclass(frozen=True)
class LabUnit:
    """A unit a lab may report; standard value = value x multiply_by / divide_by, exactly declared.

    `decimals`: the decimal places a clinical lab reports in this unit (bilirubin 2 in mg/dL, 1 in
    umol/L); a value with more is refused, and the ODM ItemDef's Length and SignificantDigits
    follow.
    """

    code: str
    multiply_by: Decimal
    divide_by: Decimal
    #: None in a format 1 declaration (`SUPPORTED_FORMATS`).
    decimals: int | None

    def to_standard(self, value: Decimal) -> Decimal:
        return value * self.multiply_by / self.divide_by

    def from_standard(self, value: Decimal) -> Decimal:
        return value * self.divide_by / self.multiply_by


@dataclass(frozen=True)
class LabTest:
    """A laboratory test; ranges are in `standard_unit` (the conventional unit)."""

    code: str
    #: The ItemOID of the test ("IT.LB.BILI"), used by every lab field without an OID of its own.
    oid: str
    label: LocalizedText
    standard_unit: str
    units: tuple[LabUnit, ...]
    hard_range: ValueRange
    soft_range: ValueRange
    #: The test's name in CDISC Controlled Terminology (LBTEST: "Bilirubin").
    cdisc_name: str = ""

    @property
    def unit_codes(self) -> tuple[str, ...]:
        return tuple(unit.code for unit in self.units)

    def unit(self, code: str) -> LabUnit:
        for unit in self.units:
            if unit.code == code:
                return unit
        raise ValidationError(
            '{label} cannot be entered in "{unit}"; use {accepted}.',
            label=self.label,
            unit=code,
            accepted=either([unit_name(unit) for unit in self.unit_codes]),
        )


@dataclass(frozen=True)
class VitalSign:
    """A vital sign measured in one unit."""

    code: str
    #: The ItemOID of the vital sign ("IT.VS.WEIGHT"), as for lab tests.
    oid: str
    label: LocalizedText
    unit: str
    #: The decimal places measured (weight 1 in kg, blood pressure 0 in mmHg); None in format 1.
    decimals: int | None
    hard_range: ValueRange
    soft_range: ValueRange
    #: The test's name in CDISC Controlled Terminology (VSTEST: "Heart Rate").
    cdisc_name: str = ""


@dataclass(frozen=True)
class Visit:
    """A protocol visit; `day` is the target day from day 0, None for screening (before day 0)."""

    code: str
    name: LocalizedText
    day: int | None
    window_before: int | None
    window_after: int | None
    is_infusion: bool
    #: The StudyEventOID ("SE.W4") and the forms recorded at this visit, in order.
    oid: str
    forms: tuple[str, ...]
    #: SDTM VISITNUM and EPOCH of the visit (None where the declaration gives none).
    visitnum: Decimal | None = None
    epoch: str | None = None

    @property
    def is_scheduled(self) -> bool:
        return self.day is not None


@dataclass(frozen=True)
class CommonEvent:
    """The study event holding the forms that belong to no scheduled visit (AEs, disposition)."""

    oid: str
    name: LocalizedText
    forms: tuple[str, ...]


@dataclass(frozen=True)
class Unit:
    """A unit of measure: the code the app stores, its MeasurementUnit OID and its symbol."""

    code: str
    oid: str
    symbol: LocalizedText
    #: The unit in CDISC Controlled Terminology (UNIT: "sec" for "s"); by default the code itself.
    cdisc: str = ""

    @property
    def cdisc_unit(self) -> str:
        return self.cdisc or self.code


@dataclass(frozen=True)
class ItemGroup:
    """An ItemGroup of a form; a repeating group is keyed by the value of `repeat_key` (a field)."""

    oid: str
    repeating: bool
    repeat_key: str | None


@dataclass(frozen=True)
class DosingParameters:
    """DESIGN section 7, "Dose"."""

    dose_per_kg: Decimal
    weight_range_kg: ValueRange
    weight_max_age_days: int
    viability_release_threshold_pct: Decimal
    weight_change_flag_pct: Decimal
    volume_step_ml: Decimal
    volume_rounding: str
    cell_concentration_range_per_ml: ValueRange
    volume_range_ml: ValueRange
    #: An infused volume further than this from the planned one is a protocol deviation.
    volume_deviation_pct: Decimal
    #: The infusion form's fields the dose is planned from (the rest are entered when it is logged).
    plan_fields: tuple[str, ...]


@dataclass(frozen=True)
class Criterion:
    """An eligibility criterion; derived ones are computed, answered ones read `answer_field`."""

    code: str
    category: CriterionCategory
    text: LocalizedText
    source: CriterionSource
    derivation: str | None
    answer_field: str | None
    #: How a derived criterion is decided, in the protocol's words (thresholds, windows, sources).
    rule: LocalizedText | None = None


@dataclass(frozen=True)
class EligibilityRules:
    age_min_years: int
    age_max_years: int
    child_pugh_min: int
    jaundice_bilirubin_above_mg_dl: Decimal
    lab_max_days_before_randomization: int
    lab_max_days_before_consent: int
    #: IN02: the HBsAg test may be at most this many days before consent.
    hbsag_max_days_before_consent: int
    #: IN02: transient elastography shows cirrhosis at this liver stiffness (kPa) or more.
    cirrhosis_stiffness_min_kpa: Decimal
    criteria: tuple[Criterion, ...]


@dataclass(frozen=True)
class Choice:
    code: str
    label: LocalizedText


@dataclass(frozen=True)
class CdiscRef:
    """Where a field lands in SDTM: domain, variable and, for findings, the test code (or QNAM)
    and the declared timepoint it was measured at (VSTPT, e.g. before an infusion)."""

    domain: str
    variable: str
    code: str | None
    timepoint: str | None = None
    #: The field of the same form holding the date of this finding (--DTC); None: the form's own.
    dtc: str | None = None


@dataclass(frozen=True)
class Timepoint:
    """A planned timepoint of a findings record (SDTM --TPT, --TPTNUM, --TPTREF, --ELTM)."""

    code: str
    name: str
    number: Decimal
    reference: str
    #: The planned elapsed time from the reference as an ISO 8601 duration; None: not planned.
    elapsed: str | None


@dataclass(frozen=True)
class ScoreDef:
    """A result of the primary endpoint in the RS domain: test code and name, category, and which
    result of the rules engine (one of `SCORE_RESULTS`) it reports."""

    code: str
    name: str
    category: str
    result: str


@dataclass(frozen=True)
class AnalysisParameter:
    """A parameter of the analysis dataset: PARAMCD, PARAM and its source (LB or RS test code)."""

    code: str
    name: str
    domain: str
    test: str


@dataclass(frozen=True)
class CdiscStandard:
    """What the SDTM and ADaM datasets need beyond the items: country, age unit, the treatment,
    timepoints, the endpoint's scores and the analysis dataset (declared in "cdisc")."""

    country: str
    age_unit: str
    treatment: str
    dose_form: str
    route: str
    dose_unit: str
    timepoints: tuple[Timepoint, ...]
    scores: tuple[ScoreDef, ...]
    analysis_dataset: str
    analysis_label: str
    parameters: tuple[AnalysisParameter, ...]
    baseline_visits: tuple[str, ...]

    def timepoint(self, code: str) -> Timepoint:
        return _by_key(self.timepoints, code, lambda point: point.code, _TIMEPOINT)


@dataclass(frozen=True)
class FieldDef:
    """One field of a form; for lab and vital fields units and ranges come from the test."""

    name: str
    kind: FieldKind
    label: LocalizedText
    units: tuple[str, ...]
    standard_unit: str | None
    hard_range: ValueRange | None
    soft_range: ValueRange | None
    required: bool
    choices: tuple[Choice, ...]
    cdisc: CdiscRef | None
    site_only: bool
    not_future: bool
    max_length: int | None
    test: str | None
    #: The ItemOID ("IT.DM.SEX"; a lab or vital field without its own uses its test's).
    oid: str
    #: The OID of the form's item group holding this field.
    group_oid: str
    #: Recorded by the app (randomization, computed plan, report times), never typed in the form:
    #: widgets, the validator and paper forms skip it; the audit trail, ODM and exports carry it.
    derived: bool
    #: The name of the codelist the choices come from (None for inline choices and non-choices).
    codelist: str | None
    #: The field applies (is asked, required, stored) only when this holds; None: always.
    applies_if: Condition | None = None
    #: The decimal places allowed in each of `units`, in the same order (a number without a unit:
    #: one entry); empty for what is no decimal number (text, whole numbers, dates, choices).
    decimals: tuple[int, ...] = ()

    @property
    def choice_codes(self) -> tuple[str, ...]:
        return tuple(choice.code for choice in self.choices)

    def allowed_decimals(self, unit: str | None = None) -> int | None:
        """The decimal places a value in `unit` may have (None: not a decimal number)."""
        if not self.decimals:
            return None
        if unit is None or not self.units:
            return self.decimals[0]
        return self.decimals[self.units.index(unit)] if unit in self.units else None


@dataclass(frozen=True)
class Condition:
    """True when the field's value is one of `values` (choice codes)."""

    field: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class DateOrderRule:
    """`earlier` must not be after `later`; a name "form.field" refers to another form's value."""

    earlier: str
    later: str


@dataclass(frozen=True)
class WithinDaysRule:
    """`earlier` must be at most `days` days before `later` (dates compared as calendar days)."""

    earlier: str
    later: str
    days: int


@dataclass(frozen=True)
class RequiredIfRule:
    field: str
    when: Condition


@dataclass(frozen=True)
class ImpliesRule:
    when: Condition
    then: Condition


@dataclass(frozen=True)
class ExpectAnyRule:
    """A soft check: when `when` holds, at least one of `any_of` is expected; otherwise the user
    confirms or corrects (a warning, audited when confirmed)."""

    when: Condition
    any_of: tuple[Condition, ...]
    #: What the user is asked to confirm, in the protocol's words.
    message: LocalizedText


@dataclass(frozen=True)
class MomentNotFutureRule:
    """A date field and an "HH:MM" time field that together must not be later than now."""

    date: str
    time: str


FormRule: TypeAlias = (
    DateOrderRule
    | WithinDaysRule
    | RequiredIfRule
    | ImpliesRule
    | ExpectAnyRule
    | MomentNotFutureRule
)


@dataclass(frozen=True)
class FormSection:
    """Fields shown together under a title (layout on screen only; storage is by field)."""

    title: LocalizedText
    fields: tuple[str, ...]


@dataclass(frozen=True)
class FormDef:
    """A form. `items` are all its declared items; `fields` the ones people fill in (what widgets,
    the validator and paper forms show), `derived_fields` the ones the app records with it."""

    form_id: str
    oid: str
    title: LocalizedText
    groups: tuple[ItemGroup, ...]
    items: tuple[FieldDef, ...]
    rules: tuple[FormRule, ...]
    #: Every item of a derived form is recorded by the app (randomization, deviations).
    derived: bool
    #: The whole form applies only when this holds (e.g. infusions: MSC arm only); None: always.
    applies_if: Condition | None = None
    #: Items an amendment retired: no longer asked, still declared (data entered before stays).
    retired_fields: tuple[FieldDef, ...] = ()

    @cached_property
    def fields(self) -> tuple[FieldDef, ...]:
        return tuple(item for item in self.items if not item.derived)

    @cached_property
    def derived_fields(self) -> tuple[FieldDef, ...]:
        return tuple(item for item in self.items if item.derived)

    def item(self, name: str) -> FieldDef:
        """A declared item, typed or derived, by name."""
        for item in self.items:
            if item.name == name:
                return item
        raise KeyError(name)

    #: Declared groups of fields (e.g. the HBV and cirrhosis evidence on the screening form).
    sections: tuple[FormSection, ...] = ()

    def field(self, name: str) -> FieldDef:
        for field in self.fields:
            if field.name == name:
                return field
        raise KeyError(name)

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(field.name for field in self.fields)


@dataclass(frozen=True)
class Stratum:
    code: str
    label: LocalizedText
    child_pugh_min: int
    child_pugh_max: int


@dataclass(frozen=True)
class RandomizationRules:
    block_sizes: tuple[int, ...]
    list_length_factor: Decimal
    strata: tuple[Stratum, ...]
    low_stock_below: int  # warn, and issue a continuation list, below this many free entries


@dataclass(frozen=True)
class Protocol:
    """The whole declaration. `forms` are the forms people fill in; `derived_forms` the forms the
    app records by itself (randomization, protocol deviations); `form()` finds either."""

    protocol_id: str
    #: The ODM StudyOID ("ST.XJMSC0001").
    study_oid: str
    version: str
    registry_id: str
    #: The participants the trial plans to randomize (the registry's enrolment: 200, 1:1);
    #: None in a format 1 declaration.
    target_enrolment: int | None
    title: LocalizedText
    arms: tuple[Choice, ...]
    randomization: RandomizationRules
    sae_report_hours: int
    visits: tuple[Visit, ...]
    common_event: CommonEvent
    dosing: DosingParameters
    eligibility: EligibilityRules
    units: tuple[Unit, ...]
    lab_tests: tuple[LabTest, ...]
    vital_signs: tuple[VitalSign, ...]
    codelists: Mapping[str, tuple[Choice, ...]]
    #: The CodeListOID of each codelist, by name.
    codelist_oids: Mapping[str, str]
    forms: tuple[FormDef, ...]
    derived_forms: tuple[FormDef, ...]

    #: Visits an amendment retired: no longer scheduled, still declared.
    retired_visits: tuple[Visit, ...] = ()
    #: The SDTM/ADaM declarations ("cdisc"); None in a declaration that has none.
    cdisc: CdiscStandard | None = None

    def visit(self, code: str) -> Visit:
        return _by_key(self.visits, code, lambda visit: visit.code, _VISIT)

    def lab_test(self, code: str) -> LabTest:
        return _by_key(self.lab_tests, code, lambda test: test.code, _LAB_TEST)

    def vital_sign(self, code: str) -> VitalSign:
        return _by_key(self.vital_signs, code, lambda vital: vital.code, _VITAL_SIGN)

    def form(self, form_id: str) -> FormDef:
        return _by_key(self.all_forms, form_id, lambda form: form.form_id, _FORM)

    def unit(self, code: str) -> Unit:
        return _by_key(self.units, code, lambda unit: unit.code, _UNIT)

    @property
    def all_forms(self) -> tuple[FormDef, ...]:
        return self.forms + self.derived_forms

    def criterion(self, code: str) -> Criterion:
        return _by_key(self.eligibility.criteria, code, lambda item: item.code, _CRITERION)

    @property
    def scheduled_visits(self) -> tuple[Visit, ...]:
        return tuple(visit for visit in self.visits if visit.is_scheduled)

    @property
    def arm_codes(self) -> tuple[str, ...]:
        return tuple(arm.code for arm in self.arms)

    @property
    def arm_field(self) -> FieldDef:
        """The participant's arm, the derived item conditions name as "participant.arm"."""
        return self.form(RANDOMIZATION_FORM).item("arm")

    def context_field(self, name: str) -> FieldDef:
        """A field another form's rule or condition names as "form.field" (or "participant.arm")."""
        if name == ARM_REFERENCE:
            return self.arm_field
        form_id, _, field_name = name.rpartition(".")
        return self.form(form_id).field(field_name)


# What `_by_key` looked for, named in its error.
_VISIT = Message("visit")
_LAB_TEST = Message("lab test")
_VITAL_SIGN = Message("vital sign")
_FORM = Message("form")
_UNIT = Message("unit")
_CRITERION = Message("criterion")
_TIMEPOINT = Message("timepoint")


def _by_key(items: Sequence[_T], key: str, get: Callable[[_T], str], what: Message) -> _T:
    for item in items:
        if get(item) == key:
            return item
    raise ValidationError('The protocol has no {what} "{key}".', what=what, key=key)
