"""The shape of resources/protocol.json as pydantic models, and its published JSON Schema.

`check_shape()` validates a decoded declaration against these models: every key, type, OID,
decimal written as a string, number of decimal places, range and kind. A fault is one
`ValidationError` line naming its path (`protocol.forms[3].fields[1].oid must be ...`). The rules
between entries (references to units, tests, codelists, forms and fields; OIDs unique; ranges
within ranges) are checked by `domain/protocol_reader.py` as it builds the typed `Protocol`.
`json_schema()` is what resources/protocol.schema.json holds for protocol authors
(tests/unit/domain/test_protocol_schema.py checks it is current).
The models stay in one module, in the order of protocol.json, so that it reads as the
declaration's outline; their scalar types are in protocol_scalars.py.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic import ValidationError as PydanticError

from msc_desktop.domain.protocol_scalars import (
    Category,
    CodelistOid,
    DecimalText,
    EventOid,
    FieldKindDecl,
    Flag,
    FormOid,
    GroupOid,
    ItemOid,
    OidPart,
    Places,
    Reference,
    Source,
    StudyOid,
    Text,
    UnitOid,
    Whole,
    fault,
)
from msc_desktop.errors import ValidationError


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
            raise fault("has low above high")
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
