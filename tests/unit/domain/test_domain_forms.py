"""The generic form validator: types, required, ranges, dates in the future, and form rules."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from msc_desktop.domain.clinic_time import clinic_zone
from msc_desktop.domain.forms import clean_form, validate_form
from msc_desktop.domain.protocol_reader import load_protocol
from msc_desktop.domain.units import Measurement, StandardizedLab
from tests.catalogue import translate

PROTOCOL = load_protocol()

TODAY = date(2026, 11, 29)


def _by_field(
    form_id: str, values: Mapping[str, object], context: Mapping[str, object] | None = None
) -> dict[str, str]:
    issues = validate_form(form_id, values, today=TODAY, context=context, protocol=PROTOCOL)
    return {issue.field: f"{issue.severity}: {issue.message}" for issue in issues}


def _valid_ae() -> dict[str, object]:
    return {
        "term": "Fever", "onset_date": "2026-11-20", "aware_at": "2026-11-20T09:00",
        "grade": "2", "serious_death": "N", "serious_life_threatening": "N",
        "serious_hospitalisation": "N", "serious_disability": "N",
        "serious_congenital_anomaly": "N", "serious_other_medical_event": "N",
        "relationship": "POSSIBLY RELATED", "expected": "U", "action_taken": "DOSE NOT CHANGED",
        "outcome": "RECOVERING/RESOLVING",
    }  # fmt: skip


def test_valid_adverse_event_has_no_issue_and_typed_values() -> None:
    cleaned = clean_form("adverse_event", _valid_ae(), today=TODAY, protocol=PROTOCOL)
    assert cleaned.issues == ()
    assert cleaned.values["onset_date"] == date(2026, 11, 20)
    assert cleaned.values["aware_at"] == datetime(
        2026, 11, 20, 9, 0, tzinfo=clinic_zone()
    )  # the clinic's clock


def test_required_and_unknown_fields() -> None:
    values = _valid_ae()
    del values["term"]
    values["colour"] = "red"
    issues = _by_field("adverse_event", values)
    assert issues == {
        "term": "error: Adverse event term is required.",
        "colour": 'error: "colour" is not a field of the Adverse event form.',
    }


def test_grade_5_needs_fatal_outcome_and_death() -> None:
    values = _valid_ae() | {"grade": 5, "end_date": "2026-11-22"}
    issues = _by_field("adverse_event", values)
    assert set(issues) == {"outcome", "serious_death"}
    assert '"Fatal"' in issues["outcome"]
    fixed = values | {"outcome": "FATAL", "serious_death": True}
    assert _by_field("adverse_event", fixed) == {}


def test_date_order_within_form_and_against_other_forms() -> None:
    values = _valid_ae() | {"end_date": "2026-11-19"}
    assert "cannot be before Onset date" in _by_field("adverse_event", values)["end_date"]
    context = {"consent.consent_date": "2026-11-21"}
    issues = _by_field("adverse_event", _valid_ae(), context=context)
    assert "Date consent signed" in issues["onset_date"]


def test_future_dates_are_refused() -> None:
    issues = _by_field("adverse_event", _valid_ae() | {"onset_date": "2026-11-30"})
    assert issues["onset_date"].startswith("error: Onset date cannot be in the future")


def test_lab_ranges_in_either_unit() -> None:
    base = {"bilirubin": Measurement(Decimal(1100), "umol/L"), "sodium": ("118", "mmol/L")}
    issues = _by_field("visit", base)
    assert issues["bilirubin"].startswith("error: Total bilirubin must be between 0.1 and 60")
    assert "(64.33 mg/dL)" in issues["bilirubin"]
    assert issues["sodium"].startswith("warning: Sodium of 118 mmol/L is unusual")
    cleaned = clean_form(
        "visit", {"bilirubin": {"value": "34.2", "unit": "umol/L"}}, today=TODAY, protocol=PROTOCOL
    )
    lab = cleaned.values["bilirubin"]
    assert isinstance(lab, StandardizedLab) and lab.standard_value == 2
    assert "bilirubin" not in {issue.field for issue in cleaned.issues}


def test_more_decimals_than_the_unit_takes_are_refused_in_english_and_chinese() -> None:
    # Bilirubin: 2 decimals in mg/dL, 1 in umol/L; sodium whole numbers; weight 1 decimal.
    values = {
        "bilirubin": {"value": "17.15", "unit": "umol/L"},
        "sodium": "140.5",
        "weight": "72.35",
        "inr": "1.234",
    }
    issues = validate_form("visit", values, today=TODAY, protocol=PROTOCOL)
    by_field = {issue.field: issue for issue in issues if issue.severity == "error"}
    assert by_field["bilirubin"].message == (
        "Total bilirubin is recorded with one decimal at most; round 17.15 umol/L to 17.2 umol/L."
    )
    assert (
        by_field["sodium"].message
        == "Sodium is recorded without decimals; round 140.5 mmol/L to 141 mmol/L."
    )
    assert (
        by_field["weight"].message
        == "Body weight is recorded with one decimal at most; round 72.35 kg to 72.4 kg."
    )
    assert (
        by_field["inr"].message == "INR is recorded with 2 decimals at most; round 1.234 to 1.23."
    )
    assert by_field["bilirubin"].message.render("zh", translate) == (
        "总胆红素最多记录一位小数；请将 17.15 umol/L 修约为 17.2 umol/L。"
    )
    assert (
        by_field["sodium"].message.render("zh", translate)
        == "血钠不带小数记录；请将 140.5 mmol/L 修约为 141 mmol/L。"
    )
    assert (
        by_field["inr"].message.render("zh", translate)
        == "国际标准化比值最多记录 2 位小数；请将 1.234 修约为 1.23。"
    )


def test_decimals_follow_the_unit_and_zeros_past_them_are_dropped() -> None:
    cleaned = clean_form(
        "visit",
        {
            "bilirubin": {"value": "1.25", "unit": "mg/dL"},
            "weight": "72.30",
            "sodium": ("140.0", "mEq/L"),
        },
        today=TODAY,
        protocol=PROTOCOL,
    )
    assert [
        issue for issue in cleaned.issues if issue.field in ("bilirubin", "weight", "sodium")
    ] == []
    bilirubin = cleaned.values["bilirubin"]
    assert isinstance(bilirubin, StandardizedLab) and bilirubin.original.value == Decimal("1.25")
    sodium = cleaned.values["sodium"]
    assert isinstance(sodium, StandardizedLab) and str(sodium.original.value) == "140"
    assert str(cleaned.values["weight"]) == "72.3"
    refused = _by_field("visit", {"bilirubin": {"value": "1.25", "unit": "umol/L"}})
    assert refused["bilirubin"].startswith(
        "error: Total bilirubin is recorded with one decimal at most"
    )


def test_bad_types_are_errors_with_a_sentence() -> None:
    issues = _by_field(
        "infusion",
        {"weight": "heavy", "weight_date": "29/11/2026", "infusion_reaction": "maybe",
         "bag_id": "x" * 41},
    )  # fmt: skip
    assert (
        issues["weight"]
        == 'error: Body weight used for the dose must be a number; "heavy" was entered.'
    )
    assert "must be a date such as 2026-03-01" in issues["weight_date"]
    assert "must be one of: Yes, No" in issues["infusion_reaction"]
    assert "at most 40 characters" in issues["bag_id"]


def test_dosing_weight_range_applies_on_the_infusion_form() -> None:
    issues = _by_field("infusion", {"weight": "29"})
    assert issues["weight"] == (
        "error: Body weight used for the dose must be between 30 and 200 kg; 29 kg was entered."
    )


def test_required_if_rule() -> None:
    issues = _by_field("disposition", {"status": "DEATH", "disposition_date": "2026-11-01"})
    assert issues == {"death_date": 'error: Date of death is required when Disposition is "Death".'}


def test_weight_must_be_at_most_three_days_before_the_infusion() -> None:
    values = {"weight_date": "2026-11-21", "infusion_start": "2026-11-24T10:00"}
    assert "weight_date" not in _by_field("infusion", values)
    late = _by_field("infusion", values | {"weight_date": "2026-11-20"})
    assert late["weight_date"] == (
        "error: Date weighed (2026-11-20) is 4 days before Infusion start; it must be at most "
        "3 days before."
    )


def test_visit_form_offers_only_scheduled_visits() -> None:
    assert "visit_code" in _by_field("visit", {"visit_code": "SCR"})
    assert "visit_code" not in _by_field("visit", {"visit_code": "W12"})


_FORMS = load_protocol().forms
_junk = st.one_of(
    st.none(), st.booleans(), st.integers(), st.text(max_size=12),
    st.floats(allow_nan=True, allow_infinity=True), st.decimals(allow_nan=True),
    st.dates(), st.datetimes(), st.datetimes(timezones=st.just(UTC)),
    st.tuples(st.text(max_size=5), st.text(max_size=8)),
    st.dictionaries(st.sampled_from(["value", "unit"]), st.text(max_size=8)),
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_any_input_gives_issues_never_an_exception(data: st.DataObject) -> None:
    form = data.draw(st.sampled_from(_FORMS))
    names = st.sampled_from(form.field_names)
    values = data.draw(st.dictionaries(names, _junk, max_size=12))
    context = {"consent.consent_date": data.draw(_junk), "registration.date_of_birth": "x"}
    for issue in validate_form(
        form.form_id, values, today=TODAY, context=context, protocol=PROTOCOL
    ):
        assert issue.severity in ("error", "warning")
        assert issue.message.endswith(".")
