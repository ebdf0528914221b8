"""The one validator for every form of the protocol; the GUI and the services both call it.

Each field's kind, required flag, hard range (error), soft range (warning), choices, maximum
length, "not in the future" flag and the condition under which it applies (skip logic: e.g.
pregnancy only for female participants), and each form's rules (date order, required-if, implies,
expect-any soft checks, date and time not in the future), are declared in resources/protocol.json.
`clean_form` turns raw input (strings from a GUI, or typed Python values) into typed values and
lists every issue; `validate_form` returns only the issues. A field that does not apply is neither
required nor stored; a form that does not apply at all (infusions in the control arm) is refused.

Typed values: text -> str; int -> int; decimal and vital -> Decimal; date -> date; datetime ->
datetime; choice, yesno, tristate -> the choice code (yes/no answers are "Y" / "N" / "U"); lab ->
`StandardizedLab` (original value and unit plus the standard value). A lab value is given as a
`Measurement`, a `StandardizedLab`, a mapping {"value": ..., "unit": ...}, a (value, unit) pair, or
a bare number meaning the test's standard unit.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
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
from msc_desktop.domain.protocol import (
    ARM_REFERENCE,
    Condition,
    DateOrderRule,
    ExpectAnyRule,
    FieldDef,
    FormDef,
    ImpliesRule,
    MomentNotFutureRule,
    Protocol,
    RequiredIfRule,
    ValueRange,
    WithinDaysRule,
)
from msc_desktop.domain.units import Measurement, StandardizedLab
from msc_desktop.domain.wording import (
    Wording,
    either,
    listed,
    quantity,
    quoted,
    unit_name,
    unit_suffix,
)
from msc_desktop.errors import ValidationError
from msc_desktop.messages import Message

Severity = Literal["error", "warning"]
_CLOCK_TIME = re.compile(r"^([01][0-9]|2[0-3]):([0-5][0-9])$")
_YES_NO_WORDS = {"Y": "Y", "YES": "Y", "N": "N", "NO": "N", "U": "U", "UNKNOWN": "U"}


@dataclass(frozen=True)
class FieldIssue:
    """One problem with one field; errors block saving, warnings ask the user to check."""

    field: str
    severity: Severity
    message: Message


@dataclass(frozen=True)
class CleanedForm:
    """Typed values of the fields that were filled in and parsed, and every issue found."""

    form_id: str
    values: Mapping[str, object]
    issues: tuple[FieldIssue, ...]
    #: Required fields (applicable ones, including required-if) left empty.
    missing: tuple[str, ...] = ()
    #: Fields that do not apply here (their condition does not hold); never required or stored.
    not_applicable: frozenset[str] = frozenset()

    @property
    def errors(self) -> tuple[FieldIssue, ...]:
        return tuple(issue for issue in self.issues if issue.severity == "error")

    @property
    def warnings(self) -> tuple[FieldIssue, ...]:
        return tuple(issue for issue in self.issues if issue.severity == "warning")

    @property
    def is_valid(self) -> bool:
        return not self.errors


def validate_form(
    form_id: str,
    values: Mapping[str, object],
    *,
    protocol: Protocol,
    today: date,
    now: datetime | None = None,
    context: Mapping[str, object] | None = None,
) -> list[FieldIssue]:
    """Every issue of `values` for form `form_id`; see `clean_form`."""
    return list(
        clean_form(form_id, values, protocol=protocol, today=today, now=now, context=context).issues
    )


def clean_form(
    form_id: str,
    values: Mapping[str, object],
    *,
    protocol: Protocol,
    today: date,
    now: datetime | None = None,
    context: Mapping[str, object] | None = None,
) -> CleanedForm:
    """Parse and check a form's values under `protocol` (the version the form is entered under).

    `context` holds values already recorded on other forms, keyed "form.field" (e.g.
    "consent.consent_date", "registration.sex"), and the participant's arm ("participant.arm"),
    for the rules and conditions that refer to them; a rule whose other value is not known is not
    checked, and a field whose condition is not known applies. `now` is the clinic's wall-clock
    time: a date and time later than it is refused (without it, only days after `today` are).
    """
    form = protocol.form(form_id)
    issues: list[FieldIssue] = []
    cleaned: dict[str, object] = {}
    missing: list[str] = []
    resolver = _Resolver(protocol, form, cleaned, context or {}, values)
    if form.applies_if is not None and not resolver.applies(form.applies_if):
        issues.append(
            FieldIssue(
                "",
                "error",
                Message(
                    "The {form} form applies only when {other} is {choices}.",
                    form=form.title,
                    other=resolver.describe(form.applies_if.field),
                    choices=resolver.choice_text(form.applies_if),
                ),
            )
        )
    not_applicable = _not_applicable(resolver, form)
    for name in values:
        if name not in form.field_names:
            issues.append(
                FieldIssue(
                    name,
                    "error",
                    Message(
                        '"{name}" is not a field of the {form} form.', name=name, form=form.title
                    ),
                )
            )
    for field in form.fields:
        raw = values.get(field.name)
        if field.name in not_applicable:
            continue
        if _is_empty(raw):
            if field.required:
                missing.append(field.name)
                issues.append(FieldIssue(field.name, "error", missing_message(field)))
            continue
        try:
            value = parse_field_value(field, raw, protocol)
        except ValidationError as error:
            issues.append(FieldIssue(field.name, "error", error.message))
            continue
        cleaned[field.name] = value
        issues.extend(_check_value(field, value, today, now))
    rule_issues, required_if = _check_rules(resolver, form, now)
    issues.extend(rule_issues)
    missing.extend(name for name in required_if if name not in missing)
    return CleanedForm(
        form_id=form.form_id,
        values=cleaned,
        issues=tuple(issues),
        missing=tuple(missing),
        not_applicable=not_applicable,
    )


def not_applicable_fields(
    form_id: str,
    values: Mapping[str, object],
    *,
    protocol: Protocol,
    context: Mapping[str, object] | None = None,
) -> frozenset[str]:
    """The skip logic: the fields of the form whose condition does not hold for `values` (raw
    input, e.g. the liver stiffness once the cirrhosis was diagnosed otherwise) and `context`
    (values of other forms, e.g. pregnancy for a man); the same set `clean_form` reports."""
    form = protocol.form(form_id)
    return _not_applicable(_Resolver(protocol, form, {}, context or {}, values), form)


def _not_applicable(resolver: _Resolver, form: FormDef) -> frozenset[str]:
    return frozenset(
        field.name
        for field in form.fields
        if field.applies_if is not None and not resolver.applies(field.applies_if)
    )


def missing_message(field: FieldDef) -> Message:
    """The sentence for a required field left empty."""
    if field.kind == "yesno":
        return Message('Answer "{label}" with yes or no.', label=field.label)
    if field.kind == "tristate":
        return Message('Answer "{label}" with yes, no or not known.', label=field.label)
    return Message("{label} is required.", label=field.label)


def _required_when_message(field: FieldDef, other: Wording, choices: Wording) -> Message:
    """The sentence for a field required because another field has one of `choices`."""
    if field.kind == "yesno":
        return Message(
            'Answer "{label}" with yes or no when {other} is {choices}.',
            label=field.label,
            other=other,
            choices=choices,
        )
    if field.kind == "tristate":
        return Message(
            'Answer "{label}" with yes, no or not known when {other} is {choices}.',
            label=field.label,
            other=other,
            choices=choices,
        )
    return Message(
        "{label} is required when {other} is {choices}.",
        label=field.label,
        other=other,
        choices=choices,
    )


def _is_empty(raw: object) -> bool:
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
    """A clinical time as an aware time: typed (naive) as the clinic's wall clock, in the site's zone."""
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


def _future_issue(name: str, label: Wording, shown: str) -> FieldIssue:
    message = Message(
        "{label} cannot be in the future; {value} was entered.", label=label, value=shown
    )
    return FieldIssue(name, "error", message)


def _check_value(
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
            issues.append(_future_issue(field.name, field.label, f"{value:%Y-%m-%d %H:%M}"))
    elif field.not_future and isinstance(value, date) and value > today:
        issues.append(_future_issue(field.name, field.label, value.isoformat()))
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


class _Resolver:
    """Looks up a rule's field: this form's cleaned values, or "form.field" in the context."""

    def __init__(
        self,
        protocol: Protocol,
        form: FormDef,
        cleaned: Mapping[str, object],
        context: Mapping[str, object],
        raw: Mapping[str, object] | None = None,
    ) -> None:
        self.protocol = protocol
        self.form = form
        self.cleaned = cleaned
        self.context = context
        self.raw = raw or {}

    def field(self, name: str) -> FieldDef:
        if "." in name:
            return self.protocol.context_field(name)
        return self.form.field(name)

    def value(self, name: str) -> object | None:
        if "." not in name and name in self.cleaned:
            return self.cleaned.get(name)
        raw = self.context.get(name) if "." in name else self.raw.get(name)
        if _is_empty(raw):
            return None
        try:
            return parse_field_value(self.field(name), raw, self.protocol)
        except ValidationError:
            return None

    def describe(self, name: str) -> Wording:
        """The field's label, naming its form when it is on another one."""
        field = self.field(name)
        if "." in name and name != ARM_REFERENCE:
            form = self.protocol.form(name.rpartition(".")[0])
            return Message("{field} ({form} form)", field=field.label, form=form.title)
        return field.label

    def choice_text(self, condition: Condition) -> Wording:
        labels = {choice.code: choice.label for choice in self.field(condition.field).choices}
        return either([quoted(labels[code]) for code in condition.values])

    def holds(self, condition: Condition) -> bool:
        return self.value(condition.field) in condition.values

    def applies(self, condition: Condition) -> bool:
        """A skip-logic condition: true when it holds, and while its value is not known."""
        value = self.value(condition.field)
        return value is None or value in condition.values


