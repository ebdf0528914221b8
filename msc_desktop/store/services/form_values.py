"""Form values as stored items: validation on save, canonical text, and the raw values to edit.

A form's values are kept as `ItemValue` rows of a `Visit` (one per field), so what the protocol
declares is what is stored. Values are checked with the domain's one validator (`clean_form`);
errors refuse the save, warnings must be confirmed by the caller and are then recorded in the
audit trail. Clinical times later than the clinic's clock (`clinic_now`) are refused.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date, datetime, time
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from msc_desktop.domain.clinic_time import clinic_moment, site_now
from msc_desktop.domain.decimals import format_decimal
from msc_desktop.domain.field_values import FieldIssue
from msc_desktop.domain.forms import CleanedForm, clean_form
from msc_desktop.domain.protocol import Protocol
from msc_desktop.domain.units import StandardizedLab
from msc_desktop.errors import ValidationError
from msc_desktop.store.audit import record_event
from msc_desktop.store.audit_places import record_key
from msc_desktop.store.base import Base
from msc_desktop.store.models import ItemValue, Visit


class FormRejected(ValidationError):
    """A form has errors, or warnings the user has not confirmed; `issues` lists them all."""

    def __init__(self, issues: tuple[FieldIssue, ...], *, unconfirmed_warnings: bool = False):
        self.issues = issues
        self.unconfirmed_warnings = unconfirmed_warnings
        if len(issues) == 1:
            super().__init__(issues[0].message)
        else:
            super().__init__(
                "{first} ({count} more to check)", first=issues[0].message, count=len(issues) - 1
            )


def clinic_now(today: date) -> datetime:
    """The clinic's time now (to the minute, with the site zone's offset), against which clinical
    times may not be in the future; when `today` is not the real date (a fixed day in a
    demonstration or a test), the end of that day in the site's zone."""
    now = site_now()
    return now if now.date() == today else clinic_moment(datetime.combine(today, time(23, 59)))


def check_form(
    form_id: str,
    values: Mapping[str, object],
    *,
    protocol: Protocol,
    today: date,
    context: Mapping[str, object] | None = None,
    confirm_warnings: bool = False,
) -> CleanedForm:
    """The cleaned form (under `protocol`, the version it is entered under), or `FormRejected` on
    errors or on warnings not confirmed."""
    cleaned = clean_form(
        form_id, values, today=today, now=clinic_now(today), context=context, protocol=protocol
    )
    if cleaned.errors:
        raise FormRejected(cleaned.errors)
    if cleaned.warnings and not confirm_warnings:
        raise FormRejected(cleaned.warnings, unconfirmed_warnings=True)
    return cleaned


def partial_issues(
    form_id: str,
    values: Mapping[str, object],
    *,
    protocol: Protocol,
    today: date,
    context: Mapping[str, object] | None = None,
) -> list[FieldIssue]:
    """The validator's issues, less "is required" for fields not filled in yet (partial saves)."""
    cleaned = clean_form(
        form_id, values, today=today, now=clinic_now(today), context=context, protocol=protocol
    )
    unanswered = set(cleaned.missing)
    return [issue for issue in cleaned.issues if issue.field not in unanswered]


def check_partial_form(
    form_id: str,
    values: Mapping[str, object],
    *,
    protocol: Protocol,
    today: date,
    context: Mapping[str, object] | None = None,
    confirm_warnings: bool = False,
) -> CleanedForm:
    """Like `check_form`, but fields not filled in yet are not "required" (partial saves)."""
    issues = partial_issues(form_id, values, today=today, context=context, protocol=protocol)
    errors = tuple(issue for issue in issues if issue.severity == "error")
    if errors:
        raise FormRejected(errors)
    warnings = tuple(issue for issue in issues if issue.severity == "warning")
    if warnings and not confirm_warnings:
        raise FormRejected(warnings, unconfirmed_warnings=True)
    return clean_form(
        form_id, values, today=today, now=clinic_now(today), context=context, protocol=protocol
    )


def record_confirmed_warnings(session: Session, record: Base, cleaned: CleanedForm) -> None:
    """Records each warning the user confirmed on `record`'s form, at the item it is about."""
    session.flush()
    for issue in cleaned.warnings:
        record_event(
            session,
            str(record.__tablename__),
            record_key(record),
            f"warning confirmed: {issue.message}",
            field=issue.field,
            form_id=cleaned.form_id,
        )


def item_text(value: object) -> tuple[str, str | None, Decimal | None]:
    """(value text, unit, standard value) of one cleaned value, as `ItemValue` keeps it."""
    if isinstance(value, StandardizedLab):
        return format_decimal(value.original.value), value.original.unit, value.standard_value
    if isinstance(value, Decimal):
        return format_decimal(value), None, value
    if isinstance(value, datetime):
        return value.isoformat(timespec="minutes"), None, None
    if isinstance(value, date):
        return value.isoformat(), None, None
    return str(value), None, None


def save_items(
    session: Session,
    visit: Visit,
    form_id: str,
    cleaned: CleanedForm,
    only: Collection[str] | None = None,
    *,
    protocol: Protocol,
) -> bool:
    """Upserts the form's items on `visit` (or just the fields in `only`) as `protocol` declares
    them; a field left empty removes its item, and so does a field that this form's own answers
    make not apply (the liver stiffness once the cirrhosis is recorded as diagnosed by biopsy); a
    field that does not apply because of another form (pregnancy once the sex is male) is left as
    it is. True if anything changed."""
    form = protocol.form(form_id)
    existing = {
        item.item: item
        for item in session.scalars(select(ItemValue).where(ItemValue.visit_id == visit.id))
    }
    changed = False
    for field in form.fields:
        if only is not None and field.name not in only:
            continue
        skipped_here = field.applies_if is not None and "." not in field.applies_if.field
        if field.name in cleaned.not_applicable and not skipped_here:
            continue
        current = existing.get(field.name)
        if field.name not in cleaned.values:
            if current is not None:
                session.delete(current)
                changed = True
            continue
        text, unit, standard = item_text(cleaned.values[field.name])
        if field.kind == "vital":
            unit = field.units[0] if field.units else None
        if current is None:
            session.add(
                ItemValue(
                    visit_id=visit.id, item=field.name, value=text, unit=unit, std_value=standard
                )
            )
            changed = True
        elif (current.value, current.unit, current.std_value) != (text, unit, standard):
            current.value, current.unit, current.std_value = text, unit, standard
            changed = True
    return changed


def raw_values(session: Session, visit: Visit, protocol: Protocol) -> dict[str, object]:
    """The stored items of a visit as input for `clean_form` (labs as {"value", "unit"})."""
    labs = _lab_fields(protocol)
    values: dict[str, object] = {}
    for item in session.scalars(select(ItemValue).where(ItemValue.visit_id == visit.id)):
        if item.unit is not None and item.std_value is not None and item.item in labs:
            values[item.item] = {"value": item.value, "unit": item.unit}
        else:
            values[item.item] = item.value
    return values


def _lab_fields(protocol: Protocol) -> frozenset[str]:
    return frozenset(f.name for form in protocol.forms for f in form.fields if f.kind == "lab")
