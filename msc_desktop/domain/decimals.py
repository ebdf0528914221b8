"""Exact numbers for clinical rules: parsing user input into `Decimal`, range checks, display.

Every number that reaches a threshold or a rounding goes through `to_decimal`, which converts
int, float, str and Decimal through `str` (so the float 2.3 means exactly 2.3, never
2.29999...). Faults raise `ValidationError` with one sentence a nurse understands, naming the
value by its label (plain text or a protocol label, shown in the interface language).
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TypeAlias

from msc_desktop.domain.wording import Wording, unit_suffix
from msc_desktop.errors import ValidationError

NumberLike: TypeAlias = int | float | str | Decimal

# Input beyond these magnitudes is no clinical quantity; refusing it keeps every later Decimal
# operation far from the context's limits and every message short.
_MAX_MAGNITUDE = Decimal("1e15")
_MIN_MAGNITUDE = Decimal("1e-12")


def format_decimal(value: Decimal) -> str:
    """Plain notation without exponent or trailing zeros: 2.50 -> "2.5", 1E+6 -> "1000000"."""
    if value == value.to_integral_value():
        return f"{value.quantize(Decimal(1)):f}"
    return f"{value.normalize():f}"


def decimal_places(value: Decimal) -> int:
    """The decimal places a value needs: 2.50 -> 1, 17 -> 0, 1E+3 -> 0."""
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def rounded(value: Decimal, places: int) -> Decimal:
    """`value` rounded half up to `places` decimal places, as a lab rounds what it reports."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def to_decimal(value: object, label: Wording, *, decimal_comma: bool = False) -> Decimal:
    """`value` as an exact finite Decimal, or a ValidationError naming `label`.

    `decimal_comma`: the quantity never reaches 1000, so a comma cannot separate thousands and
    "72,5" is read as 72.5. Elsewhere a comma is ambiguous and refused with the fix to type.
    """
    if isinstance(value, bool) or not isinstance(value, (int, float, str, Decimal)):
        raise ValidationError(
            "{label} must be a number; {value!r} was entered.", label=label, value=value
        )
    text = value.strip() if isinstance(value, str) else str(value)
    if text == "":
        raise ValidationError("{label} is missing; enter a number.", label=label)
    if "_" in text:
        raise ValidationError(
            '{label} must be a number without "_"; "{text}" was entered.', label=label, text=text
        )
    if "," in text:
        text = _without_comma(text, label, decimal_comma)
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValidationError(
            '{label} must be a number; "{text}" was entered.', label=label, text=text
        ) from None
    if not number.is_finite() or abs(number) > _MAX_MAGNITUDE or 0 < abs(number) < _MIN_MAGNITUDE:
        raise ValidationError(
            "{label} must be a number of sensible size; {text} was entered.", label=label, text=text
        )
    return number


_COMMA_DECIMAL = re.compile(r"[+-]?[0-9]+,[0-9]+")


def _without_comma(text: str, label: Wording, decimal_comma: bool) -> str:
    if _COMMA_DECIMAL.fullmatch(text):
        if decimal_comma:
            return text.replace(",", ".")
        raise ValidationError(
            "{label}: use a point: {suggestion} (a comma could also separate thousands).",
            label=label,
            suggestion=text.replace(",", "."),
        )
    raise ValidationError(
        "{label}: write the number without commas, e.g. {suggestion}.",
        label=label,
        suggestion=text.replace(",", ""),
    )


def grouped(value: Decimal | int) -> str:
    """Exact plain notation with thousands separators, the same on screen and on paper:
    62500000 -> "62,500,000"."""
    plain = format_decimal(Decimal(value))
    sign = "-" if plain.startswith("-") else ""
    whole, _, fraction = plain.lstrip("-").partition(".")
    return f"{sign}{int(whole):,}" + (f".{fraction}" if fraction else "")


def below_thousand(high: Decimal | None) -> bool:
    """Whether a quantity whose largest possible value is `high` is always below 1000 (so a
    comma in it can only be a decimal comma)."""
    return high is not None and high < 1000


def check_between(
    value: Decimal, low: Decimal, high: Decimal, label: Wording, unit: str
) -> Decimal:
    """`value` itself when low <= value <= high, else a ValidationError quoting range and input."""
    if low <= value <= high:
        return value
    raise ValidationError(
        "{label} must be between {low} and {high}{unit}; {value}{unit} was entered.",
        label=label,
        low=format_decimal(low),
        high=format_decimal(high),
        value=format_decimal(value),
        unit=unit_suffix(unit),
    )
