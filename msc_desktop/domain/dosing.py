"""The MSC dose: cells to give and the volume of product to infuse (DESIGN sections 6 and 7).

Source: protocol XJMSC0001, DESIGN section 7 "Dose"; parameters in resources/protocol.json
("dosing"):
- target cells = dose per kg (1x10^6 viable cells/kg) x body weight, weight measured at most
  3 days before the infusion and within 30..200 kg;
- viable concentration = total cell concentration x viability / 100;
- volume = target cells / viable concentration, rounded half-up to 0.1 mL;
- a plausible product: total concentration 1x10^5..1x10^8 cells/mL, planned volume 1..250 mL per
  infusion; a plan outside either is refused with the reason;
- viability below 70 % blocks release (warning; the infusion log needs a signed override);
- a weight change over 10 % from the baseline weight is flagged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from msc_desktop.domain.decimals import NumberLike, check_between, format_decimal, to_decimal
from msc_desktop.domain.protocol import Protocol
from msc_desktop.domain.protocol_reader import load_protocol
from msc_desktop.errors import ValidationError
from msc_desktop.messages import Message

DoseWarningCode = Literal["LOW_VIABILITY", "WEIGHT_CHANGE"]
_HUNDRED = Decimal(100)


@dataclass(frozen=True)
class DoseWarning:
    """Something the worksheet must show prominently; `code` lets services act on it."""

    code: DoseWarningCode
    message: Message


@dataclass(frozen=True)
class DosePlan:
    """Everything the dosing worksheet prints, computed exactly."""

    weight_kg: Decimal
    dose_per_kg: Decimal
    cell_concentration_per_ml: Decimal
    viability_pct: Decimal
    total_cells: int
    viable_concentration_per_ml: Decimal
    volume_ml: Decimal
    rounding: Message
    release_allowed: bool
    weight_change_pct: Decimal | None
    warnings: tuple[DoseWarning, ...]

    @property
    def volume_shown(self) -> str:
        """The volume written to the rounding step it was rounded to: "21.0", never "21"."""
        return f"{self.volume_ml:f}"


def plan_dose(
    weight_kg: NumberLike,
    cell_concentration_per_ml: NumberLike,
    viability_pct: NumberLike,
    dose_per_kg: NumberLike | None = None,
    *,
    baseline_weight_kg: NumberLike | None = None,
    weighed_on: date | None = None,
    infusion_on: date | None = None,
    protocol: Protocol | None = None,
) -> DosePlan:
    """Compute the dose under `protocol`'s dosing rules (default: the current version);
    `dose_per_kg` defaults to the protocol's (1x10^6 cells/kg).

    Give `baseline_weight_kg` to flag a weight change over the protocol's limit, and
    `weighed_on` with `infusion_on` to enforce the maximum age of the weight.
    Raises `ValidationError` for input out of range.
    """
    dosing = (protocol or load_protocol()).dosing
    weight_range = dosing.weight_range_kg
    weight_label = Message("Weight")
    weight = check_between(
        to_decimal(weight_kg, weight_label), weight_range.low, weight_range.high, weight_label, "kg"
    )
    concentration_range = dosing.cell_concentration_range_per_ml
    concentration_label = Message("Cell concentration")
    concentration = check_between(
        to_decimal(cell_concentration_per_ml, concentration_label),
        concentration_range.low,
        concentration_range.high,
        concentration_label,
        "cells/mL",
    )
    viability = to_decimal(viability_pct, Message("Viability"))
    if not 0 < viability <= _HUNDRED:
        raise ValidationError(
            "Viability must be more than 0 and at most 100 %; {viability} % was entered.",
            viability=format_decimal(viability),
        )
    per_kg = (
        dosing.dose_per_kg
        if dose_per_kg is None
        else to_decimal(dose_per_kg, Message("Dose per kg"))
    )
    if per_kg <= 0:
        raise ValidationError(
            "Dose per kg must be more than 0 cells/kg; {dose} was entered.",
            dose=format_decimal(per_kg),
        )
    _check_weight_age(weighed_on, infusion_on, dosing.weight_max_age_days)

    total_cells = int((weight * per_kg).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    viable_concentration = concentration * viability / _HUNDRED
    volume = (total_cells / viable_concentration).quantize(
        dosing.volume_step_ml, rounding=ROUND_HALF_UP
    )
    volume_range = dosing.volume_range_ml
    if volume not in volume_range:
        raise ValidationError(
            "The planned volume {volume} mL is outside the plausible {low} to {high} mL per "
            "infusion ({cells} cells at {viable} viable cells/mL); check the weight, the cell "
            "concentration and the viability.",
            volume=f"{volume:f}",
            low=format_decimal(volume_range.low),
            high=format_decimal(volume_range.high),
            cells=f"{total_cells:,}",
            viable=f"{int(viable_concentration.quantize(Decimal(1), rounding=ROUND_HALF_UP)):,}",
        )
    warnings: list[DoseWarning] = []
    threshold = dosing.viability_release_threshold_pct
    release_allowed = viability >= threshold
    if not release_allowed:
        warnings.append(
            DoseWarning(
                "LOW_VIABILITY",
                Message(
                    "Viability is {viability} %, below the {threshold} % release threshold: the "
                    "product may not be released without an investigator's signed override.",
                    viability=format_decimal(viability),
                    threshold=format_decimal(threshold),
                ),
            )
        )
    change_pct = _weight_change_pct(weight, baseline_weight_kg, weight_range.low, weight_range.high)
    if change_pct is not None and abs(change_pct) > dosing.weight_change_flag_pct:
        change = format_decimal(abs(deciding_decimal(change_pct, dosing.weight_change_flag_pct)))
        limit = format_decimal(dosing.weight_change_flag_pct)
        warning = (
            Message(
                "Weight is {change} % more than at baseline, over the {limit} % limit: "
                "check the weight.",
                change=change,
                limit=limit,
            )
            if change_pct > 0
            else Message(
                "Weight is {change} % less than at baseline, over the {limit} % limit: "
                "check the weight.",
                change=change,
                limit=limit,
            )
        )
        warnings.append(DoseWarning("WEIGHT_CHANGE", warning))
    return DosePlan(
        weight_kg=weight,
        dose_per_kg=per_kg,
        cell_concentration_per_ml=concentration,
        viability_pct=viability,
        total_cells=total_cells,
        viable_concentration_per_ml=viable_concentration,
        volume_ml=volume,
        rounding=Message("half-up to {step} mL", step=format_decimal(dosing.volume_step_ml)),
        release_allowed=release_allowed,
        weight_change_pct=change_pct,
        warnings=tuple(warnings),
    )


def deciding_decimal(value: Decimal, limit: Decimal) -> Decimal:
    """`value` rounded half-up to a tenth, or to as many more places as it takes for the shown
    number to fall on the same side of `limit` (by size) as the exact one: 10.01 against a 10 %
    limit shows as 10.01, never as a "10" that would seem within it."""
    over = abs(value) > limit
    for places in range(1, 29):
        shown = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        if (abs(shown) > limit) == over and (abs(shown) != limit or abs(value) == limit):
            return shown
    return value


def _check_weight_age(weighed_on: date | None, infusion_on: date | None, max_days: int) -> None:
    if weighed_on is None and infusion_on is None:
        return
    if weighed_on is None or infusion_on is None:
        raise ValidationError("Give both the date weighed and the infusion date, or neither.")
    age_days = (infusion_on - weighed_on).days
    if age_days < 0:
        raise ValidationError(
            "The weight was recorded on {weighed_on}, after the infusion date {infusion_on}; "
            "check both dates.",
            weighed_on=weighed_on.isoformat(),
            infusion_on=infusion_on.isoformat(),
        )
    if age_days > max_days:
        raise ValidationError(
            "The weight was measured {age_days} days before the infusion; weigh the participant "
            "again (it must be at most {max_days} days old).",
            age_days=age_days,
            max_days=max_days,
        )


def _weight_change_pct(
    weight: Decimal, baseline: NumberLike | None, low: Decimal, high: Decimal
) -> Decimal | None:
    """Signed change from baseline in percent, or None without a baseline."""
    if baseline is None:
        return None
    label = Message("Baseline weight")
    baseline_kg = check_between(to_decimal(baseline, label), low, high, label, "kg")
    return (weight - baseline_kg) * _HUNDRED / baseline_kg


def volume_off_plan(infused: Decimal, planned: Decimal, protocol: Protocol) -> bool:
    """The infused volume is further from the planned one than the protocol allows
    (`dosing.volume_deviation_pct`): a protocol deviation at the site, a query at the centre
    when none was recorded."""
    limit = protocol.dosing.volume_deviation_pct
    return bool(planned) and abs(infused - planned) * 100 > limit * planned