def _check_rules(
    resolver: _Resolver, form: FormDef, now: datetime | None
) -> tuple[list[FieldIssue], list[str]]:
    """The issues of the form's rules, and the fields a required-if rule makes required."""
    issues: list[FieldIssue] = []
    required: list[str] = []
    for rule in form.rules:
        if isinstance(rule, DateOrderRule):
            issues.extend(_date_order_issue(resolver, rule))
        elif isinstance(rule, WithinDaysRule):
            issues.extend(_within_days_issue(resolver, rule))
        elif isinstance(rule, MomentNotFutureRule):
            issues.extend(_moment_issue(resolver, rule, now))
        elif isinstance(rule, ExpectAnyRule):
            issues.extend(_expect_any_issue(resolver, rule))
        elif isinstance(rule, RequiredIfRule):
            if resolver.holds(rule.when) and resolver.value(rule.field) is None:
                needed = resolver.field(rule.field)
                message = _required_when_message(
                    needed, resolver.describe(rule.when.field), resolver.choice_text(rule.when)
                )
                required.append(needed.name)
                issues.append(FieldIssue(needed.name, "error", message))
        elif (
            isinstance(rule, ImpliesRule)
            and resolver.holds(rule.when)
            and not resolver.holds(rule.then)
        ):
            message = Message(
                "{label} must be {choices} when {other} is {other_choices}.",
                label=resolver.field(rule.then.field).label,
                choices=resolver.choice_text(rule.then),
                other=resolver.describe(rule.when.field),
                other_choices=resolver.choice_text(rule.when),
            )
            issues.append(FieldIssue(rule.then.field.rpartition(".")[2], "error", message))
    return issues, required


