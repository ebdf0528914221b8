"""Score and unit boundaries (at, just below, just above; both unit systems) and properties."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from msc_desktop.domain import scores, units
from msc_desktop.domain.protocol_reader import load_protocol
from msc_desktop.errors import ValidationError

PROTOCOL = load_protocol()


def units_to_standard(test: str, unit: str, value: str) -> Decimal:
    """`value` in `unit` in the standard unit of lab test `test`, under the current protocol."""
    return units.to_standard(test, value, unit, PROTOCOL)


def units_from_standard(test: str, unit: str, value: str) -> Decimal:
    return units.from_standard(test, value, unit, PROTOCOL)


PROPERTY_SETTINGS = settings(max_examples=60, deadline=None)


def _untyped(value: Any) -> Any:
    """Pass a wrongly typed value on purpose, as a caller without type checking could."""
    return value


def _bilirubin_points(mg_dl: Any) -> int:
    return scores.child_pugh(mg_dl, "4.0", "1.0", "absent", 0).bilirubin_points


def _albumin_points(g_dl: Any) -> int:
    return scores.child_pugh("1.0", g_dl, "1.0", "absent", 0).albumin_points


def _inr_points(inr: Any) -> int:
    return scores.child_pugh("1.0", "4.0", inr, "absent", 0).inr_points


@pytest.mark.parametrize(
    ("mg_dl", "umol_l", "points"),
    [
        ("1.99", "34.1", 1),
        ("2.0", "34.2", 2),
        ("2.01", "34.3", 2),
        ("2.99", "51.2", 2),
        ("3.0", "51.3", 2),
        ("3.01", "51.4", 3),
    ],
)
def test_bilirubin_points_in_both_unit_systems(mg_dl: str, umol_l: str, points: int) -> None:
    assert _bilirubin_points(mg_dl) == points
    assert _bilirubin_points(units_to_standard("BILI", "umol/L", umol_l)) == points


@pytest.mark.parametrize(
    ("g_dl", "g_l", "points"),
    [
        ("3.51", "35.1", 1),
        ("3.5", "35", 2),
        ("3.49", "34.9", 2),
        ("2.81", "28.1", 2),
        ("2.8", "28", 2),
        ("2.79", "27.9", 3),
    ],
)
def test_albumin_points_in_both_unit_systems(g_dl: str, g_l: str, points: int) -> None:
    assert _albumin_points(g_dl) == points
    assert _albumin_points(units_to_standard("ALB", "g/L", g_l)) == points


@pytest.mark.parametrize(
    ("inr", "points"),
    [("1.69", 1), ("1.7", 2), ("1.71", 2), ("2.29", 2), ("2.3", 2), ("2.31", 3), (2.3, 2)],
)
def test_inr_points(inr: Any, points: int) -> None:
    assert _inr_points(inr) == points


@pytest.mark.parametrize(("grade", "points"), [(0, 1), (1, 2), (2, 2), (3, 3), (4, 3), ("2", 2)])
def test_encephalopathy_points(grade: int | str, points: int) -> None:
    assert scores.child_pugh("1.0", "4.0", "1.0", "absent", grade).encephalopathy_points == points


@pytest.mark.parametrize(("ascites", "points"), [("absent", 1), ("slight", 2), ("moderate", 3)])
def test_ascites_points(ascites: str, points: int) -> None:
    assert scores.child_pugh("1.0", "4.0", "1.0", ascites, 0).ascites_points == points


@pytest.mark.parametrize(
    ("score", "cp_class"), [(5, "A"), (6, "A"), (7, "B"), (9, "B"), (10, "C"), (15, "C")]
)
def test_child_pugh_class_boundaries(score: int, cp_class: str) -> None:
    assert scores.child_pugh_class(score) == cp_class


def test_conversions_are_exact() -> None:
    assert units_to_standard("BILI", "umol/L", "34.2") == Decimal(2)
    assert units_from_standard("BILI", "umol/L", "3") == Decimal("51.3")
    assert units_to_standard("CREAT", "umol/L", "88.4") == Decimal(1)
    assert units_from_standard("CREAT", "umol/L", "4") == Decimal("353.6")
    assert units_to_standard("ALB", "g/L", "35") == Decimal("3.5")
    assert units_from_standard("ALB", "g/L", "2.8") == Decimal(28)
    assert units_to_standard("BILI", "umol/L", "51.4") > 3
    assert units.to_standard("HGB", "125", "g/L", PROTOCOL) == Decimal("12.5")


def test_unknown_unit_is_refused_with_the_accepted_units() -> None:
    with pytest.raises(ValidationError, match="mg/dL or umol/L"):
        units.to_standard("BILI", "20", "mmol/L", PROTOCOL)


def test_meld_floors_caps_and_dialysis() -> None:
    assert scores.meld("0.5", "0.8", "0.6") == scores.meld("1.0", "1.0", "1.0") == 6
    assert scores.meld("1.0", "1.0", "5.0") == scores.meld("1.0", "1.0", "4.0")
    assert scores.meld("1.0", "1.0", "3.9") < scores.meld("1.0", "1.0", "4.0")
    assert scores.meld("2.0", "1.5", "1.0", dialysis=True) == scores.meld("2.0", "1.5", "4.0")
    assert scores.meld("50", "10", "20") == 40


def test_meld_na_applies_above_eleven_only() -> None:
    # 0.957 ln(1.6) + 0.643 = 1.093 -> MELD 11; 0.957 ln(1.7) + 0.643 = 1.151 -> MELD 12.
    assert scores.meld("1", "1", "1.6") == 11
    assert scores.meld_na("1", "1", "1.6", "125") == 11
    assert scores.meld("1", "1", "1.7") == 12
    # 12 + 1.32 x 12 - 0.033 x 12 x 12 = 23.088 -> 23
    assert scores.meld_na("1", "1", "1.7", "125") == 23


def test_meld_na_sodium_clamped_to_125_137() -> None:
    assert scores.meld_na("3", "2", "2", "120") == scores.meld_na("3", "2", "2", "125")
    assert scores.meld_na("3", "2", "2", "140") == scores.meld_na("3", "2", "2", "137")
    assert scores.meld_na("3", "2", "2", "137") == scores.meld("3", "2", "2")
    assert scores.meld_na("3", "2", "2", "126") < scores.meld_na("3", "2", "2", "125")


def test_meld_3_clamps() -> None:
    args = ("2.0", "130", "1.5")
    assert scores.meld_3("M", *args, "3.0", "1.0") == scores.meld_3("M", *args, "4.5", "1.0")
    assert scores.meld_3("M", *args, "1.2", "1.5") == scores.meld_3("M", *args, "1.2", "1.0")
    assert scores.meld_3("M", *args, "1.2", "3.5") == scores.meld_3("M", *args, "1.2", "4.5")
    assert scores.meld_3("M", *args, "1.0", "3.0", dialysis=True) == scores.meld_3(
        "M", *args, "3.0", "3.0"
    )
    assert scores.meld_3("F", "1", "137", "1", "1", "3.5") == 7


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: scores.child_pugh("abc", 4, 1, "absent", 0), "Total bilirubin must be a number"),
        (lambda: scores.child_pugh(80, 4, 1, "absent", 0), "between 0.1 and 60 mg/dL; 80 mg/dL"),
        (lambda: scores.child_pugh(1, 4, 1, "severe", 0), "absent, slight or moderate"),
        (lambda: scores.child_pugh(1, 4, 1, "absent", 5), "from 0 to 4"),
        (lambda: scores.meld(1, float("nan"), 1), "INR must be a number"),
        (lambda: scores.meld("1e-999999", 1, 1), "sensible size"),
        (lambda: scores.meld(1, 1, 1, dialysis=_untyped("yes")), "yes or no"),
        (lambda: scores.meld_3("X", 1, 137, 1, 1, 3.5), "F or M"),
    ],
)
def test_bad_input_gives_a_sentence(call: Callable[[], object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        call()


def _lab(low: str, high: str) -> st.SearchStrategy[Decimal]:
    return st.decimals(min_value=Decimal(low), max_value=Decimal(high), places=2)


bilirubin = _lab("0.1", "60")
albumin = _lab("0.5", "7")
inr = _lab("0.5", "15")
creatinine = _lab("0.1", "25")
sodium = _lab("100", "180")
ascites = st.sampled_from(["absent", "slight", "moderate"])
grades = st.integers(min_value=0, max_value=4)


@PROPERTY_SETTINGS
@given(bilirubin, bilirubin, albumin, albumin, inr, inr, ascites, grades)
def test_child_pugh_in_range_and_monotone(
    bili_a: Decimal,
    bili_b: Decimal,
    alb_a: Decimal,
    alb_b: Decimal,
    inr_a: Decimal,
    inr_b: Decimal,
    asc: str,
    grade: int,
) -> None:
    low = scores.child_pugh(min(bili_a, bili_b), max(alb_a, alb_b), min(inr_a, inr_b), asc, grade)
    high = scores.child_pugh(max(bili_a, bili_b), min(alb_a, alb_b), max(inr_a, inr_b), asc, grade)
    assert 5 <= low.score <= high.score <= 15
    assert low.cp_class <= high.cp_class


@PROPERTY_SETTINGS
@given(bilirubin, bilirubin, inr, inr, creatinine, creatinine, sodium, st.booleans())
def test_meld_and_meld_na_in_range_and_monotone(
    bili_a: Decimal,
    bili_b: Decimal,
    inr_a: Decimal,
    inr_b: Decimal,
    cr_a: Decimal,
    cr_b: Decimal,
    na: Decimal,
    dialysis: bool,
) -> None:
    low = (min(bili_a, bili_b), min(inr_a, inr_b), min(cr_a, cr_b))
    high = (max(bili_a, bili_b), max(inr_a, inr_b), max(cr_a, cr_b))
    assert 6 <= scores.meld(*low, dialysis) <= scores.meld(*high, dialysis) <= 40
    assert 6 <= scores.meld_na(*low, na, dialysis) <= scores.meld_na(*high, na, dialysis) <= 40


@PROPERTY_SETTINGS
@given(sodium, sodium, bilirubin, inr, creatinine)
def test_meld_na_does_not_rise_with_sodium(
    na_a: Decimal, na_b: Decimal, bili: Decimal, ratio: Decimal, cr: Decimal
) -> None:
    assert scores.meld_na(bili, ratio, cr, max(na_a, na_b)) <= scores.meld_na(
        bili, ratio, cr, min(na_a, na_b)
    )


@PROPERTY_SETTINGS
@given(
    st.sampled_from(["F", "M"]),
    bilirubin,
    bilirubin,
    inr,
    inr,
    creatinine,
    creatinine,
    sodium,
    albumin,
)
def test_meld_3_in_range_and_monotone_in_bilirubin_inr_creatinine(
    sex: str,
    bili_a: Decimal,
    bili_b: Decimal,
    inr_a: Decimal,
    inr_b: Decimal,
    cr_a: Decimal,
    cr_b: Decimal,
    na: Decimal,
    alb: Decimal,
) -> None:
    low = scores.meld_3(sex, min(bili_a, bili_b), na, min(inr_a, inr_b), min(cr_a, cr_b), alb)
    high = scores.meld_3(sex, max(bili_a, bili_b), na, max(inr_a, inr_b), max(cr_a, cr_b), alb)
    assert 6 <= low <= high <= 40


any_input = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(),
    st.text(max_size=8),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.none(),
    st.booleans(),
)


@PROPERTY_SETTINGS
@given(any_input, any_input, any_input, any_input, any_input, any_input)
def test_scores_raise_only_validation_errors(
    a: Any, b: Any, c: Any, d: Any, e: Any, f: Any
) -> None:
    calls: list[Callable[[], object]] = [
        lambda: scores.child_pugh(a, b, c, d, e),
        lambda: scores.meld(a, b, c),
        lambda: scores.meld_na(a, b, c, d),
        lambda: scores.meld_3("F", a, b, c, d, f),
        lambda: units.to_standard("BILI", a, "umol/L", PROTOCOL),
    ]
    for call in calls:
        try:
            call()
        except ValidationError as error:
            assert str(error).endswith(".")


def test_meld_floors_and_caps_in_si_units() -> None:
    def creatinine(umol_l: str) -> Decimal:
        return units_to_standard("CREAT", "umol/L", umol_l)

    def bilirubin(umol_l: str) -> Decimal:
        return units_to_standard("BILI", "umol/L", umol_l)

    # Creatinine floor 1.0 mg/dL = 88.4 umol/L; cap 4.0 mg/dL = 353.6 umol/L.
    assert units_to_standard("CREAT", "umol/L", "353.6") == 4
    assert scores.meld(1, 1, creatinine("80")) == scores.meld(1, 1, creatinine("88.4"))
    assert scores.meld(1, 1, creatinine("100")) > scores.meld(1, 1, creatinine("88.4"))
    assert scores.meld(1, 1, creatinine("400")) == scores.meld(1, 1, creatinine("353.6"))
    assert scores.meld(1, 1, creatinine("340")) < scores.meld(1, 1, creatinine("353.6"))
    # Bilirubin floor 1.0 mg/dL = 17.1 umol/L.
    assert scores.meld(bilirubin("10"), 1, 2) == scores.meld(bilirubin("17.1"), 1, 2)
    assert scores.meld(bilirubin("25"), 1, 2) > scores.meld(bilirubin("17.1"), 1, 2)


def test_meld_3_caps_in_si_units() -> None:
    def meld_3(creatinine_umol_l: str, albumin_g_l: str) -> int:
        return scores.meld_3(
            "M",
            2,
            130,
            "1.5",
            units_to_standard("CREAT", "umol/L", creatinine_umol_l),
            units_to_standard("ALB", "g/L", albumin_g_l),
        )

    # Creatinine cap 3.0 mg/dL = 265.2 umol/L; albumin clamped to 15..35 g/L.
    assert meld_3("300", "30") == meld_3("265.2", "30")
    assert meld_3("200", "30") < meld_3("265.2", "30")
    assert meld_3("100", "10") == meld_3("100", "15")
    assert meld_3("100", "45") == meld_3("100", "35")
    assert meld_3("100", "25") > meld_3("100", "35")
