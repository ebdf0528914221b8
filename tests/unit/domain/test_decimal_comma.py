"""A decimal comma is read where a comma cannot separate thousands, refused with the fix
elsewhere."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from msc_desktop.domain.decimals import to_decimal
from msc_desktop.domain.forms import clean_form
from msc_desktop.domain.protocol_reader import load_protocol
from msc_desktop.errors import ValidationError

PROTOCOL = load_protocol()

TODAY = date(2026, 11, 20)


def _read(form: str, values: dict[str, object]) -> tuple[dict[str, object], list[str]]:
    result = clean_form(form, values, today=TODAY, protocol=PROTOCOL)
    return (
        {k: v for k, v in result.values.items() if k in values},
        [str(i.message) for i in result.issues if i.field in values],
    )


@pytest.mark.parametrize(
    ("form", "field", "typed", "read"),
    [
        ("screening", "weight", "72,5", Decimal("72.5")),  # weight: 30..200 kg
        ("screening", "inr", "1,8", Decimal("1.8")),
        ("infusion", "viability_pct", "92,5", Decimal("92.5")),
    ],
)
def test_a_comma_is_a_decimal_comma_below_a_thousand(
    form: str, field: str, typed: str, read: Decimal
) -> None:
    values, issues = _read(form, {field: typed})
    assert issues == [] and getattr(values[field], "standard_value", values[field]) == read


def test_a_lab_in_a_unit_below_a_thousand_takes_the_comma() -> None:
    values, issues = _read("screening", {"creatinine": {"value": "1,2", "unit": "mg/dL"}})
    assert issues == [] and values["creatinine"].original.value == Decimal("1.2")  # type: ignore[attr-defined]


def test_an_ambiguous_comma_is_refused_with_the_fix() -> None:
    _values, issues = _read("infusion", {"cell_concentration_per_ml": "2,5"})
    assert issues == [
        "Total cell concentration: use a point: 2.5 (a comma could also separate thousands)."
    ]
    _values, issues = _read("infusion", {"cell_concentration_per_ml": "2,000,000"})
    assert issues == ["Total cell concentration: write the number without commas, e.g. 2000000."]
    _values, issues = _read("screening", {"creatinine": {"value": "97,2", "unit": "umol/L"}})
    assert issues == ["Creatinine: use a point: 97.2 (a comma could also separate thousands)."]


def test_without_the_field_rule_a_comma_is_refused() -> None:
    with pytest.raises(ValidationError, match="use a point: 72.5"):
        to_decimal("72,5", "Weight")
    assert to_decimal("72,5", "Weight", decimal_comma=True) == Decimal("72.5")
    with pytest.raises(ValidationError, match="without commas"):
        to_decimal("7,2,5", "Weight", decimal_comma=True)