def _moment_issue(
    resolver: _Resolver, rule: MomentNotFutureRule, now: datetime | None
) -> list[FieldIssue]:
    day, clock = resolver.value(rule.date), resolver.value(rule.time)
    if now is None or not isinstance(day, date) or not isinstance(clock, str):
        return []
    match = _CLOCK_TIME.match(clock.strip())
    if match is None:
        return []
    moment = clinic_moment(datetime.combine(day, time(int(match[1]), int(match[2]))))
    if moment <= clinic_moment(now):
        return []
    return [_future_issue(rule.time, resolver.field(rule.time).label, f"{moment:%Y-%m-%d %H:%M}")]


def _expect_any_issue(resolver: _Resolver, rule: ExpectAnyRule) -> list[FieldIssue]:
    if not resolver.holds(rule.when) or any(resolver.holds(item) for item in rule.any_of):
        return []
    message = Message("{text} Confirm this or correct it.", text=rule.message)
    return [FieldIssue(rule.when.field.rpartition(".")[2], "warning", message)]


def _as_comparable(first: date, second: date) -> tuple[date, date]:
    """Compare as datetimes when both are (and agree on time zones), otherwise as dates."""
    if (
        isinstance(first, datetime)
        and isinstance(second, datetime)
        and (first.tzinfo is None) == (second.tzinfo is None)
    ):
        return first, second
    plain_first = first.date() if isinstance(first, datetime) else first
    plain_second = second.date() if isinstance(second, datetime) else second
    return plain_first, plain_second


def _date_order_issue(resolver: _Resolver, rule: DateOrderRule) -> list[FieldIssue]:
    earlier, later = resolver.value(rule.earlier), resolver.value(rule.later)
    if not isinstance(earlier, date) or not isinstance(later, date):
        return []
    first, second = _as_comparable(earlier, later)
    if first <= second:
        return []
    # Report on the field of this form (the one the user can correct here).
    blamed = rule.later if "." not in rule.later else rule.earlier
    message = Message(
        "{later} ({later_date}) cannot be before {earlier} ({earlier_date}).",
        later=resolver.field(rule.later).label,
        later_date=later.isoformat(),
        earlier=resolver.describe(rule.earlier),
        earlier_date=earlier.isoformat(),
    )
    return [FieldIssue(blamed.rpartition(".")[2], "error", message)]


def _calendar_day(value: date) -> date:
    return value.date() if isinstance(value, datetime) else value


def _within_days_issue(resolver: _Resolver, rule: WithinDaysRule) -> list[FieldIssue]:
    earlier, later = resolver.value(rule.earlier), resolver.value(rule.later)
    if not isinstance(earlier, date) or not isinstance(later, date):
        return []
    gap = (_calendar_day(later) - _calendar_day(earlier)).days
    if gap <= rule.days:
        return []
    blamed = rule.earlier if "." not in rule.earlier else rule.later
    message = Message(
        "{earlier} ({earlier_date}) is {gap} days before {later}; it must be at most {days} days "
        "before.",
        earlier=resolver.field(rule.earlier).label,
        earlier_date=earlier.isoformat(),
        gap=gap,
        later=resolver.describe(rule.later),
        days=rule.days,
    )
    return [FieldIssue(blamed.rpartition(".")[2], "error", message)]
