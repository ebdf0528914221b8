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

This module runs the form; domain/field_values.py parses and checks one value,
domain/form_rules.py checks the rules between fields and the skip logic.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from msc_desktop.domain.field_values import FieldIssue, check_value, is_empty, parse_field_value
from msc_desktop.domain.form_rules import Resolver, check_rules
from msc_desktop.domain.protocol import FieldDef, FormDef, Protocol
from msc_desktop.errors import ValidationError
from msc_desktop.messages import Message


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
    resolver = Resolver(protocol, form, cleaned, context or {}, values)
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
        if is_empty(raw):
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
        issues.extend(check_value(field, value, today, now))
    rule_issues, required_if = check_rules(resolver, form, now)
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
    return _not_applicable(Resolver(protocol, form, {}, context or {}, values), form)


def _not_applicable(resolver: Resolver, form: FormDef) -> frozenset[str]:
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
