"""The shape of resources/protocol.json as pydantic models, and its published JSON Schema.

`check_shape()` validates a decoded declaration against these models: every key, type, OID,
decimal written as a string, number of decimal places, range and kind. A fault is one
`ValidationError` line naming its path (`protocol.forms[3].fields[1].oid must be ...`). The rules
between entries (references to units, tests, codelists, forms and fields; OIDs unique; ranges
within ranges) are checked by `domain/protocol_reader.py` as it builds the typed `Protocol`.
`json_schema()` is what resources/protocol.schema.json holds for protocol authors
(tests/unit/domain/test_protocol_schema.py checks it is current).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, PlainValidator, WithJsonSchema, model_validator
from pydantic import ValidationError as PydanticError
from pydantic_core import PydanticCustomError as _Fault

from msc_desktop.domain.protocol import CriterionCategory, CriterionSource, FieldKind
from msc_desktop.errors import ValidationError

#: The most decimal places a number item may declare.
MAX_DECIMALS = 6
_OID_PART = re.compile(r"[A-Z0-9_]+")
_OID_PARTS = r"[A-Z0-9_]+(\.[A-Z0-9_]+)*"


def _fault(problem: str) -> _Fault:
    # Imported as _Fault, not "...Error": tools/translations.py would take its first argument, a
    # code, for a sentence to translate.
    return _Fault("protocol", problem)


def _text(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _fault("must be a non-empty string")
    return value


def _whole(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _fault("must be a whole number")
    return value


def _flag(value: object) -> bool:
    if not isinstance(value, bool):
        raise _fault("must be true or false")
    return value


def _decimal(value: object) -> Decimal:
    # Floats are refused: a decimal must be written as a string to be exact.
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise _fault("must be a decimal written as a string")
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise _fault("must be a decimal written as a string") from None
    if not number.is_finite():
        raise _fault("must be finite")
    return number


def _places(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_DECIMALS:
        raise _fault(f"must be a whole number of decimal places from 0 to {MAX_DECIMALS}")
    return value


def _oid_part(value: object) -> str:
    text = _text(value)
    if not all(_OID_PART.fullmatch(part) for part in text.split(".")):
        raise _fault('must be capital letters, digits, "_" and "." (it is part of OIDs)')
    return text


def _oid_check(prefix: str) -> Callable[[object], str]:
    def check(value: object) -> str:
        text = _text(value)
        kind, _, rest = text.partition(".")
        if kind != prefix or not all(_OID_PART.fullmatch(part) for part in rest.split(".")):
            raise _fault(
                f'must be an OID such as "{prefix}.NAME" (capital letters, digits and "_", '
                'parts joined by ".")'
            )
        return text

    return check


def _oid_schema(prefix: str) -> WithJsonSchema:
    return WithJsonSchema({"type": "string", "pattern": f"^{re.escape(prefix)}\\.{_OID_PARTS}$"})


def _one_of_check(*choices: str) -> Callable[[object], str]:
    def check(value: object) -> str:
        if value not in choices:
            raise _fault(f"must be one of {', '.join(choices)}")
        return str(value)

    return check


Text = Annotated[str, PlainValidator(_text), WithJsonSchema({"type": "string", "pattern": r"\S"})]
Whole = Annotated[int, PlainValidator(_whole), WithJsonSchema({"type": "integer"})]
Flag = Annotated[bool, PlainValidator(_flag), WithJsonSchema({"type": "boolean"})]
DecimalText = Annotated[
    Decimal,
    PlainValidator(_decimal),
    WithJsonSchema(
        {
            "description": "A decimal written as a string to be exact (or a whole number).",
            "anyOf": [
                {"type": "string", "pattern": r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$"},
                {"type": "integer"},
            ],
        }
    ),
]
Places = Annotated[
    int,
    PlainValidator(_places),
    WithJsonSchema({"type": "integer", "minimum": 0, "maximum": MAX_DECIMALS}),
]
OidPart = Annotated[
    str, PlainValidator(_oid_part), WithJsonSchema({"type": "string", "pattern": f"^{_OID_PARTS}$"})
]
Reference = Annotated[
    str,
    PlainValidator(_text),
    WithJsonSchema(
        {
            "type": "string",
            "description": 'A declared value named by its path, e.g. "dosing.weight_range_kg".',
        }
    ),
]

StudyOid = Annotated[str, PlainValidator(_oid_check("ST")), _oid_schema("ST")]
EventOid = Annotated[str, PlainValidator(_oid_check("SE")), _oid_schema("SE")]
FormOid = Annotated[str, PlainValidator(_oid_check("F")), _oid_schema("F")]
GroupOid = Annotated[str, PlainValidator(_oid_check("IG")), _oid_schema("IG")]
ItemOid = Annotated[str, PlainValidator(_oid_check("IT")), _oid_schema("IT")]
CodelistOid = Annotated[str, PlainValidator(_oid_check("CL")), _oid_schema("CL")]
UnitOid = Annotated[str, PlainValidator(_oid_check("MU")), _oid_schema("MU")]
Category = Annotated[
    str,
    PlainValidator(_one_of_check(*get_args(CriterionCategory))),
    WithJsonSchema({"enum": list(get_args(CriterionCategory))}),
]
Source = Annotated[
    str,
    PlainValidator(_one_of_check(*get_args(CriterionSource))),
    WithJsonSchema({"enum": list(get_args(CriterionSource))}),
]
FieldKindDecl = Annotated[
    str,
    PlainValidator(_one_of_check(*get_args(FieldKind))),
    WithJsonSchema({"enum": list(get_args(FieldKind))}),
]


class _Entry(BaseModel):
    """An object of the declaration; keys it does not know are ignored."""

    model_config = ConfigDict(frozen=True)


class LocalizedDecl(_Entry):
    en: Text
    zh: Text


class RangeDecl(_Entry):
    low: DecimalText
    high: DecimalText

    @model_validator(mode="after")
    def _ordered(self) -> RangeDecl:
        if self.low > self.high:
            raise _fault("has low above high")
        return self


class UnitDecl(_Entry):
    code: Text
    oid: UnitOid
    symbol: LocalizedDecl
    cdisc: Text | None = None


class ChoiceDecl(_Entry):
    code: Text
    label: LocalizedDecl


class CodelistDecl(_Entry):
    oid: CodelistOid
    items: list[ChoiceDecl] = Field(min_length=1)


class LabUnitDecl(_Entry):
    code: Text
    multiply_by: DecimalText
    divide_by: DecimalText
    #: Required from format 2 on (checked with the format).
    decimals: Places | None = None


class LabTestDecl(_Entry):
    code: Text
    oid: ItemOid
    label: LocalizedDecl
    standard_unit: Text
    units: list[LabUnitDecl]
    hard_range: RangeDecl
    soft_range: RangeDecl
    cdisc_name: Text | None = None


class VitalSignDecl(_Entry):
    code: Text
    oid: ItemOid
    label: LocalizedDecl
    unit: Text
    decimals: Places | None = None
    hard_range: RangeDecl
    soft_range: RangeDecl
    cdisc_name: Text | None = None


class VisitDecl(_Entry):
    code: Text
    name: LocalizedDecl
    day: Whole | None
    window_before: Whole | None
    window_after: Whole | None
    is_infusion: Flag
    oid: EventOid
    forms: list[Text]
    visitnum: DecimalText | None = None
    epoch: Text | None = None
    retired: Flag | None = None


class CommonEventDecl(_Entry):
    oid: EventOid
    name: LocalizedDecl
    forms: list[Text]


class DosingDecl(_Entry):
    dose_per_kg: DecimalText
    weight_range_kg: RangeDecl
    weight_max_age_days: Whole
    viability_release_threshold_pct: DecimalText
    weight_change_flag_pct: DecimalText
    volume_step_ml: DecimalText
    volume_rounding: Text
    cell_concentration_range_per_ml: RangeDecl
    volume_range_ml: RangeDecl
    volume_deviation_pct: DecimalText
    plan_fields: list[Text]


class CriterionDecl(_Entry):
    code: Text
    category: Category
    text: LocalizedDecl
    source: Source
    derivation: Text | None
    answer_field: Text | None
    rule: LocalizedDecl | None = None


class EligibilityDecl(_Entry):
    age_min_years: Whole
    age_max_years: Whole
    child_pugh_min: Whole
    jaundice_bilirubin_above_mg_dl: DecimalText
    lab_max_days_before_randomization: Whole
    lab_max_days_before_consent: Whole
    hbsag_max_days_before_consent: Whole
    cirrhosis_stiffness_min_kpa: DecimalText
    criteria: list[CriterionDecl]


class StratumDecl(_Entry):
    code: Text
    child_pugh_min: Whole
    child_pugh_max: Whole


class RandomizationDecl(_Entry):
    block_sizes: list[Whole]
    strata_codelist: Text
    strata: list[StratumDecl]
    list_length_factor: DecimalText
    low_stock_below: Whole


class ConditionDecl(_Entry):
    field: Text
    in_: list[Text] = Field(alias="in", min_length=1)


class GroupDecl(_Entry):
    oid: GroupOid
    repeating: Flag
    repeat_key: Text | None = None


class CdiscRefDecl(_Entry):
    domain: Text
    variable: Text
    code: Text | None = None
    timepoint: Text | None = None
    dtc: Text | None = None


class FieldDecl(_Entry):
    name: Text
    kind: FieldKindDecl
    label: LocalizedDecl | None = None
    oid: ItemOid | None = None
    group: Text | None = None
    test: Text | None = None
    unit: Text | None = None
    #: Inline, or a declared range named by its path ("dosing.weight_range_kg").
    hard_range: RangeDecl | Reference | None = None
    soft_range: RangeDecl | Reference | None = None
    decimals: Places | None = None
    codelist: Text | None = None
    cdisc: CdiscRefDecl | None = None
    required: Flag | None = None
    site_only: Flag | None = None
    not_future: Flag | None = None
    derived: Flag | None = None
    retired: Flag | None = None
    max_length: Whole | None = None
    applies_if: ConditionDecl | None = None


class DateOrderDecl(_Entry):
    kind: Literal["date_order"]
    earlier: Text
    later: Text


class WithinDaysDecl(_Entry):
    kind: Literal["within_days"]
    earlier: Text
    later: Text
    #: A number of days, or "dosing.weight_max_age_days".
    days: Whole | Reference


class RequiredIfDecl(_Entry):
    kind: Literal["required_if"]
    field: Text
    when: ConditionDecl


class ImpliesDecl(_Entry):
    kind: Literal["implies"]
    when: ConditionDecl
    then: ConditionDecl


class ExpectAnyDecl(_Entry):
    kind: Literal["expect_any"]
    when: ConditionDecl
    any_of: list[ConditionDecl] = Field(min_length=1)
    message: LocalizedDecl


class MomentNotFutureDecl(_Entry):
    kind: Literal["not_future_moment"]
    date: Text
    time: Text


RuleDecl = Annotated[
    DateOrderDecl
    | WithinDaysDecl
    | RequiredIfDecl
    | ImpliesDecl
    | ExpectAnyDecl
    | MomentNotFutureDecl,
    Field(discriminator="kind"),
]


class SectionDecl(_Entry):
    title: LocalizedDecl
    fields: list[Text]


class FormDecl(_Entry):
    id: Text
    oid: FormOid
    title: LocalizedDecl
    derived: Flag | None = None
    groups: list[GroupDecl] = Field(min_length=1)
    fields: list[FieldDecl]
    rules: list[RuleDecl] | None = None
    sections: list[SectionDecl] | None = None
    applies_if: ConditionDecl | None = None


class TimepointDecl(_Entry):
    code: Text
    name: Text
    number: DecimalText
    reference: Text
    elapsed: Text | None


class ScoreDecl(_Entry):
    code: Text
    name: Text
    category: Text
    result: Text


class ParameterDecl(_Entry):
    code: Text
    name: Text
    domain: Text
    test: Text


class TreatmentDecl(_Entry):
    name: Text
    dose_form: Text
    route: Text
    dose_unit: Text


class AnalysisDecl(_Entry):
    dataset: Text
    label: Text
    parameters: list[ParameterDecl]
    baseline_visits: list[Text]


class CdiscDecl(_Entry):
    country: Text
    age_unit: Text
    treatment: TreatmentDecl
    timepoints: list[TimepointDecl]
    scores: list[ScoreDecl]
    analysis: AnalysisDecl


class ProtocolDecl(_Entry):
    """A protocol declaration (resources/protocol.json, or an amendment the centre signs)."""

    model_config = ConfigDict(title="MSC Desktop protocol declaration")

    format: Whole
    protocol_id: OidPart
    study_oid: StudyOid
    version: OidPart
    registry_id: Text
    #: Required from format 2 on (checked with the format).
    target_enrolment: Whole | None = None
    title: LocalizedDecl
    units: list[UnitDecl]
    codelists: dict[str, CodelistDecl]
    arms: Text
    randomization: RandomizationDecl
    sae_report_hours: Whole
    visits: list[VisitDecl]
    common_event: CommonEventDecl
    dosing: DosingDecl
    eligibility: EligibilityDecl
    lab_tests: list[LabTestDecl]
    vital_signs: list[VitalSignDecl]
    forms: list[FormDecl]
    cdisc: CdiscDecl | None = None


_PROBLEMS = {
    "model_type": "must be an object",
    "model_attributes_type": "must be an object",
    "dict_type": "must be an object",
    "list_type": "must be a list",
    "too_short": "must not be empty",
    "union_tag_invalid": "must be date_order, within_days, required_if, implies, expect_any or "
    "not_future_moment",
    "union_tag_not_found": 'has no "kind"',
}


def _path(data: object, loc: tuple[int | str, ...], missing: bool) -> tuple[str, str | None]:
    """The path `loc` reaches in `data`, skipping the union tags pydantic adds that are no keys;
    for a missing key, the path of its parent and the key."""
    path, node = "protocol", data
    for index, part in enumerate(loc):
        if isinstance(part, int) and isinstance(node, list) and part < len(node):
            path, node = f"{path}[{part}]", node[part]
        elif isinstance(node, dict) and part in node:
            path, node = f"{path}.{part}", node[part]
        elif missing and index == len(loc) - 1:
            return path, str(part)
    return path, None


def check_shape(data: object) -> ProtocolDecl:
    """`data` validated as a declaration; its first fault raised as one line naming its path."""
    try:
        return ProtocolDecl.model_validate(data)
    except PydanticError as error:
        first = error.errors()[0]
        missing = first["type"] == "missing"
        path, key = _path(data, tuple(first["loc"]), missing)
        if first["type"] == "union_tag_invalid":
            path += ".kind"
        if missing:
            problem = f'has no "{key}"'
        else:
            problem = _PROBLEMS.get(first["type"], first["msg"])
        raise ValidationError(
            "The protocol definition is invalid: {path} {problem}.", path=path, problem=problem
        ) from None


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a protocol declaration, as published for protocol authors."""
    schema = ProtocolDecl.model_json_schema(by_alias=True)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def schema_text() -> str:
    """`json_schema()` as resources/protocol.schema.json holds it."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
