"""One field's value: parsed from raw input into its typed value (a lab value standardized), and
checked against its kind, decimals, ranges (hard: error, soft: warning) and "not in the future";
each problem is a `FieldIssue`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Literal

from msc_desktop.domain.clinic_time import clinic_date, clinic_moment, zone_label
from msc_desktop.domain.decimals import (
    below_thousand,
    decimal_places,
    format_decimal,
    rounded,
    to_decimal,
)
from msc_desktop.domain.protocol import FieldDef, Protocol, ValueRange
from msc_desktop.domain.units import Measurement, StandardizedLab
from msc_desktop.domain.wording import Wording, either, listed, quantity, unit_name, unit_suffix
from msc_desktop.errors import ValidationError
from msc_desktop.messages import Message

Severity = Literal["error", "warning"]


_YES_NO_WORDS = {"Y": "Y", "YES": "Y", "N": "N", "NO": "N", "U": "U", "UNKNOWN": "U"}


@dataclass(frozen=True)
class FieldIssue:
    """One problem with one field; errors block saving, warnings ask the user to check."""

    field: str
    severity: Severity
    message: Message


def is_empty(raw: object) -> bool:
    return raw is None or (isinstance(raw, str) and raw.strip() == "")


def parse_field_value(field: FieldDef, raw: object, protocol: Protocol) -> object:
    """The typed value of one field, or `ValidationError` with a sentence naming the field."""
    label = field.label
    kind = field.kind
    if kind == "text":
        if not isinstance(raw, str):
            raise ValidationError("{label} must be text.", label=label)
        text = raw.strip()
        if field.max_length is not None and len(text) > field.max_length:
            raise ValidationError(
                "{label} must be at most {max_length} characters; {length} were entered.",
                label=label,
                max_length=field.max_length,
                length=len(text),
            )
        return text
    if kind == "int":
        number = to_decimal(raw, label)
        if number != number.to_integral_value():
            raise ValidationError(
                "{label} must be a whole number; {value} was entered.", label=label, value=raw
            )
        return int(number)
    if kind in ("decimal", "vital"):
        high = field.hard_range.high if field.hard_range is not None else None
        number = to_decimal(raw, label, decimal_comma=below_thousand(high))
        return _within_decimals(field, number, field.standard_unit)
    if kind == "date":
        return _parse_date(raw, label)
    if kind == "datetime":
        return _parse_datetime(raw, label)
    if kind in ("choice", "yesno", "tristate"):
        return _parse_choice(field, raw)
    return _parse_lab(field, raw, protocol)


def _within_decimals(field: FieldDef, number: Decimal, unit: str | None) -> Decimal:
    """The number without zeros past the decimal places declared for its unit (72.30 kg -> 72.3);
    a number with more decimal places than declared is refused with its rounding."""
    allowed = field.allowed_decimals(unit)
    if allowed is None:
        return number
    if decimal_places(number) <= allowed:
        written = -int(number.as_tuple().exponent)
        return rounded(number, allowed) if written > allowed else number
    values = {
        "label": field.label,
        "value": quantity(format_decimal(number), unit),
        "rounded": quantity(format_decimal(rounded(number, allowed)), unit),
    }
    if allowed == 0:
        raise ValidationError(
            "{label} is recorded without decimals; round {value} to {rounded}.", **values
        )
    if allowed == 1:
        raise ValidationError(
            "{label} is recorded with one decimal at most; round {value} to {rounded}.", **values
        )
    raise ValidationError(
        "{label} is recorded with {decimals} decimals at most; round {value} to {rounded}.",
        decimals=allowed,
        **values,
    )


def _parse_date(raw: object, label: Wording) -> date:
    if isinstance(raw, datetime):
        raise ValidationError("{label} must be a date without a time.", label=label)
    if isinstance(raw, date):
        return raw
    if isinstance(raw, str):
        try:
            return date.fromisoformat(raw.strip())
        except ValueError:
            pass
    raise ValidationError(
        "{label} must be a date such as 2026-03-01; {value!r} was entered.", label=label, value=raw
    )


def _parse_datetime(raw: object, label: Wording) -> datetime:
    """A clinical time as an aware time: typed (naive) as the clinic's wall clock, in the site's
    zone."""
    moment: datetime | None = raw if isinstance(raw, datetime) else None
    if isinstance(raw, str):
        try:
            moment = datetime.fromisoformat(raw.strip())
        except ValueError:
            pass
    if moment is not None:
        if moment.tzinfo is not None:
            return moment
        aware = clinic_moment(moment)
        if aware.astimezone(UTC).astimezone(aware.tzinfo).replace(tzinfo=None) != moment.replace(
            fold=0
        ):
            raise ValidationError(
                "{label}: {value} does not exist in the time zone {zone} (the clocks were put "
                "forward); enter the time the clock showed.",
                label=label,
                value=f"{moment:%Y-%m-%d %H:%M}",
                zone=zone_label(),
            )
        return aware
    raise ValidationError(
        "{label} must be a date and time such as 2026-03-01 14:30; {value!r} was entered.",
        label=label,
        value=raw,
    )


def _parse_choice(field: FieldDef, raw: object) -> str:
    if isinstance(raw, bool) and field.kind in ("yesno", "tristate"):
        return "Y" if raw else "N"
    text = str(raw).strip() if isinstance(raw, (str, int)) and not isinstance(raw, bool) else ""
    if field.kind in ("yesno", "tristate"):
        text = _YES_NO_WORDS.get(text.upper(), text)
    if text in field.choice_codes:
        return text
    raise ValidationError(
        "{label} must be one of: {options}; {value!r} was entered.",
        label=field.label,
        options=listed([choice.label for choice in field.choices]),
        value=raw,
    )


def _parse_lab(field: FieldDef, raw: object, protocol: Protocol) -> StandardizedLab:
    test = protocol.lab_test(field.test or "")
    label = field.label
    if isinstance(raw, StandardizedLab):
        raw = raw.original
    value: object
    unit: object
    if isinstance(raw, Measurement):
        value, unit = raw.value, raw.unit
    elif isinstance(raw, Mapping):
        value, unit = raw.get("value"), raw.get("unit") or test.standard_unit
    elif isinstance(raw, tuple) and len(raw) == 2:
        value, unit = raw
    else:
        value, unit = raw, test.standard_unit
    if not isinstance(unit, str):
        raise ValidationError(
            "{label} needs a unit: {units}.",
            label=label,
            units=either([unit_name(code) for code in test.unit_codes]),
        )
    lab_unit = test.unit(unit)
    high = field.hard_range.high if field.hard_range is not None else None
    number = to_decimal(
        value,
        label,
        decimal_comma=below_thousand(lab_unit.from_standard(high) if high is not None else None),
    )
    number = _within_decimals(field, number, lab_unit.code)
    return StandardizedLab(
        test_code=test.code,
        original=Measurement(value=number, unit=lab_unit.code),
        standard_value=lab_unit.to_standard(number),
        standard_unit=test.standard_unit,
    )


def future_issue(name: str, label: Wording, shown: str) -> FieldIssue:
    message = Message(
        "{label} cannot be in the future; {value} was entered.", label=label, value=shown
    )
    return FieldIssue(name, "error", message)


def check_value(
    field: FieldDef, value: object, today: date, now: datetime | None
) -> list[FieldIssue]:
    issues: list[FieldIssue] = []
    if field.not_future and isinstance(value, datetime):
        later = (
            clinic_moment(value) > clinic_moment(now)
            if now is not None
            else clinic_date(value) > today
        )
        if later:
            issues.append(future_issue(field.name, field.label, f"{value:%Y-%m-%d %H:%M}"))
    elif field.not_future and isinstance(value, date) and value > today:
        issues.append(future_issue(field.name, field.label, value.isoformat()))
    if isinstance(value, StandardizedLab):
        issues.extend(_range_issues(field, value.standard_value, _lab_shown(value)))
    elif isinstance(value, (int, Decimal)):
        shown = quantity(format_decimal(Decimal(value)), field.standard_unit)
        issues.extend(_range_issues(field, Decimal(value), shown))
    return issues


def _lab_shown(value: StandardizedLab) -> Wording:
    """The value as entered, with its standard-unit value when it was entered in another unit."""
    original = quantity(format_decimal(value.original.value), value.original.unit)
    if value.original.unit == value.standard_unit:
        return original
    standard = quantity(
        format_decimal(value.standard_value.quantize(Decimal("0.01"))), value.standard_unit
    )
    return Message("{original} ({standard})", original=original, standard=standard)


def _range_values(value_range: ValueRange, unit: str | None) -> dict[str, Wording]:
    """The {low}, {high} and {unit} (with its leading space, or empty) of a range sentence."""
    return {
        "low": format_decimal(value_range.low),
        "high": format_decimal(value_range.high),
        "unit": unit_suffix(unit),
    }


def _range_issues(field: FieldDef, value: Decimal, shown: Wording) -> list[FieldIssue]:
    if field.hard_range is not None and value not in field.hard_range:
        message = Message(
            "{label} must be between {low} and {high}{unit}; {shown} was entered.",
            label=field.label,
            shown=shown,
            **_range_values(field.hard_range, field.standard_unit),
        )
        return [FieldIssue(field.name, "error", message)]
    if field.soft_range is not None and value not in field.soft_range:
        message = Message(
            "{label} of {shown} is unusual (expected between {low} and {high}{unit}); "
            "please check it.",
            label=field.label,
            shown=shown,
            **_range_values(field.soft_range, field.standard_unit),
        )
        return [FieldIssue(field.name, "warning", message)]
    return []
