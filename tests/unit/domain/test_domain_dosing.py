"""Dose plan: exact volumes, half-up rounding, warnings, input limits and properties."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from msc_desktop.domain.dosing import deciding_decimal, plan_dose
from msc_desktop.errors import ValidationError


def test_worked_example() -> None:
    plan = plan_dose("70", "10000000", "90")
    assert plan.total_cells == 70_000_000
    assert plan.viable_concentration_per_ml == Decimal(9_000_000)
    # 70e6 / 9e6 = 7.777... -> 7.8 mL
    assert plan.volume_ml == Decimal("7.8")
    assert plan.rounding == "half-up to 0.1 mL"
    assert plan.release_allowed and plan.warnings == ()


def test_volume_rounds_half_up_at_the_tie() -> None:
    # 60.5e6 / 1e7 = 6.05 exactly -> 6.1 (half-up), not 6.0 (half-even)
    assert plan_dose("60.5", "10000000", "100").volume_ml == Decimal("6.1")
    assert plan_dose("60.4", "10000000", "100").volume_ml == Decimal("6.0")


def test_dose_per_kg_override_and_float_input_is_exact() -> None:
    plan = plan_dose(70.1, 1e7, 100, dose_per_kg=2_000_000)
    assert plan.total_cells == 140_200_000
    assert plan.volume_ml == Decimal("14.0")


@pytest.mark.parametrize(
    ("viability", "allowed"), [("69.9", False), ("70", True), ("70.1", True), ("100", True)]
)
def test_viability_release_threshold(viability: str, allowed: bool) -> None:
    plan = plan_dose("70", "10000000", viability)
    assert plan.release_allowed is allowed
    assert [w.code for w in plan.warnings] == ([] if allowed else ["LOW_VIABILITY"])


@pytest.mark.parametrize(
    ("weight", "flagged"), [("77", False), ("77.01", True), ("63", False), ("62.99", True)]
)
def test_weight_change_over_ten_percent_is_flagged(weight: str, flagged: bool) -> None:
    plan = plan_dose(weight, "10000000", "90", baseline_weight_kg="70")
    assert [w.code for w in plan.warnings] == (["WEIGHT_CHANGE"] if flagged else [])


@pytest.mark.parametrize(
    ("weight", "ok"), [("29.9", False), ("30", True), ("200", True), ("200.1", False)]
)
def test_weight_limits(weight: str, ok: bool) -> None:
    if ok:
        assert plan_dose(weight, "10000000", "90").weight_kg == Decimal(weight)
    else:
        with pytest.raises(ValidationError, match="Weight must be between 30 and 200 kg"):
            plan_dose(weight, "10000000", "90")


def test_nurse_readable_messages() -> None:
    with pytest.raises(ValidationError) as error:
        plan_dose(250, "10000000", "90")
    assert str(error.value) == "Weight must be between 30 and 200 kg; 250 kg was entered."
    with pytest.raises(ValidationError, match="Viability must be more than 0"):
        plan_dose(70, "10000000", "0")
    with pytest.raises(ValidationError, match="Cell concentration must be between"):
        plan_dose(70, "0", "90")


@pytest.mark.parametrize(("days", "ok"), [(0, True), (3, True), (4, False), (-1, False)])
def test_weight_at_most_three_days_old(days: int, ok: bool) -> None:
    infusion = date(2026, 3, 10)
    weighed = date.fromordinal(infusion.toordinal() - days)
    if ok:
        plan_dose(70, "10000000", "90", weighed_on=weighed, infusion_on=infusion)
    else:
        with pytest.raises(ValidationError, match="weigh|after the infusion"):
            plan_dose(70, "10000000", "90", weighed_on=weighed, infusion_on=infusion)


@pytest.mark.parametrize(
    ("concentration", "ok"),
    [("99999", False), ("100000", True), ("100000000", True), ("100000001", False), ("1", False)],
)
def test_concentration_must_be_a_plausible_product(concentration: str, ok: bool) -> None:
    if ok:
        # 150 mL at the bottom (30 kg x 500,000 cells/kg), 1 mL at the top (200 kg)
        weight = 30 if concentration == "100000" else 200
        plan = plan_dose(weight, concentration, "100", dose_per_kg="500000")
        assert plan.cell_concentration_per_ml == Decimal(concentration)
    else:
        with pytest.raises(
            ValidationError,
            match="Cell concentration must be between 100000 and 100000000 cells/mL",
        ):
            plan_dose(60, concentration, "90")


def test_planned_volume_is_bounded_with_the_reason() -> None:
    # the case: 60 kg at 1 cell/mL used to give 66,666,666.7 mL
    with pytest.raises(ValidationError) as error:
        plan_dose(60, 100000, "90")
    assert str(error.value).startswith(
        "The planned volume 666.7 mL is outside the plausible 1 to 250 mL per infusion"
    )
    assert plan_dose(60, 240000, 100).volume_ml == Decimal(250)  # 60e6 / 240000 = 250.0
    with pytest.raises(ValidationError, match="planned volume 250.1 mL"):
        plan_dose("60.02", 240000, 100)
    assert plan_dose(30, 30_000_000, 100).volume_ml == Decimal(1)
    with pytest.raises(ValidationError, match="planned volume 0.9 mL"):
        plan_dose(30, 33_000_000, 100)


weights = st.decimals(min_value=30, max_value=200, places=2)
concentrations = st.decimals(min_value=Decimal("1e5"), max_value=Decimal("1e8"), places=0)
viabilities = st.decimals(min_value=Decimal("0.1"), max_value=100, places=1)


@settings(max_examples=80, deadline=None)
@given(weights, concentrations, viabilities)
def test_volume_delivers_the_target_within_half_a_step(
    weight: Decimal, concentration: Decimal, viability: Decimal
) -> None:
    exact = weight * 1_000_000 * 100 / (concentration * viability)
    if not Decimal("0.95") <= exact < Decimal("250.05"):
        with pytest.raises(ValidationError, match="planned volume"):
            plan_dose(weight, concentration, viability)
        return
    plan = plan_dose(weight, concentration, viability)
    exact_volume = Decimal(plan.total_cells) / plan.viable_concentration_per_ml
    assert abs(plan.volume_ml - exact_volume) <= Decimal("0.05")
    assert plan.total_cells == int(weight * 1_000_000)


anything = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(),
    st.text(max_size=6),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.none(),
)


@settings(max_examples=80, deadline=None)
@given(anything, anything, anything, anything)
def test_only_validation_errors_escape(a: Any, b: Any, c: Any, d: Any) -> None:
    try:
        plan_dose(a, b, c, baseline_weight_kg=d)
    except ValidationError as error:
        assert str(error).endswith(".")


@pytest.mark.parametrize(
    ("weight", "shown"),
    [("77.007", "10.01"), ("77.0007", "10.001"), ("77.7", "11"), ("62.993", "10.01")],
)
def test_the_weight_change_shows_the_decimal_that_decides(weight: str, shown: str) -> None:
    (warning,) = plan_dose(weight, "10000000", "90", baseline_weight_kg="70").warnings
    assert f" {shown} % " in warning.message and "over the 10 % limit" in warning.message


def test_a_change_just_under_the_limit_is_not_shown_as_the_limit() -> None:
    plan = plan_dose("76.97", "10000000", "90", baseline_weight_kg="70")  # +9.957... %
    assert plan.warnings == ()
    assert plan.weight_change_pct is not None
    assert deciding_decimal(plan.weight_change_pct, Decimal(10)) == Decimal("9.96")
    assert deciding_decimal(Decimal(10), Decimal(10)) == Decimal("10.0")
    assert deciding_decimal(Decimal("-2.44"), Decimal(10)) == Decimal("-2.4")
