"""Protocol amendments: what a new protocol version changes, and what it may never do (DESIGN 12).

`diff_protocols(old, new)` lists what an administrator reviews before activating a version: visits
and forms added, items added or retired, visits moved, ranges changed, decimal places changed (per
unit), codes added.
`check_amendment(current, new)` refuses a version that is not newer than the current one, belongs
to another trial, or removes anything declared before: a visit, form, item, codelist value, lab
test or unit, or changes the kind of an item. Data entered under an earlier version must always
stay described, so an item or visit that is no longer asked is declared `"retired": true`, never
deleted. Versions are numbers separated by dots ("1.0", "1.1", "2.0"), compared number by number.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Literal

from msc_desktop.domain.protocol import (
    Choice,
    FieldDef,
    FormDef,
    Protocol,
    ValueRange,
    Visit,
)
from msc_desktop.domain.wording import listed, unit_name, unit_suffix
from msc_desktop.errors import ValidationError
from msc_desktop.messages import Message

RangeKind = Literal["hard", "soft"]


@dataclass(frozen=True)
class RangeChange:
    """A field whose accepted (hard) or expected (soft) range differs between two versions."""

    form: FormDef
    field: FieldDef
    kind: RangeKind
    old: ValueRange | None
    new: ValueRange | None


@dataclass(frozen=True)
class DecimalsChange:
    """A number field whose declared decimal places in one unit differ between two versions."""

    form: FormDef
    field: FieldDef
    #: The unit (None: a number without a unit).
    unit: str | None
    old: int
    new: int


@dataclass(frozen=True)
class VisitMove:
    """A visit kept by both versions whose target day or window changed."""

    old: Visit
    new: Visit


@dataclass(frozen=True)
class ProtocolDiff:
    """What a newer protocol version changes, in the order an administrator reads it."""

    old_version: str
    new_version: str
    added_visits: tuple[Visit, ...]
    retired_visits: tuple[Visit, ...]
    moved_visits: tuple[VisitMove, ...]
    added_forms: tuple[FormDef, ...]
    added_items: tuple[tuple[FormDef, FieldDef], ...]
    retired_items: tuple[tuple[FormDef, FieldDef], ...]
    changed_ranges: tuple[RangeChange, ...]
    changed_decimals: tuple[DecimalsChange, ...]
    added_codes: tuple[tuple[str, Choice], ...]

    @property
    def is_empty(self) -> bool:
        return not any(
            (
                self.added_visits,
                self.retired_visits,
                self.moved_visits,
                self.added_forms,
                self.added_items,
                self.retired_items,
                self.changed_ranges,
                self.changed_decimals,
                self.added_codes,
            )
        )


def version_key(version: str) -> tuple[int, ...]:
    """A version as numbers to compare ("1.10" is newer than "1.9"); refuses other spellings."""
    parts = version.split(".")
    if not all(part.isascii() and part.isdigit() for part in parts):
        raise ValidationError(
            'The protocol version "{version}" is not numbers separated by dots (such as 1.1).',
            version=version,
        )
    return tuple(int(part) for part in parts)


def diff_protocols(old: Protocol, new: Protocol) -> ProtocolDiff:
    """What `new` changes compared with `old` (an item retired in `old` and asked again in `new`
    counts as added)."""
    old_visits = {visit.code: visit for visit in old.visits}
    old_forms = {form.form_id: form for form in old.forms}
    added_items: list[tuple[FormDef, FieldDef]] = []
    retired_items: list[tuple[FormDef, FieldDef]] = []
    ranges: list[RangeChange] = []
    decimals: list[DecimalsChange] = []
    for form in new.forms:
        before = old_forms.get(form.form_id)
        if before is None:
            continue
        asked_before = {field.name: field for field in before.fields}
        added_items.extend((form, field) for field in form.fields if field.name not in asked_before)
        retired_items.extend(
            (form, field) for field in form.retired_fields if field.name in asked_before
        )
        for field in form.fields:
            previous = asked_before.get(field.name)
            if previous is not None:
                ranges.extend(_range_changes(form, previous, field))
                decimals.extend(_decimals_changes(form, previous, field))
    return ProtocolDiff(
        old_version=old.version,
        new_version=new.version,
        added_visits=tuple(visit for visit in new.visits if visit.code not in old_visits),
        retired_visits=tuple(visit for visit in new.retired_visits if visit.code in old_visits),
        moved_visits=tuple(
            VisitMove(old_visits[visit.code], visit)
            for visit in new.visits
            if visit.code in old_visits and _timing(old_visits[visit.code]) != _timing(visit)
        ),
        added_forms=tuple(form for form in new.forms if form.form_id not in old_forms),
        added_items=tuple(added_items),
        retired_items=tuple(retired_items),
        changed_ranges=tuple(ranges),
        changed_decimals=tuple(decimals),
        added_codes=tuple(
            (name, choice)
            for name, choices in new.codelists.items()
            for choice in choices
            if choice.code not in {item.code for item in old.codelists.get(name, ())}
        ),
    )


def removals(old: Protocol, new: Protocol) -> tuple[Message, ...]:
    """Everything `old` declares that `new` deletes or redefines (an amendment may do none of
    it)."""
    return tuple(_removals(old, new))


def check_amendment(current: Protocol, new: Protocol) -> ProtocolDiff:
    """The changes `new` makes to `current`, or `ValidationError` if it may not replace it."""
    if new.protocol_id != current.protocol_id:
        raise ValidationError(
            "This protocol version is for trial {other}, not {trial}.",
            other=new.protocol_id,
            trial=current.protocol_id,
        )
    if version_key(new.version) <= version_key(current.version):
        raise ValidationError(
            "Protocol version {version} is not newer than version {current}.",
            version=new.version,
            current=current.version,
        )
    problems = removals(current, new)
    if problems:
        raise ValidationError(
            "Protocol version {version} would remove what data may already use: {problems}. "
            'Declare what is no longer asked as "retired" instead.',
            version=new.version,
            problems=listed(problems),
        )
    return diff_protocols(current, new)


def describe(diff: ProtocolDiff) -> tuple[Message, ...]:
    """One sentence per change, in the order of `ProtocolDiff`; a single sentence if none."""
    lines = list(_described(diff))
    return tuple(lines) or (Message("No change to visits, forms, items or ranges."),)


def _described(diff: ProtocolDiff) -> Iterator[Message]:
    for visit in diff.added_visits:
        yield Message("New visit: {visit}, {timing}.", visit=visit.name, timing=_timing_text(visit))
    for visit in diff.retired_visits:
        yield Message("Visit retired (no longer scheduled): {visit}.", visit=visit.name)
    for move in diff.moved_visits:
        yield Message(
            "Visit {visit} moves from {old} to {new}.",
            visit=move.new.name,
            old=_timing_text(move.old),
            new=_timing_text(move.new),
        )
    for form in diff.added_forms:
        yield Message("New form: {form}.", form=form.title)
    for form, field in diff.added_items:
        yield Message("New item on the form {form}: {item}.", form=form.title, item=field.label)
    for form, field in diff.retired_items:
        yield Message(
            "Item retired from the form {form} (no longer asked): {item}.",
            form=form.title,
            item=field.label,
        )
    for change in diff.changed_ranges:
        template = (
            "{form}, {item}: accepted range {old} becomes {new}."
            if change.kind == "hard"
            else "{form}, {item}: expected range {old} becomes {new}."
        )
        yield Message(
            template,
            form=change.form.title,
            item=change.field.label,
            old=_range_text(change.old, change.field.standard_unit),
            new=_range_text(change.new, change.field.standard_unit),
        )
    for decimals in diff.changed_decimals:
        yield Message(
            "{form}, {item}: decimal places{unit} change from {old} to {new}.",
            form=decimals.form.title,
            item=decimals.field.label,
            unit=_in_unit(decimals.unit),
            old=decimals.old,
            new=decimals.new,
        )
    seen = set()
    for _codelist, choice in diff.added_codes:  # one line per answer, whichever lists hold it
        if (choice.code, choice.label) not in seen:
            seen.add((choice.code, choice.label))
            yield Message("New answer: {code} ({label}).", code=choice.code, label=choice.label)


def _removals(old: Protocol, new: Protocol) -> Iterator[Message]:
    new_visits = {visit.code for visit in (*new.visits, *new.retired_visits)}
    for visit in (*old.visits, *old.retired_visits):
        if visit.code not in new_visits:
            yield Message("the visit {visit}", visit=visit.name)
    new_forms = {form.form_id: form for form in new.forms}
    for form in old.forms:
        kept = new_forms.get(form.form_id)
        if kept is None:
            yield Message("the form {form}", form=form.title)
            continue
        declared = {field.name: field for field in (*kept.fields, *kept.retired_fields)}
        for field in (*form.fields, *form.retired_fields):
            now = declared.get(field.name)
            if now is None:
                yield Message(
                    "the item {item} of the form {form}", item=field.label, form=form.title
                )
            elif now.kind != field.kind:
                yield Message(
                    "the kind of the item {item} of the form {form}",
                    item=field.label,
                    form=form.title,
                )
    yield from _removed_codes(old.codelists, new.codelists)
    new_tests = {test.code: test for test in new.lab_tests}
    for test in old.lab_tests:
        kept_test = new_tests.get(test.code)
        if kept_test is None:
            yield Message("the lab test {test}", test=test.label)
            continue
        for unit in test.unit_codes:
            if unit not in kept_test.unit_codes:
                yield Message("the unit {unit} of {test}", unit=unit, test=test.label)
    new_vitals = {vital.code for vital in new.vital_signs}
    for vital in old.vital_signs:
        if vital.code not in new_vitals:
            yield Message("the vital sign {vital}", vital=vital.label)


def _removed_codes(
    old: Mapping[str, tuple[Choice, ...]], new: Mapping[str, tuple[Choice, ...]]
) -> Iterable[Message]:
    for name, choices in old.items():
        if name not in new:
            yield Message("the list {codelist}", codelist=name)
            continue
        kept = {choice.code for choice in new[name]}
        for choice in choices:
            if choice.code not in kept:
                yield Message(
                    "the answer {code} of the list {codelist}", code=choice.code, codelist=name
                )


def _range_changes(form: FormDef, old: FieldDef, new: FieldDef) -> Iterator[RangeChange]:
    if old.hard_range != new.hard_range:
        yield RangeChange(form, new, "hard", old.hard_range, new.hard_range)
    if old.soft_range != new.soft_range:
        yield RangeChange(form, new, "soft", old.soft_range, new.soft_range)


def _decimals_changes(form: FormDef, old: FieldDef, new: FieldDef) -> Iterator[DecimalsChange]:
    """Per unit both versions accept (a number without a unit: once), the decimal places changed."""
    for unit in new.units or (None,):
        before, after = old.allowed_decimals(unit), new.allowed_decimals(unit)
        if before is not None and after is not None and before != after:
            yield DecimalsChange(form, new, unit, before, after)


def _in_unit(unit: str | None) -> Message | str:
    return Message(" in {unit}", unit=unit_name(unit)) if unit else ""


def _timing(visit: Visit) -> tuple[int | None, int | None, int | None]:
    return visit.day, visit.window_before, visit.window_after


def _timing_text(visit: Visit) -> Message:
    if visit.day is None:
        return Message("before day 0")
    return Message(
        "day {day} (from {before} days before to {after} days after)",
        day=visit.day,
        before=visit.window_before,
        after=visit.window_after,
    )


def _range_text(value_range: ValueRange | None, unit: str | None) -> Message:
    if value_range is None:
        return Message("none")
    return Message(
        "{low} to {high}{unit}", low=value_range.low, high=value_range.high, unit=unit_suffix(unit)
    )
