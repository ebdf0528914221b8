"""Exact lab unit conversions between the unit a lab reports and the conventional (standard) unit.

Source: DESIGN section 7, "Units": bilirubin umol/L / 17.1 = mg/dL; creatinine umol/L / 88.4 =
mg/dL; albumin g/L / 10 = g/dL. The factors of every lab test are declared in
resources/protocol.json; every conversion takes the `Protocol` it works under.
Results are exact `Decimal` quotients (28 significant digits), never rounded before a threshold:
34.2 umol/L is exactly 2 mg/dL, 51.4 umol/L is 3.0058... mg/dL (above 3).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from msc_desktop.domain.decimals import NumberLike, to_decimal
from msc_desktop.domain.protocol import Protocol


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


def to_standard(test_code: str, value: NumberLike, unit: str, protocol: Protocol) -> Decimal:
    """`value` in `unit` converted to the standard unit of lab test `test_code` (e.g. "BILI")."""
    test = protocol.lab_test(test_code)
    return test.unit(unit).to_standard(to_decimal(value, test.label))


def from_standard(test_code: str, value: NumberLike, unit: str, protocol: Protocol) -> Decimal:
    """A standard-unit value of `test_code` expressed in `unit`."""
    test = protocol.lab_test(test_code)
    return test.unit(unit).from_standard(to_decimal(value, test.label))
