"""Eligibility: age at consent, decompensation, and one flip per criterion with the reason named."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from msc_desktop.domain.eligibility import age_at, decompensation, evaluate_eligibility
from msc_desktop.domain.forms import clean_form
from msc_desktop.domain.protocol_reader import load_protocol
from msc_desktop.domain.units import Measurement
from msc_desktop.errors import ValidationError

PROTOCOL = load_protocol()

CONSENT = date(2026, 11, 1)
#: HBsAg positive a month before consent; cirrhosis on elastography well above the threshold.
HBV_EVIDENCE: dict[str, Any] = {
    "hbsag": "POSITIVE", "hbsag_date": date(2026, 10, 1), "hbv_dna_status": "NOT_DONE",
    "cirrhosis_method": "ELASTOGRAPHY", "liver_stiffness": Decimal("21.5"),
    "cirrhosis_date": date(2026, 9, 15),
}  # fmt: skip
ANSWERED = [c.answer_field for c in load_protocol().eligibility.criteria if c.answer_field]


def _eligible_screening() -> dict[str, Any]:
    # Child-Pugh 2 + 3 + 2 + 2 + 1 = 10; decompensated through ascites.
    values: dict[str, Any] = {
        "bilirubin": Decimal("2.5"), "albumin": Decimal("2.5"), "inr": Decimal("2.0"),
        "ascites": "slight", "encephalopathy_grade": "0", "variceal_bleeding": "N",
        "etiology_hcv": "N", "etiology_hdv": "N", "etiology_hev": "N",
        "etiology_hiv": "N", "lab_date": date(2026, 10, 30),
    }  # fmt: skip
    values.update(HBV_EVIDENCE)
    values.update({name: "N" for name in ANSWERED})
    return values


def _evaluate(screening: dict[str, Any], **overrides: Any) -> Any:
    arguments: dict[str, Any] = {
        "date_of_birth": date(1970, 5, 1),
        "consent_date": CONSENT,
        "written_consent": True,
    }
    arguments.update(overrides)
    return evaluate_eligibility(screening, **arguments, protocol=PROTOCOL)


def test_baseline_is_eligible() -> None:
    result = _evaluate(_eligible_screening())
    assert result.verdict == "eligible"
    assert result.age_years == 56
    assert result.child_pugh is not None and result.child_pugh.score == 10
    assert result.unmet == () and result.missing == ()


def _screening_change(**changes: Any) -> Callable[[], tuple[dict[str, Any], dict[str, Any]]]:
    def make() -> tuple[dict[str, Any], dict[str, Any]]:
        return _eligible_screening() | changes, {}

    return make


def _argument_change(**changes: Any) -> Callable[[], tuple[dict[str, Any], dict[str, Any]]]:
    def make() -> tuple[dict[str, Any], dict[str, Any]]:
        return _eligible_screening(), changes

    return make


FLIPS: dict[str, Callable[[], tuple[dict[str, Any], dict[str, Any]]]] = {
    "IN01": _argument_change(date_of_birth=date(1960, 11, 1)),
    "IN02": _screening_change(hbsag="NEGATIVE"),
    "IN03": _screening_change(bilirubin=Decimal("1.0"), albumin=Decimal("4.0"), inr=Decimal("1.0")),
    "IN04": _screening_change(ascites="absent"),
    "IN05": _argument_change(written_consent=False),
    "EX01": _screening_change(ex_malignancy="Y"),
    "EX02": _screening_change(ex_organ_disease="Y"),
    "EX03": _screening_change(ex_pregnant_lactating="Y"),
    "EX04": _screening_change(ex_bacterial_infection="Y"),
    "EX05": _screening_change(ex_follow_up_difficulty="Y"),
    "EX06": _screening_change(etiology_hdv="Y"),
    "EX07": _screening_change(ex_substance_abuse="Y"),
    "EX08": _screening_change(ex_biologic_allergy="Y"),
    "EX09": _screening_change(ex_investigator_judgement="Y"),
}


def test_every_protocol_criterion_has_a_flip_test() -> None:
    assert sorted(FLIPS) == sorted(c.code for c in load_protocol().eligibility.criteria)


@pytest.mark.parametrize("code", sorted(FLIPS))
def test_criterion_alone_flips_the_verdict(code: str) -> None:
    screening, arguments = FLIPS[code]()
    result = _evaluate(screening, **arguments)
    assert result.verdict == "not_eligible"
    assert [outcome.criterion.code for outcome in result.unmet] == [code]
    assert result.unmet[0].reason.startswith(f"{code}: ")


@pytest.mark.parametrize(
    "coinfection", ["etiology_hcv", "etiology_hdv", "etiology_hev", "etiology_hiv"]
)
def test_each_coinfection_excludes(coinfection: str) -> None:
    result = _evaluate(_eligible_screening() | {coinfection: "Y"})
    assert [outcome.criterion.code for outcome in result.unmet] == ["EX06"]
    assert coinfection.removeprefix("etiology_").upper() in result.unmet[0].reason


@pytest.mark.parametrize(
    ("date_of_birth", "eligible"),
    [
        (date(2008, 11, 1), True),  # 18 today
        (date(2008, 11, 2), False),  # 17, turns 18 tomorrow
        (date(1960, 11, 2), True),  # 65, turns 66 tomorrow
        (date(1960, 11, 1), False),  # 66 today
    ],
)
def test_age_limits_are_inclusive(date_of_birth: date, eligible: bool) -> None:
    result = _evaluate(_eligible_screening(), date_of_birth=date_of_birth)
    assert (result.verdict == "eligible") is eligible


def test_age_at_leap_day_birthday() -> None:
    assert age_at(date(2000, 2, 29), date(2019, 2, 28)) == 18
    assert age_at(date(2000, 2, 29), date(2019, 3, 1)) == 19
    with pytest.raises(ValidationError, match="after"):
        age_at(date(2000, 1, 2), date(2000, 1, 1))


@pytest.mark.parametrize(
    ("bilirubin", "state"),
    [("3.0", "absent"), ("3.01", "present"),
     (Measurement(Decimal("51.3"), "umol/L"), "absent"),
     (Measurement(Decimal("51.4"), "umol/L"), "present")],
)  # fmt: skip
def test_jaundice_means_bilirubin_above_3(bilirubin: Any, state: str) -> None:
    screening = {"ascites": "absent", "encephalopathy_grade": 0, "variceal_bleeding": "N"}
    assert decompensation(screening | {"bilirubin": bilirubin}, PROTOCOL) == state


@pytest.mark.parametrize(
    "sign", [{"ascites": "moderate"}, {"encephalopathy_grade": "1"}, {"variceal_bleeding": "Y"}]
)
def test_each_sign_of_decompensation(sign: dict[str, Any]) -> None:
    screening = {
        "ascites": "absent", "encephalopathy_grade": 0, "variceal_bleeding": "N", "bilirubin": 1
    }  # fmt: skip
    assert decompensation(screening, PROTOCOL) == "absent"
    assert decompensation(screening | sign, PROTOCOL) == "present"


def test_missing_and_not_known_answers_make_it_incomplete_and_are_named() -> None:
    screening = _eligible_screening()
    del screening["ex_malignancy"]
    screening["ex_organ_disease"] = "U"
    del screening["albumin"]
    result = _evaluate(screening)
    assert result.verdict == "incomplete"
    missing = {outcome.criterion.code: outcome.reason for outcome in result.missing}
    assert set(missing) == {"EX01", "EX02", "IN03"}
    assert "not answered" in missing["EX01"]
    assert "not known" in missing["EX02"]
    assert "albumin" in missing["IN03"]


def test_a_failed_criterion_wins_over_missing_answers() -> None:
    screening = _eligible_screening() | {"hbsag": "NEGATIVE"}
    del screening["ex_malignancy"]
    result = _evaluate(screening)
    assert result.verdict == "not_eligible"
    assert [o.criterion.code for o in result.missing] == ["EX01"]


def test_cleaned_screening_form_values_work_directly() -> None:
    raw: dict[str, object] = {key: str(value) for key, value in _eligible_screening().items()}
    raw["bilirubin"] = {"value": "42.8", "unit": "umol/L"}  # 2.503 mg/dL (umol/L takes one decimal)
    raw["albumin"] = {"value": "25", "unit": "g/L"}
    cleaned = clean_form("screening", raw, today=date(2026, 11, 29), protocol=PROTOCOL)
    result = _evaluate(dict(cleaned.values))
    assert result.verdict == "eligible"
    assert result.child_pugh is not None and result.child_pugh.score == 10


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.sampled_from(ANSWERED), st.sampled_from(["Y", "N", "U"])))
def test_verdict_matches_the_answers(answers: dict[str, str]) -> None:
    screening = _eligible_screening() | answers
    result = _evaluate(screening)
    values = set(answers.values())
    expected = "not_eligible" if "Y" in values else "incomplete" if "U" in values else "eligible"
    assert result.verdict == expected


@pytest.mark.parametrize(
    ("drawn", "randomized", "eligible"),
    [
        (date(2026, 10, 4), None, True),  # consent minus 28 days
        (date(2026, 10, 3), None, False),  # consent minus 29 days
        (date(2025, 8, 1), None, False),  # 15 months before consent (the case)
        (date(2026, 10, 30), date(2026, 11, 27), True),  # 28 days before randomization
        (date(2026, 10, 30), date(2026, 11, 28), False),  # 29 days
    ],
)
def test_labs_count_only_inside_the_window(
    drawn: date, randomized: date | None, eligible: bool
) -> None:
    result = _evaluate(_eligible_screening() | {"lab_date": drawn}, randomization_date=randomized)
    if eligible:
        assert result.verdict == "eligible" and result.child_pugh is not None
        return
    assert result.verdict == "incomplete" and result.child_pugh is None
    missing = {outcome.criterion.code: outcome.reason for outcome in result.missing}
    assert list(missing) == ["IN03"]  # decompensation still rests on the ascites
    expected = (
        "IN03: the Child-Pugh score cannot be computed: the labs were drawn on "
        f"{drawn.isoformat()}, "
    ) + (
        ("more than 28 days before consent on 2026-11-01; enter labs drawn on 2026-10-04 or later.")
        if randomized is None
        else (
            "29 days before randomization on 2026-11-28 (at most 28 days are allowed); enter "
            "new labs."
        )
    )
    assert missing["IN03"] == expected


def test_undated_labs_are_not_used_and_jaundice_alone_cannot_decide() -> None:
    screening = _eligible_screening() | {"ascites": "absent", "bilirubin": Decimal("3.5")}
    assert _evaluate(screening).decompensation == "present"
    del screening["lab_date"]
    result = _evaluate(screening)
    missing = {outcome.criterion.code: outcome.reason for outcome in result.missing}
    assert result.verdict == "incomplete" and result.decompensation == "unknown"
    assert missing["IN04"] == (
        "IN04: no sign of decompensation is recorded and the bilirubin cannot be used: "
        "the date blood was drawn is not recorded, so the labs cannot be used."
    )


# -- IN02: HBV-related cirrhosis rests on the HBsAg result and the basis of the diagnosis --------


def _in02(**changes: Any) -> Any:
    screening = _eligible_screening() | changes
    for name, value in changes.items():
        if value is None:
            del screening[name]
    result = _evaluate(screening)
    return next(o for o in result.outcomes if o.criterion.code == "IN02"), result.verdict


def test_in02_threshold_is_declared_with_its_source() -> None:
    rules = load_protocol().eligibility
    assert rules.cirrhosis_stiffness_min_kpa == Decimal(15)
    assert rules.hbsag_max_days_before_consent == 183
    rule = load_protocol().criterion("IN02").rule
    assert rule is not None and "Baveno" in rule.en and "Baveno" in rule.zh
    assert "183" in rule.en and "15 kPa" in rule.en


@pytest.mark.parametrize(
    ("stiffness", "status", "shown"),
    [("14.9", "not_satisfied", "14.9"), ("14.99", "not_satisfied", "14.99"),
     ("15", "satisfied", "15"), ("15.0", "satisfied", "15"), ("15.01", "satisfied", "15.01"),
     ("75", "satisfied", "75")],
)  # fmt: skip
def test_in02_elastography_at_just_below_and_just_above_the_threshold(
    stiffness: str, status: str, shown: str
) -> None:
    outcome, verdict = _in02(liver_stiffness=Decimal(stiffness))
    assert outcome.status == status
    assert verdict == ("eligible" if status == "satisfied" else "not_eligible")
    if status == "satisfied":
        assert outcome.reason == (
            f"IN02: HBsAg positive on 2026-10-01; liver stiffness {shown} kPa is at least 15 kPa."
        )
    else:
        assert outcome.reason == (
            f"IN02: liver stiffness {shown} kPa is below 15 kPa, which does not show cirrhosis."
        )


def test_in02_stiffness_given_as_text_is_compared_exactly() -> None:
    assert _in02(liver_stiffness="14.999999")[0].status == "not_satisfied"
    assert _in02(liver_stiffness="15.000")[0].status == "satisfied"


@pytest.mark.parametrize(
    ("method", "shown"),
    [("BIOPSY", "cirrhosis shown by liver biopsy"), ("IMAGING", "cirrhosis shown by imaging"),
     ("CLINICAL", "cirrhosis diagnosed clinically")],
)  # fmt: skip
def test_in02_other_methods_need_no_stiffness(method: str, shown: str) -> None:
    outcome, verdict = _in02(cirrhosis_method=method, liver_stiffness=None)
    assert (outcome.status, verdict) == ("satisfied", "eligible")
    assert outcome.reason == f"IN02: HBsAg positive on 2026-10-01; {shown}."


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"hbsag": None}, "IN02: the HBsAg result is not recorded."),
        ({"hbsag_date": None}, "IN02: the HBsAg test date is not recorded."),
        ({"cirrhosis_method": None}, "IN02: how the cirrhosis was diagnosed is not recorded."),
        ({"cirrhosis_date": None},
         "IN02: the date of the examination that showed cirrhosis is not recorded."),
        ({"liver_stiffness": None}, "IN02: the liver stiffness (kPa) is not recorded."),
        ({"hbsag": None, "cirrhosis_method": None},
         ("IN02: the HBsAg result is not recorded; "
          "how the cirrhosis was diagnosed is not recorded.")),
    ],
)  # fmt: skip
def test_in02_a_missing_item_leaves_it_not_determinable(
    changes: dict[str, Any], reason: str
) -> None:
    outcome, verdict = _in02(**changes)
    assert (outcome.status, verdict) == ("missing", "incomplete")
    assert outcome.reason == reason


def test_in02_negative_hbsag_fails_even_while_the_cirrhosis_is_missing() -> None:
    outcome, verdict = _in02(hbsag="NEGATIVE", cirrhosis_method=None)
    assert (outcome.status, verdict) == ("not_satisfied", "not_eligible")
    assert outcome.reason == "IN02: HBsAg is negative, so the cirrhosis is not HBV-related."


@pytest.mark.parametrize(
    ("tested", "status"),
    [(date(2026, 5, 2), "satisfied"),  # consent 2026-11-01 minus 183 days
     (date(2026, 5, 1), "missing"),  # 184 days before consent
     (date(2024, 1, 1), "missing")],
)  # fmt: skip
def test_in02_hbsag_test_window_before_consent(tested: date, status: str) -> None:
    outcome, _verdict = _in02(hbsag_date=tested)
    assert outcome.status == status
    if status == "missing":
        assert outcome.reason == (
            f"IN02: the HBsAg test of {tested.isoformat()} is more than 183 days before consent on "
            "2026-11-01 (enter a test from 2026-05-02 or later)."
        )


def test_in02_hbv_dna_is_recorded_but_does_not_decide() -> None:
    for status in ("NOT_DONE", "NOT_DETECTED", "QUANTIFIED"):
        assert _in02(hbv_dna_status=status)[0].status == "satisfied"
