"""The protocol definition: content required by DESIGN section 7, and refusal of malformed
copies."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from typing import Any

import pytest

from msc_desktop.domain.protocol import DERIVATIONS
from msc_desktop.domain.protocol_reader import load_protocol, parse_protocol
from msc_desktop.errors import ValidationError
from msc_desktop.paths import resources_dir

PROTOCOL = load_protocol()


def _raw() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        (resources_dir() / "protocol.json").read_text(encoding="utf-8")
    )
    return data


def test_identity_and_visits() -> None:
    protocol = load_protocol()
    assert protocol.protocol_id == "XJMSC0001"
    windows = {
        visit.code: (visit.day, visit.window_before, visit.window_after, visit.is_infusion)
        for visit in protocol.visits
    }
    assert windows == {
        "SCR": (None, None, None, False),
        "W0": (0, 0, 3, True),
        "W4": (28, 3, 3, True),
        "W8": (56, 3, 3, True),
        "W12": (84, 7, 7, False),
        "W24": (168, 7, 7, False),
        "W48": (336, 7, 7, False),
    }
    assert all(visit.name.en and visit.name.zh for visit in protocol.visits)


def test_dosing_parameters() -> None:
    dosing = load_protocol().dosing
    assert dosing.dose_per_kg == Decimal(1_000_000)
    assert dosing.weight_range_kg.low == 30
    assert dosing.weight_range_kg.high == 200
    assert dosing.weight_max_age_days == 3
    assert dosing.viability_release_threshold_pct == 70
    assert dosing.weight_change_flag_pct == 10
    assert dosing.volume_step_ml == Decimal("0.1")


def test_lab_tests_and_conversion_factors() -> None:
    protocol = load_protocol()
    codes = {test.code for test in protocol.lab_tests}
    assert codes == {
        "BILI", "BILDIR", "ALB", "INR", "PT", "CREAT", "SODIUM", "ALT", "AST", "ALP", "GGT",
        "PLAT", "HGB", "WBC", "AFP", "HBVDNA",
    }  # fmt: skip
    assert protocol.lab_test("BILI").unit("umol/L").divide_by == Decimal("17.1")
    assert protocol.lab_test("CREAT").unit("umol/L").divide_by == Decimal("88.4")
    assert protocol.lab_test("ALB").unit("g/L").divide_by == Decimal(10)
    for test in protocol.lab_tests:
        assert test.soft_range.low >= test.hard_range.low
        assert test.unit(test.standard_unit).to_standard(Decimal(7)) == 7


def test_vital_signs() -> None:
    codes = {vital.code: vital.unit for vital in load_protocol().vital_signs}
    assert codes == {
        "WEIGHT": "kg", "HEIGHT": "cm", "SYSBP": "mmHg", "DIABP": "mmHg", "HR": "beats/min",
        "TEMP": "C", "RESP": "breaths/min", "OXYSAT": "%",
    }  # fmt: skip


def test_criteria_cover_design_and_answer_fields_exist() -> None:
    protocol = load_protocol()
    criteria = protocol.eligibility.criteria
    assert [c.code for c in criteria if c.category == "inclusion"] == [
        "IN01", "IN02", "IN03", "IN04", "IN05"
    ]  # fmt: skip
    assert len([c for c in criteria if c.category == "exclusion"]) == 9
    screening = protocol.form("screening")
    for criterion in criteria:
        if criterion.source == "answered":
            assert screening.field(criterion.answer_field or "").kind == "tristate"
        else:
            assert criterion.derivation in DERIVATIONS


def test_forms_and_codelists() -> None:
    protocol = load_protocol()
    assert {form.form_id for form in protocol.forms} == {
        "registration", "consent", "screening", "visit", "infusion", "adverse_event",
        "disposition",
    }  # fmt: skip
    outcome = protocol.form("adverse_event").field("outcome")
    assert outcome.choice_codes == (
        "RECOVERED/RESOLVED", "RECOVERING/RESOLVING", "NOT RECOVERED/NOT RESOLVED",
        "RECOVERED/RESOLVED WITH SEQUELAE", "FATAL", "UNKNOWN",
    )  # fmt: skip
    status = protocol.form("disposition").field("status").choice_codes
    assert {"COMPLETED", "WITHDRAWAL BY SUBJECT", "LOST TO FOLLOW-UP", "DEATH"} <= set(status)
    bilirubin = protocol.form("screening").field("bilirubin")
    assert bilirubin.units == ("mg/dL", "umol/L")
    assert bilirubin.cdisc is not None and bilirubin.cdisc.code == "BILI"
    assert protocol.form("infusion").field("weight").hard_range == protocol.dosing.weight_range_kg


def test_identifying_fields_are_site_only_and_never_map_to_cdisc() -> None:
    registration = load_protocol().form("registration")
    for name in ("full_name", "phone", "address"):
        assert registration.field(name).site_only
    site_only = [
        field for form in load_protocol().forms for field in form.fields if field.site_only
    ]
    assert all(field.cdisc is None for field in site_only)


def _break_visit_window(data: dict[str, Any]) -> None:
    data["visits"][2]["window_before"] = None


def _duplicate_visit(data: dict[str, Any]) -> None:
    data["visits"].append(copy.deepcopy(data["visits"][1]))


def _float_factor(data: dict[str, Any]) -> None:
    data["lab_tests"][0]["units"][1]["divide_by"] = 17.1


def _unknown_lab(data: dict[str, Any]) -> None:
    data["forms"][2]["fields"].append({"name": "x", "kind": "lab", "test": "NOPE"})


def _rule_on_unknown_field(data: dict[str, Any]) -> None:
    data["forms"][5]["rules"].append({"kind": "date_order", "earlier": "nope", "later": "end_date"})


def _odd_block(data: dict[str, Any]) -> None:
    data["randomization"]["block_sizes"] = [3]


def _site_only_exported(data: dict[str, Any]) -> None:
    registration = next(form for form in data["forms"] if form["id"] == "registration")
    full_name = next(field for field in registration["fields"] if field["name"] == "full_name")
    full_name["cdisc"] = {"domain": "DM", "variable": "NAME"}


def _form(data: dict[str, Any], form_id: str) -> dict[str, Any]:
    return next(form for form in data["forms"] if form["id"] == form_id)


def _condition_with_unknown_code(data: dict[str, Any]) -> None:
    screening = _form(data, "screening")
    pregnancy = next(
        field for field in screening["fields"] if field["name"] == "ex_pregnant_lactating"
    )
    pregnancy["applies_if"] = {"field": "registration.sex", "in": ["W"]}


def _form_condition_on_unknown_arm(data: dict[str, Any]) -> None:
    _form(data, "infusion")["applies_if"] = {"field": "participant.arm", "in": ["PLACEBO"]}


def _expect_any_without_its_sentence(data: dict[str, Any]) -> None:
    rule = next(r for r in _form(data, "adverse_event")["rules"] if r["kind"] == "expect_any")
    del rule["message"]


def _moment_on_a_number(data: dict[str, Any]) -> None:
    _form(data, "consent")["rules"].append(
        {"kind": "not_future_moment", "date": "consent_date", "time": "copy_given"}
    )


def _field(data: dict[str, Any], form_id: str, name: str) -> dict[str, Any]:
    return next(field for field in _form(data, form_id)["fields"] if field["name"] == name)


def _lowercase_oid(data: dict[str, Any]) -> None:
    _field(data, "registration", "sex")["oid"] = "IT.DM.sex"


def _oid_of_the_wrong_kind(data: dict[str, Any]) -> None:
    _form(data, "visit")["oid"] = "IG.VISIT"


def _field_without_oid(data: dict[str, Any]) -> None:
    del _field(data, "adverse_event", "term")["oid"]


def _two_items_one_oid(data: dict[str, Any]) -> None:
    _field(data, "disposition", "reason_details")["oid"] = "IT.AE.TERM"


def _one_oid_twice_in_a_group(data: dict[str, Any]) -> None:
    _form(data, "visit")["fields"].append(
        dict(_field(data, "visit", "ascites"), name="ascites_again")
    )


def _duplicate_form_oid(data: dict[str, Any]) -> None:
    _form(data, "consent")["oid"] = "F.REGISTRATION"


def _duplicate_event_oid(data: dict[str, Any]) -> None:
    data["visits"][3]["oid"] = "SE.W4"


def _form_in_no_event(data: dict[str, Any]) -> None:
    data["common_event"]["forms"].remove("disposition")


def _event_with_unknown_form(data: dict[str, Any]) -> None:
    data["visits"][0]["forms"].append("nope")


def _repeating_without_key(data: dict[str, Any]) -> None:
    del _form(data, "adverse_event")["groups"][0]["repeat_key"]


def _repeat_key_not_a_field(data: dict[str, Any]) -> None:
    _form(data, "adverse_event")["groups"][0]["repeat_key"] = "nope"


def _undeclared_unit(data: dict[str, Any]) -> None:
    data["units"] = [unit for unit in data["units"] if unit["code"] != "umol/L"]


def _duplicate_unit_oid(data: dict[str, Any]) -> None:
    data["units"][1]["oid"] = data["units"][0]["oid"]


def _duplicate_codelist_oid(data: dict[str, Any]) -> None:
    data["codelists"]["SEX"]["oid"] = "CL.NY"


def _required_derived_item(data: dict[str, Any]) -> None:
    _field(data, "infusion", "total_cells")["required"] = True


def _strata_not_the_codelist(data: dict[str, Any]) -> None:
    data["randomization"]["strata"][0]["code"] = "A"


def _arm_not_declared(data: dict[str, Any]) -> None:
    randomization = _form(data, "randomization")
    randomization["fields"] = [f for f in randomization["fields"] if f["name"] != "arm"]


def _bad_study_oid(data: dict[str, Any]) -> None:
    data["study_oid"] = "XJMSC0001"


@pytest.mark.parametrize(
    ("damage", "says"),
    [
        (_lowercase_oid, r'forms\[0\]\.fields\[5\]\.oid must be an OID such as "IT.NAME"'),
        (_oid_of_the_wrong_kind, r'forms\[3\]\.oid must be an OID such as "F.NAME"'),
        (_field_without_oid, r'fields\[0\] needs an "oid"'),
        (_two_items_one_oid, r'shares the OID "IT.AE.TERM" with adverse_event.term'),
        (_one_oid_twice_in_a_group, r'uses the OID "IT.XC.ASCITES" twice in one item group'),
        (_duplicate_form_oid, r'declares form OID "F.REGISTRATION" twice'),
        (_duplicate_event_oid, r'declares event OID "SE.W4" twice'),
        (_form_in_no_event, r"must hold the forms \['disposition'\]"),
        (_event_with_unknown_form, r"visits\[0\]\.forms names unknown forms \['nope'\]"),
        (_repeating_without_key, r"needs a repeat_key exactly when it is repeating"),
        (_repeat_key_not_a_field, r"repeat_key must name a whole-number or text field"),
        (_undeclared_unit, r'names the unit "umol/L", which "units" does not declare'),
        (_duplicate_unit_oid, r"declares unit OID .* twice"),
        (_duplicate_codelist_oid, r'declares codelist OID "CL.NY" twice'),
        (_required_derived_item, r"is derived \(recorded by the app\), so it is not required"),
        (_strata_not_the_codelist, r"must have the codes of the strata codelist"),
        (_arm_not_declared, r'must declare "randomization.arm" with the arms codelist'),
        (_bad_study_oid, r'study_oid must be an OID such as "ST.NAME"'),
    ],
)
def test_bad_identity_declarations_are_refused_one_clear_error(damage: Any, says: str) -> None:
    data = _raw()
    damage(data)
    with pytest.raises(
        ValidationError, match=f"The protocol definition is invalid: protocol.*{says}"
    ):
        parse_protocol(data)


def _finding_dated_by_a_choice(data: dict[str, Any]) -> None:
    _field(data, "screening", "liver_stiffness")["cdisc"]["dtc"] = "cirrhosis_method"


def _section_with_unknown_field(data: dict[str, Any]) -> None:
    _form(data, "screening")["sections"][0]["fields"].append("nope")


def _field_in_two_sections(data: dict[str, Any]) -> None:
    screening = _form(data, "screening")
    screening["sections"].append({"title": {"en": "Again", "zh": "再次"}, "fields": ["hbsag"]})


def _stiffness_threshold_not_positive(data: dict[str, Any]) -> None:
    data["eligibility"]["cirrhosis_stiffness_min_kpa"] = "0"


def _stiffness_skipped_on_a_skipped_field(data: dict[str, Any]) -> None:
    _field(data, "screening", "liver_stiffness")["applies_if"] = {"field": "hbv_dna", "in": ["X"]}


@pytest.mark.parametrize(
    "damage",
    [
        _finding_dated_by_a_choice, _section_with_unknown_field, _field_in_two_sections,
        _stiffness_threshold_not_positive, _stiffness_skipped_on_a_skipped_field,
        _break_visit_window, _duplicate_visit, _float_factor, _unknown_lab,
        _rule_on_unknown_field, _odd_block, _site_only_exported, _condition_with_unknown_code,
        _form_condition_on_unknown_arm, _expect_any_without_its_sentence, _moment_on_a_number,
    ],
)  # fmt: skip
def test_malformed_definitions_are_refused(damage: Any) -> None:
    data = _raw()
    parse_protocol(data)
    damage(data)
    with pytest.raises(ValidationError, match="The protocol definition is invalid"):
        parse_protocol(data)


def test_the_cdisc_section_declares_what_the_datasets_derive() -> None:
    """Issue 14: CT names of tests and units, visit numbers and epochs, timepoints, the scores of
    the primary endpoint and the analysis parameters come from the declaration."""
    protocol = load_protocol()
    assert protocol.cdisc is not None
    assert protocol.lab_test("INR").cdisc_name == "Prothrombin Intl. Normalized Ratio"
    assert protocol.vital_sign("HR").cdisc_name == "Heart Rate"
    assert (protocol.unit("s").cdisc_unit, protocol.unit("mg/dL").cdisc_unit) == ("sec", "mg/dL")
    assert [(visit.code, str(visit.visitnum), visit.epoch) for visit in protocol.visits][:3] == [
        ("SCR", "1", "SCREENING"),
        ("W0", "2", "TREATMENT"),
        ("W4", "3", "TREATMENT"),
    ]
    field = protocol.form("infusion").field("pre_heart_rate")
    assert field.cdisc is not None and field.cdisc.timepoint == "PRE"
    assert protocol.cdisc.timepoint("PRE").elapsed == "-PT30M"
    assert [score.code for score in protocol.cdisc.scores][-5:] == [
        "CPSCORE",
        "CPCLASS",
        "MELD",
        "MELDNA",
        "MELD3",
    ]
    assert [p.code for p in protocol.cdisc.parameters] == ["BILI", "ALB", "INR", "CPSCORE", "MELD"]


def _unknown_score_result(data: dict[str, Any]) -> None:
    data["cdisc"]["scores"][0]["result"] = "albi"


def _undeclared_timepoint(data: dict[str, Any]) -> None:
    infusion = next(form for form in data["forms"] if form["id"] == "infusion")
    next(f for f in infusion["fields"] if f["name"] == "pre_heart_rate")["cdisc"]["timepoint"] = "X"


def _parameter_of_no_test(data: dict[str, Any]) -> None:
    data["cdisc"]["analysis"]["parameters"][0]["test"] = "NOPE"


@pytest.mark.parametrize(
    ("damage", "says"),
    [
        (_unknown_score_result, r"cdisc\.scores\[0\]\.result must be one of child_pugh_"),
        (_undeclared_timepoint, r'names the timepoint "X", which "cdisc"."timepoints" does not'),
        (_parameter_of_no_test, r"parameters\[0\] must name a declared lab test \(LB\) or score"),
    ],
)
def test_a_bad_cdisc_section_is_refused(damage: Any, says: str) -> None:
    data = _raw()
    damage(data)
    with pytest.raises(ValidationError, match=says):
        parse_protocol(data)


def _lab_unit(data: dict[str, Any], code: str, unit: str) -> dict[str, Any]:
    test = next(test for test in data["lab_tests"] if test["code"] == code)
    return next(item for item in test["units"] if item["code"] == unit)  # type: ignore[no-any-return]


def _lab_unit_without_decimals(data: dict[str, Any]) -> None:
    del _lab_unit(data, "BILI", "umol/L")["decimals"]


def _negative_decimals(data: dict[str, Any]) -> None:
    _lab_unit(data, "INR", "ratio")["decimals"] = -1


def _decimals_as_text(data: dict[str, Any]) -> None:
    next(vital for vital in data["vital_signs"] if vital["code"] == "WEIGHT")["decimals"] = "1"


def _decimal_field_without_decimals(data: dict[str, Any]) -> None:
    del _field(data, "screening", "liver_stiffness")["decimals"]


def _range_finer_than_the_decimals(data: dict[str, Any]) -> None:
    _lab_unit(data, "BILI", "mg/dL")["decimals"] = 0


def _decimals_on_a_choice(data: dict[str, Any]) -> None:
    _field(data, "registration", "sex")["decimals"] = 1


@pytest.mark.parametrize(
    ("damage", "says"),
    [
        (_lab_unit_without_decimals, r'lab_tests\[0\]\.units\[1\] has no "decimals"'),
        (
            _negative_decimals,
            r"units\[0\]\.decimals must be a whole number of decimal places from 0 to 6",
        ),
        (_decimals_as_text, r"vital_signs\[0\]\.decimals must be a whole number"),
        (_decimal_field_without_decimals, r'fields\[\d+\] has no "decimals"'),
        (
            _range_finer_than_the_decimals,
            (
                r"lab_tests\[0\]\.hard_range has the bound 0\.1, with more decimal places than "
                r"the 0 declared"
            ),
        ),
        (_decimals_on_a_choice, r"decimals applies only to decimal fields"),
    ],
)
def test_bad_decimals_declarations_are_refused_one_clear_error(damage: Any, says: str) -> None:
    data = _raw()
    damage(data)
    with pytest.raises(
        ValidationError, match=f"The protocol definition is invalid: protocol.*{says}"
    ):
        parse_protocol(data)


def test_decimals_are_declared_per_unit() -> None:
    bilirubin = PROTOCOL.form("screening").field("bilirubin")
    assert dict(zip(bilirubin.units, bilirubin.decimals)) == {"mg/dL": 2, "umol/L": 1}
    assert (
        bilirubin.allowed_decimals("umol/L"),
        bilirubin.allowed_decimals(),
        bilirubin.allowed_decimals("kg"),
    ) == (1, 2, None)
    assert PROTOCOL.form("screening").field("weight").allowed_decimals() == 1
    assert PROTOCOL.form("screening").field("sodium").decimals == (0, 0)
    assert PROTOCOL.form("registration").field("sex").allowed_decimals() is None


@pytest.mark.parametrize(
    ("target", "says"),
    [
        (0, "target_enrolment must be a positive whole number"),
        ("200", "target_enrolment must be a whole number"),
    ],
)
def test_the_enrolment_target_is_declared_as_a_positive_whole_number(
    target: object, says: str
) -> None:
    assert PROTOCOL.target_enrolment == 200
    data = _raw()
    data["target_enrolment"] = target
    with pytest.raises(
        ValidationError, match=f"The protocol definition is invalid: protocol.{says}"
    ):
        parse_protocol(data)


def _format_1(node: object) -> None:
    if isinstance(node, dict):
        node.pop("decimals", None)
        for value in node.values():
            _format_1(value)
    elif isinstance(node, list):
        for value in node:
            _format_1(value)


def test_a_version_issued_in_format_1_is_still_read_without_decimals_or_target() -> None:
    """Sites and centres keep versions issued before format 2: they stay readable, their
    numbers checked for range only, their ODM floats without Length or SignificantDigits."""
    from msc_desktop.domain.forms import parse_field_value
    from msc_desktop.domain.items import ItemCatalogue

    data = _raw()
    assert data["format"] == 2
    data["format"] = 1
    del data["target_enrolment"]
    _format_1(data)
    old = parse_protocol(data)
    assert old.target_enrolment is None
    bilirubin = old.form("visit").field("bilirubin")
    assert bilirubin.decimals == () and bilirubin.allowed_decimals("umol/L") is None
    weight = parse_field_value(old.form("visit").field("weight"), "72.35", old)
    assert weight == Decimal("72.35")
    item = ItemCatalogue(old).item("IT.LB.BILI")
    assert (item.length, item.significant_digits) == (None, None)
    data["format"] = 3
    with pytest.raises(ValidationError, match=r"protocol\.format must be one of \(1, 2\)"):
        parse_protocol(data)
    current = _raw()
    del current["target_enrolment"]
    with pytest.raises(ValidationError, match='protocol has no "target_enrolment"'):
        parse_protocol(current)
