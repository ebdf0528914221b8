"""Exact lab unit conversions between the unit a lab reports and the conventional (standard) unit.

Source: DESIGN section 7, "Units": bilirubin umol/L / 17.1 = mg/dL; creatinine umol/L / 88.4 =
mg/dL; albumin g/L / 10 = g/dL. The factors of every lab test are declared in
resources/protocol.json; the named helpers below are the three conversions the scores need.
Results are exact `Decimal` quotients (28 significant digits), never rounded before a threshold:
34.2 umol/L is exactly 2 mg/dL, 51.4 umol/L is 3.0058... mg/dL (above 3).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from msc_desktop.domain.decimals import NumberLike, to_decimal
from msc_desktop.domain.protocol import load_protocol


@dataclass(frozen=True)
class Measurement:
    """A lab value as the lab reported it; `unit` is one of the test's accepted unit codes."""

    value: Decimal
    unit: str


@dataclass(frozen=True)
class StandardizedLab:
    """The original value and unit, and the value in the test's standard unit (for storage)."""

    test_code: str
    original: Measurement
    standard_value: Decimal
    standard_unit: str


def to_standard(test_code: str, value: NumberLike, unit: str) -> Decimal:
    """`value` in `unit` converted to the standard unit of lab test `test_code` (e.g. "BILI")."""
    test = load_protocol().lab_test(test_code)
    return test.unit(unit).to_standard(to_decimal(value, test.label))


def from_standard(test_code: str, value: NumberLike, unit: str) -> Decimal:
    """A standard-unit value of `test_code` expressed in `unit`."""
    test = load_protocol().lab_test(test_code)
    return test.unit(unit).from_standard(to_decimal(value, test.label))


def standardize(test_code: str, value: NumberLike, unit: str) -> StandardizedLab:
    """Everything the store keeps for a lab result: original value and unit, standard value."""
    test = load_protocol().lab_test(test_code)
    number = to_decimal(value, test.label)
    return StandardizedLab(
        test_code=test.code,
        original=Measurement(value=number, unit=unit),
        standard_value=test.unit(unit).to_standard(number),
        standard_unit=test.standard_unit,
    )


def bilirubin_umol_l_to_mg_dl(value: NumberLike) -> Decimal:
    return to_standard("BILI", value, "umol/L")


def bilirubin_mg_dl_to_umol_l(value: NumberLike) -> Decimal:
    return from_standard("BILI", value, "umol/L")


def creatinine_umol_l_to_mg_dl(value: NumberLike) -> Decimal:
    return to_standard("CREAT", value, "umol/L")


def creatinine_mg_dl_to_umol_l(value: NumberLike) -> Decimal:
    return from_standard("CREAT", value, "umol/L")


def albumin_g_l_to_g_dl(value: NumberLike) -> Decimal:
    return to_standard("ALB", value, "g/L")


def albumin_g_dl_to_g_l(value: NumberLike) -> Decimal:
    return from_standard("ALB", value, "g/L")
