"""The rules between a form's fields (date order, within days, required-if, implies, expect-any,
a date and time not in the future) and its skip logic, over this form's values and those already
recorded on other forms (`Resolver`)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, time

from msc_desktop.domain.clinic_time import clinic_moment
from msc_desktop.domain.field_values import FieldIssue, future_issue, is_empty, parse_field_value
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
    WithinDaysRule,
)
from msc_desktop.domain.wording import Wording, either, quoted
from msc_desktop.errors import ValidationError
from msc_desktop.messages import Message

_CLOCK_TIME = re.compile(r"^([01][0-9]|2[0-3]):([0-5][0-9])$")


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


class Resolver:
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
        if is_empty(raw):
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


def check_rules(
    resolver: Resolver, form: FormDef, now: datetime | None
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
    resolver: Resolver, rule: MomentNotFutureRule, now: datetime | None
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
    return [future_issue(rule.time, resolver.field(rule.time).label, f"{moment:%Y-%m-%d %H:%M}")]


def _expect_any_issue(resolver: Resolver, rule: ExpectAnyRule) -> list[FieldIssue]:
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


def _date_order_issue(resolver: Resolver, rule: DateOrderRule) -> list[FieldIssue]:
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


def _within_days_issue(resolver: Resolver, rule: WithinDaysRule) -> list[FieldIssue]:
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
